"""CanFulfillIntentRequest: YES only where the skill has something to do for the person."""
import pytest

from envelopes import envelope, intent
from release_coach.handlers import HANDLED_INTENTS
from release_coach.settings import Settings
from release_coach.skill import create_skill, handle_event

NOTHING_TO_FULFIL = ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.FallbackIntent", "AMAZON.HelpIntent",
                     "AMAZON.NavigateHomeIntent"]


@pytest.fixture(scope="module")
def skill():
    return create_skill(Settings(persistence="none"))


def can_fulfill(skill, name: str, **slots) -> dict:
    body = handle_event(skill, envelope({**intent(name, **slots), "type": "CanFulfillIntentRequest"}, new=True))
    assert "outputSpeech" not in body["response"], "Alexa asks silently; nothing may be spoken"
    return body["response"]["canFulfillIntent"]


@pytest.mark.parametrize("name", NOTHING_TO_FULFIL)
def test_no_for_intents_with_nothing_to_fulfil(skill, name):
    assert can_fulfill(skill, name)["canFulfill"] == "NO"


@pytest.mark.parametrize("name", sorted(HANDLED_INTENTS - set(NOTHING_TO_FULFIL)))
def test_yes_for_every_other_intent_we_handle(skill, name):
    assert can_fulfill(skill, name)["canFulfill"] == "YES"


def test_no_for_an_intent_we_dont_have_and_its_slots(skill):
    verdict = can_fulfill(skill, "OrderPizzaIntent", topping="cheese")
    assert verdict["canFulfill"] == "NO"
    assert verdict["slots"]["topping"] == {"canUnderstand": "NO", "canFulfill": "NO"}
