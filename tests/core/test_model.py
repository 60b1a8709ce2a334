"""The interaction model, the handlers and the deployable copy agree with each other."""
import json
import re
from pathlib import Path

import pytest

from release_coach.handlers import HANDLED_INTENTS

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "interactionModels" / "custom").glob("*.json"))
# Built-ins Alexa requires in every model; we handle each of them.
REQUIRED_BUILTINS = {"AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent",
                     "AMAZON.FallbackIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.NextIntent",
                     "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent",
                     "AMAZON.StartOverIntent"}


def language_model(path):
    return json.loads(path.read_text())["interactionModel"]["languageModel"]


def normalise(sample: str) -> str:
    return " ".join(re.sub(r"\{\w+\}", "{}", sample.lower()).replace("'", "").split())


def test_there_is_an_en_us_model():
    assert ROOT / "interactionModels" / "custom" / "en-US.json" in MODELS


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_invocation_name(path):
    assert language_model(path)["invocationName"] == "release coach"


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_every_model_intent_has_a_handler_and_every_handler_an_intent(path):
    names = {i["name"] for i in language_model(path)["intents"]}
    assert names - HANDLED_INTENTS == set()
    assert HANDLED_INTENTS - names == set()
    assert REQUIRED_BUILTINS <= names


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_custom_intents_have_enough_samples_and_declare_their_slots(path):
    lm = language_model(path)
    types = {t["name"] for t in lm.get("types", [])}
    for intent in lm["intents"]:
        slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for slot_type in slots.values():
            assert slot_type.startswith("AMAZON.") or slot_type in types
        if intent["name"].startswith("AMAZON."):
            continue
        assert len(intent["samples"]) >= 8, intent["name"]
        for sample in intent["samples"]:
            for used in re.findall(r"\{(\w+)\}", sample):
                assert used in slots, f"{intent['name']}: {sample!r} uses undeclared slot {used}"


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_no_sample_is_claimed_by_two_intents(path):
    owner = {}
    for intent in language_model(path)["intents"]:
        for sample in intent["samples"]:
            key = normalise(sample)
            assert owner.setdefault(key, intent["name"]) == intent["name"], (
                f"{sample!r} is in {owner[key]} and {intent['name']}")


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_slot_values_have_ids_and_no_synonym_belongs_to_two_values(path):
    for slot_type in language_model(path).get("types", []):
        seen = {}
        for value in slot_type["values"]:
            assert value.get("id"), f"{slot_type['name']} value without id"
            for word in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                key = word.lower()
                assert seen.setdefault(key, value["id"]) == value["id"], (slot_type["name"], word)


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_the_deployed_copy_in_skill_package_is_identical(path):
    copy = ROOT / "skill-package" / "interactionModels" / "custom" / path.name
    assert copy.exists(), "run `make model` to build the model into skill-package/"
    assert copy.read_bytes() == path.read_bytes(), "run `make model`: skill-package/ has an old copy"


def test_the_built_models_are_current():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_models.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_manifest_has_a_health_disclaimer_and_every_model_locale():
    manifest = json.loads((ROOT / "skill-package" / "skill.json").read_text())["manifest"]
    locales = manifest["publishingInformation"]["locales"]
    for path in MODELS:
        description = locales[path.stem]["description"].lower()
        for phrase in ("not medical advice", "not a substitute", "emergency"):
            assert phrase in description
        assert "release coach" in " ".join(locales[path.stem]["examplePhrases"]).lower()
