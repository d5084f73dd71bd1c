/* test_tag.c - the temporal tagger (core/tag.c): every expression family
 * of issue 4 as a table of sentences with hand-written TIMEX3 answers, the
 * seed corpus with its expected values, DCT inference, and hostile input.
 *
 * A row names a sentence, its DCT, the expression expected in it (found
 * with strstr; the tagger must report exactly that byte span), its TIMEX3
 * type, value and mod.  A NULL value means "relative, left unresolved":
 * anchor none, no day range.  Negative rows (.absent) say that no timex
 * may overlap the expression, or, with a NULL expression, that the
 * sentence has no timex at all.  Answers were written from the TIMEX3
 * guidelines and the rules of issue 4, never from the tagger's output. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/date.h"
#include "chronicle/doc.h"
#include "chronicle/error.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"
#include "tag/match_int.h"
#include "tag/tag_int.h"

#define DATE CHR_TX_DATE
#define TIME CHR_TX_TIME
#define DUR  CHR_TX_DURATION
#define SET  CHR_TX_SET
#define DMY  CHR_ORDER_DMY
#define MDY  CHR_ORDER_MDY

typedef struct row {
    const char *text;        /* a sentence (or two, for narrative rows) */
    const char *dct;         /* "YYYY-MM-DD" or NULL */
    const char *expr;        /* the expression; NULL with .absent: none */
    chr_timex_type type;
    const char *value;       /* TIMEX3 value; NULL: left unresolved */
    chr_timex_mod mod;
    chr_date_order order;    /* CHR_ORDER_AUTO unless the row says */
    unsigned flags;          /* flags the timex must carry */
    int absent;              /* negative row */
} row;

/* Negatives are tagged against a Wednesday DCT so that any relative
 * reading would show up. */
#define NEG_DCT "2019-03-06"
#define NO_TIMEX(text)          { text, NEG_DCT, NULL, .absent = 1 }
#define NOT_TAGGED(text, expr)  { text, NEG_DCT, expr, .absent = 1 }

#define NROWS(a) (sizeof (a) / sizeof (a)[0])

/* ---- 1. absolute dates ------------------------------------------------- */

static const row absolute_rows[] = {
    /* numeric, year first */
    { "The tender closed on 2019-07-04 after a long review.", NULL, "2019-07-04", DATE, "2019-07-04" },
    { "Published 2019.07.03 in Brussels.", NULL, "2019.07.03", DATE, "2019-07-03" },
    { "The meeting is fixed for 2019/07/03 in Geneva.", NULL, "2019/07/03", DATE, "2019-07-03" },
    { "The audit ran on 2019-07-04T16:05 without issues.", NULL, "2019-07-04T16:05", TIME, "2019-07-04T16:05" },
    { "Logged 2019-07-04 16:05 by the administrator.", NULL, "2019-07-04 16:05", TIME, "2019-07-04T16:05" },
    { "The firm was registered on 1999-12-31 in Delaware.", "2019-03-06", "1999-12-31", DATE, "1999-12-31" },
    { "Leap day 2020-02-29 was a Saturday.", NULL, "2020-02-29", DATE, "2020-02-29" },
    /* holidays: Christmas is 25 December; Thanksgiving the fourth Thursday
     * of November; Easter by the computus (2019: 21 April) */
    { "Shops closed on Christmas Day 2018 across the city.", NULL, "Christmas Day 2018", DATE, "2018-12-25" },
    { "The strike ended before Thanksgiving 2019.", NULL, "Thanksgiving 2019", DATE, "2019-11-28" },
    { "Pilgrims arrived for Easter Sunday 2019.", NULL, "Easter Sunday 2019", DATE, "2019-04-21" },
    { "Sales rose on Valentine's Day 2020.", NULL, "Valentine's Day 2020", DATE, "2020-02-14" },
    { "The ferry docked at Christmas Island on Monday.", "2019-03-06", "Christmas", .absent = 1 },
    /* years in words, as broadcasts transcribe them */
    { "The law passed in nineteen ninety-six after a long fight.", NULL, "nineteen ninety-six", DATE, "1996" },
    { "Computers were ready for the year two thousand.", NULL, "the year two thousand", DATE, "2000" },
    { "Prices fell in January nineteen ninety-seven.", NULL, "January nineteen ninety-seven", DATE, "1997-01" },
    /* centuries by ordinal */
    { "The 20th century saw two world wars.", NULL, "The 20th century", DATE, "19" },
    { "The chapel dates from the twelfth century.", NULL, "the twelfth century", DATE, "11" },
    /* a fiscal year is dated by its calendar year, "fiscal" in the span */
    { "Profit rose in fiscal 1989 after the merger.", NULL, "fiscal 1989", DATE, "1989" },
    { "Orders slowed in the last half of 1998.", NULL, "the last half of 1998", DATE, "1998-H2" },
    /* a decade without its century: the DCT's, or the one before */
    { "Crime fell through the nineties in most cities.", "2003-05-01", "the nineties", DATE, "199" },
    { "The band toured widely in the '70s.", "2003-05-01", "the '70s", DATE, "197" },
    { "Sales peaked in the twenties of the last century.", "1998-05-01", "the twenties", DATE, "192" },
    { "The budget for fiscal year 2019 was approved.", NULL, "fiscal year 2019", DATE, "2019" },
    NOT_TAGGED("The form is dated 2019-02-29, which does not exist.", "2019-02-29"),
    NOT_TAGGED("The form is dated 2019-13-01, which does not exist.", "2019-13-01"),
    /* numeric, day or month first */
    { "Brussels, 9.10.2019", NULL, "9.10.2019", DATE, "2019-10-09" },
    { "The offer expires on 31.12.2020 in all stores.", NULL, "31.12.2020", DATE, "2020-12-31" },
    { "The minutes are dated 11/01/2019.", NULL, "11/01/2019", DATE, "2019-01-11" },
    { "The report was filed on 11/26/2019 in Ohio.", NULL, "11/26/2019", DATE, "2019-11-26" },
    { "The contract was signed on 3/15/2019 in Texas.", NULL, "3/15/2019", DATE, "2019-03-15" },
    { "The contract was signed on 15/03/2019 in Paris.", NULL, "15/03/2019", DATE, "2019-03-15" },
    { "Filed 28-11-2018 by the clerk of the court.", NULL, "28-11-2018", DATE, "2018-11-28" },
    /* month name, day, year */
    { "The centre opened on March 6, 2019 in Brussels.", NULL, "March 6, 2019", DATE, "2019-03-06" },
    { "On January 1, 2020, the new rules apply.", NULL, "January 1, 2020", DATE, "2020-01-01" },
    { "The rules apply from Jan. 1, 2020 onwards.", NULL, "Jan. 1, 2020", DATE, "2020-01-01" },
    { "The bank failed on Sept. 30, 2018 after a run.", NULL, "Sept. 30, 2018", DATE, "2018-09-30" },
    { "She was born on February 29, 2016 in Oslo.", NULL, "February 29, 2016", DATE, "2016-02-29" },
    { "The deal was signed on December 3 2018 in Rome.", NULL, "December 3 2018", DATE, "2018-12-03" },
    { "The vote is set for March 6th.", "2019-03-01", "March 6th", DATE, "2019-03-06" },
    { "Talks resume on Mar. 6 in Geneva.", "2019-03-01", "Mar. 6", DATE, "2019-03-06" },
    { "Shops close early on Dec 24 this year.", "2019-12-01", "Dec 24", DATE, "2019-12-24" },
    { "The parade is on July 4.", NULL, "July 4", DATE, "XXXX-07-04" },
    NOT_TAGGED("The memo is dated February 30, 2019 by mistake.", "February 30, 2019"),
    /* day, month name, year */
    { "The centre opened on 6 March 2019 in Brussels.", NULL, "6 March 2019", DATE, "2019-03-06" },
    { "From 1 January 2020 the tariff rises.", NULL, "1 January 2020", DATE, "2020-01-01" },
    { "The bank failed on 30 Sept 2018 after a run.", NULL, "30 Sept 2018", DATE, "2018-09-30" },
    { "The statement was issued on 04 July 2019 at dawn.", NULL, "04 July 2019", DATE, "2019-07-04" },
    { "The colonies declared independence on 4 July 1776.", NULL, "4 July 1776", DATE, "1776-07-04" },
    { "Ansip was invited to the 5th of March opening.", "2019-01-11", "the 5th of March", DATE, "2019-03-05" },
    { "The band played on the 21st of June, 2018 in Leeds.", NULL, "the 21st of June, 2018", DATE, "2018-06-21" },
    { "The court sat on the 3rd of May 2019 for an hour.", NULL, "the 3rd of May 2019", DATE, "2019-05-03" },
    /* with a weekday */
    { "Posted by Jane on Monday March 25 2019 in the forum.", NULL, "Monday March 25 2019", DATE, "2019-03-25" },
    { "The summit opened on Monday, March 25, 2019 in Brussels.", NULL, "Monday, March 25, 2019", DATE, "2019-03-25" },
    { "The hearing is on Tuesday 26 March 2019 in London.", NULL, "Tuesday 26 March 2019", DATE, "2019-03-26" },
    { "Date: Wed, 28 Nov 2018 16:05:00 +1300", NULL, "Wed, 28 Nov 2018 16:05:00 +1300", TIME, "2018-11-28T16:05" },
    /* with a time */
    { "The vote opened on March 6, 2019 at 10:30 sharp.", NULL, "March 6, 2019 at 10:30", TIME, "2019-03-06T10:30" },
    { "The vote opened on 6 March 2019, 14:00 CET, in Strasbourg.", NULL, "6 March 2019, 14:00 CET", TIME, "2019-03-06T14:00" },
    /* month and year */
    { "The law was enacted in June 2017 after a long debate.", NULL, "June 2017", DATE, "2017-06" },
    { "Shipments began in May 2018 from Shenzhen.", NULL, "May 2018", DATE, "2018-05" },
    { "The plant closed in September of 2018.", NULL, "September of 2018", DATE, "2018-09" },
    { "The plant closed in December, 2018.", NULL, "December, 2018", DATE, "2018-12" },
    { "Prices have fallen since Sep 2017 in Sydney.", NULL, "Sep 2017", DATE, "2017-09", CHR_MOD_AFTER },
    /* years */
    { "The centre opened in 2016.", NULL, "2016", DATE, "2016" },
    { "He founded the index in 1998.", "2019-01-29", "1998", DATE, "1998" },
    { "The castle was built circa 1850 by a merchant.", NULL, "1850", DATE, "1850" },
    { "The 2019 budget was approved by parliament.", NULL, "2019", DATE, "2019" },
    { "A 2019 report found no backdoors.", NULL, "2019", DATE, "2019" },
    /* decades */
    { "Handsets of the 1990s had no cameras.", NULL, "the 1990s", DATE, "199" },
    { "Mobile data took off in the 2010s.", NULL, "the 2010s", DATE, "201" },
    { "Pagers were popular in the 1980's in America.", NULL, "the 1980's", DATE, "198" },
    /* parts of a period */
    { "He spoke at a press conference in mid-March.", "2019-07-03", "mid-March", DATE, "2019-03", CHR_MOD_MID },
    { "Deliveries start in early 2019.", NULL, "early 2019", DATE, "2019", CHR_MOD_START },
    { "The plant closed in late December.", "2019-03-06", "late December", DATE, "2018-12", CHR_MOD_END },
    { "Prices peaked in mid-2018 and then fell.", NULL, "mid-2018", DATE, "2018", CHR_MOD_MID },
    { "The network went live in late 2017.", NULL, "late 2017", DATE, "2017", CHR_MOD_END },
    { "Tests begin in early March 2019 in Bonn.", NULL, "early March 2019", DATE, "2019-03", CHR_MOD_START },
    { "The fund closes by the end of 2020.", NULL, "the end of 2020", DATE, "2020", CHR_MOD_END },
    { "The plan was agreed at the beginning of 2019.", NULL, "the beginning of 2019", DATE, "2019", CHR_MOD_START },
    { "Sales dipped in the middle of 2018.", NULL, "the middle of 2018", DATE, "2018", CHR_MOD_MID },
    { "Hiring resumes at the start of 2021.", NULL, "the start of 2021", DATE, "2021", CHR_MOD_START },
    /* quarters, halves, seasons */
    { "Revenue rose in Q3 2019 across Europe.", NULL, "Q3 2019", DATE, "2019-Q3" },
    { "Revenue fell in Q4 2018 in China.", NULL, "Q4 2018", DATE, "2018-Q4" },
    { "Profits doubled in the third quarter of 2019.", NULL, "the third quarter of 2019", DATE, "2019-Q3" },
    { "Growth slowed in the first half of 2019.", NULL, "the first half of 2019", DATE, "2019-H1" },
    { "Growth picked up in the second half of 2020.", NULL, "the second half of 2020", DATE, "2020-H2" },
    { "The trial ends in summer 2020.", NULL, "summer 2020", DATE, "2020-SU" },
    { "The trial ran through the summer of 2020 in Bonn.", NULL, "the summer of 2020", DATE, "2020-SU" },
    { "The network was upgraded in autumn 2018.", NULL, "autumn 2018", DATE, "2018-FA" },
    { "The first masts went up in spring 2021.", NULL, "spring 2021", DATE, "2021-SP" },
    { "Outages peaked in winter 2019 in the north.", NULL, "winter 2019", DATE, "2019-WI" },
    /* year ranges: each end is a timex of its own */
    { "Sales grew steadily 2016-2018 in Europe.", NULL, "2016", DATE, "2016", .flags = CHR_TXF_RANGE_START },
    { "Sales grew steadily 2016-2018 in Europe.", NULL, "2018", DATE, "2018", .flags = CHR_TXF_RANGE_END },
    { "During 2016\xe2\x80\x93" "2018 output doubled.", NULL, "2016", DATE, "2016", .flags = CHR_TXF_RANGE_START },
    { "During 2016\xe2\x80\x93" "2018 output doubled.", NULL, "2018", DATE, "2018", .flags = CHR_TXF_RANGE_END },
    { "We keep our five-year commitment (2018 to 2023) to invest.", NULL, "2018", DATE, "2018", .flags = CHR_TXF_RANGE_START },
    { "We keep our five-year commitment (2018 to 2023) to invest.", NULL, "2023", DATE, "2023", .flags = CHR_TXF_RANGE_END },
    { "Output rose between 2016 and 2018 in Asia.", NULL, "2016", DATE, "2016", .flags = CHR_TXF_RANGE_START },
    { "Output rose between 2016 and 2018 in Asia.", NULL, "2018", DATE, "2018", .flags = CHR_TXF_RANGE_END },
    { "He ran the unit from 2010 to 2015 in Paris.", NULL, "2010", DATE, "2010", .flags = CHR_TXF_RANGE_START },
    { "He ran the unit from 2010 to 2015 in Paris.", NULL, "2015", DATE, "2015", .flags = CHR_TXF_RANGE_END },
    { "Prices were stable from June 2017 to March 2018.", NULL, "June 2017", DATE, "2017-06" },
    { "Prices were stable from June 2017 to March 2018.", NULL, "March 2018", DATE, "2018-03" },
};

