"""Every timed step of every routine, at every setting a person can choose, lasts what it says."""
import xml.etree.ElementTree as ET

import pytest

from release_coach.domain import routines as R
from release_coach.domain.coach import Coach, Context, Profile, SessionState
from release_coach.domain.preferences import HOLD_REQUEST_RANGE, PACE_RANGE, PACE_STEP
from release_coach.speech.numbers import duration_words
from release_coach.speech.render import to_ssml
from release_coach.speech.timeline import MAX_BREAK_SECONDS, timeline

CAT = R.catalog()
ALL = [rid for rid in CAT.routines]


def measured_seconds(ssml: str, step: R.Step) -> float:
    events = timeline(ssml)
    starts = [e for e in events if e.kind == "speech" and e.text.endswith(step.start)]
    ends = [e for e in events if e.kind == "speech" and e.text.startswith(step.end)]
    assert starts and ends, f"{step.id}: start or end line not found in {ssml[:200]}"
    return ends[0].start - starts[0].end


def step_reply(routine_id: str, pos: int, *, hold=None, gentle=False, scale=None, first_side="left"):
    state = SessionState(routines=[routine_id], pos=pos, gentle=gentle, scale=scale, first_side=first_side,
                         screened=True, flare_asked=True, warmup_offered=True)
    profile = Profile(prefs={"hold": hold} if hold is not None else {})
    coach = Coach(state, profile, Context(now=1_700_000_000.0))
    return coach, coach.step_reply([])


def settings_for(step: R.Step):
    """(hold preference, gentle, scale) combinations that reach every length the step can take."""
    lo, hi = HOLD_REQUEST_RANGE
    combos = [(None, False, None), (None, True, None)]
    if step.kind == "hold":
        combos += [(h, False, None) for h in range(lo, hi + 1)]
    combos += [(None, False, i / 20) for i in range(21)]
    return combos


TIMED = [(rid, pos) for rid in ALL for pos, ps in enumerate(R.build_plan(CAT, [rid])) if ps.step.is_timed]


def test_every_routine_has_timed_steps_and_the_source_ranges():
    by_id = {rid: [CAT.routines[rid].steps] for rid in ALL}
    assert by_id
    ball = {s.id: s.timing for s in CAT.routines["ball_release"].steps if s.timing}
    assert ball["hold_glute"] == R.Timing(45, 30, 60)
    assert CAT.routines["foam_roller"].steps[-1].timing == R.Timing(90, 60, 180)
    partner_holds = [s.timing for s in CAT.routines["partner"].steps if s.kind == "hold"]
    assert partner_holds and all((t.min, t.max) == (30, 90) for t in partner_holds)


@pytest.mark.parametrize("rid", ["ball_release", "foam_roller"])
@pytest.mark.parametrize("scale", [0.0, 0.5, 1.0])
def test_per_side_time_stays_inside_the_source_range(rid, scale):
    lo, hi = {"ball_release": (120, 300), "foam_roller": (60, 180)}[rid]
    plan = R.build_plan(CAT, [rid])
    for side in R.SIDES:
        timed = sum(R.step_seconds(ps.step, hold_preference=None, gentle=False, scale=scale)
                    for ps in plan if ps.side == side and ps.step.is_timed)
        assert lo <= timed <= hi


@pytest.mark.parametrize("rid,pos", TIMED)
def test_timed_step_lasts_what_it_says_at_every_setting(rid, pos):
    seen = set()
    for hold, gentle, scale in settings_for(R.build_plan(CAT, [rid], gentle=False)[pos].step):
        plan = R.build_plan(CAT, [rid], gentle=gentle)
        if pos >= len(plan) or not plan[pos].step.is_timed:
            continue
        coach, reply = step_reply(rid, pos, hold=hold, gentle=gentle, scale=scale)
        step = plan[pos].step
        seconds = coach.state.timed_seconds
        seen.add(seconds)
        assert step.timing.min <= seconds <= step.timing.max
        ssml = to_ssml(reply.parts)
        assert duration_words(seconds) in ssml, "the step must say how long it lasts"
        assert measured_seconds(ssml, step) == pytest.approx(seconds, abs=1.5)
        assert len(ssml) <= 8000
        ET.fromstring(ssml)
        assert all(e.seconds <= MAX_BREAK_SECONDS for e in timeline(ssml) if e.kind == "break")
    step = R.build_plan(CAT, [rid])[pos].step
    assert step.timing.min in seen and step.timing.max in seen


@pytest.mark.parametrize("first", R.SIDES)
def test_sides_come_in_the_chosen_order_and_each_once(first):
    plan = R.build_plan(CAT, ["ball_release"], first_side=first)
    sides = [ps.side for ps in plan if ps.side]
    assert sides[0] == first and sides[-1] == R.other_side(first)
    assert sides.count("left") == sides.count("right")
    # once the second side has begun, the first never comes back
    switch = sides.index(R.other_side(first))
    assert set(sides[switch:]) == {R.other_side(first)}


def test_gentle_plans_drop_deep_holds_and_use_the_shortest_times():
    plan = R.build_plan(CAT, ["partner"], gentle=True)
    assert not [ps for ps in plan if ps.step.skip_when_gentle]
    assert all(R.step_seconds(ps.step, hold_preference=90, gentle=True, scale=1.0) == ps.step.timing.min
               for ps in plan if ps.step.is_timed)


@pytest.mark.parametrize("budget", [300, 600, 900, 1200])
def test_a_session_fits_the_time_asked_for(budget):
    fit = R.fit_session(CAT, budget, gentle=False)
    assert fit.outcome == "fits"
    assert budget * 0.75 <= fit.estimate <= budget


@pytest.mark.parametrize("budget", [0, 60])
def test_a_budget_too_short_says_so(budget):
    fit = R.fit_session(CAT, budget, gentle=False)
    assert fit.outcome == "too_short" and fit.estimate > budget


def test_a_huge_budget_is_capped():
    fit = R.fit_session(CAT, 36000, gentle=False)
    assert fit.outcome == "capped" and fit.estimate < 3600


def test_gentle_sessions_leave_out_the_roller():
    for budget in (300, 600, 900):
        assert "foam_roller" not in R.fit_session(CAT, budget, gentle=True).routines


def test_no_step_line_is_longer_than_a_breath():
    for routine in CAT.routines.values():
        for step in routine.steps:
            for line in step.say + step.gentle_say:
                for sentence in line.replace("?", ".").split(". "):
                    assert len(sentence.split()) <= 26, sentence


@pytest.mark.parametrize("rid,pos", TIMED)
def test_timed_steps_last_what_they_say_at_every_speaking_pace(rid, pos):
    for rate in range(PACE_RANGE[0], PACE_RANGE[1] + 1, PACE_STEP):
        state = SessionState(routines=[rid], pos=pos, screened=True, flare_asked=True, warmup_offered=True)
        coach = Coach(state, Profile(prefs={"pace": rate}), Context(now=1_700_000_000.0))
        reply = coach.step_reply([])
        ssml = to_ssml(reply.parts, "en", coach.speaking_rate)
        step = R.build_plan(CAT, [rid])[pos].step
        assert measured_seconds(ssml, step) == pytest.approx(coach.state.timed_seconds, abs=1.5)
