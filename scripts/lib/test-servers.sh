# Sourced by scripts/bench-cold.sh and scripts/cds-classlist.sh: starts the tests' own servers (tests/servers,
# npm ci on first use) for a script, and stops them when it ends. Needs WORK (a temporary folder) and PIDS (an
# array) set by the caller, and a trap that kills "${PIDS[@]}".

COSMOS_KEY="C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# Starts a test server and waits for the line naming its port (sets SERVER_PORT).
start_server() { # dir, package folder, port regex, command...
  local dir="$1" pkg="$2" regex="$3"; shift 3
  [ -d "tests/servers/$dir/node_modules/$pkg" ] || (cd "tests/servers/$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  local log="$WORK/$dir.log" fifo="$WORK/$dir.stdin"
  # The server exits when its stdin closes: the calling script holds the FIFO open until it ends.
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

# Starts the Cosmos DB test server and Azurite (sets COSMOS_PORT, AZURITE_PORT and BLOB, a connection string).
# Not in $(...): the servers' PIDs and the FIFOs held open must stay in the calling shell.
start_test_servers() {
  start_server cosmos @vercel/cosmosdb-server 'ready [0-9]+' node server.js --host 127.0.0.1 --port 0 --exit-with-stdin
  COSMOS_PORT="$SERVER_PORT"
  start_server azurite azurite 'successfully listens on https?://[^:/]+:[0-9]+' node start.js --blobHost 127.0.0.1 \
    --blobPort 0 --inMemoryPersistence --disableTelemetry --skipApiVersionCheck
  AZURITE_PORT="$SERVER_PORT"
  BLOB="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
