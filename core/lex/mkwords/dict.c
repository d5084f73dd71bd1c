/*
 * dict.c - mkwords: WordNet's synsets and their pointers (data.*), each
 * lemma's senses in frequency order (index.*), tag counts (cntlist.rev),
 * and what they say of a word: its class, whether a noun names an event
 * or is proper.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/words.h"
#include "mkwords.h"

/* ---- synsets -------------------------------------------------------- */

const char *const pos_file[NPOS] = { "noun", "verb", "adj", "adv" };

synset *syn;
uint32_t nsyn;
static uint32_t capsyn;
sword *swords;
static uint32_t nswords, capswords;
ptr *ptrs;
static uint32_t nptrs, capptrs;
static uint32_t pos_first[NPOS], pos_count[NPOS];
uint32_t *senses;
uint32_t nsenses, capsenses;

int pos_of_char(char c)
{
    switch (c) {
    case 'n': return P_N;
    case 'v': return P_V;
    case 'a': case 's': return P_A;
    case 'r': return P_R;
    default: return -1;
    }
}

static uint32_t synset_at(int pos, uint32_t offset)
{
    uint32_t lo = pos_first[pos], hi = lo + pos_count[pos];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (syn[mid].offset < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < pos_first[pos] + pos_count[pos] && syn[lo].offset == offset)
        return lo;
    return NONE;
}

void read_data(const char *dir, int pos)
{
    text t;
    char name[32], word[512];
    snprintf(name, sizeof name, "data.%s", pos_file[pos]);
    slurp(&t, dir, name);
    lines l = { &t, 0, 0 };
    const char *s, *tk;
    size_t n, tn;
    pos_first[pos] = nsyn;
    while (next_line(&l, &s, &n)) {
        if (n == 0 || s[0] == ' ')
            continue;                       /* the licence header */
        const char *p = s, *end = s + n;
        const char *bar = memchr(s, '|', n);
        if (bar != NULL)
            end = bar;
        GROW(syn, nsyn, capsyn);
        synset *y = &syn[nsyn];
        memset(y, 0, sizeof *y);
        y->dist = 255;
        y->offset = need_num(&l, &p, end, 10, "synset offset");
        if (nsyn > pos_first[pos] && syn[nsyn - 1].offset >= y->offset)
            die_at(t.path, l.no, "synset %08u out of order", (unsigned)y->offset);
        uint32_t lex = need_num(&l, &p, end, 10, "lexicographer file number");
        if (lex > LEX_MAX)
            die_at(t.path, l.no, "lexicographer file %u, expected 0..%d",
                   (unsigned)lex, LEX_MAX);
        y->lex = (uint8_t)lex;
        if (!next_tok(&p, end, &tk, &tn) || tn != 1 || pos_of_char(tk[0]) != pos)
            die_at(t.path, l.no, "synset type \"%.*s\" does not belong in %s",
                   (int)tn, tk, name);
        y->pos = (uint8_t)pos;
        uint32_t nw = need_num(&l, &p, end, 16, "word count");
        y->word0 = nswords;
        for (uint32_t i = 0; i < nw; i++) {
            if (!next_tok(&p, end, &tk, &tn))
                die_at(t.path, l.no, "%u words announced, %u found",
                       (unsigned)nw, (unsigned)i);
            size_t wn = tn;
            const char *paren = memchr(tk, '(', tn);  /* adjective markers */
            if (paren != NULL)
                wn = (size_t)(paren - tk);
            if (wn == 0 || wn >= sizeof word)
                die_at(t.path, l.no, "bad word \"%.*s\"", (int)tn, tk);
            lower(word, tk, wn);
            GROW(swords, nswords, capswords);
            swords[nswords].id = intern(word, wn);
            swords[nswords].upper = memcmp(word, tk, wn) != 0;
            nswords++;
            need_num(&l, &p, end, 16, "lex_id");
        }
        y->nword = (uint16_t)nw;
        uint32_t np = need_num(&l, &p, end, 10, "pointer count");
        y->ptr0 = nptrs;
        for (uint32_t i = 0; i < np; i++) {
            const char *sym;
            size_t symn;
            if (!next_tok(&p, end, &sym, &symn))
                die_at(t.path, l.no, "%u pointers announced, %u found",
                       (unsigned)np, (unsigned)i);
            uint32_t off = need_num(&l, &p, end, 10, "pointer offset");
            if (!next_tok(&p, end, &tk, &tn) || tn != 1 || pos_of_char(tk[0]) < 0)
                die_at(t.path, l.no, "bad pointer part of speech \"%.*s\"",
                       (int)tn, tk);
            int tpos = pos_of_char(tk[0]);
            uint32_t sd = need_num(&l, &p, end, 16, "pointer source/target");
            int kind = -1;
            if (symn == 1 && sym[0] == '~')
                kind = PTR_HYPO;              /* hyponym; troponym of verbs */
            else if (symn == 1 && sym[0] == '+')
                kind = PTR_DERIV;             /* derivationally related */
            if (kind < 0)
                continue;
            GROW(ptrs, nptrs, capptrs);
            ptrs[nptrs++] = (ptr){ off, (uint8_t)kind, (uint8_t)tpos,
                                   (uint8_t)(sd >> 8), (uint8_t)(sd & 0xff) };
        }
        y->nptr = (uint16_t)(nptrs - y->ptr0);
        nsyn++;
    }
    pos_count[pos] = nsyn - pos_first[pos];
    if (pos_count[pos] == 0)
        die("%s: no synsets; is this the WordNet 3.0 dictionary?", t.path);
    free(t.buf);
}

