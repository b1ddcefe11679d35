/*
 * catalog_list.c - the listings of `aisec catalog`: standards with their
 * filters, and requirements, threats, characteristics, gaps,
 * recommendations and controls.  Each is a JSON array of the entries'
 * views (catalog_json.c) rendered by cli_emit_list.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/catalog.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int emit(json_t *items, const struct cli_column *cols, size_t ncols,
		enum cli_format fmt)
{
	int rc = cli_emit_list(stdout, items, cols, ncols, fmt);

	json_decref(items);
	return rc == 0 ? CLI_OK : cli_error("cannot write the listing");
}

int cli_catalog_standards(int argc, char **argv)
{
	enum { O_BODY = 1, O_STATUS, O_REQ, O_GOAL, O_THREAT, O_AI, O_GENERAL, O_SEARCH, O_ADDED };
	static const struct option longopts[] = {
		CLI_CATALOG_LONGOPTS,
		{"body", required_argument, NULL, O_BODY},
		{"status", required_argument, NULL, O_STATUS},
		{"requirement", required_argument, NULL, O_REQ},
		{"goal", required_argument, NULL, O_GOAL},
		{"threat", required_argument, NULL, O_THREAT},
		{"ai-specific", no_argument, NULL, O_AI},
		{"general", no_argument, NULL, O_GENERAL},
		{"search", required_argument, NULL, O_SEARCH},
		{"added", no_argument, NULL, O_ADDED},
		{NULL, 0, NULL, 0}};
	static const struct cli_column cols[] = {
		{"id", "ID", false},
		{"reference", "REFERENCE", true},
		{"body", "BODY", false},
		{"deliverable", "TYPE", false},
		{"now", "STATUS NOW", true},
		{"title", "TITLE", true},
	};
	struct aisec_standard_filter f = {.ai_specific = -1};
	struct aisec_error err;
	struct cli_catalog_opts o;
	struct aisec_catalog *cat;
	const struct aisec_standard *s;
	bool added_only = false;
	unsigned parts = AISEC_CATALOG_STANDARDS;
	json_t *items;
	size_t n;
	int c, rc;

	cli_catalog_opts_init(&o);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case O_BODY: f.body = optarg; break;
		case O_STATUS: f.status = optarg; break;
		case O_REQ: f.requirement = optarg; break;
		case O_GOAL: f.goal = optarg; break;
		case O_THREAT: f.threat = optarg; break;
		case O_AI: f.ai_specific = 1; break;
		case O_GENERAL: f.ai_specific = 0; break;
		case O_SEARCH: f.search = optarg; break;
		case O_ADDED: added_only = true; break;
		default:
			if ((rc = cli_catalog_opt(&o, c, argv, "standards")) != 0)
				return rc;
		}
	}
	if (optind < argc)
		return cli_usage("catalog", "standards: unexpected argument '%s'", argv[optind]);
	if (f.requirement || f.goal || f.threat)
		parts |= AISEC_CATALOG_LINKS;
	if (f.requirement)
		parts |= AISEC_CATALOG_REQUIREMENTS;
	if (f.threat)
		parts |= AISEC_CATALOG_THREATS;
	cat = cli_catalog_load(o.dir, parts);
	if (!cat)
		return CLI_ERROR;
	if (aisec_catalog_standard_filter_check(cat, &f, &err) != 0) {
		aisec_catalog_free(cat);
		return cli_usage("catalog", "standards: %s", err.msg);
	}
	items = json_array();
	s = aisec_catalog_standards(cat, &n);
	for (size_t i = 0; i < n && items; i++) {
		json_t *obj;

		if (!aisec_catalog_standard_matches(cat, &s[i], &f))
			continue;
		if (added_only && !s[i].added_after_report)
			continue;
		obj = cli_json_standard(&s[i]);
		if (o.fmt != CLI_FMT_JSON && obj) {
			char *now = cli_status_text(&s[i].status_now);

			json_object_set_new(obj, "now", cli_json_str(now));
			free(now);
		}
		json_array_append_new(items, obj);
	}
	aisec_catalog_free(cat);
	if (!items)
		return cli_error("out of memory");
	return emit(items, cols, N(cols), o.fmt);
}

/* ---- the other listings, one table row each ------------------------------- */

