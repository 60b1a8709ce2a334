"""What the person said, as a kind of answer, whichever intent carried it.

Handlers turn each request into an Answer; free words (a carrier slot, a symptom, a question) can
be read as a kind too, from the lexicon in content/<language>/answers.json: "nah, it's been the
same for ages" opens with a refusal, "okay" is an acknowledgement, "hang on a sec" is waiting.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ... import content
from ...record import record

# The kinds of answer. Every question reads each of them (questions.py); the player reads the
# ones that mean something outside a question.
YES, NO, UNSURE, ACK, NEXT, WAIT, STOP, THANKS = "yes", "no", "unsure", "ack", "next", "wait", "stop", "thanks"
# The kinds that free words can open with, read as that kind wherever a question reads words.
OPENING_KINDS = (YES, NO, UNSURE, ACK, NEXT, WAIT, STOP, THANKS)
KINDS = (YES, NO, UNSURE, ACK, NEXT, WAIT, STOP, THANKS, "skip", "back", "repeat", "start_over", "resume", "side",
         "hold", "longer", "shorter", "time_left", "slower", "faster", "help", "routine", "session", "quick", "list",
         "symptom", "pain", "question", "words", "gentle", "normal", "cleared", "forget", "memory", "feedback",
         "time_complaint", "flow", "step_mode", "elsewhere", "clarify", "hesitate", "undo", "fallback")


# kind: one of KINDS; value: a routine id, a side, seconds, a pain level, a topic id; words: what
# was heard, when a slot carried it. A named tuple as a class statement (release_coach/record.py):
# it is made at import, which every Lambda cold start pays for, and namedtuple's is slower to make.
@record
class Answer(tuple):
    __slots__ = ()

    def __new__(cls, kind, value=None, words=None):
        return tuple.__new__(cls, (kind, value, words))


_WORD = r"[a-z0-9']+"  # compiled by re on first use, not at import (cold starts)


def words_of(text: str) -> list[str]:
    """Lower-case words with the apostrophes people (and recognisers) use: "I'm", "don't"."""
    return re.findall(_WORD, text.lower().replace("\u2019", "'"))


# A first person a carrier took ("I {query}" leaves "am not really sure", "will leave it there"):
# put back as it is usually said.
_SUBJECT_TAKEN = {"am": ("i'm",), "will": ("i'll",), "would": ("i'd",), "think": ("i", "think"),
                  "guess": ("i", "guess"), "reckon": ("i", "reckon"), "suppose": ("i", "suppose")}


def _with_subject(words) -> tuple[str, ...]:
    words = tuple(words)
    return _SUBJECT_TAKEN[words[0]] + words[1:] if words and words[0] in _SUBJECT_TAKEN else words


@lru_cache(maxsize=4)
def _lexicon(language: str) -> tuple[tuple[tuple[str, ...], ...], list[tuple[tuple[str, ...], str]]]:
    data = content.load(language, "answers.json")
    fillers = tuple(sorted((tuple(words_of(f)) for f in data["fillers"]), key=len, reverse=True))
    rank = {kind: i for i, kind in enumerate(data["order"])}
    phrases = [(tuple(words_of(p)), kind) for kind, ps in data["kinds"].items() for p in ps]
    # Openings that are no answer ("never know how ..."): kind None, so the words are read as themselves.
    phrases += [(tuple(words_of(p)), None) for p in data["not_answers"]["phrases"]]
    # Longest phrase first, so "i don't know" (unsure) wins over "i don't" (no), "never know" over "never".
    phrases.sort(key=lambda pk: (-len(pk[0]), rank.get(pk[1], -1)))
    return fillers, phrases


def without_fillers(words: list[str], language: str = "en") -> list[str]:
    fillers, _ = _lexicon(language)
    changed = True
    while changed and words:
        changed = False
        for filler in fillers:
            if tuple(words[:len(filler)]) == filler and len(words) > len(filler):
                words, changed = words[len(filler):], True
                break
    return words


def opening_kind(text: str | None, language: str = "en") -> str | None:
    """The kind of answer the words open with ("nah, it's been ages" -> no), or None."""
    if not text:
        return None
    words = _with_subject(without_fillers(words_of(text), language))
    _, phrases = _lexicon(language)
    return next((kind for phrase, kind in phrases if tuple(words[:len(phrase)]) == phrase), None)


# Words that open a statement about oneself: what follows tells something, and is read as told.
_FIRST_PERSON = frozenset(("i", "i'm", "im", "i've", "i'd", "i'll", "my", "mine", "myself", "we", "we're", "our"))


def _base(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and len(word) > 3 else word


@lru_cache(maxsize=4)
def _about_asking(language: str) -> frozenset[str]:
    return frozenset(_base(w) for w in content.load(language, "answers.json")["about_asking"])


def is_clarification(words: str | None, asked: str, language: str = "en") -> bool:
    """A question about the question just asked ("what sort of injury", "why are you asking me
    that", "what do you mean, like anything?"): its words tell nothing new. Every word echoes the
    question or is a word about asking and meaning; nothing is said in the first person ("what if
    I fell last week" tells something, and is read as told)."""
    said = words_of(words or "")
    if _FIRST_PERSON & set(said):
        return False
    echo = {_base(w) for w in words_of(asked)} | _about_asking(language)
    return all(_base(w) in echo for w in said)
