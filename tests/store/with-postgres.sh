#!/bin/sh
# tests/store/with-postgres.sh: runs a command against a throwaway
# PostgreSQL 15 server.
#
#   with-postgres.sh CMD [ARG...]
#
# Makes a cluster in a fresh temporary directory (UTF-8, trust
# authentication, no TCP: a Unix socket in that directory only, fsync off),
# starts it, runs CMD with PLENUM_TEST_PG_URL set to its URL and every
# argument "@PGURL@" replaced by it, then stops the server and removes the
# directory, also when CMD fails or the script is interrupted.  Exits with
# CMD's status, or 77 (a skip to meson) when PostgreSQL 15 is not
# installed.  As root, the server runs as the user postgres (it refuses to
# run as root); otherwise as the caller.  PGBIN overrides the directory of
# the server programs.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
	echo "with-postgres.sh: PostgreSQL 15 is not installed" \
		"(no $PGBIN/initdb); skipping" >&2
	exit 77
fi
if [ $# -eq 0 ]; then
	echo "usage: with-postgres.sh CMD [ARG...]" >&2
	exit 2
fi

if [ "$(id -u)" -eq 0 ]; then
	if ! id postgres >/dev/null 2>&1; then
		echo "with-postgres.sh: running as root, but there is no" \
			"user postgres to run the server" >&2
		exit 1
	fi
	as_pg() { runuser -u postgres -- "$@"; }
else
	as_pg() { "$@"; }
fi

top=$(mktemp -d "${TMPDIR:-/tmp}/plenum-pg.XXXXXX")
data="$top/data"
sock="$top/sock"
log="$top/server.log"
started=0

cleanup() {
	if [ "$started" -eq 1 ]; then
		as_pg "$PGBIN/pg_ctl" -D "$data" -m immediate -w stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$top"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

mkdir "$sock"
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$top" "$sock"
fi
# /tmp is 1777, but mktemp -d makes a 0700 directory: postgres may enter it
chmod 0755 "$top"

if ! as_pg "$PGBIN/initdb" -D "$data" -A trust -U postgres --no-sync \
	-E UTF8 --locale=C >"$top/initdb.log" 2>&1; then
	echo "with-postgres.sh: initdb failed:" >&2
	cat "$top/initdb.log" >&2
	exit 1
fi
if ! as_pg "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 60 \
	-o "-k $sock -c listen_addresses='' -F" start >/dev/null 2>&1; then
	echo "with-postgres.sh: the server did not start:" >&2
	cat "$log" >&2 || true
	exit 1
fi
started=1

PLENUM_TEST_PG_URL="postgresql:///postgres?host=$sock&user=postgres"
export PLENUM_TEST_PG_URL

cmd=$1
shift
for arg in "$@"; do
	shift
	if [ "$arg" = "@PGURL@" ]; then
		set -- "$@" "$PLENUM_TEST_PG_URL"
	else
		set -- "$@" "$arg"
	fi
done

status=0
"$cmd" "$@" || status=$?
exit "$status"
