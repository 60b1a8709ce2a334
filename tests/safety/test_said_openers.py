"""Statements that open with words no request holds reach triage with their words (issue 13, round 4).

A time ("yesterday ..."), a posture ("sitting on the loo ..."), an aside ("the worst bit is ..."),
a person ("some bloke shoved me ..."), a body part said without "my" ("throat's closing up"): on a
device none of these opens a carrier the model had, so the statement arrived as
AMAZON.FallbackIntent with no words. Each class is now a *SaidIntent whose handler puts the class's
words back (content/en/lexicon.json "said") and reads the whole as free text. Our own phrasings,
said through the console's matcher on the real model to the whole skill.
"""
from __future__ import annotations

import json

import pytest

from release_coach.console.matcher import Matcher
from release_coach.console.model import load_model
from release_coach.domain.triage.lexicon import data

from test_safety_end_to_end import at_launch, mid_hold, talk  # noqa: F401  (talk is a fixture)


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_model("en-US"))


@pytest.mark.parametrize("said, intent", [
    ("yesterday evening my waterworks stopped working", "WhenSaidIntent"),
    ("since easter it's been sore", "SinceSaidIntent"),
    ("for months now it's been the same", "ForLongSaidIntent"),
    ("for the past two days it's been stiff", "ForPastSaidIntent"),
    ("standing at the sink my legs went wobbly", "PostureSaidIntent"),
    ("the strange thing is I can't feel the seat", "AsideSaidIntent"),
    ("there's like a buzzing down one leg", "ThereSaidIntent"),
    ("there's not much feeling left in my feet", "ThereNoSaidIntent"),
    ("some lad barged into me at the match", "PersonSaidIntent"),
    ("tongue's gone big and fat", "AirwaySaidIntent"),
    ("face feels droopy on the left", "FaceSaidIntent"),
    ("right foot keeps dragging", "LegSaidIntent"),
    ("butt cheeks feel dead on the seat", "SeatSaidIntent"),
    ("crotch feels like it's not mine", "GroinSaidIntent"),
    ("feeling's gone from between my legs", "FeelingSaidIntent"),
    ("the sciatica's worse on the left", "SciaticaSaidIntent"),
    ("knickers were soaked and I never felt it", "ClothesSaidIntent"),
    ("surely the easy one is okay for me", "PleaSaidIntent"),
])
def test_an_opening_no_request_holds_has_an_intent_of_its_class(matcher, said, intent):
    match = matcher.match(said)
    assert match.intent == intent, (match.intent, match.sample)


def test_every_said_intent_of_the_model_has_its_words_to_put_back():
    """The handler reads lexicon.json "said" by intent name: one missing would lose the statement."""
    from pathlib import Path

    model = json.loads((Path(__file__).resolve().parents[2] / "interactionModels" / "custom" / "en-US.json").read_text())
    said = {i["name"] for i in model["interactionModel"]["languageModel"]["intents"] if i["name"].endswith("SaidIntent")}
    assert said and said <= set(data()["said"])


@pytest.mark.parametrize("said, tier", [
    ("yesterday evening my waterworks stopped working", "emergency"),
    ("standing at the sink my legs both went wobbly and gave way", "emergency"),
    ("the strange thing is I can't feel the seat under me when I'm on the loo", "emergency"),
    ("there's no feeling round my back passage", "emergency"),
    ("bum's gone numb on both sides and so has my groin", "emergency"),
    ("feeling's gone from between my legs", "emergency"),
    ("sciatica's in both legs now", "emergency"),
    ("tongue's swelling up and it's hard to swallow", "emergency"),
    ("face feels droopy on the left and my words are slurred", "emergency"),
    ("some lad barged into me at the match and I landed on my back", "professional"),
    # A vehicle said first is a hit, not a person's doing.
    ("a van went into the side of us on the motorway", "professional"),
    ("right foot keeps dragging when I walk", "professional"),
    ("for months now it's been getting worse", "professional"),
    # The same openings without a sign stay self-care; a person's condition is theirs, not the speaker's.
    ("yesterday I did the ball one and it helped", "self_care"),
    ("sitting at my desk all day makes me stiff", "self_care"),
    ("the worst bit is the stiffness in the morning", "self_care"),
    ("wife has osteoporosis so she won't do this", "self_care"),
    ("for the past two days it's been a bit stiff", "self_care"),
])
def test_said_statements_at_launch_reach_triage(talk, said, tier):  # noqa: F811
    assert at_launch(talk)(said) == tier


@pytest.mark.parametrize("said, tier", [
    ("bum's gone numb and so has my groin", "emergency"),
    ("weirdly that feels easier now", "self_care"),
])
def test_said_statements_mid_hold_reach_triage(talk, said, tier):  # noqa: F811
    assert mid_hold(talk)(said) == tier
