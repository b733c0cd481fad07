#!/usr/bin/env bash
# Start the interop Kamailio (kamailio.cfg next to this script) on loopback only,
# in the background, with a private runtime dir; wait until it answers SIP
# OPTIONS on UDP and accepts TCP on the SIP and WS ports (and WSS + TLS with --tls),
# then print shell-sourceable variables. The tests use kamailio.ts instead;
# this script is for running the same peer by hand or from CI shell steps.
#
# Usage: start-kamailio.sh [--no-auth|--auth|--proxy-auth] [--tls] [--debug]
#                          [--port N] [--ws-port N] [--wss-port N] [--tls-port N] [--children N]
#   defaults: auth on REGISTER, ports 5060 (udp+tcp), 8080 (ws), 8443 (wss),
#             5061 (SIP over TLS), 4 workers
# Env:   KAM_RUNDIR  runtime dir (default: mktemp -d /tmp/rxsip-kamailio.XXXXXX)
#        KAM_CFG     config file (default: kamailio.cfg next to this script)
#        KAM_TIMEOUT seconds to wait for readiness (default 15)
#
# Output (stdout, shell-sourceable):
#   KAM_PID=<pid>  KAM_RUNDIR=<dir> (log: $KAM_RUNDIR/kamailio.log)
#   KAM_CTL=unix:<dir>/kamailio_ctl   (kamcmd -s "$KAM_CTL" ul.dump)
#   KAM_SIP_PORT=.. KAM_WS_PORT=.. KAM_WSS_PORT=.. KAM_TLS_PORT=..
#   KAM_CERT=<dir>/cert.pem (with --tls: the self-signed certificate, for clients' CA)
# Stop:  stop-kamailio.sh "$KAM_RUNDIR"   (or kill "$KAM_PID")
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cfg="${KAM_CFG:-$here/kamailio.cfg}"
timeout="${KAM_TIMEOUT:-15}"
auth=1 proxyauth=0 tls=0 debug=0
sip_port=5060 ws_port=8080 wss_port=8443 tls_port=5061 children=4
while [ $# -gt 0 ]; do
  case "$1" in
    --no-auth) auth=0 ;;
    --auth) auth=1 ;;
    --proxy-auth) proxyauth=1 ;;
    --tls) tls=1 ;;
    --debug) debug=1 ;;
    --port) sip_port="$2"; shift ;;
    --ws-port) ws_port="$2"; shift ;;
    --wss-port) wss_port="$2"; shift ;;
    --tls-port) tls_port="$2"; shift ;;
    --children) children="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

export PATH="$PATH:/usr/sbin:/sbin"
command -v kamailio >/dev/null || { echo "kamailio not installed (scripts/install-peers.sh)" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# another instance on our ports would answer the readiness probe: refuse to start
for p in "$sip_port" "$ws_port" $([ "$tls" = 1 ] && echo "$wss_port $tls_port"); do
  if port_open "$p"; then echo "port 127.0.0.1:$p is already in use" >&2; exit 1; fi
done

rundir="${KAM_RUNDIR:-$(mktemp -d /tmp/rxsip-kamailio.XXXXXX)}"
mkdir -p "$rundir"
log="$rundir/kamailio.log"
ctl="unix:$rundir/kamailio_ctl"

instance="i$$x$RANDOM$RANDOM"
args=(-f "$cfg" -Y "$rundir" -P "$rundir/kamailio.pid" -DD -E
      -m 64 -M 8 -a no
      -A "CTL_SOCK=\"$ctl\"" -A "INSTANCE_ID=\"$instance\""
      -A "SIP_PORT=$sip_port" -A "WS_PORT=$ws_port" -A "WSS_PORT=$wss_port" -A "TLS_PORT=$tls_port"
      -A "CHILDREN=$children")
[ "$proxyauth" = 1 ] && auth=1
[ "$auth" = 1 ] && args+=(-A WITH_AUTH)
[ "$proxyauth" = 1 ] && args+=(-A WITH_PROXYAUTH)
[ "$debug" = 1 ] && args+=(-A WITH_DEBUG)

if [ "$tls" = 1 ]; then
  command -v openssl >/dev/null || { echo "--tls needs openssl" >&2; exit 1; }
  if [ ! -s "$rundir/cert.pem" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
      -keyout "$rundir/key.pem" -out "$rundir/cert.pem" \
      -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" >/dev/null 2>&1
  fi
  cat > "$rundir/tls.cfg" <<TLS
[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = $rundir/key.pem
certificate = $rundir/cert.pem

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
TLS
  args+=(-A WITH_TLS -A "TLS_CFG=\"$rundir/tls.cfg\"")
fi

t0=$(date +%s%N)
kamailio "${args[@]}" >"$log" 2>&1 </dev/null &
pid=$!

sip_ping() {
  # OPTIONS over a connected UDP socket; wait up to 1 s for a "SIP/2.0 200" that
  # carries our instance id (so it is this kamailio answering, not another one)
  # (cat + here-string => one datagram; the here-string adds the final \n)
  local id="ready-$RANDOM$RANDOM" reply="" msg
  msg="OPTIONS sip:127.0.0.1:$sip_port SIP/2.0"$'\r\n'
  msg+="Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-$id;rport"$'\r\n'
  msg+="Max-Forwards: 70"$'\r\n'
  msg+="From: <sip:ping@127.0.0.1>;tag=$id"$'\r\n'
  msg+="To: <sip:127.0.0.1>"$'\r\n'
  msg+="Call-ID: $id"$'\r\n'
  msg+="CSeq: 1 OPTIONS"$'\r\n'
  msg+="Content-Length: 0"$'\r\n\r'
  exec 4<>"/dev/udp/127.0.0.1/$sip_port" || return 1
  cat <<<"$msg" >&4 2>/dev/null || { exec 4<&-; return 1; }
  # bash `read` would consume the datagram 1 byte at a time; dd reads it whole
  reply="$(timeout 1 dd bs=65535 count=1 <&4 2>/dev/null || true)"
  exec 4<&-
  [ "${reply:0:11}" = "SIP/2.0 200" ] && [[ "$reply" == *"$instance"* ]]
}

deadline=$(( $(date +%s) + timeout ))
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "kamailio exited during startup; log follows:" >&2
    cat "$log" >&2
    exit 1
  fi
  ok=1
  port_open "$sip_port" || ok=0
  port_open "$ws_port" || ok=0
  if [ "$tls" = 1 ]; then port_open "$wss_port" || ok=0; port_open "$tls_port" || ok=0; fi
  if [ "$ok" = 1 ] && sip_ping; then break; fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "kamailio not ready after ${timeout}s; log follows:" >&2
    cat "$log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.05
done
t1=$(date +%s%N)

echo "kamailio ready in $(( (t1 - t0) / 1000000 )) ms (auth=$auth proxyauth=$proxyauth tls=$tls ports=$sip_port/$ws_port/$wss_port/$tls_port)" >&2
echo "KAM_PID=$pid"
echo "KAM_RUNDIR=$rundir"
echo "KAM_CTL=$ctl"
echo "KAM_SIP_PORT=$sip_port"
echo "KAM_WS_PORT=$ws_port"
echo "KAM_WSS_PORT=$wss_port"
echo "KAM_TLS_PORT=$tls_port"
[ "$tls" = 1 ] && echo "KAM_CERT=$rundir/cert.pem"
exit 0
