/*
 * lazylib.c - a library the reading of a few formats needs, loaded the
 * first time one of them comes (dlopen): GMime for e-mail, Poppler for
 * PDF.  Linked at build time they and what they pull in (some fifty
 * libraries: GLib, Cairo, NSS, X11...) were mapped and relocated at the
 * start of every run, for 15 to 25 ms, most runs reading no e-mail and
 * no PDF.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "read/lazylib_int.h"

int chr_lazylib_open(const char *soname, const char *const *names, void **fns, size_t n,
                     char *why, size_t whylen)
{
    /* kept for the process's life once whole: the converters run to its
     * end */
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        const char *e = dlerror();
        snprintf(why, whylen, "cannot load %s (%s)", soname, e ? e : "not found");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        /* a function's address as POSIX's dlsym gives it */
        if ((fns[i] = dlsym(h, names[i])) == NULL) {
            snprintf(why, whylen, "%s has no %s", soname, names[i]);
            dlclose(h);
            return -1;
        }
    }
    return 0;
}
