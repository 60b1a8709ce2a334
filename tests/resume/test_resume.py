"""Issue 6 end to end: two separate console processes, one user, one SQLite file."""
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COACH = [str(Path(sys.executable).parent / "coach")]
SCREEN_AND_QUESTIONS = ["no"] * 9  # seven screening questions, the flare-up, the warm-up


@pytest.fixture
def env(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k not in ("SKILL_ID", "SKILL_PERSISTENCE")}
    environ.update(HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"),
                   SQLITE_PATH=str(tmp_path / "coach.sqlite3"), PYTHONPATH=str(ROOT / "lambda"))
    return environ


def talk(env, lines, user="ann"):
    """One console process: the lines in, one JSON turn per line out."""
    done = subprocess.run(COACH + ["talk", "--json", "--user", user], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def stored(env):
    with sqlite3.connect(env["SQLITE_PATH"]) as db:
        return db.execute("select count(*) from user_attributes").fetchone()[0]


def test_a_second_process_resumes_where_the_first_stopped(env):
    first = talk(env, ["open release coach", "ball release", *SCREEN_AND_QUESTIONS, "next", "next", "stop"])
    assert "remember where we were" in first[-1]["speech"]
    second = talk(env, ["open release coach", "continue", "no", "no", "next"])
    welcome = second[0]["speech"]
    assert "Welcome back" in welcome and "left side of the ball release" in welcome
    assert "Say continue, or start over" in welcome
    # Nothing about the screen is stored: one combined question stands for it each session.
    assert "has anything new come up" in second[1]["speech"]
    assert "find a tender spot" in second[3]["speech"]  # the step we stopped on, not the start
    assert "Hold for forty five seconds" in second[4]["speech"]
    assert not any("trouble passing urine" in turn["speech"] for turn in second)


def test_start_over_instead_of_resuming(env):
    talk(env, ["open release coach", "foam roller", *SCREEN_AND_QUESTIONS, "next", "stop"])
    again = talk(env, ["open release coach", "start over", "no", "no"])
    assert "Starting over" in again[3]["speech"] and "left buttock" in again[3]["speech"]


def test_history_and_preferences_stick_across_processes(env):
    talk(env, ["open release coach", "ball release", *SCREEN_AND_QUESTIONS, "make the holds longer", "stop"])
    talk(env, ["open release coach", "stop"])
    third = talk(env, ["open release coach", "no", "what do you remember about me"])
    # Only a session in which a routine began counts: the second one only opened the skill.
    assert "second session this week" in third[0]["speech"]
    memory = third[-1]["speech"]
    assert "holds of a minute" in memory and "one session" in memory


def test_forget_me_deletes_the_record_and_the_next_launch_is_new(env):
    talk(env, ["open release coach", "gentle compression", *SCREEN_AND_QUESTIONS, "stop"])
    assert stored(env) == 1
    turns = talk(env, ["open release coach", "forget me", "yes"])
    assert "deleted everything" in turns[-1]["speech"] and turns[-1]["end_session"]
    assert stored(env) == 0
    fresh = talk(env, ["open release coach"])
    assert fresh[0]["speech"].startswith("Welcome to Release Coach")


def test_saying_no_to_forget_me_keeps_everything(env):
    talk(env, ["open release coach", "gentle compression", *SCREEN_AND_QUESTIONS, "stop"])
    turns = talk(env, ["open release coach", "no", "delete my data", "no"])
    assert "keep it" in turns[-1]["speech"]
    assert stored(env) == 1


def test_users_do_not_see_each_other(env):
    talk(env, ["open release coach", "ball release", *SCREEN_AND_QUESTIONS, "next", "stop"], user="ann")
    bob = talk(env, ["open release coach"], user="bob")
    assert bob[0]["speech"].startswith("Welcome to Release Coach")


def test_the_side_chosen_first_and_the_tool_are_remembered(env):
    talk(env, ["open release coach", "ball release", *SCREEN_AND_QUESTIONS, "next", "switch to the right side",
               "stop"])
    # A new session: the flare-up and warm-up questions, then the routine from the top.
    later = talk(env, ["open release coach", "no", "ball release", "no", "no", "no", "next",
                       "what do you remember about me"])
    assert "right buttock" in later[6]["speech"]  # the ball goes under the right side first now
    memory = later[-1]["speech"]
    assert "start on the right side" in memory and "tennis ball" in memory
    quick = talk(env, ["open release coach", "something quick"])
    assert "the ball release at its shortest" in quick[-1]["speech"]
