#!/usr/bin/env bash
# A throwaway local Virtuoso (Debian's virtuoso-opensource) for the remote-store tests.
#
#   scripts/virtuoso.sh start    install if missing, start on 127.0.0.1, wait for /sparql, open updates
#   scripts/virtuoso.sh stop     stop the server started by `start` (its database folder stays for a restart)
#   scripts/virtuoso.sh status   say whether it runs and where
#
# Idempotent: `start` on a running server only prints the endpoint; `stop` on a stopped one does nothing.
# Settings (environment): VIRTUOSO_DIR (default /tmp/binatgraph-virtuoso), VIRTUOSO_HTTP_PORT (28890),
# VIRTUOSO_ISQL_PORT (21111), VIRTUOSO_DBA_PASSWORD (dba; a fresh database always starts with dba/dba),
# VIRTUOSO_BUFFERS (340000 pages of 8 kB, ~2.7 GB at most: room for the 8.2M triples of the 100k-event
# day; `benchmarks/day.py --store`), VIRTUOSO_QUERY_MEM (2G), VIRTUOSO_TXN_LIMIT (2000000000 bytes of
# log one update may write).
# `start` prints the endpoint as a store setting on its last line: sparql+http://127.0.0.1:PORT/sparql
#
# The server is for tests only: it listens on 127.0.0.1, and anyone who can reach it may update it
# (the SPARQL user gets SPARQL_UPDATE so /sparql takes updates without authentication).
set -euo pipefail

DIR="${VIRTUOSO_DIR:-/tmp/binatgraph-virtuoso}"
HTTP_PORT="${VIRTUOSO_HTTP_PORT:-28890}"
ISQL_PORT="${VIRTUOSO_ISQL_PORT:-21111}"
DBA_PASSWORD="${VIRTUOSO_DBA_PASSWORD:-dba}"
# Virtuoso keeps its pages in NumberOfBuffers (8 kB each). Debian's 20,000 (160 MB) held the 1k and
# 10k days, but 8.2M triples (100k events: ~1 GB of indexes) would be read from disk again and again.
# 340,000 is Virtuoso's own figure for 4 GB of RAM; the memory is taken as pages fill, so a small test
# database costs no more. MaxDirtyBuffers is 3/4 of it, as Virtuoso's sample ini pairs them.
BUFFERS="${VIRTUOSO_BUFFERS:-340000}"
QUERY_MEM="${VIRTUOSO_QUERY_MEM:-2G}"
# at most 2^31 - 1: Virtuoso reads it as a 32-bit number (8e9 wrapped round and failed every update)
TXN_LIMIT="${VIRTUOSO_TXN_LIMIT:-2000000000}"
PID_FILE="$DIR/virtuoso.pid"
ENDPOINT="http://127.0.0.1:$HTTP_PORT/sparql"
WAIT_SECONDS=60

say() { echo "virtuoso: $*" >&2; }

install() {
  if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then
    return
  fi
  say "installing Debian's virtuoso-opensource"
  # Preseed the system database's dba password so the package asks nothing.
  debconf-set-selections <<EOF
virtuoso-opensource-7 virtuoso-opensource-7/dba-password password $DBA_PASSWORD
virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password $DBA_PASSWORD
EOF
  # Keep the package from starting its own system-wide server on ports 1111/8890 (policy-rc.d
  # exit 101 = "not allowed"); only our own file is removed again.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=1
  fi
  local status=0
  {
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
  } || status=$?
  if ((added_policy)); then rm -f "$policy"; fi
  return "$status"
}

