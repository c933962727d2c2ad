#!/bin/bash
# bench/vote.sh: voting on devices under load.  A congress of N delegates
# (default 5,000), all present, each with a one-time code; plenum serve
# (release build, SQLite) on this machine; plenum-bench-load, a second
# process, signs every delegate in, opens a live stream for each, sends
# every vote on a secret poll spread over SPREAD_MS (default 1000: the
# same second; 0: all at once), closes the poll and times how long each
# live stream takes to hear of it.
# Usage: bench/vote.sh [N] [SPREAD_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
SPREAD=${2:-1000}
BUILD=build-release
[ -d "$BUILD" ] || meson setup "$BUILD" --buildtype=release -Dtests=false >/dev/null
ninja -C "$BUILD" plenum bench/plenum-bench-load >/dev/null
P=$PWD/$BUILD/plenum
out=bench/out/vote
rm -rf "$out" && mkdir -p "$out"
export PLENUM_DB=$out/congress.db PLENUM_ACTOR=bench

awk -v n="$N" 'BEGIN { print "id,name,unit,delegation,status"
	for (i = 1; i <= n; i++) printf "M%05d,代表%05d,单位%d,%d组,正式\n", i, i, i % 97, i % 30 }' >"$out/roll.csv"
"$P" init --name "bench" --rules cn-basic >/dev/null
"$P" roll import "$out/roll.csv" >/dev/null
awk -F, 'NR > 1 { print $1 }' "$out/roll.csv" | xargs "$P" checkin >/dev/null
PLENUM_PASSWORD=bench-chair "$P" account add chair --role chair >/dev/null
"$P" codes >"$out/codes.csv"
"$P" resolution add "bench motion" >/dev/null
"$P" poll open --resolution 1 --mode secret >/dev/null

port=$((20000 + RANDOM % 20000))
${BENCH_WRAP:-} "$P" serve --listen 127.0.0.1:$port --web web >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	grep -q "http://" "$out/serve.log" 2>/dev/null && break
	sleep 0.1
done
echo "plenum serve: $N delegates, votes spread over $SPREAD ms, $(nproc) cores shared by server and client"
"$PWD/$BUILD/bench/plenum-bench-load" 127.0.0.1 $port "$out/codes.csv" chair bench-chair 1 "$SPREAD"
status=$?
kill $server
wait $server 2>/dev/null || true
trap - EXIT
"$P" verify | head -1
exit $status
