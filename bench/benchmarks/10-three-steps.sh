#!/usr/bin/env bash
# A 3-step runbook run by `runbook exec` (cold; a new runbook: compiled, with the start-up cache; cached), against the same three commands in a bash script and in
# an Ansible playbook run locally: what running a runbook costs over plain shell and over Ansible, end to end.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

journal="$BENCH_TMP/journal"   # every exec writes its run folder here; bench/run deletes BENCH_TMP
mkdir -p "$journal"
runbook="$BENCH_DIR/runbooks/three-steps.groovy"

measure "bash three-steps.sh" -- bash "$BENCH_DIR/runbooks/three-steps.sh"
measure "runbook exec three-steps, cold" -- "${COLD[@]}" exec "$runbook" --journal "$journal"
measure "runbook exec three-steps, new runbook" -- env RUNBOOK_CACHE=off "$RUNBOOK" exec "$runbook" --journal "$journal"
prime_compile_cache "$runbook"
measure "runbook exec three-steps, cached" -- "${CACHED[@]}" exec "$runbook" --journal "$journal"
# the same with GStrings in a step, as real runbooks have: Groovy's one-time string formatting set-up (see bench/README.md)
gstring="$BENCH_DIR/runbooks/three-steps-gstring.groovy"
measure "runbook exec three-steps with a GString, cold" -- "${COLD[@]}" exec "$gstring" --journal "$journal"
prime_compile_cache "$gstring"
measure "runbook exec three-steps with a GString, cached" -- "${CACHED[@]}" exec "$gstring" --journal "$journal"
# Issue 23's goals are ratios to a JVM hello-world measured in the same run (absolute times differ by machine and load):
# a one-class Hello started with the launcher's JVM flags (measure_hello_world, bench/lib/common.sh)
. scripts/start-up-cache.sh   # RUNBOOK_JVM_FLAGS
measure_hello_world
if have ansible-playbook; then
  measure "ansible-playbook -c local three-steps" -- \
    ansible-playbook -c local -i localhost, "$BENCH_DIR/runbooks/three-steps.yml"
else
  skip "ansible-playbook -c local three-steps" "ansible-playbook missing: apt-get install ansible"
fi
ratio "  ratio cold exec / bash" "runbook exec three-steps, cold" "bash three-steps.sh"
ratio "  ratio cached exec / bash" "runbook exec three-steps, cached" "bash three-steps.sh"
ratio "  ratio GString / cached exec" "runbook exec three-steps with a GString, cached" "runbook exec three-steps, cached"
ratio "  ratio cached GString exec / java hello-world (goal <= 4)" "runbook exec three-steps with a GString, cached" \
  "java hello-world (the launcher's JVM flags)"
ratio "  ratio cold GString exec / java hello-world (goal <= 10)" "runbook exec three-steps with a GString, cold" \
  "java hello-world (the launcher's JVM flags)"
ratio "  ratio cached exec / ansible" "runbook exec three-steps, cached" "ansible-playbook -c local three-steps"
ratio "  ratio ansible / bash" "ansible-playbook -c local three-steps" "bash three-steps.sh"

# A timing is only worth something if the runs did the work: every exec (timed or warm-up) must have
# journaled a succeeded run.
expect_succeeded_runs "$journal" $(( 5 * (BENCH_RUNS + BENCH_WARMUP) ))
