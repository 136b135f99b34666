#!/usr/bin/env python3
"""Time to the REPL's first prompt, in a pseudo-terminal, as an operator sees it.

bench/benchmarks/30-repl.sh pipes `exit` into the REPL and times the whole process: that is the REPL's dumb-terminal
path, and it includes leaving. This measures what a person waits for on a real terminal: the time from fork to the
first prompt on the screen, and, with a runbook, to the "Loaded ..." line (the runbook compiles behind the prompt).

    bench/repl-first-prompt.py                      # 10 timed runs per row after 2 warm-up runs
    BENCH_RUNS=20 RUNBOOK=/path/to/runbook bench/repl-first-prompt.py
    bench/repl-first-prompt.py --given              # for bench/benchmarks/30-repl.sh: two lines, "first-prompt RUNS
                                                    # MEDIAN_MS" and "completion RUNS MEDIAN_MS" (Tab in steps[' ,
                                                    # key to the completed name on the screen, in one warm REPL)
    bench/repl-first-prompt.py --prompt-of CMD...   # for bench/benchmarks/25-floors.sh: "first-prompt RUNS MEDIAN_MS"
                                                    # of any program that prompts "runbook > " and leaves on exit
    bench/repl-first-prompt.py --once CMD...        # one run of CMD in a pseudo-terminal, untimed (a training run)

RUNBOOK is the command to run (default: ./runbook, the launcher, from the repository root).
"""
import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import sys
import termios
import tempfile
import time

