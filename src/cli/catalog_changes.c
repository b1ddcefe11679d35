/*
 * catalog_changes.c - `aisec catalog changes`: standard by standard, what
 * changed since the report: published since, still in development (and how
 * far past the report's target), withdrawn, or added after the report.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/catalog.h"

static const char *const kind_names[] = {"",          "added",     "published", "in-progress",
					 "withdrawn", "unchanged", "unknown",   "revised"};
#define NKINDS (sizeof(kind_names) / sizeof(kind_names[0]))

static json_t *change_json(const struct aisec_change *ch)
{
	const struct aisec_standard *s = ch->standard;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(s->id));
	json_object_set_new(o, "reference", cli_json_str(s->reference));
	json_object_set_new(o, "title", cli_json_str(s->title));
	json_object_set_new(o, "change", json_string(kind_names[ch->kind]));
	json_object_set_new(o, "summary", json_string(ch->summary));
	json_object_set_new(o, "status_report", cli_json_str(s->status_report));
	json_object_set_new(o, "target_report", cli_json_str(s->target_report));
	json_object_set_new(o, "stage_now", cli_json_str(s->status_now.stage));
	json_object_set_new(o, "date_now", cli_json_str(s->status_now.date));
	json_object_set_new(o, "as_of", cli_json_str(s->status_now.as_of));
	json_object_set_new(o, "note", cli_json_str(s->status_now.note));
	json_object_set_new(o, "delay_months",
			    ch->has_delay ? json_integer(ch->delay_months) : json_null());
	json_object_set_new(o, "overdue", json_boolean(ch->overdue));
	json_object_set_new(o, "source", cli_json_str(s->status_now.source));
	return o;
}

int cli_catalog_changes(int argc, char **argv)
{
	enum { O_ONLY = 1 };
	static const struct option longopts[] = {
		CLI_CATALOG_LONGOPTS,
		{"only", required_argument, NULL, O_ONLY},
		{NULL, 0, NULL, 0}};
	static const struct cli_column cols[] = {
		{"id", "ID", false},
		{"change", "CHANGE", false},
		{"report", "REPORT (2023)", true},
		{"now", "NOW", false},
		{"delay", "DELAY", false},
		{"note", "NOTE", true},
	};
	struct cli_catalog_opts o;
	struct aisec_catalog *cat;
	const struct aisec_standard *s;
	const char *only = NULL;
	size_t n, counts[NKINDS] = {0};
	json_t *items;
	int c, rc, only_kind = 0;

	cli_catalog_opts_init(&o);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == O_ONLY)
			only = optarg;
		else if ((rc = cli_catalog_opt(&o, c, argv, "changes")) != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage("catalog", "changes: unexpected argument '%s'", argv[optind]);
	for (int k = 1; only && k < (int)NKINDS; k++)
		if (strcmp(only, kind_names[k]) == 0)
			only_kind = k;
	if (only && !only_kind)
		return cli_usage("catalog", "changes: --only takes added, published, in-progress, "
					    "withdrawn, revised, unchanged or unknown, not '%s'", only);
	cat = cli_catalog_load(o.dir, AISEC_CATALOG_STANDARDS);
	if (!cat)
		return CLI_ERROR;
	items = json_array();
	s = aisec_catalog_standards(cat, &n);
	for (size_t i = 0; i < n; i++) {
		struct aisec_change ch;
		json_t *obj;

		aisec_catalog_change(&s[i], &ch);
		if (only_kind && (int)ch.kind != only_kind)
			continue;
		counts[ch.kind]++;
		obj = change_json(&ch);
		if (o.fmt != CLI_FMT_JSON) {
			char report[160], delay[48] = "", *now = cli_status_text(&s[i].status_now);

			snprintf(report, sizeof(report), "%s%s%s",
				 s[i].status_report ? s[i].status_report : (s[i].added_after_report ? "-" : ""),
				 s[i].target_report ? ", target " : "",
				 s[i].target_report ? s[i].target_report : "");
			if (ch.has_delay && ch.delay_months > 0)
				snprintf(delay, sizeof(delay), "%s%d months", ch.overdue ? "overdue " : "",
					 ch.delay_months);
			else if (ch.has_delay)
				snprintf(delay, sizeof(delay), "on time");
			json_object_set_new(obj, "report", json_string(report));
			json_object_set_new(obj, "now", cli_json_str(now));
			json_object_set_new(obj, "delay", json_string(delay));
			free(now);
		}
		json_array_append_new(items, obj);
	}
	aisec_catalog_free(cat);
	rc = cli_emit_list(stdout, items, cols, sizeof(cols) / sizeof(cols[0]), o.fmt);
	json_decref(items);
	if (rc != 0)
		return cli_error("cannot write the changes");
	if (o.fmt == CLI_FMT_TABLE) {
		struct cli_capture cap;

		cli_capture_begin(&cap, 0);
		printf("\n%zu added after the report, %zu published since, %zu still in development, "
		       "%zu withdrawn or superseded, %zu revised, %zu unchanged, %zu without a "
		       "current status\n",
		       counts[1], counts[2], counts[3], counts[4], counts[7], counts[5], counts[6]);
		if (cli_capture_end(&cap) != 0)
			return cli_error("cannot write the changes");
	}
	return CLI_OK;
}
