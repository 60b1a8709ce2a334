"""Hands-free: flow mode carries a whole routine in one response, honestly timed, and an
interruption at any second lands on the step and second it fell in."""
import pytest

from release_coach.domain import routines as R
from release_coach.domain.coach import Answer, Coach, Context, Profile, SessionState
from release_coach.domain.reply import Quiet, Timed
from release_coach.speech.render import to_ssml
from release_coach.speech.timeline import MAX_BREAK_SECONDS, spoken_seconds, timeline

NOW = 1_760_000_000.0
PACES = (80, 90, 100, 110, 120)
SIDED = ("ball_release", "foam_roller")
ROUTINES = ("ball_release", "foam_roller", "gentle_compression", "partner")
# Alexa listens about 8 s after speech, plays the reprompt, then listens about 8 s more.
LISTEN_SECONDS = 8


def flowing(routine: str, pace: int = 100):
    c = Coach(SessionState(screened=True, flare_asked=True, warmup_offered=True),
              Profile(prefs={"flow": True, "pace": pace}), Context(now=NOW))
    return c, c.start(routine)


def windows(reply, pace):
    """Each hold's [start, end) in the response, measured on the SSML prefix before it."""
    out = []
    for i, part in enumerate(reply.parts):
        if isinstance(part, Timed):
            start = spoken_seconds(to_ssml(reply.parts[:i], "en", pace))
            out.append((start, start + part.seconds))
    return out


@pytest.mark.parametrize("pace", PACES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_one_response_carries_the_routine_within_alexas_limits(routine, pace):
    c, reply = flowing(routine, pace)
    ssml = to_ssml(reply.parts, "en", pace)
    assert len(ssml) <= 8000
    assert all(e.seconds <= MAX_BREAK_SECONDS for e in timeline(ssml) if e.kind == "break")
    timed_steps = [ps for ps in R.build_plan(c.cat, [routine]) if ps.step.is_timed]
    held = [p for p in reply.parts if isinstance(p, Timed)]
    if "routine:done" in reply.tags:
        assert len(held) == len(timed_steps)
    else:
        assert held, "a flow response holds at least one step"


@pytest.mark.parametrize("pace", PACES)
def test_a_whole_ball_release_needs_no_word_after_keep_going_on_your_own(pace):
    c = Coach(SessionState(screened=True, flare_asked=True, warmup_offered=True),
              Profile(prefs={"pace": pace}), Context(now=NOW))
    c.start("ball_release")
    reply = c.hear(Answer("flow"))
    assert "routine:done" in reply.tags and c.profile.prefs["flow"] is True
    assert [d["sides"] for d in c.state.completed] == [["left", "right"]]


@pytest.mark.parametrize("pace", (80, 100, 120))
@pytest.mark.parametrize("routine", SIDED)
def test_an_interruption_at_any_second_lands_in_its_step_and_second(routine, pace):
    c, reply = flowing(routine, pace)
    sent = c.state.to_dict()
    plan = R.build_plan(c.cat, [routine])
    timed_positions = [i for i, ps in enumerate(plan) if ps.step.is_timed]
    total = int(spoken_seconds(to_ssml(reply.parts, "en", pace)))
    spans = windows(reply, pace)
    for second in range(0, total, 3):
        later = Coach(SessionState.from_dict(sent), Profile(prefs={"flow": True, "pace": pace}),
                      Context(now=NOW + second))
        later.hear(Answer("wait"))
        # (a hold with under 3 s left counts as done: MIN_HOLD_LEFT)
        inside = [k for k, (a, b) in enumerate(spans) if a + 2 <= second <= b - 5]
        if inside:
            k = inside[0]
            assert later.state.pos == timed_positions[k], (second, spans[k])
            assert abs(later.state.hold_left - (spans[k][1] - second)) <= 2, second
            resumed = later.hear(Answer("resume"))
            assert "hold:resume" in resumed.tags
            again = [p.seconds for p in resumed.parts if isinstance(p, Timed)]
            assert again == [later.state.timed_seconds]
            assert abs(again[0] - (spans[k][1] - second)) <= 2


def test_ow_mid_flow_stops_the_hold_it_fell_in():
    c, reply = flowing("ball_release")
    sent = c.state.to_dict()
    start, end = windows(reply, 100)[2]
    later = Coach(SessionState.from_dict(sent), Profile(prefs={"flow": True}), Context(now=NOW + start + 10))
    stopped = later.hear(Answer("pain", "stop", None))
    assert "pain:stop" in stopped.tags and later.in_routine
    timed_positions = [i for i, ps in enumerate(later.plan) if ps.step.is_timed]
    assert later.state.pos == timed_positions[2]


@pytest.mark.parametrize("pace", PACES)
@pytest.mark.parametrize("routine", ROUTINES)
def test_step_mode_gives_every_set_up_step_over_30_s_before_the_session_can_close(routine, pace):
    c = Coach(SessionState(screened=True, flare_asked=True, warmup_offered=True),
              Profile(prefs={"pace": pace}), Context(now=NOW))
    reply = c.start(routine)
    while c.in_routine:
        quiet = [p.seconds for p in reply.parts if isinstance(p, Quiet)]
        if quiet:
            reprompt = spoken_seconds(to_ssml(reply.reprompt, "en", pace))
            assert quiet[0] + LISTEN_SECONDS + reprompt + LISTEN_SECONDS >= 30
        reply = c.next()
