"""Build a Lambda code folder that carries bytecode, for `ask deploy` to zip as it is.

Why: the ASK CLI's python-pip flow (used when the code folder has a requirements.txt) leaves
every `__pycache__` out of the zip, and Lambda's file system is read-only, so every cold start
compiles every module it imports, the SDK's and ours. A code folder *without* requirements.txt
goes through the CLI's zip-only flow instead, which zips everything. So this script does the
pip step itself and compiles the result:

1. copies lambda/ (without requirements.txt, __pycache__ and *.egg-info) to build/lambda/;
2. installs lambda/requirements.txt into it for the Lambda runtime's platform
   (`--platform manylinux2014_x86_64 --python-version 3.11 --only-binary=:all:`), so the wheels
   are Linux ones whatever machine builds;
3. compiles every .py with checked-hash bytecode: Python checks each file against its source's
   hash, not its timestamp, so the dates the CLI stamps on zip entries don't matter, and a pyc
   that doesn't match its source is never used.

Bytecode is specific to the interpreter's minor version, so this must run on the runtime's
Python (3.11 for `python3.11` in ask-resources.json and the stack); it refuses otherwise.

Use: .venv/bin/python tools/build_lambda.py, then point "code.default.src" in
ask-resources.json at "./build/lambda" and `ask deploy`. Rebuild before every deploy (a stale
folder deploys stale code). benchmarks/cold_start_bench.py measures what it saves.
"""
from __future__ import annotations

import argparse
import compileall
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ROOT / "lambda"
RUNTIME_PYTHON = (3, 11)
PLATFORM = "manylinux2014_x86_64"


def build(out: Path, code: Path = CODE) -> Path:
    if sys.version_info[:2] != RUNTIME_PYTHON:
        raise SystemExit(f"run this with Python {'.'.join(map(str, RUNTIME_PYTHON))}, the Lambda runtime's "
                         f"(this is {sys.version.split()[0]}): bytecode only loads on the version that wrote it")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(code, out, ignore=shutil.ignore_patterns("requirements.txt", "__pycache__", "*.egg-info"))
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "install", "--quiet", "--no-compile",
         "-r", str(code / "requirements.txt"), "-t", str(out), "--platform", PLATFORM,
         "--implementation", "cp", "--python-version", ".".join(map(str, RUNTIME_PYTHON)),
         "--only-binary=:all:"],
        capture_output=True, text=True)
    if pip.returncode != 0:
        raise SystemExit(f"pip install failed:\n{pip.stdout}{pip.stderr}")
    shutil.rmtree(out / "bin", ignore_errors=True)  # console scripts: no use on Lambda
    compiled = compileall.compile_dir(str(out), quiet=1, workers=0,
                                      invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    if not compiled:
        raise SystemExit("compileall reported errors")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lambda")
    parser.add_argument("--code", type=Path, default=CODE, help="the code folder (default: lambda/)")
    args = parser.parse_args(argv)
    out = build(args.out, args.code)
    files = [p for p in out.rglob("*") if p.is_file()]
    print(f"{out}: {len(files)} files, {sum(p.suffix == '.pyc' for p in files)} bytecode, "
          f"{sum(p.stat().st_size for p in files) / 1024 / 1024:.2f} MB unpacked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
