#!/usr/bin/env bash
# Stop a Kamailio started by start-kamailio.sh, by the PID in its runtime dir
# (argument or $KAM_RUNDIR). Waits up to 5 s, then SIGKILLs that PID only.
# Usage: stop-kamailio.sh RUNDIR [--rm]   (--rm also deletes RUNDIR)
set -u
rundir="${1:-${KAM_RUNDIR:-}}"
[ -n "$rundir" ] || { echo "usage: $0 RUNDIR [--rm]" >&2; exit 2; }
pidf="$rundir/kamailio.pid"
[ -s "$pidf" ] || { echo "no pid file in $rundir" >&2; exit 1; }
pid="$(cat "$pidf")"
if kill "$pid" 2>/dev/null; then
  stopped=0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || { stopped=1; break; }; sleep 0.1; done
  [ "$stopped" = 1 ] || kill -9 "$pid" 2>/dev/null || true
fi
if [ "${2:-}" = "--rm" ]; then rm -rf -- "$rundir"; fi
exit 0