PROMPT = re.compile(rb"(\] |runbook )> ")
LOADED = re.compile(rb"Loaded \S+ from ")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
TIMEOUT_S = 120
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(stat_path):
    """utime + stime of a process or thread, from /proc (fields 14 and 15, after the command in parentheses)."""
    with open(stat_path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def cpu_at_prompt(pid):
    """CPU ms the whole JVM and its main thread have used so far: the main thread's is the path to the prompt, and
    unlike wall time it hardly moves when other work shares the machine. Linux names the main thread as the
    program, "java" (beside the launcher's first thread, which only waits); the JVM's own threads have other names."""
    main = 0.0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                if f.read().strip() == "java":
                    main += cpu_ms(f"/proc/{pid}/task/{tid}/stat")
        except OSError:
            pass
    return cpu_ms(f"/proc/{pid}/stat"), main


def run_once(command, work):
    """One REPL in a new pseudo-terminal: seconds to the first prompt and to "Loaded", the CPU seconds used in all,
    and the CPU ms of the process and of its main thread when the prompt appeared."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            # a terminal of 160x50: with none set the size is 0x0 and JLine draws the prompt truncated
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    start = time.perf_counter()
    seen = b""
    prompt_at = loaded_at = None
    at_prompt = (0.0, 0.0)
    deadline = start + TIMEOUT_S
    exit_sent = False
    wants_loaded = any(a.endswith(".groovy") for a in command)
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the REPL left: EIO on Linux
            break
        if not chunk:
            break
        now = time.perf_counter()
        seen += chunk
        if prompt_at is None and PROMPT.search(seen):
            prompt_at = now - start
            at_prompt = cpu_at_prompt(pid)
        if loaded_at is None and LOADED.search(seen):
            loaded_at = now - start
        if not exit_sent and prompt_at is not None and (loaded_at is not None or not wants_loaded):
            os.write(fd, b"exit\r")
            exit_sent = True
    _, status, usage = os.wait4(pid, 0)
    os.close(fd)
    if prompt_at is None or os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(seen.decode("utf-8", "replace"))
        raise SystemExit(f"{' '.join(command)}: no prompt, or it did not leave with 0")
    return prompt_at, loaded_at, usage.ru_utime + usage.ru_stime, at_prompt


def completion_ms(command, presses):
    """One REPL with a runbook: after it is loaded, `steps['Do` and Tab, `presses` times; for each, the time from the
    Tab written to the completed name (`Do nothing']`) read back from the screen. Ctrl-U clears the line between two."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
            os.execvp(command[0], command)
        finally:
            os._exit(127)

    def read_until(pattern, seen=b""):
        deadline = time.perf_counter() + TIMEOUT_S
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                seen += os.read(fd, 65536)
                if pattern.search(ANSI.sub(b"", seen)):  # the line typed is coloured as it is typed
                    return seen
        sys.stderr.write(seen.decode("utf-8", "replace"))
        raise SystemExit(f"{' '.join(command)}: waited in vain for {pattern.pattern!r}")

    read_until(LOADED)
    times = []
    done = re.compile(re.escape(b"nothing']"))  # only what Tab adds is read after it
    for _ in range(presses):
        os.write(fd, b"steps['Do")
        read_until(re.compile(re.escape(b"steps['Do")))
        start = time.perf_counter()
        os.write(fd, b"\t")
        read_until(done)
        times.append((time.perf_counter() - start) * 1000)
        os.write(fd, b"\x15")  # Ctrl-U: the line is empty again
        time.sleep(0.1)         # its redraw read and dropped before the next press
        while select.select([fd], [], [], 0.05)[0]:
            os.read(fd, 65536)
    os.write(fd, b"exit\r")
    os.waitpid(pid, 0)
    os.close(fd)
    return times


def given(runs, warmup, runbook, here, work):
    common = ["--history", os.path.join(work, "history"), "--journal", os.path.join(work, "runs")]
    command = [runbook, "repl"] + common
    for _ in range(warmup):
        run_once(command, work)
    prompts = [run_once(command, work)[0] * 1000 for _ in range(runs)]
    print(f"first-prompt {runs} {statistics.median(prompts):.1f}")
    presses = max(runs, 10)
    tabs = completion_ms([runbook, "repl", os.path.join(here, "runbooks", "three-steps.groovy")] + common, presses + 2)[2:]
    print(f"completion {presses} {statistics.median(tabs):.1f}")


def row(label, command, runs, warmup, work):
    for _ in range(warmup):
        run_once(command, work)
    prompts, loads, cpus, process_cpus, main_cpus = [], [], [], [], []
    for _ in range(runs):
        p, l, c, (process_cpu, main_cpu) = run_once(command, work)
        prompts.append(p * 1000)
        cpus.append(c * 1000)
        process_cpus.append(process_cpu)
        main_cpus.append(main_cpu)
        if l is not None:
            loads.append(l * 1000)

    def fmt(xs):
        return f"{statistics.median(xs):9.0f} {min(xs):7.0f} {max(xs):7.0f}" if xs else f"{'-':>9} {'-':>7} {'-':>7}"

    print(f"{label:<46} {runs:>4}  {fmt(prompts)}  {fmt(loads)}  {statistics.median(cpus):6.0f}"
          f"  {statistics.median(process_cpus):7.0f} {statistics.median(main_cpus):6.0f}")


def main():
    runs = int(os.environ.get("BENCH_RUNS", "10"))
    warmup = max(1, int(os.environ.get("BENCH_WARMUP", "2")))
    runbook = os.environ.get("RUNBOOK", "./runbook")
    here = os.path.dirname(os.path.abspath(__file__))
    work = tempfile.mkdtemp(prefix="runbook-repl-prompt.")
    try:
        if sys.argv[1:] == ["--given"]:
            given(runs, warmup, runbook, here, work)
            return
        if sys.argv[1:2] == ["--once"]:
            run_once(sys.argv[2:], work)
            return
        if sys.argv[1:2] == ["--prompt-of"]:
            command = sys.argv[2:]
            for _ in range(warmup):
                run_once(command, work)
            prompts = [run_once(command, work)[0] * 1000 for _ in range(runs)]
            print(f"first-prompt {runs} {statistics.median(prompts):.1f}")
            return
        common = ["--history", os.path.join(work, "history"), "--journal", os.path.join(work, "runs")]
        print(f"REPL in a pseudo-terminal, {runs} timed runs per row after {warmup} warm-up; "
              f"load {os.getloadavg()[0]:.2f} at start")
        print(f"{'':<46} {'':>4}  {'first prompt ms':^25}  {'runbook loaded ms':^25}  {'cpu ms':>6}  {'cpu ms to prompt':^14}")
        print(f"{'command':<46} {'runs':>4}  {'median':>9} {'min':>7} {'max':>7}  {'median':>9} {'min':>7} {'max':>7}  {'median':>6}"
              f"  {'process':>7} {'main':>6}")
        row("runbook repl", [runbook, "repl"] + common, runs, warmup, work)
        row("runbook repl three-steps.groovy", [runbook, "repl", os.path.join(here, "runbooks", "three-steps.groovy")] + common,
            runs, warmup, work)
        quickstart = os.path.join(here, "..", "examples", "quickstart", "rollback.groovy")
        row("runbook repl quickstart/rollback.groovy -p ...", [runbook, "repl", quickstart, "-p", "version=v1.2.3"] + common,
            runs, warmup, work)
        print(f"load {os.getloadavg()[0]:.2f} at the end")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
