"""Triage through a device-like envelope: slot values as a recogniser sends them (capitals,
apostrophes, "um", the words a carrier leaves), straight into the skill, no console in between."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

from envelopes import envelope, intent  # noqa: E402
from release_coach.settings import Settings  # noqa: E402
from release_coach.skill import create_skill, handle_event  # noqa: E402


@pytest.fixture(scope="module")
def skill():
    return create_skill(Settings(persistence="memory"))


def tags_of(skill, request: dict, locale: str = "en-US") -> tuple[list[str], dict]:
    request["locale"] = locale
    response = handle_event(skill, envelope(request, {}))
    return (response.get("sessionAttributes") or {}).get("reply", []), response["response"]


@pytest.mark.parametrize(
    "slots, tag",
    [
        ({"symptom": "Can't control", "body_part": "Bladder"}, "triage:emergency"),
        ({"symptom": "um, stop wetting myself", "negation": "can't"}, "triage:emergency"),
        ({"symptom": "hold me", "negation": "won't", "body_part": "legs"}, "triage:emergency"),
        ({"symptom": "Numb", "body_part": "Down Below"}, "triage:emergency"),
        ({"symptom": "chest pain"}, "triage:general_emergency"),
        ({"symptom": "thoughts of suicide"}, "triage:general_emergency"),
        ({"symptom": "Pregnant"}, "triage:professional"),
        ({"symptom": "bladder problems"}, "triage:confirm"),
    ],
)
def test_symptom_slots_as_a_device_sends_them(skill, slots, tag):
    tags, _ = tags_of(skill, intent("ReportSymptomIntent", **slots))
    assert tag in tags, (slots, tags)


@pytest.mark.parametrize(
    "query, tag",
    [
        ("not been able to pee since last night", "triage:emergency"),
        ("Been Sat On The Toilet For Ages And Nothing Comes Out.", "triage:emergency"),
        ("um, my chest is really tight and it's going down my left arm", "triage:general_emergency"),
        ("don't want to be here anymore", "triage:general_emergency"),
        ("had my gallbladder out last week", "triage:professional"),
    ],
)
def test_free_text_as_a_device_sends_it(skill, query, tag):
    tags, _ = tags_of(skill, intent("FreeTextIntent", query=query))
    assert tag in tags, (query, tags)


@pytest.mark.parametrize("locale, numbers", [("en-GB", ("116 123", "999")), ("en-AU", ("13 11 14", "000")),
                                             ("en-IN", ("14416", "112")), ("en-US", ("988", "911"))])
def test_a_crisis_is_answered_with_the_locale_lines(skill, locale, numbers):
    tags, response = tags_of(skill, intent("ReportSymptomIntent", symptom="suicidal thoughts"), locale)
    speech = response["outputSpeech"]["ssml"]
    assert "triage:general_emergency" in tags and all(n in speech for n in numbers), speech
    assert response["shouldEndSession"] is True
