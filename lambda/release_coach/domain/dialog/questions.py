"""Every question the skill asks, and how it reads each kind of answer.

One class per question. `read` looks up `on_<kind>` for the answer's kind; what a class doesn't
define falls to its family's defaults:

- Offer (warm-up, another routine, want more, carry on, shorter holds, the gentle alternative,
  resume): yes and acknowledgements take it; no declines; "next" means "no, go on" (resume and
  carry-on read it as yes); anything else closes the offer and is handled as if it was not open.
- SafetyQuestion (the screen, the returning check, flare-up, a triage confirmation, doctor's
  clearance): only a yes, a no or an unsure answer (in words or not) answers it; everything else
  (next, okay, wait, a question, switching sides ...) gets a short reply and the question again.
  Nothing said here loses it.
- Choice (the menu, pain options): reads what it offers; a miss gets a shorter prompt.

The plan being set up lives in the session state (`pending`, `routines`), never in a question,
so no answer can drop it. Silence never reaches here: Alexa plays the reprompt, which is always
the question itself.
"""
from __future__ import annotations

from ..reply import Line, Reply, Text
from .answers import NO, UNSURE, YES, opening_kind

QUESTIONS: dict[str, "Question"] = {}


def question(cls):
    QUESTIONS[cls.id] = cls()
    return cls


def open_question(coach) -> "Question | None":
    return QUESTIONS.get(coach.state.ask)


class Question:
    id = ""
    reprompt_key: str | None = None  # a shorter reprompt; the question itself when None

    def words(self, c) -> list:
        return [Line(f"ask.{self.id}")]

    def reprompt(self, c) -> list:
        return [Line(self.reprompt_key)] if self.reprompt_key else self.words(c)

    def read(self, c, a) -> Reply | None:
        handler = getattr(self, f"on_{a.kind}", None)
        if handler is None and a.kind in ("words", "symptom", "pain", "question", "feedback", "fallback"):
            handler = self.on_said
        return handler(c, a) if handler else self.other(c, a)

    # ----- shared readings ----------------------------------------------------------------------

    def on_said(self, c, a) -> Reply | None:
        """Free words: read them as yes / no / unsure when they open with one, else as themselves.
        A question is answered, then ours is asked again ("enough on its own?" is not "enough")."""
        if a.kind == "question":
            return c.answer_then_reask(a)
        kind = opening_kind(a.words, c.language)
        if kind in (YES, NO, UNSURE, "ack", "next", "wait", "stop") and kind != a.kind:
            return self.read(c, a._replace(kind=kind))
        if a.kind == "question" or (a.words and a.kind == "words" and c.sounds_like_question(a.words)):
            return c.answer_then_reask(a)
        return self.other(c, a)

    def on_help(self, c, a) -> Reply:
        return c.help()

    def on_stop(self, c, a) -> Reply:
        return c.stop()

    def on_repeat(self, c, a) -> Reply:
        return c.reask([])

    def on_forget(self, c, a) -> Reply | None:
        return None

    def other(self, c, a) -> Reply | None:
        return None  # not an answer to this question: the player handles it


class Offer(Question):
    def on_yes(self, c, a):
        return self.accept(c)

    def on_ack(self, c, a):
        return self.accept(c)

    def on_no(self, c, a):
        return self.decline(c)

    def on_next(self, c, a):
        return self.decline(c)

    def on_unsure(self, c, a):
        return c.reask([Line("ask.yes_or_no")], tags=["unsure"])

    def on_fallback(self, c, a):
        return c.reask([Line("fallback.question")], tags=["fallback"])

    def accept(self, c) -> Reply:
        raise NotImplementedError

    def decline(self, c) -> Reply:
        raise NotImplementedError


