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

# skip LABEL REASON: a row that was not run, with the reason in the table ("not run: REASON")
skip() {
  echo "  not run: $1 ($2)" >&2
  python3 "$BENCH_DIR/lib/measure.py" skip --label "$1" --results "$BENCH_RESULTS" "$2"
}

# given LABEL RUNS MEDIAN_MS: a row measured by another tool (bench/fanout.sh)
given() {
  python3 "$BENCH_DIR/lib/measure.py" given --label "$1" --results "$BENCH_RESULTS" --runs "$2" "$3"
}

# have COMMAND: true when COMMAND is installed (bench/run lists what is missing and how to get it)
have() {
  command -v "$1" >/dev/null 2>&1
}

# Every `runbook` the benchmarks start: cold = no compile cache and no start-up cache (compiles, loads every class
# from the jar); cached = both caches (bench/run trains the start-up cache before the benchmarks start; a cached
# row primes the compile cache first, with prime_compile_cache).
COLD=(env RUNBOOK_CACHE=off RUNBOOK_AOT=off "$RUNBOOK")
CACHED=("$RUNBOOK")

# prime_compile_cache FILE: compiles FILE into the compile cache (`runbook check`), so that a cached row's warm-up
# run, whose peak RSS the table shows, is a cached run too and not the compile a new build of the tool needs once.
prime_compile_cache() {
  "$RUNBOOK" check "$1" >/dev/null
}

# expect_succeeded_runs JOURNAL_DIR COUNT: fails the benchmark unless COUNT runs journaled in JOURNAL_DIR succeeded
# (timed and warm-up runs): a timing is only worth something if the runs did the work
expect_succeeded_runs() {
  local succeeded
  succeeded=$(grep -l '"outcome":"succeeded"' "$1"/*/journal.jsonl 2>/dev/null | wc -l)
  if [ "$succeeded" -ne "$2" ]; then
    echo "bench: expected $2 succeeded runs in the journal, found $succeeded" >&2
    exit 1
  fi
}

# measure_hello_world: the row "java hello-world (the launcher's JVM flags)": a one-class Hello, compiled into
# BENCH_TMP/hello, started with the launcher's JVM flags (RUNBOOK_JVM_FLAGS: source scripts/start-up-cache.sh first).
# The floor issues 21's and 23's goals are ratios to; each benchmark that takes a ratio to it measures it again, so
# that both figures of a ratio come from the same minutes of the machine's life.
measure_hello_world() {
  mkdir -p "$BENCH_TMP/hello"
  printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$BENCH_TMP/hello/Hello.java"
  "$RUN_JDK/bin/javac" -d "$BENCH_TMP/hello" "$BENCH_TMP/hello/Hello.java"
  measure "java hello-world (the launcher's JVM flags)" -- "$RUN_JDK/bin/java" "${RUNBOOK_JVM_FLAGS[@]}" -cp "$BENCH_TMP/hello" Hello
}
