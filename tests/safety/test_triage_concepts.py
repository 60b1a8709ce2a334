"""The triage lexicon, concept class by concept class, on our own phrasings (triage_examples.yaml),
and the parts of the seam the coach calls: confirmations, general-emergency lines, crisis lines,
worded screening answers. Nothing here comes from the blind set."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from release_coach import content
from release_coach.domain import safety
from release_coach.domain.triage import lexicon, rules

EXAMPLES = yaml.load(Path(__file__).with_name("triage_examples.yaml").read_text(),
                   Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
SAFETY = content.load("en", "safety.json")
LEXICON = content.load("en", "lexicon.json")
TIER_OF_SIGN = {s["id"]: s["tier"] for s in SAFETY["signs"]}


def _cases(group: dict) -> list[tuple[str, str]]:
    return [(key, text) for key, texts in group.items() for text in texts]


@pytest.mark.parametrize("sign, text", _cases(EXAMPLES["signs"]))
def test_each_sign_is_read_in_lay_words(sign, text):
    result = safety.triage(text)
    assert result.tier == TIER_OF_SIGN[sign], result
    assert sign == result.sign or sign in result.signs, result


@pytest.mark.parametrize("text, confirm_id", sorted(EXAMPLES["confirm"].items()))
def test_an_unclear_red_flag_asks_one_targeted_question(text, confirm_id):
    result = safety.triage(text)
    assert (result.tier, result.confirm) == ("confirm", confirm_id), result
    question, tier, sign = safety.confirmation(result.confirm)
    assert result.sign == sign and question.endswith("?")
    assert result.otherwise[0] in ("self_care", "professional")


@pytest.mark.parametrize("kind, text", _cases(EXAMPLES["self_care"]))
def test_what_is_not_a_sign_stays_self_care(kind, text):
    assert safety.triage(text).tier == "self_care", (kind, safety.triage(text))


@pytest.mark.parametrize("level, text", _cases(EXAMPLES["mid_hold"]))
def test_words_said_during_a_hold(level, text):
    expected = None if level == "nothing" else level
    assert safety.check_during_hold(text) == expected


@pytest.mark.parametrize(
    "red_flag, other_clause",
    [
        ("I can't feel my groin", "my bladder's fine"),
        ("I've been wetting myself", "no numbness"),
        ("both my legs have gone weak", "I don't have any bladder trouble"),
        ("my chest feels tight", "my back's fine today"),
        ("my left leg is numb", "no I haven't fallen"),
    ],
)
def test_a_negation_stays_in_its_own_clause(red_flag, other_clause):
    alone = safety.triage(red_flag).tier
    for said in (f"{other_clause} but {red_flag}", f"{other_clause}, {red_flag}", f"{red_flag}, {other_clause}",
                 f"{other_clause} and {red_flag}"):
        assert safety.triage(said).tier == alone, said


@settings(max_examples=80, deadline=None)
@given(
    phrase=st.sampled_from(["I can't pee", "my privates are numb", "both legs are weak", "I've wet myself",
                            "my chest is tight", "I want to end my life", "my face is drooping"]),
    before=st.sampled_from(["", "Um, ", "so, uh, ", "OK so like ", "hey, ", "you know, ", "Honestly? "]),
    after=st.sampled_from(["", ".", "!", "...", ", um, since this morning", " and my back's sore", " I think?"]),
    upper=st.booleans(),
)
def test_raw_device_text_reads_the_same(phrase, before, after, upper):
    said = before + phrase + after
    said = said.upper() if upper else said
    assert safety.triage(said).tier == safety.triage(phrase).tier != "self_care"


@pytest.mark.parametrize(
    "question, answer, tier",
    [
        ("bladder_bowel", "I don't have any incontinence", "self_care"),
        ("bladder_bowel", "nothing wrong with my waterworks", "self_care"),
        ("saddle_numbness", "my groin is not numb", "self_care"),
        ("saddle_numbness", "no numbness down there", "self_care"),
        ("both_legs_weak", "my legs are fine", "self_care"),
        ("trauma", "well, I came off a ladder in the spring", "professional"),
        ("trauma", "I got knocked over by a dog at the park", "professional"),
        ("trauma", "no falls or accidents", "self_care"),
        ("conditions", "I had bowel cancer a while back", "professional"),
        ("bladder_bowel", "it's been a bit weird actually", "emergency"),
        ("saddle_numbness", "it does feel a bit strange down there", "emergency"),
    ],
)
def test_screening_takes_worded_answers(question, answer, tier):
    assert safety.answer_screening(question, answer).tier == tier


@pytest.mark.parametrize(
    "locale, emergency, crisis",
    [("en-US", "911", "988"), ("en-CA", "911", "9 8 8"), ("en-GB", "999", "116 123"), ("en-AU", "000", "13 11 14"),
     ("en-IN", "112", "14416"), ("en-NZ", "111", None), ("de-DE", "112", None)],
)
def test_general_emergencies_name_the_locale_numbers(locale, emergency, crisis):
    for sign in ("general_chest", "general_stroke", "general_breathing", "general_clot", "general_allergy"):
        said = safety.general_emergency_line(sign, locale)
        assert f"call {emergency}" in said and "{" not in said, sign
        assert safety.emergency_line(locale, sign) == said
    crisis_said = safety.general_emergency_line("general_self_harm", locale)
    assert f"call {emergency}" in crisis_said
    if crisis:
        assert crisis in crisis_said
    assert safety.emergency_line(locale) == safety.line("emergency", number=emergency)


def test_every_rule_names_a_catalogued_sign_and_every_confirmation_has_its_question():
    lexicon_signs = {s["id"] for s in LEXICON["signs"]}
    assert lexicon_signs == set(TIER_OF_SIGN)
    assert all(s["tier"] == TIER_OF_SIGN[s["id"]] for s in LEXICON["signs"])
    for entry in LEXICON["confirm"]:
        question, tier, sign = safety.confirmation(entry["id"])
        assert question.endswith("?") and TIER_OF_SIGN[sign] == tier, entry["id"]
    for key, entry in SAFETY["confirmations"].items():
        if key != "about":
            assert entry.get("note", "").startswith("added: not in source article") or entry.get("source"), key


def test_every_concept_compiles_and_every_rule_names_known_concepts():
    known = {c.name for c in lexicon.concepts()}
    for rule in rules.signs() + rules.confirmations() + rules.pain_rules():
        for way in rule.ways:
            names = set(way.needs + way.negated + way.absent + way.absent_anywhere)
            assert names <= known, (rule.id, names - known)
    for question in LEXICON["screening"].values():
        if isinstance(question, dict):
            assert set(question["concepts"]) <= known


def test_the_lexicon_loads_on_first_use_not_at_import():
    code = ("import sys, release_coach.domain.safety as s\n"
            "from release_coach.domain.triage import lexicon\n"
            "assert lexicon.data.cache_info().currsize == 0 and lexicon.concepts.cache_info().currsize == 0\n"
            "assert 'difflib' not in sys.modules\n"
            "s.triage('my legs are numb')\n"
            "assert lexicon.concepts.cache_info().currsize == 1\n")
    lambda_dir = Path(__file__).resolve().parents[2] / "lambda"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=lambda_dir, env={"PYTHONPATH": str(lambda_dir)})


def test_one_sentence_takes_well_under_a_millisecond():
    texts = [t for group in (EXAMPLES["signs"], EXAMPLES["self_care"]) for ts in group.values() for t in ts][::3]
    from release_coach.domain.triage import matching, reading, text as text_module

    safety.triage("warm up")
    best = float("inf")
    for _ in range(2):
        # Cold: no sentence, word or near spelling seen before.
        for cached in (reading.read, text_module.tokens, text_module._fuzzy, matching._word_openers):
            cached.cache_clear()
        start = time.process_time()
        for said in texts:
            safety.check_during_hold(said)
        best = min(best, (time.process_time() - start) / len(texts))
    print(f"\ncheck_during_hold: {best * 1000:.3f} ms a sentence (CPU), {len(texts)} sentences")
    # The goal is well under 1 ms; the bound leaves room for a loaded CI machine.
    assert best < 0.003


def test_lexicon_file_is_valid_json_with_an_about():
    path = Path(content.__file__).parent / "en" / "lexicon.json"
    data = json.loads(path.read_text())
    assert data["about"] and data["concepts"] and data["signs"] and data["confirm"] and data["pain"]


@pytest.mark.parametrize(
    "fragment, tier",
    [
        # What a carrier phrase or a slot leaves of a sentence ("I've got {query}", "{symptom} in my {body_part}").
        ("numb in my below", "emergency"),
        ("sciatica in my sides", "emergency"),
        ("from under me in the kitchen in my legs", "emergency"),
        ("not been able to pee since last night", "emergency"),
        ("will not hold me in my legs", "emergency"),
        ("can not stop wetting myself", "emergency"),
        ("do not feeling down there", "emergency"),
        ("droopy on one side in my face", "general_emergency"),
        ("point of going on honestly", "general_emergency"),
        ("off my bike last weekend and landed right in my butt", "professional"),
        ("catching on the ground in my left foot", "professional"),
        ("as", "professional"),
        ("months", "professional"),
    ],
)
def test_what_a_carrier_leaves_of_a_sentence_still_reads(fragment, tier):
    assert safety.triage(fragment).tier == tier
