"""Several processes on one SQLite file, and a writer killed in the middle of a save."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from persistence_helpers import envelope
from sqlite_writer import CRASH_USER, SHARED_USER, crash_blob, own_user, shared_payload

from release_coach.persistence.sqlite import SqliteAdapter

WRITER = Path(__file__).with_name("sqlite_writer.py")
WRITERS = 6
SAVES = 150


def integrity(path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def writer(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=WRITER.parent,
    )


def test_many_processes_writing_at_once_lose_no_update(tmp_path):
    # All writers start on a file that doesn't exist yet, so they also race to create the schema.
    path = tmp_path / "shared" / "coach.sqlite3"
    processes = [writer("contend", path, writer_id, SAVES) for writer_id in range(WRITERS)]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.strip() == "done"

    store = SqliteAdapter(path)
    for writer_id in range(WRITERS):
        # Each writer read-modified-wrote its own user: every increment must have stuck.
        assert store.get_attributes(envelope(own_user(str(writer_id)))) == {"count": SAVES}
    shared = store.get_attributes(envelope(SHARED_USER))
    # Whichever writer committed last, its last save is what stands, whole.
    assert shared["seq"] == SAVES - 1
    assert shared["payload"] == shared_payload(shared["writer"], SAVES - 1)
    store.close()
    assert integrity(path) == "ok"


def test_a_writer_killed_mid_save_leaves_the_last_commit_intact(tmp_path):
    path = tmp_path / "coach.sqlite3"
    process = writer("forever", path)
    committed = -1
    while committed < 15:
        line = process.stdout.readline()
        assert line, process.stderr.read()
        committed = int(line)
    # Saves are ~2 MB each, so the writer spends nearly all its time inside one.
    os.kill(process.pid, signal.SIGKILL)
    rest, _ = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    reported = [int(line) for line in rest.split()]
    last_reported = reported[-1] if reported else committed

    state = SqliteAdapter(path).get_attributes(envelope(CRASH_USER))
    # The save in flight either committed whole or not at all.
    assert state["seq"] in (last_reported, last_reported + 1)
    assert state["blob"] == crash_blob(state["seq"])
    assert integrity(path) == "ok"

    survivor = SqliteAdapter(path)
    survivor.save_attributes(envelope(CRASH_USER), {"seq": "after"})
    assert survivor.get_attributes(envelope(CRASH_USER)) == {"seq": "after"}


def test_a_forked_worker_opens_its_own_connection(tmp_path):
    # gunicorn with --preload forks workers from a parent that may already have used the store.
    path = tmp_path / "coach.sqlite3"
    store = SqliteAdapter(path)
    store.save_attributes(envelope("amzn1.ask.account.PARENT"), {"who": "parent"})
    parent_connection = store._connection()

    pid = os.fork()
    if pid == 0:  # the child must leave through os._exit whatever happens, never back into pytest
        child_ok = False
        try:
            child_ok = (
                store._connection() is not parent_connection
                and store.get_attributes(envelope("amzn1.ask.account.PARENT")) == {"who": "parent"}
            )
            store.save_attributes(envelope("amzn1.ask.account.CHILD"), {"who": "child"})
            store.close()
        except BaseException:
            child_ok = False
        os._exit(0 if child_ok else 1)
    _, status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert store._connection() is parent_connection
    assert store.get_attributes(envelope("amzn1.ask.account.CHILD")) == {"who": "child"}
    assert integrity(path) == "ok"
