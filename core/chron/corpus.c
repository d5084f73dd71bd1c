/*
 * corpus.c - the pipeline over a set of documents: each is read and
 * analysed once, its events extracted, and the mentions merged into one
 * chronology.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chronicle/corpus.h"
#include "chronicle/extract.h"
#include "chronicle/doc.h"
#include "chronicle/sidecar.h"
#include "chronicle/utf8.h"
void chr_corpus_opts_init(chr_corpus_opts *o)
{
    memset(o, 0, sizeof *o);
    o->order = CHR_ORDER_AUTO;
    o->dct = CHR_NO_DAY;
    o->corpus_order = CHR_ORDER_AUTO;
    o->jobs = 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void chr_corpus_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

int chr_corpus_list(const char *dir, char ***names, size_t *n, chr_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return chr_error_set(err, CHR_EIO, dir, CHR_NO_OFFSET, "cannot list folder: %s", chr_strerror(errno, (char[96]){0}, 96));
    char **v = NULL;
    size_t cnt = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    char path[4096];
    while ((de = readdir(d)) != NULL) {
        const char *nm = de->d_name;
        /* hidden files (and the daemon's .chronicle state), sidecars,
         * editor backups */
        if (nm[0] == '.' || ends_with(nm, ".meta.json") || ends_with(nm, "~"))
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, nm) >= sizeof path)
            continue;
        /* Folders are not documents.  FIFOs, sockets and devices stay in
         * the list, so that reading them reports what they are (without
         * waiting on them), and so does an entry that cannot be examined. */
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            continue;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 64;
            char **nv = realloc(v, cap * sizeof *nv);
            if (nv == NULL) {
                rc = CHR_ENOMEM;
                break;
            }
            v = nv;
        }
        if ((v[cnt] = strdup(nm)) == NULL) {
            rc = CHR_ENOMEM;
            break;
        }
        cnt++;
    }
    closedir(d);
    if (rc) {
        chr_corpus_names_free(v, cnt);
        return chr_error_set(err, rc, dir, CHR_NO_OFFSET, "out of memory listing folder");
    }
    if (cnt)
        qsort(v, cnt, sizeof *v, name_cmp);
    *names = v;
    *n = cnt;
    return 0;
}

/* Is the file at path one chronicle may read: a name that is UTF-8, and
 * no symbolic link leading out of its folder (unless follow)?  0, or an
 * error naming the file. */
static int may_read(const char *path, int follow, chr_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    size_t len = strlen(name), bad = chr_utf8_check(name, len, NULL, 0);
    if (bad < len)
        return chr_error_set(err, CHR_EINVAL, path, bad,
                             "the file name is not UTF-8 (byte %zu); expected a UTF-8 name, "
                             "left out", bad);
    struct stat st;
    if (follow || lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return 0;
    char dir[4096], *real = realpath(path, NULL), *rdir = NULL;
    if (slash != NULL && (size_t)(slash - path) < sizeof dir) {
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = '\0';
    } else {
        snprintf(dir, sizeof dir, ".");
    }
    rdir = realpath(dir, NULL);
    size_t n = rdir ? strlen(rdir) : 0;
    /* a link that leads nowhere (dangling, a loop) is left to open(),
     * which says why */
    int inside = real == NULL || (rdir && strncmp(real, rdir, n) == 0 && real[n] == '/');
    free(real);
    free(rdir);
    return inside ? 0
                  : chr_error_set(err, CHR_EINVAL, path, CHR_NO_OFFSET,
                                  "a symbolic link that leaves the corpus folder; not "
                                  "followed (--follow-links reads it)");
}

chr_analysis *chr_corpus_open(const char *path, const chr_corpus_opts *opts,
                              int allow_bad_bytes, chr_error *err)
{
    if (may_read(path, opts ? opts->follow_links : 0, err) != 0)
        return NULL;
    chr_doc *doc = chr_doc_read(path, NULL, err);
    if (doc == NULL)
        return NULL;
    size_t first;
    const char *why;
    if (!allow_bad_bytes && chr_doc_bad_bytes(doc, &first, &why)) {
        chr_error_set(err, CHR_EUTF8, path, first, "%s; expected UTF-8 text", why);
        chr_doc_free(doc);
        return NULL;
    }
    chr_analysis_opts ao;
    chr_analysis_opts_init(&ao);
    ao.given = opts ? opts->order : CHR_ORDER_AUTO;
    if (opts && opts->dct != CHR_NO_DAY) {
        ao.dct = opts->dct;
        ao.dct_source = CHR_DCT_GIVEN;
    } else {
        int64_t day;
        char *title = NULL;
        int sc = chr_sidecar_read(path, &day, &title, err);
        if (sc < 0) {
            chr_doc_free(doc);
            return NULL;
        }
        if (sc > 0 && day != CHR_NO_DAY) {
            ao.dct = day;
            ao.dct_source = CHR_DCT_SIDECAR;
        }
        ao.title = title;
        chr_analysis *a = chr_analysis_new(doc, &ao, err);
        free(title);
        return a;
    }
    return chr_analysis_new(doc, &ao, err);
}

int chr_corpus_extract(chr_analysis *a, const chr_corpus_opts *opts, chr_docinfo *info,
                       chr_mention_list *out, chr_error *err)
{
    chr_doc *doc = chr_analysis_doc(a);
    const chr_dct *dct = chr_analysis_dct(a);
    size_t len;
    chr_doc_text(doc, &len);
    memset(info, 0, sizeof *info);
    info->dct = CHR_NO_DAY;
    info->name = strdup(chr_doc_name(doc));
    info->dct_how = strdup(dct->how);
    int nomem = 0;
    if (chr_analysis_title(a) != NULL)
        nomem = (info->title = strdup(chr_analysis_title(a))) == NULL;
    else
        nomem = chr_doc_title(doc, &info->title) != 0;
    if (info->name == NULL || info->dct_how == NULL || nomem) {
        chr_docinfo_clear(info);
        return chr_error_set(err, CHR_ENOMEM, chr_doc_path(doc), CHR_NO_OFFSET, "out of memory");
    }
    memcpy(info->sha256, chr_doc_sha256(doc), 65);
    info->mtime = chr_doc_mtime(doc);
    info->bytes = len;
    info->dct = dct->day;
    info->dct_source = dct->source;
    info->fingerprint = chr_doc_fingerprint(doc);
    chr_extract_opts eo = {opts ? opts->keep_undated : 0};
    return chr_extract(a, &eo, out, err);
}

int chr_corpus_extract_file(const char *path, const chr_corpus_opts *opts,
                            chr_docinfo *info, chr_mention_list *out, chr_error *err)
{
    memset(info, 0, sizeof *info);
    info->dct = CHR_NO_DAY;
    chr_analysis *a = chr_corpus_open(path, opts, 0, err);
    if (a == NULL)
        return err ? err->code : CHR_EIO;
    int rc = chr_analysis_run(a, CHR_ORDER_AUTO, err);
    if (rc == 0)
        rc = chr_corpus_extract(a, opts, info, out, err);
    chr_analysis_free(a);
    return rc;
}

int chr_corpus_orders(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                      chr_order_counts *out, chr_error *err)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        chr_error e = {0};
        chr_analysis *a = chr_corpus_open(paths[i], opts, 0, &e);
        if (a == NULL) {
            if (e.code == CHR_ENOMEM)
                return chr_error_set(err, CHR_ENOMEM, paths[i], CHR_NO_OFFSET, "out of memory");
            if (opts && opts->report)
                opts->report(opts->report_ctx, &e);
            continue;
        }
        const chr_order_counts *k = chr_analysis_order_counts(a);
        out->dmy += k->dmy;
        out->mdy += k->mdy;
        out->open += k->open;
        chr_analysis_free(a);
    }
    return 0;
}

