#!/usr/bin/env bash
# Cold start of the packaged local runner: from `java` to the first heartbeat answered, median of N runs (default
# 5) for each state: memory, the Cosmos DB test server, and Blob asset storage (Azurite) with memory state; each
# with the options `mvn package` writes to target/fast-start.args (the class-data sharing archive, C1 only) and
# with none (plain `java -jar`). The test servers are the tests' own (tests/servers, npm ci on first use).
#   mvn -q -DskipTests package && [WARMUP=3] scripts/bench-cold.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
JAR="target/fortigate-autoscale-local.jar"
ARGS="target/fast-start.args"
[ -f "$JAR" ] && [ -f "$ARGS" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

. scripts/lib/test-servers.sh
# An idle FIFO: `read -t` on it is a sleep without starting a process.
mkfifo "$WORK/idle"; exec {IDLE}<>"$WORK/idle"

# One cold start: milliseconds from the JVM's start to the first heartbeat answered 200.
once() { # env assignments...
  local port; port="$(free_port)"
  local dir="$WORK/run"; rm -rf "$dir"; mkdir -p "$dir"; : > "$dir/out.log"
  local log; exec {log}<"$dir/out.log"
  local t0; t0="$(date +%s%N)"
  (cd "$dir" && exec env PORT="$port" "$@" java $OPTS -DCOSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED=true \
      -jar "$OLDPWD/$JAR" >> "$dir/out.log" 2>&1) &
  local pid=$!
  local vm="11111111-1111-4111-8111-111111111111"
  # Wait for the banner's line with shell builtins only (reading the log, a 5 ms timeout on an idle FIFO): no
  # process started per poll that would take CPU from the JVM. Then one request: the first heartbeat waits for
  # the state store's start (asked again only if it is answered otherwise than 200).
  local part="" buf=""
  while :; do
    if IFS= read -r -u "$log" part; then
      [[ "$buf$part" == *"listening on"* ]] && break
      buf=""
    else
      buf="$buf$part"
      kill -0 "$pid" 2>/dev/null || { echo "runner died: $(tail -3 "$dir/out.log")" >&2; exit 1; }
      read -r -t 0.005 -u "$IDLE" _ || true
    fi
  done
  exec {log}<&-
  until curl -sf -o /dev/null --max-time 30 -d "{\"instance\":\"$vm\",\"interval\":30}" \
      "http://127.0.0.1:$port/api/fgt-as-handler"; do
    kill -0 "$pid" 2>/dev/null || { echo "runner died: $(tail -3 "$dir/out.log")" >&2; exit 1; }
    read -r -t 0.01 -u "$IDLE" _ || true
  done
  local t1; t1="$(date +%s%N)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bench() { # label, env assignments...
  local label="$1"; shift
  for OPTS in "@$PWD/$ARGS" ""; do
    local all=()
    for _ in $(seq 1 "$RUNS"); do all+=("$(once "$@")"); done
    printf '%-26s %-22s median %5s ms of %s runs: %s\n' "$label" "$([ -n "$OPTS" ] && echo "java @fast-start.args" || echo "java -jar")" \
      "$(printf '%s\n' "${all[@]}" | median)" "$RUNS" "${all[*]}"
  done
}

start_test_servers
# Untimed starts against the servers first (WARMUP, default 3): a freshly started Node.js server answers its first
# requests slowly while its own JIT warms up, which Azure's services do not; the first also creates the database.
COSMOS=(COSMOS_ENDPOINT="https://127.0.0.1:$COSMOS_PORT/" COSMOS_KEY="$COSMOS_KEY" COSMOS_DATABASE="bench-$(date +%s)")
for _ in $(seq 1 "${WARMUP:-3}"); do OPTS="" once "${COSMOS[@]}" ASSET_STORAGE_CONNECTION_STRING="$BLOB" > /dev/null; done

bench "memory"
bench "Cosmos DB (test server)" "${COSMOS[@]}"
bench "Blob assets (Azurite)" ASSET_STORAGE_CONNECTION_STRING="$BLOB"
