"""The real app under gunicorn on 127.0.0.1, and `serve`'s refusals to start."""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from release_coach.web.local_ca import LOCAL_CA_DIR_ENV
from release_coach.web.serve import add_serve_parser, bind_address, is_loopback, run_serve
from web_helpers import SKILL_ID, assert_valid_alexa_response, body_of, envelope

COACH = str(Path(sys.executable).parent / "coach")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SKILL_ID", LOCAL_CA_DIR_ENV, "SKILL_PERSISTENCE")}
    env.update(extra)
    return env


class _Server:
    def __init__(self, command: list[str], env: dict[str, str], port: int, log_path: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(command, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited {self.process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"server not ready after {timeout} s:\n{self.output()}")

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + "/", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=5) as response:
            return json.loads(response.read())

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@pytest.fixture
def start_server(tmp_path):
    servers = []

    def start(command: list[str], env: dict[str, str], port: int) -> _Server:
        server = _Server(command, env, port, tmp_path / f"server-{len(servers)}.log")
        servers.append(server)
        server.wait_ready()
        return server

    yield start
    for server in servers:
        server.stop()


def test_gunicorn_serves_verified_requests(start_server, tmp_path, local_ca):
    local_ca.save(tmp_path / "ca")
    port = _free_port()
    server = start_server(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "release_coach.web.local_ca:create_local_ca_app()"],
        _base_env(SKILL_ID=SKILL_ID, **{LOCAL_CA_DIR_ENV: str(tmp_path / "ca")}),
        port,
    )
    health = server.get_json("/healthz")
    assert health["status"] == "ok" and health["verification"] == "on"

    body = body_of(envelope("LaunchRequest"))
    status, answer = server.post(body, local_ca.signed_headers(body))
    assert status == 200
    assert "outputSpeech" in assert_valid_alexa_response(answer)["response"]

    status, refusal = server.post(body, {"Content-Type": "application/json"})
    assert status == 400
    assert b"missing SignatureCertChainUrl" in refusal
    assert "alexa request refused: missing SignatureCertChainUrl header" in server.output()


def test_coach_serve_in_production_refuses_unsigned_requests(start_server):
    port = _free_port()
    server = start_server(
        [COACH, "serve", "--port", str(port), "--workers", "1"],
        _base_env(SKILL_ID=SKILL_ID),
        port,
    )
    assert server.get_json("/healthz")["verification"] == "on"
    body = body_of(envelope("LaunchRequest"))
    status, refusal = server.post(body, {"Content-Type": "application/json"})
    assert status == 400 and b"verification failed" in refusal


def test_coach_serve_dev_answers_unsigned_requests_and_says_so(start_server):
    port = _free_port()
    server = start_server(
        [COACH, "serve", "--dev", "--port", str(port), "--workers", "1"],
        _base_env(),
        port,
    )
    assert server.get_json("/healthz")["verification"] == "off"
    status, answer = server.post(body_of(envelope("LaunchRequest")), {"Content-Type": "application/json"})
    assert status == 200
    assert_valid_alexa_response(answer)
    assert "DEV MODE: Alexa request signature and timestamp verification are OFF" in server.output()


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="coach")
    add_serve_parser(parser.add_subparsers())
    return parser.parse_args(argv)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.com", "::"])
def test_serve_dev_refuses_a_non_loopback_host(monkeypatch, capsys, host):
    monkeypatch.delenv("SKILL_ID", raising=False)
    assert run_serve(_parse(["serve", "--dev", "--host", host])) == 2
    assert "only binds a loopback address" in capsys.readouterr().err


def test_serve_refuses_a_bad_log_level(monkeypatch, capsys):
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    assert run_serve(_parse(["serve"])) == 2
    assert "LOG_LEVEL" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["serve", "--port", "0"], ["serve", "--port", "http"], ["serve", "--workers", "0"]])
def test_serve_flags_are_checked(argv):
    result = subprocess.run([COACH, *argv], capture_output=True, text=True, env=_base_env(SKILL_ID=SKILL_ID))
    assert result.returncode == 2
    assert "coach serve: error:" in result.stderr and "Traceback" not in result.stderr


def test_coach_serve_without_skill_id_says_why():
    result = subprocess.run([COACH, "serve"], capture_output=True, text=True, env=_base_env())
    assert result.returncode == 2
    assert "SKILL_ID is not set" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "host, loopback", [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True),
                       ("localhost", True), ("0.0.0.0", False), ("10.0.0.1", False), ("host.local", False)],
)
def test_loopback_detection(host, loopback):
    assert is_loopback(host) is loopback


def test_ipv6_bind_address_is_bracketed():
    assert bind_address("::1", 8080) == "[::1]:8080"
    assert bind_address("127.0.0.1", 8080) == "127.0.0.1:8080"


def test_production_app_ignores_the_local_ca_variable(monkeypatch, tmp_path, local_ca, settings, skill):
    """The local CA reaches an app only through create_local_ca_app; production fetches over HTTPS
    and trusts public roots even when the variable is set."""
    from release_coach.web import verifier as verifier_module
    from release_coach.web.app import create_app

    local_ca.save(tmp_path / "ca")
    monkeypatch.setenv(LOCAL_CA_DIR_ENV, str(tmp_path / "ca"))
    fetched = []

    def fake_fetch(url):
        fetched.append(url)
        return local_ca.chain_pem()

    monkeypatch.setattr(verifier_module, "fetch_chain_over_https", fake_fetch)
    client = create_app(settings, skill=skill).test_client()
    body = body_of(envelope("LaunchRequest"))
    response = client.post("/", data=body, headers=local_ca.signed_headers(body))
    assert fetched == ["https://s3.amazonaws.com/echo.api/echo-api-cert-local.pem"]
    assert response.status_code == 400
    assert response.get_json()["error"] == "request verification failed: certificate chain not trusted"
