"""Round trips, deletes and bad input for the stores every environment can run (memory, SQLite)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from persistence_helpers import envelope

from release_coach.persistence import StorageError, default_sqlite_path, make_adapter
from release_coach.persistence.memory import MemoryAdapter
from release_coach.persistence.sqlite import SqliteAdapter
from release_coach.settings import Settings

ALICE = "amzn1.ask.account.ALICE"
BOB = "amzn1.ask.account.BOB"
ATTRIBUTES = {
    "position": {"routine": "ball_release", "step": 3, "side": "left", "sides_done": ["right"]},
    "preferences": {"hold_seconds": 45.5, "gentle": True, "equipment": None},
    "history": {"sessions": 3, "last": "2024-05-01"},
    "note": "caf\u00e9 \u2014 \U0001f3be",
}


@pytest.fixture(params=["memory", "sqlite"])
def adapter(request, tmp_path):
    if request.param == "memory":
        yield MemoryAdapter()
    else:
        store = SqliteAdapter(tmp_path / "nested" / "dir" / "coach.sqlite3")
        yield store
        store.close()


def test_a_new_user_has_no_attributes(adapter):
    assert adapter.get_attributes(envelope(ALICE)) == {}


def test_saved_attributes_come_back_equal_and_per_user(adapter):
    adapter.save_attributes(envelope(ALICE), ATTRIBUTES)
    adapter.save_attributes(envelope(BOB), {"history": {"sessions": 1}})

    assert adapter.get_attributes(envelope(ALICE)) == ATTRIBUTES
    assert adapter.get_attributes(envelope(BOB)) == {"history": {"sessions": 1}}


def test_a_save_replaces_the_whole_record(adapter):
    adapter.save_attributes(envelope(ALICE), ATTRIBUTES)
    adapter.save_attributes(envelope(ALICE), {"history": {"sessions": 4}})

    assert adapter.get_attributes(envelope(ALICE)) == {"history": {"sessions": 4}}


def test_mutating_a_loaded_or_saved_dict_does_not_change_the_store(adapter):
    saved = {"history": {"sessions": 1}}
    adapter.save_attributes(envelope(ALICE), saved)
    saved["history"]["sessions"] = 99
    loaded = adapter.get_attributes(envelope(ALICE))
    loaded["history"]["sessions"] = 42

    assert adapter.get_attributes(envelope(ALICE)) == {"history": {"sessions": 1}}


def test_delete_removes_only_that_user(adapter):
    adapter.save_attributes(envelope(ALICE), ATTRIBUTES)
    adapter.save_attributes(envelope(BOB), {"history": {"sessions": 1}})

    adapter.delete_attributes(envelope(ALICE))
    adapter.delete_attributes(envelope(ALICE))  # deleting twice is harmless

    assert adapter.get_attributes(envelope(ALICE)) == {}
    assert adapter.get_attributes(envelope(BOB)) == {"history": {"sessions": 1}}


@pytest.mark.parametrize("bad", [{"when": object()}, {"hold": float("nan")}, ["not", "a", "dict"]])
def test_a_save_that_fails_keeps_the_previous_record(adapter, bad):
    adapter.save_attributes(envelope(ALICE), ATTRIBUTES)

    with pytest.raises(StorageError):
        adapter.save_attributes(envelope(ALICE), bad)

    assert adapter.get_attributes(envelope(ALICE)) == ATTRIBUTES


def test_a_request_without_a_user_id_is_refused(adapter):
    request = envelope(ALICE)
    request.context.system.user = None
    with pytest.raises(StorageError):
        adapter.get_attributes(request)


def test_sqlite_keeps_only_the_user_id_and_the_attributes(tmp_path):
    path = tmp_path / "coach.sqlite3"
    store = SqliteAdapter(path)
    store.save_attributes(envelope(ALICE), ATTRIBUTES)
    store.close()

    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(user_attributes)")]
        rows = connection.execute("SELECT user_id, attributes_json, data_version FROM user_attributes").fetchall()
        journal_mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert columns == ["user_id", "attributes_json", "data_version", "updated_at"]
    assert [(user_id, json.loads(text), version) for user_id, text, version in rows] == [(ALICE, ATTRIBUTES, 1)]
    assert journal_mode == "wal"


def test_a_second_adapter_on_the_same_file_sees_the_first_ones_writes(tmp_path):
    path = tmp_path / "coach.sqlite3"
    first, second = SqliteAdapter(path), SqliteAdapter(path)
    first.save_attributes(envelope(ALICE), ATTRIBUTES)
    assert second.get_attributes(envelope(ALICE)) == ATTRIBUTES
    second.delete_attributes(envelope(ALICE))
    assert first.get_attributes(envelope(ALICE)) == {}


def test_make_adapter_builds_each_local_kind(tmp_path):
    assert make_adapter(Settings(persistence="none")) is None
    assert isinstance(make_adapter(Settings(persistence="memory")), MemoryAdapter)
    store = make_adapter(Settings(persistence="sqlite", sqlite_path=str(tmp_path / "x.sqlite3")))
    assert isinstance(store, SqliteAdapter)
    assert store.path == tmp_path / "x.sqlite3"


def test_sqlite_without_a_path_uses_the_users_state_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    store = make_adapter(Settings(persistence="sqlite"))
    assert store.path == default_sqlite_path() == tmp_path / "release-coach" / "release-coach.sqlite3"


def test_make_adapter_rejects_unusable_configuration():
    with pytest.raises(ValueError, match="kind"):
        make_adapter(Settings(persistence="redis"))
    with pytest.raises(ValueError, match="DYNAMODB_TABLE"):
        make_adapter(Settings(persistence="dynamodb", dynamodb_region="eu-west-1"))
    with pytest.raises(ValueError, match="region"):
        make_adapter(Settings(persistence="dynamodb", dynamodb_table="coach"))


def test_importing_persistence_and_building_local_stores_never_imports_boto3(tmp_path):
    code = (
        "import sys\n"
        "from release_coach.settings import Settings\n"
        "from release_coach.persistence import make_adapter\n"
        "from release_coach.persistence import interceptors\n"
        "for kind in ('none', 'memory', 'sqlite'):\n"
        f"    make_adapter(Settings(persistence=kind, sqlite_path={str(tmp_path / 'x.sqlite3')!r}))\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'ask_sdk_dynamodb'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
