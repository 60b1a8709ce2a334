"""Spoken numbers and durations, turned into the values Alexa puts in AMAZON.NUMBER and
AMAZON.DURATION slots ("forty five" -> "45", "a minute and a half" -> "PT1M30S").

Input is a list of normalised tokens (lower case, hyphens split: "forty-five" arrives as
["forty", "five"]). A parse must use every token, so "five foam rollers" is not a number; that
is what lets the matcher trust a slot capture that parses.
"""
from __future__ import annotations

from fractions import Fraction

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Unit word -> its ISO-8601 field ("T" marks the time part, where M means minutes, not months).
_DURATION_UNITS = {
    "second": "TS", "sec": "TS", "minute": "TM", "min": "TM", "hour": "TH", "hr": "TH",
    "day": "D", "week": "W", "month": "M", "year": "Y",
}
# A fraction of a unit is carried to the next smaller unit, as Alexa does ("1.5 minutes" is PT1M30S).
_SMALLER = {"minute": "second", "min": "second", "hour": "minute", "hr": "minute", "day": "hour",
            "week": "day", "month": "day", "year": "month"}
_UNIT_SIZE_IN_SMALLER = {"minute": 60, "min": 60, "hour": 60, "hr": 60, "day": 24, "week": 7,
                         "month": 30, "year": 12}
_ISO_ORDER = ["Y", "M", "W", "D", "TH", "TM", "TS"]


def _singular_unit(token: str) -> str | None:
    for candidate in (token, token[:-1] if token.endswith("s") else token):
        if candidate in _DURATION_UNITS:
            return candidate
    return None


def parse_number(tokens: list[str]) -> int | None:
    """A whole number said in words or digits ("a hundred and twenty", "45"), else None."""
    if len(tokens) == 1 and tokens[0].isdigit():
        return int(tokens[0])
    total = 0
    group = 0  # the part below the last "thousand"/"million"
    last = None  # kind of the previous token, to refuse word salad like "five twenty"
    for index, token in enumerate(tokens):
        if token in ("a", "an") and index == 0 and index + 1 < len(tokens) and tokens[1] in _SCALES:
            group, last = 1, "unit"
        elif token == "and":
            if last not in ("hundred", "scale"):
                return None
            last = "and"
        elif token in _UNITS:
            value = _UNITS[token]
            if last in ("unit", "teen") or (last == "tens" and (value == 0 or value >= 10)):
                return None
            group += value
            last = "teen" if value >= 10 else "unit"
        elif token in _TENS:
            if last in ("unit", "teen", "tens"):
                return None
            group += _TENS[token]
            last = "tens"
        elif token == "hundred":
            if last not in ("unit", "teen", "tens") or group >= 100:
                return None
            group *= 100
            last = "hundred"
        elif token in _SCALES:
            if group == 0 or last == "and":
                return None
            total += group * _SCALES[token]
            group, last = 0, "scale"
        else:
            return None
    if last in (None, "and"):
        return None
    return total + group


def _parse_amount(tokens: list[str]) -> Fraction | None:
    """How many of a unit: a number, "a"/"an"/"one", "half a", "two and a half", "a couple of"."""
    if tokens in (["a"], ["an"]):
        return Fraction(1)
    if tokens in (["half", "a"], ["half", "an"], ["a", "half"]):
        return Fraction(1, 2)
    if tokens in (["a", "quarter", "of", "a"], ["a", "quarter", "of", "an"], ["quarter", "of", "an"]):
        return Fraction(1, 4)
    if tokens in (["a", "couple", "of"], ["couple", "of"], ["a", "couple"]):
        return Fraction(2)
    if len(tokens) >= 4 and tokens[-3:] == ["and", "a", "half"]:
        whole = _parse_amount(tokens[:-3])
        return None if whole is None else whole + Fraction(1, 2)
    if len(tokens) == 1:
        try:
            value = Fraction(tokens[0])
        except ValueError:
            value = None
        if value is not None and value >= 0:
            return value
    number = parse_number(tokens)
    return None if number is None else Fraction(number)


def _split_parts(tokens: list[str]) -> list[tuple[list[str], str]] | None:
    """Cut "two minutes and thirty seconds" into [(["two"], "minute"), (["thirty"], "second")]."""
    parts: list[tuple[list[str], str]] = []
    amount: list[str] = []
    dangling_and = False
    for token in tokens:
        unit = _singular_unit(token)
        if unit is not None:
            if not amount:
                return None
            parts.append((amount, unit))
            amount = []
        elif token == "and" and not amount and parts:
            dangling_and = True  # the "and" joining two parts
            continue
        else:
            amount.append(token)
        dangling_and = False
    if dangling_and:
        return None
    if amount:
        # "a minute and a half": the trailing "and a half" / "a half" belongs to the last unit.
        if parts and amount in (["a", "half"], ["half"]):
            last_amount, last_unit = parts[-1]
            parts[-1] = (last_amount + ["and", "a", "half"], last_unit)
            return parts
        return None
    return parts or None


def parse_duration(tokens: list[str]) -> str | None:
    """An ISO-8601 duration for a spoken span ("ten minutes" -> "PT10M"), else None."""
    parts = _split_parts(tokens)
    if parts is None:
        return None
    fields: dict[str, Fraction] = {}
    for amount_tokens, unit in parts:
        amount = _parse_amount(amount_tokens)
        if amount is None:
            return None
        while True:
            key = _DURATION_UNITS[unit]
            whole = Fraction(int(amount))
            if whole:
                fields[key] = fields.get(key, Fraction(0)) + whole
            fraction = amount - whole
            if not fraction:
                break
            if unit not in _SMALLER:
                fields[key] = fields.get(key, Fraction(0)) + fraction
                break
            amount = fraction * _UNIT_SIZE_IN_SMALLER[unit]
            unit = _SMALLER[unit]
    if not fields:
        fields["TS"] = Fraction(0)
    date_part = "".join(_format(fields[k]) + k for k in _ISO_ORDER[:4] if k in fields)
    time_part = "".join(_format(fields[k]) + k[1] for k in _ISO_ORDER[4:] if k in fields)
    return "P" + date_part + ("T" + time_part if time_part else "")


def _format(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):g}"
