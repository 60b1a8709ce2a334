"""How well a span of heard words fills a slot, and what Alexa would send for it.

A slot's fit: a value or synonym of its custom type 1.0, a parsed AMAZON.NUMBER / AMAZON.DURATION
1.0, free text for AMAZON.SearchQuery 0.7, another built-in type 0.5, an unknown value of a custom
type 0.3 (sent as ER_SUCCESS_NO_MATCH, as Alexa does).
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import SlotValue
from .spoken import parse_duration, parse_number
from .text import stem, words as to_words

FIT_VALUE, FIT_FREE_TEXT, FIT_OTHER_BUILTIN, FIT_UNKNOWN_VALUE = 1.0, 0.7, 0.5, 0.3


@dataclass(frozen=True)
class SlotFill:
    """A slot as Alexa fills it: `value` is what goes in slot.value."""

    name: str
    type: str
    value: str
    heard: str
    # None for built-in types (no entity resolution); otherwise the matching values, [] if none.
    resolved: tuple[SlotValue, ...] | None = None

    @property
    def status(self) -> str | None:
        if self.resolved is None:
            return None
        return "ER_SUCCESS_MATCH" if self.resolved else "ER_SUCCESS_NO_MATCH"


class SlotType:
    """How well a span of words fills a slot of one type, and what Alexa would send for it."""

    def __init__(self, type_name: str, values: tuple[SlotValue, ...]):
        self.type_name = type_name
        self.by_words: dict[tuple[str, ...], list[SlotValue]] = {}
        for value in values:
            for phrase in (value.name, *value.synonyms):
                key = tuple(stem(word) for word in to_words(phrase))
                if key and value not in self.by_words.setdefault(key, []):
                    self.by_words[key].append(value)
        self.custom = not type_name.startswith("AMAZON.")
        longest = max((len(key) for key in self.by_words), default=3)
        if type_name == "AMAZON.NUMBER":
            self.max_words = 7
        elif type_name == "AMAZON.DURATION":
            self.max_words = 10
        elif type_name == "AMAZON.SearchQuery":
            self.max_words = 10_000
        elif self.custom:
            self.max_words = longest + 2
        else:
            self.max_words = 4

    def fill(self, name: str, span: tuple[str, ...]) -> tuple[float, SlotFill] | None:
        heard = " ".join(span)
        if self.type_name == "AMAZON.NUMBER":
            number = parse_number(list(span))
            return None if number is None else (FIT_VALUE, SlotFill(name, self.type_name, str(number), heard))
        if self.type_name == "AMAZON.DURATION":
            duration = parse_duration(list(span))
            return None if duration is None else (FIT_VALUE, SlotFill(name, self.type_name, duration, heard))
        if self.custom:
            values = self.by_words.get(tuple(stem(word) for word in span), [])
            fit = FIT_VALUE if values else FIT_UNKNOWN_VALUE
            return fit, SlotFill(name, self.type_name, heard, heard, tuple(values))
        if self.type_name == "AMAZON.SearchQuery":
            return FIT_FREE_TEXT, SlotFill(name, self.type_name, heard, heard)
        return FIT_OTHER_BUILTIN, SlotFill(name, self.type_name, heard, heard)
