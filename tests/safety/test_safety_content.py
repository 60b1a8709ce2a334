"""Safety and knowledge content: in our own words, sourced, and marked where we add to the article."""
import json
import re
from pathlib import Path

import pytest

from release_coach import content

ROOT = Path(__file__).resolve().parents[2]
# The article the product was made from sits in shared/ beside the repository (as in CI).
ARTICLE = ROOT.parent / "shared" / "seed" / "000_7938cbf8579e9d98.txt"
SAFETY = content.load("en", "safety.json")
KB = content.load("en", "knowledge.json")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def spoken_texts():
    yield "disclaimer", SAFETY["disclaimer"]["text"]
    yield "flare_up_question", SAFETY["flare_up_question"]["text"]
    for q in SAFETY["screening"]["questions"]:
        yield f"screening.{q['id']}", q["text"]
    for key, entry in SAFETY["lines"].items():
        yield f"lines.{key}", entry["text"]
    for key, entry in SAFETY["reasons"].items():
        yield f"reasons.{key}", entry["text"]
    for key, entry in SAFETY["general_reasons"].items():
        yield f"general_reasons.{key}", entry["text"]
    for key, entry in SAFETY["confirmations"].items():
        if key != "about":
            yield f"confirmations.{key}", entry["text"]
    for region, entry in SAFETY["crisis_lines"]["by_region"].items():
        yield f"crisis_lines.{region}", entry["text"]
    yield "crisis_lines.fallback", SAFETY["crisis_lines"]["fallback"]["text"]
    for entry in KB["topics"]:
        yield f"kb.{entry['id']}", entry["answer"]
        if entry.get("more"):
            yield f"kb.{entry['id']}.more", entry["more"]


def everything_spoken():
    """The safety and knowledge lines, and everything else the skill says."""
    yield from spoken_texts()
    for rid, routine in content.load("en", "routines.json")["routines"].items():
        for i, line in enumerate(routine["intro"] + routine["outro"]):
            yield f"routines.{rid}.{i}", line
        for step in routine["steps"]:
            lines = step["say"] + step.get("gentle_say", []) + step.get("cues", [])
            for i, line in enumerate(lines + [step.get("start", ""), step.get("end", "")]):
                yield f"routines.{rid}.{step['id']}.{i}", line
    for key, value in content.load("en", "strings.json").items():
        if not key.startswith("_"):
            for i, text in enumerate(value.values() if isinstance(value, dict) else
                                     value if isinstance(value, list) else [value]):
                yield f"strings.{key}.{i}", text


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not on this machine")
def test_no_spoken_line_copies_nine_words_from_the_article():
    article = words(ARTICLE.read_text(encoding="utf-8"))
    runs = {tuple(article[i:i + 9]) for i in range(len(article) - 8)}
    for name, text in everything_spoken():
        said = words(text)
        for i in range(len(said) - 8):
            assert tuple(said[i:i + 9]) not in runs, f"{name} copies: {' '.join(said[i:i + 9])}"


def test_every_line_and_reason_names_its_source():
    for group in ("lines", "reasons"):
        for key, entry in SAFETY[group].items():
            assert entry.get("source"), f"{group}.{key}"
    for q in SAFETY["screening"]["questions"]:
        assert q.get("source")
    for sign in SAFETY["signs"]:
        assert sign.get("source"), sign["id"]


def test_facts_the_article_lacks_are_marked():
    # The article names none of these; each entry that rests on them says so.
    added = {"saddle_numbness", "both_legs_weak", "systemic", "steroids", "pregnancy", "recent_surgery", "night_pain",
             "pelvic_instability"}
    for sign in SAFETY["signs"]:
        if sign["id"] in added or sign["tier"] == "general_emergency":
            assert sign.get("note", "").startswith("added: not in source article"), sign["id"]
    for key, entry in SAFETY["general_reasons"].items():
        assert entry["note"].startswith("added: not in source article"), key
    assert SAFETY["crisis_lines"]["note"].startswith("added: not in source article")
    for region, entry in SAFETY["crisis_lines"]["by_region"].items():
        # Each crisis number says where it was checked.
        assert entry["number"] in entry["text"] or entry["number"].replace("", " ").strip() in entry["text"], region
        assert len(entry["source"]) > 20, region
    assert SAFETY["emergency_numbers"]["note"].startswith("added: not in source article")
    assert SAFETY["lines"]["emergency"]["note"].startswith("added: not in source article")


def test_spoken_lines_are_short_enough_to_hear_once():
    for name, text in spoken_texts():
        assert len(text) <= 400, name
        assert "{" not in text or name in ("lines.emergency", "lines.professional", "lines.general_emergency",
                                           "lines.crisis"), name


def test_emergency_and_referral_lines_carry_their_placeholders():
    assert "{number}" in SAFETY["lines"]["emergency"]["text"]
    assert "{reason}" in SAFETY["lines"]["professional"]["text"]


def test_every_professional_sign_has_a_reason():
    for sign in SAFETY["signs"]:
        if sign["tier"] == "professional":
            assert sign["id"] in SAFETY["reasons"], sign["id"]


def test_every_locale_number_is_a_short_dial_string():
    numbers = SAFETY["emergency_numbers"]
    for region, number in numbers["by_region"].items():
        assert re.fullmatch(r"[A-Z]{2}", region) and re.fullmatch(r"\d{3}", number)
    assert re.fullmatch(r"\d{3}", numbers["fallback"])


def test_symptom_slot_ids_are_signs_or_known_non_signs():
    model = json.loads((ROOT / "interactionModels" / "custom" / "en-US.json").read_text())
    types = {t["name"]: t for t in model["interactionModel"]["languageModel"]["types"]}
    sign_ids = {s["id"] for s in SAFETY["signs"]}
    for value in types["SYMPTOM"]["values"]:
        # Known non-signs: "descriptor" holds words ("heavy", "tight", "funny") whose meaning is the body
        # part said with them ("chest feels heavy"); triage reads the sentence, never the id.
        assert value["id"] in sign_ids | {"control_loss", "muscle_tension", "descriptor"}, value["id"]
    assert {v["id"] for v in types["PAIN"]["values"]} == {"stop", "severe", "mild"}
    topic_ids = {t["id"] for t in KB["topics"]}
    assert {v["id"] for v in types["TOPIC"]["values"]} == topic_ids
