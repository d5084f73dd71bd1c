/* main.c - chronicled: argument parsing and wiring. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/par.h"
#include "chronicle/snap.h"
#include "log.h"
#include "procstat.h"
#include "server.h"

static const char usage[] =
    "usage: chronicled [--listen ADDR:PORT] [--corpus DIR] [--state DIR]\n"
    "                  [--poll SECONDS]\n"
    "                  [--timeout SECONDS] [--max-connections N]\n"
    "                  [--max-client-connections N] [--client-renders N]\n"
    "                  [--max-age SECONDS] [--cache N] [--quiet] [--follow-links]\n"
    "                  [--no-recurse]\n"
    "                  [--cors ORIGIN]... [--host NAME]... [--token-file FILE]\n"
    "                  [--verbose-health] [--build-stall SECONDS]\n"
    "                  [--grace SECONDS] [--jobs N] [--encoding CHARSET]\n"
    "       chronicled --help | --version\n"
    "\n"
    "Serve the chronology of the documents in DIR over HTTP:\n"
    "  /  (a page to read the chronology in a browser)\n"
    "  /timeline.json  /timeline.ics  /events/ID  /documents  /healthz  /metrics\n"
    "  /versions  /diff?from=V&to=V  /timeline.json?version=V (kept versions)\n"
    "\n"
    "  --listen ADDR:PORT     address to listen on (default 127.0.0.1:8080;\n"
    "                         port 0 picks a free port, logged at start)\n"
    "  --corpus DIR           folder of documents (default .)\n"
    "  --state DIR            history of corpus versions (default\n"
    "                         DIR/.chronicle inside the corpus)\n"
    "  --poll SECONDS         look for corpus changes this often instead of\n"
    "                         watching the folder with inotify\n"
    "  --timeout SECONDS      close a connection idle this long, or that takes\n"
    "                         longer to send a whole request (10)\n"
    "  --max-connections N    refuse requests beyond N open connections (1024)\n"
    "  --max-client-connections N\n"
    "                         of which one client address may hold N (half)\n"
    "  --client-renders N     uncached renderings (new filters, old versions,\n"
    "                         diffs) one client address may have running (2)\n"
    "  --max-age SECONDS      Cache-Control max-age of feeds (60)\n"
    "  --cache N              filtered responses kept per corpus version (128)\n"
    "  --quiet                no access log\n"
    "  --follow-links         read symbolic links that leave the corpus folder\n"
    "  --no-recurse           read the corpus folder's own files, not its\n"
    "                         subfolders\n"
    "  --cors ORIGIN          let pages of ORIGIN (https://host[:port]) read the\n"
    "                         JSON; repeatable; none by default\n"
    "  --host NAME            answer requests for Host NAME too (a proxy's or the\n"
    "                         machine's name); repeatable; others get 421\n"
    "  --token-file FILE      every route asks for the token in FILE: header\n"
    "                         'Authorization: Bearer TOKEN' or ?token=TOKEN\n"
    "  --verbose-health       /healthz shows the corpus and state folders' paths\n"
    "  --build-stall SECONDS  /healthz says degraded when a build reads no document\n"
    "                         for this long (120)\n"
    "  --jobs N               documents a build reads at once (the cores present)\n"
    "  --encoding CHARSET     read text that is not UTF-8 in CHARSET (an iconv name\n"
    "                         such as WINDOWS-1252) instead of guessing its charset\n"
    "  --grace SECONDS        after SIGTERM, replies being sent get this long to\n"
    "                         finish; then the daemon exits whatever runs (30)\n"
    "  --help                 this text\n"
    "  --version              the version, and those of the libraries it runs with\n"
    "\n"
    "SIGHUP reloads the corpus; SIGINT or SIGTERM stop the daemon (a build in\n"
    "progress is abandoned, replies being sent finish within --grace); a second\n"
    "one exits at once.\n"
    "Exit status: 0 stopped cleanly, 1 failure or a second signal, 2 bad usage.\n";

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "chronicled: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return EXIT_USAGE;
}

/* A whole number in [lo, hi], optionally followed by 's' when seconds. */
static int parse_num(const char *s, double lo, double hi, int secs,
                     double *out)
{
    char *end;
    if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || *s == ' ')
        return -1;
    double v = strtod(s, &end);
    if (secs && *end == 's')
        end++;
    if (*end != '\0' || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

/* ADDR:PORT, [V6ADDR]:PORT, :PORT or PORT (loopback). */
static int parse_listen(const char *s, struct config *cfg)
{
    const char *port;
    size_t hlen;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (close == NULL || close[1] != ':')
            return -1;
        hlen = (size_t)(close - s - 1);
        memcpy(cfg->host, s + 1, hlen < sizeof cfg->host ? hlen : 0);
        port = close + 2;
    } else {
        const char *colon = strrchr(s, ':');
        if (colon == NULL) {
            hlen = 0;
            port = s;
        } else {
            hlen = (size_t)(colon - s);
            if (strchr(s, ':') != colon)
                return -1;      /* a bare IPv6 address needs brackets */
            memcpy(cfg->host, s, hlen < sizeof cfg->host ? hlen : 0);
            port = colon + 1;
        }
    }
    if (hlen >= sizeof cfg->host)
        return -1;
    cfg->host[hlen] = '\0';
    if (hlen == 0)
        snprintf(cfg->host, sizeof cfg->host, "127.0.0.1");
    double p;
    if (parse_num(port, 0, 65535, 0, &p) != 0 || p != (double)(int)p)
        return -1;
    cfg->port = (int)p;
    return 0;
}

