#!/usr/bin/env bash
# 100 sequential `sh 'true'` steps (each journaled with fsync before the next) against the same 100 commands in bash
# and in an Ansible playbook. Two bash rows: `true` as a builtin (nothing at all) and `bash -c true` (a process per
# command, what each `sh` step starts): the second is the fair baseline for the per-step cost. Files are generated
# into the benchmark's temp folder.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

n=100
journal="$BENCH_TMP/journal"
mkdir -p "$journal"
runbook="$BENCH_TMP/hundred-steps.groovy"
{
  echo "runbook('bench-hundred-steps') {"
  for i in $(seq "$n"); do echo "    step('Step $i') { sh 'true' }"; done
  echo "}"
} > "$runbook"
{ echo 'set -euo pipefail'; for _ in $(seq "$n"); do echo 'true'; done; } > "$BENCH_TMP/hundred-builtins.sh"
{ echo 'set -euo pipefail'; for _ in $(seq "$n"); do echo "bash -c 'true'"; done; } > "$BENCH_TMP/hundred-processes.sh"
{
  echo "- name: Benchmark, $n trivial shell tasks"
  echo "  hosts: localhost"
  echo "  connection: local"
  echo "  gather_facts: no"
  echo "  tasks:"
  for i in $(seq "$n"); do echo "    - name: Step $i"; echo "      ansible.builtin.shell: 'true'"; done
} > "$BENCH_TMP/hundred-steps.yml"

measure "bash: 100 x true (builtin)" -- bash "$BENCH_TMP/hundred-builtins.sh"
measure "bash: 100 x bash -c true" -- bash "$BENCH_TMP/hundred-processes.sh"
prime_compile_cache "$runbook"
measure "runbook exec 100 steps, cached" -- "${CACHED[@]}" exec "$runbook" --journal "$journal"
if have ansible-playbook; then
  measure "ansible-playbook -c local 100 tasks" -- ansible-playbook -c local -i localhost, "$BENCH_TMP/hundred-steps.yml"
else
  skip "ansible-playbook -c local 100 tasks" "ansible-playbook missing: apt-get install ansible"
fi
ratio "  ratio runbook / bash -c" "runbook exec 100 steps, cached" "bash: 100 x bash -c true"
ratio "  ratio runbook / ansible" "runbook exec 100 steps, cached" "ansible-playbook -c local 100 tasks"

expect_succeeded_runs "$journal" $(( BENCH_RUNS + BENCH_WARMUP ))
