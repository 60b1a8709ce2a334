"""The utterance matcher against a tiny fixture model (the real model has its own test file)."""
import pytest

from release_coach.console.matcher import FALLBACK_INTENT, FALLBACK_THRESHOLD, Matcher
from release_coach.console.model import InteractionModel


@pytest.mark.parametrize(
    "said, intent",
    [
        ("start the foam roller", "StartRoutineIntent"),
        ("Um, START the foam roller, please!", "StartRoutineIntent"),
        ("okay so start the foam roller", "StartRoutineIntent"),
        ("begin the foam roller", "StartRoutineIntent"),
        ("can you start the foam roller for me", "StartRoutineIntent"),
        ("I'm ready", "ReadyIntent"),
        ("i am ready now", "ReadyIntent"),
        ("what should i do", "AMAZON.HelpIntent"),
        ("help", "AMAZON.HelpIntent"),
    ],
)
def test_case_punctuation_fillers_and_small_paraphrases(tiny_matcher, said, intent):
    assert tiny_matcher.match(said).intent == intent


@pytest.mark.parametrize(
    "said, intent",
    [
        ("stop", "AMAZON.StopIntent"), ("quit", "AMAZON.StopIntent"), ("shut up", "AMAZON.StopIntent"),
        ("cancel", "AMAZON.CancelIntent"), ("never mind", "AMAZON.CancelIntent"),
        ("yes", "AMAZON.YesIntent"), ("yeah", "AMAZON.YesIntent"), ("sure", "AMAZON.YesIntent"),
        ("yep", "AMAZON.YesIntent"), ("okay", "AMAZON.YesIntent"),
        ("no", "AMAZON.NoIntent"), ("nope", "AMAZON.NoIntent"),
        ("go back", "AMAZON.PreviousIntent"), ("say that again", "AMAZON.RepeatIntent"),
        ("pause", "AMAZON.PauseIntent"), ("hold on", "AMAZON.PauseIntent"),
        ("resume", "AMAZON.ResumeIntent"), ("keep going", "AMAZON.ResumeIntent"),
        ("go home", "AMAZON.NavigateHomeIntent"),
    ],
)
def test_built_in_intents_common_phrasings(tiny_matcher, said, intent):
    assert tiny_matcher.match(said).intent == intent


def test_built_in_intents_the_model_does_not_declare_are_not_heard(tiny_matcher):
    # The fixture model has no AMAZON.NextIntent or StartOverIntent: a device would not send them.
    assert tiny_matcher.match("next").intent != "AMAZON.NextIntent"
    assert tiny_matcher.match("start over").intent != "AMAZON.StartOverIntent"


def test_samples_the_model_adds_to_a_built_in_intent_are_merged(tiny_matcher):
    assert tiny_matcher.match("what should i do").intent == "AMAZON.HelpIntent"
    assert tiny_matcher.match("help me").intent == "AMAZON.HelpIntent"


def test_custom_slot_value_resolves_with_its_id(tiny_matcher):
    slot = tiny_matcher.match("start the foam roller").slots["Routine"]
    assert (slot.value, slot.status) == ("foam roller", "ER_SUCCESS_MATCH")
    assert [(value.name, value.id) for value in slot.resolved] == [("foam roller", "FOAM_ROLLER")]


@pytest.mark.parametrize(
    "said, heard, canonical",
    [("do the lacrosse ball routine", "lacrosse ball", "tennis ball"),
     ("start the hip squeeze", "hip squeeze", "gentle compression"),
     ("start the tennis balls", "tennis balls", "tennis ball")],
)
def test_synonyms_and_plurals_resolve_to_the_canonical_value(tiny_matcher, said, heard, canonical):
    slot = tiny_matcher.match(said).slots["Routine"]
    assert slot.value == heard
    assert slot.resolved[0].name == canonical


def test_a_value_without_an_id_gets_a_stable_one(tiny_matcher):
    first = tiny_matcher.match("start the partner massage").slots["Routine"].resolved[0]
    again = tiny_matcher.match("do the partner routine").slots["Routine"].resolved[0]
    assert first.name == "partner massage" and first.id == again.id and first.id


def test_an_unknown_value_is_sent_unresolved_like_alexa_does(tiny_matcher):
    match = tiny_matcher.match("start the kettlebell")
    assert match.intent == "StartRoutineIntent"
    slot = match.slots["Routine"]
    assert (slot.value, slot.status, slot.resolved) == ("kettlebell", "ER_SUCCESS_NO_MATCH", ())


