/* test_catalog.c - the knowledge-base loader, validation, lookups, derived
 * links, filters, changes and --explain, on the fixtures in tests/data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aisec/catalog.h"

#define FIXTURE(name) AISEC_SOURCE_DIR "/tests/data/catalog-" name

static struct aisec_catalog *load_good(void)
{
	struct aisec_error err;
	struct aisec_catalog *cat = aisec_catalog_load_dir(FIXTURE("good"), &err);

	if (!cat)
		fail_msg("load: %s", err.msg);
	return cat;
}

static void test_load_good(void **state)
{
	struct aisec_catalog *cat = load_good();
	const struct aisec_catalog_meta *m = aisec_catalog_meta(cat);
	const struct aisec_standard *s;
	const struct aisec_threat *t;
	size_t n;

	assert_string_equal(m->version, "test-1");
	assert_string_equal(m->as_of, "2026-11-28");
	s = aisec_catalog_standards(cat, &n);
	assert_int_equal(n, 5);
	/* sorted path order: standards/iso.yaml before standards/new.yaml */
	assert_string_equal(s[0].id, "iso-iec-27001-2022");
	assert_string_equal(s[4].id, "cen-cenelec-ai-trustworthiness-characterisation");
	assert_string_equal(s[0].status_now.stage, "published");
	assert_int_equal(s[0].goals, AISEC_GOAL_CONFIDENTIALITY | AISEC_GOAL_INTEGRITY |
					     AISEC_GOAL_AVAILABILITY);
	assert_string_equal(s[0].aliases[1], "ISO 27001");
	assert_null(s[0].aliases[2]);
	assert_non_null(s[2].characteristics); /* absent lists are empty, never NULL */
	assert_null(s[2].characteristics[0]);
	assert_null(s[3].reference);
	assert_true(s[3].added_after_report);
	assert_string_equal(s[0].source.cite, "ENISA 2023, Annex A.1");
	assert_string_equal(s[0].source.file, "standards/iso.yaml");
	assert_int_equal(s[0].source.line, 2);
	t = aisec_catalog_threats(cat, &n);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].tvra.impact, "high");
	assert_string_equal(t[1].any_of[1], "public_data");
	assert_int_equal(aisec_catalog_requirement(cat, "cybersecurity")->matrix_column, 7);
	assert_int_equal(aisec_catalog_control(cat, "rate_limiting")->raises.window[0], 'm');
	assert_null(aisec_catalog_control(cat, "rate_limiting")->raises.impact);
	assert_non_null(aisec_catalog_document(cat, "tvra", NULL));
	assert_null(aisec_catalog_document(cat, "ai_act", NULL));
	assert_int_equal(aisec_catalog_validate(cat, NULL, NULL), 0);
	aisec_catalog_free(cat);
}

static void test_lookup(void **state)
{
	struct aisec_catalog *cat = load_good();
	struct aisec_entry e[4];

	assert_string_equal(aisec_catalog_standard(cat, "iso 27001")->id, "iso-iec-27001-2022");
	assert_string_equal(aisec_catalog_standard(cat, "ISO/IEC 27001:2022")->id,
			    "iso-iec-27001-2022");
	assert_string_equal(aisec_catalog_standard(cat, "ISO-IEC-42001")->id, "iso-iec-42001");
	assert_null(aisec_catalog_standard(cat, "ISO/IEC 99999"));
	/* "robustness" is a requirement and a characteristic */
	assert_int_equal(aisec_catalog_find(cat, "robustness", e, 4), 2);
	assert_int_equal(e[0].kind, AISEC_ENTRY_REQUIREMENT);
	assert_int_equal(e[1].kind, AISEC_ENTRY_CHARACTERISTIC);
	assert_string_equal(aisec_entry_kind_name(e[1].kind), "characteristic");
	assert_int_equal(aisec_catalog_find(cat, "ISO/IEC 27090", e, 4), 1);
	assert_string_equal(e[0].id, "iso-iec-27090");
	assert_int_equal(aisec_catalog_find(cat, "nothing", e, 4), 0);
	aisec_catalog_free(cat);
}

