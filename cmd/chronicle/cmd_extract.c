/* cmd_extract.c - chronicle extract: the map step, one document at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    return cli_keep_line(&l->buf, &l->len, &l->cap, line, n);
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

/* ---- naming the documents ---- */

/* path made absolute (against the working folder) and normalised by its
 * text alone: no "." or ".." components, no repeated '/'.  Symbolic links
 * are not followed, so the names are made of the folders people typed.
 * malloc'd; NULL when out of memory or the working folder is unknown. */
static char *lexical_abs(const char *path)
{
    char cwd[4096];
    const char *base = "";
    if (path[0] != '/') {
        if (getcwd(cwd, sizeof cwd) == NULL)
            return NULL;
        base = cwd;
    }
    size_t n = strlen(base) + strlen(path) + 3;
    char *joined = malloc(n), *out = malloc(n);
    if (joined == NULL || out == NULL) {
        free(joined);
        free(out);
        return NULL;
    }
    snprintf(joined, n, "%s/%s", base, path);
    size_t o = 0;
    for (const char *p = joined; *p != '\0';) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e != '\0' && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else if (len > 0 && !(len == 1 && p[0] == '.')) {
            out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p = e;
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
    free(joined);
    return out;
}

/* The length of the deepest folder that both a and b (absolute, lexical)
 * are or lie in; 0 for "/". */
static size_t common_folder(const char *a, const char *b)
{
    size_t last = 0;
    for (size_t i = 0;; i++) {
        if ((a[i] == '\0' || a[i] == '/') && (b[i] == '\0' || b[i] == '/'))
            last = i;
        if (a[i] == '\0' || b[i] == '\0' || a[i] != b[i])
            break;
    }
    return last;
}

/* The name of the document at abs (absolute, lexical) under root (of
 * length rlen, 0 for "/"): its path below it, or NULL when it is not
 * below it. */
static const char *below(const char *abs, const char *root, size_t rlen)
{
    if (strncmp(abs, root, rlen) != 0 || abs[rlen] != '/' || abs[rlen + 1] == '\0')
        return NULL;
    return abs + rlen + 1;
}

/* The inputs, each as given and absolute; a folder's documents listed. */
struct input {
    const char *arg;
    char *abs;
    int dir;
    char **names;               /* a folder's, relative to it */
    size_t n;
};

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    cli_corpus_opts_init(&opts);
    int failed = 0, counts_only = 0;
    const char *root_arg = NULL;
    struct input *in = calloc((size_t)argc, sizeof *in);
    size_t nin = 0;
    if (in == NULL) {
        cli_err("out of memory");
        return EXIT_FAIL;
    }
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
        } else if ((m = cli_opt(argc, argv, &i, "--root", &v)) != 0) {
            if (m < 0)
                goto usage;
            if (*v == '\0') {
                cli_err("extract: empty --root");
                goto usage;
            }
            root_arg = v;
        } else if (strcmp(argv[i], "--order-counts") == 0) {
            counts_only = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_err("extract: unknown option '%s'", argv[i]);
            goto usage;
        } else {
            in[nin++].arg = argv[i];
        }
    }
    if (nin == 0) {
        cli_err("extract: no FILE given");
        goto usage;
    }
    /* Documents are named by their path below one folder: --root, else
     * the deepest folder that holds every input (a folder given alone is
     * that folder, so its names are those `timeline` gives).  Two folders
     * holding a.txt give "one/a.txt" and "two/a.txt", never two a.txt. */
    char *root = root_arg != NULL ? lexical_abs(root_arg) : NULL;
    size_t rlen = 0;
    if (root_arg != NULL && root == NULL)
        failed = 2;
    for (size_t k = 0; k < nin && failed != 2; k++) {
        struct stat st;
        in[k].dir = stat(in[k].arg, &st) == 0 && S_ISDIR(st.st_mode);
        if ((in[k].abs = lexical_abs(in[k].arg)) == NULL) {
            failed = 2;
            break;
        }
        /* the folder itself, or the folder a file is in ("" for "/") */
        size_t anchor = in[k].dir ? strlen(in[k].abs)
                                  : (size_t)(strrchr(in[k].abs, '/') - in[k].abs);
        if (root_arg != NULL)
            continue;
        if (root == NULL) {
            if ((root = strndup(in[k].abs, anchor)) == NULL)
                failed = 2;
        } else {
            char *a = strndup(in[k].abs, anchor);
            if (a == NULL)
                failed = 2;
            else
                root[common_folder(root, a)] = '\0';
            free(a);
        }
    }
    if (failed != 2) {
        rlen = strcmp(root, "/") == 0 ? 0 : strlen(root);
        root[rlen] = '\0';
    }
    for (size_t k = 0; k < nin && failed != 2 && root_arg != NULL; k++) {
        if ((in[k].dir && strcmp(in[k].abs, root) == 0 && rlen > 0) ||
            below(in[k].abs, root, rlen) != NULL || (in[k].dir && rlen == 0))
            continue;
        cli_err("extract: '%s' is not inside --root '%s'", in[k].arg, root_arg);
        free(root);
        goto usage;
    }
    /* every path first: the corpus default order is computed over every
     * input, as `timeline` does over its folder */
    char **paths = NULL, **docnames = NULL;
    size_t np = 0, cap = 0;
    for (size_t k = 0; k < nin && failed != 2; k++) {
        const char *a = in[k].arg;
        size_t n = 1;
        if (in[k].dir) {
            chr_error err = {0};
            if (chr_corpus_list(a, &opts, &in[k].names, &in[k].n, &err) != 0) {
                cli_report(&err);
                failed = 1;
                continue;
            }
            n = in[k].n;
        }
        for (size_t j = 0; j < n; j++) {
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
            const char *rel = in[k].dir ? in[k].names[j] : NULL;
            size_t plen = strlen(a) + (rel ? strlen(rel) + 2 : 1);
            size_t alen = strlen(in[k].abs) + (rel ? strlen(rel) + 2 : 1);
            char *abs = malloc(alen);
            paths[np] = malloc(plen);
            docnames[np] = NULL;
            if (abs != NULL && paths[np] != NULL) {
                snprintf(paths[np], plen, "%s%s%s", a, rel ? "/" : "", rel ? rel : "");
                snprintf(abs, alen, "%s%s%s", strcmp(in[k].abs, "/") == 0 && rel ? "" : in[k].abs,
                         rel ? "/" : "", rel ? rel : "");
                const char *name = below(abs, root, rlen);
                docnames[np] = strdup(name != NULL ? name : abs);
            }
            free(abs);
            if (docnames[np] == NULL) {
                free(paths[np]);
                failed = 2;
                break;
            }
            np++;
        }
    }
    free(root);
    if (failed == 2)
        cli_err("out of memory");
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
    for (size_t k = 0; k < nin; k++) {
        free(in[k].abs);
        chr_corpus_names_free(in[k].names, in[k].n);
    }
    free(in);
    /* bad documents are reported and skipped, as in `timeline`; only a
     * failed write is fatal */
    return cli_finish(failed == 2 ? EXIT_FAIL : EXIT_OK);
usage:
    for (size_t k = 0; k < nin; k++) {
        free(in[k].abs);
        chr_corpus_names_free(in[k].names, in[k].n);
    }
    free(in);
    fputs(cmd_extract.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_extract = {
    "extract", "print the event mentions of documents as JSON lines (map step)",
    "usage: chronicle extract FILE|DIR... [--dct YYYY-MM-DD] [--date-order dmy|mdy]\n"
    "                         [--follow-links] [--corpus-order dmy|mdy|none] [-j N]\n"
    "                         [--no-recurse] [--encoding CHARSET] [--root DIR]\n"
    "       chronicle extract FILE|DIR... --order-counts\n"
    "\n"
    "For each document, prints a {\"kind\":\"document\",...} line and one\n"
    "{\"kind\":\"mention\",...} line per dated event mention.  Each document is\n"
    "processed on its own, so the work can be split across processes or\n"
    "machines and put back together with 'chronicle merge'.\n"
    "Documents are named by their path below the deepest folder that holds\n"
    "every input (one DIR: DIR itself, so the names are those 'timeline DIR'\n"
    "gives; two folders a/ and b/ both holding x.txt: a/x.txt and b/x.txt),\n"
    "or below --root DIR, which shards extracted apart must share.\n"
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
