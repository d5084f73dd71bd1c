#!/bin/sh
# daemon.sh - what chronicled costs the first time it is asked something,
# on the state of a 10,000-document corpus (mkcorpus), timed end to end
# with curl (identity encoding) on 127.0.0.1:
#
#   reload      one document changed: from the write to the daemon's
#               "reloaded" log line (the daemon first waits 2 s for the
#               folder to settle), and the build's own ms= and read=/reused=
#   version     the first /timeline.json?version=V of an older version,
#               read from the state folder (a different V each time, so
#               none is in memory yet)
#   filter      the first render of a filter not asked before
#               (/timeline.json?from=YEAR, a different year each time)
#
# BENCH_RUNS (3) changes are made one after another, giving as many reloads
# and older versions; then each older version and as many new filters are
# asked once.  Medians beside the issue's targets (first version <= 1 s,
# first filter <= 0.2 s), and the daemon's resident memory after the first
# build, before the versions are asked and after everything.
#
# Run from the repository root:  BUILD=build sh tests/bench/daemon.sh
# Knobs (environment): DAEMON_DOCS (10000), BENCH_RUNS (3, at most 9),
# DAEMON_START_TIMEOUT seconds for the first build (900).  Every wait is
# bounded; the daemon is stopped and its folders removed on exit.
set -eu

BUILD=${BUILD:-build}
DOCS=${DAEMON_DOCS:-10000}
RUNS=${BENCH_RUNS:-3}
START_TIMEOUT=${DAEMON_START_TIMEOUT:-900}
RELOAD_TIMEOUT=300
HOST=127.0.0.1
TARGET_VERSION_S=1
TARGET_FILTER_S=0.2

die() {
    echo "daemon.sh: $*" >&2
    exit 1
}

command -v curl >/dev/null 2>&1 || die "curl not found (make bench-deps)"
[ -x "$BUILD/chronicled" ] || die "$BUILD/chronicled missing (make all)"
[ -x "$BUILD/bench/mkcorpus" ] || die "$BUILD/bench/mkcorpus missing"
for n in "$DOCS" "$RUNS" "$START_TIMEOUT"; do
    case $n in ''|*[!0-9]*) die "DAEMON_DOCS, BENCH_RUNS and DAEMON_START_TIMEOUT are whole numbers";; esac
