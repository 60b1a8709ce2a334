"""What each clause says, concept by concept: affirmed, negated, about someone else, or long ago.

A negation reaches forward inside its own clause only, and stops at a word that starts a new
subject ("I don't think I can feel my legs": the "not" is about thinking). A negation word that
is part of a concept ("not able to", "nothing comes out", "no feeling") negates nothing: the
concept is the meaning. "Fine", "okay", "normal" after a concept negate it backwards
("bladder's fine"). Someone else named before a concept ("my mum has osteoporosis") takes it
unless the speaker comes back in ("my husband says I ..."). A clause saying "as a kid" or
"years ago" marks what it holds as long ago; said alone ("but that was years ago") it marks the
clause before it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .lexicon import data, negation_words
from .matching import Occurrence, find
from .text import clauses, tokens

FINE = "FINE"
OTHER_PERSON = "OTHER_PERSON"
FIRST_PERSON = "FIRST_PERSON"
LONG_AGO = "LONG_AGO"
PAST = "PAST"
STRUCTURAL = frozenset({FINE, OTHER_PERSON, FIRST_PERSON, LONG_AGO, PAST, "PSEUDO_NEGATION"})


class Mention(NamedTuple):
    concept: str
    start: int
    end: int
    negated: bool
    other_person: bool


class Clause(NamedTuple):
    words: tuple[str, ...]
    mentions: tuple[Mention, ...]
    long_ago: bool
    past: bool

    def text(self, mention: Mention) -> str:
        return " ".join(self.words[mention.start:mention.end])


@lru_cache(maxsize=None)
def _scope_tables():
    neg = data()["negation"]
    return (frozenset(neg["scope_ends_at"]), frozenset(neg["interjections"]),
            frozenset(neg["interjection_followers"]))


@lru_cache(maxsize=None)
def _transparent() -> tuple[frozenset, frozenset]:
    """Concepts whose words never carry a negation's meaning, and those "fine" never cancels."""
    neg = data()["negation"]
    return frozenset(neg["transparent"]), frozenset(neg["fine_spares"])


def _negation_positions(words: tuple[str, ...], spans: list[tuple[int, int]]) -> list[int]:
    cues = negation_words()
    _, interjections, followers = _scope_tables()
    positions = []
    for i, word in enumerate(words):
        if word not in cues and word not in interjections:
            continue
        if any(a <= i < b for a, b in spans):
            continue
        if word in interjections and (i + 1 == len(words) or words[i + 1] in followers):
            continue  # "no, my leg is numb", "argh no": an answer or an exclamation, not a negation
        positions.append(i)
    return positions


def _negated(words: tuple[str, ...], cue: int, start: int) -> bool:
    if cue >= start:
        return False
    ends_at, _, _ = _scope_tables()
    return not any(w in ends_at for w in words[cue + 1:start])


def _read(words: tuple[str, ...]) -> Clause:
    found = find(words)
    transparent, spared = _transparent()
    cue_words = negation_words()
    # A lone "no" or "nothing" is a negation whatever concept lists it; "not able to" is a meaning.
    meaning = [(o.start, o.end) for o in found if o.concept not in transparent
               and not (o.end - o.start == 1 and words[o.start] in cue_words)]
    cues = _negation_positions(words, meaning)
    pre = {o: any(_negated(words, c, o.start) for c in cues) for o in found}
    fine_at = [o.start for o in found if o.concept == FINE and not pre[o]
               and not any(a <= o.start and o.end <= b and (a, b) != (o.start, o.end) for a, b in meaning)]
    # "like I was wiping somebody else": a person inside a concept's words is part of its meaning.
    people = [o for o in found if o.concept == OTHER_PERSON
              and not any(a <= o.start and o.end <= b and (a, b) != (o.start, o.end) for a, b in meaning)]
    firsts = [o for o in found if o.concept == FIRST_PERSON]
    mentions = []
    for o in found:
        negated = pre[o] or (o.concept not in STRUCTURAL and o.concept not in spared and any(
            q >= o.end and not _scope_break(words, o.end, q) for q in fine_at))
        mentions.append(Mention(o.concept, o.start, o.end, negated, _about_other(o, people, firsts)))
    has = {m.concept for m in mentions if not m.negated}
    return Clause(words, tuple(mentions), LONG_AGO in has, PAST in has)


def _scope_break(words: tuple[str, ...], start: int, end: int) -> bool:
    ends_at, _, _ = _scope_tables()
    return any(w in ends_at for w in words[start:end])


def _about_other(o: Occurrence, people: list[Occurrence], firsts: list[Occurrence]) -> bool:
    """Someone else was named before it, and the speaker did not come back in between."""
    before = [p for p in people if p.end <= o.start]
    if not before:
        return False
    last = max(before, key=lambda p: p.end)
    return not any(last.end <= f.start and f.end <= o.start for f in firsts)


@lru_cache(maxsize=None)
def _carried() -> tuple[frozenset, frozenset]:
    carry = data()["carry"]
    return frozenset(carry["body"]), frozenset(carry["symptoms"])


def _carry_body(before: Clause, clause: Clause) -> Clause:
    """"It feels like I've had an injection down there, numb": a clause with a symptom and no
    body part of its own is about the body parts the clause before it named."""
    body, symptoms = _carried()
    names = {m.concept for m in clause.mentions}
    if names & body or not names & symptoms:
        return clause
    borrowed = tuple(m._replace(start=0, end=0) for m in before.mentions
                     if m.concept in body and not m.negated and not m.other_person)
    return clause._replace(mentions=clause.mentions + borrowed) if borrowed else clause


@lru_cache(maxsize=2048)
def read(text: str | None) -> tuple[Clause, ...]:
    """The clauses of what was said, each with its concept mentions."""
    result = [_read(words) for words in clauses(tokens(text))]
    for i in range(1, len(result)):
        result[i] = _carry_body(result[i - 1], result[i])
    for i in range(1, len(result)):
        # "I had back surgery, but that was years ago": the time belongs to the clause before.
        transparent, _ = _transparent()
        alone = all(m.concept in STRUCTURAL or m.concept in transparent for m in result[i].mentions)
        if result[i].long_ago and alone and not result[i - 1].long_ago:
            result[i - 1] = result[i - 1]._replace(long_ago=True)
    return tuple(result)
