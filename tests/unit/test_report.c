/*
 * test_report.c - the renderers of src/report on hand-written findings
 * (tests/data/findings-*.json, docs/findings.md) and the knowledge-base
 * exports on the shipped catalog: every format renders, is byte-stable,
 * escapes what it must, and carries what its format requires.  The schema
 * validations (SARIF, OSCAL) run in tests/cli/test_report.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "aisec/aisec.h"
#include "aisec/catalog.h"
#include "aisec/report.h"
#include "report/report.h"

static json_t *load(const char *name)
{
	char path[1024];
	json_error_t je;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/tests/data/%s", AISEC_SOURCE_DIR, name);
	doc = json_load_file(path, JSON_PRESERVE_ORDER, &je);
	if (!doc)
		fail_msg("%s: %s", path, je.text);
	return doc;
}

/* Render into a fresh buffer; the test fails on an error. */
static char *render(const json_t *doc, const char *format, const struct aisec_report_options *o)
{
	struct aisec_error err;
	struct aisec_buf b;
	int rc;

	aisec_buf_init(&b, 0);
	aisec_error_clear(&err);
	rc = report_render_doc(doc, NULL, format, o, &b, &err);
	if (rc)
		fail_msg("format %s: %s", format, err.msg);
	return aisec_buf_detach(&b, NULL);
}

static const char *const formats[] = {"json",  "text", "md",  "html",      "sarif",
				      "oscal-ar", "csv", "csv-risks", "csv-coverage", "oscal-ap"};

static void test_formats_listed(void **state)
{
	const char *const *k = aisec_report_formats();
	size_t n = 0;

	for (; k[n]; n++)
		;
	assert_int_equal(n, sizeof(formats) / sizeof(formats[0]));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(k[i], formats[i]);
}

static void test_unknown_format(void **state)
{
	json_t *doc = load("findings-cv.json");
	struct aisec_error err;
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	assert_int_equal(report_render_doc(doc, NULL, "pdf", NULL, &b, &err), AISEC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "'pdf'"));
	assert_non_null(strstr(err.msg, "sarif"));
	assert_non_null(strstr(err.msg, "oscal-ar"));
	assert_int_equal(aisec_report_render(NULL, "nope", NULL, &b, &err), AISEC_ERR_USAGE);
	assert_int_equal(b.len, 0);
	json_decref(doc);
}

/* Every format, both fixtures, with and without the options: same bytes twice. */
static void test_all_formats_stable(void **state)
{
	static const char *const fixtures[] = {"findings-cv.json", "findings-minimal.json"};
	struct aisec_report_options o[2] = {{0}, {.color = true, .width = 72, .explain = true,
						   .include_pass = true}};

	for (size_t f = 0; f < 2; f++) {
		json_t *doc = load(fixtures[f]);

		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			for (size_t k = 0; k < 2; k++) {
				char *a = render(doc, formats[i], &o[k]);
				char *b = render(doc, formats[i], &o[k]);

				assert_true(strlen(a) > 0);
				assert_string_equal(a, b);
				free(a);
				free(b);
			}
		json_decref(doc);
	}
}

/* An empty or odd document renders (less) instead of crashing. */
static void test_partial_documents(void **state)
{
	static const char *const docs[] = {
		"{}",
		"{\"risks\": [{\"threat\": 3, \"residual\": []}], \"threats\": {}}",
		"{\"classification\": {\"basis\": [{\"facts\": [1, null, {}]}]}, \"coverage\": "
		"[{\"kind\": \"requirement\", \"applied\": [1]}]}",
		"{\"as_of\": \"2026-01-01\", \"risks\": [{\"likelihood\": {\"value\": 99}, "
		"\"impact\": {\"value\": -3}}]}",
	};
	struct aisec_report_options o = {.explain = true, .include_pass = true};

	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		json_t *doc = json_loads(docs[d], 0, NULL);

		assert_non_null(doc);
		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
			struct aisec_error err;
			struct aisec_buf b;
			int rc;

			aisec_buf_init(&b, 0);
			rc = report_render_doc(doc, NULL, formats[i], &o, &b, &err);
			/* only the OSCAL documents need a date; the rest always render */
			if (strncmp(formats[i], "oscal-a", 7) == 0 && !json_object_get(doc, "as_of"))
				assert_int_equal(rc, AISEC_ERR_INVALID);
			else
				assert_int_equal(rc, 0);
			aisec_buf_release(&b);
		}
		json_decref(doc);
	}
}

