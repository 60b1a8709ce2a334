"""Safety triage as a pure function of the words said.

    text -> tokens (text.py) -> clauses of concept mentions (reading.py, lexicon.py)
         -> signs, confirmations and pain levels (rules.py)

Everything it knows is data in content/en/lexicon.json, loaded on first use. The tiers, most
serious first: general_emergency (chest pain, stroke, breathing, self-harm, clot, allergy),
emergency (cauda equina signs), confirm (a red-flag concept whose sign is unclear: ask one
yes/no question), professional (see someone before massage), self_care.
"""
from __future__ import annotations

from typing import NamedTuple

from .reading import read
from .rules import confirmations, hits, pain_rules, signs
from .text import normalise

GENERAL_EMERGENCY = "general_emergency"
EMERGENCY = "emergency"
CONFIRM = "confirm"
PROFESSIONAL = "professional"
SELF_CARE = "self_care"
TIER_RANK = {GENERAL_EMERGENCY: 0, EMERGENCY: 1, CONFIRM: 2, PROFESSIONAL: 3, SELF_CARE: 4}

__all__ = ["Triage", "Result", "triage", "classify_pain", "check_during_hold", "normalise", "GENERAL_EMERGENCY",
           "EMERGENCY", "CONFIRM", "PROFESSIONAL", "SELF_CARE", "TIER_RANK"]


class Triage(NamedTuple):
    """What was said, sorted.

    tier       the most serious reading;
    sign       its sign id (for "confirm": the sign a yes would confirm);
    matched    the words that showed it;
    signs      every sign found, most serious first;
    confirm    for tier "confirm": the confirmation question's id (safety.confirmation(id));
    otherwise  for tier "confirm": (tier, sign) to act on when the answer is no.
    """

    tier: str
    sign: str | None = None
    matched: str | None = None
    signs: tuple[str, ...] = ()
    confirm: str | None = None
    otherwise: tuple[str, str | None] = (SELF_CARE, None)

    @property
    def is_emergency(self) -> bool:
        return self.tier in (EMERGENCY, GENERAL_EMERGENCY)

    @property
    def needs_professional(self) -> bool:
        return self.tier == PROFESSIONAL


Result = Triage


def _confirmation_target(confirm_id: str) -> tuple[str, str]:
    from release_coach import content

    entry = content.load("en", "safety.json")["confirmations"][confirm_id]
    return entry["tier"], entry["sign"]


def triage(text: str | None) -> Triage:
    """Sort what someone said into a tier (see the module docstring)."""
    clauses = read(text)
    found = sorted(hits(signs(), clauses), key=lambda h: TIER_RANK[h.rule.tier])
    ids = tuple(dict.fromkeys(h.rule.id for h in found))
    top = found[0] if found else None
    if top and top.rule.tier in (GENERAL_EMERGENCY, EMERGENCY):
        return Triage(top.rule.tier, top.rule.id, top.evidence, ids)
    for hit in hits(confirmations(), clauses):
        tier, sign = _confirmation_target(hit.rule.id)
        if sign in ids or (top and TIER_RANK[top.rule.tier] <= TIER_RANK[tier]):
            continue
        otherwise = (top.rule.tier, top.rule.id) if top else (SELF_CARE, None)
        return Triage(CONFIRM, sign, hit.evidence, ids, hit.rule.id, otherwise)
    if top:
        return Triage(top.rule.tier, top.rule.id, top.evidence, ids)
    return Triage(SELF_CARE)


def classify_pain(text: str | None) -> str | None:
    """For words said during a hold: "severe", "stop", "mild", or None when nothing hurts.

    A negated pain word counts for nothing ("it doesn't hurt"); negated comfort is pain
    ("that isn't the nice kind of sore"); good pain and tenderness are mild."""
    found = hits(pain_rules(), read(text))
    return found[0].rule.id if found else None


def check_during_hold(text: str | None) -> str | None:
    """One decision for anything said mid-hold, most serious first: "general_emergency",
    "emergency", "confirm", "professional", "severe", "stop", "mild" or None.

    A new nerve sign, an injury or a long-standing problem stops the hold and refers. Pain
    that is getting worse right now ("it's hurting more each second") is a reason to stop the
    hold and offer options, not a referral."""
    found = triage(text)
    if found.tier in (GENERAL_EMERGENCY, EMERGENCY, CONFIRM):
        return found.tier
    pain = classify_pain(text)
    worsening_now = found.sign == "persistent_worse" and pain in ("severe", "stop")
    if found.tier == PROFESSIONAL and not worsening_now:
        return PROFESSIONAL
    return pain
