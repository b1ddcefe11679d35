/*
 * catalog_show.c - `aisec catalog show ID [--explain]`: one entry of any
 * kind with what relates to it (coverage links, matrix rows, the standards
 * that cover a requirement or threat, the recommendations that answer a
 * gap).  --explain prints, under every statement, the citation behind it
 * and the knowledge-base file and line it was read from.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/catalog.h"

#define MAX_MATCHES 8

struct show {
	const struct aisec_catalog *cat;
	enum cli_format fmt;
	bool explain;
	json_t *statements; /* --explain with --format json */
};

static void print_source(const struct show *sh, const char *cite, const char *file, int line)
{
	if (sh->explain)
		printf("      source: %s (%s:%d)\n", cite ? cite : "NONE", file ? file : "?", line);
}

static void on_statement(void *ctx, const struct aisec_statement *st)
{
	struct show *sh = ctx;

	if (sh->statements) {
		json_t *o = json_object();

		json_object_set_new(o, "field", json_string(st->field));
		json_object_set_new(o, "value", cli_json_str(st->value));
		json_object_set_new(o, "source", cli_json_str(st->cite));
		json_object_set_new(o, "file", cli_json_str(st->file));
		json_object_set_new(o, "line", json_integer(st->line));
		json_array_append_new(sh->statements, o);
		return;
	}
	printf("  %s: %s\n", st->field, st->value);
	print_source(sh, st->cite, st->file, st->line);
}

/* Plain fields of an entry's JSON view, nested objects as "a.b". */
static void print_fields(json_t *obj, const char *prefix)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		char name[128];

		snprintf(name, sizeof(name), "%s%s", prefix, key);
		if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0))
			continue;
		if (json_is_object(v)) {
			char sub[140];

			snprintf(sub, sizeof(sub), "%s.", name);
			print_fields(v, sub);
		} else if (json_is_array(v)) {
			size_t i;
			json_t *e;

			printf("  %s: ", name);
			json_array_foreach(v, i, e)
				printf("%s%s", i ? ", " : "", json_string_value(e) ? json_string_value(e) : "");
			printf("\n");
		} else if (json_is_string(v)) {
			printf("  %s: %s\n", name, json_string_value(v));
		} else if (json_is_boolean(v)) {
			printf("  %s: %s\n", name, json_is_true(v) ? "yes" : "no");
		} else if (json_is_integer(v)) {
			printf("  %s: %lld\n", name, (long long)json_integer_value(v));
		}
	}
}

static const char *const target_kinds[] = {"", "requirement", "goal", "threat"};

/* Links of a standard (by_standard) or to a target. */
static void related_links(struct show *sh, const struct aisec_entry *e, json_t *out)
{
	enum aisec_link_target kind = e->kind == AISEC_ENTRY_REQUIREMENT ? AISEC_LINK_REQUIREMENT
				      : e->kind == AISEC_ENTRY_THREAT    ? AISEC_LINK_THREAT
									 : 0;
	const struct aisec_link *l;
	const char *rel;
	size_t n;
	bool header = false;

	if (e->kind != AISEC_ENTRY_STANDARD && !kind)
		return;
	l = aisec_catalog_links(sh->cat, &n);
	for (size_t i = 0; i < n; i++) {
		bool mine = e->kind == AISEC_ENTRY_STANDARD
				    ? strcmp(l[i].standard, e->id) == 0
				    : l[i].target_kind == kind && strcmp(l[i].target, e->id) == 0;

		if (!mine)
			continue;
		if (out) {
			json_array_append_new(out, cli_json_link(&l[i]));
			continue;
		}
		if (!header)
			printf("%s\n", e->kind == AISEC_ENTRY_STANDARD ? "coverage:" : "covered by:");
		header = true;
		/* a link that only describes its target is listed, but says so */
		rel = aisec_link_covers(&l[i]) ? "" : ", describes only";
		if (e->kind == AISEC_ENTRY_STANDARD)
			printf("  %s %s (%s%s%s%s)\n", target_kinds[l[i].target_kind], l[i].target,
			       l[i].kind, rel, l[i].note ? "; " : "", l[i].note ? l[i].note : "");
		else {
			const struct aisec_standard *s = aisec_catalog_standard(sh->cat, l[i].standard);
			char *now = s ? cli_status_text(&s->status_now) : NULL;

			printf("  %s [%s] (%s%s%s%s)\n", l[i].standard,
			       now && now[0] ? now : "status unknown", l[i].kind, rel,
			       l[i].note ? "; " : "", l[i].note ? l[i].note : "");
			free(now);
		}
		print_source(sh, l[i].source.cite, l[i].source.file, l[i].source.line);
	}
}

static void standard_extras(struct show *sh, const struct aisec_standard *s)
{
	static const char *const annexes[] = {"A.3", "A.4"};
	struct aisec_change ch;

	for (size_t a = 0; a < 2; a++) {
		const struct aisec_matrix *m = aisec_catalog_matrix(sh->cat, annexes[a]);

		for (size_t i = 0; m && i < m->nrows; i++) {
			const struct aisec_matrix_row *r = &m->rows[i];

			if (!r->standard || strcmp(r->standard, s->id) != 0)
				continue;
			char cells[AISEC_MATRIX_COLUMNS + 1];

			for (int k = 0; k < AISEC_MATRIX_COLUMNS; k++)
				cells[k] = r->cells[k] == ' ' ? '.' : r->cells[k];
			cells[AISEC_MATRIX_COLUMNS] = '\0';
			printf("annex %s, row %zu: %s (%s, %s; %s)\n", m->annex, i + 1, cells,
			       r->deliverable ? r->deliverable : "-",
			       r->action_or_status ? r->action_or_status : "-",
			       r->target ? r->target : "-");
			print_source(sh, r->source.cite, r->source.file, r->source.line);
		}
	}
	aisec_catalog_change(s, &ch);
	printf("since the report: %s", ch.summary);
	if (ch.has_delay && ch.delay_months > 0)
		printf(" (%d months after the report's target)", ch.delay_months);
	else if (ch.has_delay)
		printf(" (by the report's target)");
	printf("\n");
}

