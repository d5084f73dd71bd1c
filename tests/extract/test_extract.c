/* test_extract.c - triggers, modality, event-date linking, actors, titles. */
#include <criterion/criterion.h>
#include <string.h>

#include <jansson.h>

#include "chronicle/corpus.h"
#include "chronicle/event.h"
#include "chronicle/extract.h"
#include "testutil.h"

/* Extract from one text with a DCT; returns the list (caller frees). */
static chr_mention_list run(const char *text, const char *dct_s, int keep_undated)
{
    chr_error err = {0};
    chr_doc *doc = chr_doc_from_mem("t.txt", text, strlen(text), &err);
    cr_assert_not_null(doc);
    chr_analysis_opts ao;
    chr_analysis_opts_init(&ao);
    if (dct_s) {
        ao.dct = chr_day_parse(dct_s, strlen(dct_s));
        ao.dct_source = CHR_DCT_GIVEN;
    }
    chr_analysis *a = chr_analysis_new(doc, &ao, &err);
    cr_assert_not_null(a);
    cr_assert_eq(chr_analysis_run(a, CHR_ORDER_AUTO, &err), 0);
    chr_extract_opts o = {keep_undated};
    chr_mention_list ml = {0};
    cr_assert_eq(chr_extract(a, &o, &ml, &err), 0);
    chr_analysis_free(a);
    return ml;
}

/* Each row: a text, its DCT, and every dated mention expected of it as
 * "trigger|type|date|status", separated by ';' ("" for none). */
