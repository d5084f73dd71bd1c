/*
 * forms.c - mkwords: every form the table lists, with the analyses that
 * give it a lemma and an inflection (lemmas, the exception lists, regular
 * inflections), and the multi-word verbs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/words.h"
#include "mkwords.h"

/* ---- word forms ------------------------------------------------------ */

analysis *ans;
uint32_t nans;
static uint32_t capans;

static void add_analysis(uint32_t form, uint32_t lm, int pos, unsigned bits,
                         unsigned slot)
{
    GROW(ans, nans, capans);
    ans[nans++] = (analysis){ form, lm, (uint8_t)pos, (uint8_t)bits,
                              (uint8_t)slot, 0 };
    lem[form].producers[pos]++;
}

static int vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int letter(char c)
{
    return c >= 'a' && c <= 'z';
}

/* A regular form: stem (the lemma minus drop bytes) + suffix. */
static void add_regular(uint32_t lm, int pos, size_t drop, const char *suffix,
                        unsigned bits, unsigned slot)
{
    char buf[512];
    size_t n = strlen(str(lm)) - drop, k = strlen(suffix);
    if (n + k >= sizeof buf)
        return;
    memcpy(buf, str(lm), n);
    memcpy(buf + n, suffix, k + 1);
    add_analysis(intern(buf, n + k), lm, pos, bits, slot);
}

/*
 * Regular inflections, generated forward from the lemma (the inverse of
 * WordNet's own detachment rules, morphy(7)):
 *   -s: +es after s, x, z, ch, sh and after consonant + o; y -> ies after
 *       a consonant; else +s.
 *   -ed: +d after e; y -> ied after a consonant; else +ed (doubled
 *       consonants, banned, come from verb.exc).
 *   -ing: ie -> ying; e dropped unless ee, ye, oe or the lemma is two
 *       letters ("being"); else +ing.
 *   plural: as -s, without the o rule; -man also gives -men.
 */
static void regular_forms(uint32_t lm, int pos)
{
    char s[512];                /* a copy: interning moves the strings */
    size_t n = strlen(str(lm));
    if (n < 2 || n >= sizeof s)
        return;
    memcpy(s, str(lm), n + 1);
    if (!letter(s[n - 1]) || !letter(s[n - 2]))
        return;
    char last = s[n - 1], prev = s[n - 2];
    int sib = last == 's' || last == 'x' || last == 'z' ||
              ends(s, n, "ch") || ends(s, n, "sh");
    int cy = last == 'y' && !vowel(prev);
    if (pos == P_N) {
        if (sib)
            add_regular(lm, pos, 0, "es", CHR_WF_PLURAL, SLOT_PLURAL);
        else if (cy)
            add_regular(lm, pos, 1, "ies", CHR_WF_PLURAL, SLOT_PLURAL);
        else
            add_regular(lm, pos, 0, "s", CHR_WF_PLURAL, SLOT_PLURAL);
        if (ends(s, n, "man"))
            add_regular(lm, pos, 2, "en", CHR_WF_PLURAL, SLOT_PLURAL);
        return;
    }
    if (sib || (last == 'o' && !vowel(prev)))
        add_regular(lm, pos, 0, "es", CHR_WF_3SG, SLOT_3SG);
    else if (cy)
        add_regular(lm, pos, 1, "ies", CHR_WF_3SG, SLOT_3SG);
    else
        add_regular(lm, pos, 0, "s", CHR_WF_3SG, SLOT_3SG);
    if (last == 'e')
        add_regular(lm, pos, 0, "d", CHR_WF_PAST | CHR_WF_PART, SLOT_PAST);
    else if (cy)
        add_regular(lm, pos, 1, "ied", CHR_WF_PAST | CHR_WF_PART, SLOT_PAST);
    else
        add_regular(lm, pos, 0, "ed", CHR_WF_PAST | CHR_WF_PART, SLOT_PAST);
    if (ends(s, n, "ie"))
        add_regular(lm, pos, 2, "ying", CHR_WF_ING, SLOT_ING);
    else if (last == 'e' && n > 2 && prev != 'e' && prev != 'y' && prev != 'o')
        add_regular(lm, pos, 1, "ing", CHR_WF_ING, SLOT_ING);
    else
        add_regular(lm, pos, 0, "ing", CHR_WF_ING, SLOT_ING);
}

