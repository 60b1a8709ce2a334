"""A response to a speaker without a screen loads none of the screen code or the SDK's APL classes."""
import json
import os
import subprocess
import sys
from pathlib import Path

LAMBDA_DIR = Path(__file__).resolve().parents[2] / "lambda"

SPEAKER_LAUNCH = """
import sys, json
import lambda_function
event = {"version": "1.0", "session": {"new": True, "sessionId": "s", "application": {"applicationId": "a"},
         "user": {"userId": "u"}}, "context": {"System": {"application": {"applicationId": "a"},
         "user": {"userId": "u"}, "device": {"deviceId": "d", "supportedInterfaces": {}}}},
         "request": {"type": "LaunchRequest", "requestId": "r", "timestamp": "2026-01-01T00:00:00Z",
         "locale": "en-US"}}
assert "outputSpeech" in lambda_function.lambda_handler(event, None)["response"]
print(json.dumps(sorted(sys.modules)))
"""


def test_a_speaker_loads_no_screen_code():
    out = subprocess.run([sys.executable, "-c", SPEAKER_LAUNCH], capture_output=True, text=True, check=True,
                         env={**os.environ, "SKILL_PERSISTENCE": "none", "PYTHONPATH": str(LAMBDA_DIR)},
                         cwd=LAMBDA_DIR)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "release_coach.screen" in loaded  # the one small module respond() calls
    for heavy in ("release_coach.screen.apl", "release_coach.screen.view", "release_coach.screen.card",
                  "ask_sdk_model.interfaces.alexa.presentation.apl"):
        assert heavy not in loaded