static const struct {
    const char *text, *dct, *want;
} rows[] = {
    {"Huawei opened a center in Brussels yesterday.", "2019-03-06", "opened|opening|2019-03-05|occurred"},
    {"Canada arrested the executive in December 2018.", "2019-07-03", "arrested|arrest|2018-12|occurred"},
    {"The department filed charges against the firm on 28 January 2019.", NULL, "filed charges|legal_action|2019-01-28|occurred"},
    {"The company sued the government earlier this month.", "2019-03-22", "sued|legal_action|2019-03|occurred"},
    {"The Commission will present the recommendation on Tuesday.", "2019-03-22", "recommendation|policy|2019-03-26|planned"},
    {"The department would hold a meeting on July 2.", "2019-07-03", "meeting|meeting|2019-07-02|planned"},
    {"In 2014, we set up the Oversight Board.", NULL, "set up|opening|2014|occurred"},
    {"The law was enacted by parliament in June 2017.", NULL, "enacted|law|2017-06|occurred"},
    {"Trump issued an executive order on May 15, 2019.", NULL, "issued an executive order|policy|2019-05-15|occurred"},
    {"The agency published a report in 2012.", NULL, "report|report|2012|occurred"},
    {"The minister said on Friday that talks had failed.", "2019-03-22", "said|statement|2019-03-22|occurred"},
    {"The US banned the firm in May 2019.", NULL, "banned|ban|2019-05|occurred"},
    /* "the first country to ban" was done; "plans to open" is to be done */
    {"Australia became the first country to ban Huawei from 5G networks in August 2018.", "2019-03-06", "ban|ban|2018-08|occurred"},
    {"The firm plans to open a lab in June.", "2019-03-06", "open|opening|2019-06|planned"},
    {"The EU published its 5G toolbox on 29 January 2020.", NULL, "published|report|2020-01-29|occurred"},
    {"The FCC voted on November 22, 2019 to designate Huawei a threat.", NULL, "voted|other|2019-11-22|occurred"},
    /* a trailing attribution does not take the reported content's date */
    {"Huawei revenue rose 20 percent in 2018, the company said.", "2019-03-06", "rose|other|2018|occurred"},
    /* negated and hypothetical events are no events */
    {"Canada has not taken any restrictive measures against Huawei in 2019.", NULL, ""},
    {"If banning Huawei in 2019 would help, we would do it.", NULL, ""},
    {"The firm never opened an office in 2018.", NULL, ""},
    /* durations and sets never date an event */
    {"Our results are strong. We have invested two billion pounds over the past five years.", "2019-01-29", ""},
    {"The board meets every Monday.", "2019-01-29", ""},
    /* datelines and metadata are no events */
    {"UPDATED at 2:46 P.M. ET on 2019-07-04", "2019-07-03", ""},
    {"(Score: 2) by someone on Monday March 25 2019, @10:53AM", NULL, ""},
    /* anonymous attribution is the story's source, not an event */
    {"The EU will ignore calls to ban the firm, people familiar with the matter said on Friday.", "2019-03-22", ""},
    /* a date inside a relative clause does not date the main verb */
    {"Huawei, which made most of its revenue in 2018, has denied the claims.", "2019-07-03", "made|other|2018|occurred"},
    /* a year range is a period */
    {"According to the 2016-2018 survey, customers were happy.", NULL, ""},
    /* a wire dateline gives the DCT and is cut off before the story: its
     * date dates nothing, and "May" in it is no modal */
    {"Springfield, 3 May 2011 - The council of Northfield approved a new budget on 2 May 2011.", NULL, "approved|other|2011-05-02|occurred"},
    {"Lakeside, June 4 (Wire) - The mayor opened a library on June 1.", "2012-06-04", "opened|opening|2012-06-01|occurred"},
    {"HARBOUR CITY - The port opened on 9 July 2014.", NULL, "opened|opening|2014-07-09|occurred"},
    {"MILLBROOK - Workers may strike on Friday.", "2012-06-04", ""},
    /* the month "May" and the name "May" are no modals */
    {"The board in May approved the plan.", "2015-07-01", "approved|other|2015-05|occurred"},
    {"Theresa May said on 3 March 2017 that talks had failed.", "2017-06-01", "said|statement|2017-03-03|occurred"},
    /* a name with digits is a name: the sentence keeps its verb */
    {"The council of Northfield5 approved a new budget on 6 June 2011.", NULL, "approved|other|2011-06-06|occurred"},
    {"The A320 landed in Toulouse on 3 June 2011.", NULL, "landed|other|2011-06-03|occurred"},
    {"The G7 met in Rome on 3 June 2011.", NULL, "met|meeting|2011-06-03|occurred"},
    {"COVID-19 spread to Italy on 3 June 2011.", NULL, "spread|other|2011-06-03|occurred"},
    {"Two F-16 jets crashed near Tucson on 3 June 2011.", NULL, "crashed|other|2011-06-03|occurred"},
    /* a plural noun before a past form is the subject's head */
    {"Two fighter jets crashed near Tucson on 3 June 2011.", NULL, "crashed|other|2011-06-03|occurred"},
    /* a date in the possessive dates the noun it modifies; a verb only
     * when no other date of the sentence does */
    {"Yesterday, at this year's trade fair, the company unveiled a tablet.", "2014-05-20", "fair|other|2014|occurred;unveiled|opening|2014-05-19|occurred"},
    {"The ministers decided at last year's summit to expand the union.", "2014-05-20", "decided|policy|2013|occurred"},
    /* an opening date dates the main clause, not the phrase after it */
    {"In 2009, following a long debate, the council approved the plan.", NULL, "approved|other|2009|occurred"},
    /* a participle trailing the main clause takes no date of it */
    {"The firm posted a loss in 2009, later selling the unit.", NULL, "posted|other|2009|occurred"},
    /* a date before "and" dates the first of two joined verbs; the
     * second takes its own */
    {"The mayor fought the plan in 2004 and moved to Paris in early 2009.", NULL, "fought|other|2004|occurred;moved|other|2009|occurred"},
    /* "since" dates an activity in the perfect progressive, begun then;
     * not acts summed up over the years since (the perfect with no date
     * of its own is the document's day, as before) */
    {"The singer has been touring Europe since 2015.", "2019-03-22", "touring|other|2015|occurred"},
    {"Since 2015, forty bridges have been closed.", "2019-03-22", "closed|other|2019-03-22|occurred"},
    /* a participle clause set off by commas keeps its dates: the main
     * verb after it takes its own, or none */
    {"The mayor, elected in May 2010, opened the bridge on Monday.", "2014-05-20", "elected|other|2010-05|occurred;opened|opening|2014-05-19|occurred"},
    {"The painter, trained in Rome in 1990, moved to Oslo.", "2014-05-20", "trained|other|1990|occurred"},
    /* "be" and a participle that WordNet makes a verb of change of their
     * own ("be_born") are an event, not a state */
    {"The singer was born in Leeds in 1960.", NULL, "born|other|1960|occurred"},
    /* `` and '' quote as '"' does: the saying, not what was said, is the
     * sentence's main event */
    {"The mayor opened the bridge on Monday.\n\n``We worked hard,'' she said.", "2014-05-20", "opened|opening|2014-05-19|occurred;said|statement|2014-05-19|occurred"},
    /* the time of an amount compared with dates no event (alone, the
     * sentence is a headline: the document's day) */
    {"Revenue fell 8% to $85 million from $93 million a year earlier.", "2019-10-25", "fell|other|2019-10-25|occurred"},
    {"Profit rose to 35 cents a share in the third quarter from 30 cents a share a year ago.", "2019-10-25", "rose|other|2019-Q3|occurred"},
    /* "compared with" is a preposition, no event; its year dates nothing */
    {"Profit rose to $5 million in the third quarter, compared with $3 million a year earlier.", "2019-10-25", "rose|other|2019-Q3|occurred"},
    /* a saying told in the past takes no date after the document's:
     * the narrative's day, not "tomorrow" */
    {"The shop opened on Tuesday.\n\nStaff said that buyers should try again tomorrow.", "2010-06-16", "opened|opening|2010-06-15|occurred;said|statement|2010-06-15|occurred"},
    /* "aged 81" is an age, no event */
    {"The actor died on Monday aged 81.", "2014-05-20", "died|other|2014-05-19|occurred"},
    /* "of record": the day that names the holders dates nothing */
    {"The dividend will be paid Dec. 14 to holders of record Nov. 15.", "1989-11-01", "paid|other|1989-12-14|planned"},
    /* a verb of no meaning of its own and the event noun it takes are
     * one event; not a verb of saying, nor a noun with a name or date */
    {"The union filed a lawsuit against the city on Monday.", "2014-05-20", "filed a lawsuit|legal_action|2014-05-19|occurred"},
    {"The company lost its court case in March.", "2014-05-20", "lost its court case|legal_action|2014-03|occurred"},
    {"The mayor announced a ban on Monday.", "2014-05-20", "ban|ban|2014-05-19|occurred"},
    {"The firm took the 1991 agreement to the judges on Monday.", "2014-05-20", "agreement|other|1991|occurred;took|other|2014-05-19|occurred"},
    /* a date before the sentence's first event dates the predicates
     * joined to it; not those after a subordinate clause */
    {"On Saturday the mayor condemned the attack and expressed sympathy for the victims.", "2014-05-20", "condemned|other|2014-05-17|occurred;expressed|other|2014-05-17|occurred"},
    {"In March the board issued a report, saying that prices could rise, and recommended cuts.", "2014-05-20", "issued a report|report|2014-03|occurred"},
    /* the doing of a verb of saying is an event noun */
    {"The panel heard his request on Monday.", "2014-05-20", "request|other|2014-05-19|occurred"},
    /* "Moving on, ..." is no finite verb: the main verb follows */
    {"The mayor opened the bridge on Monday.\n\nMoving on, she thanked the engineers.", "2014-05-20", "opened|opening|2014-05-19|occurred;thanked|other|2014-05-19|occurred"},
    /* verbs told as part of the inferred event share its date */
    {"The mayor opened the bridge on Monday.\n\nShe then thanked the builders by naming them, saying they had worked hard.", "2014-05-20", "opened|opening|2014-05-19|occurred;thanked|other|2014-05-19|occurred;naming|other|2014-05-19|occurred;saying|statement|2014-05-19|occurred"},
    {"The mayor opened the bridge on Monday.\n\nShe welcomed the crowd and thanked the builders.", "2014-05-20", "opened|opening|2014-05-19|occurred;welcomed|other|2014-05-19|occurred;thanked|other|2014-05-19|occurred"},
    /* an opening phrase of time went on with the main verb's event */
    {"The mayor opened the bridge on Monday.\n\nWhile cutting the ribbon, she thanked the builders.", "2014-05-20", "opened|opening|2014-05-19|occurred;cutting|other|2014-05-19|occurred;thanked|other|2014-05-19|occurred"},
    {"The mayor opened the bridge on Monday.\n\nDuring her speech she praised the builders.", "2014-05-20", "opened|opening|2014-05-19|occurred;speech|other|2014-05-19|occurred;praised|other|2014-05-19|occurred"},
    /* the comma after an opening phrase starts the main clause */
    {"The mayor opened the bridge on Monday.\n\nFor residents still worried about traffic, the mayor promised a second lane.", "2014-05-20", "opened|opening|2014-05-19|occurred;promised|other|2014-05-19|occurred"},
    {"The mayor opened the bridge on Monday.\n\nWhen she first saw the plans, she praised the design.", "2014-05-20", "opened|opening|2014-05-19|occurred;praised|other|2014-05-19|occurred"},
    /* the narrative goes on from the past, not from the present */
    {"The bank reported its results in March.\n\nThe mayor thanked the builders.", "2014-05-20", "results|other|2014-03|occurred;thanked|other|2014-03|occurred"},
    {"The bank reports its results in March.\n\nThe mayor thanked the builders.", "2014-05-20", "results|other|2014-03|occurred"},
    /* a date in a quotation dates what was said; the saying is inferred */
    {"The mayor opened the bridge on Monday.\n\nShe said: \"Next year we will build another.\"", "2014-05-20", "opened|opening|2014-05-19|occurred;build|other|2015|planned;said|statement|2014-05-19|occurred"},
};

