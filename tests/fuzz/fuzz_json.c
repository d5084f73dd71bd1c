/*
 * fuzz_json.c - libFuzzer target for the JSON chronicle reads back: the
 * mention lines and timelines `chronicle merge` takes (merged and built
 * into a chronology) and snapshot files (a version of the history).
 */
#include <stdint.h>
#include <stdlib.h>

#include "chronicle/chron.h"
#include "chronicle/json.h"
#include "chronicle/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chr_error err;
    chr_error_clear(&err);
    chr_chron *c = chr_chron_new();
    if (c == NULL)
        return 0;
    if (chr_json_load((const char *)data, size, "fuzz.jsonl", c, &err) == 0)
        (void)chr_chron_build(c, &err);
    chr_chron_free(c);
    chr_error_clear(&err);
    int64_t created = 0;
    c = chr_version_load((const char *)data, size, "fuzz.json", &created, &err);
    chr_chron_free(c);
    return 0;
}
