"""Requests said in free words, which no sample caught, are read as those requests (dialog/requests.py)."""
import pytest

from release_coach.domain.coach import Answer, Coach, Context, Profile, SessionState
from release_coach.domain.dialog.requests import request_in

NOW = 1_750_000_000.0


def coach(state=None):
    return Coach(state or SessionState(screened=True, flare_asked=True, warmup_offered=True), Profile(), Context(now=NOW))


@pytest.mark.parametrize("words, wanted", [
    ("okay the tennis ball then", ("routine", "ball_release")),
    ("no i meant the ball thing", ("routine", "ball_release")),
    ("back to the tennis ball one", ("routine", "ball_release")),
    ("the roller please", ("routine", "foam_roller")),
    ("yeah the squeezy hip one", ("routine", "gentle_compression")),
    ("never mind that let's carry on", ("resume", None)),
    ("can we do that one again", ("repeat", None)),
    ("i'd rather do the other side if you don't mind", ("side", None)),
    ("i'd rather start on the right", ("side", "right")),
    ("finish it tomorrow", ("stop", None)),
    ("can they be shorter", ("shorter", None)),
    ("how many are left", ("time_left", None)),
])
def test_a_request_in_words_is_read_as_that_request(words, wanted):
    assert request_in(words) == wanted


@pytest.mark.parametrize("words", [
    "how long do i hold the ball",          # a question naming a routine is asked, not started
    "what's the difference between the ball and the roller",
    "can i use a lacrosse ball instead",    # a question about a tool
    "let's not bother with the heat",       # a routine named after a "not" isn't wanted
    "i don't want the roller",
    "that feels easier now",                # a remark, not a request
    "my ball keeps rolling away",
])
def test_questions_remarks_and_refusals_make_no_request(words):
    assert request_in(words) is None


def test_words_behind_a_question_carrier_need_a_request_opening():
    assert request_in("difference between the ball and the roller one", asked=True) is None
    assert request_in("just do the tennis ball one instead", asked=True) == ("routine", "ball_release")


def test_naming_the_routine_in_hand_asks_for_nothing_new():
    assert request_in("i'll get the ball", current=("ball_release",)) is None
    assert request_in("i'll get the ball") == ("routine", "ball_release")


def test_a_routine_named_in_free_words_at_the_menu_starts_it():
    c = coach()
    c.menu()
    reply = c.hear(Answer("words", None, "okay the tennis ball then"))
    assert c.state.routines == ["ball_release"] and any(t.startswith("step:ball_release:") for t in reply.tags)


def test_second_thoughts_at_a_safety_question_keep_the_question_and_take_the_new_routine():
    c = Coach(SessionState(screened=True), Profile(), Context(now=NOW))
    c.start("foam_roller")
    assert c.state.ask == "flare"
    reply = c.hear(Answer("question", "can", "just do the tennis ball one instead"))
    assert c.state.ask == "flare" and c.state.pending["routines"] == ["ball_release"]
    assert "ask:flare" in reply.tags


def test_carry_on_said_in_words_while_paused_resumes_the_routine():
    c = coach()
    c.start("ball_release")
    c.next()
    c.pause()
    reply = c.hear(Answer("symptom", None, "mind that let us carry on"))
    assert not c.state.paused and c.state.routines == ["ball_release"] and c.state.pos >= 1
    assert "pause.resumed" in reply.keys and not reply.end_session


def test_after_a_referral_a_routine_asked_for_in_words_is_still_refused():
    c = coach(SessionState(screened=True, flare_asked=True, warmup_offered=True, blocked=True))
    reply = c.hear(Answer("question", "can", "just do the gentle one then"))
    assert not c.state.routines and any(t.startswith("triage:blocked") or t.startswith("safety.blocked") for t in reply.tags)


def test_after_a_referral_an_acknowledgement_ends_the_session_kindly():
    c = coach(SessionState(screened=True, blocked=True))
    reply = c.hear(Answer("ack"))
    assert reply.end_session and "goodbye" in reply.tags


@pytest.mark.parametrize("words, wanted", [
    ("hold on a bit the dog's licking my face", ("wait", None)),
    ("fast for me honey can you say it slower", ("slower", None)),
    ("can't we do it anyway", ("routine", None)),
])
def test_waiting_pace_and_insisting_are_requests_too(words, wanted):
    assert request_in(words) == wanted


def test_insisting_after_a_referral_gets_the_referral_not_a_routine_or_the_menu():
    c = coach(SessionState(screened=True, flare_asked=True, warmup_offered=True, blocked=True))
    reply = c.hear(Answer("words", None, "can't we do it anyway"))
    assert not c.state.routines and "triage:blocked" in reply.tags and c.state.ask != "menu"


def test_after_a_referral_an_answered_question_does_not_offer_the_menu():
    c = coach(SessionState(screened=True, flare_asked=True, warmup_offered=True, blocked=True))
    reply = c.hear(Answer("question", None, "what is the SI joint"))
    assert c.state.ask != "menu" and "menu" not in reply.tags and any(t.startswith("kb:") for t in reply.tags)


