/*
 * memo.c - what a build learnt of each document, for the next build of
 * the same folder (chr_corpus_memo, corpus.h).
 *
 * An entry holds a document's record, its dated mentions and the numeric
 * dates it shows, under the file's identity when it was read: device,
 * inode, size, modification and change times to the nanosecond, and the
 * same of its sidecars.  The change time moves on every write, rename or
 * touch, so a file that matches was not written since.  A document whose
 * numeric dates followed the corpus's order ("04/05/2019" and no order of
 * its own) is taken only when the corpus shows the same order again.
 *
 * During a build the memo is locked (a build that finds it locked, e.g.
 * beside an abandoned one still running, reads everything).  Workers look
 * entries up by name, each name by one worker only, and write the new
 * entries into slots of their own document; the table is rebuilt from
 * them when the build ends.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/sha256_int.h"
#include "chron/corpus_int.h"

/* A file as stat shows it; all zero when there is none. */
typedef struct ident {
    uint64_t dev, ino, size;
    int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
    int64_t dangling;           /* a symbolic link to nothing (lstat's) */
} ident;

/* A document and its two possible sidecars (NAME.meta.json and
 * STEM.meta.json, as sidecar.c looks for them). */
typedef struct idents {
    ident doc, side[2];
} idents;

typedef struct entry {
    char *name;
    idents id;
    chr_order_counts counts;
    int copy;                  /* a copy of a document before it by name:
                                  no mentions of its own */
    int waits;                 /* it followed the corpus's order ... */
    chr_date_order order;      /* ... this one */
    chr_docinfo info;
    chr_mention *ms;           /* its dated mentions */
    size_t nms;
    char *text;                /* a converted document's text, when kept */
    size_t text_len;
    int taken;                 /* moved into the build under way */
} entry;

struct chr_corpus_memo {
    pthread_mutex_t busy;      /* held by the build using it */
    uint64_t key;              /* the options the entries were read with */
    entry **tab;               /* open addressing by name, NULL empty */
    size_t cap, count;
    size_t reused, read;       /* the last build's documents */
};

struct chr_memo_build {
    chr_corpus_memo *m;
    size_t n;
    entry **next;              /* by document index */
    idents *ids;               /* by document index, taken before reading */
    unsigned char *known;      /* ids[i] was taken */
    size_t reused;             /* atomic adds */
};

chr_corpus_memo *chr_corpus_memo_new(void)
{
    chr_corpus_memo *m = calloc(1, sizeof *m);
    if (m != NULL && pthread_mutex_init(&m->busy, NULL) != 0) {
        free(m);
        return NULL;
    }
    return m;
}

static void entry_free(entry *e)
{
    if (e == NULL)
        return;
    free(e->name);
    chr_docinfo_clear(&e->info);
    for (size_t k = 0; k < e->nms; k++)
        chr_mention_clear(&e->ms[k]);
    free(e->ms);
    free(e->text);
    free(e);
}

static void clear_table(chr_corpus_memo *m)
{
    for (size_t i = 0; i < m->cap; i++)
        entry_free(m->tab[i]);
    free(m->tab);
    m->tab = NULL;
    m->cap = m->count = 0;
}

void chr_corpus_memo_free(chr_corpus_memo *m)
{
    if (m == NULL)
        return;
    clear_table(m);
    pthread_mutex_destroy(&m->busy);
    free(m);
}

size_t chr_corpus_memo_reused(const chr_corpus_memo *m)
{
    return m ? m->reused : 0;
}

size_t chr_corpus_memo_read(const chr_corpus_memo *m)
{
    return m ? m->read : 0;
}

static size_t slot_of(const chr_corpus_memo *m, const char *name)
{
    size_t k = (size_t)chr_fnv64(name, strlen(name), 0) & (m->cap - 1);
    while (m->tab[k] != NULL && strcmp(m->tab[k]->name, name) != 0)
        k = (k + 1) & (m->cap - 1);
    return k;
}

static const entry *find(const chr_corpus_memo *m, const char *name)
{
    return m->cap ? m->tab[slot_of(m, name)] : NULL;
}

