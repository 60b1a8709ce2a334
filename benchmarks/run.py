"""`make bench`: every benchmark of the project, each beside its minimal baseline, in one run."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SECTIONS = ["core_bench", "persistence_bench", "web_bench", "bundle_bench", "cold_start_bench"]


def main() -> int:
    for name in SECTIONS:
        module = importlib.import_module(name)
        print()
        if name == "persistence_bench":
            module.main([])
        else:
            module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