/* "trigger|type|date|status" of m. */
static void describe(const chr_mention *m, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s|%s|%s|%s", m->trigger, chr_event_type_name(m->type), m->date.value,
             chr_modality_name(m->status));
}

Test(event, detection_and_linking)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        chr_mention_list ml = run(rows[i].text, rows[i].dct, 0);
        /* every expected mention is there, once, and nothing else */
        char want[512];
        snprintf(want, sizeof want, "%s", rows[i].want);
        size_t expected = 0;
        unsigned char seen[16] = {0};
        for (char *save = NULL, *w = strtok_r(want, ";", &save); w; w = strtok_r(NULL, ";", &save)) {
            expected++;
            int found = 0;
            for (size_t k = 0; k < ml.count && k < 16; k++) {
                char got[256];
                describe(&ml.items[k], got, sizeof got);
                if (!seen[k] && strcmp(got, w) == 0) {
                    seen[k] = 1;
                    found = 1;
                    break;
                }
            }
            cr_expect(found, "row %zu '%s': missing %s", i, rows[i].text, w);
        }
        for (size_t k = 0; k < ml.count; k++) {
            char got[256];
            describe(&ml.items[k], got, sizeof got);
            cr_expect(k < 16 && seen[k], "row %zu '%s': unexpected %s", i, rows[i].text, got);
            cr_expect_lt(ml.items[k].date_offset, strlen(rows[i].text));
        }
        cr_expect_eq(ml.count, expected, "row %zu: %zu mentions, want %zu", i, ml.count, expected);
        chr_mention_list_free(&ml);
    }
}