static void test_text(void **state)
{
	json_t *doc = load("findings-cv.json");
	struct aisec_report_options plain = {.width = 60}, color = {.color = true},
				    explain = {.explain = true};
	char *t = render(doc, "text", &plain), *c = render(doc, "text", &color);
	char *e = render(doc, "text", &explain), *line;
	size_t longest = 0;

	assert_null(strchr(t, '\033'));
	assert_non_null(strstr(c, "\033[31mcritical\033[0m"));
	for (const char *s = "CLASSIFICATION\0REQUIREMENTS (5)\0THREATS (5)\0RISKS (5)\0"
			     "COVERAGE (10)\0GAPS (2)\0NEXT STEPS\0";
	     *s; s += strlen(s) + 1)
		assert_non_null(strstr(t, s));
	/* facts with their lines, and the reason a threat was chosen */
	assert_non_null(strstr(t, "deployment.returns = probabilities (line 31)"));
	assert_non_null(strstr(t, "why: the public API returns probabilities"));
	/* --explain adds sources and factors */
	assert_null(strstr(t, "source: "));
	assert_non_null(strstr(e, "source: Regulation (EU) 2024/1689, Art. 6(2)"));
	assert_non_null(strstr(e, "window: easy 1 (default) -> difficult 10 (rate_limiting)"));
	/* prose is wrapped to the width (the risk table may be wider) */
	line = strstr(t, "purpose: ");
	assert_non_null(line);
	for (const char *p = line; *p && strncmp(p, "profile:", 8); ) {
		size_t n = strcspn(p, "\n");

		longest = n > longest ? n : longest;
		p += n + (p[n] == '\n');
	}
	assert_true(longest <= 60);
	free(t);
	free(c);
	free(e);
	json_decref(doc);
}

static void test_markdown_escapes(void **state)
{
	json_t *doc = load("findings-minimal.json");
	char *m = render(doc, "md", NULL);

	assert_non_null(strstr(m, "| provider | Mail \\| Ops |"));
	assert_non_null(strstr(m, "# Spam \\<filter\\> & co"));
	assert_non_null(strstr(m, "## Requirements (0)\n\nNone apply."));
	free(m);
	json_decref(doc);
}

/* No fetchable reference: no scripts, no external src/href, charts inline. */
static void test_html_self_contained(void **state)
{
	json_t *doc = load("findings-cv.json");
	struct aisec_report_options o = {.explain = true};
	char *h = render(doc, "html", &o);
	json_t *min = load("findings-minimal.json");
	char *hm = render(min, "html", NULL);

	assert_true(strncmp(h, "<!DOCTYPE html>", 15) == 0);
	for (const char *bad = "<script\0<link\0<img\0<iframe\0@import\0url(\0src=\0";
	     *bad; bad += strlen(bad) + 1) {
		if (strstr(h, bad))
			fail_msg("html holds '%s'", bad);
	}
	/* links only within the page (the table of contents) */
	for (const char *p = strstr(h, "href="); p; p = strstr(p + 1, "href="))
		if (strncmp(p, "href=\"#", 7))
			fail_msg("html links out: %.40s", p);
	assert_non_null(strstr(h, "<nav class=\"toc\""));
	assert_non_null(strstr(h, "Content-Security-Policy"));
	assert_null(strstr(h, "http://"));
	assert_non_null(strstr(h, "<svg class=\"matrix\""));
	assert_non_null(strstr(h, "aria-label=\"risk matrix after controls\""));
	assert_non_null(strstr(h, "<svg class=\"coverage\""));
	assert_non_null(strstr(h, "@media print"));
	/* escaping of profile text */
	assert_non_null(strstr(h, "Acme Talent, &quot;HR&quot; Services GmbH"));
	assert_non_null(strstr(hm, "<title>Spam &lt;filter&gt; &amp; co:"));
	assert_null(strstr(hm, "<filter>"));
	free(h);
	free(hm);
	json_decref(doc);
	json_decref(min);
}

