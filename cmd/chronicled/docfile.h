/*
 * docfile.h - /documents/NAME, /documents/NAME/text and
 * /documents/NAME/file: a document of the version served, as chronicle
 * read it (the text its sources' offsets count bytes of: the file itself,
 * or the text converted from a PDF, a page, an e-mail, a .docx or another
 * encoding) or as it is on disk.  Loop thread only.
 */
#ifndef CHRONICLED_DOCFILE_H
#define CHRONICLED_DOCFILE_H

#include "chronicle/chron.h"
#include "reply.h"

/* Reply to a GET of path ("/documents/..."), for the documents of c read
 * from the folder corpus (text that is not UTF-8 in encoding, NULL: the
 * charset guessed): 200 with the text or the file, 404 for a name
 * that is not one of c's, 409 when the file changed since c was built,
 * 410 when it cannot be read any more. */
void docfile_reply(struct request *r, const char *corpus, const char *encoding,
                   const chr_chron *c, const char *path);

#endif
