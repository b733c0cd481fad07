#!/usr/bin/env bash
# Install the real SIP peers used by the interop tests (test/interop/):
# Kamailio (registrar/proxy/WS bridge), SIPp, baresip, openssl.
#
# Idempotent: when the kamailio, kamcmd, sipp, baresip and openssl binaries are all on
# PATH (or in /usr/sbin, /usr/bin) with Kamailio's websocket and tls modules, it does nothing. Otherwise it installs the
# Debian 12 packages with apt-get; that needs root. When not root and something
# is missing, it prints what is missing and exits 1.
#
# Usage: scripts/install-peers.sh        (CI: run as root before the tests)
set -euo pipefail

orig_path="$PATH"
export PATH="$PATH:/usr/sbin:/usr/bin:/sbin:/bin"

warn_path() {
  # the tests look for the peers on PATH only; kamailio and kamcmd live in /usr/sbin
  local b
  for b in kamailio kamcmd; do
    if ! PATH="$orig_path" command -v "$b" >/dev/null 2>&1; then
      echo "install-peers: note: $b is not on your PATH ($(command -v "$b")); add /usr/sbin to PATH before running the interop tests" >&2
      return
    fi
  done
}

bins=(kamailio kamcmd sipp baresip openssl)
missing=()
for b in "${bins[@]}"; do
  command -v "$b" >/dev/null 2>&1 || missing+=("$b")
done
# the WebSocket and TLS modules come in separate packages
moddir=""
for d in /usr/lib/x86_64-linux-gnu/kamailio/modules /usr/lib/aarch64-linux-gnu/kamailio/modules /usr/lib/kamailio/modules; do
  [ -d "$d" ] && { moddir="$d"; break; }
done
if command -v kamailio >/dev/null 2>&1; then
  if [ -n "$moddir" ]; then
    [ -e "$moddir/websocket.so" ] || missing+=("kamailio websocket.so module")
    [ -e "$moddir/tls.so" ] || missing+=("kamailio tls.so module")
  fi
fi

# the browser e2e (test/e2e) drives Debian's Chromium
command -v chromium >/dev/null 2>&1 || missing+=("chromium")

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-peers: kamailio, sipp, baresip, openssl and chromium already present; nothing to do" >&2
  warn_path
  exit 0
fi

pkgs=(kamailio kamailio-websocket-modules kamailio-tls-modules sip-tester baresip-core openssl chromium)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-peers: missing: ${missing[*]}" >&2
  echo "install-peers: run as root (or: sudo apt-get install -y --no-install-recommends ${pkgs[*]})" >&2
  exit 1
fi

echo "install-peers: missing: ${missing[*]}; installing ${pkgs[*]}" >&2
t0=$(date +%s)
apt-get -o DPkg::Lock::Timeout=300 update
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${pkgs[@]}"
echo "install-peers: done in $(( $(date +%s) - t0 )) s" >&2

still=()
for b in "${bins[@]}"; do command -v "$b" >/dev/null 2>&1 || still+=("$b"); done
if [ "${#still[@]}" -ne 0 ]; then
  echo "install-peers: still missing after install: ${still[*]}" >&2
  exit 1
fi
warn_path
