#!/bin/sh
# dates.sh - `chronicle dates` on one large file, end to end, one core
# (-j 1), beside its peer chrono-node (tests/bench/js/dates.mjs: chrono's
# English parser over every line, the same reference date) timed the same
# way in the same run, alternating: MB of input per second of wall time and
# of CPU time (on a shared machine the second is the steadier), peak
# memory, and how many dates each found; median of BENCH_RUNS (3) runs,
# then chronicle's speed as a multiple of chrono-node's.
#
# Two texts: the seed corpus with shifted years (mkcorpus), DATES_MB
# megabytes (40) of it in one file; and ordinary news text, NEWS_TEXT, a
# file of your own (none ships with chronicle), skipped when unset.
# chrono-node is the version tests/bench/js/package-lock.json pins, which
# `make bench` installs into tests/bench/js/node_modules; without node, or
# without that install, the peer is skipped with a message.
#
# Run from the repository root:  BUILD=build sh tests/bench/dates.sh
set -eu

BUILD=${BUILD:-build}
RUNS=${BENCH_RUNS:-3}
MB=${DATES_MB:-40}
BIN=$BUILD/chronicle
PEER_JS=tests/bench/js/dates.mjs

[ -x /usr/bin/time ] || { echo "dates.sh: /usr/bin/time not found (make bench-deps)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "dates.sh: $BIN not built" >&2; exit 1; }
[ -x "$BUILD/bench/mkcorpus" ] || { echo "dates.sh: $BUILD/bench/mkcorpus not built" >&2; exit 1; }
if [ -n "${NEWS_TEXT:-}" ] && [ ! -r "$NEWS_TEXT" ]; then
    echo "dates.sh: NEWS_TEXT=$NEWS_TEXT: not a readable file" >&2
    exit 1
fi

peer=""
if ! command -v node >/dev/null 2>&1; then
    echo "dates.sh: node not found: chrono-node is skipped (install Node.js and npm, then make bench)"
elif [ ! -f tests/bench/js/node_modules/chrono-node/package.json ]; then
    echo "dates.sh: chrono-node is not installed in tests/bench/js/node_modules: skipped (make bench installs it with npm)"
else
    peer=node
fi

tmp=$(mktemp -d /tmp/chronicle-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# about 12.6 KB a document
"$BUILD/bench/mkcorpus" "$tmp/corpus" $((MB * 1000 / 12))
cat "$tmp/corpus"/*.txt >"$tmp/seed.txt"
rm -rf "$tmp/corpus"

# run_once RUNS_FILE BYTES COMMAND...: one timed run, its output in
# $tmp/out; appends "wall_MB/s rss_MB wall_s cpu_MB/s" to RUNS_FILE.
run_once() {
    runs=$1
    bytes=$2
    shift 2
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" ||
        { cat "$tmp/err" >&2; exit 1; }
    awk -v b="$bytes" '{ w = $1; if (w <= 0) w = 0.01; c = $2 + $3; if (c <= 0) c = 0.01;
        printf "%.2f %.0f %s %.2f\n", b / 1e6 / w, $4 / 1024, $1, b / 1e6 / c }' "$tmp/time" >>"$runs"
}

# summary RUNS_FILE: sets RATE, RSS, WALL and CPURATE to the medians.
summary() {
    RATE=$(cut -d' ' -f1 "$1" | median)
    RSS=$(cut -d' ' -f2 "$1" | median)
    WALL=$(cut -d' ' -f3 "$1" | median)
    CPURATE=$(cut -d' ' -f4 "$1" | median)
}

time_file() {
    label=$1
    file=$2
    bytes=$(wc -c <"$file")
    : >"$tmp/self"
    : >"$tmp/peer"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        run_once "$tmp/self" "$bytes" "$BIN" dates "$file" -j 1 --dct 2020-01-01
        found=$(wc -l <"$tmp/out")
        if [ -n "$peer" ]; then
            run_once "$tmp/peer" "$bytes" node "$PEER_JS" "$file"
            pfound=$(cat "$tmp/out")
        fi
        i=$((i + 1))
    done
    summary "$tmp/self"
    printf 'dates, %s (%.1f MB), one core: %.1f MB/s of wall time (%.2f s), %.1f MB/s of CPU time, peak %.0f MB, %d dates\n' \
        "$label" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$RATE" "$WALL" "$CPURATE" "$RSS" "$found"
    [ -n "$peer" ] || return 0
    srate=$RATE
    scpu=$CPURATE
    summary "$tmp/peer"
    printf '  chrono-node %s, same file:  %.1f MB/s of wall time (%.2f s), %.1f MB/s of CPU time, peak %.0f MB, %d dates\n' \
        "$CHRONO_VERSION" "$RATE" "$WALL" "$CPURATE" "$RSS" "$pfound"
    awk -v s="$srate" -v p="$RATE" -v sc="$scpu" -v pc="$CPURATE" 'BEGIN {
        printf "  chronicle / chrono-node: %.1fx by wall time, %.1fx by CPU time\n",
            (p > 0) ? s / p : 0, (pc > 0) ? sc / pc : 0 }'
}

if [ -n "$peer" ]; then
    CHRONO_VERSION=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
        tests/bench/js/node_modules/chrono-node/package.json | head -n 1)
fi
time_file "seed text" "$tmp/seed.txt"
if [ -n "${NEWS_TEXT:-}" ]; then
    time_file "news text $(basename "$NEWS_TEXT")" "$NEWS_TEXT"
else
    echo "dates, news text: skipped (set NEWS_TEXT to a file of ordinary news text; none ships with chronicle)"
fi
