/*
 * format_int.h - the converters of the reading stage (core-only): each
 * turns a file's bytes into UTF-8 text with its block structure as lines,
 * and fills what the file says about itself.  They share one text writer
 * that folds white space, lays out lines and paragraphs, and stops at
 * CHR_FORMAT_MAX_TEXT.
 */
#ifndef CHRONICLE_FORMAT_INT_H
#define CHRONICLE_FORMAT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/error.h"
#include "chronicle/format.h"
#include "base/buf_int.h"

/* Converted text being written.  Inline text folds white space; a break
 * ends the line (1) or the paragraph (2, a blank line between). */
typedef struct chr_textout {
    chr_buf b;
    int space;            /* a blank is owed before the next word */
    int breaks;           /* line breaks owed before the next word */
    const char *prefix;   /* written at the start of each line ("> "), or NULL */
    int over;             /* the text passed CHR_FORMAT_MAX_TEXT */
} chr_textout;

/* Inline text (UTF-8): runs of white space (and no-break spaces) fold to
 * one blank. */
void chr_tout_text(chr_textout *o, const char *s, size_t n);
/* Preformatted text: line breaks kept, other white space kept. */
void chr_tout_pre(chr_textout *o, const char *s, size_t n);
/* End the line (n = 1) or the paragraph (n = 2); never at the start. */
void chr_tout_break(chr_textout *o, int n);
/* A separator between table cells ("\t" once the row has text). */
void chr_tout_cell(chr_textout *o);
/* 0, or the chr_status (CHR_ENOMEM, CHR_ETOOBIG) the writer met, with err
 * filled for file.  Bytes of the text that are not UTF-8 become '?'. */
int chr_tout_status(chr_textout *o, const char *file, chr_error *err);

/*
 * The day of a metadata date: "2019-03-06", "2019-03-06T10:00:00Z",
 * "D:20190306101500+01'00'" (PDF), "20190306".  The calendar day as
 * written (the writer's zone), or CHR_NO_DAY.
 */
int64_t chr_meta_day(const char *s, size_t n);

/* Set a meta string (copied, white space folded) unless one is set; 0 or
 * CHR_ENOMEM. */
int chr_meta_set(char **slot, const char *s, size_t n);

/*
 * Converters.  Each reads [bytes, bytes+len) of the file called file (for
 * errors), writes the text to o and fills meta; 0 or a chr_status with
 * err filled (CHR_EPARSE names the part and what was expected).
 */
/* charset: the encoding the caller knows (MIME part, given), or NULL.
 * quote_blocks: an e-mail's HTML part, whose <blockquote> holds quoted
 * earlier messages (their lines get "> "). */
int chr_html_convert(const char *file, const char *bytes, size_t len, const char *charset,
                     int quote_blocks, chr_textout *o, chr_format_meta *meta, chr_error *err);
int chr_mail_convert(const char *file, const char *bytes, size_t len, chr_textout *o,
                     chr_format_meta *meta, chr_error *err);
int chr_pdf_convert(const char *file, const char *bytes, size_t len, chr_textout *o,
                    chr_format_meta *meta, chr_error *err);
int chr_docx_convert(const char *file, const char *bytes, size_t len, chr_textout *o,
                     chr_format_meta *meta, chr_error *err);
/* Every byte of [s, s+n) that is not part of valid UTF-8 becomes '?'. */
void chr_utf8_repair(char *s, size_t n);

/* libxml2 set up once, whichever thread reads first. */
void chr_xml_init(void);

/* Text in charset (an iconv name) to UTF-8 into o, as preformatted text;
 * an invalid byte is an error naming its offset. */
int chr_charset_convert(const char *file, const char *bytes, size_t len, const char *charset,
                        chr_textout *o, chr_error *err);
/* The charset of 8-bit text as uchardet guesses it, into buf ("" when it
 * has no guess). */
void chr_charset_guess(const char *bytes, size_t len, char *buf, size_t cap);

#endif
