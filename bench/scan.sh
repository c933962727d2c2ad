#!/bin/sh
# bench/scan.sh [N]: the speed of ballot recognition (paper/scan.c).
# Builds plenum-scan-bench in its own release build (build-scan-release,
# or BENCH_BUILD), generates N (default 400) marked cn ballots at 200 dpi
# in memory, and reads them in one thread: clean scans, then degraded
# ones (rotation, scale, blur, noise, JPEG).  Prints ballots/s/core.
set -eu
cd "$(dirname "$0")/.."
build=${BENCH_BUILD:-build-scan-release}
n=${1:-400}
[ -d "$build" ] || meson setup "$build" --buildtype=release >/dev/null
ninja -C "$build" paper/plenum-scan-bench >/dev/null
nproc_=$(nproc 2>/dev/null || echo '?')
echo "machine: $(uname -m), $nproc_ cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$build/paper/plenum-scan-bench" --ballots "$n" --dpi 200
"$build/paper/plenum-scan-bench" --ballots "$n" --dpi 200 --degraded
"$build/paper/plenum-scan-bench" --ballots "$((n / 4))" --dpi 300
