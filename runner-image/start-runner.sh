#!/usr/bin/env bash
# start-runner.sh: the entry point of the ConfluxDB runner image (runner-image/README.md).
#
# 1. Reads the single-use JIT runner configuration from the SSM SecureString parameter whose NAME
#    is in $RUNNER_CONFIG_PARAMETER (the launcher puts the name, never the config, into the task).
# 2. Deletes the parameter, then unsets $RUNNER_CONFIG_PARAMETER.
# 3. Starts GitHub's runner exactly once from the working directory: ./run.sh --jitconfig ...
# 4. Exits with the runner's status.
#
# The JIT config is held in one shell variable that is never exported: it does not reach stdout,
# stderr, the runner's environment or any file written by this script (the only place it goes is
# the runner's command line, which is how GitHub's runner accepts it). The parameter's name is not
# logged either; the AWS CLI's error messages reach stderr with it masked.
#
# Idle timeout: a runner that has not printed "Running job:" (GitHub's listener prints that line when
# it takes a job) within $RUNNER_IDLE_TIMEOUT_SECONDS is sent SIGTERM, then SIGKILL after
# $RUNNER_STOP_GRACE_SECONDS, and the script exits 124. SIGTERM and SIGINT (ECS StopTask) are
# forwarded to the runner, whose status is then returned. The runner's output is streamed through.
#
# Environment (names and defaults: src/pipeline/runner-contract.ts):
#   RUNNER_CONFIG_PARAMETER      required  SSM parameter name ([A-Za-z0-9_./-], not starting with -)
#   RUNNER_IDLE_TIMEOUT_SECONDS  600       1..86400
#   RUNNER_STOP_GRACE_SECONDS    15        1..3600
#
# Exit codes: the runner's own status, or
#   64   environment invalid (variables, ./run.sh, aws, env): nothing read, nothing deleted
#   65   reading the parameter failed: runner not started, parameter untouched
#   66   deleting the parameter failed: runner not started
#   124  no job within the idle timeout: runner stopped
#
# Needs bash >= 5.1 (wait -n -p), the AWS CLI v2 and GNU env (--default-signal).

# Tracing would print the JIT config; an inherited SHELLOPTS=xtrace must not switch it on.
set +xv
set -euo pipefail

readonly EXIT_ENVIRONMENT=64 EXIT_READ_FAILED=65 EXIT_DELETE_FAILED=66 EXIT_IDLE_TIMEOUT=124

log() { printf 'start-runner: %s\n' "$*" >&2; }
fail() { local code=$1; shift; log "$*"; exit "$code"; }

# A whole number of seconds from 1 to $2, without sign or leading zero.
is_seconds() {
  case $1 in '' | 0* | *[!0-9]*) return 1 ;; esac
  [ "${#1}" -le 6 ] && [ "$1" -le "$2" ]
}

if [ "${BASH_VERSINFO[0]}" -lt 5 ] || { [ "${BASH_VERSINFO[0]}" -eq 5 ] && [ "${BASH_VERSINFO[1]}" -lt 1 ]; }; then
  fail "$EXIT_ENVIRONMENT" "bash ${BASH_VERSION} is too old; 5.1 or later is needed"
fi

# --- 1. check everything that can be checked before the single-use config is consumed ---
parameter=${RUNNER_CONFIG_PARAMETER:-}
idle_timeout=${RUNNER_IDLE_TIMEOUT_SECONDS:-600}
stop_grace=${RUNNER_STOP_GRACE_SECONDS:-15}

case $parameter in
  '') fail "$EXIT_ENVIRONMENT" "RUNNER_CONFIG_PARAMETER is not set; it must name the SSM parameter that holds the JIT config" ;;
  -* | *[!A-Za-z0-9_./-]*) fail "$EXIT_ENVIRONMENT" "RUNNER_CONFIG_PARAMETER is not an SSM parameter name (letters, digits, _ . / -)" ;;
esac
is_seconds "$idle_timeout" 86400 ||
  fail "$EXIT_ENVIRONMENT" "RUNNER_IDLE_TIMEOUT_SECONDS='${idle_timeout}' is not a whole number of seconds from 1 to 86400"
is_seconds "$stop_grace" 3600 ||
  fail "$EXIT_ENVIRONMENT" "RUNNER_STOP_GRACE_SECONDS='${stop_grace}' is not a whole number of seconds from 1 to 3600"
[ -f ./run.sh ] && [ -x ./run.sh ] ||
  fail "$EXIT_ENVIRONMENT" "no executable ./run.sh in $(pwd); the working directory must be the runner's directory"
command -v aws >/dev/null 2>&1 ||
  fail "$EXIT_ENVIRONMENT" "the AWS CLI (aws) is not on PATH"
env --default-signal=INT,QUIT true 2>/dev/null ||
  fail "$EXIT_ENVIRONMENT" "env does not support --default-signal (GNU coreutils 8.31 or later is needed)"

# --- 2. read the config once, delete it, forget the parameter name ---
# While the parameter exists its name is as good as the config (the launcher never logs it either),
# so the AWS CLI's messages, which name the resource (AccessDenied ... on resource: ...), reach the
# log with the name masked. The CLI's stdout goes to this function's stdout untouched.
aws_ssm() {
  local errors status=0
  { errors=$(aws --no-cli-pager ssm "$@" 2>&1 1>&3 3>&-) || status=$?; } 3>&1
  if [ -n "$errors" ]; then printf '%s\n' "${errors//"$parameter"/<RUNNER_CONFIG_PARAMETER>}" >&2; fi
  return "$status"
}
if ! config=$(aws_ssm get-parameter --name "$parameter" --with-decryption --query Parameter.Value --output text); then
  fail "$EXIT_READ_FAILED" "could not read the SSM parameter named in RUNNER_CONFIG_PARAMETER; the runner was not started"