class SafetyQuestion(Question):
    """Only a yes, no or unsure answers it; nothing said here loses it."""

    unsure_means_yes = True

    def on_unsure(self, c, a):
        return self.on_yes(c, a) if self.unsure_means_yes else c.reask([Line("ask.yes_or_no")], tags=["unsure"])

    def on_ack(self, c, a):
        return c.reask([Line("screen.need_yes_no")], tags=["reask"], brief=True)

    on_next = on_ack

    def on_wait(self, c, a):
        return c.reask([Line("screen.take_your_time")], tags=["reask", "wait"], brief=True)

    def on_said(self, c, a):
        reading = self.read_words(c, a.words) if a.words else None
        if reading is not None:
            return reading
        kind = opening_kind(a.words, c.language) if a.kind != "question" else None
        if kind in (YES, NO, UNSURE, "ack", "next", "wait", "stop") and kind != a.kind:
            return self.read(c, a._replace(kind=kind))
        if a.kind == "question" or (a.words and c.sounds_like_question(a.words)):
            return c.answer_then_reask(a)
        return c.reask([Line("screen.unclear")], tags=["screen:unclear"], brief=True)

    def read_words(self, c, words: str) -> Reply | None:
        return None

    def on_routine(self, c, a):
        # Second thoughts about the routine: keep the new choice, keep the question.
        c.choose_pending(a.value)
        return c.reask([Line("screen.noted_choice", {"name": c.routine_name(a.value)})], tags=["reask"], brief=True)

    def on_fallback(self, c, a):
        return c.reask([Line("screen.unclear")], tags=["fallback", "screen:unclear"], brief=True)

    def other(self, c, a):
        return c.reask([Line("screen.first_this")], tags=["reask"], brief=True)


# ----- safety ---------------------------------------------------------------------------------


@question
class Screen(SafetyQuestion):
    """One of the screening questions (state.screen_index says which)."""

    id = "screen"
    reprompt_key = None

    def words(self, c):
        return [Text(c.screening_question().text)]

    def on_yes(self, c, a):
        return c.screen_answered(True)

    def on_no(self, c, a):
        return c.screen_answered(False)

    def read_words(self, c, words):
        return c.screen_words(words)


@question
class ReturningCheck(SafetyQuestion):
    """Returning people: one combined question stands for the screen; any yes opens the full one."""

    id = "check"


    def on_yes(self, c, a):
        return c.start_full_screen()

    def on_no(self, c, a):
        return c.check_cleared()

    def read_words(self, c, words):
        return c.triage_said(words)


@question
class Flare(SafetyQuestion):
    id = "flare"

    def words(self, c):
        return [Text(c.safety_text("flare_up_question"))]

    def on_yes(self, c, a):
        return c.flare_answered(True)

    def on_no(self, c, a):
        return c.flare_answered(False)

    def read_words(self, c, words):
        reading = c.flare_words(words)
        if reading is None:
            return None
        return self.on_yes(c, None) if reading else self.on_no(c, None)


@question
class Confirm(SafetyQuestion):
    """A targeted question triage asks when a red-flag word was heard but the sign is unclear."""

    id = "confirm"

    def words(self, c):
        return [Text(c.confirmation()[0])]

    def on_yes(self, c, a):
        _, tier, sign = c.confirmation()
        return c.triaged(tier, sign)

    def on_no(self, c, a):
        return c.confirm_cleared()


@question
class Cleared(SafetyQuestion):
    id = "cleared"
    unsure_means_yes = False

    def words(self, c):
        return [Text(c.safety_text("professional_cleared_confirm"))]

    def on_yes(self, c, a):
        return c.doctor_cleared()

    def on_no(self, c, a):
        return Reply([Line("cleared.not_yet")], end_session=True, tags=["cleared:no"])


# ----- offers ---------------------------------------------------------------------------------


@question
class Warmup(Offer):
    id = "warmup"

    def accept(self, c):
        return c.warm_up_first()

    def decline(self, c):
        c.state.warmup_offered = True
        return c.proceed([])

    def on_routine(self, c, a):
        c.choose_pending(a.value)
        return self.decline(c) if a.value != "warm_up" else self.accept(c)


@question
class Another(Offer):
    id = "another"

    def accept(self, c):
        return c.menu([Line("menu.which")])

    # "Go on" after a routine is done means another one; there is nothing to go on past.
    def on_next(self, c, a):
        return self.accept(c)

    def decline(self, c):
        return c.stop()


