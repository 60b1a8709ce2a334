"""A separate writer process for the SQLite concurrency and crash tests.

    sqlite_writer.py contend DB WRITER_ID SAVES   own-user counter plus the shared user
    sqlite_writer.py forever DB                   large saves for one user until killed

Prints one line per committed save, so the parent knows what was committed before it acts.
"""
from __future__ import annotations

import sys

from persistence_helpers import envelope

from release_coach.persistence.sqlite import SqliteAdapter

SHARED_USER = "amzn1.ask.account.SHARED"
CRASH_USER = "amzn1.ask.account.CRASH"


def own_user(writer_id: str) -> str:
    return f"amzn1.ask.account.WRITER{writer_id}"


def shared_payload(writer_id: str, seq: int) -> str:
    return f"{writer_id}:{seq}:" + "x" * 20_000


def crash_blob(seq: int) -> str:
    return chr(ord("a") + seq % 26) * 2_000_000


def contend(path: str, writer_id: str, saves: int) -> None:
    store = SqliteAdapter(path)
    mine, shared = envelope(own_user(writer_id)), envelope(SHARED_USER)
    for seq in range(saves):
        attributes = store.get_attributes(mine)
        attributes["count"] = attributes.get("count", 0) + 1
        store.save_attributes(mine, attributes)
        store.save_attributes(shared, {"writer": writer_id, "seq": seq, "payload": shared_payload(writer_id, seq)})
    print("done", flush=True)


def forever(path: str) -> None:
    store = SqliteAdapter(path)
    user = envelope(CRASH_USER)
    seq = 0
    while True:
        store.save_attributes(user, {"seq": seq, "blob": crash_blob(seq)})
        print(seq, flush=True)
        seq += 1


if __name__ == "__main__":
    if sys.argv[1] == "contend":
        contend(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        forever(sys.argv[2])