void resolve_pointers(void)
{
    for (uint32_t i = 0; i < nsyn; i++)
        for (uint32_t k = 0; k < syn[i].nptr; k++) {
            ptr *q = &ptrs[syn[i].ptr0 + k];
            uint32_t t = synset_at(q->tpos, q->target);
            if (t == NONE)
                die("data.%s: synset %08u points to %s synset %08u, which "
                    "does not exist", pos_file[syn[i].pos],
                    (unsigned)syn[i].offset, pos_file[q->tpos],
                    (unsigned)q->target);
            q->target = t;
        }
}

void read_index(const char *dir, int pos)
{
    text t;
    char name[32];
    snprintf(name, sizeof name, "index.%s", pos_file[pos]);
    slurp(&t, dir, name);
    lines l = { &t, 0, 0 };
    const char *s, *tk, *lm;
    size_t n, tn, lmn;
    while (next_line(&l, &s, &n)) {
        if (n == 0 || s[0] == ' ')
            continue;
        const char *p = s, *end = s + n;
        next_tok(&p, end, &lm, &lmn);
        if (!next_tok(&p, end, &tk, &tn) || tn != 1 || pos_of_char(tk[0]) != pos)
            die_at(t.path, l.no, "part of speech \"%.*s\" does not belong in %s",
                   (int)tn, tk, name);
        uint32_t ns = need_num(&l, &p, end, 10, "synset count");
        uint32_t np = need_num(&l, &p, end, 10, "pointer count");
        for (uint32_t i = 0; i < np; i++)
            if (!next_tok(&p, end, &tk, &tn))
                die_at(t.path, l.no, "%u pointer symbols announced, %u found",
                       (unsigned)np, (unsigned)i);
        need_num(&l, &p, end, 10, "sense count");
        need_num(&l, &p, end, 10, "tagged sense count");
        if (ns == 0 || ns > 0xffff)
            die_at(t.path, l.no, "synset count %u", (unsigned)ns);
        uint32_t id = intern(lm, lmn);
        if (lem[id].nsense[pos])
            die_at(t.path, l.no, "\"%.*s\" listed twice", (int)lmn, lm);
        lem[id].sense[pos] = nsenses;
        for (uint32_t i = 0; i < ns; i++) {
            uint32_t off = need_num(&l, &p, end, 10, "synset offset");
            uint32_t k = synset_at(pos, off);
            if (k == NONE)
                die_at(t.path, l.no, "synset %08u is not in data.%s",
                       (unsigned)off, pos_file[pos]);
            GROW(senses, nsenses, capsenses);
            senses[nsenses++] = k;
        }
        lem[id].nsense[pos] = (uint16_t)ns;
    }
    free(t.buf);
}

