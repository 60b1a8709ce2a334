"""The session's state machine: what happens when the person on the floor says something.

Pure: no SDK imports, no clock, no storage. Each turn gets the session state, the person's stored
profile and the request's time; it returns a Reply (what to say) and leaves the new state and
profile on the Coach for the caller to save. The component that asked a question is the one that
reads the yes or no (`state.ask`).
"""
from __future__ import annotations

from . import routines as R
from .reply import Line, Reply, Text, Timed
from .state import HISTORY_KEEP, Context, Profile, SessionState

__all__ = ["Coach", "Context", "Profile", "SessionState"]

# A stored position older than this is not offered for resuming: the body has moved on.
RESUME_WITHIN_SECONDS = 7 * 24 * 3600
WEEK_SECONDS = 7 * 24 * 3600
# Holds can be asked for anywhere in this span; each step then clamps to its own safe range.
HOLD_REQUEST_RANGE = (10, 90)
HOLD_STEP_SECONDS = 15
DEFAULT_HOLD_SECONDS = 45
# Longest slot value the skill will repeat back to the user.
MAX_ECHO_CHARS = 60
# Two pain reports in one routine end it.
PAIN_REPORTS_TO_END = 2
# Speaking pace as a percentage of the normal rate: "slow down" and "speed up" move in steps of
# PACE_STEP within this span (slower than 80% starts to sound broken; faster than 120% is hard to
# follow lying down with your eyes on the ceiling).
PACE_RANGE = (80, 120)
PACE_STEP = 10
# Once someone asks for gentle work or reports a flare-up, later sessions stay gentle this long
# (our choice: an acute flare usually settles over a few days; "normal pressure" ends it sooner).
GENTLE_REMEMBERED_SECONDS = 3 * 24 * 3600


