"""What a Lambda cold start imports: only what answering a request needs."""
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from release_coach.domain.coach import PARTS, Coach, Context, Profile, SessionState, load_parts
from release_coach.domain.starting import StartingMixin

LAMBDA_DIR = Path(__file__).resolve().parents[2] / "lambda"
# Each of these is heavy and has no business on the request path of the Lambda function.
NEVER = ["flask", "rich", "boto3", "botocore", "gunicorn", "cryptography", "sqlite3", "urllib.request",
         "xml.etree.ElementTree", "yaml", "release_coach.console", "release_coach.web"]


def modules_after(code: str, env: dict) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, **env, "PYTHONPATH": str(LAMBDA_DIR)}, cwd=LAMBDA_DIR)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


FIRST_REQUEST = """
import lambda_function
event = {"version": "1.0", "session": {"new": True, "sessionId": "s", "application": {"applicationId": "a"},
         "user": {"userId": "u"}}, "context": {"System": {"application": {"applicationId": "a"},
         "user": {"userId": "u"}, "device": {"deviceId": "d", "supportedInterfaces": {}}}},
         "request": {"type": "LaunchRequest", "requestId": "r", "timestamp": "2026-01-01T00:00:00Z",
         "locale": "en-US"}}
assert "Welcome" in lambda_function.lambda_handler(event, None)["response"]["outputSpeech"]["ssml"]
"""


@pytest.mark.parametrize("code", ["import lambda_function", FIRST_REQUEST], ids=["import", "first-request"])
def test_the_lambda_path_imports_nothing_heavy(code):
    loaded = modules_after(code, {"SKILL_PERSISTENCE": "none"})
    assert "release_coach.skill" in loaded
    heavy = sorted(m for m in loaded if any(m == n or m.startswith(n + ".") for n in NEVER))
    assert heavy == []


def test_dynamodb_brings_boto3_only_when_chosen():
    code = "import lambda_function\nfrom release_coach.skill import create_skill\ncreate_skill()"
    chosen = modules_after(code, {"SKILL_PERSISTENCE": "dynamodb", "DYNAMODB_TABLE": "t",
                                  "DYNAMODB_REGION": "us-east-1"})
    assert "boto3" in chosen
    assert "boto3" not in modules_after(code, {"SKILL_PERSISTENCE": "none"})


def test_the_first_response_imports_no_logging():
    # logging (with traceback, textwrap, threading) costs a cold start several ms; nothing on the
    # way to the first response logs, so release_coach.settings.lazy_logger imports it on first use.
    loaded = modules_after(FIRST_REQUEST, {"SKILL_PERSISTENCE": "none"})
    assert "logging" not in loaded


def test_the_log_level_still_applies_when_logging_is_loaded_late():
    code = ("from release_coach.skill import create_skill\n"
            "from release_coach.settings import Settings, lazy_logger\n"
            "create_skill(Settings(log_level='DEBUG'))\n"
            "import logging\n"
            "assert 'logging' in sys.modules\n"
            "lazy_logger('release_coach.handlers').debug('x')\n"
            "assert logging.getLogger('release_coach').level == logging.DEBUG\n")
    modules_after(code, {"SKILL_PERSISTENCE": "none"})


def test_the_first_response_without_a_store_skips_pathlib_and_the_record_format():
    # Both cost a cold start and the first response needs neither: pathlib (with fnmatch and
    # ntpath behind it) only found two lexicon files, and the record format is for a chosen store.
    loaded = modules_after(FIRST_REQUEST, {"SKILL_PERSISTENCE": "none"})
    assert {"pathlib", "release_coach.persistence.records"} & loaded == set()
    with_store = modules_after(FIRST_REQUEST + "from release_coach.persistence import StorageError\n",
                               {"SKILL_PERSISTENCE": "none"})
    assert "release_coach.persistence.records" in with_store



# The coach's parts a launch doesn't run (domain/coach.py PARTS), and what only they, timed speech
# and routines use (a first launch starts none): each would be a module's body run on every cold start.
OFF_THE_LAUNCH_PATH = ["release_coach.domain.player", "release_coach.domain.navigation",
                       "release_coach.domain.preferences", "release_coach.domain.safety_flow",
                       "release_coach.domain.talk", "release_coach.domain.routines", "release_coach.speech.timeline",
                       "release_coach.speech.numbers", "zlib"]


def test_a_launch_loads_none_of_the_coach_parts_it_does_not_run():
    loaded = modules_after(FIRST_REQUEST, {"SKILL_PERSISTENCE": "none"})
    assert sorted(set(OFF_THE_LAUNCH_PATH) & loaded) == []


def test_the_parts_load_on_the_first_turn_that_needs_them():
    code = FIRST_REQUEST + (
        "from release_coach.domain.coach import Answer, Coach, Context, Profile, SessionState\n"
        "assert 'release_coach.domain.player' not in sys.modules\n"
        "coach = Coach(SessionState(), Profile(), Context(now=0.0))\n"
        "reply = coach.hear(Answer('routine', 'ball_release'))\n"
        "assert 'ask:screen' in reply.tags, reply.tags\n")
    loaded = modules_after(code, {"SKILL_PERSISTENCE": "none"})
    assert {f"release_coach.domain.{module}" for module, _ in PARTS} <= loaded


def test_with_its_parts_loaded_the_coach_is_the_class_that_lists_them_all():
    # The same bases in the same order: every name resolves as in `class Coach(StartingMixin,
    # PlayerMixin, NavigationMixin, PreferencesMixin, SafetyMixin, TalkMixin)`.
    load_parts()
    assert load_parts() is False  # once only
    mixins = [getattr(importlib.import_module(f"release_coach.domain.{module}"), name) for module, name in PARTS]
    assert [m.__name__ for m in mixins] == ["PlayerMixin", "NavigationMixin", "PreferencesMixin", "SafetyMixin",
                                            "TalkMixin"]
    assert Coach.__mro__ == (Coach, StartingMixin, *mixins, object)
    with pytest.raises(AttributeError, match="no_such_method"):
        Coach(SessionState(), Profile(), Context(now=0.0)).no_such_method


def test_a_lookup_that_missed_while_another_thread_loaded_the_parts_still_finds_the_name():
    # Thread A's normal lookup misses before thread B has mixed the parts in; by the time A's
    # __getattr__ runs they are loaded, and A must get the method, not an AttributeError.
    load_parts()
    coach = Coach(SessionState(), Profile(), Context(now=0.0))
    assert Coach.__getattr__(coach, "next").__func__ is Coach.next
