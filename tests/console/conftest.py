"""Fixtures for the local voice console: a tiny interaction model, a scripted skill, safe paths."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from release_coach.console.model import InteractionModel
from release_coach.console.matcher import Matcher

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def tiny_model() -> InteractionModel:
    data = json.loads((FIXTURES / "tiny-model.json").read_text(encoding="utf-8"))
    return InteractionModel.from_dict(data, "en-US")


@pytest.fixture(scope="session")
def tiny_matcher(tiny_model) -> Matcher:
    return Matcher(tiny_model)


@pytest.fixture
def coach_env(tmp_path) -> dict:
    """Environment for running `coach` as a subprocess: every file it writes lands in tmp_path."""
    env = {key: value for key, value in os.environ.items() if key not in ("SKILL_ID", "SKILL_PERSISTENCE")}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        SQLITE_PATH=str(tmp_path / "coach.sqlite3"),
        COLUMNS="200",
        PYTHONIOENCODING="utf-8",
    )
    return env
