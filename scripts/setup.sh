#!/usr/bin/env bash
# Everything a fresh machine needs before the demo or the tests: the npm packages
# (exactly as locked), the real SIP peers the interop tests talk to (Kamailio, SIPp,
# baresip; Debian packages, installed when missing and we are root), and the build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if [ -x scripts/install-peers.sh ] || [ -f scripts/install-peers.sh ]; then
  bash scripts/install-peers.sh
fi
npm run build
# examples/angular type-checks against its own devDependency @angular/core (test/examples/angular.test.ts)
if [ ! -d examples/angular/node_modules ] || [ examples/angular/package-lock.json -nt examples/angular/node_modules/.package-lock.json ]; then
  (cd examples/angular && npm ci --no-audit --no-fund)
fi
