"""The spoken timeline: how long a piece of SSML takes to hear.

One model, used by the skill when it builds timed holds, by the tests that check every hold, by the
console that plays responses in real time, and by the benchmarks.

The model (an estimate, not a measurement of any one voice):
- speech takes SECONDS_PER_WORD per spoken word, from a rate of WORDS_PER_MINUTE. Alexa's standard
  voice speaks at roughly 150 to 160 words a minute; we use 155. Numbers written as digits count
  as the words they are read as ("45" is "forty five": two words).
- <break time="..."/> takes exactly its time (Alexa caps one break at 10 s); a break with only a
  strength takes the durations in BREAK_STRENGTH.
- <prosody rate="N%"> scales the speech inside it (90% takes 100/90 as long); breaks inside keep
  their time. Nested rates multiply, as in SSML.
- Nothing else (sentence boundaries, prosody) is counted, so every timed hold is built from this
  same model and the two can never disagree by more than rounding.
"""
from __future__ import annotations

import re
from collections import namedtuple

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

# Patterns as strings: re compiles each on first use (and keeps it), not at import, which every
# Lambda cold start pays for.
_WORD = r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+"
_TIME = r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$"
_RATE = r"^\s*(\d+(?:\.\d+)?)\s*%\s*$"
# Alexa accepts prosody rates from 20% up.
MIN_RATE_PERCENT = 20.0


class TimelineError(ValueError):
    """The SSML is not something the timeline can measure (malformed, or a bad break)."""


# kind: "speech" or "break"; text: the words heard, "" for a break; start and seconds: when, how
# long. collections.namedtuple, not typing.NamedTuple: cheaper to make at import (Lambda cold starts).
class Event(namedtuple("Event", ("kind", "text", "start", "seconds"))):
    __slots__ = ()

    @property
    def end(self) -> float:
        return self.start + self.seconds


def word_count(text: str) -> int:
    count = 0
    for token in re.findall(_WORD, text):
        if token.isdigit():
            count += len(number_words(int(token)).split()) if len(token) <= 4 else len(token)
        else:
            count += 1
    return count


def speech_seconds(text: str, rate_percent: float = 100.0) -> float:
    return word_count(text) * SECONDS_PER_WORD * 100.0 / rate_percent


def prosody_rate(element) -> float:
    """The rate multiplier (1.0 = normal) a <prosody> element sets; only percentages are used here."""
    rate = element.get("rate")
    if rate is None:
        return 1.0
    match = re.match(_RATE, rate)
    if not match or float(match.group(1)) < MIN_RATE_PERCENT:
        raise TimelineError(f"prosody rate {rate!r} is not a percentage of at least {MIN_RATE_PERCENT:g}%")
    return float(match.group(1)) / 100.0


def break_seconds(element) -> float:
    time = element.get("time")
    if time is not None:
        match = re.match(_TIME, time)
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


def _walk(element, out: list[tuple], rate: float = 1.0) -> None:
    """Flatten SSML into ("speech", text, rate) and ("break", seconds, rate) pieces."""
    tag = element.tag
    if tag == "break":
        out.append(("break", break_seconds(element), rate))
    elif tag == "sub":
        out.append(("speech", element.get("alias", ""), rate))
    else:
        inner = rate * prosody_rate(element) if tag == "prosody" else rate
        if element.text:
            out.append(("speech", element.text, inner))
        for child in element:
            _walk(child, out, inner)
            if child.tail:
                out.append(("speech", child.tail, inner))


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
    pieces: list[tuple] = []
    _walk(parse(ssml), pieces)
    events: list[Event] = []
    clock = 0.0
    pending: list[tuple[str, float]] = []

    def flush_speech() -> None:
        nonlocal clock
        text = " ".join(" ".join(t for t, _ in pending).split())
        seconds = sum(speech_seconds(t, 100.0 * r) for t, r in pending)
        pending.clear()
        if word_count(text):
            events.append(Event("speech", text, clock, seconds))
            clock += seconds

    for kind, value, rate in pieces:
        if kind == "speech":
            pending.append((str(value), rate))
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
    pieces: list[tuple] = []
    _walk(parse(ssml), pieces)
    return " ".join(" ".join(str(v) for k, v, _ in pieces if k == "speech").split())
