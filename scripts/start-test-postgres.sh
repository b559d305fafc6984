#!/usr/bin/env bash
# One PostgreSQL cluster for a whole test run (.ci/run): the server's tests each make a fresh
# database inside it (tests/support/postgres.ts). Prints the shell lines to evaluate:
#   eval "$(bash scripts/start-test-postgres.sh)"      # sets BANMIAN_TEST_PG and BANMIAN_TEST_PG_DIR
#   bash scripts/start-test-postgres.sh stop            # stops the cluster in $BANMIAN_TEST_PG_DIR
# Installs Debian's postgresql when initdb is missing. initdb refuses root, so as root the
# cluster belongs to the postgres user.
set -euo pipefail

find_bin() {
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && echo "$found"
}

as_cluster_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
  dir="${BANMIAN_TEST_PG_DIR:?BANMIAN_TEST_PG_DIR is not set}"
  as_cluster_user "$(find_bin pg_ctl)" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

if [ -z "$(find_bin initdb)" ]; then
  echo "Installing PostgreSQL (Debian's postgresql) for the server's tests" >&2
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi
initdb=$(find_bin initdb)
pg_ctl=$(find_bin pg_ctl)

dir=$(mktemp -d "${TMPDIR:-/tmp}/banmian-pg-XXXXXX")
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_cluster_user "$initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >&2
as_cluster_user "$pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" >&2
echo "export BANMIAN_TEST_PG=postgres://postgres@127.0.0.1:$port/postgres"
echo "export BANMIAN_TEST_PG_DIR=$dir"
