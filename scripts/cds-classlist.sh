#!/usr/bin/env bash
# Writes src/build/cds-classlist.txt, the classes the local runner's class-data sharing archive holds (issue 16):
# the union of what the packaged runner loads in training runs that serve bootstrap, heartbeats, byol-license and
# cluster-status, with state in memory, in the Cosmos DB test server, and with Blob assets (Azurite). `mvn
# package` dumps the archive from that list (src/build/ClassDataSharing.java). Run it again after a dependency
# upgrade or a new feature: LocalRunnerJarIT fails when the archive no longer covers what a start loads.
#   mvn -B -q -DskipTests package && scripts/cds-classlist.sh && mvn -B -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="target/fortigate-autoscale-local.jar"
OUT="src/build/cds-classlist.txt"
[ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
. scripts/lib/test-servers.sh

# Two license files for byol-license.
ASSETS="$WORK/assets-dir"
mkdir -p "$ASSETS/assets/license-files/fortigate"
for n in 1 2; do printf -- '-----BEGIN FGT VM LICENSE-----\ntraining %s\n-----END FGT VM LICENSE-----\n' "$n" \
  > "$ASSETS/assets/license-files/fortigate/training-$n.lic"; done

# One training run: the runner started with the environment given, its requests, then a normal stop.
train() { # name, env assignments...
  local name="$1"; shift
  local port; port="$(free_port)"
  local dir="$WORK/$name"; mkdir -p "$dir"
  (cd "$dir" && exec env PORT="$port" "$@" java -XX:DumpLoadedClassList="$dir/classes.txt" \
      -DCOSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED=true -jar "$OLDPWD/$JAR" > "$dir/out.log" 2>&1) &
  local pid=$!
  local api="http://127.0.0.1:$port/api"
  until curl -sf -o /dev/null --max-time 30 -d '{"instance":"11111111-1111-4111-8111-111111111111","interval":30}' \
      "$api/fgt-as-handler"; do
    kill -0 "$pid" 2>/dev/null || { echo "training run $name: the runner died: $(tail -3 "$dir/out.log")" >&2; exit 1; }
    sleep 0.05
  done
  for vm in 11111111-1111-4111-8111-111111111111 22222222-2222-4222-8222-222222222222; do
    curl -s -o /dev/null -H "Fos-instance-id: $vm" "$api/fgt-as-handler"
    curl -s -o /dev/null -H "Fos-instance-id: $vm" "$api/byol-license"
    for seq in 1 2; do
      curl -s -o /dev/null -d "{\"instance\":\"$vm\",\"interval\":30,\"sequence\":$seq,\"primary\":\"false\"}" \
        "$api/fgt-as-handler"
    done
  done
  curl -s -o /dev/null "$api/cluster-status"
  curl -s -o /dev/null -H 'Accept: text/html' "$api/cluster-status"
  curl -s -o /dev/null -d 'not json' "$api/fgt-as-handler"
  sleep 2 # the background start and warm-up finish
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "training run $name: $(grep -vc '^#' "$dir/classes.txt") lines" >&2
}

start_test_servers
COSMOS=(COSMOS_ENDPOINT="https://127.0.0.1:$COSMOS_PORT/" COSMOS_KEY="$COSMOS_KEY" COSMOS_DATABASE="classlist-$$")
train memory LOCAL_ASSET_DIR="$ASSETS"
train cosmos "${COSMOS[@]}" LOCAL_ASSET_DIR="$ASSETS"
train cosmos-blob "${COSMOS[@]}" ASSET_STORAGE_CONNECTION_STRING="$BLOB"

# The union, in the order first loaded. Left out: dynamic proxies and hidden classes, which the dump cannot find
# by name and only warns about.
{
  echo "# Classes of the local runner's class-data sharing archive: written by scripts/cds-classlist.sh, read by"
  echo "# src/build/ClassDataSharing.java (mvn package). Training runs: memory, Cosmos DB, Cosmos DB + Blob assets."
  cat "$WORK"/memory/classes.txt "$WORK"/cosmos/classes.txt "$WORK"/cosmos-blob/classes.txt \
    | grep -v '^#' | grep -vE '(^|/)\$Proxy[0-9]+$|^com/sun/proxy/' | awk '!seen[$0]++'
} > "$OUT"
echo "$OUT: $(grep -vc '^#' "$OUT") lines ($(grep -c '^@lambda-proxy' "$OUT") lambda proxies)"
