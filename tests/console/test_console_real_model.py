"""The matcher against the project's real interaction models (every locale in the folder)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from release_coach.console.matcher import FALLBACK_INTENT, Matcher
from release_coach.console.model import MODELS_DIR, available_locales, load_model
from release_coach.speech.numbers import number_words

LOCALES = available_locales()
PARAPHRASES = Path(__file__).resolve().parents[1] / "data" / "paraphrases.yaml"
PARAPHRASE_TARGET = 0.85
_SLOT = re.compile(r"\{([A-Za-z0-9_]+)\}")

# Spoken fillers for built-in slot types, as a person would say them.
BUILT_IN_FILLERS = {
    "AMAZON.NUMBER": number_words(12),
    "AMAZON.DURATION": "ten minutes",
    "AMAZON.SearchQuery": "lying on a hard floor",
}


def _distinct_models() -> list:
    """One locale for each distinct language model, named after every locale that shares it: the
    matcher reads only the language model, so a sweep of one stands for all that are identical."""
    groups: dict[str, list[str]] = {}
    for locale in LOCALES:
        language_model = json.loads((MODELS_DIR / f"{locale}.json").read_text())["interactionModel"]["languageModel"]
        groups.setdefault(json.dumps(language_model, sort_keys=True), []).append(locale)
    return [pytest.param(group[0], id="+".join(group)) for group in groups.values()]


DISTINCT = _distinct_models()


def test_there_is_a_model_to_test():
    assert LOCALES, f"no interaction models in {MODELS_DIR}"


def filled_samples(model):
    """(intent, sample, utterance): each sample with every slot filled from its type."""
    for intent in model.intents.values():
        for sample in intent.samples:
            def fill(found):
                slot_type = intent.slots[found.group(1)]
                values = model.types.get(slot_type)
                return values[0].name if values else BUILT_IN_FILLERS.get(slot_type, "something")

            yield intent.name, sample, _SLOT.sub(fill, sample)


@pytest.mark.parametrize("locale", DISTINCT)
def test_every_sample_utterance_resolves_to_its_own_intent(locale):
    model = load_model(locale)
    matcher = Matcher(model)
    wrong = []
    for intent, sample, utterance in filled_samples(model):
        match = matcher.match(utterance)
        if match.intent != intent:
            wrong.append(f"{sample!r} as {utterance!r} -> {match.intent} (score {match.score:.2f}, via {match.sample!r})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("locale", DISTINCT)
def test_every_custom_value_and_synonym_resolves_to_its_value(locale):
    model = load_model(locale)
    matcher = Matcher(model)
    wrong = []
    for intent in model.intents.values():
        for slot_name, slot_type in intent.slots.items():
            sample = next((s for s in intent.samples if f"{{{slot_name}}}" in s and s.count("{") == 1), None)
            if sample is None or slot_type not in model.types:
                continue
            for value in model.types[slot_type]:
                for phrase in (value.name, *value.synonyms):
                    utterance = sample.replace(f"{{{slot_name}}}", phrase)
                    match = matcher.match(utterance)
                    slot = match.slots.get(slot_name)
                    ids = [resolved.id for resolved in (slot.resolved or ())] if slot else []
                    if match.intent != intent.name or value.id not in ids:
                        wrong.append(f"{utterance!r} -> {match.intent} {ids}")
    assert not wrong, "\n".join(wrong)


def load_paraphrases() -> dict[str, list[str]]:
    data = yaml.safe_load(PARAPHRASES.read_text(encoding="utf-8"))
    return {intent: list(phrases) for intent, phrases in data["en-US"].items()}


def test_paraphrases_are_not_samples_and_there_are_enough():
    model = load_model("en-US")
    paraphrases = load_paraphrases()
    samples = {sample.lower() for intent in model.intents.values() for sample in intent.samples}
    total = sum(len(phrases) for phrases in paraphrases.values())
    assert total >= 60
    assert not [p for phrases in paraphrases.values() for p in phrases if p.lower() in samples]
    assert set(paraphrases) <= set(model.intents) | {FALLBACK_INTENT}


def test_share_of_paraphrases_resolving_to_the_intended_intent():
    matcher = Matcher(load_model("en-US"))
    paraphrases = load_paraphrases()
    misses = []
    total = 0
    for intent, phrases in paraphrases.items():
        for phrase in phrases:
            total += 1
            got = matcher.match(phrase)
            if got.intent != intent:
                misses.append(f"  {phrase!r}: wanted {intent}, got {got.intent} ({got.score:.2f})")
    share = (total - len(misses)) / total
    print(f"\nparaphrases resolving to the intended intent: {total - len(misses)}/{total} = {share:.1%}")
    print("\n".join(misses))
    assert share >= PARAPHRASE_TARGET, "\n".join(misses)


@pytest.fixture(scope="module")
def us_matcher():
    return Matcher(load_model("en-US"))


@pytest.mark.parametrize("said, not_intent", [
    ("start the trampoline routine", "FreeTextIntent"),          # "started {query}" needs "started", as said
    ("you're going too fast for me, can you say it slower", "OkayQuestionIntent"),  # no words before a carrier
])
def test_a_free_text_carrier_is_heard_only_as_said_and_at_the_start(us_matcher, said, not_intent):
    assert us_matcher.match(said).intent != not_intent


@pytest.mark.parametrize("said, words", [
    ("okay, the tennis ball then, I'll give that a whirl", "tennis ball"),
    ("oh yes, it flared up on Tuesday, I could barely get out of bed", "flared up"),
])
def test_a_clause_caught_by_a_carrier_carries_every_word_said(us_matcher, said, words):
    match = us_matcher.match(said)
    free = [fill.value for fill in match.slots.values() if fill.type == "AMAZON.SearchQuery"]
    assert free and words in free[0]
