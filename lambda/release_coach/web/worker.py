"""The gunicorn worker `coach serve` runs: threaded, with deadlines slow clients cannot stretch.

gunicorn's threaded worker (gthread) keeps idle keep-alive connections in its event loop, not in
a thread, but once a request's first byte arrives a thread reads the headers and the body with
no time limit at all, and a connection that is closed after its response lingers up to 2 s in
the event loop itself, stalling every connection of that worker. So a handful of clients sending
one byte a second, or never closing, can hold a server that answers thousands of requests a
second. This worker changes three things and nothing else:

- a connection that has sent nothing is handed back to the event loop after 0.5 s (not 5 s);
- from the moment a thread takes a request, reading its headers and body must finish within
  REQUEST_READ_SECONDS, however the bytes trickle in (each recv gets only the time left), and
  each response write gets RESPONSE_WRITE_SECONDS; a request cut off gets 408;
- closing a connection never waits for the client in the event loop.

Every error page gunicorn itself sends (malformed request line, oversized headers, bad chunk
framing, the 408 above) is JSON `{"error": "..."}` like the app's, with the detail in the log.
"""
from __future__ import annotations

import json
import socket
import time

from gunicorn.http import errors as http_errors
from gunicorn.workers.gthread import _DEFER, ThreadWorker

# Alexa (or the proxy in front) sends a request of a few kilobytes at once; a client still
# sending after this long is slow on purpose. Well inside Alexa's 8 s for the whole answer.
REQUEST_READ_SECONDS = 3.0
RESPONSE_WRITE_SECONDS = 3.0
FIRST_BYTE_WAIT_SECONDS = 0.5
READ_TIMEOUT_REASON = "request took too long to arrive"


class RequestReadTimeout(Exception):
    """The request's headers or body did not arrive within REQUEST_READ_SECONDS.

    Deliberately not an OSError: gunicorn logs those with a traceback and sends nothing, while
    this reaches the worker's handle_error (headers) or the app (body) and becomes a 408.
    """


class DeadlineSocket:
    """A client socket whose reads share one deadline while a thread serves a request.

    Outside a request (the event loop closing or polling it), reads never block.
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._deadline: float | None = None
        self.response_started = False

    def arm(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds
        self.response_started = False

    def disarm(self) -> None:
        self._deadline = None

    def _read_timeout(self) -> float:
        if self._deadline is None:
            return 0.0
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise RequestReadTimeout(f"request not read within {REQUEST_READ_SECONDS:g} s")
        return left

    def _read(self, read, *args):
        self._sock.settimeout(self._read_timeout())
        try:
            return read(*args)
        except (socket.timeout, BlockingIOError):
            if self._deadline is None:
                raise
            raise RequestReadTimeout(f"request not read within {REQUEST_READ_SECONDS:g} s") from None

    def recv(self, *args) -> bytes:
        return self._read(self._sock.recv, *args)

    def recv_into(self, *args) -> int:
        return self._read(self._sock.recv_into, *args)

    def settimeout(self, value) -> None:
        # gunicorn's graceful close sets a 2 s linger here; outside a request nothing may block.
        self._sock.settimeout(value if self._deadline is not None else 0.0)

    def sendall(self, data, *flags) -> None:
        self.response_started = True
        self._sock.settimeout(RESPONSE_WRITE_SECONDS)
        self._sock.sendall(data, *flags)

    def send(self, data, *flags) -> int:
        self.response_started = True
        self._sock.settimeout(RESPONSE_WRITE_SECONDS)
        return self._sock.send(data, *flags)

    def __getattr__(self, name):
        return getattr(self._sock, name)


_CLIENT_ERRORS = (
    (http_errors.LimitRequestLine, 414, "URI Too Long", "request line too long"),
    (http_errors.LimitRequestHeaders, 431, "Request Header Fields Too Large", "request headers too large"),
    (http_errors.UnsupportedTransferCoding, 501, "Not Implemented", "transfer coding not supported"),
    (http_errors.ExpectationFailed, 417, "Expectation Failed", "expectation failed"),
    (http_errors.ForbiddenProxyRequest, 403, "Forbidden", "forbidden"),
    (http_errors.InvalidChunkSize, 400, "Bad Request", "malformed chunked body"),
    (http_errors.ChunkMissingTerminator, 400, "Bad Request", "malformed chunked body"),
    (http_errors.InvalidChunkExtension, 400, "Bad Request", "malformed chunked body"),
    (http_errors.ParseException, 400, "Bad Request", "malformed HTTP request"),
)


def error_for(exc: BaseException) -> tuple[int, str, str]:
    """(status, reason phrase, terse JSON reason) for an error gunicorn answers itself."""
    if isinstance(exc, RequestReadTimeout):
        return 408, "Request Timeout", READ_TIMEOUT_REASON
    if isinstance(exc, (http_errors.InvalidResponseHeader, http_errors.InvalidResponseHeaderName)):
        return 500, "Internal Server Error", "internal server error"
    for kind, status, phrase, reason in _CLIENT_ERRORS:
        if isinstance(exc, kind):
            return status, phrase, reason
    return 500, "Internal Server Error", "internal server error"


def json_error_bytes(status: int, phrase: str, reason: str) -> bytes:
    body = json.dumps({"error": reason}, separators=(",", ":")).encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {phrase}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class GuardedThreadWorker(ThreadWorker):
    """gthread with the deadlines and JSON error pages described above."""

    def handle(self, conn):
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock)
        if not conn.initialized and not conn.data_ready:
            if not conn.wait_for_data(FIRST_BYTE_WAIT_SECONDS):
                return _DEFER  # wait in the event loop, not in a thread
        conn.sock.arm(REQUEST_READ_SECONDS)
        try:
            return super().handle(conn)
        finally:
            conn.sock.disarm()

    def handle_error(self, req, client, addr, exc):
        status, phrase, reason = error_for(exc)
        peer = (addr or ("", -1))[0]
        if status == 500:
            self.log.exception("Error handling request from ip=%s", peer)
        else:
            self.log.warning("Invalid request from ip=%s (%d): %s", peer, status, exc)
        if getattr(client, "response_started", False):
            return  # the app's answer is already on the wire; the connection just closes
        try:
            client.settimeout(RESPONSE_WRITE_SECONDS)
            client.sendall(json_error_bytes(status, phrase, reason))
        except Exception:
            self.log.debug("Failed to send error message.")

