"""Pure retrieval figures on the blind question set (tests/data/kb_blind.yaml), no skill around it.

Each question goes straight to knowledge.answer, in one of two forms:
- "full": the words as written ("how long per side");
- "slot": the words an interaction-model slot would carry, found by the console's matcher as
  `coach talk` would ("per side" behind the carrier "how long"); a question the model doesn't
  route to a question intent counts as unanswered;
- "shape": as "slot", with the intent's shape words passed as topic (knowledge.shape_of), as a
  handler that passes them would;
- "heldout": as "full", with an index that lacks the entries' example questions copying or nearly
  copying a question of the part: the tuning part scored this way is a fairer guess at words the
  knowledge base has not stored than the tuning part as it is (its phrasings were added from it).
A covered question is right when the entry answered states its row (or one of its `also` rows,
by the entry's `rows`); a not-covered one is right when the answer is None. Red-flag questions
are triage's (the coach sends every question there first) and are left out here.

    python tests/knowledge/kb_figures.py [--part tuning|frozen|all] [--form full|slot|shape|heldout]
                                         [--set 1|2|3] [--show] [--sweep]

--set 2 reads the second round (tests/data/kb_blind2.yaml, 2026-12-02, another author).

--show lists the misses and --sweep the threshold sweep; both are for the tuning part only: the
frozen part is never looked at, only counted.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
QUESTION_INTENTS = ("AskQuestionIntent", "FreeTextIntent")
SLOTS = ("topic", "query")


def load(part: str, round_: str = "1") -> list[dict]:
    items = yaml.safe_load((DATA / ("kb_blind.yaml" if round_ == "1" else f"kb_blind{round_}.yaml")).read_text())
    return [i for i in items if i["row"] != "red_flag" and (part == "all" or i["part"] == part)]


def rows_of() -> dict[str, set[str]]:
    from release_coach import content

    return {t["id"]: set(t["rows"]) for t in content.load("en", "knowledge.json")["topics"]}


_MATCHER = None


def slot_words(text: str, with_shape: bool = False):
    """What the interaction model hands the knowledge base for this question, or None; with
    `with_shape`, (words, shape words of the intent)."""
    global _MATCHER
    if _MATCHER is None:
        from release_coach.console.matcher import Matcher
        from release_coach.console.model import load_model

        _MATCHER = Matcher(load_model("en-US"))
    from release_coach.domain import knowledge

    match = _MATCHER.match(text)
    words = None
    if match.intent in QUESTION_INTENTS or (match.intent or "").endswith("QuestionIntent"):
        words = next((match.slots[n].value for n in SLOTS if n in match.slots), None)
    return (words, knowledge.shape_of(match.intent)) if with_shape else words


def verdict(item: dict, found, rows: dict[str, set[str]]) -> bool:
    if item["row"] == "not_covered":
        return found is None
    if found is None:
        return False
    return bool(rows[found.topic] & {item["row"], *item.get("also", [])})


def _held_out(part: str, round_: str = "1"):
    """The index without the entries' example questions that copy or nearly copy a question of
    this part (a spelling ratio of 0.8 or more): how retrieval does on words it has not stored."""
    import difflib

    from release_coach.domain import knowledge
    from release_coach.domain.kb_index import Index
    from release_coach.domain.kb_words import clean

    texts = [" ".join(clean(i["text"])) for i in load(part, round_)]
    entries = [{**e, "questions": [q for q in e.get("questions", ()) if not difflib.get_close_matches(
        " ".join(clean(q)), texts, n=1, cutoff=0.8)]} for e in knowledge._entries().values()]
    return Index(entries, knowledge._data().get("outside", {}).get("topics", []))


def outcomes(part: str, form: str = "full", round_: str = "1") -> list[tuple[dict, str | None, list, object]]:
    """Per question: (item, the words scored, the ranking, the entry answered with no threshold)."""
    from release_coach.domain import knowledge

    index = _held_out(part, round_) if form == "heldout" else None
    out = []
    for item in load(part, round_):
        shape = None
        if form in ("full", "heldout"):
            words = item["text"]
        else:
            words, shape = slot_words(item["text"], with_shape=True)
            shape = shape if form == "shape" else None
        if index is not None:
            ranked = [(s.id, s.score) for s in index.rank(words)]
            top = ranked[0][0] if ranked and ranked[0][0] in knowledge._entries() else None
            found = knowledge._found(top, ranked[0][1]) if top else None
        else:
            ranked = knowledge.rank(" ".join(w for w in (shape, words) if w)) if words else []
            saved, knowledge.THRESHOLD = knowledge.THRESHOLD, float("-inf")
            try:
                found = knowledge.answer(text=words, topic=shape) if words else None
            finally:
                knowledge.THRESHOLD = saved
        out.append((item, words, ranked, found))
    return out


def figures(part: str, form: str = "full", threshold: float | None = None, show: bool = False,
            scored: list | None = None, round_: str = "1") -> dict:
    from release_coach.domain import knowledge

    rows = rows_of()
    cut = knowledge.threshold() if threshold is None else threshold
    counts = {"covered_n": 0, "covered_ok": 0, "not_covered_n": 0, "not_covered_ok": 0}
    for item, words, ranked, found in outcomes(part, form, round_) if scored is None else scored:
        found = found if ranked and ranked[0][1] >= cut else None
        kind = "not_covered" if item["row"] == "not_covered" else "covered"
        ok = verdict(item, found, rows)
        counts[kind + "_n"] += 1
        counts[kind + "_ok"] += ok
        if show and not ok:
            top = ", ".join(f"{t}:{s:.2f}" for t, s in ranked[:3])
            print(f"MISS | {item['row']} | {item['text']} | words: {words} | {top}")
    return counts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tuning", "frozen", "all"), default="tuning")
    parser.add_argument("--form", choices=("full", "slot", "shape", "heldout"), default="full")
    parser.add_argument("--set", choices=("1", "2", "3", "4"), default="1", help="which round of blind questions")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args(argv)
    if (args.show or args.sweep) and args.part != "tuning":
        parser.error("--show and --sweep are for the tuning part only: the frozen part is never looked at")
    if args.sweep:
        scored = outcomes("tuning", args.form, args.set)
        for cut in [x / 100 for x in range(5, 50, 2)]:
            c = figures("tuning", args.form, threshold=cut, scored=scored)
            print(f"threshold {cut:.2f}: covered {c['covered_ok']}/{c['covered_n']}, "
                  f"not covered {c['not_covered_ok']}/{c['not_covered_n']}")
        return 0
    started = time.perf_counter()
    counts = figures(args.part, args.form, show=args.show, round_=args.set)
    print(yaml.safe_dump({"kb_retrieval": counts, "part": args.part, "set": args.set, "form": args.form,
                          "seconds": round(time.perf_counter() - started, 2)}, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
