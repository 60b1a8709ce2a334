"""The stricter client: the same corpora through virtual-alexa (bespoken), against `coach serve --dev`.

The console (`coach talk`, the conversation harness) is the optimistic bound of how Alexa hears
people: its matcher forgives fillers and small rewordings. virtual-alexa is the pessimistic one:
bespoken's request builder and sample-based matcher (virtual-core), which nobody here wrote,
match a phrase only if one sample, with its {slots} as wildcards, says it; a phrase no sample
says arrives as AMAZON.FallbackIntent. The skill must behave sensibly under both, so this prints:

  * paraphrases: how many of tests/data/paraphrases.yaml reach the skill as their intended intent;
  * conversations: tests/data/conversations_blind.yaml scenario by scenario, judged clean or not by
    the harness's own judgement (tests/conversations/harness.py), tuning and frozen counted apart;
  * fallbacks: every turn virtual-alexa sent as AMAZON.FallbackIntent, and how many lost the place
    (the routine or the step changed, or the session ended) or the open question (a question was
    open and the reply does not ask it again). Both should be 0.

Not a test: its figures are not goals, only the two bounds side by side. It runs `npm install` in
benchmarks/virtual_alexa/ when node_modules is missing, starts `coach serve --dev` on a free
loopback port with a throwaway SQLite store, and stops it after.

    .venv/bin/python benchmarks/virtual_alexa_bench.py [--show]

--show lists the paraphrase misses and the failing tuning scenarios (never frozen ones).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "tests" / "data"
FALLBACK = "AMAZON.FallbackIntent"
sys.path.insert(0, str(HERE / "virtual_alexa"))

from client import (Driver, Unavailable, dev_server, ensure_virtual_alexa, harness,  # noqa: E402
                    virtual_alexa_players)
from harness_outcomes import place_kept  # noqa: E402


# ----- the figures ------------------------------------------------------------------------------


def paraphrase_figures(driver: Driver, show: bool) -> dict:
    """Each paraphrase said right after "open release coach": which intent reached the skill."""
    data = yaml.safe_load((DATA / "paraphrases.yaml").read_text(encoding="utf-8"))["en-US"]
    counts = Counter()
    misses = []
    for intent, phrases in data.items():
        group = "off_topic" if intent == FALLBACK else "skill_intents"
        for phrase in phrases:
            counts[f"{group}_n"] += 1
            counts["console"] += harness.matcher().match(phrase).intent == intent
            driver.ask(op="new")
            driver.ask(op="hear", text="open release coach")
            answer = driver.ask(op="hear", text=phrase)
            got = ((answer.get("request") or {}).get("intent") or {}).get("name", answer["kind"])
            counts[group] += got == intent
            counts["sent_as_fallback"] += got == FALLBACK
            if got != intent:
                misses.append(f"  {phrase!r}: wanted {intent}, got {got}")
    if show:
        print("paraphrases virtual-alexa misses:", *misses, sep="\n")
    total = counts["skill_intents_n"] + counts["off_topic_n"]
    return {"console": f"{counts['console']}/{total}",
            "virtual_alexa": f"{counts['skill_intents'] + counts['off_topic']}/{total}",
            "virtual_alexa_skill_intents": f"{counts['skill_intents']}/{counts['skill_intents_n']}",
            "virtual_alexa_off_topic_as_fallback": f"{counts['off_topic']}/{counts['off_topic_n']}",
            "virtual_alexa_sent_as_fallback": counts["sent_as_fallback"]}


def _question_lost(before: harness.Said | None, after: harness.Said) -> bool:
    """A question (other than the menu) was open and the reply does not ask it again."""
    if before is None or not before.question or before.question == "ask:menu":
        return False
    return after.ended or after.question != before.question


def _how_place_lost(before: harness.Said | None, after: harness.Said) -> str:
    if after.ended:
        return "session_ended"
    routines = tuple(before.state.get("routines") or ()) if before else ()
    if routines and tuple(after.state.get("routines") or ()) != routines:
        return "routine_changed"
    if routines and after.state.get("pos") != before.state.get("pos"):
        return "step_moved"
    return "question_dropped"


def fallback_figures(players: list[harness.Player], show: bool) -> Counter:
    """Every in-session turn sent as AMAZON.FallbackIntent, setups' fixed words included, and what
    it cost; a one-shot that matched nothing opens a new session, so it is only counted."""
    counts = Counter()
    for player in players:
        for index, (kind, after) in enumerate(zip(player.conversation.kinds, player.history)):
            counts["one_shot_fallbacks"] += kind == "one_shot_fallback"
            if kind != "fallback":
                continue
            before = player.history[index - 1] if index else None
            counts["fallback_turns"] += 1
            counts["of_them_in_setups"] += index < player.setup_turns
            place_lost, question_lost = not place_kept(before, after), _question_lost(before, after)
            counts["fallback_place_lost"] += place_lost
            counts["fallback_question_lost"] += question_lost
            if place_lost:
                counts[f"place_lost_how:{_how_place_lost(before, after)}"] += 1
            if show and (place_lost or question_lost):
                print("FALLBACK LOST", repr(after.you), before.tags if before else None, "->", after.tags)
    return counts


def conversation_figures(driver: Driver, show: bool, console: bool) -> dict:
    """The harness's verdict on each scenario under virtual-alexa (and the console's, beside it)."""
    scenarios = yaml.safe_load((DATA / "conversations_blind.yaml").read_text(encoding="utf-8"))
    figures = {}
    for part in ("tuning", "frozen"):
        chosen = [s for s in scenarios if s["part"] == part]
        row = {"scenarios": len(chosen)}
        if console:
            row["clean_console"] = sum(harness.run_scenario(s).passed for s in chosen)
        with virtual_alexa_players(driver) as players:
            results = [harness.run_scenario(s) for s in chosen]
        row["clean_virtual_alexa"] = sum(r.passed for r in results)
        tuning_shown = show and part == "tuning"  # the frozen part is only ever counted
        if tuning_shown:
            for r in results:
                if not r.passed:
                    print("FAIL", r.scenario["id"], r.scenario["setup"], "|", r.failures[0])
        row.update(sorted(fallback_figures(players, tuning_shown).items()))
        figures[part] = row
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true",
                        help="list paraphrase misses, failing tuning scenarios and tuning fallback losses")
    parser.add_argument("--no-console", action="store_true", help="skip the console's figures (about half the time)")
    args = parser.parse_args(argv)
    print("virtual-alexa (bespoken's sample matcher) against coach serve --dev, the console beside it")
    try:
        ensure_virtual_alexa()
        with dev_server() as url:
            driver = Driver(url)
            try:
                started = time.monotonic()
                figures = {"paraphrases": paraphrase_figures(driver, args.show),
                           "conversations": conversation_figures(driver, args.show, not args.no_console)}
                figures["server_errors"] = len(driver.errors)
                figures["seconds"] = round(time.monotonic() - started, 1)
            finally:
                driver.close()
    except Unavailable as reason:
        print(f"virtual-alexa benchmark: {reason}", file=sys.stderr)
        return 2
    print(yaml.safe_dump(figures, sort_keys=False), end="")
    for error in driver.errors[:5]:
        print("  error:", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
