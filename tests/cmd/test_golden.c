/* test_golden.c - the seed corpus's timeline, byte for byte, against the
 * committed output (fixtures/golden/).  A change of what chronicle reads or
 * writes must show here as a change of the fixture, reviewed in the same
 * commit.  Documents are given a fixed modification time first, since the
 * timeline carries the newest mtime. */
#include <criterion/criterion.h>
#include <string.h>

#include "testutil.h"

static void check_format(const char *format, const char *expected_path)
{
    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cp fixtures/corpus/* '%s'/ && touch -d '2019-07-04 10:00:00 UTC' '%s'/* && "
             "%s timeline '%s' --format %s",
             dir, dir, tu_bin(), dir, format);
    char *out = NULL;
    size_t len = 0;
    int st = tu_run(cmd, &out, &len);
    cr_assert_eq(st, 0, "timeline --format %s exited %d", format, st);
    size_t want_len = 0;
    char *want = tu_read(expected_path, &want_len);
    cr_assert_not_null(want, "cannot read %s", expected_path);
    cr_assert_eq(len, want_len, "%s: %zu bytes, expected %zu", format, len, want_len);
    cr_assert(memcmp(out, want, len) == 0, "%s output differs from %s", format, expected_path);
    free(want);
    free(out);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(golden, corpus_timeline_json)
{
    check_format("json", "fixtures/golden/corpus-timeline.json");
}

Test(golden, corpus_timeline_ics)
{
    check_format("ics", "fixtures/golden/corpus-timeline.ics");
}
