"""`coach` driven as a subprocess, the way a script or a person uses it."""
from __future__ import annotations

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from console_helpers import COACH

pytestmark = pytest.mark.skipif(not COACH.exists(), reason=f"{COACH} is missing; run make install")


def coach(args, env, stdin="", timeout=90):
    return subprocess.run([str(COACH), *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout)


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def assert_one_line_error(result, *words, code=2):
    assert result.returncode == code, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_json_mode_answers_each_line_before_the_next_is_read(coach_env):
    """A program holding a conversation: write a line, read exactly one JSON line, decide, repeat."""
    process = subprocess.Popen([str(COACH), "talk", "--json", "--user", "scripted"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=coach_env)
    try:
        def say(line: str) -> dict:
            process.stdin.write(line + "\n")
            process.stdin.flush()
            return json.loads(process.stdout.readline())

        launched = say("open release coach")
        assert launched["request"] == {"type": "LaunchRequest", "intent": None, "slots": {}}
        assert launched["speech"] and "<" not in launched["speech"]
        assert launched["ssml"].startswith("<speak>")
        assert launched["end_session"] is False and launched["reprompt"]
        assert launched["seconds"] > 1
        picked = say("um, start the foam roller please")
        assert picked["request"]["intent"] == "StartRoutineIntent"
        assert picked["request"]["slots"]["routine"]["resolved"] == "foam roller"
        assert picked["request"]["slots"]["routine"]["status"] == "ER_SUCCESS_MATCH"
        stopped = say("stop")
        assert stopped["request"]["intent"] == "AMAZON.StopIntent"
        assert stopped["end_session"] is True
        after = say("yes")
        assert after["request"] is None and "no session is open" in after["note"]
        process.stdin.close()
        assert process.wait(timeout=30) == 0
        assert process.stdout.read() == ""
    finally:
        process.kill()
        process.wait()


def test_session_state_is_kept_in_the_sqlite_file(coach_env, tmp_path):
    db = tmp_path / "state" / "mine.sqlite3"
    for _ in range(2):
        result = coach(["talk", "--json", "--db", str(db), "--user", "sam"], coach_env, "open release coach\n")
        assert result.returncode == 0, result.stderr
    assert db.exists() and db.stat().st_size > 0
    assert not (tmp_path / "home" / ".local").exists()


def test_default_database_is_under_xdg_state_home(coach_env, tmp_path):
    env = {**coach_env}
    del env["SQLITE_PATH"]
    result = coach(["--json"], env, "open release coach\n")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "state" / "release-coach" / "release-coach.sqlite3").exists()


def test_silence_reprompts_then_ends_the_session(coach_env):
    turns = json_lines(coach(["talk", "--json"], coach_env, "open release coach\n\n\n").stdout)
    assert len(turns) == 3
    assert turns[1]["request"] is None and turns[1]["speech"] == turns[0]["reprompt"]
    assert turns[2]["request"]["type"] == "SessionEndedRequest"
    assert turns[2]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert turns[2]["end_session"] is True


def test_awkward_lines_each_get_one_object_and_a_note(coach_env):
    long_line = "start the foam roller " + "x" * 10_000
    # Not a question: "what is the capital of peru" now reaches AskQuestionIntent, and the skill
    # honestly says it can't answer that (issue 4); nonsense still falls back.
    lines = ["open release coach", long_line, "café crème ☕", "🙂", "purple elephants dancing on the moon"]
    result = coach(["talk", "--json"], coach_env, "\n".join(lines) + "\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    turns = json_lines(result.stdout)
    assert len(turns) == len(lines)
    assert "only the first 300" in turns[1]["note"] and len(turns[1]["you"]) == 300
    assert turns[2]["request"]["intent"] == "AMAZON.FallbackIntent"
    assert "no words" in turns[3]["note"]
    assert turns[4]["request"]["intent"] == "AMAZON.FallbackIntent"


def test_transcript_mode_prints_what_was_heard(coach_env):
    result = coach(["talk", "--fast"], coach_env, "open release coach\nstop\nhello\n")
    assert result.returncode == 0, result.stderr
    assert "you: open release coach" in result.stdout
    assert "coach: " in result.stdout and "<speak>" not in result.stdout
    assert "-> IntentRequest AMAZON.StopIntent" in result.stdout
    assert "(session ended)" in result.stdout
    assert "no session is open" in result.stdout


def test_replay_file_runs_and_prints_a_transcript(coach_env, tmp_path):
    replay = tmp_path / "dialog.json"
    replay.write_text(json.dumps({"skillId": "amzn1.ask.skill.recorded", "locale": "en-US", "type": "text",
                                  "userInput": ["open release coach", "start the foam roller", "stop"]}))
    result = coach(["replay", str(replay)], coach_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("you: ") == 3
    assert "StartRoutineIntent" in result.stdout
    as_json = json_lines(coach(["replay", str(replay), "--json"], coach_env).stdout)
    assert [turn["request"]["type"] for turn in as_json] == ["LaunchRequest", "IntentRequest", "IntentRequest"]
    assert as_json[-1]["end_session"] is True


@pytest.mark.parametrize(
    "content, words",
    [
        (None, ["replay file not found"]),
        ("{not json", ["not valid JSON", "line 1"]),
        ("[1, 2]", ["JSON object"]),
        ('{"locale": "en-US", "type": "text"}', ["userInput"]),
        ('{"locale": "en-US", "type": "voice", "userInput": []}', ['"type"']),
        ('{"type": "text", "userInput": ["hi"]}', ["locale"]),
        ('{"locale": "xx-XX", "type": "text", "userInput": ["hi"]}', ["unknown locale 'xx-XX'", "en-US"]),
    ],
)
def test_bad_replay_files_get_one_line_errors(coach_env, tmp_path, content, words):
    path = tmp_path / "dialog.json"
    if content is not None:
        path.write_text(content)
    assert_one_line_error(coach(["replay", str(path)], coach_env), *words)


@pytest.mark.parametrize(
    "args, words",
    [
        (["talk", "--bogus"], ["unrecognized arguments: --bogus"]),
        (["--speed", "fast"], ["--speed", "not a number"]),
        (["talk", "--speed", "0"], ["--speed", "above 0"]),
        (["dance"], ["invalid choice: 'dance'"]),
        (["talk", "--locale", "xx-XX"], ["unknown locale 'xx-XX'", "en-US"]),
        (["talk", "--url", "ftp://example"], ["--url must start with http"]),
        (["replay"], ["file"]),
    ],
)
def test_bad_flags_get_one_line_errors(coach_env, args, words):
    assert_one_line_error(coach(args, coach_env, "open release coach\n"), *words)


def test_an_unreachable_url_is_one_line_per_turn_and_a_failure_exit(coach_env):
    result = coach(["talk", "--json", "--url", "http://127.0.0.1:9/"], coach_env, "open release coach\n")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [turn] = json_lines(result.stdout)
    assert "cannot reach http://127.0.0.1:9/" in turn["error"]


def test_url_mode_posts_envelopes_to_a_web_endpoint(coach_env):
    from release_coach.settings import Settings
    from release_coach.skill import create_skill, handle_event

    skill = create_skill(Settings(persistence="memory"))
    received = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            envelope = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append(envelope)
            body = json.dumps(handle_event(skill, envelope)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        result = coach(["talk", "--json", "--url", url], coach_env, "open release coach\nstart the foam roller\n")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    turns = json_lines(result.stdout)
    assert turns[0]["speech"] and turns[1]["request"]["intent"] == "StartRoutineIntent"
    assert [e["request"]["type"] for e in received] == ["LaunchRequest", "IntentRequest", "SessionEndedRequest"]
    assert received[1]["session"]["sessionId"] == received[0]["session"]["sessionId"]


def test_voice_without_espeak_says_how_to_install_it(coach_env, tmp_path):
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir()
    result = coach(["talk", "--voice", "--fast"], {**coach_env, "PATH": str(empty_bin)}, "open release coach\n")
    assert result.returncode == 0
    assert result.stderr.strip().splitlines() == [
        "espeak-ng is not installed, so --voice only prints; install it with: sudo apt-get install espeak-ng"]
    assert "coach: " in result.stdout


def test_voice_calls_espeak_in_ssml_mode_when_it_is_on_path(coach_env, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "espeak.log"
    fake = bin_dir / "espeak-ng"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{log}"\n')
    fake.chmod(0o755)
    env = {**coach_env, "PATH": f"{bin_dir}{os.pathsep}{coach_env['PATH']}"}
    result = coach(["talk", "--voice", "--fast"], env, "open release coach\n")
    assert result.returncode == 0 and "not installed" not in result.stderr
    called = log.read_text().splitlines()
    assert "-m" in called
    assert any(line.startswith("<speak>") and line.endswith("</speak>") for line in called)


def test_serve_is_registered_and_talk_never_loads_flask(coach_env):
    help_text = coach(["serve", "--help"], coach_env)
    assert help_text.returncode == 0 and "--port" in help_text.stdout
    probe = subprocess.run(
        [str(COACH.parent / "python"), "-c",
         "import sys; from release_coach.console import cli; cli.build_parser(with_serve=False); "
         "print('flask' in sys.modules)"],
        capture_output=True, text=True, env=coach_env, timeout=60)
    assert probe.stdout.strip() == "False", probe.stderr
