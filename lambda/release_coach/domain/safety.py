"""Safety: triage, pain words, the first-run screen and the lines to say, as pure functions.

The reading of words lives in the package release_coach.domain.triage and its lexicon
(content/en/lexicon.json); this module is the seam the coach calls, and the spoken safety
content (content/en/safety.json): lines, reasons, confirmation questions, emergency numbers
and crisis lines per region.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from release_coach import content

from .triage import (CONFIRM, EMERGENCY, GENERAL_EMERGENCY, PROFESSIONAL, SELF_CARE, Result, Triage,
                     check_during_hold, classify_pain, normalise, triage)

__all__ = ["CONFIRM", "EMERGENCY", "GENERAL_EMERGENCY", "PROFESSIONAL", "SELF_CARE", "Result", "Triage",
           "ScreeningQuestion", "answer_screening", "check_during_hold", "classify_pain", "confirmation",
           "crisis_line", "disclaimer", "emergency_line", "emergency_number", "flare_up_question",
           "general_emergency_line", "line", "mentions_clearance", "normalise", "professional_line", "reason",
           "rescreen_after_days", "screening_all_clear", "screening_intro", "screening_questions",
           "symptom_report", "triage", "wants_gentle"]


class ScreeningQuestion(NamedTuple):
    id: str
    tier: str
    text: str


@lru_cache(maxsize=None)
def _data() -> dict:
    return content.load("en", "safety.json")


def symptom_report(symptom: str | None, body_part: str | None = None, negation: str | None = None,
                   also: str | None = None, alternative: str | None = None) -> str | None:
    """One sentence from ReportSymptomIntent's slots, for triage.

    The sample's own words never reach the skill, so the model's samples put every meaningful
    word in a slot: "numb" + "groin" make "numb in my groin"; "no" + "numbness" make "no
    numbness"; and in the "but" samples ("no {symptom} but {also} in my {body_part}") the
    negation stays with the first symptom and the body part goes with the second:
    "no bladder problems, but tingling in my calf". In the "or" samples the negation covers both:
    "no numbness or tingling"."""
    symptom, body_part, negation, also, alternative = (
        (v or "").strip() for v in (symptom, body_part, negation, also, alternative))
    if alternative:
        symptom = f"{symptom} or {alternative}" if symptom else alternative
    if also:
        first = " ".join(p for p in (negation, symptom) if p)
        second = f"{also} in my {body_part}" if body_part else also
        return f"{first}, but {second}" if first else second
    if not symptom and not body_part:
        return negation or None  # "never", said alone, is a no to the question asked
    text = f"{symptom} in my {body_part}" if symptom and body_part else symptom or body_part
    return f"{negation} {text}" if negation else text


def _affirmed(text: str | None, concept: str) -> list:
    from .triage.reading import read

    return [(c, m) for c in read(text) for m in c.mentions if m.concept == concept and not m.negated]


def mentions_clearance(text: str | None) -> bool:
    """True when the speaker says a doctor or therapist has okayed massage ("my physio cleared me").
    A clause that also carries a 'not', 'wait' or 'first' is read as no clearance."""
    return any(not any(m.concept == "CLEARANCE_BLOCK" for m in clause.mentions)
               for clause, _ in _affirmed(text, "CLEARED"))


def wants_gentle(text: str | None) -> bool:
    """True for "go gentle", "I'm having a flare-up", "easy on me" and the like."""
    return bool(_affirmed(text, "GENTLE"))


def _region(locale: str | None) -> str:
    parts = (locale or "").replace("_", "-").split("-")
    return parts[-1].upper() if len(parts) > 1 else ""


def emergency_number(locale: str | None) -> str:
    """The number to call for this Alexa locale, by its region part (en-GB -> GB -> 999).
    Unknown or missing regions get the fallback in safety.json (112, which mobile phones accept
    in most countries)."""
    numbers = _data()["emergency_numbers"]
    return numbers["by_region"].get(_region(locale), numbers["fallback"])


def crisis_line(locale: str | None) -> str:
    """The sentence naming the region's suicide and crisis line (safety.json "crisis_lines")."""
    lines = _data()["crisis_lines"]
    return lines["by_region"].get(_region(locale), lines["fallback"])["text"]


def screening_questions() -> tuple[ScreeningQuestion, ...]:
    """The first-run screen in the order to ask it: emergency signs, then injury, leg, conditions."""
    return tuple(ScreeningQuestion(q["id"], q["tier"], q["text"]) for q in _data()["screening"]["questions"])


def answer_screening(question_id: str, text: str | None) -> Triage | None:
    """Read an answer to one screening question; None when it answers nothing (ask again).

    A sign named in the answer wins ("no, but my leg is numb"). A yes, a worded yes ("I came off
    a ladder in the spring") or an unsure answer ("I think so", "not sure") counts as the sign
    the question asked about. A no, or the question's own concept negated ("my groin is not
    numb"), is self-care. Anything else, such as "it depends", must not be taken as a no."""
    from .triage.screening import answer_screening as read_answer

    question = next((q for q in screening_questions() if q.id == question_id), None)
    if question is None:
        raise ValueError(f"unknown screening question: {question_id!r}")
    return read_answer(question.id, question.tier, text)


def confirmation(confirm_id: str) -> tuple[str, str, str]:
    """The targeted yes/no question for a "confirm" triage, with the tier and sign a yes means."""
    entry = _data()["confirmations"][confirm_id]
    return entry["text"], entry["tier"], entry["sign"]


def line(key: str, **values: str) -> str:
    """A spoken safety line from safety.json "lines", with its placeholders filled in."""
    return _data()["lines"][key]["text"].format(**values)


def reason(sign: str | None) -> str:
    """One sentence saying why this sign needs a professional; the generic one if unknown."""
    reasons = _data()["reasons"]
    return reasons.get(sign or "", reasons["persistent_worse"])["text"]


def professional_line(sign: str | None) -> str:
    return line("professional", reason=reason(sign))


def emergency_line(locale: str | None, sign: str | None = None) -> str:
    """The cauda-equina emergency advice with the locale's number; a general-emergency sign
    (chest, stroke, breathing, self-harm, clot, allergy) gets its own line instead."""
    if sign and sign.startswith("general_"):
        return general_emergency_line(sign, locale)
    return line("emergency", number=emergency_number(locale))


def general_emergency_line(sign: str | None, locale: str | None) -> str:
    """Chest pain, stroke, breathing, clot, allergy: say so plainly and give the emergency number.
    Self-harm: the region's crisis line and the emergency number."""
    number = emergency_number(locale)
    if sign == "general_self_harm":
        return line("crisis", crisis=crisis_line(locale), number=number)
    reasons = _data()["general_reasons"]
    return line("general_emergency", reason=reasons.get(sign or "", reasons["default"])["text"], number=number)


def screening_intro() -> str:
    return _data()["screening"]["intro"]


def screening_all_clear() -> str:
    return _data()["screening"]["all_clear"]


def rescreen_after_days() -> float:
    """How old a screen may be before it is asked again; safety.json "rescreen_why" says why."""
    return float(_data()["rescreen_after_days"])


def disclaimer() -> str:
    return _data()["disclaimer"]["text"]


def flare_up_question() -> str:
    return _data()["flare_up_question"]["text"]
