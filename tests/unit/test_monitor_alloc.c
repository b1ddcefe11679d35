/*
 * test_monitor_alloc.c - aisec_monitor_observe() allocates nothing: this
 * binary interposes malloc, calloc and realloc (forwarding to glibc's
 * __libc_* entry points) and counts the calls made while every detector
 * (declared accuracy, drift, PRADA, sponge, poisoning, late-label join)
 * sees 200,000 events from 5,000 clients through a pool of 16; and
 * aisec_monitor_feed_line() of a JSON line on the fast path neither.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aisec/monitor.h"
#include "tmpdir.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif

static volatile int counting;

#ifndef ASAN
static volatile long allocations;

/* (AddressSanitizer owns malloc: under it only the behaviour is checked) */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);

void *malloc(size_t n)
{
	if (counting)
		allocations++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	if (counting)
		allocations++;
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	if (counting)
		allocations++;
	return __libc_realloc(p, n);
}
#endif

static const char spec_text[] =
    "system: alloc\n"
    "classes: [a, b, c]\n"
    "join_window: 64\n"
    "reference: ref.csv\n"
    "fields: {client: c, id: id, predicted: p, label: l, latency: lat,\n"
    "         score: s, features: [x0, x1]}\n"
    "accuracy:\n  window: 100\n  levels: [{metric: accuracy, min: 0.5},\n"
    "           {metric: recall, class: b, min: 0.5}]\n"
    "drift: {window: 500, page_hinkley: {delta: 0.01, lambda: 5}}\n"
    "prada: {delta: 0.95, max_clients: 16, max_queries_per_class: 16,\n"
    "        max_distances: 200, every: 5, min_distances: 20}\n"
    "sponge: {window: 20}\n"
    "poisoning: {window: 200}\n";

static void test_observe_allocates_nothing(void **state)
{
	char dir[256], path[300];
	struct aisec_monitor_spec *s = NULL;
	struct aisec_monitor *m;
	struct aisec_error err;
	struct aisec_monitor_counts c;
	double x[2];
	char client[16], id[16];
	FILE *f;

	assert_int_equal(test_tmpdir_make(dir, sizeof dir, "monitor-alloc"), 0);
	snprintf(path, sizeof path, "%s/ref.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("c,p,l,lat,s,x0,x1\n", f);
	for (int i = 0; i < 1000; i++)
		fprintf(f, "c%d,%d,%d,%d,%.3f,%d,%d\n", i % 9, i % 3,
			(i / 3) % 3, i % 40, (i % 97) / 97.0, i % 13,
			(i * 7) % 17);
	fclose(f);
	if (aisec_monitor_spec_parse("alloc.yaml", spec_text, strlen(spec_text),
				     dir, &s, &err))
		fail_msg("%s", err.msg);
	m = aisec_monitor_new(s, NULL, &err);
	assert_non_null(m);
	counting = 1;
	for (int i = 0; i < 200000; i++) {
		struct aisec_monitor_event ev = {.time = i,
						 .score = (i % 89) / 89.0,
						 .latency = i % 50,
						 .size = NAN,
						 .predicted = i % 3,
						 .label = -1,
						 .features = x,
						 .nfeatures = 2};

		x[0] = i % 11;
		x[1] = (i * 5) % 19;
		ev.client_len = (size_t)snprintf(client, sizeof client, "u%d",
						 (i / 3) % 5000);
		ev.client = client;
		ev.id_len = (size_t)snprintf(id, sizeof id, "e%d", i);
		ev.id = id;
		if (i % 4 == 0)
			ev.label = (i / 4) % 3;
		assert_true(aisec_monitor_observe(m, &ev) >= 0);
		if (i % 4 == 1 && i >= 8) {
			/* the label of an earlier prediction, by id */
			struct aisec_monitor_event late = {.time = i,
							   .score = NAN,
							   .latency = NAN,
							   .size = NAN,
							   .predicted = -1,
							   .label = i % 3};

			late.id_len =
			    (size_t)snprintf(id, sizeof id, "e%d", i - 8);
			late.id = id;
			assert_true(aisec_monitor_observe(m, &late) >= 0);
		}
	}
	counting = 0;
	aisec_monitor_counts(m, &c);
#ifndef ASAN
	assert_int_equal(allocations, 0);
#endif
	assert_true(c.joined > 40000);
	assert_true(c.evicted > 4000);
	/* a JSON line read by the fast path (jsonscan.c) allocates nothing */
	{
		static const char line[] =
		    "{\"c\": \"u1\", \"id\": \"e1\", \"p\": \"b\", "
		    "\"lat\": 12, \"s\": 0.25, \"x0\": 3, \"x1\": 4.5e0}";

		counting = 1;
		for (int i = 0; i < 1000; i++)
			assert_true(aisec_monitor_feed_line(
					m, line, strlen(line), 1, &err) >= 0);
		counting = 0;
#ifndef ASAN
		assert_int_equal(allocations, 0);
#endif
	}
	/* the counter works: a line with an escape goes to jansson, which
	 * allocates */
	counting = 1;
	aisec_monitor_feed_line(m, "{\"p\": \"\\u0062\"}", 15, 1, &err);
	counting = 0;
#ifndef ASAN
	assert_true(allocations > 0);
#endif
	aisec_monitor_free(m);
	aisec_monitor_spec_free(s);
	test_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_observe_allocates_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
