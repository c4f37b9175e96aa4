#!/usr/bin/env bash
# A fake of GitHub's runner (run.sh in the runner's directory) for the start script's tests.
# It prints what the real listener prints ("Listening for Jobs", "<time>: Running job: <name>"),
# records what it was given in $FAKE_RUNNER_DIR (never the JIT config itself: only its SHA-256),
# and behaves as $FAKE_RUNNER_MODE says:
#   job:<seconds>:<status>  takes a job after a moment, works <seconds>, exits <status>
#   idle                    never gets a job; stops on SIGTERM like run.sh does (exit 0)
#   stubborn                never gets a job and ignores SIGTERM (needs SIGKILL)
#   exit:<status>           exits at once with <status>
#   signal                  waits; on SIGTERM (SIGINT) records it and exits 42 (43)
set -u
dir=${FAKE_RUNNER_DIR:?}
event() { printf '%s\n' "$*" >>"$dir/events"; }

event "runner started"
printf '%s\n' "$#" >"$dir/argc"
printf '%s\n' "${1-}" >"$dir/arg1"
printf '%s' "${2-}" | sha256sum | cut -d' ' -f1 >"$dir/arg2.sha256"
tr '\0' '\n' </proc/self/environ >"$dir/environ"
grep '^SigIgn:' /proc/self/status | cut -f2 >"$dir/sigign"
pwd >"$dir/cwd"
echo "[aws] the runner's own trace of its parameters would be masked here" >&2

# Where GitHub's runner would connect, to $FAKE_NETWORK_LOG (one URL a line): every URL in the JIT
# config's files (the Actions service it was registered with, its token URL), and the hosts the
# runner's own network check (`run.sh --check`) probes for github.com. Never the config itself.
if [ -n "${FAKE_NETWORK_LOG:-}" ]; then
  node -e '
    const files = JSON.parse(Buffer.from(process.argv[1], "base64").toString());
    const text = Object.values(files).map(f => Buffer.from(f, "base64").toString()).join("\n");
    const urls = text.match(/https?:\/\/[^"\s]+/g) || [];
    const check = ["https://github.com", "https://api.github.com", "https://vstoken.actions.githubusercontent.com/_apis/health",
      "https://pipelines.actions.githubusercontent.com/_apis/health", "https://results-receiver.actions.githubusercontent.com/health",
      "https://codeload.github.com/_ping"];
    process.stdout.write([...urls, ...check].map(u => u + "\n").join(""));
  ' "${2-}" >>"$FAKE_NETWORK_LOG"
fi

echo "√ Connected to GitHub"
echo ""
echo "Current runner version: '2.338.0'"
echo "$(date -u '+%F %TZ'): Listening for Jobs"

# Sleeps $1 seconds (at least) in short background steps, so that a trapped signal is handled at once.
pause() {
  local step
  for ((step = 0; step < $1 * 5; step++)); do
    sleep 0.2 &
    wait $! 2>/dev/null
  done
}

case ${FAKE_RUNNER_MODE:?} in
  job:*:*)
    IFS=: read -r _ seconds status <<<"$FAKE_RUNNER_MODE"
    trap 'event "runner got TERM"; echo "Exiting runner..."; exit 0' TERM
    sleep 0.3
    echo "$(date -u '+%F %TZ'): Running job: build"
    event "job started"
    for ((i = 1; i <= seconds; i++)); do
      pause 1
      echo "job output line $i"
    done
    echo "$(date -u '+%F %TZ'): Job build completed with result: Succeeded"
    event "runner exits $status"
    exit "$status"
    ;;
  idle)
    trap 'event "runner got TERM"; echo "Exiting runner..."; exit 0' TERM
    event "runner ready"
    pause 3600
    ;;
  stubborn)
    trap 'event "runner ignored TERM"' TERM
    event "runner ready"
    pause 3600
    ;;
  exit:*)
    event "runner exits ${FAKE_RUNNER_MODE#exit:}"
    exit "${FAKE_RUNNER_MODE#exit:}"
    ;;
  signal)
    trap 'event "runner got TERM"; echo "Exiting runner..."; exit 42' TERM
    trap 'event "runner got INT"; echo "Exiting runner..."; exit 43' INT
    event "runner ready" # its signal handlers are in place
    pause 3600
    ;;
  *)
    echo "unknown FAKE_RUNNER_MODE ${FAKE_RUNNER_MODE}" >&2
    exit 99
    ;;
esac
