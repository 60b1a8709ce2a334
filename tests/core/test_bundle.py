"""The Lambda bundle holds our package and the SDK, never what the Python Lambda runtime ships.

The ASK CLI installs lambda/requirements.txt into the bundle with pip, dependencies and all, so
the check is on everything those requirements pull in, read from the installed packages'
metadata (no network). benchmarks/bundle_bench.py builds the real zip and prints its size.
"""
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

REQUIREMENTS = Path(__file__).resolve().parents[2] / "lambda" / "requirements.txt"
# In the Python Lambda runtime already; our DynamoDB store uses the runtime's copy.
RUNTIME_SHIPS = {"boto3", "botocore", "s3transfer", "jmespath"}


def canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def closure(requirements: list[Requirement]) -> set[str]:
    """Every distribution pip would install for these requirements (no extras asked for)."""
    seen, todo = set(), list(requirements)
    while todo:
        requirement = todo.pop()
        name = canonical(requirement.name)
        if name in seen or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        todo.extend(Requirement(text) for text in metadata.requires(name) or [])
    return seen


def lambda_requirements() -> list[Requirement]:
    lines = (line.split("#")[0].strip() for line in REQUIREMENTS.read_text().splitlines())
    return [Requirement(line) for line in lines if line]


def test_the_bundle_pulls_in_nothing_the_runtime_ships():
    installed = closure(lambda_requirements())
    assert "ask-sdk-core" in installed
    assert installed & RUNTIME_SHIPS == set()


def test_the_check_follows_dependencies():
    # boto3 is installed for the tests; its own dependencies show that the walk goes deep.
    assert {"boto3", "botocore", "s3transfer", "jmespath"} <= closure([Requirement("boto3")])


def test_what_botocore_shares_with_the_bundle_stays_in_botocores_range():
    # On Lambda the bundle's folder comes first on sys.path, so the runtime's botocore imports
    # the bundle's python-dateutil and urllib3: the bundle must not carry a version it can't use.
    ours = {canonical(r.name): r.specifier for r in lambda_requirements()}
    shared = closure(lambda_requirements())
    for requirement in map(Requirement, metadata.requires("botocore")):
        name = canonical(requirement.name)
        if requirement.marker or name not in shared:
            continue
        assert name in ours, f"{name}: pin it in lambda/requirements.txt to botocore's range {requirement.specifier}"
        for bound in (spec.version for spec in requirement.specifier if spec.operator == "<"):
            assert not ours[name].contains(bound, prereleases=True), (name, str(ours[name]), bound)
