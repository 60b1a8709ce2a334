"""The Lambda bundle: what `ask deploy` builds (hooks/build.sh) and what it holds.

The ASK CLI takes its custom build flow when hooks/build.sh exists where `ask deploy` runs: it
copies lambda/ into .ask/lambda/, runs the hook there with the zip's path and uploads the zip.
The tests build that zip the same way with no network (the hook's --from-installed takes the
requirements from this venv's packages instead of PyPI's Linux wheels: the same files on this
Linux x86_64 machine, which is what lets CI build it offline) and check what it holds. The
requirement checks read the installed packages' metadata. benchmarks/bundle_bench.py builds the
real zip from PyPI and prints its size.
"""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from envelopes import envelope
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from build_lambda import RUNTIME_PYTHON, canonical, closure, read_requirements  # noqa: E402

HOOK = ROOT / "hooks" / "build.sh"
REQUIREMENTS = ROOT / "lambda" / "requirements.txt"
# In the Python Lambda runtime already; our DynamoDB store uses the runtime's copy.
RUNTIME_SHIPS = {"boto3", "botocore", "s3transfer", "jmespath"}


def lambda_requirements() -> list[Requirement]:
    return read_requirements(REQUIREMENTS)


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


def test_ask_deploy_builds_with_our_hook():
    # The CLI looks for hooks/build.sh (build.ps1 on Windows) under the folder it runs in, the
    # project root where ask-resources.json is, and runs it directly: it must be executable.
    resources = json.loads((ROOT / "ask-resources.json").read_text())
    profile = resources["profiles"]["default"]
    assert (ROOT / profile["code"]["default"]["src"] / "lambda_function.py").is_file()
    assert HOOK.is_file() and os.access(HOOK, os.X_OK)
    assert HOOK.read_text().startswith("#!/usr/bin/env bash\n")
    assert (ROOT / "hooks" / "build.ps1").is_file()
    # The bytecode it writes loads only on the runtime's Python.
    assert profile["skillInfrastructure"]["userConfig"]["runtime"] == "python%d.%d" % RUNTIME_PYTHON


def run_hook(build: Path, *options: str, python: str = sys.executable) -> subprocess.CompletedProcess:
    return subprocess.run([str(HOOK), str(build / "build.zip"), "false", *options], cwd=build,
                          env={**os.environ, "ASK_BUILD_PYTHON": python}, capture_output=True, text=True)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    """The zip as `ask deploy` builds it: lambda/ copied whole into .ask/lambda/, the hook run there."""
    build = tmp_path_factory.mktemp("project") / ".ask" / "lambda"
    shutil.copytree(ROOT / "lambda", build)
    result = run_hook(build, "--from-installed")
    assert result.returncode == 0, result.stderr
    return build / "build.zip"


def test_the_zip_is_small_and_carries_nothing_the_runtime_ships(deployed):
    with zipfile.ZipFile(deployed) as bundle:
        names = bundle.namelist()
        modes = {info.external_attr >> 16 for info in bundle.infolist()}
    assert deployed.stat().st_size <= 3 * 1024 * 1024
    assert "lambda_function.py" in names and "release_coach/skill.py" in names
    tops = {canonical(name.split("/")[0].split("-")[0]) for name in names}
    assert tops & RUNTIME_SHIPS == set()
    assert not [n for n in names if ".egg-info/" in n or n == "requirements.txt"]
    assert all(mode & 0o444 == 0o444 for mode in modes), sorted(map(oct, modes))  # Lambda runs as another user


def test_equal_sources_give_an_equal_zip(deployed, tmp_path):
    # The CLI skips the upload when the zip's hash is the last deploy's: the build folder's name
    # (random here, as in a fresh clone) and the time must not get into the zip.
    build = tmp_path / "elsewhere" / ".ask" / "lambda"
    shutil.copytree(deployed.parent, build, ignore=shutil.ignore_patterns("build.zip"))
    result = run_hook(build, "--from-installed")
    assert result.returncode == 0, result.stderr
    assert (build / "build.zip").read_bytes() == deployed.read_bytes()


def test_the_zip_ships_checked_hash_bytecode_beside_its_sources(deployed):
    with zipfile.ZipFile(deployed) as bundle:
        names = set(bundle.namelist())
        pyc = {name: bundle.read(name)[4:8] for name in names if name.endswith(".pyc")}
    assert "release_coach/__pycache__/skill.cpython-311.pyc" in pyc
    assert "__pycache__/lambda_function.cpython-311.pyc" in pyc
    # PEP 552 flags: bit 0 hash-based, bit 1 checked against the source on every import.
    assert {flags for flags in pyc.values()} == {(3).to_bytes(4, "little")}
    sources = {name.replace("__pycache__/", "").replace(".cpython-311.pyc", ".py") for name in pyc}
    assert sources <= names


FIRST_RESPONSE = """import importlib.util, json, os, sys
sys.dont_write_bytecode = True
folder = sys.argv[1]
sys.path.insert(0, folder)
import lambda_function
response = lambda_function.lambda_handler(json.loads(sys.argv[2]), None)
loaded = [m.__file__ for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").endswith(".py")]
print(json.dumps({"speech": response["response"]["outputSpeech"]["ssml"],
                  "outside": [f for f in loaded if not f.startswith(folder)],
                  "compiled_at_import": [f for f in loaded if f.startswith(folder)
                                         and not os.path.exists(importlib.util.cache_from_source(f))]}))
"""


def test_the_unpacked_zip_answers_a_launch_request_from_bytecode(deployed, tmp_path):
    with zipfile.ZipFile(deployed) as bundle:
        bundle.extractall(tmp_path)
    # -I -S: nothing from the venv, only the stdlib and the bundle, as in Lambda's /var/task.
    result = subprocess.run([sys.executable, "-I", "-S", "-c", FIRST_RESPONSE, str(tmp_path),
                             json.dumps(envelope({"type": "LaunchRequest"}, new=True))],
                            env={"PATH": os.environ["PATH"], "SKILL_PERSISTENCE": "none"},
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "Welcome" in answer["speech"]
    stdlib = os.path.dirname(os.__file__)
    assert [f for f in answer["outside"] if not f.startswith(stdlib)] == []
    assert answer["compiled_at_import"] == []


def test_the_hook_says_what_is_missing(tmp_path):
    result = run_hook(tmp_path, python=str(tmp_path / "no-python"))
    assert result.returncode == 1
    assert result.stderr.startswith("hooks/build.sh: needs Python 3.11"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run_hook(tmp_path, "--from-installed")  # an empty folder: no lambda_function.py
    assert result.returncode == 1
    assert "is no code folder" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "build.zip").exists()
