"""The classes of words the round-2 blind set showed missing (issue 13), each fixed as a family.

Every phrasing here is ours, not the blind set's: the point is that the whole family now reaches
triage and is read right, through the pure function and end to end (the console's matcher on the
real model, then the whole skill), while the benign talk that shares its words stays benign.

Classes: urination and soiling said in lay words or as the opening verb; an overdose said as the
tablets taken; a nerve sensation, a treatment stage, a tackle, "this pain", "feel like ..." or a
legs verb as the opening words; childhood said as school years or nicknames ("as a nipper");
a negated list closed by "nothing like that"; pain exclamations and negated pain mid-hold; words
typed without their apostrophe ("isnt", "nothingll"); lexicon words a near spelling must not
change ("radiation" is not "radiating").
"""
from __future__ import annotations

import pytest

from release_coach.console.matcher import Matcher
from release_coach.console.model import load_model
from release_coach.domain import safety

from test_safety_end_to_end import at_launch, mid_hold, talk  # noqa: F401  (talk is a fixture)


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_model("en-US"))


@pytest.mark.parametrize("said, tier", [
    # urination and soiling, lay words and euphemisms (UK, Australia, India, US)
    ("i keep widdling myself since friday", "emergency"),
    ("couldn't stop myself weeing on the way to the loo", "emergency"),
    ("no pee at all since teatime", "emergency"),
    ("been holding my wee for hours but nothingll come out", "emergency"),
    ("i can't even tell when i need to go now", "emergency"),
    ("i don't know when my bladder is full any more", "emergency"),
    ("leaking tap in the bathroom", "self_care"),
    ("no pee break for hours at work", "self_care"),
    # an overdose said as the tablets taken
    ("i necked a whole packet of co codamol", "general_emergency"),
    ("took a load of my sleeping tablets deliberately", "general_emergency"),
    ("i took two paracetamol this morning", "self_care"),
    ("i take my meds with breakfast", "self_care"),
    # cancer treatment named by its kind ("radiation" kept as said)
    ("i had radiation for a tumour in my spine", "professional"),
    # long ago, said as school years and nicknames: an old injury is not a referral
    ("broke my collarbone as a nipper", "self_care"),
    ("fractured my wrist in year 9", "self_care"),
    ("cracked my ankle in 6th grade", "self_care"),
    ("fell at school yesterday and hurt my back", "professional"),
    # a negated list closed by "nothing like that" (as the symptom slots rebuild it)
    ("no weakness, but tingling nothing like that just stiff in my bum", "self_care"),
    ("my groin went numb, nothing like that before", "emergency"),
    # a short spell "on and off" is not a long one
    ("my hip has been sore on and off for a few days", "self_care"),
    ("it has been sore on and off for years", "professional"),
])
def test_each_class_is_read_right_by_triage(said, tier):
    assert safety.triage(said).tier == tier, safety.triage(said)


@pytest.mark.parametrize("said, level", [
    ("owe", "stop"),
    ("aiyoo that's pinchin", "stop"),
    ("this isnt the nice kind", "stop"),
    ("ouch, no it's okay, a good ouch", "mild"),
    ("i owe you a coffee after this", None),
])
def test_pain_exclamations_and_their_mis_hearings_mid_hold(said, level):
    assert safety.classify_pain(said) == level


@pytest.mark.parametrize("said, intent", [
    ("dribbling all day since the weekend", "LeakToldIntent"),
    ("wet my knickers in the car", "WetToldIntent"),
    ("pooed my trousers at work", "SoilToldIntent"),
    ("burning all down my shin", "NerveToldIntent"),
    ("going through radiotherapy", "HadToldIntent"),
    ("kind of feel like giving up on everything", "FeelToldIntent"),
    ("this ache is always there", "PainToldIntent"),
    ("got clattered in a tackle on sunday", "HitToldIntent"),
    ("legs buckled under me in the garden", "LegsBuckledToldIntent"),
    ("legs won't take my weight", "LegsWontToldIntent"),
    ("swallowed all my tablets", "TookToldIntent"),
    ("chess is tight", "ChestToldIntent"),
])
def test_an_opening_that_is_the_sign_has_an_intent_of_its_class(matcher, said, intent):
    match = matcher.match(said)
    assert match.intent == intent, (match.intent, match.sample)


@pytest.mark.parametrize("said, tier", [
    ("dribbling wee since last night and can't stop", "emergency"),
    ("wet myself at the shops and never felt it", "emergency"),
    ("pooed myself in bed without waking", "emergency"),
    ("yaar my urine is not coming since morning", "emergency"),
    ("legs buckled twice today, both of them", "emergency"),
    ("legs won't hold me up now", "emergency"),
    ("got weak legs both sides, can't stand", "emergency"),
    ("swallowed a full bottle of my pills", "emergency"),
    ("kind of feel like ending it", "emergency"),
    ("chess pain going into my jaw", "emergency"),
    ("shooting down the back of my thigh to my foot", "professional"),
    ("going through chemo for my breast", "professional"),
    ("got clattered in a tackle and landed on my hip", "professional"),
    ("this ache has been there since the spring", "professional"),
    # the same openings, innocently
    ("legs gave me no trouble on the walk", "self_care"),
    ("took the dog out before this", "self_care"),
    ("feel like doing the roller today", "self_care"),
    ("burning off steam after work", "self_care"),
    ("wet weather makes my back stiff", "self_care"),
    ("no tingling, no weakness, none of that, just a stiff bum", "self_care"),
])
def test_each_class_reaches_triage_at_launch(talk, said, tier):  # noqa: F811
    assert at_launch(talk)(said) == tier


@pytest.mark.parametrize("said, result", [
    ("owe owe", "stopped"),
    ("ow its hurting more now", "stopped"),
    ("this isn't the nice kind of sore", "stopped"),
    ("throbbing like anything now", "stopped"),
    ("get it out from under me", "stopped"),
    ("ooh that's a good ow", "self_care"),
    ("that's not too bad actually", "self_care"),
])
def test_pain_said_mid_hold_stops_the_hold_and_good_pain_does_not(talk, said, result):  # noqa: F811
    assert mid_hold(talk)(said) == result
