#!/usr/bin/env bash
# The measurements of docs/scale.md, one command each (run from the repository root):
#   benchmarks/SqlScale/run.sh cli [ROWS] [CUSTOMERS]       default 100000000 10000000
#       generates ROWS transactions of CUSTOMERS ids as Parquet (SqlScale.cs parquet), then times the command line on it
#       twice: --engine duckdb (embedded DuckDB summarizes, local scoring) and the in-memory path (the Parquet reader,
#       Summarizer); wall time and peak resident memory by /usr/bin/time, the load average beside each.
#   benchmarks/SqlScale/run.sh postgres [ROWS] [CUSTOMERS]  default 10000000 1000000
#       a throwaway PostgreSQL cluster (initdb in a temporary folder, unix socket, stopped and deleted at the end), the
#       generated rows binary-COPYed in, summary query time against the in-memory Summarizer on the same rows (SqlScale.cs postgres)
#   benchmarks/SqlScale/run.sh duckdb [ROWS] [CUSTOMERS]    default 10000000 1000000 (SqlScale.cs duckdb)
# Heavy: runs under nice -n 10; generated files go to a temporary folder (TMPDIR, or SCALE_DIR) and are deleted at the end.
set -euo pipefail
mode=${1:?usage: run.sh cli|postgres|duckdb [ROWS] [CUSTOMERS]}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${SCALE_DIR:-${TMPDIR:-/tmp}}/sqlscale.XXXXXX")
pgdata=""
cleanup() {
  if [ -n "$pgdata" ] && [ -f "$pgdata/data/postmaster.pid" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work" ${pgdata:+"$pgdata"}
}
trap cleanup EXIT
load() { echo "  load average: $(uptime | sed 's/.*load average: //')"; }
script="$repo/benchmarks/SqlScale/SqlScale.cs"
nice -n 10 dotnet build "$script" -c Release -v q >/dev/null

case "$mode" in
cli)
  rows=${2:-100000000}; customers=${3:-10000000}
  nice -n 10 dotnet build "$repo/src/CustomerScoring.Cli" -c Release -o "$work/cli" -v q >/dev/null
  parquet=${PARQUET:-$work/t.parquet}   # PARQUET=file reuses a file written by an earlier run (kept)
  if [ ! -f "$parquet" ]; then
    load; nice -n 10 dotnet run --no-build "$script" -c Release -- parquet "$parquet" "$rows" "$customers"; load
  fi
  df -h "$work" | tail -1
  common=(--input "$parquet" --analysis-date 2025-12-31 --time-unit week)
  duckdb_extra=(${ENGINE_MEMORY:+--engine-memory "$ENGINE_MEMORY"})   # ENGINE_MEMORY=4GB bounds DuckDB (it spills beyond)
  for engine in duckdb memory; do
    echo "--engine $engine:"; load
    nice -n 10 /usr/bin/time -f "  %e s wall, %U s user + %S s system CPU, %M KB peak resident memory; exit %x" \
      dotnet "$work/cli/customer-scoring.dll" "${common[@]}" --engine "$engine" $([ "$engine" = duckdb ] && echo "${duckdb_extra[@]}") --output "$work/card-$engine.csv" \
      > "$work/report-$engine.txt" 2> "$work/err-$engine.txt" || true
    tail -n 3 "$work/err-$engine.txt"; load
    grep -iE "customers|revenue|summarized|purchases|segment|error" "$work/report-$engine.txt" | head -n 12 || true
  done
  if [ -f "$work/card-duckdb.csv" ] && [ -f "$work/card-memory.csv" ]; then
    # Row order differs by design (DuckDB's rows come ordered by customer id, the in-memory ones in order of first
    # appearance), so the rows are compared as sorted sets, header included.
    if cmp -s <(LC_ALL=C sort "$work/card-duckdb.csv") <(LC_ALL=C sort "$work/card-memory.csv"); then
      echo "the two scorecards hold the same rows (sorted, cmp)"
    else
      echo "the two scorecards differ"
    fi
  fi
  ;;
postgres)
  rows=${2:-10000000}; customers=${3:-1000000}
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pgdata=$(mktemp -d /tmp/sqlscale-pg.XXXXXX); chown postgres:postgres "$pgdata"
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdata/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata/data" -l "$pgdata/server.log" -w -t 60 \
    -o "-k $pgdata -c listen_addresses= -p 5499 -c fsync=off -c full_page_writes=off" start >/dev/null
  load
  nice -n 10 /usr/bin/time -f "  %e s %M KB (this process; the server is separate)" \
    dotnet run --no-build "$script" -c Release -- postgres "$rows" "$customers" \
    "Host=$pgdata;Port=5499;Username=postgres;Database=postgres;Pooling=false;Command Timeout=0"
  load
  ;;
duckdb)
  rows=${2:-10000000}; customers=${3:-1000000}
  load; nice -n 10 /usr/bin/time -f "  %e s %M KB" dotnet run --no-build "$script" -c Release -- duckdb "$rows" "$customers"; load
  ;;
*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
