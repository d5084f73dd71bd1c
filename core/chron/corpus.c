/*
 * corpus.c - the pipeline over a set of documents: each is read and
 * analysed once, its events extracted, and the mentions merged into one
 * chronology.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chron/corpus_int.h"
#include "chronicle/corpus.h"
#include "chronicle/extract.h"
#include "chronicle/doc.h"
#include "chronicle/format.h"
#include "chronicle/sidecar.h"
#include "chronicle/utf8.h"
#include "base/grow_int.h"
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

/* Names being listed. */
typedef struct listing {
    char **v;
    size_t n, cap;
    dev_t state_dev;
    ino_t state_ino;
    int has_state;
    int sig_only;        /* chr_corpus_signature: sum, do not keep names */
    int dirs_only;       /* chr_corpus_folders: the folders entered */
    uint64_t sig;
    double newest;
} listing;

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}

/* Count an entry (relative name, its stat) into the signature. */
static void sig_add(listing *l, const char *name, const struct stat *st)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    if (st != NULL) {
        h = mix(h ^ (uint64_t)st->st_size);
        h = mix(h ^ (uint64_t)st->st_mtim.tv_sec);
        h = mix(h ^ (uint64_t)st->st_mtim.tv_nsec);
        h = mix(h ^ (uint64_t)st->st_ino);
        h = mix(h ^ (uint64_t)st->st_mode);
        double t = (double)st->st_mtim.tv_sec + (double)st->st_mtim.tv_nsec / 1e9;
        if (t > l->newest)
            l->newest = t;
    }
    l->sig += mix(h);
}

static int list_add(listing *l, const char *name)
{
    if (CHR_GROW(l->v, l->n, l->cap, 64) != 0)
        return CHR_ENOMEM;
    if ((l->v[l->n] = strdup(name)) == NULL)
        return CHR_ENOMEM;
    l->n++;
    return 0;
}

/* Folders that hold no documents: version control's own. */
static int vcs_folder(const char *nm)
{
    return strcmp(nm, "CVS") == 0 || strcmp(nm, "_darcs") == 0 || strcmp(nm, "RCS") == 0;
}

/* The documents of root/rel (rel "" for root itself), depth folders down. */
static int list_dir(listing *l, const char *root, const char *rel, int depth, int recurse,
                    chr_error *err)
{
    char here[4096];
    if ((size_t)snprintf(here, sizeof here, "%s%s%s", root, rel[0] ? "/" : "", rel) >= sizeof here)
        return 0;
    DIR *d = opendir(here);
    if (d == NULL) {
        if (depth > 0)
            return 0;   /* a subfolder that cannot be listed: its files are not there */
        return chr_error_set(err, CHR_EIO, root, CHR_NO_OFFSET, "cannot list folder: %s",
                             chr_strerror(errno, (char[96]){0}, 96));
    }
    struct dirent *de;
    int rc = 0;
    char path[4096], name[4096];
    while (rc == 0 && (de = readdir(d)) != NULL) {
        const char *nm = de->d_name;
        /* hidden files and folders (the daemon's .chronicle state, .git),
         * sidecars, editor backups */
        if (nm[0] == '.')
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", here, nm) >= sizeof path ||
            (size_t)snprintf(name, sizeof name, "%s%s%s", rel, rel[0] ? "/" : "", nm) >= sizeof name)
            continue;
        struct stat st, lst;
        int ok = stat(path, &st) == 0;
        /* a sidecar's change changes the corpus too; a subfolder's only
         * when it is read */
        if (l->sig_only && (recurse || !ok || !S_ISDIR(st.st_mode)))
            sig_add(l, name, ok ? &st : NULL);
        if (ends_with(nm, ".meta.json") || ends_with(nm, "~"))
            continue;
        /* Folders are entered, not read.  FIFOs, sockets and devices stay
         * in the list, so that reading them reports what they are
         * (without waiting on them), and so does an entry that cannot be
         * examined. */
        if (ok && S_ISDIR(st.st_mode)) {
            if (!recurse || depth + 1 >= CHR_CORPUS_MAX_DEPTH || vcs_folder(nm) ||
                (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) ||
                (l->has_state && st.st_dev == l->state_dev && st.st_ino == l->state_ino))
                continue;
            if (l->dirs_only && list_add(l, name) != 0)
                rc = chr_error_set(err, CHR_ENOMEM, root, CHR_NO_OFFSET, "out of memory listing folder");
            if (rc == 0)
                rc = list_dir(l, root, name, depth + 1, recurse, err);
            continue;
        }
        if (l->sig_only || l->dirs_only)
            continue;
        if (list_add(l, name) != 0)
            rc = chr_error_set(err, CHR_ENOMEM, root, CHR_NO_OFFSET, "out of memory listing folder");
    }
    closedir(d);
    return rc;
}