typedef struct exc {
    uint32_t form, base;
    uint8_t bits;
    uint8_t irregular;       /* not a spelling of the regular form */
} exc;

static int exc_by_base(const void *a, const void *b)
{
    const exc *x = a, *y = b;
    int c = strcmp(str(x->base), str(y->base));
    return c ? c : strcmp(str(x->form), str(y->form));
}

/* The irregular form f is participle-shaped beside its sibling g: the two
 * differ in one place, u in f where g has a (sung/sang, begun/began). */
static int u_for_a(const char *f, const char *g)
{
    size_t n = strlen(f), diff = 0, at = 0;
    if (strlen(g) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (f[i] != g[i]) {
            diff++;
            at = i;
        }
    return diff == 1 && f[at] == 'u' && g[at] == 'a';
}

/*
 * The forms of verb.exc.  The file maps each inflected form to its base
 * without saying which inflection it is, so the shape decides:
 *   -ing: ING;  -s (-ses, -zes for bases in s, z): 3SG;
 *   -ed beginning with the base (banned, picnicked): PAST and PART, the
 *   regular form spelt out;
 *   be: am, are BASE; is 3SG; was, were PAST; been PART.
 * The rest are irregular.  Among one base's irregular forms, -en and -wn
 * (taken, shown), -n and -ne beside a form without n (gone/went,
 * lain/lay), and u beside a (sung/sang) are PART; the others are PAST
 * when the base has such a participle, else PAST and PART (sold, fled).
 * A base that doubles its consonant before -ing (putting) but has no past
 * in the list, neither irregular nor doubled (no "putted"), keeps its
 * base as past and participle: put, cut, set, hit, let, shut.
 */
static void read_verb_exc(const char *dir)
{
    text t;
    slurp(&t, dir, "verb.exc");
    lines l = { &t, 0, 0 };
    const char *s, *tk;
    size_t n, tn;
    exc *ex = NULL;
    uint32_t nex = 0, capex = 0;
    while (next_line(&l, &s, &n)) {
        const char *p = s, *end = s + n;
        if (!next_tok(&p, end, &tk, &tn))
            continue;
        uint32_t form = intern(tk, tn);
        int any = 0;
        while (next_tok(&p, end, &tk, &tn)) {
            any = 1;
            uint32_t base = find_str(tk, tn);
            if (base == NONE || base == form || lem[base].nsense[P_V] == 0 ||
                !single_word(str(form)) || !single_word(str(base)))
                continue;
            GROW(ex, nex, capex);
            ex[nex++] = (exc){ form, base, 0, 0 };
        }
        if (!any)
            die_at(t.path, l.no, "a form without a base");
    }
    qsort(ex, nex, sizeof *ex, exc_by_base);
    for (uint32_t i = 0; i < nex;) {
        uint32_t j = i;
        while (j < nex && ex[j].base == ex[i].base)
            j++;
        const char *b = str(ex[i].base);
        size_t bn = strlen(b);
        int be = strcmp(b, "be") == 0;
        for (uint32_t k = i; k < j; k++) {
            const char *f = str(ex[k].form);
            size_t fn = strlen(f);
            if (be && (!strcmp(f, "am") || !strcmp(f, "are")))
                ex[k].bits = CHR_WF_BASE;
            else if (be && (!strcmp(f, "was") || !strcmp(f, "were")))
                ex[k].bits = CHR_WF_PAST;
            else if (ends(f, fn, "ing"))
                ex[k].bits = CHR_WF_ING;
            else if (ends(f, fn, "s") &&
                     (b[bn - 1] != 's' || ends(f, fn, "ses") || ends(f, fn, "zes")))
                ex[k].bits = CHR_WF_3SG;
            else if (ends(f, fn, "ed") && fn > bn && strncmp(f, b, bn) == 0)
                ex[k].bits = CHR_WF_PAST | CHR_WF_PART;
            else
                ex[k].irregular = 1;
        }
        int plain_past = 0;          /* an irregular form without n */
        for (uint32_t k = i; k < j; k++) {
            const char *f = str(ex[k].form);
            size_t fn = strlen(f);
            if (ex[k].irregular && f[fn - 1] != 'n' && !ends(f, fn, "ne"))
                plain_past = 1;
        }
        int has_part = 0;
        for (uint32_t k = i; k < j; k++) {
            if (!ex[k].irregular)
                continue;
            const char *f = str(ex[k].form);
            size_t fn = strlen(f);
            int part = ends(f, fn, "en") || ends(f, fn, "wn") ||
                       (plain_past && (f[fn - 1] == 'n' || ends(f, fn, "ne")));
            for (uint32_t m = i; m < j && !part; m++)
                part = m != k && ex[m].irregular && u_for_a(f, str(ex[m].form));
            if (part) {
                ex[k].bits = CHR_WF_PART;
                has_part = 1;
            }
        }
        int past = 0, doubled_ing = 0;
        for (uint32_t k = i; k < j; k++) {
            const char *f = str(ex[k].form);
            size_t fn = strlen(f);
            if (ex[k].irregular && ex[k].bits == 0)
                ex[k].bits = has_part ? CHR_WF_PAST : CHR_WF_PAST | CHR_WF_PART;
            if (ex[k].bits & CHR_WF_PAST)
                past = 1;
            if (ex[k].bits == CHR_WF_ING && fn == bn + 4 &&
                strncmp(f, b, bn) == 0 && f[bn] == b[bn - 1])
                doubled_ing = 1;
        }
        for (uint32_t k = i; k < j; k++) {
            unsigned bits = ex[k].bits;
            add_analysis(ex[k].form, ex[k].base, P_V, bits, 0);
            lem[ex[k].base].exc_slots[P_V] |=
                (bits & CHR_WF_ING ? SLOT_ING : 0) |
                (bits & CHR_WF_3SG ? SLOT_3SG : 0) |
                (bits & (CHR_WF_PAST | CHR_WF_PART) ? SLOT_PAST : 0);
        }
        if (doubled_ing && !past)
            add_analysis(ex[i].base, ex[i].base, P_V, CHR_WF_PAST | CHR_WF_PART, 0);
        i = j;
    }
    free(ex);
    free(t.buf);
}

/* noun.exc, adj.exc, adv.exc: every form is a plural (nouns), or a
 * comparative or superlative (adjectives, adverbs: no form bit). */
static void read_exc(const char *dir, int pos)
{
    text t;
    char name[32];
    snprintf(name, sizeof name, "%s.exc", pos_file[pos]);
    slurp(&t, dir, name);
    lines l = { &t, 0, 0 };
    const char *s, *tk;
    size_t n, tn;
    while (next_line(&l, &s, &n)) {
        const char *p = s, *end = s + n;
        if (!next_tok(&p, end, &tk, &tn))
            continue;
        uint32_t form = intern(tk, tn);
        int any = 0;
        while (next_tok(&p, end, &tk, &tn)) {
            any = 1;
            uint32_t base = find_str(tk, tn);
            if (base == NONE || base == form || lem[base].nsense[pos] == 0 ||
                !single_word(str(form)) || !single_word(str(base)))
                continue;
            add_analysis(form, base, pos, pos == P_N ? CHR_WF_PLURAL : 0, 0);
            if (pos == P_N)
                lem[base].exc_slots[P_N] |= SLOT_PLURAL;
        }
        if (!any)
            die_at(t.path, l.no, "a form without a base");
    }
    free(t.buf);
}

/*
 * Every form: lemmas, exception forms, regular forms.  A regular form is
 * dropped when the exception list gives its lemma a form for the same
 * slot and the regular spelling is also a form of another lemma of the
 * same part of speech: "see" has saw/seen, so "seed" stays the verb and
 * noun seed only; "hop" has hopping, so "hoping" stays hope's.  Otherwise
 * both readings are kept: "lied" (lie has lay, but no other verb is spelt
 * "lied"), "proved" (prove has proven; "proved" is also an adjective),
 * and "found" (find's past, an exception form, and the verb found).
 */
void build_forms(const char *dir)
{
    uint32_t nlemma = nstr;
    for (uint32_t id = 0; id < nlemma; id++) {
        if (!single_word(str(id)))
            continue;
        for (int p = 0; p < NPOS; p++)
            if (lem[id].nsense[p])
                add_analysis(id, id, p, p == P_V ? CHR_WF_BASE : 0, 0);
    }
    read_verb_exc(dir);
    read_exc(dir, P_N);
    read_exc(dir, P_A);
    read_exc(dir, P_R);
    for (uint32_t id = 0; id < nlemma; id++) {
        if (!single_word(str(id)))
            continue;
        if (lem[id].nsense[P_V])
            regular_forms(id, P_V);
        if (lem[id].nsense[P_N] && !proper_noun(id))
            regular_forms(id, P_N);
    }
    for (uint32_t i = 0; i < nans; i++) {
        analysis *a = &ans[i];
        if (a->slot && (lem[a->lemma].exc_slots[a->pos] & a->slot) &&
            lem[a->form].producers[a->pos] > 1)
            a->dropped = 1;
    }
}

/* ---- multi-word verbs ------------------------------------------------ */

static int phrase_order(const void *a, const void *b)
{
    const phrase *x = a, *y = b;
    int c = strcmp(str(x->head), str(y->head));
    if (c)
        return c;
    if (x->words != y->words)
        return x->words > y->words ? -1 : 1;
    if (x->bytes != y->bytes)
        return x->bytes > y->bytes ? -1 : 1;
    return strcmp(x->rest, y->rest);
}

phrase *phr;
uint32_t nphr;
static uint32_t capphr;

static void add_phrase(uint32_t id, uint8_t meaning, uint8_t lex)
{
    const char *s = str(id);
    const char *us = strchr(s, '_');
    uint32_t head = find_str(s, (size_t)(us - s));
    if (head == NONE || lem[head].nsense[P_V] == 0 || !single_word(str(head)))
        return;                    /* headed by no verb: "ad_lib" */
    char *rest = xrealloc(NULL, strlen(us));
    uint32_t words = 1;
    size_t k = 0;
    for (const char *p = us + 1; *p; p++) {
        rest[k++] = *p == '_' ? ' ' : *p;
        words += *p == '_';
    }
    rest[k] = '\0';
    for (size_t i = 0; i < k; i++)
        if (!word_byte(rest[i]) && rest[i] != ' ')
            die("collocation \"%s\" has a byte the table cannot hold", s);
    GROW(phr, nphr, capphr);
    phr[nphr++] = (phrase){ head, rest, words, (uint32_t)k, meaning, lex };
}

/* Multi-word verbs: index.verb collocations (and those meanings.tsv adds)
 * whose first word is a verb lemma. */
void build_phrases(void)
{
    for (uint32_t id = 0; id < nstr; id++)
        if (lem[id].nsense[P_V] && strchr(str(id), '_') != NULL)
            add_phrase(id, meaning_of(id, P_V), first_lex(id, P_V));
    qsort(phr, nphr, sizeof *phr, phrase_order);
}
