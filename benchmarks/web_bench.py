"""Web service benchmark: plain throughput and latency against the minimal skill.

Four gunicorn servers on loopback, each with the deployed settings (`-c
python:release_coach.web.gunicorn_config`: our threaded worker, 32 threads) and 2 workers, are
loaded the same way (wrk, one thread, the same connections and seconds) in interleaved rounds,
the order reversed every other round, after a warm-up that is not counted. Every server gets
the same request bytes, headers included: the signed LaunchRequest Alexa would send (Alexa sends
its signature headers to every endpoint; the servers that don't verify ignore them):
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
answer, which other load on the machine moves far less than req/s. With two or more CPUs the
servers are pinned to one and wrk to another (`--no-pin` to let them share): on a shared
2-core machine that halves the round-to-round spread, and both sides get the same core.

`--instructions` measures something else, steady on a busy machine: user-space instructions
(valgrind's cachegrind) per LaunchRequest through each app's WSGI callable, in-process; and
`--server-instructions` the same for the whole server, gunicorn and its threads included
(callgrind over a 1-worker server, web_server_instructions.py).

    .venv/bin/python benchmarks/web_bench.py [--seconds 4] [--rounds 9] [--connections 8] [--goal-only] [--no-pin]
    .venv/bin/python benchmarks/web_bench.py --instructions
    .venv/bin/python benchmarks/web_bench.py --server-instructions
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from release_coach.web.local_ca import LOCAL_CA_DIR_ENV, LocalAlexaCA
from web_load import WORKERS, Gunicorn, LoadResult, generator_name, load
from web_instructions import in_process_instructions_per_request, server_instructions_per_request

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


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _spread(values: list[float], digits: int = 0) -> str:
    """`median (lowest-highest)` of the rounds."""
    return f"{_median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def signed_request(ca: LocalAlexaCA) -> tuple[bytes, dict[str, str]]:
    """What Alexa sends: the body and its signature headers. Every server gets these same bytes;
    signed afresh for every round, since the timestamp must stay within Alexa's 150 s."""
    body = launch_request_body()
    return body, ca.signed_headers(body)


@dataclass
class _Contender:
    label: str
    server: Gunicorn
    ca: LocalAlexaCA
    rounds: list[LoadResult] = field(default_factory=list)

    def request(self) -> tuple[bytes, dict[str, str]]:
        return signed_request(self.ca)

    def column(self, name: str) -> list[float]:
        return [getattr(result, name) for result in self.rounds]


def _servers(workdir: Path, goal_only: bool) -> list[tuple[str, str, dict[str, str]]]:
    """(label, gunicorn app spec, environment) of each server, ours first, the minimal skill last."""
    base_env = {k: v for k, v in os.environ.items() if k not in ("SKILL_PERSISTENCE", "DYNAMODB_TABLE")}
    verified_env = base_env | {"SKILL_ID": SKILL_ID, LOCAL_CA_DIR_ENV: str(workdir / "ca"), "LOG_LEVEL": "WARNING"}
    local_ca_app = "release_coach.web.local_ca:create_local_ca_app()"
    chosen = [
        ("release-coach (verification on)", local_ca_app, verified_env | {"SQLITE_PATH": str(workdir / "verified.sqlite3")}),
        ("minimal skill (verification off)", "web_bench:create_minimal_app()", base_env),
    ]
    if not goal_only:
        chosen[1:1] = [
            ("release-coach (verification off)", "web_bench:create_unverified_app()",
             base_env | {"SKILL_ID": SKILL_ID, "LOG_LEVEL": "WARNING", "SQLITE_PATH": str(workdir / "unverified.sqlite3")}),
            ("release-coach (on, no store)", local_ca_app, verified_env | {"SKILL_PERSISTENCE": "none"}),
        ]
    return chosen


def _contenders(workdir: Path, ca: LocalAlexaCA, goal_only: bool) -> list[_Contender]:
    return [
        _Contender(label, Gunicorn(spec, env, workdir / f"server-{index}.log"), ca)
        for index, (label, spec, env) in enumerate(_servers(workdir, goal_only))
    ]


