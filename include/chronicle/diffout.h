/*
 * diffout.h - a diff between two chronologies (diff.h) written out, as
 * JSON for programs and as text for people.  Returned buffers are the
 * caller's to free(), NUL-terminated, *len (when not NULL) gets their
 * length; NULL means out of memory.
 */
#ifndef CHRONICLE_DIFFOUT_H
#define CHRONICLE_DIFFOUT_H

#include <stddef.h>

#include "chronicle/diff.h"

/*
 * {"from":{...},"to":{...},"summary":{"added","removed","changed",
 * "unchanged"},"added":[event...],"removed":[event...],"changed":[{"id",
 * "new_id"?,"matched_by","title","date","fields":{"date":{"old","new"},
 * ...},"sources_added":[...],"sources_removed":[...]}],"documents":{
 * "added":[...],"removed":[...],"changed":[...]}}.  Added and removed
 * events are full event objects as in the timeline; sources are {"doc",
 * "offset","length","sentence"}.  from/to may be NULL.
 */
char *chr_diffout_json(const chr_diff *d, const chr_diff_end *from,
                       const chr_diff_end *to, int pretty, size_t *len);

/*
 * The diff for people: a header naming both sides, then one line per
 * event, grouped as added, removed and changed, each changed field as
 * "old → new" on its own line.  color: ANSI colours (green added, red
 * removed, yellow changed).  Control bytes of document text are written
 * as spaces, so a document cannot drive the terminal.
 */
char *chr_diffout_text(const chr_diff *d, const chr_diff_end *from,
                       const chr_diff_end *to, int color, size_t *len);

#endif
