/*
 * catalog_export.c - `aisec catalog export`: the whole knowledge base in one
 * file for other tools.  oscal-catalog and oscal-mapping come from the
 * library (aisec_report_catalog); json is every entry in the catalog
 * listings' JSON view; csv is the coverage links (standard -> requirement,
 * goal or threat), RFC 4180.  Every export is byte-for-byte stable.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/report.h"
#include "cli/catalog.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void set_list(json_t *o, const char *key, json_t *a)
{
	if (a)
		json_object_set_new(o, key, a);
}

/* The knowledge base as one JSON object, in the listings' entry views. */
static json_t *catalog_json(const struct aisec_catalog *cat)
{
	const struct aisec_catalog_meta *m = aisec_catalog_meta(cat);
	json_t *o = json_pack("{s:s, s:{s:o, s:o, s:o, s:o, s:o}}", "schema", "aisec-catalog/1",
			      "meta", "name", cli_json_str(m->name), "version",
			      cli_json_str(m->version), "as_of", cli_json_str(m->as_of), "credit",
			      cli_json_str(m->credit), "license", cli_json_str(m->license));
	const struct aisec_standard *st;
	const struct aisec_requirement *rq;
	const struct aisec_threat *th;
	const struct aisec_characteristic *ch;
	const struct aisec_gap *gp;
	const struct aisec_recommendation *rc;
	const struct aisec_control *ct;
	const struct aisec_link *lk;
	json_t *a;
	size_t n;

	if (!o)
		return NULL;
	st = aisec_catalog_standards(cat, &n);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cli_json_standard(&st[i]));
	set_list(o, "standards", a);
	rq = aisec_catalog_requirements(cat, &n);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cli_json_requirement(&rq[i]));
	set_list(o, "requirements", a);
	th = aisec_catalog_threats(cat, &n);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cli_json_threat(&th[i]));
	set_list(o, "threats", a);
	ch = aisec_catalog_characteristics(cat, &n);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cli_json_characteristic(&ch[i]));
	set_list(o, "characteristics", a);
	gp = aisec_catalog_gaps(cat, &n);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cli_json_gap(&gp[i]));
	set_list(o, "gaps", a);
	rc = aisec_catalog_recommendations(cat, &n);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cli_json_recommendation(&rc[i]));
	set_list(o, "recommendations", a);
	ct = aisec_catalog_controls(cat, &n);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cli_json_control(&ct[i]));
	set_list(o, "controls", a);
	lk = aisec_catalog_links(cat, &n);
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, cli_json_link(&lk[i]));
	set_list(o, "links", a);
	return o;
}

/* The coverage links as CSV (the listing renderer, captured in memory). */
static int links_csv(const struct aisec_catalog *cat, struct aisec_buf *out)
{
	static const struct cli_column cols[] = {
		{"standard", "standard", false}, {"target_kind", "target_kind", false},
		{"target", "target", false},     {"kind", "kind", false},
		{"relation", "relation", false}, {"note", "note", false},
		{"source", "source", false},
	};
	const struct aisec_link *lk;
	json_t *items = json_array();
	char *mem = NULL;
	size_t n, len = 0;
	FILE *f;
	int rc;

	lk = aisec_catalog_links(cat, &n);
	for (size_t i = 0; items && i < n; i++)
		json_array_append_new(items, cli_json_link(&lk[i]));
	f = items ? open_memstream(&mem, &len) : NULL;
	if (!f) {
		json_decref(items);
		return AISEC_ERR_NOMEM;
	}
	rc = cli_emit_list(f, items, cols, N(cols), CLI_FMT_CSV);
	json_decref(items);
	if (fclose(f) != 0 || rc != 0) {
		free(mem);
		return AISEC_ERR_NOMEM;
	}
	rc = aisec_buf_add(out, mem, len);
	free(mem);
	return rc;
}

static const char usage_formats[] = "oscal-catalog, oscal-mapping, json or csv";

int cli_catalog_export(int argc, char **argv)
{
	enum { O_FORMAT = 1, O_OUTPUT };
	static const struct option longopts[] = {
		{"catalog", required_argument, NULL, CLI_CATALOG_OPT_CATALOG},
		{"format", required_argument, NULL, O_FORMAT},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0}};
	const char *format = NULL, *output = NULL;
	struct cli_catalog_opts o;
	struct aisec_catalog *cat;
	struct aisec_error err;
	struct aisec_buf out;
	int c, rc, ret;

	cli_catalog_opts_init(&o);
	while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (c) {
		case O_FORMAT: format = optarg; break;
		case 'o': output = optarg; break;
		default:
			if ((rc = cli_catalog_opt(&o, c, argv, "export")) != 0)
				return rc;
		}
	}
	if (optind < argc)
		return cli_usage("catalog", "export: unexpected argument '%s'", argv[optind]);
	if (!format)
		return cli_usage("catalog", "export: which --format? (%s)", usage_formats);
	if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "oscal-catalog") &&
	    strcmp(format, "oscal-mapping"))
		return cli_usage("catalog", "export: unknown format '%s' (%s)", format,
				 usage_formats);
	cat = cli_catalog_load(o.dir, AISEC_CATALOG_ALL);
	if (!cat)
		return CLI_ERROR;
	aisec_buf_init(&out, 0);
	aisec_error_clear(&err);
	if (!strcmp(format, "json")) {
		json_t *doc = catalog_json(cat);
		char *s = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

		rc = s ? aisec_buf_adds(&out, s) : AISEC_ERR_NOMEM;
		if (rc == 0)
			rc = aisec_buf_addch(&out, '\n');
		free(s);
		json_decref(doc);
		if (rc)
			aisec_error_set(&err, rc, "export 'json': %s", aisec_strerror(rc));
	} else if (!strcmp(format, "csv")) {
		rc = links_csv(cat, &out);
		if (rc)
			aisec_error_set(&err, rc, "export 'csv': %s", aisec_strerror(rc));
	} else {
		rc = aisec_report_catalog(cat, format, &out, &err);
	}
	if (rc) {
		ret = cli_error_from(&err);
	} else if (output) {
		ret = aisec_file_write_atomic(output, out.data, out.len, 0644, &err)
			      ? cli_error_from(&err)
			      : CLI_OK;
	} else {
		ret = fwrite(out.data, 1, out.len, stdout) == out.len && fflush(stdout) == 0
			      ? CLI_OK
			      : cli_error("cannot write to standard output");
	}
	aisec_buf_release(&out);
	aisec_catalog_free(cat);
	return ret;
}
