"""Build the Lambda zip exactly as `ask deploy` builds it, and print its size.

`ask deploy` (ASK CLI v2, lib/controllers/skill-code-controller/code-builder.js) tries its build
flows in the order custom, npm, maven, python-pip, zip-only. The custom flow is taken whenever
hooks/build.sh exists in the folder the CLI runs in, as it does here: the CLI copies the code
folder (lambda/) into a build folder (.ask/lambda/), runs `hooks/build.sh "<OUT_FILE>" <DO_DEBUG>`
there and uploads OUT_FILE as it is (lib/builtins/build-flows/custom.js). This script does the
same in a temporary folder and prints the zip's size, file count and bytecode count.

For comparison it also builds what the python-pip flow (taken before hooks/build.sh existed)
made: copy the code folder, `python3 -m venv venv`, `venv/bin/python -m pip install -r
requirements.txt -t ./`, delete the venv, zip without any path containing `__pycache__`.

Run: .venv/bin/python benchmarks/bundle_bench.py [--keep DIR] [--code DIR] [--from-installed] [--no-pip-flow]
(also part of `make bench`; --from-installed builds with no network, from the venv's packages)
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from build_lambda import zip_folder  # noqa: E402

CODE = ROOT / "lambda"
HOOK = ROOT / "hooks" / "build.sh"
GOAL_BYTES = 3 * 1024 * 1024
# In the Python Lambda runtime already; the bundle must not carry them.
RUNTIME_SHIPS = ("boto3", "botocore", "s3transfer", "jmespath")


def deployed_bundle(work: Path, code: Path = CODE, *options: str) -> Path:
    """The zip `ask deploy` uploads, built as the CLI's custom flow builds it; returns its path."""
    build = work / ".ask" / "lambda"
    shutil.copytree(code, build)
    out = build / "build.zip"
    # The interpreter running this, which is the runtime's version with pip (the hook checks).
    env = {**os.environ, "ASK_BUILD_PYTHON": sys.executable}
    hook = subprocess.run([str(HOOK), str(out), "false", *options], cwd=build, env=env, capture_output=True, text=True)
    if hook.returncode != 0 or not out.is_file():
        raise RuntimeError(f"hooks/build.sh failed ({hook.returncode}):\n{hook.stdout}{hook.stderr}")
    return out


def build_folder(work: Path, code: Path = CODE) -> Path:
    """The python-pip flow's build folder as the CLI leaves it just before zipping."""
    build = work / "build"
    shutil.copytree(code, build)
    subprocess.run([sys.executable, "-m", "venv", "venv"], cwd=build, check=True)
    pip = subprocess.run(["venv/bin/python", "-m", "pip", "--disable-pip-version-check", "install", "--quiet",
                          "-r", "requirements.txt", "-t", "./"], cwd=build, capture_output=True, text=True)
    if pip.returncode != 0:
        raise RuntimeError(f"pip install -r requirements.txt failed:\n{pip.stdout}{pip.stderr}")
    shutil.rmtree(build / "venv")
    return build


def build_bundle(work: Path, code: Path = CODE) -> Path:
    """The python-pip flow's zip under `work` from the code folder; returns the zip's path."""
    return zip_folder(build_folder(work, code), work / "upload.zip", leave_out_pycache=True)


def describe(zip_path: Path) -> dict:
    with zipfile.ZipFile(zip_path) as bundle:
        entries = bundle.infolist()
    by_top: dict[str, int] = {}
    for entry in entries:
        top = entry.filename.split("/")[0]
        by_top[top] = by_top.get(top, 0) + entry.compress_size
    return {
        "zipped": zip_path.stat().st_size,
        "unpacked": sum(e.file_size for e in entries),
        "files": len(entries),
        "bytecode": sum(e.filename.endswith(".pyc") for e in entries),
        "by_top": sorted(by_top.items(), key=lambda kv: -kv[1]),
        "runtime_ships": sorted({top for top in by_top if top.split("-")[0] in RUNTIME_SHIPS}),
    }


def report(facts: dict, pip_flow: dict | None) -> bool:
    mb = lambda n: f"{n / 1024 / 1024:.2f} MB"  # noqa: E731
    ok = facts["zipped"] <= GOAL_BYTES and not facts["runtime_ships"]
    print("== Lambda bundle, built as `ask deploy` builds it (custom flow: hooks/build.sh) ==")
    print(f"zipped {mb(facts['zipped'])} ({facts['zipped']:,} bytes; goal <= {mb(GOAL_BYTES)}), "
          f"unpacked {mb(facts['unpacked'])}, {facts['files']} files, {facts['bytecode']} of them bytecode")
    print("largest parts, zipped: " + ", ".join(f"{top} {n / 1024:.0f} KB" for top, n in facts["by_top"][:6]))
    print(f"boto3/botocore in the bundle: {', '.join(facts['runtime_ships']) or 'none'}; "
          f"goal {'met' if ok else 'MISSED'}")
    if pip_flow:
        print(f"for comparison, the python-pip flow (no hooks/build.sh): zipped {mb(pip_flow['zipped'])}, "
              f"{pip_flow['files']} files, {pip_flow['bytecode']} bytecode")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and leave it there")
    parser.add_argument("--code", type=Path, default=CODE, help="the code folder (default: lambda/, as ask deploy)")
    parser.add_argument("--from-installed", action="store_true",
                        help="take the requirements from this venv's packages, not PyPI (no network)")
    parser.add_argument("--no-pip-flow", action="store_true", help="leave out the python-pip flow's comparison")
    args = parser.parse_args([] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="release-coach-bundle-") as scratch:
        work = Path(scratch)
        if args.keep:
            args.keep.mkdir(parents=True)
            work = args.keep
        options = ["--from-installed"] if args.from_installed else []
        facts = describe(deployed_bundle(work / "custom-flow", args.code, *options))
        pip_flow = None if args.no_pip_flow else describe(build_bundle(work / "pip-flow", args.code))
        return 0 if report(facts, pip_flow) else 1

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