static void state_of(listing *l, const chr_corpus_opts *opts)
{
    struct stat st;
    if (opts && opts->state_dir && stat(opts->state_dir, &st) == 0) {
        l->state_dev = st.st_dev;
        l->state_ino = st.st_ino;
        l->has_state = 1;
    }
}

uint64_t chr_corpus_signature(const char *dir, const chr_corpus_opts *opts, double *newest)
{
    listing l = {0};
    state_of(&l, opts);
    l.sig_only = 1;
    l.sig = 0x9e3779b97f4a7c15u;
    int rc = list_dir(&l, dir, "", 0, !(opts && opts->no_recurse), NULL);
    if (newest)
        *newest = l.newest;
    return rc != 0 ? 1 : l.sig;
}

static int list_names(const char *dir, const chr_corpus_opts *opts, int dirs, char ***names,
                      size_t *n, chr_error *err)
{
    *names = NULL;
    *n = 0;
    listing l = {0};
    state_of(&l, opts);
    l.dirs_only = dirs;
    int rc = list_dir(&l, dir, "", 0, !(opts && opts->no_recurse), err);
    if (rc) {
        chr_corpus_names_free(l.v, l.n);
        return rc;
    }
    if (l.n)
        qsort(l.v, l.n, sizeof *l.v, name_cmp);
    *names = l.v;
    *n = l.n;
    return 0;
}

int chr_corpus_list(const char *dir, const chr_corpus_opts *opts, char ***names, size_t *n,
                    chr_error *err)
{
    return list_names(dir, opts, 0, names, n, err);
}

int chr_corpus_folders(const char *dir, const chr_corpus_opts *opts, char ***names, size_t *n,
                       chr_error *err)
{
    return list_names(dir, opts, 1, names, n, err);
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
    return chr_corpus_open_named(path, NULL, opts, allow_bad_bytes, err);
}

/* What the file says about itself, into the analysis options: its date,
 * and its title unless the sidecar gave one (a weak title -- a PDF's --
 * only when the text has no heading of its own).  *title is malloc'd. */
static int file_meta(const chr_format_meta *m, chr_doc *doc, chr_analysis_opts *ao,
                     char **title)
{
    ao->file_dct = m->date;
    ao->file_dct_weak = m->date_weak;
    ao->file_dct_how = m->date_how;
    if (*title != NULL || m->title == NULL)
        return 0;
    if (m->title_weak && chr_doc_title(doc, title) != 0)
        return CHR_ENOMEM;
    if (*title == NULL && (*title = strdup(m->title)) == NULL)
        return CHR_ENOMEM;
    return 0;
}

chr_analysis *chr_corpus_open_named(const char *path, const char *name,
                                    const chr_corpus_opts *opts, int allow_bad_bytes,
                                    chr_error *err)
{
    if (may_read(path, opts ? opts->follow_links : 0, err) != 0)
        return NULL;
    chr_format_opts fo = {opts ? opts->encoding : NULL};
    chr_format_meta meta;
    chr_doc *doc = chr_format_read(path, name, &fo, &meta, err);
    if (doc == NULL) {
        chr_format_meta_clear(&meta);
        return NULL;
    }
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
    char *title = NULL;
    if (opts && opts->dct != CHR_NO_DAY) {
        ao.dct = opts->dct;
        ao.dct_source = CHR_DCT_GIVEN;
    } else {
        int64_t day;
        int sc = chr_sidecar_read(path, &day, &title, err);
        if (sc < 0) {
            chr_format_meta_clear(&meta);
            chr_doc_free(doc);
            return NULL;
        }
        if (sc > 0 && day != CHR_NO_DAY) {
            ao.dct = day;
            ao.dct_source = CHR_DCT_SIDECAR;
        }
    }
    if (file_meta(&meta, doc, &ao, &title) != 0) {
        chr_error_set(err, CHR_ENOMEM, path, 0, "out of memory");
        free(title);
        chr_format_meta_clear(&meta);
        chr_doc_free(doc);
        return NULL;
    }
    ao.title = title;
    chr_analysis *a = chr_analysis_new(doc, &ao, err);
    free(title);
    chr_format_meta_clear(&meta);
    return a;
}

/* The document record of an analysis that has run. */
static int doc_record(chr_analysis *a, chr_docinfo *info, chr_error *err)
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
    if (chr_doc_converted(doc))
        memcpy(info->text_sha256, chr_doc_text_sha256(doc), 65);
    snprintf(info->format, sizeof info->format, "%s", chr_doc_format(doc));
    snprintf(info->encoding, sizeof info->encoding, "%s", chr_doc_encoding(doc));
    info->mtime = chr_doc_mtime(doc);
    info->bytes = len;
    info->dct = dct->day;
    info->dct_source = dct->source;
    info->fingerprint = chr_doc_fingerprint(doc);
    return 0;
}

