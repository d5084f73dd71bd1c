/*
 * diff.h - what changed between two chronologies: events added, removed
 * and changed (date, type, title, status, actors, sources gained and
 * lost), and the documents behind them.
 *
 * Events are paired by their stable id first.  An event whose id changed
 * because its date or wording changed is paired by its evidence: a source
 * in the same document whose sentence is the same text or overlaps the
 * old one's byte span, with the same type or a shared actor.  Such a pair
 * is reported as changed, never as removed plus added.  Pairing is one to
 * one and runs in O((n + s) log (n + s)) for n events and s sources.
 *
 * A chr_diff borrows both chronologies: they must outlive it and stay
 * unchanged.  Everything the accessors return is owned by the diff and
 * valid until chr_diff_free.  Rendered buffers (chr_diff_json,
 * see diffout.h) are the caller's to free(); NULL means out of memory.
 */
#ifndef CHRONICLE_DIFF_H
#define CHRONICLE_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"
#include "chronicle/error.h"

/* Fields of an event that a change can touch (bits of chr_diff_change). */
#define CHR_DIFF_DATE   0x01u
#define CHR_DIFF_TYPE   0x02u
#define CHR_DIFF_TITLE  0x04u
#define CHR_DIFF_STATUS 0x08u
#define CHR_DIFF_ACTORS 0x10u
#define CHR_DIFF_ID     0x20u   /* the id differs too (never alone: a pair
                                   that differs only in id is unchanged) */

#define CHR_DIFF_NONE ((size_t)-1)

/* One event present in both chronologies that differs between them. */
typedef struct chr_diff_change {
    size_t from;             /* index of the event in the old chronology */
    size_t to;               /* index of the event in the new chronology */
    unsigned fields;         /* CHR_DIFF_* bits of what differs */
    int by_evidence;         /* paired by evidence rather than by id */
    const size_t *sources_added;   /* indexes into the new event's sources */
    size_t nsources_added;
    const size_t *sources_removed; /* indexes into the old event's sources */
    size_t nsources_removed;
} chr_diff_change;

typedef struct chr_diff chr_diff;

/*
 * Compare from (the old chronology) with to (the new one); both must be
 * built.  Returns the diff, or NULL with err filled when out of memory.
 */
chr_diff *chr_diff_new(const chr_chron *from, const chr_chron *to,
                       chr_error *err);
void chr_diff_free(chr_diff *d);

/* Events only in the new chronology: indexes into it, in its order. */
size_t chr_diff_added_count(const chr_diff *d);
size_t chr_diff_added(const chr_diff *d, size_t i);
/* Events only in the old chronology: indexes into it, in its order. */
size_t chr_diff_removed_count(const chr_diff *d);
size_t chr_diff_removed(const chr_diff *d, size_t i);
/* Paired events that differ, in the new chronology's order. */
size_t chr_diff_changed_count(const chr_diff *d);
const chr_diff_change *chr_diff_changed(const chr_diff *d, size_t i);
/* Paired events that are the same. */
size_t chr_diff_unchanged_count(const chr_diff *d);
/* True when no event was added, removed or changed. */
int chr_diff_empty(const chr_diff *d);

/* The old event paired with new event i (CHR_DIFF_NONE: added), and the
 * new event paired with old event i (CHR_DIFF_NONE: removed). */
size_t chr_diff_pair_of_new(const chr_diff *d, size_t i);
size_t chr_diff_pair_of_old(const chr_diff *d, size_t i);

/* Documents (borrowed names, sorted): only in the new chronology, only in
 * the old one, and in both with different contents. */
size_t chr_diff_docs_count(const chr_diff *d, int which);
const char *chr_diff_doc(const chr_diff *d, int which, size_t i);
enum { CHR_DIFF_DOCS_ADDED = 0, CHR_DIFF_DOCS_REMOVED, CHR_DIFF_DOCS_CHANGED };

/*
 * Give the new chronology the identity its events had in the old one, for
 * a history of versions: each paired event takes the old event's id (so
 * an iCalendar UID survives a change of date or wording); an unchanged one
 * keeps the old sequence and modification time; a changed one gets the
 * old sequence plus one and the modification time max(its own, now, old
 * + 1).  Added events keep theirs.  to must be the chronology d was made
 * with as the new one (it is written through).  Returns 0.
 */
int chr_diff_carry(const chr_diff *d, chr_chron *to, int64_t now);

/* What a rendering names each side (diffout.h): "name" (a path, may be
 * NULL) and "number" (a version number of a history, 0: none) besides the
 * corpus version and counts, which always appear. */
typedef struct chr_diff_end {
    const char *name;
    uint64_t number;
} chr_diff_end;

/* The two chronologies the diff compares (borrowed). */
const chr_chron *chr_diff_from(const chr_diff *d);
const chr_chron *chr_diff_to(const chr_diff *d);

#endif