struct build_ctx {
    chr_chron *c;
    const chr_corpus_opts *opts;
};

/* One document's record and mentions, extracted on a worker. */
struct extracted {
    int rc;
    chr_docinfo info;
    chr_mention_list ml;
    chr_error e;
};

static int extract_document(void *ctx, const char *path, chr_analysis *a, void **result)
{
    struct build_ctx *b = ctx;
    (void)path;
    struct extracted *x = calloc(1, sizeof *x);
    if (x == NULL)
        return CHR_ENOMEM;
    x->rc = chr_corpus_extract(a, b->opts, &x->info, &x->ml, &x->e);
    *result = x;
    return 0;
}

static void drop_extracted(void *ctx, void *result)
{
    struct extracted *x = result;
    (void)ctx;
    chr_docinfo_clear(&x->info);
    chr_mention_list_free(&x->ml);
    free(x);
}

static int add_document(void *ctx, const char *path, void *result)
{
    struct build_ctx *b = ctx;
    struct extracted *x = result;
    int rc = x->rc;
    if (rc == 0)
        rc = chr_chron_add_doc(b->c, &x->info, &x->e);
    for (size_t k = 0; rc == 0 && k < x->ml.count; k++)
        rc = chr_chron_add_mention(b->c, &x->ml.items[k], &x->e);
    if (rc != 0 && rc != CHR_ENOMEM && b->opts->report) {
        if (x->e.file[0] == '\0')
            snprintf(x->e.file, sizeof x->e.file, "%s", path);
        b->opts->report(b->opts->report_ctx, &x->e);
    }
    drop_extracted(ctx, x);
    return rc == CHR_ENOMEM ? rc : 0;
}

chr_chron *chr_corpus_build(const char *dir, const chr_corpus_opts *opts, chr_error *err)
{
    chr_corpus_opts local;
    chr_corpus_opts_init(&local);
    if (opts)
        local = *opts;
    char **names;
    size_t n;
    if (chr_corpus_list(dir, &names, &n, err) != 0)
        return NULL;
    chr_chron *c = chr_chron_new();
    char **paths = calloc(n ? n : 1, sizeof *paths);
    int rc = c && paths ? 0 : chr_error_set(err, CHR_ENOMEM, dir, CHR_NO_OFFSET, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t l = strlen(dir) + strlen(names[i]) + 2;
        if ((paths[i] = malloc(l)) == NULL)
            rc = chr_error_set(err, CHR_ENOMEM, dir, CHR_NO_OFFSET, "out of memory");
        else
            snprintf(paths[i], l, "%s/%s", dir, names[i]);
    }
    struct build_ctx b = {c, &local};
    if (rc == 0)
        rc = chr_corpus_map((const char *const *)paths, n, &local, extract_document,
                            add_document, drop_extracted, &b, err);
    if (rc == CHR_EINVAL && err && err->file[0] == '\0')
        snprintf(err->file, sizeof err->file, "%s", dir);
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    chr_corpus_names_free(names, n);
    if (rc == 0 && chr_chron_build(c, err) != 0)
        rc = CHR_ENOMEM;
    if (rc != 0) {
        chr_chron_free(c);
        return NULL;
    }
    return c;
}