/* Put e in a table of at least twice as many slots as entries. */
static int put(chr_corpus_memo *m, entry *e)
{
    if ((m->count + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        while ((m->count + 1) * 2 > cap)
            cap *= 2;
        entry **old = m->tab;
        size_t ocap = m->cap;
        if ((m->tab = calloc(cap, sizeof *m->tab)) == NULL) {
            m->tab = old;
            return CHR_ENOMEM;
        }
        m->cap = cap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i] != NULL)
                m->tab[slot_of(m, old[i]->name)] = old[i];
        free(old);
    }
    size_t k = slot_of(m, e->name);
    if (m->tab[k] != NULL) {
        entry_free(m->tab[k]);
        m->count--;
    }
    m->tab[k] = e;
    m->count++;
    return 0;
}

/* The options that change what a document reads as. */
static uint64_t opts_key(const chr_corpus_opts *o)
{
    char buf[160];
    int n = snprintf(buf, sizeof buf, "%d|%lld|%d|%d|%d|%s", (int)o->order, (long long)o->dct,
                     o->keep_undated, o->follow_links, o->keep_text != NULL,
                     o->encoding ? o->encoding : "");
    return chr_fnv64(buf, n > 0 ? (size_t)n : 0, 1);
}

int chr_memo_begin(chr_corpus_memo *m, const chr_corpus_opts *o, size_t n, chr_memo_build **out)
{
    *out = NULL;
    if (m == NULL || pthread_mutex_trylock(&m->busy) != 0)
        return 0;
    chr_memo_build *b = calloc(1, sizeof *b);
    if (b != NULL) {
        b->next = calloc(n ? n : 1, sizeof *b->next);
        b->ids = calloc(n ? n : 1, sizeof *b->ids);
        b->known = calloc(n ? n : 1, 1);
    }
    if (b == NULL || b->next == NULL || b->ids == NULL || b->known == NULL) {
        if (b != NULL) {
            free(b->next);
            free(b->ids);
            free(b->known);
            free(b);
        }
        pthread_mutex_unlock(&m->busy);
        return CHR_ENOMEM;
    }
    uint64_t key = opts_key(o);
    if (key != m->key)
        clear_table(m);
    /* this build's counts, whatever it comes to */
    m->read = m->reused = 0;
    m->key = key;
    b->m = m;
    b->n = n;
    *out = b;
    return 0;
}

static void ident_of(const char *path, ident *id)
{
    struct stat st;
    memset(id, 0, sizeof *id);
    if (stat(path, &st) != 0) {
        /* a link to nothing is there (a reader refuses it), not absent */
        if (lstat(path, &st) != 0)
            return;
        id->dangling = 1;
    }
    id->dev = (uint64_t)st.st_dev;
    id->ino = (uint64_t)st.st_ino;
    id->size = (uint64_t)st.st_size;
    id->mtime_s = (int64_t)st.st_mtim.tv_sec;
    id->mtime_ns = (int64_t)st.st_mtim.tv_nsec;
    id->ctime_s = (int64_t)st.st_ctim.tv_sec;
    id->ctime_ns = (int64_t)st.st_ctim.tv_nsec;
}

static int idents_of(const char *path, idents *ids)
{
    char side[4096];
    ident_of(path, &ids->doc);
    if ((ids->doc.ino == 0 && ids->doc.size == 0 && ids->doc.mtime_s == 0) || ids->doc.dangling)
        return 0;
    memset(ids->side, 0, sizeof ids->side);
    if ((size_t)snprintf(side, sizeof side, "%s.meta.json", path) < sizeof side)
        ident_of(side, &ids->side[0]);
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (dot != NULL && (slash == NULL || dot > slash + 1)) {
        int k = snprintf(side, sizeof side, "%.*s.meta.json", (int)(dot - path), path);
        if (k > 0 && (size_t)k < sizeof side)
            ident_of(side, &ids->side[1]);
    }
    return 1;
}

