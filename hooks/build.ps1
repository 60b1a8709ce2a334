# The ASK CLI's custom build flow on Windows: `ask deploy`, run in the project root, finds this
# file, copies the code folder (lambda/) into .ask/lambda/, runs it there with the zip's path and
# the debug flag, and uploads that zip as it is. tools/build_lambda.py does the build, as for
# hooks/build.sh. Needs Python 3.11 with pip (`py -3.11`, python3.11 or python on PATH, or the
# ASK_BUILD_PYTHON environment variable) and PyPI, for the wheels. Not run in this repository's CI.
param([string]$OutFile, [bool]$DoDebug = $false)
$ErrorActionPreference = "Stop"
if (-not $OutFile) {
    Write-Error "hooks/build.ps1: usage: hooks/build.ps1 OUT_FILE [DO_DEBUG] (ask deploy calls it)"
    exit 2
}
$tool = Join-Path (Split-Path -Parent $PSScriptRoot) "tools\build_lambda.py"
if ($env:ASK_BUILD_PYTHON) { $candidates = @(, @($env:ASK_BUILD_PYTHON)) }
else { $candidates = @(@("py", "-3.11"), @("python3.11"), @("python")) }
$python = $null
foreach ($candidate in $candidates) {
    $exe = $candidate[0]
    $pre = @($candidate | Select-Object -Skip 1)
    if (-not (Get-Command $exe -ErrorAction SilentlyContinue)) { continue }
    & $exe @pre $tool --check-python *> $null
    if ($LASTEXITCODE -eq 0) { $python = $candidate; break }
}
if (-not $python) {
    Write-Error "hooks/build.ps1: needs Python 3.11, the Lambda runtime's version (py -3.11, python3.11 or python, or set ASK_BUILD_PYTHON)"
    exit 1
}
$exe = $python[0]
$pre = @($python | Select-Object -Skip 1)
& $exe @pre -m pip --version *> $null
if ($LASTEXITCODE -ne 0) {
    Write-Error "hooks/build.ps1: $($python -join ' ') has no pip (install it with: $($python -join ' ') -m ensurepip)"
    exit 1
}
$options = @("--code", (Get-Location).Path, "--zip", $OutFile)
if ($DoDebug) { $options += "--verbose" }
& $exe @pre $tool @options
exit $LASTEXITCODE