/* ---- 2. numeric day-month order ---------------------------------------- */

static const row order_rows[] = {
    /* no part above 12: the default is day first */
    { "Signed in Brussels on 04/05/2019.", NULL, "04/05/2019", DATE, "2019-05-04" },
    { "Signed in Brussels on 04/05/2019.", NULL, "04/05/2019", DATE, "2019-05-04", .order = DMY },
    { "Signed in Boston on 04/05/2019.", NULL, "04/05/2019", DATE, "2019-04-05", .order = MDY },
    { "Issued 1/2/2019 by the court.", NULL, "1/2/2019", DATE, "2019-02-01" },
    { "Issued 1/2/2019 by the court.", NULL, "1/2/2019", DATE, "2019-01-02", .order = MDY },
    { "The tender closes 03-04-2019 for all bidders.", NULL, "03-04-2019", DATE, "2019-04-03" },
    { "The tender closes 03-04-2019 for all bidders.", NULL, "03-04-2019", DATE, "2019-03-04", .order = MDY },
    { "Date 11/01/2019", NULL, "11/01/2019", DATE, "2019-01-11" },
    { "Date 11/01/2019", NULL, "11/01/2019", DATE, "2019-11-01", .order = MDY },
    { "Signed on 12/12/2019 in Bonn.", NULL, "12/12/2019", DATE, "2019-12-12", .order = MDY },
    /* a part above 12 decides, whatever the option says */
    { "Signed on 13/04/2019 in Lyon.", NULL, "13/04/2019", DATE, "2019-04-13", .order = MDY },
    { "Signed on 04/13/2019 in Ohio.", NULL, "04/13/2019", DATE, "2019-04-13", .order = DMY },
    { "Signed on 31/12/2019 in Rome.", NULL, "31/12/2019", DATE, "2019-12-31", .order = MDY },
    { "Signed on 12/31/2019 in Utah.", NULL, "12/31/2019", DATE, "2019-12-31", .order = DMY },
    /* the document's own unambiguous dates set its convention */
    { "Filed 25/12/2018, reviewed 03/04/2019.", NULL, "03/04/2019", DATE, "2019-04-03" },
    { "Filed 12/25/2018, reviewed 03/04/2019.", NULL, "03/04/2019", DATE, "2019-03-04" },
    { "Filed 12/25/2018, reviewed 03/04/2019.", NULL, "12/25/2018", DATE, "2018-12-25" },
    { "Filed 03/04/2019, approved 12/25/2019.", NULL, "03/04/2019", DATE, "2019-03-04" },
    { "Filed 03/04/2019, approved 25/12/2019.", NULL, "03/04/2019", DATE, "2019-04-03" },
    { "Filed 25/12/2018 and 12/26/2018; reviewed 03/04/2019.", NULL, "03/04/2019", DATE, "2019-04-03" },
    /* leap days and impossible days */
    { "Payment is due 29/02/2020 at the latest.", NULL, "29/02/2020", DATE, "2020-02-29" },
    NOT_TAGGED("Payment is due 29/02/2019 at the latest.", "29/02/2019"),
    NOT_TAGGED("Payment is due 31/04/2019 at the latest.", "31/04/2019"),
    NOT_TAGGED("The form says 31/31/2019 in the box.", "31/31/2019"),
    NOT_TAGGED("The form says 13/13/2019 in the box.", "13/13/2019"),
    NOT_TAGGED("The form says 00/12/2019 in the box.", "00/12/2019"),
};

/* ---- 3. relative to the document creation time ------------------------- */

/* 2019-03-06 is a Wednesday in ISO week 10; 2019-03-22 a Friday (W12);
 * 2019-07-03 a Wednesday (W27); 2019-12-31 a Tuesday of 2020-W01;
 * 2021-01-03 a Sunday of 2020-W53. */
static const row dct_rows[] = {
    /* a month in a year said relative to the DCT */
    { "Talks began in June last year and stalled.", "2019-03-06", "June last year", DATE, "2018-06" },
    { "Exports rose in January this year.", "2019-03-06", "January this year", DATE, "2019-01" },
    /* a month naming a noun: "the October slaying", "a June agreement" */
    { "Police linked the October slaying to two others.", "2019-03-06", "October", DATE, "2018-10" },
    { "The bank cited a June agreement with shareholders.", "2019-03-06", "June", DATE, "2018-06" },
    { "Thousands joined the March on Washington.", "2019-03-06", "March", .absent = 1 },
    /* "the weekend" told of on a weekday: the last one in the past tense */
    { "Protesters gathered over the weekend in the capital.", "2019-03-06", "the weekend", DATE, "2019-W09-WE" },
    /* "the current (fiscal) year" */
    { "Sales should rise in the current fiscal year.", "2019-03-06", "current fiscal year", DATE, "2019" },
    /* days */
    { "The centre opened today in Brussels.", "2019-03-06", "today", DATE, "2019-03-06" },
    { "The centre opened yesterday in Brussels.", "2019-03-06", "yesterday", DATE, "2019-03-05" },
    { "The centre opens tomorrow in Brussels.", "2019-03-06", "tomorrow", DATE, "2019-03-07" },
    { "The minister will speak tonight on television.", "2019-03-06", "tonight", DATE, "2019-03-06TNI" },
    { "Police said they made arrests last night.", "2019-03-06", "last night", DATE, "2019-03-05TNI" },
    { "Police said this morning that the road was closed.", "2019-03-06", "this morning", DATE, "2019-03-06TMO" },
    { "The board meets tomorrow morning in Paris.", "2019-03-06", "tomorrow morning", DATE, "2019-03-07TMO" },
    { "The deal was signed the day before yesterday.", "2019-03-06", "the day before yesterday", DATE, "2019-03-04" },
    { "The deal will be signed the day after tomorrow.", "2019-03-06", "the day after tomorrow", DATE, "2019-03-08" },
    { "The shop opened yesterday after a refit.", "2020-03-01", "yesterday", DATE, "2020-02-29" },
    { "The shop opened yesterday after a refit.", "2019-03-01", "yesterday", DATE, "2019-02-28" },
    { "The shop opened yesterday after a refit.", "2019-01-01", "yesterday", DATE, "2018-12-31" },
    { "The shop opens tomorrow after a refit.", "2019-12-31", "tomorrow", DATE, "2020-01-01" },
    /* this / last / next unit */
    { "The vote takes place this week in Strasbourg.", "2019-03-06", "this week", DATE, "2019-W10" },
    { "A similar plea was made last week in Barcelona.", "2019-03-06", "last week", DATE, "2019-W09" },
    { "The Commission will next week urge member states to act.", "2019-03-22", "next week", DATE, "2019-W13" },
    { "The vote takes place this week in Strasbourg.", "2019-12-31", "this week", DATE, "2020-W01" },
    { "The vote takes place next week in Strasbourg.", "2019-12-31", "next week", DATE, "2020-W02" },
    { "A similar plea was made last week in Barcelona.", "2019-12-31", "last week", DATE, "2019-W52" },
    { "The vote takes place this week in Strasbourg.", "2021-01-03", "this week", DATE, "2020-W53" },
    { "The vote takes place next week in Strasbourg.", "2021-01-03", "next week", DATE, "2021-W01" },
    { "Germany this month set tougher criteria for vendors.", "2019-03-22", "this month", DATE, "2019-03" },
    { "Exports fell last month in Germany.", "2019-03-06", "last month", DATE, "2019-02" },
    { "Exports will recover next month, the bank said.", "2019-03-06", "next month", DATE, "2019-04" },
    { "Exports fell last month in Germany.", "2019-01-01", "last month", DATE, "2018-12" },
    { "Exports will recover next month, the bank said.", "2019-12-31", "next month", DATE, "2020-01" },
    { "The company plans to list this year in Hong Kong.", "2019-03-06", "this year", DATE, "2019" },
    { "The plan was announced last year in Shenzhen.", "2019-03-06", "last year", DATE, "2018" },
    { "The plant will open next year in Hungary.", "2019-03-06", "next year", DATE, "2020" },
    { "The plant will open next year in Hungary.", "2019-12-31", "next year", DATE, "2020" },
    { "Profits rose this quarter, the bank said.", "2019-03-06", "this quarter", DATE, "2019-Q1" },
    { "Profits rose last quarter, the bank said.", "2019-03-06", "last quarter", DATE, "2018-Q4" },
    { "Profits should rise next quarter, the bank said.", "2019-03-06", "next quarter", DATE, "2019-Q2" },
    { "The fair is held this weekend in Lyon.", "2019-03-06", "this weekend", DATE, "2019-W10-WE" },
    { "The fair was held last weekend in Lyon.", "2019-03-06", "last weekend", DATE, "2019-W09-WE" },
    /* seasons */
    { "The trial starts this summer in Bonn.", "2019-03-06", "this summer", DATE, "2019-SU" },
    { "The trial ran last summer in Bonn.", "2019-03-06", "last summer", DATE, "2018-SU" },
    { "The trial starts next summer in Bonn.", "2019-03-06", "next summer", DATE, "2019-SU" },
    { "The trial runs this summer in Bonn.", "2019-07-03", "this summer", DATE, "2019-SU" },
    { "The trial ran last summer in Bonn.", "2019-07-03", "last summer", DATE, "2018-SU" },
    { "Gas prices soared last winter in Europe.", "2019-03-06", "last winter", DATE, "2018-WI" },
    { "Gas prices may soar next winter in Europe.", "2019-03-06", "next winter", DATE, "2019-WI" },
    { "The masts went up this spring in Leeds.", "2019-07-03", "this spring", DATE, "2019-SP" },
    { "The plant closed this past spring after a fire.", "2019-10-15", "this past spring", DATE, "2019-SP" },
    { "The index rose this past week on trade hopes.", "2019-03-06", "this past week", DATE, "2019-W09" },
    /* earlier / later this month, this year */
    { "Huawei earlier this month sued the U.S. government.", "2019-03-22", "earlier this month", DATE, "2019-03" },
    { "The rules take effect later this month in the EU.", "2019-03-06", "later this month", DATE, "2019-03" },
    { "A report issued earlier this year found no evidence.", "2019-07-03", "earlier this year", DATE, "2019" },
    { "A report is due later this year from the agency.", "2019-07-03", "later this year", DATE, "2019" },
    /* weekdays: past tense looks back, future tense looks ahead */
    { "The minister said on Friday that talks failed.", "2019-03-06", "Friday", DATE, "2019-03-01" },
    { "Four people familiar with the matter said on Friday.", "2019-03-22", "Friday", DATE, "2019-03-22" },
    { "Officials met on Thursday to discuss the plan.", "2019-03-06", "Thursday", DATE, "2019-02-28" },
    { "The company announced on Tuesday that it would cut jobs.", "2019-03-06", "Tuesday", DATE, "2019-03-05" },
    { "He resigned on Monday after the vote.", "2019-03-06", "Monday", DATE, "2019-03-04" },
    { "Protesters gathered on Sunday outside parliament.", "2019-03-06", "Sunday", DATE, "2019-03-03" },
    { "The vote was held on Wednesday in the Senate.", "2019-03-06", "Wednesday", DATE, "2019-03-06" },
    { "The regulator said on Monday it was investigating.", "2019-03-22", "Monday", DATE, "2019-03-18" },
    { "Police arrived on Monday morning at the scene.", "2019-03-06", "Monday morning", DATE, "2019-03-04TMO" },
    { "The minister will travel to Rome on Tuesday.", "2019-03-06", "Tuesday", DATE, "2019-03-12" },
    { "Ansip will present the recommendation on Tuesday.", "2019-03-22", "Tuesday", DATE, "2019-03-26" },
    { "The committee will vote on Thursday.", "2019-03-06", "Thursday", DATE, "2019-03-07" },
    { "He will resign on Monday if the vote fails.", "2019-03-06", "Monday", DATE, "2019-03-11" },
    { "Protesters will gather on Sunday outside parliament.", "2019-03-06", "Sunday", DATE, "2019-03-10" },
    { "The union plans to strike on Saturday.", "2019-03-06", "Saturday", DATE, "2019-03-09" },
    { "The leaders will meet on Monday in Brussels.", "2019-03-22", "Monday", DATE, "2019-03-25" },
    { "The talks resume next Monday in Geneva.", "2019-03-06", "next Monday", DATE, "2019-03-11" },
    { "The talks collapsed last Monday in Geneva.", "2019-03-06", "last Monday", DATE, "2019-03-04" },
    { "The talks collapsed last Friday in Geneva.", "2019-03-06", "last Friday", DATE, "2019-03-01" },
    { "The talks collapsed last Wednesday in Geneva.", "2019-03-06", "last Wednesday", DATE, "2019-02-27" },
    { "The talks resume this Friday in Geneva.", "2019-03-06", "this Friday", DATE, "2019-03-08" },
    { "The talks resume next Tuesday in Geneva.", "2019-03-06", "next Tuesday", DATE, "2019-03-12" },
    /* the point of an abbreviation does not end the clause: "bought" is
     * its verb */
    { "The fund bought shares from Aug. 3 to Thursday at low prices.", "2019-03-11", "Thursday", DATE, "2019-03-07" },
    /* "is to", "are set to" + verb: scheduled, so ahead */
    { "The trial is to resume Monday in a new courtroom.", "2019-03-07", "Monday", DATE, "2019-03-11" },
    { "Lawmakers are set to vote Monday on the budget.", "2019-03-07", "Monday", DATE, "2019-03-11" },
    /* bare months: the tense of the clause picks the year */
    { "In March, the ministry said the plan had failed.", "2019-07-03", "March", DATE, "2019-03" },
    { "In June, officials warned of delays.", "2019-07-03", "June", DATE, "2019-06" },
    { "The strike ended in December after talks.", "2019-07-03", "December", DATE, "2018-12" },
    { "The rules will change in January for all vendors.", "2019-07-03", "January", DATE, "2020-01" },
    { "The report is due in September, officials said.", "2019-07-03", "September", DATE, "2019-09" },
    { "The plant closed in December after the fire.", "2019-01-11", "December", DATE, "2018-12" },
    { "The plant will open in December, the firm said.", "2019-01-11", "December", DATE, "2019-12" },
    { "Sales fell in January across Europe.", "2019-03-06", "January", DATE, "2019-01" },
    { "Sales will recover in January, analysts expect.", "2019-03-06", "January", DATE, "2020-01" },
    { "The talks collapsed in November in Lima.", "2019-03-06", "November", DATE, "2018-11" },
    { "Elections will be held in October across the country.", "2019-03-06", "October", DATE, "2019-10" },
    { "The plant will reopen in February, the owner said.", "2019-03-06", "February", DATE, "2020-02" },
    { "The rules changed in March, the regulator said.", "2019-03-22", "March", DATE, "2019-03" },
    /* no tense: up to eight months back is this year's, as news tells
     * of the past more than of the future */
    { "A high of $40 in June against $28 in February.", "2019-10-15", "February", DATE, "2019-02" },
    { "A high of $40 in June against $28 in February.", "2019-10-15", "June", DATE, "2019-06" },
    { "A target of $40 by January against $28 now.", "2019-10-15", "January", DATE, "2020-01" },
    { "Prices have risen since March in most cities.", "2019-07-03", "March", DATE, "2019-03", CHR_MOD_AFTER },
    { "The plant closed last March after the fire.", "2019-03-06", "last March", DATE, "2018-03" },
    { "The plant closed last December after the fire.", "2019-03-06", "last December", DATE, "2018-12" },
    { "The plant reopens next March after repairs.", "2019-03-06", "next March", DATE, "2020-03" },
    { "The plant reopens next June after repairs.", "2019-03-06", "next June", DATE, "2019-06" },
    /* days of a month without a year */
    { "Trump met Xi at the summit on June 29.", "2019-07-03", "June 29", DATE, "2019-06-29" },
    { "The vote will take place on 2 January in Kiev.", "2019-12-10", "2 January", DATE, "2020-01-02" },
    { "She arrived in Vienna on 28 December.", "2019-01-05", "28 December", DATE, "2018-12-28" },
    { "Thank you for your letter of 15 January.", "2019-01-29", "15 January", DATE, "2019-01-15" },
    /* N units ago, in N units, from now */
    { "The centre was launched 8 years ago in the UK.", "2019-01-11", "8 years ago", DATE, "2011" },
    { "We entered the market 18 years ago.", "2019-01-29", "18 years ago", DATE, "2001" },
    { "The firm was founded three days ago.", "2019-03-06", "three days ago", DATE, "2019-03-03" },
    { "The firm was founded two days ago.", "2019-03-06", "two days ago", DATE, "2019-03-04" },
    { "The firm was founded ten days ago.", "2019-03-06", "ten days ago", DATE, "2019-02-24" },
    { "The talks broke down two weeks ago in Doha.", "2019-03-06", "two weeks ago", DATE, "2019-W08" },
    { "The talks broke down a week ago in Doha.", "2019-03-06", "a week ago", DATE, "2019-W09" },
    { "The talks broke down a month ago in Doha.", "2019-03-06", "a month ago", DATE, "2019-02" },
    { "The talks broke down five months ago in Doha.", "2019-03-06", "five months ago", DATE, "2018-10" },
    { "The talks broke down a year ago in Doha.", "2019-03-06", "a year ago", DATE, "2018" },
    { "The talks broke down two years ago in Doha.", "2019-03-06", "two years ago", DATE, "2017" },
    { "The talks broke down about two years ago in Doha.", "2019-03-06", "about two years ago", DATE, "2017", CHR_MOD_APPROX },
    { "The line will be finished in two years, officials said.", "2019-03-06", "two years", DATE, "2021" },
    { "The line will be finished in three months, officials said.", "2019-03-06", "three months", DATE, "2019-06" },
    { "The line will be finished in 10 days, officials said.", "2019-03-06", "10 days", DATE, "2019-03-16" },
    { "The line will be finished two years from now.", "2019-03-06", "two years from now", DATE, "2021" },
    { "The line will be finished a year from now.", "2019-03-06", "a year from now", DATE, "2020" },
    /* vague references */
    { "The facility is now more critical than ever.", "2019-03-06", "now", DATE, "PRESENT_REF" },
    { "The recently approved act covers 5G equipment.", "2019-03-22", "recently", DATE, "PAST_REF" },
    { "Networks will matter more in the future, he said.", "2019-03-06", "the future", DATE, "FUTURE_REF" },
    { "Rail freight was cheaper in the past, the report found.", "2019-03-06", "the past", DATE, "PAST_REF" },
    { "Rates will stay low in the short term, the bank said.", "2019-03-06", "the short term", DATE, "FUTURE_REF" },
    { "Farmers earn less than they did in the past.", "2019-03-06", "the past", DATE, "PAST_REF" },
    /* "today" closing a fronted phrase: the clause after the comma says
     * it is the day */
    { "In Geneva today, the delegates signed the accord.", "2019-03-06", "today", DATE, "2019-03-06" },
    /* "current" before a noun: as things are now; "then current": as they
     * were */
    { "The club blamed its current owners for the losses.", "2019-03-06", "current", DATE, "PRESENT_REF" },
    { "Bonds were sold at the then current market rate.", "2019-03-06", "current", DATE, "PAST_REF" },
    { "A strong current swept the boat out to sea.", "2019-03-06", "current", .absent = 1 },
    { "The swimmers fought the current.", "2019-03-06", "current", .absent = 1 },
    { "The country ran a deficit on its current account.", "2019-03-06", "current", .absent = 1 },
    /* "Now," opening a sentence turns an argument */
    { "Costs rose for years. Now, the board says, they will fall.", "2019-03-06", "Now", .absent = 1 },
    { "Costs rose for years. Now the board wants cuts.", "2019-03-06", "Now", DATE, "PRESENT_REF" },
    { "Prices rose over the past two winters.", "2019-03-06", "the past", .absent = 1 },
    /* "the week of <day>": the week that holds it */
    { "The auction moved to the week of March 18 after a delay.", "2019-03-06", "the week of March 18", DATE, "2019-W12" },
    /* "the year" of a report: the story's year; "the year ended <day>" a
     * year of accounts */
    { "The brewer expects higher profit for the full year.", "2019-10-15", "the full year", DATE, "2019" },
    { "Rain delayed planting earlier in the year.", "2019-10-15", "the year", DATE, "2019" },
    { "Revenue reached $80 million in the year ended June 30.", "2019-10-15", "the year", DUR, "P1Y" },
    { "Sales were flat, against a rise the year before.", "2019-10-15", "the year", .absent = 1 },
    /* "last Oct. 23": the day, "last" only a cue to its tense */
    { "The mill burned down last Oct. 23 in a storm.", "2019-04-02", "Oct. 23", DATE, "2018-10-23" },
    /* no DCT: relative expressions stay unresolved, never guessed */
    { "The centre opened yesterday in Brussels.", NULL, "yesterday", DATE, NULL },
    { "The plan was announced last year in Shenzhen.", NULL, "last year", DATE, NULL },
    { "The minister will travel to Rome on Tuesday.", NULL, "Tuesday", DATE, NULL },
    { "The talks broke down two weeks ago in Doha.", NULL, "two weeks ago", DATE, NULL },
    { "The plant closed in December after the fire.", NULL, "December", DATE, "XXXX-12" },
};

