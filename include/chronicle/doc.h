/*
 * doc.h - one document: its bytes, its UTF-8 report and its sentences.
 *
 * A chr_doc owns a copy of the file's bytes, the analysis text (the same
 * bytes with every invalid UTF-8 byte and control byte blanked to a space,
 * so offsets into it are offsets into the file), and its sentence spans.
 * Everything borrowed from a chr_doc lives until chr_doc_free.
 */
#ifndef CHRONICLE_DOC_H
#define CHRONICLE_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/error.h"

/* A "sentence" longer than this (bytes) is cut at a space. */
#define CHR_DOC_MAX_SENTENCE 4000u

/* Documents above this size are refused (offsets are stored as uint32_t). */
#define CHR_DOC_MAX_BYTES ((size_t)256 << 20)

typedef struct chr_span {
    uint32_t start;   /* byte offset */
    uint32_t len;     /* byte length */
} chr_span;

typedef struct chr_doc chr_doc;

/*
 * Read the file at path.  name is how the document is called in output
 * (NULL: the path's last component).  Returns a new document or NULL with
 * err filled: unreadable (CHR_EIO), empty (CHR_EEMPTY), too large
 * (CHR_ETOOBIG).  Invalid UTF-8 is not an error here; see
 * chr_doc_bad_bytes.
 */
chr_doc *chr_doc_read(const char *path, const char *name, chr_error *err);

/* The same from memory; the bytes are copied.  Empty text is allowed. */
chr_doc *chr_doc_from_mem(const char *name, const char *bytes, size_t len,
                          chr_error *err);

/*
 * Read the whole file at path (a regular file, not empty, not above
 * CHR_DOC_MAX_BYTES) into *bytes, malloc'd with one spare byte after
 * *len; *mtime (may be NULL) its modification time.  0, or a chr_status
 * with err filled (CHR_EIO, CHR_EEMPTY, CHR_ETOOBIG, CHR_ENOMEM).
 */
int chr_doc_load(const char *path, char **bytes, size_t *len, int64_t *mtime,
                 chr_error *err);

/*
 * A document over text, which it takes over (a malloc'd buffer of at
 * least len + 1 bytes; freed on failure too).  file_sha256 NULL: text is
 * the file's own bytes (as chr_doc_read).  Otherwise text was converted
 * from a file whose bytes have that digest (64 hex digits) and size:
 * chr_doc_sha256 gives the file's digest, chr_doc_text_sha256 the text's,
 * and offsets are offsets into text.  path may be "" (from memory).
 */
chr_doc *chr_doc_adopt(const char *name, const char *path, char *text, size_t len,
                       int64_t mtime, const char *file_sha256, uint64_t file_bytes,
                       chr_error *err);

/* The file's own bytes before any was blanked (for a document that is not
 * converted; a converted one holds only its text, which this returns);
 * borrowed, *len as chr_doc_text's. */
const char *chr_doc_original(const chr_doc *doc, size_t *len);

/* Is the text converted from another form (chr_doc_adopt with a digest)? */
int chr_doc_converted(const chr_doc *doc);
/* Size of the file the document was read from (its text's length when
 * not converted). */
uint64_t chr_doc_file_bytes(const chr_doc *doc);
/* SHA-256 of the text as chronicle read it (64 hex digits, borrowed):
 * for a document that is not converted, chr_doc_sha256. */
const char *chr_doc_text_sha256(chr_doc *doc);
/* Where the text came from: the format's name ("text", "pdf", ...) and
 * the charset it was converted from ("" when UTF-8); borrowed. */
const char *chr_doc_format(const chr_doc *doc);
const char *chr_doc_encoding(const chr_doc *doc);
/* Record them (copied, cut to fit); the reading stage calls it. */
void chr_doc_set_origin(chr_doc *doc, const char *format, const char *encoding);

/* Frees the document and everything borrowed from it; NULL is a no-op. */
void chr_doc_free(chr_doc *doc);

const char *chr_doc_name(const chr_doc *doc);   /* borrowed */
const char *chr_doc_path(const chr_doc *doc);   /* borrowed, "" from mem */

/* The analysis text (valid UTF-8, NUL-terminated) and its length. */
const char *chr_doc_text(const chr_doc *doc, size_t *len);
/* The document's title: a "Subject:", "Title:" or "Re:" header (or
 * "Title<TAB>...") among its first 30 lines, else the first of its first
 * five lines that reads as a heading (three words or more, under 200
 * bytes, no final stop); white space folded; malloc'd into *title, NULL
 * when it has none.  Returns 0, or CHR_ENOMEM (*title NULL). */
int chr_doc_title(const chr_doc *doc, char **title);
/* A 64-bit fingerprint of the document's words: letters and digits, folded
 * to lower case, everything else left out, so that copies differing only
 * in spacing, line breaks, punctuation or case share it.  Never 0. */
uint64_t chr_doc_fingerprint(const chr_doc *doc);

/* SHA-256 of the original bytes as 64 lowercase hex digits, computed on
 * the first call (borrowed). */
const char *chr_doc_sha256(chr_doc *doc);

/* Modification time of the file (seconds since the epoch), 0 from memory. */
int64_t chr_doc_mtime(const chr_doc *doc);

/*
 * Number of invalid UTF-8 (or NUL / control) bytes found and blanked.
 * When non-zero, *first (if not NULL) is the offset of the first one and
 * why (if not NULL) describes it.
 */
size_t chr_doc_bad_bytes(const chr_doc *doc, size_t *first, const char **why);

/* Split the text into sentences, once (a reader of dates alone never
 * needs them): 0, or CHR_ENOMEM with err filled.  The accessors below
 * split on first use when no one called it, and then see no sentences if
 * memory runs out: call it first to know. */
int chr_doc_split(chr_doc *doc, chr_error *err);

/* Sentence spans, in document order, covering no blank-only text. */
size_t chr_doc_sentence_count(const chr_doc *doc);
chr_span chr_doc_sentence(const chr_doc *doc, size_t i);
/* Index of the sentence containing offset, or (size_t)-1. */
size_t chr_doc_sentence_at(const chr_doc *doc, size_t offset);

/*
 * Sentence segmentation on its own, for tests and tools: writes at most
 * cap spans and returns how many there are (which may exceed cap).
 */
size_t chr_doc_segment(const char *text, size_t len, chr_span *out, size_t cap);

#endif
