"""Conversation flows kept as data (flows/*.yaml), spoken through lambda_handler turn by turn.

Each utterance goes through the local console's matcher (built from the real interaction model)
into a real request envelope; session attributes flow from each response into the next request.
Turns assert on what the skill did (the reply tags and line keys it leaves in the session
attribute "reply"), not on wording.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

FLOWS_DIR = Path(__file__).parent


class RecordingLambdaTransport:
    """Sends each envelope to lambda_function.lambda_handler and keeps the last response."""

    def __init__(self, handler):
        self.handler = handler
        self.last: dict | None = None

    def send(self, envelope: dict) -> dict:
        self.last = self.handler(envelope, None)
        return self.last


def load_flows():
    flows = []
    for path in sorted(FLOWS_DIR.glob("*.yaml")):
        for flow in yaml.safe_load(path.read_text())["flows"]:
            flows.append(pytest.param(flow, id=f"{path.stem}: {flow['name']}"))
    return flows
