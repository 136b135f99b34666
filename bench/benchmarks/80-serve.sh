#!/usr/bin/env bash
# The team page under load (issue 24): 50 live runs journaling an event a second each, 10 pages connected (one
# headless Chromium when installed, server-sent-event clients for the rest). Goal: event to page ≤ 1 s at p95.
# BENCH_SERVE_SECONDS sets how long the runs write (default 30).
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"
python3 "$BENCH_DIR/serve-latency.py" --runbook "$RUNBOOK" --runs 50 --clients 10 \
  --seconds "${BENCH_SERVE_SECONDS:-30}" --results "$BENCH_RESULTS"
