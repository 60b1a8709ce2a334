"""What persistence costs: cold-start import per store, and time per request with SQLite on.

    .venv/bin/python benchmarks/persistence_bench.py [--runs N]

Cold start: a fresh interpreter per run (as Lambda gets) times `import lambda_function` plus
building the skill from the environment, with SKILL_PERSISTENCE=none, sqlite and dynamodb; and
the persistence layer's share alone (ask-sdk-core plus make_adapter) the same way.
Per request: a LaunchRequest then AMAZON.NextIntent for a returning user through
release_coach.skill.handle_event, with no store and with SQLite; plus the bare SQLite
load + save that the interceptors add to every request that changes something.
Figures are medians; `main()` prints them and returns them for benchmarks/run.py.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_DIR = ROOT / "lambda"

# What a fresh interpreter times: the whole Lambda entry module, or (always available) the
# persistence layer's own share: the SDK core plus make_adapter for the configured store.
COLD_START_CODE = {
    # lambda_handler builds the skill on its first request; the build is timed here directly,
    # since a real first request with DynamoDB selected would need a live table.
    "lambda_function": """
import sys, time
sys.path.insert(0, {lambda_dir!r})
started = time.perf_counter()
import lambda_function
lambda_function.create_skill()
print((time.perf_counter() - started) * 1000)
""",
    "persistence": """
import time
started = time.perf_counter()
import ask_sdk_core.skill_builder
from release_coach.settings import Settings
from release_coach.persistence import make_adapter
make_adapter(Settings.from_env())
print((time.perf_counter() - started) * 1000)
""",
}


def store_environment(kind: str, scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DYNAMODB_", "SQLITE_", "SKILL_"))}
    env["SKILL_PERSISTENCE"] = kind
    if kind == "sqlite":
        env["SQLITE_PATH"] = str(scratch / "cold-start.sqlite3")
    if kind == "dynamodb":
        # Building the adapter makes no network call, so a table nobody has is enough here.
        env.update(DYNAMODB_TABLE="release-coach-bench", DYNAMODB_REGION="us-east-1",
                   AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    return env


STORE_KINDS = ("none", "sqlite", "dynamodb")


def cold_start_ms(target: str, runs: int, scratch: Path) -> dict[str, float]:
    """Median per store kind. The kinds take turns, so a busy spell on the machine hits all alike."""
    code = COLD_START_CODE[target].format(lambda_dir=str(LAMBDA_DIR))
    samples: dict[str, list[float]] = {kind: [] for kind in STORE_KINDS}
    for _ in range(runs):
        for kind in STORE_KINDS:
            result = subprocess.run([sys.executable, "-c", code], env=store_environment(kind, scratch),
                                    capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                raise RuntimeError(f"cold start of {target} failed with {kind}: {result.stderr.strip().splitlines()[-1]}")
            samples[kind].append(float(result.stdout.strip().splitlines()[-1]))
    return {kind: statistics.median(times) for kind, times in samples.items()}


def alexa_event(user_id: str, session_id: str, request: dict, new: bool) -> dict:
    application = {"applicationId": "amzn1.ask.skill.bench"}
    request = {
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "locale": "en-US",
        **request,
    }
    return {
        "version": "1.0",
        "session": {"new": new, "sessionId": session_id, "application": application,
                    "attributes": {}, "user": {"userId": user_id}},
        "context": {"System": {"application": application, "user": {"userId": user_id},
                               "device": {"deviceId": "amzn1.ask.device.bench", "supportedInterfaces": {}},
                               "apiEndpoint": "https://api.amazonalexa.com"}},
        "request": request,
    }


def launch_and_next_ms(settings, runs: int) -> float:
    from release_coach.skill import create_skill, handle_event

    skill = create_skill(settings)
    user_id = "amzn1.ask.account.bench"
    samples = []
    for _ in range(runs + 1):
        session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        launch = alexa_event(user_id, session_id, {"type": "LaunchRequest"}, new=True)
        started = time.perf_counter()
        response = handle_event(skill, launch)
        follow_up = alexa_event(user_id, session_id, {
            "type": "IntentRequest",
            "intent": {"name": "AMAZON.NextIntent", "confirmationStatus": "NONE", "slots": {}},
        }, new=False)
        follow_up["session"]["attributes"] = response.get("sessionAttributes") or {}
        handle_event(skill, follow_up)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples[1:])  # the first pair warms caches and creates the record


def sqlite_load_save_ms(path: Path, runs: int) -> float:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from release_coach.persistence.sqlite import SqliteAdapter

    store = SqliteAdapter(path)
    event = alexa_event("amzn1.ask.account.bench", "s", {"type": "LaunchRequest"}, new=True)
    envelope = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    attributes = {"position": {"routine": "ball_release", "step": 3, "side": "left"},
                  "preferences": {"hold_seconds": 45, "gentle": False}, "history": {"sessions": 12}}
    store.save_attributes(envelope, attributes)
    samples = []
    for step in range(runs):
        started = time.perf_counter()
        loaded = store.get_attributes(envelope)
        loaded["position"]["step"] = step
        store.save_attributes(envelope, loaded)
        samples.append((time.perf_counter() - started) * 1000)
    store.close()
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> dict[str, float | str]:
    parser = argparse.ArgumentParser(prog="persistence_bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per store (default 7)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per measurement (default 200)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.requests < 1:
        parser.error("--runs and --requests must be at least 1")

    from release_coach.settings import Settings

    figures: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory(prefix="release-coach-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        figures["sqlite load+save ms"] = sqlite_load_save_ms(scratch / "adapter.sqlite3", args.requests)

        targets = ["persistence"]
        if (LAMBDA_DIR / "lambda_function.py").exists():
            targets.append("lambda_function")
        else:
            figures["cold-start lambda_function"] = "not measured: lambda/lambda_function.py does not exist yet"
        for target in targets:
            medians = cold_start_ms(target, args.runs, scratch)
            for kind in STORE_KINDS:
                figures[f"cold-start {target} ms ({kind})"] = medians[kind]
            for kind in STORE_KINDS[1:]:
                figures[f"cold-start {target} {kind} / none"] = medians[kind] / medians["none"]

        if importlib.util.find_spec("release_coach.skill") is None:
            figures["launch+next"] = "not measured: release_coach.skill does not exist yet"
        else:
            figures["launch+next ms (none)"] = launch_and_next_ms(Settings(persistence="none"), args.requests)
            figures["launch+next ms (sqlite)"] = launch_and_next_ms(
                Settings(persistence="sqlite", sqlite_path=str(scratch / "requests.sqlite3")), args.requests
            )

    print("persistence")
    for name, value in figures.items():
        print(f"  {name:44} {value:.3f}" if isinstance(value, float) else f"  {name:44} {value}")
    return figures


if __name__ == "__main__":
    main()
