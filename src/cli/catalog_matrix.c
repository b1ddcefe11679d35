/*
 * catalog_matrix.c - `aisec catalog matrix`: the report's Annex A.3/A.4
 * tables exactly as printed, and its Annex A.1/A.2 lists in the report's
 * order with each standard's status now (--annex), and today's coverage of every
 * requirement, security goal or threat across all standards (--by),
 * counting published standards apart from drafts.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/catalog.h"

static const struct {
	const char *id, *abbrev;
} abbrevs[] = {
	{"risk_management", "RM"}, {"data_governance", "DG"}, {"record_keeping", "RK"},
	{"transparency", "TR"},    {"human_oversight", "HO"}, {"accuracy", "AC"},
	{"robustness", "RB"},      {"cybersecurity", "CS"},   {"quality_management", "QM"},
	{"conformity_assessment", "CA"},
};

static const char *abbrev(const char *id)
{
	for (size_t i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++)
		if (strcmp(abbrevs[i].id, id) == 0)
			return abbrevs[i].abbrev;
	return id;
}

static json_t *cell(char c)
{
	char s[2] = {c == ' ' ? '\0' : c, '\0'};

	return json_string(s);
}

/* The Name, type, action and target cells of a row. */
static json_t *row_head(const struct aisec_matrix_row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "reference", cli_json_str(r->reference));
	json_object_set_new(o, "title", cli_json_str(r->title));
	json_object_set_new(o, "deliverable", cli_json_str(r->deliverable));
	json_object_set_new(o, "action_or_status", cli_json_str(r->action_or_status));
	json_object_set_new(o, "target", cli_json_str(r->target));
	return o;
}

/* The status today of the standard a list row names ("published 2024-04"). */
static json_t *row_status(const struct aisec_catalog *cat, const struct aisec_matrix_row *r)
{
	const struct aisec_standard *s = r->standard ? aisec_catalog_standard(cat, r->standard)
						     : NULL;
	char *text;
	json_t *v;

	if (!s || !s->status_now.stage)
		return json_null();
	text = cli_status_text(&s->status_now);
	v = cli_json_str(text);
	free(text);
	return v;
}

static int annex_json(const struct aisec_catalog *cat, const struct aisec_matrix *m)
{
	json_t *root = json_object(), *cols = json_array(), *rows = json_array();
	int rc;

	for (size_t k = 0; k < m->ncolumns; k++)
		json_array_append_new(cols, json_string(m->columns[k]));
	for (size_t i = 0; i < m->nrows; i++) {
		const struct aisec_matrix_row *r = &m->rows[i];
		json_t *o = row_head(r), *cells = json_array();

		json_object_set_new(o, "standard", cli_json_str(r->standard));
		for (size_t k = 0; k < m->ncolumns; k++)
			json_array_append_new(cells, cell(r->cells[k]));
		json_object_set_new(o, "cells", cells);
		if (!m->ncolumns)
			json_object_set_new(o, "status_now", row_status(cat, r));
		json_array_append_new(rows, o);
	}
	json_object_set_new(root, "annex", json_string(m->annex));
	json_object_set_new(root, "title", cli_json_str(m->title));
	json_object_set_new(root, "source", cli_json_str(m->source.cite));
	json_object_set_new(root, "columns", cols);
	json_object_set_new(root, "rows", rows);
	rc = cli_emit_json(stdout, root);
	json_decref(root);
	return rc == 0 ? CLI_OK : cli_error("cannot write the matrix");
}

/* A list annex (A.1, A.2): reference, name, expected date, status now. */
static int list_table(const struct aisec_catalog *cat, const struct aisec_matrix *m,
		      enum cli_format fmt)
{
	static const struct cli_column cols[] = {
		{"reference", "REFERENCE", false},
		{"title", "NAME", true},
		{"target", "EXPECTED", false},
		{"status_now", "NOW", true},
	};
	json_t *items = json_array();
	int rc;

