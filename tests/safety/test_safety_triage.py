"""Safety triage, pain words, clearance, screening and locale numbers (release_coach.domain.safety)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from release_coach.domain import safety
from release_coach.domain.safety import EMERGENCY, PROFESSIONAL, SELF_CARE, triage


@pytest.mark.parametrize(
    "text, sign",
    [
        ("I can't control my bladder", "bladder_bowel"),
        ("i cant control my bladda", "bladder_bowel"),
        ("I've been dribbling urine", "bladder_bowel"),
        ("I haven't been able to pass urine since last night", "bladder_bowel"),
        ("numb in my growing", "saddle_numbness"),
        ("there's no feeling around my back passage", "saddle_numbness"),
        ("both my legs have suddenly gone weak", "both_legs_weak"),
        ("my legs won't hold me", "both_legs_weak"),
    ],
)
def test_emergency_signs_are_named_with_their_evidence(text, sign):
    result = triage(text)
    assert result.tier == EMERGENCY
    assert result.sign == sign
    assert result.signs[0] == sign
    # The evidence is the words that showed the sign, after respelling ("bladda" -> "bladder").
    assert result.matched and set(result.matched.split()) & set(safety.normalise(text).split())


@pytest.mark.parametrize(
    "text, sign",
    [
        ("my left leg is numb", "leg_symptoms"),
        ("pins and needles in my foot", "leg_symptoms"),
        ("I fell on the ice", "trauma"),
        ("a car hit me last week", "trauma"),
        ("it's worse every day", "persistent_worse"),
        ("I've had this pain for three months", "persistent_worse"),
        ("I have osteoperosis", "condition_osteoporosis"),
        ("I had breast cancer", "condition_cancer"),
        ("I broke my pelvis last year", "condition_fracture"),
        ("I have ankylosing spondy light is", "condition_inflammatory"),
    ],
)
def test_professional_signs(text, sign):
    result = triage(text)
    assert (result.tier, result.sign) == (PROFESSIONAL, sign)


@pytest.mark.parametrize(
    "text",
    [
        "no numbness",
        "none of those",
        "my bladder is fine",
        "I don't have any leg pain",
        "no tingling no weakness",
        "I've never had a fall or an accident",
        "it's not getting worse",
        "I almost fell asleep",
        "I broke a sweat",
        "my mum had osteoporosis but I don't",
        "it aches when I sit for a long time",
        "I need to go to the bathroom first",
        "I'm a wee bit stiff",
        "",
    ],
)
def test_negations_and_lookalikes_stay_self_care(text):
    assert triage(text).tier == SELF_CARE


def test_a_negation_only_reaches_its_own_clause():
    assert triage("my bladder is fine but my groin is numb").tier == EMERGENCY
    assert triage("no leg pain but I can't feel my private area").tier == EMERGENCY
    assert triage("no, my leg is numb").tier == PROFESSIONAL


def test_a_new_subject_ends_the_negation():
    # "not" belongs to "think" / "notice", not to the symptom that follows.
    assert triage("I don't think I can control my bladder").tier == EMERGENCY
    assert triage("I didn't notice I wet myself").tier == EMERGENCY
    assert triage("I can't walk far without my legs going numb").tier == EMERGENCY


def test_the_most_serious_sign_wins_and_all_are_listed():
    result = triage("I fell last week and now I can't pee")
    assert result.tier == EMERGENCY
    assert result.sign == "bladder_bowel"
    assert "trauma" in result.signs


_EMERGENCIES = [
    "I can't control my bladder",
    "my groin is numb",
    "both my legs are weak",
    "I've lost control of my bowels",
]


@settings(max_examples=60, deadline=None)
@given(
    phrase=st.sampled_from(_EMERGENCIES),
    before=st.sampled_from(["", "um ", "so like ", "okay so uh ", "hey ", "you know "]),
    after=st.sampled_from(["", " and my back hurts", " but my legs are fine", " since yesterday", " I think"]),
)
def test_fillers_and_trailing_clauses_never_hide_an_emergency(phrase, before, after):
    assert triage(before + phrase + after).tier == EMERGENCY


@pytest.mark.parametrize(
    "text, level",
    [
        ("ow", "stop"),
        ("ouch that hurts", "stop"),
        ("sharp pain", "stop"),
        ("it's shooting down", "stop"),
        ("too much pressure", "stop"),
        ("it's getting worse", "stop"),
        ("that's unbearable", "severe"),
        ("it's really bad", "severe"),
        ("excruciating", "severe"),
        ("it's a bit tender", "mild"),
        ("good pain", "mild"),
        ("it's tight", "mild"),
        ("it doesn't hurt, just tight", "mild"),
        ("it doesn't hurt", None),
        ("what's next", None),
        ("", None),
    ],
)
def test_classify_pain(text, level):
    assert safety.classify_pain(text) == level


@pytest.mark.parametrize(
    "text, action",
    [
        ("I can't feel my groin", "emergency"),
        ("ow my leg went numb", "professional"),
        ("my leg went numb", "professional"),
        ("it's getting worse", "stop"),
        ("unbearable", "severe"),
        ("bit tender", "mild"),
        ("next", None),
    ],
)
def test_check_during_hold_orders_emergency_then_referral_then_pain(text, action):
    assert safety.check_during_hold(text) == action


@pytest.mark.parametrize(
    "text, cleared",
    [
        ("my doctor said it's fine", True),
        ("I've been cleared by my physio", True),
        ("my GP gave me the all clear", True),
        ("my doctor cleared me", True),
        ("my doctor said not to", False),
        ("my physio told me to wait", False),
        ("my doctor said my bones are thinning", False),
        ("I haven't seen a doctor", False),
    ],
)
def test_mentions_clearance(text, cleared):
    assert safety.mentions_clearance(text) is cleared


@pytest.mark.parametrize(
    "locale, number",
    [("en-US", "911"), ("en-GB", "999"), ("en-AU", "000"), ("en-IN", "112"), ("en-CA", "911"),
     ("fr-CA", "911"), ("en_GB", "999"), ("de-DE", "112"), ("", "112"), (None, "112"), ("english", "112")],
)
def test_emergency_number_by_region_with_a_safe_fallback(locale, number):
    assert safety.emergency_number(locale) == number


def test_emergency_line_names_the_locale_number():
    assert "999" in safety.emergency_line("en-GB")
    assert "{number}" not in safety.emergency_line("en-US")


def test_screening_asks_emergency_signs_first_then_the_rest():
    questions = safety.screening_questions()
    tiers = [q.tier for q in questions]
    assert tiers == sorted(tiers, key=[EMERGENCY, PROFESSIONAL].index)
    assert [q.id for q in questions][:3] == ["bladder_bowel", "saddle_numbness", "both_legs_weak"]
    assert all(q.text.endswith("?") for q in questions)
    assert len({q.id for q in questions}) == len(questions)


@pytest.mark.parametrize(
    "question, answer, tier",
    [
        ("bladder_bowel", "no", SELF_CARE),
        ("bladder_bowel", "none of those", SELF_CARE),
        ("bladder_bowel", "yes", EMERGENCY),
        ("bladder_bowel", "maybe a little", EMERGENCY),
        ("trauma", "yeah I fell", PROFESSIONAL),
        ("trauma", "no but my leg is numb", PROFESSIONAL),
        ("leg_symptoms", "no but I can't feel my groin", EMERGENCY),
        ("conditions", "I'm not sure", PROFESSIONAL),
        ("bladder_bowel", "I don't know", EMERGENCY),
        ("bladder_bowel", "I think so", EMERGENCY),
        ("both_legs_weak", "no I don't", SELF_CARE),
    ],
)
def test_answer_screening(question, answer, tier):
    assert safety.answer_screening(question, answer).tier == tier


@pytest.mark.parametrize("answer", ["it depends", "what do you mean", "the tennis ball", ""])
def test_an_answer_that_is_neither_yes_nor_no_is_asked_again(answer):
    assert safety.answer_screening("bladder_bowel", answer) is None


def test_answer_screening_rejects_an_unknown_question():
    with pytest.raises(ValueError):
        safety.answer_screening("favourite_colour", "yes")


def test_rescreen_interval_is_a_week():
    assert safety.rescreen_after_days() == 7


@pytest.mark.parametrize(
    "slots, tier",
    [
        (("numb", "groin", None, None, None), EMERGENCY),
        (("can not control", "bladda", None, None, None), EMERGENCY),
        (("numbness", None, "no", None, None), SELF_CARE),
        (("bladder problems", "calf", "no", "tingling", None), PROFESSIONAL),
        (("numbness", None, "no", None, "tingling"), SELF_CARE),
        (("weak", "legs", None, None, None), EMERGENCY),
    ],
)
def test_symptom_report_rebuilds_what_the_slots_heard(slots, tier):
    assert triage(safety.symptom_report(*slots)).tier == tier


def test_symptom_report_of_nothing_is_none():
    assert safety.symptom_report(None, None) is None


@pytest.mark.parametrize("text", ["go gentle", "I'm having a flare up", "it flared up yesterday", "easy on me please"])
def test_wants_gentle(text):
    assert safety.wants_gentle(text)


def test_wants_gentle_is_not_everything():
    assert not safety.wants_gentle("start the foam roller")


def test_professional_line_names_who_can_help_and_why():
    line = safety.professional_line("leg_symptoms")
    for who in ("physical therapist", "chiropractor", "sports-medicine physician", "doctor"):
        assert who in line
    assert safety.reason("leg_symptoms") in line
