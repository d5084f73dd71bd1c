/*
 * chron.h - the chronology: documents and event mentions in, merged and
 * sorted events with stable ids out.
 *
 * A chr_chron owns copies of everything added to it.  Events and document
 * records returned by the accessors are borrowed and stay valid until the
 * next chr_chron_add_* or chr_chron_free.  The result depends only on the
 * set of documents and mentions added, never on their order, so
 * chronologies can be built from shards and merged.
 */
#ifndef CHRONICLE_CHRON_H
#define CHRONICLE_CHRON_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/date.h"
#include "chronicle/error.h"
#include "chronicle/event.h"
#include "chronicle/tag.h"

typedef struct chr_docinfo {
    char *name;                /* document name */
    char sha256[65];           /* hex digest of the bytes */
    int64_t mtime;             /* seconds since the epoch */
    uint64_t bytes;
    int64_t dct;               /* CHR_NO_DAY when none */
    chr_dct_source dct_source;
    char *dct_how;             /* explanation, may be NULL */
    char *title;               /* its title (heading, Subject:/Title: header or
                                  sidecar "title"), or NULL */
    char text_sha256[65];      /* converted documents (PDF, HTML, ...): the digest
                                  of the text read, whose bytes offsets count;
                                  "" when the text is the file's own bytes */
    char format[8];            /* "text", "html", "email", "pdf", "docx"; "" unknown */
    char encoding[32];         /* charset converted from, "" for UTF-8 */
    uint64_t fingerprint;      /* of its words, blind to case, spacing and
                                  punctuation (chr_doc_fingerprint); 0 unknown */
    /* Set by chr_chron_build, borrowed: documents of one fingerprint are
     * copies of the first by name, which alone gives mentions. */
    const char *copy_of;       /* the name of the one it copies, or NULL */
    const char **copies;       /* the names of its copies */
    size_t ncopies;
} chr_docinfo;

typedef struct chr_event {
    char id[17];               /* 16 lowercase hex digits */
    chr_event_type type;
    chr_modality status;       /* planned only when every source says so */
    char *title;
    chr_date date;             /* best-supported date */
    char **actors;             /* union over sources, sorted */
    size_t nactors;
    chr_mention *sources;      /* sorted by document, then offset; their
                                  strings are the chronology's mentions',
                                  valid until it is built again or freed */
    size_t nsources;
    chr_date *conflicts;       /* other dates sources give, sorted */
    size_t nconflicts;
    int64_t modified;          /* newest mtime among its documents */
    int sequence;              /* iCalendar SEQUENCE (0 unless versioned) */
    int salience;              /* 0..100, what an analyst weighs (README) */
} chr_event;

typedef struct chr_chron chr_chron;

chr_chron *chr_chron_new(void);
void chr_chron_free(chr_chron *c);
/* How many threads chr_chron_build may use (0, the default: one per
 * core); the chronology it builds is the same for every number. */
void chr_chron_set_jobs(chr_chron *c, unsigned jobs);

/* Add a document record (copied).  A second record with the same name
 * replaces the first only if it is identical; otherwise CHR_EINVAL. */
int chr_chron_add_doc(chr_chron *c, const chr_docinfo *info, chr_error *err);

/* Add one mention; takes ownership of m's strings and zeroes *m.
 * Undated mentions are dropped (returns 0). */
int chr_chron_add_mention(chr_chron *c, chr_mention *m, chr_error *err);

/* Merge mentions into events, pick dates, assign ids and sort.  Runs in
 * O(n log n) for n mentions.  Returns 0 or CHR_ENOMEM. */
int chr_chron_build(chr_chron *c, chr_error *err);

size_t chr_chron_event_count(const chr_chron *c);
const chr_event *chr_chron_event(const chr_chron *c, size_t i);
/* Index of the event with that id, or (size_t)-1. */
size_t chr_chron_find(const chr_chron *c, const char *id);

/*
 * Carry an event's identity across corpus versions (history, diff): set
 * the id (16 lowercase hex digits; NULL keeps it), the iCalendar SEQUENCE
 * (negative keeps it) and the last-modified time (CHR_NO_DAY keeps it) of
 * event i.  The chronology's order is unchanged.  Returns 0, or CHR_EINVAL
 * for a bad index or id.
 */
int chr_chron_set_identity(chr_chron *c, size_t i, const char *id, int sequence,
                           int64_t modified);

size_t chr_chron_doc_count(const chr_chron *c);
const chr_docinfo *chr_chron_doc(const chr_chron *c, size_t i); /* by name */
/* The document called name, or NULL; borrowed. */
const chr_docinfo *chr_chron_find_doc(const chr_chron *c, const char *name);

/* SHA-256 (hex) over the sorted document names and digests; borrowed. */
const char *chr_chron_version(const chr_chron *c);
/* Newest document mtime: the time this corpus version came to be. */
int64_t chr_chron_generated(const chr_chron *c);

void chr_docinfo_clear(chr_docinfo *d);
/* Deep copy of src's own fields (not copy_of and copies, which a
 * chronology sets); 0, or CHR_ENOMEM with dst cleared. */
int chr_docinfo_copy(chr_docinfo *dst, const chr_docinfo *src);

#endif
