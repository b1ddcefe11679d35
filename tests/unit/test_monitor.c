/*
 * test_monitor.c - the monitor library: spec refusals name file, line and
 * field; the declared-accuracy detector's false-alarm rate over 100 benign
 * runs (binomial test against alpha) and its detection delay for a drop
 * 0.95 -> 0.85; malformed lines; late labels; client eviction; several
 * threads feeding one monitor; the spec `monitor init` drafts from a
 * profile.
 */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aisec/aisec.h"
#include "monitor/stats.h"
#include "tmpdir.h"

/* xorshift64*: a fixed, portable stream of uniforms */
static double uniform(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (double)((*s * 2685821657736338717ull) >> 11) * 0x1.0p-53;
}

static struct aisec_monitor_spec *spec(const char *text,
				       struct aisec_error *err)
{
	struct aisec_monitor_spec *s = NULL;

	aisec_error_clear(err);
	aisec_monitor_spec_parse("spec.yaml", text, strlen(text), NULL, &s,
				 err);
	return s;
}

static void refused(const char *text, const char *want)
{
	struct aisec_error err;
	struct aisec_monitor_spec *s = spec(text, &err);

	assert_null(s);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_spec_refusals(void **state)
{
	refused("system: x\nfields: {predicted: p, label: l}\naccuracy:\n"
		"  levels:\n    - {metric: accuracy, min: 1.5}\n",
		"'spec.yaml' line 5: field 'accuracy.levels[0].min': '1.5' is "
		"not a number in");
	refused("system: x\nfields: {predicted: p, label: l}\naccuracy:\n"
		"  window: 5000\n  horizon: 100\n  levels:\n"
		"    - {metric: accuracy, min: 0.9}\n",
		"field 'accuracy.horizon': 100 is shorter than the window");
	refused("system: x\nfields: {predicted: p}\naccuracy:\n  levels:\n"
		"    - {metric: accuracy, min: 0.9}\n",
		"field 'accuracy': needs fields.predicted and fields.label");
	refused("system: x\nclasses: [a, b]\nfields: {predicted: p, label: l}\n"
		"accuracy:\n  levels:\n    - {metric: recall, class: c, min: "
		"0.9}\n",
		"line 6: field 'accuracy.levels[0].class': 'c' is not a class");
	refused("system: x\nfields: {predicted: p, label: l}\naccuracy:\n  "
		"levels:\n"
		"    - {metric: fpr, class: 1, min: 0.9}\n",
		"fpr declares a maximum level");
	refused("system: x\nfields: {predicted: p}\nbogus: 1\n",
		"field 'bogus': unknown field");
	refused("system: x\nfields: {predicted: p}\ndrift: {}\n",
		"field 'reference': missing");
	refused("system: x\nfields: {predicted: p, features: f, client: c}\n"
		"prada: {delta: 0.9}\n",
		"field 'prada': needs 'classes'");
	refused("fields: {predicted: p}\n", "field 'system': missing");
}

static const char acc_spec[] = "system: bench\n"
			       "fields: {predicted: p, label: l, id: id}\n"
			       "join_window: 100\n"
			       "accuracy:\n"
			       "  alpha: 0.05\n"
			       "  horizon: 20000\n"
			       "  window: 1000\n"
			       "  shift: 0.05\n"
			       "  levels:\n"
			       "    - {metric: accuracy, min: 0.95}\n";

struct seen {
	int alerts;
	uint64_t first_alert;
	char test[32];
};

static void count_alert(void *ctx, const struct aisec_monitor_alert *a)
{
	struct seen *s = ctx;

	if (s->alerts++ == 0) {
		s->first_alert = a->last_event;
		snprintf(s->test, sizeof s->test, "%s", a->test);
	}
}

/* One run of n events with accuracy p0 up to `at`, p1 after. */
static struct seen run(const struct aisec_monitor_spec *s, uint64_t *rng, int n,
		       int at, double p0, double p1)
{
	struct seen seen = {0};
	struct aisec_monitor_opts o = {.on_alert = count_alert, .ctx = &seen};
	struct aisec_error err;
	struct aisec_monitor *m = aisec_monitor_new(s, &o, &err);

	assert_non_null(m);
	for (int i = 0; i < n; i++) {
		struct aisec_monitor_event ev = {
		    .time = NAN, .score = NAN, .latency = NAN, .size = NAN};
		int label = uniform(rng) < 0.5;

		ev.label = label;
		ev.predicted =
		    uniform(rng) < (i < at ? p0 : p1) ? label : 1 - label;
		assert_true(aisec_monitor_observe(m, &ev) >= 0);
	}
	aisec_monitor_free(m);
	return seen;
}

static void test_false_alarm_rate(void **state)
{
	struct aisec_error err;
	struct aisec_monitor_spec *s = spec(acc_spec, &err);
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	int runs_alarmed = 0;
	double p;

	assert_non_null(s);
	/* worst benign case: the true accuracy is exactly the declared one */
	for (int r = 0; r < 100; r++)
		runs_alarmed +=
		    run(s, &rng, 20000, 20000, 0.95, 0.95).alerts > 0;
	/* H0: rate <= alpha = 0.05; refuse it only when P(X >= k) < 0.01 */
	p = aisec_stat_binom_sf((uint64_t)runs_alarmed, 100, 0.05);
	print_message("benign runs with an alarm: %d of 100 (alpha 0.05, "
		      "binomial p %.3g)\n",
		      runs_alarmed, p);
	assert_true(p >= 0.01);
	aisec_monitor_spec_free(s);
}

static void test_detection_delay(void **state)
{
	struct aisec_error err;
	struct aisec_monitor_spec *s = spec(acc_spec, &err);
	uint64_t rng = 42;
	uint64_t total = 0, worst = 0;

	assert_non_null(s);
	for (int r = 0; r < 20; r++) {
		struct seen x = run(s, &rng, 10000, 5000, 0.95, 0.85);

		assert_true(x.alerts > 0);
		assert_true(x.first_alert > 5000);
		total += x.first_alert - 5000;
		if (x.first_alert - 5000 > worst)
			worst = x.first_alert - 5000;
	}
	print_message("accuracy 0.95 -> 0.85 at event 5000: mean detection "
		      "delay %.0f events, worst %llu (alpha 0.05 over 20000)\n",
		      (double)total / 20, (unsigned long long)worst);
	/* CUSUM: about h / KL = ln(20000 / 0.05) / 0.07 = 184 trials */
	assert_true(total / 20 < 400);
	aisec_monitor_spec_free(s);
}

static void test_lines(void **state)
{
	struct aisec_error err;
	struct aisec_monitor_spec *s = spec(acc_spec, &err);
	struct aisec_monitor *m = aisec_monitor_new(s, NULL, &err);
	struct aisec_monitor_counts c;
	const char *lines[] = {
	    "{\"p\": 1, \"l\": 1}",
	    "{\"p\": 1, \"l\": ",	  /* not JSON */
	    "{\"l\": 1}",		  /* no prediction */
	    "[1, 2]",			  /* not an object */
	    "{\"p\": 99, \"l\": 1}",	  /* class out of range */
	    "{\"p\": 0, \"id\": \"a\"}",  /* label comes later */
	    "{\"id\": \"a\", \"l\": 0}",  /* ... joined here */
	    "{\"id\": \"zz\", \"l\": 0}", /* unknown id: dropped */
	    "",
	};

	assert_non_null(m);
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		int rc;

		aisec_error_clear(&err);
		rc = aisec_monitor_feed_line(m, lines[i], strlen(lines[i]),
					     i + 1, &err);
		if (i == 1)
			assert_non_null(strstr(err.msg, "line 2 column"));
		if (i == 2)
			assert_string_equal(err.msg,
					    "line 3: field 'p': missing");
		if (i == 4)
			assert_string_equal(err.msg, "line 5: field 'p': not a "
						     "class of the spec");
		assert_true((rc < 0) == (i >= 1 && i <= 4));
	}
	aisec_monitor_counts(m, &c);
	assert_int_equal(c.malformed, 4);
	assert_int_equal(c.labelled, 2);
	assert_int_equal(c.joined, 1);
	aisec_monitor_free(m);
	aisec_monitor_spec_free(s);
}

