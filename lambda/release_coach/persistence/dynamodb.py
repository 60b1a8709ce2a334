"""DynamoDB through ask-sdk-dynamodb-persistence-adapter, for Lambda and shared web servers.

Imported only when DynamoDB is selected: boto3 adds a large share of a cold start.

Each item is {"id": <Alexa user id>, "attributes": {"data_version", "updated_at", "attributes_json"}}.
The attributes travel as one JSON string because boto3 refuses Python floats and hands numbers
back as Decimal, which the rest of the skill (and the session-attribute JSON) can't take.
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
    """Stores our versioned JSON record through the SDK's DynamoDbAdapter."""

    def __init__(self, sdk_adapter) -> None:
        self._sdk_adapter = sdk_adapter

    def get_attributes(self, request_envelope) -> dict:
        user_id = user_id_of(request_envelope)
        record = self._sdk_adapter.get_attributes(request_envelope)
        if not record:
            return {}
        if not isinstance(record, dict):
            return decode_attributes(None, None, user_id)
        return decode_attributes(
            record.get("attributes_json"), _whole_number(record.get("data_version")), user_id
        )

    def save_attributes(self, request_envelope, attributes) -> None:
        user_id_of(request_envelope)
        record = {
            "data_version": DATA_VERSION,
            "updated_at": int(time.time()),
            "attributes_json": encode_attributes(attributes),
        }
        self._sdk_adapter.save_attributes(request_envelope, record)

    def delete_attributes(self, request_envelope) -> None:
        user_id_of(request_envelope)
        self._sdk_adapter.delete_attributes(request_envelope)


def _whole_number(value):
    """DynamoDB hands numbers back as Decimal; anything that isn't a whole number stays as it is."""
    try:
        whole = int(value)
    except (TypeError, ValueError):
        return value
    return whole if whole == value else value


def dynamodb_resource(region: str, endpoint_url: str | None = None):
    # ask_sdk_dynamodb.adapter builds a resource from boto3's default session as a default
    # argument when it is imported, which raises NoRegionError unless that session has a region.
    # Giving the default session our region before that import, and building our own resource
    # from the same session, also lets both share the service model botocore has loaded.
    boto3.setup_default_session(region_name=region)
    return boto3.DEFAULT_SESSION.resource(
        "dynamodb", region_name=region, endpoint_url=endpoint_url, config=CLIENT_CONFIG
    )


def make_dynamodb_adapter(settings) -> DynamoDbRecordAdapter:
    if not settings.dynamodb_table:
        raise ValueError("DynamoDB persistence needs a table name: set DYNAMODB_TABLE")
    if not settings.dynamodb_region:
        raise ValueError("DynamoDB persistence needs a region: set DYNAMODB_REGION or AWS_REGION")
    resource = dynamodb_resource(settings.dynamodb_region, settings.dynamodb_endpoint)
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

    sdk_adapter = DynamoDbAdapter(
        table_name=settings.dynamodb_table,
        partition_key_name=PARTITION_KEY,
        attribute_name=RECORD_ATTRIBUTE,
        create_table=False,
        dynamodb_resource=resource,
    )
    return DynamoDbRecordAdapter(sdk_adapter)


def create_table(settings) -> None:
    """Create the table as the README documents it and wait until it is active."""
    resource = dynamodb_resource(settings.dynamodb_region, settings.dynamodb_endpoint)
    try:
        table = resource.create_table(TableName=settings.dynamodb_table, **TABLE_DEFINITION)
        table.wait_until_exists()
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
