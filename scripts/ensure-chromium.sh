#!/bin/sh
# Makes sure a headless Chromium is on PATH for the status page's browser test (StatusPageBrowserIT):
# Debian's `chromium` package, installed with apt-get when missing and we are root. Prints the browser's path.
set -eu
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then command -v "$b"; exit 0; fi
done
if [ "$(id -u)" != "0" ]; then
  echo "chromium is not installed and this is not root: install Debian's chromium package" >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium >&2
command -v chromium
