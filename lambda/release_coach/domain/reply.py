"""What the skill wants to say, before it is words: a platform-neutral reply.

The coach returns Reply values; speech/render.py turns them into SSML with the locale's strings.
Conversation tests assert on `keys` (what was said), not on wording.
"""
from __future__ import annotations

from collections import namedtuple

# The parts of a reply are collections.namedtuple values: immutable and compared by value like
# typing.NamedTuple or a frozen dataclass, but cheaper to make at import time, which every Lambda
# cold start pays for.

# A line from the locale strings, by key, with its placeholders' values (never mutated).
Line = namedtuple("Line", ("key", "data"), defaults=({},))
# Content already written for the ear (a routine's step lines).
Text = namedtuple("Text", ("text",))
# A timed stretch of quiet with countdown words and cues (a tuple of strings): exactly `seconds` long.
Timed = namedtuple("Timed", ("seconds", "cues"), defaults=((),))
# Plain silence, with no countdown: time to get into position (exactly `seconds` long).
Quiet = namedtuple("Quiet", ("seconds",))

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
