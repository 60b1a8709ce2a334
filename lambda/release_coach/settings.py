"""Configuration, read once from the environment (or built directly in tests).

Nothing here touches the network or imports a cloud SDK: Lambda pays for every import on a
cold start, so the persistence layer imports boto3 only when DynamoDB is selected.
"""
from __future__ import annotations

import os
import sys
from typing import Mapping

from .record import record

PERSISTENCE_KINDS = ("none", "memory", "sqlite", "dynamodb")


# Alexa skill id ("amzn1.ask.skill..."): when set, requests for another skill are refused.
# persistence: where per-user state lives (none, memory for tests, sqlite, the embedded default,
# dynamodb). dynamodb_endpoint: only for tests and local DynamoDB-compatible servers.
# A named tuple as a class statement (record.py): cheaper to make at import (Lambda cold starts).
@record
class Settings(tuple):
    __slots__ = ()

    def __new__(cls, skill_id=None, persistence="none", sqlite_path=None, dynamodb_table=None, dynamodb_region=None,
                dynamodb_endpoint=None, log_level="INFO"):
        return tuple.__new__(cls, (skill_id, persistence, sqlite_path, dynamodb_table, dynamodb_region,
                                   dynamodb_endpoint, log_level))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        persistence = env.get("SKILL_PERSISTENCE", "").strip().lower()
        if not persistence:
            persistence = "dynamodb" if env.get("DYNAMODB_TABLE") else "none"
        if persistence not in PERSISTENCE_KINDS:
            raise ValueError(
                f"SKILL_PERSISTENCE must be one of {', '.join(PERSISTENCE_KINDS)}, not {persistence!r}"
            )
        return cls(
            skill_id=env.get("SKILL_ID") or None,
            persistence=persistence,
            sqlite_path=env.get("SQLITE_PATH") or None,
            dynamodb_table=env.get("DYNAMODB_TABLE") or None,
            dynamodb_region=env.get("DYNAMODB_REGION") or env.get("AWS_REGION") or None,
            dynamodb_endpoint=env.get("DYNAMODB_ENDPOINT") or None,
            log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
        )

    def with_(self, **changes) -> "Settings":
        return self._replace(**changes)


# ----- logging, imported only when something logs ---------------------------------------------
# `import logging` (with traceback, textwrap and threading behind it) is several milliseconds of
# every cold start, and answering a request logs nothing unless something goes wrong. So the
# level waits here until the first log line, and modules log through `lazy_logger(__name__)`.
_pending_log_level: str | None = None


def set_log_level(level: str) -> None:
    """The level for the "release_coach" loggers: applied now if logging is loaded, else on first use."""
    global _pending_log_level
    _pending_log_level = level
    if "logging" in sys.modules:
        _logger("release_coach")


def _logger(name: str):
    global _pending_log_level
    import logging

    if _pending_log_level is not None:
        logging.getLogger("release_coach").setLevel(_pending_log_level)
        _pending_log_level = None
    return logging.getLogger(name)


class _LazyLogger:
    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute):
        return getattr(_logger(self._name), attribute)


def lazy_logger(name: str) -> _LazyLogger:
    """Stands in for logging.getLogger(name); logging is imported at the first call on it."""
    return _LazyLogger(name)
