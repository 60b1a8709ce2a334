"""Settings the person asks for: hold length, speaking pace, gentle work, flow or step mode.

Every reply about time says what will really happen to the next timed step of the routine in
hand, from the same function that builds it (a roller's roll has its own range, not a hold's).
"""
from __future__ import annotations

from . import routines as R
from .reply import Line, Reply, Text
from .starting import SETTABLE_SECONDS
from .state import PACE_RANGE

# Holds can be asked for anywhere in this span; each step then clamps to its own safe range. The
# roller's roll is set apart (a minute to three a side in the article), with its own span and step.
HOLD_REQUEST_RANGE = (10, 90)
HOLD_STEP_SECONDS = 15
REQUEST_RANGES = {"hold": HOLD_REQUEST_RANGE, "roll": (30, 180)}
CHANGE_STEPS = {"hold": HOLD_STEP_SECONDS, "roll": 30}
DEFAULT_HOLD_SECONDS = 45
# "Hold on a sec" parsed as a duration is waiting, not a hold length.
SHORTEST_HOLD_REQUEST = 5
# Speaking pace: PACE_RANGE (state.py, where the profile reads it) in steps of this many percent.
PACE_STEP = 10
# Someone who asks for gentle work keeps it this long (our choice: a few days); it is a pressure
# preference they asked for. A flare-up answer is never stored: it is about their body.
GENTLE_REMEMBERED_SECONDS = 3 * 24 * 3600
# Flow mode is offered once someone has finished this many routines.
FLOW_OFFER_AFTER = 1
# Settings a "no" or "put it back" said just after they changed restores.
UNDOABLE = ("hold", "roll", "pace")


