/* tense.c - the tense of the clause around an expression. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"
#include "tag/tag_int.h"

/* Does token i end a sentence?  The point of an abbreviation ("Sept. 14",
 * "Corp. said", "U.S. officials") is followed by a number, a lower-case
 * word or more punctuation, and ends nothing. */
static inline int sentence_end(const ctx *c, size_t i)
{
    const chr_tok *t = &TK(i);
    if (t->kind != T_PUNCT || !(t->val == '.' || t->val == '!' || t->val == '?' || t->val == ';'))
        return 0;
    if (t->val != '.' || !IN(i + 1) || TK(i + 1).nl)
        return 1;
    const chr_tok *n = &TK(i + 1);
    return !(n->kind == T_NUM || (n->kind == T_WORD && !n->cap) ||
             (n->kind == T_PUNCT && n->val == ','));
}

/* "is to resume", "are set to vote", "is due to open": a present or
 * participle form before "to" and a verb schedules what follows.  Token k
 * is the form; returns 1 when it opens such a group. */
static int scheduled_group(const ctx *c, size_t k)
{
    if (!(is_word(c, k, "is") || is_word(c, k, "are") || is_word(c, k, "set")))
        return 0;
    return is_word(c, k + 1, "to") && IN(k + 2) && TK(k + 2).kind == T_WORD && !TK(k + 2).cap &&
           !chr_lex_past_form(c->text, &TK(k + 2));
}

/* scheduled_group for the words of two or three letters that can open
 * one: every word around every expression is asked, inline. */
static inline int scheduled_at(const ctx *c, size_t k)
{
    size_t n = TK(k).e - TK(k).s;
    return TK(k).kind == T_WORD && (n == 2 || n == 3) && scheduled_group(c, k);
}

/* Is the past form at k a participle after "be" or "been" (token lo
 * opens the clause)?  Asked only of past forms. */
static int passive_at(const ctx *c, size_t k, size_t lo)
{
    return k > lo && (chr_tok_is(c->text, &TK(k - 1), "be") ||
                      chr_tok_is(c->text, &TK(k - 1), "been"));
}

/* -1 past, 1 future, 0 unknown: from the words of the clause around the
 * expression (tokens [a, b)), stopping at sentence punctuation. */
int tag_clause_tense(const ctx *c, size_t a, size_t b)
{
    int fut = 0, past = 0;
    size_t lo = a, hi = b;
    for (size_t k = 0; k < 14 && lo > 0; k++) {
        const chr_tok *t = &TK(lo - 1);
        if (sentence_end(c, lo - 1))
            break;
        if (t->nl && TK(lo).nl)
            break;
        lo--;
    }
    for (size_t k = 0; k < 10 && hi < c->n; k++) {
        const chr_tok *t = &TK(hi);
        if (sentence_end(c, hi))
            break;
        if (t->nl)
            break;
        hi++;
    }
    /* the nearest verb group decides: scan outward from the expression,
     * a - lo tokens before it (at most 14) and hi - b after (at most 10) */
    size_t reach = a - lo > hi - b ? a - lo : hi - b;
    for (size_t d = 1; d <= reach; d++) {
        if (d <= a - lo) {
            const chr_tok *t = &TK(a - d);
            unsigned cue = chr_lex_tense(c->text, t);
            if ((cue & CHR_LEX_FUTURE) || scheduled_at(c, a - d))
                fut += 3 - (d > 6);
            else if ((cue & CHR_LEX_PAST) && !passive_at(c, a - d, lo))
                past += 3 - (d > 6);
            else if (t->cls == C_KW && t->val == K_WOULD)
                return 0;
        }
        if (d <= hi - b) {
            const chr_tok *t = &TK(b + d - 1);
            unsigned cue = chr_lex_tense(c->text, t);
            if ((cue & CHR_LEX_FUTURE) || scheduled_at(c, b + d - 1))
                fut += 2 - (d > 5);
            else if (cue & CHR_LEX_PAST)
                past += 2 - (d > 5);
        }
    }
    if (fut > past)
        return 1;
    if (past > fut)
        return -1;
    return 0;
}

