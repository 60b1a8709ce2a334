import pytest


@pytest.fixture
def lambda_handler(monkeypatch):
    for name in ("SKILL_ID", "SKILL_PERSISTENCE", "DYNAMODB_TABLE", "SQLITE_PATH"):
        monkeypatch.delenv(name, raising=False)
    import lambda_function

    monkeypatch.setattr(lambda_function, "_skill", None)
    return lambda_function.lambda_handler
