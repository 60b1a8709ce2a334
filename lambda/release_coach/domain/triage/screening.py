"""Reading an answer to one screening question, in words as well as yes and no.

"I don't have any incontinence" and "my groin is not numb" are a no: the question's own
concept, negated. "Well, I came off a ladder in the spring" names the sign itself, so it is a
yes (and a referral). An unsure answer to a red-flag question counts as the sign: "maybe" is a
reason to be checked. Anything else is asked again.
"""
from __future__ import annotations

from functools import lru_cache

from release_coach import content

from . import CONFIRM, SELF_CARE, Triage, triage
from .lexicon import data
from .reading import read
from .text import tokens

_ANSWERS = ("ANSWER_UNSURE", "ANSWER_YES", "ANSWER_NO")


@lru_cache(maxsize=1)
def _not_answers() -> tuple[tuple[str, ...], ...]:
    """Openings that start like a no but are no answer ("never know how long to stay on the
    ball" asks): the dialog's list (content/en/answers.json), in triage's tokens."""
    return tuple(tokens(p) for p in content.load("en", "answers.json")["not_answers"]["phrases"])


def _opening_answer(text: str | None) -> str | None:
    """The kind of answer the first clause opens with, the longest reading winning
    ("I don't know" is unsure, not "I don't"). A weak opening that goes on to say something else
    with no other answer in it ("I think the dog is hungry", "it is fine") answers nothing."""
    clauses = read(text)
    if not clauses:
        return None
    opening = [m for m in clauses[0].mentions if m.concept in _ANSWERS and m.start == 0 and not m.negated]
    if not opening:
        return None
    first = max(opening, key=lambda m: (m.end, -_ANSWERS.index(m.concept)))
    if first.concept == "ANSWER_NO" and any(clauses[0].words[:len(p)] == p for p in _not_answers()):
        return None
    screening = data()["screening"]
    said = " ".join(clauses[0].words[first.start:first.end])
    said_more = len(clauses[0].words) > first.end or len(clauses) > 1
    if said_more and (said in screening["openings_only"] or said in screening["hedges"]):
        # What follows must hedge too ("it's been a bit weird"); "I think it is raining" does not.
        later = [(c, m) for c in clauses for m in c.mentions if c is not clauses[0] or m.start >= first.end]
        if not any(m.concept in ("ANSWER_YES", "ANSWER_UNSURE") and not m.negated
                   and c.text(m) not in screening["openings_only"]
                   for c, m in later):
            return None
    return first.concept


def _names_question(question_id: str, text: str | None) -> bool:
    """Whether the answer names one of the question's concepts, negated."""
    wanted = set(data()["screening"][question_id]["concepts"])
    return any(m.concept in wanted and m.negated and not m.other_person for c in read(text) for m in c.mentions)


def answer_screening(question_id: str, tier: str, text: str | None) -> Triage | None:
    """`tier` is the question's own tier (what a yes means); None when the answer answers nothing."""
    said = triage(text)
    confirms = data()["screening"][question_id]["confirms"]
    if said.tier == CONFIRM and said.confirm in confirms:
        return Triage(tier, question_id, said.matched, (question_id,))
    if said.tier != SELF_CARE:
        return said
    opening = _opening_answer(text)
    negated = _names_question(question_id, text)
    # The triage above found no sign, so the question's own words negated ("my groin is not
    # numb") answer it: no.
    if opening == "ANSWER_NO" or (negated and opening is None):
        return Triage(SELF_CARE)
    if opening in ("ANSWER_YES", "ANSWER_UNSURE"):
        return Triage(tier, question_id, " ".join(read(text)[0].words), (question_id,))
    return None
