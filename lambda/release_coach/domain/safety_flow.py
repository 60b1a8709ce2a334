"""What the coach does with safety: the checks before a routine, and the triage of words said.

Nothing here is stored about a person's body: the screen's answers, a flare-up, a referral and
what triage heard live in the session state only. A person who has done routines before gets one
combined question each session instead of the full screen; any yes (or unsure) opens the full
screen, so every session still confirms the red flags are absent.
"""
from __future__ import annotations

from .reply import Line, Reply, Text

# Two pain reports in one routine end it.
PAIN_REPORTS_TO_END = 2


def _safety():
    from . import safety

    return safety


class SafetyMixin:
    def safety_text(self, key: str) -> str:
        safety = _safety()
        if key == "flare_up_question":
            return safety.flare_up_question()
        return safety.line(key)

    # ----- before a routine ----------------------------------------------------------------------

    def safety_check(self, lead: list) -> Reply:
        """The full screen for someone new; one combined question for someone returning."""
        safety = _safety()
        intro = [Text(safety.disclaimer())]
        if self.profile.history:
            return self.ask("check", lead + [Line("check.intro")], tags=["check"])
        self.state.screen_index = 0
        return self.ask("screen", lead + intro + [Text(safety.screening_intro())],
                        tags=[f"screen:{self.screening_question().id}"])

    def screening_question(self):
        questions = _safety().screening_questions()
        return questions[min(self.state.screen_index, len(questions) - 1)]

    def start_full_screen(self) -> Reply:
        self.state.screen_index = 0
        return self.ask("screen", [Line("check.one_by_one")], tags=[f"screen:{self.screening_question().id}"])

    def check_cleared(self) -> Reply:
        self.state.screened = True
        return self.proceed([Line("check.thanks")])

    def screen_answered(self, yes: bool) -> Reply:
        s = self.state
        q = self.screening_question()
        if yes:
            return self.triaged(q.tier, q.id)
        questions = _safety().screening_questions()
        s.screen_index += 1
        cleared = {_screen_id(c) for c in s.cleared}
        while s.screen_index < len(questions) and questions[s.screen_index].id in cleared:
            s.screen_index += 1
        if s.screen_index < len(questions):
            return self.ask("screen", [], tags=[f"screen:{questions[s.screen_index].id}"])
        s.screened = True
        return self.proceed([Text(_safety().screening_all_clear())])

    def screen_words(self, words: str) -> Reply | None:
        """A worded answer to a screening question: a sign named wins; a clear no moves on."""
        result = _safety().answer_screening(self.screening_question().id, words)
        if result is None:
            return None
        if result.tier == "self_care":
            return self.screen_answered(False)
        return self.triaged(result.tier, result.sign)

    def flare_answered(self, yes: bool) -> Reply:
        s = self.state
        s.flare_asked = True
        if yes:
            s.gentle = s.flare_today = True
            return self.proceed([Text(_safety().line("gentle_mode"))])
        return self.proceed([])

    def flare_words(self, words: str) -> bool | None:
        """A flare-up told in words: "it flared up on Tuesday" is a yes, "same for ages" a no."""
        from .dialog.answers import opening_kind

        kind = opening_kind(words, self.language)
        if kind in ("yes", "no"):
            return kind == "yes"
        if kind == "unsure":  # "I'm not really sure": the question reads unsure as it reads it
            return None
        said = f" {words.lower()} "
        if any(w in said for w in (" nothing recent", " not recent", " not recently", " no flare", " not a flare",
                                   " not flared", " nothing new", " not really")):
            return False
        if any(w in said for w in (" flare", " flaring", "just started", " last few days", " this week", " since ",
                                   " yesterday", " recent", " worse", " acting up", " playing up", " bad day")):
            return True
        if any(w in said for w in (" ages", " years", " months", " always", " same ", " ongoing", " chronic",
                                   " long time", " forever", " on and off", " usual")):
            return False
        return None

    def recent_flare_told(self, words: str) -> bool:
        """At the flare-up question, "a lot worse since Tuesday" answers it: worse for days is the
        flare-up it asks about, not the weeks-long worsening triage refers. Only when worsening is
        the one sign heard, a recent time is named, and no long one is."""
        signs = getattr(_safety().triage(words), "signs", None) or ()
        if tuple(signs) != ("persistent_worse",) or self.flare_words(words) is not True:
            return False
        said = f" {words.lower()} "
        recent = any(w in said for w in (" since ", " yesterday", " last night", " this week", " this morning",
                                         " few days", " couple of days", " the weekend", " today"))
        long_ago = any(w in said for w in (" weeks", " months", " years", " ages", " a while", " long time",
                                           " keeps getting", " getting worse and worse", " worse and worse"))
        return recent and not long_ago

    # ----- triage --------------------------------------------------------------------------------

    def heard(self, text: str, pain: bool = False, question: bool = False) -> Reply | None:
        """The safety reading of words said anywhere, or None when they raise nothing. In a
        routine, statements are read as said on the ball (pain words stop the hold), whatever offer
        is open; a question asked there gets the triage any question gets."""
        safety = _safety()
        if self.in_routine and not question:
            verdict = safety.check_during_hold(text)
            if verdict in ("general_emergency", "emergency", "professional"):
                result = safety.triage(text)
                return self.triaged(verdict, result.sign)
            if verdict == "confirm":
                return self._confirm(safety.triage(text))
            if verdict in ("stop", "severe", "mild"):
                return self.pain(None, level=verdict)
            return None
        reply = self.triage_said(text)
        if question and reply is not None and "triage:professional" in reply.tags:
            return _answered_first(text, reply)
        return reply

    def triage_said(self, text: str) -> Reply | None:
        result = _safety().triage(text)
        if result.tier == "confirm":
            return self._confirm(result)
        if result.tier != "self_care":
            return self.triaged(result.tier, result.sign)
        return None

    def _confirm(self, result) -> Reply:
        self.state.confirm = getattr(result, "confirm", None) or result.sign
        return self.ask("confirm", [], tags=["triage:confirm"])

    def confirmation(self) -> tuple[str, str, str]:
        return _safety().confirmation(self.state.confirm)

    def confirm_cleared(self) -> Reply:
        self.state.confirm = None
        if self.in_routine:
            return self.continue_routine([Line("check.thanks")])
        if self.state.pending:
            return self.proceed([Line("check.thanks")])
        return self.menu([Line("check.thanks")], short=True)

    def triaged(self, tier: str, sign: str | None) -> Reply:
        safety = _safety()
        s = self.state
        if tier in ("emergency", "general_emergency"):
            s.routines, s.pending, s.ask, s.paused, s.timed_at, s.segments = [], None, None, False, None, []
            self.profile.position = None
            if tier == "general_emergency":
                text = safety.general_emergency_line(sign, self.ctx.locale)
            else:
                text = safety.emergency_line(self.ctx.locale)
            return Reply([Text(text)], end_session=True, tags=[f"triage:{tier}", f"sign:{sign}"])
        if tier == "professional" and _screen_id(sign) in {_screen_id(c) for c in s.cleared}:
            if s.ask in ("screen", "check"):
                return self.reask([Line("cleared.already")], tags=["triage:cleared"])
            if self.in_routine:
                return self.keep_going([Line("cleared.already")])
            return self.menu([Line("cleared.already")], tags=["triage:cleared"], short=True)
        if tier == "professional":
            s.blocked = sign or "professional"
            s.routines, s.pending, s.paused, s.timed_at, s.ask, s.segments = [], None, False, None, None, []
            self.profile.position = None
            parts = [Text(safety.professional_line(sign)), Line("safety.cleared_hint")]
            return Reply(parts, [Line("safety.professional_reprompt")], tags=["triage:professional", f"sign:{sign}"])
        return None

    def blocked_reply(self, lead: list) -> Reply:
        return Reply(lead + [Line("safety.blocked")], [Line("safety.professional_reprompt")],
                     tags=["triage:blocked"])

    def symptom(self, text: str | None) -> Reply:
        if not text:
            return Reply([Line("safety.tell_me")], [Line("safety.tell_me")], tags=["symptom:ask"])
        return self.heard(text) or self.self_care(text)

    def pain(self, text: str | None, level: str | None = None) -> Reply:
        """A report of pain. Anything not clearly mild stops the hold: the safe reading of "ow"."""
        if text and (reply := self.heard(text, pain=True)) is not None:
            return reply
        if text and level is None and self.in_routine:
            # Words were heard and triage found nothing of concern ("that's the spot"): good pain.
            level = "mild"
        if level not in ("stop", "severe", "mild"):
            level = "stop"
        s = self.state
        if not self.in_routine:
            key = "mild_reassure" if level == "mild" else "pain_outside"
            return self.menu([Text(_safety().line(key))], tags=[f"pain:{level}", "pain:outside"], short=True)
        if level == "mild":
            return self.keep_going([Text(_safety().line("mild_reassure"))], ["pain:mild"])
        s.timed_at, s.hold_left, s.sent_at = None, 0, None
        s.pain_reports += 1
        if level == "severe" or s.pain_reports >= PAIN_REPORTS_TO_END:
            ending = "pain_severe" if level == "severe" else "pain_repeated"
            s.routines, s.pending, s.paused, s.pain_reports, s.segments = [], None, False, 0, []
            self.profile.position = None
            return Reply([Text(_safety().line(ending))], end_session=True, tags=["pain:end"])
        return self.ask("pain", [Text(_safety().line("pain_stop"))], tags=["pain:stop"])

    def cleared(self) -> Reply:
        if not self.state.blocked:
            return self.menu([Line("cleared.not_needed")], short=True)
        return self.ask("cleared", [])

    def doctor_cleared(self) -> Reply:
        s = self.state
        s.cleared.append(s.blocked)
        s.blocked = None
        s.gentle = True
        return self.menu([Text(_safety().line("professional_cleared_go_on"))])

    # ----- gentle work and routines that are too much for it -------------------------------------

    def gentle_alternative(self) -> str:
        return "gentle_compression"

    def offer_gentle_alternative(self, routine, lead: list | None = None) -> Reply:
        data = {"name": routine.name, "other": self.routine_name(self.gentle_alternative())}
        return self.ask("alternative", list(lead or []) + [Line("gentle.not_this", data)],
                        tags=["gentle:alternative"])


def _answered_first(text: str, referral: Reply) -> Reply:
    """A question that names a sign ("can massage fix an unstable SI joint?") hears the article's
    answer before the referral, when the article has one that isn't the referral itself (the
    when-to-seek-help entries say what the referral says); the referral and its block stay."""
    from . import knowledge

    found = knowledge.answer(text=text)
    if found is None or knowledge.family_of(found.topic) == "when_to_seek_help":
        return referral
    return Reply([Text(found.text), *referral.parts], referral.reprompt, tags=[*referral.tags, f"kb:{found.topic}"])


def _screen_id(sign: str | None) -> str | None:
    """The screening question a triage sign belongs to."""
    if sign and sign.startswith("condition"):
        return "conditions"
    return "leg_symptoms" if sign == "numbness" else sign
