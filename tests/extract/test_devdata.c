/*
 * test_devdata.c - the reader measured on the development data (TimeBank +
 * AQUAINT, the SemEval-2015 TimeLine trial corpus, the seed gold) with
 * their public scorers, run the way a user runs chronicle.  Fails when a
 * figure drops below what the reader reaches today (README, "How well it
 * reads").  The data and scorers are not part of the project: the folder
 * named by CHRONICLE_DEV (default: "shared" next to the project) holds
 * dev/ and tools/; without it the test is skipped, saying so.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static const char *dev_root(void)
{
    const char *d = getenv("CHRONICLE_DEV");
    return d ? d : "../shared";
}

/* Runs a shell command that prints one JSON object; returns it. */
static json_t *run_json(const char *cmd)
{
    char *out = NULL;
    size_t len = 0;
    int st = tu_run(cmd, &out, &len);
    cr_assert_eq(st, 0, "'%s' exited %d", cmd, st);
    json_error_t je;
    json_t *o = json_loadb(out, len, 0, &je);
    cr_assert_not_null(o, "'%s': %s", cmd, je.text);
    free(out);
    return o;
}

static double fig(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    cr_assert(json_is_number(v), "no figure '%s'", k);
    return json_number_value(v);
}

static int have_dev(void)
{
    char p[512];
    snprintf(p, sizeof p, "%s/dev/tbaq/docs", dev_root());
    int ok = access(p, R_OK) == 0;
    snprintf(p, sizeof p, "%s/tools/score-event-dates", dev_root());
    return ok && access(p, X_OK) == 0;
}

Test(devdata, figures_hold, .timeout = 600)
{
    if (!have_dev())
        cr_skip_test("no development data at %s (set CHRONICLE_DEV)", dev_root());
    const char *dev = dev_root(), *bin = tu_bin();
    char *tmp = tu_tmpdir();
    cr_assert_not_null(tmp);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "mkdir '%s/tbaq' && cp '%s'/dev/tbaq/docs/*.txt '%s'/dev/tbaq/docs/*.meta.json "
             "'%s/tbaq/' && %s timeline '%s/tbaq' --format json > '%s/tl.json' && "
             "for f in '%s'/tbaq/*.txt; do %s events \"$f\" || exit 1; done > '%s/ev.jsonl' && "
             "for f in '%s'/tbaq/*.txt; do %s dates \"$f\" || exit 1; done > '%s/dates.jsonl' && "
             "%s timeline '%s/dev/timelines-trial/docs' --format json > '%s/trial.json' && "
             "%s timeline fixtures/corpus --format json > '%s/seed.json'",
             tmp, dev, dev, tmp, bin, tmp, tmp, tmp, bin, tmp, tmp, bin, tmp, bin, dev, tmp, bin,
             tmp);
    cr_assert_eq(tu_run(cmd, NULL, NULL), 0, "running chronicle over the development data");

    snprintf(cmd, sizeof cmd, "'%s/tools/score-event-dates' --json '%s/tl.json'", dev, tmp);
    json_t *o = run_json(cmd);
    double r = fig(o, "link_recall"), p = fig(o, "link_precision_lenient");
    cr_log_info("event-dates: link recall %.3f, precision (lenient) %.3f", r, p);
    cr_expect_geq(r, 0.71, "event-date link recall %.3f", r);
    cr_expect_geq(p, 0.86, "event-date link precision %.3f", p);
    json_decref(o);

    snprintf(cmd, sizeof cmd, "'%s/tools/score-event-spans' --json '%s/ev.jsonl'", dev, tmp);
    o = run_json(cmd);
    double f1 = fig(o, "f1"), er = fig(o, "eventive_recall");
    cr_log_info("event-spans: F1 %.3f, eventive recall %.3f", f1, er);
    cr_expect_geq(f1, 0.77, "event span F1 %.3f", f1);
    cr_expect_geq(er, 0.91, "eventive recall %.3f", er);
    json_decref(o);

    snprintf(cmd, sizeof cmd, "'%s/tools/score-timex' --json '%s/dev/tbaq/docs' '%s/dates.jsonl'",
             dev, dev, tmp);
    o = run_json(cmd);
    double vf = fig(o, "value_f1");
    cr_log_info("timex: value F1 %.3f", vf);
    cr_expect_geq(vf, 0.80, "timex value F1 %.3f", vf);
    json_decref(o);

    snprintf(cmd, sizeof cmd,
             "'%s/tools/score-entity-timelines' --json timelines-trial='%s/trial.json'", dev, tmp);
    o = run_json(cmd);
    double dr = fig(o, "dated_recall_extract"), ep = fig(o, "precision_entity");
    cr_log_info("trial: dated recall %.3f, entity precision %.3f", dr, ep);
    cr_expect_geq(dr, 0.51, "trial dated recall %.3f", dr);
    cr_expect_geq(ep, 0.68, "trial entity precision %.3f", ep);
    json_decref(o);

    snprintf(cmd, sizeof cmd,
             "'%s/tools/score-chronology' --json --corpus fixtures/corpus '%s/seed.json'", dev,
             tmp);
    o = run_json(cmd);
    double sr = fig(o, "recall"), sp = fig(o, "precision");
    cr_log_info("seeds: recall %.3f, precision %.3f", sr, sp);
    cr_expect_geq(sr, 0.95);
    cr_expect_geq(sp, 0.85);
    cr_expect_eq(fig(o, "false_merges"), 0);
    cr_expect_eq(fig(o, "negatives_emitted"), 0);
    json_decref(o);

    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}
