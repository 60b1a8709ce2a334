"""The session's coach: what happens when the person on the floor says something.

Pure: no SDK imports, no clock, no storage. Each turn gets the session state, the person's stored
profile and the request's time; `hear(answer)` returns a Reply and leaves the new state and
profile on the Coach for the caller to save.

What decides a turn, in order:
1. Words someone said (a symptom, a question, free words) go to safety triage first, wherever
   they are said (safety.py in this package's sibling modules: domain/safety_flow.py).
   Words no sample caught may still make a request ("the tennis ball then"): dialog/requests.py.
2. The open question, if any, reads the answer (dialog/questions.py: one class per question).
3. Otherwise the routine player and the commands that work anywhere (domain/player.py, navigation.py,
   domain/preferences.py, domain/talk.py); opening and starting a routine are in starting.py.
A last guard keeps anyone from hearing the same reply three times without anything moving.

The parts in those modules load on first use (see PARTS): a LaunchRequest runs only this module
and starting.py, and every module imported is paid for on each Lambda cold start.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .dialog.answers import Answer
from .dialog.questions import SafetyQuestion, open_question, question_named
from .reply import Line, Reply
from .starting import StartingMixin
from .state import Context, Profile, SessionState

if TYPE_CHECKING:
    from . import routines as R  # imported on use below: a launch needs no routine

__all__ = ["Answer", "Coach", "Context", "Profile", "SessionState"]

# Kinds of answer whose words are triaged before anything else reads them.
TRIAGED_KINDS = ("symptom", "pain", "question", "words", "feedback", "elsewhere", "clarify")
# Questions that can be requests ("can I just do the tennis ball one instead", "where was I"); "when
# do I switch sides" is a question, its carrier's shape says so.
REQUEST_SHAPES = ("can", "where")
# The questions that read the words themselves, triage included.
SCREENING = ("screen", "check")
# Kinds of answer whose words may be a request no sample caught (dialog/requests.py).
REREAD_KINDS = ("symptom", "question", "words", "feedback")
# What still works after "see a professional first": no routine starts today.
_ALLOWED_WHEN_BLOCKED = ("stop", "help", "cleared", "question", "words", "symptom", "pain", "forget", "memory",
                         "fallback", "slower", "faster", "feedback", "elsewhere", "clarify", "hesitate")
# The same reply this many times in a row, with nothing moving, turns into help instead.
SAME_REPLY_LIMIT = 2

# The coach's other parts: (module in this package, its mixin), in method resolution order after
# StartingMixin. They are mixed in the first time a coach is asked for a name that this module and
# starting.py don't define (Coach.__getattr__): Coach's bases become StartingMixin and these, so
# from then on it is the class `class Coach(StartingMixin, PlayerMixin, ...)` would make.
PARTS = (("player", "PlayerMixin"), ("navigation", "NavigationMixin"), ("preferences", "PreferencesMixin"),
         ("safety_flow", "SafetyMixin"), ("talk", "TalkMixin"))


def load_parts() -> bool:
    """Mix every part into Coach; False if they already were (two threads may both mix them: the
    bases they set are the same)."""
    if Coach.__bases__ != (StartingMixin,):
        return False
    Coach.__bases__ = (StartingMixin,) + tuple(
        getattr(importlib.import_module(f"{__package__}.{module}"), mixin) for module, mixin in PARTS)
    return True


class Coach(StartingMixin):
    def __getattr__(self, name: str):
        # Called only for a name normal lookup misses: before the parts load, one of theirs. The
        # lookup after loading doesn't come back here, so a name no part has is an AttributeError,
        # and a thread whose lookup missed while another thread was loading the parts still finds it.
        if name.startswith("__"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        load_parts()
        return object.__getattribute__(self, name)

    def __init__(self, state: SessionState, profile: Profile, ctx: Context, language: str = "en"):
        self.state = state
        self.profile = profile
        self.ctx = ctx
        self.language = language
        self.undoable: dict | None = None  # the setting the last reply changed (preferences.undo_setting)

    # ----- one turn -------------------------------------------------------------------------------

    def hear(self, a: Answer) -> Reply:
        self.note_interruption(a.kind)
        # A change can be taken back only in the turn right after it ("nah, leave it as it was").
        self.undoable, self.state.undo = self.state.undo, None
        before = self._signature()
        reply = self._hear(a)
        return self._guard(before, reply)

    def _hear(self, a: Answer) -> Reply:
        screening = self.state.ask in SCREENING
        # A recent worsening said to the flare-up question is its answer, read there (the others are triaged).
        flare_told = self.state.ask == "flare" and a.words and self.recent_flare_told(a.words)
        if a.words and a.kind in TRIAGED_KINDS and not screening and not flare_told:
            if (reply := self.heard(a.words, pain=a.kind == "pain", question=a.kind == "question")) is not None:
                return reply
        question = open_question(self)
        # "Okay, the tennis ball then": a request no sample caught is read as that request. The
        # screen reads every word itself ("I can't feel when I need to go" answers it); another
        # safety question, its words triaged above, takes only second thoughts about the routine.
        rereads = (a.kind in REREAD_KINDS or (a.kind == "routine" and a.value is None)) and (
            a.kind != "question" or a.value in REQUEST_SHAPES)
        if a.words and rereads and not screening:
            from .dialog.requests import request_in  # on use: a LaunchRequest never needs it

            asked = a.kind == "question"
            request = request_in(a.words, self.language, tuple(self.state.routines), asked=asked,
                                 shape=a.value if asked else None)
            if request is not None and (request[0] == "routine" or not isinstance(question, SafetyQuestion)):
                a = Answer(request[0], request[1], a.words)
        if question is not None:
            reply = question.read(self, a)
            if reply is not None:
                return reply
            self.state.ask = None  # an offer left unanswered: what was said is handled as it is
        return self.act(a)

    def act(self, a: Answer) -> Reply:
        """What each kind of answer does when no question reads it."""
        kind, value = a.kind, a.value
        if self.state.blocked and kind in ("ack", "yes", "no", "next", "thanks"):
            # "Fair enough" to "not today, get it checked": nothing more to do here.
            return Reply([Line("goodbye.referred")], end_session=True, tags=["goodbye"])
        if self.state.blocked and kind not in _ALLOWED_WHEN_BLOCKED:
            return self.blocked_reply([Line("safety.blocked_still")])
        if kind in ("yes", "ack") and self.in_routine and self.state.hold_left:
            return self.resume()  # "okay" in the middle of a hold acknowledges it: the hold goes on, timed
        if kind in ("yes", "ack", "next"):
            return self.next()  # with nothing under way, the saved place ("ask release coach to keep going")
        table = {
            "no": lambda: self.undo_setting(self.undoable) or self.keep_going([Line("ok.noted")]),
            "undo": lambda: self.undo_setting(self.undoable) or self.keep_going([Line("setting.nothing_to_undo")]),
            "unsure": lambda: self.keep_going([Line("ok.noted")]),
            "wait": self.pause, "skip": self.skip, "back": self.previous, "repeat": self.repeat,
            "start_over": self.start_over, "resume": self.resume, "stop": self.stop, "help": self.help,
            "side": lambda: self.switch_side(value),
            "hold": lambda: self.set_hold(value),
            "longer": lambda: self.change_hold(+1), "shorter": lambda: self.change_hold(-1),
            "time_left": self.time_left, "slower": lambda: self.change_pace(-1),
            "faster": lambda: self.change_pace(+1),
            "routine": lambda: self.start(value, a.words),
            "session": lambda: self.session(value), "quick": self.quick_release, "list": self.list_routines,
            "symptom": lambda: self.symptom(a.words), "pain": lambda: self.pain(a.words, level=value),
            "question": lambda: self.question(topic=value, text=a.words),
            "words": lambda: self.free_text(a.words), "feedback": lambda: self.feedback(a.words),
            "gentle": self.gentle, "normal": self.normal_pressure, "cleared": self.cleared,
            "forget": self.forget_me, "memory": self.what_do_you_remember,
            "time_complaint": self.time_complaint, "flow": self.flow_mode, "step_mode": self.step_mode,
            "thanks": self.thanked, "elsewhere": self.elsewhere, "clarify": lambda: self.clarify(a.words),
            "hesitate": lambda: self.aside(None, ["hesitate"]),
        }
        action = table.get(kind)
        return action() if action else self.fallback()

    def _signature(self) -> str:
        s = self.state
        return repr((s.routines, s.pos, s.ask, s.paused, s.pending, s.screen_index, s.blocked, s.gentle, s.sides_done,
                     s.kb_topic, s.confirm, s.screened, s.flare_asked, s.warmup_offered))

    def _guard(self, before: str, reply: Reply) -> Reply:
        """No dead ends: a third identical reply with nothing moving becomes help."""
        s = self.state
        moved = before != self._signature()
        import zlib  # on use: a LaunchRequest doesn't pass here

        signature = format(zlib.crc32(f"{self._signature()}|{reply.tags}|{reply.keys}".encode()), "x")
        s.same = s.same + 1 if (signature == s.sig and not moved) else 0
        s.sig = signature
        if s.same >= SAME_REPLY_LIMIT and not reply.end_session:
            s.same = 0
            return self.help(stuck=True)
        return reply

    # ----- the plan -----------------------------------------------------------------------------

    @property
    def cat(self) -> R.Catalog:
        # Read when used, not when the coach is made: a launch lists no routine (routines.json is
        # parsed and its records built once per process, on first use).
        from .routines import catalog

        return catalog(self.language)

    @property
    def plan(self) -> tuple[R.PlanStep, ...]:
        s = self.state
        if not s.routines:
            return ()
        from .routines import cached_plan

        return cached_plan(self.language, tuple(s.routines), s.first_side, s.gentle)

    @property
    def speaking_rate(self) -> int:
        return self.profile.speaking_rate

    @property
    def in_routine(self) -> bool:
        return bool(self.state.routines)

    def _current(self) -> R.PlanStep | None:
        plan = self.plan
        return plan[self.state.pos] if plan else None

    def routine_name(self, routine_id: str | None) -> str:
        routine = self.cat.get(routine_id)
        return routine.name if routine else ""

    # ----- asking -------------------------------------------------------------------------------

    def ask(self, question_id: str, lead: list, tags: list | None = None) -> Reply:
        """Ask a question; its reprompt is the question itself unless it has a shorter one."""
        self.state.ask = question_id
        self.state.last = "ask"
        q = question_named(question_id)
        return Reply(lead + q.words(self), q.reprompt(self) if q.reprompt_key else q.words(self),
                     tags=(tags or []) + [f"ask:{question_id}"])

    def reask(self, lead: list, tags: list | None = None, brief: bool = False) -> Reply:
        """The open question again, after a short lead-in; `brief` is for answers that didn't answer."""
        q = self.state.ask
        if question_named(q) is None or q == "menu":
            return self.menu(lead, tags=tags, short=brief)
        return self.ask(q, lead, tags=tags)

    def menu(self, lead: list | None = None, tags: list | None = None, short: bool = False) -> Reply:
        parts = list(lead or [])
        s = self.state
        if s.blocked:  # after "see a professional first" no routine is offered today
            s.ask, s.last = None, "ask"
            return Reply(parts + [Line("safety.after_referral")], [Line("safety.after_referral")],
                         tags=(tags or []) + ["blocked:prompt"])
        s.pending = None
        s.ask, s.last = "menu", "ask"
        words = [Line("ask.menu")] if short else question_named("menu").words(self)
        return Reply(parts + words, [Line("ask.menu")], tags=(tags or []) + ["menu", "ask:menu"])

    # ----- leaving, help, misses ----------------------------------------------------------------

    def stop(self) -> Reply:
        s = self.state
        saved = self.in_routine and self.ctx.remembers
        if self.in_routine:
            self.step_finished_check()
        s.ask, s.timed_at = None, None
        return Reply([Line("goodbye.saved" if saved else "goodbye")], end_session=True, tags=["goodbye"])

    def fallback(self) -> Reply:
        if self.in_routine:
            return Reply([Line("fallback.routine")], [Line("step.reprompt")], tags=["fallback"])
        return self.menu([Line("fallback.menu")], tags=["fallback"], short=True)

    def unsupported(self) -> Reply:
        """A request type this skill has nothing for (a screen tap, a can-fulfil probe)."""
        if self.in_routine:
            return Reply([Line("unsupported")], [Line("step.reprompt")], tags=["unsupported"])
        return self.menu([Line("unsupported")], tags=["unsupported"], short=True)

    def help(self, stuck: bool = False) -> Reply:
        s = self.state
        tags = ["help"] + (["help:loop"] if stuck else [])
        if s.ask == "menu" or (not s.ask and not self.in_routine and not s.blocked):
            return self.menu([Line("help.menu"), Line("help.questions")], tags=tags, short=True)
        if s.ask:
            key = {"screen": "help.ask.screen", "check": "help.ask.screen", "confirm": "help.ask.screen",
                   "pain": "help.ask.pain"}.get(s.ask, "help.ask")
            return self.reask([Line(key)], tags=tags)
        if s.blocked:
            return Reply([Line("safety.blocked")], [Line("safety.professional_reprompt")], tags=tags)
        if s.paused:
            return Reply([Line("help.paused")], [Line("pause.reprompt")], tags=tags + ["help:paused"])
        current = self._current()
        data = {"step": s.pos + 1, "steps": len(self.plan), "name": current.routine.name}
        keys = ["help.routine"] + (["help.sides"] if current.side else []) + (
            ["help.holds"] if current.step.kind == "hold" else [])
        return Reply([Line(k, data) for k in keys] + [Line("help.pain")], [Line("step.reprompt")],
                     tags=tags + ["help:routine"])

    # ----- the method names the handlers and tests use ------------------------------------------

    def yes(self) -> Reply:
        return self.hear(Answer("yes"))

    def no(self) -> Reply:
        return self.hear(Answer("no"))

    def unsure(self) -> Reply:
        return self.hear(Answer("unsure"))
