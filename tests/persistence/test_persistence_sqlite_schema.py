"""Old files, damaged rows, files from newer code and places SQLite can't write."""
from __future__ import annotations

import json
import logging
import sqlite3
import time

import pytest
from persistence_helpers import envelope

from release_coach.persistence import StorageError
from release_coach.persistence.sqlite import SqliteAdapter
from release_coach.persistence.sqlite import SCHEMA_VERSION

ALICE = "amzn1.ask.account.ALICE"
BOB = "amzn1.ask.account.BOB"


def write_v1_file(path, rows):
    """The layout release 1 wrote, spelled out here so a change to the migration code can't hide."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO schema_version (version) VALUES (1)")
        connection.execute("CREATE TABLE user_attributes (user_id TEXT PRIMARY KEY, attributes_json TEXT NOT NULL)")
        connection.executemany("INSERT INTO user_attributes VALUES (?, ?)", [(u, json.dumps(a)) for u, a in rows])
    connection.close()


def table_columns(path):
    with sqlite3.connect(path) as connection:
        return [row[1] for row in connection.execute("PRAGMA table_info(user_attributes)")]


def schema_version(path):
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version FROM schema_version").fetchone()[0]


def test_schema_version_is_two():
    # The migration tests below are written for 1 -> 2; a new version needs a new test.
    assert SCHEMA_VERSION == 2


def test_a_v1_file_is_migrated_and_keeps_every_user(tmp_path):
    path = tmp_path / "v1.sqlite3"
    write_v1_file(path, [(ALICE, {"history": {"sessions": 2}}), (BOB, {"preferences": {"gentle": True}})])
    assert table_columns(path) == ["user_id", "attributes_json"]
    before = int(time.time())

    store = SqliteAdapter(path)
    assert store.get_attributes(envelope(ALICE)) == {"history": {"sessions": 2}}
    assert store.get_attributes(envelope(BOB)) == {"preferences": {"gentle": True}}
    store.save_attributes(envelope(ALICE), {"history": {"sessions": 3}})
    store.close()

    assert schema_version(path) == 2
    assert table_columns(path) == ["user_id", "attributes_json", "data_version", "updated_at"]
    with sqlite3.connect(path) as connection:
        rows = dict((u, (v, t)) for u, v, t in connection.execute(
            "SELECT user_id, data_version, updated_at FROM user_attributes"))
    assert rows[BOB][0] == 1 and rows[ALICE][0] == 1
    assert rows[BOB][1] >= before, "migrated rows count their age from the migration"
    assert SqliteAdapter(path).get_attributes(envelope(ALICE)) == {"history": {"sessions": 3}}


def test_a_current_file_is_not_migrated_again(tmp_path):
    path = tmp_path / "coach.sqlite3"
    SqliteAdapter(path).save_attributes(envelope(ALICE), {"a": 1})
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE user_attributes SET updated_at = 7")
    SqliteAdapter(path).get_attributes(envelope(ALICE))
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT updated_at FROM user_attributes").fetchone()[0] == 7


@pytest.mark.parametrize(
    "stored_text, data_version",
    [
        ("{not json", 1),
        ("[1, 2, 3]", 1),
        ("\"just a string\"", 1),
        ("{\"history\": {\"sessions\": 9}}", 2),
        ("{\"history\": {\"sessions\": 9}}", 0),
    ],
    ids=["broken-json", "json-list", "json-string", "newer-data-version", "unknown-old-data-version"],
)
def test_a_bad_row_starts_that_user_fresh_with_a_warning(tmp_path, caplog, stored_text, data_version):
    path = tmp_path / "coach.sqlite3"
    store = SqliteAdapter(path)
    store.save_attributes(envelope(ALICE), {"history": {"sessions": 1}})
    store.save_attributes(envelope(BOB), {"history": {"sessions": 5}})
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE user_attributes SET attributes_json = ?, data_version = ? WHERE user_id = ?",
            (stored_text, data_version, ALICE),
        )

    with caplog.at_level(logging.WARNING, logger="release_coach.persistence"):
        assert store.get_attributes(envelope(ALICE)) == {}
    assert "starting this user fresh" in caplog.text
    assert ALICE not in caplog.text, "logs carry a hashed tag, not the user id"
    assert store.get_attributes(envelope(BOB)) == {"history": {"sessions": 5}}

    store.save_attributes(envelope(ALICE), {"history": {"sessions": 1}})
    assert store.get_attributes(envelope(ALICE)) == {"history": {"sessions": 1}}


def test_a_file_from_newer_code_is_read_as_empty_and_never_written(tmp_path, caplog):
    path = tmp_path / "coach.sqlite3"
    SqliteAdapter(path).save_attributes(envelope(ALICE), {"history": {"sessions": 1}})
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE schema_version SET version = 3")
        connection.execute("ALTER TABLE user_attributes ADD COLUMN something_new TEXT")

    store = SqliteAdapter(path)
    with caplog.at_level(logging.WARNING, logger="release_coach.persistence"):
        assert store.get_attributes(envelope(ALICE)) == {}
    assert "newer than this code" in caplog.text
    with pytest.raises(StorageError, match="schema version 3"):
        store.save_attributes(envelope(ALICE), {"history": {"sessions": 2}})
    with pytest.raises(StorageError):
        store.delete_attributes(envelope(ALICE))
    store.close()

    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == 3
        assert connection.execute("SELECT attributes_json FROM user_attributes").fetchone()[0] == (
            '{"history":{"sessions":1}}'
        )


def test_an_unwritable_path_raises_storage_errors_not_crashes(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    store = SqliteAdapter(blocker / "state" / "coach.sqlite3")  # building it must not fail

    for operation in (
        lambda: store.get_attributes(envelope(ALICE)),
        lambda: store.save_attributes(envelope(ALICE), {"a": 1}),
        lambda: store.delete_attributes(envelope(ALICE)),
    ):
        with pytest.raises(StorageError, match="cannot open"):
            operation()


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "coach.sqlite3"
    path.write_bytes(b"these are someone's notes, not a database" * 100)
    store = SqliteAdapter(path)

    with pytest.raises(StorageError):
        store.get_attributes(envelope(ALICE))
    with pytest.raises(StorageError):
        store.save_attributes(envelope(ALICE), {"a": 1})
    assert path.read_bytes().startswith(b"these are someone's notes")


def test_the_store_recovers_once_the_path_becomes_usable(tmp_path):
    blocker = tmp_path / "state"
    blocker.write_text("in the way")
    store = SqliteAdapter(blocker / "coach.sqlite3")
    with pytest.raises(StorageError):
        store.save_attributes(envelope(ALICE), {"a": 1})

    blocker.unlink()
    store.save_attributes(envelope(ALICE), {"a": 1})
    assert store.get_attributes(envelope(ALICE)) == {"a": 1}
