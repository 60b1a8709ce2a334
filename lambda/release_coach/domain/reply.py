"""What the skill wants to say, before it is words: a platform-neutral reply.

The coach returns Reply values; speech/render.py turns them into SSML with the locale's strings.
Conversation tests assert on `keys` (what was said), not on wording.
"""
from __future__ import annotations

from typing import NamedTuple

# NamedTuples and plain classes rather than dataclasses: @dataclass generates each class's methods
# with exec at import time, a cost every Lambda cold start pays (see domain/coach.py).


class Line(NamedTuple):
    """A line from the locale strings, by key, with its placeholders' values (never mutated)."""

    key: str
    data: dict = {}


class Text(NamedTuple):
    """Content already written for the ear (a routine's step lines)."""

    text: str


class Timed(NamedTuple):
    """A timed stretch of quiet with countdown words and cues: exactly `seconds` long."""

    seconds: int
    cues: tuple[str, ...] = ()


class Quiet(NamedTuple):
    """Plain silence, with no countdown: time to get into position (exactly `seconds` long)."""

    seconds: int


Part = Line | Text | Timed | Quiet


class Reply:
    __slots__ = ("parts", "reprompt", "end_session", "tags")

    def __init__(self, parts: list[Part], reprompt: list[Part] | None = None, end_session: bool = False,
                 tags: list[str] | None = None):
        self.parts = parts
        self.reprompt = reprompt
        self.end_session = end_session
        self.tags = tags if tags is not None else []

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.parts if isinstance(p, Line)]
