"""SSML for Alexa: plain sentences and timed stretches of silence, nothing else.

A timed stretch (a hold, a slow roll, a rest) is built against the spoken-timeline model so that
the time from the end of its opening line to the start of its closing line is exactly the time
the skill said out loud. Breaks are chained in pieces of at most 10 s (Alexa's limit for one).
"""
from __future__ import annotations

import re

from ..record import record

# Cue words are only ever spoken where there is room for them plus this much quiet afterwards.
CUE_MARGIN_SECONDS = 1.0
# Technique and breathing cues are spread out so a hold is mostly quiet.
CUE_EVERY_SECONDS = 20.0
FIRST_CUE_AT_SECONDS = 8.0


# Characters XML 1.0 does not allow at all (most control characters, lone surrogates, U+FFFE/F):
# a slot value can carry them, and one would make the whole response unparseable.
# Compiled on first need: printable text (nearly all of it) never needs it, and compiling this
# class costs most of a millisecond of every Lambda cold start.
_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


def escape(text: str) -> str:
    """XML-escape speech text (xml.sax.saxutils would pull urllib and http into a cold start)."""
    if not text.isprintable():
        text = re.sub(_NOT_XML, " ", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Named tuples as class statements (release_coach/record.py): cheaper to make at import than
# collections.namedtuple's (Lambda cold starts).
@record
class Say(tuple):
    __slots__ = ()

    def __new__(cls, text):
        return tuple.__new__(cls, (text,))


@record
class Pause(tuple):
    __slots__ = ()

    def __new__(cls, seconds):
        return tuple.__new__(cls, (seconds,))


Item = Say | Pause


@record
class CountdownWords(tuple):
    """Locale words for a countdown: {"one_minute": ..., "thirty": ..., "ten": ..., "count": [5..1]}.

    count: what is said at 5, 4, 3, 2, 1 seconds left.
    """

    __slots__ = ()

    def __new__(cls, one_minute, thirty, ten, count):
        return tuple.__new__(cls, (one_minute, thirty, ten, count))

    @classmethod
    def from_strings(cls, strings: dict) -> "CountdownWords":
        return cls(
            one_minute=strings["countdown.one_minute"],
            thirty=strings["countdown.thirty"],
            ten=strings["countdown.ten"],
            count=tuple(strings["countdown.count"]),
        )


def timed_stretch(seconds: int, words: CountdownWords, cues: list[str] = (), rate_percent: float = 100.0
                  ) -> list[Item]:
    """Quiet for `seconds`, with countdown words and a few cues placed inside that time, spoken at
    `rate_percent` of the normal speaking rate (the same rate render() will wrap them in)."""
    from .timeline import speech_seconds  # on use, as in _break_tags: a launch has no quiet

    def spoken(text: str) -> float:
        return speech_seconds(text, rate_percent)

    fixed: list[tuple[float, str]] = []
    if seconds >= 90:
        fixed.append((seconds - 60.0, words.one_minute))
    if seconds >= 45:
        fixed.append((seconds - 30.0, words.thirty))
    if seconds >= 20:
        fixed.append((seconds - 10.0, words.ten))
    if seconds >= 8:
        for left, word in zip(range(len(words.count), 0, -1), words.count):
            fixed.append((float(seconds - left), word))

    placed = list(fixed)
    busy_until = [(at, at + spoken(text) + CUE_MARGIN_SECONDS) for at, text in fixed]
    at, used = FIRST_CUE_AT_SECONDS, 0
    while cues and at < seconds:
        cue = cues[used % len(cues)]
        end = at + spoken(cue) + CUE_MARGIN_SECONDS
        if all(end <= start or at >= stop for start, stop in busy_until) and end <= seconds:
            placed.append((at, cue))
            busy_until.append((at, end))
            used += 1
        at += CUE_EVERY_SECONDS

    items: list[Item] = []
    clock = 0.0
    for at, text in sorted(placed):
        if at > clock:
            items.append(Pause(at - clock))
            clock = at
        items.append(Say(text))
        clock += spoken(text)
    if seconds > clock:
        items.append(Pause(seconds - clock))
    return items


def _break_tags(seconds: float) -> str:
    from .timeline import MAX_BREAK_SECONDS  # on use: the timeline model is off the launch's path

    millis = int(round(seconds * 1000))
    tags = []
    limit = int(MAX_BREAK_SECONDS * 1000)
    while millis > 0:
        piece = min(millis, limit)
        tags.append(f'<break time="{piece}ms"/>')
        millis -= piece
    return "".join(tags)


def render(items: list[Item], rate_percent: float = 100.0) -> str:
    """The <speak> document for a list of Say and Pause items, at a speaking rate (100 = normal)."""
    out: list[str] = []
    for item in items:
        if isinstance(item, Say):
            text = " ".join(item.text.split())
            if text:
                out.append(escape(text))
        elif item.seconds > 0:
            out.append(_break_tags(item.seconds))
    body = " ".join(out)
    if rate_percent != 100:
        body = f'<prosody rate="{rate_percent:g}%">{body}</prosody>'
    return "<speak>" + body + "</speak>"
