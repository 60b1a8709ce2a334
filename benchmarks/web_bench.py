"""Web service benchmark: plain throughput and latency against the minimal skill.

Four gunicorn servers on loopback, each with the deployed settings (`-c
python:release_coach.web.gunicorn_config`: the threaded worker, 32 threads) and 2 workers, are
loaded the same way for the same time, in interleaved rounds:
  * release-coach: the real app and skill as `coach serve` runs it (SQLite store), signature +
    timestamp + application id checked, requests pre-signed by a local test CA (trusted through
    create_local_ca_app, test-only);
  * release-coach with verification off (as `coach serve --dev`, same store), to split the
    difference into what verification costs and what the skill's own work costs;
  * release-coach with verification on and no store, to show what the store costs;
  * minimal: a one-handler flask-ask-sdk skill with verification off and no store.
Goal: release-coach throughput >= 1.0x minimal, p99 latency <= 1.2x, zero errors.

The load generator is wrk: `make bench` installs it with apt-get when it is missing and apt-get
is there (root); otherwise a Python one (several processes of keep-alive-free HTTP clients)
stands in, which is slower: compare ratios within one run only.

    .venv/bin/python benchmarks/web_bench.py [--seconds 3] [--rounds 5] [--connections 8]
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from release_coach.web.local_ca import LOCAL_CA_DIR_ENV, LocalAlexaCA

BENCH_DIR = Path(__file__).resolve().parent
SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-00000000bench"
WORKERS = 2
THROUGHPUT_GOAL = 1.0
P99_GOAL = 1.2


def create_minimal_app():
    """gunicorn factory: the baseline, the smallest flask-ask-sdk skill, verification off."""
    from ask_sdk_core.skill_builder import SkillBuilder
    from flask import Flask
    from flask_ask_sdk.skill_adapter import (
        VERIFY_SIGNATURE_APP_CONFIG,
        VERIFY_TIMESTAMP_APP_CONFIG,
        SkillAdapter,
    )

    builder = SkillBuilder()

    @builder.request_handler(can_handle_func=lambda handler_input: True)
    def answer(handler_input):
        return handler_input.response_builder.speak("Hello.").ask("Say hello.").response

    app = Flask("minimal_skill")
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    SkillAdapter(skill=builder.create(), skill_id=SKILL_ID, app=app).register(app=app, route="/")
    return app


def create_unverified_app():
    """gunicorn factory: the real app and skill with verification off (`coach serve --dev`), to
    separate what verification costs from what the skill itself costs."""
    from release_coach.web.app import create_app
    from release_coach.web.serve import serve_settings

    return create_app(serve_settings(), dev=True)


def launch_request_body() -> bytes:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    application = {"applicationId": SKILL_ID}
    user = {"userId": "amzn1.ask.account.bench"}
    return json.dumps({
        "version": "1.0",
        "session": {"new": True, "sessionId": "amzn1.echo-api.session.bench", "application": application,
                    "user": user, "attributes": {}},
        "context": {"System": {"application": application, "user": user,
                               "device": {"deviceId": "bench", "supportedInterfaces": {}},
                               "apiEndpoint": "https://api.amazonalexa.com"}},
        "request": {"type": "LaunchRequest", "requestId": "amzn1.echo-api.request.bench",
                    "timestamp": stamp, "locale": "en-US"},
    }).encode()


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Gunicorn:
    def __init__(self, app_spec: str, env: dict[str, str], log_path: Path) -> None:
        self.port = _free_port()
        self._log = open(log_path, "wb")
        self.log_path = log_path
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:release_coach.web.gunicorn_config",
             "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
             "--pythonpath", str(BENCH_DIR), "--log-level", "warning", app_spec],
            env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )

    def wait_ready(self, body: bytes, headers: dict[str, str]) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text(errors='replace')}")
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{self.port}/", data=body, headers=headers)
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


_WRK_SCRIPT = """
local body_file = io.open(os.getenv("BENCH_BODY"), "rb")
wrk.method = "POST"
wrk.body = body_file:read("*a")
body_file:close()
for line in io.lines(os.getenv("BENCH_HEADERS")) do
  local name, value = line:match("^([^:]+): (.*)$")
  wrk.headers[name] = value
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %.3f %.3f\\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def _load_with_wrk(port: int, body: bytes, headers: dict[str, str], seconds: int, connections: int,
                   workdir: Path) -> LoadResult:
    (workdir / "body.json").write_bytes(body)
    (workdir / "headers.txt").write_text("".join(f"{k}: {v}\n" for k, v in headers.items()))
    (workdir / "bench.lua").write_text(_WRK_SCRIPT)
    env = os.environ | {"BENCH_BODY": str(workdir / "body.json"), "BENCH_HEADERS": str(workdir / "headers.txt")}
    output = subprocess.run(
        ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "-s", str(workdir / "bench.lua"),
         f"http://127.0.0.1:{port}/"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, socket_errors, status_errors, duration_us, p50, p99 = line.split()[1:]
    return LoadResult(int(requests), int(socket_errors) + int(status_errors), int(duration_us) / 1e6,
                      float(p50), float(p99))


def _python_client(port, body, headers, stop_at, results):
    latencies, errors = [], 0
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                errors += 1
        except OSError:
            errors += 1
        latencies.append(time.perf_counter() - started)
    results.put((latencies, errors))


def _load_with_python(port: int, body: bytes, headers: dict[str, str], seconds: int,
                      connections: int) -> LoadResult:
    results = multiprocessing.Queue()
    started = time.monotonic()
    clients = [
        multiprocessing.Process(target=_python_client, args=(port, body, headers, started + seconds, results))
        for _ in range(connections)
    ]
    for client in clients:
        client.start()
    latencies, errors = [], 0
    for _ in clients:
        client_latencies, client_errors = results.get()
        latencies += client_latencies
        errors += client_errors
    for client in clients:
        client.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(fraction: float) -> float:
        return latencies[min(len(latencies) - 1, int(fraction * len(latencies)))] * 1000

    return LoadResult(len(latencies), errors, elapsed, percentile(0.50), percentile(0.99))


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


@dataclass
class _Contender:
    label: str
    server: _Gunicorn
    signer: LocalAlexaCA | None
    rounds: list[LoadResult]

    def request(self) -> tuple[bytes, dict[str, str]]:
        # Signed afresh for every round: the timestamp must stay within Alexa's 150 s.
        body = launch_request_body()
        return body, self.signer.signed_headers(body) if self.signer else {"Content-Type": "application/json"}

    def summary(self) -> LoadResult:
        """Medians over the rounds, so a burst of other work on the machine skews one round only."""
        return LoadResult(
            requests=sum(r.requests for r in self.rounds),
            errors=sum(r.errors for r in self.rounds),
            seconds=sum(r.requests for r in self.rounds) / _median([r.throughput for r in self.rounds]),
            p50_ms=_median([r.p50_ms for r in self.rounds]),
            p99_ms=_median([r.p99_ms for r in self.rounds]),
        )


def _load(port: int, body: bytes, headers: dict[str, str], seconds: int, connections: int,
          workdir: Path) -> LoadResult:
    if shutil.which("wrk"):
        return _load_with_wrk(port, body, headers, seconds, connections, workdir)
    return _load_with_python(port, body, headers, seconds, connections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=3, help="load time per round and server (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (default 8)")
    args = parser.parse_args(argv)
    generator = "wrk" if shutil.which("wrk") else "python (wrk not installed)"

    with tempfile.TemporaryDirectory(prefix="web-bench-") as scratch:
        workdir = Path(scratch)
        ca = LocalAlexaCA.create()
        ca.save(workdir / "ca")
        base_env = {k: v for k, v in os.environ.items() if k not in ("SKILL_PERSISTENCE", "DYNAMODB_TABLE")}
        ours = _Contender("release-coach (verification on)", _Gunicorn(
            "release_coach.web.local_ca:create_local_ca_app()",
            base_env | {"SKILL_ID": SKILL_ID, LOCAL_CA_DIR_ENV: str(workdir / "ca"), "LOG_LEVEL": "WARNING",
                        "SQLITE_PATH": str(workdir / "verified.sqlite3")},
            workdir / "release-coach.log",
        ), ca, [])
        ours_unverified = _Contender("release-coach (verification off)", _Gunicorn(
            "web_bench:create_unverified_app()",
            base_env | {"SKILL_ID": SKILL_ID, "LOG_LEVEL": "WARNING", "SQLITE_PATH": str(workdir / "unverified.sqlite3")},
            workdir / "release-coach-unverified.log",
        ), None, [])
        ours_no_store = _Contender("release-coach (on, no store)", _Gunicorn(
            "release_coach.web.local_ca:create_local_ca_app()",
            base_env | {"SKILL_ID": SKILL_ID, LOCAL_CA_DIR_ENV: str(workdir / "ca"), "LOG_LEVEL": "WARNING",
                        "SKILL_PERSISTENCE": "none"},
            workdir / "release-coach-no-store.log",
        ), ca, [])
        minimal = _Contender("minimal skill (verification off)", _Gunicorn(
            "web_bench:create_minimal_app()", base_env, workdir / "minimal.log",
        ), None, [])
        contenders = (ours, ours_unverified, ours_no_store, minimal)
        try:
            for contender in contenders:
                contender.server.wait_ready(*contender.request())
            # Interleaved rounds: both sides see the same share of whatever else the machine does.
            for _ in range(args.rounds):
                for contender in contenders:
                    body, headers = contender.request()
                    contender.rounds.append(
                        _load(contender.server.port, body, headers, args.seconds, args.connections, workdir)
                    )
        finally:
            for contender in contenders:
                contender.server.stop()

    print(f"web service, gunicorn {WORKERS} workers each (release_coach.web.gunicorn_config) on 127.0.0.1, "
          f"{args.connections} connections, "
          f"{args.rounds} interleaved rounds of {args.seconds} s per server, load generator: {generator}")
    print(f"{'server':<34}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for contender in contenders:
        result = contender.summary()
        print(f"{contender.label:<34}{result.throughput:>10.0f}{result.p50_ms:>9.2f}"
              f"{result.p99_ms:>9.2f}{result.errors:>8}")
    ours, ours_unverified, ours_no_store, minimal = (
        ours.summary(), ours_unverified.summary(), ours_no_store.summary(), minimal.summary())
    print(f"cost of verification alone: throughput {ours.throughput / ours_unverified.throughput:.2f}x, "
          f"p99 {ours.p99_ms / ours_unverified.p99_ms:.2f}x (release-coach on vs off)")
    print(f"cost of the SQLite store: throughput {ours.throughput / ours_no_store.throughput:.2f}x, "
          f"p99 {ours.p99_ms / ours_no_store.p99_ms:.2f}x (release-coach with it vs without)")
    throughput_ratio = ours.throughput / minimal.throughput
    p99_ratio = ours.p99_ms / minimal.p99_ms
    met = throughput_ratio >= THROUGHPUT_GOAL and p99_ratio <= P99_GOAL and ours.errors == minimal.errors == 0
    print(f"throughput ratio {throughput_ratio:.2f}x (goal >= {THROUGHPUT_GOAL}x), "
          f"p99 ratio {p99_ratio:.2f}x (goal <= {P99_GOAL}x), errors {ours.errors + minimal.errors} (goal 0): "
          f"{'goal met' if met else 'GOAL MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
