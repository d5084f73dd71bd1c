/* grow.c - the doubling arrays of grow_int.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow_int.h"
#include "chronicle/error.h"

int chr_grow_to(void *arrayp, size_t elem, size_t *cap, size_t need, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : (first ? first : 1);
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return CHR_ENOMEM;
        c *= 2;
    }
    if (elem != 0 && c > SIZE_MAX / elem)
        return CHR_ENOMEM;
    /* the pointer is read and written as bytes: arrayp may point to any
     * object pointer type */
    void *old, *nv;
    memcpy(&old, arrayp, sizeof old);
    if ((nv = realloc(old, c * elem)) == NULL)
        return CHR_ENOMEM;
    memcpy(arrayp, &nv, sizeof nv);
    *cap = c;
    return 0;
}