int chr_memo_reuse(chr_memo_build *b, size_t i, const char *name, const char *path,
                   const chr_date_order *corpus, chr_docinfo *info, chr_mention_list *ml,
                   chr_order_counts *counts, int *copy, char **text, size_t *text_len)
{
    *copy = 0;
    *text = NULL;
    *text_len = 0;
    if (b == NULL || i >= b->n)
        return 0;
    /* the file as it is before it is read (asked again: as it was then) */
    if (corpus == NULL)
        b->known[i] = (unsigned char)idents_of(path, &b->ids[i]);
    entry *e = b->known[i] ? (entry *)find(b->m, name) : NULL;
    if (e == NULL || e->taken || memcmp(&e->id, &b->ids[i], sizeof e->id) != 0)
        return 0;
    if (e->waits && corpus == NULL) {
        *counts = e->counts;
        return 2;
    }
    if (e->waits && *corpus != e->order)
        return 0;
    memset(ml, 0, sizeof *ml);
    if (chr_docinfo_copy(info, &e->info) != 0)
        return 0;
    for (size_t k = 0; k < e->nms; k++) {
        chr_mention m;
        if (chr_mention_copy(&m, &e->ms[k]) != 0 || chr_mention_list_push(ml, &m) != 0) {
            chr_mention_clear(&m);
            chr_mention_list_free(ml);
            chr_docinfo_clear(info);
            return 0;
        }
    }
    if (e->text != NULL) {
        if ((*text = malloc(e->text_len + 1)) == NULL) {
            chr_mention_list_free(ml);
            chr_docinfo_clear(info);
            return 0;
        }
        memcpy(*text, e->text, e->text_len + 1);
        *text_len = e->text_len;
    }
    *counts = e->counts;
    *copy = e->copy;
    /* one worker per name: nobody else reads this entry now */
    e->taken = 1;
    b->next[i] = e;
    __atomic_add_fetch(&b->reused, 1, __ATOMIC_RELAXED);
    return 1;
}

void chr_memo_untake(chr_memo_build *b, size_t i)
{
    if (b == NULL || i >= b->n || b->next[i] == NULL || !b->next[i]->taken)
        return;
    b->next[i]->taken = 0;
    b->next[i] = NULL;
    __atomic_sub_fetch(&b->reused, 1, __ATOMIC_RELAXED);
}

void chr_memo_keep(chr_memo_build *b, size_t i, const char *name, const chr_docinfo *info,
                   const chr_mention_list *ml, const chr_order_counts *counts,
                   const chr_date_order *corpus, int copy, const char *text,
                   size_t text_len)
{
    if (b == NULL || i >= b->n || !b->known[i] || b->next[i] != NULL)
        return;
    entry *e = calloc(1, sizeof *e);
    size_t dated = 0;
    for (size_t k = 0; k < ml->count; k++)
        dated += ml->items[k].date.prec != CHR_PREC_NONE;
    if (e == NULL || (e->name = strdup(name)) == NULL ||
        (dated && (e->ms = calloc(dated, sizeof *e->ms)) == NULL) ||
        chr_docinfo_copy(&e->info, info) != 0) {
        entry_free(e);
        return;                 /* remembered or not, the build is right */
    }
    for (size_t k = 0; k < ml->count; k++) {
        if (ml->items[k].date.prec == CHR_PREC_NONE)
            continue;
        if (chr_mention_copy(&e->ms[e->nms], &ml->items[k]) != 0) {
            entry_free(e);
            return;
        }
        e->nms++;
    }
    e->id = b->ids[i];
    e->counts = *counts;
    if (text != NULL) {
        if ((e->text = malloc(text_len + 1)) == NULL) {
            entry_free(e);
            return;
        }
        memcpy(e->text, text, text_len);
        e->text[text_len] = '\0';
        e->text_len = text_len;
    }
    e->copy = copy;
    e->waits = corpus != NULL;
    e->order = corpus ? *corpus : CHR_ORDER_AUTO;
    b->next[i] = e;
}

void chr_memo_end(chr_memo_build *b, int ok)
{
    if (b == NULL)
        return;
    chr_corpus_memo *m = b->m;
    if (ok) {
        /* the folder as it is now: entries of documents gone or changed go */
        for (size_t i = 0; i < m->cap; i++)
            if (m->tab[i] != NULL && !m->tab[i]->taken)
                entry_free(m->tab[i]);
        free(m->tab);
        m->tab = NULL;
        m->cap = m->count = 0;
        for (size_t i = 0; i < b->n; i++)
            if (b->next[i] != NULL) {
                b->next[i]->taken = 0;
                if (put(m, b->next[i]) != 0)
                    entry_free(b->next[i]);
            }
        m->reused = b->reused;
        m->read = b->n - b->reused;
    } else {
        /* a build that stopped: what it read is still right, what it took
         * goes back */
        for (size_t i = 0; i < b->n; i++) {
            entry *e = b->next[i];
            if (e == NULL)
                continue;
            if (e->taken)
                e->taken = 0;
            else if (put(m, e) != 0)
                entry_free(e);
        }
    }
    free(b->next);
    free(b->ids);
    free(b->known);
    pthread_mutex_unlock(&m->busy);
    free(b);
}
