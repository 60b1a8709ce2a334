"""The real app under the deployed gunicorn settings on 127.0.0.1: slow, idle and never-closing
clients cannot hold it, gunicorn's own errors are JSON, chunked bodies are capped, an unsigned
flood of made-up chain URLs against a slow "S3" costs legit requests nothing, and `coach serve`
remembers people in SQLite and refuses a blank SKILL_ID.

Counts and times are bounded: each attack runs a few seconds with at most a few dozen sockets.
"""
from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from release_coach.web.loopback_attacks import FakeChainOrigin, SlowClients, UnsignedFlood, legit_requests, post
from release_coach.web.local_ca import CHAIN_URL, LOCAL_CA_DIR_ENV, LOCAL_CHAIN_ORIGIN_ENV
from release_coach.web.serve import serve_settings
from release_coach.web.worker import READ_TIMEOUT_REASON
from test_web_serve import COACH, _base_env, _free_port, _Server
from web_helpers import SKILL_ID, assert_valid_alexa_response, body_of, envelope

HOST = "127.0.0.1"


def _gunicorn(tmp_path, local_ca, name: str, **env) -> _Server:
    local_ca.save(tmp_path / "ca")
    port = _free_port()
    server = _Server(
        [sys.executable, "-m", "gunicorn", "-c", "python:release_coach.web.gunicorn_config",
         "--workers", "1", "--bind", f"{HOST}:{port}", "release_coach.web.local_ca:create_local_ca_app()"],
        _base_env(SKILL_ID=SKILL_ID, SQLITE_PATH=str(tmp_path / f"{name}.sqlite3"),
                  **{LOCAL_CA_DIR_ENV: str(tmp_path / "ca")}, **env),
        port, tmp_path / f"{name}.log",
    )
    server.wait_ready()
    server.port = port
    return server


@pytest.fixture(scope="module")
def server(tmp_path_factory, local_ca):
    running = _gunicorn(tmp_path_factory.mktemp("hardening"), local_ca, "server")
    yield running
    running.stop()


def _raw_exchange(port: int, data: bytes, *, wait: float = 5.0) -> bytes:
    with socket.create_connection((HOST, port), timeout=wait) as connection:
        connection.sendall(data)
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return received


def _status_and_json(answer: bytes) -> tuple[int, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower(), answer[:300]
    return int(head.split(b" ", 2)[1]), json.loads(body)


def test_slow_idle_and_never_closing_clients_do_not_delay_legit_requests(server, local_ca):
    attackers = [
        SlowClients(HOST, server.port, "slow-headers", count=6, interval=0.3),
        SlowClients(HOST, server.port, "slow-body", count=6, interval=0.3),
        SlowClients(HOST, server.port, "never-close", count=6, interval=0.2),
        SlowClients(HOST, server.port, "idle", count=20),
    ]
    for attack in attackers:
        attack.__enter__()
    try:
        time.sleep(0.5)
        result = legit_requests(HOST, server.port, local_ca.signed_headers, SKILL_ID, count=30, rate=10)
        time.sleep(1.0)  # the legit requests took 3 s: every slow client has met the deadline once
    finally:
        for attack in attackers:
            attack.__exit__(None, None, None)
    assert result.errors == 0
    assert max(result.latencies) < 1.0, sorted(result.latencies)[-5:]
    # The slow ones were cut off at the read deadline, with a JSON 408.
    for attack in attackers[:2]:
        assert attack.answers, attack.kind
        for answer in attack.answers:
            assert _status_and_json(answer) == (408, {"error": READ_TIMEOUT_REASON})


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"NOT A REQUEST LINE\r\n\r\n", 400),
        (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(60)) + b"\r\n", 431),
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
    ],
    ids=["bad request line", "request line too long", "header too long", "too many headers",
         "bad chunk size", "unknown transfer coding"],
)
def test_errors_gunicorn_answers_itself_are_json(server, request_bytes, status):
    got_status, payload = _status_and_json(_raw_exchange(server.port, request_bytes))
    assert got_status == status
    assert set(payload) == {"error"} and payload["error"]
    assert "Traceback" not in server.output()