/* ---- 4. relative to the previous date of the narrative ----------------- */

static const row narrative_rows[] = {
    /* results compared with the same quarter a year before */
    { "Net income rose in the third quarter to $5 million from $4 million a year earlier.", "1989-11-02", "a year earlier", DATE, "1988-Q3" },
    { "Profit fell in the third quarter. Sales were flat in the year-ago quarter.", "1989-11-02", "the year-ago quarter", DATE, "1988-Q3" },
    { "Profit fell in the third quarter. The quarter was hurt by storms.", "1989-11-02", "The quarter", DATE, "1989-Q3" },
    { "The bank said the latest quarter brought losses.", "1989-11-02", "the latest quarter", DATE, "1989-Q3" },
    { "Profit fell in the second quarter; the 1988 period was stronger.", "1989-08-02", "the 1988 period", DATE, "1988-Q2" },
    { "Analysts expect this year's third quarter to be weak.", "1989-08-02", "this year's third quarter", DATE, "1989-Q3" },
    { "The bill passed in 2018. The situation grew worse that December.", "2019-07-03", "that December", DATE, "2018-12" },
    { "The bill passed in 2016. That December, the first fines were issued.", NULL, "That December", DATE, "2016-12" },
    { "Canada arrested her in December 2018. A month later, charges were filed.", "2019-07-03", "A month later", DATE, "2019-01" },
    { "The party split in May 2018; a month later, it dissolved.", "2019-07-03", "a month later", DATE, "2018-06" },
    { "The rule was proposed on 15 January 2019; a month later, it was adopted.", "2019-07-03", "a month later", DATE, "2019-02" },
    { "Charges were filed in January 2019. Then in May, the department acted.", "2019-07-03", "May", DATE, "2019-05" },
    { "Talks began in August 2018. Then in May, a deal was signed.", NULL, "May", DATE, "2019-05" },
    { "The merger closed in April 2016. Later in May, the chief executive quit.", "2019-03-06", "May", DATE, "2016-05" },
    { "The list was published in May 2019. That same month, an order followed.", "2019-07-03", "That same month", DATE, "2019-05" },
    { "The court ruled on 3 May 2019. That same day, shares fell.", "2019-07-03", "That same day", DATE, "2019-05-03" },
    { "Talks opened on 5 March 2019. That day, the euro fell.", "2019-07-03", "That day", DATE, "2019-03-05" },
    { "Exports fell in October 2018. That month, two plants closed.", "2019-07-03", "That month", DATE, "2018-10" },
    { "The firm was founded in 2010. That year, it hired ten people.", "2019-07-03", "That year", DATE, "2010" },
    { "Protests started in June 2019. That summer, the police cracked down.", "2019-12-01", "That summer", DATE, "2019-SU" },
    { "Talks opened on 6 March 2019 and collapsed that week.", "2019-07-03", "that week", DATE, "2019-W10" },
    { "The summit opened on June 28, 2019. The next day, leaders met.", "2019-07-03", "The next day", DATE, "2019-06-29" },
    { "Fighting began on 2 May 2019 and ended the next day.", "2019-07-03", "the next day", DATE, "2019-05-03" },
    { "The year closed on 31 December 2018. The next day, the new law applied.", "2019-07-03", "The next day", DATE, "2019-01-01" },
    { "On 3 May 2019 the court ruled. The previous day, lawyers had filed papers.", "2019-07-03", "The previous day", DATE, "2019-05-02" },
    { "The vote was on March 12, 2019. The day before, protests erupted.", "2019-07-03", "The day before", DATE, "2019-03-11" },
    { "The vote was on March 12, 2019. The day after, the minister resigned.", "2019-07-03", "The day after", DATE, "2019-03-13" },
    { "The deal was signed on June 29, 2019. Two days earlier, talks had stalled.", "2019-07-03", "Two days earlier", DATE, "2019-06-27" },
    { "The treaty was signed on 10 April 2019; two days earlier, envoys met.", "2019-07-03", "two days earlier", DATE, "2019-04-08" },
    { "The storm hit on 28 February 2019. Three days later, power returned.", "2019-07-03", "Three days later", DATE, "2019-03-03" },
    { "Talks began on 25 December 2018; ten days later, a deal emerged.", "2019-07-03", "ten days later", DATE, "2019-01-04" },
    { "The ship left on 1 March 2019; two weeks later, it docked.", "2019-07-03", "two weeks later", DATE, "2019-W11" },
    { "The explosion happened on March 3, 2019. Hours later, police arrived.", "2019-07-03", "Hours later", DATE, "2019-03-03" },
    { "The quake struck on 6 February 2023; hours later, rescuers arrived.", "2023-03-01", "hours later", DATE, "2023-02-06" },
    { "The strike began on 4 March 2019. The following week, talks resumed.", "2019-07-03", "The following week", DATE, "2019-W11" },
    { "The talks opened on 6 March 2019 and resumed the following week.", "2019-07-03", "the following week", DATE, "2019-W11" },
    { "The plant opened in March 2015. The next month, it hired 200 workers.", "2019-07-03", "The next month", DATE, "2015-04" },
    { "The plant opened in 2015. The following year, it expanded.", "2019-07-03", "The following year", DATE, "2016" },
    { "The firm was founded in 2010. Two years later, it listed in London.", "2019-07-03", "Two years later", DATE, "2012" },
    { "The product launched in June 2017. Six months later, sales doubled.", "2019-07-03", "Six months later", DATE, "2017-12" },
    { "The product launched in June 2017. A year later, sales doubled.", "2019-07-03", "A year later", DATE, "2018" },
    { "In 2015 the company moved to Bonn. A year later, it opened a lab.", "2019-07-03", "A year later", DATE, "2016" },
    /* a chain: each step moves the narrative on */
    { "The bill passed in 2018. That December, Canada acted. A month later, charges followed.", "2019-07-03", "A month later", DATE, "2019-01" },
    { "The bill passed in 2018. That December, Canada acted. A month later, charges followed. Then in May, the list came.", "2019-07-03", "May", DATE, "2019-05" },
};

/* ---- 5. times of day --------------------------------------------------- */