running() {
  [[ -f $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

answers() {
  curl -fsS -o /dev/null --max-time 5 --get --data-urlencode "query=ASK {}" "$ENDPOINT" 2>/dev/null
}

write_ini() {
  local vsp=/var/lib/virtuoso-opensource-7/vsp
  [[ -d $vsp ]] || { vsp="$DIR/vsp" && mkdir -p "$vsp"; }
  cat >"$DIR/virtuoso.ini" <<EOF
; written by scripts/virtuoso.sh: a test server on 127.0.0.1 only
[Database]
DatabaseFile       = $DIR/db/virtuoso.db
ErrorLogFile       = $DIR/db/virtuoso.log
LockFile           = $DIR/db/virtuoso.lck
TransactionFile    = $DIR/db/virtuoso.trx
xa_persistent_file = $DIR/db/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $DIR/db/virtuoso-temp.db
TransactionFile    = $DIR/db/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$ISQL_PORT
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
AllowOSCalls             = 0
DirsAllowed              = ., $DIR
NumberOfBuffers          = $BUFFERS
MaxDirtyBuffers          = $((BUFFERS * 3 / 4))
ThreadsPerQuery          = 2
; raised with the buffers for the 100k-event day (which ran with 2G; Debian's 512M was not tried there)
MaxQueryMem              = $QUERY_MEM
; one update is one transaction, and Virtuoso refuses one whose log passes this many bytes (default
; 50 MB: SR325 "log after image size went above the limit"). The MOVE that ends a load of the 100k-event
; graph (8.2M triples) passed it (the 10k graph's, 816k triples, did not); a MOVE logs every quad it moves.
TransactionAfterImageLimit = $TXN_LIMIT

[HTTPServer]
ServerPort               = 127.0.0.1:$HTTP_PORT
ServerRoot               = $vsp
MaxClientConnections     = 10
ServerThreads            = 10
Charset                  = UTF-8
EnabledDavVSP            = 0
HTTPProxyEnabled         = 0

[Client]
SQL_QUERY_TIMEOUT        = 0
SQL_TXN_TIMEOUT          = 0

[SPARQL]
; the defaults (10,000 rows, 60 s "anytime" answers) would silently cut results short
ResultSetMaxRows           = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
MaxSortedTopRows           = 10000000
EOF
}

start() {
  install
  mkdir -p "$DIR/db"
  if running && answers; then
    say "already running (pid $(cat "$PID_FILE"))"
    echo "sparql+$ENDPOINT"
    return
  fi
  if running; then stop; fi
  if answers; then
    say "something else already answers at $ENDPOINT; stop it or set VIRTUOSO_HTTP_PORT"
    return 1
  fi
  write_ini
  say "starting on 127.0.0.1:$HTTP_PORT (isql 127.0.0.1:$ISQL_PORT), database in $DIR/db"
  # exec: the recorded pid is the server's own, so `stop` ends the server and nothing else
  (cd "$DIR/db" && exec nohup virtuoso-t +configfile "$DIR/virtuoso.ini" +foreground >"$DIR/stdout.log" 2>&1) &
  echo $! >"$PID_FILE"
  local waited=0
  until answers; do
    if ! running; then
      say "the server exited; last lines of its log:"
      tail -n 20 "$DIR/db/virtuoso.log" "$DIR/stdout.log" >&2 || true
      return 1
    fi
    if ((waited >= WAIT_SECONDS)); then
      say "no answer from $ENDPOINT after ${WAIT_SECONDS}s; stopping it"
      stop
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  # Let the anonymous SPARQL user update (tests only), and read/write every graph.
  isql-vt "127.0.0.1:$ISQL_PORT" dba "$DBA_PASSWORD" >"$DIR/isql.log" 2>&1 <<'EOF'
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
EOF
  # a restart on the same database finds the grant in place: that error is harmless
  if grep "Error" "$DIR/isql.log" | grep -qv "already have role"; then
    say "granting SPARQL updates failed:" && cat "$DIR/isql.log" >&2
    return 1
  fi
  say "ready after ~${waited}s"
  echo "sparql+$ENDPOINT"
}

stop() {
  if ! running; then
    say "not running"
    rm -f "$PID_FILE"
    return
  fi
  local pid waited=0
  pid="$(cat "$PID_FILE")"
  # isql's `shutdown` checkpoints first. SIGTERM makes a "quick shutdown" without one, and the next
  # start replays the transaction log, which Virtuoso 7.2 gets wrong for a MOVE onto a graph that held
  # the same long literals (what a second `binatgraph load`/`build` into the graph does): 3,647 of
  # 20,000 triples came back. SIGTERM stays the fallback when isql cannot reach the server.
  if ! timeout 120 isql-vt "127.0.0.1:$ISQL_PORT" dba "$DBA_PASSWORD" >/dev/null 2>&1 <<<"shutdown;"; then
    kill "$pid" 2>/dev/null || true
  fi
  while kill -0 "$pid" 2>/dev/null && ((waited < 30)); do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  rm -f "$PID_FILE"
  say "stopped (pid $pid)"
}

status() {
  if running && answers; then
    echo "running: sparql+$ENDPOINT (pid $(cat "$PID_FILE"))"
  elif running; then
    echo "starting or stuck: pid $(cat "$PID_FILE") does not answer at $ENDPOINT"
    return 1
  else
    echo "stopped"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 {start|stop|status}" >&2
    exit 2
    ;;
esac
