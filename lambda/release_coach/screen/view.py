"""What the screen shows for one reply: pure data, the same data the APL document binds to and
the console prints. No SDK imports.

A reply becomes one or more panels, shown one after another as the speech goes on:
- a reply with Timed parts gets one panel per hold, each with the step it belongs to and its
  countdown window (startMs to endMs from the first word of the speech);
- any other reply gets one panel with no countdown: where the person is, and what was said.
"""
from __future__ import annotations

import json
import math
import os
from functools import lru_cache
from typing import NamedTuple

from .. import content
from ..domain import routines as R
from ..domain.reply import Line, Part, Reply, Text
from ..speech.render import line_text
from .timing import Hold, holds, part_seconds

APL_DIR = os.path.join(content.HERE, "apl")
# What a panel with no countdown shows of what was said: all of it when it is short, else the
# last part (usually the question or prompt), cut at a word near this length.
NOTE_CHARS = 220
# The last part alone may be longer (an emergency line with its number): cut only past this.
LAST_PART_CHARS = 360
# A step label made from a spoken line when the step has none of its own.
FALLBACK_LABEL_WORDS = 7
NEVER = -1  # hideMs of the last panel: shown until the next document replaces it


@lru_cache(maxsize=None)
def words(language: str = "en") -> dict:
    path = os.path.join(APL_DIR, f"{language}.json")
    if not os.path.isfile(path):
        path = os.path.join(APL_DIR, f"{content.DEFAULT_LANGUAGE}.json")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


class TaggedStep(NamedTuple):
    routine: str
    step: str
    side: str | None
    seconds: int | None  # from the "timed:N" tag that follows it


def tagged_steps(tags: list[str]) -> list[TaggedStep]:
    """The steps a reply speaks, in order, from its "step:routine:step[:side]" and "timed:N" tags."""
    found: list[TaggedStep] = []
    for tag in tags:
        kind, _, rest = tag.partition(":")
        if kind == "step":
            routine, _, tail = rest.partition(":")
            step, _, side = tail.partition(":")
            found.append(TaggedStep(routine, step, side or None, None))
        elif kind == "timed" and found and found[-1].seconds is None and rest.isdigit():
            found[-1] = found[-1]._replace(seconds=int(rest))
    return found


def routine_title(routine: R.Routine | None, language: str) -> str:
    w = words(language)
    if routine is None:
        return w["app_title"]
    label = w["routines"].get(routine.id, {}).get("title")
    if label:
        return label
    name = routine.name[4:] if routine.name.lower().startswith("the ") else routine.name
    return name[:1].upper() + name[1:]


def step_label(routine: R.Routine, step: R.Step, side: str | None, language: str) -> str:
    label = words(language)["routines"].get(routine.id, {}).get("steps", {}).get(step.id)
    if label is None:
        # A step added since the labels were written: the first words of its main line.
        lines = [line for line in step.say if "{side} side" not in line] or list(step.say)
        first = lines[0].split(". ")[0].rstrip(".") if lines else step.id.replace("_", " ")
        label = " ".join(first.split()[:FALLBACK_LABEL_WORDS])
    return R.fill(label, side, None)


def side_label(side: str | None, language: str) -> str:
    return words(language)["sides"].get(side, "") if side else ""


def _part_text(part: Part, language: str) -> str:
    if isinstance(part, Line):
        return line_text(part, language)
    if isinstance(part, Text):
        return part.text
    return ""


def markup(text: str) -> str:
    """Text for an APL Text component, which reads a little markup (<br>, <b>, entities): any
    &, < or > in our words is shown as itself."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


LINE_BREAK = "<br>"


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def note(parts: list[Part], language: str, limit: int = NOTE_CHARS) -> str:
    """The words of a reply worth reading on the screen."""
    spoken = [t for t in (_part_text(p, language) for p in parts) if t.strip()]
    whole = " ".join(spoken)
    if len(whole) <= limit or not spoken:
        return _cut(whole, limit)
    return _cut(spoken[-1], max(limit, LAST_PART_CHARS))


class _Where(NamedTuple):
    routine: R.Routine | None
    step: R.Step | None
    side: str | None
    progress: str


def _where(routine_id: str, step_id: str, side: str | None, plan, cat: R.Catalog, language: str) -> _Where:
    routine = cat.routines.get(routine_id)
    step = next((s for s in routine.steps if s.id == step_id), None) if routine else None
    progress = ""
    for i, ps in enumerate(plan):
        if ps.routine.id == routine_id and ps.step.id == step_id and ps.side == side:
            progress = words(language)["progress"].format(step=i + 1, steps=len(plan))
            break
    return _Where(routine, step, side, progress)


def _current(state, plan, cat: R.Catalog, language: str) -> _Where:
    if state is not None and plan and 0 <= state.pos < len(plan):
        ps = plan[state.pos]
        return _where(ps.routine.id, ps.step.id, ps.side, plan, cat, language)
    return _Where(None, None, None, "")


def _panel(where: _Where, language: str, **extra) -> dict:
    panel = {
        "title": routine_title(where.routine, language),
        "side": side_label(where.side, language),
        "progress": where.progress,
        "instruction": step_label(where.routine, where.step, where.side, language) if where.step else "",
        "note": "",
        "kind": "none",  # "hold", "quiet" (time to settle, counted down too) or "none": no countdown
        "seconds": 0,
        "startMs": 0,
        "endMs": 0,
        "showMs": 0,
        "hideMs": NEVER,
    }
    panel.update(extra)
    for key in ("title", "side", "progress", "instruction"):
        panel[key] = markup(panel[key])
    return panel


class _Expected(NamedTuple):
    where: _Where
    seconds: int  # the step's hold in this reply; 0 for a step spoken with none


def _expected(reply: Reply, state, plan, cat, language) -> list[_Expected]:
    """The steps this reply speaks, in order, with their holds: from the coach's own record of the
    response (state.segments: [plan position, step start, hold start, hold seconds] per step)
    while the plan is there, else from the reply's step and timed tags."""
    found = []
    for segment in getattr(state, "segments", None) or []:
        try:
            pos, seconds = int(segment[0]), int(segment[3])
        except (TypeError, ValueError, IndexError):
            pos, seconds = -1, 0
        if not (plan and 0 <= pos < len(plan)):
            found = []
            break
        ps = plan[pos]
        found.append(_Expected(_where(ps.routine.id, ps.step.id, ps.side, plan, cat, language), seconds))
    if found:
        return found
    return [_Expected(_where(t.routine, t.step, t.side, plan, cat, language), t.seconds or 0)
            for t in tagged_steps(reply.tags)]


