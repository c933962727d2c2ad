#!/bin/sh
# run.sh PLENUM SRCDIR OUTDIR [PGURL]: installs playwright-core from npm (pinned to
# 1.61.1, the newest that runs on Debian 12's Node 18; it brings no
# browser: Debian's Chromium is used) and runs the browser tests with
# node's test runner: every *.test.mjs on SQLite, or, given a PostgreSQL
# URL, the projector test there (two instances over one database).
set -eu
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
PLENUM=$(abs "$1") SRCDIR=$(abs "$2") OUTDIR=$(abs "$3")
PGURL=${4:-} # a PostgreSQL URL: the assembly lives there
export PLENUM SRCDIR OUTDIR PGURL
cd "$SRCDIR/tests/e2e"
if [ ! -d node_modules/playwright-core ]; then
	npm ci --no-audit --no-fund --loglevel=error >&2
fi
if [ -n "$PGURL" ]; then
	exec node --test --test-reporter=tap projector.test.mjs
fi
# Each file has its own assembly, plenum serve and Chromium: they may run
# side by side.
exec node --test --test-reporter=tap ./*.test.mjs
