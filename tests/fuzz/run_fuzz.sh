#!/bin/sh
# run_fuzz.sh FUZZER RUNS SEED_DIR [MAX_LEN]: a bounded libFuzzer run
# inside meson test, inputs up to MAX_LEN bytes (8192 unless given).  New
# inputs go to a temporary folder, never into the source tree.  The
# fuzzer's exit status is the test's.
set -eu
case $1 in /*) fuzzer=$1 ;; *) fuzzer=$PWD/$1 ;; esac
runs=$2
case $3 in /*) seeds=$3 ;; *) seeds=$PWD/$3 ;; esac
max_len=${4:-8192}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
"$fuzzer" -runs="$runs" -max_len="$max_len" -timeout=20 -rss_limit_mb=2048 \
	-print_final_stats=1 "$work" "$seeds" >"$work/log" 2>&1 || status=$?
tail -n 25 "$work/log"
if [ "$status" -eq 0 ]; then
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
fi
exit "$status"
