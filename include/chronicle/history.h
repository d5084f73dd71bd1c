/*
 * history.h - the history of corpus versions kept in a state folder:
 *
 *   DIR/index.json        {"format":1,"next":N,"versions":[entry...]}
 *   DIR/v000001.json ...  one snapshot file per version (version.h)
 *   DIR/lock              held (flock) while the folder is changed
 *
 * Versions are numbered 1, 2, ... in the order they were recorded; a
 * number is never reused.  Every file is replaced atomically, the
 * snapshot before the index, so a crash leaves the index naming only
 * complete snapshots.  Changes take the folder's lock and re-read the
 * index first, so two processes sharing a folder do not lose versions.
 *
 * A chr_history is not locked against threads: use it from one thread at
 * a time.  Entries returned are borrowed until the next call that
 * changes the history or chr_history_free.
 */
#ifndef CHRONICLE_HISTORY_H
#define CHRONICLE_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"
#include "chronicle/error.h"

#define CHR_HISTORY_FORMAT 1
#define CHR_HISTORY_KEEP 256      /* versions kept by default */
#define CHR_HISTORY_LOCK_WAIT_MS 10000  /* longest wait for STATE/lock */
#define CHR_HISTORY_MAX_NUMBER 999999999999ull

typedef struct chr_history_entry {
    uint64_t number;           /* 1, 2, ...; 0 for a version not recorded */
    char version[65];          /* corpus version (chr_chron_version) */
    int64_t created;           /* seconds since the epoch */
    size_t documents, events;
    size_t added, removed, changed;  /* events, against the one before */
    int saved;                 /* its snapshot is on disk */
    uint64_t bytes;            /* the snapshot file's size; 0: not recorded */
    char sha256[65];           /* and its SHA-256 (hex); "": not recorded */
} chr_history_entry;

typedef struct chr_history chr_history;

/*
 * Open (creating it when missing; its parent must exist) the state folder
 * dir, keeping at most keep versions (0: CHR_HISTORY_KEEP).  Reads the
 * index; a missing index is an empty history.  Returns NULL with err
 * filled when the folder cannot be made, locked or read, or the index is
 * malformed (it is then left untouched for a person to look at).
 */
chr_history *chr_history_open(const char *dir, size_t keep, chr_error *err);
void chr_history_free(chr_history *h);

/* The folder (borrowed). */
const char *chr_history_dir(const chr_history *h);

/* Recorded versions, oldest first. */
size_t chr_history_count(const chr_history *h);
const chr_history_entry *chr_history_at(const chr_history *h, size_t i);
/* The entry numbered number, or NULL. */
const chr_history_entry *chr_history_find(const chr_history *h, uint64_t number);

/* The snapshot file of version number into buf (cap bytes); returns 0 or
 * CHR_ETOOBIG when it does not fit. */
int chr_history_path(const chr_history *h, uint64_t number, char *buf, size_t cap);
/* Same, for a folder without opening it (readers on other threads). */
int chr_history_path_in(const char *dir, uint64_t number, char *buf, size_t cap);

/*
 * Record c (built) as the newest version, created at the given time, with
 * counts[3] = events added, removed, changed against the version before
 * (may be NULL).  When the newest recorded version already is c's corpus
 * version nothing is written and *number gets its number.  Otherwise the
 * snapshot and then the index are written and the oldest versions beyond
 * the limit removed.  Returns 0, or a chr_status with err naming the file
 * and reason (the history is then as before).
 */
int chr_history_add(chr_history *h, const chr_chron *c, int64_t created,
                    const size_t counts[3], uint64_t *number, chr_error *err);
/* The same with c's timeline already rendered (chr_version_render_with;
 * NULL: render it), and with force: record c even when the newest version
 * has its corpus version (the documents are the same but the events are
 * not, because chronicle itself changed). */
int chr_history_add_with(chr_history *h, const chr_chron *c, const char *timeline,
                         size_t tlen, int64_t created, const size_t counts[3],
                         int force, uint64_t *number, chr_error *err);

/* The chronology of version number (chr_version_read of its file). */
chr_chron *chr_history_load(const chr_history *h, uint64_t number, chr_error *err);
/* The snapshot of entry x of the state folder dir, checked against the
 * size and digest the index recorded for it (when it did): a damaged,
 * truncated or swapped file is an error, never another version. */
chr_chron *chr_history_read(const char *dir, const chr_history_entry *x, chr_error *err);

/*
 * {"current":N|null,"versions":[{"number","version","created","documents",
 * "events","added","removed","changed","saved"}...]} of v[0..n), newest
 * first; current is the number served now (0: null).  Caller frees.
 */
char *chr_history_list_json(const chr_history_entry *v, size_t n, uint64_t current,
                            size_t *len);

#endif
