"""Cold start to the first response, whole process, beside the smallest ask-sdk-core skill.

Each run is one fresh interpreter that imports `lambda_function`, builds the skill and answers
one LaunchRequest, timed from outside (process start to exit). Both skills run from the zip that
`ask deploy` uploads (benchmarks/bundle_bench.py runs hooks/build.sh as the ASK CLI's custom flow
does), unpacked: ours as it is, the baseline with the same dependencies and bytecode and
benchmarks/minimal_skill.py as its lambda_function. The bundle's folder comes first on sys.path,
as /var/task does on Lambda, and no bytecode is written (Lambda's file system is read-only).

Two cases:
- as deployed: hooks/build.sh's zip, with checked-hash bytecode for every module the first
  response imports;
- python-pip flow: the zip `ask deploy` built before hooks/build.sh existed, for comparison: the
  CLI leaves every __pycache__ out, so every import compiles its source.

Runs alternate (ours, baseline, baseline, ours, ...) so drift on the machine hits both alike;
the ratio is the median of the per-pair ratios, the spread its interquartile range and range.
Wall time is the measure; the child's CPU time (user + system, from wait4) is printed beside it
because it moves far less when other work shares the machine. Goal: ours <= 1.1x the baseline.
No store is configured: the baseline has none.

--instructions also counts, once per side, the instructions the whole process executes in user
space (valgrind's cachegrind, with a fixed hash seed): the same figure on every run however busy
the machine is, so a change can be judged by it, though it leaves out the kernel's share (opening
and reading each module's file) and the cost of memory.

Run: .venv/bin/python benchmarks/cold_start_bench.py [--pairs N] [--code DIR] [--instructions]
(also part of `make bench`; BENCH_COLD_PAIRS also sets the number of pairs per case, default 30)
"""
from __future__ import annotations

import argparse
import json
import os
import py_compile
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bundle_bench  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
PAIRS = int(os.environ.get("BENCH_COLD_PAIRS", "30"))
GOAL = 1.1
# Top-level entries that are ours, not the SDK's: the baseline leaves them out (and our
# lambda_function's bytecode, beside six's in the top-level __pycache__).
OUR_FILES = ("lambda_function.py", "release_coach", "requirements.txt", "release_coach.egg-info")
OUR_BYTECODE = "__pycache__/lambda_function."

LAUNCH = {
    "version": "1.0",
    "session": {"new": True, "sessionId": "amzn1.echo-api.session.bench",
                "application": {"applicationId": "amzn1.ask.skill.bench"},
                "user": {"userId": "amzn1.ask.account.bench"}},
    "context": {"System": {"application": {"applicationId": "amzn1.ask.skill.bench"},
                           "user": {"userId": "amzn1.ask.account.bench"},
                           "device": {"deviceId": "amzn1.ask.device.bench", "supportedInterfaces": {}}}},
    "request": {"type": "LaunchRequest", "requestId": "amzn1.echo-api.request.bench",
                "timestamp": "2026-01-01T00:00:00Z", "locale": "en-US"},
}
FIRST_RESPONSE = (
    "import json, sys\n"
    "import lambda_function\n"
    f"response = lambda_function.lambda_handler(json.loads({json.dumps(json.dumps(LAUNCH))}), None)\n"
    "assert response['response']['outputSpeech'], response\n"
)


