"""The embedded store: one SQLite file shared by every worker process on the machine.

WAL mode lets readers run while one writer commits; a busy timeout makes concurrent writers
queue instead of failing. Each save is one UPSERT statement, so it commits whole or not at all
and a failed save leaves the previous record untouched. synchronous=NORMAL keeps every commit
through a process crash (the OS holds the WAL); a power cut may lose the last few commits but
never corrupts the file, a fair trade for a position in a massage routine.

WAL needs shared memory between the processes, so the file must be on a local disk, not NFS.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from .records import (
    DATA_VERSION,
    StorageError,
    decode_attributes,
    encode_attributes,
    log_ref,
    user_id_of,
)

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 5.0
_INHERITED_CONNECTIONS: list[sqlite3.Connection] = []


def _create_v1(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    connection.execute("INSERT INTO schema_version (version) VALUES (0)")
    connection.execute(
        "CREATE TABLE user_attributes (user_id TEXT PRIMARY KEY, attributes_json TEXT NOT NULL)"
    )


def _v1_to_v2(connection: sqlite3.Connection) -> None:
    # v2 records which JSON layout a row holds and when it was last written (so old records can
    # be purged). Rows written by v1 are layout 1; their write time is unknown, so they count
    # from the migration.
    connection.execute(
        "ALTER TABLE user_attributes ADD COLUMN data_version INTEGER NOT NULL DEFAULT 1"
    )
    connection.execute(
        "ALTER TABLE user_attributes ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0"
    )
    connection.execute("UPDATE user_attributes SET updated_at = ?", (int(time.time()),))


# MIGRATIONS[n] takes a file from schema version n to n + 1; a new file runs them all.
MIGRATIONS = (_create_v1, _v1_to_v2)
SCHEMA_VERSION = len(MIGRATIONS)


def _read_schema_version(connection: sqlite3.Connection) -> int:
    has_table = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = connection.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the file up to SCHEMA_VERSION; returns the version found if it is newer than that.

    Several processes may open a new file at once: the check is repeated under the write lock,
    so exactly one of them migrates and the rest see the result.
    """
    version = _read_schema_version(connection)
    if version >= SCHEMA_VERSION:
        return version
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = _read_schema_version(connection)
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](connection)
            version += 1
            connection.execute("UPDATE schema_version SET version = ?", (version,))
            log.info("SQLite store migrated to schema version %d", version)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return version


class SqliteAdapter(AbstractPersistenceAdapter):
    """Opens its file lazily, so a bad path costs the skill its memory, never its startup."""

    def __init__(self, path: str | os.PathLike, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        # One connection per thread and per process: sqlite3 connections must not cross threads,
        # nor be used on both sides of a fork() (gunicorn forks workers from a loaded app).
        self._local = threading.local()

    def get_attributes(self, request_envelope) -> dict:
        user_id = user_id_of(request_envelope)
        with self._operation("read") as connection:
            if self._newer_schema(user_id):
                return {}
            row = connection.execute(
                "SELECT attributes_json, data_version FROM user_attributes WHERE user_id = ?",
                (user_id,),
            ).fetchone()
        if row is None:
            return {}
        return decode_attributes(row[0], row[1], user_id)

    def save_attributes(self, request_envelope, attributes) -> None:
        user_id = user_id_of(request_envelope)
        text = encode_attributes(attributes)
        with self._operation("save") as connection:
            self._refuse_newer_schema()
            connection.execute(
                "INSERT INTO user_attributes (user_id, attributes_json, data_version, updated_at)"
                " VALUES (?, ?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET attributes_json = excluded.attributes_json,"
                " data_version = excluded.data_version, updated_at = excluded.updated_at",
                (user_id, text, DATA_VERSION, int(time.time())),
            )

    def delete_attributes(self, request_envelope) -> None:
        user_id = user_id_of(request_envelope)
        with self._operation("delete") as connection:
            self._refuse_newer_schema()
            connection.execute("DELETE FROM user_attributes WHERE user_id = ?", (user_id,))

    def close(self) -> None:
        connection = self._own_connection()
        if connection is not None:
            del self._local.connection
            connection.close()

    def _operation(self, what: str):
        return _Operation(self, what)

    def _own_connection(self) -> sqlite3.Connection | None:
        """This thread's connection, provided this process opened it."""
        connection = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid != os.getpid():
            # A connection opened before fork() must be neither used nor closed in the child
            # (closing it can checkpoint or unlock on the parent's behalf), so it stays
            # referenced, untouched, for the life of this process.
            _INHERITED_CONNECTIONS.append(connection)
            del self._local.connection
            connection = None
        return connection

    def _connection(self) -> sqlite3.Connection:
        connection = self._own_connection()
        if connection is None:
            connection = self._open()
            self._local.connection = connection
            self._local.pid = os.getpid()
        return connection

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: statements run as written; the only explicit transaction is the
        # migration's, and each save is a single self-committing statement.
        connection = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        try:
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                log.warning("SQLite store %s runs in %s mode, not WAL; writers will block readers", self.path, mode)
            connection.execute("PRAGMA synchronous = NORMAL")
            self._local.schema_version = migrate(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _newer_schema(self, user_id: str) -> bool:
        if self._local.schema_version <= SCHEMA_VERSION:
            return False
        log.warning(
            "user %s: SQLite store %s has schema version %d, newer than this code's %d;"
            " starting this user fresh and not writing to it",
            log_ref(user_id), self.path, self._local.schema_version, SCHEMA_VERSION,
        )
        return True

    def _refuse_newer_schema(self) -> None:
        if self._local.schema_version > SCHEMA_VERSION:
            raise StorageError(
                f"SQLite store {self.path} has schema version {self._local.schema_version};"
                f" this code knows up to {SCHEMA_VERSION} and will not write to it"
            )


class _Operation:
    """Hands out the thread's connection and turns any failure into a StorageError.

    After a failure the connection is dropped, so the next request reopens the file (it may have
    been moved, replaced or made writable again in the meantime).
    """

    def __init__(self, adapter: SqliteAdapter, what: str) -> None:
        self.adapter = adapter
        self.what = what

    def __enter__(self) -> sqlite3.Connection:
        try:
            return self.adapter._connection()
        except (sqlite3.Error, OSError) as error:
            raise StorageError(f"cannot open SQLite store {self.adapter.path}: {error}") from error

    def __exit__(self, exc_type, error, traceback) -> bool:
        if error is None or isinstance(error, StorageError):
            return False
        if isinstance(error, (sqlite3.Error, OSError)):
            self.adapter.close()
            raise StorageError(f"SQLite {self.what} failed on {self.adapter.path}: {error}") from error
        return False
