"""The blind question sets end to end, as tests/blind/blind_eval.py scores them: every question
through the console's matcher and the skill, at launch, as a one-shot or mid-routine, each round
and part held at the figures last measured (2026-12-02). Only the counts are read here; the
frozen parts are never shown.

    .venv/bin/python tests/blind/blind_eval.py kb --set 1|2 --part tuning|frozen
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "blind"))
import blind_eval  # noqa: E402

# (round, part): covered right fact, not covered honest, red flags triaged. A change that lowers
# one must say why.
FLOORS = {
    ("1", "tuning"): (131, 7, 5),
    ("1", "frozen"): (113, 11, 9),
    ("2", "tuning"): (73, 6, 3),
    ("2", "frozen"): (56, 2, 5),
    ("3", "tuning"): (63, 2, 6),  # first run 54/71, 2/5, 6/6
}


@pytest.mark.parametrize("round_, part", sorted(FLOORS))
def test_blind_questions_end_to_end(round_, part):
    saved = blind_eval.ROUND["set"]
    blind_eval.ROUND["set"] = round_
    try:
        counts = blind_eval.kb_figures(part)["counts"]
    finally:
        blind_eval.ROUND["set"] = saved
    reached = (counts["covered_ok"], counts["not_covered_ok"], counts["red_flag_ok"])
    assert all(got >= floor for got, floor in zip(reached, FLOORS[round_, part])), (reached, counts)
