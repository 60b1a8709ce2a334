"""The Alexa app card at the end of a session: what was done today and one safety line.

Pure. Reads the coach's record of routines finished this session (SessionState.completed: a
list of {"routine", "name", "sides", "seconds"}), checked field by field: it comes back from
session attributes, which are outside data.
"""
from __future__ import annotations

from typing import NamedTuple

from ..domain import routines as R
from .view import routine_title, words

# Alexa's limit for a card is 8000 characters of title and content together; ours stay far inside.
MAX_CARD_CHARS = 8000
MAX_TITLE_CHARS = 60
# Routines listed one per line; any more are summed up in one line.
MAX_LINES = 8


class Done(NamedTuple):
    routine: str
    name: str
    sides: tuple[str, ...]
    seconds: int


def completed_of(state) -> list[Done]:
    """What the state says was finished, merged per routine, in the order first done."""
    merged: dict[str, Done] = {}
    for entry in getattr(state, "completed", None) or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("routine"), str):
            continue
        seconds = entry.get("seconds")
        seconds = int(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else 0
        sides = tuple(s for s in entry.get("sides") or () if s in R.SIDES) if isinstance(entry.get("sides"),
                                                                                           list) else ()
        name = entry.get("name") if isinstance(entry.get("name"), str) else entry["routine"]
        key = entry["routine"]
        if key in merged:
            before = merged[key]
            sides = before.sides + tuple(s for s in sides if s not in before.sides)
            merged[key] = before._replace(sides=sides, seconds=before.seconds + max(0, seconds))
        else:
            merged[key] = Done(key, name, sides, max(0, seconds))
    return list(merged.values())


def time_text(seconds: int) -> str:
    """Written, not spoken: "45 s", "3 min", "9 min 30 s"."""
    minutes, rest = divmod(max(0, int(round(seconds))), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def _title(done: Done, language: str) -> str:
    routine = R.catalog(language).routines.get(done.routine)
    if routine is not None:
        return routine_title(routine, language)
    name = done.name[4:] if done.name.lower().startswith("the ") else done.name
    return name[:1].upper() + name[1:]


def summary_lines(done: list[Done], language: str = "en") -> list[str]:
    """One line per routine (routine, sides, time), then the total."""
    c = words(language)["card"]
    lines = []
    for item in done[:MAX_LINES]:
        bits = [_title(item, language)]
        if len(item.sides) == len(R.SIDES):
            bits.append(c["both_sides"])
        elif item.sides:
            bits.append(c["one_side"].format(side=item.sides[0]))
        if item.seconds:
            bits.append(time_text(item.seconds))
        lines.append(bits[0] + (": " + ", ".join(bits[1:]) if len(bits) > 1 else ""))
    if len(done) > MAX_LINES:
        lines.append(c["more"].format(count=len(done) - MAX_LINES))
    lines.append(c["total"].format(time=time_text(sum(d.seconds for d in done))))
    return lines


def session_card(done: list[Done], language: str = "en") -> tuple[str, str] | None:
    """(title, text) for a Simple card, or None when nothing was done."""
    if not done:
        return None
    c = words(language)["card"]
    lines = summary_lines(done, language)
    text = "\n".join([c["heading"]] + ["- " + line for line in lines[:-1]] + [lines[-1], "", c["safety"]])
    title = c["title"][:MAX_TITLE_CHARS]
    return title, text[: MAX_CARD_CHARS - len(title)]
