"""Draw the skill's icons: a tennis ball on a teal tile, with two rings easing out from it.

Pure Python (zlib and struct), so it needs nothing installed. Every locale gets its own pair of
files, named as the ASK CLI names them when it exports a skill package, so one locale can be
given a different picture without touching the others. Run from the repository root:

    python tools/make_icons.py

It rewrites skill-package/assets/images/<locale>_{small,large}IconUri.png for every locale in
skill-package/skill.json; commit the PNGs (the manifest points at them with file:// URIs, which
`ask deploy` uploads). tests/core/test_icons.py checks sizes, format and references.
"""
from __future__ import annotations

import json
import math
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "skill-package" / "assets" / "images"
# The sizes Amazon's manifest schema names for smallIconUri and largeIconUri.
SIZES = {"small": 108, "large": 512}
SUPERSAMPLE = 3  # samples per pixel along each axis, for smooth edges

TILE_TOP = (14, 92, 99)
TILE_BOTTOM = (8, 60, 72)
RING = (120, 196, 190)
BALL = (221, 236, 92)
BALL_SHADE = (176, 196, 52)
SEAM = (250, 250, 240)


def _mix(a, b, t):
    return tuple(x + (y - x) * t for x, y in zip(a, b))


def _colour_at(u: float, v: float):
    """The picture on the unit square, (0, 0) top left; returns an RGB tuple of floats."""
    colour = _mix(TILE_TOP, TILE_BOTTOM, v)
    cx, cy = 0.5, 0.5
    r = math.hypot(u - cx, v - cy)
    # Two thin rings around the ball: pressure easing out.
    for radius, width, strength in ((0.36, 0.018, 0.55), (0.44, 0.014, 0.3)):
        if abs(r - radius) < width:
            colour = _mix(colour, RING, strength)
    ball_radius = 0.27
    if r < ball_radius:
        # Light from the top left: darker toward the bottom right edge.
        shade = max(0.0, ((u - cx) + (v - cy)) / (2 * ball_radius)) * 0.8
        colour = _mix(BALL, BALL_SHADE, min(1.0, shade))
        # The seam: two arcs of circles centred outside the ball, left and right.
        for sx in (cx - 0.36, cx + 0.36):
            if abs(math.hypot(u - sx, v - cy) - 0.25) < 0.016:
                colour = SEAM
    return colour


def render(size: int) -> bytes:
    """Raw RGB rows, each prefixed with PNG filter byte 0."""
    rows = bytearray()
    n = SUPERSAMPLE
    step = 1.0 / (size * n)
    for y in range(size):
        rows.append(0)
        for x in range(size):
            total = [0.0, 0.0, 0.0]
            for j in range(n):
                v = (y * n + j + 0.5) * step
                for i in range(n):
                    c = _colour_at((x * n + i + 0.5) * step, v)
                    total[0] += c[0]
                    total[1] += c[1]
                    total[2] += c[2]
            rows.extend(min(255, round(t / (n * n))) for t in total)
    return bytes(rows)


def png(size: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b""))


def icon_path(locale: str, kind: str) -> Path:
    return IMAGES / f"{locale}_{kind}IconUri.png"


def main() -> int:
    manifest = json.loads((ROOT / "skill-package" / "skill.json").read_text())
    locales = manifest["manifest"]["publishingInformation"]["locales"]
    IMAGES.mkdir(parents=True, exist_ok=True)
    drawn = {kind: png(size, render(size)) for kind, size in SIZES.items()}
    for locale in locales:
        for kind, data in drawn.items():
            path = icon_path(locale, kind)
            path.write_bytes(data)
            print(f"{path.relative_to(ROOT)}: {SIZES[kind]}x{SIZES[kind]}, {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
