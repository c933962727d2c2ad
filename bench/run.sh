#!/usr/bin/env bash
# bench/run.sh: times `plenum tally FILE --json` on three generated
# 10,000,000-ballot elections against `cat` of the same bytes.
#
# Run from the repository root: bench/run.sh
#
# Builds build-release/ (meson, --buildtype=release -Dtests=false; reused if
# present), generates the data sets into bench/out/ (gitignored; skipped when
# a set's marker says it is already there and complete), then, per set: one
# checked run (exit 0, ballots.returned == ballots generated, max RSS via
# /usr/bin/time), then the best of 3 wall-clock runs of the tally and, after
# a warm-up read, the best of 3 of `cat FILE > /dev/null`, so both read
# from the page cache.  Prints a table, also saved to bench/out/results.md.
#
# Environment: BENCH_BALLOTS (default 10000000) to try a smaller size;
# BENCH_RUNS (default 3) timed runs per measurement.
set -euo pipefail

BALLOTS=${BENCH_BALLOTS:-10000000}
RUNS=${BENCH_RUNS:-3}
BUILD=build-release
OUT=bench/out
GEN=$BUILD/bench/plenum-bench-gen

# name  candidates  seats  form
SETS=(
	"cn9-lines 9 7 lines"
	"cn100-lines 100 50 lines"
	"cn9-json 9 7 json"
)
SEED=1

die() {
	printf 'bench/run.sh: %s\n' "$*" >&2
	exit 1
}
say() {
	printf '== %s\n' "$*" >&2
}

if [ ! -f bench/gen.c ] || [ ! -f meson.build ]; then
	die "run me from the repository root (bench/run.sh)"
fi
case $BALLOTS in '' | *[!0-9]*) die "BENCH_BALLOTS must be a number" ;; esac
case $RUNS in '' | 0 | *[!0-9]*) die "BENCH_RUNS must be a number >= 1" ;; esac
[ -n "${EPOCHREALTIME:-}" ] || die "bash 5 or later is needed (EPOCHREALTIME)"

# ---- tools ----

for tool in meson ninja; do
	command -v "$tool" > /dev/null ||
		die "$tool not found: run scripts/test first, or install it" \
			"(apt-get install meson ninja-build)"
done
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
		say "installing the time package (for max RSS)"
		apt-get install -y -q time > /dev/null ||
			(apt-get update -q > /dev/null &&
				apt-get install -y -q time > /dev/null) || true
	fi
	[ -x "$TIME" ] ||
		say "no /usr/bin/time: max RSS not reported (apt-get install time)"
fi

# ---- build ----

if [ ! -f "$BUILD/build.ninja" ]; then
	say "meson setup $BUILD --buildtype=release -Dtests=false"
	meson setup "$BUILD" --buildtype=release -Dtests=false >&2 ||
		die "meson setup failed: missing dependencies?  Run" \
			"scripts/test first, or install what meson reports above"
fi
# by target name, wherever the build puts them
targets=(plenum:executable plenum-bench-gen)
say "meson compile -C $BUILD ${targets[*]}"
if ! meson compile -C "$BUILD" "${targets[@]}" >&2; then
	# -O3 may warn where debugoptimized does not; warnings do not change
	# the code measured, so fall back rather than give no figures.
	say "release build failed; retrying with -Dwerror=false" \
		"(fix the warnings above: the default build uses -Werror)"
	meson configure "$BUILD" -Dwerror=false >&2
	meson compile -C "$BUILD" "${targets[@]}" >&2 ||
		die "release build failed"
fi
PLENUM=$BUILD/plenum
[ -x "$PLENUM" ] || PLENUM=$BUILD/cli/plenum
[ -x "$PLENUM" ] || die "no plenum executable in $BUILD"
[ -x "$GEN" ] || die "no $GEN"

# ---- data ----

mkdir -p "$OUT"
gen_sum=$(cksum < bench/gen.c)

# The file holding the ballots of a set.
ballot_file() { # dir form
	if [ "$2" = json ]; then
		echo "$1/election.json"
	else
		echo "$1/ballots.txt"
	fi
}

file_size() {
	stat -c %s "$1"
}

