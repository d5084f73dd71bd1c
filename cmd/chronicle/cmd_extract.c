/* cmd_extract.c - chronicle extract: the map step, one document at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chronicle/json.h"
#include "cli.h"

struct extract_ctx {
    const chr_corpus_opts *opts;
    int failed;                 /* a document was left out */
};

static void report(void *ctx, const chr_error *e)
{
    struct extract_ctx *x = ctx;
    cli_report(e);
    x->failed = 1;
}

/* One analysed document's output: its line, then its mention lines. */
struct lines {
    int rc;                     /* extraction failed: err says why */
    int bad;                    /* out of memory writing the lines */
    chr_error err;
    char *buf;
    size_t len, cap;
};

static int append(struct lines *l, char *line, size_t n)
{
    if (line == NULL)
        return -1;
    if (l->len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 4096;
        while (cap < l->len + n + 1)
            cap *= 2;
        char *nb = realloc(l->buf, cap);
        if (nb == NULL) {
            free(line);
            return -1;
        }
        l->buf = nb;
        l->cap = cap;
    }
    memcpy(l->buf + l->len, line, n);
    l->len += n;
    free(line);
    return 0;
}

/* On a worker: extract and write the lines to memory. */
static int extract_one(void *ctx, const char *path, chr_analysis *a, void **result)
{
    struct extract_ctx *x = ctx;
    struct lines *l = calloc(1, sizeof *l);
    if (l == NULL)
        return CHR_ENOMEM;
    *result = l;
    chr_docinfo info;
    chr_mention_list ml = {0};
    l->rc = chr_corpus_extract(a, x->opts, &info, &ml, &l->err);
    if (l->rc != 0) {
        if (l->err.file[0] == '\0')
            snprintf(l->err.file, sizeof l->err.file, "%s", path);
        chr_mention_list_free(&ml);
        return 0;
    }
    size_t n;
    char *line = chr_json_doc_line(&info, &n);
    l->bad = append(l, line, n);
    for (size_t i = 0; !l->bad && i < ml.count; i++) {
        line = chr_json_mention_line(&ml.items[i], &n);
        l->bad = append(l, line, n);
    }
    chr_docinfo_clear(&info);
    chr_mention_list_free(&ml);
    return 0;
}

static void drop_lines(void *ctx, void *result)
{
    struct lines *l = result;
    (void)ctx;
    free(l->buf);
    free(l);
}

