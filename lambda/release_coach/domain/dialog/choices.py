"""The choices: the menu and the options after pain. Each reads what it offers; a miss gets a
shorter prompt."""
from __future__ import annotations

from ..reply import Line
from .answers import NO, opening_kind, words_of
from .questions import Question, question

SHORT_NO_WORDS = 4  # a no at the menu this short is a goodbye


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
        return c.next()  # the saved place if there is one, else "we haven't started"

    def on_resume(self, c, a):
        return c.resume()  # the saved place if there is one, else "nothing to resume"

    def on_help(self, c, a):
        return c.menu([Line("help.menu"), Line("help.questions")], tags=["help"])

    def on_fallback(self, c, a):
        return c.menu([Line("fallback.menu")], tags=["fallback"], short=True)

    def on_said(self, c, a):
        kind = opening_kind(a.words, c.language) if a.kind != "question" else None
        # "Nah, I'm good" leaves; "never know how long to stay on a sore spot" is more than a no.
        if kind == "stop" or (kind == NO and len(words_of(a.words or "")) <= SHORT_NO_WORDS):
            return c.stop()
        if kind == NO:  # read as the words they are, not re-read as the no they open with
            return c.answer_then_reask(a) if c.sounds_like_question(a.words) else self.other(c, a)
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
