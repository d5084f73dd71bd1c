/* test_places.c - countries by the names ISO 3166-1 gives them, from the
 * table generated out of Debian's iso-codes. */
#include <criterion/criterion.h>
#include <string.h>

#include "lex/places_int.h"

static const char *name(const char *s)
{
    return chr_place_name(s, strlen(s));
}

Test(places, every_name_of_a_country_gives_one)
{
    static const struct { const char *in, *want; } rows[] = {
        {"United States", "United States"},
        {"United States of America", "United States"},
        {"USA", "United States"},
        {"Korea, Republic of", "South Korea"},
        {"KOR", "South Korea"},
        {"United Kingdom of Great Britain and Northern Ireland", "United Kingdom"},
        {"GBR", "United Kingdom"},
        {"China", "China"},
        {"People's Republic of China", "China"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = name(rows[i].in);
        cr_expect_not_null(got, "%s", rows[i].in);
        if (got)
            cr_expect_str_eq(got, rows[i].want, "%s", rows[i].in);
    }
}

Test(places, other_words_are_no_country)
{
    /* two-letter codes are words ("IT", "AT"); prefixes and case count */
    static const char *const no[] = {"IT", "AT", "US", "United", "Narnia", "usa", "china",
                                     "United States of Americas", ""};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_expect_null(name(no[i]), "'%s'", no[i]);
    cr_expect_gt(chr_nplaces, 249u, "the table holds every country and its other names");
    for (size_t i = 1; i < chr_nplaces; i++)
        cr_expect_lt(strcmp(chr_places[i - 1].key, chr_places[i].key), 0, "sorted at %zu", i);
}