class PreferencesMixin:
    def _next_timed(self) -> R.PlanStep | None:
        """The step whose length a change affects (a hold, or the roller's roll): the current one,
        else the next one in the plan."""
        plan = self.plan
        for ps in plan[self.state.pos:] + plan[: self.state.pos]:
            if ps.step.setting and not (self.state.gentle and ps.step.skip_when_gentle):
                return ps
        return None

    def set_hold(self, seconds: float | None) -> Reply:
        if seconds is None:
            return Reply([Line("hold.how_long")], [Line("hold.how_long")], tags=["hold:ask"])
        if seconds < SHORTEST_HOLD_REQUEST:
            return self.pause()
        if not self.in_routine and seconds > SETTABLE_SECONDS:
            return self.session(seconds)  # "ten minutes would be plenty" at the menu: a session that fits
        ps = self._next_timed()
        setting = ps.step.setting if ps else "hold"
        lo, hi = REQUEST_RANGES[setting]
        requested = int(round(seconds))
        self._remember_setting(setting)
        self.profile.prefs[setting] = min(hi, max(lo, requested))
        return self._say_hold(requested)

    def _say_hold(self, requested: int | None, lead: tuple = ()) -> Reply:
        ps = self._next_timed()
        if ps is None:
            stored = self.profile.hold_preference
            return self._after_setting([*lead, Line("hold.set", {"seconds": stored})], [f"hold:{stored}"])
        timing, setting = ps.step.timing, ps.step.setting
        effective = self.seconds_for(ps.step)
        if self.state.gentle:
            line = Line("hold.gentle_keeps_short", {"seconds": effective})
        elif requested is not None and effective != requested:
            line = Line(f"{setting}.clamped", {"asked": requested, "seconds": effective, "min": timing.min,
                                               "max": timing.max})
        else:
            line = Line(f"{setting}.set", {"seconds": effective})
        return self._after_setting([*lead, line], [f"hold:{effective}"])

    # ----- taking a change back ------------------------------------------------------------------

    def _remember_setting(self, name: str) -> None:
        """Before a setting changes: what it was, for a "no" or "put it back" said just after."""
        self.state.undo = {"pref": name, "value": self.profile.prefs.get(name)}

    def undo_setting(self, undo: dict | None) -> Reply | None:
        """"Nah, leave it as it was" just after a change: the setting as it was before; None if
        nothing was just changed."""
        if not isinstance(undo, dict) or undo.get("pref") not in UNDOABLE:
            return None
        name, value = undo["pref"], undo.get("value")
        if isinstance(value, int) and not isinstance(value, bool):
            self.profile.prefs[name] = value
        else:
            self.profile.prefs.pop(name, None)
        if name == "pace":
            return self._after_setting([Line("setting.back")], [f"pace:{self.speaking_rate}", "setting:back"])
        reply = self._say_hold(None, lead=(Line("setting.back"),))
        reply.tags.append("setting:back")
        return reply

    def change_hold(self, direction: int) -> Reply:
        ps = self._next_timed()
        timing = ps.step.timing if ps else None
        setting = ps.step.setting if ps else "hold"
        self._remember_setting(setting)
        current = self.seconds_for(ps.step) if ps else (self.profile.hold_preference or DEFAULT_HOLD_SECONDS)
        if timing and ((direction > 0 and current >= timing.max) or (direction < 0 and current <= timing.min)):
            limit = timing.max if direction > 0 else timing.min
            self.profile.prefs[setting] = limit
            key = f"{setting}.at_longest" if direction > 0 else f"{setting}.at_shortest"
            return self._after_setting([Line(key, {"seconds": limit})], [f"hold:{limit}"])
        wanted = current + direction * CHANGE_STEPS[setting]
        lo, hi = REQUEST_RANGES[setting]
        self.profile.prefs[setting] = min(hi, max(lo, wanted))
        return self._say_hold(None)

    def time_complaint(self) -> Reply:
        """"These drag on": not pain; offer shorter holds (questions.Shorter)."""
        return self.ask("shorter", [], tags=["time_complaint"])

    def change_pace(self, direction: int) -> Reply:
        lo, hi = PACE_RANGE
        current = self.speaking_rate
        self._remember_setting("pace")
        wanted = min(hi, max(lo, current + direction * PACE_STEP))
        if wanted == current:
            key = "pace.at_fastest" if direction > 0 else "pace.at_slowest"
        else:
            key = "pace.faster" if direction > 0 else "pace.slower"
        self.profile.prefs["pace"] = wanted
        return self._after_setting([Line(key)], [f"pace:{wanted}"])

    def _after_setting(self, parts: list, tags: list[str]) -> Reply:
        if self.state.ask:
            return self.reask(parts, tags)
        if self.in_routine:
            return Reply(parts + [Line("setting.applies_next")], [Line("step.reprompt")], tags=tags)
        return self.menu(parts, tags=tags, short=True)

    # ----- gentle work ---------------------------------------------------------------------------

    def gentle_remembered(self) -> bool:
        until = self.profile.prefs.get("gentle_until")
        return isinstance(until, (int, float)) and not isinstance(until, bool) and until > self.ctx.now

    def _set_gentle(self, gentle: bool) -> R.PlanStep | None:
        """Switch gentle work on or off, keeping the place: the same step if the new plan has it,
        else the first one after it. Returns the step that was current."""
        s = self.state
        current = self._current()
        old_order = {(ps.routine.id, ps.side, ps.step.id): i for i, ps in enumerate(self.plan)}
        s.gentle = gentle
        if current is not None:
            here = old_order[(current.routine.id, current.side, current.step.id)]
            later = [i for i, ps in enumerate(self.plan)
                     if old_order.get((ps.routine.id, ps.side, ps.step.id), len(old_order)) >= here]
            s.pos = later[0] if later else len(self.plan) - 1
        return current

    def gentle(self) -> Reply:
        from . import safety

        s = self.state
        s.flare_asked = True
        self.profile.prefs["gentle_until"] = self.ctx.now + GENTLE_REMEMBERED_SECONDS
        lead = [Line("gentle.already")] if s.gentle else [Text(safety.line("gentle_mode"))]
        current = self._current()
        if current is not None and current.routine.gentle == "no":
            s.routines, s.pos, s.ask, s.paused = [], 0, None, False
            s.gentle = True
            return self.offer_gentle_alternative(current.routine, lead)
        if self._set_gentle(True) is not None:
            s.ask, s.hold_left = None, 0
            return self.step_reply(lead)
        s.ask = None if s.ask == "pain" else s.ask
        if s.pending:
            return self.proceed(lead)
        return self.menu(lead)

    def normal_pressure(self) -> Reply:
        s = self.state
        self.profile.prefs.pop("gentle_until", None)
        if s.flare_today:
            return self._after_setting([Line("gentle.flare_today")], ["gentle:kept"])
        if not s.gentle:
            return self._after_setting([Line("gentle.not_on")], ["gentle:off"])
        if self._set_gentle(False) is not None:
            s.ask, s.hold_left = None, 0
            return self.step_reply([Line("gentle.off")])
        return self._after_setting([Line("gentle.off")], ["gentle:off"])

    # ----- flow mode -----------------------------------------------------------------------------

    def offers_flow(self) -> bool:
        done = self.profile.prefs.get("routines_done", 0)
        return not self.profile.prefs.get("flow") and isinstance(done, int) and done == FLOW_OFFER_AFTER

    def flow_mode(self) -> Reply:
        self.profile.prefs["flow"] = True
        lead = [Line("flow.on")]
        if self.in_routine:
            self.state.ask = None
            return self.continue_routine(lead)
        return self.menu(lead, tags=["flow:on"], short=True)

    def step_mode(self) -> Reply:
        self.profile.prefs.pop("flow", None)
        return self._after_setting([Line("flow.off")], ["flow:off"])
