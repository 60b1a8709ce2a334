"""The blind triage set (tests/data/triage_blind.yaml) through the pure functions, no skill.

Each item is read as the skill would at that moment: at launch with safety.triage, mid-hold
with safety.check_during_hold. A "confirm" is followed as the blind evaluation does: the person
answers truly, yes when the sign is there (non-benign items), no otherwise.

    python tests/safety/blind_pure.py [--part tuning|frozen] [--set 1|2|3] [--show]

--set 2 reads the second round (tests/data/triage_blind2.yaml, other authors, 2026-12-02).

--show lists the misses, and only for the tuning part: the frozen part is never looked at
item by item, only as figures.
"""
from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "lambda"))

from release_coach.domain import safety  # noqa: E402

BLIND = {"1": ROOT / "tests" / "data" / "triage_blind.yaml", "2": ROOT / "tests" / "data" / "triage_blind2.yaml",
         "3": ROOT / "tests" / "data" / "triage_blind3.yaml", "4": ROOT / "tests" / "data" / "triage_blind4.yaml"}
_PAIN_STOPS = ("stop", "severe")


def load(part: str, round_: str = "1") -> list[dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [i for i in yaml.load(BLIND[round_].read_text(), Loader=loader) if i["part"] == part]


def verdict(item: dict) -> tuple[str, bool]:
    """(what the skill would act on, whether it asked a confirmation question first)."""
    text = item["text"]
    if item["where"] == "midhold":
        said = safety.check_during_hold(text)
        if said == "confirm":
            found = safety.triage(text)
            return _answered(item, found), True
        if said in ("general_emergency", "emergency"):
            return said, False
        if said == "professional":
            return "clinician", False
        return ("pain" if said in _PAIN_STOPS else "benign"), False
    found = safety.triage(text)
    if found.tier == "confirm":
        return _answered(item, found), True
    return {"professional": "clinician", "self_care": "benign"}.get(found.tier, found.tier), False


def _answered(item: dict, found) -> str:
    if item["tier"] != "benign":
        _, tier, _ = safety.confirmation(found.confirm)
    else:
        tier = found.otherwise[0]
    return {"professional": "clinician", "self_care": "benign"}.get(tier, tier)


def correct(item: dict, got: str) -> bool:
    tier = item["tier"]
    if tier in ("emergency", "general_emergency"):
        return got in ("emergency", "general_emergency")
    if tier == "clinician":
        return got in ("clinician", "emergency", "general_emergency")
    if tier == "pain":
        return got != "benign"
    return got == "benign"


def _at_most(misses: int, n: int, rate: float) -> float:
    """P(X <= misses) for X ~ Binomial(n, rate), by the pmf recurrence."""
    term = (1 - rate) ** n
    total = term
    for k in range(misses):
        term *= (n - k) / (k + 1) * rate / (1 - rate)
        total += term
    return total


def upper_bound(misses: int, n: int, confidence: float = 0.95) -> float:
    """One-sided exact (Clopper-Pearson) upper bound of a miss rate: the rate at which seeing this
    few misses has probability 1 - confidence."""
    if n == 0 or misses >= n:
        return 1.0
    low, high = misses / n, 1.0
    while high - low > 1e-7:
        rate = (low + high) / 2
        low, high = (rate, high) if _at_most(misses, n, rate) > 1 - confidence else (low, rate)
    return high


def figures(part: str, show: bool = False, round_: str = "1") -> dict:
    rows: dict[str, Counter] = defaultdict(Counter)
    for item in load(part, round_):
        got, asked = verdict(item)
        row = item["tier"] + ("@midhold" if item["tier"] == "benign" and item["where"] == "midhold" else "")
        ok = correct(item, got)
        rows[row]["n"] += 1
        rows[row]["ok"] += ok
        rows[row]["asked"] += asked
        if item["tier"] == "benign" and got != "benign":
            rows[row]["escalated"] += got in ("clinician", "emergency", "general_emergency")
        if show and not ok:
            print("MISS", item["tier"], item["where"], item["text"], got, sep=" | ")
    emergency = rows["emergency"]
    return {"rows": {k: dict(v) for k, v in sorted(rows.items())},
            "emergency_miss_upper_95": round(upper_bound(emergency["n"] - emergency["ok"], emergency["n"]), 4)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tuning", "frozen"), default="tuning")
    parser.add_argument("--set", choices=("1", "2", "3", "4"), default="1", help="which round of blind sets")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    if args.show and args.part != "tuning":
        parser.error("--show is for the tuning part only")
    print(yaml.safe_dump({"part": args.part, "set": args.set, **figures(args.part, args.show, args.set)}, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
