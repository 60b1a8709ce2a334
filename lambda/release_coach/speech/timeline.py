"""The spoken timeline: how long a piece of SSML takes to hear.

One model, used by the skill when it builds timed holds, by the tests that check every hold, by the
console that plays responses in real time, and by the benchmarks.

The model (an estimate, not a measurement of any one voice):
- speech takes SECONDS_PER_WORD per spoken word, from a rate of WORDS_PER_MINUTE. Alexa's standard
  voice speaks at roughly 150 to 160 words a minute; we use 155. Numbers written as digits count
  as the words they are read as ("45" is "forty five": two words).
- <break time="..."/> takes exactly its time (Alexa caps one break at 10 s); a break with only a
  strength takes the durations in BREAK_STRENGTH.
- Nothing else (sentence boundaries, prosody) is counted, so every timed hold is built from this
  same model and the two can never disagree by more than rounding.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .numbers import number_words

WORDS_PER_MINUTE = 155
SECONDS_PER_WORD = 60.0 / WORDS_PER_MINUTE
MAX_BREAK_SECONDS = 10.0
BREAK_STRENGTH = {
    "none": 0.0,
    "x-weak": 0.1,
    "weak": 0.25,
    "medium": 0.5,
    "strong": 0.75,
    "x-strong": 1.0,
}

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+")
_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$")


class TimelineError(ValueError):
    """The SSML is not something the timeline can measure (malformed, or a bad break)."""


class Event(NamedTuple):
    kind: str  # "speech" or "break"
    text: str  # the words heard; "" for a break
    start: float
    seconds: float

    @property
    def end(self) -> float:
        return self.start + self.seconds


def word_count(text: str) -> int:
    count = 0
    for token in _WORD.findall(text):
        if token.isdigit():
            count += len(number_words(int(token)).split()) if len(token) <= 4 else len(token)
        else:
            count += 1
    return count


def speech_seconds(text: str) -> float:
    return word_count(text) * SECONDS_PER_WORD


def break_seconds(element) -> float:
    time = element.get("time")
    if time is not None:
        match = _TIME.match(time)
        if not match:
            raise TimelineError(f"break time {time!r} is not like '500ms' or '2s'")
        value = float(match.group(1)) / (1000.0 if match.group(2) == "ms" else 1.0)
        if value > MAX_BREAK_SECONDS:
            raise TimelineError(f"break of {value:g}s is over Alexa's {MAX_BREAK_SECONDS:g}s limit")
        return value
    strength = element.get("strength", "medium")
    if strength not in BREAK_STRENGTH:
        raise TimelineError(f"break strength {strength!r} is not an SSML strength")
    return BREAK_STRENGTH[strength]


def _walk(element, out: list[tuple[str, str | float]]) -> None:
    tag = element.tag
    if tag == "break":
        out.append(("break", break_seconds(element)))
    elif tag == "sub":
        out.append(("speech", element.get("alias", "")))
    else:
        if element.text:
            out.append(("speech", element.text))
        for child in element:
            _walk(child, out)
            if child.tail:
                out.append(("speech", child.tail))


def parse(ssml: str):
    # Imported here: the skill builds SSML on every request but only tests and tools parse it.
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(ssml)
    except ET.ParseError as error:
        raise TimelineError(f"SSML is not well-formed: {error}") from None
    if root.tag != "speak":
        raise TimelineError("SSML must be wrapped in <speak>")
    return root


def timeline(ssml: str) -> list[Event]:
    """The events heard, in order, with their start times in seconds."""
    pieces: list[tuple[str, str | float]] = []
    _walk(parse(ssml), pieces)
    events: list[Event] = []
    clock = 0.0
    pending_text: list[str] = []

    def flush_speech() -> None:
        nonlocal clock
        text = " ".join(" ".join(pending_text).split())
        pending_text.clear()
        if word_count(text):
            seconds = speech_seconds(text)
            events.append(Event("speech", text, clock, seconds))
            clock += seconds

    for kind, value in pieces:
        if kind == "speech":
            pending_text.append(str(value))
        else:
            flush_speech()
            events.append(Event("break", "", clock, float(value)))
            clock += float(value)
    flush_speech()
    return events


def spoken_seconds(ssml: str) -> float:
    events = timeline(ssml)
    return events[-1].end if events else 0.0


def plain_text(ssml: str) -> str:
    """What a listener hears, as text (SSML stripped)."""
    pieces: list[tuple[str, str | float]] = []
    _walk(parse(ssml), pieces)
    return " ".join(" ".join(str(v) for k, v in pieces if k == "speech").split())
