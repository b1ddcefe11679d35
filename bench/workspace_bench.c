/*
 * workspace_bench.c - the portfolio of a large workspace (bench/workspace.sh).
 *   workspace_bench load W N PROFILE FINDINGS...   N systems, one assessment
 *       each (findings round-robin), through the public API in one transaction
 *   workspace_bench query W REPEAT                 the portfolio queries the
 *       dashboard and `workspace list` make, REPEAT times each: median and
 *       worst in ms
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aisec/aisec.h"
#include "aisec/store.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int die(const struct aisec_error *err)
{
	fprintf(stderr, "workspace_bench: %s\n", err->msg);
	return 1;
}

static int load(const char *where, int n, const char *profile, char **findings,
		int nf)
{
	struct aisec_store *s;
	struct aisec_error err;
	struct aisec_buf p, *f = calloc((size_t)nf, sizeof(*f));
	double t0;

	aisec_buf_init(&p, 0);
	if (!f || aisec_file_read(profile, &p, &err))
		return die(&err);
	for (int i = 0; i < nf; i++) {
		aisec_buf_init(&f[i], 0);
		if (aisec_file_read(findings[i], &f[i], &err))
			return die(&err);
	}
	if (aisec_store_open(where, AISEC_STORE_CREATE, &s, &err))
		return die(&err);
	t0 = now_ms();
	if (aisec_store_begin(s, &err))
		return die(&err);
	for (int i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "sys-%05d", i);
		if (aisec_store_system_put(s, name, NULL, p.data, p.len, NULL,
					   &err) ||
		    aisec_store_assessment_record(
			s, name, f[i % nf].data, f[i % nf].len,
			"2026-01-01T00:00:00Z", NULL, &err))
			return die(&err);
	}
	if (aisec_store_commit(s, &err))
		return die(&err);
	printf("load_api %d systems with one assessment each in %.1f s "
	       "(%.0f/s, one transaction)\n",
	       n, (now_ms() - t0) / 1e3, n / ((now_ms() - t0) / 1e3));
	aisec_store_close(s);
	for (int i = 0; i < nf; i++)
		aisec_buf_release(&f[i]);
	free(f);
	aisec_buf_release(&p);
	return 0;
}

static int query(const char *where, int repeat)
{
	static const struct {
		const char *what;
		struct aisec_store_query q;
	} cases[] = {
	    {"page of 100 by name", {.sort = AISEC_STORE_SORT_NAME}},
	    {"page of 100 by open risks, descending",
	     {.sort = AISEC_STORE_SORT_OPEN_RISKS, .descending = true}},
	    {"page 50 (offset 4900) by class",
	     {.sort = AISEC_STORE_SORT_CLASS, .offset = 4900}},
	    {"class high-risk, by deadline",
	     {.klass = "high-risk", .sort = AISEC_STORE_SORT_DEADLINE}},
	    {"text filter '99', open risks only",
	     {.text = "99", .open_risks = true}},
	    {"1000 rows by last assessment",
	     {.sort = AISEC_STORE_SORT_ASSESSED, .limit = 1000}},
	};
	struct aisec_store *s;
	struct aisec_error err;
	double *t = calloc((size_t)repeat, sizeof(double));

	if (!t || aisec_store_open(where, 0, &s, &err))
		return die(&err);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t total = 0;

		for (int r = 0; r < repeat; r++) {
			struct aisec_store_page pg;
			double t0 = now_ms();

			if (aisec_store_portfolio(s, &cases[c].q, &pg, &err))
				return die(&err);
			t[r] = now_ms() - t0;
			total = pg.total;
			aisec_store_page_release(&pg);
		}
		qsort(t, (size_t)repeat, sizeof(double), cmp_double);
		printf("portfolio %-40s median %6.2f ms, worst %6.2f ms (%zu "
		       "matching)\n",
		       cases[c].what, t[repeat / 2], t[repeat - 1], total);
	}
	{
		struct aisec_store_assessment *h;
		size_t n;

		for (int r = 0; r < repeat; r++) {
			double t0 = now_ms();

			if (aisec_store_assessment_history(s, "sys-00001", &h,
							   &n, &err))
				return die(&err);
			t[r] = now_ms() - t0;
			aisec_store_assessments_free(h, n);
		}
		qsort(t, (size_t)repeat, sizeof(double), cmp_double);
		printf("history   %-40s median %6.2f ms, worst %6.2f ms (%zu "
		       "assessments)\n",
		       "one system", t[repeat / 2], t[repeat - 1], n);
	}
	aisec_store_close(s);
	free(t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && strcmp(argv[1], "load") == 0)
		return load(argv[2], atoi(argv[3]), argv[4], argv + 5,
			    argc - 5);
	if (argc == 4 && strcmp(argv[1], "query") == 0)
		return query(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: workspace_bench load W N PROFILE FINDINGS... | "
			"query W REPEAT\n");
	return 2;
}
