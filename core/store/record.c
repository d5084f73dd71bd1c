/* record.c - when a build is a new corpus version, and the identity it
 * carries over from the version before. */
#include <string.h>

#include "chronicle/diffout.h"
#include "chronicle/record.h"

void chr_record_init(chr_record *r)
{
    memset(r, 0, sizeof *r);
}

void chr_record_clear(chr_record *r)
{
    if (r == NULL)
        return;
    chr_diff_free(r->diff);
    chr_record_init(r);
}

int chr_record_prepare(chr_record *r, const chr_chron *from, uint64_t from_number,
                       chr_chron *to, int64_t now, chr_error *err)
{
    r->from = from;
    r->from_number = from != NULL ? from_number : 0;
    r->to = to;
    r->counts[0] = chr_chron_event_count(to);
    r->is_new = 1;
    if (from == NULL)
        return 0;
    /* The corpus version hashes document names and contents only, so the
     * same documents can still give other events: when chronicle itself
     * changed (a new extractor), which is a new version too. */
    r->same_documents = strcmp(chr_chron_version(from), chr_chron_version(to)) == 0;
    chr_error e;
    chr_error_clear(&e);
    r->diff = chr_diff_new(from, to, &e);
    if (r->diff == NULL) {
        chr_status code = e.code != CHR_OK ? e.code : CHR_ENOMEM;
        return chr_error_set(err, code, e.file, e.offset, "%s",
                             e.msg[0] ? e.msg : chr_status_str(code));
    }
    chr_diff_carry(r->diff, to, now);
    r->counts[0] = chr_diff_added_count(r->diff);
    r->counts[1] = chr_diff_removed_count(r->diff);
    r->counts[2] = chr_diff_changed_count(r->diff);
    r->is_new = !(r->same_documents && chr_diff_empty(r->diff));
    return 0;
}

int chr_record_commit(chr_record *r, chr_history *h, const char *timeline, size_t tlen,
                      int64_t now, chr_error *err)
{
    r->number = 0;
    if (!r->is_new) {
        r->number = r->from_number;
        return 0;
    }
    if (h == NULL || r->to == NULL)
        return 0;
    uint64_t number = 0;
    /* Same documents, other events: recorded even though the history's
     * newest entry has this corpus version. */
    int rc = chr_history_add_with(h, r->to, timeline, tlen, now, r->counts,
                                  r->same_documents, &number, err);
    if (rc != 0)
        return rc;
    r->number = number;
    return 0;
}

char *chr_record_diff_json(const chr_record *r, size_t *len)
{
    if (r->diff == NULL || !r->is_new)
        return NULL;
    chr_diff_end from = {NULL, r->from_number}, to = {NULL, r->number};
    return chr_diffout_json(r->diff, &from, &to, 0, len);
}

int chr_record_newest(const chr_history *h, chr_chron **out, uint64_t *number,
                      int64_t *created, chr_error *err)
{
    *out = NULL;
    *number = 0;
    *created = 0;
    size_t n = chr_history_count(h);
    if (n == 0)
        return 0;
    /* the newest version whose file is the one recorded: a damaged newest
     * must not make ids and SEQUENCE start again */
    chr_error e;
    chr_error_clear(&e);
    for (size_t i = n; i > 0; i--) {
        const chr_history_entry *x = chr_history_at(h, i - 1);
        chr_error ei;
        chr_error_clear(&ei);
        *out = chr_history_read(chr_history_dir(h), x, &ei);
        if (*out != NULL) {
            *number = x->number;
            *created = x->created;
            return 0;
        }
        if (i == n)
            e = ei;
    }
    const chr_history_entry *last = chr_history_at(h, n - 1);
    *number = last->number;
    *created = last->created;
    chr_status code = e.code != CHR_OK ? e.code : CHR_ENOMEM;
    return chr_error_set(err, code, e.file, e.offset, "%s",
                         e.msg[0] ? e.msg : chr_status_str(code));
}