static json_t *parse(const char *s)
{
	json_error_t je;
	json_t *v = json_loads(s, 0, &je);

	if (!v)
		fail_msg("output is not JSON: %s", je.text);
	return v;
}

static json_t *sarif_results(json_t *sarif)
{
	return json_object_get(json_array_get(json_object_get(sarif, "runs"), 0), "results");
}

static void test_sarif(void **state)
{
	json_t *doc = load("findings-cv.json");
	struct aisec_report_options pass = {.include_pass = true};
	char *a = render(doc, "sarif", NULL), *b = render(doc, "sarif", &pass);
	json_t *sa = parse(a), *sb = parse(b), *r, *moved;
	json_t *run = json_array_get(json_object_get(sa, "runs"), 0);
	size_t i, passes = 0;
	char *c;
	json_t *sc;

	assert_string_equal(json_string_value(json_object_get(sa, "version")), "2.1.0");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(run, "taxonomies"), 0), "name")),
			    "MITRE ATLAS");
	json_array_foreach(sarif_results(sa), i, r)
		assert_string_not_equal(json_string_value(json_object_get(r, "kind")), "pass");
	json_array_foreach(sarif_results(sb), i, r)
		passes += strcmp(json_string_value(json_object_get(r, "kind")), "pass") == 0;
	/* record_keeping, transparency_obligations covered; evasion minor after controls */
	assert_int_equal(passes, 3);
	assert_int_equal(json_array_size(sarif_results(sb)),
			 json_array_size(sarif_results(sa)) + passes);
	/* the model-extraction result: error, line of its fact, ATLAS taxa */
	json_array_foreach(sarif_results(sa), i, r) {
		json_t *loc;

		if (strcmp(json_string_value(json_object_get(r, "ruleId")),
			   "aisec/threat/model_extraction"))
			continue;
		assert_string_equal(json_string_value(json_object_get(r, "level")), "error");
		loc = json_object_get(json_array_get(json_object_get(r, "locations"), 0),
				      "physicalLocation");
		assert_string_equal(json_string_value(json_object_get(
					    json_object_get(loc, "artifactLocation"), "uri")),
				    "examples/cv-screening.yaml");
		assert_int_equal(json_integer_value(json_object_get(
					 json_object_get(loc, "region"), "startLine")),
				 31);
		assert_string_equal(json_string_value(json_object_get(
					    json_array_get(json_object_get(r, "taxa"), 0), "id")),
				    "AML.T0024.002");
		assert_non_null(strstr(json_string_value(json_object_get(
					       json_object_get(r, "message"), "text")),
				       "What to do: adopt iso-iec-27090"));
	}
	/* fingerprints do not move with the lines of the profile */
	moved = json_deep_copy(doc);
	json_object_set_new(json_array_get(json_object_get(json_array_get(json_object_get(
						   json_array_get(json_object_get(moved, "threats"),
								  0),
						   "reasons"), 0), "facts"), 0),
			    "line", json_integer(99));
	c = render(moved, "sarif", NULL);
	sc = parse(c);
	assert_int_equal(json_array_size(sarif_results(sc)), json_array_size(sarif_results(sa)));
	json_array_foreach(sarif_results(sa), i, r)
		assert_true(json_equal(json_object_get(r, "partialFingerprints"),
				       json_object_get(json_array_get(sarif_results(sc), i),
						       "partialFingerprints")));
	assert_non_null(strstr(c, "\"startLine\": 99"));
	free(a);
	free(b);
	free(c);
	json_decref(sa);
	json_decref(sb);
	json_decref(sc);
	json_decref(moved);
	json_decref(doc);
}

