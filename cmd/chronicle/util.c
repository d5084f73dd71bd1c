/* util.c - helpers shared by the subcommands. */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chronicle/ical.h"
#include "chronicle/json.h"
#include "chronicle/par.h"
#include "cli.h"

void cli_err(const char *fmt, ...)
{
    va_list ap;
    fputs("chronicle: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_report(const chr_error *e)
{
    if (e->file[0] && e->offset != CHR_NO_OFFSET)
        cli_err("%s:%zu: %s", e->file, e->offset, e->msg[0] ? e->msg : chr_status_str(e->code));
    else if (e->file[0])
        cli_err("%s: %s", e->file, e->msg[0] ? e->msg : chr_status_str(e->code));
    else
        cli_err("%s", e->msg[0] ? e->msg : chr_status_str(e->code));
}

void cli_report_cb(void *ctx, const chr_error *e)
{
    (void)ctx;
    cli_report(e);
}

int cli_help_asked(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    }
    return 0;
}

int cli_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_err("option %s needs a value", name);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

int cli_parse_dct(const char *val, chr_corpus_opts *opts)
{
    int64_t d = chr_day_parse(val, strlen(val));
    if (d == CHR_NO_DAY) {
        cli_err("--dct: '%s' is not a date; expected YYYY-MM-DD", val);
        return -1;
    }
    opts->dct = d;
    return 0;
}

int cli_parse_order(const char *val, chr_corpus_opts *opts)
{
    if (strcmp(val, "dmy") == 0)
        opts->order = CHR_ORDER_DMY;
    else if (strcmp(val, "mdy") == 0)
        opts->order = CHR_ORDER_MDY;
    else {
        cli_err("--date-order: '%s'; expected dmy or mdy", val);
        return -1;
    }
    return 0;
}

int cli_out(const char *buf, size_t len)
{
    if (len && fwrite(buf, 1, len, stdout) != len) {
        cli_err("cannot write to standard output: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int cli_keep_line(char **buf, size_t *len, size_t *cap, char *line, size_t n)
{
    if (line == NULL)
        return -1;
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n + 1)
            c *= 2;
        char *nb = realloc(*buf, c);
        if (nb == NULL) {
            free(line);
            return -1;
        }
        *buf = nb;
        *cap = c;
    }
    memcpy(*buf + *len, line, n);
    *len += n;
    free(line);
    return 0;
}

/* An output being written: stdout, or a file beside the target renamed
 * over it once whole (never a half-written file). */
typedef struct out_file {
    const char *path;          /* NULL: stdout */
    char *tmp;
    FILE *f;
    int failed;
    int direct;                /* path is no regular file: written to as it is */
} out_file;

static int out_open(out_file *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (path == NULL || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or a pipe ("-o /dev/stdout", a FIFO): written to as it
         * is, never replaced by a file renamed over it */
        if ((o->f = fopen(path, "wb")) == NULL) {
            cli_err("cannot write %s: %s", path, strerror(errno));
            return -1;
        }
        o->path = path;
        o->direct = 1;
        return 0;
    }
    o->path = path;
    size_t n = strlen(path) + 16;
    if ((o->tmp = malloc(n)) == NULL) {
        cli_err("out of memory");
        return -1;
    }
    snprintf(o->tmp, n, "%s.tmp", path);
    if ((o->f = fopen(o->tmp, "wb")) == NULL) {
        cli_err("cannot write %s: %s", path, strerror(errno));
        free(o->tmp);
        return -1;
    }
    return 0;
}

static int out_put(void *ctx, const char *p, size_t n)
{
    out_file *o = ctx;
    if (o->failed || (n && fwrite(p, 1, n, o->f) != n))
        o->failed = 1;
    return o->failed ? -1 : 0;
}

/* Close o; ok: everything was written (else the file is removed).
 * 0, or -1 with a message printed. */
static int out_close(out_file *o, int ok)
{
    if (o->path == NULL)
        return ok && !o->failed ? 0 : -1;   /* cli_finish tells a write error */
    int good = ok && !o->failed;
    if (fclose(o->f) != 0)
        good = 0;
    if (o->direct) {
        if (!good && (ok || o->failed))
            cli_err("cannot write %s: %s", o->path, strerror(errno));
        return good ? 0 : -1;
    }
    if (!good || rename(o->tmp, o->path) != 0) {
        if (ok || o->failed)
            cli_err("cannot write %s: %s", o->path, strerror(errno));
        remove(o->tmp);
        free(o->tmp);
        return -1;
    }
    free(o->tmp);
    return 0;
}

int cli_write(const char *path, const char *buf, size_t len)
{
    out_file o;
    if (out_open(&o, path) != 0)
        return -1;
    out_put(&o, buf, len);
    return out_close(&o, 1);
}

int cli_finish(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_err("cannot write to standard output: %s", strerror(errno));
        return EXIT_FAIL;
    }
    return rc;
}

char *cli_render(const chr_chron *c, const char *format, int pretty, unsigned jobs, size_t *len)
{
    if (strcmp(format, "ics") == 0)
        return chr_ical_render(c, NULL, 0, NULL, len);
    chr_json_opts jo = {pretty, 0, jobs};
    return chr_json_timeline(c, NULL, 0, &jo, len);
}

/* Freeing a large chronology a block at a time (ten or so per mention)
 * costs a noticeable part of a run, and the process's exit takes the
 * memory back at once.  Held here, it stays reachable: leak checkers do
 * not call it lost. */
static chr_chron *left;

void cli_leave(chr_chron *c)
{
    chr_chron_free(left);
    left = c;
}

int cli_emit(const chr_chron *c, const char *format, int pretty, unsigned jobs, const char *out)
{
    if (strcmp(format, "json") == 0) {
        /* written as it is made: a timeline of any size in little memory */
        out_file o;
        if (out_open(&o, out) != 0)
            return EXIT_FAIL;
        chr_json_opts jo = {pretty, 0, jobs};
        int rc = chr_json_timeline_write(c, NULL, 0, &jo, out_put, &o);
        if (rc == CHR_ENOMEM)
            cli_err("out of memory rendering the timeline");
        else if (rc == CHR_EINVAL)
            cli_err("a string of the timeline is not UTF-8");
        return out_close(&o, rc == 0) == 0 ? EXIT_OK : EXIT_FAIL;
    }
    size_t len;
    char *buf = cli_render(c, format, pretty, jobs, &len);
    int rc = EXIT_OK;
    if (buf == NULL) {
        cli_err("out of memory rendering the timeline");
        rc = EXIT_FAIL;
    } else if (cli_write(out, buf, len) != 0) {
        rc = EXIT_FAIL;
    }
    free(buf);
    return rc;
}

void cli_corpus_opts_init(chr_corpus_opts *opts)
{
    chr_corpus_opts_init(opts);
    opts->jobs = chr_par_cores();
}

int cli_jobs_opt(int argc, char **argv, int *i, unsigned *jobs)
{
    const char *v, *a = argv[*i];
    int m;
    if (a[0] == '-' && a[1] == 'j' && a[2] != '\0') {
        v = a + 2;                          /* -jN */
    } else if ((m = cli_opt(argc, argv, i, "-j", &v)) == 0 &&
               (m = cli_opt(argc, argv, i, "--jobs", &v)) == 0) {
        return 0;
    } else if (m < 0) {
        return -1;
    }
    char *end = NULL;
    unsigned long n = strtoul(v, &end, 10);
    if (v[0] < '0' || v[0] > '9' || end == NULL || *end != '\0' || n < 1 || n > 256) {
        cli_err("-j: '%s'; expected a number of jobs from 1 to 256", v);
        return -1;
    }
    *jobs = (unsigned)n;
    return 1;
}

int cli_reading_opt(int argc, char **argv, int *i, chr_corpus_opts *opts)
{
    const char *v;
    int m;
    if ((m = cli_jobs_opt(argc, argv, i, &opts->jobs)) != 0)
        return m;
    if ((m = cli_opt(argc, argv, i, "--dct", &v)) != 0)
        return m < 0 || cli_parse_dct(v, opts) != 0 ? -1 : 1;
    if ((m = cli_opt(argc, argv, i, "--date-order", &v)) != 0)
        return m < 0 || cli_parse_order(v, opts) != 0 ? -1 : 1;
    if (strcmp(argv[*i], "--follow-links") == 0) {
        opts->follow_links = 1;
        return 1;
    }
    if (strcmp(argv[*i], "--no-recurse") == 0) {
        opts->no_recurse = 1;
        return 1;
    }
    if ((m = cli_opt(argc, argv, i, "--encoding", &v)) != 0) {
        if (m < 0)
            return -1;
        iconv_t cd = iconv_open("UTF-8", v);
        if (cd == (iconv_t)-1) {
            cli_err("--encoding: '%s' is no character encoding iconv knows; expected a name "
                    "such as WINDOWS-1252, ISO-8859-15 or CP850", v);
            return -1;
        }
        iconv_close(cd);
        opts->encoding = v;
        return 1;
    }
    return 0;
}

int cli_choice(const char *opt, const char *val, const char *const *choices)
{
    size_t n = 0;
    for (; choices[n] != NULL; n++)
        if (strcmp(val, choices[n]) == 0)
            return 0;
    char list[128] = "";
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                 choices[i]);
    }
    cli_err("%s: '%s'; expected %s", opt, val, list);
    return -1;
}
