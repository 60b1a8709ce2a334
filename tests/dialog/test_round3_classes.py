"""Round 3's classes of answer, each with phrasings of our own (none from the blind sets), end to
end through the console's matcher and the skill: a flare-up told in words (a regional yes, an
unsure hedged with "really", a worsening of days rather than weeks), leaving said as "leave it
there", a first person the carrier took ("I {query}" leaves "am not sure"), a no that names what
is wanted at the resume offer, and a plea to do a routine after a referral."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conversations"))
import harness  # noqa: E402
from release_coach.domain.dialog.answers import opening_kind  # noqa: E402
from release_coach.domain.dialog.requests import request_in  # noqa: E402


def outcome(setup: str, said: str, label: str, then: str | None = None) -> bool:
    p = harness.new_player(f"round3-{setup}-{said}")
    before = harness.SETUPS[setup](p)
    if then is not None:
        before, said = p.say(said), then
    return harness.outcome_ok(label, before, p.say(said), p)


# ----- the flare-up question reads a flare-up told in words ---------------------------------------

@pytest.mark.parametrize("said", ["aye it has", "och aye", "it's flaring, keep it gentle please",
                                  "I'm not too sure, maybe", "not entirely sure to be honest",
                                  "yeah it's got much worse since the weekend", "it has been a lot worse since yesterday morning"])
def test_a_flare_up_told_in_words_keeps_it_gentle(said):
    assert outcome("flare_question", said, "gentle")


@pytest.mark.parametrize("said", ["it's been getting worse for weeks now", "it has been getting worse and worse for months",
                                  "much worse since monday and my leg has gone numb"])
def test_worsening_for_weeks_or_with_another_sign_is_still_referred(said):
    assert outcome("flare_question", said, "referral")


# ----- leaving said as people say it -----------------------------------------------------------

@pytest.mark.parametrize("said", ["I'll leave it there for now, thanks", "think I'll call it a day, thank you",
                                  "that'll do for today", "let's wrap it up there"])
def test_leaving_it_there_ends_the_session(said):
    assert outcome("paused", said, "goodbye")


@pytest.mark.parametrize("words, kind", [("am not really sure it got worse", "unsure"),
                                         ("will leave it there for today", "stop"),
                                         ("am fine thanks", "no"), ("would rather not", "no"),
                                         ("i'd rather do the roller", None)])
def test_a_first_person_the_carrier_took_is_put_back(words, kind):
    assert opening_kind(words) == kind


# ----- the resume offer: a no that says what is wanted ---------------------------------------------

@pytest.mark.parametrize("said, label", [("nope, the compression one today", "starts:compression"),
                                         ("no, I'd rather do the foam roller", "starts:roller"),
                                         ("no, start again from the beginning", "starts:ball"),
                                         ("nah, from scratch please", "starts:ball")])
def test_a_no_naming_what_is_wanted_at_the_resume_offer_starts_it(said, label):
    assert outcome("stopped_midway", "open release coach", label, then=said)


# ----- after a referral, a plea for a routine gets the referral again ------------------------------

@pytest.mark.parametrize("said", ["couldn't I just do the tennis ball one", "can we not just do the squeeze one",
                                  "can't I do the compression one then"])
def test_a_plea_after_a_referral_is_refused_with_the_reason(said):
    assert outcome("referred", said, "referral")


def test_a_plea_reads_its_not_as_asking():
    assert request_in("can I not just do the foam roller") == ("routine", "foam_roller")
    assert request_in("not the foam roller", asked=False) is None