@question
class More(Offer):
    id = "more"

    def accept(self, c):
        return c.kb_more()

    def decline(self, c):
        return c.after_kb([Line("kb.no_more")])

    def on_next(self, c, a):
        return c.after_kb([]) if not c.in_routine else c.continue_routine([])


@question
class CarryOn(Offer):
    """After a question or "how long is left" in a routine: go on from where we were."""

    id = "carry_on"

    def accept(self, c):
        return c.continue_routine([])

    on_next = Offer.on_yes

    def on_resume(self, c, a):
        return self.accept(c)

    def decline(self, c):
        return c.pause()


@question
class Shorter(Offer):
    """A complaint about time ("these drag on") is an offer of shorter holds, never pain."""

    id = "shorter"

    def accept(self, c):
        c.state.ask = None
        return c.change_hold(-1)

    def decline(self, c):
        return c.continue_routine([Line("hold.kept")]) if c.in_routine else c.menu([Line("hold.kept")])


@question
class GentleAlternative(Offer):
    """A flare-up with a routine chosen that is too much for it: offer the gentle one."""

    id = "alternative"

    def words(self, c):
        return [Line("ask.alternative", {"other": c.routine_name(c.gentle_alternative())})]

    def accept(self, c):
        return c.start(c.gentle_alternative())

    def decline(self, c):
        return c.menu([])

    def on_routine(self, c, a):
        c.state.ask = None
        return c.start(a.value)


@question
class Resume(Offer):
    id = "resume"
    reprompt_key = "ask.resume"

    def words(self, c):
        return [Line("resume.offer")]

    def accept(self, c):
        return c.resume_saved()

    on_next = Offer.on_yes

    def on_resume(self, c, a):
        return self.accept(c)

    def decline(self, c):
        c.profile.position = None
        return c.menu([Line("resume.declined")])

    def on_start_over(self, c, a):
        return c.resume_saved(from_top=True)

    def on_routine(self, c, a):
        c.profile.position = None
        c.state.ask = None
        return c.start(a.value)


@question
class Forget(Offer):
    id = "forget"

    def accept(self, c):
        return c.forget_confirmed()

    def on_ack(self, c, a):
        return c.reask([Line("ask.yes_or_no")], tags=["reask"])

    on_next = on_ack

    def decline(self, c):
        return c.menu([Line("forget.kept")]) if not c.in_routine else c.continue_routine([Line("forget.kept")])


# ----- choices ----------------------------------------------------------------------------------


@question
class Menu(Question):
    id = "menu"
    reprompt_key = "ask.menu"

    def words(self, c):
        return [Line("menu.gentle" if c.state.gentle else "menu.choose")]

    def on_yes(self, c, a):
        return c.menu([Line("menu.which")], short=True)

    on_ack = on_yes

    def on_no(self, c, a):
        return c.stop()

    def on_next(self, c, a):
        if c.profile.position:
            return c.resume_saved()
        return c.menu([Line("nav.nothing_started")], short=True)

    def on_help(self, c, a):
        return c.menu([Line("help.menu"), Line("help.questions")], tags=["help"])

    def on_fallback(self, c, a):
        return c.menu([Line("fallback.menu")], tags=["fallback"], short=True)

    def on_said(self, c, a):
        kind = opening_kind(a.words, c.language) if a.kind != "question" else None
        if kind in (NO, "stop"):
            return c.stop()
        return super().on_said(c, a)

    def on_wait(self, c, a):
        return c.menu([Line("menu.take_your_time")], tags=["wait"], short=True)


@question
class PainOptions(Question):
    id = "pain"
    reprompt_key = "pain.options"

    def words(self, c):
        return [Line("pain.options")]

    def on_next(self, c, a):
        return c.after_pain_go_on()

    on_ack = on_next
    on_yes = on_next
    on_resume = on_next

    def on_gentle(self, c, a):
        return c.gentle()

    def on_list(self, c, a):
        c.state.ask = None
        return c.menu([])

    def on_no(self, c, a):
        return c.reask([], tags=["reask"])

    def on_fallback(self, c, a):
        return c.reask([Line("fallback.question")], tags=["fallback"])
