#!/usr/bin/env bash
# The whole-process benchmark (issue 12): the user's path, timed as processes. It generates a transactions file (cached),
# publishes the CLI exactly as the tool ships for this machine's RID (linux-x64: Native AOT, -p:CliNativeAot=true, as
# .ci/consumer-test.sh packs it; other RIDs: Release, ReadyToRun, framework-dependent) and the SQL
# engine's job (benchmarks/WholeProcess/duckdb-job.cs: embedded DuckDB, CSV load + summaries + NTILE + 80/20 + CSV out),
# then runs each as a cold process, alternately, several times:
#   CLI:    customer-scoring --input F --output S.csv     (import, summaries, RFM, 80/20, BG/NBD + Gamma-Gamma, CLV,
#                                                          tiers, report, scorecard CSV)
#   DuckDB: duckdb-job F OUT.csv 2
# With --format parquet both read the Parquet file that the DuckDB job writes from the generated CSV (integer ids as
# int64, row groups of 1M rows; cached beside it): the CLI summarizes it while reading, the DuckDB job reads it with
# read_parquet. The ceilings of Parquet runs are listed under "parquetCeilings" (none: report only).
# It prints each run's wall time, peak RSS, CPU time (user, system) and minor page faults (/usr/bin/time), the medians,
# the ratio of medians CLI/DuckDB, and the
# CLI's bare start-up (`--version`, cold process) as the fixed cost in the CLI's figure; writes result.json and
# result.md; and exits 1 when the ratio exceeds the ceiling listed for this row count (within 1%) in the ceilings file
# (no ceiling: report only).
#
#   bash benchmarks/whole-process.sh [--rows N] [--customers N] [--runs N] [--input FILE] [--format csv|parquet]
#                                    [--ceilings FILE] [--out DIR] [--no-publish]
# Defaults: 1,000,000 rows, rows/10 customers, 5 runs of each, ceilings benchmarks/whole-process-ceilings.json,
# results in BenchmarkDotNet.Artifacts/whole-process. --input times an existing file instead of generating one (a CSV file;
# with --format parquet, the CSV whose rows are written as Parquet). The generated files are cached in $WHOLE_PROCESS_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/customerscoring-whole-process). --no-publish reuses the published binaries in --out.
# Both programs read the file from the page cache: one unrecorded run of each comes first. Each run writes a new output
# file, as a first run does: the previous run's output is removed before it, untimed (replacing a file frees the old one's
# blocks inside the writer's run, and on a file system mounted with `discard`, as this machine's root is, that is a
# synchronous discard: 55-65 ms for the CLI's 155 MB scorecard at 1M customers, about 10 ms for the DuckDB job's 28 MB).
# Exit: 0 ok (or no ceiling), 1 ratio above the ceiling, 2 usage, 3 a program failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rows=1000000; customers=""; runs=5; input=""; format=csv; ceilings=benchmarks/whole-process-ceilings.json
out="$(pwd)/BenchmarkDotNet.Artifacts/whole-process"; publish=1
while [ "$#" -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --customers) customers="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --input) input="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    --ceilings) ceilings="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-publish) publish=0; shift ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "whole-process: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$rows" =~ ^[0-9]+$ && "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "whole-process: --rows and --runs take positive integers" >&2; exit 2; }
[[ "$format" == csv || "$format" == parquet ]] || { echo "whole-process: --format takes csv or parquet" >&2; exit 2; }
customers="${customers:-$((rows / 10))}"
[ -x /usr/bin/time ] || { echo "whole-process: needs GNU time at /usr/bin/time (Debian package 'time')" >&2; exit 2; }
command -v jq >/dev/null || { echo "whole-process: needs jq" >&2; exit 2; }
mkdir -p "$out"
start=$SECONDS

rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)"
rid="${rid:-linux-x64}"
if [ "$publish" -eq 1 ]; then
  rm -rf "$out/cli" "$out/duck"
  if [ "$rid" = linux-x64 ]; then
    echo "== whole-process: publish the CLI as the tool ships (Release, Native AOT, $rid)"
    dotnet publish src/CustomerScoring.Cli -c Release -r "$rid" -p:CliNativeAot=true -o "$out/cli" --nologo -v quiet
  else
    echo "== whole-process: publish the CLI as the tool ships (Release, ReadyToRun, $rid, framework-dependent)"
    dotnet publish src/CustomerScoring.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
      -o "$out/cli" --nologo -v quiet
  fi
  echo "== whole-process: publish the DuckDB job (benchmarks/WholeProcess/duckdb-job.cs)"
  dotnet publish benchmarks/WholeProcess/duckdb-job.cs -c Release -r "$rid" --self-contained false -o "$out/duck" --nologo -v quiet