@pytest.mark.parametrize(
    "said, value",
    [("hold for forty five seconds", "PT45S"), ("hold it for a minute and a half", "PT1M30S"),
     ("make the hold ten minutes", "PT10M"), ("hold for an hour", "PT1H"), ("hold for 30 seconds", "PT30S")],
)
def test_duration_slots(tiny_matcher, said, value):
    match = tiny_matcher.match(said)
    assert match.intent == "HoldTimeIntent"
    assert match.slots["Duration"].value == value
    assert match.slots["Duration"].status is None  # built-in types carry no entity resolution


@pytest.mark.parametrize("said, value", [("do ten rounds", "10"), ("twenty five rounds please", "25"), ("do 3 rounds", "3")])
def test_number_slots(tiny_matcher, said, value):
    match = tiny_matcher.match(said)
    assert (match.intent, match.slots["Count"].value) == ("RoundsIntent", value)


def test_search_query_captures_free_text(tiny_matcher):
    match = tiny_matcher.match("is it safe to roll right on my tailbone")
    assert match.intent == "SafetyQuestionIntent"
    assert match.slots["Question"].value == "roll right on my tailbone"


@pytest.mark.parametrize(
    "said", ["open release coach", "Alexa, start release coach", "launch release coach", "talk to release coach",
             "open the release coach skill", "release coach", "ask release coach",
             # Words after "open ..." with no "and"/"to" make no one-shot: the skill opens.
             "open release coach, I'd like to carry on from yesterday"],
)
def test_launch_phrases(tiny_matcher, said):
    match = tiny_matcher.match(said)
    assert (match.request_type, match.intent, match.opens_session) == ("LaunchRequest", None, True)


@pytest.mark.parametrize(
    "said, intent, slot",
    [
        ("ask release coach to start the foam roller", "StartRoutineIntent", ("Routine", "foam roller")),
        ("tell release coach I'm ready", "ReadyIntent", None),
        ("ask release coach for help", "AMAZON.HelpIntent", None),
        ("open release coach and hold for ten minutes", "HoldTimeIntent", ("Duration", "PT10M")),
        ("start the tennis ball with release coach", "StartRoutineIntent", ("Routine", "tennis ball")),
        ("ask release coach is it safe to roll on my spine", "SafetyQuestionIntent", ("Question", "roll on my spine")),
    ],
)
def test_one_shots_open_a_session_with_the_intent(tiny_matcher, said, intent, slot):
    match = tiny_matcher.match(said)
    assert (match.request_type, match.intent, match.opens_session) == ("IntentRequest", intent, True)
    if slot:
        assert match.slots[slot[0]].value == slot[1]


@pytest.mark.parametrize(
    "said", ["what's the weather in paris", "order me a pizza", "play some jazz music", "banana", "asdf qwerty zxcv",
             "how tall is mount everest", "日本語", "!!!"],
)
def test_unrelated_utterances_fall_back(tiny_matcher, said):
    match = tiny_matcher.match(said)
    assert match.intent == FALLBACK_INTENT
    assert match.score < FALLBACK_THRESHOLD
    assert not match.opens_session


def test_score_is_one_for_an_exact_sample_and_drops_with_extra_words(tiny_matcher):
    exact = tiny_matcher.match("start the foam roller").score
    padded = tiny_matcher.match("could you start the foam roller now").score
    assert exact == pytest.approx(1.0)
    assert FALLBACK_THRESHOLD <= padded < exact


def test_the_threshold_decides_between_an_intent_and_the_fallback(tiny_model, monkeypatch):
    import release_coach.console.matcher as matcher_module

    said = "could you start the foam roller now"
    score = Matcher(tiny_model).match(said).score
    monkeypatch.setattr(matcher_module, "FALLBACK_THRESHOLD", score + 0.01)
    assert Matcher(tiny_model).match(said).intent == FALLBACK_INTENT
    monkeypatch.setattr(matcher_module, "FALLBACK_THRESHOLD", score - 0.01)
    assert Matcher(tiny_model).match(said).intent == "StartRoutineIntent"


def test_slots_the_model_does_not_declare_are_refused():
    from release_coach.console.model import ModelError

    bad = {"interactionModel": {"languageModel": {"invocationName": "x", "intents": [
        {"name": "A", "samples": ["do {Thing}"]}]}}}
    with pytest.raises(ModelError, match="Thing"):
        InteractionModel.from_dict(bad, "en-US")
