"""User-space instructions per request, the web benchmark's figures that a busy machine can't move.

In-process (cachegrind): one LaunchRequest straight through each app's WSGI callable, one
thread, no server: the app's own work.

Whole server (callgrind): the wrk figures move with whatever else the machine runs; this count does not. One gunicorn
worker under the deployed settings runs inside valgrind's callgrind (the master too, so both
are counted), answers a warm-up, has its counters zeroed (`callgrind_control -z`, by process
id, so no other valgrind run on the machine is touched), answers a fixed number of requests on
a few keep-alive connections, and has its counters dumped. Everything the server does for
those requests is in the count: gunicorn's event loop and HTTP parser, the threads, Werkzeug,
Flask, the adapter and the skill. What the kernel does (sockets, locks, context switches) is
not, so this is the server's own work, not its CPU time under load.
"""
from __future__ import annotations

import http.client
import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from release_coach.web.local_ca import LOCAL_CA_DIR_ENV, LocalAlexaCA
from web_load import BENCH_DIR, free_port, stop_process

WARM_UP_REQUESTS = 40
CONNECTIONS = 4
_TOTALS = re.compile(r"^(?:totals|summary):\s+(\d+)", re.MULTILINE)


def run_in_process(kind: str, count: int) -> None:
    """`count` LaunchRequests straight through one app's WSGI callable, one thread, no server:
    `on` is the deployed app (local CA, SQLite store), `minimal` the baseline. Both get the same
    signed request (the CA is read from RELEASE_COACH_LOCAL_CA_DIR), signed before the loop, so
    the loop holds only the app's own work."""
    from werkzeug.test import EnvironBuilder

    from release_coach.web.local_ca import create_local_ca_app
    from web_bench import create_minimal_app, launch_request_body

    app = create_local_ca_app() if kind == "on" else create_minimal_app()
    body = launch_request_body()
    headers = LocalAlexaCA.load(Path(os.environ[LOCAL_CA_DIR_ENV])).signed_headers(body)
    environ = EnvironBuilder(method="POST", path="/", data=body, headers=headers).get_environ()
    statuses = []
    for _ in range(50 + count):  # 50 to warm up (first SQLite read, caches), the same in every run
        request = dict(environ, **{"wsgi.input": io.BytesIO(body)})
        b"".join(app.wsgi_app(request, lambda status, headers, exc_info=None: statuses.append(status)))
    if any(not status.startswith("200") for status in statuses):
        raise SystemExit(f"{kind}: not every answer was 200: {sorted(set(statuses))}")


def in_process_instructions_per_request(kind: str, workdir: Path, count: int = 400) -> float:
    """User-space instructions (valgrind's cachegrind, fixed hash seed) per request: a run of
    `count` requests minus a run of none, so start-up and imports cancel out."""
    from web_bench import SKILL_ID

    env = {k: v for k, v in os.environ.items() if k not in ("SKILL_PERSISTENCE", "DYNAMODB_TABLE")}
    env |= {"PYTHONHASHSEED": "0", "SKILL_ID": SKILL_ID, LOCAL_CA_DIR_ENV: str(workdir / "ca"),
            "SQLITE_PATH": str(workdir / f"{kind}.sqlite3"), "LOG_LEVEL": "WARNING"}
    totals = []
    for requests in (0, count):
        result = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable,
             "-c", f"import web_instructions; web_instructions.run_in_process({kind!r}, {requests})"],
            env=env, cwd=BENCH_DIR, capture_output=True, text=True,
        )
        counted = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
        if result.returncode != 0 or counted is None:
            raise RuntimeError(f"counting instructions for {kind} failed:\n{result.stderr[-2000:]}")
        totals.append(int(counted.group(1).replace(",", "")))
    return (totals[1] - totals[0]) / count


def _post_many(port: int, body: bytes, headers: dict[str, str], count: int) -> None:
    """`count` requests on one keep-alive connection; anything but 200 stops the count."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        for _ in range(count):
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"the server answered {response.status}")
    finally:
        connection.close()


def _post_in_parallel(port: int, body: bytes, headers: dict[str, str], count: int) -> None:
    failures: list[BaseException] = []

    def client() -> None:
        try:
            _post_many(port, body, headers, count // CONNECTIONS)
        except BaseException as error:  # reported below, from the main thread
            failures.append(error)

    clients = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for each in clients:
        each.start()
    for each in clients:
        each.join()
    if failures:
        raise RuntimeError(f"counting instructions: {failures[0]}")


def _wait_ready(process: subprocess.Popen, port: int, body: bytes, headers: dict[str, str]) -> None:
    deadline = time.monotonic() + 180  # valgrind makes start-up some 50 times slower
    while True:
        if process.poll() is not None:
            raise RuntimeError("gunicorn under callgrind exited before answering")
        try:
            _post_many(port, body, headers, 1)
            return
        except (OSError, http.client.HTTPException):
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn under callgrind did not answer within 180 s") from None
            time.sleep(0.5)


def _server_pids(master: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [master, *map(int, children)]


def _callgrind_control(option: str, pids: list[int]) -> None:
    for pid in pids:
        subprocess.run(["callgrind_control", option, str(pid)], capture_output=True, check=True)


def server_instructions_per_request(app_spec: str, env: dict[str, str], body: bytes, headers: dict[str, str],
                                    workdir: Path, requests: int = 400) -> float:
    """Instructions the server (master and one worker) spends per answer, warm-up excluded."""
    out = workdir / f"callgrind-{free_port()}"
    out.mkdir()
    port = free_port()
    process = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={out}/cg.%p",
         sys.executable, "-m", "gunicorn", "-c", "python:release_coach.web.gunicorn_config", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--pythonpath", str(BENCH_DIR), "--log-level", "warning", app_spec],
        env=env | {"PYTHONHASHSEED": "0"}, stdout=subprocess.DEVNULL, stderr=open(out / "valgrind.log", "wb"),
    )
    try:
        _wait_ready(process, port, body, headers)
        _post_in_parallel(port, body, headers, WARM_UP_REQUESTS)
        pids = _server_pids(process.pid)
        _callgrind_control("-z", pids)
        _post_in_parallel(port, body, headers, requests)
        _callgrind_control("-d", pids)
    finally:
        stop_process(process)
    dumps = sorted(out.glob("cg.*.1"))
    counted = [_TOTALS.search(path.read_text(errors="replace")) for path in dumps]
    if not dumps or None in counted:
        raise RuntimeError(f"no callgrind totals in {out}")
    return sum(int(match.group(1)) for match in counted) / (requests // CONNECTIONS * CONNECTIONS)
