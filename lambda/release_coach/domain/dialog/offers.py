"""The offers: warm-up, another routine, want more, carry on, shorter holds, the gentle
alternative, resume, forget me. Yes and acknowledgements take one; see Offer in questions.py."""
from __future__ import annotations

from ..reply import Line
from .questions import Offer, question


@question
class Warmup(Offer):
    id = "warmup"
    explain_key = "explain.warmup"

    def accept(self, c):
        return c.warm_up_first()

    def decline(self, c):
        c.state.warmup_offered = True
        return c.proceed([])

    def on_routine(self, c, a):
        c.choose_pending(a.value)
        return self.decline(c) if a.value != "warm_up" else self.accept(c)

    # "That's too long, skip it": time is a reason not to warm up, not a complaint about holds.
    def on_time_complaint(self, c, a):
        return self.decline(c)


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

    # "Again", "same again": the routine just finished, once more.
    def on_repeat(self, c, a):
        done = c.state.completed
        return c.start(done[-1]["routine"]) if done else self.accept(c)

    # "Thanks" when it's over is a goodbye.
    def on_thanks(self, c, a):
        return self.decline(c)


@question
class More(Offer):
    id = "more"

    def accept(self, c):
        return c.kb_more()

    def decline(self, c):
        return c.after_kb([Line("kb.no_more")])

    def on_next(self, c, a):
        return c.after_kb([]) if not c.in_routine else c.continue_routine([])

    # "Thanks" after an answer: that was enough (after a referral, a goodbye: see Coach.act).
    def on_thanks(self, c, a):
        return None if c.state.blocked else self.decline(c)


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
    explain_key = "explain.shorter"

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

    # "Where did I get to?", "how far had I got?": where the saved place is, and the offer again.
    def on_time_left(self, c, a):
        where = c.saved_place()
        return c.reask([where] if where else [], tags=["time_left"])

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
