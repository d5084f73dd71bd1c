#!/bin/sh
# diff.sh - `chronicle diff` of two snapshot files of 100,000 events each
# (1% of the events changed; bench_diff --write makes them), end to end as
# users run it: both files read, the chronologies rebuilt, paired and
# compared, the JSON written.  Wall time, CPU time and peak memory, median
# of BENCH_RUNS (3) runs.  Fails above FAIL_DIFF_S seconds of CPU (4) or
# FAIL_DIFF_MB megabytes (500).
#
# Run from the repository root:  BUILD=build sh tests/bench/diff.sh
set -eu

BUILD=${BUILD:-build}
RUNS=${BENCH_RUNS:-3}
FAIL_DIFF_S=${FAIL_DIFF_S:-4}
FAIL_DIFF_MB=${FAIL_DIFF_MB:-500}
BIN=$BUILD/chronicle

[ -x /usr/bin/time ] || { echo "diff.sh: /usr/bin/time not found (make bench-deps)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "diff.sh: $BIN not built" >&2; exit 1; }
[ -x "$BUILD/bench/bench_diff" ] || { echo "diff.sh: $BUILD/bench/bench_diff not built" >&2; exit 1; }

tmp=$(mktemp -d /tmp/chronicle-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$BUILD/bench/bench_diff" --write "$tmp"
mb=$(du -sm "$tmp" | cut -f1)
: >"$tmp/runs"
i=0
while [ "$i" -lt "$RUNS" ]; do
    # exit 1 means "they differ", as diff(1)
    st=0
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$BIN" diff "$tmp/old.json" "$tmp/new.json" \
        --format json >"$tmp/out.json" 2>"$tmp/err" || st=$?
    [ "$st" -le 1 ] || { cat "$tmp/err" >&2; exit 1; }
    # time(1) puts "Command exited with non-zero status 1" first
    tail -n 1 "$tmp/time" | awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' >>"$tmp/runs"
    i=$((i + 1))
done
wall=$(cut -d' ' -f1 "$tmp/runs" | median)
cpu=$(cut -d' ' -f2 "$tmp/runs" | median)
rss=$(cut -d' ' -f3 "$tmp/runs" | median)
printf 'diff of two 100,000-event snapshots (%d MB): wall %.2f s, CPU %.2f s, peak %.0f MB\n' \
    "$mb" "$wall" "$cpu" "$rss"
over=$(awk -v c="$cpu" -v r="$rss" -v fc="$FAIL_DIFF_S" -v fr="$FAIL_DIFF_MB" \
    'BEGIN { print (c > fc || r > fr) ? 1 : 0 }')
if [ "$over" = 1 ]; then
    echo "diff.sh: over budget ($FAIL_DIFF_S s CPU, $FAIL_DIFF_MB MB)" >&2
    exit 1
fi
