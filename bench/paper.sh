#!/usr/bin/env bash
# bench/paper.sh: times printing 3,000 ballots (cn style, 9 candidates for
# 7 seats and 3 write-in lines, A4, zh-Hans) as one PDF.
#
# Run from the repository root: bench/paper.sh
#
# Builds plenum-paper-bench (bench/paper.c) in build-release/ (meson,
# --buildtype=release -Dtests=false; reused if present), then takes the best
# of RUNS runs of printing to a sink that only counts bytes (the library's
# time, no disk), and one run writing bench/out/paper-3000.pdf (the time with
# the file write, and the file to look at; its pages are counted with
# pdfinfo when poppler-utils is installed).  Prints a table, also saved to
# bench/out/paper.md.
#
# Environment: BENCH_COPIES (default 3000), BENCH_RUNS (default 3),
# BENCH_STYLE (cn), BENCH_PAPER (A4), BENCH_CANDIDATES (9); BENCH_BUILD, the
# build folder (build-release).
set -euo pipefail

COPIES=${BENCH_COPIES:-3000}
RUNS=${BENCH_RUNS:-3}
STYLE=${BENCH_STYLE:-cn}
PAPER=${BENCH_PAPER:-A4}
CANDIDATES=${BENCH_CANDIDATES:-9}
BUILD=${BENCH_BUILD:-build-release}
OUT=bench/out

die() {
	printf 'bench/paper.sh: %s\n' "$*" >&2
	exit 1
}
say() {
	printf '== %s\n' "$*" >&2
}

if [ ! -f bench/paper.c ] || [ ! -f meson.build ]; then
	die "run me from the repository root (bench/paper.sh)"
fi
case $COPIES in '' | 0 | *[!0-9]*) die "BENCH_COPIES must be a number >= 1" ;; esac
case $RUNS in '' | 0 | *[!0-9]*) die "BENCH_RUNS must be a number >= 1" ;; esac
for tool in meson ninja; do
	command -v "$tool" > /dev/null ||
		die "$tool not found: run scripts/deps first"
done

# ---- build ----

if [ ! -f "$BUILD/build.ninja" ]; then
	say "meson setup $BUILD --buildtype=release -Dtests=false"
	meson setup "$BUILD" --buildtype=release -Dtests=false >&2 ||
		die "meson setup failed: missing dependencies?  Run scripts/deps"
fi
say "meson compile -C $BUILD plenum-paper-bench"
meson compile -C "$BUILD" plenum-paper-bench >&2 || die "build failed"
BENCH=$BUILD/paper/plenum-paper-bench
[ -x "$BENCH" ] || die "no $BENCH"

# ---- measurements ----

args=(--copies "$COPIES" --style "$STYLE" --paper "$PAPER"
	--candidates "$CANDIDATES")
mkdir -p "$OUT"
best=''
best_line=''
for ((i = 0; i < RUNS; i++)); do
	line=$("$BENCH" "${args[@]}") || die "plenum-paper-bench failed"
	say "run $((i + 1)): $line"
	secs=${line##*seconds=}
	secs=${secs%% *}
	if [ -z "$best" ] || awk -v a="$secs" -v b="$best" \
		'BEGIN { exit !(a < b) }'; then
		best=$secs
		best_line=$line
	fi
done
file_line=$("$BENCH" "${args[@]}" --out "$OUT/paper-$COPIES.pdf") ||
	die "plenum-paper-bench --out failed"
say "to a file: $file_line"
pages='(pdfinfo not installed)'
if command -v pdfinfo > /dev/null; then
	pages=$(pdfinfo "$OUT/paper-$COPIES.pdf" | awk '/^Pages:/ { print $2 }')
fi

field() { # line name
	local v=${1##*"$2"=}
	echo "${v%% *}"
}

{
	echo "| what | copies | pages | bytes | seconds | ballots/s |"
	echo "|---|---:|---:|---:|---:|---:|"
	echo "| $STYLE, $CANDIDATES names, $PAPER, to memory (best of $RUNS) |" \
		"$(field "$best_line" copies) | $(field "$best_line" pages) |" \
		"$(field "$best_line" bytes) | $(field "$best_line" seconds) |" \
		"$(field "$best_line" ballots_per_second) |"
	echo "| $STYLE, $CANDIDATES names, $PAPER, to $OUT/paper-$COPIES.pdf |" \
		"$(field "$file_line" copies) | $pages |" \
		"$(field "$file_line" bytes) | $(field "$file_line" seconds) |" \
		"$(field "$file_line" ballots_per_second) |"
} | tee "$OUT/paper.md"
