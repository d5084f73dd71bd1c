/*
 * emit.c - mkwords: the generated C file.  The readings of every form in
 * hash-bucket order, the verb and noun lemma records, the phrases and the
 * string pool, in the layout of core/lex/words_int.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/words_int.h"
#include "mkwords.h"

/* ---- readings -------------------------------------------------------- */

typedef struct form {
    uint32_t id;
    uint32_t bucket;
    uint32_t first, count;   /* its analyses in ans[], after sorting */
} form;

static int ans_by_form(const void *a, const void *b)
{
    const analysis *x = a, *y = b;
    int c = strcmp(str(x->form), str(y->form));
    if (c)
        return c;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    /* the lemma with more tagged senses first; then the form itself */
    if (lem[x->lemma].tags[x->pos] != lem[y->lemma].tags[y->pos])
        return lem[x->lemma].tags[x->pos] > lem[y->lemma].tags[y->pos] ? -1 : 1;
    if ((x->lemma == x->form) != (y->lemma == y->form))
        return x->lemma == x->form ? -1 : 1;
    return strcmp(str(x->lemma), str(y->lemma));
}

static int form_by_bucket(const void *a, const void *b)
{
    const form *x = a, *y = b;
    if (x->bucket != y->bucket)
        return x->bucket < y->bucket ? -1 : 1;
    return strcmp(str(x->id), str(y->id));
}

/* ---- output ---------------------------------------------------------- */

static void put_u64s(const char *name, const uint64_t *v, uint32_t n)
{
    printf("const uint64_t %s[] = {\n", name);
    for (uint32_t i = 0; i < n; i++)
        printf("%llu%s", (unsigned long long)v[i],
               i + 1 == n ? "\n" : (i % 8 == 7 ? ",\n" : ","));
    if (n == 0)
        printf("0\n");
    printf("};\n");
}

static void put_u32s(const char *name, const uint32_t *v, uint32_t n)
{
    printf("const uint32_t %s[] = {\n", name);
    for (uint32_t i = 0; i < n; i++)
        printf("%u%s", (unsigned)v[i], i + 1 == n ? "\n" : (i % 12 == 11 ? ",\n" : ","));
    if (n == 0)
        printf("0\n");
    printf("};\n");
}

static void put_str(const char *s, int *col)
{
    /* One literal per word: "\0" is never followed by a digit. */
    size_t n = strlen(s);
    if (*col + (int)n + 5 > 100) {
        printf("\n");
        *col = 0;
    }
    printf("\"%s\\0\"", s);
    *col += (int)n + 4;
}

/* What emit() works out before it writes: the forms in bucket order, the
 * verb and noun lemma records, where each string sits in the pool, and
 * the readings. */
typedef struct table {
    form *forms;
    uint32_t nforms, nbuckets, maxlen;
    uint32_t *vl, *nl, nv, nn;   /* lemma ids of the verb and noun records */
    uint32_t *vix, *nix;         /* lemma id -> record index + 1 */
    uint32_t *pool_off;          /* form id -> pool offset */
    uint32_t *phr_off;           /* phrase -> pool offset */
    uint32_t pool_bytes;
    uint64_t *rd;                /* the readings */
    uint32_t nr, caprd;
} table;

/* Group the analyses by form; drop the dropped, and merge analyses of the
 * same form, part of speech and lemma. */
static void merge_analyses(void)
{
    uint32_t live = 0;
    for (uint32_t i = 0; i < nans; i++)
        if (!ans[i].dropped)
            ans[live++] = ans[i];
    nans = live;
    qsort(ans, nans, sizeof *ans, ans_by_form);
    uint32_t w = 0;
    for (uint32_t i = 0; i < nans; i++) {
        if (w > 0 && ans[w - 1].form == ans[i].form &&
            ans[w - 1].pos == ans[i].pos && ans[w - 1].lemma == ans[i].lemma)
            ans[w - 1].bits |= ans[i].bits;
        else
            ans[w++] = ans[i];
    }
    nans = w;
}