class Coach:
    def __init__(self, state: SessionState, profile: Profile, ctx: Context, language: str = "en"):
        self.state = state
        self.profile = profile
        self.ctx = ctx
        self.language = language
        self.cat = R.catalog(language)

    # ----- the plan ---------------------------------------------------------------------------

    @property
    def plan(self) -> tuple[R.PlanStep, ...]:
        s = self.state
        return R.cached_plan(self.language, tuple(s.routines), s.first_side, s.gentle) if s.routines else ()

    @property
    def in_routine(self) -> bool:
        return bool(self.state.routines)

    def _current(self) -> R.PlanStep | None:
        plan = self.plan
        return plan[self.state.pos] if plan else None

    @property
    def speaking_rate(self) -> int:
        """The person's speaking pace, in percent of the normal rate."""
        pace = self.profile.prefs.get("pace")
        lo, hi = PACE_RANGE
        return min(hi, max(lo, int(pace))) if isinstance(pace, int) and not isinstance(pace, bool) else 100

    def _seconds(self, step: R.Step) -> int | None:
        return R.step_seconds(step, hold_preference=self.profile.hold_preference, gentle=self.state.gentle,
                              scale=self.state.scale)

    def sides_done(self) -> list[str]:
        """Sides of the current routine already finished."""
        current = self._current()
        if current is None:
            return []
        return [side for side in R.SIDES if f"{current.routine.id}:{side}" in self.state.sides_done]

    def _next_pos(self) -> int | None:
        """Where "next" goes from here; None at the end of the plan.

        At the end of one side's block, the next side not yet done comes first (the person may
        have switched sides early); once every side is done, the routine carries on after them.
        """
        plan, pos = self.plan, self.state.pos
        current = plan[pos]
        ends_side = current.side is not None and (
            pos + 1 >= len(plan) or plan[pos + 1].side != current.side or plan[pos + 1].routine is not current.routine)
        if not ends_side:
            return pos + 1 if pos + 1 < len(plan) else None
        done = set(self.sides_done()) | {current.side}
        routine_steps = [i for i, ps in enumerate(plan) if ps.routine is current.routine and ps.side]
        waiting = [i for i in routine_steps if plan[i].side not in done]
        if waiting:
            return waiting[0]
        after = max(routine_steps) + 1
        return after if after < len(plan) else None

    def _advance(self) -> None:
        s = self.state
        current = self.plan[s.pos]
        target = self._next_pos()
        if current.side and (target is None or self.plan[target].side != current.side):
            mark = f"{current.routine.id}:{current.side}"
            if mark not in s.sides_done:
                s.sides_done.append(mark)
        s.pos = target if target is not None else s.pos

    # ----- speaking a step --------------------------------------------------------------------

    def _step_reply(self, lead: list | None = None) -> Reply:
        s = self.state
        ps = self.plan[s.pos]
        seconds = self._seconds(ps.step)
        parts: list = list(lead or [])
        if ps.first_of_routine and ps.routine.intro:
            parts += [Text(t) for t in ps.routine.intro]
            if s.gentle and ps.routine.gentle == "adapted":
                parts.append(Line("gentle.adapted"))
        parts += [Text(t) for t in R.step_lines(ps, seconds, s.gentle)]
        s.timed_at = None
        if seconds is not None:
            s.timed_at = self.ctx.now
            s.timed_lead = sum(_text_seconds(p, self.speaking_rate) for p in parts)
            s.timed_seconds = seconds
            parts += [Text(ps.step.start), Timed(seconds, ps.step.cues), Text(ps.step.end)]
        s.last = "step"
        s.ask = None
        tags = [f"step:{ps.routine.id}:{ps.step.id}" + (f":{ps.side}" if ps.side else "")]
        if seconds is not None:
            tags.append(f"timed:{seconds}")
        following = self._next_pos()
        if following is None:
            return self._finish(parts, tags)
        if self.plan[following].routine is not ps.routine:
            parts.append(Line("routine.next_routine", {"name": self.plan[following].routine.name}))
        else:
            parts.append(Line("step.next_prompt" if seconds is not None else "step.ready_prompt"))
        return Reply(parts, [Line("step.reprompt")], tags=tags)

    def _finish(self, parts: list, tags: list[str]) -> Reply:
        s = self.state
        ps = self.plan[s.pos]
        parts += [Text(t) for t in ps.routine.outro]
        s.routines, s.pos, s.scale, s.pain_reports, s.sides_done = [], 0, None, 0, []
        self.profile.position = None
        s.ask, s.last = "another", "ask"
        parts.append(Line("routine.done"))
        parts.append(Line("ask.another"))
        return Reply(parts, [Line("ask.another")], tags=tags + ["routine:done", "ask:another"])

    def _ask(self, question: str, parts: list, reprompt_key: str | None = None, tags: list | None = None) -> Reply:
        """Ask a question; the reprompt is the question itself unless a shorter one is given."""
        self.state.ask = question
        self.state.last = "ask"
        reprompt = [Line(reprompt_key)] if reprompt_key else self._question_parts(question)
        return Reply(parts, reprompt, tags=(tags or []) + [f"ask:{question}"])

    def _menu(self, lead: list | None = None, tags: list | None = None) -> Reply:
        parts = list(lead or [])
        parts.append(Line("menu.gentle" if self.state.gentle else "menu.choose"))
        self.state.pending = None
        return self._ask("menu", parts, "ask.menu", tags=(tags or []) + ["menu"])

    # ----- launch and the menu ----------------------------------------------------------------

    def launch(self) -> Reply:
        now = self.ctx.now
        current = self._current()
        if current is not None:
            data = {"step": self.state.pos + 1, "steps": len(self.plan), "name": current.routine.name}
            return Reply([Line("launch.mid_session", data)], [Line("step.reprompt")], tags=["launch:mid_session"])
        history = self.profile.history
        returning = bool(history)
        if self.ctx.new_session:
            history.append(now)
            del history[:-HISTORY_KEEP]
        this_week = sum(1 for t in history if now - t < WEEK_SECONDS)
        parts: list = []
        if returning and this_week >= 2:
            parts.append(Line("history.this_week", {"count": this_week}))
        position = self.profile.position
        if ps := self._restore(position, apply=False):
            where = Line("resume.where_side" if ps.side else "resume.where",
                         {"side": ps.side or "", "name": ps.routine.name, "step": position.get("pos", 0) + 1})
            return self._ask("resume", [Line("launch.welcome_back")] + parts + [where, Line("resume.offer")],
                             tags=["launch", "resume:offered"])
        self.state.last = "menu"
        welcome = Line("launch.welcome_back" if returning else "launch.welcome")
        return self._menu([welcome] + parts + ([] if returning else [Line("launch.what")]), tags=["launch"])

    def _restore(self, position: dict, apply: bool = True) -> R.PlanStep | None:
        """The stored position as a plan step, or None if it is stale or no longer makes sense."""
        if not isinstance(position, dict):
            return None
        at = position.get("at")
        if not isinstance(at, (int, float)) or self.ctx.now - at > RESUME_WITHIN_SECONDS:
            return None
        if self._screen_due():
            # The safety screen has lapsed since: start afresh, so it is asked again first.
            return None
        candidate = SessionState.from_dict(position)
        if not candidate.routines:
            return None
        plan = R.cached_plan(self.language, tuple(candidate.routines), candidate.first_side, candidate.gentle)
        if apply:
            s = self.state
            s.routines, s.pos, s.first_side = candidate.routines, candidate.pos, candidate.first_side
            s.sides_done = [m for m in candidate.sides_done if isinstance(m, str)]
            s.gentle, s.scale, s.paused = candidate.gentle or s.gentle, candidate.scale, False
            # The screen is still current (checked above), and the flare-up and warm-up questions
            # were answered when this routine began.
            s.screened = s.flare_asked = s.warmup_offered = True
        return plan[candidate.pos]

    def list_routines(self) -> Reply:
        return self._menu([Line("menu.list")])

    def start(self, routine_id: str | None, heard: str | None = None) -> Reply:
        if routine_id == "quick_release":
            return self.quick_release()
        if routine_id == "full_session":
            return self.session(None)
        routine = self.cat.get(routine_id)
        if routine is None or routine_id not in self.cat.menu + ("warm_up",):
            # Echo what was heard only when it is short enough to be a name someone said.
            lead = [Line("start.unknown", {"heard": heard})] if heard and len(heard) <= MAX_ECHO_CHARS else [
                Line("start.which")]
            return self._menu(lead)
        if routine_id == "warm_up":
            return self._begin([routine_id], None, [])
        if self.state.gentle and routine.gentle == "no":
            return self._menu([Line("gentle.not_this", {"name": routine.name})])
        self.state.pending = {"routines": [routine_id], "scale": None}
        return self._proceed([])

    def quick_release(self) -> Reply:
        tool = self.profile.prefs.get("tool")
        rid = self.cat.quick["ball"] if (tool == "ball" or self.state.gentle) else self.cat.quick["roller"]
        self.state.pending = {"routines": [rid], "scale": 0.0, "quick": True}
        return self._proceed([Line("quick.intro", {"name": self.cat.routines[rid].name})])

    def session(self, seconds: float | None) -> Reply:
        if seconds is None:
            return self._ask("menu", [Line("session.ask_time")], "session.ask_time")
        fit = R.fit_session(self.cat, seconds, gentle=self.state.gentle, first_side=self._first_side(),
                            hold_preference=self.profile.hold_preference, rate_percent=self.speaking_rate)
        names = [self.cat.routines[r].name for r in fit.routines]
        data = {"asked": seconds, "minutes": fit.estimate, "names": names}
        lead = [Line(f"session.{fit.outcome}", data)]
        self.state.pending = {"routines": list(fit.routines), "scale": fit.scale}
        return self._proceed(lead)

    def _first_side(self) -> str:
        side = self.profile.prefs.get("first_side")
        return side if side in R.SIDES else "left"

    # ----- the questions before a routine -----------------------------------------------------

    def _screen_due(self) -> bool:
        if self.state.screened:
            return False
        screen = self.profile.screen
        return not (isinstance(screen, dict) and isinstance(screen.get("at"), (int, float))
                    and self.ctx.now - screen["at"] < _rescreen_seconds())

    def _question_parts(self, question: str) -> list:
        """How each yes/no question is put, the first time and when it is asked again."""
        from . import safety

        if question == "screen":
            q = _screening()[min(self.state.screen_index, len(_screening()) - 1)]
            return [Text(q.text)]
        if question == "flare":
            return [Text(safety.flare_up_question())]
        if question == "cleared":
            return [Text(safety.line("professional_cleared_confirm"))]
        if question == "pain":
            return [Line("pain.options")]
        return [Line(f"ask.{question}")]

    def _proceed(self, lead: list) -> Reply:
        """Ask what still needs asking (safety screen, flare-up, warm-up), then begin."""
        s = self.state
        if s.blocked:
            return self._blocked_reply(lead)
        if self._screen_due():
            from . import safety

            s.screen_index = 0
            intro = [Text(safety.disclaimer()), Text(safety.screening_intro())]
            return self._ask("screen", lead + intro + self._question_parts("screen"), "screen.reprompt",
                             tags=[f"screen:{_screening()[0].id}"])
        if not s.gentle and self._gentle_remembered():
            s.gentle = s.flare_asked = True
            lead = lead + [Line("gentle.remembered")]
        if not s.flare_asked:
            return self._ask("flare", lead + self._question_parts("flare"))
        if not s.warmup_offered:
            return self._ask("warmup", lead + [Line("ask.warmup")])
        pending = s.pending or {}
        return self._begin(pending.get("routines") or [], pending.get("scale"), lead)

    def _begin(self, routine_ids: list[str], scale: float | None, lead: list) -> Reply:
        s = self.state
        if not routine_ids:
            return self._menu(lead)
        s.routines, s.pos, s.scale, s.paused, s.pending = list(routine_ids), 0, scale, False, None
        s.first_side, s.sides_done = self._first_side(), []
        tools = [self.cat.routines[r].tool for r in routine_ids if self.cat.routines[r].tool in ("ball", "roller")]
        if len(tools) == 1:
            # Someone who starts the ball release has a ball: the quick release will use it.
            self.profile.prefs["tool"] = tools[0]
        s.pain_reports = 0
        return self._step_reply(lead)

    def _answer_screen(self, yes: bool) -> Reply:
        from . import safety

        s = self.state
        questions = _screening()
        q = questions[min(s.screen_index, len(questions) - 1)]
        if yes:
            return self._triaged(q.tier, q.id)
        answers = dict((self.profile.screen or {}).get("answers") or {}) if s.screen_index else {}
        answers[q.id] = "no"
        s.screen_index += 1
        # A question about something a doctor has already cleared today is not asked again.
        cleared = {_screen_id(c) for c in s.cleared}
        while s.screen_index < len(questions) and questions[s.screen_index].id in cleared:
            s.screen_index += 1  # not written down: the record keeps no symptom
        self.profile.screen = {"at": None, "answers": answers}
        if s.screen_index < len(questions):
            return self._ask("screen", self._question_parts("screen"), "screen.reprompt",
                             tags=[f"screen:{questions[s.screen_index].id}"])
        self.profile.screen = {"at": self.ctx.now, "answers": answers}
        s.screened = True
        return self._proceed([Text(safety.screening_all_clear())])

    # ----- navigation -------------------------------------------------------------------------

    def next(self, skipping: bool = False) -> Reply:
        s = self.state
        if s.paused:
            return self.resume()
        if s.ask == "pain" and self.in_routine:
            s.ask = None
            self._advance()
            return self._step_reply([Line("pain.moving_on")])
        if s.ask in ("resume", "another"):
            return self.yes()
        if s.ask == "warmup":
            return self.no()
        if s.ask in ("screen", "flare", "forget", "cleared", "more"):
            return self._reask([Line("ask.yes_or_no")])
        if not self.in_routine:
            return self._menu([Line("nav.nothing_started")])
        self._advance()
        return self._step_reply([Line("nav.skipping")] if skipping else [])

    def skip(self) -> Reply:
        return self.next(skipping=True)

    def previous(self) -> Reply:
        s = self.state
        if not self.in_routine:
            return self._menu([Line("nav.nothing_started")])
        s.paused = False
        if s.pos == 0:
            return self._step_reply([Line("nav.at_start")])
        s.pos -= 1
        return self._step_reply([Line("nav.back")])

    def repeat(self) -> Reply:
        s = self.state
        if s.ask:
            return self._reask([])
        if s.last == "kb" and s.kb_topic:
            return self.question(topic=s.kb_topic)
        if self.in_routine:
            s.paused = False
            return self._step_reply([])
        return self._menu([])

    def start_over(self) -> Reply:
        s = self.state
        if not self.in_routine and not self._restore(self.profile.position):
            return self._menu([Line("nav.nothing_started")])
        s.pos, s.paused, s.ask, s.sides_done = 0, False, None, []
        return self._step_reply([Line("nav.start_over")])

    def pause(self) -> Reply:
        s = self.state
        if not self.in_routine:
            return self._menu([Line("pause.nothing")])
        s.paused, s.ask, s.timed_at = True, None, None
        return Reply([Line("pause.paused")], [Line("pause.reprompt")], tags=["paused"])

    def resume(self) -> Reply:
        s = self.state
        if s.paused:
            s.paused = False
            return self._step_reply([Line("pause.resumed")])
        if self.in_routine:
            return Reply([Line("resume.not_paused")], [Line("step.reprompt")], tags=["resume:not_paused"])
        if self.profile.position and self._restore(self.profile.position):
            return self._step_reply([Line("resume.picking_up")])
        return self._menu([Line("resume.nothing")])

    def switch_side(self, side: str | None) -> Reply:
        s = self.state
        current = self._current()
        if current is None:
            return self._menu([Line("nav.nothing_started")])
        if current.side is None:
            return Reply([Line("side.none")], [Line("step.reprompt")], tags=["side:none"])
        target = side if side in R.SIDES else R.other_side(current.side)
        if target == current.side:
            return Reply([Line("side.already", {"side": target})], [Line("step.reprompt")], tags=["side:already"])
        if target in self.sides_done():
            return Reply([Line("side.done", {"side": target})], [Line("step.reprompt")], tags=["side:done"])
        if not self.sides_done():
            # Choosing the other side before either is done is a preference for next time too.
            self.profile.prefs["first_side"] = target
        plan = self.plan
        for i, ps in enumerate(plan):
            if ps.routine is current.routine and ps.side == target:
                s.pos, s.paused = i, False
                return self._step_reply([Line("side.switch", {"side": target})])
        return Reply([Line("side.none")], [Line("step.reprompt")], tags=["side:none"])

    # ----- hold length ------------------------------------------------------------------------

    def _reference_hold(self) -> R.Timing | None:
        """The hold range that matters now: the current step's, else the next hold in the plan."""
        plan = self.plan
        for ps in plan[self.state.pos:] + plan[: self.state.pos]:
            if ps.step.kind == "hold" and not (self.state.gentle and ps.step.skip_when_gentle):
                return ps.step.timing
        return None

    def set_hold(self, seconds: float | None) -> Reply:
        if seconds is None:
            return Reply([Line("hold.how_long")], [Line("hold.how_long")], tags=["hold:ask"])
        lo, hi = HOLD_REQUEST_RANGE
        requested = int(round(seconds))
        stored = min(hi, max(lo, requested))
        self.profile.prefs["hold"] = stored
        timing = self._reference_hold()
        if self.state.gentle and timing:
            # Gentle work keeps every hold at its shortest; say what will really happen.
            return self._after_setting([Line("hold.gentle_keeps_short", {"seconds": timing.min})],
                                       [f"hold:{timing.min}"])
        parts: list = []
        effective = timing.clamp(stored) if timing else stored
        if effective != requested:
            low, high = (timing.min, timing.max) if timing else (lo, hi)
            parts.append(Line("hold.clamped", {"asked": requested, "seconds": effective, "min": low, "max": high}))
        else:
            parts.append(Line("hold.set", {"seconds": effective}))
        return self._after_setting(parts, [f"hold:{effective}"])

    def change_hold(self, direction: int) -> Reply:
        timing = self._reference_hold()
        current = (timing.clamp(self.profile.hold_preference or timing.default) if timing
                   else self.profile.hold_preference or DEFAULT_HOLD_SECONDS)
        if timing and ((direction > 0 and current >= timing.max) or (direction < 0 and current <= timing.min)):
            limit = timing.max if direction > 0 else timing.min
            self.profile.prefs["hold"] = limit
            key = "hold.at_longest" if direction > 0 else "hold.at_shortest"
            return self._after_setting([Line(key, {"seconds": limit})], [f"hold:{limit}"])
        return self.set_hold(current + direction * HOLD_STEP_SECONDS)

    def change_pace(self, direction: int) -> Reply:
        lo, hi = PACE_RANGE
        current = self.speaking_rate
        wanted = min(hi, max(lo, current + direction * PACE_STEP))
        if wanted == current:
            key = "pace.at_fastest" if direction > 0 else "pace.at_slowest"
        else:
            key = "pace.faster" if direction > 0 else "pace.slower"
        self.profile.prefs["pace"] = wanted
        return self._after_setting([Line(key)], [f"pace:{wanted}"])

    def _after_setting(self, parts: list, tags: list[str]) -> Reply:
        if self.in_routine and not self.state.ask:
            parts.append(Line("setting.applies_next"))
            return Reply(parts, [Line("step.reprompt")], tags=tags)
        if self.state.ask:
            return self._reask(parts, tags)
        return self._menu(parts, tags=tags)

    def time_left(self) -> Reply:
        s = self.state
        if not self.in_routine:
            return self._menu([Line("time.nothing")])
        plan = self.plan
        left_in_step = 0.0
        if s.timed_at is not None:
            elapsed = max(0.0, self.ctx.now - s.timed_at)
            left_in_step = max(0.0, s.timed_lead + s.timed_seconds - elapsed)
        rest = R.estimate_seconds(plan[s.pos + 1:], hold_preference=self.profile.hold_preference,
                                  gentle=s.gentle, scale=s.scale, rate_percent=self.speaking_rate)
        parts: list = []
        if left_in_step >= 3:
            parts.append(Line("time.in_step", {"seconds": left_in_step}))
        steps = len(plan) - s.pos - 1
        variant = "last" if steps == 0 else "one" if steps == 1 else "default"
        parts.append(Line("time.in_routine", {"seconds": left_in_step + rest, "steps": steps, "variant": variant}))
        return Reply(parts, [Line("step.reprompt")], tags=["time_left"])

    # ----- yes, no, help, stop, fallback ------------------------------------------------------

    def _reask(self, lead: list, tags: list | None = None) -> Reply:
        s = self.state
        q = s.ask
        if q is None or q == "menu":
            return self._menu(lead, tags=tags)
        reprompt = {"screen": "screen.reprompt", "pain": "pain.options"}.get(q)
        return self._ask(q, lead + self._question_parts(q), reprompt, tags=tags)

    def yes(self) -> Reply:
        s = self.state
        q, s.ask = s.ask, None
        if q == "screen":
            s.ask = "screen"
            return self._answer_screen(True)
        if q == "flare":
            s.flare_asked, s.gentle, s.flare_today = True, True, True
            self._remember_gentle()
            return self._proceed([_safety_text("gentle_mode")])
        if q == "warmup":
            s.warmup_offered = True
            pending = s.pending or {}
            routine_ids = ["warm_up"] + [r for r in pending.get("routines", []) if r != "warm_up"]
            return self._begin(routine_ids, pending.get("scale"), [])
        if q == "resume":
            if self.profile.position and self._restore(self.profile.position):
                return self._step_reply([Line("resume.picking_up")])
            return self._menu([Line("resume.nothing")])
        if q == "another":
            return self._menu([])
        if q == "forget":
            self.profile = Profile(forget=True)
            self.state = SessionState()
            return Reply([Line("forget.done")], end_session=True, tags=["forget:done"])
        if q == "cleared":
            s.cleared.append(s.blocked)
            s.blocked = None
            s.gentle = True
            return self._menu([_safety_text("professional_cleared_go_on")])
        if q == "more" and s.kb_topic:
            return self._kb_more()
        if q == "menu":
            return self._menu([Line("menu.which")])
        s.ask = q
        return self.fallback()

    def no(self) -> Reply:
        s = self.state
        q, s.ask = s.ask, None
        if q == "screen":
            s.ask = "screen"
            return self._answer_screen(False)
        if q == "flare":
            s.flare_asked = True
            return self._proceed([])
        if q == "warmup":
            s.warmup_offered = True
            return self._proceed([])
        if q == "resume":
            self.profile.position = None
            return self._menu([Line("resume.declined")])
        if q in ("another", "menu"):
            return self.stop()
        if q == "forget":
            return self._menu([Line("forget.kept")])
        if q == "cleared":
            return Reply([Line("cleared.not_yet")], end_session=True, tags=["cleared:no"])
        if q == "more":
            return self._menu([Line("kb.no_more")])
        s.ask = q
        return self.fallback()

    def unsure(self) -> Reply:
        """"I don't know", "maybe": never a no to a safety question."""
        s = self.state
        if s.ask == "screen":
            # For a screening question, not being sure is a reason to get checked.
            return self._answer_screen(True)
        if s.ask == "flare":
            return self.yes()  # unsure about a flare-up: keep it gentle
        if s.ask:
            return self._reask([Line("ask.yes_or_no")], tags=["unsure"])
        return self.fallback()

    def help(self) -> Reply:
        s = self.state
        if s.ask == "menu":
            return self._menu([Line("help.menu"), Line("help.questions")], tags=["help"])
        if s.ask:
            return self._reask([Line(f"help.ask.{s.ask}" if s.ask in ("screen", "pain") else "help.ask")],
                               tags=["help"])
        if s.paused:
            return Reply([Line("help.paused")], [Line("pause.reprompt")], tags=["help", "help:paused"])
        current = self._current()
        if current is not None:
            data = {"step": s.pos + 1, "steps": len(self.plan), "name": current.routine.name}
            keys = ["help.routine"] + (["help.sides"] if current.side else []) + (
                ["help.holds"] if current.step.kind == "hold" else [])
            return Reply([Line(k, data) for k in keys] + [Line("help.pain")], [Line("step.reprompt")],
                         tags=["help", "help:routine"])
        return self._menu([Line("help.menu"), Line("help.questions")], tags=["help"])

    def stop(self) -> Reply:
        saved = self.in_routine
        self.state.ask = None
        self.state.timed_at = None
        return Reply([Line("goodbye.saved" if saved else "goodbye")], end_session=True, tags=["goodbye"])

    def fallback(self) -> Reply:
        s = self.state
        if s.ask:
            return self._reask([Line("fallback.question")], tags=["fallback"])
        if self.in_routine:
            return Reply([Line("fallback.routine")], [Line("step.reprompt")], tags=["fallback"])
        return self._menu([Line("fallback.menu")], tags=["fallback"])

    def unsupported(self) -> Reply:
        """A request type this skill has nothing for (a screen tap, a can-fulfil probe)."""
        if self.in_routine:
            return Reply([Line("unsupported")], [Line("step.reprompt")], tags=["unsupported"])
        return self._menu([Line("unsupported")], tags=["unsupported"])

    # ----- safety -----------------------------------------------------------------------------

    def _triaged(self, tier: str, sign: str | None, heard: str | None = None) -> Reply:
        from . import safety

        s = self.state
        if tier == "emergency":
            s.routines, s.pending, s.ask, s.paused, s.timed_at = [], None, None, False, None
            self.profile.position = None
            return Reply([Text(safety.emergency_line(self.ctx.locale))], end_session=True,
                         tags=["triage:emergency", f"sign:{sign}"])
        if tier == "professional" and _screen_id(sign) in {_screen_id(c) for c in s.cleared}:
            if s.ask == "screen":
                return self._reask([Line("cleared.already")], tags=["triage:cleared"])
            if self.in_routine:
                return Reply([Line("cleared.already"), Line("pain.carry_on")], [Line("step.reprompt")],
                             tags=["triage:cleared"])
            return self._menu([Line("cleared.already")], tags=["triage:cleared"])
        if tier == "professional":
            s.blocked = sign or "professional"
            s.routines, s.pending, s.paused, s.timed_at = [], None, False, None
            self.profile.position = None
            s.ask = None
            parts = [Text(safety.professional_line(sign)), Line("safety.cleared_hint")]
            return Reply(parts, [Line("safety.professional_reprompt")], tags=["triage:professional", f"sign:{sign}"])
        return self._self_care(heard)

    def _blocked_reply(self, lead: list) -> Reply:
        return Reply(lead + [Line("safety.blocked")], [Line("safety.professional_reprompt")],
                     tags=["triage:blocked"])

    def _heard(self, text: str) -> Reply | None:
        """The safety reading of anything said in words, or None when it raises nothing.

        During the screen it answers the question; during a routine, pain words stop the hold
        before anything else (worsening pain there means stop, not a referral); otherwise the
        three-tier triage decides."""
        from . import safety

        if self.state.ask == "screen":
            question = _screening()[min(self.state.screen_index, len(_screening()) - 1)]
            result = safety.answer_screening(question.id, text)
            if result is None:
                return self._reask([Line("screen.unclear")], tags=["screen:unclear"])
            if result.tier == "self_care":
                return self._answer_screen(False)
            return self._triaged(result.tier, result.sign, text)
        if self.in_routine:
            verdict = safety.check_during_hold(text)
            if verdict in ("emergency", "professional"):
                return self._triaged(verdict, safety.triage(text).sign, text)
            if verdict in ("stop", "severe", "mild"):
                return self.pain(None, level=verdict)
            return None
        result = safety.triage(text)
        if result.tier != "self_care":
            return self._triaged(result.tier, result.sign, text)
        return None

    def symptom(self, text: str | None) -> Reply:
        if not text:
            return Reply([Line("safety.tell_me")], [Line("safety.tell_me")], tags=["symptom:ask"])
        return self._heard(text) or self._self_care(text)

    def _self_care(self, heard: str | None, question: bool = False) -> Reply:
        """Nothing of concern was said: answer it if it's a known question, else acknowledge."""
        from . import knowledge

        found = knowledge.answer(text=heard) if heard else None
        if found is not None:
            return self._kb_reply(found)
        if question:
            lead = [Line("kb.unknown", {"topics": knowledge.topics_summary()})]
            if self.in_routine:
                return Reply(lead, [Line("step.reprompt")], tags=["kb:unknown"])
            return self._menu(lead, tags=["kb:unknown"])
        if self.in_routine:
            return Reply([Line("safety.self_care_routine")], [Line("step.reprompt")], tags=["triage:self_care"])
        return self._menu([Line("safety.self_care")], tags=["triage:self_care"])

    def pain(self, text: str | None, level: str | None = None) -> Reply:
        """A report of pain. Anything not clearly mild stops the hold: the safe reading of "ow"."""
        from . import safety

        if text and (reply := self._heard(text)) is not None:
            return reply  # the words themselves decide: a red flag, or how bad the pain is
        if level not in ("stop", "severe", "mild"):
            level = "stop"
        s = self.state
        if not self.in_routine:
            # Nothing is pressing on anything: say what pain means here, then what they can do.
            return self._menu([_safety_text("mild_reassure" if level == "mild" else "pain_outside")],
                              tags=[f"pain:{level}", "pain:outside"])
        if level == "mild":
            return Reply([_safety_text("mild_reassure"), Line("pain.carry_on")], [Line("step.reprompt")],
                         tags=["pain:mild"])
        s.timed_at = None
        s.pain_reports += 1
        if level == "severe" or s.pain_reports >= PAIN_REPORTS_TO_END:
            ending = "pain_severe" if level == "severe" else "pain_repeated"
            s.routines, s.pending, s.paused, s.pain_reports = [], None, False, 0
            self.profile.position = None
            return Reply([_safety_text(ending)], end_session=True, tags=["pain:end"])
        return self._ask("pain", [_safety_text("pain_stop")], "pain.options", tags=["pain:stop"])

    def _gentle_remembered(self) -> bool:
        until = self.profile.prefs.get("gentle_until")
        return isinstance(until, (int, float)) and not isinstance(until, bool) and until > self.ctx.now

    def _remember_gentle(self) -> None:
        self.profile.prefs["gentle_until"] = self.ctx.now + GENTLE_REMEMBERED_SECONDS

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
        s = self.state
        s.flare_asked = True
        self._remember_gentle()
        lead = [Line("gentle.already")] if s.gentle else [_safety_text("gentle_mode")]
        current = self._current()
        if current is not None and current.routine.gentle == "no":
            s.routines, s.pos, s.ask, s.paused = [], 0, None, False
            s.gentle = True
            return self._menu(lead + [Line("gentle.not_this", {"name": current.routine.name})])
        if self._set_gentle(True) is not None:
            s.paused, s.ask = False, None
            return self._step_reply(lead)
        if s.ask == "pain":
            s.ask = None
        if s.pending:
            return self._proceed(lead)
        return self._menu(lead)

    def normal_pressure(self) -> Reply:
        s = self.state
        self.profile.prefs.pop("gentle_until", None)
        if s.flare_today:
            return self._after_setting([Line("gentle.flare_today")], ["gentle:kept"])
        if not s.gentle:
            return self._after_setting([Line("gentle.not_on")], ["gentle:off"])
        if self._set_gentle(False) is not None:
            s.paused, s.ask = False, None
            return self._step_reply([Line("gentle.off")])
        return self._after_setting([Line("gentle.off")], ["gentle:off"])

    def cleared(self) -> Reply:
        if not self.state.blocked:
            return self._menu([Line("cleared.not_needed")])
        return self._ask("cleared", self._question_parts("cleared"))

    # ----- questions --------------------------------------------------------------------------

    def question(self, topic: str | None = None, text: str | None = None) -> Reply:
        from . import knowledge

        if text and (reply := self._heard(text)) is not None:
            return reply
        found = knowledge.answer(text=text, topic=topic)
        return self._kb_reply(found) if found is not None else self._self_care(None, question=True)

    def _kb_reply(self, found) -> Reply:
        s = self.state
        s.kb_topic, s.last = found.topic, "kb"
        parts: list = [Text(found.text)]
        tags = [f"kb:{found.topic}"]
        if found.more:
            return self._ask("more", parts + [Line("kb.more_offer")], "ask.more", tags=tags)
        if self.in_routine:
            return Reply(parts + [Line("kb.back_to_routine")], [Line("step.reprompt")], tags=tags)
        return self._menu(parts, tags=tags)

    def _kb_more(self) -> Reply:
        from . import knowledge

        found = knowledge.answer(topic=self.state.kb_topic)
        parts = [Text(found.more)] if found and found.more else []
        if self.in_routine:
            return Reply(parts + [Line("kb.back_to_routine")], [Line("step.reprompt")], tags=["kb:more"])
        return self._menu(parts, tags=["kb:more"])

    def free_text(self, text: str | None) -> Reply:
        """Anything only the free-text carrier caught: safety first, then what it asks for."""
        from . import safety

        if not text:
            return self.fallback()
        if (reply := self._heard(text)) is not None:
            return reply
        if safety.mentions_clearance(text):
            return self.cleared()
        if safety.wants_gentle(text):
            return self.gentle()
        return self._self_care(text, question=_sounds_like_a_question(text))

    # ----- what is remembered -----------------------------------------------------------------

    def forget_me(self) -> Reply:
        return self._ask("forget", [Line("ask.forget")])

    def what_do_you_remember(self) -> Reply:
        p = self.profile
        parts: list = [Line("memory.intro")]
        count = len(p.history)
        parts.append(Line("memory.sessions", {"count": count}))
        if p.hold_preference:
            parts.append(Line("memory.hold", {"seconds": p.hold_preference}))
        if self._gentle_remembered():
            parts.append(Line("memory.gentle"))
        if self.speaking_rate != 100:
            parts.append(Line("memory.pace", {"variant": "slow" if self.speaking_rate < 100 else "fast"}))
        if p.prefs.get("first_side") in R.SIDES:
            parts.append(Line("memory.first_side", {"side": p.prefs["first_side"]}))
        if p.prefs.get("tool") in ("ball", "roller"):
            parts.append(Line("memory.tool", {"variant": p.prefs["tool"]}))
        if ps := self._restore(p.position, apply=False):
            parts.append(Line("memory.position", {"name": ps.routine.name}))
        if isinstance(p.screen, dict) and p.screen.get("at"):
            parts.append(Line("memory.screen"))
        parts.append(Line("memory.forget_hint"))
        if self.in_routine:
            return Reply(parts, [Line("step.reprompt")], tags=["memory"])
        return self._menu(parts, tags=["memory"])

    # ----- after every turn -------------------------------------------------------------------

    def remember_position(self) -> None:
        """Keep the routine position in the profile so a closed session can be resumed."""
        s = self.state
        if self.profile.forget:
            return
        if s.routines:
            self.profile.position = {
                "routines": list(s.routines), "pos": s.pos, "first_side": s.first_side,
                "gentle": s.gentle, "scale": s.scale, "at": self.ctx.now, "sides_done": list(s.sides_done),
            }


def _text_seconds(part, rate_percent: float) -> float:
    from ..speech.timeline import speech_seconds

    return speech_seconds(part.text, rate_percent) if isinstance(part, Text) else 0.0


_QUESTION_OPENERS = ("what", "how", "why", "when", "where", "which", "who", "should", "can", "could", "is",
                     "are", "do", "does", "will", "would", "tell me", "explain")


def _sounds_like_a_question(text: str) -> bool:
    said = text.strip().lower()
    return said.endswith("?") or said.startswith(_QUESTION_OPENERS)


def _screen_id(sign: str | None) -> str | None:
    """The screening question a triage sign belongs to."""
    if sign and sign.startswith("condition"):
        return "conditions"
    return "leg_symptoms" if sign == "numbness" else sign


def _screening():
    from . import safety

    return safety.screening_questions()


def _rescreen_seconds() -> float:
    from . import safety

    return safety.rescreen_after_days() * 24 * 3600.0


def _safety_text(key: str) -> Text:
    from . import safety

    return Text(safety.line(key))
