#!/bin/sh
# check-layout.sh - the layout rules of the source tree, run by `make
# check-layout` (and so by `make test`).  Fails, naming the files, when
#   - a core file includes anything under cmd/;
#   - a core file includes the header of a later pipeline stage;
#   - files include each other in a cycle, or, in cmd/, modules do (a
#     module is a .c file and the header named after it: server.c with
#     server.h; in core/ the stage order already rules out cycles between
#     stages, and the files of one stage may use each other);
#   - a source file in core/ is over 1,200 lines, or a function over 120.
# A public header include/chronicle/NAME.h belongs to the stage of the
# core/STAGE/NAME.c that implements it.
# Usage: check-layout.sh [ROOT]   (ROOT: the tree to check; default: this one)
set -eu
cd "${1:-$(dirname "$0")/..}"

STAGES="base read lex tag analyze extract chron render store serve"

files=$(find core include cmd -type f 2>/dev/null \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)

# "FILE<TAB>INCLUDED" for every quoted include, resolved to a path.
edges=$(for f in $files; do
    dir=$(dirname "$f")
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
    while read -r inc; do
        case "$inc" in
        chronicle/*) t="include/$inc" ;;
        */*) if [ -f "core/$inc" ]; then t="core/$inc"; else t="$dir/$inc"; fi ;;
        *) t="$dir/$inc" ;;
        esac
        printf '%s\t%s\n' "$f" "$t"
    done
done)

printf '%s\n' "$edges" | awk -v stages="$STAGES" -v files="$files" '
BEGIN {
    FS = "\t"
    n = split(stages, s, " ")
    for (i = 1; i <= n; i++) rank[s[i]] = i
    nf = split(files, all, "\n")
    for (i = 1; i <= nf; i++) {
        f = all[i]
        if (f ~ /^core\/[a-z]+\/[^\/]+\.c$/) {
            split(f, p, "/")
            base = p[3]; sub(/\.c$/, "", base)
            implstage[base] = p[2]
        }
    }
    bad = 0
    for (i = 1; i <= nf; i++) {
        f = all[i]
        if (f ~ /^include\/chronicle\/[^\/]+\.h$/) {
            b = f; sub(/^include\/chronicle\//, "", b); sub(/\.h$/, "", b)
            if (!(b in implstage)) {
                printf "check-layout: %s: no core/STAGE/%s.c implements this header\n", f, b; bad = 1
            }
        }
    }
}
# a path with "x/../" and "./" folded away
function norm(f,    n, p, out, i, k) {
    n = split(f, p, "/"); k = 0
    for (i = 1; i <= n; i++) {
        if (p[i] == "." || p[i] == "") continue
        if (p[i] == ".." && k > 0 && out[k] != "..") { k--; continue }
        out[++k] = p[i]
    }
    f = ""
    for (i = 1; i <= k; i++) f = f (i > 1 ? "/" : "") out[i]
    return f
}
function stage_of(f,    p, b) {
    if (f ~ /^core\//) { split(f, p, "/"); return p[2] }
    if (f ~ /^include\/chronicle\//) {
        b = f; sub(/^include\/chronicle\//, "", b); sub(/\.h$/, "", b)
        return (b in implstage) ? implstage[b] : "?"
    }
    return ""
}
# the node of the include graph: in cmd/, a .c file and its header are one
# module; elsewhere every file is its own node
function node_of(f,    b) {
    if (f !~ /^cmd\//) return f
    b = f; sub(/\.[ch]$/, "", b)
    return b
}
{
    from = $1; to = norm($2)
    if (to == "") next
    fs = stage_of(from); ts = stage_of(to)
    if ((from ~ /^core\// || from ~ /^include\//) && to ~ /^cmd\//) {
        printf "check-layout: %s includes %s: core never includes cmd/\n", from, to; bad = 1
    }
    if (fs != "" && fs != "?" && ts != "" && ts != "?" && rank[ts] > rank[fs]) {
        printf "check-layout: %s (stage %s) includes %s of the later stage %s\n", from, fs, to, ts; bad = 1
    }
    a = node_of(from); b = node_of(to)
    if (a != b && !((a, b) in edge)) { edge[a, b] = 1; adj[a] = adj[a] " " b; nodes[a] = 1; nodes[b] = 1 }
}
function visit(v,    k, m, w, i) {
    color[v] = 1; stack[++depth] = v
    m = split(adj[v], w, " ")
    for (k = 1; k <= m; k++) {
        if (w[k] == "") continue
        if (color[w[k]] == 1) {
            line = w[k]
            for (i = depth; i >= 1 && stack[i] != w[k]; i--) line = stack[i] " -> " line
            printf "check-layout: include cycle: %s -> %s\n", w[k], line; bad = 1
        } else if (color[w[k]] == 0) visit(w[k])
    }
    depth--; color[v] = 2
}
END {
    for (v in nodes) if (color[v] == 0) visit(v)
    exit bad
}' || fail=1

# sizes: files in core/ and functions (a body from "{" to "}" at column 0)
for f in $(find core -type f -name '*.c' 2>/dev/null | LC_ALL=C sort); do
    awk -v f="$f" '
    /^[A-Za-z_].*\(/ { name = $0 }
    /^\{/ { start = NR; fn = name }
    /^\}/ && start { if (NR - start - 1 > 120) { printf "check-layout: %s:%d: function of %d lines (limit 120): %s\n", f, start, NR - start - 1, fn; bad = 1 } start = 0 }
    END { if (NR > 1200) { printf "check-layout: %s: %d lines (limit 1200)\n", f, NR; bad = 1 } exit bad }' "$f" || fail=1
done

if [ "${fail:-0}" = 1 ]; then
    echo "check-layout: the layout rules are broken (see above)" >&2
    exit 1
fi
echo "check-layout: stages, includes and sizes as the rules say"