int chr_corpus_extract(chr_analysis *a, const chr_corpus_opts *opts, chr_docinfo *info,
                       chr_mention_list *out, chr_error *err)
{
    int rc = doc_record(a, info, err);
    if (rc != 0)
        return rc;
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
    const char *const *names;      /* the documents' */
    chr_memo_build *memo;          /* or NULL */
    chr_report_fn report;          /* the caller's */
    void *report_ctx;
    size_t left_out;
    chr_error first_bad;           /* the first file left out */
    /* Documents read, by fingerprint: the first name of each.  A copy of
     * a document first by name that was read is not extracted: the
     * chronology gives a copy's mentions to its original (chron.c). */
    pthread_mutex_t lock;
    struct seen { uint64_t fp; char *name; } *seen;
    size_t nseen, capseen;
    size_t copies;                 /* copies not extracted */
};

/* The slot of fp in b's table of documents read (b->lock held). */
static struct seen *seen_slot(struct build_ctx *b, uint64_t fp)
{
    size_t k = (size_t)fp & (b->capseen - 1);
    while (b->seen[k].fp != 0 && b->seen[k].fp != fp)
        k = (k + 1) & (b->capseen - 1);
    return &b->seen[k];
}

/* Is a document called name with fingerprint fp a copy of one read
 * before it by name? */
static int copy_of_read(struct build_ctx *b, uint64_t fp, const char *name)
{
    if (fp == 0)
        return 0;
    pthread_mutex_lock(&b->lock);
    const struct seen *s = b->capseen ? seen_slot(b, fp) : NULL;
    int copy = s != NULL && s->fp != 0 && strcmp(s->name, name) < 0;
    b->copies += (size_t)copy;
    pthread_mutex_unlock(&b->lock);
    return copy;
}

/* A document called name with fingerprint fp was read, mentions and all:
 * its later copies by name need not be. */
static void mark_read(struct build_ctx *b, uint64_t fp, const char *name)
{
    if (fp == 0)
        return;
    pthread_mutex_lock(&b->lock);
    if ((b->nseen + 1) * 2 > b->capseen) {
        size_t cap = b->capseen ? b->capseen * 2 : 256;
        struct seen *v = calloc(cap, sizeof *v), *old = b->seen;
        size_t ocap = b->capseen;
        if (v == NULL) {
            pthread_mutex_unlock(&b->lock);
            return;                 /* its copies are extracted: right, if slower */
        }
        b->seen = v;
        b->capseen = cap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].fp != 0)
                *seen_slot(b, old[i].fp) = old[i];
        free(old);
    }
    struct seen *s = seen_slot(b, fp);
    if (s->fp == 0 || strcmp(name, s->name) < 0) {
        char *copy = strdup(name);
        if (copy != NULL) {
            b->nseen += s->fp == 0;
            free(s->name);
            s->fp = fp;
            s->name = copy;
        }
    }
    pthread_mutex_unlock(&b->lock);
}

static void count_left_out(void *ctx, const chr_error *e)
{
    struct build_ctx *b = ctx;
    if (b->left_out++ == 0)
        b->first_bad = *e;
    if (b->report)
        b->report(b->report_ctx, e);
}

/* One document's record and mentions, extracted on a worker, and its
 * converted text when the caller keeps those. */
struct extracted {
    int rc;
    int copy;                      /* a copy: not extracted */
    chr_docinfo info;
    chr_mention_list ml;
    chr_error e;
    char *text;
    size_t text_len;
};

static int extract_document(void *ctx, const char *path, chr_analysis *a, void **result)
{
    struct build_ctx *b = ctx;
    (void)path;
    struct extracted *x = calloc(1, sizeof *x);
    if (x == NULL)
        return CHR_ENOMEM;
    *result = x;
    x->rc = doc_record(a, &x->info, &x->e);
    if (x->rc == 0) {
        x->copy = copy_of_read(b, x->info.fingerprint, x->info.name);
        chr_extract_opts eo = {b->opts->keep_undated};
        if (!x->copy && (x->rc = chr_extract(a, &eo, &x->ml, &x->e)) == 0)
            mark_read(b, x->info.fingerprint, x->info.name);
    }
    const chr_doc *doc = chr_analysis_doc(a);
    if (x->rc == 0 && b->opts->keep_text != NULL && chr_doc_converted(doc)) {
        /* copied: the analysis, and the document with it, goes when this
         * returns */
        const char *text = chr_doc_text(doc, &x->text_len);
        if ((x->text = malloc(x->text_len + 1)) == NULL)
            return CHR_ENOMEM;
        memcpy(x->text, text, x->text_len);
        x->text[x->text_len] = '\0';
    }
    return 0;
}