static void test_oscal_ar(void **state)
{
	json_t *doc = load("findings-cv.json");
	char *a = render(doc, "oscal-ar", NULL), *b;
	json_t *root = parse(a), *root_b, *ar, *res, *later, *f, *risk;
	size_t i, satisfied = 0;

	ar = json_object_get(root, "assessment-results");
	assert_string_equal(json_string_value(json_object_get(json_object_get(ar, "metadata"),
							      "oscal-version")),
			    OSCAL_VERSION);
	assert_string_equal(json_string_value(json_object_get(json_object_get(ar, "metadata"),
							      "last-modified")),
			    "2026-11-28T00:00:00Z");
	res = json_array_get(json_object_get(ar, "results"), 0);
	assert_int_equal(json_array_size(json_object_get(res, "findings")), 5);
	json_array_foreach(json_object_get(res, "findings"), i, f) {
		json_t *st = json_object_get(json_object_get(f, "target"), "status");

		satisfied += !strcmp(json_string_value(json_object_get(st, "state")), "satisfied");
	}
	assert_int_equal(satisfied, 2);
	risk = json_array_get(json_object_get(res, "risks"), 0);
	assert_int_equal(json_array_size(json_object_get(risk, "characterizations")), 2);
	assert_non_null(strstr(a, "\"value\": \"adjusted\""));
	assert_non_null(strstr(a, "https://atlas.mitre.org/techniques/AML.T0024.002"));
	/* another as_of: other timestamps and uuids, same shape */
	later = json_deep_copy(doc);
	json_object_set_new(later, "as_of", json_string("2027-12-02"));
	b = render(later, "oscal-ar", NULL);
	assert_null(strstr(b, "2026-11-28T00:00:00Z"));
	assert_non_null(strstr(b, "2027-12-02T00:00:00Z"));
	root_b = parse(b);
	assert_string_not_equal(json_string_value(json_object_get(ar, "uuid")),
				json_string_value(json_object_get(
					json_object_get(root_b, "assessment-results"), "uuid")));
	free(a);
	free(b);
	json_decref(root);
	json_decref(root_b);
	json_decref(later);
	json_decref(doc);
}

static void test_csv(void **state)
{
	json_t *doc = load("findings-cv.json");
	char *all = render(doc, "csv", NULL), *r = render(doc, "csv-risks", NULL);
	char *c = render(doc, "csv-coverage", NULL);

	assert_true(strncmp(r, "threat,name,goals,", 18) == 0);
	assert_true(strncmp(c, "kind,id,title,status,", 21) == 0);
	/* CRLF rows; quotes doubled; the newline stays inside the quoted field */
	assert_non_null(strstr(r, "\r\nevasion,"));
	assert_non_null(strstr(r, "\"applicants submit inputs, \"\"crafted\"\" CVs,\nwhich the "
				  "model scores\""));
	assert_non_null(strstr(r, "\"a wrongly ranked CV, caught by the recruiter\""));
	/* csv = risks, an empty line, coverage */
	assert_int_equal(strlen(all), strlen(r) + 2 + strlen(c));
	assert_true(strncmp(all, r, strlen(r)) == 0);
	free(all);
	free(r);
	free(c);
	json_decref(doc);
}

/* CSV injection: a cell that starts like a formula is shown as text. */
static void test_csv_formula_guard(void **state)
{
	json_t *doc = load("findings-cv.json");
	json_t *cov = json_array_get(json_object_get(doc, "coverage"), 0);
	char *c;

	json_object_set_new(cov, "reason", json_string("=HYPERLINK(\"x\")"));
	c = render(doc, "csv-coverage", NULL);
	assert_non_null(strstr(c, ",\"'=HYPERLINK(\"\"x\"\")\"\r\n"));
	free(c);
	json_decref(doc);
}

static void test_uuid5(void **state)
{
	char u[REPORT_UUID_LEN + 1], d[OSCAL_DATETIME_LEN + 1];

	/* python3: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "https://aisec.dev/ns/uuid"), "test") */
	assert_int_equal(report_uuid5("test", u), 0);
	assert_string_equal(u, "6179b313-2bf9-5a47-b338-49ca723ff995");
	assert_int_equal(report_uuid5f(u, "%s", "test"), 0);
	assert_string_equal(u, "6179b313-2bf9-5a47-b338-49ca723ff995");
	assert_int_equal(oscal_datetime("2026-11-28", d), 0);
	assert_string_equal(d, "2026-11-28T00:00:00Z");
	assert_int_equal(oscal_datetime("2026-06", d), 0);
	assert_string_equal(d, "2026-06-01T00:00:00Z");
	assert_int_equal(oscal_datetime("yesterday", d), AISEC_ERR_INVALID);
	assert_int_equal(oscal_datetime("2026-13-01", d), AISEC_ERR_INVALID);
	assert_true(oscal_token_ok("record_keeping"));
	assert_true(oscal_token_ok("std-iso-iec-27001-2022"));
	assert_false(oscal_token_ok("1abc"));
	assert_false(oscal_token_ok("a:b"));
	assert_false(oscal_token_ok(""));
}