Test(event, several_events_one_sentence)
{
    /* each date goes to the trigger of its own clause */
    chr_mention_list ml = run("Huawei announced its plan to open a center last year but at an "
                              "opening ceremony yesterday its CEO spoke.", "2019-03-06", 0);
    cr_assert_eq(ml.count, 2);
    int saw2018 = 0, saw0305 = 0;
    for (size_t i = 0; i < ml.count; i++) {
        saw2018 |= strcmp(ml.items[i].date.value, "2018") == 0;
        saw0305 |= strcmp(ml.items[i].date.value, "2019-03-05") == 0;
    }
    cr_assert(saw2018 && saw0305);
    chr_mention_list_free(&ml);
}

Test(event, date_goes_to_nearest_clause_trigger)
{
    chr_mention_list ml = run("VP Ansip was invited for a meeting with the VP and to the 5th of "
                              "March opening of the new center.", "2019-01-11", 0);
    cr_assert_eq(ml.count, 1);
    cr_assert_eq(ml.items[0].type, CHR_EV_OPENING);
    cr_assert_str_eq(ml.items[0].date.value, "2019-03-05");
    chr_mention_list_free(&ml);
}

Test(event, undated_events_are_explained)
{
    /* no DCT and no date: every predicate are listed, each with its reason */
    chr_mention_list ml = run("The ministers met to discuss trade.", NULL, 1);
    cr_assert_eq(ml.count, 3);
    cr_expect_str_eq(ml.items[0].lemma, "meet");
    cr_expect_str_eq(ml.items[1].lemma, "discuss");
    cr_expect_str_eq(ml.items[2].lemma, "trade");
    for (size_t i = 0; i < ml.count; i++) {
        cr_expect_eq(ml.items[i].date.prec, CHR_PREC_NONE);
        cr_expect_not_null(ml.items[i].why_undated);
    }
    chr_mention_list_free(&ml);
}

Test(event, form_subject_takes_document_date)
{
    chr_mention_list ml = run("Minutes\nTitle\tMeeting with the suppliers\nDate\t11/01/2019\n"
                              "Notes follow.", NULL, 0);
    cr_assert_eq(ml.count, 1);
    cr_assert_eq(ml.items[0].type, CHR_EV_MEETING);
    cr_assert_str_eq(ml.items[0].date.value, "2019-01-11");
    chr_mention_list_free(&ml);
}

Test(event, actors_and_title)
{
    chr_mention_list ml = run("EC VP Andrus Ansip and Huawei's Hu met in person yesterday to "
                              "discuss issues.", "2019-03-06", 0);
    cr_assert_eq(ml.count, 1);
    chr_mention *m = &ml.items[0];
    int ansip = 0, huawei = 0;
    for (size_t i = 0; i < m->nactors; i++) {
        ansip |= strstr(m->actors[i], "Andrus Ansip") != NULL;
        huawei |= strcmp(m->actors[i], "Huawei") == 0;
    }
    cr_expect(ansip && huawei);
    cr_expect(strstr(m->title, "met") != NULL, "title '%s'", m->title);
    cr_expect(strstr(m->title, "yesterday") == NULL, "title keeps the date: '%s'", m->title);
    size_t words = 1;
    for (const char *p = m->title; *p; p++)
        words += *p == ' ';
    cr_expect_leq(words, 12);
    chr_mention_list_free(&ml);
}

Test(event, type_names_round_trip)
{
    for (int t = 0; t < CHR_EV_NTYPES; t++) {
        const char *n = chr_event_type_name((chr_event_type)t);
        chr_event_type back;
        cr_assert_eq(chr_event_type_parse(n, strlen(n), &back), 0);
        cr_assert_eq((int)back, t);
    }
    chr_event_type x;
    cr_assert_neq(chr_event_type_parse("party", 5, &x), 0);
}

/* A whole document against hand-written expectations: every expected
 * event found with its date, type, status and trigger, and nothing else. */
