"""What a request said in free words asks for, when no sample of the model caught it.

A phrase the model has no sample for still arrives with its words in a carrier slot ("okay, the
tennis ball then", "can we do that one again", "never mind that, let's carry on"). After triage
has read them (coach.py), `request_in` says which answer they make: a routine named inside a
request, or a command said inside one. Words that are a question ("how long do I hold the
ball") or a remark ("that feels easier now") make none, and go on as they came.

The lexicon is data: content/<language>/requests.json.
"""
from __future__ import annotations

from functools import lru_cache

from ... import content
from .answers import opening_kind, words_of, without_fillers

# Commands in the order they are looked for: leaving beats everything, a routine named comes next.
_COMMAND_ORDER = ("stop", "routine", "undo", "repeat", "side:right", "side:left", "side", "resume", "slower", "faster", "gentle",
                  "shorter", "longer")
NEGATION_WINDOW = 3  # words before a routine's name in which a "not" means it isn't wanted
SHORT_REQUEST = 4  # this many words or fewer naming a routine is a request by itself ("the roller please")


def _phrases(items) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(words_of(p)) for p in items}, key=len, reverse=True))


@lru_cache(maxsize=4)
def _lexicon(language: str) -> dict:
    data = content.load(language, "requests.json")
    frames = data["frames"]
    return {
        "routines": [(phrase, rid) for rid, names in data["routines"].items() for phrase in _phrases(names)],
        "openings": _phrases(frames["openings"]), "endings": _phrases(frames["endings"]),
        "anywhere": _phrases(frames["anywhere"]), "questions": _phrases(data["questions"]),
        "after_name": frozenset(frames["after_name"]), "before_name_not": frozenset(frames["before_name_not"]),
        "negations": _phrases(data["negations"]), "pleas": _phrases(data["pleas"]),
        "corrections": _phrases(data["corrections"]),
        "commands": {kind: _phrases(data["commands"][kind]) for kind in (*_COMMAND_ORDER, "time_left")},
        "strong": frozenset(data["strong"]), "progress": frozenset(data["progress"]),
        "time": data["time_available"],
    }


def _find(words: tuple[str, ...], phrase: tuple[str, ...]) -> int:
    n = len(phrase)
    return next((i for i in range(len(words) - n + 1) if words[i:i + n] == phrase), -1)


def _opening(words, phrases) -> int:
    """The length of the longest phrase the words open with (0: none)."""
    return max((len(p) for p in phrases if words[:len(p)] == p), default=0)


def _ends(words, phrases) -> bool:
    return any(len(words) >= len(p) and words[-len(p):] == p for p in phrases)


def _corrected(words: tuple[str, ...], lex: dict) -> tuple[str, ...]:
    """"The roller, no wait, sorry, the gentle one": the words after the last correction that
    names a routine (the last choice said wins); all of them when none does."""
    cuts = sorted({i + len(p) for p in lex["corrections"] for i in range(len(words) - len(p) + 1)
                   if words[i:i + len(p)] == p}, reverse=True)
    return next((words[cut:] for cut in cuts if _routine_named(words[cut:], lex) is not None), words)


PLEA_WINDOW = 4  # a plea ("can I not just", "surely") opens the request within this many words


def _plea(words: tuple[str, ...], lex: dict) -> bool:
    """"Can I not just do the gentle one", "why can't I do the roller": a negative question that asks."""
    return any(0 <= _find(words[:PLEA_WINDOW], p) for p in lex["pleas"])


def _routine_named(words: tuple[str, ...], lex: dict, plea: bool = False) -> tuple[str, bool] | None:
    """The routine the words name (the longest name found), unless a "not" comes just before it
    (not in a plea), and whether where it stands asks for it: just before "first", "please" ...,
    or last of all."""
    found = max(((len(p), i, rid) for p, rid in lex["routines"] if (i := _find(words, p)) >= 0), default=None)
    if found is None:
        return None
    length, at, rid = found
    if not plea and any(_find(words[max(0, at - NEGATION_WINDOW):at], neg) >= 0 for neg in lex["negations"]):
        return None
    after = words[at + length:at + length + 1]
    last = at + length == len(words) and not (set(words[max(0, at - 2):at]) & lex["before_name_not"])
    return rid, last or bool(after and after[0] in lex["after_name"])


def _time_available(words: tuple[str, ...], lex: dict) -> int | None:
    """Seconds someone says they have ("only got about ten minutes"), or None."""
    time = lex["time"]
    found = [(at, len(span), seconds) for span, seconds in time["spans"].items()
             if (at := _find(words, tuple(span.split()))) >= 0]
    for i, word in enumerate(words):
        for size in (2, 1):
            amount = " ".join(words[max(0, i - size):i])
            number = int(amount) if amount.isdigit() else time["numbers"].get(amount)
            if word in time["units"] and i >= size and number:
                found.append((i - size, size + 1, number * time["units"][word]))
                break
    for at, length, seconds in found:
        near = words[max(0, at - 3):at] + words[at + length:at + length + 1]
        if any(w in time["frames"] for w in near) and not any(w in time["not_time_available"] for w in near):
            return seconds
    return None


def request_in(text: str | None, language: str = "en", current: tuple[str, ...] = (),
               asked: bool = False, shape: str | None = None) -> tuple[str, object] | None:
    """(kind, value) for words that make a request, else None. `current`: the routines under way
    (naming the routine in hand, "I'll get the ball", asks for nothing new). `asked`: the words
    came behind a question's carrier ("what's" already gone), so only a request's opening makes
    them one ("just do the tennis ball one instead"); `shape`: the words such a carrier began with
    ("where"), put back before a question about one's own place is read ("where was I")."""
    if not text:
        return None
    lex = _lexicon(language)
    words = tuple(without_fillers(words_of(text), language))
    if not words:
        return None
    if shape and " ".join((shape, *words)) in lex["progress"]:
        return "time_left", None
    if not asked and (kind := opening_kind(text, language)) in ("wait", "stop"):  # "hold on a bit, the dog's ..."
        return kind, None
    if any(_find(words, p) >= 0 for p in lex["commands"]["time_left"]):
        return "time_left", None
    if not current and (seconds := _time_available(words, lex)):
        return "session", seconds
    opening = _opening(words, lex["openings"])
    if _opening(words, lex["questions"]) > opening:  # "would it help" asks; "would rather" requests
        return None
    plea = _plea((shape, *words) if shape else words, lex)
    is_request = bool(opening) or plea or not asked and (
        _ends(words, lex["endings"]) or any(_find(words, p) >= 0 for p in lex["anywhere"]))
    named = _routine_named(_corrected(words, lex), lex, plea)
    asks_inside = any(len(p) > 1 and _find(words, p) >= 0 for p in lex["questions"])  # "... will that do"
    if named is not None and named[0] not in current and (
            is_request or not asked and ((named[1] and not asks_inside) or len(words) <= SHORT_REQUEST)):
        return "routine", named[0]
    for kind in _COMMAND_ORDER:
        if (is_request or kind in lex["strong"]) and any(_find(words, p) >= 0 for p in lex["commands"][kind]):
            name, _, side = kind.partition(":")
            return name, side or None
    return None
