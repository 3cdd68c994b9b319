#!/usr/bin/env bash
# Installs the HTTP/2 command-line clients the http tests use when present: nghttp and h2load
# (Debian's nghttp2-client). curl comes with the base system; its HTTP/2 support is checked by the
# tests themselves (curl -V lists HTTP2). Run as root (or through sudo) on Debian or Ubuntu:
#   bash http/scripts/install-h2-clients.sh
# Tests that need a tool that is absent are skipped with a message naming this script.
set -euo pipefail
if command -v nghttp >/dev/null 2>&1 && command -v h2load >/dev/null 2>&1; then
    echo "nghttp and h2load are already installed"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends nghttp2-client
nghttp --version
h2load --version | head -1
