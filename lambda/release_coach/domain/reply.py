"""What the skill wants to say, before it is words: a platform-neutral reply.

The coach returns Reply values; speech/render.py turns them into SSML with the locale's strings.
Conversation tests assert on `keys` (what was said), not on wording.
"""
from __future__ import annotations

from ..record import record

# The parts of a reply are named tuples: immutable and compared by value, written as class
# statements (release_coach/record.py), which are cheaper to make at import time than
# collections.namedtuple's, and every Lambda cold start makes them.


@record
class Line(tuple):
    """A line from the locale strings, by key, with its placeholders' values (never mutated)."""

    __slots__ = ()

    def __new__(cls, key, data={}):  # noqa: B006 (the default is never mutated)
        return tuple.__new__(cls, (key, data))


@record
class Text(tuple):
    """Content already written for the ear (a routine's step lines)."""

    __slots__ = ()

    def __new__(cls, text):
        return tuple.__new__(cls, (text,))


@record
class Timed(tuple):
    """A timed stretch of quiet with countdown words and cues (a tuple of strings): exactly `seconds` long."""

    __slots__ = ()

    def __new__(cls, seconds, cues=()):
        return tuple.__new__(cls, (seconds, cues))


@record
class Quiet(tuple):
    """Plain silence, with no countdown: time to get into position (exactly `seconds` long)."""

    __slots__ = ()

    def __new__(cls, seconds):
        return tuple.__new__(cls, (seconds,))

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