	for (size_t i = 0; i < m->nrows; i++) {
		json_t *o = row_head(&m->rows[i]);

		json_object_set_new(o, "status_now", row_status(cat, &m->rows[i]));
		json_array_append_new(items, o);
	}
	rc = cli_emit_list(stdout, items, cols, sizeof(cols) / sizeof(cols[0]), fmt);
	json_decref(items);
	if (rc == 0 && fmt == CLI_FMT_TABLE)
		printf("\n%s, %s.  EXPECTED as the report gave it; NOW the status today.\n",
		       m->annex, m->source.cite);
	return rc == 0 ? CLI_OK : cli_error("cannot write the list");
}

static int annex_table(const struct aisec_matrix *m, enum cli_format fmt)
{
	struct cli_column cols[5 + AISEC_MATRIX_COLUMNS] = {
		{"reference", "REFERENCE", true},
		{"title", "NAME", true},
		{"deliverable", "TYPE", false},
		{"action_or_status", "ACTION/STATUS", true},
		{"target", "TARGET", false},
	};
	json_t *items = json_array();
	int rc;

	for (int k = 0; k < AISEC_MATRIX_COLUMNS; k++) {
		cols[5 + k].key = m->columns[k];
		cols[5 + k].header = fmt == CLI_FMT_TABLE ? abbrev(m->columns[k]) : m->columns[k];
		cols[5 + k].wrap = false;
	}
	for (size_t i = 0; i < m->nrows; i++) {
		const struct aisec_matrix_row *r = &m->rows[i];
		json_t *o = row_head(r);

		for (int k = 0; k < AISEC_MATRIX_COLUMNS; k++)
			json_object_set_new(o, m->columns[k], cell(r->cells[k]));
		json_array_append_new(items, o);
	}
	rc = cli_emit_list(stdout, items, cols, 5 + AISEC_MATRIX_COLUMNS, fmt);
	json_decref(items);
	if (rc == 0 && fmt == CLI_FMT_TABLE) {
		struct cli_capture cap;

		cli_capture_begin(&cap, 0);
		printf("\n%s, %s.  x covered, ? uncertain.", m->annex, m->source.cite);
		for (int k = 0; k < AISEC_MATRIX_COLUMNS; k++)
			printf("%s%s %s", k % 4 ? ", " : "\n", abbrev(m->columns[k]), m->columns[k]);
		printf("\n");
		rc = cli_capture_end(&cap);
	}
	return rc == 0 ? CLI_OK : cli_error("cannot write the matrix");
}

/* ---- coverage today ------------------------------------------------------ */

struct target {
	const char *id, *name;
};

static bool serves(const struct aisec_catalog *cat, const struct aisec_standard *s,
		   enum aisec_link_target kind, const char *target, unsigned goal_bit)
{
	const struct aisec_link *l;
	size_t n;

	if (kind == AISEC_LINK_GOAL && (s->goals & goal_bit))
		return true;
	l = aisec_catalog_links(cat, &n);
	for (size_t i = 0; i < n; i++)
		if (l[i].target_kind == kind && aisec_link_covers(&l[i]) &&
		    strcmp(l[i].target, target) == 0 && strcmp(l[i].standard, s->id) == 0)
			return true;
	return false;
}

static json_t *coverage_row(const struct aisec_catalog *cat, enum aisec_link_target kind,
			    const struct target *t, unsigned goal_bit)
{
	json_t *o = json_object(), *pub = json_array(), *draft = json_array(),
	       *gone = json_array();
	const struct aisec_standard *s;
	size_t n;

	s = aisec_catalog_standards(cat, &n);
	for (size_t i = 0; i < n; i++) {
		if (!serves(cat, &s[i], kind, t->id, goal_bit))
			continue;
		switch (aisec_stage_class(s[i].status_now.stage)) {
		case AISEC_STAGE_PUBLISHED: json_array_append_new(pub, json_string(s[i].id)); break;
		case AISEC_STAGE_GONE: json_array_append_new(gone, json_string(s[i].id)); break;
		default: json_array_append_new(draft, json_string(s[i].id)); break;
		}
	}
	json_object_set_new(o, "target", json_string(t->id));
	json_object_set_new(o, "name", cli_json_str(t->name));
	json_object_set_new(o, "published", json_integer((json_int_t)json_array_size(pub)));
	json_object_set_new(o, "draft", json_integer((json_int_t)json_array_size(draft)));
	json_object_set_new(o, "withdrawn", json_integer((json_int_t)json_array_size(gone)));
	json_object_set_new(o, "published_standards", pub);
	json_object_set_new(o, "draft_standards", draft);
	json_object_set_new(o, "withdrawn_standards", gone);
	return o;
}

