/*
 * meanings.c - mkwords: the seed senses of meanings.tsv, the senses it
 * adds, and how the seeds' meanings spread to other synsets and words;
 * also `mkwords -l`, which lists where every meaning went.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/words.h"
#include "mkwords.h"

/* ---- meanings.tsv ----------------------------------------------------- */

/* How far seeds spread down hyponym ('~') links: a seed's direct
 * hyponyms (troponyms for verbs), unless its row in meanings.tsv writes
 * the sense as "N=" (the synset alone).  Two levels let "decide" reach
 * "vote" and "meet" reach "brawl". */
#define HYPO_DEPTH 1
/* A word takes the meaning of the first of its first SENSE_WINDOW senses
 * (most frequent first) that has one. */
#define SENSE_WINDOW 3

static const char *const meaning_name[CHR_MEANING_COUNT] = {
    [CHR_MEANING_NONE] = "none",
    [CHR_MEANING_MEETING] = "meeting",
    [CHR_MEANING_BAN] = "ban",
    [CHR_MEANING_OPENING] = "opening",
    [CHR_MEANING_LAW] = "law",
    [CHR_MEANING_ARREST] = "arrest",
    [CHR_MEANING_LEGAL_ACTION] = "legal_action",
    [CHR_MEANING_REPORT] = "report",
    [CHR_MEANING_STATEMENT] = "statement",
    [CHR_MEANING_POLICY] = "policy",
};

static void split_tabs(const char *s, size_t n, const char **col, size_t *len,
                       int max, int *ncol)
{
    int k = 0;
    const char *p = s, *end = s + n;
    while (k < max) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        col[k] = p;
        len[k] = tab ? (size_t)(tab - p) : (size_t)(end - p);
        k++;
        if (tab == NULL)
            break;
        p = tab + 1;
    }
    *ncol = k;
}

/* "lemma" + sense number as text -> synset, or an error at line no. */
static uint32_t sense_synset(const char *path, size_t no, const char *lm,
                             size_t lmn, int pos, const char *num, size_t numn)
{
    uint32_t k, id = find_str(lm, lmn);
    if (id == NONE || lem[id].nsense[pos] == 0)
        die_at(path, no, "\"%.*s\" is no %s in WordNet", (int)lmn, lm,
               pos_file[pos]);
    if (parse_num(num, numn, 10, &k) != 0 || k == 0 || k > lem[id].nsense[pos])
        die_at(path, no, "sense \"%.*s\": \"%.*s\" has %u %s senses",
               (int)numn, num, (int)lmn, lm, (unsigned)lem[id].nsense[pos],
               pos_file[pos]);
    return senses[lem[id].sense[pos] + k - 1];
}

/*
 * "add  word  pos  host:sense  comment": a word or collocation WordNet 3.0
 * lacks, or a sense it lacks ("tweet" is only a bird's sound there), made
 * the first sense of the word: it joins the synset of the host's sense,
 * and takes that synset's class and meaning.  Additions are made after
 * every row is read, so sense numbers in the file are always WordNet's.
 */
typedef struct addition {
    uint32_t id, host;
    int pos;
    size_t line;
} addition;

static addition read_addition(const char *path, size_t no,
                              const char *const *col, const size_t *len, int pos)
{
    const char *colon = memchr(col[3], ':', len[3]);
    if (colon == NULL)
        die_at(path, no, "an \"add\" row names the sense the word joins as "
               "lemma:number, not \"%.*s\"", (int)len[3], col[3]);
    for (size_t i = 0; i < len[1]; i++)
        if (!word_byte(col[1][i]) && col[1][i] != '_')
            die_at(path, no, "\"%.*s\": lower-case ASCII words joined by "
                   "'_' expected", (int)len[1], col[1]);
    uint32_t host = sense_synset(path, no, col[3], (size_t)(colon - col[3]),
                                 pos, colon + 1,
                                 len[3] - (size_t)(colon + 1 - col[3]));
    return (addition){ intern(col[1], len[1]), host, pos, no };
}

static void add_sense(const char *path, const addition *a)
{
    lemma *e = &lem[a->id];
    for (unsigned k = 0; k < e->nsense[a->pos]; k++)
        if (senses[e->sense[a->pos] + k] == a->host)
            die_at(path, a->line, "\"%s\" has this sense already; seed it "
                   "instead", str(a->id));
    uint32_t first = nsenses;
    GROW(senses, nsenses, capsenses);
    senses[nsenses++] = a->host;
    for (unsigned k = 0; k < e->nsense[a->pos]; k++) {
        GROW(senses, nsenses, capsenses);
        senses[nsenses++] = senses[e->sense[a->pos] + k];
    }
    e->sense[a->pos] = first;
    e->nsense[a->pos]++;
}

static uint32_t *queue;
static uint32_t nqueue;

