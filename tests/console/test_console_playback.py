"""Hearing responses: text as heard, holds waited (scaled by --speed), countdown, Ctrl-C = pause."""
import io
import shutil
import time

import pytest
from rich.console import Console

from console_helpers import ScriptedSkill, ask
from release_coach.console import playback
from release_coach.console.conversation import Conversation
from release_coach.console.envelope import Identity
from release_coach.console.playback import ESPEAK_MISSING, EspeakVoice, Player, stretches
from release_coach.console.screen import Screen

HOLD = '<speak>Press in. <break time="10s"/><break time="10s"/><break time="5s"/> Ease off.</speak>'


def terminal(width=100) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=width, color_system=None), out


def test_consecutive_breaks_are_one_hold():
    assert [(s.kind, s.text, round(s.seconds, 2)) for s in stretches(HOLD)] == [
        ("speech", "Press in.", round(2 * 60 / 155, 2)), ("break", "", 25.0), ("speech", "Ease off.", round(2 * 60 / 155, 2))]


def test_speed_scales_real_time_and_shows_a_countdown():
    console, out = terminal()
    started = time.monotonic()
    Player(console, speed=100).play(HOLD)
    elapsed = time.monotonic() - started
    expected = (25 + 4 * 60 / 155) / 100
    assert expected * 0.9 <= elapsed < expected + 2.0
    text = out.getvalue()
    assert "Press in." in text and "Ease off." in text and "<break" not in text
    assert "quiet for 25 s" in text
    assert "s left" in text  # the live countdown was drawn


def test_fast_does_not_wait(monkeypatch):
    monkeypatch.setattr(playback.time, "sleep", lambda seconds: pytest.fail("--fast must not sleep"))
    console, out = terminal()
    Player(console, speed=None).play(HOLD)
    assert "quiet for 25 s" in out.getvalue()


def test_ctrl_c_during_a_hold_sends_pause(tiny_matcher, monkeypatch):
    skill = ScriptedSkill([ask(HOLD[len("<speak>"):-len("</speak>")]), ask("Paused. Say resume when ready.")])
    talk = Conversation(tiny_matcher, skill, Identity("amzn1.ask.skill.test", "alice"), "en-US")
    console, out = terminal()
    screen = Screen(console, Player(console, speed=1.0))
    presses = iter([KeyboardInterrupt])

    def sleep(seconds):
        error = next(presses, None)
        if error:
            raise error()

    monkeypatch.setattr(playback.time, "sleep", sleep)
    screen.respond(talk, "open release coach")
    assert [e["request"].get("intent", {}).get("name") for e in skill.sent] == [None, "AMAZON.PauseIntent"]
    assert "Paused. Say resume when ready." in out.getvalue()


def test_voice_command_uses_ssml_mode_and_the_timeline_rate():
    voice = EspeakVoice("/usr/bin/espeak-ng", speed=2.0)
    command = voice.command("Hold & breathe")
    assert command[:2] == ["/usr/bin/espeak-ng", "-m"]
    assert command[-1] == "<speak>Hold &amp; breathe</speak>"
    assert command[command.index("-s") + 1] == "310"


def test_voice_is_none_without_espeak_on_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert EspeakVoice.find() is None
    assert "apt-get install espeak-ng" in ESPEAK_MISSING


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_real_espeak_ng_accepts_the_ssml_we_send(tmp_path):
    wav = tmp_path / "said.wav"
    voice = EspeakVoice(shutil.which("espeak-ng"), extra_args=("-w", str(wav)))
    assert voice.say("Roll slowly <over> the ball & breathe."), voice.failure
    assert wav.stat().st_size > 1000
