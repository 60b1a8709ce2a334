"""Web service under attack: legit latency while slow or hostile clients hit it, on loopback.

The real app (the local test CA standing in for Amazon's, chains fetched with the production
fetcher from a loopback stand-in for S3) runs under the deployed settings: gunicorn with
release_coach.web.gunicorn_config, 2 workers, the SQLite store, exactly as `coach serve` runs
it. For each attack, legit signed LaunchRequests (each on a new connection, 10 a second) are
timed while the attack runs:

  none              no attack (the baseline)
  slow-headers      N connections sending one header byte every 0.5 s, reopened when cut
  slow-body         N connections announcing 4000 bytes of body, then one byte every 0.5 s
  never-close       N complete requests a second with Connection: close, never read or closed
  idle              4N connections that send nothing
  flood-403         unsigned requests, each naming a new chain URL, 20 a second; "S3" answers
                    403 after 150 ms (the issue's measurement)
  flood-trickle     the same at 40 a second; "S3" answers 200 and then one byte a second

Goal: legit p99 under 2 s with no errors in every row.

With --proxy nginx or --proxy caddy (installed with apt-get), the same runs go through that
proxy on loopback, configured as the README says (the TLS lines left out: plain HTTP on a free
loopback port), in front of the same app.

    .venv/bin/python benchmarks/web_attack_bench.py [--seconds 8] [--connections 16] [--proxy nginx|caddy]
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from release_coach.web.local_ca import CHAIN_URL, LOCAL_CA_DIR_ENV, LOCAL_CHAIN_ORIGIN_ENV, LocalAlexaCA
from release_coach.web.loopback_attacks import FakeChainOrigin, SlowClients, UnsignedFlood, legit_requests
from web_load import stop_process

HOST = "127.0.0.1"
SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-0000000attack"
WORKERS = 2
LEGIT_RATE = 10.0
P99_GOAL_SECONDS = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_app(workdir: Path, ca: LocalAlexaCA, origin: str) -> tuple[subprocess.Popen, int]:
    ca.save(workdir / "ca")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SKILL_PERSISTENCE", "DYNAMODB_TABLE")}
    env |= {"SKILL_ID": SKILL_ID, LOCAL_CA_DIR_ENV: str(workdir / "ca"), LOCAL_CHAIN_ORIGIN_ENV: origin,
            "SQLITE_PATH": str(workdir / "attack.sqlite3"), "LOG_LEVEL": "ERROR"}
    log = open(workdir / "server.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:release_coach.web.gunicorn_config",
         "--workers", str(WORKERS), "--bind", f"{HOST}:{port}", "--log-level", "error",
         "release_coach.web.local_ca:create_local_ca_app()"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    _wait_healthy(process, port, workdir / "server.log", "the app", 30)
    return process, port


def _wait_healthy(process: subprocess.Popen, port: int, log_path: Path, what: str, seconds: float) -> None:
    """Until GET /healthz on `port` answers; else kill `process` and say what its log says."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{what} did not start: " + log_path.read_text(errors="replace"))


def _attack(name: str, port: int, connections: int, s3: FakeChainOrigin):
    if name in ("slow-headers", "slow-body"):
        return SlowClients(HOST, port, name, count=connections, interval=0.5)
    if name == "never-close":
        return SlowClients(HOST, port, name, count=connections, interval=1.0)
    if name == "idle":
        return SlowClients(HOST, port, name, count=4 * connections)
    if name == "flood-403":
        s3.mode = "forbidden"
        return UnsignedFlood(HOST, port, SKILL_ID, threads=8, rate=20)
    if name == "flood-trickle":
        s3.mode = "trickle"
        return UnsignedFlood(HOST, port, SKILL_ID, threads=16, rate=40)
    return None


# The README's proxy examples, TLS lines left out; {listen} and {upstream} are filled in.
NGINX_CONF = """
worker_processes 1;
error_log {workdir}/nginx-error.log;
pid {workdir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    server {{
        listen {listen};
        client_header_timeout 5s;
        client_body_timeout 5s;
        client_max_body_size 128k;
        client_body_buffer_size 128k;
        error_page 413 @too_large;
        location / {{
            proxy_pass http://{upstream};
            proxy_request_buffering on;
            proxy_http_version 1.1;
            proxy_connect_timeout 2s;
            proxy_send_timeout 5s;
            proxy_read_timeout 10s;
        }}
        location @too_large {{
            default_type application/json;
            return 413 '{{"error":"body is larger than 131072 bytes"}}';
        }}
    }}
}}
"""

