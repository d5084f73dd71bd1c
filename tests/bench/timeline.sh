#!/bin/sh
# timeline.sh - `chronicle timeline` end to end, as users run it, on
# synthetic corpora of the seed documents with shifted years (mkcorpus):
# wall time, CPU time (user + system) and peak memory, median of RUNS runs.
#
# Run from the repository root:  BUILD=build sh tests/bench/timeline.sh
# Knobs (environment): BENCH_DOCS, the corpus sizes ("1000 10000 30000");
# BENCH_JOBS, the -j given to chronicle (default: one per core);
# BENCH_RUNS (3); PEER, a second chronicle binary (an older build) timed
# in the same runs, alternating with this one, for a side-by-side figure
# (PEER_ARGS: options for it, e.g. "-j 1"; an older build takes no -j).
# Budgets: FAIL_CPU_10K seconds of CPU and FAIL_RSS_10K MB for 10,000
# distinct documents (15 and 300 by default), FAIL_RSS_30K MB for 30,000
# (600); over them the script fails.
set -eu

BUILD=${BUILD:-build}
DOCS=${BENCH_DOCS:-1000 10000 30000}
JOBS=${BENCH_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
RUNS=${BENCH_RUNS:-3}
PEER=${PEER:-}
FAIL_CPU_10K=${FAIL_CPU_10K:-15}
FAIL_RSS_10K=${FAIL_RSS_10K:-300}
FAIL_RSS_30K=${FAIL_RSS_30K:-600}
BIN=$BUILD/chronicle

[ -x /usr/bin/time ] || { echo "timeline.sh: /usr/bin/time not found (make bench-deps)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "timeline.sh: $BIN not built" >&2; exit 1; }
[ -x "$BUILD/bench/mkcorpus" ] || { echo "timeline.sh: $BUILD/bench/mkcorpus not built" >&2; exit 1; }

tmp=$(mktemp -d /tmp/chronicle-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# one run: "wall cpu rss_mb"
run_once() {
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$1" timeline "$2" --format json -o "$tmp/out.json" \
        $3 \
        2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$tmp/time"
}

# Each size twice: the synthetic folder as mkcorpus makes it (65 texts
# repeated: copies are not extracted again), and with every document
# distinct (--distinct: each one read in full, the reader's real cost).
for spec in $DOCS; do for kind in copies distinct; do
    n=$spec
    dir="$tmp/corpus$n"
    if [ "$kind" = distinct ]; then
        "$BUILD/bench/mkcorpus" "$dir" "$n" --distinct
    else
        "$BUILD/bench/mkcorpus" "$dir" "$n"
    fi
    mb=$(du -sm "$dir" | cut -f1)
    : >"$tmp/self"
    : >"$tmp/peer"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        run_once "$BIN" "$dir" "-j $JOBS" >>"$tmp/self"
        [ -n "$PEER" ] && run_once "$PEER" "$dir" "${PEER_ARGS:-}" >>"$tmp/peer"
        i=$((i + 1))
    done
    wall=$(cut -d' ' -f1 "$tmp/self" | median)
    cpu=$(cut -d' ' -f2 "$tmp/self" | median)
    rss=$(cut -d' ' -f3 "$tmp/self" | median)
    line=$(printf 'timeline %6d documents (%4d MB, %-8s), -j %d: wall %6.2f s, CPU %6.2f s, peak %5.0f MB' \
        "$n" "$mb" "$kind" "$JOBS" "$wall" "$cpu" "$rss")
    if [ -n "$PEER" ]; then
        pw=$(cut -d' ' -f1 "$tmp/peer" | median)
        pc=$(cut -d' ' -f2 "$tmp/peer" | median)
        pr=$(cut -d' ' -f3 "$tmp/peer" | median)
        line="$line | peer: wall $pw s, CPU $pc s, peak $pr MB"
    fi
    echo "$line"
    if [ "$n" = 10000 ] && [ "$kind" = distinct ]; then
        over=$(awk -v c="$cpu" -v r="$rss" -v fc="$FAIL_CPU_10K" -v fr="$FAIL_RSS_10K" \
            'BEGIN { print (c > fc || r > fr) ? 1 : 0 }')
        if [ "$over" = 1 ]; then
            echo "timeline.sh: over budget for 10,000 documents ($FAIL_CPU_10K s CPU, $FAIL_RSS_10K MB)" >&2
            exit 1
        fi
    fi
    if [ "$n" = 30000 ] && [ "$(awk -v r="$rss" -v fr="$FAIL_RSS_30K" 'BEGIN { print (r > fr) ? 1 : 0 }')" = 1 ]; then
        echo "timeline.sh: over budget for 30,000 documents ($FAIL_RSS_30K MB)" >&2
        exit 1
    fi
    rm -rf "$dir"
done; done
