"""Every fact of the article has an entry that says it, and every entry is reached.

tests/data/kb_coverage.yaml lists the article's facts by row; each entry of knowledge.json names
the rows its spoken answer states (`rows`; the "more" doesn't count). The blind scorer trusts
those rows, so ROW_WORDS below keeps them honest: an entry that claims a row must say the words
that fact can't be said without.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from release_coach import content
from release_coach.domain import knowledge

DATA = Path(__file__).resolve().parents[1] / "data"
COVERAGE = yaml.safe_load((DATA / "kb_coverage.yaml").read_text())
KB = content.load("en", "knowledge.json")
ENTRIES = KB["topics"]

# For each row, groups of words; the answer must hold one word of every group.
ROW_WORDS = {
    "joint_what": [["sacrum"], ["ilium", "pelvis"]],
    "joint_job": [["stability", "stable", "steady"], ["shock"]],
    "joint_causes": [["imbalance"], ["ligament"], ["injury", "trauma"], ["strain"]],
    "joint_symptoms": [["lower back"], ["buttock"], ["groin"], ["leg"]],
    "joint_muscles": [["ligaments"], ["glutes"], ["piriformis"], ["lower back"], ["spasm", "tighten"]],
    "massage_target": [["muscles"], ["not the joint", "not on the joint"]],
    "massage_benefits": [["relax"], ["blood"], ["spasm"], ["pain"]],
    "massage_fits": [["tight", "stiff", "sore"]],
    "massage_limits": [["unstable"], ["fracture"], ["inflammation"]],
    "ball_tools": [["tennis"], ["lacrosse"]],
    "ball_position": [["back"], ["knees bent"], ["buttock"], ["hip bone"]],
    "ball_technique": [["roll"], ["tender"]],
    "ball_hold": [["thirty to sixty seconds"]],
    "ball_duration": [["two to five minutes"]],
    "breathing": [["breath"], ["deep"]],
    "roller_position": [["roller"], ["buttock"], ["cross"]],
    "roller_technique": [["hands"], ["foot"], ["back and forth"]],
    "roller_duration": [["one to three minutes"]],
    "compression_how": [["back"], ["front of your hips"], ["belly button"]],
    "term_asis": [["ASIS"], ["front"], ["hip"]],
    "term_piriformis": [["piriformis"], ["deep"], ["buttock"]],
    "term_glutes": [["maximus"], ["medius"], ["minimus"]],
    "partner_communication": [["partner"], ["lighter", "firmer"], ["talk", "tell"]],
    "partner_positions": [["face down"], ["pillow"], ["side"], ["knee"]],
    "partner_glute_technique": [["elbow"]],
    "partner_paraspinal": [["face down"], ["thumbs"], ["sacrum"], ["spine"]],
    "term_effleurage": [["effleurage"], ["gliding"]],
    "term_petrissage": [["petrissage"], ["kneading"]],
    "term_spinous": [["bony bumps"], ["press"]],
    "partner_sacral_release": [["sacrum"], ["gently", "gentle"], ["discomfort"]],
    "listen_body": [["sharp"], ["stop"]],
    "good_vs_sharp": [["good kind", "good pain"], ["sharp"]],
    "warmup": [["warm"], ["before"], ["relax"]],
    "hydration": [["water", "hydrated"], ["muscles"]],
    "complementary": [["stretching"], ["core"], ["posture"]],
    "flare_ups": [["flare"], ["inflamed"], ["gliding", "light"], ["long time", "long-standing"]],
    "pro_persistent": [["worse"]],
    "pro_nerve": [["numbness"], ["tingling"], ["weakness"]],
    "pro_bladder": [["bladder"], ["bowels"]],
    "pro_trauma": [["fall"], ["accident"]],
    "pro_conditions": [["osteoporosis"], ["fracture"], ["cancer"], ["inflammatory"]],
    "pro_who": [["physical therapist"], ["chiropractor"], ["sports medicine"]],
}


def test_every_row_of_the_coverage_table_has_an_entry_that_states_it():
    stated = {row for entry in ENTRIES for row in entry["rows"]}
    missing = [f"{r['id']} ({r['section']})" for r in COVERAGE if r["id"] not in stated]
    assert missing == [], "facts of the article no entry states"


def test_every_section_of_the_article_has_an_entry():
    stated = {row for entry in ENTRIES for row in entry["rows"]}
    sections = {r["section"] for r in COVERAGE}
    answered = {r["section"] for r in COVERAGE if r["id"] in stated}
    assert sections - answered == set()


def test_rows_are_rows_of_the_table_and_every_row_is_checked_here():
    ids = {r["id"] for r in COVERAGE}
    assert set(ROW_WORDS) == ids
    for entry in ENTRIES:
        assert entry["rows"] and set(entry["rows"]) <= ids, entry["id"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_an_entry_says_the_facts_it_claims(entry):
    said = entry["answer"].lower().replace("-", " ")
    for row in entry["rows"]:
        for group in ROW_WORDS[row]:
            assert any(word.lower().replace("-", " ") in said for word in group), (row, group)


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_an_entry_is_short_named_sourced_and_askable(entry):
    assert 2 <= sentences(entry["answer"]) <= 3 and len(entry["answer"]) <= 400
    if entry.get("more"):
        assert 1 <= sentences(entry["more"]) <= 3
    assert entry["source"].strip() and entry["name"].strip()
    assert len(entry["questions"]) >= 4 and entry["synonyms"]
    assert entry.get("family", entry["id"]) in {e["id"] for e in ENTRIES}


def _siblings(entry_id: str) -> set[str]:
    rows = next(set(e["rows"]) for e in ENTRIES if e["id"] == entry_id)
    return {e["id"] for e in ENTRIES if set(e["rows"]) & rows}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_every_entry_is_reached_by_its_own_questions_and_its_slot_values(entry):
    """Each stored question finds the entry, or one that states the same fact; the first one
    finds the entry itself. Its TOPIC values resolve to it."""
    first = knowledge.answer(text=entry["questions"][0])
    assert first is not None and first.topic == entry["id"], entry["questions"][0]
    for question in entry["questions"]:
        found = knowledge.answer(text=question)
        assert found is not None and found.topic in _siblings(entry["id"]), (question, found)
    for value in entry["synonyms"]:
        assert knowledge.answer(topic=value).topic == entry["id"], value
    assert knowledge.answer(topic=entry["id"]).topic == entry["id"]