/* One form per run of analyses, in the order of its hash bucket. */
static void collect_forms(table *tb)
{
    uint32_t capforms = 0;
    for (uint32_t i = 0; i < nans;) {
        uint32_t j = i;
        while (j < nans && ans[j].form == ans[i].form)
            j++;
        GROW(tb->forms, tb->nforms, capforms);
        tb->forms[tb->nforms++] = (form){ ans[i].form, 0, i, j - i };
        size_t len = strlen(str(ans[i].form));
        if (len > tb->maxlen)
            tb->maxlen = (uint32_t)len;
        i = j;
    }
    tb->nbuckets = 1;
    while (tb->nbuckets < tb->nforms)
        tb->nbuckets *= 2;
    for (uint32_t i = 0; i < tb->nforms; i++) {
        const char *s = str(tb->forms[i].id);
        tb->forms[i].bucket = chr_words_hash(s, strlen(s)) & (tb->nbuckets - 1);
    }
    qsort(tb->forms, tb->nforms, sizeof *tb->forms, form_by_bucket);
}

/* Lemma records: every verb and noun lemma some reading names. */
static void collect_lemmas(table *tb)
{
    uint32_t capv = 0, capn = 0;
    for (uint32_t id = 0; id < nstr; id++) {
        if (!single_word(str(id)))
            continue;
        if (lem[id].nsense[P_V]) {
            GROW(tb->vl, tb->nv, capv);
            tb->vl[tb->nv++] = id;
        }
        if (lem[id].nsense[P_N]) {
            GROW(tb->nl, tb->nn, capn);
            tb->nl[tb->nn++] = id;
        }
    }
    qsort(tb->vl, tb->nv, sizeof *tb->vl, id_by_str);
    qsort(tb->nl, tb->nn, sizeof *tb->nl, id_by_str);
    if (tb->nv >= 1u << 14 || tb->nn >= 1u << 16)
        die("%u verb and %u noun lemmas; the table holds at most 16383 and "
            "65535", (unsigned)tb->nv, (unsigned)tb->nn);
    tb->vix = xrealloc(NULL, (size_t)nstr * sizeof *tb->vix);
    tb->nix = xrealloc(NULL, (size_t)nstr * sizeof *tb->nix);
    memset(tb->vix, 0, (size_t)nstr * sizeof *tb->vix);
    memset(tb->nix, 0, (size_t)nstr * sizeof *tb->nix);
    for (uint32_t k = 0; k < tb->nv; k++)
        tb->vix[tb->vl[k]] = k + 1;
    for (uint32_t k = 0; k < tb->nn; k++)
        tb->nix[tb->nl[k]] = k + 1;
}

/* The pool: forms in bucket order, then phrase texts. */
static void lay_out_pool(table *tb)
{
    tb->pool_off = xrealloc(NULL, (size_t)nstr * sizeof *tb->pool_off);
    uint32_t off = 0;
    for (uint32_t i = 0; i < tb->nforms; i++) {
        tb->pool_off[tb->forms[i].id] = off;
        off += (uint32_t)strlen(str(tb->forms[i].id)) + 1;
    }
    tb->phr_off = xrealloc(NULL, ((size_t)nphr + 1) * sizeof *tb->phr_off);
    for (uint32_t i = 0; i < nphr; i++) {
        tb->phr_off[i] = off;
        off += phr[i].bytes + 1;
    }
    if (off >= 1u << 24)
        die("%u pool bytes; the table holds 16 MiB", (unsigned)off);
    tb->pool_bytes = off;
}

/* The readings of one form: pair the k-th verb analysis with the k-th
 * noun one; the adjective and adverb bits go on every reading. */
