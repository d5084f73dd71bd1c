/*
 * tag.h - temporal tagging: finding date, time, duration and set
 * expressions in text, normalising them to TIMEX3 values against the
 * document creation time (DCT) and the narrative, and inferring the DCT.
 *
 * chr_timex values are plain (no pointers).  A chr_timex_list owns its
 * array; free it with chr_timex_list_free.
 */
#ifndef CHRONICLE_TAG_H
#define CHRONICLE_TAG_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/date.h"
#include "chronicle/error.h"

typedef enum chr_timex_type {
    CHR_TX_DATE = 0,
    CHR_TX_TIME,
    CHR_TX_DURATION,
    CHR_TX_SET
} chr_timex_type;

typedef enum chr_timex_mod {
    CHR_MOD_NONE = 0,
    CHR_MOD_START,
    CHR_MOD_MID,
    CHR_MOD_END,
    CHR_MOD_APPROX,
    CHR_MOD_BEFORE,
    CHR_MOD_AFTER
} chr_timex_mod;

typedef enum chr_anchor {
    CHR_ANCHOR_ABSOLUTE = 0,  /* the text names the date fully */
    CHR_ANCHOR_DCT,           /* resolved against the document date */
    CHR_ANCHOR_PREVIOUS,      /* resolved against the previous date */
    CHR_ANCHOR_NONE,          /* relative, but nothing to resolve it on */
    /* Dates a reader infers for an event with no date expression of its
     * own (event mentions only, never temporal expressions): */
    CHR_ANCHOR_HEADLINE,      /* a headline or lede event: the document's date */
    CHR_ANCHOR_REPORTING,     /* a statement with no date: the document's date */
    CHR_ANCHOR_NARRATIVE,     /* continues a dated narrative, or the story's
                                 day: that date */
    CHR_ANCHOR_FORM,          /* a form's subject ("Title<TAB>Meeting with ..."),
                                 and what its minutes report: the form's date */
    CHR_ANCHOR_COUNT
} chr_anchor;

typedef enum chr_date_order {
    CHR_ORDER_AUTO = 0,  /* the document's own convention, then DMY */
    CHR_ORDER_DMY,
    CHR_ORDER_MDY
} chr_date_order;

/* Flags on a timex. */
#define CHR_TXF_RANGE_START  0x01u  /* first year of "2016-2018" */
#define CHR_TXF_DATELINE     0x02u  /* the document's own dateline/header */
#define CHR_TXF_VAGUE        0x04u  /* PAST_REF, FUTURE_REF, PRESENT_REF */
#define CHR_TXF_GENERIC      0x08u  /* no year can be known: XXXX-03 */
#define CHR_TXF_RANGE_END    0x10u  /* last year of "2016-2018" */

typedef struct chr_timex {
    uint32_t start;          /* byte offset of the expression */
    uint32_t end;            /* one past its last byte */
    chr_timex_type type;
    chr_timex_mod mod;
    chr_anchor anchor;
    unsigned flags;
    char value[24];          /* TIMEX3 value: 2019-03, P5Y, XXXX-03, ... */
    chr_date date;           /* the day range, prec NONE when unresolved */
    uint32_t range_end;      /* for "2016-2018": offset of the range end */
} chr_timex;

typedef struct chr_timex_list {
    chr_timex *items;
    size_t count;
    size_t cap;
} chr_timex_list;

void chr_timex_list_free(chr_timex_list *list);

typedef struct chr_tag_opts {
    int64_t dct;             /* document creation day, or CHR_NO_DAY */
    chr_date_order order;    /* numeric day/month order */
} chr_tag_opts;

/*
 * Tag text [text, text+len) (valid UTF-8 is assumed; other bytes are
 * treated as punctuation).  Appends to *out in text order.  Returns 0 or
 * CHR_ENOMEM.  opts may be NULL (no DCT, automatic order).
 */
int chr_tag(const char *text, size_t len, const chr_tag_opts *opts,
            chr_timex_list *out, chr_error *err);

/* How a DCT was found. */
typedef enum chr_dct_source {
    CHR_DCT_NONE = 0,
    CHR_DCT_GIVEN,           /* --dct or the caller */
    CHR_DCT_SIDECAR,         /* NAME.meta.json */
    CHR_DCT_HEADER,          /* "Date:" / "Updated:" header */
    CHR_DCT_DATELINE,        /* a date line near the top */
    CHR_DCT_LETTER,          /* a letter's date line */
    CHR_DCT_BOUND,           /* no dateline: bounded by later timestamps */
    CHR_DCT_METADATA         /* the file's own date (format.h: HTML meta, e-mail
                                Date, PDF or .docx properties) */
} chr_dct_source;

typedef struct chr_dct {
    int64_t day;             /* CHR_NO_DAY when none */
    chr_dct_source source;
    uint32_t offset;         /* where the evidence starts (header sources) */
    uint32_t length;
    chr_date_order order;    /* numeric order the document uses */
    char how[120];           /* human explanation */
} chr_dct;

const char *chr_dct_source_name(chr_dct_source s);

/*
 * Infer the DCT and the numeric date order of a document's text.  order
 * is the fallback order (CHR_ORDER_AUTO means DMY).  When nothing is
 * found out->day is CHR_NO_DAY and out->source CHR_DCT_NONE.  Returns 0,
 * or CHR_ENOMEM (out then says nothing was found).
 */
int chr_dct_infer(const char *text, size_t len, chr_date_order order,
                  chr_dct *out);

/*
 * The numeric day-month order (order.c holds the one rule).  Counts of a
 * text's numeric dates: those that show day first ("13/01/2019"), month
 * first ("01/13/2019"), and those whose reading depends on the order
 * ("04/05/2019").  A byte scan with no allocation; it adds to *out.
 */
typedef struct chr_order_counts {
    size_t dmy, mdy, open;
} chr_order_counts;
void chr_order_count(const char *text, size_t len, chr_order_counts *out);

/* The order a text's (or a corpus's summed) counts show, or AUTO. */
chr_date_order chr_order_shown(const chr_order_counts *c);

/* The order a document is read in: its own shown order, else the
 * corpus's, else the one given (--date-order), else day first.  Never
 * returns AUTO. */
chr_date_order chr_order_decide(chr_date_order own, chr_date_order corpus,
                                chr_date_order given);

/* chr_order_decide for one text on its own (no corpus). */
chr_date_order chr_order_of(const char *text, size_t len, chr_date_order fallback);

const char *chr_timex_type_name(chr_timex_type t);
const char *chr_timex_mod_name(chr_timex_mod m);     /* "" for NONE */
const char *chr_anchor_name(chr_anchor a);

#endif
