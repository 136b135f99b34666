#!/usr/bin/env python3
"""Prints the rows that measure.py collected as one aligned table, in the order they were measured, then the JMH
rows (in-process, per operation) as a second table.

    table.py RESULTS_FILE
"""
import json
import sys

HEADER = ("benchmark", "runs", "median ms", "min ms", "max ms", "cpu ms", "peak RSS MB")


JMH_HEADER = ("JMH benchmark (one JVM, warmed up)", "iterations", "score", "± 99.9%", "unit")


def times(r):
    """A ratio as 3.4x; two significant digits below 0.1 (runbook against Ansible's fan-out is 0.0077x, not 0.0x)."""
    return f"{r:.1f}x" if r >= 0.1 else f"{r:.2g}x"


def cells(row):
    if row["kind"] == "ratio":
        cpu = "" if row["cpu"] is None else times(row["cpu"])
        return (row["label"], "", times(row["median"]), "", "", cpu, "")
    if row["kind"] == "skip":
        return (row["label"], "", "not run: " + row["reason"], "", "", "", "")
    if row["kind"] == "given":
        return (row["label"], str(row["runs"]), f"{row['median_ms']:.0f}", "", "", "", "")
    return (row["label"], str(row["runs"]), f"{row['median_ms']:.0f}", f"{row['min_ms']:.0f}",
            f"{row['max_ms']:.0f}", f"{row['cpu_ms']:.0f}", f"{row['peak_rss_mb']:.0f}")


def jmh_cells(row):
    return (row["label"], str(row["runs"]), f"{row['score']:.1f}", f"{row['error']:.1f}", row["unit"])


def print_table(header, rows):
    # a "not run: ..." text is wider than any number: it may run past its column instead of widening it
    table = [header] + [r for r in rows if not r[2].startswith("not run: ")]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    widths[0] = max(len(r[0]) for r in [header] + rows)

    def line(r):  # the label left-aligned, the numbers right-aligned so their digits line up
        if r[2].startswith("not run: "):
            return (r[0].ljust(widths[0]) + "  " + " " * (widths[1]) + "  " + r[2]).rstrip()
        return "  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def main():
    with open(sys.argv[1]) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if not rows:
        sys.exit("bench: no benchmark produced a row")
    timed = [cells(r) for r in rows if r["kind"] != "jmh"]
    jmh = [jmh_cells(r) for r in rows if r["kind"] == "jmh"]
    if timed:
        print_table(HEADER, timed)
    if jmh:
        if timed:
            print()
        print_table(JMH_HEADER, jmh)


if __name__ == "__main__":
    main()
