"""Routing figures for the triage vignettes and the knowledge-base paraphrases, shared by the
tests and by `python tests/safety/safety_figures.py`, which prints them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
TIERS = ("emergency", "professional", "self_care")
PARTS = ("tune", "heldout")


def vignettes() -> dict[str, dict[str, list[str]]]:
    data = yaml.safe_load((DATA / "vignettes.yaml").read_text())
    for tier in TIERS:
        for part in PARTS:
            for text in data[tier][part]:
                # YAML reads a bare `no` as False; every phrasing must stay a string.
                assert isinstance(text, str), f"{tier}/{part}: {text!r} is not a string; quote it"
    return data


def kb_paraphrases() -> dict:
    data = yaml.safe_load((DATA / "kb_paraphrases.yaml").read_text())
    for part in PARTS:
        for questions in data[part].values():
            assert all(isinstance(q, str) for q in questions)
    assert all(isinstance(q, str) for q in data["off_topic"])
    return data


@dataclass
class Routing:
    """How one set of phrasings was routed, with the misses for the failure message."""

    total: int
    right: int
    misses: list[str]

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


def pure_tier_of(text: str) -> str:
    """safety.triage's tier; a confirmation question is written "confirm:<tier if yes>:<tier if no>"."""
    from release_coach.domain import safety

    result = safety.triage(text)
    if result.tier != "confirm":
        return result.tier
    return f"confirm:{safety.confirmation(result.confirm)[1]}:{result.otherwise[0]}"


_SERIOUS = {"general_emergency": 0, "emergency": 0, "professional": 1, "self_care": 2}


def _routed(got: str, tier: str) -> bool:
    """A confirmation question is answered truly: yes for a red-flag vignette, no for self-care."""
    if got.startswith("confirm:"):
        _, if_yes, if_no = got.split(":")
        got = if_no if tier == "self_care" else if_yes
        if tier != "self_care" and _SERIOUS[got] <= _SERIOUS[tier]:
            return True
    if got == "general_emergency" and tier == "emergency":
        return False
    return got == tier


def route_vignettes(tier_of: Callable[[str], str], parts=PARTS) -> dict[str, Routing]:
    """emergency and professional: share routed to their own tier; self_care: share NOT
    escalated (so over-triage is 1 - share)."""
    data = vignettes()
    result = {}
    for tier in TIERS:
        texts = [t for part in parts for t in data[tier][part]]
        misses = []
        for text in texts:
            got = tier_of(text)
            if not _routed(got, tier):
                misses.append(f"{text!r} -> {got}")
        result[tier] = Routing(len(texts), len(texts) - len(misses), misses)
    return result


def route_kb(parts=PARTS) -> Routing:
    from release_coach.domain import knowledge

    data = kb_paraphrases()
    misses, total = [], 0
    for part in parts:
        for topic, questions in data[part].items():
            for question in questions:
                total += 1
                found = knowledge.answer(text=question)
                if found is None or found.topic != topic:
                    misses.append(f"{question!r} -> {found.topic if found else None} (wanted {topic})")
    return Routing(total, total - len(misses), misses)


def describe(label: str, routing: dict[str, Routing]) -> str:
    e, p, s = (routing[t] for t in TIERS)
    return (f"{label}: emergency {e.right}/{e.total} ({e.share:.0%}), professional {p.right}/{p.total} "
            f"({p.share:.0%}), self-care over-triage {s.total - s.right}/{s.total} ({1 - s.share:.1%})")


def main() -> None:
    tier_of = pure_tier_of
    for parts, label in ((("tune",), "triage, tuning part"), (("heldout",), "triage, held-out part"),
                         (PARTS, "triage, all")):
        print(describe(label, route_vignettes(tier_of, parts)))
    for parts, label in ((("tune",), "kb, tuning part"), (("heldout",), "kb, held-out part"), (PARTS, "kb, all")):
        kb = route_kb(parts)
        print(f"{label}: right topic {kb.right}/{kb.total} ({kb.share:.1%})")


if __name__ == "__main__":
    main()
