#!/bin/sh
# bench/scanread.sh [N]: plenum scan read end to end: N (default 300)
# marked cn ballots (3 names for 2 seats, 2 write-in lines, A4, 200 dpi
# PNG, made by tests/cli/scanfix.c from the layout plenum print recorded)
# read through the worker process into a SQLite assembly with their
# images, then entered into the round and counted.  Builds its own
# release build (build-release, or BENCH_BUILD).  Prints seconds and
# ballots per second for each step.
set -eu
cd "$(dirname "$0")/.."
build=${BENCH_BUILD:-build-release}
n=${1:-300}
[ -d "$build" ] || meson setup "$build" --buildtype=release >/dev/null
ninja -C "$build" plenum paper/plenum-scanfix >/dev/null
plenum=$PWD/$build/plenum
scanfix=$PWD/$build/paper/plenum-scanfix
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PLENUM_DB="$tmp/bench.db" PLENUM_ACTOR=bench
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", n / (b - a) }'; }
"$plenum" init --name "bench" --rules cn-basic >/dev/null
"$plenum" roll import tests/unit/data/roll-97.csv >/dev/null
"$plenum" election add "committee" --seats 2 >/dev/null
"$plenum" election candidate 1 王立新 孙建国 张文涛 >/dev/null
"$plenum" official teller D093 D094 >/dev/null
"$plenum" checkin $("$plenum" roll list | awk -F'\t' '$5 == "full" && $7 == "" { print $1 }' | head -80) >/dev/null
"$plenum" round open 1 >/dev/null
"$plenum" print ballots 1 --copies "$n" --out "$tmp/ballots.pdf" >/dev/null
"$plenum" scan layouts 1 >"$tmp/layouts.json"
mkdir "$tmp/scans"
"$scanfix" "$tmp/layouts.json" "$tmp/scans" "$n" 1
echo "machine: $(uname -m), $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "$n ballots, $(du -sh "$tmp/scans" | cut -f1) of PNG at 200 dpi"
t0=$(now)
"$plenum" scan read 1 "$tmp"/scans/b*.png >"$tmp/read.out"
t1=$(now)
tail -1 "$tmp/read.out"
"$plenum" scan list 1 --queue --json >"$tmp/queue.json"
"$plenum" round issued 1 "$n" >/dev/null
t2=$(now)
"$plenum" scan enter 1 >/dev/null
t3=$(now)
waiting=$(grep -c '"state": "waiting"' "$tmp/queue.json" || true)
echo "read:  $(secs "$t0" "$t1") s, $(rate "$n" "$t0" "$t1") ballots/s (one worker)"
echo "enter: $(secs "$t2" "$t3") s ($((n - waiting)) accepted ballots; $waiting wait for a person)"
echo "database: $(du -h "$PLENUM_DB" | cut -f1) with the images"
