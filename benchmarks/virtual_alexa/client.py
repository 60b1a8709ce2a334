"""The plumbing of benchmarks/virtual_alexa_bench.py: npm, `coach serve --dev`, the Node driver.

A VirtualAlexaConversation stands where the console's Conversation stands for the conversation
harness (tests/conversations/harness.py), so the harness's setups and its judgement of each reply
are used unchanged; only the hearing (virtual-alexa's matcher and request builder) and the
transport (HTTP to the dev server) differ.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

DRIVER_DIR = Path(__file__).resolve().parent
ROOT = DRIVER_DIR.parents[1]
MODEL = ROOT / "interactionModels" / "custom" / "en-US.json"
COACH = Path(sys.executable).with_name("coach")
sys.path.insert(0, str(ROOT / "tests" / "conversations"))

import harness  # noqa: E402
from release_coach.console import envelope as env  # noqa: E402
from release_coach.console.conversation import Turn, _speech_ssml  # noqa: E402


class Unavailable(Exception):
    """Something this benchmark needs (npm, node, the server) is missing: one line says what."""


def ensure_virtual_alexa() -> None:
    if (DRIVER_DIR / "node_modules" / "virtual-alexa").is_dir():
        return
    if not shutil.which("npm") or not shutil.which("node"):
        raise Unavailable("npm and node are needed to install virtual-alexa (e.g. apt-get install nodejs npm)")
    print("installing virtual-alexa with npm in benchmarks/virtual_alexa ...", flush=True)
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=DRIVER_DIR,
                          capture_output=True, text=True)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise Unavailable(f"npm install in benchmarks/virtual_alexa failed: {last}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dev_server():
    """`coach serve --dev` on a free loopback port, its own SQLite file; yields the skill URL."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="va-bench-") as folder:
        environ = {k: v for k, v in os.environ.items() if k not in ("SKILL_PERSISTENCE", "DYNAMODB_TABLE")}
        environ.update(SQLITE_PATH=str(Path(folder) / "coach.sqlite3"), LOG_LEVEL="WARNING")
        log = open(Path(folder) / "serve.log", "w")
        server = subprocess.Popen([str(COACH), "serve", "--dev", "--port", str(port), "--workers", "1"],
                                  env=environ, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(port, server)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()


def _wait_healthy(port: int, server: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Unavailable(f"coach serve --dev exited with status {server.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        time.sleep(0.2)
    raise Unavailable(f"coach serve --dev did not answer /healthz on port {port} within {seconds:.0f} s")


class Driver:
    """benchmarks/virtual_alexa/driver.js: one JSON command per line in, one answer per line out."""

    def __init__(self, url: str):
        environ = dict(os.environ, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE="1")
        self.process = subprocess.Popen(["node", str(DRIVER_DIR / "driver.js"), url, str(MODEL)], cwd=DRIVER_DIR,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environ)
        self.errors: list[str] = []

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise Unavailable("the virtual-alexa driver (node) stopped")
        answer = json.loads(line)
        if answer["kind"] == "error":
            self.errors.append(f"{command}: {answer['error']}")
        return answer

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


class VirtualAlexaConversation:
    """What harness.Player talks to: as the console's Conversation, with virtual-alexa hearing.

    Silence is the device's (the reprompt once, then EXCEEDED_MAX_REPROMPTS); every turn's
    request kind is kept in `kinds`, one per Player.say, so fallbacks can be found afterwards.
    """

    def __init__(self, driver: Driver, transport: "LastReply"):
        self.driver = driver
        self.transport = transport
        self.session: object | None = None
        self.last_reprompt_ssml = ""
        self.silences = 0
        self.kinds: list[str] = []
        driver.ask(op="new")

    def hear(self, line: str) -> Turn:
        if not line.strip():
            return self.silence()
        answer = self.driver.ask(op="hear", text=line, timestamp=env.now_timestamp())
        self.kinds.append(answer["kind"])
        return self._turn(line, answer)

    def silence(self) -> Turn:
        self.kinds.append("silence")
        if self.session is None:
            return Turn(you="", notes=["silence with no session open"])
        self.silences += 1
        if self.silences == 1 and self.last_reprompt_ssml:
            return Turn(you="", ssml=self.last_reprompt_ssml, reprompt_ssml=self.last_reprompt_ssml,
                        end_session=False)
        self.driver.ask(op="end", reason="EXCEEDED_MAX_REPROMPTS", timestamp=env.now_timestamp())
        self.session = None
        return Turn(you="", request={"type": "SessionEndedRequest"})

    def _turn(self, line: str, answer: dict) -> Turn:
        if answer["kind"] == "no_session":
            return Turn(you=line, notes=["no session is open"])
        response = answer.get("response") or {}
        self.transport.last = response
        body = response.get("response") if isinstance(response.get("response"), dict) else {}
        reprompt = (body.get("reprompt") or {}).get("outputSpeech")
        turn = Turn(you=line, request=answer.get("request") or {"type": "error"},
                    ssml=_speech_ssml(body.get("outputSpeech")), reprompt_ssml=_speech_ssml(reprompt),
                    end_session=body.get("shouldEndSession") is not False)
        self.session = None if turn.end_session else object()
        self.last_reprompt_ssml = "" if turn.end_session else turn.reprompt_ssml
        self.silences = 0
        return turn


class LastReply:
    last: dict | None = None


@contextlib.contextmanager
def virtual_alexa_players(driver: Driver):
    """For the time being, harness.new_player hands out players that virtual-alexa hears, and each
    setup notes how many of the player's turns were its own (the rest are the scenario's)."""
    players: list[harness.Player] = []
    original_player, original_setups = harness.new_player, dict(harness.SETUPS)

    def new_player(user: str) -> harness.Player:
        transport = LastReply()
        player = harness.Player(VirtualAlexaConversation(driver, transport), transport)
        player.setup_turns = 0
        players.append(player)
        return player

    def counted(setup):
        def run(player: harness.Player):
            said = setup(player)
            player.setup_turns = len(player.history)
            return said
        return run

    harness.new_player = new_player
    harness.SETUPS.update({name: counted(setup) for name, setup in original_setups.items()})
    try:
        yield players
    finally:
        harness.new_player = original_player
        harness.SETUPS.update(original_setups)