static void drop_extracted(void *ctx, void *result);

/* An unchanged document from the memo: what extract_document made of it
 * last time. */
static int reuse_document(void *ctx, size_t i, const char *path, const chr_date_order *corpus,
                          void **result, chr_order_counts *counts)
{
    struct build_ctx *b = ctx;
    struct extracted *x = calloc(1, sizeof *x);
    if (x == NULL)
        return 0;
    int copy;
    int k = chr_memo_reuse(b->memo, i, b->names[i], path, corpus, &x->info, &x->ml, counts,
                           &copy, &x->text, &x->text_len);
    if (k != 1) {
        free(x);
        return k;
    }
    if (copy && !copy_of_read(b, x->info.fingerprint, x->info.name)) {
        /* its original is not read (yet): read it in full */
        chr_memo_untake(b->memo, i);
        drop_extracted(ctx, x);
        return 0;
    }
    x->copy = copy;
    if (!copy)
        mark_read(b, x->info.fingerprint, x->info.name);
    *result = x;
    return 1;
}

static void keep_document(void *ctx, size_t i, const void *result, const chr_order_counts *counts,
                          const chr_date_order *corpus)
{
    struct build_ctx *b = ctx;
    const struct extracted *x = result;
    /* a copy is remembered as one: taken only while its original is read */
    if (x->rc == 0)
        chr_memo_keep(b->memo, i, b->names[i], &x->info, &x->ml, counts, corpus, x->copy,
                      x->text, x->text_len);
}

static void drop_extracted(void *ctx, void *result)
{
    struct extracted *x = result;
    (void)ctx;
    chr_docinfo_clear(&x->info);
    chr_mention_list_free(&x->ml);
    free(x->text);
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
    if (rc == 0 && x->text != NULL) {
        char *text = x->text;
        x->text = NULL;
        if (b->opts->keep_text(b->opts->keep_text_ctx, x->info.name, text, x->text_len) < 0)
            rc = CHR_ENOMEM;
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
    if (chr_corpus_list(dir, &local, &names, &n, err) != 0)
        return NULL;
    chr_chron *c = chr_chron_new();
    if (c != NULL)
        chr_chron_set_jobs(c, local.jobs);
    char **paths = calloc(n ? n : 1, sizeof *paths);
    int rc = c && paths ? 0 : chr_error_set(err, CHR_ENOMEM, dir, CHR_NO_OFFSET, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t l = strlen(dir) + strlen(names[i]) + 2;
        if ((paths[i] = malloc(l)) == NULL)
            rc = chr_error_set(err, CHR_ENOMEM, dir, CHR_NO_OFFSET, "out of memory");
        else
            snprintf(paths[i], l, "%s/%s", dir, names[i]);
    }
    /* count what is left out, so a folder with no usable document can say
     * so instead of giving an empty timeline */
    struct build_ctx b = {c, &local, (const char *const *)names, NULL, local.report,
                          local.report_ctx, 0, {0}, PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, 0};
    local.report = count_left_out;
    local.report_ctx = &b;
    /* documents are named by their path in the folder */
    local.names = (const char *const *)names;
    if (rc == 0 && chr_memo_begin(local.memo, &local, n, &b.memo) != 0)
        rc = chr_error_set(err, CHR_ENOMEM, dir, CHR_NO_OFFSET, "out of memory");
    if (rc == 0)
        rc = chr_corpus_map_reusing((const char *const *)paths, n, &local, extract_document,
                                    add_document, drop_extracted,
                                    b.memo ? reuse_document : NULL,
                                    b.memo ? keep_document : NULL, &b, err);
    chr_memo_end(b.memo, rc == 0);
    for (size_t i = 0; i < b.capseen; i++)
        free(b.seen[i].name);
    free(b.seen);
    if (rc == CHR_EINVAL && err && err->file[0] == '\0')
        snprintf(err->file, sizeof err->file, "%s", dir);
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    chr_corpus_names_free(names, n);
    if (rc == 0 && chr_chron_doc_count(c) == 0)
        rc = n == 0 ? chr_error_set(err, CHR_EEMPTY, dir, CHR_NO_OFFSET,
                                    "no documents in the folder%s; expected text, HTML, e-mail, "
                                    "PDF or .docx files", local.no_recurse ? " (subfolders not read: "
                                    "--no-recurse)" : " or its subfolders")
                    : chr_error_set(err, CHR_EEMPTY, dir, CHR_NO_OFFSET,
                                    "none of its %zu files could be used (the first: %s: %s)",
                                    n, b.first_bad.file, b.first_bad.msg);
    if (rc == 0 && chr_chron_build(c, err) != 0)
        rc = CHR_ENOMEM;
    if (rc != 0) {
        chr_chron_free(c);
        return NULL;
    }
    return c;
}