static void test_matrix_links(void **state)
{
	struct aisec_catalog *cat = load_good();
	const struct aisec_matrix *m = aisec_catalog_matrix(cat, "a.3");
	const struct aisec_link *l;
	size_t n, report = 0, uncertain = 0;

	assert_non_null(m);
	assert_null(aisec_catalog_matrix(cat, "A.4"));
	assert_int_equal(m->nrows, 3);
	assert_memory_equal(m->rows[2].cells, "  ?xxxxx x", 10);
	assert_null(m->rows[1].action_or_status);
	assert_string_equal(m->columns[9], "conformity_assessment");
	l = aisec_catalog_links(cat, &n);
	assert_int_equal(n, 13);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(l[i].kind, "report") != 0)
			continue;
		report++;
		assert_int_equal(l[i].target_kind, AISEC_LINK_REQUIREMENT);
		assert_string_equal(l[i].source.cite, "ENISA 2023, Annex A.3");
		assert_string_equal(l[i].source.file, "matrices.yaml");
		if (l[i].note) {
			uncertain++;
			assert_string_equal(l[i].note, "uncertain in the report");
			assert_string_equal(l[i].target, "record_keeping");
			assert_int_equal(l[i].source.line, 21);
		}
	}
	assert_int_equal(report, 11);
	assert_int_equal(uncertain, 1);
	aisec_catalog_free(cat);
}

static void test_filter(void **state)
{
	struct aisec_catalog *cat = load_good();
	const struct aisec_standard *s;
	struct aisec_standard_filter f = {.ai_specific = -1};
	size_t n, hits;

	s = aisec_catalog_standards(cat, &n);
	hits = 0;
	for (size_t i = 0; i < n; i++)
		hits += aisec_catalog_standard_matches(cat, &s[i], &f);
	assert_int_equal(hits, 5);
	f.requirement = "quality_management";
	assert_true(aisec_catalog_standard_matches(cat, &s[0], &f));
	assert_true(aisec_catalog_standard_matches(cat, &s[1], &f));
	assert_false(aisec_catalog_standard_matches(cat, &s[2], &f));
	f.requirement = NULL;
	f.goal = "integrity"; /* by goals, or by a goal link (etsi-en-304-223) */
	assert_true(aisec_catalog_standard_matches(cat, &s[3], &f));
	assert_false(aisec_catalog_standard_matches(cat, &s[2], &f));
	f.goal = NULL;
	f.threat = "evasion";
	assert_true(aisec_catalog_standard_matches(cat, &s[2], &f));
	assert_false(aisec_catalog_standard_matches(cat, &s[0], &f));
	f.threat = NULL;
	f.status = "draft";
	assert_true(aisec_catalog_standard_matches(cat, &s[2], &f));
	assert_false(aisec_catalog_standard_matches(cat, &s[4], &f)); /* withdrawn */
	f.status = NULL;
	f.search = "MANAGEMENT SYSTEM";
	assert_true(aisec_catalog_standard_matches(cat, &s[1], &f));
	assert_false(aisec_catalog_standard_matches(cat, &s[2], &f));
	f.search = NULL;
	f.body = "etsi";
	f.ai_specific = 1;
	assert_true(aisec_catalog_standard_matches(cat, &s[3], &f));
	f.ai_specific = 0;
	assert_false(aisec_catalog_standard_matches(cat, &s[3], &f));
	aisec_catalog_free(cat);
}

/* A misspelt filter value is an error, not an empty listing. */
static void test_filter_check(void **state)
{
	struct aisec_catalog *cat = load_good();
	struct aisec_standard_filter f = {.ai_specific = -1};
	struct aisec_error err;

	aisec_error_clear(&err);
	assert_int_equal(aisec_catalog_standard_filter_check(cat, &f, &err), 0);
	f = (struct aisec_standard_filter){.ai_specific = -1, .status = "DIS", .goal = "Integrity",
					   .requirement = "record_keeping", .threat = "evasion"};
	assert_int_equal(aisec_catalog_standard_filter_check(cat, &f, &err), 0);
	f.status = "drafty";
	assert_int_equal(aisec_catalog_standard_filter_check(cat, &f, &err), AISEC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "filter 'status': unknown stage 'drafty'"));
	f.status = "draft";
	f.goal = "secrecy";
	assert_int_equal(aisec_catalog_standard_filter_check(cat, &f, &err), AISEC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "filter 'goal': unknown goal 'secrecy'"));
	f.goal = NULL;
	/* '-' and '_' alike in ids */
	f.requirement = "Record-Keeping";
	assert_int_equal(aisec_catalog_standard_filter_check(cat, &f, &err), 0);
	assert_non_null(aisec_catalog_requirement(cat, "record-keeping"));
	f.requirement = "record-keepin";
	assert_int_equal(aisec_catalog_standard_filter_check(cat, &f, &err), AISEC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "filter 'requirement': no requirement 'record-keepin' "
					"in the catalog (did you mean record_keeping?)"));
	f.requirement = NULL;
	f.threat = "evasions";
	assert_int_equal(aisec_catalog_standard_filter_check(cat, &f, &err), AISEC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "filter 'threat': no threat 'evasions'"));
	assert_non_null(strstr(err.msg, "did you mean evasion"));
	f.threat = NULL;
	f.body = "no-such-body";
	assert_int_equal(aisec_catalog_standard_filter_check(cat, &f, &err), AISEC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "filter 'body': no standards from 'no-such-body'"));
	aisec_catalog_free(cat);
}

