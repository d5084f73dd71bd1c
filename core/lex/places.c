/* places.c - countries by name (see places_int.h): a binary search of
 * the generated table. */
#include <string.h>

#include "lex/places_int.h"

const char *chr_place_name(const char *s, size_t n)
{
    size_t lo = 0, hi = chr_nplaces;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = chr_places[mid].key;
        int c = strncmp(k, s, n);
        if (c == 0 && k[n] != '\0')
            c = 1;  /* the key is longer: it sorts after */
        if (c == 0)
            return chr_places[mid].name;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
