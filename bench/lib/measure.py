#!/usr/bin/env python3
"""Times whole-process runs of one command and appends one row to the results file (JSON lines).

    measure.py run   --label L --results FILE --runs N --warmup W --gnu-time PATH -- COMMAND...
    measure.py ratio --label L --results FILE NUMERATOR_LABEL DENOMINATOR_LABEL
    measure.py skip  --label L --results FILE REASON        a row that was not run, and why
    measure.py given --label L --results FILE --runs N MEDIAN_MS   a row measured by another tool (bench/fanout.sh)
    measure.py jmh   --results FILE JMH_JSON                one row per JMH benchmark (its own table)

Wall time: time.perf_counter_ns() around fork+exec+wait, one fresh process per run.
CPU time: user + system time from wait4(2), the process and its children; it moves much less than wall time
when other work shares the machine, so it is the figure to compare across busy runs.
Peak RSS: GNU time's %M (the largest resident set of the process or of a child it waited for), taken in the
warm-up runs, the largest of them. Not ru_maxrss of the timed runs: a child forked from this Python process
starts with Python's resident set (about 14 MB), and Linux keeps that high-water mark across exec, so every
command smaller than Python would show as 14 MB. GNU time's own floor is about 1 MB. The timed runs are not
wrapped in GNU time, so its fork and exec are not in their wall time.
A run that exits non-zero is run once more with its output kept, that output is shown and the benchmark stops:
a broken benchmark stops loudly instead of timing an error message. Runs read /dev/null and write to
/dev/null: the terminal's speed is not what we measure.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def one_run(command, stdout):
    """Runs command once; returns (wall ns, exit code, rusage of the process and the children it waited for)."""
    start = time.perf_counter_ns()
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter_ns() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is reaped
    return wall, proc.returncode, usage


def stop_on_failure(label, command, code):
    """A run failed: run it once more with its output kept, show that output, and stop."""
    if code == 0:
        return
    with tempfile.TemporaryFile() as out:
        _, again, _ = one_run(command, out)
        out.seek(0)
        sys.stderr.write(out.read().decode(errors="replace"))
    sys.stderr.write(f"bench: '{label}' failed: {' '.join(command)} exited {code} "
                     f"(exited {again} when run again to show its output, above)\n")
    sys.exit(1)


def warm_up_rss_kib(label, command, gnu_time):
    """One untimed run under GNU time; returns its peak RSS in KiB."""
    with tempfile.NamedTemporaryFile(mode="r") as report:
        _, code, _ = one_run([gnu_time, "-f", "%M", "-o", report.name, *command], subprocess.DEVNULL)
        stop_on_failure(label, command, code)
        return int(report.read().split()[-1])


def run(args):
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    rss = [warm_up_rss_kib(args.label, command, args.gnu_time) for _ in range(args.warmup)]
    walls, cpus = [], []
    for _ in range(args.runs):
        wall, code, usage = one_run(command, subprocess.DEVNULL)
        stop_on_failure(args.label, command, code)
        walls.append(wall / 1e6)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
    append(args.results, {
        "label": args.label, "kind": "time", "runs": args.runs,
        "median_ms": statistics.median(walls), "min_ms": min(walls), "max_ms": max(walls),
        "cpu_ms": statistics.median(cpus),
        "peak_rss_mb": max(rss) / 1024,
    })


def ratio(args):
    rows = {r["label"]: r for r in read(args.results)}
    for needed in (args.numerator, args.denominator):
        if needed not in rows:
            sys.exit(f"bench: ratio '{args.label}' needs the row '{needed}', which no benchmark measured")
    num, den = rows[args.numerator], rows[args.denominator]
    if num["kind"] == "skip" or den["kind"] == "skip":
        return  # a row that was not run has no ratio; the skipped row says why
    if num.get("cpu_ms") is None or den.get("cpu_ms") is None:
        append(args.results, {"label": args.label, "kind": "ratio", "median": num["median_ms"] / den["median_ms"],
                              "cpu": None})
        return
    append(args.results, {
        "label": args.label, "kind": "ratio",
        "median": num["median_ms"] / den["median_ms"],
        "cpu": num["cpu_ms"] / den["cpu_ms"],
    })


def skip(args):
    append(args.results, {"label": args.label, "kind": "skip", "reason": args.reason})


def given(args):
    append(args.results, {"label": args.label, "kind": "given", "runs": args.runs, "median_ms": args.median_ms})


def jmh(args):
    """JMH's JSON (-rf json): one row per benchmark and parameter set, score and its 99.9% error, in JMH's unit."""
    with open(args.json) as f:
        results = json.load(f)
    for r in results:
        name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
        params = " ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        m = r["primaryMetric"]
        append(args.results, {"label": f"{name} {params}".strip(), "kind": "jmh", "score": m["score"],
                              "error": m["scoreError"], "unit": m["scoreUnit"],
                              "runs": r["measurementIterations"] * r["forks"]})


def read(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def append(path, row):
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    r = sub.add_parser("run")
    r.add_argument("--label", required=True)
    r.add_argument("--results", required=True)
    r.add_argument("--runs", type=int, required=True)
    r.add_argument("--warmup", type=int, required=True, help="untimed runs, under GNU time for the peak RSS")
    r.add_argument("--gnu-time", required=True, help="the GNU time program, e.g. /usr/bin/time")
    r.add_argument("command", nargs=argparse.REMAINDER)
    q = sub.add_parser("ratio")
    q.add_argument("--label", required=True)
    q.add_argument("--results", required=True)
    q.add_argument("numerator")
    q.add_argument("denominator")
    k = sub.add_parser("skip")
    k.add_argument("--label", required=True)
    k.add_argument("--results", required=True)
    k.add_argument("reason")
    g = sub.add_parser("given")
    g.add_argument("--label", required=True)
    g.add_argument("--results", required=True)
    g.add_argument("--runs", type=int, required=True)
    g.add_argument("median_ms", type=float)
    j = sub.add_parser("jmh")
    j.add_argument("--results", required=True)
    j.add_argument("json")
    args = parser.parse_args()
    if args.what == "run":
        if args.runs < 1 or args.warmup < 1 or not args.command or args.command == ["--"]:
            parser.error("run needs --runs >= 1, --warmup >= 1 and a command after --")
        run(args)
    else:
        {"ratio": ratio, "skip": skip, "given": given, "jmh": jmh}[args.what](args)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # Ctrl-C stops the benchmark; a traceback would only hide what bench/run prints
        sys.exit(130)
