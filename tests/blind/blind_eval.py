"""Scores the skill, end to end, on the blind sets in tests/data/*_blind.yaml.

Every phrase goes through the console's matcher and a real envelope, as `coach talk` sends it:
triage phrasings right after "open release coach" (pain and mid-hold items 20 s into a hold of the
ball release), knowledge questions at launch, as a one-shot, or mid-routine. The verdict of each
comes from the reply tags the skill leaves in the session attribute "reply".

    python tests/blind/blind_eval.py triage|kb|conversations [--part tuning|frozen|all] [--set 1|2|3] [--show]

--set 2 scores the second round (tests/data/*_blind2.yaml, written 2026-12-02 by other authors
from the same briefs, after the first round's tuning had saturated).

--show lists the misses; use it on the tuning part only (the frozen part is never looked at).
"""
from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "conversations"))

import harness  # noqa: E402

DATA = HERE.parent / "data"
ESCALATED = ("triage:emergency", "triage:general_emergency", "triage:professional", "triage:blocked")


ROUND = {"set": "1"}  # which round of sets `load` reads; main() sets it from --set


def load(kind: str, part: str = "all") -> list[dict]:
    suffix = "" if ROUND["set"] == "1" else ROUND["set"]
    items = yaml.safe_load((DATA / f"{kind}_blind{suffix}.yaml").read_text())
    return [i for i in items if part == "all" or i["part"] == part]


def _verdict(said: harness.Said) -> str:
    tags = said.tags
    if "triage:general_emergency" in tags:
        return "general_emergency"
    if "triage:emergency" in tags:
        return "emergency"
    if "triage:professional" in tags or "triage:blocked" in tags:
        return "clinician"
    if any(t in ("pain:stop", "pain:end") for t in tags):
        return "pain"
    if said.has("ask:confirm"):
        return "confirm"
    return "benign"


def said_at(where: str, text: str, user: str) -> tuple[harness.Player, harness.Said]:
    p = harness.new_player(user)
    if where == "midhold":
        harness.SETUPS["mid_hold"](p)
    elif where == "midroutine":
        harness.SETUPS["after_hold"](p)
    elif where == "oneshot":
        return p, p.say(f"ask release coach {text}")
    else:
        p.say("open release coach")
    return p, p.say(text)


def triage_item(item: dict, n: int) -> dict:
    p, said = said_at(item["where"], item["text"], f"triage-{n}")
    verdict = _verdict(said)
    asked = verdict == "confirm"
    if asked:
        # The person answers the confirmation question truly: yes if the sign is there.
        answer = "no" if item["tier"] == "benign" else "yes"
        verdict = _verdict(p.say(answer))
    tier = item["tier"]
    if tier in ("emergency", "general_emergency"):
        ok = verdict in ("emergency", "general_emergency")
    elif tier == "clinician":
        ok = verdict in ("clinician", "emergency", "general_emergency")
    elif tier == "pain":
        ok = verdict != "benign" and verdict != "confirm"
    else:
        ok = verdict in ("benign", "pain") if item["where"] == "midhold" else verdict == "benign"
        if item["where"] == "midhold" and verdict == "pain":
            ok = False  # good pain must not stop the hold
    return {"ok": ok, "asked": asked, "verdict": verdict, "exact": verdict == tier}


def upper_bound(misses: int, n: int, confidence: float = 0.95) -> float:
    """One-sided exact (Clopper-Pearson) upper bound of a miss rate."""
    if n == 0:
        return 1.0
    if misses >= n:
        return 1.0
    lo, hi = misses / n, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        cdf = sum(math.comb(n, k) * mid ** k * (1 - mid) ** (n - k) for k in range(misses + 1))
        lo, hi = (mid, hi) if cdf > 1 - confidence else (lo, mid)
    return hi


