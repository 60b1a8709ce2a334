"""DynamoDB for Lambda and shared web servers, through boto3's low-level client.

Imported only when DynamoDB is selected: boto3 adds a large share of a cold start. boto3 is not
in the Lambda bundle (lambda/requirements.txt): the Python Lambda runtime ships it, and anywhere
else `pip install '.[dynamodb]'` brings it. Three calls (GetItem, PutItem, DeleteItem) are all a
store needs, so there is no adapter package, and the bundle stays free of boto3 and botocore.

Each item is {"id": <Alexa user id>, "attributes": {"data_version", "updated_at", "attributes_json"}},
the layout ask-sdk-dynamodb-persistence-adapter wrote before, so existing records still load.
The attributes travel as one JSON string because DynamoDB has no floats and hands numbers back as
strings of digits, which the rest of the skill (and the session-attribute JSON) can't take.
"""
from __future__ import annotations

import time

import boto3
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from botocore.config import Config

from .records import DATA_VERSION, StorageError, decode_attributes, encode_attributes, user_id_of

PARTITION_KEY = "id"
RECORD_ATTRIBUTE = "attributes"

TABLE_DEFINITION = {
    "KeySchema": [{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": PARTITION_KEY, "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}

# Alexa waits 8 s for an answer. A load plus a save must fit in that even when DynamoDB is slow
# or unreachable, so calls fail fast and retry once rather than botocore's default of 60 s
# timeouts and five attempts.
CLIENT_CONFIG = Config(
    connect_timeout=1,
    read_timeout=2,
    retries={"max_attempts": 2, "mode": "standard"},
)


class DynamoDbRecordAdapter(AbstractPersistenceAdapter):
    """One item per user in `table_name`, keyed by the Alexa user id."""

    def __init__(self, client, table_name: str) -> None:
        self._client = client
        self._table_name = table_name

    def _call(self, doing: str, operation, **arguments) -> dict:
        try:
            return operation(TableName=self._table_name, **arguments)
        except Exception as error:  # botocore's errors have no common base worth naming here
            raise StorageError(f"cannot {doing} DynamoDB table {self._table_name}: {error}") from error

    def get_attributes(self, request_envelope) -> dict:
        user_id = user_id_of(request_envelope)
        # Consistent: a request right after a save (the next turn, maybe another container)
        # must see that save.
        item = self._call("read", self._client.get_item, Key=_key(user_id), ConsistentRead=True).get("Item")
        if not item:
            return {}
        record = item.get(RECORD_ATTRIBUTE, {}).get("M")
        if record is None:
            return decode_attributes(None, None, user_id)
        text = record.get("attributes_json", {}).get("S")
        return decode_attributes(text, _whole_number(record.get("data_version")), user_id)

    def save_attributes(self, request_envelope, attributes) -> None:
        user_id = user_id_of(request_envelope)
        record = {
            "data_version": {"N": str(DATA_VERSION)},
            "updated_at": {"N": str(int(time.time()))},
            "attributes_json": {"S": encode_attributes(attributes)},
        }
        self._call("write", self._client.put_item, Item={**_key(user_id), RECORD_ATTRIBUTE: {"M": record}})

    def delete_attributes(self, request_envelope) -> None:
        self._call("delete from", self._client.delete_item, Key=_key(user_id_of(request_envelope)))


def _key(user_id: str) -> dict:
    return {PARTITION_KEY: {"S": user_id}}


def _whole_number(value):
    """A DynamoDB number ({"N": "1"}) as an int; anything else (a string, a fraction) as None."""
    digits = (value or {}).get("N") if isinstance(value, dict) else None
    try:
        return int(digits)
    except (TypeError, ValueError):
        return None


def dynamodb_client(region: str, endpoint_url: str | None = None):
    # Our own session, never boto3's default one, so nothing global is touched.
    session = boto3.session.Session(region_name=region)
    return session.client("dynamodb", endpoint_url=endpoint_url, config=CLIENT_CONFIG)


def make_dynamodb_adapter(settings) -> DynamoDbRecordAdapter:
    if not settings.dynamodb_table:
        raise ValueError("DynamoDB persistence needs a table name: set DYNAMODB_TABLE")
    if not settings.dynamodb_region:
        raise ValueError("DynamoDB persistence needs a region: set DYNAMODB_REGION or AWS_REGION")
    client = dynamodb_client(settings.dynamodb_region, settings.dynamodb_endpoint)
    return DynamoDbRecordAdapter(client, settings.dynamodb_table)


def create_table(settings) -> None:
    """Create the table as the README documents it and wait until it is active."""
    client = dynamodb_client(settings.dynamodb_region, settings.dynamodb_endpoint)
    try:
        client.create_table(TableName=settings.dynamodb_table, **TABLE_DEFINITION)
        client.get_waiter("table_exists").wait(TableName=settings.dynamodb_table)
    except Exception as error:
        raise StorageError(f"cannot create DynamoDB table {settings.dynamodb_table}: {error}") from error


def main(argv: list[str] | None = None) -> int:
    """`python -m release_coach.persistence.dynamodb create-table`, configured from the environment."""
    import argparse
    import sys

    from ..settings import Settings

    parser = argparse.ArgumentParser(prog="python -m release_coach.persistence.dynamodb")
    parser.add_argument("command", choices=["create-table"])
    parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not settings.dynamodb_table or not settings.dynamodb_region:
        print("error: set DYNAMODB_TABLE and DYNAMODB_REGION (or AWS_REGION)", file=sys.stderr)
        return 2
    try:
        create_table(settings)
    except StorageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"table {settings.dynamodb_table} is ready")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