static const struct cli_column req_cols[] = {
	{"id", "ID", false},
	{"article_draft", "DRAFT (2021)", false},
	{"article_final", "REGULATION 2024/1689", false},
	{"applies_from", "APPLIES", false},
	{"applies_from_amended", "AMENDED", false},
	{"title", "TITLE", true},
};
static const struct cli_column threat_cols[] = {
	{"id", "ID", false},
	{"goals", "GOALS", true},
	{"atlas", "ATLAS", true},
	{"name", "NAME", true},
};
static const struct cli_column char_cols[] = {
	{"id", "ID", false},
	{"name", "NAME", true},
	{"requirements", "REQUIREMENTS", true},
};
static const struct cli_column gap_cols[] = {
	{"id", "ID", false},
	{"section", "SECTION", false},
	{"kind", "KIND", false},
	{"partly_filled_by", "PARTLY FILLED BY", true},
	{"title", "TITLE", true},
};
static const struct cli_column rec_cols[] = {
	{"number", "NO", false},
	{"id", "ID", false},
	{"addressed_to", "ADDRESSED TO", true},
	{"title", "TITLE", true},
};
static const struct cli_column control_cols[] = {
	{"id", "ID", false},
	{"mitigates", "MITIGATES", true},
	{"name", "NAME", true},
};

struct listing {
	const char *name;
	unsigned part;
	const struct cli_column *cols;
	size_t ncols;
	json_t *(*build)(const struct aisec_catalog *cat);
};

#define BUILD(fn, type, getter, view)                                   \
	static json_t *fn(const struct aisec_catalog *cat)             \
	{                                                               \
		size_t n;                                               \
		const type *e = getter(cat, &n);                        \
		json_t *a = json_array();                               \
		for (size_t i = 0; a && i < n; i++)                     \
			json_array_append_new(a, view(&e[i]));          \
		return a;                                               \
	}
BUILD(build_requirements, struct aisec_requirement, aisec_catalog_requirements,
      cli_json_requirement)
BUILD(build_threats, struct aisec_threat, aisec_catalog_threats, cli_json_threat)
BUILD(build_characteristics, struct aisec_characteristic, aisec_catalog_characteristics,
      cli_json_characteristic)
BUILD(build_gaps, struct aisec_gap, aisec_catalog_gaps, cli_json_gap)
BUILD(build_recommendations, struct aisec_recommendation, aisec_catalog_recommendations,
      cli_json_recommendation)
BUILD(build_controls, struct aisec_control, aisec_catalog_controls, cli_json_control)
#undef BUILD

static const struct listing listings[] = {
	{"requirements", AISEC_CATALOG_REQUIREMENTS, req_cols, N(req_cols), build_requirements},
	{"threats", AISEC_CATALOG_THREATS, threat_cols, N(threat_cols), build_threats},
	{"characteristics", AISEC_CATALOG_CHARACTERISTICS, char_cols, N(char_cols),
	 build_characteristics},
	{"gaps", AISEC_CATALOG_GAPS, gap_cols, N(gap_cols), build_gaps},
	{"recommendations", AISEC_CATALOG_RECOMMENDATIONS, rec_cols, N(rec_cols),
	 build_recommendations},
	{"controls", AISEC_CATALOG_CONTROLS, control_cols, N(control_cols), build_controls},
};

int cli_catalog_listing(int argc, char **argv)
{
	static const struct option longopts[] = {CLI_CATALOG_LONGOPTS, {NULL, 0, NULL, 0}};
	const struct listing *l = NULL;
	struct cli_catalog_opts o;
	struct aisec_catalog *cat;
	json_t *items;
	int c, rc;

	for (size_t i = 0; i < N(listings); i++)
		if (strcmp(listings[i].name, argv[0]) == 0)
			l = &listings[i];
	if (!l)
		return cli_usage("catalog", "'%s' is not a listing", argv[0]);
	cli_catalog_opts_init(&o);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1)
		if ((rc = cli_catalog_opt(&o, c, argv, l->name)) != 0)
			return rc;
	if (optind < argc)
		return cli_usage("catalog", "%s: unexpected argument '%s'", l->name, argv[optind]);
	cat = cli_catalog_load(o.dir, l->part);
	if (!cat)
		return CLI_ERROR;
	items = l->build(cat);
	aisec_catalog_free(cat);
	if (!items)
		return cli_error("out of memory");
	return emit(items, l->cols, l->ncols, o.fmt);
}
