"""Build every locale's interaction model from the fragments in interactionModels/parts/.

Each area of the skill (dialog, routines, safety, knowledge, memory) keeps its intents and slot
types in its own fragment, so the model is edited where its meaning lives. This writes
interactionModels/custom/<locale>.json for every published English locale and the copies that
`ask deploy` reads in skill-package/. `make model` runs it; a test checks the output is current.

    python tools/build_models.py          write the models
    python tools/build_models.py --check  exit 1 if any written model is out of date
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ROOT / "interactionModels" / "parts"
OUTPUTS = (ROOT / "interactionModels" / "custom", ROOT / "skill-package" / "interactionModels" / "custom")
LOCALES = ("en-US", "en-GB", "en-AU", "en-CA", "en-IN")
INVOCATION = "release coach"
# Order of the fragments in the built model (and so of the intents Alexa lists).
AREAS = ("routines", "memory", "safety", "knowledge", "dialog")


def build() -> str:
    intents, types, seen_types = [], [], set()
    names = sorted(p.stem for p in PARTS.glob("*.json"))
    if sorted(AREAS) != names:
        raise SystemExit(f"build_models: fragments {names} differ from the areas {sorted(AREAS)}")
    for area in AREAS:
        part = json.loads((PARTS / f"{area}.json").read_text())
        intents += part.get("intents", [])
        for slot_type in part.get("types", []):
            if slot_type["name"] in seen_types:
                raise SystemExit(f"build_models: slot type {slot_type['name']} is defined twice")
            seen_types.add(slot_type["name"])
            types.append(slot_type)
    model = {"interactionModel": {"languageModel": {"invocationName": INVOCATION, "intents": intents,
                                                    "types": types}}}
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if argv not in ([], ["--check"]):
        print("usage: build_models.py [--check]", file=sys.stderr)
        return 2
    text = build()
    stale = []
    for folder in OUTPUTS:
        for locale in LOCALES:
            path = folder / f"{locale}.json"
            if not path.exists() or path.read_text() != text:
                stale.append(path)
                if not argv:
                    folder.mkdir(parents=True, exist_ok=True)
                    path.write_text(text)
    if argv and stale:
        print("out of date (run `make model`): " + ", ".join(str(p.relative_to(ROOT)) for p in stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
