"""Questions said through generated carriers reach the knowledge base end to end: at launch, as a
one-shot and in the middle of a hold (the console's matcher and real envelopes, as `coach talk`);
a question the article doesn't answer gets the honest answer, naming topics it does cover."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conversations"))
import harness  # noqa: E402


def said(where: str, words: str) -> harness.Said:
    player = harness.new_player(f"kb-e2e-{where}")
    if where == "mid_hold":
        harness.SETUPS["mid_hold"](player)
    elif where == "oneshot":
        return player.say(f"ask release coach {words}")
    else:
        player.say("open release coach")
    return player.say(words)


@pytest.mark.parametrize("where", ["launch", "oneshot", "mid_hold"])
@pytest.mark.parametrize("words, topic", [
    ("shall I breathe slowly", "breathing"),
    ("is ninety seconds too long", "hold_time"),
    ("may I use a lacrosse ball", "ball_tools"),
])
def test_generated_carriers_reach_the_fact(where, words, topic):
    assert f"kb:{topic}" in said(where, words).tags


@pytest.mark.parametrize("where", ["launch", "oneshot", "mid_hold"])
def test_how_often_gets_the_honest_answer_with_the_closest_topics(where):
    reply = said(where, "how often should I do this")
    assert "kb:unknown" in reply.tags
    assert "tell you about" in reply.speech.lower() or "can tell you" in reply.speech.lower(), reply.speech