static const char client_spec[] =
    "system: pool\n"
    "classes: [a, b]\n"
    "nfeatures: 2\n"
    "idle_seconds: 100\n"
    "fields: {predicted: p, client: c, features: x, time: t}\n"
    "prada: {delta: 0.9, max_clients: 4}\n";

static void test_client_pool(void **state)
{
	struct aisec_error err;
	struct aisec_monitor_spec *s = spec(client_spec, &err);
	struct aisec_monitor *m;
	struct aisec_monitor_counts c;
	char line[160];

	assert_non_null(s);
	m = aisec_monitor_new(s, NULL, &err);
	assert_non_null(m);
	/* 40 clients through a pool of 4, then one idle eviction */
	for (int i = 0; i < 400; i++) {
		snprintf(line, sizeof line,
			 "{\"p\": \"a\", \"c\": \"client-%d\", \"x\": [%d, 1], "
			 "\"t\": %d}",
			 (i / 2) % 40, i, i / 10);
		assert_true(aisec_monitor_feed_line(m, line, strlen(line), 1,
						    &err) >= 0);
	}
	aisec_monitor_counts(m, &c);
	assert_int_equal(c.clients, 4);
	assert_int_equal(c.evicted, 196); /* each new arrival */
	snprintf(
	    line, sizeof line,
	    "{\"p\": \"b\", \"c\": \"client-39\", \"x\": [0, 0], \"t\": 1000}");
	assert_true(aisec_monitor_feed_line(m, line, strlen(line), 1, &err) >=
		    0);
	aisec_monitor_counts(m, &c);
	assert_int_equal(c.evicted, 197); /* the idle tail */
	snprintf(line, sizeof line, "{\"p\": \"b\", \"c\": \"x\", \"x\": [0]}");
	assert_true(aisec_monitor_feed_line(m, line, strlen(line), 9, &err) <
		    0);
	assert_string_equal(err.msg,
			    "line 9: field 'x': wrong number of features");
	aisec_monitor_free(m);
	aisec_monitor_spec_free(s);
}

