"""`coach talk --screen`: the console becomes a hub, prints what the screen shows and its
countdown as the speech plays; with --json every turn carries the directives and the card."""
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from release_coach.console import envelope as env
from release_coach.console.playback import Player
from release_coach.console.screen import DeviceScreen, Screen

from screen_helpers import start, talk

COACH = Path(sys.executable).parent / "coach"
FIRST_STEPS = "open release coach\nball release\n" + "no\n" * 9 + "next\nnext\nnext\n"


def test_only_a_screen_device_declares_apl_and_a_hub_viewport():
    request = env.launch_request("en-US")
    hub = env.envelope(request, env.Session(), env.Identity("amzn1.ask.skill.x", "u", screen=True))
    speaker = env.envelope(request, env.Session(), env.Identity("amzn1.ask.skill.x", "u"))
    assert "Alexa.Presentation.APL" in hub["context"]["System"]["device"]["supportedInterfaces"]
    assert hub["context"]["Viewport"]["mode"] == "HUB" and hub["context"]["Viewport"]["shape"] == "RECTANGLE"
    assert speaker["context"]["System"]["device"]["supportedInterfaces"] == {}
    assert "Viewport" not in speaker["context"]


def played(matcher, lambda_handler, *lines: str) -> str:
    conversation, recorder = talk(matcher, lambda_handler, screen=True, user="console-screen")
    start(conversation, recorder, "ball release")
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    screen = Screen(console, Player(console, speed=None))
    for line in lines:
        screen.show_turn(conversation.hear(line))
    return out.getvalue()


def test_the_console_prints_the_screen_and_its_countdown_on_the_speech_clock(matcher, lambda_handler):
    text = played(matcher, lambda_handler, "next", "next", "next")
    assert "screen: Ball release | Step 4 of 11 | Left side | Settle onto the spot and hold" in text
    lines = text.splitlines()
    # Each countdown word is heard while the screen shows that number.
    for word, shown in (("thirty seconds left", "Hold 0:30"), ("ten seconds", "Hold 0:10"), ("five", "Hold 0:05"),
                        ("one", "Hold 0:01")):
        said = lines.index(f"coach: {word}")
        assert lines[said - 1].endswith(shown), (word, lines[said - 1])
    release = next(i for i, line in enumerate(lines) if line.startswith("coach: And release."))
    assert lines[release - 1].endswith("Release 0:00")


def test_a_turn_without_a_document_shows_no_screen():
    turn = type("T", (), {"directives": []})()
    assert DeviceScreen.of(turn) is None


def run(args, stdin, tmp_path):
    env_vars = {"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
                "SQLITE_PATH": str(tmp_path / "coach.sqlite3"), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([str(COACH), "talk", *args], input=stdin, capture_output=True, text=True,
                            env=env_vars, timeout=60)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.skipif(not COACH.exists(), reason="coach is not installed; run make install")
def test_json_turns_carry_the_directives_and_the_card(tmp_path):
    turns = run(["--json", "--screen", "--user", "json-screen"], FIRST_STEPS + "stop\n", tmp_path)
    assert all("directives" in turn and "card" in turn for turn in turns)
    answered = [turn for turn in turns if turn["request"]]
    assert answered and all(len(turn["directives"]) == 1 for turn in answered)
    hold = turns[-2]["directives"][0]
    assert hold["type"] == "Alexa.Presentation.APL.RenderDocument"
    (panel,) = hold["datasources"]["coach"]["panels"]
    assert panel["kind"] == "hold" and panel["seconds"] == 45 and panel["startMs"] > 0


def test_a_voice_only_console_turn_says_it_got_no_directives(matcher, lambda_handler):
    conversation, _ = talk(matcher, lambda_handler, screen=False, user="json-voice")
    turn = conversation.hear("open release coach").as_json()
    assert turn["directives"] == [] and turn["card"] is None
