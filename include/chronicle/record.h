/*
 * record.h - when a built chronology is a new corpus version, and the
 * identity its events carry over from the newest version before it.
 *
 * Calendars subscribed to a history of versions (history.h) update events
 * in place: an event keeps its iCalendar UID across versions even when its
 * date or wording changes, and a changed event gets a higher SEQUENCE and a
 * later LAST-MODIFIED.  Recording one build takes two steps around
 * rendering it:
 *
 *   chr_record_prepare  compare the new chronology with the newest version
 *                       and give its events their identity (before any of
 *                       its bodies is rendered)
 *   chr_record_commit   write it into the history when it is a new
 *                       version: its documents changed, or the same
 *                       documents gave other events (chronicle changed)
 *
 * A chr_record is the caller's (on the stack or inside another struct):
 * start it with chr_record_init and end it with chr_record_clear.  It
 * borrows both chronologies, which must outlive it; the newest version's
 * must not change meanwhile.  Its fields are results: read them, change
 * them only through these functions.  Nothing here is locked: use a record
 * from one thread at a time.
 */
#ifndef CHRONICLE_RECORD_H
#define CHRONICLE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"
#include "chronicle/diff.h"
#include "chronicle/error.h"
#include "chronicle/history.h"

typedef struct chr_record {
    const chr_chron *from;      /* the newest version (borrowed); NULL: none */
    uint64_t from_number;       /* its number in the history; 0: unrecorded */
    const chr_chron *to;        /* the new chronology (borrowed) */
    chr_diff *diff;             /* from -> to (owned); NULL without from, or
                                 * when the two could not be compared */
    int same_documents;         /* to has from's corpus version */
    int is_new;                 /* to is a new version */
    size_t counts[3];           /* events added, removed and changed against
                                 * from (without a diff: all added) */
    uint64_t number;            /* to's version number once committed: its
                                 * own, from_number when not new, 0 when
                                 * not recorded */
} chr_record;

/* An empty record (nothing compared, nothing new). */
void chr_record_init(chr_record *r);

/* Free what r holds (its diff) and make it empty again; NULL is a no-op. */
void chr_record_clear(chr_record *r);

/*
 * Compare to (built, not yet rendered) with from, the newest version
 * (NULL: there is none) numbered from_number (0: it was not recorded), and
 * give to's events the identity they had there (chr_diff_carry at time
 * now): paired events take the old id; unchanged ones keep the old
 * SEQUENCE and LAST-MODIFIED, changed ones get SEQUENCE + 1 and a later
 * LAST-MODIFIED.  Sets is_new: true unless from has to's documents and the
 * same events.  r must be empty.  Returns 0, or CHR_ENOMEM with err filled
 * when the two could not be compared: to then keeps its own identities
 * (worse for calendars) and counts as a new version with every event
 * added.
 */
int chr_record_prepare(chr_record *r, const chr_chron *from, uint64_t from_number,
                       chr_chron *to, int64_t now, chr_error *err);

/*
 * Record the prepared chronology in h when it is a new version, created at
 * now, with its counts; timeline is the compact chr_json_timeline of all
 * its events as served (NULL: rendered here), tlen its length.  h NULL (no
 * history) writes nothing.  Sets r->number (see above).  Returns 0, or a
 * chr_status with err naming the file and the reason; the history is then
 * as it was and r->number is 0.
 */
int chr_record_commit(chr_record *r, chr_history *h, const char *timeline, size_t tlen,
                      int64_t now, chr_error *err);

/*
 * The JSON diff (chr_diffout_json) from the newest version to the new one,
 * its sides named by their version numbers (after chr_record_commit):
 * what changed with this version.  NULL when it is not new, when there was
 * no version to compare with, or when memory runs out.  Caller frees;
 * *len (when not NULL) gets its length.
 */
char *chr_record_diff_json(const chr_record *r, size_t *len);

/*
 * The newest version kept in h, which a process starting on an existing
 * history carries identity from: *out gets its chronology (caller frees
 * with chr_chron_free; NULL when h is empty), *number its number and
 * *created the time it was recorded (when it was first served).  Returns
 * 0, or a chr_status with err filled when its snapshot cannot be read
 * (*out NULL, *number and *created still set).
 */
int chr_record_newest(const chr_history *h, chr_chron **out, uint64_t *number,
                      int64_t *created, chr_error *err);

#endif
