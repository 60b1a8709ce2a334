"""Cold-start import time and per-request latency of lambda_handler, beside the minimal skill.

Run: make bench (or .venv/bin/python benchmarks/core_bench.py). Goals from the skill-core issue:
import <= 1.2x the minimal skill, p50 <= 1.5x.
"""
from __future__ import annotations

import copy
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAMBDA_DIR = ROOT / "lambda"
BENCH_DIR = ROOT / "benchmarks"
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "15"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))

sys.path[:0] = [str(LAMBDA_DIR), str(BENCH_DIR), str(ROOT / "tests" / "core")]


def compile_bytecode() -> None:
    """Both sides are measured with bytecode on disk, as in the development venv. What `ask deploy`
    uploads carries none (the CLI leaves out __pycache__): cold_start_bench.py measures that."""
    import compileall

    for folder in (LAMBDA_DIR, BENCH_DIR):
        compileall.compile_dir(str(folder), quiet=1)


def import_seconds(module: str, env: dict | None = None) -> float:
    """Median wall time of importing `module` in a fresh interpreter (what a cold start pays)."""
    code = (f"import time; t = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - t)")
    path = os.pathsep.join([str(LAMBDA_DIR), str(BENCH_DIR)])
    runs = []
    for _ in range(IMPORT_RUNS):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, **(env or {}), "PYTHONPATH": path})
        runs.append(float(out.stdout.strip()))
    return statistics.median(runs)


COLD_START = ("import time; t = time.perf_counter(); import lambda_function; "
              "from release_coach.skill import create_skill; create_skill(); print(time.perf_counter() - t)")


def cold_start_seconds(env: dict) -> float:
    """Median of importing lambda_function and building the skill with a store configured."""
    path = os.pathsep.join([str(LAMBDA_DIR), str(BENCH_DIR)])
    runs = []
    for _ in range(IMPORT_RUNS):
        out = subprocess.run([sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True,
                             env={**os.environ, **env, "PYTHONPATH": path})
        runs.append(float(out.stdout.strip()))
    return statistics.median(runs)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def time_handler(handler, event: dict) -> tuple[float, float]:
    for _ in range(50):
        handler(copy.deepcopy(event), None)
    samples = []
    for _ in range(REQUESTS):
        payload = copy.deepcopy(event)
        start = time.perf_counter()
        handler(payload, None)
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def mid_routine_attributes(handler) -> dict:
    """Session attributes as they are after the screen, the questions and two steps."""
    from envelopes import envelope, intent

    attributes: dict = {}
    turns = [{"type": "LaunchRequest"}, intent("StartRoutineIntent", routine="ball release")]
    turns += [intent("AMAZON.NoIntent")] * 9 + [intent("AMAZON.NextIntent")]
    for request in turns:
        out = handler(envelope(request, attributes), None)
        attributes = out.get("sessionAttributes") or {}
    return attributes


def main() -> dict:
    os.environ.pop("SKILL_PERSISTENCE", None)
    import lambda_function
    import minimal_skill
    from envelopes import envelope, intent

    compile_bytecode()
    results = {
        "import_minimal": import_seconds("minimal_skill"),
        "import_ours": import_seconds("lambda_function"),
    }
    import tempfile

    stores = {
        "none": {"SKILL_PERSISTENCE": "none"},
        "sqlite": {"SKILL_PERSISTENCE": "sqlite", "SQLITE_PATH": os.path.join(tempfile.mkdtemp(), "b.sqlite3")},
        "dynamodb": {"SKILL_PERSISTENCE": "dynamodb", "DYNAMODB_TABLE": "bench", "DYNAMODB_REGION": "us-east-1"},
    }
    for store, env in stores.items():
        results[f"cold_{store}"] = cold_start_seconds(env)
    launch = envelope({"type": "LaunchRequest"}, {}, new=True)
    attrs = mid_routine_attributes(lambda_function.lambda_handler)
    nxt = envelope(intent("AMAZON.NextIntent"), attrs)
    from release_coach.settings import Settings
    from release_coach.skill import create_skill, handle_event

    sqlite_skill = create_skill(Settings(persistence="sqlite", sqlite_path=stores["sqlite"]["SQLITE_PATH"]))
    handlers = (("minimal", minimal_skill.lambda_handler), ("ours", lambda_function.lambda_handler),
                ("sqlite", lambda event, context: handle_event(sqlite_skill, event, context)))
    for name, handler in handlers:
        results[f"launch_{name}"] = time_handler(handler, launch)
        results[f"next_{name}"] = time_handler(handler, nxt)

    ms = lambda s: f"{s * 1000:.2f} ms"  # noqa: E731
    print("== Skill core: lambda_function vs a minimal ask-sdk-core skill ==")
    print(f"import (median of {IMPORT_RUNS} fresh interpreters): minimal {ms(results['import_minimal'])}, "
          f"ours {ms(results['import_ours'])}, ratio {results['import_ours'] / results['import_minimal']:.2f}x "
          "(goal <= 1.2x)")
    for store in stores:
        print(f"cold start, import + create_skill with {store:8}: {ms(results[f'cold_{store}'])}, "
              f"{results[f'cold_{store}'] / results['import_minimal']:.2f}x the minimal skill's import")
    for kind in ("launch", "next"):
        m50, m99 = results[f"{kind}_minimal"]
        for name in ("ours", "sqlite"):
            o50, o99 = results[f"{kind}_{name}"]
            label = "ours" if name == "ours" else "ours+sqlite"
            print(f"{kind:6} ({REQUESTS} requests): minimal p50 {ms(m50)} p99 {ms(m99)}; {label} p50 {ms(o50)} "
                  f"p99 {ms(o99)}; p50 ratio {o50 / m50:.2f}x (goal <= 1.5x)")
    return results


if __name__ == "__main__":
    main()
