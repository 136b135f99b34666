# Sourced by each benchmark script in bench/benchmarks: the two helpers a benchmark measures with.
# bench/run exports what they use: BENCH_DIR, BENCH_RESULTS, BENCH_RUNS, BENCH_WARMUP, BENCH_GNU_TIME (and, for the
# benchmarks themselves, BENCH_TMP, RUNBOOK, RUN_JDK).
: "${BENCH_RESULTS:?start the benchmarks with bench/run}"

# measure LABEL -- COMMAND...: times BENCH_RUNS whole runs of COMMAND and adds the row LABEL to the table
measure() {
  local label="$1"; shift
  [ "${1:-}" = "--" ] && shift
  echo "  measuring: $label" >&2
  python3 "$BENCH_DIR/lib/measure.py" run --label "$label" --results "$BENCH_RESULTS" \
    --runs "$BENCH_RUNS" --warmup "$BENCH_WARMUP" --gnu-time "$BENCH_GNU_TIME" -- "$@"
}

# ratio LABEL NUMERATOR_LABEL DENOMINATOR_LABEL: adds a row with the ratio of two measured rows' medians
ratio() {
  python3 "$BENCH_DIR/lib/measure.py" ratio --label "$1" --results "$BENCH_RESULTS" "$2" "$3"
}
