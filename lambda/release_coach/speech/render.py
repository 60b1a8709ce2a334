"""Turn a Reply into SSML with a locale's strings (the only place where keys become words)."""
from __future__ import annotations

import string
from functools import lru_cache

from .. import content
from ..domain.reply import Line, Part, Quiet, Text, Timed
from .ssml import CountdownWords, Item, Pause, Say, render, timed_stretch

_ORDINALS = {1: "first", 2: "second", 3: "third", 5: "fifth", 8: "eighth", 9: "ninth", 12: "twelfth"}


def ordinal_words(n: int) -> str:
    from .numbers import number_words  # on use: speech/numbers.py is off the launch's path

    if n in _ORDINALS:
        return _ORDINALS[n]
    words = number_words(n)
    if n % 10 in _ORDINALS and n > 20:
        return words.rsplit(" ", 1)[0] + " " + _ORDINALS[n % 10]
    return (words[:-1] + "ieth") if words.endswith("y") else words + "th"


def _list_words(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _number_field(value, spec: str) -> str:
    # speech/numbers.py loads here, on first use: a launch says no number.
    from .numbers import duration_words, minutes_words, number_words

    if spec == "duration":
        return duration_words(int(round(float(value))))
    if spec == "approx":
        return minutes_words(float(value))
    if spec == "number":
        return number_words(int(value))
    return ordinal_words(int(value))


class _SpokenFormatter(string.Formatter):
    def format_field(self, value, spec):
        if spec in ("duration", "approx", "number", "ordinal"):
            return _number_field(value, spec)
        if spec == "list":
            return _list_words(value)
        return "" if value is None else super().format_field(value, spec)


_FORMATTER = _SpokenFormatter()


@lru_cache(maxsize=None)
def strings(language: str = "en") -> dict:
    return content.load(language, "strings.json")


def line_text(line: Line, language: str = "en") -> str:
    value = strings(language)[line.key]
    if isinstance(value, dict):
        value = value.get(line.data.get("variant") or "default", value["default"])
    return _FORMATTER.format(value, **line.data) if "{" in value else value


@lru_cache(maxsize=None)
def countdown_words(language: str) -> CountdownWords:
    return CountdownWords.from_strings(strings(language))


def to_items(parts: list[Part], language: str = "en", rate_percent: float = 100.0) -> list[Item]:
    words = countdown_words(language)
    items: list[Item] = []
    for part in parts:
        if isinstance(part, Line):
            items.append(Say(line_text(part, language)))
        elif isinstance(part, Text):
            items.append(Say(part.text))
        elif isinstance(part, Timed):
            items.extend(timed_stretch(part.seconds, words, list(part.cues), rate_percent))
        elif isinstance(part, Quiet):
            items.append(Pause(float(part.seconds)))
    return items


def to_ssml(parts: list[Part], language: str = "en", rate_percent: float = 100.0) -> str:
    return render(to_items(parts, language, rate_percent), rate_percent)