/* In document order: print them. */
static int print_one(void *ctx, const char *path, void *result)
{
    struct lines *l = result;
    (void)path;
    int rc = l->rc;
    if (rc != 0)
        cli_report(&l->err);
    else if (l->bad || cli_out(l->buf, l->len) != 0)
        rc = CHR_EIO;
    drop_lines(ctx, l);
    return rc;
}

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    cli_corpus_opts_init(&opts);
    int nargs = 0, failed = 0, counts_only = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cli_reading_opt(argc, argv, &i, &opts)) != 0) {
            if (m < 0)
                goto usage;
        } else if ((m = cli_opt(argc, argv, &i, "--corpus-order", &v)) != 0) {
            if (m < 0 || cli_choice("--corpus-order", v,
                                    (const char *const[]){"dmy", "mdy", "none", NULL}) != 0)
                goto usage;
            opts.corpus_order_set = 1;
            opts.corpus_order = strcmp(v, "dmy") == 0   ? CHR_ORDER_DMY
                                : strcmp(v, "mdy") == 0 ? CHR_ORDER_MDY
                                                        : CHR_ORDER_AUTO;
        } else if (strcmp(argv[i], "--order-counts") == 0) {
            counts_only = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_err("extract: unknown option '%s'", argv[i]);
            goto usage;
        } else {
            nargs++;
        }
    }
    if (nargs == 0) {
        cli_err("extract: no FILE given");
        goto usage;
    }
    /* every path first: the corpus default order is computed over every
     * input, as `timeline` does over its folder */
    char **paths = NULL, **docnames = NULL;   /* a folder's: relative names */
    size_t np = 0, cap = 0;
    for (int i = 1; i < argc && failed != 2; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1] != '\0') {
            if (strchr(a, '=') == NULL && strcmp(a, "--order-counts") != 0 &&
                strcmp(a, "--follow-links") != 0 && !(a[1] == 'j' && a[2] != '\0'))
                i++;  /* skip the option's value */
            continue;
        }
        struct stat st;
        char **names = NULL;
        size_t n = 1;
        int dir = stat(a, &st) == 0 && S_ISDIR(st.st_mode);
        if (dir) {
            chr_error err = {0};
            if (chr_corpus_list(a, &opts, &names, &n, &err) != 0) {
                cli_report(&err);
                failed = 1;
                continue;
            }
        }
        for (size_t k = 0; k < n; k++) {
            if (np == cap) {
                cap = cap ? cap * 2 : 64;
                char **nv = realloc(paths, cap * sizeof *nv);
                if (nv != NULL)
                    paths = nv;
                char **nn = nv ? realloc(docnames, cap * sizeof *nn) : NULL;
                if (nn == NULL) {
                    failed = 2;
                    break;
                }
                docnames = nn;
            }
            size_t plen = strlen(a) + (dir ? strlen(names[k]) + 2 : 1);
            docnames[np] = NULL;
            if ((paths[np] = malloc(plen)) == NULL ||
                (dir && (docnames[np] = strdup(names[k])) == NULL)) {
                free(paths[np]);
                failed = 2;
                break;
            }
            if (dir)
                snprintf(paths[np], plen, "%s/%s", a, names[k]);
            else
                snprintf(paths[np], plen, "%s", a);
            np++;
        }
        chr_corpus_names_free(names, dir ? n : 0);
    }
    if (failed != 2 && counts_only) {
        opts.report = cli_report_cb;
        chr_order_counts k;
        chr_error err = {0};
        char line[128];
        if (chr_corpus_orders((const char *const *)paths, np, &opts, &k, &err) != 0) {
            cli_report(&err);
            failed = 2;
        } else {
            int n = snprintf(line, sizeof line, "{\"kind\":\"orders\",\"dmy\":%zu,\"mdy\":%zu,\"open\":%zu}\n",
                             k.dmy, k.mdy, k.open);
            if (cli_out(line, (size_t)n) != 0)
                failed = 2;
        }
    } else if (failed != 2) {
        struct extract_ctx x = {&opts, 0};
        opts.report = report;
        opts.report_ctx = &x;
        chr_error err = {0};
        opts.names = (const char *const *)docnames;
        if (chr_corpus_map((const char *const *)paths, np, &opts, extract_one, print_one,
                           drop_lines, &x, &err) != 0) {
            if (err.msg[0] != '\0')
                cli_report(&err);
            failed = 2;
        }
    }
    for (size_t k = 0; k < np; k++) {
        free(paths[k]);
        free(docnames[k]);
    }
    free(paths);
    free(docnames);
    /* bad documents are reported and skipped, as in `timeline`; only a
     * failed write is fatal */
    return cli_finish(failed == 2 ? EXIT_FAIL : EXIT_OK);
usage:
    fputs(cmd_extract.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_extract = {
    "extract", "print the event mentions of documents as JSON lines (map step)",
    "usage: chronicle extract FILE|DIR... [--dct YYYY-MM-DD] [--date-order dmy|mdy]\n"
    "                         [--follow-links] [--corpus-order dmy|mdy|none] [-j N]\n"
    "                         [--no-recurse] [--encoding CHARSET]\n"
    "       chronicle extract FILE|DIR... --order-counts\n"
    "\n"
    "For each document, prints a {\"kind\":\"document\",...} line and one\n"
    "{\"kind\":\"mention\",...} line per dated event mention.  Each document is\n"
    "processed on its own, so the work can be split across processes or\n"
    "machines and put back together with 'chronicle merge'.\n"
    "Numeric dates such as 11/01/2019 follow each document's own convention,\n"
    "then the majority of all the inputs, then --date-order, then day first;\n"
    "documents that need the majority are written after the others.\n"
    "Shards extracted apart see only their own majority; to get exactly the\n"
    "bytes of one run, sum the {\"kind\":\"orders\",\"dmy\":N,\"mdy\":N,...}\n"
    "line that --order-counts prints for each shard (it reads the documents\n"
    "but does not tag them) and give every shard the order the sums show\n"
    "with --corpus-order: dmy if dmy > mdy, mdy if mdy > dmy, else none.\n"
    "Unusable files are reported on stderr and skipped (exit 0); a failed\n"
    "write exits 1.\n",
    run};