static void check_fixture(const char *dir)
{
    char path[256];
    size_t len;
    snprintf(path, sizeof path, "fixtures/extract/%s/expected.json", dir);
    char *exp_s = tu_read(path, &len);
    cr_assert_not_null(exp_s, "%s", path);
    json_t *exp = json_loads(exp_s, 0, NULL);
    free(exp_s);
    cr_assert_not_null(exp);
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_docinfo info;
    chr_mention_list ml = {0};
    snprintf(path, sizeof path, "fixtures/extract/%s/input.txt", dir);
    cr_assert_eq(chr_corpus_extract_file(path, &o, &info, &ml, NULL), 0);
    char d[11];
    chr_day_format(info.dct, d);
    cr_expect_str_eq(d, json_string_value(json_object_get(exp, "dct")));
    json_t *evs = json_object_get(exp, "events");
    cr_expect_eq(ml.count, json_array_size(evs), "%zu mentions, want %zu", ml.count,
                 json_array_size(evs));
    size_t i;
    json_t *e;
    json_array_foreach(evs, i, e) {
        const char *date = json_string_value(json_object_get(e, "date"));
        const char *type = json_string_value(json_object_get(e, "type"));
        const char *status = json_string_value(json_object_get(e, "status"));
        const char *trig = json_string_value(json_object_get(e, "trigger"));
        int found = 0;
        for (size_t k = 0; k < ml.count; k++) {
            chr_mention *m = &ml.items[k];
            if (strcmp(m->date.value, date) == 0 && strcmp(chr_event_type_name(m->type), type) == 0 &&
                strcmp(chr_modality_name(m->status), status) == 0 && strcmp(m->trigger, trig) == 0)
                found = 1;
        }
        cr_expect(found, "%s: missing %s %s %s '%s'", dir, date, type, status, trig);
    }
    json_decref(exp);
    chr_docinfo_clear(&info);
    chr_mention_list_free(&ml);
}

Test(event, wire_story_fixture)
{
    check_fixture("wire");
}

Test(event, uk_ban_story_fixture)
{
    check_fixture("uk-ban");
}

Test(event, acronyms_take_their_expansion)
{
    chr_mention_list ml = run("The US Government Accountability Office (GAO) published a report "
                              "in 2012. The GAO said in 2014 that little had changed. The NATO "
                              "Cooperative Cyber Defense Centre of Excellence (CCDCOE) issued a "
                              "report in 2019.", NULL, 0);
    cr_assert_eq(ml.count, 3);
    for (size_t i = 0; i < ml.count; i++)
        for (size_t k = 0; k < ml.items[i].nactors; k++) {
            cr_expect_str_neq(ml.items[i].actors[k], "GAO");
            cr_expect_str_neq(ml.items[i].actors[k], "CCDCOE");
        }
    int said = 0;
    for (size_t k = 0; k < ml.items[1].nactors; k++)
        said |= strcmp(ml.items[1].actors[k], "US Government Accountability Office") == 0;
    cr_expect(said, "the later 'GAO' should read as its expansion");
    chr_mention_list_free(&ml);
}

Test(event, reader_comments_are_not_the_story)
{
    static const char *const texts[] = {
        "Story\n\nThe ministers met on Monday.\n\n3 Comments\n\nThe NSA banned routers in 2013.\n",
        "Story\n\nThe ministers met on Monday.\n(Score: 2) by someone on Monday March 25 2019, "
        "@10:53AM\nThe NSA banned routers in 2013.\n",
        "Story\n\nThe ministers met on Monday.\nLeave a Reply\nThe NSA banned routers in 2013.\n",
    };
    for (size_t i = 0; i < 3; i++) {
        chr_mention_list ml = run(texts[i], "2019-03-06", 0);
        cr_expect_eq(ml.count, 1, "text %zu: %zu mentions", i, ml.count);
        if (ml.count)
            cr_expect_eq(ml.items[0].type, CHR_EV_MEETING);
        chr_mention_list_free(&ml);
    }
}

static int has_actor(const chr_mention *m, const char *name)
{
    for (size_t i = 0; i < m->nactors; i++)
        if (strcmp(m->actors[i], name) == 0)
            return 1;
    return 0;
}

Test(event, actors_are_whole_canonical_names)
{
    chr_mention_list ml = run("Carrier deal approved\n\nWASHINGTON, May 4, 2021 (Wire) - AT&T agreed "
                              "on Monday to buy a rival carrier.\n\nCanada arrested Meng Wanzhou "
                              "in December 2018. Ms Meng was released on bail on Tuesday, and Meng "
                              "flew home in September 2021.\n\nSouth Korean regulators fined Samsung "
                              "Electronics on 3 May 2021.\n", NULL, 0);
    int att = 0, meng = 0, fined = 0;
    for (size_t i = 0; i < ml.count; i++) {
        const chr_mention *m = &ml.items[i];
        for (size_t k = 0; k < m->nactors; k++) {
            /* no fragment, no dateline place, no adjective of origin, no
             * short form of a name given in full */
            cr_expect_gt(strlen(m->actors[k]), 1, "'%s'", m->actors[k]);
            cr_expect_str_neq(m->actors[k], "WASHINGTON");
            cr_expect_str_neq(m->actors[k], "South Korean");
            cr_expect_str_neq(m->actors[k], "Meng");
        }
        if (strcmp(m->lemma, "agree") == 0) {
            att = has_actor(m, "AT&T");
            cr_expect_str_eq(m->date.value, "2021-05-03");
            cr_expect(strncmp(m->title, "AT&T agreed", 11) == 0, "title '%s'", m->title);
        }
        if (strcmp(m->lemma, "release") == 0 || strcmp(m->lemma, "fly") == 0)
            meng += has_actor(m, "Meng Wanzhou");
        if (strcmp(m->lemma, "fine") == 0)
            fined = has_actor(m, "Samsung Electronics");
    }
    cr_expect(att, "AT&T agreed: not negated, and AT&T whole");
    chr_mention_list_free(&ml);
    /* a country by its ISO 3166 name */
    ml = run("The United States of America banned the firm on 4 May 2021. The USA also "
             "fined it on 6 May 2021.", NULL, 0);
    cr_assert_eq(ml.count, 2);
    for (size_t i = 0; i < ml.count; i++) {
        cr_expect_eq(ml.items[i].nactors, 1);
        cr_expect_str_eq(ml.items[i].actors[0], "United States");
    }
    cr_expect_eq(meng, 2, "Ms Meng and Meng are Meng Wanzhou");
    cr_expect(fined);
    chr_mention_list_free(&ml);
}

