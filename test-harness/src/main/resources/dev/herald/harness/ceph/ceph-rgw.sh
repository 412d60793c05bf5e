#!/usr/bin/env bash
# Herald's launcher for a throw-away single-node Ceph RGW (Debian 12 packages, Ceph 16.2.x Pacific).
#
# One monitor, one memstore OSD and radosgw (beast frontend) on 127.0.0.1 only, cephx disabled,
# every file (conf, pids, sockets, logs, mon store) under DIR. No systemd, no root-only paths,
# so several runs can coexist as long as they use different DIRs and ports.
#
# usage: ceph-rgw.sh start DIR [RGW_PORT]
#        ceph-rgw.sh stop  DIR
#
# environment (all optional):
#   RGW_PORT            radosgw HTTP port on 127.0.0.1            (default 17480; 2nd argument wins)
#   MON_V2_PORT         monitor msgr2 port                        (default 13300)
#   MON_V1_PORT         monitor legacy msgr1 port                 (default 16789)
#   RGW_ACCESS_KEY      S3 access key of the user "tester"        (default TESTACCESSKEY)
#   RGW_SECRET_KEY      S3 secret key of the user "tester"        (default TESTSECRETKEY)
#   CEPH_STEP_TIMEOUT   seconds allowed for each start-up step    (default 90)
#   RGW_DEBUG           radosgw "debug rgw" level                 (default 1)
#
# On success `start` prints one line "RGW_ENDPOINT=http://127.0.0.1:PORT". On failure it exits
# non-zero after printing what failed and the tail of the relevant log in DIR/log/, having stopped
# whatever it had started (exit 3: Ceph tools missing, exit 2: bad usage). `stop` sends SIGTERM,
# waits up to 10 s, then SIGKILLs; it is safe to repeat.
set -euo pipefail