static const row time_rows[] = {
    { "UPDATED at 2:46 P.M. ET on 2019-07-04", NULL, "2:46 P.M. ET on 2019-07-04", TIME, "2019-07-04T14:46" },
    { "The blast occurred at 2:46 P.M. ET near the port.", "2019-07-03", "2:46 P.M. ET", TIME, "2019-07-03T14:46" },
    { "The quake struck at 2:46 p.m. local time.", "2019-03-06", "2:46 p.m.", TIME, "2019-03-06T14:46" },
    /* the time in another zone in brackets between the time and its day */
    { "The quake struck at 2:46 p.m. (1346 GMT) Monday near the coast.", "2019-03-06", "2:46 p.m. (1346 GMT) Monday", TIME, "2019-03-04T14:46" },
    { "(Score: 2) by Anonymous Coward on Monday March 25 2019, @10:53AM (16 children)", NULL, "Monday March 25 2019, @10:53AM", TIME, "2019-03-25T10:53" },
    { "(Score: 2) by c0lo on Monday March 25 2019, @09:53PM (4 children)", NULL, "Monday March 25 2019, @09:53PM", TIME, "2019-03-25T21:53" },
    { "(Score: 2) by PartTimeZombie on Tuesday March 26 2019, @12:01AM (1 child)", NULL, "Tuesday March 26 2019, @12:01AM", TIME, "2019-03-26T00:01" },
    { "Comment posted @10:53AM by a reader.", "2019-03-25", "@10:53AM", TIME, "2019-03-25T10:53" },
    { "The train leaves at 16:05 from platform two.", "2019-03-06", "16:05", TIME, "2019-03-06T16:05" },
    { "The alarm rang at 16:05:00 in the lab.", "2019-03-06", "16:05:00", TIME, "2019-03-06T16:05" },
    { "The board meets at 10am in room B.", "2019-03-06", "10am", TIME, "2019-03-06T10:00" },
    { "The board meets at 10 a.m. in room B.", "2019-03-06", "10 a.m.", TIME, "2019-03-06T10:00" },
    { "The board meets at 7 PM in room B.", "2019-03-06", "7 PM", TIME, "2019-03-06T19:00" },
    { "Lunch is served at 12 p.m. every day.", "2019-03-06", "12 p.m.", TIME, "2019-03-06T12:00" },
    { "The shift starts at 12 a.m. sharp.", "2019-03-06", "12 a.m.", TIME, "2019-03-06T00:00" },
    { "The polls close at 11:59 pm local time.", "2019-03-06", "11:59 pm", TIME, "2019-03-06T23:59" },
    { "Markets open at 9:30 a.m. EST in New York.", "2019-03-06", "9:30 a.m. EST", TIME, "2019-03-06T09:30" },
    { "The statement was read at noon in the square.", "2019-03-06", "noon", TIME, "2019-03-06T12:00" },
    { "The flight lands at 14:30 GMT in Accra.", "2019-03-06", "14:30 GMT", TIME, "2019-03-06T14:30" },
    { "The vote opens at 10:30 on March 7, 2019 in Bern.", NULL, "10:30 on March 7, 2019", TIME, "2019-03-07T10:30" },
    { "At 09:15 on 2019-07-04, the line went down.", NULL, "09:15 on 2019-07-04", TIME, "2019-07-04T09:15" },
    { "Tomorrow at 9:00 the polls open.", "2019-03-06", "Tomorrow at 9:00", TIME, "2019-03-07T09:00" },
    { "The suspect was seen yesterday at 10am near the bank.", "2019-03-06", "yesterday at 10am", TIME, "2019-03-05T10:00" },
    { "The hearing starts Friday at 2:30 p.m. in court.", "2019-03-06", "Friday at 2:30 p.m.", TIME, "2019-03-08T14:30" },
    { "The talks resume next Monday at 10am in Geneva.", "2019-03-06", "next Monday at 10am", TIME, "2019-03-11T10:00" },
    { "The train leaves at 16:05 from platform two.", NULL, "16:05", TIME, NULL },
    /* clock-like numbers that are not times */
    NO_TIMEX("As Joshua 1:9 says, be strong."),
    NO_TIMEX("He quoted John 3:16 in his speech."),
    NO_TIMEX("The screen has a 16:9 aspect ratio."),
    NO_TIMEX("The clock showed 25:00 on the display."),
    NO_TIMEX("The counter read 10:75 on the display."),
    NO_TIMEX("They won 3:2 against the visitors."),
};

/* ---- 6. durations, sets, and "since" ----------------------------------- */

static const row duration_rows[] = {
    /* "a couple of years" is two; decades and centuries count in years */
    { "The plant will take a couple of years to build.", "2019-01-29", "a couple of years", DUR, "P2Y" },
    { "The talks went on for twenty four hours.", "2019-01-29", "twenty four hours", DUR, "PT24H" },
    { "Huawei led the survey for three consecutive years.", "2019-01-29", "three consecutive years", DUR, "P3Y" },
    { "We invested two billion pounds over the past five years.", "2019-01-29", "past five years", DUR, "P5Y" },
    { "Over the past 30 years, the firm served 1,500 operators.", "2019-01-29", "past 30 years", DUR, "P30Y" },
    { "The market has doubled over the past decade.", "2019-03-06", "past decade", DUR, "P10Y" },
    { "Prices rose sharply over the past year.", "2019-03-06", "past year", DUR, "P1Y" },
    { "Prices rose over the last three years.", "2019-03-06", "last three years", DUR, "P3Y" },
    { "Prices rose in the last few years.", "2019-03-06", "last few years", DUR, "PXY" },
    { "The company will invest over the next five years.", "2019-03-06", "next five years", DUR, "P5Y" },
    { "The strike lasted for two weeks.", "2019-03-06", "two weeks", DUR, "P2W" },
    { "The strike lasted for 18 months.", "2019-03-06", "18 months", DUR, "P18M" },
    { "The strike lasted for 10 days.", "2019-03-06", "10 days", DUR, "P10D" },
    { "The strike lasted for 12 months.", "2019-03-06", "12 months", DUR, "P12M" },
    { "The meeting lasted for six hours.", "2019-03-06", "six hours", DUR, "PT6H" },
    { "The meeting lasted for 45 minutes.", "2019-03-06", "45 minutes", DUR, "PT45M" },
    /* "more", "additional": as many again; hundreds and thousands */
    { "The lease runs for three more years.", "2019-03-06", "three more years", DUR, "P3Y" },
    { "The permit was extended for an additional month.", "2019-03-06", "an additional month", DUR, "P1M" },
    { "The abbey has stood for a hundred years.", "2019-03-06", "a hundred years", DUR, "P100Y" },
    /* "within days", "within weeks or months": spans of unknown length */
    { "The inquiry should report within weeks, the minister said.", "2019-03-06", "weeks", DUR, "PXW" },
    { "Repairs may take place within days or weeks.", "2019-03-06", "days or weeks", DUR, "PXD" },
    /* "-long" and vague hyphenated spans */
    { "The union held a day-long strike.", "2019-03-06", "day-long", DUR, "P1D" },
    { "The clans ended a decades-long feud.", "2019-03-06", "decades-long", DUR, "PXDE" },
    { "She returned after a several-year absence.", "2019-03-06", "several-year", DUR, "PXY" },
    /* halves in finer units */
    { "The refugees stayed in the camps for 2 1/2 years.", "2019-03-06", "2 1/2 years", DUR, "P2Y6M" },
    { "The crossing took three and a half hours.", "2019-03-06", "three and a half hours", DUR, "PT3H30M" },
    { "The alarm rang for a minute and a half.", "2019-03-06", "a minute and a half", DUR, "PT1M30S" },
    { "The audit ran for a year and a half.", "2019-03-06", "a year and a half", DUR, "P1Y6M" },
    { "The fair ran for two and a half days.", "2019-03-06", "two and a half days", DUR, "P2DT12H" },
    { "The feud lasted for two decades.", "2019-03-06", "two decades", DUR, "P20Y" },
    { "The feud lasted for twenty-five years.", "2019-03-06", "twenty-five years", DUR, "P25Y" },
    { "The house stood empty for a century.", "2019-03-06", "a century", DUR, "P100Y" },
    { "The lab was closed for a fortnight.", "2019-03-06", "a fortnight", DUR, "P2W" },
    { "The delay lasted several months.", "2019-03-06", "several months", DUR, "PXM" },
    { "The delay lasted a few weeks.", "2019-03-06", "a few weeks", DUR, "PXW" },
    { "We have worked here for nearly two decades.", "2019-01-29", "nearly two decades", DUR, "P20Y", CHR_MOD_BEFORE },
    { "The meeting lasted about three hours.", "2019-03-06", "about three hours", DUR, "PT3H", CHR_MOD_APPROX },
    { "We honour our five-year commitment.", "2019-01-29", "five-year", DUR, "P5Y" },
    { "The project faces an 18-month delay.", "2019-03-06", "18-month", DUR, "P18M" },
    { "The new cabinet has a 100-day plan.", "2019-03-06", "100-day", DUR, "P100D" },
    { "The regulator granted a three-month extension.", "2019-03-06", "three-month", DUR, "P3M" },
    /* sets */
    { "The committee meets every Monday in room 4.", "2019-03-06", "every Monday", SET, "XXXX-WXX-1" },
    { "The market is held every Friday in the square.", "2019-03-06", "every Friday", SET, "XXXX-WXX-5" },
    { "Prices are reviewed every week by the board.", "2019-03-06", "every week", SET, "P1W" },
    { "The ferry sails every day at dawn.", "2019-03-06", "every day", SET, "P1D" },
    { "Rents are reviewed every month by the agency.", "2019-03-06", "every month", SET, "P1M" },
    { "The survey is repeated each year by the institute.", "2019-03-06", "each year", SET, "P1Y" },
    { "Elections are held every two years in the union.", "2019-03-06", "every two years", SET, "P2Y" },
    { "The festival is held every March in Bonn.", "2019-03-06", "every March", SET, "XXXX-03" },
    { "The report is published annually by the ministry.", "2019-03-06", "annually", SET, "P1Y" },
    { "The board meets once a week in private.", "2019-03-06", "once a week", SET, "P1W" },
    { "The board meets twice a year in private.", "2019-03-06", "twice a year", SET, "P1Y" },
    { "The nurse visits three times a week.", "2019-03-06", "three times a week", SET, "P1W" },
    { "The ferry runs daily between the islands.", "2019-03-06", "daily", SET, "P1D" },
    { "The fair returns every summer to the park.", "2019-03-06", "every summer", SET, "XXXX-SU" },
    /* since: a DATE from which a state holds (mod AFTER) */
    { "Since 2011, Mr. Suffolk has been our privacy officer.", "2019-01-29", "2011", DATE, "2011", CHR_MOD_AFTER },
    { "He has led the unit since 2011.", "2019-03-06", "2011", DATE, "2011", CHR_MOD_AFTER },
    { "Since March 2018, the rules have been tighter.", "2019-03-06", "March 2018", DATE, "2018-03", CHR_MOD_AFTER },
    { "The border has been closed since June 29, 2019.", "2019-07-03", "June 29, 2019", DATE, "2019-06-29", CHR_MOD_AFTER },
    { "Such phones have been sold since the 1990s.", "2019-03-06", "the 1990s", DATE, "199", CHR_MOD_AFTER },
};

/* ---- 7. not dates ------------------------------------------------------ */

static const row negative_rows[] = {
    /* a unit with a capital after a word is part of a title */
    NOT_TAGGED("The minister spoke on the channel's \"Sunday Week\" program.", "Week"),
    NOT_TAGGED("He told the network's 48 Hours program he had no regrets.", "48 Hours"),
    NOT_TAGGED("The poster showed a still from the western High Noon.", "Noon"),
    NOT_TAGGED("The minister appeared on \"This Week\" to defend the plan.", "This Week"),
    /* "the future of X" is its fate */
    NOT_TAGGED("Delegates argued about the future of the alliance.", "the future"),
    /* ages, rates and fractions are no spans of time */
    NOT_TAGGED("Mr. Reupke, 52 years old, will retire.", "52 years"),
    NOT_TAGGED("The firm will save $500 million a year in costs.", "a year"),
    NOT_TAGGED("There are four flights a week between the cities.", "a week"),
    NOT_TAGGED("Iraq imports about three-quarters of its food.", "three-quarters"),
    NOT_TAGGED("The funds hold more than a quarter of the market.", "a quarter"),
    /* technology names and model numbers */
    NO_TIMEX("Huawei sells 5G kit in Europe."),
    NO_TIMEX("Operators still run 4G and 3G networks."),
    NO_TIMEX("The spec follows 3GPP Release 15 closely."),
    NO_TIMEX("Model RU-2019/03 was recalled by the maker."),
    NO_TIMEX("The code 2019/03 was assigned to the batch."),
    NO_TIMEX("Apple sold the iPhone 11 in large numbers."),
    NO_TIMEX("Windows 2000 is no longer supported."),
    NO_TIMEX("Office 2019 licences are sold per seat."),
    NO_TIMEX("The F35 jet has a software fault."),
    NO_TIMEX("Nobody wants WW3 to start."),
    NO_TIMEX("Invoice 2019-0042 is overdue."),
    /* version, section and address numbers */
    NOT_TAGGED("Install version 10.2.3 before Friday.", "10.2.3"),
    NO_TIMEX("Firmware 1.9.10.2019 fixes the bug."),
    NO_TIMEX("The build 2019.07.03.1 was withdrawn."),
    NO_TIMEX("Version 2019.5 adds a new menu."),
    NO_TIMEX("Section 2.3.1 explains the procedure."),
    NO_TIMEX("The router answers on 192.168.10.20 only."),
    NO_TIMEX("The ISBN is 978-3-16-148410-0 in the catalogue."),
    /* phone numbers and postcodes */
    NO_TIMEX("Call +32 2 299 11 11 for details."),
    NO_TIMEX("Call 555-123-4567 for details."),
    NO_TIMEX("Call (202) 555-0198 for details."),
    NO_TIMEX("Call 020 7946 2019 for the press office."),
    NO_TIMEX("Write to House of Commons, London SW1A 0AA."),
    /* ratios, fractions, scores, ranges of small numbers */
    NO_TIMEX("Support is available 24/7 for customers."),
    NO_TIMEX("The motion won 4/5 of the votes."),
    NO_TIMEX("The ratio is 3/4 in most samples."),
    NO_TIMEX("The final score was 12-10 after extra time."),
    NO_TIMEX("Read pages 12-14 of the report."),
    NO_TIMEX("The camp is for children aged 5-12."),
    NOT_TAGGED("They won 2-1 in the final in 2018.", "2-1"),
    /* quantities */
    NO_TIMEX("Huawei serves 1,500 operators worldwide."),
    NO_TIMEX("The survey reached 123,000 respondents."),
    NO_TIMEX("The town has a population of 2,019."),
    NO_TIMEX("About 2000 people attended the rally."),
    NO_TIMEX("Nearly 2000 employees lost their jobs."),
    NO_TIMEX("The road is 2019 km long."),
    NO_TIMEX("Her score was 1999 points in the final."),
    NO_TIMEX("He bought 2019 shares in the company."),
    NO_TIMEX("He won by 2019 votes in the runoff."),
    NO_TIMEX("A Fortune 500 company bought the plant."),
    NO_TIMEX("Temperatures fell to -20 degrees."),
    /* money */
    NO_TIMEX("The company paid $2019 in fees."),
    NO_TIMEX("The fine was \xc2\xa3" "2019 in total."),
    NO_TIMEX("The fine was \xe2\x82\xac" "2019 in total."),
    NO_TIMEX("The fine was EUR 2019 in total."),
    NO_TIMEX("It will invest US$2 billion in research."),
    NO_TIMEX("Revenue topped U.S. $100 billion."),
    NO_TIMEX("The fine came to 2019 dollars."),
    /* percentages */
    NO_TIMEX("Prices rose 2019% in the simulation."),
    NO_TIMEX("China controls 70 percent of the supply."),
    NO_TIMEX("The tax is 2019 per cent of nothing."),
    /* URLs */
    NO_TIMEX("Visit https://example.com/2019/03/28/report for details."),
    NO_TIMEX("See https://example.org/news/2019-07-03.html for details."),
    NO_TIMEX("See https://example.org/archive?year=2019 for details."),
    NO_TIMEX("See https://www.example.com/white-paper-2016 for details."),
    /* standards, laws and numbered things */
    NO_TIMEX("The lab is certified to ISO 27001."),
    NO_TIMEX("The lab is certified to ISO/IEC 27001:2013."),
    NO_TIMEX("RFC 2616 defines HTTP/1.1."),
    NO_TIMEX("Under Article 7 of the law, firms must assist."),
    NO_TIMEX("Article 3 of the Criminal Law is clear."),
    NO_TIMEX("The contentious art 7 of the law applies only in China."),
    NO_TIMEX("See page 1998 of the report."),
    NO_TIMEX("Room 2019 is on the second floor."),
    NO_TIMEX("Title 24 of the code sets the rules."),
    NO_TIMEX("Take Highway 101 north."),
    /* month, weekday and season words used otherwise */
    NO_TIMEX("May I ask a question?"),
    NO_TIMEX("May we begin the hearing?"),
    NO_TIMEX("He said he may resign."),
    NO_TIMEX("Protesters march on the capital."),
    NOT_TAGGED("The workers will march on Friday.", "march"),
    NO_TIMEX("March on, soldiers!"),
    NO_TIMEX("The March on Washington drew huge crowds."),
    NO_TIMEX("Jan Kowalski spoke for the union."),
    NO_TIMEX("The reporter April Ryan asked a question."),
    NO_TIMEX("Ask June about the accounts."),
    NO_TIMEX("Sat on the bench, he waited."),
    NO_TIMEX("Sun Microsystems was acquired by Oracle."),
    NO_TIMEX("The Sunday Times reported on the deal."),
    NO_TIMEX("They met at the summer house by the lake."),
    NO_TIMEX("Exports collapsed after the fall of the regime."),
    NO_TIMEX("The spring water is bottled locally."),
    NO_TIMEX("Will the firm fall behind its rivals?"),
    NO_TIMEX("The late minister was buried in Tallinn."),
    NO_TIMEX("Early adopters paid a premium."),
    NO_TIMEX("The mid-size car sold well."),
    /* ordinals and deictic words that are not times */
    NO_TIMEX("Second, we believe the facts speak for themselves."),
    NO_TIMEX("She asked for a second opinion."),
    NO_TIMEX("He asked what could be the next step."),
    NO_TIMEX("The previous owner sold the house."),
    NO_TIMEX("The next generation of networks is coming."),
    NO_TIMEX("Last but not least, thank the staff."),
    NOT_TAGGED("Networks will provide the future backbone of our societies.", "the future"),
    /* question labels, scores, and numbered lists */
    NO_TIMEX("Q3: How do you intend to respond?"),
    NO_TIMEX("(Score: 2, Interesting) by a reader"),
    NO_TIMEX("Its goals are to (1) enable collaboration and (2) manage risk."),
};