void read_meanings(const char *path)
{
    text t;
    slurp(&t, NULL, path);
    lines l = { &t, 0, 0 };
    const char *s, *col[6];
    size_t n, len[6];
    int ncol;
    addition *adds = NULL;
    uint32_t nadds = 0, capadds = 0;
    queue = xrealloc(NULL, (size_t)nsyn * sizeof *queue);
    while (next_line(&l, &s, &n)) {
        if (n == 0 || s[0] == '#')
            continue;
        split_tabs(s, n, col, len, 6, &ncol);
        if (ncol != 5 || len[4] == 0)
            die_at(path, l.no, "expected 5 tab-separated columns (meaning, "
                   "lemma, part of speech, sense, comment), found %d%s", ncol,
                   ncol == 5 ? " with an empty comment" : "");
        int pos = len[2] == 1 ? pos_of_char(col[2][0]) : -1;
        if (pos < 0 || col[2][0] == 's')
            die_at(path, l.no, "part of speech \"%.*s\", expected n, v, a or r",
                   (int)len[2], col[2]);
        if (len[0] == 3 && memcmp(col[0], "add", 3) == 0) {
            GROW(adds, nadds, capadds);
            adds[nadds++] = read_addition(path, l.no, col, len, pos);
            continue;
        }
        unsigned m = 0;
        for (unsigned i = 1; i < CHR_MEANING_COUNT; i++)
            if (strlen(meaning_name[i]) == len[0] &&
                memcmp(meaning_name[i], col[0], len[0]) == 0)
                m = i;
        if (m == 0)
            die_at(path, l.no, "meaning \"%.*s\", expected one of meeting, "
                   "ban, opening, law, arrest, legal_action, report, "
                   "statement, policy or add", (int)len[0], col[0]);
        int flat = len[3] > 0 && col[3][len[3] - 1] == '=';
        uint32_t k = sense_synset(path, l.no, col[1], len[1], pos, col[3],
                                  len[3] - (size_t)flat);
        if (syn[k].dist == 0)
            die_at(path, l.no, "this sense is seeded already (line %u)",
                   (unsigned)syn[k].origin);
        syn[k].meaning = (uint8_t)m;
        syn[k].dist = 0;
        syn[k].how = HOW_SEED;
        syn[k].depth = flat ? 0 : HYPO_DEPTH;
        syn[k].origin = (uint32_t)l.no;
        syn[k].seed_word = find_str(col[1], len[1]);
        queue[nqueue++] = k;
    }
    if (nqueue == 0)
        die("%s: no seeds", path);
    for (uint32_t i = 0; i < nadds; i++)
        add_sense(path, &adds[i]);
    free(adds);
    free(t.buf);
}

/*
 * Spread the seeds: first breadth-first down hyponym links, HYPO_DEPTH
 * levels (or none for "N=" rows; a synset keeps the first meaning that
 * reaches it at its least depth, ties going to the seed listed first),
 * then one derivational hop between a verb sense and a noun sense from
 * the seed's own word to a word spelt with the same first three letters
 * ("arrest" v -> "arrest" n, "detain" -> "detention"; not "criminalize"
 * -> "crime" from the "outlaw" row, nor "report" n -> "describe"), into
 * synsets still unmarked.  Synonyms share a synset, so they share its
 * meaning without a step of their own.
 */
void spread(void)
{
    uint32_t seeds = nqueue;
    for (uint32_t qi = 0; qi < nqueue; qi++) {
        synset *y = &syn[queue[qi]];
        if (y->dist >= y->depth)
            continue;
        for (uint32_t k = 0; k < y->nptr; k++) {
            const ptr *q = &ptrs[y->ptr0 + k];
            synset *z = &syn[q->target];
            if (q->kind != PTR_HYPO || z->dist != 255 || z->pos != y->pos)
                continue;
            z->meaning = y->meaning;
            z->dist = (uint8_t)(y->dist + 1);
            z->depth = y->depth;
            z->how = HOW_HYPO;
            z->origin = y->origin;
            queue[nqueue++] = q->target;
        }
    }
    for (uint32_t qi = 0; qi < seeds; qi++) {
        synset *y = &syn[queue[qi]];
        unsigned w = word_in(queue[qi], y->seed_word);
        for (uint32_t k = 0; k < y->nptr; k++) {
            const ptr *q = &ptrs[y->ptr0 + k];
            synset *z = &syn[q->target];
            if (q->kind != PTR_DERIV || q->src != w || z->dist != 255 ||
                q->dst == 0 || q->dst > z->nword ||
                strncmp(str(swords[z->word0 + q->dst - 1].id),
                        str(y->seed_word), 3) != 0)
                continue;
            if (!((y->pos == P_V && z->pos == P_N && abstract_noun(z->lex)) ||
                  (y->pos == P_N && z->pos == P_V)))
                continue;
            z->meaning = y->meaning;
            z->dist = 1;
            z->how = HOW_DERIV;
            z->origin = y->origin;
        }
    }
}

/* The synset of the first of the lemma's first SENSE_WINDOW senses with a
 * meaning, or NONE. */
uint32_t meaning_sense(uint32_t id, int pos, unsigned *which)
{
    const lemma *e = &lem[id];
    for (unsigned k = 0; k < e->nsense[pos] && k < SENSE_WINDOW; k++) {
        uint32_t y = senses[e->sense[pos] + k];
        if (syn[y].meaning) {
            if (which)
                *which = k + 1;
            return y;
        }
    }
    return NONE;
}

uint8_t meaning_of(uint32_t id, int pos)
{
    uint32_t y = meaning_sense(id, pos, NULL);
    return y == NONE ? CHR_MEANING_NONE : syn[y].meaning;
}

/* -l: each lemma a meaning reaches, with the sense and the way. */
void list_meanings(void)
{
    static const char *const how[] = { "seed", "hyponym", "derived" };
    uint32_t *ids = xrealloc(NULL, (size_t)nstr * sizeof *ids);
    for (uint32_t i = 0; i < nstr; i++)
        ids[i] = i;
    qsort(ids, nstr, sizeof *ids, id_by_str);
    for (unsigned m = 1; m < CHR_MEANING_COUNT; m++)
        for (int p = 0; p < 2; p++)
            for (uint32_t i = 0; i < nstr; i++) {
                unsigned which;
                uint32_t y = meaning_sense(ids[i], p, &which);
                if (y == NONE || syn[y].meaning != m)
                    continue;
                printf("%s\t%c\t%s\t%u\t%s %u\tfrom line %u\n", meaning_name[m],
                       "nv"[p], str(ids[i]), which, how[syn[y].how],
                       (unsigned)syn[y].dist, (unsigned)syn[y].origin);
            }
    free(ids);
}
