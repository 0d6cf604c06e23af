#!/usr/bin/env bash
# The benchmark gate for CI: builds the suite, runs every benchmark class at its quick sizes
# (CUSTOMERSCORING_BENCH=quick), exports JSON and Markdown, then checks each guarded speed-up
# (baseline mean / mean, same class and parameters, same run) against benchmarks/ratio-floors.json.
# Exits non-zero when a guarded speed-up is below its floor or missing. Usage, from anywhere:
#   bash benchmarks/run-ci.sh [extra BenchmarkDotNet arguments, e.g. --filter '*Rfm*']
# Results: BenchmarkDotNet.Artifacts/results (per class *.md, *-report-full-compressed.json) and
# BenchmarkDotNet.Artifacts/ratios.md (the speed-up table).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CUSTOMERSCORING_BENCH=quick

project=benchmarks/CustomerScoring.Benchmarks
artifacts="$(pwd)/BenchmarkDotNet.Artifacts"
filter=('--filter' '*')
if [ "$#" -gt 0 ]; then filter=(); fi

start=$SECONDS
echo "== benchmarks: build (Release)"
dotnet build "$project" -c Release --nologo -v quiet

echo "== benchmarks: quick suite (CUSTOMERSCORING_BENCH=quick)"
rm -rf "$artifacts"
# Short-run job with more measured iterations than --job short's 3 (10): ratios of means are steadier on a shared machine.
dotnet run -c Release --no-build --project "$project" -- \
  "${filter[@]}" --job short --iterationCount 10 --exporters json markdown --artifacts "$artifacts" "$@"

echo "== benchmarks: ratio gate"
set +e
dotnet run -c Release --no-build --project "$project" -- \
  check "$artifacts/results" benchmarks/ratio-floors.json --markdown "$artifacts/ratios.md"
status=$?
set -e
echo "== benchmarks: done in $((SECONDS - start)) s (exit $status)"
exit "$status"
