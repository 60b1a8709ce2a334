"""Opening the skill and starting a routine: the welcome (and the saved place to resume), which
routine or session, and what is asked before it begins (safety, flare-up, warm-up)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .reply import Line, Reply
from .state import HISTORY_KEEP, SIDES, SessionState

if TYPE_CHECKING:
    from . import routines as R  # imported on use: a launch with no saved place needs no routine

WEEK_SECONDS = 7 * 24 * 3600
# Longest slot value the skill will repeat back to the user.
MAX_ECHO_CHARS = 60
# A time said in a routine up to this long is the length of a hold or a roll, not a new session.
SETTABLE_SECONDS = 300
# A saved position older than this is not offered for resuming: the body has moved on.
RESUME_WITHIN_SECONDS = 7 * 24 * 3600


class StartingMixin:
    def launch(self) -> Reply:
        now = self.ctx.now
        current = self._current()
        if current is not None:
            data = {"step": self.state.pos + 1, "steps": len(self.plan), "name": current.routine.name}
            return Reply([Line("launch.mid_session", data)], [Line("step.reprompt")], tags=["launch:mid_session"])
        history = self.profile.history
        returning = bool(history)
        this_week = sum(1 for t in history if now - t < WEEK_SECONDS)
        parts: list = []
        if returning and this_week >= 1:
            # This session is counted once a routine begins; say which one it will be.
            parts.append(Line("history.this_week", {"count": this_week + 1}))
        if where := self.saved_place():
            return self.ask("resume", [Line("launch.welcome_back")] + parts + [where],
                            tags=["launch", "resume:offered"])
        welcome = Line("launch.welcome_back" if returning else "launch.welcome")
        return self.menu([welcome] + parts + ([] if returning else [Line("launch.what")]), tags=["launch"])

    # ----- the saved place (launch offers it; every response keeps it) ---------------------------

    def saved_place(self) -> Line | None:
        """Where the stored position is ("you were on the left side of the ball release, step five")."""
        position = self.profile.position
        ps = self.restore(position, apply=False)
        if ps is None:
            return None
        return Line("resume.where_side" if ps.side else "resume.where",
                    {"side": ps.side or "", "name": ps.routine.name, "step": position.get("pos", 0) + 1})

    def restore(self, position, apply: bool = True) -> R.PlanStep | None:
        """The stored position as a plan step, or None if it is stale or no longer makes sense."""
        if not isinstance(position, dict):
            return None
        at = position.get("at")
        if not isinstance(at, (int, float)) or self.ctx.now - at > RESUME_WITHIN_SECONDS:
            return None
        candidate = SessionState.from_dict(position)
        if not candidate.routines:
            return None
        from .routines import cached_plan

        plan = cached_plan(self.language, tuple(candidate.routines), candidate.first_side, candidate.gentle)
        if apply:
            s = self.state
            s.routines, s.pos, s.first_side = candidate.routines, candidate.pos, candidate.first_side
            s.sides_done = [m for m in candidate.sides_done if isinstance(m, str)]
            s.scale, s.paused, s.warmup_offered = candidate.scale, False, True
        return plan[candidate.pos]

    def remember_position(self) -> None:
        """Keep the routine position in the profile so a closed session can be resumed."""
        s = self.state
        if self.profile.forget:
            return
        if s.routines:
            self.profile.position = {
                "routines": list(s.routines), "pos": s.pos, "first_side": s.first_side,
                "scale": s.scale, "at": self.ctx.now, "sides_done": list(s.sides_done),
            }

    def note_session(self) -> None:
        """A routine began: that (not opening the skill) is what counts as a session."""
        history = self.profile.history
        if not self.state.counted:
            self.state.counted = True
            history.append(self.ctx.now)
            del history[:-HISTORY_KEEP]

    def list_routines(self) -> Reply:
        return self.menu([Line("menu.list")])

    def start(self, routine_id: str | None, heard: str | None = None) -> Reply:
        if routine_id == "quick_release":
            return self.quick_release()
        if routine_id == "full_session":
            return self.session(None)
        routine = self.cat.get(routine_id)
        if routine is not None and routine_id in self.state.routines:
            # "Back to the tennis ball one" while on it: the place is kept ("start over" starts again).
            return self.keep_going([Line("start.already", {"name": routine.name})], tags=["start:already"])
        if routine is None or routine_id not in self.cat.menu + ("warm_up",):
            # Echo what was heard only when it is short enough to be a name someone said.
            lead = [Line("start.unknown", {"heard": heard})] if heard and len(heard) <= MAX_ECHO_CHARS else [
                Line("start.which")]
            return self.menu(lead)
        if self.state.blocked:
            return self.blocked_reply([])
        if routine_id == "warm_up":
            return self.begin([routine_id], None, [])
        if self.state.gentle and routine.gentle == "no":
            return self.offer_gentle_alternative(routine)
        self.state.pending = {"routines": [routine_id], "scale": None}
        return self.proceed([])

    def choose_pending(self, routine_id: str | None) -> None:
        """Second thoughts while a question is open: the new routine replaces the pending one."""
        if routine_id in self.cat.menu:
            self.state.pending = {"routines": [routine_id], "scale": None}

    def quick_release(self) -> Reply:
        tool = self.profile.prefs.get("tool")
        rid = self.cat.quick["ball"] if (tool == "ball" or self.state.gentle) else self.cat.quick["roller"]
        self.state.pending = {"routines": [rid], "scale": 0.0, "quick": True}
        return self.proceed([Line("quick.intro", {"name": self.cat.routines[rid].name})])

    def session(self, seconds: float | None) -> Reply:
        if self.in_routine and seconds is not None:
            # "Roll for two minutes" on the roller sets the roll; the routine in hand is never swapped.
            if seconds <= SETTABLE_SECONDS:
                return self.set_hold(seconds)
            return self.keep_going([Line("start.already", {"name": self._current().routine.name})],
                                   tags=["start:already"])
        if seconds is None:
            return Reply([Line("session.ask_time")], [Line("session.ask_time")], tags=["session:ask"])
        from .routines import fit_session

        fit = fit_session(self.cat, seconds, gentle=self.state.gentle, first_side=self.first_side(),
                          hold_preference=self.profile.hold_preference, rate_percent=self.speaking_rate,
                          roll_preference=self.profile.roll_preference)
        names = [self.cat.routines[r].name for r in fit.routines]
        data = {"asked": seconds, "minutes": fit.estimate, "names": names}
        self.state.pending = {"routines": list(fit.routines), "scale": fit.scale}
        return self.proceed([Line(f"session.{fit.outcome}", data)])

    def first_side(self) -> str:
        side = self.profile.prefs.get("first_side")
        return side if side in SIDES else "left"

    def proceed(self, lead: list) -> Reply:
        """Ask what still needs asking (safety, flare-up, warm-up), then begin."""
        s = self.state
        if s.blocked:
            return self.blocked_reply(lead)
        if not s.screened:
            return self.safety_check(lead)
        if not s.gentle and self.gentle_remembered():
            s.gentle = s.flare_asked = True
            lead = lead + [Line("gentle.remembered")]
        if not s.flare_asked:
            return self.ask("flare", lead)
        pending = s.pending or {}
        routines = pending.get("routines") or []
        if s.gentle and any(self.cat.routines[r].gentle == "no" for r in routines if r in self.cat.routines):
            too_much = next(self.cat.routines[r] for r in routines if self.cat.routines[r].gentle == "no")
            return self.offer_gentle_alternative(too_much, lead)
        if pending.get("resume"):
            s.pending = None
            return self.resume_saved(lead=lead, from_top=bool(pending.get("from_top")), checked=True)
        if not s.warmup_offered and routines and "warm_up" not in routines:
            return self.ask("warmup", lead)
        return self.begin(routines, pending.get("scale"), lead)

    def warm_up_first(self) -> Reply:
        s = self.state
        s.warmup_offered = True
        pending = s.pending or {}
        routine_ids = ["warm_up"] + [r for r in pending.get("routines", []) if r != "warm_up"]
        return self.begin(routine_ids, pending.get("scale"), [])

    def begin(self, routine_ids: list[str], scale: float | None, lead: list) -> Reply:
        s = self.state
        if not routine_ids:
            return self.menu(lead)
        s.routines, s.pos, s.scale, s.paused, s.pending = list(routine_ids), 0, scale, False, None
        s.first_side, s.sides_done, s.pain_reports = self.first_side(), [], 0
        tools = [self.cat.routines[r].tool for r in routine_ids if self.cat.routines[r].tool in ("ball", "roller")]
        if len(tools) == 1:
            # Someone who starts the ball release has a ball: the quick release will use it.
            self.profile.prefs["tool"] = tools[0]
        self.note_session()
        return self.step_reply(lead)

