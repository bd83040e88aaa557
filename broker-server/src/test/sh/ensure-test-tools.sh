#!/usr/bin/env bash
# The interop tests drive the broker with the real mosquitto_pub/mosquitto_sub clients.
# Installs Debian's mosquitto-clients when they are missing and we run as root (CI does);
# otherwise says what to install, and the tests that need them fail with the same hint.
set -euo pipefail
if command -v mosquitto_pub >/dev/null 2>&1 && command -v mosquitto_sub >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[gannet] installing mosquitto-clients for the interop tests (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq mosquitto-clients >/dev/null
else
  echo "[gannet] WARNING: mosquitto_pub/mosquitto_sub not found; install the 'mosquitto-clients' package" >&2
fi
