#!/usr/bin/env bash
# The same three commands as three-steps.groovy, in plain bash: the baseline the runbook is compared with.
set -euo pipefail
true
echo "runbook bench"
date