/* A Host name: letters, digits, '-', '.', or an address in brackets. */
static int valid_host(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 253)
        return -1;
    if (s[0] == '[')
        return s[n - 1] == ']' && n > 2 ? 0 : -1;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == ':'))
            return -1;
    return 0;
}

/* The token of --token-file FILE into buf: the file's first line, 16 to
 * cap-1 characters of A-Z a-z 0-9 - . _ ~ + / = (what fits in a header,
 * a query and a cookie unescaped).  0, or -1 with the reason on stderr. */
static int read_token(const char *file, char *buf, size_t cap)
{
    FILE *f = fopen(file, "rb");
    if (f == NULL) {
        fprintf(stderr, "chronicled: cannot read --token-file '%s': %s\n", file,
                strerror(errno));
        return -1;
    }
    size_t n = fread(buf, 1, cap - 1, f);
    int more = fgetc(f) != EOF;
    fclose(f);
    buf[n] = '\0';
    size_t len = strcspn(buf, "\r\n");
    if (more && len == n) {
        fprintf(stderr, "chronicled: --token-file '%s': the token is longer than %zu "
                "bytes\n", file, cap - 1);
        return -1;
    }
    buf[len] = '\0';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              strchr("-._~+/=", c) != NULL)) {
            fprintf(stderr, "chronicled: --token-file '%s': byte %zu (0x%02x) is not a "
                    "letter, digit or one of - . _ ~ + / =\n", file, i, c);
            return -1;
        }
    }
    if (len < 16) {
        fprintf(stderr, "chronicled: --token-file '%s': the token has %zu characters; "
                "expected at least 16 (e.g. from: head -c 24 /dev/urandom | base64)\n",
                file, len);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static char token[512];
    struct config cfg = {
        .host = "127.0.0.1",
        .port = 8080,
        .corpus = ".",
        .timeout = 10,
        .max_conns = 1024,
        .build_stall = 120,
        .client_renders = 2,
        .grace = 30,
        .jobs = 0,              /* the cores present, set below */
        .max_header = 8192,
        .max_body = 4096,
        .max_uri = 2048,
        .max_age = 60,
        .cache_entries = CHR_SNAP_CACHE_ENTRIES,
        .cache_bytes = CHR_SNAP_CACHE_BYTES,
    };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        char name[32];
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (eq != NULL) {
            size_t n = (size_t)(eq - a);
            if (n >= sizeof name)
                return bad_usage("unknown option '%s'", a);
            memcpy(name, a, n);
            name[n] = '\0';
            val = eq + 1;
            a = name;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            if (fputs(usage, stdout) == EOF || fflush(stdout) != 0)
                return EXIT_FAIL;
            return EXIT_OK;
        }
        if (strcmp(a, "--version") == 0)
            return procstat_version(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
        if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            cfg.quiet = 1;
            continue;
        }
        if (strcmp(a, "--follow-links") == 0) {
            cfg.follow_links = 1;
            continue;
        }
        if (strcmp(a, "--no-recurse") == 0) {
            cfg.no_recurse = 1;
            continue;
        }
        if (strcmp(a, "--verbose-health") == 0) {
            cfg.verbose_health = 1;
            continue;
        }
        static const char *const with_value[] = {
            "--listen", "--corpus", "--state", "--poll", "--timeout",
            "--max-connections", "--max-age", "--cache", "--allow-origin", "--cors",
            "--host", "--token-file",
            "--max-client-connections", "--build-stall", "--client-renders", "--grace", "--jobs",
            "--encoding"};
        int known = 0;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
            known |= strcmp(a, with_value[k]) == 0;
        if (!known)
            return bad_usage("unknown option '%s'", argv[i]);
        if (val == NULL) {
            if (i + 1 >= argc)
                return bad_usage("%s needs a value", a);
            val = argv[++i];
        }
        double v;
        if (strcmp(a, "--listen") == 0) {
            if (parse_listen(val, &cfg) != 0)
                return bad_usage("bad --listen '%s'; expected ADDR:PORT "
                                 "such as 127.0.0.1:8080", val);
        } else if (strcmp(a, "--allow-origin") == 0 || strcmp(a, "--cors") == 0) {
            /* one origin, as browsers send it: scheme://host[:port] */
            if (strncmp(val, "http://", 7) != 0 && strncmp(val, "https://", 8) != 0)
                return bad_usage("bad --cors '%s'; expected an origin such as "
                                 "https://example.org", val);
            for (const char *p = val; *p; p++)
                if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F || *p == ',' ||
                    (*p == '/' && p > strstr(val, "//") + 1))
                    return bad_usage("bad --cors '%s'; expected one origin, without a path",
                                     val);
            if (cfg.norigins == CONFIG_MAX_NAMES)
                return bad_usage("too many --cors origins at '%s'; at most 16", val);
            cfg.origins[cfg.norigins++] = val;
        } else if (strcmp(a, "--host") == 0) {
            if (valid_host(val) != 0)
                return bad_usage("bad --host '%s'; expected a host name or address "
                                 "such as chronicle.example.org", val);
            if (cfg.nhosts == CONFIG_MAX_NAMES)
                return bad_usage("too many --host names at '%s'; at most 16", val);
            cfg.hosts[cfg.nhosts++] = val;
        } else if (strcmp(a, "--token-file") == 0) {
            if (read_token(val, token, sizeof token) != 0)
                return EXIT_USAGE;
            cfg.token = token;
        } else if (strcmp(a, "--corpus") == 0) {
            if (*val == '\0')
                return bad_usage("empty --corpus%s", "");
            cfg.corpus = val;
        } else if (strcmp(a, "--state") == 0) {
            if (*val == '\0')
                return bad_usage("empty --state%s", "");
            cfg.state = val;
        } else if (strcmp(a, "--poll") == 0) {
            if (parse_num(val, 0.1, 86400, 1, &v) != 0)
                return bad_usage("bad --poll '%s'; expected seconds from "
                                 "0.1 to 86400", val);
            cfg.poll = v;
        } else if (strcmp(a, "--timeout") == 0) {
            if (parse_num(val, 1, 3600, 1, &v) != 0 || v != (double)(int)v)
                return bad_usage("bad --timeout '%s'; expected whole "
                                 "seconds from 1 to 3600", val);
            cfg.timeout = (int)v;
        } else if (strcmp(a, "--build-stall") == 0) {
            if (parse_num(val, 1, 86400, 1, &v) != 0)
                return bad_usage("bad --build-stall '%s'; expected seconds from 1 to "
                                 "86400", val);
            cfg.build_stall = v;
        } else if (strcmp(a, "--max-client-connections") == 0) {
            if (parse_num(val, 1, 100000, 0, &v) != 0 || v != (double)(int)v)
                return bad_usage("bad --max-client-connections '%s'; expected a whole "
                                 "number from 1 to 100000", val);
            cfg.max_client_conns = (size_t)v;
        } else if (strcmp(a, "--jobs") == 0) {
            if (parse_num(val, 1, 256, 0, &v) != 0 || v != (double)(int)v)
                return bad_usage("bad --jobs '%s'; expected a whole number from 1 to 256",
                                 val);
            cfg.jobs = (unsigned)v;
        } else if (strcmp(a, "--encoding") == 0) {
            /* checked now: a name iconv does not know is bad usage, not a
             * build that leaves every 8-bit file out */
            iconv_t cd = iconv_open("UTF-8", val);
            if (cd == (iconv_t)-1)
                return bad_usage("bad --encoding '%s'; expected a character encoding iconv "
                                 "knows, such as WINDOWS-1252, ISO-8859-15 or CP850", val);
            iconv_close(cd);
            cfg.encoding = val;
        } else if (strcmp(a, "--grace") == 0) {
            if (parse_num(val, 1, 3600, 1, &v) != 0 || v != (double)(int)v)
                return bad_usage("bad --grace '%s'; expected whole seconds from 1 to "
                                 "3600", val);
            cfg.grace = v;
        } else if (strcmp(a, "--client-renders") == 0) {
            if (parse_num(val, 1, 1000, 0, &v) != 0 || v != (double)(int)v)
                return bad_usage("bad --client-renders '%s'; expected a whole "
                                 "number from 1 to 1000", val);
            cfg.client_renders = (size_t)v;
        } else if (strcmp(a, "--max-connections") == 0) {
            if (parse_num(val, 1, 100000, 0, &v) != 0 || v != (double)(int)v)
                return bad_usage("bad --max-connections '%s'; expected "
                                 "1 to 100000", val);
            cfg.max_conns = (size_t)v;
        } else if (strcmp(a, "--max-age") == 0) {
            if (parse_num(val, 0, 86400 * 365, 1, &v) != 0 ||
                v != (double)(int)v)
                return bad_usage("bad --max-age '%s'; expected whole "
                                 "seconds", val);
            cfg.max_age = (int)v;
        } else if (strcmp(a, "--cache") == 0) {
            if (parse_num(val, 0, 100000, 0, &v) != 0 || v != (double)(int)v)
                return bad_usage("bad --cache '%s'; expected 0 to 100000",
                                 val);
            cfg.cache_entries = (size_t)v;
        }
    }
    if (log_start() != 0) {
        fprintf(stderr, "chronicled: cannot start the log thread\n");
        return EXIT_FAIL;
    }
    if (cfg.jobs == 0)
        cfg.jobs = chr_par_cores();
    int rc = server_run(&cfg);
    log_stop();
    return rc;
}