fi
cli="$out/cli/customer-scoring"; duck="$out/duck/duckdb-job"
build=ReadyToRun; [ -f "$out/cli/customer-scoring.dll" ] || build="Native AOT"
[ -x "$cli" ] && [ -x "$duck" ] || { echo "whole-process: $cli or $duck missing (drop --no-publish)" >&2; exit 2; }

if [ -z "$input" ]; then
  cache="${WHOLE_PROCESS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/customerscoring-whole-process}"
  mkdir -p "$cache"
  input="$cache/t${rows}-c${customers}-s12.csv"
  if [ ! -s "$input" ]; then
    echo "== whole-process: generate $input"
    dotnet run benchmarks/WholeProcess/generate.cs -c Release -- "$input.tmp" "$rows" "$customers" 12
    mv "$input.tmp" "$input"
  fi
else
  [ -s "$input" ] || { echo "whole-process: input '$input' not found" >&2; exit 2; }
  rows=$(($(wc -l < "$input") - 1))
fi
lines=$(($(wc -l < "$input") - 1))
kind="CSV, string ids"; load="CSV load"; ceilings_key=ceilings
if [ "$format" = parquet ]; then
  # The same rows as Parquet, written by the DuckDB job (integer ids as int64), cached beside the CSV.
  parquet="${input%.csv}.parquet"
  if [ ! -s "$parquet" ] || [ "$parquet" -ot "$input" ]; then
    echo "== whole-process: write $parquet (DuckDB, from the CSV)"
    "$duck" --to-parquet "$input" "$parquet.tmp.parquet"
    mv "$parquet.tmp.parquet" "$parquet"
  fi
  input="$parquet"; kind="Parquet, int64 ids"; load="Parquet load"; ceilings_key=parquetCeilings
fi
size_mb=$(awk -v b="$(stat -L -c %s "$input")" 'BEGIN { printf "%.0f", b / 1e6 }')

# One cold process; appends "seconds kilobytes user-seconds system-seconds minor-faults" to $1's list; the program's
# output goes to $out/<name>.log. System time is mostly the kernel filling fresh pages (the faults), which costs much
# more on some virtual machines than on others: it explains why wall times differ between machines and hours.
timed() {
  local name="$1"; shift
  if ! /usr/bin/time -f '%e %M %U %S %R' -o "$out/$name.time" "$@" > "$out/$name.log" 2>&1; then
    echo "whole-process: $name failed; its output:" >&2
    tail -n 20 "$out/$name.log" >&2
    exit 3
  fi
  cat "$out/$name.time" >> "$out/$name.runs"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

load_before="$(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "== whole-process: $lines rows, $size_mb MB ($input); $runs cold runs each, alternating; load $load_before"
rm -f "$out"/*.runs
timed warmup-cli "$cli" --input "$input" --output "$out/scorecard.csv"
timed warmup-duck "$duck" "$input" "$out/duckdb.csv" 2
rm -f "$out"/warmup-*.runs
# The customer count as the SQL engine counted it ("1,000,000 customers; top 20% ...").
customers=$(sed -n 's/^\([0-9,]*\) customers;.*/\1/p' "$out/warmup-duck.log" | tr -d ,)
customers="${customers:-0}"
for i in $(seq 1 "$runs"); do
  rm -f "$out/scorecard.csv"
  timed cli "$cli" --input "$input" --output "$out/scorecard.csv"
  rm -f "$out/duckdb.csv"
  timed duck "$duck" "$input" "$out/duckdb.csv" 2
  timed version "$cli" --version
  printf 'run %d: CLI %6.2f s %7d KB (CPU %5.2f + %5.2f s, %6d faults) | DuckDB %6.2f s %7d KB (CPU %5.2f + %5.2f s, %6d faults) | CLI --version %5.2f s\n' "$i" \
    $(tail -n 1 "$out/cli.runs") $(tail -n 1 "$out/duck.runs") "$(tail -n 1 "$out/version.runs" | cut -d ' ' -f 1)"
done
load_after="$(cut -d ' ' -f 1-3 /proc/loadavg)"

cli_s=$(cut -d ' ' -f 1 "$out/cli.runs" | median); cli_kb=$(cut -d ' ' -f 2 "$out/cli.runs" | median)
duck_s=$(cut -d ' ' -f 1 "$out/duck.runs" | median); duck_kb=$(cut -d ' ' -f 2 "$out/duck.runs" | median)
version_s=$(cut -d ' ' -f 1 "$out/version.runs" | median)
cli_user=$(cut -d ' ' -f 3 "$out/cli.runs" | median); cli_sys=$(cut -d ' ' -f 4 "$out/cli.runs" | median)
cli_faults=$(cut -d ' ' -f 5 "$out/cli.runs" | median)
duck_user=$(cut -d ' ' -f 3 "$out/duck.runs" | median); duck_sys=$(cut -d ' ' -f 4 "$out/duck.runs" | median)
duck_faults=$(cut -d ' ' -f 5 "$out/duck.runs" | median)
cli_peak_kb=$(cut -d ' ' -f 2 "$out/cli.runs" | sort -g | tail -n 1)
ratio=$(awk -v a="$cli_s" -v b="$duck_s" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 999) }')