CADDYFILE = """
{{
    admin off
    servers {{
        timeouts {{
            read_header 5s
            read_body 10s
        }}
    }}
}}
http://{listen} {{
    request_body {{
        max_size 128KB
    }}
    @too_large expression `{{http.request.header.Content-Length}} != '' && int({{http.request.header.Content-Length}}) > 131072`
    respond @too_large `{{"error":"body is larger than 131072 bytes"}}` 413
    handle_errors {{
        respond `{{"error":"{{http.error.status_text}}"}}` {{http.error.status_code}}
    }}
    reverse_proxy {upstream}
}}
"""


def start_proxy(kind: str, workdir: Path, upstream_port: int) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    values = {"listen": f"{HOST}:{port}", "upstream": f"{HOST}:{upstream_port}", "workdir": workdir}
    log = open(workdir / f"{kind}.log", "wb")
    if kind == "nginx":
        (workdir / "nginx.conf").write_text(NGINX_CONF.format(**values))
        command = [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(workdir / "nginx.conf"), "-g", "daemon off;"]
    else:
        (workdir / "Caddyfile").write_text(CADDYFILE.format(**values))
        command = [shutil.which("caddy") or "caddy", "run", "--config", str(workdir / "Caddyfile"), "--adapter", "caddyfile"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=os.environ | {"HOME": str(workdir)})
    _wait_healthy(process, port, workdir / f"{kind}.log", kind, 15)
    return process, port


ATTACKS = ["none", "slow-headers", "slow-body", "never-close", "idle", "flood-403", "flood-trickle"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="legit load per attack (default 8)")
    parser.add_argument("--connections", type=int, default=16, help="slow connections per attack (default 16)")
    parser.add_argument("--proxy", choices=["nginx", "caddy"], help="put this proxy in front, as the README configures it")
    args = parser.parse_args(argv)
    count = max(10, int(args.seconds * LEGIT_RATE))
    rows = []
    with tempfile.TemporaryDirectory(prefix="web-attack-") as scratch:
        workdir = Path(scratch)
        ca = LocalAlexaCA.create()
        good_path = CHAIN_URL.split("s3.amazonaws.com", 1)[1]
        with FakeChainOrigin(ca.chain_pem(), good_path) as s3:
            process, app_port = start_app(workdir, ca, s3.origin)
            proxy = None
            port = app_port
            try:
                if args.proxy:
                    proxy, port = start_proxy(args.proxy, workdir, app_port)
                legit_requests(HOST, port, ca.signed_headers, SKILL_ID, count=20, rate=50)  # warm: chain cached
                for name in ATTACKS:
                    attack = _attack(name, port, args.connections, s3)
                    if attack is not None:
                        attack.__enter__()
                    try:
                        time.sleep(1.0 if attack is not None else 0)  # let the attack take hold
                        result = legit_requests(HOST, port, ca.signed_headers, SKILL_ID, count=count, rate=LEGIT_RATE)
                    finally:
                        if attack is not None:
                            attack.__exit__(None, None, None)
                    extra = ""
                    if isinstance(attack, UnsignedFlood):
                        refused = sum(1 for status in attack.statuses if status == 400)
                        extra = f"{len(attack.statuses)} unsigned sent, {refused} refused 400"
                    elif isinstance(attack, SlowClients):
                        extra = f"{attack.connections} attacking connections opened"
                    rows.append((name, result, extra))
                    time.sleep(0.5)
            finally:
                if proxy is not None:
                    stop_process(proxy)
                stop_process(process)

    print(f"web service under attack: gunicorn {WORKERS} workers (release_coach.web.gunicorn_config), SQLite store, "
          f"127.0.0.1; legit signed LaunchRequests, new connection each, {LEGIT_RATE:g}/s, {count} per attack; "
          f"{args.connections} slow connections; in front: {args.proxy or 'nothing'}")
    print(f"{'attack':<15}{'legit p50 ms':>13}{'p99 ms':>9}{'max ms':>9}{'errors':>8}  attack traffic")
    met = True
    for name, result, extra in rows:
        ok = result.errors == 0 and result.p99 < P99_GOAL_SECONDS
        met &= ok
        print(f"{name:<15}{result.p50 * 1000:>13.1f}{result.p99 * 1000:>9.1f}{max(result.latencies) * 1000:>9.1f}"
              f"{result.errors:>8}  {extra}")
    for name, result, _ in rows:
        for status, answer in result.failures:
            print(f"  {name}: legit request answered {status}: {answer!r}")
    print(f"goal: legit p99 < {P99_GOAL_SECONDS:g} s and 0 errors under every attack: {'goal met' if met else 'GOAL MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