/* cntlist.rev: "lemma%ss_type:lex:lex_id:head:head_id sense_number count". */
void read_counts(const char *dir)
{
    text t;
    slurp(&t, dir, "cntlist.rev");
    lines l = { &t, 0, 0 };
    const char *s, *key;
    size_t n, kn;
    while (next_line(&l, &s, &n)) {
        if (n == 0)
            continue;
        const char *p = s, *end = s + n;
        next_tok(&p, end, &key, &kn);
        const char *pct = memchr(key, '%', kn);
        if (pct == NULL || (size_t)(pct - key) + 2 >= kn)
            die_at(t.path, l.no, "\"%.*s\" is no sense key", (int)kn, key);
        int pos;
        switch (pct[1]) {
        case '1': pos = P_N; break;
        case '2': pos = P_V; break;
        case '3': case '5': pos = P_A; break;
        case '4': pos = P_R; break;
        default:
            die_at(t.path, l.no, "sense key \"%.*s\": synset type %c, "
                   "expected 1..5", (int)kn, key, pct[1]);
        }
        need_num(&l, &p, end, 10, "sense number");
        uint32_t c = need_num(&l, &p, end, 10, "tag count");
        uint32_t id = find_str(key, (size_t)(pct - key));
        if (id != NONE && lem[id].nsense[pos])
            lem[id].tags[pos] += c;
    }
    free(t.buf);
}

/* round(log2(1 + tags)), at most 15, in integers: the k with
 * 2^(2k-1) <= (1 + tags)^2 < 2^(2k+1). */
uint8_t prior(uint32_t tags)
{
    uint64_t x = (uint64_t)tags + 1, sq = x * x;
    uint8_t k = 0;
    while (k < 15 && sq >= (uint64_t)1 << (2 * k + 1))
        k++;
    return k;
}

/* ---- what WordNet says of a word ------------------------------------- */

/* The word number (1-based) of id in synset y, 0 when absent. */
unsigned word_in(uint32_t y, uint32_t id)
{
    for (unsigned i = 0; i < syn[y].nword; i++)
        if (swords[syn[y].word0 + i].id == id)
            return i + 1;
    return 0;
}

/* Nouns a verb's meaning may pass to through a derivational link: the
 * abstract classes, where a noun names the act or its content
 * ("arrest", "statement"), not the agent or the instrument ("prosecutor",
 * "recorder"). */
int abstract_noun(unsigned lex)
{
    return lex == LEX_NOUN_ACT || lex == LEX_NOUN_COGNITION ||
           lex == LEX_NOUN_COMMUNICATION || lex == LEX_NOUN_EVENT ||
           lex == LEX_NOUN_PHENOMENON || lex == LEX_NOUN_POSSESSION ||
           lex == LEX_NOUN_PROCESS || lex == LEX_NOUN_STATE;
}

/*
 * CHR_WF_EVENT_NOUN: one of the noun's two most frequent senses is an act,
 * event, process or phenomenon ("raid", "election", "war"), or has a
 * derivational link from this very word to a verb and is abstract
 * (abstract_noun: "stoppage", noun.state, from "stop"), or is a group
 * named by an -ing form ("meeting", noun.group, from "meet").  Concrete
 * and group senses with a verb link are not events: "table" (noun.group,
 * "tabulate"), "president" ("preside"), "building".
 */
int event_noun(uint32_t id)
{
    const lemma *e = &lem[id];
    const char *s = str(id);
    int ing = ends(s, strlen(s), "ing");
    for (unsigned k = 0; k < e->nsense[P_N] && k < 2; k++) {
        uint32_t y = senses[e->sense[P_N] + k];
        unsigned lex = syn[y].lex;
        if (lex == LEX_NOUN_ACT || lex == LEX_NOUN_EVENT ||
            lex == LEX_NOUN_PROCESS || lex == LEX_NOUN_PHENOMENON)
            return 1;
        if (!abstract_noun(lex) && !(ing && lex == LEX_NOUN_GROUP))
            continue;
        unsigned w = word_in(y, id);
        for (uint32_t j = 0; j < syn[y].nptr; j++) {
            const ptr *q = &ptrs[syn[y].ptr0 + j];
            if (q->kind == PTR_DERIV && q->tpos == P_V && q->src == w)
                return 1;
        }
    }
    return 0;
}

/* CHR_WF_PROPER: every noun sense writes the word with a capital. */
int proper_noun(uint32_t id)
{
    const lemma *e = &lem[id];
    for (unsigned k = 0; k < e->nsense[P_N]; k++) {
        uint32_t y = senses[e->sense[P_N] + k];
        unsigned w = word_in(y, id);
        if (w == 0 || !swords[syn[y].word0 + w - 1].upper)
            return 0;
    }
    return e->nsense[P_N] > 0;
}

uint8_t first_lex(uint32_t id, int pos)
{
    if (lem[id].nsense[pos] == 0)
        return (uint8_t)CHR_LEX_NONE;
    return syn[senses[lem[id].sense[pos]]].lex;
}
