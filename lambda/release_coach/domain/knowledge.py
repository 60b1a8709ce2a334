"""Answers to safety and technique questions, from content/en/knowledge.json.

Matching is small and pure: words are folded to a synonym group or a light stem, weighted by
how few topics use them (IDF), and a topic scores by how much of the question it covers,
blended with its closest stored question. Below the threshold in knowledge.json the answer is
None, so the skill says it can't answer rather than guessing.
"""
from __future__ import annotations

import math
import re
from typing import NamedTuple
from functools import lru_cache

from release_coach import content

_COVERAGE_WEIGHT = 0.6
_CLOSEST_QUESTION_WEIGHT = 0.4
# Breaks ties toward the narrower topic: "the compression technique" is about the compression,
# not the overview of all techniques. Small enough never to lift a score over another.
_SPECIFICITY_WEIGHT = 0.01

_STOPWORDS = frozenset(
    """a an the and or but if of to in on at for with from by about as into onto is are was were be been
    being am do does did doing done have has had having i me my mine myself you your yours we our us it its
    itself they them their this that these those there here what which whom whose how
    can could should would will shall may might must just so too very really quite also then than there
    any some all each every more most much many few lot lots bit little tell know want need please okay ok
    alexa coach release hey hi um uh like get got go going gonna wanna thing things stuff one ones
    out up down over off again still yet time help helps helpful use using instead""".split()
)
# "who", "when", "where" and "not" stay: "who can diagnose it" and "when shouldn't I massage"
# turn on them. "time" and "help" go: "what time is it" and "can you help me" are not about
# hold times or the benefits of massage.

_CONTRACTIONS = [
    (re.compile(r"\bcan'?t\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"n'?t\b"), " not"),
    (re.compile(r"'(s|re|ve|ll|d|m)\b"), " "),
]


class Answer(NamedTuple):
    topic: str
    name: str
    text: str
    more: str | None
    confidence: float
    source: str


class _Topic(NamedTuple):
    id: str
    name: str
    answer: str
    more: str | None
    source: str
    terms: frozenset[str]
    question_terms: tuple[frozenset[str], ...]
    slot_values: frozenset[str]


def _stem(word: str) -> str:
    """Light suffix stripping, enough that 'rolling', 'rolled' and 'rolls' meet."""
    for suffix in ("ing", "edly", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=None)
def _data() -> dict:
    return content.load("en", "knowledge.json")


def _clean(text: str) -> str:
    text = (text or "").lower().replace("\u2019", "'")
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " " + re.sub(r"\s+", " ", text).strip() + " "


@lru_cache(maxsize=None)
def _synonym_table() -> tuple[tuple[str, str], ...]:
    """(phrase, group token) pairs, longest phrase first so 'tennis ball' wins over 'ball'."""
    pairs = []
    for index, group in enumerate(_data()["synonym_groups"]):
        for phrase in group:
            pairs.append((_clean(phrase).strip(), f"syn{index}"))
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def terms(text: str | None) -> frozenset[str]:
    """The informative words of a question: synonyms folded to one token, the rest stemmed."""
    cleaned = _clean(text or "")
    for phrase, token in _synonym_table():
        cleaned = cleaned.replace(f" {phrase} ", f" {token} ")
        cleaned = cleaned.replace(f" {phrase} ", f" {token} ")
    return frozenset(
        word if word.startswith("syn") else _stem(word)
        for word in cleaned.split()
        if word not in _STOPWORDS
    )


@lru_cache(maxsize=None)
def _topics() -> tuple[_Topic, ...]:
    topics = []
    for entry in _data()["topics"]:
        asked = [*entry["questions"], *entry["synonyms"], entry["name"], entry["id"].replace("_", " ")]
        question_terms = tuple(t for t in (terms(q) for q in asked) if t)
        topics.append(
            _Topic(
                id=entry["id"],
                name=entry["name"],
                answer=entry["answer"],
                more=entry.get("more"),
                source=entry["source"],
                terms=frozenset().union(*question_terms),
                question_terms=question_terms,
                slot_values=frozenset(_clean(v).strip() for v in [entry["id"].replace("_", " "), entry["name"], *entry["synonyms"]]),
            )
        )
    return tuple(topics)


@lru_cache(maxsize=None)
def _idf() -> dict[str, float]:
    topics = _topics()
    document_frequency: dict[str, int] = {}
    for topic in topics:
        for term in topic.terms:
            document_frequency[term] = document_frequency.get(term, 0) + 1
    return {term: math.log(1 + len(topics) / df) for term, df in document_frequency.items()}


def _weight(term: str) -> float:
    # A word no topic uses is as informative as the rarest word: "weather" must pull the
    # score down, not vanish from the question.
    return _idf().get(term, math.log(1 + len(_topics())))


def _score(query: frozenset[str], topic: _Topic) -> float:
    total = sum(_weight(t) for t in query)
    if not total:
        return 0.0
    coverage = sum(_weight(t) for t in query & topic.terms) / total
    closest = max(
        2 * sum(_weight(t) for t in query & asked) / (total + sum(_weight(t) for t in asked))
        for asked in topic.question_terms
    )
    specificity = sum(_weight(t) for t in query & topic.terms) / sum(_weight(t) for t in topic.terms)
    return _COVERAGE_WEIGHT * coverage + _CLOSEST_QUESTION_WEIGHT * closest + _SPECIFICITY_WEIGHT * specificity


def rank(text: str | None) -> list[tuple[str, float]]:
    """Every topic with its score for this question, best first."""
    query = terms(text)
    if not query:
        return []
    scored = [(topic.id, _score(query, topic)) for topic in _topics()]
    return sorted(scored, key=lambda item: item[1], reverse=True)


def _prefer_specific(ranked: list[tuple[str, float]]) -> tuple[str, float]:
    """An overview topic ("techniques") gives way to a specific one it lists ("compression")
    when the specific one scores within the margin in knowledge.json."""
    best_id, best_score = ranked[0]
    hubs = _data().get("overviews", {})
    margin = float(hubs.get("margin", 0.0))
    for topic_id, score in ranked[1:]:
        if best_score - score > margin:
            break
        if topic_id in hubs.get(best_id, ()) and score >= threshold():
            return topic_id, score
    return best_id, best_score


def threshold() -> float:
    return float(_data()["threshold"])


def _as_answer(topic: _Topic, confidence: float) -> Answer:
    return Answer(topic.id, topic.name, topic.answer, topic.more, round(confidence, 3), topic.source)


def answer(text: str | None = None, topic: str | None = None) -> Answer | None:
    """Answer by TOPIC slot (an id, or a value or synonym from the slot type) or by free text.

    Returns None when nothing scores at or above the threshold: the skill then says it can't
    answer and names `topics_summary()`."""
    by_id = {t.id: t for t in _topics()}
    if topic:
        wanted = _clean(topic).strip()
        if topic in by_id:
            return _as_answer(by_id[topic], 1.0)
        for candidate in _topics():
            if wanted in candidate.slot_values:
                return _as_answer(candidate, 1.0)
        text = " ".join(part for part in (topic, text) if part)
    ranked = rank(text)
    if not ranked or ranked[0][1] < threshold():
        return None
    best_id, confidence = _prefer_specific(ranked)
    return _as_answer(by_id[best_id], confidence)


def topic_ids() -> tuple[str, ...]:
    return tuple(t.id for t in _topics())


def topics_summary() -> str:
    """What the knowledge base covers, as a list to speak after "I can tell you about"."""
    return _data()["summary"]
