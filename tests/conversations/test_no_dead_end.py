"""No dead ends: from every reachable state, each of a fixed set of inputs gets a reply that says
what to say next, and the same input three times never gets the same reply three times while
nothing moves (the third becomes help; help itself may repeat)."""
import pytest

import harness

INPUTS = ["next", "okay", "yes", "no", "repeat", "help", "the foam roller", "hold for a minute",
          "flibber jabber wocky", harness.SILENCE]
STATES = sorted(set(harness.SETUPS) - {"fresh", "stopped_midway"})


def _reached(setup: str) -> harness.Player:
    p = harness.new_player(f"dead-end-{setup}")
    harness.SETUPS[setup](p)
    return p


@pytest.mark.parametrize("setup", STATES)
@pytest.mark.parametrize("said", INPUTS)
def test_every_input_in_every_state_gets_a_way_forward(setup, said):
    p = _reached(setup)
    replies = []
    for _ in range(3):
        reply = p.say(said)
        if reply.ended:
            return  # ending (stop, emergency, a second silence) is an answer, not a dead end
        assert reply.reprompt.strip(), f"{setup}/{said}: no reprompt: {reply.speech!r}"
        assert "went wrong" not in reply.speech
        last_tags = reply.tags
        replies.append((reply.speech, repr(sorted((k, v) for k, v in reply.state.items() if k not in ("sig", "same", "sent_at", "timed_at")))))
    if said not in (harness.SILENCE, "help") and "help" not in last_tags:
        same_speech = len({speech for speech, _ in replies}) == 1
        same_state = len({state for _, state in replies}) == 1
        assert not (same_speech and same_state), f"{setup}/{said}: the same reply three times: {replies[0][0]!r}"
