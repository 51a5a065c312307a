#!/usr/bin/env bash
# Benchmark (e): the PDF of a 50-line invoice (PDFsharp, the shipped DejaVu fonts): median of RUNS renders after a
# warm-up, and renders per second on one thread and on every core. Release build, in process (no HTTP, no database).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/StudioManager.Bench -- invoice-pdf "${RUNS:-100}"
