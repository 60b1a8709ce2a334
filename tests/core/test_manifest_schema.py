"""skill.json and every interaction model read as Amazon's own classes (ask-smapi-model), with no
field those classes don't know: a misspelt or misplaced field is silently dropped by the
developer console, or refused on upload, so it fails here first."""
import importlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "skill-package"
MANIFEST = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
MODEL = "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData"


def model_class(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def unknown_fields(value, type_name: str, where: str = "") -> list[str]:
    """Paths in `value` (parsed JSON) that the SMAPI class named by type_name does not declare."""
    if match := re.fullmatch(r"list\[(.+)\]", type_name):
        return [p for i, item in enumerate(value) for p in unknown_fields(item, match[1], f"{where}[{i}]")]
    if match := re.fullmatch(r"dict\(str, (.+)\)", type_name):
        return [p for key, item in value.items() for p in unknown_fields(item, match[1], f"{where}.{key}")]
    if "." not in type_name or not isinstance(value, dict):
        return []  # str, int, bool, object, or an enum's string value
    cls = model_class(type_name)
    subclasses = getattr(cls, "discriminator_value_class_map", None)
    if subclasses and value.get(cls.json_discriminator_key) in subclasses:
        cls = model_class(subclasses[value[cls.json_discriminator_key]])
    known = {json_key: attribute for attribute, json_key in cls.attribute_map.items()}
    problems = []
    for key, item in value.items():
        if key not in known:
            problems.append(f"{where}.{key} (not in {cls.__name__})")
        else:
            problems += unknown_fields(item, cls.deserialized_types[known[key]], f"{where}.{key}")
    return problems


def test_the_checker_finds_a_misplaced_field():
    manifest = json.loads((PACKAGE / "skill.json").read_text())
    manifest["manifest"]["publishingInformation"]["locales"]["en-US"]["privacyPolicyUrl"] = "https://x"
    assert unknown_fields(manifest, MANIFEST) == [
        ".manifest.publishingInformation.locales.en-US.privacyPolicyUrl "
        "(not in SkillManifestLocalizedPublishingInformation)"]


def test_the_manifest_has_no_unknown_fields():
    assert unknown_fields(json.loads((PACKAGE / "skill.json").read_text()), MANIFEST) == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "interactionModels" / "custom").glob("*.json")),
                         ids=lambda p: p.name)
def test_each_interaction_model_has_no_unknown_fields(path):
    assert unknown_fields(json.loads(path.read_text()), MODEL) == []
