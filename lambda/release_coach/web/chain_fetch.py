"""Fetching the certificate chain over HTTPS, bounded: one deadline for name lookup, connect, TLS
and every read, a cap on the body's size, a bound on the name lookups left running, and no
redirects. Knows nothing of certificates; what it returns is checked in chain_trust.py."""
from __future__ import annotations

import socket
import ssl
import threading
import time
from concurrent.futures import Future, TimeoutError as FutureTimeout
from urllib.parse import urlsplit

# Amazon's chain is a few kilobytes; the cap and the deadline (DNS, connect, TLS and every read
# together) stop a slow or hostile endpoint from holding a thread.
CHAIN_FETCH_TIMEOUT_SECONDS = 3.0
CHAIN_MAX_BYTES = 64 * 1024
_RESPONSE_HEAD_MAX_BYTES = 16 * 1024


class ChainFetchError(Exception):
    pass


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self._end - time.monotonic()
        if left <= 0:
            raise ChainFetchError(f"chain fetch took over {self.seconds:g} s")
        return left


# getaddrinfo cannot be interrupted, so it runs in a thread the fetch stops waiting for at the
# deadline; this many may be left running at once per process before fetches fail fast.
_MAX_RESOLVER_THREADS = 8
_resolvers = threading.BoundedSemaphore(_MAX_RESOLVER_THREADS)


def _resolve(host: str, port: int, deadline: _Deadline) -> list[tuple]:
    if not _resolvers.acquire(blocking=False):
        raise ChainFetchError("too many name lookups in progress")
    result: Future = Future()

    def lookup() -> None:
        try:
            result.set_result(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as error:  # reported to the waiting fetch, if it still waits
            result.set_exception(error)
        finally:
            _resolvers.release()

    threading.Thread(target=lookup, name="chain-dns", daemon=True).start()
    try:
        return result.result(timeout=deadline.remaining())
    except FutureTimeout:
        raise ChainFetchError(f"name lookup took over {deadline.seconds:g} s") from None
    except OSError as error:
        raise ChainFetchError(f"name lookup failed: {error}") from None


def _connect(addresses: list[tuple], deadline: _Deadline) -> socket.socket:
    last_error: OSError | None = None
    for family, kind, protocol, _, address in addresses:
        connection = socket.socket(family, kind, protocol)
        try:
            connection.settimeout(deadline.remaining())
            connection.connect(address)
            return connection
        except ChainFetchError:
            connection.close()
            raise
        except TimeoutError:
            connection.close()
            raise ChainFetchError(f"chain fetch took over {deadline.seconds:g} s") from None
        except OSError as error:
            connection.close()
            last_error = error
    raise ChainFetchError(f"connect failed: {last_error}")


_tls_context: ssl.SSLContext | None = None


def _tls() -> ssl.SSLContext:
    global _tls_context
    if _tls_context is None:
        import certifi

        _tls_context = ssl.create_default_context(cafile=certifi.where())
    return _tls_context


def _recv(connection: socket.socket, deadline: _Deadline, size: int = 16384) -> bytes:
    connection.settimeout(deadline.remaining())
    try:
        return connection.recv(size)
    except TimeoutError:
        raise ChainFetchError(f"chain fetch took over {deadline.seconds:g} s") from None


def _dechunk(data: bytes) -> bytes:
    body = bytearray()
    while True:
        line, found, data = data.partition(b"\r\n")
        if not found:
            raise ChainFetchError("chunked body is cut short")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise ChainFetchError("chunked body is malformed") from None
        if size == 0:
            return bytes(body)
        if len(data) < size + 2:
            raise ChainFetchError("chunked body is cut short")
        body += data[:size]
        data = data[size + 2:]


def fetch_chain_over_https(
    url: str,
    *,
    timeout: float = CHAIN_FETCH_TIMEOUT_SECONDS,
    max_bytes: int = CHAIN_MAX_BYTES,
) -> bytes:
    """GET the chain: one deadline for name lookup, connect, TLS and every read; at most
    `max_bytes` of body; no redirects followed. `http://` is accepted for local tests only:
    production passes nothing but canonical_chain_url's https URLs."""
    deadline = _Deadline(timeout)
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    host = parts.hostname or ""
    port = parts.port or (443 if secure else 80)
    connection = _connect(_resolve(host, port, deadline), deadline)
    try:
        if secure:
            connection = _tls().wrap_socket(connection, server_hostname=host, do_handshake_on_connect=False)
            connection.settimeout(deadline.remaining())
            try:
                connection.do_handshake()
            except TimeoutError:
                raise ChainFetchError(f"chain fetch took over {deadline.seconds:g} s") from None
        request = (
            f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "User-Agent: release-coach\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        )
        connection.settimeout(deadline.remaining())
        connection.sendall(request.encode("ascii"))
        received = bytearray()
        while b"\r\n\r\n" not in received:
            chunk = _recv(connection, deadline)
            if not chunk:
                raise ChainFetchError("connection closed before the response headers")
            received += chunk
            if len(received) > _RESPONSE_HEAD_MAX_BYTES + max_bytes:
                raise ChainFetchError("response headers are too long")
        head, _, body = bytes(received).partition(b"\r\n\r\n")
        if len(head) > _RESPONSE_HEAD_MAX_BYTES:
            raise ChainFetchError("response headers are too long")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = status_line.split(" ", 2)
        if len(status) < 2 or not status[0].startswith("HTTP/1.") or status[1] != "200":
            raise ChainFetchError(f"chain fetch answered {status_line[:60]!r}")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        declared = headers.get("content-length")
        if not chunked and declared is not None:
            if not declared.isdigit():
                raise ChainFetchError("response Content-Length is malformed")
            if int(declared) > max_bytes:
                raise ChainFetchError(f"chain is {declared} bytes, over the {max_bytes}-byte cap")
        # Chunk framing adds a little on top of the body; the cap applies to the body itself.
        limit = max_bytes + (max_bytes // 8 + 64 if chunked else 0)
        body = bytearray(body)
        while declared is None or chunked or len(body) < int(declared):
            if len(body) > limit:
                raise ChainFetchError(f"chain is over the {max_bytes}-byte cap")
            if chunked and (body.endswith(b"\r\n0\r\n\r\n") or body == b"0\r\n\r\n"):
                break
            chunk = _recv(connection, deadline)
            if not chunk:
                break
            body += chunk
        body = _dechunk(bytes(body)) if chunked else bytes(body)
        if len(body) > max_bytes:
            raise ChainFetchError(f"chain is over the {max_bytes}-byte cap")
        if declared is not None and not chunked and len(body) != int(declared):
            raise ChainFetchError("chain does not match its Content-Length")
        return body
    except ssl.SSLError as error:
        raise ChainFetchError(f"TLS failed: {error}") from None
    except OSError as error:  # resets and the like; timeouts are handled where they happen
        raise ChainFetchError(f"chain fetch failed: {error}") from None
    finally:
        connection.close()