static void form_readings(table *tb, const form *f)
{
    uint32_t verbs[64], nouns[64], nvb = 0, nnb = 0;
    uint64_t formbits = 0;
    unsigned adjf = 0, advf = 0;
    for (uint32_t k = f->first; k < f->first + f->count; k++) {
        const analysis *a = &ans[k];
        if (a->pos == P_V && nvb < 64)
            verbs[nvb++] = k;
        else if (a->pos == P_N && nnb < 64)
            nouns[nnb++] = k;
        else if (a->pos == P_A) {
            formbits |= UINT64_C(1) << CHR_WG_RD_ADJ;
            if (prior(lem[a->lemma].tags[P_A]) > adjf)
                adjf = prior(lem[a->lemma].tags[P_A]);
        } else if (a->pos == P_R) {
            formbits |= UINT64_C(1) << CHR_WG_RD_ADV;
            if (prior(lem[a->lemma].tags[P_R]) > advf)
                advf = prior(lem[a->lemma].tags[P_R]);
        }
    }
    formbits |= (uint64_t)adjf << CHR_WG_RD_ADJFREQ |
                (uint64_t)advf << CHR_WG_RD_ADVFREQ;
    uint32_t nread = nvb > nnb ? nvb : nnb;
    if (nread == 0)
        nread = 1;
    for (uint32_t k = 0; k < nread; k++) {
        uint64_t x = formbits;
        unsigned bits = 0;
        if (k < nvb) {
            x |= (uint64_t)tb->vix[ans[verbs[k]].lemma] << CHR_WG_RD_VERB;
            bits |= ans[verbs[k]].bits;
        }
        if (k < nnb) {
            x |= (uint64_t)tb->nix[ans[nouns[k]].lemma] << CHR_WG_RD_NOUN;
            bits |= ans[nouns[k]].bits;
        }
        x |= (uint64_t)bits << CHR_WG_RD_FORMS;
        if (k + 1 < nread)
            x |= UINT64_C(1) << CHR_WG_RD_MORE;
        GROW(tb->rd, tb->nr, tb->caprd);
        tb->rd[tb->nr++] = x;
    }
}

/* The counts, the string pool and the readings. */
static void put_pool(const table *tb)
{
    printf("/* %u forms, %u readings, %u verb and %u noun lemmas, %u phrases,\n"
           " * %u pool bytes. */\n", (unsigned)tb->nforms, (unsigned)tb->nr,
           (unsigned)tb->nv, (unsigned)tb->nn, (unsigned)nphr,
           (unsigned)tb->pool_bytes);
    printf("const uint32_t chr_wg_nreadings = %u;\n", (unsigned)tb->nr);
    printf("const uint32_t chr_wg_nbuckets = %u;\n", (unsigned)tb->nbuckets);
    printf("const uint32_t chr_wg_maxlen = %u;\n", (unsigned)tb->maxlen);
    printf("const uint32_t chr_wg_nverbs = %u;\n", (unsigned)tb->nv);
    printf("const uint32_t chr_wg_nnouns = %u;\n", (unsigned)tb->nn);
    printf("const uint32_t chr_wg_nphrases = %u;\n\n", (unsigned)nphr);

    printf("const char chr_wg_pool[] =\n");
    int col = 0;
    for (uint32_t i = 0; i < tb->nforms; i++)
        put_str(str(tb->forms[i].id), &col);
    for (uint32_t i = 0; i < nphr; i++)
        put_str(phr[i].rest, &col);
    printf(";\n\n");
    put_u64s("chr_wg_rd", tb->rd, tb->nr);
}

/* The verb, noun and phrase records.  Phrases per verb lemma: both lists
 * are sorted by the head's text. */
