"""Routines, steps and plans: what to do, in what order, for how long. Pure data handling."""
from __future__ import annotations

from functools import lru_cache

from .. import content
from ..record import record
from .state import SIDES
# Time we allow for the person to settle and say "next" between steps, when we estimate how long
# a plan takes. A guess on the generous side, so sessions don't overrun the time asked for.
STEP_ALLOWANCE_SECONDS = 6.0
# Holds and timed stretches are set in steps of this size when a session is fitted to a budget.
ROUND_TO_SECONDS = 5


# The records below are named tuples (immutable, compared by value) written as class statements
# (release_coach/record.py): they are made at import, which every Lambda cold start pays for.


@record
class Timing(tuple):
    __slots__ = ()

    def __new__(cls, default, min, max):
        return tuple.__new__(cls, (default, min, max))

    def clamp(self, seconds: float) -> int:
        return int(min(self.max, max(self.min, round(seconds))))

    def at_scale(self, scale: float) -> int:
        raw = self.min + scale * (self.max - self.min)
        return self.clamp(ROUND_TO_SECONDS * int(raw / ROUND_TO_SECONDS))


# kind: "say" waits for the person, "hold" is a held pressure, "timed" a timed movement or rest;
# timing: a Timing, or None for a step that is not timed; settle: quiet seconds to get into
# position after a set-up step (content's choice); setting: which length the person can set for it
# ("hold" for every hold, "roll" for the roller's roll), None for a step they can't.
@record
class Step(tuple):
    __slots__ = ()

    def __new__(cls, id, kind, say, gentle_say, timing, start, end, cues, per_side, skip_when_gentle, settle=0,
                setting=None):
        return tuple.__new__(cls, (id, kind, say, gentle_say, timing, start, end, cues, per_side, skip_when_gentle,
                                   settle, setting))

    @property
    def is_timed(self) -> bool:
        return self.timing is not None


# gentle: "ok", "adapted" or "no"; intro, outro: lines; steps: Steps.
@record
class Routine(tuple):
    __slots__ = ()

    def __new__(cls, id, name, tool, sides, gentle, summary, intro, steps, outro, audience):
        return tuple.__new__(cls, (id, name, tool, sides, gentle, summary, intro, steps, outro, audience))


@record
class PlanStep(tuple):
    __slots__ = ()

    def __new__(cls, routine, step, side, first_of_routine, last_of_routine):
        return tuple.__new__(cls, (routine, step, side, first_of_routine, last_of_routine))


@record
class Catalog(tuple):
    __slots__ = ()

    def __new__(cls, routines, menu, session_order, quick):
        return tuple.__new__(cls, (routines, menu, session_order, quick))

    def get(self, routine_id: str | None) -> Routine | None:
        return self.routines.get(routine_id or "")


def _step(raw: dict) -> Step:
    seconds = raw.get("seconds")
    timing = Timing(seconds["default"], seconds["min"], seconds["max"]) if seconds else None
    return Step(
        id=raw["id"],
        kind=raw.get("kind", "say"),
        say=tuple(raw["say"]),
        gentle_say=tuple(raw.get("gentle_say", raw["say"])),
        timing=timing,
        start=raw.get("start", ""),
        end=raw.get("end", ""),
        cues=tuple(raw.get("cues", ())),
        per_side=bool(raw.get("per_side", False)),
        skip_when_gentle=raw.get("gentle") == "skip",
        settle=int(raw.get("settle", 0)),
        setting=raw.get("setting", "hold" if raw.get("kind") == "hold" else None),
    )


@lru_cache(maxsize=None)
def catalog(language: str = "en") -> Catalog:
    raw = content.load(language, "routines.json")
    routines = {
        rid: Routine(
            id=rid,
            name=r["name"],
            tool=r["tool"],
            sides=bool(r["sides"]),
            gentle=r.get("gentle", "ok"),
            summary=r["summary"],
            intro=tuple(r["intro"]),
            steps=tuple(_step(s) for s in r["steps"]),
            outro=tuple(r["outro"]),
            audience=r.get("audience", "self"),
        )
        for rid, r in raw["routines"].items()
    }
    return Catalog(routines, tuple(raw["menu"]), tuple(raw["session_order"]), dict(raw["quick_release"]))


def other_side(side: str) -> str:
    return SIDES[1] if side == SIDES[0] else SIDES[0]


def build_plan(cat: Catalog, routine_ids: list[str], first_side: str = "left", gentle: bool = False) -> list[PlanStep]:
    """The steps in the order they are done: shared steps once, per-side blocks once for each side."""
    plan: list[PlanStep] = []
    for rid in routine_ids:
        routine = cat.routines[rid]
        steps = [s for s in routine.steps if not (gentle and s.skip_when_gentle)]
        ordered: list[tuple[Step, str | None]] = []
        i = 0
        while i < len(steps):
            if steps[i].per_side and routine.sides:
                j = i
                while j < len(steps) and steps[j].per_side:
                    j += 1
                for side in (first_side, other_side(first_side)):
                    ordered.extend((s, side) for s in steps[i:j])
                i = j
            else:
                ordered.append((steps[i], None))
                i += 1
        for k, (step, side) in enumerate(ordered):
            plan.append(PlanStep(routine, step, side, k == 0, k == len(ordered) - 1))
    return plan


