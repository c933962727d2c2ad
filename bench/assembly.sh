#!/bin/bash
# bench/assembly.sh: a 3,000-delegate congress on the assembly store, timed
# step by step with the release build: import the roll, check everyone in
# (one transaction, one fsync, one signature each), enter 3,000 ballots in
# 30 batches twice, count, verify the whole log and export it.
# Usage: bench/assembly.sh [DB]  (DB: a SQLite path, default bench/out/
# congress.db; or a postgresql:// URL with PLENUM_KEY set)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build-release
[ -d "$BUILD" ] || meson setup "$BUILD" --buildtype=release -Dtests=false >/dev/null
ninja -C "$BUILD" plenum >/dev/null
P=$PWD/$BUILD/plenum
out=bench/out/assembly
rm -rf "$out" && mkdir -p "$out"
export PLENUM_DB=${1:-$out/congress.db} PLENUM_ACTOR=bench
N=3000

t() { # t LABEL CMD...: prints the wall time of CMD
	local s e label=$1
	shift
	s=$(date +%s.%N)
	"$@" >"$out/last.out" 2>"$out/last.err" || { cat "$out/last.err"; exit 1; }
	e=$(date +%s.%N)
	printf '| %s | %.2f s |\n' "$label" "$(echo "$e - $s" | bc)"
}

awk -v n=$N 'BEGIN { print "id,name,unit,delegation,status"
	for (i = 1; i <= n; i++) printf "M%04d,代表%04d,单位%d,%d组,正式\n", i, i, i % 97, i % 30 }' >"$out/roll.csv"
# 3,000 ballots for 21 candidates, 15 seats, 100 per batch
awk -v n=$N 'BEGIN { srand(7); for (i = 0; i < n; i++) { s = ""; k = 0
	for (j = 0; j < 21; j++) { y = (rand() < 0.9 - j * 0.03) && k < 15; s = s (y ? "Y" : "N"); k += y }
	print s > sprintf("'"$out"'/batch%02d.txt", int(i / 100) + 1) } }'

echo "| step ($N delegates, $(nproc) cores) | time |"
echo "|---|---:|"
t "init" "$P" init --name "bench" --rules cn-basic
t "import the roll" "$P" roll import "$out/roll.csv"
t "check in $N, one transaction each" "$P" checkin $(seq -f 'M%04g' 1 $N)
t "quorum" "$P" quorum
"$P" election add "委员" --seats 15 >/dev/null
for i in $(seq 1 21); do "$P" election candidate 1 "候选人$i" >/dev/null; done
"$P" official teller M2999 M3000 >/dev/null
"$P" round open 1 >/dev/null
"$P" round issued 1 $N >/dev/null
"$P" round returned 1 $N >/dev/null
enter() {
	local b
	for b in $(seq 1 30); do
		f=$(printf '%s/batch%02d.txt' "$out" "$b")
		"$P" round enter 1 "$b" "$f" --teller M2999 --entry 1 >/dev/null
		"$P" round enter 1 "$b" "$f" --teller M3000 --entry 2 >/dev/null
	done
}
t "enter 30 batches twice (6,000 ballot lines)" enter
t "reconcile" "$P" round reconcile 1
t "count" "$P" round count 1 --json
t "verify (chain, signatures, replay, recount)" "$P" verify
t "export" "$P" export "$out/congress.log"
t "verify the export" "$P" verify --log "$out/congress.log"
echo "events: $(grep -o 'verified [0-9]*' "$out/last.out" | cut -d' ' -f2); database $(du -k "${PLENUM_DB}" | cut -f1) KB"
