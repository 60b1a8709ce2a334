"""Where the blind sets live, for tests that count them."""
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "data"


def load(kind: str, part: str = "all") -> list[dict]:
    items = yaml.safe_load((DATA / f"{kind}_blind.yaml").read_text())
    return [i for i in items if part == "all" or i["part"] == part]