static void put_lemmas(const table *tb)
{
    uint32_t nv = tb->nv, nn = tb->nn;
    uint32_t *vphr = xrealloc(NULL, ((size_t)nv + 1) * sizeof *vphr);
    memset(vphr, 0, ((size_t)nv + 1) * sizeof *vphr);
    for (uint32_t i = 0; i < nphr; i++)
        if (++vphr[tb->vix[phr[i].head] - 1] >= 1024)
            die("more than 1023 phrases headed by \"%s\"", str(phr[i].head));

    uint64_t *out = xrealloc(NULL, ((size_t)nn + nv + nphr + 1) * sizeof *out);
    for (uint32_t k = 0; k < nv; k++) {
        uint32_t id = tb->vl[k];
        out[k] = (uint64_t)tb->pool_off[id] << CHR_WG_LM_OFF |
                 (uint64_t)first_lex(id, P_V) << CHR_WG_LM_LEX |
                 (uint64_t)prior(lem[id].tags[P_V]) << CHR_WG_LM_FREQ |
                 (uint64_t)meaning_of(id, P_V) << CHR_WG_LM_MEANING |
                 (uint64_t)(first_lex(id, P_V) == LEX_VERB_STATIVE) << CHR_WG_LM_FLAG1 |
                 (uint64_t)vphr[k] << CHR_WG_LM_NPHR;
    }
    put_u64s("chr_wg_verbs", out, nv);
    for (uint32_t k = 0; k < nn; k++) {
        uint32_t id = tb->nl[k];
        out[k] = (uint64_t)tb->pool_off[id] << CHR_WG_LM_OFF |
                 (uint64_t)first_lex(id, P_N) << CHR_WG_LM_LEX |
                 (uint64_t)prior(lem[id].tags[P_N]) << CHR_WG_LM_FREQ |
                 (uint64_t)meaning_of(id, P_N) << CHR_WG_LM_MEANING |
                 (uint64_t)event_noun(id) << CHR_WG_LM_FLAG1 |
                 (uint64_t)proper_noun(id) << CHR_WG_LM_FLAG2;
    }
    put_u64s("chr_wg_nouns", out, nn);
    for (uint32_t i = 0; i < nphr; i++)
        out[i] = (uint64_t)tb->phr_off[i] << CHR_WG_PH_OFF |
                 (uint64_t)phr[i].meaning << CHR_WG_PH_MEANING |
                 (uint64_t)phr[i].lex << CHR_WG_PH_LEX;
    put_u64s("chr_wg_phr", out, nphr);
    free(out);
    free(vphr);
}

/* The index a lookup needs, made here rather than at every run's first
 * lookup: each reading's form's place in the pool, and the first reading
 * of each hash bucket (the forms, and their readings, come in bucket
 * order; entry nbuckets is the end). */
static void put_index(const table *tb)
{
    uint32_t *formoff = xrealloc(NULL, ((size_t)tb->nr + 1) * sizeof *formoff);
    uint32_t *bucket = xrealloc(NULL, ((size_t)tb->nbuckets + 1) * sizeof *bucket);
    uint32_t f = 0, b = 0, off = 0;
    for (uint32_t i = 0; i < tb->nr; i++) {
        if (i == 0 || !CHR_WG_GET(tb->rd[i - 1], CHR_WG_RD_MORE, 1)) {
            const form *fm = &tb->forms[f++];
            off = tb->pool_off[fm->id];
            while (b <= fm->bucket)
                bucket[b++] = i;
        }
        formoff[i] = off;
    }
    while (b <= tb->nbuckets)
        bucket[b++] = tb->nr;
    put_u32s("chr_wg_formoff", formoff, tb->nr);
    put_u32s("chr_wg_bucket", bucket, tb->nbuckets + 1);
    free(formoff);
    free(bucket);
}

/* The zeroed run-time arrays words.c fills on first use. */
static void put_storage(const table *tb)
{
    printf("\nchr_word chr_wg_words[%u];\n", (unsigned)tb->nr);
    printf("_Atomic unsigned char chr_wg_ready[%u];\n", (unsigned)tb->nr);
    printf("chr_phrase chr_wg_phrases[%u];\n", (unsigned)(nphr ? nphr : 1));
    printf("uint32_t chr_wg_phrfirst[%u];\n", (unsigned)tb->nv);
}

void emit(void)
{
    table tb = { 0 };
    merge_analyses();
    collect_forms(&tb);
    collect_lemmas(&tb);
    lay_out_pool(&tb);

    printf("/* Generated by core/lex/mkwords from WordNet 3.0 and "
           "core/lex/meanings.tsv;\n * do not edit.  Layout: "
           "core/lex/words_int.h. */\n");
    printf("#include \"lex/words_int.h\"\n\n");
    for (uint32_t i = 0; i < tb.nforms; i++)
        form_readings(&tb, &tb.forms[i]);
    put_pool(&tb);
    put_lemmas(&tb);
    put_index(&tb);
    put_storage(&tb);
    fflush(stdout);
    if (ferror(stdout))
        die("cannot write the table: %s", strerror(errno));
    free(tb.rd);
    free(tb.pool_off);
    free(tb.phr_off);
    free(tb.vix);
    free(tb.nix);
    free(tb.vl);
    free(tb.nl);
    free(tb.forms);
}
