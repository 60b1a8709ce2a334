"""Statements that open without "I" or "my" reach triage with their words (issue 13).

On a device a phrase that no sample holds arrives as AMAZON.FallbackIntent with no words, and
triage hears nothing. So the model's free-text carriers cover the common ways a spoken statement
opens without naming a symptom ("had ...", "been ...", "taking ...", "thinking about ...",
"doctor says ..."), and ReportSymptomIntent takes a body part or an injury said first ("chest feels tight",
"fractured my hip"). These are our own phrasings, not the blind set's, said through the console's
matcher on the real model to the whole skill, at launch, as a one-shot and in the middle of a hold.
"""
from __future__ import annotations

import pytest

from release_coach.console.matcher import Matcher
from release_coach.console.model import load_model

from test_safety_end_to_end import at_launch, mid_hold, outcome, talk  # noqa: F401  (talk is a fixture)


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_model("en-US"))


@pytest.mark.parametrize("said, words", [
    ("had spinal surgery three weeks ago", "spinal surgery three weeks ago"),
    ("been on steroids for years", "on steroids for years"),
    ("went to the loo and nothing came out", "to the loo and nothing came out"),
    ("just had a knee operation", "a knee operation"),
    ("got a numb patch on my bum", "numb patch on my bum"),
    ("done the ball every day and it keeps getting worse", "ball every day and it keeps getting worse"),
    ("one of my calves is red and hot", "calves is red and hot"),
    ("doctor says I have thin bones", "i have thin bones"),
    ("thinking about ending it all", "ending it all"),
    ("taking steroids for my asthma", "steroids for my asthma"),
    ("since the accident my back hurts", "accident my back hurts"),
])
def test_a_statement_opening_carries_the_rest_as_free_text(matcher, said, words):
    match = matcher.match(said)
    assert match.intent == "FreeTextIntent", (match.intent, match.sample)
    assert match.slots["query"].value == words


@pytest.mark.parametrize("said, intent", [
    ("got it", "AcknowledgeIntent"),
    ("done that", "AMAZON.NextIntent"),
    ("one sec", "AMAZON.PauseIntent"),
    ("just a moment", "AMAZON.PauseIntent"),
    ("the next one", "AMAZON.NextIntent"),
])
def test_the_carriers_leave_the_dialog_its_own_samples(matcher, said, intent):
    assert matcher.match(said).intent == intent


@pytest.mark.parametrize("said, tier", [
    ("had spinal surgery three weeks ago", "professional"),
    ("been wetting myself since yesterday", "emergency"),
    ("went to the loo and nothing came out", "emergency"),
    ("got a numb groin since this morning", "emergency"),
    ("doctor says I have osteoporosis", "professional"),
    ("one of my calves is hot and swollen", "emergency"),
    ("pain in my chest and down my left arm", "emergency"),
    ("chest feels tight", "emergency"),
    ("fractured my hip last year", "professional"),
    ("had my gallbladder out last week", "professional"),
    ("thinking about ending it all", "emergency"),
    ("in a car crash last month", "professional"),
    ("keep having pins and needles in my bum", "emergency"),
    # Fillers before the statement ("honestly", "mate") are dropped as the recogniser would.
    ("honestly I can't feel my groin", "emergency"),
    # Said without a red flag, the same openings stay self-care.
    ("had a good day today", "self_care"),
    ("been doing the stretches every day", "self_care"),
    ("went for a walk this morning", "self_care"),
    ("doctor says it's just a tight muscle", "self_care"),
    ("glutes feel tight", "self_care"),
    ("taking ibuprofen for the pain", "self_care"),
    ("having a good week", "self_care"),
    ("back is a bit stiff", "self_care"),
])
def test_statements_at_launch_reach_triage(talk, said, tier):  # noqa: F811
    assert at_launch(talk)(said) == tier


@pytest.mark.parametrize("said, tier", [
    ("been numb down there since I sat on the ball", "emergency"),
    ("pain in my chest", "emergency"),
    ("had a bad fall yesterday", "professional"),
    ("two much two much", "stopped"),
    # No "pain in {query}" carrier: it would take "stabbing pain in my bum" and drop "stabbing".
    ("stabbing pain in my bum", "stopped"),
    ("my back is on fire", "stopped"),
    ("had a long day", "self_care"),
    ("having a rest", "self_care"),
    # "getting" is no carrier: "it keeps getting worse" keeps its words.
    ("it keeps getting worse", "professional"),
])
def test_statements_mid_hold_reach_triage(talk, said, tier):  # noqa: F811
    assert mid_hold(talk)(said) == tier


def test_a_one_shot_statement_reaches_triage(talk):  # noqa: F811
    start, transport = talk
    assert outcome(start(), transport, "ask release coach had back surgery last month") == "professional"


@pytest.mark.parametrize("said", ["I think the dog is hungry", "it is fine", "I think it is raining"])
def test_an_aside_at_a_screening_question_is_asked_again_not_taken_as_yes(said):
    """A weak opening ('I think', 'it is') that goes on to something else answers nothing."""
    from release_coach.domain import safety

    assert safety.answer_screening("bladder_bowel", said) is None


@pytest.mark.parametrize("said", ["I have", "I think I might have", "a bit", "not sure", "I think so"])
def test_a_weak_yes_said_alone_or_with_another_answer_still_counts(said):
    from release_coach.domain import safety

    assert safety.answer_screening("bladder_bowel", said).tier == "emergency"


@pytest.mark.parametrize("said, intent", [
    ("came off my horse in the spring", "FallToldIntent"),
    ("got knocked off my scooter", "HitToldIntent"),
    ("lost a stone without trying", "LostToldIntent"),
    ("keeps me awake most nights", "WakesToldIntent"),
    ("can't feel the toilet paper when I wipe", "CantToldIntent"),
    ("legs keep buckling under me", "LegsToldIntent"),
    ("chest feels heavy and I've gone cold", "ChestToldIntent"),
    ("wee just comes out when it wants", "BladderToldIntent"),
])
def test_a_statement_whose_verb_is_the_sign_has_an_intent_of_its_class(matcher, said, intent):
    """The carrier takes the verb ("came off"); its intent's handler puts the class's words back
    (content/en/lexicon.json "told"), which the launch test below shows triage reading."""
    match = matcher.match(said)
    assert match.intent == intent, (match.intent, match.sample)


@pytest.mark.parametrize("said, tier", [
    ("came off my horse in the spring", "professional"),
    ("lost a stone without trying", "professional"),
    ("keeps me awake most nights no matter how I lie", "professional"),
    ("can't feel the toilet paper when I wipe", "emergency"),
    ("lost my place, sorry", "self_care"),
    ("legs keep buckling under me", "emergency"),
    ("chest feels heavy and I've gone all cold and sweaty", "emergency"),  # outcome() counts both tiers as emergency
    ("numbness down both feet since this morning", "emergency"),
    ("legs feel a bit tired after the walk", "self_care"),
])
def test_statements_whose_verb_is_the_sign_reach_triage_at_launch(talk, said, tier):  # noqa: F811
    assert at_launch(talk)(said) == tier