fi
if ! aws_ssm delete-parameter --name "$parameter"; then
  fail "$EXIT_DELETE_FAILED" "could not delete the SSM parameter named in RUNNER_CONFIG_PARAMETER; the runner was not started"
fi
unset RUNNER_CONFIG_PARAMETER parameter
log "read and deleted the runner's SSM parameter; starting the runner"

# --- 3. start the runner once, its stdout through a watcher that spots the first job ---
main_pid=$$
job_started=0 stopping=0 runner_pid='' timer_pid=''

# shellcheck disable=SC2329 # called by trap
on_job_started() {
  job_started=1
  if [ -n "$timer_pid" ]; then kill "$timer_pid" 2>/dev/null || true; fi
}
# shellcheck disable=SC2329 # called by trap
on_stop_signal() {
  stopping=1
  if [ -n "$runner_pid" ]; then kill "-$1" "$runner_pid" 2>/dev/null || true; fi
}
trap on_job_started USR1
trap 'on_stop_signal TERM' TERM
trap 'on_stop_signal INT' INT

# Copies the runner's output line by line and tells the script once a job has started; after that
# `cat` streams the rest unchanged.
watch_output() {
  local line
  trap '' TERM INT # keep streaming while the runner shuts down; the script ends the watcher itself
  while IFS= read -r line || [ -n "$line" ]; do
    printf '%s\n' "$line"
    case $line in
      *'Running job:'*)
        kill -USR1 "$main_pid" 2>/dev/null || true
        exec cat
        ;;
    esac
  done
}

# Sets $finished to whichever of the given children ended first and $status to its exit status.
# A trapped signal interrupts `wait`; the loop then waits again. Fails when none is a child.
await_first() {
  local code
  while :; do
    finished='' status=0
    code=0
    wait -n -p finished "$@" || code=$?
    if [ -n "${finished:-}" ]; then
      status=$code
      return 0
    fi
    [ "$code" -gt 128 ] || return 1
  done
}

exec 4>&1 # the script's stdout, for the watcher
coproc WATCHER { watch_output >&4; }
# shellcheck disable=SC2153 # WATCHER_PID is set by coproc
watcher_pid=$WATCHER_PID
exec 5>&"${WATCHER[1]}" # a plain copy of the pipe's write end, which the runner inherits
eval "exec ${WATCHER[1]}>&- ${WATCHER[0]}<&-"

# Background commands start with SIGINT ignored; GitHub's run.sh stops its listener with SIGINT, so
# the runner gets the default dispositions back. (A function, so that bash's job messages name it
# rather than the command line.)
start_runner() { exec env --default-signal=INT,QUIT ./run.sh --jitconfig "$config"; }
start_runner >&5 4>&- &
runner_pid=$!
exec 5>&- 4>&-
config=''
unset config
if [ "$stopping" = 1 ]; then kill -TERM "$runner_pid" 2>/dev/null || true; fi

sleep "$idle_timeout" &
timer_pid=$!
if [ "$job_started" = 1 ]; then kill "$timer_pid" 2>/dev/null || true; fi

# --- 4. wait for the runner; stop it when the idle timer fires before any job ---
stop_idle_runner() {
  log "no job started within ${idle_timeout}s; stopping the runner (SIGTERM)"
  kill -TERM "$runner_pid" 2>/dev/null || true
  sleep "$stop_grace" &
  local grace_pid=$!
  if await_first "$runner_pid" "$grace_pid" && [ "$finished" = "$runner_pid" ]; then
    kill "$grace_pid" 2>/dev/null || true
  else
    log "the runner ignored SIGTERM for ${stop_grace}s; sending SIGKILL"
    kill -KILL "$runner_pid" 2>/dev/null || true
    await_first "$runner_pid" || true
  fi
  drain_watcher
  exit "$EXIT_IDLE_TIMEOUT"
}

# Lets the watcher copy the runner's last lines, for at most the stop grace (a process the runner
# left behind may keep the pipe open).
drain_watcher() {
  sleep "$stop_grace" &
  local grace_pid=$!
  await_first "$watcher_pid" "$grace_pid" || true
  kill "$grace_pid" 2>/dev/null || true
  kill -KILL "$watcher_pid" 2>/dev/null || true
}

runner_status=''
while [ -z "$runner_status" ]; do
  if [ -n "$timer_pid" ]; then
    await_first "$runner_pid" "$timer_pid" || break
  else
    await_first "$runner_pid" || break
  fi
  if [ "$finished" = "$runner_pid" ]; then
    runner_status=$status
  elif [ "$finished" = "$timer_pid" ]; then
    timer_pid=''
    if [ "$job_started" = 0 ] && [ "$stopping" = 0 ]; then stop_idle_runner; fi
  fi
done
if [ -n "$timer_pid" ]; then kill "$timer_pid" 2>/dev/null || true; fi
drain_watcher
log "the runner exited with status ${runner_status:-unknown}"
exit "${runner_status:-1}"
