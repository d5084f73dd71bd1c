/*
 * places_int.h - countries by every name ISO 3166-1 gives them (core-only).
 * The table is generated at build time from Debian's iso-codes by
 * core/lex/mkplaces/ into build/gen/places.c.
 */
#ifndef CHRONICLE_PLACES_INT_H
#define CHRONICLE_PLACES_INT_H

#include <stddef.h>

typedef struct chr_place {
    const char *key;   /* a name or alpha-3 code, as written */
    const char *name;  /* the one name chronicle gives the country */
} chr_place;

extern const chr_place chr_places[];  /* sorted by key */
extern const size_t chr_nplaces;

/* The name chronicle gives the country written [s, s+n) ("United States
 * of America", "USA" -> "United States"), or NULL when it names none. */
const char *chr_place_name(const char *s, size_t n);

#endif