static void test_changes(void **state)
{
	struct aisec_catalog *cat = load_good();
	const struct aisec_standard *s;
	struct aisec_change ch;
	size_t n;

	s = aisec_catalog_standards(cat, &n);
	aisec_catalog_change(&s[0], &ch);
	assert_int_equal(ch.kind, AISEC_CATALOG_CHANGE_UNCHANGED);
	aisec_catalog_change(&s[1], &ch); /* target December 2023, published 2023-12 */
	assert_int_equal(ch.kind, AISEC_CATALOG_CHANGE_PUBLISHED);
	assert_true(ch.has_delay);
	assert_int_equal(ch.delay_months, 0);
	aisec_catalog_change(&s[2], &ch); /* target Jul-23, fdis as of 2026-10 */
	assert_int_equal(ch.kind, AISEC_CATALOG_CHANGE_IN_PROGRESS);
	assert_true(ch.overdue);
	assert_int_equal(ch.delay_months, 39);
	aisec_catalog_change(&s[3], &ch);
	assert_int_equal(ch.kind, AISEC_CATALOG_CHANGE_ADDED);
	aisec_catalog_change(&s[4], &ch);
	assert_int_equal(ch.kind, AISEC_CATALOG_CHANGE_WITHDRAWN);
	assert_int_equal(aisec_catalog_month("2023-12-18"), 2023 * 12 + 11);
	assert_int_equal(aisec_catalog_month("Apr-23"), 2023 * 12 + 3);
	assert_int_equal(aisec_catalog_month("Q1 2025"), 2025 * 12 + 2);
	assert_int_equal(aisec_catalog_month("July 2024"), 2024 * 12 + 6);
	assert_int_equal(aisec_catalog_month("2022"), 2022 * 12 + 11);
	assert_int_equal(aisec_catalog_month("TBC"), -1);
	assert_int_equal(aisec_catalog_month("\xe2\x80\x94"), -1);
	assert_int_equal(aisec_catalog_month(NULL), -1);
	aisec_catalog_free(cat);
}

struct seen {
	int n;
	char fields[32][64];
	int lines[32];
	char cites[32][64];
};

static void collect(void *ctx, const struct aisec_statement *st)
{
	struct seen *s = ctx;

	if (s->n >= 32)
		return;
	snprintf(s->fields[s->n], 64, "%s=%s", st->field, st->value);
	snprintf(s->cites[s->n], 64, "%s", st->cite);
	s->lines[s->n++] = st->line;
}

static void test_explain(void **state)
{
	struct aisec_catalog *cat = load_good();
	const struct aisec_standard *s = aisec_catalog_standard(cat, "iso-iec-27001-2022");
	const struct aisec_matrix *m = aisec_catalog_matrix(cat, "A.3");
	struct aisec_source nowhere = {"x", "standards/iso.yaml", 3};
	struct aisec_error err;
	struct seen seen = {0};

	assert_int_equal(aisec_catalog_explain(cat, &s->source, collect, &seen, &err), 0);
	assert_string_equal(seen.fields[0], "id=iso-iec-27001-2022");
	assert_int_equal(seen.lines[0], 2);
	assert_string_equal(seen.fields[2], "aliases=ISO/IEC 27001, ISO 27001");
	assert_string_equal(seen.cites[2], "ENISA 2023, Annex A.1");
	assert_string_equal(seen.fields[9], "status_now.stage=published");
	assert_int_equal(seen.lines[9], 12);
	assert_string_equal(seen.cites[9], "standards-and-ai-act.md §2");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(aisec_catalog_explain(cat, &m->rows[2].source, collect, &seen, &err), 0);
	assert_string_equal(seen.fields[0], "standard=cen-cenelec-ai-trustworthiness-characterisation");
	assert_string_equal(seen.cites[0], "ENISA 2023, Annex A.3");
	assert_int_equal(aisec_catalog_explain(cat, &nowhere, collect, &seen, &err),
			 AISEC_ERR_NOTFOUND);
	aisec_catalog_free(cat);
}

