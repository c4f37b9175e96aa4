#!/usr/bin/env bash
# The test command (`./npmw test`): runs each step (a projen task) in order and ends with one line
#
#   test: N passed, M failed
#
# where N and M count steps (not individual tests; jest prints its own count in its step), with
# the failed steps listed just above it. Exits 1 when any step failed.
#
# A failed preflight stops the run (a missing tool fails everything after it, deep inside); after
# any other failure the remaining steps still run, so one run shows every failure. A step that
# depends on a failed one (jest on venv, say) may fail too: fix the first failure first.
#
#   bash scripts/test-all.sh [--args-to=STEP] STEP... [-- ARG...]
#
# ARGs (`./npmw test -- test/network`) go to the --args-to step only (the jest step). Each step runs
# as `projen STEP` (TEST_ALL_RUN overrides the command, for the runner's own test).
set -uo pipefail
cd "$(dirname "$0")/.."

run=${TEST_ALL_RUN:-projen}
args_to=
steps=()
while [ $# -gt 0 ]; do
  case "$1" in
    --args-to=*) args_to=${1#--args-to=} ;;
    --) shift; break ;;
    *) steps+=("$1") ;;
  esac
  shift
done
args=("$@")
[ ${#steps[@]} -gt 0 ] || { echo "usage: test-all.sh [--args-to=STEP] STEP... [-- ARG...]" >&2; exit 2; }

passed=()
failed=()
report=()
stopped=
for step in "${steps[@]}"; do
  if [ -n "$stopped" ]; then
    report+=("$(printf '  %-8s %s' 'not run' "$step")")
    continue
  fi
  start=$SECONDS
  step_args=()
  [ "$step" = "$args_to" ] && step_args=("${args[@]}")
  # shellcheck disable=SC2086 # $run may be a command with arguments
  if $run "$step" "${step_args[@]}"; then
    passed+=("$step")
    report+=("$(printf '  %-8s %-20s %4d s' ok "$step" $((SECONDS - start)))")
  else
    failed+=("$step")
    report+=("$(printf '  %-8s %-20s %4d s' FAILED "$step" $((SECONDS - start)))")
    if [ "$step" = preflight ]; then
      stopped=1
    fi
  fi
done

echo
echo "test: steps"
printf '%s\n' "${report[@]}"
if [ -n "$stopped" ]; then
  echo "test: the preflight failed (above: what to install), so the other steps did not run"
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "test: failed: ${failed[*]}"
fi
echo "test: ${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