struct thr {
	struct aisec_monitor *m;
	uint64_t seed;
};

static void *feeder(void *arg)
{
	struct thr *t = arg;

	for (int i = 0; i < 50000; i++) {
		struct aisec_monitor_event ev = {
		    .time = NAN, .score = NAN, .latency = NAN, .size = NAN};

		ev.label = uniform(&t->seed) < 0.5;
		ev.predicted = ev.label;
		aisec_monitor_observe(t->m, &ev);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct aisec_error err;
	struct aisec_monitor_spec *s = spec(acc_spec, &err);
	struct aisec_monitor *m = aisec_monitor_new(s, NULL, &err);
	struct aisec_monitor_counts c;
	struct thr t[4];
	pthread_t id[4];

	for (int i = 0; i < 4; i++) {
		t[i] = (struct thr){m, (uint64_t)i + 1};
		pthread_create(&id[i], NULL, feeder, &t[i]);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(id[i], NULL);
	aisec_monitor_counts(m, &c);
	assert_int_equal(c.events, 200000);
	assert_int_equal(c.labelled, 200000);
	assert_int_equal(c.alerts, 0);
	aisec_monitor_free(m);
	aisec_monitor_spec_free(s);
}

/* A reference of 2000 events: 7 clients, labels 0/1 equally, latency 10-59 ms.
 */
static char refdir[256];

static struct aisec_monitor_spec *with_reference(const char *text,
						 struct aisec_error *err)
{
	struct aisec_monitor_spec *s = NULL;
	char path[300];
	FILE *f;

	if (!refdir[0]) {
		assert_int_equal(
		    test_tmpdir_make(refdir, sizeof refdir, "monitor"), 0);
		snprintf(path, sizeof path, "%s/ref.csv", refdir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs("c,p,l,lat,s\n", f);
		for (int i = 0; i < 2000; i++)
			fprintf(f, "c%d,%d,%d,%d,%.4f\n", i % 7, i % 2,
				(i / 2) % 2, 10 + (i * 7) % 50,
				(i % 100) / 100.0);
		fclose(f);
	}
	aisec_error_clear(err);
	aisec_monitor_spec_parse("spec.yaml", text, strlen(text), refdir, &s,
				 err);
	return s;
}

struct by_detector {
	int n[5];
	char first[5][200];
};

static void by_detector(void *ctx, const struct aisec_monitor_alert *a)
{
	static const char *const d[5] = {"accuracy", "drift", "prada", "sponge",
					 "poisoning"};
	struct by_detector *b = ctx;

	for (int i = 0; i < 5; i++)
		if (strcmp(a->detector, d[i]) == 0 && b->n[i]++ == 0)
			snprintf(b->first[i], sizeof b->first[i], "%s %s %s",
				 a->test, a->metric,
				 a->client ? a->client : "-");
}

static const char client_detectors[] =
    "system: svc\n"
    "classes: [a, b]\n"
    "reference: ref.csv\n"
    "fields: {client: c, predicted: p, label: l, latency: lat, score: s}\n"
    "sponge: {window: 50, quantile: 0.99, max_factor: 100}\n"
    "poisoning: {window: 500, max_client_share: 0.3}\n"
    "drift: {window: 1000, page_hinkley: {delta: 0.05, lambda: 60}}\n";

/* Feed n events: client i % 7 unless `who`, latency, label, score. */
static void feed(struct aisec_monitor *m, int n, const char *who, double lat,
		 int label, double score)
{
	char line[200];
	struct aisec_error err;

	for (int i = 0; i < n; i++) {
		snprintf(line, sizeof line,
			 "{\"c\": \"%s%d\", \"p\": %d, \"l\": %d, "
			 "\"lat\": %g, \"s\": %g}",
			 who ? who : "c", who ? 0 : i % 7, i % 2,
			 label >= 0 ? label : (i / 2) % 2,
			 lat >= 0 ? lat : 10 + (i * 7) % 50,
			 score >= 0 ? score : (i % 100) / 100.0);
		assert_true(aisec_monitor_feed_line(m, line, strlen(line), 1,
						    &err) >= 0);
	}
}

static void test_client_detectors(void **state)
{
	struct aisec_error err;
	struct aisec_monitor_spec *s = with_reference(client_detectors, &err);
	struct by_detector b = {0};
	struct aisec_monitor_opts o = {.on_alert = by_detector, .ctx = &b};
	struct aisec_monitor *m;

	if (!s)
		fail_msg("%s", err.msg);
	m = aisec_monitor_new(s, &o, &err);
	assert_non_null(m);
	/* benign traffic like the reference: nothing */
	feed(m, 5000, NULL, -1, -1, -1);
	if (b.n[1] + b.n[3] + b.n[4])
		fail_msg("benign: %s / %s / %s", b.first[1], b.first[3],
			 b.first[4]);
	/* one client's latencies jump: sponge, for that client only */
	feed(m, 100, "slow", 80, -1, -1);
	assert_true(b.n[3] > 0);
	assert_string_equal(b.first[3], "binomial latency slow0");
	/* one client floods the feedback with label b: both poisoning signals
	 */
	feed(m, 1000, "flood", -1, 1, -1);
	assert_true(b.n[4] >= 2);
	assert_string_equal(b.first[4], "chi-square label -");
	/* the score stream shifts up: Page-Hinkley */
	feed(m, 400, NULL, -1, -1, 0.95);
	assert_true(b.n[1] > 0);
	assert_string_equal(b.first[1], "page-hinkley score -");
	aisec_monitor_free(m);
	aisec_monitor_spec_free(s);
	test_tmpdir_remove(refdir);
}

/* The profile example `rel` with its first `from` replaced by `to`. */
static struct aisec_profile *example(const char *rel, const char *from,
				     const char *to)
{
	char path[512];
	struct aisec_buf text, edited;
	struct aisec_profile *p = NULL;
	struct aisec_error err;
	const char *at;

	snprintf(path, sizeof path, "%s/examples/%s", AISEC_SOURCE_DIR, rel);
	aisec_buf_init(&text, 0);
	aisec_buf_init(&edited, 0);
	assert_int_equal(aisec_file_read(path, &text, &err), 0);
	at = from ? strstr(text.data, from) : NULL;
	if (from)
		assert_non_null(at);
	if (at) {
		aisec_buf_add(&edited, text.data, (size_t)(at - text.data));
		aisec_buf_adds(&edited, to);
		aisec_buf_adds(&edited, at + strlen(from));
	} else {
		aisec_buf_add(&edited, text.data, text.len);
	}
	if (aisec_profile_parse(rel, edited.data, edited.len, &p, &err))
		fail_msg("%s", err.msg);
	aisec_buf_release(&text);
	aisec_buf_release(&edited);
	return p;
}

/*
 * The draft of `aisec monitor init`: the profile's facts choose the
 * detectors, and the draft parses (with a reference data set beside it),
 * whatever the system is called.
 */
static void test_spec_draft(void **state)
{
	static const struct {
		const char *rel, *from, *to, *system;
		bool outside, learning;
	} cases[] = {
	    {"fraud-detection.yaml", NULL, NULL, "FraudSentinel", false, true},
	    {"defence-target-recognition.yaml", NULL, NULL, "Sentinel ATR",
	     false, false},
	    {"cv-screening.yaml", NULL, NULL, "TalentRank CV screener", true,
	     false},
	    {"fraud-detection.yaml", "exposure: internal", "exposure: public_api",
	     "FraudSentinel", true, true},
	    /* a name that would end a naive "%s" early: quote, backslash, tab */
	    {"credit-scoring.yaml", "name: \"LoanScore\"",
	     "name: \"Loan\\\"Score\\\\ \\t#x\"", "Loan\"Score\\ \t#x", true,
	     false},
	};
	char dir[300], path[400];
	struct aisec_error err;
	FILE *f;

	assert_int_equal(test_tmpdir_make(dir, sizeof dir, "draft"), 0);
	snprintf(path, sizeof path, "%s/reference.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	/* the draft's field names; features as columns "features[i]" */
	fputs("time,client,id,predicted,label,score,latency,features[0],"
	      "features[1]\n",
	      f);
	for (int i = 0; i < 200; i++)
		fprintf(f, "%d,c%d,e%d,%d,%d,%.2f,%d,%.3f,%.3f\n", i, i % 5, i,
			i % 2, (i / 2) % 2, (i % 100) / 100.0, 10 + (i * 7) % 50,
			(i % 13) / 13.0, (i % 7) / 7.0);
	fclose(f);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct aisec_profile *p =
		    example(cases[i].rel, cases[i].from, cases[i].to);
		struct aisec_monitor_spec *s = NULL;
		struct aisec_buf b;

		aisec_buf_init(&b, 0);
		assert_int_equal(
		    aisec_monitor_spec_draft(p, "dir/\"p\".yaml\nx", &b, &err),
		    0);
		/* the source cannot break out of the opening comment */
		assert_non_null(strstr(b.data, "from \"dir/\\\"p\\\".yaml\\x0ax\".\n"));
		assert_int_equal(strstr(b.data, "\nprada:\n") != NULL,
				 cases[i].outside);
		assert_int_equal(strstr(b.data, "\nsponge:\n") != NULL,
				 cases[i].outside);
		assert_int_equal(strstr(b.data, "\npoisoning:\n") != NULL,
				 cases[i].learning);
		if (aisec_monitor_spec_parse("draft.yaml", b.data, b.len, dir, &s,
					     &err))
			fail_msg("%s: %s\n%s", cases[i].rel, err.msg, b.data);
		assert_string_equal(aisec_monitor_spec_system(s),
				    cases[i].system);
		aisec_monitor_spec_free(s);
		/* a capped buffer fails whole, with a message */
		aisec_buf_release(&b);
		aisec_buf_init(&b, 64);
		assert_int_equal(aisec_monitor_spec_draft(p, NULL, &b, &err),
				 AISEC_ERR_LIMIT);
		assert_non_null(strstr(err.msg, "monitor spec draft"));
		assert_int_equal(b.len, 0);
		aisec_buf_release(&b);
		aisec_profile_free(p);
	}
	test_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_refusals),
	    cmocka_unit_test(test_false_alarm_rate),
	    cmocka_unit_test(test_detection_delay),
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_client_pool),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_client_detectors),
	    cmocka_unit_test(test_spec_draft),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