def _ratios(ours: _Contender, other: _Contender, name: str) -> list[float]:
    """Round by round, ours over the other; throughput goes up when better, p99 down."""
    return [getattr(a, name) / getattr(b, name) for a, b in zip(ours.rounds, other.rounds)]


def _report(contenders: list[_Contender], args, load_before: float, load_after: float) -> None:
    print(f"web service, gunicorn {WORKERS} workers each (release_coach.web.gunicorn_config) on 127.0.0.1, "
          f"{args.connections} connections, {args.rounds} interleaved rounds of {args.seconds:g} s per server, "
          f"load generator: {generator_name()}, {args.placement}, load average {load_before:.1f} before, "
          f"{load_after:.1f} after (the run itself adds some 6 to 9)")
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
        ours, minimal = (in_process_instructions_per_request(kind, workdir) for kind in ("on", "minimal"))
    print("in-process, one thread, no server: user-space instructions per LaunchRequest (cachegrind, "
          "400 requests minus none)")
    print(f"release-coach (verification on, SQLite) {ours / 1e3:.0f} k, minimal skill {minimal / 1e3:.0f} k: "
          f"ratio {ours / minimal:.2f}x")
    return 0


def _report_server_instructions(goal_only: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="web-bench-") as scratch:
        workdir = Path(scratch)
        ca = LocalAlexaCA.create()
        ca.save(workdir / "ca")
        counts = [(label, server_instructions_per_request(spec, env, *signed_request(ca), workdir))
                  for label, spec, env in _servers(workdir, goal_only)]
    print("whole server (gunicorn, 1 worker, deployed settings), the same signed LaunchRequest on 4 keep-alive "
          "connections: user-space instructions per answer (callgrind, 400 answers after a warm-up)")
    for label, count in counts:
        print(f"{label:<34}{count / 1e3:>8.0f} k")
    print(f"release-coach (verification on) / minimal skill: {counts[0][1] / counts[-1][1]:.3f}x")
    return 0


def _pin(cpus: set[int]) -> None:
    """This process and what it starts from now on run on `cpus` only."""
    os.sched_setaffinity(0, cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4, help="load time per round and server (default 4)")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds (default 9)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--goal-only", action="store_true",
                        help="only release-coach (verification on) and the minimal skill")
    parser.add_argument("--no-pin", action="store_true",
                        help="let servers and wrk share every CPU (default: servers on one, wrk on another)")
    parser.add_argument("--instructions", action="store_true",
                        help="instead: user-space instructions per request in-process (valgrind), ours and minimal")
    parser.add_argument("--server-instructions", action="store_true",
                        help="instead: user-space instructions per answer of each whole server (callgrind)")
    args = parser.parse_args(argv)
    if args.instructions:
        return _report_instructions()
    if args.server_instructions:
        return _report_server_instructions(args.goal_only)

    load_at_start = os.getloadavg()[0]
    all_cpus = sorted(os.sched_getaffinity(0))
    pinned = not args.no_pin and len(all_cpus) >= 2

    with tempfile.TemporaryDirectory(prefix="web-bench-") as scratch:
        workdir = Path(scratch)
        ca = LocalAlexaCA.create()
        ca.save(workdir / "ca")
        if pinned:
            _pin({all_cpus[-1]})  # the servers, started now, stay on the last CPU ...
        contenders = _contenders(workdir, ca, args.goal_only)
        if pinned:
            _pin(set(all_cpus[:-1]))  # ... and wrk, started for each round, on the others
        try:
            for contender in contenders:
                contender.server.wait_ready(*contender.request())
                load(contender.server, *contender.request(), WARM_UP_SECONDS, args.connections, workdir)
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
        if pinned:
            _pin(set(all_cpus))
    args.placement = (f"servers on CPU {all_cpus[-1]}, wrk on CPU {','.join(map(str, all_cpus[:-1]))}"
                      if pinned else "not pinned")
    _report(contenders, args, load_at_start, load_after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
