/*
 * main.c - mkwords: generate the word table (build/gen/words.c) from
 * WordNet 3.0.
 *
 *   mkwords WNDIR MEANINGS.tsv > words.c   write the table as C
 *   mkwords -l WNDIR MEANINGS.tsv          list every lemma a meaning
 *                                          reaches, and how
 *
 * A build tool, not part of the library: plain C11, no libraries.  It
 * reads the dictionary files directly (their format: wndb(5), wninput(5);
 * sense keys in cntlist.rev: senseidx(5)): data.* for synsets and their
 * pointers, index.* for each lemma's senses in frequency order, *.exc for
 * irregular forms, cntlist.rev for tag counts.  The output depends only on
 * those bytes and on meanings.tsv: every list is sorted by its own key
 * before it is written, so two runs give the same bytes.
 *
 * What the table holds and the rules that build it are described in
 * README.md, "The lexicon"; the rules are repeated where they are coded.
 * Errors name the file and line and exit 1.
 *
 * The steps, in the order main() runs them: dict.c reads the dictionary
 * (text.c: files, lines and interned strings), meanings.c reads the seeds
 * and spreads them, forms.c makes every inflected form and multi-word
 * verb, emit.c writes the C file.  mkwords.h declares what they share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkwords.h"

/* ---- errors and memory ---------------------------------------------- */

_Noreturn void die(const char *fmt, ...)
{
    va_list ap;
    fputs("mkwords: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

_Noreturn void die_at(const char *file, size_t line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "mkwords: %s:%zu: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (p == NULL)
        die("out of memory");
    return p;
}

int main(int argc, char **argv)
{
    int list = argc == 4 && strcmp(argv[1], "-l") == 0;
    if (argc != 3 && !list) {
        fprintf(stderr, "usage: mkwords [-l] WORDNET_DIR MEANINGS.tsv\n");
        return 1;
    }
    const char *dir = argv[1 + list], *tsv = argv[2 + list];
    for (int p = 0; p < NPOS; p++)
        read_data(dir, p);
    resolve_pointers();
    for (int p = 0; p < NPOS; p++)
        read_index(dir, p);
    read_counts(dir);
    read_meanings(tsv);
    spread();
    if (list) {
        list_meanings();
        return 0;
    }
    build_forms(dir);
    build_phrases();
    emit();
    return 0;
}
