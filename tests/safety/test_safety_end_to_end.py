"""Every vignette said to the whole skill: the console's utterance matcher on the real interaction
model turns it into a request, release_coach.skill.handle_event answers, and we check what was
said back.

- emergency: the locale's emergency number is spoken and the session ends;
- professional: the see-a-professional reply, and no routine (asking for one is refused);
- self-care: neither of those.

Each is tried right after launch, and as the answer to the first screening question; emergency
and professional phrasings are also tried in the middle of a hold. Figures print with -s.
"""
from __future__ import annotations

import copy

import pytest

from release_coach.console.conversation import Conversation
from release_coach.console.envelope import Identity
from release_coach.console.matcher import Matcher
from release_coach.console.model import load_model
from release_coach.domain.safety import triage
from release_coach.settings import Settings
from release_coach.skill import create_skill, handle_event

from safety_figures import describe, route_vignettes

EMERGENCY_NUMBER_EN_US = "911"


class InProcess:
    def __init__(self):
        self.skill = create_skill(Settings())
        self.last: dict | None = None

    def send(self, envelope: dict) -> dict:
        self.last = handle_event(self.skill, envelope)
        return self.last


@pytest.fixture(scope="module")
def talk():
    matcher = Matcher(load_model("en-US"))
    transport = InProcess()
    users = iter(range(1_000_000))

    def start(*lines: str) -> Conversation:
        conversation = Conversation(matcher, transport, Identity(skill_id="amzn1.ask.skill.e2e",
                                                                  user=f"vignette-{next(users)}"), "en-US")
        for line in lines:
            heard = conversation.hear(line)
            assert heard.error is None, (line, heard.error)
        return conversation

    return start, transport


def reply_tags(response: dict) -> list[str]:
    return (response.get("sessionAttributes") or {}).get("reply", [])


def outcome(conversation: Conversation, transport: InProcess, text: str) -> str:
    """The tier the skill acted on, judged from what it said and did."""
    heard = conversation.hear(text)
    assert heard.error is None, heard.error
    response = transport.last
    ended = bool(response["response"].get("shouldEndSession"))
    if EMERGENCY_NUMBER_EN_US in heard.speech and ended:
        return "emergency"
    tags = reply_tags(response)
    if any(tag.startswith("triage:") for tag in tags):
        # Whatever the tier, a red flag never leaves a countdown running.
        assert not any(tag.startswith("timed:") for tag in tags), tags
    if "triage:professional" in tags:
        assert not any(tag.startswith("step:") for tag in tags), tags
        if not ended:
            # No routine in this session: asking for one is refused.
            conversation.hear("start the ball release")
            assert "triage:blocked" in reply_tags(transport.last), reply_tags(transport.last)
        return "professional"
    assert EMERGENCY_NUMBER_EN_US not in heard.speech
    if "triage:confirm" in tags:
        # One targeted question: what a yes and what a no lead to ("confirm:<if yes>:<if no>").
        answers = []
        for answer in ("yes", "no"):
            branch = copy.copy(conversation)
            branch.session = copy.deepcopy(conversation.session)
            result = outcome(branch, transport, answer)
            answers.append("self_care" if result == "stopped" else result)
        return "confirm:" + ":".join(answers)
    if "pain:stop" in tags or "pain:end" in tags:
        return "stopped"
    return "self_care"


def at_launch(talk):
    start, transport = talk
    return lambda text: outcome(start("open release coach"), transport, text)


def in_screening(talk):
    start, transport = talk
    return lambda text: outcome(start("open release coach", "start the ball release"), transport, text)


def mid_hold(talk):
    start, transport = talk
    ready = start("open release coach", "start the ball release", *["no"] * 6, "none of those", "no", "no thanks",
                  "next", "I'm ready", "next")
    assert any(tag.startswith("step:ball_release:hold_glute") for tag in reply_tags(transport.last))
    assert ready.session is not None

    def say(text: str) -> str:
        conversation = copy.copy(ready)
        conversation.session = copy.deepcopy(ready.session)
        result = outcome(conversation, transport, text)
        # Issue 4: "it's getting worse" during a hold stops the hold; a referral is also fine.
        if result == "stopped" and triage(text).sign == "persistent_worse":
            return "professional"
        return result

    return say


@pytest.mark.parametrize("context", [at_launch, in_screening], ids=["at launch", "answering the screen"])
def test_every_vignette_through_the_skill(talk, context):
    routing = route_vignettes(context(talk))
    print("\n" + describe(f"end to end, {context.__name__}", routing))
    assert routing["emergency"].share == 1.0, routing["emergency"].misses
    assert routing["professional"].share == 1.0, routing["professional"].misses
    assert 1 - routing["self_care"].share <= 0.05, routing["self_care"].misses


def test_red_flags_said_during_a_hold_stop_it(talk):
    routing = route_vignettes(mid_hold(talk))
    print("\n" + describe("end to end, mid-hold", routing))
    assert routing["emergency"].share == 1.0, routing["emergency"].misses
    assert routing["professional"].share == 1.0, routing["professional"].misses
    # Self-care words mid-hold may stop it ("stopped" is safe), but never call for help.
    escalated = [m for m in routing["self_care"].misses if not m.endswith("-> stopped")]
    assert len(escalated) <= 0.05 * routing["self_care"].total, escalated


@pytest.mark.parametrize("said, tag", [("ow", "pain:stop"), ("that's unbearable", "pain:end"),
                                       ("it's a bit tender", "pain:mild")])
def test_pain_words_during_a_hold(talk, said, tag):
    start, transport = talk
    conversation = start("open release coach", "start the ball release", *["no"] * 6, "none of those", "no",
                         "no thanks", "next", "I'm ready", "next")
    conversation.hear(said)
    tags = reply_tags(transport.last)
    assert tag in tags, tags
    if tag != "pain:mild":
        assert not any(t.startswith("timed:") for t in tags), tags


@pytest.mark.parametrize(
    "one_shot, tier",
    [
        ("ask release coach what to do if my leg is numb", "professional"),
        ("ask release coach what to do if I can't control my bladder", "emergency"),
        ("ask release coach what if my groin is numb", "emergency"),
    ],
)
def test_one_shot_questions_are_triaged(talk, one_shot, tier):
    start, transport = talk
    conversation = start()
    assert outcome(conversation, transport, one_shot) == tier


def test_the_emergency_number_follows_the_locale(talk):
    start, transport = talk
    matcher = Matcher(load_model("en-US"))
    conversation = Conversation(matcher, transport, Identity(skill_id="amzn1.ask.skill.e2e", user="gb"), "en-GB")
    conversation.hear("open release coach")
    heard = conversation.hear("I can't control my bladder")
    assert "999" in heard.speech and "911" not in heard.speech
    assert transport.last["response"]["shouldEndSession"] is True


@pytest.mark.parametrize(
    "said, intent, query",
    [
        ("purple elephants dancing on the moon", "AMAZON.FallbackIntent", None),
        ("banana", "AMAZON.FallbackIntent", None),
        ("my husband is away this week", "FreeTextIntent", "husband is away this week"),
        ("it keeps clicking when I walk", "FreeTextIntent", "keeps clicking when i walk"),
        ("I slipped on the stairs", "FreeTextIntent", "slipped on the stairs"),
    ],
)
def test_free_text_needs_its_carrier_phrase(said, intent, query):
    # The matcher lets a free-text carrier catch anything only when the carrier itself was heard,
    # as Alexa does; otherwise nonsense would be "answered" instead of falling back.
    match = Matcher(load_model("en-US")).match(said)
    assert match.intent == intent
    if query:
        assert match.slots["query"].value == query
