"""Every English locale: the same model shape as en-US, and its own emergency number spoken."""
import json
from pathlib import Path

import pytest

from envelopes import envelope, intent
from release_coach.settings import Settings
from release_coach.skill import create_skill, handle_event

MODELS = Path(__file__).resolve().parents[2] / "interactionModels" / "custom"
# The number each market dials (safety.json holds them; this is the independent check).
EMERGENCY = {"en-US": "911", "en-GB": "999", "en-AU": "000", "en-CA": "911", "en-IN": "112"}


def shape(locale: str) -> dict:
    model = json.loads((MODELS / f"{locale}.json").read_text())["interactionModel"]["languageModel"]
    return {i["name"]: sorted((s["name"], s["type"]) for s in i.get("slots", [])) for i in model["intents"]}


def test_every_locale_we_publish_has_a_model():
    assert sorted(p.stem for p in MODELS.glob("*.json")) == sorted(EMERGENCY)


@pytest.mark.parametrize("locale", sorted(set(EMERGENCY) - {"en-US"}))
def test_each_locale_has_the_intents_and_slots_of_en_us(locale):
    assert shape(locale) == shape("en-US")


@pytest.mark.parametrize("locale,number", sorted(EMERGENCY.items()))
def test_the_emergency_advice_gives_the_locale_number(locale, number):
    skill = create_skill(Settings(persistence="memory"))
    request = intent("ReportSymptomIntent", symptom="can't control my bladder")
    request["locale"] = locale
    body = handle_event(skill, envelope(request, {}))["response"]
    assert f"call {number}" in body["outputSpeech"]["ssml"]
    assert body["shouldEndSession"] is True
