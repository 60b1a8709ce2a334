"""The pure state machine, without the SDK: time, sides, stored-state hygiene, resume."""
import pytest

from release_coach.domain import routines as R
from release_coach.domain.coach import Answer, Coach, Context, Profile, SessionState

NOW = 1_750_000_000.0


def coach(state=None, profile=None, now=NOW, **ctx):
    return Coach(state or SessionState(screened=True, flare_asked=True, warmup_offered=True),
                 profile or Profile(), Context(now=now, **ctx))


def started(routine_id="ball_release", **kw):
    c = coach(**kw)
    c.start(routine_id)
    return c


def test_starting_a_routine_speaks_its_first_step():
    c = started()
    assert c.state.routines == ["ball_release"] and c.state.pos == 0
    assert c.plan[0].step.id == "lie_down"


def test_an_interrupted_hold_keeps_its_time_and_carry_on_finishes_it():
    c = started()
    c.next(), c.next()  # to the timed search step (30 s)
    assert c.state.timed_seconds == 30
    hold_starts = c.state.sent_at + c.state.timed_lead
    asked = coach(state=c.state, now=hold_starts + 5)
    reply = asked.hear(Answer("time_left"))
    in_step = [p for p in reply.parts if p.key == "time.in_step"]
    assert in_step and in_step[0].data["seconds"] == 25 and "ask:carry_on" in reply.tags
    finished = asked.yes()
    timed = [p for p in finished.parts if type(p).__name__ == "Timed"]
    assert "hold:resume" in finished.tags and [t.seconds for t in timed] == [25]
    before_hold = coach(state=started().state, now=NOW + 1).hear(Answer("time_left"))
    assert not [p for p in before_hold.parts if p.key == "time.in_step"]


def test_switching_sides_early_still_does_both_sides():
    c = started()
    c.next()  # place the ball, left
    replies = [c.switch_side("right")]
    while c.in_routine:
        replies.append(c.next())
    steps = [t for r in replies for t in r.tags if t.startswith("step:")]
    sides = [t.rsplit(":", 1)[1] for t in steps]
    assert sides == ["right"] * 5 + ["left"] * 5
    assert "routine:done" in replies[-1].tags


def test_a_finished_side_cannot_be_switched_back_to():
    c = started()
    for _ in range(6):
        c.next()
    assert c._current().side == "right" and c.sides_done() == ["left"]
    reply = c.switch_side("left")
    assert "side:done" in reply.tags


@pytest.mark.parametrize("raw", [None, 5, "x", [], {"routines": "ball_release"}, {"pos": 10**9, "routines": ["partner"]},
                                 {"first_side": "middle"}, {"ask": "launch_missiles"}, {"scale": 99},
                                 {"timed_at": "yesterday", "pending": "soon", "sides_done": [1, "ok"]}])
def test_stored_state_is_never_trusted(raw):
    state = SessionState.from_dict(raw)
    assert state.first_side in R.SIDES
    assert state.ask is None or state.ask.isidentifier()
    if state.routines:
        assert 0 <= state.pos < len(R.build_plan(R.catalog(), state.routines))
    assert state.scale is None or 0 <= state.scale <= 1
    assert all(isinstance(m, str) for m in state.sides_done)
    assert coach(state=state).help().parts  # usable


def test_state_round_trips_and_stores_only_what_differs_from_defaults():
    c = started()
    c.next()
    saved = c.state.to_dict()
    assert "paused" not in saved and saved["routines"] == ["ball_release"]
    again = SessionState.from_dict(saved)
    assert again.to_dict() == saved


def test_an_old_position_is_not_offered_for_resuming():
    c = started()
    c.next()
    c.remember_position()
    position = c.profile.position
    fresh = coach(profile=Profile(position=position, history=[NOW]), now=NOW + 8 * 24 * 3600, new_session=True)
    assert "resume:offered" not in fresh.launch().tags
    recent = coach(profile=Profile(position=position, history=[NOW]), now=NOW + 3600, new_session=True)
    assert "resume:offered" in recent.launch().tags