@lru_cache(maxsize=512)
def cached_plan(language: str, routine_ids: tuple[str, ...], first_side: str, gentle: bool) -> tuple[PlanStep, ...]:
    """build_plan for the catalog of a language, computed once per shape (plans are immutable)."""
    return tuple(build_plan(catalog(language), list(routine_ids), first_side, gentle))


def step_seconds(step: Step, *, hold_preference: int | None, gentle: bool, scale: float | None,
                 roll_preference: int | None = None) -> int | None:
    """How long a timed step lasts for this person today, always inside the step's safe range."""
    if step.timing is None:
        return None
    if gentle:
        return step.timing.min
    asked = hold_preference if step.setting == "hold" else roll_preference if step.setting == "roll" else None
    if asked is not None:
        return step.timing.clamp(asked)
    if scale is not None:
        return step.timing.at_scale(scale)
    return step.timing.default


def fill(text: str, side: str | None, seconds: int | None) -> str:
    from ..speech.numbers import duration_words  # on use, like speech_seconds: a launch says no step

    return text.format(
        side=side or "",
        other_side=other_side(side) if side else "",
        duration=duration_words(seconds) if seconds is not None else "",
    )


def step_lines(ps: PlanStep, seconds: int | None, gentle: bool) -> list[str]:
    lines = ps.step.gentle_say if gentle else ps.step.say
    return [fill(line, ps.side, seconds) for line in lines]


def estimate_seconds(plan: list[PlanStep], *, hold_preference: int | None, gentle: bool, scale: float | None,
                     rate_percent: float = 100.0, roll_preference: int | None = None) -> float:
    """A plan's length: its spoken words, its timed stretches and a small allowance per step."""
    from ..speech.timeline import speech_seconds

    total = 0.0
    for ps in plan:
        seconds = step_seconds(ps.step, hold_preference=hold_preference, gentle=gentle, scale=scale,
                               roll_preference=roll_preference)
        words = " ".join(step_lines(ps, seconds, gentle) + [ps.step.start, ps.step.end])
        if ps.first_of_routine:
            words += " " + " ".join(ps.routine.intro)
        total += speech_seconds(words, rate_percent) + (seconds or 0) + ps.step.settle + STEP_ALLOWANCE_SECONDS
    return total


# routines: the ids chosen; outcome: "fits", "too_short" (even the shortest plan is longer than
# asked) or "capped" (asked for more than the longest we guide in one go).
@record
class SessionFit(tuple):
    __slots__ = ()

    def __new__(cls, routines, scale, estimate, outcome):
        return tuple.__new__(cls, (routines, scale, estimate, outcome))


def _combinations(order: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every non-empty subset, biggest first, keeping the session order inside each."""
    subsets = []
    n = len(order)
    for mask in range(1, 1 << n):
        subsets.append(tuple(order[i] for i in range(n) if mask & (1 << i)))
    return sorted(subsets, key=lambda s: (-len(s), [order.index(r) for r in s]))


def fit_session(cat: Catalog, budget_seconds: float, *, gentle: bool, first_side: str = "left",
                hold_preference: int | None = None, rate_percent: float = 100.0,
                roll_preference: int | None = None) -> SessionFit:
    """Choose routines and a scale between each step's shortest and longest time to fit a budget."""
    order = tuple(r for r in cat.session_order if not (gentle and cat.routines[r].gentle == "no"))

    def length(rids: tuple[str, ...], scale: float) -> float:
        plan = build_plan(cat, list(rids), first_side, gentle)
        return estimate_seconds(plan, hold_preference=hold_preference, gentle=gentle, scale=scale,
                                rate_percent=rate_percent, roll_preference=roll_preference)

    candidates = _combinations(order)
    longest = candidates[0]
    if length(longest, 1.0) <= budget_seconds:
        outcome = "capped" if length(longest, 1.0) < budget_seconds - 60 else "fits"
        return SessionFit(longest, 1.0, length(longest, 1.0), outcome)
    best: SessionFit | None = None
    for rids in candidates:
        if length(rids, 0.0) > budget_seconds:
            continue
        low, high = 0.0, 1.0
        for _ in range(10):
            mid = (low + high) / 2
            low, high = (mid, high) if length(rids, mid) <= budget_seconds else (low, mid)
        fit = SessionFit(rids, low, length(rids, low), "fits")
        # The plan that uses the time best wins; with equal use, the one with more variety.
        if best is None or fit.estimate > best.estimate + 1:
            best = fit
    if best is not None:
        return best
    shortest = min(candidates, key=lambda r: length(r, 0.0))
    return SessionFit(shortest, 0.0, length(shortest, 0.0), "too_short")
