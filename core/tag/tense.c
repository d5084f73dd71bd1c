/* tense.c - the tense of the clause around an expression. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"
#include "tag/tag_int.h"

/* -1 past, 1 future, 0 unknown: from the words of the clause around the
 * expression (tokens [a, b)), stopping at sentence punctuation. */
int tag_clause_tense(const ctx *c, size_t a, size_t b)
{
    int fut = 0, past = 0;
    size_t lo = a, hi = b;
    for (size_t k = 0; k < 14 && lo > 0; k++) {
        const chr_tok *t = &TK(lo - 1);
        if (t->kind == T_PUNCT && (t->val == '.' || t->val == '!' || t->val == '?' ||
                                   t->val == ';'))
            break;
        if (t->nl && TK(lo).nl)
            break;
        lo--;
    }
    for (size_t k = 0; k < 10 && hi < c->n; k++) {
        const chr_tok *t = &TK(hi);
        if (t->kind == T_PUNCT && (t->val == '.' || t->val == '!' || t->val == '?' ||
                                   t->val == ';'))
            break;
        if (t->nl)
            break;
        hi++;
    }
    /* the nearest verb group decides: scan outward from the expression */
    for (size_t d = 1; d <= 14; d++) {
        if (a >= d && a - d >= lo) {
            const chr_tok *t = &TK(a - d);
            int passive = a - d > lo && (chr_tok_is(c->text, &TK(a - d - 1), "be") ||
                                         chr_tok_is(c->text, &TK(a - d - 1), "been"));
            if (chr_lex_future_word(c->text, t))
                fut += 3 - (d > 6);
            else if (chr_lex_past_word(c->text, t) && !passive)
                past += 3 - (d > 6);
            else if (t->cls == C_KW && t->val == K_WOULD)
                return 0;
        }
        if (b + d - 1 < hi) {
            const chr_tok *t = &TK(b + d - 1);
            if (chr_lex_future_word(c->text, t))
                fut += 2 - (d > 5);
            else if (chr_lex_past_word(c->text, t))
                past += 2 - (d > 5);
        }
    }
    if (fut > past)
        return 1;
    if (past > fut)
        return -1;
    return 0;
}

