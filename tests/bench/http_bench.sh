#!/bin/sh
# http_bench.sh - chronicled against nginx serving the same bytes as static
# files, both driven by wrk on 127.0.0.1 for a fixed time per run.
#
# Cases: /timeline.json, /timeline.ics and a filtered feed
# (/timeline.json?FILTER, a subset chronicled renders on the first request
# and then serves from its cache; nginx serves the same bytes as a static
# file its config maps that query to), each as a full 200 reply and as a
# 304 (If-None-Match with the server's own ETag, sent by a wrk Lua script).
# Per case and server: requests/s, p99 latency, and the server's CPU time
# per request (user and system, and user alone); then the ratio of
# chronicled's requests/s to nginx's.  Fails when a ratio is below
# MIN_RATIO.  With BENCH_BASE=DIR, the chronicled of another build (DIR/
# chronicled, such as a worktree of the commit before a change) runs in
# the same rounds, in turn with the other two, and gets its own ratio:
# a change measured against its base under the same load.
#
# Like with like: each server answers on one event loop in one thread
# (nginx: worker_processes 1; chronicled: its loop thread, its worker
# threads idle, since every body measured is rendered before the runs),
# and wrk's threads share the machine's cores with both.  nginx keeps a
# default-like static-file config (sendfile, keep-alive, no access log).
# Rounds alternate the two servers, each round starting with the other
# one, and every figure is the median of the rounds: load from elsewhere
# on the machine moves single rounds, alternating spreads it over both.
# The CPU column depends on such load less, and says where a low ratio
# comes from.
#
# Run from the repository root:  BUILD=build sh tests/bench/http_bench.sh
# Knobs (environment): BENCH_SECONDS per run (3), BENCH_ROUNDS (5),
# BENCH_THREADS (2), BENCH_CONNECTIONS (32), CORPUS (fixtures/corpus),
# BENCH_FILTER, the filtered case's query (type=statement,meeting&from=2019:
# about a third of the events of fixtures/corpus), BENCH_BASE (none).
# Time: 6 cases x 2 servers (3 with BENCH_BASE) x ROUNDS x SECONDS, 180 s
# by default.
# Everything started here is stopped on exit.
set -eu

BUILD=${BUILD:-build}
CORPUS=${CORPUS:-fixtures/corpus}
RUN_SECONDS=${BENCH_SECONDS:-3}
ROUNDS=${BENCH_ROUNDS:-5}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-32}
FILTER=${BENCH_FILTER:-type=statement,meeting&from=2019}
BASE=${BENCH_BASE:-}
MIN_RATIO=0.5
HOST=127.0.0.1

die() {
    echo "http_bench: $*" >&2
    exit 1
}

for tool in wrk curl; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (make bench-deps)"
done
NGINX=$(command -v nginx 2>/dev/null || true)
if [ -z "$NGINX" ] && [ -x /usr/sbin/nginx ]; then NGINX=/usr/sbin/nginx; fi
[ -n "$NGINX" ] || die "nginx not found (make bench-deps)"
[ -x "$BUILD/chronicled" ] || die "$BUILD/chronicled missing (make all)"
[ -d "$CORPUS" ] || die "no corpus folder $CORPUS"
[ -z "$BASE" ] || [ -x "$BASE/chronicled" ] || die "BENCH_BASE: no $BASE/chronicled"
for n in "$RUN_SECONDS" "$ROUNDS" "$THREADS" "$CONNS"; do
    case $n in ''|*[!0-9]*) die "BENCH_SECONDS, BENCH_ROUNDS, BENCH_THREADS" \
        "and BENCH_CONNECTIONS are whole numbers";; esac
done
[ "$RUN_SECONDS" -ge 1 ] && [ "$RUN_SECONDS" -le 30 ] || die "BENCH_SECONDS must be 1..30"
[ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 9 ] || die "BENCH_ROUNDS must be 1..9"
[ "$THREADS" -ge 1 ] && [ "$THREADS" -le 16 ] || die "BENCH_THREADS must be 1..16"
[ "$CONNS" -ge "$THREADS" ] && [ "$CONNS" -le 512 ] ||
    die "BENCH_CONNECTIONS must be BENCH_THREADS..512"
# It goes into a URL and nginx's config as it is.
case $FILTER in
    ''|*[!A-Za-z0-9=\&,._:-]*) die "BENCH_FILTER: letters, digits and = & , . _ : - only";;