/* ---- the row checker --------------------------------------------------- */

static int64_t parse_dct(const char *s)
{
    if (s == NULL)
        return CHR_NO_DAY;
    int64_t d = chr_day_parse(s, strlen(s));
    cr_assert_neq(d, CHR_NO_DAY, "bad DCT in a test row: %s", s);
    return d;
}

/* Appends "[s,e) 'text' TYPE value MOD" for every timex overlapping
 * [a, b) (every timex when a == b) to buf. */
static void describe(const char *text, const chr_timex_list *l, uint32_t a, uint32_t b,
                     char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < l->count && n + 1 < cap; k++) {
        const chr_timex *t = &l->items[k];
        if (a != b && (t->end <= a || t->start >= b))
            continue;
        int w = snprintf(buf + n, cap - n, "%s[%u,%u) '%.*s' %s %s%s%s", n ? "; " : "",
                         (unsigned)t->start, (unsigned)t->end,
                         (int)(t->end - t->start > 60 ? 60 : t->end - t->start),
                         text + t->start, chr_timex_type_name(t->type), t->value,
                         t->mod ? " " : "", chr_timex_mod_name(t->mod));
        if (w < 0)
            break;
        n += (size_t)w;
        if (n >= cap)
            n = cap - 1;
    }
    if (n == 0)
        snprintf(buf, cap, "nothing");
}

/* Offsets inside the text, in text order, values terminated. */
static int list_sane(const chr_timex_list *l, size_t len, char *why, size_t cap)
{
    uint32_t prev = 0;
    for (size_t k = 0; k < l->count; k++) {
        const chr_timex *t = &l->items[k];
        if (!(t->start < t->end && t->end <= len)) {
            snprintf(why, cap, "timex %zu has span [%u,%u) outside a %zu-byte text", k,
                     (unsigned)t->start, (unsigned)t->end, len);
            return 0;
        }
        if (t->start < prev) {
            snprintf(why, cap, "timex %zu starts at %u, before the previous one (%u)", k,
                     (unsigned)t->start, (unsigned)prev);
            return 0;
        }
        if (memchr(t->value, '\0', sizeof t->value) == NULL) {
            snprintf(why, cap, "timex %zu has an unterminated value", k);
            return 0;
        }
        if ((unsigned)t->type > CHR_TX_SET || (unsigned)t->mod > CHR_MOD_AFTER) {
            snprintf(why, cap, "timex %zu has type %d, mod %d", k, (int)t->type, (int)t->mod);
            return 0;
        }
        prev = t->start;
    }
    return 1;
}

/* Tag text (copied to an unterminated buffer of exactly its length, so
 * that a read past the end is caught by ASan). */
static void tag_text(const char *text, size_t len, int64_t dct, chr_date_order order,
                     chr_timex_list *out)
{
    char *buf = malloc(len ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len);
    chr_tag_opts o = {dct, order};
    chr_error err;
    memset(&err, 0, sizeof err);
    memset(out, 0, sizeof *out);
    int rc = chr_tag(buf, len, &o, out, &err);
    free(buf);
    cr_assert_eq(rc, 0, "chr_tag failed: %s", err.msg);
}

/* What the row expects, in words. */
static void expectation(const row *r, char *buf, size_t cap)
{
    if (r->absent && r->expr == NULL)
        snprintf(buf, cap, "no timex at all");
    else if (r->absent)
        snprintf(buf, cap, "no timex over '%s'", r->expr);
    else
        snprintf(buf, cap, "'%s' %s %s%s%s%s%s", r->expr, chr_timex_type_name(r->type),
                 r->value ? r->value : "(unresolved)", r->mod ? " " : "",
                 chr_timex_mod_name(r->mod), r->flags & CHR_TXF_RANGE_START ? " range-start" : "",
                 r->flags & CHR_TXF_RANGE_END ? " range-end" : "");
}

/* Checks one row against the timexes of its text; returns 1 when it
 * fails, after reporting why. */
static int check_found(const char *family, size_t i, const row *r, const char *shown,
                       const char *text, size_t len, const chr_timex_list *l, uint32_t a,
                       uint32_t b)
{
    char found[1024], want[256], why[160] = "";
    int ok = list_sane(l, len, why, sizeof why);
    if (ok && r->absent) {
        for (size_t k = 0; k < l->count && ok; k++)
            if (r->expr == NULL || (l->items[k].start < b && l->items[k].end > a))
                ok = 0;
    } else if (ok) {
        const chr_timex *hit = NULL;
        for (size_t k = 0; k < l->count; k++)
            if (l->items[k].start == a && l->items[k].end == b)
                hit = &l->items[k];
        if (hit == NULL)
            ok = 0;
        else if (hit->type != r->type || hit->mod != r->mod ||
                 (hit->flags & r->flags) != r->flags)
            ok = 0;
        else if (r->value != NULL)
            ok = strcmp(hit->value, r->value) == 0;
        else
            ok = hit->anchor == CHR_ANCHOR_NONE && hit->date.prec == CHR_PREC_NONE;
    }
    if (ok)
        return 0;
    describe(text, l, r->absent && r->expr == NULL ? 0 : a, r->absent && r->expr == NULL ? 0 : b,
             found, sizeof found);
    expectation(r, want, sizeof want);
    cr_expect(0, "%s row %zu: \"%s\" (DCT %s%s): expected %s; found %s%s%s", family, i,
              shown, r->dct ? r->dct : "none",
              r->order == CHR_ORDER_MDY ? ", MDY" : r->order == CHR_ORDER_DMY ? ", DMY" : "",
              want, found, why[0] ? "; " : "", why);
    return 1;
}

static int check_row(const char *family, size_t i, const row *r)
{
    size_t len = strlen(r->text);
    uint32_t a = 0, b = 0;
    if (r->expr != NULL) {
        const char *at = strstr(r->text, r->expr);
        cr_assert_not_null(at, "%s row %zu: '%s' is not in its text", family, i, r->expr);
        a = (uint32_t)(at - r->text);
        b = a + (uint32_t)strlen(r->expr);
    }
    chr_timex_list l;
    tag_text(r->text, len, parse_dct(r->dct), r->order, &l);
    int bad = check_found(family, i, r, r->text, r->text, len, &l, a, b);
    chr_timex_list_free(&l);
    return bad;
}

static void check_rows(const char *family, const row *rows, size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += (size_t)check_row(family, i, &rows[i]);
    cr_expect_eq(bad, 0, "%s: %zu of %zu rows failed", family, bad, n);
}

Test(tag, absolute_dates) { check_rows("absolute", absolute_rows, NROWS(absolute_rows)); }
Test(tag, day_month_order) { check_rows("order", order_rows, NROWS(order_rows)); }
Test(tag, relative_to_dct) { check_rows("dct", dct_rows, NROWS(dct_rows)); }
Test(tag, relative_to_previous) { check_rows("narrative", narrative_rows, NROWS(narrative_rows)); }
Test(tag, times_of_day) { check_rows("time", time_rows, NROWS(time_rows)); }
Test(tag, durations_sets_since) { check_rows("duration", duration_rows, NROWS(duration_rows)); }
Test(tag, not_dates) { check_rows("negative", negative_rows, NROWS(negative_rows)); }

/* ---- the seed corpus --------------------------------------------------- */

typedef struct corpus_doc {
    const char *id;
    const char *file;        /* under fixtures/corpus/ */
    const char *dct;
} corpus_doc;

static const corpus_doc corpus_docs[] = {
    {"000", "000_b7a122fea373ab79.txt", "2019-01-11"},  /* EU minutes, "Date 11/01/2019" */
    {"001", "001_2543bc9b8d1cc153.txt", "2019-03-06"},  /* dateline "March 6, 2019" */
    {"002", "002_b1a9d9ea25e99da5.txt", "2019-01-29"},  /* letter of 29 January 2019 */
    {"003", "003_3d03ae3b476ba545.txt", "2019-07-03"},  /* dateline "2019.07.03" */
    {"004", "004_7f3f804f7b81d121.txt", "2019-03-22"},  /* "said on Friday", comments of 25 March */
};

/* Run from the repository root, as `make test` does. */
#define CORPUS_DIR "fixtures/corpus/"

typedef struct corpus_row {
    const char *doc;
    const char *where;       /* the phrase around the expression, for the reader */
    const char *expr;
    uint32_t offset;         /* byte offset of expr in the file */
    chr_timex_type type;
    const char *value;
    chr_timex_mod mod;
    unsigned flags;
    int absent;              /* must not be tagged */
} corpus_row;

/* The related-story summaries appended to 004 carry their own, unstated
 * publication dates: only their absolute years are listed here. */