def _chunked_post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    lines = [b"POST / HTTP/1.1", b"Host: 127.0.0.1", b"Transfer-Encoding: chunked", b"Connection: close"]
    lines += [f"{name}: {value}".encode() for name, value in headers.items()]
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 8192]), body[i:i + 8192]) for i in range(0, len(body), 8192))
    return _status_and_json(_raw_exchange(port, b"\r\n".join(lines) + b"\r\n\r\n" + chunks + b"0\r\n\r\n"))


def test_chunked_body_over_the_cap_is_413_even_when_signed_over_its_prefix(server, local_ca):
    document = envelope("LaunchRequest")
    body = body_of(document)
    padded = body + b" " * (128 * 1024)  # JSON allows trailing spaces; the prefix is signed
    status, payload = _chunked_post(server.port, padded, local_ca.signed_headers(body))
    assert status == 413 and "larger than" in payload["error"]
    status, payload = _chunked_post(server.port, body, local_ca.signed_headers(body))
    assert status == 200
    assert "outputSpeech" in payload["response"]


def test_unsigned_flood_with_new_chain_urls_against_a_trickling_s3(tmp_path, local_ca):
    with FakeChainOrigin(local_ca.chain_pem(), "/echo.api/echo-api-cert-local.pem", mode="trickle") as s3:
        server = _gunicorn(tmp_path, local_ca, "flood", **{LOCAL_CHAIN_ORIGIN_ENV: s3.origin})
        try:
            warm = legit_requests(HOST, server.port, local_ca.signed_headers, SKILL_ID, count=2, rate=10, threads=1)
            assert warm.errors == 0
            with UnsignedFlood(HOST, server.port, SKILL_ID, threads=8, rate=40) as flood:
                time.sleep(0.3)
                result = legit_requests(HOST, server.port, local_ca.signed_headers, SKILL_ID, count=30, rate=10)
            assert result.errors == 0
            assert max(result.latencies) < 1.0, sorted(result.latencies)[-5:]
            assert flood.statuses and set(flood.statuses) == {400}
            # At most 4 fetches at once, each cut at the 3 s deadline; the rest refused at once.
            assert s3.requests <= 4 * 2 + 1, s3.requests
            assert sorted(flood.latencies)[len(flood.latencies) // 2] < 0.5
            assert "certificate chain unavailable" in server.output()
        finally:
            server.stop()


def test_coach_serve_remembers_people_in_sqlite_by_default(tmp_path):
    port = _free_port()
    database = tmp_path / "state" / "coach.sqlite3"
    server = _Server([COACH, "serve", "--dev", "--port", str(port), "--workers", "2"],
                     _base_env(SQLITE_PATH=str(database)), port, tmp_path / "serve.log")
    try:
        server.wait_ready()
        status, answer = post(HOST, port, body_of(envelope("LaunchRequest")), {"Content-Type": "application/json"})
        assert status == 200
        assert_valid_alexa_response(answer)
    finally:
        server.stop()
    # The request's user was looked up in the SQLite file (whether the skill then had anything
    # to save is the skill's business): with no store there would be no file at all.
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "user_attributes" in tables


@pytest.mark.parametrize(
    "environ, persistence",
    [
        ({}, "sqlite"),
        ({"SKILL_PERSISTENCE": "none"}, "none"),
        ({"SKILL_PERSISTENCE": "memory"}, "memory"),
        ({"DYNAMODB_TABLE": "coach-users", "AWS_REGION": "us-east-1"}, "dynamodb"),
    ],
)
def test_serve_picks_sqlite_unless_a_store_is_named(tmp_path, environ, persistence):
    settings = serve_settings({"SQLITE_PATH": str(tmp_path / "x" / "coach.sqlite3"), **environ})
    assert settings.persistence == persistence
    if persistence == "sqlite":
        assert settings.sqlite_path == str(tmp_path / "x" / "coach.sqlite3")
        assert (tmp_path / "x").is_dir()


@pytest.mark.parametrize("skill_id, message", [("   ", "only whitespace"), ("amzn1.ask.skill.x \n", "whitespace in it")])
def test_coach_serve_refuses_a_blank_or_spaced_skill_id(skill_id, message):
    result = subprocess.run([COACH, "serve"], capture_output=True, text=True, env=_base_env(SKILL_ID=skill_id))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("coach serve: ")