static void report(void *ctx, const char *msg)
{
	snprintf(ctx, AISEC_ERROR_MAX + 64, "%s", msg);
}

/* One problem, with its file:line message, in a broken fixture. */
static void expect_problem(const char *dir, const char *load_msg, const char *problem)
{
	struct aisec_error err;
	struct aisec_catalog *cat = aisec_catalog_load_dir(dir, &err);
	char got[AISEC_ERROR_MAX + 64] = "";

	assert_null(cat);
	assert_int_equal(err.code, AISEC_ERR_INVALID);
	assert_string_equal(err.msg, load_msg);
	cat = aisec_catalog_load_dir_opts(dir, AISEC_CATALOG_UNCHECKED, &err);
	assert_non_null(cat);
	assert_int_equal(aisec_catalog_validate(cat, report, got), 1);
	assert_string_equal(got, problem);
	aisec_catalog_free(cat);
}

static void test_broken(void **state)
{
	struct aisec_error err;

	expect_problem(FIXTURE("dup-id"),
		       "catalog '" FIXTURE("dup-id") "': threats.yaml:4: threat 'evasion': "
						     "duplicate id (first at threats.yaml:2)",
		       "threats.yaml:4: threat 'evasion': duplicate id (first at threats.yaml:2)");
	expect_problem(FIXTURE("dangling"),
		       "catalog '" FIXTURE("dangling") "': gaps.yaml:2: gap 'traceability_lineage': "
						       "field 'requirements': unknown requirement "
						       "'record_keeping'",
		       "gaps.yaml:2: gap 'traceability_lineage': field 'requirements': unknown "
		       "requirement 'record_keeping'");
	expect_problem(FIXTURE("no-source"),
		       "catalog '" FIXTURE("no-source") "': characteristics.yaml:5: characteristic "
							"'robustness': no source",
		       "characteristics.yaml:5: characteristic 'robustness': no source");
	assert_null(aisec_catalog_load_dir(FIXTURE("unknown-field"), &err));
	assert_string_equal(err.msg, "catalog '" FIXTURE("unknown-field") "': 'standards.yaml' line 5: "
				     "field 'standards[0].colour': unknown field");
	assert_null(aisec_catalog_load_dir(FIXTURE("bad-yaml"), &err));
	assert_int_equal(err.code, AISEC_ERR_PARSE);
	assert_non_null(strstr(err.msg, "'threats.yaml' line 3 column 11: "));
	assert_null(aisec_catalog_load_dir(FIXTURE("does-not-exist"), &err));
	assert_int_equal(err.code, AISEC_ERR_NOTFOUND);
}

static void expect_mem_error(const char *text, const char *msg)
{
	const char *names[] = {"catalog.yaml", "x.yaml"};
	const char *texts[] = {"catalog: {name: n, version: v, as_of: d, credit: c, license: l}\n",
			       text};
	size_t lens[] = {strlen(texts[0]), strlen(text)};
	struct aisec_error err;

	assert_null(aisec_catalog_load_mem(names, texts, lens, 2, &err));
	assert_string_equal(err.msg, msg);
}

