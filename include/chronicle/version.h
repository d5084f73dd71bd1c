/*
 * version.h - snapshot files: one corpus version on disk.  A snapshot is
 * the timeline document of json.h (events with their sources, documents
 * with their SHA-256 digests, the corpus version in "corpus") with a
 * "snapshot" header object in front:
 *
 *   {"snapshot":{"format":1,"created":"2020-07-14T12:00:00Z",
 *                "version":"<corpus version>","documents":5,"events":36},
 *    "corpus":{...},"events":[...],"documents":[...]}
 *
 * Reading one back rebuilds the chronology from the sources and then
 * restores what a history of versions gave its events (id, sequence,
 * modification time), so a restart serves the same bytes.
 *
 * Returned char * buffers are the caller's to free(); returned
 * chronologies are the caller's (chr_chron_free).
 */
#ifndef CHRONICLE_VERSION_H
#define CHRONICLE_VERSION_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"
#include "chronicle/error.h"

#define CHR_SNAPSHOT_FORMAT 1
/* Snapshot files larger than this are refused (CHR_ETOOBIG). */
#define CHR_SNAPSHOT_MAX ((size_t)1 << 30)

/* The snapshot file of c (one line, ending in '\n'), recorded at created
 * (seconds since the epoch).  NULL when out of memory. */
char *chr_version_render(const chr_chron *c, int64_t created, size_t *len);

/* The same around timeline bytes already rendered for c (the compact
 * chr_json_timeline of all its events, as a served snapshot holds), so
 * a large timeline is not rendered twice.  NULL when out of memory or
 * when timeline is not a JSON object. */
char *chr_version_render_with(const chr_chron *c, const char *timeline,
                              size_t tlen, int64_t created, size_t *len);

/*
 * A built chronology from [buf, buf+len): a snapshot file, a timeline, or
 * anything else chr_json_load reads.  Events whose evidence the input
 * lists get back the input's id, sequence and modification time.  A
 * snapshot whose documents do not hash to the corpus version its header
 * names is refused (CHR_EPARSE), so a damaged file is never taken for a
 * version.  If created is not NULL it gets the header's time (0 without
 * a header).  Returns NULL with err filled on failure.
 */
chr_chron *chr_version_load(const char *buf, size_t len, const char *source,
                            int64_t *created, chr_error *err);

/* chr_version_load of the file at path (CHR_EIO when it cannot be read,
 * CHR_ETOOBIG above CHR_SNAPSHOT_MAX). */
chr_chron *chr_version_read(const char *path, int64_t *created, chr_error *err);
/* The same, refusing (CHR_EPARSE, naming sizes and digests) a file that is
 * not bytes long with this SHA-256 (hex) when sha256 is not NULL. */
chr_chron *chr_version_read_expect(const char *path, uint64_t bytes, const char *sha256,
                                   int64_t *created, chr_error *err);

/*
 * Replace the file at path with [data, data+len) atomically: write a
 * temporary file beside it, fsync it, rename it over path, fsync the
 * folder.  Readers see the old file or the new one, never a part, and a
 * crash leaves at most a stray temporary.  Returns 0 or CHR_EIO with err
 * naming the step and the system's reason (no space, read-only, ...).
 */
int chr_version_write_file(const char *path, const char *data, size_t len,
                           chr_error *err);


#endif
