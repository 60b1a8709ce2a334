"""Configuration, read once from the environment (or built directly in tests).

Nothing here touches the network or imports a cloud SDK: Lambda pays for every import on a
cold start, so the persistence layer imports boto3 only when DynamoDB is selected.
"""
from __future__ import annotations

import os
from typing import Mapping, NamedTuple

PERSISTENCE_KINDS = ("none", "memory", "sqlite", "dynamodb")


class Settings(NamedTuple):
    # Alexa skill id ("amzn1.ask.skill..."); when set, requests for another skill are refused.
    skill_id: str | None = None
    # Where per-user state lives: none, memory (tests), sqlite (the embedded default), dynamodb.
    persistence: str = "none"
    sqlite_path: str | None = None
    dynamodb_table: str | None = None
    dynamodb_region: str | None = None
    # Only for tests and local DynamoDB-compatible servers.
    dynamodb_endpoint: str | None = None
    log_level: str = "INFO"

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
