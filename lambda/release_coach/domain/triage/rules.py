"""Signs as combinations of concepts (content/en/lexicon.json "signs", "confirm", "pain").

Each rule lists ways it can be shown. A way is a line of concept names, all affirmed in one
clause ("SADDLE_CORE FEEL_NUMB"); "!NAME" says NAME must not be affirmed there ("... !SITTING_CAUSE");
"!!NAME" that NAME is affirmed nowhere in what was said ("ow, but in a good way");
"-NAME" asks for NAME negated ("-GOOD": "that's not the good kind"); a line starting with
"utterance:" may take its concepts from different clauses ("I need to go | but nothing comes out").
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .lexicon import data
from .reading import Clause, Mention


class Way(NamedTuple):
    needs: tuple[str, ...]
    negated: tuple[str, ...]
    absent: tuple[str, ...]
    whole_utterance: bool
    absent_anywhere: tuple[str, ...] = ()


class Rule(NamedTuple):
    id: str
    tier: str
    ways: tuple[Way, ...]
    healed_ok: bool       # "as a kid", "years ago" take it away (injuries, operations)
    others_now: bool      # someone else's emergency happening now still counts ("my wife can't breathe")
    anyone: bool          # whoever is named (pain words: "son of a gun that hurts")


class Hit(NamedTuple):
    rule: Rule
    evidence: str


def _way(line: str) -> Way:
    whole = line.startswith("utterance:")
    names = line.split(":", 1)[1].split() if whole else line.split()
    return Way(tuple(n for n in names if n[0] not in "!-"), tuple(n[1:] for n in names if n[0] == "-"),
               tuple(n[1:] for n in names if n[0] == "!" and n[1] != "!"), whole,
               tuple(n[2:] for n in names if n.startswith("!!")))


def _rule(entry: dict, tier: str | None = None) -> Rule:
    return Rule(entry["id"], tier or entry["tier"], tuple(_way(w) for w in entry["when"]),
                bool(entry.get("healed_ok")), bool(entry.get("others_now")), bool(entry.get("anyone")))


@lru_cache(maxsize=None)
def signs() -> tuple[Rule, ...]:
    return tuple(_rule(e) for e in data()["signs"])


@lru_cache(maxsize=None)
def confirmations() -> tuple[Rule, ...]:
    return tuple(_rule(e, "confirm") for e in data()["confirm"])


@lru_cache(maxsize=None)
def pain_rules() -> tuple[Rule, ...]:
    return tuple(_rule(e, e["id"]) for e in data()["pain"])


def _counts(rule: Rule, clause: Clause, mention: Mention) -> bool:
    if mention.negated:
        return False
    if mention.other_person and not rule.anyone and not (rule.others_now and not clause.past):
        return False
    return not (rule.healed_ok and clause.long_ago)


def _affirmed(rule: Rule, clauses: tuple[Clause, ...]) -> list[dict[str, Mention]]:
    """Per clause: concept -> its first mention that counts for this rule."""
    result = []
    for clause in clauses:
        first: dict[str, Mention] = {}
        for m in clause.mentions:
            if m.concept not in first and _counts(rule, clause, m):
                first[m.concept] = m
        result.append(first)
    return result


def _shown(way: Way, clauses: tuple[Clause, ...], affirmed: list[dict[str, Mention]]) -> str | None:
    if any(n in first for first in affirmed for n in way.absent_anywhere):
        return None
    groups = [(clauses, affirmed)] if way.whole_utterance else [((c,), [a]) for c, a in zip(clauses, affirmed)]
    for group_clauses, group_affirmed in groups:
        have: dict[str, tuple[Clause, Mention]] = {}
        for clause, first in zip(group_clauses, group_affirmed):
            for name, mention in first.items():
                have.setdefault(name, (clause, mention))
        if not all(n in have for n in way.needs) or any(n in have for n in way.absent):
            continue
        if way.negated and not all(any(m.concept == n and m.negated for c in group_clauses for m in c.mentions)
                                   for n in way.negated):
            continue
        words = (c.text(m) for c, m in (have[n] for n in way.needs))
        return " ".join(dict.fromkeys(w for w in words if w)) or "-"
    return None


def hits(rules: tuple[Rule, ...], clauses: tuple[Clause, ...]) -> list[Hit]:
    """Every rule shown by what was said, in the order the rules are listed."""
    found = []
    present = {m.concept for c in clauses for m in c.mentions}
    by_flags: dict[tuple, list] = {}
    for rule in rules:
        ways = [w for w in rule.ways if present.issuperset(w.needs) and present.issuperset(w.negated)]
        if not ways:
            continue
        flags = (rule.healed_ok, rule.others_now, rule.anyone)
        if flags not in by_flags:
            by_flags[flags] = _affirmed(rule, clauses)
        affirmed = by_flags[flags]
        for way in ways:
            evidence = _shown(way, clauses, affirmed)
            if evidence is not None:
                found.append(Hit(rule, evidence))
                break
    return found
