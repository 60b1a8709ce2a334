"""The chain URL's strict form: Amazon's documented shape, checked by its parts and rebuilt, so
what is fetched and what the cache is keyed by is one canonical spelling. Costs a regex, no I/O."""
from __future__ import annotations

import re

from release_coach.web.refusals import BAD_CHAIN_URL, Refusal

CHAIN_URL_HOST = "s3.amazonaws.com"
CHAIN_URL_PATH_PREFIX = "/echo.api/"
# Amazon's URLs are about 50 characters (https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem).
CHAIN_URL_MAX_CHARS = 256

_URL_SHAPE = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<path>[^?#]*)(?P<rest>[?#].*)?",
    re.DOTALL,
)
_PATH_CHARS = re.compile(r"[A-Za-z0-9._~/%-]*")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def canonical_chain_url(url: object) -> str:
    """Amazon's documented form, rebuilt from its checked parts, or a Refusal saying why not.

    Accepted: scheme https and host s3.amazonaws.com in any case, port 443 if given, no user,
    query or fragment, and a path of unreserved characters (percent-encoded ones are decoded;
    any other percent-encoding, such as %3F, %23 or %00, is refused) that still starts with
    /echo.api/ once `.` and `..` are resolved. What is fetched, and what the cache is keyed by, is
    the rebuilt URL, so two spellings of one URL are one cache entry.
    """
    def refuse(detail: str) -> Refusal:
        return Refusal(BAD_CHAIN_URL, detail)

    if not isinstance(url, str) or not url:
        raise refuse("empty")
    if len(url) > CHAIN_URL_MAX_CHARS:
        raise refuse(f"longer than {CHAIN_URL_MAX_CHARS} characters")
    if not url.isascii() or not url.isprintable() or " " in url:
        raise refuse("malformed: characters outside printable ASCII")
    shape = _URL_SHAPE.fullmatch(url)
    if shape is None:
        raise refuse("malformed")
    if shape["scheme"].lower() != "https":
        raise refuse("not https")
    authority = shape["authority"]
    if "@" in authority:
        raise refuse(f"host is not {CHAIN_URL_HOST} (has user info)")
    host, colon, port = authority.partition(":")
    if host.lower() != CHAIN_URL_HOST:
        raise refuse(f"host is not {CHAIN_URL_HOST}")
    if colon and not port.isdigit():
        raise refuse("malformed port")
    if colon and int(port) != 443:
        raise refuse("port is not 443")
    if shape["rest"]:
        raise refuse("has a query or fragment")
    raw_path = shape["path"]
    if not _PATH_CHARS.fullmatch(raw_path):
        raise refuse("path has a disallowed character")

    def decode(match: re.Match) -> str:
        character = chr(int(match[1], 16))
        if character not in _UNRESERVED:
            raise refuse(f"path has a disallowed percent-encoding %{match[1]}")
        return character

    if "%" in _PERCENT.sub("", raw_path):
        raise refuse("path has a malformed percent-encoding")
    path = _PERCENT.sub(decode, raw_path)
    segments: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not segments:
                raise refuse("path climbs above the root")
            segments.pop()
            continue
        segments.append(segment)
    canonical_path = "/" + "/".join(segments)
    if not canonical_path.startswith(CHAIN_URL_PATH_PREFIX):
        raise refuse(f"path is not under {CHAIN_URL_PATH_PREFIX}")
    return f"https://{CHAIN_URL_HOST}{canonical_path}"
