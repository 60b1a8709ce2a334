"""The safety questions: the screen, the returning check, flare-up, a triage confirmation, a
doctor's clearance. Only a yes, a no or an unsure answer (in words or not) answers one; see
SafetyQuestion in questions.py for everything else."""
from __future__ import annotations

from ..reply import Line, Reply, Text
from .questions import SafetyQuestion, question


@question
class Screen(SafetyQuestion):
    """One of the screening questions (state.screen_index says which)."""

    id = "screen"
    reprompt_key = None

    def words(self, c):
        return [Text(c.screening_question().text)]

    def explanation(self, c):
        key = f"explain.screen.{c.screening_question().id}"
        return [Line(key if c.has_line(key) else "explain.screen")]

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
    explain_key = "explain.check"

    def on_yes(self, c, a):
        return c.start_full_screen()

    def on_no(self, c, a):
        return c.check_cleared()

    def read_words(self, c, words):
        return c.triage_said(words)


@question
class Flare(SafetyQuestion):
    id = "flare"
    explain_key = "explain.flare"

    def words(self, c):
        return [Text(c.safety_text("flare_up_question"))]

    def on_yes(self, c, a):
        return c.flare_answered(True)

    def on_no(self, c, a):
        return c.flare_answered(False)

    # "It's flared up", "keep it gentle": asking for the gentle mode here tells a flare-up.
    def on_gentle(self, c, a):
        return self.on_yes(c, a)

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
    explain_key = "explain.cleared"

    def words(self, c):
        return [Text(c.safety_text("professional_cleared_confirm"))]

    def on_yes(self, c, a):
        return c.doctor_cleared()

    def on_no(self, c, a):
        return Reply([Line("cleared.not_yet")], end_session=True, tags=["cleared:no"])
