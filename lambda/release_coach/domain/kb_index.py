"""A small BM25 index over the knowledge base's entries, built on first use.

Each entry is one document made of weighted fields: its spoken name and synonyms count double,
its example questions and its answer once. Questions and documents are tokenised the same way
(domain/kb_words.py). A question scores each entry by BM25, divided by the most the question
could score (every word matched, saturated), so scores run 0 to 1 and one threshold fits
questions of every length. A word no entry uses still counts in that divisor, at the weight of
the rarest word: "can I take ibuprofen" must score low, not be read as "can I take".
Entries whose `cues` include the question's shape ("how long" -> timing) get a small bonus.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from . import kb_words as W
from .kb_lexicon import CONTEXT, CONTEXT_WEIGHT, LEXICON

# A list of outside words is all a question the article doesn't answer has to go on; it weighs most.
FIELD_WEIGHTS = {"name": 2.0, "synonyms": 2.0, "questions": 1.0, "answer": 1.0, "outside": 3.0}
K1 = 2.0
B = 0.5
# How much a word no entry uses weighs, next to the rarest word that some entry does use.
UNKNOWN_WEIGHT = 0.8
# The share of the score that comes from the closest stored phrasing rather than the whole entry.
QUESTION_WEIGHT = 0.2
# Added to the score of an entry that answers the question's shape; a "who" question can only
# be answered by people, so it leans harder.
CUE_BONUS = 0.1
STRONG_CUES = {"who": 0.3}
# ... and an entry that answers only "who" is no answer to "when should I see a doctor": a
# question of another of these shapes, and not "who", takes that lean away.
OTHER_SHAPES = {"who": frozenset({"when", "where", "why", "timing", "frequency"})}
# A comparison ("is a peanut ball better than a tennis ball") with a thing only the outside lists
# name is a question the article doesn't answer, however much of it the article covers.
COMPARED_OUTSIDE = 0.3
# Breaks near ties toward the entry that states more facts: "the ball" alone is best answered by
# the whole ball release, not by which ball to buy.
BREADTH_BONUS = 0.03
# Shortest word the repairer may produce: the knowledge base's own long, rare words.
_TERM_LENGTH = 6


class Scored(NamedTuple):
    id: str
    score: float


class _Doc(NamedTuple):
    id: str
    tf: dict[str, float]
    length: float
    cues: frozenset[str]
    breadth: float  # the share of the most rows any entry states: broad answers win close calls
    asked: tuple[frozenset[str], ...]  # token sets of its name, synonyms and example questions


OUTSIDE = "outside:"


def _field_texts(entry: dict) -> dict[str, list[str]]:
    if "words" in entry:  # a question the article doesn't answer
        return {"outside": list(entry["words"])}
    return {
        "name": [entry["name"]],
        "synonyms": list(entry.get("synonyms", ())),
        "questions": list(entry.get("questions", ())),
        "answer": [entry["answer"]],
    }


class Index:
    """`entries` are the topics; `outside` the near questions the article doesn't answer, indexed
    under "outside:<id>" so that a question nearest one of them is known to be unanswered."""

    def __init__(self, entries: list[dict], outside: list[dict] = ()):
        entries = [*entries, *({**o, "id": OUTSIDE + o["id"]} for o in outside)]
        raw_words: set[str] = set()
        outside_words: set[str] = set()
        docs = []
        for entry in entries:
            tf: dict[str, float] = {}
            asked = []
            for field, texts in _field_texts(entry).items():
                for text in texts:
                    words = W.clean(text)
                    raw_words.update(words)
                    tokens = W.content_tokens(W.fold(words))
                    for token in tokens:
                        tf[token] = tf.get(token, 0.0) + FIELD_WEIGHTS[field]
                    if field != "answer" and tokens:
                        asked.append(frozenset(tokens))
                    if field == "outside":
                        outside_words.update(words)
            docs.append(_Doc(entry["id"], tf, sum(tf.values()), frozenset(entry.get("cues", ())),
                             float(len(entry.get("rows", ()))), tuple(asked)))
        widest = max(d.breadth for d in docs) or 1.0
        docs = [d._replace(breadth=d.breadth / widest) for d in docs]
        topics = [d.length for d in docs if not d.id.startswith(OUTSIDE)]
        self.average_length = sum(topics) / len(topics)
        # A list of outside words is long by nature; it isn't penalised for that.
        docs = [d._replace(length=self.average_length) if d.id.startswith(OUTSIDE) else d for d in docs]
        self.docs = tuple(docs)
        df: dict[str, int] = {}
        for doc in docs:
            for token in doc.tf:
                df[token] = df.get(token, 0) + 1
        n = len(docs)
        topic_tokens = {t for doc in docs if not doc.id.startswith(OUTSIDE) for t in doc.tf}
        self.outside_only = frozenset(t for doc in docs if doc.id.startswith(OUTSIDE) for t in doc.tf) - topic_tokens
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) * (CONTEXT_WEIGHT if t in CONTEXT else 1.0)
                    for t, f in df.items()}
        self.unknown_idf = UNKNOWN_WEIGHT * max(self.idf.values())
        # What rank() needs per entry, worked out once: its words, its length norm, and each
        # stored phrasing with its weight.
        self._prepared = tuple(
            (doc, frozenset(doc.tf), K1 * (1 - B + B * doc.length / self.average_length),
             tuple((asked, sum(self.idf[t] for t in asked)) for asked in doc.asked))
            for doc in docs)
        lexicon_words = {w for concept, phrases in LEXICON.items() for p in (concept, *phrases) for w in W.clean(p)}
        known = raw_words | lexicon_words | set(df) | {W.stem(w) for w in raw_words | lexicon_words}
        named = {w for entry in entries if "name" in entry
                 for text in (entry["name"], *entry.get("synonyms", ())) for w in W.clean(text)}
        # The repairer makes the knowledge base's own words, never an outside one: a misheard word
        # must not become "evening" or "ibuprofen".
        terms = {w for w in named | lexicon_words | (raw_words - outside_words)
                 if w not in W.STOPWORDS and (len(w) >= _TERM_LENGTH or w in named and len(w) >= 4)}
        self.repairer = W.Repairer(terms, known)

    def tokens(self, text: str | None) -> tuple[list[str], frozenset[str]]:
        """A question's content tokens, and its shapes."""
        words = W.clean(text)
        return W.content_tokens(W.fold(self.repairer.repair(words))), W.shapes(words)

    def weight(self, token: str) -> float:
        return self.idf.get(token, self.unknown_idf)

    def rank(self, text: str | None) -> list[Scored]:
        """Every entry with its score for this question, best first; [] if it has no content words."""
        tokens, shapes = self.tokens(text)
        query = frozenset(tokens)
        if not query:
            return []
        weights = {t: self.weight(t) for t in query}
        query_weight = sum(weights.values())
        ceiling = query_weight * (K1 + 1)
        compared = query & self.outside_only if "which" in shapes else frozenset()
        scored = []
        for doc, terms, norm, asked in self._prepared:
            shared = query & terms
            if not shared:
                scored.append(Scored(doc.id, 0.0))
                continue
            total = sum(weights[t] * doc.tf[t] * (K1 + 1) / (doc.tf[t] + norm) for t in shared)
            closest = max((2 * sum(weights[t] for t in query & phrase) / (query_weight + weight)
                           for phrase, weight in asked if not phrase.isdisjoint(query)), default=0.0)
            score = (1 - QUESTION_WEIGHT) * total / ceiling + QUESTION_WEIGHT * closest
            if shapes & doc.cues:
                score += max(STRONG_CUES.get(shape, CUE_BONUS) for shape in shapes & doc.cues)
            if compared & terms:
                score += COMPARED_OUTSIDE
            score -= sum(CUE_BONUS for cue, others in OTHER_SHAPES.items()
                         if cue in doc.cues and cue not in shapes and shapes & others)
            scored.append(Scored(doc.id, score + BREADTH_BONUS * doc.breadth))
        return sorted(scored, key=lambda s: s.score, reverse=True)
