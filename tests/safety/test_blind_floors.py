"""The blind triage sets through the pure functions, as aggregate figures only (tests/safety/blind_pure.py).

Round 1 is tests/data/triage_blind.yaml, round 2 (other authors, 2026-12-02) triage_blind2.yaml.
Floors are what the triage achieves today, so a change that loses ground fails here; raise them
when it gains. On a failure only the figures are shown, never a frozen item: the frozen part is
never looked at one phrase at a time."""
import pytest

from blind_pure import figures

# (round, part) -> row: (at least this many right, at most this many asked a confirmation question)
FLOORS = {
    ("1", "tuning"): {"emergency": (81, 1), "general_emergency": (27, 0), "clinician": (69, 0), "pain": (36, 0),
                      "benign": (34, 0), "benign@midhold": (17, 0)},
    ("1", "frozen"): {"emergency": (81, 1), "general_emergency": (23, 0), "clinician": (53, 0), "pain": (23, 0),
                      "benign": (34, 0), "benign@midhold": (13, 0)},
    ("2", "tuning"): {"emergency": (66, 2), "general_emergency": (22, 0), "clinician": (52, 0), "pain": (22, 0),
                      "benign": (29, 0), "benign@midhold": (14, 0)},
    ("2", "frozen"): {"emergency": (74, 3), "general_emergency": (25, 1), "clinician": (50, 0), "pain": (27, 0),
                      "benign": (23, 1), "benign@midhold": (9, 0)},
}
# Benign phrasings escalated to a referral or an emergency, at most.
ESCALATED_AT_MOST = {("1", "tuning"): 0, ("1", "frozen"): 2, ("2", "tuning"): 0, ("2", "frozen"): 0}


@pytest.mark.parametrize("round_, part", sorted(FLOORS), ids=[f"round {r} {p}" for r, p in sorted(FLOORS)])
def test_blind_set_floors(round_, part):
    rows = figures(part, round_=round_)["rows"]
    _hold_floors(rows, FLOORS[round_, part], f"round {round_} {part}")
    escalated = sum(rows[row].get("escalated", 0) for row in ("benign", "benign@midhold"))
    assert escalated <= ESCALATED_AT_MOST[round_, part], (round_, part, "benign escalated", escalated)


# End to end (tests/blind/blind_eval.py: the console's matcher, real envelopes, the whole skill), where
# the words must first reach triage. Measured 2026-12-02 after the round-2 classes.
END_TO_END_FLOORS = {
    ("1", "tuning"): {"emergency": (81, 2), "general_emergency": (27, 0), "clinician": (69, 0), "pain": (36, 0),
                      "benign": (34, 0), "benign@midhold": (17, 0)},
    ("1", "frozen"): {"emergency": (75, 4), "general_emergency": (19, 1), "clinician": (45, 0), "pain": (22, 0),
                      "benign": (34, 0), "benign@midhold": (13, 0)},
    ("2", "tuning"): {"emergency": (66, 3), "general_emergency": (22, 0), "clinician": (52, 0), "pain": (22, 0),
                      "benign": (29, 0), "benign@midhold": (14, 0)},
    ("2", "frozen"): {"emergency": (67, 4), "general_emergency": (21, 2), "clinician": (47, 0), "pain": (20, 0),
                      "benign": (23, 2), "benign@midhold": (10, 0)},
}


@pytest.mark.parametrize("round_, part", sorted(END_TO_END_FLOORS),
                         ids=[f"round {r} {p}" for r, p in sorted(END_TO_END_FLOORS)])
def test_blind_set_floors_end_to_end(round_, part):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "blind"))
    import blind_eval

    before, blind_eval.ROUND["set"] = blind_eval.ROUND["set"], round_
    try:
        rows = blind_eval.triage_figures(part)["rows"]
    finally:
        blind_eval.ROUND["set"] = before  # other tests read the module's round too
    _hold_floors(rows, END_TO_END_FLOORS[round_, part], f"end to end, round {round_} {part}")


def _hold_floors(rows: dict, floors: dict, label: str) -> None:
    """Each row at least its floor of right answers and at most its ceiling of questions asked."""
    summary = {row: (r["ok"], r["n"], r["asked"]) for row, r in rows.items()}
    print(f"\n{label}: " + ", ".join(f"{row} {ok}/{n} (asked {asked})" for row, (ok, n, asked) in summary.items()))
    for row, (right, asked) in floors.items():
        assert rows[row]["ok"] >= right, (label, row, summary[row])
        assert rows[row]["asked"] <= asked, (label, row, summary[row])
