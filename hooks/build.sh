#!/usr/bin/env bash
# The ASK CLI's custom build flow: `ask deploy`, run in the project root, finds this file, copies
# the code folder (lambda/) into .ask/lambda/, runs `hooks/build.sh OUT_FILE DO_DEBUG` there and
# uploads OUT_FILE as it is. tools/build_lambda.py does the build: the requirements for Lambda's
# platform, checked-hash bytecode for every module, zipped with __pycache__ kept.
# Needs Python 3.11 (the runtime's version: bytecode loads only on the version that wrote it) with
# pip, as python3.11 or python3 on PATH, or named by ASK_BUILD_PYTHON; and PyPI, for the wheels.
# Arguments after the CLI's two go to the tool (e.g. --from-installed, used by the tests).
set -eu

if [ "$#" -lt 1 ] || [ -z "$1" ]; then
    echo "hooks/build.sh: usage: hooks/build.sh OUT_FILE [DO_DEBUG] [tool options] (ask deploy calls it)" >&2
    exit 2
fi
out="$1"
debug="${2:-false}"
shift $(( $# < 2 ? $# : 2 ))
case "$0" in
    */*) hooks="${0%/*}" ;;
    *) hooks=. ;;
esac
tool="$(cd "$hooks/.." && pwd)/tools/build_lambda.py"

if [ -n "${ASK_BUILD_PYTHON:-}" ]; then
    candidates="$ASK_BUILD_PYTHON"
else
    candidates="python3.11 python3"
fi
python=""
for candidate in $candidates; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" "$tool" --check-python >/dev/null 2>&1; then
        python="$candidate"
        break
    fi
done
if [ -z "$python" ]; then
    echo "hooks/build.sh: needs Python 3.11, the Lambda runtime's version, as python3.11 or python3 on PATH or named by ASK_BUILD_PYTHON (tried: $candidates)" >&2
    exit 1
fi
if ! "$python" -m pip --version >/dev/null 2>&1; then
    echo "hooks/build.sh: $python has no pip (install it with: $python -m ensurepip)" >&2
    exit 1
fi

verbose=""
if [ "$debug" = "true" ]; then
    verbose="--verbose"
fi
exec "$python" "$tool" --code "$PWD" --zip "$out" $verbose "$@"
