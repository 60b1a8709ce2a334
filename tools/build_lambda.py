"""Build the Lambda zip `ask deploy` uploads: our code, its requirements, checked-hash bytecode.

`hooks/build.sh` runs this for the ASK CLI's custom build flow (the CLI picks that flow over its
python-pip flow whenever `hooks/build.sh` exists in the folder `ask deploy` runs in): the CLI
copies `lambda/` into `.ask/lambda/`, runs the hook there with the zip's path, and uploads that
zip as it is. The python-pip flow would leave every `__pycache__` out, and Lambda's file system
is read-only, so every cold start would compile every module it imports; this build ships them:

1. copies the code folder (without requirements.txt, __pycache__, *.egg-info) to a build folder;
2. installs its requirements.txt there for the Lambda runtime's platform
   (`--platform manylinux2014_x86_64 --python-version 3.11 --only-binary=:all:`), so the wheels
   are Linux ones whatever machine builds; or, with --from-installed, copies the distributions
   this interpreter already has (no network: for tests, and only on Linux x86_64);
3. answers one LaunchRequest, and a "yes" after it, from the build folder alone (`python -I -S`, no
   store), and compiles every module that imported to checked-hash bytecode: Python checks each .pyc
   against its source's hash, not its timestamp, so zip dates don't matter and a stale .pyc is never
   used. Only those: bytecode for all 900 modules would make the zip 4.8 MB against the 3 MB goal,
   and the rest (most of ask_sdk_model, requests, our console and web) is never or rarely loaded on
   Lambda, which compiles a module that has no .pyc when it is first imported;
4. drops the dist-info folders' RECORD files (pip's uninstall lists, 1,900 lines) and zips the folder, __pycache__ kept, every entry stamped with one date (the CLI compares the
   zip's hash with the last deploy's to skip an unchanged upload) and readable by all.

Bytecode is specific to the interpreter's minor version, so this runs only on the runtime's
Python (3.11, `python3.11` in ask-resources.json); it refuses any other.

Use: hooks/build.sh OUT_FILE (as the CLI calls it), or
     python3.11 tools/build_lambda.py [--code DIR] [--out DIR] [--zip FILE] [--from-installed]
"""
from __future__ import annotations

import argparse
import json
import os
import py_compile
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ROOT / "lambda"
RUNTIME_PYTHON = (3, 11)
PLATFORM = "manylinux2014_x86_64"
# The ASK CLI stamps every entry 1990-02-01 so equal contents hash alike; we do the same.
ZIP_DATE = (1990, 2, 1, 0, 0, 0)
LEFT_OUT = shutil.ignore_patterns("requirements.txt", "__pycache__", "*.egg-info", "*.pyc")
LAUNCH = {
    "version": "1.0",
    "session": {"new": True, "sessionId": "amzn1.echo-api.session.build",
                "application": {"applicationId": "amzn1.ask.skill.build"}, "user": {"userId": "amzn1.ask.account.build"}},
    "context": {"System": {"application": {"applicationId": "amzn1.ask.skill.build"},
                           "user": {"userId": "amzn1.ask.account.build"},
                           "device": {"deviceId": "amzn1.ask.device.build", "supportedInterfaces": {}}}},
    "request": {"type": "LaunchRequest", "requestId": "amzn1.echo-api.request.build",
                "timestamp": "2026-01-01T00:00:00Z", "locale": "en-US"},
}
# Run with -I -S in the build folder: only the stdlib and the bundle are importable. After the
# launch, a "yes" in the same session: the coach loads its parts (domain/coach.py PARTS) and the
# routines on the first turn after a launch, and that turn should not compile them either.
TRACE = """import json, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import lambda_function
event = json.loads(sys.argv[2])
response = lambda_function.lambda_handler(event, None)
assert response["response"]["outputSpeech"], response
event["session"].update(new=False, attributes=response.get("sessionAttributes") or {})
event["request"] = {"type": "IntentRequest", "requestId": "amzn1.echo-api.request.build.2", "locale": "en-US",
                    "timestamp": event["request"]["timestamp"], "intent": {"name": "AMAZON.YesIntent", "slots": {}}}
assert lambda_function.lambda_handler(event, None)["response"]["outputSpeech"]
print(json.dumps(sorted({getattr(m, "__file__", None) or "" for m in list(sys.modules.values())})))
"""


def check_python() -> None:
    if sys.version_info[:2] != RUNTIME_PYTHON:
        raise SystemExit(f"build_lambda: run this with Python {'.'.join(map(str, RUNTIME_PYTHON))}, the Lambda "
                         f"runtime's (this is {sys.version.split()[0]}): bytecode only loads on the version that "
                         f"wrote it")


def canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def read_requirements(path: Path) -> list:
    from packaging.requirements import Requirement  # only the offline build and the tests need it
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line]


def closure(requirements: list) -> set[str]:
    """Every installed distribution these requirements pull in (no extras asked for)."""
    from packaging.requirements import Requirement
    seen, todo = set(), list(requirements)
    while todo:
        requirement = todo.pop()
        name = canonical(requirement.name)
        if name in seen or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        todo.extend(Requirement(text) for text in metadata.requires(name) or [])
    return seen


