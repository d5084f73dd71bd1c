/*
 * fuzz_tag.c - libFuzzer target for the reading core: document sanitising
 * and sentences, DCT inference, the tagger and the event extractor.  The
 * first two bytes pick a DCT and a date order; the rest is the document.
 * Every offset reported must stay inside the document.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/analysis.h"
#include "chronicle/doc.h"
#include "chronicle/event.h"
#include "chronicle/extract.h"
#include "chronicle/tag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int64_t dct = data[0] == 0 ? CHR_NO_DAY : chr_days_from_civil(1990 + data[0] % 60, 1 + data[1] % 12, 1 + data[0] % 28);
    chr_date_order order = (chr_date_order)(data[1] % 3);
    data += 2;
    size -= 2;
    chr_doc *doc = chr_doc_from_mem("fuzz.txt", (const char *)data, size, NULL);
    if (doc == NULL)
        return 0;
    size_t len;
    const char *text = chr_doc_text(doc, &len);
    for (size_t i = 0; i < chr_doc_sentence_count(doc); i++) {
        chr_span s = chr_doc_sentence(doc, i);
        if ((size_t)s.start + s.len > len)
            abort();
    }
    chr_dct d;
    chr_dct_infer(text, len, order, &d);
    if (d.day != CHR_NO_DAY && (size_t)d.offset + d.length > len)
        abort();
    chr_tag_opts o = {dct, order};
    chr_timex_list tl = {0};
    if (chr_tag(text, len, &o, &tl, NULL) == 0) {
        for (size_t i = 0; i < tl.count; i++)
            if (tl.items[i].end > len || tl.items[i].start >= tl.items[i].end)
                abort();
    }
    chr_timex_list_free(&tl);
    chr_analysis_opts ao;
    chr_analysis_opts_init(&ao);
    ao.dct = dct;
    ao.dct_source = CHR_DCT_GIVEN;
    ao.given = order;
    chr_analysis *a = chr_analysis_new(doc, &ao, NULL);
    if (a == NULL)
        return 0;
    chr_extract_opts eo = {1};
    chr_mention_list ml = {0};
    if (chr_analysis_run(a, CHR_ORDER_AUTO, NULL) == 0)
        chr_extract(a, &eo, &ml, NULL);
    for (size_t i = 0; i < ml.count; i++) {
        const chr_mention *m = &ml.items[i];
        if ((size_t)m->offset + m->length > len ||
            (m->date_text && (size_t)m->date_offset + m->date_length > len))
            abort();
    }
    chr_mention_list_free(&ml);
    chr_analysis_free(a);
    return 0;
}