static struct aisec_catalog *shipped_catalog(void)
{
	struct aisec_error err;
	char dir[1024];
	struct aisec_catalog *cat;

	snprintf(dir, sizeof(dir), "%s/data", AISEC_SOURCE_DIR);
	cat = aisec_catalog_load_dir(dir, &err);
	if (!cat)
		fail_msg("%s", err.msg);
	return cat;
}

static char *export(const struct aisec_catalog *cat, const char *format)
{
	struct aisec_error err;
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	if (aisec_report_catalog(cat, format, &b, &err))
		fail_msg("%s: %s", format, err.msg);
	return aisec_buf_detach(&b, NULL);
}

/*
 * Write `text` to a temporary file and run the shell command `cmd` with the
 * file's path appended; returns the command's status (0 = success).
 */
static int run_on_file(const char *text, const char *cmd)
{
	char dir[] = "/tmp/aisec-report-XXXXXX", path[64], line[2048];
	FILE *f;
	int rc;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/doc", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
	snprintf(line, sizeof(line), "%s %s", cmd, path);
	rc = system(line);
	unlink(path);
	rmdir(dir);
	return rc;
}

static void test_catalog_exports(void **state)
{
	struct aisec_catalog *cat = shipped_catalog();
	char *c1 = export(cat, "oscal-catalog"), *c2 = export(cat, "oscal-catalog");
	char *m1 = export(cat, "oscal-mapping"), *m2 = export(cat, "oscal-mapping");
	json_t *croot = parse(c1), *mroot = parse(m1);
	json_t *c = json_object_get(croot, "catalog");
	json_t *m = json_object_get(mroot, "mapping-collection");
	size_t nreq, i;
	json_t *g, *map;
	struct aisec_error err;
	struct aisec_buf b;
	bool seen_art12 = false;
	char check[1024];

	assert_string_equal(c1, c2);
	assert_string_equal(m1, m2);
	/* both valid under NIST's published OSCAL schema */
	snprintf(check, sizeof(check),
		 "/usr/bin/python3 %s/tests/cli/oscal_check.py",
		 AISEC_SOURCE_DIR);
	assert_int_equal(run_on_file(c1, check), 0);
	assert_int_equal(run_on_file(m1, check), 0);
	aisec_catalog_requirements(cat, &nreq);
	/* one group per requirement first, then the other kinds */
	json_array_foreach(json_object_get(c, "groups"), i, g) {
		if (i < nreq)
			assert_string_equal(json_string_value(json_object_get(g, "class")),
					    "ai-act-requirement");
		if (!strcmp(json_string_value(json_object_get(g, "id")), "record_keeping-grp")) {
			json_t *ctl = json_array_get(json_object_get(g, "controls"), 0);
			char *s = json_dumps(ctl, 0);

			seen_art12 = true;
			assert_string_equal(json_string_value(json_object_get(ctl, "title")),
					    "Art. 12 Record-keeping");
			assert_non_null(strstr(s, "record_keeping_obj"));
			free(s);
		}
	}
	assert_true(seen_art12);
	assert_true(json_array_size(json_object_get(json_object_get(c, "back-matter"),
						    "resources")) > 100);
	/* the mapping: maps from standards to requirements, unmapped ones listed */
	map = json_array_get(json_object_get(m, "mappings"), 0);
	assert_true(json_array_size(json_object_get(map, "maps")) > 50);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(map, "maps"), 0), "relationship")),
			    "intersects-with");
	assert_non_null(json_object_get(map, "target-gap-summary"));
	assert_non_null(strstr(m1, "\"name\": \"confidence\""));
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_report_catalog(cat, "xml", &b, &err), AISEC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "oscal-mapping"));
	free(c1);
	free(c2);
	free(m1);
	free(m2);
	json_decref(croot);
	json_decref(mroot);
	aisec_catalog_free(cat);
}