static const corpus_row corpus_rows[] = {
    { "000", "Date\t11/01/2019", "11/01/2019", 122, DATE, "2019-01-11" },
    { "000", "launched 8 years ago", "8 years ago", 2986, DATE, "2011" },
    { "000", "to the 5th of March opening", "the 5th of March", 4087, DATE, "2019-03-05" },
    { "000", "even on 5G to separate", "5G", 2697, .absent = 1 },
    { "000", "contentious art 7 of", "art 7", 1871, .absent = 1 },
    { "000", "ANSIP - Minutes of Meeting\n\nMEETING", "Minutes", 34, .absent = 1 },
    { "000", "what could be the next step", "the next step", 3897, .absent = 1 },
    { "000", "its previous position as PM", "previous position", 1362, .absent = 1 },
    { "001", "\nMarch 6, 2019\n", "March 6, 2019", 84, DATE, "2019-03-06" },
    { "001", "in Brussels yesterday as the Chinese", "yesterday", 175, DATE, "2019-03-05" },
    { "001", "European transparency center last year", "last year", 412, DATE, "2018" },
    { "001", "for the center yesterday the company", "yesterday", 480, DATE, "2019-03-05" },
    { "001", "from the past few months", "past few months", 568, DUR, "PXM" },
    { "001", "this facility is now more critical", "now", 620, DATE, "PRESENT_REF" },
    { "001", "Mobile World Congress last week", "last week", 1867, DATE, "2019-W09" },
    { "001", "speaking at MWC last week the EC", "last week", 2341, DATE, "2019-W09" },
    { "001", "met in person yesterday", "yesterday", 2896, DATE, "2019-03-05" },
    { "001", "will hold today an orientation", "today", 3575, DATE, "2019-03-06" },
    { "001", "his speech yesterday, lauding", "yesterday", 4813, DATE, "2019-03-05" },
    { "001", "5G kit maker", "5G", 99, .absent = 1 },
    { "001", "areas including 5G, IoT", "5G", 754, .absent = 1 },
    { "001", "guardrails for next-gen network", "next-gen", 4465, .absent = 1 },
    { "002", "\n29 January 2019\n", "29 January 2019", 123, DATE, "2019-01-29" },
    { "002", "your letter on 15 January, and", "15 January", 241, DATE, "2019-01-15" },
    { "002", "the UK market 18 years ago", "18 years ago", 657, DATE, "2001" },
    { "002", "for nearly two decades we", "nearly two decades", 679, DUR, "P20Y", .mod = CHR_MOD_BEFORE },
    { "002", "over the past five years, including", "past five years", 1070, DUR, "P5Y" },
    { "002", "Over the past 30 years", "past 30 years", 1822, DUR, "P30Y" },
    { "002", "Since 2011, Mr. John", "2011", 2761, DATE, "2011", .mod = CHR_MOD_AFTER },
    { "002", "(HCSEC) in 2010.", "2010", 4737, DATE, "2010" },
    { "002", "In 2014, we set up", "2014", 4746, DATE, "2014" },
    { "002", "(GAO) in 2012 describes", "2012", 7887, DATE, "2012" },
    { "002", "over the next five years to comprehensively", "next five years", 10558, DUR, "P5Y" },
    { "002", "both now and in the future", "now", 10745, DATE, "PRESENT_REF" },
    { "002", "both now and in the future", "the future", 10756, DATE, "FUTURE_REF" },
    { "002", "our five-year commitment (2018", "five-year", 15804, DUR, "P5Y" },
    { "002", "(2018 to 2023)", "2018", 15826, DATE, "2018", .flags = CHR_TXF_RANGE_START },
    { "002", "(2018 to 2023)", "2023", 15834, DATE, "2023", .flags = CHR_TXF_RANGE_END },
    { "002", "CFI 2016-2018 customer", "2016", 17001, DATE, "2016", .flags = CHR_TXF_RANGE_START },
    { "002", "CFI 2016-2018 customer", "2018", 17006, DATE, "2018", .flags = CHR_TXF_RANGE_END },
    { "002", "for three consecutive years.", "three consecutive years", 17203, DUR, "P3Y" },
    { "002", "For the recent 3 years, Huawei scored on average 15 ", "3 years", 17327, DUR, "P3Y" },
    { "002", "For the recent 3 years, Huawei scored on average 14.9", "3 years", 17573, DUR, "P3Y" },
    { "002", "taking 2018 as an example", "2018", 17776, DATE, "2018" },
    { "002", "in marketing science today", "today", 18205, DATE, "PRESENT_REF" },
    { "002", "Satisfaction Index) in 1998", "1998", 18282, DATE, "1998" },
    { "002", "the ACSI by 12 months", "12 months", 18416, DUR, "P12M" },
    { "002", "nearly 1,500 telecom operators", "1,500", 1898, .absent = 1 },
    { "002", "more than 7,500 direct", "7,500", 1168, .absent = 1 },
    { "002", "more than 170 countries", "170", 1935, .absent = 1 },
    { "002", "invest US\\$2 billion over", "US\\$2 billion", 10535, .absent = 1 },
    { "002", "cyber-security-white-paper-2016>", "2016", 4335, .absent = 1 },
    { "002", "3. Article 3 of", "Article 3", 14662, .absent = 1 },
    { "002", "177 major operators and 123,000 respondents", "123,000", 5779, .absent = 1 },
    { "002", "We have 180,000 employees", "180,000", 12820, .absent = 1 },
    { "002", "and 12,300 customers", "12,300", 17845, .absent = 1 },
    { "002", "the Fortune 500 companies", "Fortune 500", 18328, .absent = 1 },
    { "002", "\nSW1A 0AA\n", "SW1A 0AA", 113, .absent = 1 },
    { "002", "Q3: How do you intend", "Q3", 9038, .absent = 1 },
    { "002", "procure 3 billion pounds", "3 billion pounds", 15851, .absent = 1 },
    { "002", "while 5.3 points higher", "5.3", 17427, .absent = 1 },
    { "002", "sourced from 18 different companies", "18", 8133, .absent = 1 },
    { "003", "\n2019.07.03\n", "2019.07.03", 76, DATE, "2019-07-03" },
    { "003", "UPDATED at 2:46 P.M. ET on 2019-07-04", "2:46 P.M. ET on 2019-07-04", 98, TIME, "2019-07-04T14:46" },
    { "003", "overseas markets in 2018, has", "2018", 1419, DATE, "2018" },
    { "003", "enacted by Beijing in June 2017", "June 2017", 1642, DATE, "2017-06" },
    { "003", "In March, NATO Secretary", "March", 1861, DATE, "2019-03" },
    { "003", "press conference in mid-March", "mid-March", 2256, DATE, "2019-03", .mod = CHR_MOD_MID },
    { "003", "military operations in 2016", "2016", 2423, DATE, "2016" },
    { "003", "headquarters in Brussels in June", "June", 2762, DATE, "2019-06" },
    { "003", "A report issued earlier this year", "earlier this year", 3819, DATE, "2019" },
    { "003", "obtained by Politico in 2018", "2018", 4779, DATE, "2018" },
    { "003", "In March, the EC issued", "March", 4948, DATE, "2019-03" },
    { "003", "after the summer there", "the summer", 6168, DATE, "2019-SU" },
    { "003", "heated up in 2018 when", "2018", 6499, DATE, "2018" },
    { "003", "that December when Canada", "that December", 6708, DATE, "2018-12" },
    { "003", "A month later, the U.S. Justice", "A month later", 6995, DATE, "2019-01" },
    { "003", "Then in May, the U.S. Commerce", "May", 7276, DATE, "2019-05" },
    { "003", "That same month, Trump", "That same month", 7675, DATE, "2019-05" },
    { "003", "in Japan on June 29", "June 29", 8480, DATE, "2019-06-29" },
    { "003", "a meeting on July 2 to", "July 2", 8786, DATE, "2019-07-02" },
    { "003", "obtained by Reuters this week", "this week", 8915, DATE, "2019-W27" },
    { "003", "the 29-nation NATO", "29-nation", 984, .absent = 1 },
    { "003", "more than U.S. $100 billion", "$100 billion", 1363, .absent = 1 },
    { "003", "will provide the future backbone", "the future", 5282, .absent = 1 },
    { "003", "of Chinese 5G technology", "5G", 1984, .absent = 1 },
    { "003", "Huawei later hit back", "later", 7150, .absent = 1 },
    { "004", "will next week urge", "next week", 29, DATE, "2019-W13" },
    { "004", "the matter said on Friday.", "Friday", 229, DATE, "2019-03-22" },
    { "004", "the recommendation on Tuesday", "Tuesday", 308, DATE, "2019-03-26" },
    { "004", "earlier this month sued", "earlier this month", 655, DATE, "2019-03" },
    { "004", "NIS directive, adopted in 2016", "2016", 865, DATE, "2016" },
    { "004", "and the recently approved", "recently", 878, DATE, "PAST_REF" },
    { "004", "Macron said on Friday was", "Friday", 1459, DATE, "2019-03-22" },
    { "004", "Germany this month set", "this month", 1618, DATE, "2019-03" },
    { "004", "telecom network by 2023.", "2023", 4108, DATE, "2023" },
    { "004", "won't be ready until 2020", "2020", 6759, DATE, "2020" },
    { "004", "(Due in 2019)", "2019", 7206, DATE, "2019" },
    { "004", "(starting Sep 2017)", "Sep 2017", 10280, DATE, "2017-09" },
    { "004", "on Monday March 25 2019, @10:53AM", "Monday March 25 2019, @10:53AM", 7816, TIME, "2019-03-25T10:53" },
    { "004", "on Monday March 25 2019, @11:25AM", "Monday March 25 2019, @11:25AM", 8278, TIME, "2019-03-25T11:25" },
    { "004", "on Monday March 25 2019, @08:51PM", "Monday March 25 2019, @08:51PM", 8401, TIME, "2019-03-25T20:51" },
    { "004", "on Monday March 25 2019, @09:53PM", "Monday March 25 2019, @09:53PM", 8665, TIME, "2019-03-25T21:53" },
    { "004", "on Monday March 25 2019, @10:18PM", "Monday March 25 2019, @10:18PM", 8871, TIME, "2019-03-25T22:18" },
    { "004", "on Monday March 25 2019, @11:42PM", "Monday March 25 2019, @11:42PM", 9003, TIME, "2019-03-25T23:42" },
    { "004", "on Tuesday March 26 2019, @12:01AM", "Tuesday March 26 2019, @12:01AM", 9335, TIME, "2019-03-26T00:01" },
    { "004", "on Tuesday March 26 2019, @12:40AM", "Tuesday March 26 2019, @12:40AM", 9754, TIME, "2019-03-26T00:40" },
    { "004", "on Monday March 25 2019, @11:57AM", "Monday March 25 2019, @11:57AM", 10638, TIME, "2019-03-25T11:57" },
    { "004", "on Monday March 25 2019, @12:22PM", "Monday March 25 2019, @12:22PM", 10979, TIME, "2019-03-25T12:22" },
    { "004", "on Friday March 29 2019, @03:42PM", "Friday March 29 2019, @03:42PM", 11501, TIME, "2019-03-29T15:42" },
    { "004", "on Monday March 25 2019, @03:25PM", "Monday March 25 2019, @03:25PM", 11666, TIME, "2019-03-25T15:25" },
    { "004", "on Monday March 25 2019, @03:28PM", "Monday March 25 2019, @03:28PM", 11937, TIME, "2019-03-25T15:28" },
    { "004", "on Monday March 25 2019, @05:13PM", "Monday March 25 2019, @05:13PM", 12050, TIME, "2019-03-25T17:13" },
    { "004", "on Monday March 25 2019, @10:35PM", "Monday March 25 2019, @10:35PM", 12126, TIME, "2019-03-25T22:35" },
    { "004", "on Tuesday March 26 2019, @01:17AM", "Tuesday March 26 2019, @01:17AM", 12450, TIME, "2019-03-26T01:17" },
    { "004", "on Tuesday March 26 2019, @04:02AM", "Tuesday March 26 2019, @04:02AM", 12609, TIME, "2019-03-26T04:02" },
    { "004", "on Monday March 25 2019, @02:17PM", "Monday March 25 2019, @02:17PM", 13071, TIME, "2019-03-25T14:17" },
    { "004", "on Monday March 25 2019, @05:05PM", "Monday March 25 2019, @05:05PM", 13434, TIME, "2019-03-25T17:05" },
    { "004", "on Monday March 25 2019, @06:32PM", "Monday March 25 2019, @06:32PM", 13874, TIME, "2019-03-25T18:32" },
    { "004", "controls 70 percent", "70 percent", 1270, .absent = 1 },
    { "004", "Joshua 1:9 \"Be", "1:9", 13713, .absent = 1 },
    { "004", "co.uk/2019/03/28/f35", "2019/03/28", 11562, .absent = 1 },
    { "004", "his ($2.7M) donations", "$2.7M", 10046, .absent = 1 },
    { "004", "(Score: 2, Interesting) by Anonymous Coward on Monday March 25 2019, @10:53AM", "Score: 2", 7770, .absent = 1 },
    { "004", "four people familiar", "four people", 184, .absent = 1 },
    { "004", "our long desired WW3", "WW3", 11899, .absent = 1 },
    { "004", "set back 5G deployment", "5G", 1820, .absent = 1 },
};

static chr_doc *open_corpus_doc(const corpus_doc *d)
{
    char path[256];
    snprintf(path, sizeof path, "%s%s", CORPUS_DIR, d->file);
    chr_error err;
    memset(&err, 0, sizeof err);
    chr_doc *doc = chr_doc_read(path, NULL, &err);
    cr_assert_not_null(doc, "cannot read %s (%s); run the tests from the repository root",
                       path, err.msg);
    return doc;
}

Test(tag, seed_corpus)
{
    size_t bad = 0, seen = 0;
    for (size_t di = 0; di < NROWS(corpus_docs); di++) {
        const corpus_doc *d = &corpus_docs[di];
        chr_doc *doc = open_corpus_doc(d);
        size_t len;
        const char *text = chr_doc_text(doc, &len);
        chr_timex_list l;
        tag_text(text, len, parse_dct(d->dct), CHR_ORDER_AUTO, &l);
        for (size_t i = 0; i < NROWS(corpus_rows); i++) {
            const corpus_row *c = &corpus_rows[i];
            if (strcmp(c->doc, d->id) != 0)
                continue;
            seen++;
            size_t elen = strlen(c->expr);
            const char *where = strstr(text, c->where);
            if (c->offset + elen > len || memcmp(text + c->offset, c->expr, elen) != 0 ||
                where == NULL || (size_t)(where - text) > c->offset ||
                (size_t)(where - text) + strlen(c->where) < c->offset + elen) {
                cr_expect(0, "corpus row %zu: '%s' is not at byte %u of %s inside '%s'", i,
                          c->expr, (unsigned)c->offset, d->file, c->where);
                bad++;
                continue;
            }
            row r = {c->where, d->dct, c->expr, c->type, c->value, c->mod, CHR_ORDER_AUTO,
                     c->flags, c->absent};
            char shown[320];
            snprintf(shown, sizeof shown, "%s@%u: %s", d->id, (unsigned)c->offset, c->where);
            bad += (size_t)check_found("corpus", i, &r, shown, text, len, &l, c->offset,
                                       c->offset + (uint32_t)elen);
        }
        chr_timex_list_free(&l);
        chr_doc_free(doc);
    }
    cr_expect_eq(seen, NROWS(corpus_rows), "corpus rows name an unknown document");
    cr_expect_eq(bad, 0, "corpus: %zu of %zu rows failed", bad, NROWS(corpus_rows));
}

/* ---- document creation time -------------------------------------------- */

typedef struct dct_row {
    const char *text;
    chr_date_order fallback;
    const char *want;        /* the DCT, or NULL for none */
    chr_dct_source source;
    const char *evidence;    /* text that must lie inside [offset, offset+length) */
} dct_row;

