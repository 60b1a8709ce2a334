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

from ..reply import Line, Reply
from .answers import OPENING_KINDS, is_clarification, opening_kind

# Which module holds each question. They load on first use: a LaunchRequest needs only the menu,
# and every module imported is paid for on each Lambda cold start.
_MODULES = {"menu": "choices", "pain": "choices", "screen": "safety_questions", "check": "safety_questions",
            "flare": "safety_questions", "confirm": "safety_questions", "cleared": "safety_questions",
            "warmup": "offers", "another": "offers", "more": "offers", "carry_on": "offers", "shorter": "offers",
            "alternative": "offers", "resume": "offers", "forget": "offers"}
# The questions by id, each added by its module as it loads (see `question`).
QUESTIONS: dict[str, "Question"] = {}


def question(cls):
    QUESTIONS[cls.id] = cls()
    return cls


def question_named(question_id: str | None) -> "Question | None":
    """The question with this id, its module imported on first use; None for no such question."""
    if question_id in _MODULES and question_id not in QUESTIONS:
        import importlib

        importlib.import_module(f"{__package__}.{_MODULES[question_id]}")
    return QUESTIONS.get(question_id)


def all_questions() -> dict[str, "Question"]:
    """Every question, all modules loaded (for tests and the README table)."""
    for question_id in _MODULES:
        question_named(question_id)
    return QUESTIONS


def open_question(coach) -> "Question | None":
    return question_named(coach.state.ask)


class Question:
    id = ""
    reprompt_key: str | None = None  # a shorter reprompt; the question itself when None
    explain_key: str | None = None  # what the question means and why it is asked ("what do you mean?")

    def words(self, c) -> list:
        return [Line(f"ask.{self.id}")]

    def reprompt(self, c) -> list:
        return [Line(self.reprompt_key)] if self.reprompt_key else self.words(c)

    def read(self, c, a) -> Reply | None:
        handler = getattr(self, f"on_{a.kind}", None)
        if handler is None and a.kind == "resume":
            # "Carry on", "keep going" (Alexa's ResumeIntent phrasings) at a question: as "next".
            handler = getattr(self, "on_next", None)
        if handler is None and a.kind in ("words", "symptom", "pain", "question", "feedback", "fallback"):
            handler = self.on_said
        return handler(c, a) if handler else self.other(c, a)

    # ----- shared readings ----------------------------------------------------------------------

    def explanation(self, c) -> list | None:
        return [Line(self.explain_key)] if self.explain_key else None

    def clarified(self, c, a) -> Reply | None:
        """A question about ours ("what sort of injury?", "why are you asking?"): say what it
        means, then ask it again. Its words only echo ours, so they tell nothing to read."""
        if a.kind not in ("question", "clarify") or (lead := self.explanation(c)) is None:
            return None
        if not is_clarification(a.words, c.spoken(self.words(c)), c.language):
            return None
        return c.reask(lead, tags=["kb:explain", f"explain:{self.id}"])

    def on_clarify(self, c, a) -> Reply | None:
        """"What do you mean?": explained when we can, else the question again; words about
        something else are a question of their own."""
        if (reply := self.clarified(c, a)) is not None:
            return reply
        if a.words:
            return self.read(c, a._replace(kind="question"))
        return c.reask([], tags=["reask"])

    def on_said(self, c, a) -> Reply | None:
        """Free words: read them as yes / no / unsure when they open with one, else as themselves.
        A question is answered, then ours is asked again ("enough on its own?" is not "enough")."""
        if (reply := self.clarified(c, a)) is not None:
            return reply
        if a.kind == "question":
            return c.answer_then_reask(a)
        kind = opening_kind(a.words, c.language)
        if kind in OPENING_KINDS and kind != a.kind:
            return self.read(c, a._replace(kind=kind))
        if a.words and a.kind == "words" and c.sounds_like_question(a.words):
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

    def on_thanks(self, c, a) -> Reply | None:
        return c.reask([Line("thanks.welcome")], tags=["thanks"], brief=True)

    # "Hmm", "let me think": no answer yet, and no miss either.
    def on_hesitate(self, c, a) -> Reply | None:
        return c.reask([Line("menu.take_your_time")], tags=["hesitate"], brief=True)

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

    on_next = on_thanks = on_ack

    def on_wait(self, c, a):
        return c.reask([Line("screen.take_your_time")], tags=["reask", "wait"], brief=True)

    def on_said(self, c, a):
        if (reply := self.clarified(c, a)) is not None:
            return reply
        reading = self.read_words(c, a.words) if a.words else None
        if reading is not None:
            return reading
        kind = opening_kind(a.words, c.language) if a.kind != "question" else None
        if kind in OPENING_KINDS and kind != a.kind:
            return self.read(c, a._replace(kind=kind))
        if a.kind == "question" or (a.words and c.sounds_like_question(a.words)):
            return c.answer_then_reask(a)
        # A statement the article answers ("I never know how long to stay on the ball") is a question.
        if a.words and (reply := c.answer_then_reask(a, known_only=True)) is not None:
            return reply
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
