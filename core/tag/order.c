/*
 * order.c - the numeric day-month order, decided in this one place: a
 * numeric date with a part above 12 shows its order; a document follows
 * the order most of its own such dates show, else the corpus's, else the
 * caller's, else day first.  Dotted dates ("9.10.2019") are day-first
 * wherever they are written and are not counted.
 */
#include <string.h>

#include "base/text_int.h"
#include "chronicle/tag.h"

/* The numeric date whose first separator is at k, if any, counted into
 * out: "04/05/2019" opens the question, "13/01/2019" shows day first,
 * "01/13/2019" month first. */
static void count_at(const unsigned char *u, size_t len, size_t k, chr_order_counts *out)
{
    /* the day or month before it: one or two digits, alone */
    size_t i = k;
    while (i > 0 && chr_is_digit(u[i - 1]) && k - i < 3)
        i--;
    size_t na = k - i;
    if (na == 0 || na > 2 || (i > 0 && chr_is_digit(u[i - 1])) || i + 8 > len)
        return;
    int a = 0, b = 0, nb = 0, ny = 0;
    for (size_t q = i; q < k; q++)
        a = a * 10 + (u[q] - '0');
    unsigned char sep = u[k];
    size_t j = k + 1;
    while (j < len && chr_is_digit(u[j]) && nb < 3) {
        b = b * 10 + (u[j++] - '0');
        nb++;
    }
    if (nb == 0 || nb > 2 || j >= len || u[j] != sep)
        return;
    j++;
    while (j < len && chr_is_digit(u[j]) && ny < 5) {
        j++;
        ny++;
    }
    if (ny < 4)
        return;
    /* "04/05/2019": its reading waits for the order, whatever surrounds it */
    if (a >= 1 && a <= 12 && b >= 1 && b <= 12)
        out->open++;
    /* only a clean date shows the order: not "1.13/01/2019", "13/01/20190" */
    if (ny != 4 || (j < len && (chr_is_digit(u[j]) || u[j] == sep)) ||
        (i > 0 && (u[i - 1] == '/' || u[i - 1] == '-' || u[i - 1] == '.')))
        return;
    if (a > 12 && a <= 31 && b >= 1 && b <= 12)
        out->dmy++;
    else if (b > 12 && b <= 31 && a >= 1 && a <= 12)
        out->mdy++;
}

void chr_order_count(const char *text, size_t len, chr_order_counts *out)
{
    /* every numeric date has a '/' or a '-' after its first number: only
     * those bytes are looked at (memchr skips the rest) */
    const unsigned char *u = (const unsigned char *)text, *end = u + len;
    const unsigned char *slash = memchr(u, '/', len), *dash = memchr(u, '-', len);
    while (slash != NULL || dash != NULL) {
        if (dash == NULL || (slash != NULL && slash < dash)) {
            count_at(u, len, (size_t)(slash - u), out);
            slash = memchr(slash + 1, '/', (size_t)(end - slash - 1));
        } else {
            count_at(u, len, (size_t)(dash - u), out);
            dash = memchr(dash + 1, '-', (size_t)(end - dash - 1));
        }
    }
}

chr_date_order chr_order_shown(const chr_order_counts *c)
{
    return c->dmy > c->mdy ? CHR_ORDER_DMY : c->mdy > c->dmy ? CHR_ORDER_MDY : CHR_ORDER_AUTO;
}

chr_date_order chr_order_decide(chr_date_order own, chr_date_order corpus, chr_date_order given)
{
    if (own != CHR_ORDER_AUTO)
        return own;
    if (corpus != CHR_ORDER_AUTO)
        return corpus;
    return given != CHR_ORDER_AUTO ? given : CHR_ORDER_DMY;
}

chr_date_order chr_order_of(const char *text, size_t len, chr_date_order fallback)
{
    chr_order_counts n = {0, 0, 0};
    chr_order_count(text, len, &n);
    return chr_order_decide(chr_order_shown(&n), CHR_ORDER_AUTO, fallback);
}
