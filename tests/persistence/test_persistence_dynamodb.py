"""The DynamoDB store against a real DynamoDB-compatible server on loopback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal

import boto3
import pytest
from persistence_helpers import Conversation, build_skill, envelope, spoken

from release_coach.persistence import STORAGE_WARNING, make_adapter
from release_coach.persistence.dynamodb import TABLE_DEFINITION, create_table, main
from release_coach.settings import Settings

ALICE = "amzn1.ask.account.ALICE"
BOB = "amzn1.ask.account.BOB"
REGION = "eu-west-1"
ATTRIBUTES = {"position": {"step": 3, "side": "left"}, "preferences": {"hold_seconds": 45.5, "gentle": True}}

pytestmark = pytest.mark.usefixtures("aws_test_credentials")


@pytest.fixture
def settings(dynamodb_server):
    table = f"release-coach-{uuid.uuid4().hex[:8]}"
    return Settings(persistence="dynamodb", dynamodb_table=table, dynamodb_region=REGION,
                    dynamodb_endpoint=dynamodb_server)


@pytest.fixture
def table_settings(settings):
    create_table(settings)
    return settings


def raw_table(settings):
    resource = boto3.session.Session(region_name=REGION).resource("dynamodb", endpoint_url=settings.dynamodb_endpoint)
    return resource.Table(settings.dynamodb_table)


def test_create_table_builds_the_documented_table(settings):
    create_table(settings)
    description = raw_table(settings).meta.client.describe_table(TableName=settings.dynamodb_table)["Table"]
    assert description["TableStatus"] == "ACTIVE"
    assert description["KeySchema"] == TABLE_DEFINITION["KeySchema"]
    assert description["AttributeDefinitions"] == TABLE_DEFINITION["AttributeDefinitions"]
    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_round_trip_delete_and_what_an_item_holds(table_settings):
    store = make_adapter(table_settings)
    assert store.get_attributes(envelope(ALICE)) == {}

    store.save_attributes(envelope(ALICE), ATTRIBUTES)
    store.save_attributes(envelope(BOB), {"history": {"sessions": 1}})
    loaded = store.get_attributes(envelope(ALICE))
    assert loaded == ATTRIBUTES
    assert isinstance(loaded["preferences"]["hold_seconds"], float)

    item = raw_table(table_settings).get_item(Key={"id": ALICE})["Item"]
    assert set(item) == {"id", "attributes"}
    assert set(item["attributes"]) == {"data_version", "updated_at", "attributes_json"}
    assert item["attributes"]["data_version"] == 1
    assert json.loads(item["attributes"]["attributes_json"]) == ATTRIBUTES

    store.delete_attributes(envelope(ALICE))
    assert store.get_attributes(envelope(ALICE)) == {}
    assert "Item" not in raw_table(table_settings).get_item(Key={"id": ALICE})
    assert store.get_attributes(envelope(BOB)) == {"history": {"sessions": 1}}


@pytest.mark.parametrize(
    "record",
    [
        {"data_version": Decimal(2), "attributes_json": "{}"},
        {"data_version": Decimal(1), "attributes_json": "{broken"},
        {"launches": Decimal(3)},
        "a plain string",
    ],
    ids=["newer-data-version", "broken-json", "foreign-layout", "not-a-map"],
)
def test_an_item_that_cant_be_trusted_starts_the_user_fresh(table_settings, record):
    raw_table(table_settings).put_item(Item={"id": ALICE, "attributes": record})
    assert make_adapter(table_settings).get_attributes(envelope(ALICE)) == {}


def test_the_skill_remembers_across_sessions_through_dynamodb(table_settings):
    skill = build_skill(make_adapter(table_settings))
    assert spoken(Conversation(skill, ALICE).launch()) == "<speak>Launch number 1.</speak>"
    conversation = Conversation(skill, ALICE)
    assert spoken(conversation.launch()) == "<speak>Launch number 2.</speak>"
    assert spoken(conversation.send(intent="ForgetMeIntent")) == "<speak>Forgotten.</speak>"
    assert "Item" not in raw_table(table_settings).get_item(Key={"id": ALICE})


def test_a_missing_table_still_answers_and_warns(settings):
    conversation = Conversation(build_skill(make_adapter(settings)), ALICE)
    assert spoken(conversation.launch()) == f"<speak>{STORAGE_WARNING} Launch number 1.</speak>"


def test_an_unreachable_server_still_answers_and_warns_once(settings, closed_port_url):
    skill = build_skill(make_adapter(settings.with_(dynamodb_endpoint=closed_port_url)))
    conversation = Conversation(skill, ALICE)

    first = conversation.launch()
    second = conversation.send(intent="AMAZON.NextIntent")
    third = conversation.launch()

    assert spoken(first) == f"<speak>{STORAGE_WARNING} Launch number 1.</speak>"
    assert spoken(second) == "<speak>Still 0.</speak>"
    assert spoken(third) == "<speak>Launch number 1.</speak>"
    assert first["response"]["shouldEndSession"] is False


def test_selecting_dynamodb_works_without_a_region_in_the_environment(dynamodb_server, tmp_path):
    # The region comes from our settings alone: no AWS region is set anywhere in this process,
    # and no adapter package that reads boto3's default session is imported.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        SKILL_PERSISTENCE="dynamodb", DYNAMODB_TABLE="never-created", DYNAMODB_REGION=REGION,
        DYNAMODB_ENDPOINT=dynamodb_server,
    )
    code = (
        "import sys\n"
        "import release_coach.persistence as persistence\n"
        "assert 'boto3' not in sys.modules\n"
        "from release_coach.settings import Settings\n"
        "store = persistence.make_adapter(Settings.from_env())\n"
        "print(type(store).__name__, 'boto3' in sys.modules, 'ask_sdk_dynamodb' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["DynamoDbRecordAdapter", "True", "False"]


def test_create_table_command(monkeypatch, settings, capsys):
    monkeypatch.setenv("DYNAMODB_TABLE", settings.dynamodb_table)
    monkeypatch.setenv("DYNAMODB_REGION", REGION)
    monkeypatch.setenv("DYNAMODB_ENDPOINT", settings.dynamodb_endpoint)
    assert main(["create-table"]) == 0
    assert f"table {settings.dynamodb_table} is ready" in capsys.readouterr().out
    assert main(["create-table"]) == 1, "the table already exists"
    assert capsys.readouterr().err.startswith("error: cannot create DynamoDB table")

    monkeypatch.delenv("DYNAMODB_TABLE")
    assert main(["create-table"]) == 2
    assert "DYNAMODB_TABLE" in capsys.readouterr().err