static void test_strict_fields(void **state)
{
	expect_mem_error("threats:\n  - {id: a, name: A, goals: [secrecy], source: s}\n",
			 "'x.yaml' line 2: field 'threats[0].goals[0]': unknown value 'secrecy'");
	expect_mem_error("threats:\n  - {id: a, name: A, tvra: {impact: huge}, source: s}\n",
			 "'x.yaml' line 2: field 'threats[0].tvra.impact': unknown value 'huge'");
	expect_mem_error("standards:\n  - {id: Bad_Id, title: t, body: ISO, source: s}\n",
			 "'x.yaml' line 2: field 'standards[0].id': id 'Bad_Id' may hold only "
			 "a-z, 0-9, '_' and '-'");
	expect_mem_error("standards:\n  - {id: a, title: t, body: ISO, ai_specific: maybe}\n",
			 "'x.yaml' line 2: field 'standards[0].ai_specific': expected true or "
			 "false, not 'maybe'");
	expect_mem_error("standards:\n  - {id: a, body: ISO}\n",
			 "'x.yaml' line 2: field 'standards[0].title': missing");
	expect_mem_error("links:\n  - {standard: a, goal: integrity, threat: b, kind: report}\n",
			 "'x.yaml' line 2: field 'links[0]': needs exactly one of 'requirement', "
			 "'goal', 'threat'");
	expect_mem_error("matrices:\n  - annex: A.3\n    columns: [a, b, c, d, e, f, g, h, i, j]\n"
			 "    rows:\n      - {cells: \"xx\"}\n",
			 "'x.yaml' line 5: field 'matrices[0].rows[0]': cells must be 10 characters "
			 "of 'x', '?' or '.', not 'xx'");
	/* libfyaml 0.7 loops on malformed UTF-8 in a directive: refused first */
	expect_mem_error("threats: []\n%\xff\n", "'x.yaml' line 2: not valid UTF-8");
	expect_mem_error("threats: []\n# \xed\xa0\x80\n", "'x.yaml' line 2: not valid UTF-8");
	/* duplicate keys: the loader checks them itself (libfyaml's check is off) */
	expect_mem_error("threats:\n  - id: a\n    name: A\n    name: B\n",
			 "'x.yaml' line 4: field 'threats[0].name': duplicate key");
	expect_mem_error("threats: []\nthreats: []\n",
			 "'x.yaml' line 2: field 'threats': duplicate key");
	expect_mem_error("tvra: {a: 1, a: 2}\n", "'x.yaml' line 1 column 14: duplicate key");
	expect_mem_error("threats: []\n---\nthreats: []\n",
			 "'x.yaml' line 2: more than one YAML document");
	expect_mem_error("threats: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
			 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
			 "'x.yaml' line 1 column 72: Max depth (64) exceeded");
	expect_mem_error("gadgets: []\n", "'x.yaml' line 1: field 'gadgets': unknown collection");
	expect_mem_error("- a\n", "'x.yaml' line 1: expected a mapping of collections "
				  "(standards:, threats:, ...)");
	expect_mem_error("threats: {id: a}\n",
			 "'x.yaml' line 1: field 'threats': expected a list of entries");
	expect_mem_error("threats:\n  - &t {id: a, name: A, source: s}\n  - *t\n",
			 "'x.yaml' line 3: field 'threats[1]': expected a mapping");
}

static void test_partial_load(void **state)
{
	struct aisec_error err;
	struct aisec_catalog *cat;
	size_t n;

	/* only standards: the broken threats file of this fixture is never parsed */
	cat = aisec_catalog_load_dir_opts(FIXTURE("bad-yaml"), AISEC_CATALOG_STANDARDS, &err);
	assert_non_null(cat);
	assert_string_equal(aisec_catalog_meta(cat)->version, "test-1");
	aisec_catalog_threats(cat, &n);
	assert_int_equal(n, 0);
	aisec_catalog_free(cat);
	cat = aisec_catalog_load_dir_opts(FIXTURE("good"), AISEC_CATALOG_MATRICES, &err);
	assert_non_null(cat);
	aisec_catalog_links(cat, &n);
	assert_int_equal(n, 0); /* links were not asked for */
	assert_int_equal(aisec_catalog_matrix(cat, "A.3")->nrows, 3);
	aisec_catalog_free(cat);
}

/* Collects the problems aisec_catalog_validate_strict() reports. */
struct problems {
	char text[4096];
	size_t n;
};

static void collect_problem(void *ctx, const char *msg)
{
	struct problems *p = ctx;
	size_t len = strlen(p->text);

	snprintf(p->text + len, sizeof(p->text) - len, "%s\n", msg);
	p->n++;
}

static struct aisec_catalog *load_two(const char *meta, const char *text)
{
	const char *names[] = {"catalog.yaml", "x.yaml"};
	const char *texts[] = {meta, text};
	size_t lens[] = {strlen(meta), strlen(text)};
	struct aisec_error err;
	struct aisec_catalog *cat =
		aisec_catalog_load_mem_opts(names, texts, lens, 2, AISEC_CATALOG_UNCHECKED, &err);

	if (!cat)
		fail_msg("load: %s", err.msg);
	return cat;
}

