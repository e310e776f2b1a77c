#!/usr/bin/env bash
# A longer fault-injection run than the test command's, outside CI: FaultInjectionIT (issue 12 item 9) run
# ROUNDS times with each phase FAULT_SECONDS long, against the Cosmos DB test server the tests start.
#
#   scripts/soak.sh [rounds] [seconds-per-phase]      defaults: 10 rounds, 30 s phases (about 2.5 min a round)
#
# Prints each round's figures line (trials, faults, heartbeats, refused, elections, gaps, violations) and
# stops at the first round with a violation. Exit status: 0 every round held, 1 a round failed.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${1:-10}"
export FAULT_SECONDS="${2:-30}"
report=target/failsafe-reports/com.fortinet.autoscale.fault.FaultInjectionIT-output.txt

mvn -B -q -o -DskipTests package >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  if mvn -B -q -o verify -Dtest=skip -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultInjectionIT \
      >target/soak-round.log 2>&1; then
    echo "round $round/$ROUNDS: $(grep -h 'fault-injection:' "$report" | tail -1)"
  else
    echo "round $round/$ROUNDS FAILED: $(grep -h 'fault-injection:\|violation' "$report" target/soak-round.log | tail -5)" >&2
    exit 1
  fi
done
