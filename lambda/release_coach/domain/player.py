"""The routine player: what runs when no question is open.

It speaks steps and keeps the place. Every response that speaks steps records, per step, where in
the response the step began and where its timed stretch (a hold) began and for how long
(`state.segments`, offsets from the response's start, from the spoken-timeline model). The next
request's time then says where the person really was when they spoke: Alexa stops speaking when
someone says "Alexa", so a hold interrupted 24 s into 45 s has 21 s left, kept in `hold_left`
for "carry on" or "resume" to finish, timed.
"""
from __future__ import annotations

from . import routines as R
from .reply import Line, Quiet, Reply, Text, Timed

# An interrupted hold with less than this left is treated as done.
MIN_HOLD_LEFT = 3
# Kinds of answer that answer the question at the end of a routine rather than interrupt it.
ANSWERS_TO_AN_OFFER = ("yes", "no", "ack", "next", "unsure", "stop", "routine", "list", "quick", "session", None)
# Flow mode stops adding steps to one response past this much SSML (Alexa allows 8000 characters;
# the rest is room for the closing prompt and the lead-in).
FLOW_SSML_BUDGET = 7000


class PlayerMixin:
    # ----- where we are ---------------------------------------------------------------------------

    def sides_done(self) -> list[str]:
        current = self._current()
        if current is None:
            return []
        return [side for side in R.SIDES if f"{current.routine.id}:{side}" in self.state.sides_done]

    def _next_pos(self, pos: int | None = None) -> int | None:
        """Where "next" goes from a position; None at the end of the plan. At the end of one side,
        the side not yet done comes next (the person may have switched early)."""
        plan = self.plan
        pos = self.state.pos if pos is None else pos
        current = plan[pos]
        ends_side = current.side is not None and (
            pos + 1 >= len(plan) or plan[pos + 1].side != current.side or plan[pos + 1].routine is not current.routine)
        if not ends_side:
            return pos + 1 if pos + 1 < len(plan) else None
        done = {side for side in R.SIDES if f"{current.routine.id}:{side}" in self.state.sides_done} | {current.side}
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

    def seconds_for(self, step: R.Step) -> int | None:
        return R.step_seconds(step, hold_preference=self.profile.hold_preference, gentle=self.state.gentle,
                              roll_preference=self.profile.roll_preference,
                              scale=self.state.scale)

    # ----- what the last response was doing when the person spoke ------------------------------

    def note_interruption(self, kind: str | None = None) -> None:
        """Place this request in the last response's timeline (see the module docstring)."""
        s = self.state
        finished, s.finished = s.finished, None
        if s.sent_at is None or not s.segments:
            return
        elapsed = max(0.0, self.ctx.now - s.sent_at)
        if not self.in_routine and finished:
            # The response that ended the routine was cut short ("ow", "wait" before its last
            # hold was over): the routine is not over yet. An answer to "another one?" is not that.
            last = s.segments[-1]
            if (elapsed >= (last[2] + last[3] if last[3] else last[1]) or s.ask != "another"
                    or kind in ANSWERS_TO_AN_OFFER):
                return
            s.routines, s.first_side, s.scale = finished["routines"], finished["first_side"], finished["scale"]
            s.sides_done, s.ask, s.completed = finished["sides_done"], None, s.completed[:-1]
        if not self.in_routine:
            return
        s.sent_at = None
        for pos, start, hold_start, seconds in reversed(s.segments):
            if elapsed >= start:
                s.pos = min(max(0, int(pos)), len(self.plan) - 1)
                left = hold_start + seconds - elapsed if seconds else 0
                inside = seconds and hold_start <= elapsed
                s.hold_left = int(round(left)) if inside and left >= MIN_HOLD_LEFT else 0
                s.step_spoken = bool(seconds) and elapsed >= hold_start + seconds
                return

    # ----- speaking steps ----------------------------------------------------------------------

    def step_parts(self, ps: R.PlanStep, lead_seconds: float, record: list) -> list:
        """One step's words (its routine's intro first), recording its timeline segment."""
        s = self.state
        seconds = self.seconds_for(ps.step)
        parts: list = []
        if ps.first_of_routine and ps.routine.intro:
            parts += [Text(t) for t in ps.routine.intro]
            if s.gentle and ps.routine.gentle == "adapted":
                parts.append(Line("gentle.adapted"))
        parts += [Text(t) for t in R.step_lines(ps, seconds, s.gentle)]
        if seconds is not None:
            lead = self.spoken_seconds(parts)
            record.append([s.pos, lead_seconds, lead_seconds + lead + self.spoken_seconds([Text(ps.step.start)]),
                           seconds])
            parts += [Text(ps.step.start), Timed(seconds, ps.step.cues), Text(ps.step.end)]
        else:
            record.append([s.pos, lead_seconds, 0.0, 0])
            if ps.step.settle:
                parts += [Line("step.take_your_time"), Quiet(ps.step.settle)]
                if self.flowing() and self._flows_on_to() is not None:
                    parts.append(Line("flow.in_position"))
        return parts

    def step_reply(self, lead: list | None = None) -> Reply:
        s = self.state
        ps = self.plan[s.pos]
        parts: list = list(lead or [])
        record: list = []
        parts += self.step_parts(ps, self.spoken_seconds(parts), record)
        while self.flowing() and (following := self._flows_on_to()) is not None:
            more = self.step_parts(self.plan[following], self.spoken_seconds(parts), probe := [])
            if self._too_long(parts + more):
                break
            self._advance()
            ps = self.plan[s.pos]
            probe[0][0] = s.pos
            parts, record = parts + more, record + probe
        return self._sent(parts, record, ps)

    # ----- flow mode: one response carries a whole side ---------------------------------------

    def flowing(self) -> bool:
        return bool(self.profile.prefs.get("flow"))

    def _flows_on_to(self) -> int | None:
        """The step flow mode speaks next in the same response: the next one of the same routine
        (its other side too), unless this step waits for the person (an untimed step with no
        positioning quiet, such as the warm-up's heat)."""
        s = self.state
        here = self.plan[s.pos]
        if here.step.timing is None and not here.step.settle:
            return None
        following = self._next_pos()
        if following is None:
            return None
        then = self.plan[following]
        if then.routine is not here.routine or following != s.pos + 1:
            return None
        return following

    def _too_long(self, parts: list) -> bool:
        from ..speech.render import to_ssml

        return len(to_ssml(parts, self.language, self.speaking_rate)) > FLOW_SSML_BUDGET

    def _sent(self, parts: list, record: list, ps: R.PlanStep, tags: list | None = None) -> Reply:
        s = self.state
        s.segments, s.sent_at, s.hold_left, s.step_spoken = record, self.ctx.now, 0, False
        timed = [seg for seg in record if seg[3]]
        s.timed_at = self.ctx.now if timed else None
        s.timed_lead = timed[-1][2] if timed else 0.0
        s.timed_seconds = int(timed[-1][3]) if timed else 0
        s.last, s.ask, s.paused = "step", None, False
        tags = list(tags or []) + [f"step:{ps.routine.id}:{ps.step.id}" + (f":{ps.side}" if ps.side else "")]
        if timed:
            tags.append(f"timed:{int(timed[-1][3])}")
        following = self._next_pos()
        if following is None:
            s.step_spoken = True
            return self.finish(parts, tags)
        if self.plan[following].routine is not ps.routine:
            parts.append(Line("routine.next_routine", {"name": self.plan[following].routine.name}))
        elif self.flowing() and self.plan[following].side != ps.side:
            parts.append(Line("flow.side_done", {"side": ps.side, "other": self.plan[following].side}))
        else:
            parts.append(Line("step.next_prompt" if timed else "step.ready_prompt"))
        return Reply(parts, [Line("step.reprompt")], tags=tags)

    def spoken_seconds(self, parts: list) -> float:
        """How long these parts take to say, Lines included, from the same timeline model."""
        from ..speech.render import line_text
        from ..speech.timeline import speech_seconds

        said = [p.text if isinstance(p, Text) else line_text(p, self.language) for p in parts
                if isinstance(p, (Text, Line))]
        return sum(speech_seconds(t, self.speaking_rate) for t in said) + sum(
            p.seconds for p in parts if isinstance(p, (Timed, Quiet)))

    def finish(self, parts: list, tags: list[str]) -> Reply:
        s = self.state
        ps = self.plan[s.pos]
        parts += [Text(t) for t in ps.routine.outro]
        done = {"routine": ps.routine.id, "name": ps.routine.name,
                "sides": [m.split(":", 1)[1] for m in s.sides_done if m.startswith(ps.routine.id + ":")]
                + ([ps.side] if ps.side and f"{ps.routine.id}:{ps.side}" not in s.sides_done else []),
                "seconds": int(R.estimate_seconds(list(self.plan), hold_preference=self.profile.hold_preference,
                                                     roll_preference=self.profile.roll_preference,
                                                  gentle=s.gentle, scale=s.scale, rate_percent=self.speaking_rate))}
        s.completed = (s.completed + [done])[-6:]
        s.finished = {"routines": list(s.routines), "first_side": s.first_side, "scale": s.scale,
                      "sides_done": list(s.sides_done)}
        s.routines, s.pos, s.scale, s.pain_reports, s.sides_done = [], 0, None, 0, []
        self.profile.position = None
        self.profile.prefs["routines_done"] = int(self.profile.prefs.get("routines_done", 0) or 0) + 1
        parts.append(Line("routine.done"))
        if self.offers_flow():
            parts.append(Line("flow.offer"))
        return self.ask("another", parts, tags=tags + ["routine:done"])

    # ----- coming back -----------------------------------------------------------------------

    def resume_saved(self, lead: list | None = None, from_top: bool = False, checked: bool = False) -> Reply:
        """Pick up a stored position, after this session's safety check."""
        s = self.state
        s.ask = None
        if not self.restore(self.profile.position, apply=False):
            return self.menu([Line("resume.nothing")], short=True)
        if not checked and not (s.screened and s.flare_asked):
            s.pending = {"resume": True, "from_top": from_top}
            return self.proceed(list(lead or []))
        from_top = from_top or bool((s.pending or {}).get("from_top"))
        self.restore(self.profile.position)
        if from_top:
            s.pos, s.sides_done = 0, []
        self.note_session()
        return self.step_reply(list(lead or []) + [Line("nav.start_over" if from_top else "resume.picking_up")])

    def step_finished_check(self) -> None:
        """Leaving mid-routine: a step whose time had run out is done, so resuming starts after it."""
        self.note_interruption()
        s = self.state
        if self.in_routine and s.step_spoken and self._next_pos() is not None:
            self._advance()
            s.step_spoken = False
