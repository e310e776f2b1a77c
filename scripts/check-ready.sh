#!/usr/bin/env bash
# Is the deployed app ready for its first FortiGates? Run between `deploy` (scale sets empty, autoscale off)
# and the `deploy` that starts the FortiGates (README, Deploy step 5).
#
#   scripts/check-ready.sh <resource-group> <deployment-name>
#
# Reads the deployment's outputs and parameters with `az`, and the FortiGates' key from $FORTIGATE_KEY.
# Ready when
#   - the asset container holds at least byolDesiredCapacity license files (BYOL scale set only), and
#   - GET fgt-as-handler with the FortiGates' key and no Fos-instance-id header answers 400: the app runs, the
#     key is accepted, and the request is refused only for the missing header (401: wrong key, 403: this
#     address is not allowed, 404: no such function, 5xx: the host or a setting is not ready).
# The probe is retried every CHECK_READY_INTERVAL seconds (10) for up to CHECK_READY_TIMEOUT seconds (300).
# Exit status: 0 ready, 1 not ready (the reason on stderr), 2 wrong usage.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <resource-group> <deployment-name>   (with FORTIGATE_KEY set)" >&2
  exit 2
fi
if [ -z "${FORTIGATE_KEY:-}" ]; then
  echo "FORTIGATE_KEY is not set: the FortiGates' function key (fortigateFunctionKey)" >&2
  exit 2
fi
RG=$1
NAME=$2
TIMEOUT=${CHECK_READY_TIMEOUT:-300}
INTERVAL=${CHECK_READY_INTERVAL:-10}

output() { az deployment group show -g "$RG" -n "$NAME" --query "properties.outputs.$1.value" -o tsv; }
parameter() { az deployment group show -g "$RG" -n "$NAME" --query "properties.parameters.$1.value" -o tsv; }

APP=$(output functionAppName)
STORAGE=$(output storageAccountName)
CONTAINER=$(output assetContainerName)
LICENSE_PREFIX=$(output licenseBlobPrefix)
BYOL_SET=$(output byolScaleSetName)
if [ -z "$APP" ] || [ -z "$STORAGE" ]; then
  echo "not ready: deployment $NAME in $RG has no functionAppName/storageAccountName output (deploy first)" >&2
  exit 1
fi

if [ -n "$BYOL_SET" ]; then
  NEEDED=$(parameter byolDesiredCapacity)
  NEEDED=${NEEDED:-1}
  HAVE=$(az storage blob list --auth-mode login --account-name "$STORAGE" -c "$CONTAINER" \
    --prefix "$LICENSE_PREFIX/" --num-results '*' --query "length(@)" -o tsv)
  if [ "${HAVE:-0}" -lt "$NEEDED" ]; then
    echo "not ready: $HAVE license file(s) under $CONTAINER/$LICENSE_PREFIX/, $NEEDED needed (byolDesiredCapacity)" >&2
    exit 1
  fi
  echo "licenses: $HAVE uploaded, $NEEDED needed"
fi

URL="https://$APP.azurewebsites.net/api/fgt-as-handler"
DEADLINE=$(( $(date +%s) + TIMEOUT ))
while :; do
  CODE=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$URL?code=$FORTIGATE_KEY" || true)
  if [ "$CODE" = "400" ]; then
    echo "ready: GET $URL answers 400 for the missing Fos-instance-id header"
    exit 0
  fi
  case "$CODE" in
    401) WHY="401: the app does not accept FORTIGATE_KEY (compare: az functionapp function keys list -g $RG -n $APP --function-name fgt-as-handler)" ;;
    403) WHY="403: this address is not in allowedSourceIpRanges" ;;
    404) WHY="404: no fgt-as-handler function (the package did not load)" ;;
    000|"") WHY="no answer" ;;
    *) WHY="$CODE: the host or its settings are not ready (see the app's logs)" ;;
  esac
  if [ "$(date +%s)" -ge "$DEADLINE" ]; then
    echo "not ready: GET $URL answered $WHY" >&2
    exit 1
  fi
  echo "waiting: $WHY"
  sleep "$INTERVAL"
done
