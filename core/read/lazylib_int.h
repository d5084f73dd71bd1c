/* lazylib_int.h - loading a converter's library when first needed. */
#ifndef CHRONICLE_LAZYLIB_INT_H
#define CHRONICLE_LAZYLIB_INT_H

#include <pthread.h>
#include <stddef.h>

/* The sonames the Makefile reads from the installed libraries; these
 * where it could not (Debian 12's). */
#ifndef CHR_GMIME_SO
#define CHR_GMIME_SO "libgmime-3.0.so.0"
#endif
#ifndef CHR_POPPLER_SO
#define CHR_POPPLER_SO "libpoppler-glib.so.8"
#endif
#ifndef CHR_ZIP_SO
#define CHR_ZIP_SO "libzip.so.4"
#endif

/* Load the library soname and the addresses of its n functions names
 * into fns (in that order).  0, or -1 with why saying what is missing.
 * Call once (pthread_once): a library loaded stays loaded. */
int chr_lazylib_open(const char *soname, const char *const *names, void **fns, size_t n,
                     char *why, size_t whylen);

/* A table of the functions of a library loaded with chr_lazylib_open,
 * from an X-macro list of their names: each field has its function's
 * type and name. */
#define CHR_LAZY_FIELD(name) __typeof__(&name) name;
#define CHR_LAZY_NAME(name) #name,
#define CHR_LAZY_TAKE(name) t->name = (__typeof__(t->name))fn[i++];

/* In a converter's file: the table tbl of the functions the X-macro list
 * FNS names, and `static const char *tbl_load(void)`, which loads soname
 * once (on any thread) and returns NULL when every function is there,
 * else why not. */
#define CHR_LAZY_LIBRARY(tbl, FNS, soname)                                          \
    static struct {                                                                  \
        FNS(CHR_LAZY_FIELD)                                                          \
    } tbl;                                                                           \
    static char tbl##_missing[160];                                                  \
    static pthread_once_t tbl##_once = PTHREAD_ONCE_INIT;                            \
    static void tbl##_start(void)                                                    \
    {                                                                                \
        static const char *const names[] = {FNS(CHR_LAZY_NAME)};                    \
        void *fn[sizeof names / sizeof names[0]];                                    \
        if (chr_lazylib_open(soname, names, fn, sizeof names / sizeof names[0],      \
                             tbl##_missing, sizeof tbl##_missing) != 0)             \
            return;                                                                  \
        __typeof__(tbl) *t = &tbl;                                                   \
        size_t i = 0;                                                                \
        FNS(CHR_LAZY_TAKE)                                                           \
    }                                                                                \
    static const char *tbl##_load(void)                                              \
    {                                                                                \
        pthread_once(&tbl##_once, tbl##_start);                                      \
        return tbl##_missing[0] ? tbl##_missing : NULL;                              \
    }

#endif
