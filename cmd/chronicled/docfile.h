/*
 * docfile.h - /documents/NAME, /documents/NAME/text and
 * /documents/NAME/file: a document of the version served, as chronicle
 * read it (the text its sources' offsets count bytes of: the file itself,
 * or the text converted from a PDF, a page, an e-mail, a .docx or another
 * encoding) or as it is on disk.  A converted text is the one the
 * version's build kept; a file is read by a job of the work queue (work.h),
 * never on the loop.  Loop thread only.
 */
#ifndef CHRONICLED_DOCFILE_H
#define CHRONICLED_DOCFILE_H

#include "chronicle/snap.h"
#include "reply.h"
#include "work.h"

/* Reply to a GET of path ("/documents/..."), for the documents of s read
 * from the folder corpus (text that is not UTF-8 in encoding, NULL: the
 * charset guessed): 200 with the text or the file, at once (a converted
 * text s holds) or once a worker has read the file (503 with Retry-After
 * when too much waits already, 429 past the client's share); 404 for a
 * name that is not one of s's, 409 when the file changed since s was
 * built, 410 when it cannot be read any more.  Exactly one reply. */
void docfile_reply(struct work *w, struct request *r, const char *corpus,
                   const char *encoding, const chr_snap *s, const char *path);

#endif
