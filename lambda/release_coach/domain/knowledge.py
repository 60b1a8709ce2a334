"""Answers to questions about the article, from content/en/knowledge.json.

The coach calls `answer(text, topic)` with the words of a question (after triage has looked at
them) and says the entry's text, or, on None, the honest "I can't answer that one" naming
`closest(text)`. Retrieval is a small BM25 index over each entry's name, synonyms, example
questions and answer (domain/kb_index.py), with lay words folded and misheard terms repaired
(domain/kb_words.py). Nothing is imported or built until the first question: cold starts.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from release_coach import content

# Below this score the question is not one the article answers. Chosen on the tuning part of
# tests/data/kb_blind.yaml (tests/knowledge/kb_figures.py prints the sweep).
THRESHOLD = 0.2


class Found(NamedTuple):
    topic: str
    name: str
    text: str
    more: str | None
    confidence: float
    source: str


Answer = Found  # the older name


@lru_cache(maxsize=None)
def _data() -> dict:
    return content.load("en", "knowledge.json")


@lru_cache(maxsize=None)
def _entries() -> dict[str, dict]:
    return {entry["id"]: entry for entry in _data()["topics"]}


@lru_cache(maxsize=None)
def _index():
    from .kb_index import Index

    return Index(list(_entries().values()), _data().get("outside", {}).get("topics", []))


@lru_cache(maxsize=None)
def _by_slot_value() -> dict[str, str]:
    from .kb_words import clean

    table = {}
    # A value or synonym of the slot type first (Alexa resolves those), then names, then ids.
    for field in ("synonyms", "name", "id"):
        for entry in _entries().values():
            phrases = entry["synonyms"] if field == "synonyms" else [entry[field].replace("_", " ")]
            for phrase in phrases:
                table.setdefault(" ".join(clean(phrase)), entry["id"])
    return table


def threshold() -> float:
    return THRESHOLD


def rank(text: str | None) -> list[tuple[str, float]]:
    """Every entry with its score for this question, best first."""
    return [(s.id, s.score) for s in _index().rank(text)]


def _found(entry_id: str, confidence: float) -> Found:
    e = _entries()[entry_id]
    return Found(e["id"], e["name"], e["answer"], e.get("more"), round(confidence, 3), e["source"])


# The question intents of interactionModels/parts/knowledge.json and the words their carriers
# begin with. Alexa hands over only the slot ("per side" of "how long per side"); passing these
# back as `topic` puts the question's shape into the words scored.
SHAPES = {"WhatQuestionIntent": "what", "HowQuestionIntent": "how", "HowLongQuestionIntent": "how long",
          "HowHardQuestionIntent": "how hard", "HowOftenQuestionIntent": "how often",
          "ShouldQuestionIntent": "should", "CanQuestionIntent": "can", "OkayQuestionIntent": "is it okay", "DoesQuestionIntent": "does", "WhyQuestionIntent": "why",
          "WhoQuestionIntent": "who", "WhenQuestionIntent": "when", "WhereQuestionIntent": "where",
          # A condition ("if it's getting worse ...") and a tail that asks whether to go on ("when
          # should I stop", "it's sore, should I keep going"): the tail is the question.
          "ConditionalQuestionIntent": "if", "StopOrGoQuestionIntent": "should I stop",
          # Carriers that take the words that are the question; the shape says them again.
          "WhatCausesQuestionIntent": "what causes", "WhatHelpsQuestionIntent": "what eases",
          # Asking a term's name ("what do you call the long smooth strokes"): the answer is a term.
          "WhatCalledQuestionIntent": "what is it called",
          # "what kind of doctor ...": the kind asked is the question's shape (who, which ball).
          "WhatKindQuestionIntent": "what kind of", "WhatPositionQuestionIntent": "what position",
          # An opinion asked for, before or after the words ("physio or chiro, what do you reckon").
          "OpinionQuestionIntent": "what do you reckon"}


def content_tokens(text: str | None) -> frozenset[str]:
    """The tokens these words reach the index as (lay words folded, function words gone)."""
    return frozenset(_index().tokens(text)[0])


def shape_of(intent: str | None) -> str | None:
    """The words a question intent's carriers begin with ("how long"), or None."""
    return SHAPES.get(intent or "")


def _scored_words(text: str | None, topic: str | None) -> str | None:
    """The words answer() scores when `topic` names no entry: the topic's words, then the text."""
    return " ".join(part for part in (topic, text) if part) if topic else text


def is_outside(text: str | None = None, topic: str | None = None) -> bool:
    """Whether this question is nearest one the article doesn't answer (an `outside` entry). Said
    without its shape ("how long" of "how long till it's fixed") it may read as one it answers:
    the honest answer must not be lost by asking again with fewer words."""
    if topic and (topic in _entries() or _by_slot_value().get(topic.lower()) is not None):
        return False
    ranked = _index().rank(_scored_words(text, topic))
    return bool(ranked) and ranked[0].score >= THRESHOLD and ranked[0].id not in _entries()


def answer(text: str | None = None, topic: str | None = None) -> Found | None:
    """The entry that answers this question, or None when nothing reaches the threshold.

    `topic` is a TOPIC slot: an entry id, or a value or synonym of the slot type, answered
    directly; any other words in it (an unresolved value, or shape_of(intent)) are scored
    with `text`."""
    if topic:
        if topic in _entries():
            return _found(topic, 1.0)
        from .kb_words import clean

        wanted = _by_slot_value().get(" ".join(clean(topic)))
        if wanted is not None:
            return _found(wanted, 1.0)
        text = _scored_words(text, topic)
    ranked = _index().rank(text)
    if not ranked or ranked[0].score < THRESHOLD or ranked[0].id not in _entries():
        return None  # too far from everything, or nearest a question the article doesn't answer
    return _found(ranked[0].id, ranked[0].score)


def closest(text: str | None, n: int = 3) -> list[str]:
    """The spoken names of the n topics nearest this question, one per family, for "I can't
    answer that one; I can tell you about X, Y or Z". Never empty: with nothing near, the
    topics people ask most."""
    names, families = [], set()
    for scored in _index().rank(text):
        if scored.score <= 0 or len(names) >= n:
            break
        entry = _entries().get(scored.id)
        if entry is None:
            continue
        family = family_of(scored.id)
        if family not in families:
            families.add(family)
            names.append(_entries()[family]["name"] if family in _entries() else entry["name"])
    for name in _data()["closest_default"]:
        if len(names) >= n:
            break
        if name not in names:
            names.append(name)
    return names


def family_of(topic: str) -> str:
    """The family an entry belongs to (its own id when it has none)."""
    entry = _entries()[topic]
    return entry.get("family", entry["id"])


def topic_ids() -> tuple[str, ...]:
    return tuple(_entries())


def topics_summary() -> str:
    """What the knowledge base covers, as a list to speak after "I can tell you about"."""
    return _data()["summary"]