def unpack(zip_path: Path, into: Path, *, ours: bool, bytecode: bool = False) -> Path:
    with zipfile.ZipFile(zip_path) as bundle:
        for entry in bundle.namelist():
            if ours or not (entry.split("/")[0] in OUR_FILES or entry.startswith(OUR_BYTECODE)):
                bundle.extract(entry, into)
    if not ours:
        shutil.copy(BENCH_DIR / "minimal_skill.py", into / "lambda_function.py")
        if bytecode:
            py_compile.compile(str(into / "lambda_function.py"), doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    return into


def bundles(work: Path, code: Path):
    """(case, zip) for each case."""
    yield "as deployed", bundle_bench.deployed_bundle(work / "custom-flow", code)
    yield "python-pip flow", bundle_bench.build_bundle(work / "pip-flow", code)


def environment(folder: Path) -> dict:
    """As on Lambda: the bundle first on sys.path, and no bytecode written (read-only files)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SKILL_", "DYNAMODB_", "SQLITE_", "PYTHON", "AWS_"))}
    env.update(PYTHONPATH=str(folder), SKILL_PERSISTENCE="none", PYTHONNOUSERSITE="1", LOG_LEVEL="INFO",
               PYTHONDONTWRITEBYTECODE="1")
    return env


def check_layout(folder: Path, env: dict) -> None:
    """The skill and the SDK really come from the unpacked bundle, not from the venv."""
    code = "import lambda_function, ask_sdk_core; print(lambda_function.__file__); print(ask_sdk_core.__file__)"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=folder, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"importing lambda_function from {folder} failed:\n{result.stderr}")
    paths = result.stdout.split()
    assert all(Path(path).is_relative_to(folder) for path in paths), paths


def one_run(folder: Path, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process, from start to exit."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", FIRST_RESPONSE], env=env, cwd=folder,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode != 0:
        raise RuntimeError(f"first response from {folder} failed:\n{stderr.decode(errors='replace')}")
    return elapsed, usage.ru_utime + usage.ru_stime


def instructions(folder: Path, env: dict) -> int:
    """Instructions one whole process executes in user space, counted by valgrind's cachegrind."""
    result = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                             sys.executable, "-c", FIRST_RESPONSE], env={**env, "PYTHONHASHSEED": "0"}, cwd=folder,
                            capture_output=True, text=True)
    counted = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode != 0 or counted is None:
        raise RuntimeError(f"counting instructions in {folder} failed:\n{result.stderr}")
    return int(counted.group(1).replace(",", ""))


def report_instructions(case: str, ours: Path, base: Path) -> None:
    counts = [instructions(folder, environment(folder)) for folder in (ours, base)]
    print(f"{case + ', instructions':20} ours {counts[0] / 1e6:6.1f} M, baseline {counts[1] / 1e6:6.1f} M "
          f"(user space, one run each); ratio {counts[0] / counts[1]:.3f}x")


def measure(ours: Path, base: Path, *, pairs: int) -> dict:
    envs = {ours: environment(ours), base: environment(base)}
    for folder, env in envs.items():
        check_layout(folder, env)
        one_run(folder, env)  # warm the page cache for both
    samples: dict[Path, list[tuple[float, float]]] = {ours: [], base: []}
    for i in range(pairs):
        order = (ours, base) if i % 2 == 0 else (base, ours)
        for folder in order:
            samples[folder].append(one_run(folder, envs[folder]))
    return {clock: summary([run[k] for run in samples[ours]], [run[k] for run in samples[base]])
            for k, clock in enumerate(("wall", "cpu"))}


def summary(ours: list[float], base: list[float]) -> dict:
    ratios = sorted(o / b for o, b in zip(ours, base))
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    return {"ours": statistics.median(ours), "base": statistics.median(base), "ratio": statistics.median(ratios),
            "q1": q1, "q3": q3, "min": ratios[0], "max": ratios[-1]}


def report(case: str, results: dict, pairs: int) -> None:
    for clock, r in results.items():
        verdict = "met" if r["ratio"] <= GOAL else "MISSED"
        label = f"{case}, {'wall' if clock == 'wall' else 'CPU '}"
        print(f"{label:20} ours {r['ours'] * 1000:6.1f} ms, baseline {r['base'] * 1000:6.1f} ms (medians of {pairs}); "
              f"ratio {r['ratio']:.3f}x (median of pairs), IQR {r['q1']:.3f}-{r['q3']:.3f}x, "
              f"range {r['min']:.3f}-{r['max']:.3f}x; goal <= {GOAL}x {verdict}")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=bundle_bench.CODE,
                        help="the code folder to bundle (default: lambda/, as ask deploy)")
    parser.add_argument("--pairs", type=int, default=PAIRS)
    parser.add_argument("--instructions", action="store_true",
                        help="also count each side's instructions with valgrind (the same on every run)")
    args = parser.parse_args([] if argv is None else argv)
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind on PATH")
    pairs = args.pairs
    print("== Cold start to the first LaunchRequest response, whole process, vs the minimal ask-sdk-core skill ==")
    with tempfile.TemporaryDirectory(prefix="release-coach-cold-") as work:
        work = Path(work)
        results = {}
        for case, zip_path in bundles(work, args.code):
            bytecode = case != "python-pip flow"
            ours = unpack(zip_path, work / case.replace(" ", "-") / "ours", ours=True)
            base = unpack(zip_path, work / case.replace(" ", "-") / "minimal", ours=False, bytecode=bytecode)
            results[case] = measure(ours, base, pairs=pairs)
            report(case, results[case], pairs)
            if args.instructions:
                report_instructions(case, ours, base)
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