static const dct_row dct_infer_rows[] = {
    { "Tech News\n\nHuawei opens a cybersecurity centre in Europe\n\nMarch 6, 2019\n\n"
      "Huawei opened a centre in Brussels yesterday.\n",
      CHR_ORDER_AUTO, "2019-03-06", CHR_DCT_DATELINE, "March 6, 2019" },
    { "From: press@example.com\nDate: Wed, 28 Nov 2018 16:05:00 +1300\nSubject: Minutes\n\n"
      "The board met on Monday.\n",
      CHR_ORDER_AUTO, "2018-11-28", CHR_DCT_HEADER, "28 Nov 2018" },
    { "Brussels, 9.10.2019\n\nThe Commission discussed 5G security with member states.\n",
      CHR_ORDER_AUTO, "2019-10-09", CHR_DCT_DATELINE, "9.10.2019" },
    { "Updated: 2021-09-25\n\nThe regulator fined the operator on Friday.\n",
      CHR_ORDER_AUTO, "2021-09-25", CHR_DCT_HEADER, "2021-09-25" },
    { "Rt Hon Jane Doe MP\nHouse of Commons\nLondon\n\n29 January 2019\n\n"
      "Re: Security of networks\n\nDear Ms Doe,\n\nThank you for your letter on 15 January.\n",
      CHR_ORDER_AUTO, "2019-01-29", CHR_DCT_LETTER, "29 January 2019" },
    { "Minutes of Meeting\n\nTitle\tMeeting with representatives\nDate\t11/01/2019\n"
      "Participants\tTwo\n",
      CHR_ORDER_AUTO, "2019-01-11", CHR_DCT_HEADER, "11/01/2019" },
    { "Minutes of Meeting\n\nTitle\tMeeting with representatives\nDate\t11/01/2019\n"
      "Participants\tTwo\n",
      CHR_ORDER_MDY, "2019-11-01", CHR_DCT_HEADER, "11/01/2019" },
    { "As Pressure Rises, NATO Steps up Its Review\n2019.07.03\n"
      "UPDATED at 2:46 P.M. ET on 2019-07-04\nNATO will not adopt a policy, an official said.\n",
      CHR_ORDER_AUTO, "2019-07-03", CHR_DCT_DATELINE, "2019.07.03" },
    { "Huawei says its kit is safe.\nOperators disagree.\n",
      CHR_ORDER_AUTO, NULL, CHR_DCT_NONE, NULL },
    { "The meeting was held on March 6, 2019 in Brussels, where ministers discussed the "
      "security of 5G networks at length.\n",
      CHR_ORDER_AUTO, NULL, CHR_DCT_NONE, NULL },
    { "", CHR_ORDER_AUTO, NULL, CHR_DCT_NONE, NULL },
};

/* chr_dct_infer on an unterminated copy of exactly len bytes. */
static void infer_exact(const char *text, size_t len, chr_date_order order, chr_dct *d)
{
    char *buf = malloc(len ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len);
    chr_dct_infer(buf, len, order, d);
    free(buf);
}

static int check_dct_row(size_t i, const dct_row *r)
{
    size_t len = strlen(r->text);
    chr_dct d;
    infer_exact(r->text, len, r->fallback, &d);
    int64_t want = parse_dct(r->want);
    int ok = d.day == want && d.source == r->source;
    if (ok && want != CHR_NO_DAY && r->evidence != NULL) {
        const char *at = strstr(r->text, r->evidence);
        size_t p = (size_t)(at - r->text);
        ok = at != NULL && (size_t)d.offset <= p &&
             p + strlen(r->evidence) <= (size_t)d.offset + d.length &&
             (size_t)d.offset + d.length <= len;
    }
    if (ok)
        return 0;
    char got[11] = "none";
    if (d.day != CHR_NO_DAY)
        chr_day_format(d.day, got);
    cr_expect(0, "dct row %zu: \"%.80s\": expected %s from %s; found %s from %s at [%u,+%u) (%s)",
              i, r->text, r->want ? r->want : "none", chr_dct_source_name(r->source), got,
              chr_dct_source_name(d.source), (unsigned)d.offset, (unsigned)d.length, d.how);
    return 1;
}

Test(dct, infer)
{
    size_t bad = 0;
    for (size_t i = 0; i < NROWS(dct_infer_rows); i++)
        bad += (size_t)check_dct_row(i, &dct_infer_rows[i]);
    cr_expect_eq(bad, 0, "dct: %zu of %zu rows failed", bad, NROWS(dct_infer_rows));
}

/* Dates that only bound the DCT (reader comments, footers) are never a
 * dateline: at best CHR_DCT_BOUND, and then no later than the stamp. */
typedef struct bound_row {
    const char *text;
    const char *latest;      /* the DCT cannot be after this day */
} bound_row;

static const bound_row dct_bound_rows[] = {
    { "EU to drop threat of ban\nThe Commission will next week urge countries to share data, "
      "people familiar with the matter said on Friday.\n"
      "(Score: 2, Interesting) by Anonymous Coward on Monday March 25 2019, @10:53AM (16 children)\n"
      "So far I have seen no evidence.\n", "2019-03-25" },
    { "by X on Monday March 25 2019, @10:53AM\nGood point.\n", "2019-03-25" },
    { "Huawei says its kit is safe.\nOperators disagree, the minister said.\n\n"
      "Page printed: 12 April 2021\n", "2021-04-12" },
};

Test(dct, comments_and_footers_are_not_datelines)
{
    size_t bad = 0;
    for (size_t i = 0; i < NROWS(dct_bound_rows); i++) {
        const bound_row *r = &dct_bound_rows[i];
        chr_dct d;
        infer_exact(r->text, strlen(r->text), CHR_ORDER_AUTO, &d);
        int ok = (d.source == CHR_DCT_NONE && d.day == CHR_NO_DAY) ||
                 (d.source == CHR_DCT_BOUND && d.day != CHR_NO_DAY &&
                  d.day <= parse_dct(r->latest));
        if (!ok) {
            char got[11] = "none";
            if (d.day != CHR_NO_DAY)
                chr_day_format(d.day, got);
            cr_expect(0, "bound row %zu: \"%.60s\": expected none or a bound no later than %s; "
                      "found %s from %s (%s)", i, r->text, r->latest, got,
                      chr_dct_source_name(d.source), d.how);
            bad++;
        }
    }
    cr_expect_eq(bad, 0, "bound: %zu of %zu rows failed", bad, NROWS(dct_bound_rows));
}

Test(dct, numeric_order_of_a_document)
{
    static const struct {
        const char *text;
        chr_date_order fallback, want;
    } rows[] = {
        { "Filed 12/25/2018\nReviewed 03/04/2019\n", CHR_ORDER_AUTO, CHR_ORDER_MDY },
        { "Filed 25/12/2018\nReviewed 03/04/2019\n", CHR_ORDER_AUTO, CHR_ORDER_DMY },
        { "Filed 25/12/2018\nReviewed 03/04/2019\n", CHR_ORDER_MDY, CHR_ORDER_DMY },
        { "Nothing numeric here.\n", CHR_ORDER_AUTO, CHR_ORDER_DMY },
        { "Nothing numeric here.\n", CHR_ORDER_MDY, CHR_ORDER_MDY },
        { "Reviewed 03/04/2019\n", CHR_ORDER_DMY, CHR_ORDER_DMY },
    };
    for (size_t i = 0; i < NROWS(rows); i++) {
        chr_dct d;
        infer_exact(rows[i].text, strlen(rows[i].text), rows[i].fallback, &d);
        cr_expect_eq(d.order, rows[i].want, "order row %zu: \"%s\" (fallback %d): expected %d, found %d",
                     i, rows[i].text, (int)rows[i].fallback, (int)rows[i].want, (int)d.order);
    }
}

Test(dct, seed_corpus)
{
    static const chr_dct_source want[] = {
        CHR_DCT_HEADER, CHR_DCT_DATELINE, CHR_DCT_LETTER, CHR_DCT_DATELINE, CHR_DCT_BOUND,
    };
    for (size_t di = 0; di < NROWS(corpus_docs); di++) {
        const corpus_doc *c = &corpus_docs[di];
        chr_doc *doc = open_corpus_doc(c);
        size_t len;
        const char *text = chr_doc_text(doc, &len);
        chr_dct d;
        chr_dct_infer(text, len, CHR_ORDER_AUTO, &d);
        char got[11] = "none";
        if (d.day != CHR_NO_DAY)
            chr_day_format(d.day, got);
        int day_ok = d.day == parse_dct(c->dct) ||
                     (di == 4 && d.day == parse_dct("2019-03-25"));  /* the gold accepts both */
        cr_expect(day_ok && d.source == want[di],
                  "%s: expected %s from %s; found %s from %s (%s)", c->file, c->dct,
                  chr_dct_source_name(want[di]), got, chr_dct_source_name(d.source), d.how);
        cr_expect(d.day == CHR_NO_DAY || (size_t)d.offset + d.length <= len,
                  "%s: evidence [%u,+%u) outside the text", c->file, (unsigned)d.offset,
                  (unsigned)d.length);
        chr_doc_free(doc);
    }
}

/* ---- hostile input ----------------------------------------------------- */

typedef struct bytes_row {
    const char *bytes;
    size_t len;
    const char *expr;        /* a date that must survive the bad bytes */
    chr_timex_type type;
    const char *value;
    size_t first_bad;        /* offset of the first invalid byte */
} bytes_row;

#define BYTES(lit) lit, sizeof(lit) - 1

/* Invalid UTF-8 is treated as punctuation: the dates around it are still
 * found, with offsets into the original bytes. */
static const bytes_row bad_utf8_rows[] = {
    { BYTES("On \xff\xfe March 6, 2019 the centre opened."), "March 6, 2019", DATE, "2019-03-06", 3 },
    { BYTES("\xc3 March 6, 2019 \xe2\x80"), "March 6, 2019", DATE, "2019-03-06", 0 },
    { BYTES("The centre opened on March 6, 2019\xe2"), "March 6, 2019", DATE, "2019-03-06", 34 },
    { BYTES("\x80\x80 2019-07-04 \xc0\xaf"), "2019-07-04", DATE, "2019-07-04", 0 },
    { BYTES("Date: \xed\xa0\x80 2019-07-04"), "2019-07-04", DATE, "2019-07-04", 6 },
    { BYTES("Filed\0 on 2019-07-04 in Bonn."), "2019-07-04", DATE, "2019-07-04", 5 },
    { BYTES("It opened yesterday\xff in Bonn."), "yesterday", DATE, "2019-03-05", 19 },
    { BYTES("Sales grew in 2016\xf0\x9f and fell."), "2016", DATE, "2016", 18 },
};

static size_t find_bytes(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return i;
    return (size_t)-1;
}

Test(robust, invalid_utf8)
{
    size_t bad = 0;
    for (size_t i = 0; i < NROWS(bad_utf8_rows); i++) {
        const bytes_row *b = &bad_utf8_rows[i];
        size_t at = find_bytes(b->bytes, b->len, b->expr);
        cr_assert_neq(at, (size_t)-1, "bytes row %zu: '%s' missing", i, b->expr);
        /* the raw bytes, straight into the tagger */
        chr_timex_list l;
        tag_text(b->bytes, b->len, parse_dct("2019-03-06"), CHR_ORDER_AUTO, &l);
        row r = {b->expr, "2019-03-06", b->expr, b->type, b->value};
        char shown[64];
        snprintf(shown, sizeof shown, "bytes row with '%s'", b->expr);
        bad += (size_t)check_found("bad-utf8", i, &r, shown, b->bytes, b->len, &l,
                                   (uint32_t)at, (uint32_t)(at + strlen(b->expr)));
        chr_timex_list_free(&l);
        /* and through a document, which reports the bad bytes */
        chr_error err;
        memset(&err, 0, sizeof err);
        chr_doc *doc = chr_doc_from_mem("bad", b->bytes, b->len, &err);
        cr_assert_not_null(doc, "bytes row %zu: %s", i, err.msg);
        size_t first = (size_t)-1;
        const char *why = NULL;
        size_t nbad = chr_doc_bad_bytes(doc, &first, &why);
        cr_expect(nbad > 0 && first == b->first_bad,
                  "bytes row %zu: expected the first bad byte at %zu; found %zu bad, first at %zu",
                  i, b->first_bad, nbad, first);
        size_t len;
        const char *text = chr_doc_text(doc, &len);
        cr_expect_eq(len, b->len, "bytes row %zu: the analysis text changed length", i);
        tag_text(text, len, parse_dct("2019-03-06"), CHR_ORDER_AUTO, &l);
        bad += (size_t)check_found("bad-utf8-doc", i, &r, shown, text, len, &l, (uint32_t)at,
                                   (uint32_t)(at + strlen(b->expr)));
        chr_timex_list_free(&l);
        chr_doc_free(doc);
    }
    cr_expect_eq(bad, 0, "bad-utf8: %zu checks failed", bad);
}

Test(robust, empty_text)
{
    char *buf = malloc(1);
    cr_assert_not_null(buf);
    chr_timex_list l;
    memset(&l, 0, sizeof l);
    cr_expect_eq(chr_tag(buf, 0, NULL, &l, NULL), 0);
    cr_expect_eq(l.count, 0);
    chr_timex_list_free(&l);
    tag_text(buf, 0, parse_dct("2019-03-06"), CHR_ORDER_MDY, &l);
    cr_expect_eq(l.count, 0);
    chr_timex_list_free(&l);
    chr_dct d;
    chr_dct_infer(buf, 0, CHR_ORDER_AUTO, &d);
    cr_expect_eq(d.day, CHR_NO_DAY);
    cr_expect_eq(d.source, CHR_DCT_NONE);
    free(buf);
    chr_timex_list_free(NULL);
}

Test(robust, no_options)
{
    static const char text[] = "Filed on 2019-07-04; it opened yesterday.";
    chr_timex_list l;
    memset(&l, 0, sizeof l);
    cr_assert_eq(chr_tag(text, sizeof text - 1, NULL, &l, NULL), 0);
    row r[] = {
        { text, NULL, "2019-07-04", DATE, "2019-07-04" },
        { text, NULL, "yesterday", DATE, NULL },
    };
    size_t bad = 0;
    for (size_t i = 0; i < NROWS(r); i++) {
        const char *at = strstr(text, r[i].expr);
        bad += (size_t)check_found("no-options", i, &r[i], text, text, sizeof text - 1, &l,
                                   (uint32_t)(at - text), (uint32_t)(at - text + strlen(r[i].expr)));
    }
    chr_timex_list_free(&l);
    cr_expect_eq(bad, 0);
}

/* xorshift64*: a fixed seed gives the same junk on every run. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

/* Pieces that make the rules fire on junk. */
static const char *const junk_pieces[] = {
    "2019", "1990", "07", "31", "12", "1", "-", "/", ".", ":", ",", " ", " ", "\n", "@",
    "March", "May", "Monday", "Wed", "on", "in", "the", "of", "since", "every", "last",
    "next", "this", "ago", "later", "years", "days", "week", "Q", "3", "s", "'", "mid",
    "early", "(", ")", "a", "PM", "a.m.", "ET", "+1300", "T", "\xe2\x80\x93", "\xff",
    "\xc3", "\xe2\x80", "that", "same", "month", "day", "following", "yesterday", "now",
    "%", "$", "Date:", "by", "Dear", "Updated:", "then", "twenty", "-five", "consecutive",
};

