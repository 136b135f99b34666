#!/usr/bin/env python3
"""Prints the rows that measure.py collected as one aligned table, in the order they were measured.

    table.py RESULTS_FILE
"""
import json
import sys

HEADER = ("benchmark", "runs", "median ms", "min ms", "max ms", "cpu ms", "peak RSS MB")


def cells(row):
    if row["kind"] == "ratio":
        return (row["label"], "", f"{row['median']:.1f}x", "", "", f"{row['cpu']:.1f}x", "")
    return (row["label"], str(row["runs"]), f"{row['median_ms']:.0f}", f"{row['min_ms']:.0f}",
            f"{row['max_ms']:.0f}", f"{row['cpu_ms']:.0f}", f"{row['peak_rss_mb']:.0f}")


def main():
    with open(sys.argv[1]) as f:
        rows = [cells(json.loads(line)) for line in f if line.strip()]
    if not rows:
        sys.exit("bench: no benchmark produced a row")
    table = [HEADER] + rows
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADER))]

    def line(r):  # the label left-aligned, the numbers right-aligned so their digits line up
        return "  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]).rstrip()

    print(line(HEADER))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main()
