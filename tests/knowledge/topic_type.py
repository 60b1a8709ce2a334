"""The TOPIC slot type, written from content/en/knowledge.json so the two can't drift.

Each knowledge entry is one TOPIC value: its id, its first synonym as the value and the rest as
synonyms. tests/knowledge/test_kb_model.py checks interactionModels/parts/knowledge.json holds
exactly this.

    python tests/knowledge/topic_type.py --write    rewrite the TOPIC type in the fragment
                                                    (then `make model`)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PART = ROOT / "interactionModels" / "parts" / "knowledge.json"
KB = ROOT / "lambda" / "release_coach" / "content" / "en" / "knowledge.json"


def topic_type() -> dict:
    entries = json.loads(KB.read_text(encoding="utf-8"))["topics"]
    values = [{"id": e["id"], "name": {"value": e["synonyms"][0], "synonyms": e["synonyms"][1:]}} for e in entries]
    return {"name": "TOPIC", "values": values}


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(__doc__, file=sys.stderr)
        return 2
    part = json.loads(PART.read_text(encoding="utf-8"))
    part["types"] = [t for t in part.get("types", []) if t["name"] != "TOPIC"] + [topic_type()]
    PART.write_text(json.dumps(part, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
