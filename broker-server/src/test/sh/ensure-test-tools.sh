#!/usr/bin/env bash
# The integration tests drive the broker with the real mosquitto_pub/mosquitto_sub clients, run
# the metadata contract against a real PostgreSQL server and the cluster queue store against a real
# Redis server (both started by the tests from Debian's binaries). Installs Debian's
# mosquitto-clients, postgresql and redis-server when missing and we run as root (CI does);
# otherwise says what to install, and the tests that need them fail with the same hint.
set -euo pipefail
missing=()
if ! command -v mosquitto_pub >/dev/null 2>&1 || ! command -v mosquitto_sub >/dev/null 2>&1; then
  missing+=(mosquitto-clients)
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v redis-server >/dev/null 2>&1; then
  missing+=(redis-server)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[gannet] installing ${missing[*]} for the integration tests (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "[gannet] WARNING: missing test tools; install the Debian packages: ${missing[*]}" >&2
fi
