#!/usr/bin/env python3
"""Event-to-page latency of `runbook serve` under load (issue 24): RUNS live runs in a folder journal, each
journaling an event every INTERVAL seconds, and CLIENTS pages connected to the server: one real headless
Chromium with a run page open (when /usr/bin/chromium is here) and server-sent-event clients for the rest, each
on its own run. For every event a watched run journals, latency = when a client received the message that
covers it - when it was written (one machine, one clock). Prints median, p95 and max; with --results, adds
`given` rows to bench/run's table.

    serve-latency.py --runbook ./runbook [--runs 50] [--clients 10] [--seconds 30] [--interval 1.0] [--results FILE]
"""
import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Journal:
    """One live run's journal.jsonl, written as the engine writes it: one JSON line per event, fsynced."""

    def __init__(self, root, run_id):
        self.dir = os.path.join(root, run_id)
        os.makedirs(self.dir)
        self.path = os.path.join(self.dir, "journal.jsonl")
        self.run_id = run_id
        self.seq = 0
        self.written = {}  # event count after the write -> time.monotonic() of the write
        self.lock = threading.Lock()
        self.append({"type": "run.started", "run": run_id, "runbook": "bench-serve", "title": "", "params": {},
                     "secrets": [], "severity": "P3", "operator": "bench", "host": host(), "pid": os.getpid(),
                     "dryRun": False, "nodes": ["Work"], "kinds": ["step"]})
        self.append({"type": "step.started", "step": "Work", "index": 1, "of": 1, "attempt": 1, "attempts": 1})

    def append(self, fields):
        with self.lock:
            self.seq += 1
            line = json.dumps({"seq": self.seq, "ts": now_iso(), **fields}) + "\n"
            # the clock starts as the line is handed to the file: the server may see it before the fsync returns
            self.written[self.seq] = time.monotonic()
            with open(self.path, "a") as f:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())


def host():
    h = os.environ.get("HOSTNAME")
    if h:
        return h
    try:
        with open("/etc/hostname") as f:
            return f.read().strip()
    except OSError:
        return "unknown"


per_run = {}
backwards = []  # a message with fewer events than one before it: the page went back (a bug)


def sse_client(base, run, journal, latencies, stop, ready):
    req = urllib.request.Request(f"{base}/runs/{run}/events")
    with urllib.request.urlopen(req, timeout=60) as r:
        ready.release()
        seen = 0
        for raw in r:
            if stop.is_set():
                return
            line = raw.decode("utf-8").rstrip("\n")
            if not line.startswith("data: "):
                continue
            got = time.monotonic()
            n = json.loads(line[6:])["n"]
            for k in range(seen + 1, n + 1):  # every event this message brings to the page
                w = journal.written.get(k)  # only events written while measuring are there
                if w is not None:
                    latencies.append(got - w)
                    per_run.setdefault(run, []).append((k, round((got - w) * 1000)))
            if n < seen:
                backwards.append((run, seen, n))
            seen = max(seen, n)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runbook", required=True, help="the runbook command (./runbook)")
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--clients", type=int, default=10)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--interval", type=float, default=1.0)
    p.add_argument("--results")
    a = p.parse_args()

    tmp = tempfile.mkdtemp(prefix="runbook-serve-bench-")
    root = os.path.join(tmp, "runs")
    os.makedirs(root)
    journals = [Journal(root, f"20261201-000000-{i:04x}") for i in range(a.runs)]
    for j in journals:
        j.written.clear()  # the runs' first events were there before any page opened: not measured
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([a.runbook, "serve", "--journal", root, "--port", str(port), "--state", os.path.join(tmp, "state")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    browser = None
    try:
        line = server.stdout.readline()
        if not line.startswith("Serving"):
            sys.exit(f"serve-latency: the server did not start: {line}{server.stdout.read()}")
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        chromium = shutil.which("chromium")
        sse_count = a.clients
        if chromium:
            # one real browser on run 0's page: its EventSource and DOM swaps are part of the load
            browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                        f"--user-data-dir={tmp}/chromium", "--remote-debugging-port=0",
                                        f"{base}/runs/{journals[0].run_id}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            sse_count -= 1
        latencies, stop, ready = [], threading.Event(), threading.Semaphore(0)
        watched = journals[1:1 + sse_count] if chromium else journals[:sse_count]
        for j in watched:
            threading.Thread(target=sse_client, args=(base, j.run_id, j, latencies, stop, ready), daemon=True).start()
        for _ in watched:
            if not ready.acquire(timeout=60):
                sys.exit("serve-latency: an event stream did not open within 60 s")
        time.sleep(1)  # every stream has had its first message (the page as it is)
        before = {j.run_id: j.seq for j in watched}
        end = time.monotonic() + a.seconds
        tick = 0
        step = a.interval / len(journals)  # the runs' events spread evenly over each interval
        while time.monotonic() < end:
            for j in journals:
                tick += 1
                j.append({"type": "step.log", "step": "Work", "message": f"tick {tick} <b>not bold</b>"})
                time.sleep(step)
        time.sleep(2)  # the last events reach the pages
        stop.set()
        expected = sum(j.seq - before[j.run_id] for j in watched)
        if os.environ.get("SERVE_BENCH_DEBUG"):
            for j in watched:
                got = {k for k, _ in per_run.get(j.run_id, [])}
                print(j.run_id, "written", j.seq, "missing", [k for k in range(before[j.run_id] + 1, j.seq + 1) if k not in got], file=sys.stderr)
        if backwards:
            print(f"serve-latency: pages went back to fewer events {len(backwards)} times: {backwards[:3]}", file=sys.stderr)
        if len(latencies) < expected:
            print(f"serve-latency: {expected - len(latencies)} events never reached a page", file=sys.stderr)
        if not latencies:
            sys.exit("serve-latency: no event reached a page")
        ms = sorted(x * 1000 for x in latencies)
        pct = lambda q: ms[min(len(ms) - 1, int(round(q * (len(ms) - 1))))]
        clients = f"{a.clients} clients ({'1 Chromium + ' if chromium else ''}{len(watched)} SSE)"
        print(f"serve: {a.runs} live runs, {clients}, {len(ms)} of the {expected} events written to watched runs seen: "
              f"median {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms, max {ms[-1]:.0f} ms")
        if a.results:
            for q, name in ((0.5, "median"), (0.95, "p95")):
                subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "lib", "measure.py"), "given",
                                "--label", f"serve: event to page, {a.runs} live runs, {clients}, {name}",
                                "--results", a.results, "--runs", str(len(ms)), f"{pct(q):.1f}"], check=True)
        return 0 if pct(0.95) <= 1000 and len(latencies) >= expected and not backwards else 1
    finally:
        if browser:
            browser.kill()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
