"""When each timed stretch of a reply is heard: its start and end, in seconds from the first word.

Generic over the parts list: every Timed part is one hold, its start is the spoken time of all
the parts before it, rendered with the same renderer and rate as the SSML, and measured with the
spoken-timeline model's own word rate; its end is the start plus its seconds. Measured from the
items rather than by parsing the SSML, so the Lambda path never imports an XML parser.
"""
from __future__ import annotations

from typing import NamedTuple

from ..domain.reply import Part, Timed
from ..speech.render import to_items
from ..speech.ssml import Say
from ..speech.timeline import speech_seconds


class Hold(NamedTuple):
    """One timed stretch: which Timed part of the reply it is, and when it is heard."""

    index: int  # position of the Timed part in reply.parts
    start: float  # seconds from the start of the speech
    seconds: int

    @property
    def end(self) -> float:
        return self.start + self.seconds


def part_seconds(part: Part, language: str, rate_percent: float) -> float:
    """How long one part takes to hear at this rate, by the timeline model. A Timed part is built
    to last exactly its seconds (speech/ssml.py, checked in tests/core), so it is not re-rendered."""
    if isinstance(part, Timed):
        return float(part.seconds)
    total = 0.0
    for item in to_items([part], language, rate_percent):
        total += speech_seconds(item.text, rate_percent) if isinstance(item, Say) else item.seconds
    return total


def holds(parts: list[Part], language: str = "en", rate_percent: float = 100.0, lead: float = 0.0) -> list[Hold]:
    """Every Timed part's window; `lead` is speech heard before the reply's own words."""
    found: list[Hold] = []
    clock = lead
    for index, part in enumerate(parts):
        if isinstance(part, Timed):
            found.append(Hold(index, clock, part.seconds))
        clock += part_seconds(part, language, rate_percent)
    return found
