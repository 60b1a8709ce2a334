"""Freezes a round of blind sets: merges the authors' files, splits each item by a hash.

    python tests/blind/freeze.py KIND ROUND DATE FILE [FILE ...]

Writes tests/data/KIND_blindROUND.yaml (round 1 has no number), each item given `part: tuning`
or `part: frozen` by the first byte of the SHA-256 of its text (its id for a conversation), so the
split is fixed before anything is run. Refuses to overwrite a frozen set.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = """# Written {date} by helpers who saw only the brief (tests/data/{kind}_brief.md), not the code,
# the model's samples or the patterns: round {round}, authors {authors}. Frozen on {date}: never
# edit. `part` was assigned by tests/blind/freeze.py (SHA-256 of the text) before any run; tuning
# may look at `tuning` items only.
"""


def part_of(item: dict) -> str:
    key = item.get("id") or item["text"]
    return "tuning" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "frozen"


def main(argv: list[str]) -> int:
    if len(argv) < 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    kind, round_, date, *files = argv
    out = DATA / f"{kind}_blind{'' if round_ == '1' else round_}.yaml"
    if out.exists():
        print(f"error: {out} is frozen already", file=sys.stderr)
        return 2
    items = []
    for name in files:
        items.extend(yaml.safe_load(Path(name).read_text()))
    for item in items:
        item["part"] = part_of(item)
    authors = ", ".join(sorted({str(i.get("author", "?")) for i in items}))
    text = HEADER.format(date=date, kind=kind, round=round_, authors=authors)
    out.write_text(text + yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=120))
    print(f"{out.name}: {len(items)} items, {sum(i['part'] == 'tuning' for i in items)} tuning")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