done
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 9 ] || die "BENCH_RUNS must be 1..9"
[ "$DOCS" -ge "$RUNS" ] || die "DAEMON_DOCS must be at least BENCH_RUNS"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chronicle-daemon-bench-XXXXXX")
dpid=""
cleanup() {
    # Only the daemon this script started, by its pid.
    if [ -n "$dpid" ]; then kill "$dpid" 2>/dev/null || true; wait "$dpid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap 'st=$?; cleanup; exit $st' EXIT
trap 'exit 130' INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
# runs FILE: the first column of FILE on one line
runs() { cut -d' ' -f1 "$1" | awk '{ printf "%s%.3f", (NR > 1) ? " " : "", $1 }'; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$dpid/status"; }
reloads() { grep -c ' info reloaded ' "$tmp/chronicled.log" || true; }

"$BUILD/bench/mkcorpus" "$tmp/corpus" "$DOCS"
mb=$(du -sm "$tmp/corpus" | cut -f1)

# ---- the first build, recorded as version 1 ----
: >"$tmp/chronicled.log"
t0=$(now)
"$BUILD/chronicled" --listen "$HOST:0" --corpus "$tmp/corpus" --state "$tmp/state" \
    --quiet 2>>"$tmp/chronicled.log" &
dpid=$!
port=""
while [ -z "$port" ]; do
    port=$(sed -n "s|.*listening on http://$HOST:\([0-9]*\)/.*|\1|p" "$tmp/chronicled.log")
    [ -n "$port" ] && break
    kill -0 "$dpid" 2>/dev/null || { cat "$tmp/chronicled.log" >&2; die "chronicled exited"; }
    [ "$(since "$t0" | cut -d. -f1)" -lt "$START_TIMEOUT" ] ||
        die "chronicled did not finish its first build in $START_TIMEOUT s (DAEMON_START_TIMEOUT)"
    sleep 0.2
done
start_s=$(since "$t0")
base="http://$HOST:$port"
rss_start=$(rss_mb)
echo "chronicled on $DOCS documents ($mb MB): first build and start ${start_s} s, RSS $rss_start MB"

# ---- RUNS changes of one document each: versions 2 .. RUNS+1 ----
: >"$tmp/reload"
k=1
while [ "$k" -le "$RUNS" ]; do
    before=$(reloads)
    doc=$(printf '%s/corpus/doc%05d.txt' "$tmp" "$k")
    t0=$(now)
    printf '\nOn %d March 2021 the board met again in Brussels.\n' "$k" >>"$doc"
    while [ "$(reloads)" -le "$before" ]; do
        kill -0 "$dpid" 2>/dev/null || { cat "$tmp/chronicled.log" >&2; die "chronicled exited"; }
        [ "$(since "$t0" | cut -d. -f1)" -lt "$RELOAD_TIMEOUT" ] ||
            die "no reload within $RELOAD_TIMEOUT s of changing $doc"
        sleep 0.05
    done
    took=$(since "$t0")
    line=$(grep ' info reloaded ' "$tmp/chronicled.log" | tail -n 1)
    ms=$(printf '%s\n' "$line" | sed -n 's/.* ms=\([0-9.]*\).*/\1/p')
    rd=$(printf '%s\n' "$line" | sed -n 's/.* read=\([0-9]*\) reused=\([0-9]*\).*/read=\1 reused=\2/p')
    grep -q "info recorded version=$((k + 1)) " "$tmp/chronicled.log" ||
        die "the change to $doc was not recorded as version $((k + 1))"
    echo "$took $(rss_mb) $ms $rd" >>"$tmp/reload"
    k=$((k + 1))
done
reload_s=$(cut -d' ' -f1 "$tmp/reload" | median | awk '{ printf "%.2f", $1 }')
reload_ms=$(cut -d' ' -f3 "$tmp/reload" | median)
printf 'reload after one changed document: median %s s from the write to the log line (runs: %s), of which the build %s ms (%s)\n' \
    "$reload_s" "$(runs "$tmp/reload")" "$reload_ms" \
    "$(tail -n 1 "$tmp/reload" | cut -d' ' -f4-)"

# fetch URL: prints "seconds bytes"; the reply must be a 200.
fetch() {
    out=$(curl -s -m 120 -o "$tmp/body" -w '%{http_code} %{time_total} %{size_download}' "$1") ||
        die "GET $1 failed"
    set -- $out "$1"
    [ "$1" = 200 ] || die "GET $4 answered $1"
    echo "$2 $3"
}

# ---- the first ?version=V of each older version ----
rss_before=$(cut -d' ' -f2 "$tmp/reload" | tr '\n' ' ' | sed 's/ $//')
: >"$tmp/version"
v=1
while [ "$v" -le "$RUNS" ]; do
    fetch "$base/timeline.json?version=$v" >>"$tmp/version"
    v=$((v + 1))
done
version_s=$(cut -d' ' -f1 "$tmp/version" | median | awk '{ printf "%.3f", $1 }')
rss_version=$(rss_mb)

# ---- the first render of new filters on the current version ----
: >"$tmp/filter"
k=1
while [ "$k" -le "$RUNS" ]; do
    fetch "$base/timeline.json?from=$((2010 + k))" >>"$tmp/filter"
    k=$((k + 1))
done
filter_s=$(cut -d' ' -f1 "$tmp/filter" | median | awk '{ printf "%.3f", $1 }')
rss_after=$(rss_mb)
kill -0 "$dpid" 2>/dev/null || die "chronicled died during the run"

kb() { cut -d' ' -f2 "$1" | median | awk '{ printf "%.0f", $1 / 1024 }'; }
verdict() { awk -v s="$1" -v t="$2" 'BEGIN { print (s <= t) ? "within" : "OVER" }'; }
printf 'first /timeline.json?version=V (older versions 1..%d, %s KB each): median %s s (runs: %s), target <= %s s: %s\n' \
    "$RUNS" "$(kb "$tmp/version")" "$version_s" "$(runs "$tmp/version")" "$TARGET_VERSION_S" \
    "$(verdict "$version_s" "$TARGET_VERSION_S")"
printf 'first render of a new filter (?from=2011.., %s KB each): median %s s (runs: %s), target <= %s s: %s\n' \
    "$(kb "$tmp/filter")" "$filter_s" "$(runs "$tmp/filter")" "$TARGET_FILTER_S" \
    "$(verdict "$filter_s" "$TARGET_FILTER_S")"
echo "chronicled RSS: $rss_start MB after the first build, $rss_before MB after each reload," \
    "$rss_version MB after the versions, $rss_after MB after the filters"
