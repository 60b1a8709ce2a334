"""What the skill wants to say, before it is words: a platform-neutral reply.

The coach returns Reply values; speech/render.py turns them into SSML with the locale's strings.
Conversation tests assert on `keys` (what was said), not on wording.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """A line from the locale strings, by key, with its placeholders' values."""

    key: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Text:
    """Content already written for the ear (a routine's step lines)."""

    text: str


@dataclass(frozen=True)
class Timed:
    """A timed stretch of quiet with countdown words and cues: exactly `seconds` long."""

    seconds: int
    cues: tuple[str, ...] = ()


Part = Line | Text | Timed


@dataclass
class Reply:
    parts: list[Part]
    reprompt: list[Part] | None = None
    end_session: bool = False
    tags: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.parts if isinstance(p, Line)]
