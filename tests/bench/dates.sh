#!/bin/sh
# dates.sh - `chronicle dates` on one large file, end to end, one core
# (-j 1): MB of input per second of wall time and of CPU time (on a
# shared machine the second is the steadier), and peak memory, median of
# BENCH_RUNS (3) runs.
# The text is the seed corpus with shifted years (mkcorpus), DATES_MB
# megabytes (40) of it in one file; NEWS_TEXT names another file to time
# the same way (e.g. news text of your own).
#
# Run from the repository root:  BUILD=build sh tests/bench/dates.sh
set -eu

BUILD=${BUILD:-build}
RUNS=${BENCH_RUNS:-3}
MB=${DATES_MB:-40}
BIN=$BUILD/chronicle

[ -x /usr/bin/time ] || { echo "dates.sh: /usr/bin/time not found (make bench-deps)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "dates.sh: $BIN not built" >&2; exit 1; }
[ -x "$BUILD/bench/mkcorpus" ] || { echo "dates.sh: $BUILD/bench/mkcorpus not built" >&2; exit 1; }

tmp=$(mktemp -d /tmp/chronicle-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# about 12.6 KB a document
"$BUILD/bench/mkcorpus" "$tmp/corpus" $((MB * 1000 / 12))
cat "$tmp/corpus"/*.txt >"$tmp/seed.txt"
rm -rf "$tmp/corpus"

time_file() {
    label=$1
    file=$2
    bytes=$(wc -c <"$file")
    : >"$tmp/runs"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$BIN" dates "$file" -j 1 --dct 2020-01-01 \
            >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
        awk -v b="$bytes" '{ c = $2 + $3; if (c <= 0) c = 0.01;
            printf "%.1f %.0f %s %.1f\n", b / 1e6 / $1, $4 / 1024, $1, b / 1e6 / c }' "$tmp/time" >>"$tmp/runs"
        i=$((i + 1))
    done
    rate=$(cut -d' ' -f1 "$tmp/runs" | median)
    rss=$(cut -d' ' -f2 "$tmp/runs" | median)
    wall=$(cut -d' ' -f3 "$tmp/runs" | median)
    cpurate=$(cut -d' ' -f4 "$tmp/runs" | median)
    printf 'dates, %s (%.1f MB), one core: %.1f MB/s of wall time (%.2f s), %.1f MB/s of CPU time, peak %.0f MB\n' \
        "$label" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$rate" "$wall" "$cpurate" "$rss"
}

time_file "seed text" "$tmp/seed.txt"
if [ -n "${NEWS_TEXT:-}" ]; then
    time_file "$(basename "$NEWS_TEXT")" "$NEWS_TEXT"
fi
