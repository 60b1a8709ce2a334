"""The blind triage set through the pure functions, as aggregate figures only (tests/safety/blind_pure.py).

Floors are what the triage achieves today, so a change that loses ground fails here; raise them
when it gains. On a failure only the figures are shown, never a frozen item: the frozen part is
never looked at one phrase at a time."""
import pytest

from blind_pure import figures

# row: (at least this many right, at most this many asked a confirmation question)
FLOORS = {
    "tuning": {"emergency": (81, 1), "general_emergency": (27, 0), "clinician": (69, 0), "pain": (36, 0),
               "benign": (34, 0), "benign@midhold": (17, 0)},
    "frozen": {"emergency": (81, 1), "general_emergency": (23, 0), "clinician": (53, 0), "pain": (23, 0),
               "benign": (34, 0), "benign@midhold": (13, 0)},
}
# Benign phrasings escalated to a referral or an emergency, at most.
ESCALATED_AT_MOST = {"tuning": 0, "frozen": 2}


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_blind_set_floors(part):
    rows = figures(part)["rows"]
    summary = {row: (r["ok"], r["n"], r["asked"]) for row, r in rows.items()}
    print(f"\n{part}: " + ", ".join(f"{row} {ok}/{n} (asked {asked})" for row, (ok, n, asked) in summary.items()))
    for row, (right, asked) in FLOORS[part].items():
        assert rows[row]["ok"] >= right, (part, row, summary[row])
        assert rows[row]["asked"] <= asked, (part, row, summary[row])
    escalated = sum(rows[row].get("escalated", 0) for row in ("benign", "benign@midhold"))
    assert escalated <= ESCALATED_AT_MOST[part], (part, "benign escalated", escalated)