static void list_id(const char *label, const char *id, bool *first)
{
	printf("%s%s", *first ? label : ", ", id);
	*first = false;
}

static void target_extras(struct show *sh, const struct aisec_entry *e)
{
	size_t n;
	bool first = true;

	if (e->kind == AISEC_ENTRY_GAP) {
		const struct aisec_recommendation *r = aisec_catalog_recommendations(sh->cat, &n);

		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; r[i].gaps[k]; k++)
				if (strcmp(r[i].gaps[k], e->id) == 0)
					list_id("answered by: ", r[i].id, &first);
	} else if (e->kind == AISEC_ENTRY_THREAT) {
		const struct aisec_control *c = aisec_catalog_controls(sh->cat, &n);

		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; c[i].mitigates[k]; k++)
				if (strcmp(c[i].mitigates[k], e->id) == 0)
					list_id("mitigated by: ", c[i].id, &first);
	} else if (e->kind == AISEC_ENTRY_CHARACTERISTIC) {
		const struct aisec_standard *s = aisec_catalog_standards(sh->cat, &n);

		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; s[i].characteristics[k]; k++)
				if (strcmp(s[i].characteristics[k], e->id) == 0)
					list_id("standards: ", s[i].id, &first);
	}
	if (!first)
		printf("\n");
}

static int show_text(struct show *sh, const struct aisec_entry *e)
{
	struct aisec_error err;
	json_t *obj;

	printf("%s %s\n", aisec_entry_kind_name(e->kind), e->id);
	if (sh->explain) {
		printf("  (%s:%d)\n", e->source->file, e->source->line);
		if (aisec_catalog_explain(sh->cat, e->source, on_statement, sh, &err) != 0)
			return cli_error_from(&err);
	} else {
		obj = cli_json_entry(e);
		print_fields(obj, "");
		json_decref(obj);
	}
	related_links(sh, e, NULL);
	if (e->kind == AISEC_ENTRY_STANDARD)
		standard_extras(sh, e->ptr);
	target_extras(sh, e);
	return CLI_OK;
}

static json_t *show_json(struct show *sh, const struct aisec_entry *e)
{
	json_t *o = json_object(), *links = json_array();
	struct aisec_error err;

	json_object_set_new(o, "kind", json_string(aisec_entry_kind_name(e->kind)));
	json_object_set_new(o, "entry", cli_json_entry(e));
	json_object_set_new(o, "file", cli_json_str(e->source->file));
	json_object_set_new(o, "line", json_integer(e->source->line));
	related_links(sh, e, links);
	json_object_set_new(o, "links", links);
	if (sh->explain) {
		sh->statements = json_array();
		if (aisec_catalog_explain(sh->cat, e->source, on_statement, sh, &err) == 0)
			json_object_set(o, "statements", sh->statements);
		json_decref(sh->statements);
		sh->statements = NULL;
	}
	return o;
}

int cli_catalog_show(int argc, char **argv)
{
	enum { O_EXPLAIN = 1 };
	static const struct option longopts[] = {
		CLI_CATALOG_LONGOPTS,
		{"explain", no_argument, NULL, O_EXPLAIN},
		{NULL, 0, NULL, 0}};
	struct aisec_entry found[MAX_MATCHES];
	struct show sh = {0};
	struct cli_catalog_opts o;
	struct aisec_catalog *cat;
	size_t n;
	int c, rc = CLI_OK;

	cli_catalog_opts_init(&o);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == O_EXPLAIN)
			sh.explain = true;
		else if ((rc = cli_catalog_opt(&o, c, argv, "show")) != 0)
			return rc;
	}
	if (argc - optind != 1)
		return cli_usage("catalog", "show: give one ID");
	cat = cli_catalog_load(o.dir, 0);
	if (!cat)
		return CLI_ERROR;
	sh.cat = cat;
	sh.fmt = o.fmt;
	n = aisec_catalog_find(cat, argv[optind], found, MAX_MATCHES);
	if (n == 0) {
		struct aisec_buf hint;

		/* an unknown id is a usage error, as in every filter */
		aisec_buf_init(&hint, 4096);
		aisec_catalog_suggest(cat, 0, argv[optind], &hint);
		rc = cli_usage("catalog", "show: no entry '%s' in the catalog%s (try 'aisec catalog "
			       "standards --search %s')", argv[optind], hint.data, argv[optind]);
		aisec_buf_release(&hint);
		aisec_catalog_free(cat);
		return rc;
	}
	if (n > MAX_MATCHES)
		n = MAX_MATCHES;
	if (o.fmt == CLI_FMT_JSON) {
		json_t *all = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(all, show_json(&sh, &found[i]));
		if (cli_emit_json(stdout, all) != 0)
			rc = cli_error("cannot write the entry");
		json_decref(all);
	} else {
		struct cli_capture cap;

		cli_capture_begin(&cap, 0);
		for (size_t i = 0; i < n && rc == CLI_OK; i++) {
			if (i)
				printf("\n");
			rc = show_text(&sh, &found[i]);
		}
		if (cli_capture_end(&cap) != 0 && rc == CLI_OK)
			rc = cli_error("cannot write the entry");
	}
	aisec_catalog_free(cat);
	return rc;
}
