"""Build the Lambda zip the way `ask deploy` builds it, and print its size.

The ASK CLI's python-pip build flow (lib/builtins/build-flows/python-pip.js and
abstract-build-flow.js in the ASK CLI v2): copy the code folder (`lambda/`) into a build folder,
`python3 -m venv venv` there, `venv/bin/python -m pip --disable-pip-version-check install -r
requirements.txt -t ./`, delete the venv, then zip the folder, leaving out every path that
contains `__pycache__` and stamping every entry with the same date so the hash is stable.
This script does the same steps with Python's zipfile (deflate, as the CLI's adm-zip does).

Run: .venv/bin/python benchmarks/bundle_bench.py [--keep DIR] [--code DIR]   (also part of `make bench`)
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
CODE = ROOT / "lambda"
GOAL_BYTES = 3 * 1024 * 1024
# In the Python Lambda runtime already; the bundle must not carry them.
RUNTIME_SHIPS = ("boto3", "botocore", "s3transfer", "jmespath")
# The CLI's createZip sets every entry to 1990-02-01 (JavaScript months count from 0).
ZIP_DATE = (1990, 2, 1, 0, 0, 0)


def build_folder(work: Path, code: Path = CODE) -> Path:
    """The build folder as the CLI leaves it just before zipping."""
    build = work / "build"
    shutil.copytree(code, build)
    subprocess.run([sys.executable, "-m", "venv", "venv"], cwd=build, check=True)
    pip = subprocess.run(["venv/bin/python", "-m", "pip", "--disable-pip-version-check", "install", "--quiet",
                          "-r", "requirements.txt", "-t", "./"], cwd=build, capture_output=True, text=True)
    if pip.returncode != 0:
        raise RuntimeError(f"pip install -r requirements.txt failed:\n{pip.stdout}{pip.stderr}")
    shutil.rmtree(build / "venv")
    return build


def zip_folder(build: Path, zip_path: Path, *, leave_out_pycache: bool = True) -> Path:
    """Zip as the CLI does: the python-pip flow leaves out __pycache__, the zip-only flow doesn't."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for folder, dirs, files in os.walk(build):
            dirs.sort()
            for name in sorted(files):
                path = Path(folder) / name
                entry = path.relative_to(build).as_posix()
                if (leave_out_pycache and "__pycache__" in entry) or path == zip_path:
                    continue
                info = zipfile.ZipInfo(entry, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (path.stat().st_mode & 0xFFFF) << 16
                bundle.writestr(info, path.read_bytes())
    return zip_path


def build_bundle(work: Path, code: Path = CODE) -> Path:
    """Build folder and zip under `work` from the code folder; returns the zip's path."""
    return zip_folder(build_folder(work, code), work / "upload.zip")


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
        "pycache": sum("__pycache__" in e.filename for e in entries),
        "by_top": sorted(by_top.items(), key=lambda kv: -kv[1]),
        "runtime_ships": sorted({top for top in by_top if top.split("-")[0] in RUNTIME_SHIPS}),
    }


def report(facts: dict) -> bool:
    mb = lambda n: f"{n / 1024 / 1024:.2f} MB"  # noqa: E731
    ok = facts["zipped"] <= GOAL_BYTES and not facts["runtime_ships"]
    print("== Lambda bundle, built as `ask deploy` builds it (python-pip flow) ==")
    print(f"zipped {mb(facts['zipped'])} (goal <= {mb(GOAL_BYTES)}), unpacked {mb(facts['unpacked'])}, "
          f"{facts['files']} files, {facts['pycache']} of them bytecode")
    print("largest parts, zipped: " + ", ".join(f"{top} {n / 1024:.0f} KB" for top, n in facts["by_top"][:6]))
    print(f"boto3/botocore in the bundle: {', '.join(facts['runtime_ships']) or 'none'}; "
          f"goal {'met' if ok else 'MISSED'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and leave it there")
    parser.add_argument("--code", type=Path, default=CODE, help="the code folder (default: lambda/, as ask deploy)")
    args = parser.parse_args([] if argv is None else argv)
    if args.keep:
        args.keep.mkdir(parents=True)
        return 0 if report(describe(build_bundle(args.keep, args.code))) else 1
    with tempfile.TemporaryDirectory(prefix="release-coach-bundle-") as work:
        return 0 if report(describe(build_bundle(Path(work), args.code))) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
