/*
 * event.h - event mentions: what one sentence of one document says
 * happened, of which type, to whom, and when (extract.h finds them).
 *
 * A chr_mention owns all its strings (malloc'd); chr_mention_clear frees
 * them.  A chr_mention_list owns its mentions.
 */
#ifndef CHRONICLE_EVENT_H
#define CHRONICLE_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/date.h"
#include "chronicle/doc.h"
#include "chronicle/error.h"
#include "chronicle/tag.h"

typedef enum chr_event_type {
    CHR_EV_MEETING = 0,
    CHR_EV_BAN,
    CHR_EV_OPENING,
    CHR_EV_LAW,
    CHR_EV_ARREST,
    CHR_EV_LEGAL_ACTION,
    CHR_EV_REPORT,
    CHR_EV_STATEMENT,
    CHR_EV_POLICY,
    CHR_EV_OTHER,
    CHR_EV_NTYPES
} chr_event_type;

typedef enum chr_modality {
    CHR_OCCURRED = 0,
    CHR_PLANNED
} chr_modality;

typedef struct chr_mention {
    chr_event_type type;
    chr_modality status;
    char *doc;                 /* document name */
    uint32_t offset;           /* evidence sentence: byte offset, length */
    uint32_t length;
    char *sentence;            /* the evidence sentence's text */
    char *title;               /* short title, at most ~12 words */
    char **actors;             /* actor names, sorted, unique */
    size_t nactors;
    char *trigger;             /* the trigger word(s) as written */
    uint32_t trigger_offset;   /* the predicate's bytes in the document */
    uint32_t trigger_length;
    char *lemma;               /* its lemma ("sell" for "sold"), or NULL */
    char *date_text;           /* the date expression as written, or NULL */
    uint32_t date_offset;
    uint32_t date_length;
    chr_date date;             /* prec CHR_PREC_NONE when undated */
    chr_timex_mod mod;
    chr_anchor anchor;
    int64_t dct;               /* the DCT used, or CHR_NO_DAY */
    const char *why_undated;   /* static reason it is left out of a
                                  chronology (undated, negated ...), or NULL */
} chr_mention;

typedef struct chr_mention_list {
    chr_mention *items;
    size_t count;
    size_t cap;
} chr_mention_list;

/* Free the strings of m and zero it. */
void chr_mention_clear(chr_mention *m);
/* Deep copy; returns 0 or CHR_ENOMEM (dst is then zeroed). */
int chr_mention_copy(chr_mention *dst, const chr_mention *src);
/* Sort m's actors and drop (free) repeats, after names were changed. */
void chr_mention_tidy_actors(chr_mention *m);
/* Append a mention; takes ownership of *m's strings (and zeroes *m). */
int chr_mention_list_push(chr_mention_list *list, chr_mention *m);
void chr_mention_list_free(chr_mention_list *list);

/* "meeting", "ban", ...; never NULL. */
const char *chr_event_type_name(chr_event_type t);
/* Parse a type name of len bytes; returns 0 or CHR_EINVAL. */
int chr_event_type_parse(const char *s, size_t len, chr_event_type *out);
const char *chr_modality_name(chr_modality m);  /* "occurred" / "planned" */

#endif
