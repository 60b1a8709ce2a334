"""Web service benchmark: plain throughput and latency against the minimal skill.

Four gunicorn servers on loopback, each with the deployed settings (`-c
python:release_coach.web.gunicorn_config`: our threaded worker, 32 threads) and 2 workers, are
loaded the same way (wrk, one thread, the same connections and seconds) in interleaved rounds,
the order reversed every other round, after a warm-up that is not counted:
  * release-coach: the real app and skill as `coach serve` runs it (SQLite store), signature +
    timestamp + application id checked, requests pre-signed by a local test CA (trusted through
    create_local_ca_app, test-only);
  * release-coach with verification off (as `coach serve --dev`, same store), to split the
    difference into what verification costs and what the skill's own work costs;
  * release-coach with verification on and no store, to show what the store costs;
  * minimal: a one-handler flask-ask-sdk skill with verification off and no store.
Goal: release-coach throughput >= 1.0x minimal, p99 latency <= 1.2x, zero errors. The ratios
are taken round by round (both servers loaded a few seconds apart, so under the same other
load) and their median is the figure; each column shows the median and, in brackets, the
lowest and highest round. CPU us/req is the server's own CPU time (master and workers) per
answer, which other load on the machine moves far less than req/s.

`--instructions` measures something else, steady on a busy machine: user-space instructions
(valgrind's cachegrind) per LaunchRequest through each app's WSGI callable, in-process.

    .venv/bin/python benchmarks/web_bench.py [--seconds 4] [--rounds 7] [--connections 8] [--goal-only]
    .venv/bin/python benchmarks/web_bench.py --instructions
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from release_coach.web.local_ca import LOCAL_CA_DIR_ENV, LocalAlexaCA
from web_load import BENCH_DIR, WORKERS, Gunicorn, LoadResult, generator_name, load

SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-00000000bench"
THROUGHPUT_GOAL = 1.0
P99_GOAL = 1.2
WARM_UP_SECONDS = 1.0


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


def run_in_process(kind: str, count: int) -> None:
    """`count` LaunchRequests straight through one app's WSGI callable, one thread, no server:
    `on` is the deployed app (local CA, SQLite store), `minimal` the baseline. The CA is read
    from RELEASE_COACH_LOCAL_CA_DIR and requests are signed before the loop, so the loop holds
    only the app's own work."""
    from werkzeug.test import EnvironBuilder

    if kind == "on":
        from release_coach.web.local_ca import create_local_ca_app

        app, signer = create_local_ca_app(), LocalAlexaCA.load(Path(os.environ[LOCAL_CA_DIR_ENV]))
    else:
        app, signer = create_minimal_app(), None
    body = launch_request_body()
    headers = signer.signed_headers(body) if signer else {"Content-Type": "application/json"}
    environ = EnvironBuilder(method="POST", path="/", data=body, headers=headers).get_environ()
    statuses = []
    for _ in range(50 + count):  # 50 to warm up (first SQLite read, caches), the same in every run
        request = dict(environ, **{"wsgi.input": io.BytesIO(body)})
        b"".join(app.wsgi_app(request, lambda status, headers, exc_info=None: statuses.append(status)))
    if any(not status.startswith("200") for status in statuses):
        raise SystemExit(f"{kind}: not every answer was 200: {sorted(set(statuses))}")


def instructions_per_request(kind: str, workdir: Path, count: int = 400) -> float:
    """User-space instructions (valgrind's cachegrind, fixed hash seed) per request: a run of
    `count` requests minus a run of none, so start-up and imports cancel out."""
    env = {k: v for k, v in os.environ.items() if k not in ("SKILL_PERSISTENCE", "DYNAMODB_TABLE")}
    env |= {"PYTHONHASHSEED": "0", "SKILL_ID": SKILL_ID, LOCAL_CA_DIR_ENV: str(workdir / "ca"),
            "SQLITE_PATH": str(workdir / f"{kind}.sqlite3"), "LOG_LEVEL": "WARNING"}
    totals = []
    for requests in (0, count):
        result = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable,
             "-c", f"import web_bench; web_bench.run_in_process({kind!r}, {requests})"],
            env=env, cwd=BENCH_DIR, capture_output=True, text=True,
        )
        counted = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
        if result.returncode != 0 or counted is None:
            raise RuntimeError(f"counting instructions for {kind} failed:\n{result.stderr[-2000:]}")
        totals.append(int(counted.group(1).replace(",", "")))
    return (totals[1] - totals[0]) / count


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _spread(values: list[float], digits: int = 0) -> str:
    """`median (lowest-highest)` of the rounds."""
    return f"{_median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


@dataclass
class _Contender:
    label: str
    server: Gunicorn
    signer: LocalAlexaCA | None
    rounds: list[LoadResult] = field(default_factory=list)

    def request(self) -> tuple[bytes, dict[str, str]]:
        # Signed afresh for every round: the timestamp must stay within Alexa's 150 s.
        body = launch_request_body()
        return body, self.signer.signed_headers(body) if self.signer else {"Content-Type": "application/json"}

    def column(self, name: str) -> list[float]:
        return [getattr(result, name) for result in self.rounds]