/* Codes and model names are names, and actors when they take part; a
 * place ("in Dover") and a dateline's place and agency are no actors. */
Test(event, codes_are_names_datelines_are_not_actors)
{
    static const struct {
        const char *text, *actor;
        int present;
    } cases[] = {
        {"The council of Northfield5 approved a new budget on 6 June 2011.", "Northfield5", 1},
        {"Airbus delivered the first A380 to Singapore Airlines on 3 June 2011.", "A380", 1},
        {"COVID-19 spread to Italy on 3 June 2011.", "COVID-19", 1},
        {"COVID-19 spread to Italy on 3 June 2011.", "COVID", 0},
        {"Two F-16 jets crashed near Tucson on 3 June 2011.", "F-16", 1},
        {"PORTVILLE, Maine (Wire) - Police arrested two men in Dover on 3 June 2011.", "Dover", 0},
        {"PORTVILLE, Maine (Wire) - Police arrested two Dover men on 3 June 2011.", "Dover", 1},
        {"PORTVILLE, Maine (Wire) - Police arrested two men in Dover on 3 June 2011.", "PORTVILLE", 0},
        {"PORTVILLE, Maine (Wire) - Police arrested two men in Dover on 3 June 2011.", "Maine", 0},
        {"PORTVILLE, Maine (Wire) - Police arrested two men in Dover on 3 June 2011.", "Wire", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        chr_mention_list ml = run(cases[i].text, "2011-06-10", 0);
        cr_assert_eq(ml.count, 1, "case %zu: %zu mentions", i, ml.count);
        int found = 0;
        for (size_t k = 0; k < ml.items[0].nactors; k++)
            found |= strcmp(ml.items[0].actors[k], cases[i].actor) == 0;
        cr_expect_eq(found, cases[i].present, "case %zu '%s': actor %s %s", i, cases[i].text,
                     cases[i].actor, cases[i].present ? "missing" : "unexpected");
        chr_mention_list_free(&ml);
    }
}

/* The actors of a mention are who takes part in it: the subject of its
 * verb (or of the verb it hangs off), its object or passive agent, what a
 * pronoun subject stands for, and of an event noun its own phrase; not the
 * places, dates and other names of the clause.  Each row: a text, the
 * lemma of one mention, and its actors, sorted, joined by '|'. */
static const struct {
    const char *text, *lemma, *actors;
} participant_rows[] = {
    /* the speaker of a trailing attribution, and a place, take no part */
    {"Initech sued Globex in Delaware on Monday, said Jane Roe of Acme.", "sue", "Globex|Initech"},
    {"Initech sued Globex in Delaware on Monday, said Jane Roe of Acme.", "say", "Jane Roe"},
    /* an apposition and a prepositional phrase after the subject */
    {"Jane Roe, the chief executive of Initech, opened a plant in Ohio on 4 May 2021.", "open",
     "Jane Roe"},
    {"Analysts in Boston praised Richard Cook on 6 May 2021.", "praise", "Richard Cook"},
    /* a pronoun subject stands for the person the sentence before was about */
    {"Jane Roe opened a plant in Ohio on 4 May 2021. She visited a school in Texas "
     "on 5 May 2021.", "visit", "Jane Roe"},
    /* "it" of "it was announced" stands for nobody */
    {"Jane Roe opened a plant in Ohio on 4 May 2021. It was announced that Globex would buy "
     "it.", "announce", ""},
    /* a verb after "but" shares the subject before it */
    {"Tom Poe has not yet explained why, but resigned on 4 May 2021.", "resign", "Tom Poe"},
    /* a date between the subject and its verb */
    {"The Globex factory on 4 May 2021 passed an inspection.", "pass", "Globex"},
    /* a product line is no short name of one model */
    {"Acme unveiled the Widget 3 on 4 May 2021. The first Widget was released in 2019.",
     "release", "Widget"},
    /* an acronym is no short form of a longer name of the text */
    {"Acme UK opened an office on 2 May 2021. The firm entered the UK market on 3 May 2021.",
     "enter", "UK"},
    /* who it was done with */
    {"Jane Roe met with Tom Poe in Paris on 4 May 2021.", "meet", "Jane Roe|Tom Poe"},
    /* a short form opening a sentence is the full name given before */
    {"Analysts praised Richard Cook on 6 May 2021. Cook resigned from Initech on 7 May 2021.",
     "resign", "Richard Cook"},
    /* a passive: its subject and its agent */
    {"On 5 May 2021 the old plant in Ohio was bought by Globex.", "buy", "Globex"},
    /* a coordinated subject */
    {"Jane Roe and Globex's Tom Poe met in Paris on 4 May 2021.", "meet", "Globex|Jane Roe|Tom Poe"},
    /* a verb with no subject of its own: that of the verb it hangs off */
    {"Jane Roe opened the plant on 4 May 2021 by cutting a ribbon in Ohio.", "cut", "Jane Roe"},
    /* an event noun: its possessor, and who it is the object of */
    {"Globex received criticism from Acme over the plant in Ohio on 4 May 2021.", "criticism",
     "Globex"},
    {"The opening of the new Globex plant in Ohio took place on 4 May 2021.", "opening", "Globex"},
};

static void check_participants(size_t i)
{
    chr_mention_list ml = run(participant_rows[i].text, "2021-05-10", 1);
    const chr_mention *m = NULL;
    for (size_t k = 0; k < ml.count && m == NULL; k++)
        if (ml.items[k].lemma && strcmp(ml.items[k].lemma, participant_rows[i].lemma) == 0)
            m = &ml.items[k];
    cr_assert_not_null(m, "row %zu: no mention of '%s'", i, participant_rows[i].lemma);
    char got[256] = "";
    for (size_t k = 0; k < m->nactors; k++) {
        if (k)
            strncat(got, "|", sizeof got - strlen(got) - 1);
        strncat(got, m->actors[k], sizeof got - strlen(got) - 1);
    }
    cr_expect_str_eq(got, participant_rows[i].actors, "row %zu '%s': actors of '%s'", i,
                     participant_rows[i].text, participant_rows[i].lemma);
    chr_mention_list_free(&ml);
}

Test(event, actors_are_participants)
{
    for (size_t i = 0; i < sizeof participant_rows / sizeof participant_rows[0]; i++)
        check_participants(i);
}

/* The sentence of a mention opened by a dateline starts after it. */
Test(event, dateline_is_cut_from_the_sentence)
{
    chr_mention_list ml = run("NORTH BAY, Ontario (Wire) -- Firefighters rescued a cat on 2 March 2013.",
                              NULL, 0);
    cr_assert_eq(ml.count, 1);
    cr_expect_str_eq(ml.items[0].sentence, "Firefighters rescued a cat on 2 March 2013.");
    cr_expect_str_eq(ml.items[0].date.value, "2013-03-02");
    chr_mention_list_free(&ml);
}

/* Dates a reader infers from the story.  A lede with no date of its own
 * tells the news of the document's day: a later past event of one of its
 * actors takes that day (not one of another actor after the narrative
 * broke off).  An infinitive of what was done takes the date of the verb
 * it follows ("returned to the stage to reveal"), not one of what was
 * meant ("pressed the dealers to cut"). */
static const char *const story_text =
    "Acme unveils a delivery drone\n\nMay 4, 2021\n\n"
    "At its yearly fair in Ohio, Acme introduced a delivery drone.\n\n"
    "The hall is large.\n\nAcme showed a second model too.\n\n"
    "The price is high.\n\nGlobex opened a shop.\n\n"
    "Jane Roe spoke first on 3 May 2021.\n\n"
    "She returned to the stage to reveal the price.\n\n"
    "She pressed the dealers to cut their prices.\n";

/* A trigger and the date its mention must have (NULL: undated). */
typedef struct {
    const char *trigger, *date;
} trigger_date;

/* Each row's trigger is a mention of ml, dated as the row says. */
static void expect_dates(const chr_mention_list *ml, const trigger_date *want, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const chr_mention *m = NULL;
        for (size_t k = 0; k < ml->count && m == NULL; k++)
            if (strcmp(ml->items[k].trigger, want[i].trigger) == 0)
                m = &ml->items[k];
        cr_assert_not_null(m, "no mention '%s'", want[i].trigger);
        if (want[i].date == NULL)
            cr_expect_eq(m->date.prec, CHR_PREC_NONE, "'%s' dated %s", m->trigger, m->date.value);
        else
            cr_expect_str_eq(m->date.value, want[i].date, "'%s'", m->trigger);
    }
}

