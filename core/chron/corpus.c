/* corpus.c - a folder of documents to a chronology. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chronicle/corpus.h"
#include "chronicle/doc.h"
#include "chronicle/json.h"

void chr_corpus_opts_init(chr_corpus_opts *o)
{
    memset(o, 0, sizeof *o);
    o->order = CHR_ORDER_AUTO;
    o->dct = CHR_NO_DAY;
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
        return chr_error_set(err, CHR_EIO, dir, 0, "cannot list folder: %s", chr_strerror(errno, (char[96]){0}, 96));
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
        /* Folders and devices are not documents.  An entry that cannot be
         * examined stays in the list so that reading it reports why. */
        struct stat st;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
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
        return chr_error_set(err, rc, dir, 0, "out of memory listing folder");
    }
    if (cnt)
        qsort(v, cnt, sizeof *v, name_cmp);
    *names = v;
    *n = cnt;
    return 0;
}

/* NAME.meta.json beside the document, with or without its extension. */
static int sidecar(const char *path, int64_t *day, chr_error *err)
{
    char side[4096];
    struct stat st;
    if ((size_t)snprintf(side, sizeof side, "%s.meta.json", path) < sizeof side &&
        stat(side, &st) == 0)
        return chr_json_read_sidecar(side, day, err) == 0 ? 1 : -1;
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (dot && (!slash || dot > slash + 1)) {
        int n = snprintf(side, sizeof side, "%.*s.meta.json", (int)(dot - path), path);
        if (n > 0 && (size_t)n < sizeof side && stat(side, &st) == 0)
            return chr_json_read_sidecar(side, day, err) == 0 ? 1 : -1;
    }
    return 0;
}

int chr_corpus_doc_dct(const char *path, const chr_doc *doc,
                       const chr_corpus_opts *opts, chr_dct *dct, chr_error *err)
{
    size_t len;
    const char *text = chr_doc_text(doc, &len);
    chr_date_order order = opts ? opts->order : CHR_ORDER_AUTO;
    int64_t given = opts ? opts->dct : CHR_NO_DAY;
    chr_dct_infer(text, len, order, dct);
    int64_t side = CHR_NO_DAY;
    int sc = given != CHR_NO_DAY ? 0 : sidecar(path, &side, err);
    if (sc < 0)
        return err ? err->code : CHR_EPARSE;
    if (given != CHR_NO_DAY) {
        dct->day = given;
        dct->source = CHR_DCT_GIVEN;
        snprintf(dct->how, sizeof dct->how, "given on the command line");
    } else if (sc > 0) {
        dct->day = side;
        dct->source = CHR_DCT_SIDECAR;
        snprintf(dct->how, sizeof dct->how, "sidecar NAME.meta.json");
    }
    return 0;
}

int chr_corpus_extract_file(const char *path, const chr_corpus_opts *opts,
                            chr_docinfo *info, chr_mention_list *out, chr_error *err)
{
    chr_corpus_opts defaults;
    if (opts == NULL) {
        chr_corpus_opts_init(&defaults);
        opts = &defaults;
    }
    memset(info, 0, sizeof *info);
    info->dct = CHR_NO_DAY;
    chr_doc *doc = chr_doc_read(path, NULL, err);
    if (doc == NULL)
        return err ? err->code : CHR_EIO;
    size_t first;
    const char *why;
    if (chr_doc_bad_bytes(doc, &first, &why)) {
        chr_error_set(err, CHR_EUTF8, path, first, "%s; expected UTF-8 text", why);
        chr_doc_free(doc);
        return CHR_EUTF8;
    }
    size_t len;
    chr_doc_text(doc, &len);
    chr_dct dct;
    if (chr_corpus_doc_dct(path, doc, opts, &dct, err) != 0) {
        chr_doc_free(doc);
        return err ? err->code : CHR_EPARSE;
    }
    info->name = strdup(chr_doc_name(doc));
    info->dct_how = strdup(dct.how);
    if (info->name == NULL || info->dct_how == NULL) {
        chr_docinfo_clear(info);
        chr_doc_free(doc);
        return chr_error_set(err, CHR_ENOMEM, path, 0, "out of memory");
    }
    memcpy(info->sha256, chr_doc_sha256(doc), 65);
    info->mtime = chr_doc_mtime(doc);
    info->bytes = len;
    info->dct = dct.day;
    info->dct_source = dct.source;
    chr_extract_opts eo = {dct.order != CHR_ORDER_AUTO ? dct.order : opts->order,
                           opts->keep_undated};
    int rc = chr_event_extract(doc, &dct, &eo, out, err);
    chr_doc_free(doc);
    return rc;
}

