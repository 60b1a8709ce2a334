from __future__ import annotations

import pytest
from release_coach.settings import Settings
from release_coach.skill import create_skill
from release_coach.web.app import create_app
from release_coach.web.local_ca import LocalAlexaCA
from web_helpers import SKILL_ID


@pytest.fixture(scope="session")
def local_ca() -> LocalAlexaCA:
    return LocalAlexaCA.create()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(skill_id=SKILL_ID)


@pytest.fixture(scope="session")
def skill(settings):
    return create_skill(settings)


@pytest.fixture
def verified_app(local_ca, settings, skill):
    app = create_app(settings, skill=skill, signature_verifier=local_ca.signature_verifier())
    return app


@pytest.fixture
def verified_client(verified_app):
    return verified_app.test_client()
