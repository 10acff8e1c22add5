#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A throwaway PostgreSQL cluster for tests (shared/notes/test-infrastructure.md).
#
#   pg-cluster.sh start DIR   initdb in DIR/data, serve on a Unix socket in
#                             DIR/sock only (no TCP), create the database
#                             "probity"; the superuser is "postgres", every
#                             local connection is trusted
#
# PROBITY_PG_LISTEN=127.0.0.1 serves on that loopback address too, on a free
# port (DIR/port), and run's conninfo names it (the benches); PROBITY_PG_FSYNC=on
# writes as a real server does (tests run with fsync off).
#   pg-cluster.sh stop DIR    stop it (fast), keep DIR
#   pg-cluster.sh restart DIR restart it (fast: every session is ended), or
#                             start it again after stop, with its options
#   pg-cluster.sh run CMD…    start a cluster in a new temporary folder, run
#                             CMD with PGHOST, PGDATABASE and PROBITY_TEST_PG
#                             set, stop it and remove the folder whatever
#                             happens (also when CMD fails or we are killed)
#
# As root the server runs as "nobody" (initdb refuses root). Exits 77, the
# skip status of meson, when the PostgreSQL 15 server is not installed.
set -eu

find_bin () {
  for dir in "${PROBITY_PG_BINDIR:-}" /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -r); do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! pgbin=$(find_bin); then
  echo "pg-cluster.sh: skipped: no PostgreSQL server (initdb, pg_ctl) found; install postgresql-15 (build-aux/deps.sh does)" >&2
  exit 77
fi
if ! command -v psql >/dev/null 2>&1; then
  echo "pg-cluster.sh: skipped: psql not found; install postgresql-client-15" >&2
  exit 77
fi

# A TCP port on loopback that nothing listens on now.
free_port () {
  python3 -c 'import socket; s = socket.socket (); s.bind (("127.0.0.1", 0)); print (s.getsockname ()[1])'
}

as_server () {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
  else
    "$@"
  fi
}

start () {
  dir=$1
  mkdir -p "$dir/sock"
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown nobody:nogroup "$dir" "$dir/sock"
  fi
  if ! as_server "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
         -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    return 1
  fi
  listen=''
  port=5432
  case "${PROBITY_PG_LISTEN:-}" in
    '') ;;
    127.0.0.1|::1|localhost)
      listen=$PROBITY_PG_LISTEN
      port=$(free_port) ;;
    *)
      echo "pg-cluster.sh: PROBITY_PG_LISTEN must be a loopback address, not $PROBITY_PG_LISTEN" >&2
      return 1 ;;
  esac
  echo "$port" >"$dir/port"
  if ! as_server "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
         -o "-k $dir/sock -c listen_addresses='$listen' -p $port -c fsync=${PROBITY_PG_FSYNC:-off} -c max_connections=100" \
         start >/dev/null; then
    cat "$dir/data/server.log" >&2
    return 1
  fi
  psql -X -q -h "$dir/sock" -p "$port" -U postgres -d postgres -c 'CREATE DATABASE probity' >/dev/null
}

stop () {
  dir=$1
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$pgbin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_server "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start)
    start "$2"
    ;;
  stop)
    stop "$2"
    ;;
  restart)
    as_server "$pgbin/pg_ctl" -D "$2/data" -l "$2/data/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
  run)
    shift
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/probity-pg.XXXXXX")
    cleanup () {
      trap - EXIT INT TERM HUP
      stop "$tmp"
      rm -rf "$tmp"
    }
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    start "$tmp"
    # Should this shell be killed outright, the server stops by itself.
    parent=$$
    ( trap '' INT TERM HUP
      while kill -0 "$parent" 2>/dev/null; do sleep 2; done
      stop "$tmp"; rm -rf "$tmp" ) >/dev/null 2>&1 </dev/null &
    port=$(cat "$tmp/port")
    export PGHOST="$tmp/sock" PGPORT="$port" PGDATABASE=probity
    if [ -n "${PROBITY_PG_LISTEN:-}" ]; then
      export PROBITY_TEST_PG="host=$PROBITY_PG_LISTEN port=$port dbname=probity"
    else
      export PROBITY_TEST_PG="host=$tmp/sock port=$port dbname=probity"
    fi
    export PROBITY_TEST_PG_DIR="$tmp"
    status=0
    "$@" || status=$?
    exit $status
    ;;
  *)
    echo "usage: pg-cluster.sh start DIR | stop DIR | restart DIR | run CMD…" >&2
    exit 2
    ;;
esac
