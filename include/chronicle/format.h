/*
 * format.h - the reading stage in front of the analysis: a file, whatever
 * it is (UTF-8 text, text in another encoding, HTML, an e-mail, a PDF, a
 * Word .docx), becomes a chr_doc over the text chronicle reads, plus what
 * the file says about itself (title, date, author) in a chr_format_meta.
 *
 * The kind is chosen by content first (magic bytes, libmagic), the name
 * only breaking ties between text kinds: a .txt that starts like an
 * e-mail or holds markup stays text.  Plain UTF-8 text is read as it is
 * (offsets are the file's); every other kind is converted, and offsets
 * are then offsets into the converted text (chr_doc_converted).
 *
 * Ownership: the chr_doc returned is the caller's (chr_doc_free); the
 * strings of a chr_format_meta are its own, freed by
 * chr_format_meta_clear.  Every converter works on bounded input (the
 * document limit of doc.h) and bounded output (CHR_FORMAT_MAX_TEXT), so a
 * hostile file is refused, never followed.
 */
#ifndef CHRONICLE_FORMAT_H
#define CHRONICLE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/doc.h"
#include "chronicle/error.h"

/* Converted text above this size is refused (a PDF or a .docx that
 * expands past it is a bomb or no document a person reads). */
#define CHR_FORMAT_MAX_TEXT ((size_t)64 << 20)

typedef enum chr_format {
    CHR_FORMAT_TEXT = 0,   /* text: UTF-8 as is, or converted (encoding) */
    CHR_FORMAT_HTML,
    CHR_FORMAT_EMAIL,      /* RFC 5322 + MIME (.eml) */
    CHR_FORMAT_PDF,
    CHR_FORMAT_DOCX        /* Office Open XML word processing */
} chr_format;

/* How the encoding of a text was decided. */
typedef enum chr_encoding_how {
    CHR_ENC_UTF8 = 0,      /* valid UTF-8: read as is */
    CHR_ENC_BOM,           /* a UTF-16 byte-order mark */
    CHR_ENC_GUESSED,       /* 8-bit text, the charset guessed (uchardet) */
    CHR_ENC_GIVEN,         /* --encoding */
    CHR_ENC_DECLARED       /* the file declares it (HTML meta, MIME charset) */
} chr_encoding_how;

typedef struct chr_format_meta {
    chr_format format;
    char encoding[32];       /* charset the text was read in, "" for UTF-8 */
    chr_encoding_how encoding_how;
    char *title;             /* the file's own title, or NULL */
    int title_weak;          /* a PDF's info title: the text's heading wins */
    int64_t date;            /* the file's own date (a DCT candidate), or
                                CHR_NO_DAY */
    int date_weak;           /* PDF and .docx: the text's dateline wins */
    char date_how[96];       /* where the date was found */
    char *author;            /* or NULL */
    size_t quoted;           /* e-mail: quoted lines of earlier messages */
} chr_format_meta;

/* Reading options; a zeroed struct reads with every default. */
typedef struct chr_format_opts {
    const char *encoding;    /* read text that is not UTF-8 in this charset
                                (iconv name) instead of guessing; NULL */
} chr_format_opts;

/* A meta with nothing known (date CHR_NO_DAY). */
void chr_format_meta_init(chr_format_meta *m);
/* Frees the meta's strings and resets it; NULL is a no-op. */
void chr_format_meta_clear(chr_format_meta *m);

/* "text", "html", "email", "pdf", "docx"; static. */
const char *chr_format_name(chr_format f);

/*
 * Read the file at path as a document (name as in doc.h; NULL: the last
 * path component).  opts and meta may be NULL.  Returns a new document,
 * with meta filled, or NULL with err filled: unreadable (CHR_EIO), empty
 * (CHR_EEMPTY), too large (CHR_ETOOBIG), a kind chronicle does not read
 * (CHR_EFORMAT: err->msg says what it was), or a file of a known kind
 * that is damaged (CHR_EPARSE: which part, what was expected).  Plain
 * text with invalid UTF-8 bytes is not an error here (chr_doc_bad_bytes).
 */
chr_doc *chr_format_read(const char *path, const char *name, const chr_format_opts *opts,
                         chr_format_meta *meta, chr_error *err);

/* The same over bytes in memory (copied as needed); for tests and fuzzing.
 * The name decides ties as a file name would. */
chr_doc *chr_format_from_mem(const char *name, const char *bytes, size_t len,
                             const chr_format_opts *opts, chr_format_meta *meta,
                             chr_error *err);

#endif