esac
TICK=$(getconf CLK_TCK 2>/dev/null || echo 100)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chronicle-http-bench-XXXXXX")
dpid=""
bpid=""
npid=""
cleanup() {
    # Only the servers this script started, by their pids.
    if [ -n "$dpid" ]; then kill "$dpid" 2>/dev/null || true; wait "$dpid" 2>/dev/null || true; fi
    if [ -n "$bpid" ]; then kill "$bpid" 2>/dev/null || true; wait "$bpid" 2>/dev/null || true; fi
    if [ -n "$npid" ]; then kill "$npid" 2>/dev/null || true; wait "$npid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap 'st=$?; cleanup; exit $st' EXIT
trap 'exit 130' INT TERM

# ---- chronicled on a port the kernel picks ----
# start_daemon BINARY NAME: starts it, sets SPID and SPORT.  The log exists
# before the daemon opens it, so the first look cannot race.
start_daemon() {
    : >"$tmp/$2.log"
    "$1" --listen "$HOST:0" --corpus "$CORPUS" --quiet 2>>"$tmp/$2.log" &
    SPID=$!
    SPORT=""
    i=0
    while [ $i -lt 100 ]; do
        SPORT=$(sed -n "s|.*listening on http://$HOST:\([0-9]*\)/.*|\1|p" "$tmp/$2.log")
        [ -n "$SPORT" ] && break
        kill -0 "$SPID" 2>/dev/null || { cat "$tmp/$2.log" >&2; die "$1 exited"; }
        sleep 0.1
        i=$((i + 1))
    done
    [ -n "$SPORT" ] || die "$1 did not start within 10 s"
}
start_daemon "$BUILD/chronicled" chronicled
dpid=$SPID
dbase="http://$HOST:$SPORT"
if [ -n "$BASE" ]; then
    start_daemon "$BASE/chronicled" base
    bpid=$SPID
    bbase="http://$HOST:$SPORT"
fi

# ---- the daemon's bytes become nginx's static files ----
# Readable by nginx's worker user, which is not root when we are.
chmod 755 "$tmp"
mkdir -p "$tmp/www/filtered" "$tmp/temp" "$tmp/logs"
chmod 755 "$tmp/www" "$tmp/www/filtered"
for f in timeline.json timeline.ics "filtered/timeline.json?$FILTER"; do
    out=$tmp/www/${f%%\?*}
    code=$(curl -s -m 30 -o "$out" -w '%{http_code}' "$dbase/${f#filtered/}")
    [ "$code" = 200 ] || die "chronicled /${f#filtered/} answered $code"
    chmod 644 "$out"
done

# ---- nginx in the foreground on a free loopback port ----
write_nginx_conf() {
    cat >"$tmp/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log warn;
events { worker_connections 1024; }
http {
    types { application/json json; text/calendar ics; }
    default_type application/octet-stream;
    charset utf-8;
    charset_types application/json text/calendar;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 30s;
    client_body_temp_path $tmp/temp/body;
    proxy_temp_path $tmp/temp/proxy;
    fastcgi_temp_path $tmp/temp/fastcgi;
    uwsgi_temp_path $tmp/temp/uwsgi;
    scgi_temp_path $tmp/temp/scgi;
    # The filtered case's query names a folder of its own; other queries
    # one that does not exist (404).
    map \$args \$feed_dir {
        default /none;
        "" "";
        "$FILTER" /filtered;
    }
    server {
        listen $HOST:$1;
        root $tmp/www\$feed_dir;
        location / { }
    }
}
EOF
}

# A port in 20000..39999, below the kernel's ephemeral range; when it is
# taken nginx exits at once and the next try picks another.
nport=""
tries=0
while [ $tries -lt 20 ] && [ -z "$nport" ]; do
    tries=$((tries + 1))
    p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 + 20000 ))
    write_nginx_conf "$p"
    "$NGINX" -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/logs/error.log" \
        2>>"$tmp/logs/stderr.log" &
    npid=$!
    i=0
    while [ $i -lt 50 ]; do
        if ! kill -0 "$npid" 2>/dev/null; then
            wait "$npid" 2>/dev/null || true
            npid=""
            break
        fi
        if curl -s -m 2 -o /dev/null "http://$HOST:$p/timeline.json"; then
            nport=$p
            break
        fi
        sleep 0.1
        i=$((i + 1))
    done
    if [ -z "$nport" ] && [ -n "$npid" ]; then
        kill "$npid" 2>/dev/null || true
        wait "$npid" 2>/dev/null || true
        npid=""
    fi