def test_naming_the_routine_under_way_keeps_the_place():
    c = coach()
    c.start("ball_release")
    c.next(), c.next()
    pos = c.state.pos
    reply = c.hear(Answer("routine", "ball_release", "back to the tennis ball one"))
    assert c.state.pos == pos and "start:already" in reply.tags


def test_keep_going_as_a_one_shot_picks_up_the_saved_place():
    first = coach()
    first.start("ball_release")
    first.next(), first.next()
    first.stop()
    first.remember_position()  # what the handlers do after every turn
    saved = first.profile.position
    assert saved
    later = Coach(SessionState(), Profile(position=saved, history=list(first.profile.history)), Context(now=NOW + 86400))
    reply = later.hear(Answer("next"))
    assert "nav.nothing_started" not in reply.keys and ("ask:check" in reply.tags or later.state.routines)


@pytest.mark.parametrize("words, seconds", [
    ("i've only got about ten minutes before my program comes on", 600),
    ("i have half an hour", 1800),
    ("i got twenty minutes before work", 1200),
])
def test_time_someone_has_asks_for_a_session_that_fits(words, seconds):
    assert request_in(words) == ("session", seconds)
    assert request_in(words, current=("ball_release",)) is None  # in a routine a time is not a session


@pytest.mark.parametrize("words", ["i have had this pain for two hours", "it's been ten minutes since i ate",
                                   "hold for ten minutes", "had it two hours ago"])
def test_how_long_something_lasted_is_not_time_on_offer(words):
    assert request_in(words) is None


def test_time_on_offer_at_the_menu_plans_a_session():
    c = coach()
    c.menu()
    reply = c.hear(Answer("words", None, "i've only got about ten minutes before my program comes on"))
    assert any(t.startswith("step:") for t in reply.tags) or c.state.pending
    assert any(k.startswith("session.") for k in reply.keys)


def test_a_safety_question_reads_every_word_itself():
    """'I can't feel when I need to go to the toilet' answers the bladder question; it never leaves."""
    c = Coach(SessionState(), Profile(), Context(now=NOW))
    c.start("ball_release")
    assert c.state.ask == "screen"
    reply = c.hear(Answer("words", None, "i can't feel when i need to go to the toilet"))
    assert "triage:emergency" in reply.tags


def test_a_question_is_answered_not_obeyed():
    """'When do I switch sides' mid-routine is a question; only 'can I ...' may be a request."""
    c = coach()
    c.start("ball_release")
    c.next()
    pos = c.state.pos
    reply = c.hear(Answer("question", "when", "switch sides"))
    assert c.state.pos == pos and "side.switch" not in reply.keys
    reply = c.hear(Answer("question", "is it okay", "enough on its own if the joint is inflamed"))
    assert not reply.end_session


def _on_the_roller():
    c = coach()
    c.start("foam_roller")
    while c._current().step.id != "roll":
        c.next()
    return c


def test_on_the_roller_longer_sets_the_roll_and_says_so_truly():
    c = _on_the_roller()
    reply = c.hear(Answer("longer"))
    said = [p for p in reply.parts if p.key == "roll.set"]
    assert said and said[0].data["seconds"] == c.seconds_for(c._current().step) == 120
    assert c.profile.hold_preference is None  # the ball's holds are not the roller's rolls


def test_a_roll_length_outside_the_article_range_is_clamped_out_loud():
    c = _on_the_roller()
    reply = c.hear(Answer("session", 240.0))  # "roll for four minutes" heard as a session length
    assert c.state.routines == ["foam_roller"]  # never swapped for another routine
    clamped = [p for p in reply.parts if p.key == "roll.clamped"]
    assert clamped and clamped[0].data["seconds"] == 180 == c.seconds_for(c._current().step)


@pytest.mark.parametrize("words, wanted", [
    ("was still getting down on the floor the foam roller", ("routine", "foam_roller")),  # named last
    ("warm up first my back's stiff", ("routine", "warm_up")),                           # named, then "first"
    ("am knackered finish it tomorrow", ("stop", None)),                                 # "am" alone asks nothing
])
def test_where_a_routine_is_named_can_make_the_request(words, wanted):
    assert request_in(words) == wanted


@pytest.mark.parametrize("words", [
    "my back hurts after the roller",
    "have only got one of the kids old tennis balls will that do or do i need a proper lacrosse ball",
])
def test_a_routine_named_last_after_a_preposition_or_inside_a_question_is_not_asked_for(words):
    assert request_in(words) is None


@pytest.mark.parametrize("words, flare", [("was getting the roller out no nothing recent", False),
                                          ("it flared up on tuesday", True)])
def test_a_flare_up_told_in_words(words, flare):
    c = Coach(SessionState(screened=True), Profile(), Context(now=NOW))
    assert c.flare_words(words) is flare
