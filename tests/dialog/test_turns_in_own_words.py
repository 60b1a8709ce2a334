"""Turns said as people say them, end to end through the console's matcher and the skill: each
class of answer (thanks, "yeah nah", a question about the question, a bare "one minute", "again"
at the end, a request for something only Alexa does, a murmur) with phrasings of our own, none
of them in the blind sets."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conversations"))
import harness  # noqa: E402


def at(setup: str, user: str):
    p = harness.new_player(f"own-words-{setup}-{user}")
    before = harness.SETUPS[setup](p)
    return p, before


def outcome(setup: str, said: str, label: str) -> bool:
    p, before = at(setup, said)
    after = p.say(said)
    return harness.outcome_ok(label, before, after, p)


# ----- thanks: gratitude closes a topic, never moves a routine on ---------------------------------

@pytest.mark.parametrize("said", ["thanks a lot", "thank you very much", "ta very much", "cheers for that"])
def test_thanks_in_a_routine_keeps_the_place(said):
    assert outcome("mid_hold", said, "keeps_place")
    assert outcome("after_hold", said, "keeps_place")


@pytest.mark.parametrize("said", ["thank you", "cheers mate"])
def test_thanks_when_a_routine_is_done_is_a_goodbye(said):
    assert outcome("routine_done", said, "goodbye")


def test_thanks_after_a_referral_answer_ends_kindly():
    p, _ = at("referred", "who")
    p.say("who should I see about it")
    assert p.say("thanks so much").ended


@pytest.mark.parametrize("setup", ["screen_question", "injury_question", "flare_question"])
def test_thanks_never_answers_a_safety_question(setup):
    p, before = at(setup, "thanks")
    after = p.say("many thanks")
    assert harness.outcome_ok("reask", before, after, p) and "emergency" not in " ".join(after.tags)


# ----- "yeah nah", "nah yeah": the last word carries the answer ---------------------------------

def test_yeah_nah_at_a_red_flag_question_is_a_no():
    assert outcome("screen_question", "yeah nah nothing like that", "next_question")
    assert outcome("screen_question", "yeah no", "next_question")


def test_nah_yeah_is_a_yes():
    assert outcome("injury_question", "nah yeah it has", "referral")


def test_yeah_nah_to_an_offer_declines_it():
    assert outcome("warmup_offer", "yeah nah", "decline")


# ----- a question about the question: explained, and asked again --------------------------------

@pytest.mark.parametrize("setup, said", [
    ("injury_question", "what kind of accident"),
    ("injury_question", "what counts as an injury"),
    ("screen_question", "why do you want to know"),
    ("screen_question", "why"),
    ("flare_question", "what do you mean by a flare up"),
    ("warmup_offer", "what do you mean heat"),
])
def test_a_question_about_the_question_is_explained_and_asked_again(setup, said):
    p, before = at(setup, said)
    after = p.say(said)
    assert after.has("explain") and after.question == before.question and not after.ended
    assert not any(t.startswith("triage:") for t in after.tags)


def test_a_question_that_tells_something_is_still_read_as_told():
    # First person: "what if I fell" says a fall happened; the screen reads it as a yes.
    assert outcome("injury_question", "what if I fell down the stairs last month", "referral")


# ----- a bare "one minute" is waiting, a hold length needs its frame ----------------------------

@pytest.mark.parametrize("said", ["one minute", "just one minute", "give me two seconds", "hang on hang on"])
def test_a_bare_minute_in_a_routine_pauses(said):
    assert outcome("setup_step", said, "pause")


def test_hold_for_a_minute_still_sets_the_hold():
    assert outcome("setup_step", "hold for a minute", "hold_changed")


# ----- "again" when a routine is done: the same routine --------------------------------------

@pytest.mark.parametrize("said", ["same again", "again please", "one more time"])
def test_again_at_the_end_starts_the_same_routine(said):
    assert outcome("routine_done", said, "starts:ball")


# ----- a request for something only Alexa does ----------------------------------------------

@pytest.mark.parametrize("said", ["play me some jazz", "turn on the kitchen light", "set a timer for ten minutes"])
def test_a_request_for_alexa_keeps_the_routine(said):
    p, before = at("mid_hold", said)
    after = p.say(said)
    assert after.has("elsewhere") and harness.outcome_ok("keeps_place", before, after, p)


def test_a_request_for_alexa_at_the_menu_offers_the_menu_again():
    assert outcome("menu", "play the radio", "menu")


# ----- murmurs and second clauses -------------------------------------------------------------

def test_a_murmur_at_an_offer_is_not_a_miss():
    p, _ = at("mid_hold", "mm")
    before = p.say("that's the spot")
    assert before.question == "ask:carry_on"
    after = p.say("mmm")
    assert harness.outcome_ok("keeps_place", before, after, p)


@pytest.mark.parametrize("said", ["that's ages, no thanks", "these drag on, I'll skip it"])
def test_time_at_the_warm_up_offer_declines_it(said):
    assert outcome("warmup_offer", said, "starts:ball")


# ----- a remark, then a request: the request is what the turn asks for ------------------------

@pytest.mark.parametrize("setup, said, label", [
    ("after_hold", "right, next one", "advance"),
    ("after_hold", "cheers, how long is left", "time_left"),
    ("setup_step", "lovely, I'm in position", "advance"),
    ("after_hold", "that's ages, make the holds shorter", "hold_changed"),
])
def test_a_request_after_a_remark_is_the_request(setup, said, label):
    assert outcome(setup, said, label)


def test_a_side_named_with_right_is_still_the_side():
    p, before = at("after_hold", "right side")
    after = p.say("the right side please")
    assert after.has("side") and "right" in (after.step or "")


# ----- where was I: a where-question about one's own place -------------------------------------

@pytest.mark.parametrize("said", ["where was I", "where am I up to", "what step am I on"])
def test_where_am_i_says_how_far_we_are(said):
    assert outcome("paused", said, "time_left")
    assert outcome("mid_hold", said, "time_left")


def test_a_where_question_about_the_routine_is_still_answered():
    assert outcome("after_hold", "where do I put the ball", "answer")


def test_a_routine_described_in_own_words_starts_it():
    p, _ = at("menu", "squeezy")
    said = p.say("the squeezy one please")
    assert harness.outcome_ok("starts:compression", None, said, p)


# ----- hesitation: no answer yet, and no miss ---------------------------------------------------

@pytest.mark.parametrize("said", ["hmm", "let me think", "erm"])
@pytest.mark.parametrize("setup", ["screen_question", "injury_question", "warmup_offer", "routine_done"])
def test_a_hesitation_at_a_question_gives_time_and_asks_again(setup, said):
    p, before = at(setup, said)
    after = p.say(said)
    assert harness.outcome_ok("reask", before, after, p) and after.has("hesitate")
    assert not any(t.startswith(("triage:", "fallback")) for t in after.tags)


def test_a_hesitation_in_a_hold_keeps_it():
    assert outcome("mid_hold", "hmm", "keeps_place")


@pytest.mark.parametrize("setup", ["screen_question", "injury_question"])
def test_go_on_then_never_answers_a_safety_question(setup):
    p, before = at(setup, "go on then")
    after = p.say("go on then")
    assert harness.outcome_ok("reask", before, after, p)