def _hold_steps(windows: list[Hold], expected: list[_Expected], fallback: _Where) -> list[tuple[_Where, str]]:
    """Which step each Timed part belongs to, and whether it is the step's hold or a quiet stretch
    (time to settle into position, which a step may ask for). In order: a Timed part is the hold of
    the next step with a hold, when the lengths agree; any other is a quiet stretch of a step
    spoken before that one (the one whose settle time it is, else the last)."""
    out = []
    k = 0
    for hold in windows:
        j = next((i for i in range(k, len(expected)) if expected[i].seconds), len(expected))
        if j < len(expected) and expected[j].seconds == hold.seconds:
            out.append((expected[j].where, "hold"))
            k = j + 1
            continue
        untimed = list(range(k, j))
        if untimed:
            i = next((i for i in untimed if getattr(expected[i].where.step, "settle", 0) == hold.seconds),
                     untimed[-1])
            fallback, k = expected[i].where, i + 1
        elif k:
            fallback = expected[k - 1].where
        out.append((fallback, "quiet"))
    return out


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def screen_data(reply: Reply, state=None, plan=(), language: str = "en", rate_percent: float = 100.0,
                lead: float = 0.0, summary: list[str] | None = None) -> dict:
    """The datasource for the APL document (and the console's --screen) for one reply.

    `state` and `plan` are the coach's after the turn; `lead` is speech heard before the reply's
    own words; `summary` is what was done today, shown when the reply ends the session."""
    cat = R.catalog(language)
    w = words(language)
    current = _current(state, plan, cat, language)
    windows = holds(reply.parts, language, rate_percent, lead)
    panels: list[dict] = []
    if windows:
        expected = _expected(reply, state, plan, cat, language)
        shown_from = 0
        for hold, (where, kind) in zip(windows, _hold_steps(windows, expected, current)):
            if panels:
                panels[-1]["hideMs"] = shown_from = min(shown_from, _ms(hold.start))
            panels.append(_panel(where, language, kind=kind, seconds=hold.seconds, startMs=_ms(hold.start),
                                 endMs=_ms(hold.start) + hold.seconds * 1000, showMs=shown_from))
            # The next panel comes up once this hold's closing line ("and release") is said.
            closing = reply.parts[hold.index + 1] if hold.index + 1 < len(reply.parts) else None
            shown_from = _ms(hold.end + (part_seconds(closing, language, rate_percent)
                                         if isinstance(closing, (Line, Text)) else 0.0))
    elif reply.end_session and summary:
        panels.append(_panel(_Where(None, None, None, ""), language, instruction=w["done_today"],
                             note=LINE_BREAK.join(markup(line) for line in summary)))
    else:
        tagged = tagged_steps(reply.tags)
        where = _where(tagged[-1].routine, tagged[-1].step, tagged[-1].side, plan, cat, language) if tagged else current
        if reply.end_session:
            where = _Where(None, None, None, "")
        panels.append(_panel(where, language, note=markup(note(reply.parts, language))))
    return {"panels": panels, "phases": dict(w["phases"])}


def countdown_at(panel: dict, ms: float) -> tuple[str, int] | None:
    """(phase, seconds shown) at `ms` from the start of the speech; None for a panel with no
    countdown. The same arithmetic as the APL document's bindings (content/apl/document.json)."""
    seconds = panel["seconds"]
    if not seconds:
        return None
    left = min(seconds, max(0, math.ceil((panel["endMs"] - ms) / 1000)))
    phase = "ready" if ms < panel["startMs"] else "hold" if ms < panel["endMs"] else "release"
    return phase, left


def phase_word(data: dict, panel: dict, phase: str) -> str:
    """The word under the countdown: the same lookup as the document's phases[kind][phase]."""
    return data["phases"][panel["kind"]][phase]


def visible_panel(data: dict, ms: float) -> dict | None:
    """The panel on screen at `ms`, by the same rule as the document's `display` bindings."""
    for panel in data["panels"]:
        if ms >= panel["showMs"] and (panel["hideMs"] < 0 or ms < panel["hideMs"]):
            return panel
    return None


def clock_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
