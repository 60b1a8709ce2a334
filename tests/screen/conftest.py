import pytest

from release_coach.console.matcher import Matcher
from release_coach.console.model import load_model


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return Matcher(load_model("en-US"))


@pytest.fixture(scope="session")
def lambda_handler():
    """What lambda_function.lambda_handler does, with no store and no skill id, built once."""
    from release_coach.settings import Settings
    from release_coach.skill import create_skill, handle_event

    skill = create_skill(Settings.from_env({}))
    return lambda event, context: handle_event(skill, event, context)