def _contenders(workdir: Path, ca: LocalAlexaCA, goal_only: bool) -> list[_Contender]:
    base_env = {k: v for k, v in os.environ.items() if k not in ("SKILL_PERSISTENCE", "DYNAMODB_TABLE")}
    verified_env = base_env | {"SKILL_ID": SKILL_ID, LOCAL_CA_DIR_ENV: str(workdir / "ca"), "LOG_LEVEL": "WARNING"}
    local_ca_app = "release_coach.web.local_ca:create_local_ca_app()"
    chosen = [
        ("release-coach (verification on)", local_ca_app,
         verified_env | {"SQLITE_PATH": str(workdir / "verified.sqlite3")}, ca),
        ("minimal skill (verification off)", "web_bench:create_minimal_app()", base_env, None),
    ]
    if not goal_only:
        chosen[1:1] = [
            ("release-coach (verification off)", "web_bench:create_unverified_app()",
             base_env | {"SKILL_ID": SKILL_ID, "LOG_LEVEL": "WARNING", "SQLITE_PATH": str(workdir / "unverified.sqlite3")},
             None),
            ("release-coach (on, no store)", local_ca_app, verified_env | {"SKILL_PERSISTENCE": "none"}, ca),
        ]
    return [
        _Contender(label, Gunicorn(spec, env, workdir / f"server-{index}.log"), signer)
        for index, (label, spec, env, signer) in enumerate(chosen)
    ]


def _ratios(ours: _Contender, other: _Contender, name: str) -> list[float]:
    """Round by round, ours over the other; throughput goes up when better, p99 down."""
    return [getattr(a, name) / getattr(b, name) for a, b in zip(ours.rounds, other.rounds)]


def _report(contenders: list[_Contender], args, load_before: float, load_after: float) -> None:
    print(f"web service, gunicorn {WORKERS} workers each (release_coach.web.gunicorn_config) on 127.0.0.1, "
          f"{args.connections} connections, {args.rounds} interleaved rounds of {args.seconds:g} s per server, "
          f"load generator: {generator_name()}, load average {load_before:.1f} before, {load_after:.1f} after")
    print("median (lowest-highest) over the rounds")
    print(f"{'server':<34}{'req/s':>17}{'p50 ms':>9}{'p99 ms':>22}{'CPU us/req':>17}{'errors':>8}")
    for contender in contenders:
        cpu = contender.column("cpu_us_per_request")
        cpu_text = _spread(cpu) if None not in cpu else "n/a"
        print(f"{contender.label:<34}{_spread(contender.column('throughput')):>17}"
              f"{_median(contender.column('p50_ms')):>9.2f}{_spread(contender.column('p99_ms'), 1):>22}"
              f"{cpu_text:>17}{sum(contender.column('errors')):>8.0f}")
    ours, minimal = contenders[0], contenders[-1]
    for other, what in ((c, c.label) for c in contenders[1:-1]):
        print(f"release-coach (verification on) vs {what}: throughput "
              f"{_spread(_ratios(ours, other, 'throughput'), 2)}x, p99 {_spread(_ratios(ours, other, 'p99_ms'), 2)}x")
    throughput_ratios = _ratios(ours, minimal, "throughput")
    p99_ratios = _ratios(ours, minimal, "p99_ms")
    errors = sum(ours.column("errors")) + sum(minimal.column("errors"))
    met = _median(throughput_ratios) >= THROUGHPUT_GOAL and _median(p99_ratios) <= P99_GOAL and errors == 0
    print(f"against the minimal skill, round by round: throughput {_spread(throughput_ratios, 2)}x "
          f"(goal >= {THROUGHPUT_GOAL}x), p99 {_spread(p99_ratios, 2)}x (goal <= {P99_GOAL}x), "
          f"errors {errors:.0f} (goal 0): {'goal met' if met else 'GOAL MISSED'}")


def _report_instructions() -> int:
    with tempfile.TemporaryDirectory(prefix="web-bench-") as scratch:
        workdir = Path(scratch)
        LocalAlexaCA.create().save(workdir / "ca")
        ours, minimal = (instructions_per_request(kind, workdir) for kind in ("on", "minimal"))
    print("in-process, one thread, no server: user-space instructions per LaunchRequest (cachegrind, "
          "400 requests minus none)")
    print(f"release-coach (verification on, SQLite) {ours / 1e3:.0f} k, minimal skill {minimal / 1e3:.0f} k: "
          f"ratio {ours / minimal:.2f}x")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4, help="load time per round and server (default 4)")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--goal-only", action="store_true",
                        help="only release-coach (verification on) and the minimal skill")
    parser.add_argument("--instructions", action="store_true",
                        help="instead: user-space instructions per request in-process (valgrind), ours and minimal")
    args = parser.parse_args(argv)
    if args.instructions:
        return _report_instructions()

    with tempfile.TemporaryDirectory(prefix="web-bench-") as scratch:
        workdir = Path(scratch)
        ca = LocalAlexaCA.create()
        ca.save(workdir / "ca")
        contenders = _contenders(workdir, ca, args.goal_only)
        try:
            for contender in contenders:
                contender.server.wait_ready(*contender.request())
                load(contender.server, *contender.request(), WARM_UP_SECONDS, args.connections, workdir)
            load_before = os.getloadavg()[0]
            # Interleaved, the order reversed every other round: every server sees the same share
            # of whatever else the machine does, early and late.
            for index in range(args.rounds):
                for contender in contenders if index % 2 == 0 else contenders[::-1]:
                    contender.rounds.append(
                        load(contender.server, *contender.request(), args.seconds, args.connections, workdir)
                    )
            load_after = os.getloadavg()[0]
        finally:
            for contender in contenders:
                contender.server.stop()
    _report(contenders, args, load_before, load_after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
