"""Plays the conversation corpus (tests/data/conversations_*.yaml) through the skill.

Each scenario starts from a named `setup` that this harness reaches with fixed canonical words
(answering "no" to whatever safety question comes up), then plays the author's turns through the
console's matcher and real envelopes, as `coach talk` does. Each reply is classified into the
outcome labels of the authors' brief (tests/data/conversations_brief.md) from the reply tags the
skill leaves in the session attribute "reply", the session's state and whether the session
ended. A virtual clock stands in for time: each turn happens when the previous reply has been
heard, except the first turn of `mid_hold` / `roller_step`, which lands 20 s into the hold.
"""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from release_coach.console import envelope as env
from release_coach.console.conversation import Conversation
from release_coach.console.envelope import Identity
from release_coach.console.matcher import Matcher
from release_coach.console.model import load_model
from release_coach.settings import Settings
from release_coach.skill import create_skill, handle_event
from release_coach.speech.timeline import timeline

ROUTINE_IDS = {"ball": "ball_release", "roller": "foam_roller", "compression": "gentle_compression",
               "partner": "partner", "warmup": "warm_up"}
PRE_ROUTINE_QUESTIONS = ("ask:screen", "ask:check", "ask:flare", "ask:warmup", "ask:confirm")
SILENCE = "<silence>"
INTO_THE_HOLD = 20.0
START = datetime(2026, 11, 2, 18, 0, tzinfo=timezone.utc).timestamp()

_MATCHER = None


def matcher() -> Matcher:
    global _MATCHER
    if _MATCHER is None:
        _MATCHER = Matcher(load_model("en-US"))
    return _MATCHER


class Transport:
    """In-process skill with an in-memory store that outlives sessions (one per scenario)."""

    def __init__(self):
        self.skill = create_skill(Settings(persistence="memory"))
        self.last: dict | None = None

    def send(self, envelope: dict) -> dict:
        self.last = handle_event(self.skill, envelope)
        return self.last


@dataclass
class Said:
    """One reply, as the harness reads it."""

    you: str
    tags: list[str]
    state: dict
    ended: bool
    speech: str
    reprompt: str
    ssml: str = ""

    def has(self, prefix: str) -> bool:
        return any(t == prefix or t.startswith(prefix + ":") or t.startswith(prefix) for t in self.tags)

    @property
    def step(self) -> str | None:
        return next((t for t in self.tags if t.startswith("step:")), None)

    @property
    def question(self) -> str | None:
        return next((t for t in self.tags if t.startswith("ask:")), None)