static void check_junk(const char *buf, size_t len, size_t round)
{
    static const char *const dcts[] = {NULL, "2019-03-06", "2000-02-29", "9999-12-31",
                                       "0001-01-01"};
    char why[160];
    for (size_t k = 0; k < NROWS(dcts); k++) {
        chr_timex_list l;
        tag_text(buf, len, parse_dct(dcts[k]), (chr_date_order)(k % 3), &l);
        why[0] = '\0';
        cr_expect(list_sane(&l, len, why, sizeof why), "junk round %zu (DCT %s): %s", round,
                  dcts[k] ? dcts[k] : "none", why);
        chr_timex_list_free(&l);
    }
    chr_dct d;
    chr_dct_infer(buf, len, CHR_ORDER_AUTO, &d);
    cr_expect(d.day == CHR_NO_DAY || (size_t)d.offset + d.length <= len,
              "junk round %zu: DCT evidence [%u,+%u) outside %zu bytes", round,
              (unsigned)d.offset, (unsigned)d.length, len);
    cr_expect((unsigned)d.source <= CHR_DCT_BOUND, "junk round %zu: source %d", round,
              (int)d.source);
}

Test(robust, binary_junk)
{
    uint64_t s = UINT64_C(0x9E3779B97F4A7C15);
    for (size_t round = 0; round < 300; round++) {
        size_t len = (size_t)(rng_next(&s) % 4096);
        char *buf = malloc(len ? len : 1);
        cr_assert_not_null(buf);
        if (round % 2 == 0) {
            for (size_t i = 0; i < len; i++)
                buf[i] = (char)(rng_next(&s) >> 56);
        } else {
            size_t i = 0;
            while (i < len) {
                const char *p = junk_pieces[rng_next(&s) % NROWS(junk_pieces)];
                size_t n = strlen(p);
                if (n > len - i)
                    n = len - i;
                memcpy(buf + i, p, n);
                i += n;
            }
        }
        check_junk(buf, len, round);
        free(buf);
    }
}

Test(robust, large_text)
{
    static const char unit[] = "Filed on 2019-07-04 in Bonn. ";
    size_t n = 20000, ul = sizeof unit - 1, len = n * ul;
    char *buf = malloc(len);
    cr_assert_not_null(buf);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * ul, unit, ul);
    chr_timex_list l;
    tag_text(buf, len, parse_dct("2019-07-05"), CHR_ORDER_AUTO, &l);
    cr_expect_eq(l.count, n, "expected %zu timexes, found %zu", n, l.count);
    size_t wrong = 0;
    for (size_t k = 0; k < l.count; k++)
        if (l.items[k].start != k * ul + 9 || strcmp(l.items[k].value, "2019-07-04") != 0)
            wrong++;
    cr_expect_eq(wrong, 0, "%zu of %zu timexes misplaced or misvalued", wrong, l.count);
    chr_timex_list_free(&l);
    free(buf);
}

/* ---- the size of the tables -------------------------------------------- */

/* ---- the rule table ------------------------------------------------------
 * The tagger tries at a token only the rules whose row lists that token's
 * start key.  Run every rule at every token of every text of this file and
 * of the seed corpus: a rule that matches at a token its row does not list
 * would be silently skipped by the tagger.  And every rule must match
 * somewhere, or its row is dead. */

static void check_starts(const char *text, size_t len, unsigned *matched)
{
    chr_toks tv = {0};
    cr_assert_eq(chr_tokenize(text, len, &tv), 0);
    ctx c = {text, tv.t, tv.n, CHR_ORDER_DMY};
    size_t mk = 0;
    for (size_t i = 0; i < tv.n; i++) {
        /* the tagger visits only the tokenizer's marks */
        while (mk < tv.nmark && tv.mark[mk] < i)
            mk++;
        int marked = mk < tv.nmark && tv.mark[mk] == i;
        for (size_t r = 0; r < tag_rule_count(); r++) {
            cr_expect(marked || !tag_rule_starts(&c, r, i), "rule %s starts at unmarked '%.*s'",
                      tag_rule_name(r), (int)(tv.t[i].e - tv.t[i].s), text + tv.t[i].s);
            proto p;
            if (tag_rule_try(&c, r, i, &p) == 0)
                continue;
            matched[r]++;
            cr_expect(tag_rule_starts(&c, r, i), "rule %s matches at '%.*s' in '%.60s', "
                      "a start its row does not list", tag_rule_name(r),
                      (int)(tv.t[i].e - tv.t[i].s), text + tv.t[i].s, text);
            cr_expect(tag_follow_ok(&c, i), "rule %s matches at '%.*s' in '%.60s', "
                      "a follower the follow table does not list", tag_rule_name(r),
                      (int)(tv.t[i].e - tv.t[i].s), text + tv.t[i].s, text);
        }
    }
    chr_toks_free(&tv);
}

static void check_rows_starts(const row *rows, size_t n, unsigned *matched)
{
    for (size_t i = 0; i < n; i++)
        check_starts(rows[i].text, strlen(rows[i].text), matched);
}

/* A start of each key the follow table filters, before each kind of
 * token it lists. */
static const char *const follow_texts[] = {
    "It fell in the latter half of 1989 and the last half of 1990.",
    "Prices rose in the nineties, in the '80s and in the 1990s.",
    "In the near future, and in the short term, the full year and the fiscal year look weak.",
    "The latest period and the most recent period, the recent quarter and the more recent "
    "period, the current quarter, the 1988 quarter.",
    "He stayed an additional year, a further week, an extra day, three straight days, five "
    "successive years, a consecutive month.",
    "It took a couple of days, a few weeks, a hundred years, a thousand years, a day-long "
    "meeting, a year and a half, a to two years, a or two weeks, a - three days.",
    "They meet once a week and a times a month, twice a year.",
    "That same month, that December, that summer, that Dec. day, that week.",
    "Over the years, over weeks, within days, for weeks, days later, years ago, hours "
    "earlier, the year-ago quarter, a decade-long feud.",
    "On the 5th of March, at the end of 2019, at the beginning of 2019, in the first "
    "quarter, the summer of 2019, the same day, the next day, the following week, the "
    "previous month, the prior year, the week of March 6, the weekend, the day before.",
    "In the future and in the past, the year two thousand, the 20th century, the twentieth "
    "century.",
    "On 9.10.2019, 11/01/2019 and 28-11-2018; on the 5th of March, 5 March and 5th March; at "
    "16:05, at 10 am, 10 a.m., 10 p.m. and @10:53AM; 3 1/2 years, two and a half hours, three "
    "to five years, a 5-year plan, twenty-five years, twenty five years, 3000 years.",
    "In nineteen ninety-six and two thousand, three times a week, 3 times a week, 5 more "
    "days, 5 straight days, 5 consecutive weeks, 2 or 3 days, 2 - 3 days, 2 hundred years, "
    "1,500 years, 123456 days, 2019-07-04.",
};

Test(tag, rule_table_lists_every_start)
{
    unsigned matched[32] = {0};
    cr_assert_leq(tag_rule_count(), 32);
    check_rows_starts(absolute_rows, NROWS(absolute_rows), matched);
    check_rows_starts(order_rows, NROWS(order_rows), matched);
    check_rows_starts(dct_rows, NROWS(dct_rows), matched);
    check_rows_starts(narrative_rows, NROWS(narrative_rows), matched);
    check_rows_starts(time_rows, NROWS(time_rows), matched);
    check_rows_starts(duration_rows, NROWS(duration_rows), matched);
    check_rows_starts(negative_rows, NROWS(negative_rows), matched);
    for (size_t i = 0; i < NROWS(follow_texts); i++)
        check_starts(follow_texts[i], strlen(follow_texts[i]), matched);
    for (size_t d = 0; d < NROWS(corpus_docs); d++) {
        chr_doc *doc = open_corpus_doc(&corpus_docs[d]);
        size_t len;
        const char *text = chr_doc_text(doc, &len);
        check_starts(text, len, matched);
        chr_doc_free(doc);
    }
    for (size_t r = 0; r < tag_rule_count(); r++)
        cr_expect_gt(matched[r], 0, "rule %s matches nothing in the tables", tag_rule_name(r));
}

/* A shift in a finer unit than the previous date moves that date by the
 * real amount and keeps its precision; it never multiplies a coarse unit
 * by a fine unit's count ("thirty days later" after "in 2018" is 2018). */
static const struct { const char *text, *expr, *want; } shift_rows[] = {
    {"In 2018 the plan began. Thirty days later it was dropped.", "Thirty days later", "2018"},
    {"In 2018 the plan began. Ten weeks later it was dropped.", "Ten weeks later", "2018"},
    {"In March 2019 the plan began. 36 hours later it was dropped.", "36 hours later", "2019-03"},
    {"In the third quarter of 2018 it began. Two days later it was dropped.", "Two days later", "2018-Q3"},
    {"On 5 March 2019 the plan began. 48 hours later it was dropped.", "48 hours later", "2019-03-07"},
    {"In December 2018 Canada arrested her. A month later charges came.", "A month later", "2019-01"},
    {"In January 2020 the decision came. Two weeks later he visited.", "Two weeks later", "2020-01"},
    {"In 2018 the plan began. Eighteen months later it ended.", "Eighteen months later", "2019"},
};

Test(tag, previous_relative_shifts_keep_precision)
{
    for (size_t i = 0; i < sizeof shift_rows / sizeof shift_rows[0]; i++) {
        const char *text = shift_rows[i].text;
        chr_tag_opts o = {chr_day_parse("2019-07-03", 10), CHR_ORDER_AUTO};
        chr_timex_list tl = {0};
        cr_assert_eq(chr_tag(text, strlen(text), &o, &tl, NULL), 0);
        const char *at = strstr(text, shift_rows[i].expr);
        int found = 0;
        for (size_t k = 0; k < tl.count; k++)
            if (text + tl.items[k].start == at) {
                found = 1;
                cr_expect_str_eq(tl.items[k].value, shift_rows[i].want, "row %zu: %s", i, text);
            }
        cr_expect(found, "row %zu: '%s' not tagged", i, shift_rows[i].expr);
        chr_timex_list_free(&tl);
    }
}

/* Datelines opening a lede: what follows the prefix is the story (NULL:
 * no dateline, the whole line is the story). */
Test(tag, dateline_prefix)
{
    static const struct {
        const char *text, *story;
    } rows[] = {
        {"Springfield, 3 May 2011 - The council met.", "The council met."},
        {"LAKESIDE, June 4 (Wire) - The mayor spoke.", "The mayor spoke."},
        {"Lakeside, June 4, 2012 (Wire) \xe2\x80\x94 The mayor spoke.", "The mayor spoke."},
        {"PORTVILLE, Maine (Wire)_ Police arrested two men.", "Police arrested two men."},
        {"HARBOUR CITY, N.J. (Wire) -- Police arrested two men.", "Police arrested two men."},
        {"MILLBROOK - Workers went on strike.", "Workers went on strike."},
        {"RIO DE JANEIRO, Tuesday - Workers went on strike.", "Workers went on strike."},
        {"SAINT-DENIS (Wire) - A fire broke out.", "A fire broke out."},
        {"NORTH BAY, Ontario (Wire) --", ""},
        /* not datelines */
        {"Millbrook - a quiet town - voted on Friday.", NULL},
        {"US - China talks resumed.", NULL},
        {"Two F-16 jets crashed near Tucson.", NULL},
        {"Acme, Widgetco and Gizmo - three rivals - merged.", NULL},
        {"The council, 3 May 2011 - a note.", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *text = rows[i].text;
        size_t len = strlen(text);
        chr_toks tv = {0};
        cr_assert_eq(chr_tokenize(text, len, &tv), 0);
        size_t k = chr_dateline_skip(text, &tv, 0, tv.n);
        if (rows[i].story == NULL)
            cr_expect_eq(k, 0, "row %zu '%s': a dateline up to token %zu", i, text, k);
        else if (*rows[i].story == '\0')
            cr_expect_eq(k, tv.n, "row %zu '%s': story at token %zu", i, text, k);
        else
            cr_expect(k > 0 && k < tv.n && strcmp(text + tv.t[k].s, rows[i].story) == 0,
                      "row %zu '%s': story at token %zu", i, text, k);
        chr_toks_free(&tv);
    }
}

/* Codes and model names: letters and digits written together or joined
 * by a hyphen are one name; dates, measures and ordinals are not. */
Test(tag, codes_are_one_token_run)
{
    static const struct {
        const char *text, *code;
        int capital;
    } rows[] = {
        {"A320", "A320", 1},
        {"G7 leaders", "G7", 1},
        {"F-16 jets", "F-16", 1},
        {"COVID-19 spread", "COVID-19", 1},
        {"SARS-CoV-2 spread", "SARS-CoV-2", 1},
        {"Northfield5 approved", "Northfield5", 1},
        {"5G networks", "5G", 1},
        {"an mp3 file", "mp3", 0},
        /* not codes */
        {"5pm", NULL, 0},
        {"10AM", NULL, 0},
        {"3rd", NULL, 0},
        {"1990s", NULL, 0},
        {"mid-2019", NULL, 0},
        {"Mid-2019", NULL, 0},
        {"May-2011", NULL, 0},
        {"30-year-old", NULL, 0},
        {"2019-07-04", NULL, 0},
        {"U.S.-China", NULL, 0},
        {"Windows 2000", NULL, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *text = rows[i].text;
        chr_toks tv = {0};
        cr_assert_eq(chr_tokenize(text, strlen(text), &tv), 0);
        size_t found = 0;
        int cap = 0, got_cap = 0;
        for (size_t k = 0; k < tv.n && found == 0; k++) {
            size_t e = chr_tok_code(text, tv.t, k, tv.n, &cap);
            if (e > k) {
                cr_expect(rows[i].code != NULL, "row %zu '%s': code at %zu", i, text, k);
                if (rows[i].code != NULL) {
                    size_t n = strlen(rows[i].code);
                    cr_expect(tv.t[e - 1].e - tv.t[k].s == n &&
                                  memcmp(text + tv.t[k].s, rows[i].code, n) == 0,
                              "row %zu '%s': code '%.*s'", i, text,
                              (int)(tv.t[e - 1].e - tv.t[k].s), text + tv.t[k].s);
                }
                found = 1;
                got_cap = cap;
            }
        }
        if (rows[i].code != NULL) {
            cr_expect(found, "row %zu '%s': no code", i, text);
            cr_expect_eq(got_cap, rows[i].capital, "row %zu '%s': capital", i, text);
        }
        chr_toks_free(&tv);
    }
}