def test_resuming_asks_this_sessions_safety_check_first():
    c = started()
    c.next()
    c.remember_position()
    later = coach(state=SessionState(), profile=Profile(position=c.profile.position, history=[NOW]),
                  now=NOW + 3600, new_session=True)
    assert "resume:offered" in later.launch().tags
    assert "ask:check" in later.yes().tags
    assert "ask:flare" in later.no().tags
    resumed = later.no()
    assert "step:ball_release:place_ball:left" in resumed.tags


def test_the_history_counts_this_week_only():
    week = 7 * 24 * 3600
    profile = Profile(history=[NOW - 2 * week, NOW - 3600, NOW - 60])
    reply = coach(profile=profile, new_session=True).launch()
    line = [p for p in reply.parts if p.key == "history.this_week"][0]
    assert line.data["count"] == 3  # two earlier this week, and this one


def test_holds_set_by_voice_are_clamped_and_kept_in_the_profile():
    c = started("gentle_compression")
    reply = c.set_hold(600)
    assert c.profile.prefs["hold"] == 90  # the span anyone can ask for
    clamped = [p for p in reply.parts if p.key == "hold.clamped"][0]
    assert clamped.data["seconds"] == 20 and clamped.data["max"] == 20


def test_a_second_pain_report_ends_the_routine():
    c = started()
    first = c.pain("ow", level="stop")
    assert "pain:stop" in first.tags and c.in_routine
    second = c.pain("it hurts again", level="stop")
    assert "pain:end" in second.tags and second.end_session and not c.in_routine


def test_in_gentle_mode_a_hold_request_says_what_will_really_happen():
    c = started()
    c.state.gentle = True
    reply = c.set_hold(60)
    line = [p for p in reply.parts if p.key == "hold.gentle_keeps_short"][0]
    assert line.data["seconds"] == 30 and "hold:30" in reply.tags
    assert c.profile.prefs["hold"] == 60  # kept for a day without a flare-up
    c.next(), c.next()
    hold = c.next()
    assert "timed:30" in hold.tags


def test_gentle_work_asked_for_is_remembered_a_few_days_but_a_flare_up_is_never_stored():
    day = 24 * 3600
    first = coach(state=SessionState(screened=True))
    assert "ask:flare" in first.start("ball_release").tags
    first.yes()  # a flare-up: gentle today, nothing kept about it
    assert first.state.gentle and "gentle_until" not in first.profile.prefs
    asked = coach(state=SessionState(screened=True))
    asked.gentle()  # "go gentle": a pressure preference
    soon = coach(state=SessionState(screened=True), profile=asked.profile, now=NOW + 2 * day)
    reply = soon.start("ball_release")
    assert soon.state.gentle and "ask:flare" not in reply.tags
    assert "gentle.remembered" in reply.keys
    later = coach(state=SessionState(screened=True), profile=asked.profile, now=NOW + 4 * day)
    assert "ask:flare" in later.start("ball_release").tags


def test_normal_pressure_ends_gentle_work_unless_there_is_a_flare_today():
    c = started("partner")
    c.gentle()
    assert c.profile.prefs.get("gentle_until")
    reply = c.normal_pressure()
    assert not c.state.gentle and "gentle.off" in reply.keys and "gentle_until" not in c.profile.prefs
    flared = coach(state=SessionState(screened=True))
    flared.start("gentle_compression")
    flared.yes()
    assert "gentle:kept" in flared.normal_pressure().tags and flared.state.gentle


def test_going_gentle_mid_routine_keeps_the_place_or_the_next_step_left():
    c = started("partner")
    c.next()  # the glute hold, which gentle work leaves out
    assert c._current().step.id == "glute_hold"
    c.gentle()
    assert (c._current().step.id, c._current().side) == ("strokes", "left")