usage() { echo "usage: $0 start DIR [RGW_PORT] | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
case "$2" in /*) DIR=$2 ;; *) DIR=$PWD/$2 ;; esac
DIR=${DIR%/}
RGW_PORT=${3:-${RGW_PORT:-17480}}
MON_V2_PORT=${MON_V2_PORT:-13300}
MON_V1_PORT=${MON_V1_PORT:-16789}
ACCESS_KEY=${RGW_ACCESS_KEY:-TESTACCESSKEY}
SECRET_KEY=${RGW_SECRET_KEY:-TESTSECRETKEY}
STEP_TIMEOUT=${CEPH_STEP_TIMEOUT:-90}
DAEMONS="client.rgw osd.0 mon.a"   # stop order: clients first, monitor last

log() { echo "ceph-rgw: $*" >&2; }

# fail MESSAGE [LOG_NAME...]: print the message and the tail of each named log, then exit 1.
fail() {
  local msg=$1; shift
  log "FAILED: $msg"
  local name
  for name in "$@"; do
    if [ -f "$DIR/log/$name.log" ]; then
      echo "----- tail of $DIR/log/$name.log -----" >&2
      tail -n 40 "$DIR/log/$name.log" >&2 || true
    fi
  done
  exit 1
}

pid_of() { local f="$DIR/run/$1.pid"; [ -s "$f" ] && cat "$f" || true; }
# Running and not a zombie (an orphaned daemon may linger unreaped under a minimal PID 1).
alive() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
  local state; state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) || true
  [ "$state" != Z ]
}

stop_all() {
  local name pid pids="" deadline
  for name in $DAEMONS; do
    pid=$(pid_of "$name")
    if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; pids="$pids $pid"; fi
  done
  deadline=$((SECONDS + 10))
  for pid in $pids; do
    while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if alive "$pid"; then log "pid $pid did not exit within 10 s; sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  done
  for name in $DAEMONS; do rm -f "$DIR/run/$name.pid"; done
}

# wait_for SECONDS DESCRIPTION DAEMON COMMAND...: retry COMMAND every second until it succeeds;
# give up at the deadline, or early once DAEMON (which also names its log) is no longer running.
wait_for() {
  local secs=$1 what=$2 daemon=$3; shift 3
  local start=$SECONDS deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what not ready after ${secs}s" "$daemon"
    if [ $((SECONDS - start)) -ge 3 ] && ! alive "$(pid_of "$daemon")"; then
      fail "$daemon exited while waiting for $what" "$daemon"
    fi
    sleep 1
  done
}

# ceph CLI against this cluster, each call bounded.
cephcli() { timeout 20 ceph -c "$DIR/ceph.conf" --connect-timeout 15 "$@"; }

osd_up() { cephcli osd stat -f json | grep -Eq '"num_up_osds": *[1-9]'; }

# Plain HTTP probe without curl: any HTTP status line from radosgw counts as "serving".
rgw_serving() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
    IFS= read -r line <&3 && [[ $line == HTTP/* ]]' _ "$RGW_PORT"
}

case "$cmd" in
  stop)
    [ -d "$DIR" ] || exit 0
    stop_all
    exit 0 ;;
  start) ;;
  *) usage ;;
esac

missing=""
for tool in radosgw radosgw-admin ceph-mon ceph-osd ceph ceph-authtool monmaptool uuidgen timeout; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  log "missing tools:$missing"
  log "install them with: apt-get install radosgw ceph-mon ceph-osd uuid-runtime"
  exit 3
fi

for name in $DAEMONS; do
  if alive "$(pid_of "$name")"; then log "$name is already running from $DIR; run '$0 stop $DIR' first"; exit 1; fi
done

# Fresh state every start: memstore keeps nothing across restarts anyway.
rm -rf "$DIR/run" "$DIR/log" "$DIR/mon.a" "$DIR/osd.0" "$DIR/ceph.conf" "$DIR/keyring" "$DIR/monmap"
mkdir -p "$DIR/run" "$DIR/log" "$DIR/mon.a" "$DIR/osd.0"
cd "$DIR"

# If anything below fails, do not leave half a cluster behind.
trap 'rc=$?; if [ $rc -ne 0 ]; then stop_all; fi' EXIT

FSID=$(uuidgen)
MON_ADDRS="[v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]"

cat > ceph.conf <<EOF
[global]
fsid = $FSID
mon host = $MON_ADDRS
public addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
keyring = $DIR/keyring
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
# one OSD: single replica pools, no placement across hosts, no autoscaler, no redundancy nagging
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000

[mon]
mon data = $DIR/mon.\$id

[osd]
osd data = $DIR/osd.\$id
osd objectstore = memstore
memstore device bytes = 2147483648

[client.rgw]
# radosgw asks for 'secure' mon/peer connections by default, which auth 'none' cannot provide:
# without this it retries for ~300 s and gives up with -13.
ms mon client mode = crc secure
ms client mode = crc secure
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
# Pacific's default already has 'notifications' (SNS-style topic API); spelled out so it cannot drift.
rgw enable apis = s3, s3website, swift, swift_auth, admin, sts, iam, notifications
# STS AssumeRole (temporary credentials): the key encrypts session tokens and must be exactly 16
# characters (AES-128); 'use sts' lets S3 requests authenticate with those session tokens.
rgw sts key = heraldstskey0016
rgw s3 auth use sts = true
# Persistent topics (persistent=true) are served by radosgw's notification manager, which needs no
# option in 16.2 (the rgw_topic_persistency_* knobs only exist from Reef on). Retries stay default.
debug rgw = ${RGW_DEBUG:-1}
EOF

log "creating monitor (v2 $MON_V2_PORT, v1 $MON_V1_PORT) in $DIR"
ceph-authtool --create-keyring keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool keyring --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
monmaptool --create --addv a "$MON_ADDRS" --fsid "$FSID" monmap >/dev/null
timeout "$STEP_TIMEOUT" ceph-mon -c ceph.conf --mkfs -i a --monmap monmap --keyring keyring \
  >>log/setup.log 2>&1 || fail "ceph-mon --mkfs" setup mon.a
timeout "$STEP_TIMEOUT" ceph-mon -c ceph.conf -i a >>log/setup.log 2>&1 || fail "ceph-mon did not start" setup mon.a
wait_for "$STEP_TIMEOUT" "monitor" mon.a cephcli mon stat

log "creating memstore OSD"
OSD_UUID=$(uuidgen)
OSD_ID=$(cephcli osd new "$OSD_UUID" 2>>log/setup.log) || fail "ceph osd new" setup mon.a
[ "$OSD_ID" = 0 ] || fail "expected OSD id 0, got '$OSD_ID'" setup mon.a
timeout "$STEP_TIMEOUT" ceph-osd -c ceph.conf -i 0 --mkfs --osd-uuid "$OSD_UUID" \
  >>log/setup.log 2>&1 || fail "ceph-osd --mkfs" setup osd.0
timeout "$STEP_TIMEOUT" ceph-osd -c ceph.conf -i 0 >>log/setup.log 2>&1 || fail "ceph-osd did not start" setup osd.0
wait_for "$STEP_TIMEOUT" "OSD 0 up" osd.0 osd_up

log "starting radosgw on 127.0.0.1:$RGW_PORT"
timeout "$STEP_TIMEOUT" radosgw -c ceph.conf -n client.rgw >>log/setup.log 2>&1 || fail "radosgw did not start" setup client.rgw
wait_for "$STEP_TIMEOUT" "radosgw on 127.0.0.1:$RGW_PORT" client.rgw rgw_serving

timeout "$STEP_TIMEOUT" radosgw-admin -c ceph.conf -n client.admin user create --uid=tester --display-name=Tester \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null 2>>log/setup.log \
  || fail "radosgw-admin user create" setup client.admin
# roles=* lets tester create roles and attach policies through the IAM API (CreateRole, PutRolePolicy).
timeout "$STEP_TIMEOUT" radosgw-admin -c ceph.conf -n client.admin caps add --uid=tester --caps="roles=*" \
  >/dev/null 2>>log/setup.log || fail "radosgw-admin caps add" setup client.admin

log "ready (access key $ACCESS_KEY; conf $DIR/ceph.conf; logs $DIR/log)"
echo "RGW_ENDPOINT=http://127.0.0.1:$RGW_PORT"