static const trigger_date story_rows[] = {
    {"introduced", "2021-05-04"},
    {"showed", "2021-05-04"},
    {"opened", NULL},
    {"returned", "2021-05-03"},
    {"reveal", "2021-05-03"},
    {"cut", NULL},
};

Test(event, dates_from_the_story)
{
    chr_mention_list ml = run(story_text, NULL, 1);
    expect_dates(&ml, story_rows, sizeof story_rows / sizeof story_rows[0]);
    chr_mention_list_free(&ml);
}

/* A month that does not hold the story's day dates background: the
 * sentence after it goes on with the story of the lede's day. */
Test(event, background_month_does_not_carry_the_story)
{
    chr_mention_list ml = run("Acme shows a drone\n\nMay 4, 2021\n\n"
                              "At its fair in Ohio yesterday, Acme introduced a delivery drone.\n\n"
                              "A first model was sold in March.\n\n"
                              "Jane Roe thanked the staff of the fair.\n",
                              NULL, 1);
    int seen = 0;
    for (size_t k = 0; k < ml.count; k++)
        if (strcmp(ml.items[k].trigger, "thanked") == 0) {
            seen = 1;
            cr_expect_str_eq(ml.items[k].date.value, "2021-05-03");
        }
    cr_expect(seen, "no mention 'thanked'");
    chr_mention_list_free(&ml);
}

