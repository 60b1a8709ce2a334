"""Hostile clients and a hostile "S3", for the tests and the benchmark of the web service.

Loopback only: every target is checked to be 127.0.0.0/8 or ::1 before a byte is sent, every
attack runs in bounded threads and stops when its context exits. Nothing here is used by the
service itself.
"""
from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

ATTACK_KINDS = ("slow-headers", "slow-body", "never-close", "idle")


def require_loopback(host: str) -> None:
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"{host} is not a loopback address; these clients only ever attack this machine")


def launch_envelope(skill_id: str, *, user: str = "amzn1.ask.account.loopback", stamp: str | None = None) -> dict:
    application = {"applicationId": skill_id}
    user_record = {"userId": user}
    return {
        "version": "1.0",
        "session": {"new": True, "sessionId": "amzn1.echo-api.session.loopback",
                    "application": application, "user": user_record, "attributes": {}},
        "context": {"System": {"application": application, "user": user_record,
                               "device": {"deviceId": "loopback", "supportedInterfaces": {}},
                               "apiEndpoint": "https://api.amazonalexa.com"}},
        "request": {"type": "LaunchRequest", "requestId": "amzn1.echo-api.request.loopback",
                    "timestamp": stamp or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "locale": "en-US"},
    }


class _Attack:
    """`threads` copies of `_run` from __enter__ until __exit__, which stops and joins them."""

    def _start_threads(self, threads: int) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(10)


@dataclass
class SlowClients(_Attack):
    """`count` connections of one kind, each reopened when the server closes it:

    slow-headers: a request line, then one header byte every `interval` seconds;
    slow-body: complete headers announcing 4000 bytes, then one body byte every `interval`;
    never-close: a complete request with `Connection: close`, then never reading or closing it
    (a new one every `interval`, the last 8 per client kept open);
    idle: connect and send nothing.
    `answers` collects the first bytes the server sent back on each connection it gave up on.
    """

    host: str
    port: int
    kind: str
    count: int
    interval: float = 0.5
    answers: list[bytes] = field(default_factory=list)
    connections: int = 0

    def __post_init__(self) -> None:
        require_loopback(self.host)
        if self.kind not in ATTACK_KINDS:
            raise ValueError(f"kind must be one of {ATTACK_KINDS}")
        self._start_threads(self.count)

    def _opening(self) -> bytes:
        if self.kind == "slow-headers":
            return b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if self.kind == "slow-body":
            return (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 4000\r\n\r\n")
        if self.kind == "never-close":
            return b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        return b""

    def _run(self) -> None:
        drip = b"X-Slow: " + b"a" * 4000 if self.kind == "slow-headers" else b"{" * 4000
        held: list[socket.socket] = []
        while not self._stop.is_set():
            try:
                connection = socket.create_connection((self.host, self.port), timeout=5)
            except OSError:
                self._stop.wait(0.1)
                continue
            with self._lock:
                self.connections += 1
            try:
                connection.sendall(self._opening())
                connection.settimeout(self.interval)
                sent = 0
                while not self._stop.is_set():
                    if self.kind in ("slow-headers", "slow-body") and sent < len(drip):
                        connection.sendall(drip[sent:sent + 1])
                        sent += 1
                    if self.kind == "never-close":
                        # Never read, never close: keep it (the last few per client) and open the next.
                        self._stop.wait(self.interval)
                        held.append(connection)
                        connection = None
                        if len(held) > 8:
                            held.pop(0).close()
                        break
                    try:
                        answer = connection.recv(4096)
                    except TimeoutError:
                        continue
                    if answer:
                        answer += _rest_of(connection)
                        with self._lock:
                            self.answers.append(answer)
                    break  # answered or closed: open the next one
            except OSError:
                pass
            finally:
                if connection is not None:
                    connection.close()
        for connection in held:
            connection.close()


def _rest_of(connection: socket.socket, seconds: float = 1.0) -> bytes:
    """What the server sends after its first bytes, until it closes or `seconds` pass."""
    received = b""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        connection.settimeout(left)
        try:
            chunk = connection.recv(4096)
        except (TimeoutError, OSError):
            break
        if not chunk:
            break
        received += chunk
    return received


class FakeChainOrigin:
    """A loopback stand-in for S3: the real chain at `good_path`, and for every other path
    either 403 after `delay` seconds ("forbidden") or a 200 that trickles one byte a second
    ("trickle"). `mode` may be changed while it runs."""

    def __init__(self, chain_pem: bytes, good_path: str, mode: str = "forbidden", delay: float = 0.15) -> None:
        if mode not in ("forbidden", "trickle"):
            raise ValueError("mode is forbidden or trickle")
        self.chain_pem, self.good_path, self.mode, self.delay = chain_pem, good_path, mode, delay
        self.requests = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> "FakeChainOrigin":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(2)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self.requests += 1
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        try:
            connection.settimeout(5)
            request = connection.recv(8192).decode("latin-1")
            path = request.split(" ", 2)[1] if request.count(" ") >= 2 else ""
            if path == self.good_path:
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(self.chain_pem)
                                   + self.chain_pem)
            elif self.mode == "forbidden":
                self._stop.wait(self.delay)
                connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            else:
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n")
                for _ in range(30):
                    if self._stop.wait(1.0):
                        break
                    connection.sendall(b"-")
        except OSError:
            pass
        finally:
            connection.close()


