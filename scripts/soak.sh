#!/usr/bin/env bash
# A longer fault-injection run than the test command's, outside CI (issue 12 item 9): each round runs
#  - FaultInjectionIT: two app instances in the test JVM over the Cosmos DB test server, each phase FAULT_SECONDS long;
#  - FaultInjectionProcessesIT: two packaged local runner processes (paused, killed and restarted, a corrupted
#    and an emptied scale-sets file, the store stopped or slow, forged clocks), FAULT_TRIALS trials with phases
#    of about FAULT_SECONDS.
#
#   scripts/soak.sh [rounds] [seconds-per-phase] [process-trials]
#       defaults: 10 rounds, 30 s phases, 3 trials (about 2.5 min + 3 x 3 min a round)
#
# Prints each round's two figures lines (trials, faults, heartbeats, license requests, refused, violations...)
# and stops at the first round with a violation. Exit status: 0 every round held, 1 a round failed.
# The runners' output of the last round: target/test-logs/fault-processes-*.log.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${1:-10}"
export FAULT_SECONDS="${2:-30}"
export FAULT_TRIALS="${3:-3}"
reports=target/failsafe-reports/com.fortinet.autoscale.fault
in_process="$reports.FaultInjectionIT-output.txt"
processes="$reports.FaultInjectionProcessesIT-output.txt"

mvn -B -q -o -DskipTests package >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  if mvn -B -q -o verify -Dtest=skip -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test=FaultInjectionIT,FaultInjectionProcessesIT >target/soak-round.log 2>&1; then
    echo "round $round/$ROUNDS: $(grep -h 'fault-injection:' "$in_process" | tail -1)"
    echo "round $round/$ROUNDS: $(grep -h 'fault-injection-processes:' "$processes" | tail -1)"
  else
    echo "round $round/$ROUNDS FAILED: $(grep -h 'fault-injection\|VIOLATION\|violation' "$in_process" "$processes" \
        target/soak-round.log 2>/dev/null | tail -8)" >&2
    exit 1
  fi
done
