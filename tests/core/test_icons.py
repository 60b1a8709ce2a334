"""Every locale has its icons: PNG files in skill-package/ at the sizes the manifest schema names,
referenced with the file:// URIs the ASK CLI uploads from the skill package."""
import json
import struct
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "skill-package"
LOCALES = json.loads((PACKAGE / "skill.json").read_text())["manifest"]["publishingInformation"]["locales"]
ICONS = {"smallIconUri": 108, "largeIconUri": 512}


def read_png(path: Path) -> dict:
    """Checks the container (signature, chunk CRCs, pixel data length) and returns the header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind = data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        offset += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    if interlace == 0 and depth == 8:
        assert len(pixels) == height * (1 + width * channels)
    return {"width": width, "height": height}


@pytest.mark.parametrize("locale", sorted(LOCALES))
@pytest.mark.parametrize("field", sorted(ICONS))
def test_each_locale_has_its_icon_in_the_skill_package(locale, field):
    uri = LOCALES[locale][field]
    assert uri.startswith("file://assets/images/"), "the ASK CLI uploads file:// paths relative to skill-package/"
    path = PACKAGE / uri.removeprefix("file://")
    assert path.suffix == ".png" and path.is_file(), f"{path} is missing: run python tools/make_icons.py"
    header = read_png(path)
    assert (header["width"], header["height"]) == (ICONS[field], ICONS[field])


def test_no_icon_file_is_left_unreferenced():
    referenced = {LOCALES[locale][field].removeprefix("file://") for locale in LOCALES for field in ICONS}
    on_disk = {str(p.relative_to(PACKAGE)) for p in (PACKAGE / "assets" / "images").glob("*")}
    assert on_disk == referenced