for set in "${SETS[@]}"; do
	read -r name cand seats form <<< "$set"
	dir=$OUT/$name
	file=$(ballot_file "$dir" "$form")
	want="candidates=$cand seats=$seats ballots=$BALLOTS seed=$SEED form=$form gen=${gen_sum// /-}"
	if [ -f "$dir/.marker" ] && [ -f "$dir/election.json" ] &&
		[ -f "$file" ] &&
		[ "$(cat "$dir/.marker")" = "$want bytes=$(file_size "$file")" ]; then
		say "$name: data present, not regenerated"
		continue
	fi
	say "$name: generating $BALLOTS ballots"
	rm -rf "$dir"
	"$GEN" --candidates "$cand" --seats "$seats" --ballots "$BALLOTS" \
		--seed "$SEED" --form "$form" "$dir" >&2
	echo "$want bytes=$(file_size "$file")" > "$dir/.marker"
done

# ---- measurements ----

# Best wall-clock microseconds of RUNS runs of "$@" > /dev/null
# (EPOCHREALTIME: microseconds since the epoch, without a fork).
best_of() {
	local best='' i t0 t1 d
	for ((i = 0; i < RUNS; i++)); do
		t0=${EPOCHREALTIME/[.,]/}
		"$@" > /dev/null || die "failed: $*"
		t1=${EPOCHREALTIME/[.,]/}
		d=$((t1 - t0))
		if [ -z "$best" ] || [ "$d" -lt "$best" ]; then best=$d; fi
	done
	echo "$best"
}

# ballots.returned of a result document.
returned_of() {
	if command -v jq > /dev/null; then
		jq -r '.ballots.returned' "$1"
	elif command -v python3 > /dev/null; then
		python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ballots"]["returned"])' "$1"
	else
		# the result is pretty-printed: "returned" appears once
		sed -n 's/^ *"returned": *\([0-9]*\),*$/\1/p' "$1"
	fi
}

rows=()
for set in "${SETS[@]}"; do
	read -r name cand seats form <<< "$set"
	dir=$OUT/$name
	file=$(ballot_file "$dir" "$form")
	bytes=$(file_size "$file")

	say "$name: checked run"
	cat "$file" > /dev/null # warm the page cache
	rss=n/a
	if [ -x "$TIME" ]; then
		"$TIME" -f %M -o "$dir/rss" "$PLENUM" tally "$dir/election.json" \
			--json > "$dir/result.json" ||
			die "$name: plenum tally failed"
		rss="$(tail -n 1 "$dir/rss") KB"
	else
		"$PLENUM" tally "$dir/election.json" --json > "$dir/result.json" ||
			die "$name: plenum tally failed"
	fi
	got=$(returned_of "$dir/result.json")
	[ "$got" = "$BALLOTS" ] ||
		die "$name: ballots.returned is '$got', expected $BALLOTS" \
			"(see $dir/result.json)"

	say "$name: tally, best of $RUNS"
	tally_us=$(best_of "$PLENUM" tally "$dir/election.json" --json)
	say "$name: cat, best of $RUNS"
	cat "$file" > /dev/null
	cat_us=$(best_of cat "$file")
	rows+=("$name $bytes $BALLOTS $tally_us $cat_us $rss")
done

# The two 9-candidate sets hold the same ballots (same seed): one result.
if cmp -s "$OUT/cn9-lines/result.json" "$OUT/cn9-json/result.json"; then
	say "cn9-lines and cn9-json give the same result"
else
	die "cn9-lines and cn9-json results differ: compare" \
		"$OUT/cn9-lines/result.json and $OUT/cn9-json/result.json"
fi

# ---- table ----

{
	printf '| data set | bytes | ballots | tally s | ballots/s | cat s | tally/cat | max RSS |\n'
	printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
	for row in "${rows[@]}"; do
		read -r name bytes n tally_us cat_us rss <<< "$row"
		awk -v name="$name" -v bytes="$bytes" -v n="$n" \
			-v t="$tally_us" -v c="$cat_us" -v rss="$rss" 'BEGIN {
			ts = t / 1e6; cs = c / 1e6
			printf "| %s | %d | %d | %.3f | %.2fM | %.3f | %.1f | %s |\n",
				name, bytes, n, ts, n / ts / 1e6, cs,
				(cs > 0 ? ts / cs : 0), rss
		}'
	done
} | tee "$OUT/results.md"
printf '\n%s, %s cores, %s; best of %s runs\n' "$(date -u +%Y-%m-%d)" \
	"$(nproc)" "$(uname -m)" "$RUNS" | tee -a "$OUT/results.md"