/* The date of an event noun in the opening phrase is that of the main
 * verb after it; a verb and its object are one event, dated by either;
 * a verb whose prepositional phrase holds the noun takes no date of it. */
Test(event, verb_shares_the_date_of_its_event_noun)
{
    static const trigger_date noun_rows[] = {
        {"announced", "2021-05-04"},
        {"made", NULL},
    };
    chr_mention_list ml = run("Acme wins a case\n\nMay 10, 2021\n\n"
                              "Globex lost its court case against Acme on 3 May 2021.\n\n"
                              "In her keynote on 4 May 2021, Jane Roe announced a new phone.\n\n"
                              "Initech made its revenue from overseas markets in 2018.\n",
                              NULL, 1);
    expect_dates(&ml, noun_rows, sizeof noun_rows / sizeof noun_rows[0]);
    chr_mention_list_free(&ml);
}

/* A verb after ", but" with no subject of its own is part of the event
 * of the sentence's first verb (not a second statement: "said ..., but
 * added"); a verb of a ", where" clause after a dated verb happened there
 * and then. */
Test(event, but_and_where_clauses_share_the_date)
{
    static const trigger_date share_rows[] = {
        {"admitted", "2021-05-04"}, {"rejected", "2021-05-04"}, {"spoke", "2021-05-04"},
        {"thanked", "2021-05-04"}, {"added", NULL},
    };
    chr_mention_list ml = run("Acme opens a plant\n\nMay 10, 2021\n\n"
                              "Acme opened a plant in Ohio on 4 May 2021.\n\n"
                              "Jane Roe admitted that the site was small, but rejected any delay.\n\n"
                              "She then spoke at a dinner, where she thanked the builders.\n\n"
                              "She said the site was small, but added that it would grow.\n",
                              NULL, 1);
    expect_dates(&ml, share_rows, sizeof share_rows / sizeof share_rows[0]);
    chr_mention_list_free(&ml);
}

/* Keeping only dated mentions, the extractor makes the sentence text and
 * title of a mention that waits for inference only once inference has
 * dated it: every mention it keeps is, field for field, the dated one it
 * gives with undated mentions kept too (the seed corpus and the story
 * above, where inference dates several). */
static void same_dated_either_way(const char *text, const char *dct)
{
    chr_mention_list all = run(text, dct, 1), dated = run(text, dct, 0);
    size_t k = 0;
    for (size_t i = 0; i < all.count; i++) {
        const chr_mention *a = &all.items[i];
        if (a->date.prec == CHR_PREC_NONE)
            continue;
        cr_assert_lt(k, dated.count, "a dated mention is missing");
        const chr_mention *d = &dated.items[k++];
        cr_expect_eq(a->trigger_offset, d->trigger_offset);
        cr_expect_str_eq(a->date.value, d->date.value);
        cr_expect_str_eq(a->sentence, d->sentence);
        cr_expect_str_eq(a->title, d->title, "\"%s\"", a->trigger);
        cr_expect_eq(a->nactors, d->nactors);
    }
    cr_expect_eq(k, dated.count, "the dated lists differ in length");
    chr_mention_list_free(&all);
    chr_mention_list_free(&dated);
}

Test(extract, deferred_titles_are_the_titles)
{
    same_dated_either_way(story_text, "2019-07-04");
    static const char *const files[] = {"fixtures/corpus/000_b7a122fea373ab79.txt",
                                        "fixtures/corpus/001_2543bc9b8d1cc153.txt",
                                        "fixtures/corpus/002_b1a9d9ea25e99da5.txt",
                                        "fixtures/corpus/003_3d03ae3b476ba545.txt",
                                        "fixtures/corpus/004_7f3f804f7b81d121.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        FILE *f = fopen(files[i], "rb");
        cr_assert_not_null(f, "%s", files[i]);
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        same_dated_either_way(buf, "2019-07-04");
    }
}
