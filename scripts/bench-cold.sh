#!/usr/bin/env bash
# Cold start of the packaged local runner: from `java -jar` to the first heartbeat answered, median of N runs
# (default 5) for each state: memory, the Cosmos DB test server, and Blob asset storage (Azurite) with memory
# state. The test servers are the tests' own (tests/servers, npm ci on first use), started once here.
#   mvn -q -DskipTests package && scripts/bench-cold.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
JAR="target/fortigate-autoscale-local.jar"
[ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# Starts a test server and waits for the line naming its port (SERVER_PORT).
start_server() { # dir, package folder, port regex, command...
  local dir="$1" pkg="$2" regex="$3"; shift 3
  [ -d "tests/servers/$dir/node_modules/$pkg" ] || (cd "tests/servers/$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  local log="$WORK/$dir.log" fifo="$WORK/$dir.stdin"
  # The server exits when its stdin closes: this script holds the FIFO open until it ends.
  mkfifo "$fifo"
  (cd "tests/servers/$dir" && exec "$@" < "$fifo" > "$log" 2>&1) &
  PIDS+=("$!")
  exec {HOLD}<>"$fifo"
  for _ in $(seq 1 600); do
    local port; port="$(grep -oE "$regex" "$log" | grep -oE '[0-9]+$' | head -1 || true)"
    if [ -n "$port" ]; then SERVER_PORT="$port"; return; fi
    sleep 0.1
  done
  echo "the $dir server did not start, see $log" >&2; exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# One cold start: milliseconds from the JVM's start to the first heartbeat answered 200.
once() { # env assignments...
  local port; port="$(free_port)"
  local dir="$WORK/run"; rm -rf "$dir"; mkdir -p "$dir"
  local t0; t0="$(date +%s%N)"
  (cd "$dir" && exec env PORT="$port" "$@" java -DCOSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED=true \
      -jar "$OLDPWD/$JAR" > "$dir/out.log" 2>&1) &
  local pid=$!
  local vm="11111111-1111-4111-8111-111111111111"
  until curl -sf -o /dev/null --max-time 30 -d "{\"instance\":\"$vm\",\"interval\":30}" \
      "http://127.0.0.1:$port/api/fgt-as-handler"; do
    kill -0 "$pid" 2>/dev/null || { echo "runner died: $(tail -3 "$dir/out.log")" >&2; exit 1; }
    sleep 0.01
  done
  local t1; t1="$(date +%s%N)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bench() { # label, env assignments...
  local label="$1"; shift
  local all=()
  for _ in $(seq 1 "$RUNS"); do all+=("$(once "$@")"); done
  printf '%-28s median %5s ms of %s runs: %s\n' "$label" "$(printf '%s\n' "${all[@]}" | median)" "$RUNS" "${all[*]}"
}

# Not in $(...): the server's PID and the FIFO held open must stay in this shell.
start_server cosmos @vercel/cosmosdb-server 'ready [0-9]+' node server.js --host 127.0.0.1 --port 0 --exit-with-stdin
COSMOS_PORT="$SERVER_PORT"
start_server azurite azurite 'successfully listens on https?://[^:/]+:[0-9]+' node start.js --blobHost 127.0.0.1 \
  --blobPort 0 --inMemoryPersistence --disableTelemetry --skipApiVersionCheck
AZURITE_PORT="$SERVER_PORT"
COSMOS_KEY="C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
BLOB="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"

bench "memory"
bench "Cosmos DB (test server)" COSMOS_ENDPOINT="https://127.0.0.1:$COSMOS_PORT/" COSMOS_KEY="$COSMOS_KEY" \
  COSMOS_DATABASE="bench-$(date +%s)"
bench "Blob assets (Azurite)" ASSET_STORAGE_CONNECTION_STRING="$BLOB"