@dataclass
class Player:
    conversation: Conversation
    transport: Transport
    clock: float = START
    history: list[Said] = field(default_factory=list)

    @property
    def last(self) -> Said | None:
        return self.history[-1] if self.history else None

    def say(self, words: str, at: float | None = None) -> Said:
        if at is not None:
            self.clock = at
        stamp = datetime.fromtimestamp(self.clock, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with _patched(env, "now_timestamp", lambda: stamp):
            turn = self.conversation.silence() if words == SILENCE else self.conversation.hear(words)
        response = self.transport.last or {}
        if words == SILENCE or turn.request is None:
            previous = self.last
            said = Said(words, list(previous.tags) if previous else [], dict(previous.state) if previous else {},
                        turn.end_session or self.conversation.session is None, turn.speech, turn.reprompt,
                        turn.ssml)
            said.tags.append("silence")
        else:
            attributes = response.get("sessionAttributes") or {}
            said = Said(words, list(attributes.get("reply") or []), dict(attributes.get("coach") or {}),
                        turn.end_session, turn.speech, turn.reprompt, turn.ssml)
        self.history.append(said)
        self.clock += max(1.0, turn.seconds) + 1.0
        return said

    def hold_start(self, said: Said) -> float:
        """When the first long quiet (the hold) began, on the virtual clock."""
        heard_at = self.clock - max(1.0, _seconds(said.ssml)) - 1.0
        for event in timeline(said.ssml) if said.ssml else []:
            if event.kind == "break" and event.seconds >= 5:
                return heard_at + event.start
        return heard_at


def _seconds(ssml: str) -> float:
    events = timeline(ssml) if ssml else []
    return events[-1].end if events else 0.0


@contextlib.contextmanager
def _patched(module, name, value):
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def new_player(user: str) -> Player:
    transport = Transport()
    conversation = Conversation(matcher(), transport, Identity(skill_id="amzn1.ask.skill.corpus", user=user), "en-US")
    return Player(conversation, transport)


# ----- reaching each setup with fixed words ----------------------------------------------------------


def _answer_questions(p: Player, said: Said, limit: int = 12) -> Said:
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
    said = _until(p, _answer_questions(p, _choose(p, "gentle compression")), "routine:done", limit=20)
    p.say("no")
    p.clock += 3600


def _in_ball_release(p: Player) -> Said:
    return _answer_questions(p, _choose(p, "ball release"))


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
    said = _until(p, _answer_questions(p, _choose(p, "foam roller")), "timed:")
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


# ----- outcomes ------------------------------------------------------------------------------------

def _position(s: Said) -> tuple:
    return (tuple(s.state.get("routines") or ()), s.state.get("pos", 0), bool(s.state.get("paused")))


def _place_kept(before: Said | None, after: Said) -> bool:
    if after.ended:
        return False
    if before is None:
        return True
    if before.state.get("routines") and tuple(after.state.get("routines") or ()) != tuple(before.state["routines"]):
        return False
    if before.state.get("routines") and after.state.get("pos") != before.state.get("pos"):
        return False
    if before.question and before.question != "ask:menu" and not after.question and not after.step:
        return False
    return True


def _fallback(s: Said) -> bool:
    return "fallback" in s.tags or any(t.startswith("fallback.") for t in s.tags)


def _question_sentence(text: str) -> str | None:
    questions = [q.strip() for q in re.findall(r"[^.?!]*\?", text)]
    return questions[-1] if questions else None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def outcome_ok(label: str, before: Said | None, after: Said, p: Player) -> bool:
    """Whether the reply `after` (to what was said after `before`) shows the outcome `label`."""
    if label.startswith("starts:"):
        wanted = label.split(":", 1)[1]
        said = after
        if not said.ended:
            said = _answer_questions(p, said)
        step = said.step or ""
        if wanted == "quick":
            return "quick.intro" in " ".join(t for s in p.history[-14:] for t in s.tags) and bool(step)
        if wanted == "session":
            return bool(step) and any(t.startswith("session.") for s in p.history[-14:] for t in s.tags)
        return step.startswith(f"step:{ROUTINE_IDS[wanted]}:")
    if after.tags and "silence" in after.tags:
        return _silence_ok(label, before, after)
    checks = {
        "menu": lambda: after.has("menu") or after.question == "ask:menu",
        "advance": lambda: (bool(after.step) and before is not None and (
            after.step != before.step or after.state.get("pos") != before.state.get("pos"))
            and not after.has("nav.back")) or after.has("routine:done"),
        "same_step": lambda: bool(after.step) and before is not None and after.step == before.step,
        "back": lambda: after.has("nav.back") or after.has("nav.at_start"),
        "pause": lambda: after.has("paused") and not after.ended,
        "resume": lambda: bool(after.step) and not after.state.get("paused") and not after.ended and (
            after.has("pause.resumed") or after.has("resume.picking_up") or after.has("resume:")
            or (before is not None and after.step == before.step) or after.has("hold:resume")),
        "stop_hold": lambda: after.has("pain:stop") or after.has("pain:end"),
        "answer": lambda: any(t.startswith("kb:") and t != "kb:unknown" for t in after.tags) and not after.ended,
        "reask": lambda: bool(after.question) and before is not None and after.question == before.question
        and not after.ended,
        "next_question": lambda: before is not None and not after.ended and (
            (after.question != before.question or after.tags != before.tags) and (
                any(t.startswith("screen:") for t in after.tags) or bool(after.step)
                or after.question in ("ask:flare", "ask:warmup"))),
        "accept": lambda: not after.ended and not _fallback(after) and (
            after.has("kb:more") or after.has("menu") or bool(after.step)),
        "decline": lambda: not _fallback(after) and (after.ended or after.has("menu") or bool(after.step)
                                                     or after.has("kb.no_more")),
        "emergency": lambda: (after.has("triage:emergency") or after.has("triage:general_emergency")) and after.ended,
        "referral": lambda: after.has("triage:professional") or after.has("triage:blocked"),
        "time_left": lambda: after.has("time_left") or after.has("progress"),
        "hold_changed": lambda: any(re.match(r"hold:\d+$", t) for t in after.tags),
        "gentle": lambda: bool(after.state.get("gentle")) and not after.ended,
        "slower": lambda: any(re.match(r"pace:\d+$", t) and int(t.split(":")[1]) < 100 for t in after.tags),
        "side_switch": lambda: after.has("side.switch") or after.has("side:"),
        "help": lambda: after.has("help") and not after.ended,
        "goodbye": lambda: after.ended,
        "keeps_place": lambda: _place_kept(before, after) and not _fallback(after),
    }
    check = checks.get(label)
    if check is None:
        raise ValueError(f"unknown outcome label {label!r}")
    ok = check()
    if ok and label not in ("goodbye", "emergency", "decline", "stop_hold", "referral") and after.ended:
        return False
    return ok


def _silence_ok(label: str, before: Said | None, after: Said) -> bool:
    """Silence: Alexa plays the reprompt. It must keep the session and carry the open question."""
    if after.ended:
        return label == "goodbye"
    if label not in ("reask", "keeps_place", "help", "same_step", "pause"):
        return False
    spoken = before.speech if before else ""
    question = _question_sentence(spoken)
    if question and before is not None and before.question:
        return len(_words(question) & _words(after.reprompt)) >= 0.6 * len(_words(question))
    return "say" in _words(after.reprompt)


@dataclass
class Result:
    scenario: dict
    passed: bool
    failures: list[str]


def run_scenario(scenario: dict) -> Result:
    p = new_player(f"corpus-{scenario['id']}")
    setup_said = SETUPS[scenario["setup"]](p)
    before = setup_said
    failures = []
    for number, turn in enumerate(scenario["turns"], 1):
        said = p.say(str(turn["say"]))
        expected = turn["expect"] if isinstance(turn["expect"], list) else [turn["expect"]]
        if not any(outcome_ok(label, before, said, p) for label in expected):
            failures.append(f"turn {number} {turn['say']!r}: expected {expected}, got tags {said.tags} "
                            f"ended={said.ended}: {said.speech[:160]!r}")
            break
        before = p.last
    return Result(scenario, not failures, failures)