chr_date_order chr_corpus_order(const char *const *paths, size_t n)
{
    size_t dmy = 0, mdy = 0;
    char *buf = malloc(1 << 16);
    if (buf == NULL)
        return CHR_ORDER_AUTO;
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(paths[i], "rb");
        if (f == NULL)
            continue;
        size_t got, keep = 0;
        /* overlapping windows so a date split between reads still counts */
        while ((got = fread(buf + keep, 1, (1 << 16) - keep, f)) > 0) {
            size_t len = keep + got;
            chr_order_count(buf, len, &dmy, &mdy);
            keep = len < 16 ? len : 16;
            memmove(buf, buf + len - keep, keep);
        }
        fclose(f);
    }
    free(buf);
    return dmy > mdy ? CHR_ORDER_DMY : mdy > dmy ? CHR_ORDER_MDY : CHR_ORDER_AUTO;
}

chr_chron *chr_corpus_build(const char *dir, const chr_corpus_opts *opts, chr_error *err)
{
    char **names;
    size_t n;
    if (chr_corpus_list(dir, &names, &n, err) != 0)
        return NULL;
    chr_chron *c = chr_chron_new();
    if (c == NULL) {
        chr_corpus_names_free(names, n);
        chr_error_set(err, CHR_ENOMEM, dir, 0, "out of memory");
        return NULL;
    }
    char path[4096];
    int fatal = 0;
    /* documents that show no order of their own follow the corpus's
     * majority, then the caller's order, then day first */
    chr_corpus_opts local;
    chr_corpus_opts_init(&local);
    if (opts)
        local = *opts;
    {
        char **paths = calloc(n ? n : 1, sizeof *paths);
        size_t np = 0;
        for (size_t i = 0; paths && i < n; i++) {
            size_t l = strlen(dir) + strlen(names[i]) + 2;
            if ((paths[np] = malloc(l)) != NULL)
                snprintf(paths[np++], l, "%s/%s", dir, names[i]);
        }
        chr_date_order corpus = paths ? chr_corpus_order((const char *const *)paths, np)
                                      : CHR_ORDER_AUTO;
        if (corpus != CHR_ORDER_AUTO)
            local.order = corpus;  /* before --date-order, as documented */
        for (size_t i = 0; i < np; i++)
            free(paths[i]);
        free(paths);
    }
    opts = &local;
    for (size_t i = 0; i < n && !fatal; i++) {
        if (opts->cancel != NULL && *opts->cancel) {
            chr_error_set(err, CHR_EINVAL, dir, 0, "cancelled");
            fatal = 1;
            break;
        }
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        chr_docinfo info;
        chr_mention_list ml = {0};
        chr_error e = {0};
        int rc = chr_corpus_extract_file(path, opts, &info, &ml, &e);
        if (rc == 0) {
            rc = chr_chron_add_doc(c, &info, &e);
            for (size_t k = 0; rc == 0 && k < ml.count; k++)
                rc = chr_chron_add_mention(c, &ml.items[k], &e);
        }
        chr_docinfo_clear(&info);
        chr_mention_list_free(&ml);
        if (rc == CHR_ENOMEM) {
            chr_error_set(err, CHR_ENOMEM, path, 0, "out of memory");
            fatal = 1;
        } else if (rc != 0 && opts && opts->report) {
            opts->report(opts->report_ctx, &e);
        }
    }
    chr_corpus_names_free(names, n);
    if (!fatal && chr_chron_build(c, err) != 0)
        fatal = 1;
    if (fatal) {
        chr_chron_free(c);
        return NULL;
    }
    return c;
}
