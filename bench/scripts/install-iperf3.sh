#!/bin/sh
# Installs iperf3 from the distribution's packages, for the benchmark's machine figure (the
# "iperf3" limit row). Optional: without it the benchmark skips that row and says so.
# Debian/Ubuntu only; run as root (or through sudo).
set -eu
if command -v iperf3 >/dev/null 2>&1; then
    echo "iperf3 already installed: $(iperf3 --version | head -n 1)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "no apt-get here: install iperf3 with this system's package manager, or run the benchmark without it" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends iperf3
iperf3 --version | head -n 1
