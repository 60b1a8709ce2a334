"""What the web benchmark drives: gunicorn servers on loopback and the load put on them.

The load generator is wrk (one thread: on a 2-core machine every core wrk does not use is one
the servers get); without wrk, a Python one (several processes of keep-alive-free HTTP clients)
stands in, which is slower: compare ratios within one run only.
"""
from __future__ import annotations

import http.client
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
WORKERS = 2
WRK_THREADS = 1


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_us_per_request: float | None = None  # the server's CPU time (all its processes) per answer

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """One server under the deployed settings (`-c python:release_coach.web.gunicorn_config`)."""

    def __init__(self, app_spec: str, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
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

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the master and its workers so far (Linux /proc), or None."""
        total, master = 0, self.process.pid
        try:
            entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
        except OSError:
            return None
        for entry in entries:
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # a process that ended meanwhile
            if int(entry) == master or int(fields[1]) == master:
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        stop_process(self.process)
        self._log.close()


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, up to 15 s for a graceful exit, then SIGKILL."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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


def _load_with_wrk(port: int, body: bytes, headers: dict[str, str], seconds: float, connections: int,
                   workdir: Path) -> LoadResult:
    (workdir / "body.json").write_bytes(body)
    (workdir / "headers.txt").write_text("".join(f"{k}: {v}\n" for k, v in headers.items()))
    (workdir / "bench.lua").write_text(_WRK_SCRIPT)
    env = os.environ | {"BENCH_BODY": str(workdir / "body.json"), "BENCH_HEADERS": str(workdir / "headers.txt")}
    output = subprocess.run(
        ["wrk", "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{seconds:g}s",
         "-s", str(workdir / "bench.lua"), f"http://127.0.0.1:{port}/"],
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


def _load_with_python(port: int, body: bytes, headers: dict[str, str], seconds: float,
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


def generator_name() -> str:
    return f"wrk ({WRK_THREADS} thread)" if shutil.which("wrk") else "python (wrk not installed)"


def load(server: Gunicorn, body: bytes, headers: dict[str, str], seconds: float, connections: int,
         workdir: Path) -> LoadResult:
    """One timed load on `server`, with the CPU time the server spent per answer."""
    cpu_before = server.cpu_seconds()
    if shutil.which("wrk"):
        result = _load_with_wrk(server.port, body, headers, seconds, connections, workdir)
    else:
        result = _load_with_python(server.port, body, headers, seconds, connections)
    cpu_after = server.cpu_seconds()
    if cpu_before is not None and cpu_after is not None and result.requests:
        result.cpu_us_per_request = (cpu_after - cpu_before) / result.requests * 1e6
    return result