ceiling=""
if [ -f "$ceilings" ]; then
  # The ceiling of the listed row count within 1% of the file's (a generated file holds about the rows asked for).
  ceiling=$(jq -r --argjson n "$lines" --arg key "$ceilings_key" '[(.[$key] // {}) | to_entries[] | select(((.key | tonumber) - $n) as $d
    | (if $d < 0 then -$d else $d end) <= 0.01 * (.key | tonumber)) | .value] | first // empty' "$ceilings")
fi
verdict="no ceiling for $lines rows in $ceilings: reported only"; status=0
if [ -n "$ceiling" ]; then
  if awk -v r="$ratio" -v c="$ceiling" 'BEGIN { exit !(r <= c) }'; then
    verdict="PASS: ratio $ratio <= ceiling $ceiling"
  else
    verdict="FAIL: ratio $ratio > ceiling $ceiling ($ceilings)"; status=1
  fi
fi

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
jq -n --arg commit "$commit" --arg input "$input" --argjson rows "$lines" --argjson customers "$customers" \
  --argjson runs "$runs" --arg rid "$rid" --arg format "$format" --arg loadBefore "$load_before" --arg loadAfter "$load_after" \
  --rawfile cliRuns "$out/cli.runs" --rawfile duckRuns "$out/duck.runs" --rawfile versionRuns "$out/version.runs" \
  --argjson cliSeconds "$cli_s" --argjson cliKb "$cli_kb" --argjson cliPeakKb "$cli_peak_kb" \
  --argjson duckSeconds "$duck_s" --argjson duckKb "$duck_kb" --argjson versionSeconds "$version_s" \
  --argjson ratio "$ratio" --arg ceiling "$ceiling" --arg verdict "$verdict" '
  def runs($t): [$t | splits("\n") | select(length > 0) | split(" ")
    | { seconds: (.[0] | tonumber), peakKb: (.[1] | tonumber), userSeconds: (.[2] | tonumber), systemSeconds: (.[3] | tonumber),
        minorFaults: (.[4] | tonumber) }];
  { commit: $commit, input: $input, format: $format, rows: $rows, customers: $customers, runs: $runs, rid: $rid,
    load: { before: $loadBefore, after: $loadAfter },
    cli: { command: "customer-scoring --input F --output S.csv", medianSeconds: $cliSeconds, medianPeakKb: $cliKb, maxPeakKb: $cliPeakKb, runs: runs($cliRuns) },
    duckdb: { command: "duckdb-job F OUT.csv 2", medianSeconds: $duckSeconds, medianPeakKb: $duckKb, runs: runs($duckRuns) },
    cliStartup: { command: "customer-scoring --version", medianSeconds: $versionSeconds, runs: runs($versionRuns) },
    ratio: $ratio, ceiling: (if $ceiling == "" then null else ($ceiling | tonumber) end), verdict: $verdict }' > "$out/result.json"

mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
{
  echo "| whole process, cold, $lines rows / $customers customers ($size_mb MB $kind) | median wall | median peak RSS | median CPU user / system | median minor page faults |"
  echo "|---|---:|---:|---:|---:|"
  echo "| CLI \`customer-scoring --input F --output S.csv\` ($build, $rid) | $cli_s s | $(mb "$cli_kb") MB | $cli_user / $cli_sys s | $cli_faults |"
  echo "| DuckDB job (embedded, 2 threads: $load, summaries, NTILE, 80/20, CSV out) | $duck_s s | $(mb "$duck_kb") MB | $duck_user / $duck_sys s | $duck_faults |"
  echo "| CLI \`--version\` (start-up alone) | $version_s s | | | |"
  echo
  echo "Ratio of medians CLI/DuckDB: **$ratio** ($verdict). $runs runs each, alternating; load average $load_before before, $load_after after; commit $commit."
} > "$out/result.md"
cat "$out/result.md"
echo "== whole-process: done in $((SECONDS - start)) s; $out/result.json (exit $status)"
exit "$status"
