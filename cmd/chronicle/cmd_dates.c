/* cmd_dates.c - chronicle dates: the temporal expressions of documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/corpus.h"
#include "chronicle/doc.h"
#include "chronicle/json.h"
#include "chronicle/par.h"
#include "chronicle/tag.h"
#include "cli.h"

/* One file's lines, written to memory on a worker, and what to say on
 * stderr before them. */
struct dates_out {
    chr_error err;              /* the file could not be read or tagged */
    int fail;                   /* EXIT_FAIL: err, or out of memory */
    int nomem;
    int written;                /* a write failed (and was reported) */
    char warn[512];             /* bytes that are not text, or "" */
    char *buf;
    size_t len, cap;
};

struct dates_run {
    char **files;
    const chr_corpus_opts *opts;
    struct dates_out *out;
    int rc;
    int direct;                 /* work runs on the calling thread: lines go out as they
                                   come, a batch at a time */
};

/* Lines are written straight into the file's buffer.  Run on the calling
 * thread, the buffer goes out whenever it holds DATES_BATCH bytes, so
 * that memory does not grow with a large file; the rest goes out with
 * dates_print, as a worker's whole buffer does. */
#define DATES_BATCH ((size_t)64 << 10)

/* Room for want more bytes in o's buffer: 0, or -1 out of memory. */
static int out_room(struct dates_out *o, size_t want)
{
    if (o->len + want <= o->cap)
        return 0;
    size_t c = o->cap ? o->cap : 4096;
    while (c < o->len + want)
        c *= 2;
    char *nb = realloc(o->buf, c);
    if (nb == NULL)
        return -1;
    o->buf = nb;
    o->cap = c;
    return 0;
}

/* One timex as a JSON line into the file's output. */
struct timex_line {
    const struct dates_run *r;
    struct dates_out *o;
    const char *text;
    char *prefix;               /* the doc member, escaped once; NULL: no memory, or
                                   the name is not UTF-8 */
    size_t nprefix;
};

static int timex_line(void *ctx, const chr_timex *tx)
{
    struct timex_line *t = ctx;
    struct dates_out *o = t->o;
    size_t n = 0;
    if (t->prefix == NULL || out_room(o, chr_json_timex_room(t->nprefix, tx)) != 0 ||
        (n = chr_json_timex_write(o->buf + o->len, t->prefix, t->nprefix, t->text, tx)) == 0) {
        o->nomem = 1;
        return -1;
    }
    o->len += n;
    if (t->r->direct && o->len >= DATES_BATCH) {
        int rc = cli_out(o->buf, o->len);
        o->len = 0;
        if (rc != 0) {
            o->written = 1;
            return -1;
        }
    }
    return 0;
}

static void dates_file(void *ctx, size_t i)
{
    struct dates_run *r = ctx;
    struct dates_out *o = &r->out[i];
    const char *path = r->files[i];
    chr_analysis *a = chr_corpus_open(path, r->opts, 1, &o->err);
    if (a == NULL) {
        o->fail = 1;
        return;
    }
    chr_doc *doc = chr_analysis_doc(a);
    size_t first;
    const char *why;
    size_t bad = chr_doc_bad_bytes(doc, &first, &why);
    if (bad && r->direct)
        cli_err("%s:%zu: %s (%zu bytes not text, read as spaces)", path, first, why, bad);
    else if (bad)
        snprintf(o->warn, sizeof o->warn, "%s:%zu: %s (%zu bytes not text, read as spaces)",
                 path, first, why, bad);
    /* a part of the text at a time: a large file's tokens are never all
     * held */
    struct timex_line tlc = {r, o, chr_doc_text(doc, NULL), NULL, 0};
    tlc.prefix = chr_json_timex_prefix(chr_doc_name(doc), &tlc.nprefix);
    if (chr_analysis_each_timex(a, CHR_ORDER_AUTO, 0, timex_line, &tlc, &o->err) != 0)
        o->fail = 1;
    free(tlc.prefix);
    chr_analysis_free(a);
}

static int dates_print(void *ctx, size_t i)
{
    struct dates_run *r = ctx;
    struct dates_out *o = &r->out[i];
    if (o->warn[0])
        cli_err("%s", o->warn);
    /* lines written before a failure go out, as they would one by one */
    if (o->len > 0 && cli_out(o->buf, o->len) != 0)
        o->fail = 1;
    else if (o->nomem)
        cli_err("out of memory");
    else if (o->fail && !o->written)
        cli_report(&o->err);
    if (o->fail)
        r->rc = EXIT_FAIL;
    free(o->buf);
    o->buf = NULL;
    return 0;
}

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    cli_corpus_opts_init(&opts);
    int nfiles = 0, rc = EXIT_OK;
    char **files = calloc((size_t)argc, sizeof *files);
    if (files == NULL)
        return EXIT_FAIL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_reading_opt(argc, argv, &i, &opts)) != 0) {
            if (m < 0)
                goto usage;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_err("dates: unknown option '%s'", argv[i]);
            goto usage;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (nfiles == 0) {
        cli_err("dates: no FILE given");
        goto usage;
    }
    struct dates_run r = {files, &opts, calloc((size_t)nfiles, sizeof *r.out), EXIT_OK,
                          opts.jobs <= 1 || nfiles == 1};
    if (r.out == NULL) {
        cli_err("out of memory");
        free(files);
        return EXIT_FAIL;
    }
    /* one file per job; a window of one per job keeps the memory of at
     * most that many files' lines */
    chr_par_run((size_t)nfiles, opts.jobs, opts.jobs, dates_file, dates_print, &r);
    rc = r.rc;
    free(r.out);
    free(files);
    return cli_finish(rc);
usage:
    free(files);
    fputs(cmd_dates.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_dates = {
    "dates", "list the date, time, duration and set expressions of documents",
    "usage: chronicle dates FILE... [--dct YYYY-MM-DD] [--date-order dmy|mdy]\n"
    "                       [--follow-links] [--encoding CHARSET] [-j N]\n"
    "\n"
    "Prints one JSON line per temporal expression:\n"
    "  {\"doc\",\"start\",\"end\",\"text\",\"type\",\"value\",\"mod\",\"range\",\"anchor\"}\n"
    "start/end are byte offsets; range is the inclusive [first, last] day.\n"
    "The document date (DCT) comes from --dct, a sidecar NAME.meta.json, or\n"
    "the text (dateline, Date: header, letter date).\n",
    run};