/* issue 11: strict currency and citation checks; "describes" is not coverage */
static void test_strict_checks(void **state)
{
	static const char meta[] =
		"catalog: {name: n, version: v, as_of: \"2026-12-05\", credit: c, license: l}\n";
	static const char text[] =
		"standards:\n"
		"  - id: a\n"
		"    reference: \"ISO/IEC TR 24030:2021\"\n"
		"    title: A\n"
		"    body: ISO/IEC\n"
		"    status_report: \"Published\"\n"
		"    status_now: {stage: published, date: \"2024-04\", as_of: \"2025-12\", "
		"source: \"ISO/IEC TR 24030:2024\", url: \"https://www.iso.org/\"}\n"
		"    source: \"ENISA 2023, Annex A.2\"\n"
		"  - id: b\n"
		"    reference: \"ISO/IEC AWI TS 1\"\n"
		"    title: B\n"
		"    body: ISO/IEC\n"
		"    status_report: \"Under development\"\n"
		"    target_report: \"Feb-24\"\n"
		"    status_now: {stage: published, date: \"2020-11\", as_of: \"2025-11\", "
		"source: \"brief.md §2\", url: \"www.iso.org\"}\n"
		"    source: \"our reading\"\n"
		"links:\n"
		"  - {standard: a, threat: t, kind: report, relation: describes, note: \"Box 3\", "
		"source: \"ENISA 2023, Box 3\"}\n"
		"  - {standard: a, threat: u, kind: analysis, relation: covers, "
		"note: \"It does not address it.\", source: \"ISO/IEC TR 24030:2024\"}\n"
		"  - {standard: b, threat: t, kind: analysis, source: \"https://example.org/b\"}\n";
	struct aisec_catalog *cat = load_two(meta, text);
	struct problems p = {{0}, 0};
	const struct aisec_standard *s;
	const struct aisec_link *l;
	struct aisec_change ch;
	size_t n;

	assert_int_equal(aisec_catalog_validate_strict(cat, collect_problem, &p), 6);
	assert_int_equal(p.n, 6);
	assert_non_null(strstr(p.text, "standard 'b': field 'source': 'our reading' names no "
				       "public identifier"));
	assert_non_null(strstr(p.text, "standard 'b': field 'status_now.source': cites the file "
				       "'brief.md', not a public source"));
	assert_non_null(strstr(p.text, "standard 'b': field 'status_now.url': 'www.iso.org' is "
				       "not a web address"));
	assert_non_null(strstr(p.text, "standard 'b': field 'status_now.as_of': checked 2025-11, "
				       "more than 12 months before the catalog's as_of 2026-12-05"));
	assert_null(strstr(p.text, "standard 'a': field 'status_now.as_of'")); /* 12 months */
	assert_non_null(strstr(p.text, "link 'a -> u': claims coverage"));
	assert_non_null(strstr(p.text, "link 'b -> t': field 'relation': missing"));

	l = aisec_catalog_links(cat, &n);
	assert_int_equal(n, 3);
	assert_false(aisec_link_covers(&l[0]));
	assert_true(aisec_link_covers(&l[1]));
	assert_true(aisec_link_covers(&l[2])); /* unstated counts as covers */

	s = aisec_catalog_standards(cat, &n);
	aisec_catalog_change(&s[0], &ch); /* 2021 edition in the report, 2024 now */
	assert_int_equal(ch.kind, AISEC_CATALOG_CHANGE_REVISED);
	aisec_catalog_change(&s[1], &ch); /* published 2020: not "since the report" */
	assert_int_equal(ch.kind, AISEC_CATALOG_CHANGE_UNCHANGED);
	assert_false(ch.has_delay);
	aisec_catalog_free(cat);
}

static void test_embedded(void **state)
{
	struct aisec_error err;
	struct aisec_catalog *cat = aisec_catalog_load_embedded(&err);

	if (!cat)
		fail_msg("built-in catalog: %s", err.msg);
	assert_string_equal(aisec_catalog_meta(cat)->as_of, "2026-12-05");
	assert_non_null(strstr(aisec_catalog_meta(cat)->credit, "CC BY 4.0"));
	assert_int_equal(aisec_catalog_validate(cat, NULL, NULL), 0);
	aisec_catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_good),    cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_matrix_links), cmocka_unit_test(test_filter),
		cmocka_unit_test(test_filter_check),
		cmocka_unit_test(test_changes),      cmocka_unit_test(test_explain),
		cmocka_unit_test(test_broken),       cmocka_unit_test(test_strict_fields),
		cmocka_unit_test(test_partial_load), cmocka_unit_test(test_strict_checks),
		cmocka_unit_test(test_embedded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