def triage_figures(part: str, show: bool = False) -> dict:
    rows = defaultdict(Counter)
    misses = []
    for n, item in enumerate(load("triage", part)):
        r = triage_item(item, n)
        tier = item["tier"] + ("@midhold" if item["tier"] == "benign" and item["where"] == "midhold" else "")
        rows[tier]["n"] += 1
        rows[tier]["ok"] += r["ok"]
        rows[tier]["asked"] += r["asked"]
        rows[tier]["exact"] += r["exact"]
        if not r["ok"]:
            misses.append((item["tier"], item["where"], item["text"], r["verdict"]))
    if show:
        for miss in misses:
            print("MISS", *miss, sep=" | ")
    emergencies = rows["emergency"]
    bound = upper_bound(emergencies["n"] - emergencies["ok"], emergencies["n"])
    return {"rows": {k: dict(v) for k, v in sorted(rows.items())}, "emergency_miss_upper_95": round(bound, 4)}


KB_TRIAGED = ("triage:emergency", "triage:general_emergency", "triage:professional", "triage:blocked")


def kb_item(item: dict, n: int, topic_rows: dict[str, set[str]]) -> dict:
    p, said = said_at(item["where"], item["text"], f"kb-{n}")
    if said.has("ask:confirm"):
        said = p.say("yes")
    row = item["row"]
    topics = [t.split(":", 1)[1] for t in said.tags if t.startswith("kb:") and t not in ("kb:unknown", "kb:more")]
    triaged = any(t in KB_TRIAGED for t in said.tags)
    if row == "red_flag":
        return {"ok": triaged, "why": "triaged" if triaged else f"not triaged {said.tags}"}
    if row == "not_covered":
        ok = "kb:unknown" in said.tags
        return {"ok": ok, "why": "" if ok else f"answered {said.tags}"}
    wanted = {row, *item.get("also", [])}
    rows_answered = set().union(*(topic_rows.get(t, set()) for t in topics)) if topics else set()
    if rows_answered & wanted:
        return {"ok": True, "why": ""}
    if triaged and wanted & {"pro_nerve", "pro_bladder", "pro_trauma", "pro_conditions", "pro_persistent"}:
        return {"ok": True, "why": "referred"}
    return {"ok": False, "why": f"{topics or said.tags}"}


def kb_topic_rows() -> dict[str, set[str]]:
    """Which coverage rows each knowledge entry carries (its `rows` field)."""
    import json

    from release_coach import content

    path = Path(content.__file__).parent / "en" / "knowledge.json"
    data = json.loads(path.read_text())
    return {t["id"]: set(t.get("rows", [])) for t in data["topics"]}


def kb_figures(part: str, show: bool = False) -> dict:
    topic_rows = kb_topic_rows()
    counts = Counter()
    by_where = defaultdict(Counter)
    for n, item in enumerate(load("kb", part)):
        r = kb_item(item, n, topic_rows)
        kind = item["row"] if item["row"] in ("red_flag", "not_covered") else "covered"
        counts[kind + "_n"] += 1
        counts[kind + "_ok"] += r["ok"]
        by_where[item["where"]]["n"] += 1
        by_where[item["where"]]["ok"] += r["ok"]
        if show and not r["ok"]:
            print("MISS", item["row"], item["where"], item["text"], r["why"], sep=" | ")
    return {"counts": dict(counts), "by_where": {k: dict(v) for k, v in by_where.items()}}


def conversation_figures(part: str, show: bool = False) -> dict:
    results = [harness.run_scenario(s) for s in load("conversations", part)]
    if show:
        for r in results:
            if not r.passed:
                print("FAIL", r.scenario["id"], r.scenario["setup"], "|", r.failures[0])
    return {"scenarios": len(results), "passed": sum(r.passed for r in results)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("triage", "kb", "conversations"))
    parser.add_argument("--part", choices=("tuning", "frozen", "all"), default="tuning")
    parser.add_argument("--set", choices=("1", "2", "3", "4"), default="1", help="which round of blind sets")
    parser.add_argument("--show", action="store_true", help="list the misses (tuning part only)")
    args = parser.parse_args(argv)
    ROUND["set"] = args.set
    if args.show and args.part != "tuning":
        parser.error("--show is for the tuning part only: the frozen part is never looked at")
    figures = {"triage": triage_figures, "kb": kb_figures, "conversations": conversation_figures}[args.kind]
    result = {args.kind: figures(args.part, args.show), "part": args.part, "set": args.set}
    print(yaml.safe_dump(result, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
