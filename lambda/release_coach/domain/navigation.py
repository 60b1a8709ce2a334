"""Moving about a routine: next, back, repeat, start over, pause and resume, switching sides,
"how long is left", and what is said that changes nothing. The player (player.py) speaks the
steps; these decide which step comes next."""
from __future__ import annotations

from . import routines as R
from .player import MIN_HOLD_LEFT
from .reply import Line, Reply, Text, Timed


class NavigationMixin:
    # ----- moving about ------------------------------------------------------------------------

    def next(self, skipping: bool = False) -> Reply:
        s = self.state
        if not self.in_routine:
            if self.profile.position and self.restore(self.profile.position, apply=False):
                return self.resume_saved()
            return self.menu([Line("nav.nothing_started")], short=True)
        if s.paused and s.hold_left:
            return self.resume()
        self._advance()
        return self.step_reply([Line("nav.skipping")] if skipping else [])

    def skip(self) -> Reply:
        return self.next(skipping=True)

    def previous(self) -> Reply:
        s = self.state
        if not self.in_routine:
            return self.menu([Line("nav.nothing_started")], short=True)
        if s.pos == 0:
            return self.step_reply([Line("nav.at_start")])
        s.pos -= 1
        return self.step_reply([Line("nav.back")])

    def repeat(self) -> Reply:
        s = self.state
        if s.last == "kb" and s.kb_topic:
            return self.question(topic=s.kb_topic)
        if self.in_routine:
            return self.step_reply([])
        return self.menu([], short=True)

    def start_over(self) -> Reply:
        s = self.state
        if not self.in_routine and not self.restore(self.profile.position):
            return self.menu([Line("nav.nothing_started")], short=True)
        s.pos, s.sides_done = 0, []
        return self.step_reply([Line("nav.start_over")])

    def pause(self) -> Reply:
        s = self.state
        if not self.in_routine:
            return self.menu([Line("pause.nothing")], short=True)
        s.paused, s.ask, s.timed_at, s.sent_at = True, None, None, None
        return Reply([Line("pause.paused")], [Line("pause.reprompt")], tags=["paused"])

    def resume(self) -> Reply:
        """"Resume", "carry on", "keep going": a paused routine or an interrupted hold goes on (the
        hold finished, timed); with neither, the routine goes on as "next" would."""
        s = self.state
        if self.in_routine and not s.paused and not s.hold_left:
            return self.next()
        if self.in_routine:
            return self.continue_routine([Line("pause.resumed")] if s.paused else [])
        return self.resume_saved()  # the stored place, or "nothing to resume"

    def continue_routine(self, lead: list) -> Reply:
        """Go on from where we were: finish an interrupted hold, timed, or go to the next step."""
        s = self.state
        s.paused, s.ask = False, None
        if not self.in_routine:
            return self.menu(lead, short=True)
        ps = self.plan[s.pos]
        if s.hold_left >= MIN_HOLD_LEFT and ps.step.timing is not None:
            left, record = s.hold_left, []
            parts = list(lead) + [Line("hold.finish", {"seconds": left})]
            start = self.spoken_seconds(parts)
            record.append([s.pos, 0.0, start, left])
            parts += [Timed(left, ()), Text(ps.step.end)]
            return self._sent(parts, record, ps, tags=["hold:resume"])
        if s.step_spoken or ps.step.timing is None:
            self._advance()
        return self.step_reply(lead)

    def keep_going(self, lead: list, tags: list | None = None) -> Reply:
        """Something said that changes nothing: say so, and what to say next."""
        if self.in_routine:
            return Reply(lead + [Line("step.reprompt")], [Line("step.reprompt")], tags=(tags or []) + ["kept"])
        return self.menu(lead, tags=tags, short=True)

    def feedback(self, words: str | None) -> Reply:
        if self.in_routine:
            return self.carry_on_offer([Line("feedback.thanks")], tags=["feedback"])
        return self.menu([Line("feedback.thanks")], tags=["feedback"], short=True)

    def carry_on_offer(self, lead: list, tags: list) -> Reply:
        """In a routine after something else was said: go on when they say so (questions.CarryOn)."""
        return self.ask("carry_on", lead, tags=tags)

    def after_pain_go_on(self) -> Reply:
        s = self.state
        s.ask, s.hold_left = None, 0
        if not self.in_routine:
            return self.menu([], short=True)
        self._advance()
        return self.step_reply([Line("pain.moving_on")])

    def switch_side(self, side: str | None) -> Reply:
        s = self.state
        current = self._current()
        if current is None:
            if side in R.SIDES:
                self.profile.prefs["first_side"] = side
                return self.menu([Line("side.first_next_time", {"side": side})], tags=["side:pref"], short=True)
            return self.menu([Line("nav.nothing_started")], short=True)
        if current.side is None:
            return self.keep_going([Line("side.none")], ["side:none"])
        target = side if side in R.SIDES else R.other_side(current.side)
        if target == current.side:
            return self.keep_going([Line("side.already", {"side": target})], ["side:already"])
        if target in self.sides_done():
            return self.keep_going([Line("side.done", {"side": target})], ["side:done"])
        if not self.sides_done():
            self.profile.prefs["first_side"] = target
        for i, ps in enumerate(self.plan):
            if ps.routine is current.routine and ps.side == target:
                s.pos = i
                return self.step_reply([Line("side.switch", {"side": target})])
        return self.keep_going([Line("side.none")], ["side:none"])

    def time_left(self) -> Reply:
        s = self.state
        if not self.in_routine:
            if s.completed:
                return self.menu([Line("time.all_done", {"name": s.completed[-1]["name"]})], tags=["time_left"],
                                 short=True)
            return self.menu([Line("time.nothing")], short=True)
        plan = self.plan
        rest = R.estimate_seconds(plan[s.pos + 1:], hold_preference=self.profile.hold_preference,
                                  roll_preference=self.profile.roll_preference,
                                  gentle=s.gentle, scale=s.scale, rate_percent=self.speaking_rate)
        parts: list = []
        if s.hold_left:
            parts.append(Line("time.in_step", {"seconds": s.hold_left}))
        steps = len(plan) - s.pos - 1
        variant = "last" if steps == 0 else "one" if steps == 1 else "default"
        parts.append(Line("time.in_routine", {"seconds": s.hold_left + rest, "steps": steps, "variant": variant}))
        if s.hold_left:
            return self.ask("carry_on", parts, tags=["time_left"])
        return Reply(parts + [Line("step.reprompt")], [Line("step.reprompt")], tags=["time_left"])