class UnsignedFlood(_Attack):
    """`threads` clients posting well-formed, fresh requests for the right skill, each naming a
    chain URL never seen before and carrying a signature that cannot match: the cheapest request
    that still reaches the chain fetch. `rate` bounds the total requests a second."""

    def __init__(self, host: str, port: int, skill_id: str, *, threads: int = 4, rate: float = 20.0) -> None:
        require_loopback(host)
        self.host, self.port, self.skill_id, self.rate = host, port, skill_id, rate
        self.statuses: list[int] = []
        self.latencies: list[float] = []
        self._sequence = 0
        self._start_threads(threads)
        self._period = threads / rate

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                self._sequence += 1
                n = self._sequence
            body = json.dumps(launch_envelope(self.skill_id)).encode()
            headers = {
                "Content-Type": "application/json",
                "SignatureCertChainUrl": f"https://s3.amazonaws.com/echo.api/flood-{n}-{time.monotonic_ns()}.pem",
                "Signature-256": "c2lnbmF0dXJl" * 20,
            }
            started = time.perf_counter()
            try:
                status = post(self.host, self.port, body, headers)[0]
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with self._lock:
                self.statuses.append(status)
                self.latencies.append(elapsed)
            self._stop.wait(max(0.0, self._period - elapsed))


def post(host: str, port: int, body: bytes, headers: dict[str, str], timeout: float = 15) -> tuple[int, bytes]:
    require_loopback(host)
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class LegitResult:
    latencies: list[float]
    errors: int
    # Every answer that was not a 200: (status, first bytes of the body); status 0 for no answer.
    failures: list[tuple[int, bytes]] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p99(self) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def legit_requests(host: str, port: int, sign, skill_id: str, *, count: int, rate: float,
                   threads: int = 4) -> LegitResult:
    """`count` signed LaunchRequests at about `rate` a second, each on a new connection (the worst
    case for the server: accept, read, answer, close); latency of each, and how many were not a
    200 within 15 s."""
    require_loopback(host)
    latencies: list[float] = []
    failures: list[tuple[int, bytes]] = []
    errors = 0
    lock = threading.Lock()
    remaining = [count]
    period = threads / rate

    def run() -> None:
        nonlocal errors
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            body = json.dumps(launch_envelope(skill_id)).encode()
            headers = sign(body)
            started = time.perf_counter()
            try:
                status, answer = post(host, port, body, headers)
            except OSError as error:
                status, answer = 0, repr(error).encode()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors += 1
                    failures.append((status, answer[:200]))
            time.sleep(max(0.0, period - elapsed))

    workers = [threading.Thread(target=run, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return LegitResult(latencies, errors, failures)