def pip_install(requirements: Path, out: Path, verbose: bool) -> None:
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "install", "--no-compile",
         *([] if verbose else ["--quiet"]), "-r", str(requirements), "-t", str(out), "--platform", PLATFORM,
         "--implementation", "cp", "--python-version", ".".join(map(str, RUNTIME_PYTHON)), "--only-binary=:all:"],
        capture_output=not verbose, text=True)
    if pip.returncode != 0:
        raise SystemExit(f"build_lambda: pip install -r {requirements} failed:\n{pip.stdout or ''}{pip.stderr or ''}")
    shutil.rmtree(out / "bin", ignore_errors=True)  # console scripts: no use on Lambda


def copy_installed(requirements: Path, out: Path) -> None:
    """The requirements' distributions from this interpreter's site-packages, as pip -t lays them out."""
    if sysconfig.get_platform() != "linux-x86_64":
        raise SystemExit(f"build_lambda: --from-installed copies this machine's binaries, which Lambda can't load "
                         f"from {sysconfig.get_platform()}; build without it")
    for name in sorted(closure(read_requirements(requirements))):
        dist = metadata.distribution(name)
        for file in dist.files or []:
            if file.parts[0] == ".." or "__pycache__" in file.parts or file.suffix == ".pyc":
                continue  # console scripts outside site-packages, and bytecode we compile ourselves
            target = out / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(dist.locate_file(file), target)


def build(out: Path, code: Path = CODE, *, from_installed: bool = False, verbose: bool = False,
          leave_out: tuple[Path, ...] = ()) -> Path:
    """The build folder: code, requirements and bytecode, as it goes into the zip."""
    check_python()
    if not (code / "lambda_function.py").is_file() or not (code / "requirements.txt").is_file():
        raise SystemExit(f"build_lambda: {code} is no code folder (it needs lambda_function.py and requirements.txt)")
    if out.resolve().is_relative_to(code.resolve()):
        raise SystemExit(f"build_lambda: the build folder {out} can't be inside the code folder {code}")
    if out.exists():
        shutil.rmtree(out)
    skip = {path.resolve() for path in leave_out}

    def ignore(folder: str, names: list[str]) -> set[str]:
        return set(LEFT_OUT(folder, names)) | {n for n in names if (Path(folder) / n).resolve() in skip}

    shutil.copytree(code, out, ignore=ignore)
    if from_installed:
        copy_installed(code / "requirements.txt", out)
    else:
        pip_install(code / "requirements.txt", out, verbose)
    for record in out.glob("*.dist-info/RECORD"):
        record.unlink()
    for source in first_response_modules(out):
        # dfile: the name inside the bytecode, relative so that equal sources give equal zips
        # (the import system puts the real path in its place when it loads the module).
        py_compile.compile(str(source), dfile=source.relative_to(out.resolve()).as_posix(), doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    return out


def first_response_modules(folder: Path) -> list[Path]:
    """The bundle's .py files that importing lambda_function, answering a LaunchRequest and the "yes"
    after it load."""
    folder = folder.resolve()
    env = {"PATH": os.environ.get("PATH", ""), "SKILL_PERSISTENCE": "none", "LOG_LEVEL": "INFO"}
    run = subprocess.run([sys.executable, "-I", "-S", "-c", TRACE, str(folder), json.dumps(LAUNCH)],
                         cwd=folder, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"build_lambda: the bundle in {folder} could not answer a LaunchRequest on its own:\n"
                         f"{run.stderr}")
    files = (Path(name) for name in json.loads(run.stdout.strip().splitlines()[-1]))
    return sorted(f for f in files if f.suffix == ".py" and f.is_relative_to(folder))


def zip_folder(folder: Path, zip_path: Path, *, leave_out_pycache: bool = False) -> Path:
    """Deflated, in name order, one date on every entry; leave_out_pycache zips as the python-pip flow."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for here, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = Path(here) / name
                entry = path.relative_to(folder).as_posix()
                if (leave_out_pycache and "__pycache__" in entry) or path == zip_path:
                    continue
                info = zipfile.ZipInfo(entry, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                # Lambda runs the code as another user: every file readable by all, whatever the umask.
                info.external_attr = (0o100755 if os.access(path, os.X_OK) else 0o100644) << 16
                bundle.writestr(info, path.read_bytes(), compresslevel=9)
    return zip_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=CODE, help="the code folder (default: lambda/)")
    parser.add_argument("--out", type=Path, help="build folder to leave behind (default: a temporary one)")
    parser.add_argument("--zip", type=Path, help="write the deployable zip here")
    parser.add_argument("--from-installed", action="store_true",
                        help="copy the requirements from this interpreter's site-packages instead of PyPI")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--check-python", action="store_true", help="only check this is the runtime's Python")
    args = parser.parse_args(argv)
    check_python()
    if args.check_python:
        return 0
    if args.out is None and args.zip is None:
        args.out = ROOT / "build" / "lambda"
    with tempfile.TemporaryDirectory(prefix="release-coach-lambda-") as work:
        out = build(args.out or Path(work) / "lambda", args.code.resolve(), from_installed=args.from_installed,
                    verbose=args.verbose, leave_out=tuple(filter(None, [args.zip])))
        files = [p for p in out.rglob("*") if p.is_file()]
        facts = f"{len(files)} files, {sum(p.suffix == '.pyc' for p in files)} bytecode"
        if args.zip:
            zip_folder(out, args.zip.resolve())
            print(f"build_lambda: {args.zip}: {args.zip.stat().st_size / 1024 / 1024:.2f} MB zipped, {facts}")
        else:
            print(f"build_lambda: {out}: {facts}, {sum(p.stat().st_size for p in files) / 1024 / 1024:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
