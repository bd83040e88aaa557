#!/usr/bin/env bash
# The console image's test shows a real window on a virtual X server (Xvfb) and finds it with
# xwininfo. Installs xvfb, x11-utils and the GTK 3 library JavaFX's windows need when they are
# missing and we run as root (CI does); otherwise says what to install, and that test fails with
# the same hint.
set -euo pipefail
missing=()
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v xwininfo >/dev/null 2>&1 || missing+=(x11-utils)
ldconfig -p | grep -q 'libgtk-3.so.0' || missing+=(libgtk-3-0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[gannet] installing ${missing[*]} for the installer image tests (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "[gannet] WARNING: missing tools for the console image test; install the Debian packages: ${missing[*]}" >&2
fi