/* Python's csv module reads back what csv-risks wrote, field for field. */
static void test_csv_python_roundtrip(void **state)
{
	json_t *doc = load("findings-cv.json");
	char *r = render(doc, "csv-risks", NULL);

	assert_int_equal(run_on_file(r,
		 "/usr/bin/python3 -c 'import csv,sys\n"
		 "rows=list(csv.reader(open(sys.argv[1],newline=\"\")))\n"
		 "assert len(rows)==6, len(rows)\n"
		 "assert all(len(x)==len(rows[0]) for x in rows), [len(x) for x in rows]\n"
		 "e=[x for x in rows if x[0]==\"evasion\"][0]\n"
		 "assert e[rows[0].index(\"reasons\")]==\"applicants submit inputs, \\\"crafted\\\" CVs,\\nwhich the model scores\", e\n"
		 "'"),
			 0);
	free(r);
	json_decref(doc);
}

/* Render both fixtures as one output. */
static char *render_two(const char *format)
{
	json_t *a = load("findings-cv.json"), *b = load("findings-minimal.json");
	const json_t *docs[2] = {a, b};
	struct aisec_error err;
	struct aisec_buf out;

	aisec_buf_init(&out, 0);
	if (report_render_docs(docs, NULL, 2, format, NULL, &out, &err))
		fail_msg("%s: %s", format, err.msg);
	json_decref(a);
	json_decref(b);
	return aisec_buf_detach(&out, NULL);
}

/* Validate `text` against a JSON schema with tests/cli/schema_check.py. */
static void validate(const char *text, const char *schema)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/tests/cli/schema_check.py %s",
		 AISEC_SOURCE_DIR, schema);
	assert_int_equal(run_on_file(text, cmd), 0);
}

static void test_several_findings(void **state)
{
	char *sarif = render_two("sarif"), *ar = render_two("oscal-ar");
	char *html = render_two("html"), *md = render_two("md"), *js = render_two("json");
	json_t *s = parse(sarif), *o = parse(ar), *j = parse(js), *res;
	char schema[1024];
	size_t n = 0;

	assert_int_equal(json_array_size(json_object_get(s, "runs")), 2);
	res = json_object_get(json_object_get(o, "assessment-results"), "results");
	assert_int_equal(json_array_size(res), 2);
	assert_string_not_equal(json_string_value(json_object_get(json_array_get(res, 0), "uuid")),
				json_string_value(json_object_get(json_array_get(res, 1), "uuid")));
	assert_non_null(strstr(ar, "AI Act and cybersecurity assessment: 2 systems"));
	assert_int_equal(json_array_size(j), 2);
	for (const char *p = html; (p = strstr(p, "<!DOCTYPE")); p++)
		n++;
	assert_int_equal(n, 1);
	assert_non_null(strstr(html, "</article>\n<article>"));
	assert_non_null(strstr(md, "\n---\n\n# Spam"));
	snprintf(schema, sizeof(schema), "%s/schemas/sarif-schema-2.1.0.json",
		 AISEC_VECTORS_DIR);
	validate(sarif, schema);
	/* NIST's published OSCAL schema (tests/schemas/published/) */
	snprintf(schema, sizeof(schema),
		 "/usr/bin/python3 %s/tests/cli/oscal_check.py",
		 AISEC_SOURCE_DIR);
	assert_int_equal(run_on_file(ar, schema), 0);
	free(sarif);
	free(ar);
	free(html);
	free(md);
	free(js);
	json_decref(s);
	json_decref(o);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats_listed),
		cmocka_unit_test(test_unknown_format),
		cmocka_unit_test(test_all_formats_stable),
		cmocka_unit_test(test_partial_documents),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_markdown_escapes),
		cmocka_unit_test(test_html_self_contained),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_oscal_ar),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_formula_guard),
		cmocka_unit_test(test_csv_python_roundtrip),
		cmocka_unit_test(test_uuid5),
		cmocka_unit_test(test_catalog_exports),
		cmocka_unit_test(test_several_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
