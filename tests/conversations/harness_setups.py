"""The named states a conversation scenario starts from, each reached with fixed canonical words.

A setup answers "no" to whatever safety question comes up on the way; `mid_hold` and
`roller_step` leave the virtual clock 20 s into the hold, so the scenario's first turn lands there.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness import Player, Said

PRE_ROUTINE_QUESTIONS = ("ask:screen", "ask:check", "ask:flare", "ask:warmup", "ask:confirm")
INTO_THE_HOLD = 20.0


def answer_questions(p: Player, said: Said, limit: int = 12) -> Said:
    """Answer "no" to every safety / flare / warm-up question until something else is said."""
    for _ in range(limit):
        if not any(said.has(q) for q in PRE_ROUTINE_QUESTIONS):
            return said
        said = p.say("no")
    return said


def _choose(p: Player, routine: str) -> Said:
    p.say("open release coach")
    return p.say(routine)


def _no_until(p: Player, said: Said, tag: str, limit: int = 12) -> Said:
    """Answer "no" until a reply carries the tag (or the session ends)."""
    for _ in range(limit):
        if tag in said.tags or said.ended:
            return said
        said = p.say("no")
    return said


def _until_screen(p: Player, screen_id: str) -> Said:
    return _no_until(p, _choose(p, "ball release"), f"screen:{screen_id}")


def _until(p: Player, said: Said, tag_prefix: str, limit: int = 14) -> Said:
    for _ in range(limit):
        if any(t.startswith(tag_prefix) for t in said.tags) or said.ended:
            return said
        said = p.say("next")
    return said


def _returning(p: Player) -> None:
    """A first session earlier today: the safety questions answered, a routine finished."""
    said = _until(p, answer_questions(p, _choose(p, "gentle compression")), "routine:done", limit=20)
    p.say("no")
    p.clock += 3600


def _in_ball_release(p: Player) -> Said:
    return answer_questions(p, _choose(p, "ball release"))


SETUPS = {}


def setup(name):
    def register(function):
        SETUPS[name] = function
        return function
    return register


@setup("fresh")
def _fresh(p: Player):
    return None


@setup("menu")
def _menu(p: Player):
    _returning(p)
    return p.say("open release coach")


@setup("screen_question")
def _screen(p: Player):
    return _until_screen(p, "bladder_bowel")


@setup("injury_question")
def _injury(p: Player):
    return _until_screen(p, "trauma")


@setup("flare_question")
def _flare(p: Player):
    return _no_until(p, _choose(p, "foam roller"), "ask:flare")


@setup("warmup_offer")
def _warmup(p: Player):
    return _no_until(p, _choose(p, "ball release"), "ask:warmup")


@setup("setup_step")
def _setup_step(p: Player):
    return _in_ball_release(p)


def _into_hold(p: Player, said: Said) -> Said:
    p.clock = p.hold_start(said) + INTO_THE_HOLD
    return said


@setup("mid_hold")
def _mid_hold(p: Player):
    said = _until(p, _in_ball_release(p), "timed:")
    return _into_hold(p, said)


@setup("after_hold")
def _after_hold(p: Player):
    return _until(p, _in_ball_release(p), "timed:")


@setup("roller_step")
def _roller(p: Player):
    said = _until(p, answer_questions(p, _choose(p, "foam roller")), "timed:")
    return _into_hold(p, said)


@setup("paused")
def _paused(p: Player):
    said = _until(p, _in_ball_release(p), "timed:")
    _into_hold(p, said)
    return p.say("pause")


@setup("routine_done")
def _done(p: Player):
    return _until(p, _in_ball_release(p), "routine:done", limit=20)


@setup("referred")
def _referred(p: Player):
    _until_screen(p, "trauma")
    return p.say("yes")


@setup("kb_more")
def _kb_more(p: Player):
    _returning(p)
    p.say("open release coach")
    return p.say("tell me about heat before massage")


@setup("stopped_midway")
def _stopped(p: Player):
    said = _in_ball_release(p)
    for _ in range(3):
        said = p.say("next")
    p.say("stop")
    p.clock += 24 * 3600
    return None