done
[ -n "$nport" ] || { cat "$tmp/logs/"* >&2 2>/dev/null; die "nginx did not start"; }
nbase="http://$HOST:$nport"
# The worker process does the serving; its CPU time is what counts.
nworker=$(awk -v p="$npid" '$4 == p { print $1; exit }' /proc/[0-9]*/stat 2>/dev/null || true)
[ -n "$nworker" ] || nworker=$npid

# ---- same bytes, working validators ----
# Prints the ETag of URL; checks that the body is FILE and that the ETag
# gives a 304.
etag_of() {
    curl -s -m 10 -D "$tmp/h" -o "$tmp/b" "$1" >/dev/null || die "GET $1 failed"
    cmp -s "$tmp/b" "$2" || die "$1 does not serve the same bytes"
    tag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' "$tmp/h")
    [ -n "$tag" ] || die "$1 has no ETag"
    code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' \
        -H "If-None-Match: $tag" "$1")
    [ "$code" = 304 ] || die "$1 with If-None-Match: $tag answered $code"
    printf '%s\n' "$tag"
}

# A wrk script that sends If-None-Match: TAG (TAG is quoted, has no ').
inm_script() {
    printf "wrk.headers[\"If-None-Match\"] = '%s'\n" "$1" >"$2"
}

# median FILE: the median of each of the four columns of FILE (a line a
# run), on one line.
median() {
    for col in 1 2 3 4; do
        cut -d' ' -f$col "$1" | sort -n | awk '{ v[NR] = $1 }
            END { printf "%s ", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
    done
    echo
}

# "user system" clock ticks of a process.
cpu_ticks() {
    awk '{ print $14, $15 }' "/proc/$1/stat" 2>/dev/null || echo 0 0
}

# run_wrk PID URL [SCRIPT]: sets RPS (requests/s), P99 (ms), CPU (the
# server's CPU microseconds per request) and USR (of which user time).
# Runs in this shell, not a subshell, so die() ends the script.
run_wrk() {
    pid=$1
    url=$2
    if [ -n "${3:-}" ]; then set -- -s "$3" "$url"; else set -- "$url"; fi
    u0=$(cpu_ticks "$pid")
    timeout $((RUN_SECONDS + 20)) wrk -t"$THREADS" -c"$CONNS" \
        -d"${RUN_SECONDS}s" --latency "$@" >"$tmp/wrk.out" 2>&1 ||
        { cat "$tmp/wrk.out" >&2; die "wrk failed on $url"; }
    u1=$(cpu_ticks "$pid")
    if grep -q -e 'Socket errors' -e 'Non-2xx or 3xx' "$tmp/wrk.out"; then
        cat "$tmp/wrk.out" >&2
        die "errors while loading $url"
    fi
    awk -v t0="$u0" -v t1="$u1" -v hz="$TICK" '
        BEGIN { split(t0, a, " "); split(t1, b, " ")
                user = b[1] - a[1]; ticks = user + b[2] - a[2] }
        / requests in / { n = $1 }
        /Requests\/sec:/ { rps = $2 }
        $1 == "99%" {
            v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
            if (u == "us") v /= 1000; else if (u == "s") v *= 1000
            p99 = v
        }
        END {
            if (rps == "" || p99 == "" || n + 0 == 0) exit 1
            printf "%.0f %.2f %.1f %.1f\n", rps, p99, ticks * 1e6 / hz / n,
                user * 1e6 / hz / n
        }' "$tmp/wrk.out" >"$tmp/wrk.num" ||
        { cat "$tmp/wrk.out" >&2; die "cannot read wrk output"; }
    read -r RPS P99 CPU USR <"$tmp/wrk.num"
}

echo "wrk: $THREADS threads, $CONNS connections, ${RUN_SECONDS} s per run," \
    "median of $ROUNDS alternating rounds; chronicled $dbase (one loop)," \
    "nginx $nbase (one worker)${BASE:+, base $bbase ($BASE/chronicled)}"
echo "cases: json /timeline.json, ics /timeline.ics, filt /timeline.json?$FILTER" \
    "($(wc -c <"$tmp/www/filtered/timeline.json") of $(wc -c <"$tmp/www/timeline.json") bytes)"
echo "cpu_us: the server's CPU time per request (user and system), usr_us: user alone"
if [ -n "$BASE" ]; then
    printf '%-5s %-4s | %9s %7s %6s %6s | %9s %6s %6s %5s | %9s %7s %6s %6s | %5s\n' case code \
        chronicled p99_ms cpu_us usr_us base cpu_us usr_us ratio nginx p99_ms cpu_us usr_us ratio
else
    printf '%-5s %-4s | %9s %7s %6s %6s | %9s %7s %6s %6s | %5s\n' case code \
        chronicled p99_ms cpu_us usr_us nginx p99_ms cpu_us usr_us ratio
fi

# A round's servers, each round starting with the next one.
servers="d n"
[ -z "$BASE" ] || servers="d b n"
fail=0
for ext in json ics filt; do
    case $ext in
        filt) f="timeline.json?$FILTER"; file=$tmp/www/filtered/timeline.json;;
        *) f=timeline.$ext; file=$tmp/www/$f;;
    esac
    dtag=$(etag_of "$dbase/$f" "$file")
    ntag=$(etag_of "$nbase/$f" "$file")
    inm_script "$dtag" "$tmp/inm-d-$ext.lua"
    inm_script "$ntag" "$tmp/inm-n-$ext.lua"
    if [ -n "$BASE" ]; then
        btag=$(etag_of "$bbase/$f" "$file")
        inm_script "$btag" "$tmp/inm-b-$ext.lua"
    fi
    for status in 200 304; do
        for who in $servers; do : >"$tmp/$who.runs"; done
        r=0
        while [ $r -lt "$ROUNDS" ]; do
            order=$(echo $servers | awk -v r=$r '{ for (i = 0; i < NF; i++)
                printf "%s ", $((i + r) % NF + 1) }')
            r=$((r + 1))
            for who in $order; do
                script=""
                [ $status = 200 ] || script="$tmp/inm-$who-$ext.lua"
                case $who in
                    d) run_wrk "$dpid" "$dbase/$f" "$script";;
                    b) run_wrk "$bpid" "$bbase/$f" "$script";;
                    n) run_wrk "$nworker" "$nbase/$f" "$script";;
                esac
                echo "$RPS $P99 $CPU $USR" >>"$tmp/$who.runs"
            done
        done
        set -- $(median "$tmp/d.runs")
        drps=$1 dp99=$2 dcpu=$3 dusr=$4
        set -- $(median "$tmp/n.runs")
        nrps=$1 np99=$2 ncpu=$3 nusr=$4
        ratio=$(awk -v d="$drps" -v n="$nrps" 'BEGIN { printf "%.2f", (n > 0) ? d / n : 0 }')
        ok=$(awk -v r="$ratio" -v m="$MIN_RATIO" 'BEGIN { print (r >= m) ? "ok" : "LOW" }')
        if [ -n "$BASE" ]; then
            set -- $(median "$tmp/b.runs")
            brps=$1 bcpu=$3 busr=$4
            bratio=$(awk -v d="$brps" -v n="$nrps" 'BEGIN { printf "%.2f", (n > 0) ? d / n : 0 }')
            printf '%-5s %-4s | %9s %7s %6s %6s | %9s %6s %6s %5s | %9s %7s %6s %6s | %5s %s\n' \
                "$ext" "$status" "$drps" "$dp99" "$dcpu" "$dusr" "$brps" "$bcpu" "$busr" \
                "$bratio" "$nrps" "$np99" "$ncpu" "$nusr" "$ratio" "$ok"
        else
            printf '%-5s %-4s | %9s %7s %6s %6s | %9s %7s %6s %6s | %5s %s\n' "$ext" "$status" \
                "$drps" "$dp99" "$dcpu" "$dusr" "$nrps" "$np99" "$ncpu" "$nusr" "$ratio" "$ok"
        fi
        [ "$ok" = ok ] || fail=1
    done
done

kill -0 "$dpid" 2>/dev/null || die "chronicled died during the run"
[ -z "$bpid" ] || kill -0 "$bpid" 2>/dev/null || die "the base chronicled died during the run"
if [ $fail -ne 0 ]; then
    echo "http_bench: chronicled below $MIN_RATIO of nginx's requests/s in some case" >&2
    exit 1
fi
echo "http_bench: chronicled at least $MIN_RATIO of nginx's requests/s in every case"
