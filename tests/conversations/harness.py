"""Plays the conversation corpus (tests/data/conversations_*.yaml) through the skill.

Each scenario starts from a named `setup` that this harness reaches with fixed canonical words
(answering "no" to whatever safety question comes up), then plays the author's turns through the
console's matcher and real envelopes, as `coach talk` does. Each reply is classified into the
outcome labels of the authors' brief (tests/data/conversations_brief.md) from the reply tags the
skill leaves in the session attribute "reply", the session's state and whether the session
ended. A virtual clock stands in for time: each turn happens when the previous reply has been
heard, except the first turn of `mid_hold` / `roller_step`, which lands 20 s into the hold.

The setups are in harness_setups.py, the outcome checks in harness_outcomes.py; users import
this module alone (`harness.SETUPS`, `harness.outcome_ok`, `harness.new_player`, ...).
"""
from __future__ import annotations

import contextlib
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

from harness_outcomes import outcome_ok
from harness_setups import SETUPS

SILENCE = "<silence>"
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