static int coverage(const struct aisec_catalog *cat, const char *by, enum cli_format fmt)
{
	static const struct cli_column cols[] = {
		{"target", "TARGET", false},
		{"published", "PUBLISHED", false},
		{"draft", "DRAFT", false},
		{"published_standards", "PUBLISHED STANDARDS", true},
	};
	static const char *const goals[] = {"confidentiality", "integrity", "availability"};
	json_t *items = json_array();
	size_t n;
	int rc;

	if (strcmp(by, "requirement") == 0) {
		const struct aisec_requirement *r = aisec_catalog_requirements(cat, &n);

		for (size_t i = 0; i < n; i++) {
			struct target t = {r[i].id, r[i].title};

			json_array_append_new(items, coverage_row(cat, AISEC_LINK_REQUIREMENT, &t, 0));
		}
	} else if (strcmp(by, "threat") == 0) {
		const struct aisec_threat *th = aisec_catalog_threats(cat, &n);

		for (size_t i = 0; i < n; i++) {
			struct target t = {th[i].id, th[i].name};

			json_array_append_new(items, coverage_row(cat, AISEC_LINK_THREAT, &t, 0));
		}
	} else {
		for (unsigned g = 0; g < 3; g++) {
			struct target t = {goals[g], goals[g]};

			json_array_append_new(items, coverage_row(cat, AISEC_LINK_GOAL, &t, 1u << g));
		}
	}
	rc = cli_emit_list(stdout, items, cols, sizeof(cols) / sizeof(cols[0]), fmt);
	json_decref(items);
	return rc == 0 ? CLI_OK : cli_error("cannot write the coverage");
}

int cli_catalog_matrix(int argc, char **argv)
{
	enum { O_ANNEX = 1, O_BY };
	static const struct option longopts[] = {
		CLI_CATALOG_LONGOPTS,
		{"annex", required_argument, NULL, O_ANNEX},
		{"by", required_argument, NULL, O_BY},
		{NULL, 0, NULL, 0}};
	struct cli_catalog_opts o;
	const char *annex = NULL, *by = NULL;
	struct aisec_catalog *cat;
	int c, rc;

	cli_catalog_opts_init(&o);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == O_ANNEX)
			annex = optarg;
		else if (c == O_BY)
			by = optarg;
		else if ((rc = cli_catalog_opt(&o, c, argv, "matrix")) != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage("catalog", "matrix: unexpected argument '%s'", argv[optind]);
	if (!annex == !by)
		return cli_usage("catalog",
				 "matrix: give --annex A.1|A.2|A.3|A.4 or --by requirement|goal|threat");
	if (by && strcmp(by, "requirement") != 0 && strcmp(by, "goal") != 0 &&
	    strcmp(by, "threat") != 0)
		return cli_usage("catalog", "matrix: --by takes requirement, goal or threat, not '%s'",
				 by);
	if (annex) {
		const struct aisec_matrix *m;

		cat = cli_catalog_load(o.dir, AISEC_CATALOG_MATRICES | AISEC_CATALOG_STANDARDS);
		if (!cat)
			return CLI_ERROR;
		m = aisec_catalog_matrix(cat, annex);
		if (!m) {
			aisec_catalog_free(cat);
			return cli_usage("catalog", "matrix: no annex '%s' (A.1, A.2, A.3 or A.4)",
					 annex);
		}
		rc = o.fmt == CLI_FMT_JSON ? annex_json(cat, m)
		     : m->ncolumns     ? annex_table(m, o.fmt)
					: list_table(cat, m, o.fmt);
		aisec_catalog_free(cat);
		return rc;
	}
	cat = cli_catalog_load(o.dir, AISEC_CATALOG_STANDARDS | AISEC_CATALOG_LINKS |
					      AISEC_CATALOG_REQUIREMENTS | AISEC_CATALOG_THREATS);
	if (!cat)
		return CLI_ERROR;
	rc = coverage(cat, by, o.fmt);
	aisec_catalog_free(cat);
	return rc;
}
