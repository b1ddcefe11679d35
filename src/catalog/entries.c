/*
 * entries.c - the field tables of every knowledge-base collection
 * (docs/catalog-format.md) and the readers that turn a top-level YAML key
 * into entries: standards, requirements, threats, characteristics, gaps,
 * recommendations, controls, links, matrices, the catalog metadata and the
 * documents kept as YAML (tvra, ai_act).  Also the links every 'x' or '?'
 * of an Annex A.3/A.4 matrix states.
 */
#include <stdio.h>
#include <string.h>

#include <libfyaml.h>

#include "catalog/catalog_int.h"
#include "core/core.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const vocab_body[] = {"ISO/IEC", "ISO", "IEC", "CEN-CENELEC", "ETSI",
					 "NIST", "MITRE", "SAE", "IEEE", "other", NULL};
static const char *const vocab_deliverable[] = {
	"IS", "TS", "TR", "PAS", "EN", "prEN", "CEN/TS", "CEN/TR", "ES", "GR", "GS",
	"framework", "report", "knowledge-base", NULL};
static const char *const vocab_applies[] = {"high-risk", "provider", "deployer", "gpai",
					    "gpai-systemic", "all", "transparency",
					    "deployer-transparency", "importer", "distributor",
					    "authorised_representative", "product_manufacturer", NULL};
static const char *const vocab_phase[] = {"design", "data_collection", "data_preparation",
					  "training", "evaluation", "deployment", "operation",
					  "maintenance", NULL};
static const char *const vocab_condition[] = {
	"always", "query_access", "public_exposure", "partner_exposure", "on_device",
	"scores_returned", "labels_only", "generative", "no_rate_limit", "third_party_data",
	"public_data", "user_feedback", "continuous_learning", "third_party_model",
	"personal_data", "deep_learning", "unexplainable", "human_labelled", "shared_hosting",
	NULL};
static const char *const vocab_gap_kind[] = {"standardisation", "research", "guidance",
					     "coordination", "competence", NULL};
static const char *const vocab_link_kind[] = {"report", "publication", "analysis", NULL};
static const char *const vocab_link_relation[] = {"covers", "describes", NULL};

#define F(s, name, type, vocab, req) {#name, type, offsetof(struct s, name), vocab, req}

static const struct cat_field standard_fields[] = {
	F(aisec_standard, id, CAT_F_ID, NULL, 1),
	F(aisec_standard, reference, CAT_F_STR, NULL, 0),
	F(aisec_standard, aliases, CAT_F_LIST, NULL, 0),
	F(aisec_standard, title, CAT_F_STR, NULL, 1),
	F(aisec_standard, body, CAT_F_STR, vocab_body, 1),
	F(aisec_standard, committee, CAT_F_STR, NULL, 0),
	F(aisec_standard, deliverable, CAT_F_STR, vocab_deliverable, 0),
	F(aisec_standard, status_report, CAT_F_STR, NULL, 0),
	F(aisec_standard, target_report, CAT_F_STR, NULL, 0),
	F(aisec_standard, status_now, CAT_F_STATUS, NULL, 0),
	F(aisec_standard, ai_specific, CAT_F_BOOL, NULL, 0),
	F(aisec_standard, added_after_report, CAT_F_BOOL, NULL, 0),
	F(aisec_standard, goals, CAT_F_GOALS, NULL, 0),
	F(aisec_standard, characteristics, CAT_F_LIST, NULL, 0),
	F(aisec_standard, appears_in, CAT_F_LIST, NULL, 0),
	F(aisec_standard, description, CAT_F_STR, NULL, 0),
	F(aisec_standard, source, CAT_F_SOURCE, NULL, 0),
};

static const struct cat_field requirement_fields[] = {
	F(aisec_requirement, id, CAT_F_ID, NULL, 1),
	F(aisec_requirement, title, CAT_F_STR, NULL, 1),
	F(aisec_requirement, article_draft, CAT_F_STR, NULL, 0),
	F(aisec_requirement, article_final, CAT_F_STR, NULL, 0),
	F(aisec_requirement, applies_from, CAT_F_STR, NULL, 0),
	F(aisec_requirement, applies_from_amended, CAT_F_STR, NULL, 0),
	F(aisec_requirement, applies_to, CAT_F_STR, vocab_applies, 0),
	F(aisec_requirement, matrix_column, CAT_F_COLUMN, NULL, 0),
	F(aisec_requirement, description, CAT_F_STR, NULL, 0),
	F(aisec_requirement, cyber_relevance, CAT_F_STR, NULL, 0),
	F(aisec_requirement, source, CAT_F_SOURCE, NULL, 0),
};

static const struct cat_field threat_fields[] = {
	F(aisec_threat, id, CAT_F_ID, NULL, 1),
	F(aisec_threat, name, CAT_F_STR, NULL, 1),
	F(aisec_threat, goals, CAT_F_GOALS, NULL, 0),
	F(aisec_threat, phases, CAT_F_LIST, vocab_phase, 0),
	F(aisec_threat, requires, CAT_F_LIST, vocab_condition, 0),
	F(aisec_threat, any_of, CAT_F_LIST, vocab_condition, 0),
	F(aisec_threat, amplified_by, CAT_F_LIST, vocab_condition, 0),
	F(aisec_threat, art15_term, CAT_F_STR, NULL, 0),
	F(aisec_threat, nist_class, CAT_F_STR, NULL, 0),
	F(aisec_threat, atlas, CAT_F_LIST, NULL, 0),
	F(aisec_threat, ai_specific, CAT_F_BOOL, NULL, 0),
	F(aisec_threat, tvra, CAT_F_TVRA, NULL, 0),
	F(aisec_threat, description, CAT_F_STR, NULL, 0),
	F(aisec_threat, source, CAT_F_SOURCE, NULL, 0),
};

static const struct cat_field characteristic_fields[] = {
	F(aisec_characteristic, id, CAT_F_ID, NULL, 1),
	F(aisec_characteristic, name, CAT_F_STR, NULL, 1),
	F(aisec_characteristic, requirements, CAT_F_LIST, NULL, 0),
	F(aisec_characteristic, description, CAT_F_STR, NULL, 0),
	F(aisec_characteristic, source, CAT_F_SOURCE, NULL, 0),
};

static const struct cat_field gap_fields[] = {
	F(aisec_gap, id, CAT_F_ID, NULL, 1),
	F(aisec_gap, title, CAT_F_STR, NULL, 1),
	F(aisec_gap, section, CAT_F_STR, NULL, 0),
	F(aisec_gap, kind, CAT_F_STR, vocab_gap_kind, 0),
	F(aisec_gap, requirements, CAT_F_LIST, NULL, 0),
	F(aisec_gap, threats, CAT_F_LIST, NULL, 0),
	F(aisec_gap, partly_filled_by, CAT_F_LIST, NULL, 0),
	F(aisec_gap, filled_note, CAT_F_STR, NULL, 0),
	F(aisec_gap, description, CAT_F_STR, NULL, 0),
	F(aisec_gap, source, CAT_F_SOURCE, NULL, 0),
};

static const struct cat_field recommendation_fields[] = {
	F(aisec_recommendation, id, CAT_F_ID, NULL, 1),
	F(aisec_recommendation, number, CAT_F_STR, NULL, 0),
	F(aisec_recommendation, title, CAT_F_STR, NULL, 1),
	F(aisec_recommendation, addressed_to, CAT_F_STR, NULL, 0),
	F(aisec_recommendation, gaps, CAT_F_LIST, NULL, 0),
	F(aisec_recommendation, description, CAT_F_STR, NULL, 0),
	F(aisec_recommendation, source, CAT_F_SOURCE, NULL, 0),
};

static const struct cat_field control_fields[] = {
	F(aisec_control, id, CAT_F_ID, NULL, 1),
	F(aisec_control, name, CAT_F_STR, NULL, 1),
	F(aisec_control, mitigates, CAT_F_LIST, NULL, 0),
	F(aisec_control, standards, CAT_F_LIST, NULL, 0),
	F(aisec_control, requirements, CAT_F_LIST, NULL, 0),
	F(aisec_control, raises, CAT_F_TVRA, NULL, 0),
	F(aisec_control, description, CAT_F_STR, NULL, 0),
	F(aisec_control, source, CAT_F_SOURCE, NULL, 0),
};

/* A link as written: exactly one of requirement, goal, threat. */
struct link_in {
	const char *standard, *requirement, *goal, *threat, *kind, *note, *relation;
	struct aisec_source source;
};

static const struct cat_field link_fields[] = {
	F(link_in, standard, CAT_F_ID, NULL, 1),
	F(link_in, requirement, CAT_F_ID, NULL, 0),
	F(link_in, goal, CAT_F_STR, cat_vocab_goals, 0),
	F(link_in, threat, CAT_F_ID, NULL, 0),
	F(link_in, kind, CAT_F_STR, vocab_link_kind, 1),
	F(link_in, note, CAT_F_STR, NULL, 0),
	F(link_in, relation, CAT_F_STR, vocab_link_relation, 0),
	F(link_in, source, CAT_F_SOURCE, NULL, 0),
};

/* A matrix row as written; cells are a ten-character string. */
struct row_in {
	const char *standard, *reference, *title, *deliverable, *action_or_status, *target,
		*cells;
	struct aisec_source source;
};

static const struct cat_field row_fields[] = {
	F(row_in, standard, CAT_F_ID, NULL, 0),
	F(row_in, reference, CAT_F_STR, NULL, 0),
	F(row_in, title, CAT_F_STR, NULL, 0),
	F(row_in, deliverable, CAT_F_STR, NULL, 0),
	F(row_in, action_or_status, CAT_F_STR, NULL, 0),
	F(row_in, target, CAT_F_STR, NULL, 0),
	F(row_in, cells, CAT_F_STR, NULL, 0),
	F(row_in, source, CAT_F_SOURCE, NULL, 0),
};

struct matrix_in {
	const char *annex, *title;
	const char *const *columns;
	struct aisec_source source;
};

static const struct cat_field matrix_fields[] = {
	F(matrix_in, annex, CAT_F_STR, NULL, 1),
	F(matrix_in, title, CAT_F_STR, NULL, 0),
	F(matrix_in, columns, CAT_F_LIST, NULL, 0),
	F(matrix_in, source, CAT_F_SOURCE, NULL, 0),
	/* rows are read by read_matrix() */
	{"rows", CAT_F_OTHER, 0, NULL, 0},
};

static const struct cat_field meta_fields[] = {
	F(aisec_catalog_meta, name, CAT_F_STR, NULL, 1),
	F(aisec_catalog_meta, version, CAT_F_STR, NULL, 1),
	F(aisec_catalog_meta, as_of, CAT_F_STR, NULL, 1),
	F(aisec_catalog_meta, credit, CAT_F_STR, NULL, 1),
	F(aisec_catalog_meta, license, CAT_F_STR, NULL, 1),
};

#undef F

static int nomem(struct cat_ctx *c)
{
	return aisec_error_set(c->err, AISEC_ERR_NOMEM, "out of memory");
}

/* Entries of a list collection decoded with a table into a vec. */
static int read_list(struct cat_ctx *c, const char *key, const struct cat_node *seq,
		     const struct cat_field *fields, size_t nfields, struct cat_vec *vec)
{
	size_t i = 0;

	if (seq->null)
		return 0;
	if (seq->type != CAT_N_SEQ || seq->alias)
		return cat_fail(c, seq, key, "expected a list of entries");
	for (const struct cat_node *it = seq->child; it; it = it->next) {
		char path[64];
		void *e = cat_vec_push(vec);
		int rc;

		if (!e)
			return nomem(c);
		snprintf(path, sizeof(path), "%s[%zu]", key, i++);
		rc = cat_decode(c, it, fields, nfields, e, path);
		if (rc == AISEC_ERR_INVALID)
			vec->n--; /* kept as a problem; dropped */
		else if (rc)
			return rc;
	}
	return 0;
}

static int read_links(struct cat_ctx *c, const struct cat_node *seq)
{
	size_t i = 0;

	if (seq->null)
		return 0;
	if (seq->type != CAT_N_SEQ || seq->alias)
		return cat_fail(c, seq, "links", "expected a list of entries");
	for (const struct cat_node *it = seq->child; it; it = it->next) {
		struct link_in in;
		struct aisec_link *l;
		char path[64];
		int rc, targets;

		memset(&in, 0, sizeof(in));
		snprintf(path, sizeof(path), "links[%zu]", i++);
		rc = cat_decode(c, it, link_fields, N(link_fields), &in, path);
		targets = !!in.requirement + !!in.goal + !!in.threat;
		if (rc == 0 && targets != 1)
			rc = cat_fail(c, it, path,
				      "needs exactly one of 'requirement', "
				      "'goal', 'threat'");
		if (rc == AISEC_ERR_INVALID)
			continue; /* kept as a problem; read on */
		if (rc)
			return rc;
		l = cat_vec_push(&c->cat->links);
		if (!l)
			return nomem(c);
		l->standard = in.standard;
		l->target_kind = in.requirement ? AISEC_LINK_REQUIREMENT
				 : in.goal      ? AISEC_LINK_GOAL
						: AISEC_LINK_THREAT;
		l->target = in.requirement ? in.requirement : in.goal ? in.goal : in.threat;
		l->kind = in.kind;
		l->note = in.note;
		l->relation = in.relation;
		l->source = in.source;
	}
	return 0;
}

static int read_rows(struct cat_ctx *c, const struct cat_node *seq, const char *mpath,
		     size_t matrix_index, const struct aisec_source *msrc, bool list)
{
	size_t i = 0;

	if (!seq || seq->null)
		return 0;
	if (seq->type != CAT_N_SEQ || seq->alias)
		return cat_fail(c, seq, mpath, "field 'rows' must be a list");
	for (const struct cat_node *it = seq->child; it; it = it->next) {
		struct row_in in;
		struct aisec_matrix_row *r;
		size_t *idx;
		char path[80];
		int rc;

		memset(&in, 0, sizeof(in));
		snprintf(path, sizeof(path), "%s.rows[%zu]", mpath, i++);
		rc = cat_decode(c, it, row_fields, N(row_fields), &in, path);
		/* a list annex (no columns) has no cells; a table needs them */
		if (rc == 0 && list && in.cells)
			rc = cat_fail(c, cat_tree_get(it, "cells"), path,
				      "a matrix without columns has no cells");
		else if (rc == 0 && !list && !in.cells)
			rc = cat_fail(c, it, path, "field 'cells' is required");
		else if (rc == 0 && !list &&
			 (strlen(in.cells) != AISEC_MATRIX_COLUMNS ||
			  strspn(in.cells, "x?.") != AISEC_MATRIX_COLUMNS))
			rc = cat_fail(c, cat_tree_get(it, "cells"), path,
				      "cells must be %d characters of 'x', '?' "
				      "or '.', not '%s'",
				      AISEC_MATRIX_COLUMNS, in.cells);
		if (rc == AISEC_ERR_INVALID)
			continue; /* kept as a problem; read on */
		if (rc)
			return rc;
		r = cat_vec_push(&c->cat->rows);
		idx = cat_vec_push(&c->cat->row_matrix);
		if (!r || !idx)
			return nomem(c);
		*idx = matrix_index;
		r->standard = in.standard;
		r->reference = in.reference;
		r->title = in.title;
		r->deliverable = in.deliverable;
		r->action_or_status = in.action_or_status;
		r->target = in.target;
		for (int k = 0; k < AISEC_MATRIX_COLUMNS; k++)
			r->cells[k] = list || in.cells[k] == '.' ? ' ' : in.cells[k];
		/* a row cites its own source, or the matrix's, at the row's line */
		r->source = in.source;
		if (!r->source.cite)
			r->source.cite = msrc->cite;
	}
	return 0;
}

static int read_matrices(struct cat_ctx *c, const struct cat_node *seq)
{
	size_t i = 0;

	if (seq->null)
		return 0;
	if (seq->type != CAT_N_SEQ || seq->alias)
		return cat_fail(c, seq, "matrices", "expected a list of matrices");
	for (const struct cat_node *it = seq->child; it; it = it->next) {
		struct matrix_in in;
		struct aisec_matrix *m;
		char path[64];
		size_t ncol = 0, index = c->cat->matrices.n;
		int rc;

		memset(&in, 0, sizeof(in));
		snprintf(path, sizeof(path), "matrices[%zu]", i++);
		rc = cat_decode(c, it, matrix_fields, N(matrix_fields), &in, path);
		while (rc == 0 && in.columns[ncol])
			ncol++;
		/* no columns: a list annex (A.1, A.2) */
		if (rc == 0 && ncol != AISEC_MATRIX_COLUMNS && ncol != 0)
			rc = cat_fail(
			    c, cat_tree_get(it, "columns"), path,
			    "needs %d columns (or none for a list), has %zu",
			    AISEC_MATRIX_COLUMNS, ncol);
		if (rc == AISEC_ERR_INVALID)
			continue; /* kept as a problem, its rows unread; read on
				   */
		if (rc)
			return rc;
		m = cat_vec_push(&c->cat->matrices);
		if (!m)
			return nomem(c);
		m->annex = in.annex;
		m->title = in.title;
		for (size_t k = 0; k < ncol; k++)
			m->columns[k] = in.columns[k];
		m->ncolumns = ncol;
		m->source = in.source;
		rc = read_rows(c, cat_tree_get(it, "rows"), path, index, &m->source, ncol == 0);
		if (rc && rc != AISEC_ERR_INVALID)
			return rc;
	}
	return 0;
}

static int read_meta(struct cat_ctx *c, const struct cat_node *map)
{
	if (c->cat->meta.name)
		return cat_fail(c, map, "catalog", "metadata given twice");
	c->cat->meta_source.file = c->file;
	c->cat->meta_source.line = map->line;
	return cat_decode(c, map, meta_fields, N(meta_fields), &c->cat->meta, "catalog");
}

/* The value of top-level `key` in the file, as a libfyaml subtree copy. */
static int keep_document(struct cat_ctx *c, const char *key, const struct cat_node *value)
{
	struct cat_doc *d;
	struct fy_document *fyd, *copy;
	struct fy_node *sub;

	for (size_t i = 0; i < c->cat->docs.n; i++)
		if (strcmp(((struct cat_doc *)c->cat->docs.items)[i].key, key) == 0)
			return cat_fail(c, value, key, "document given twice");
	/* other subsystems read these with libfyaml: parse the file that way */
	fyd = aisec_yaml_parse(c->file, c->text, c->len, c->err);
	if (!fyd) {
		if (c->err->code == AISEC_ERR_NOMEM)
			return AISEC_ERR_NOMEM;
		return cat_problem(c->cat, c->err->code, c->err->msg)
			   ? nomem(c)
			   : AISEC_ERR_INVALID;
	}
	sub = aisec_yaml_get(fy_document_root(fyd), key);
	copy = sub ? fy_document_create(NULL) : NULL;
	if (!copy || fy_document_set_root(copy, fy_node_copy(copy, sub)) != 0) {
		if (copy)
			fy_document_destroy(copy);
		fy_document_destroy(fyd);
		return sub ? nomem(c) : cat_fail(c, value, key, "not found on a second reading");
	}
	fy_document_destroy(fyd);
	d = cat_vec_push(&c->cat->docs);
	if (!d) {
		fy_document_destroy(copy);
		return nomem(c);
	}
	d->key = cat_strndup(&c->cat->arena, key, strlen(key));
	d->file = c->file;
	d->doc = copy;
	d->root = fy_document_root(copy);
	return d->key ? 0 : nomem(c);
}

struct collection {
	const char *key;
	unsigned part;
	const struct cat_field *fields;
	size_t nfields;
	size_t vec_off;
};

#define LIST(key, part, f, vec) {key, part, f, N(f), offsetof(struct aisec_catalog, vec)}
static const struct collection collections[] = {
	LIST("standards", AISEC_CATALOG_STANDARDS, standard_fields, standards),
	LIST("requirements", AISEC_CATALOG_REQUIREMENTS, requirement_fields, requirements),
	LIST("threats", AISEC_CATALOG_THREATS, threat_fields, threats),
	LIST("characteristics", AISEC_CATALOG_CHARACTERISTICS, characteristic_fields,
	     characteristics),
	LIST("gaps", AISEC_CATALOG_GAPS, gap_fields, gaps),
	LIST("recommendations", AISEC_CATALOG_RECOMMENDATIONS, recommendation_fields,
	     recommendations),
	LIST("controls", AISEC_CATALOG_CONTROLS, control_fields, controls),
	{"links", AISEC_CATALOG_LINKS, NULL, 0, 0},
	{"matrices", AISEC_CATALOG_MATRICES | AISEC_CATALOG_LINKS, NULL, 0, 0},
	{"catalog", AISEC_CATALOG_META, NULL, 0, 0},
	{"tvra", AISEC_CATALOG_DOCUMENTS, NULL, 0, 0},
	{"ai_act", AISEC_CATALOG_DOCUMENTS, NULL, 0, 0},
};
#undef LIST

unsigned cat_collection_part(const char *key, size_t len)
{
	for (size_t i = 0; i < N(collections); i++)
		if (strlen(collections[i].key) == len && memcmp(collections[i].key, key, len) == 0)
			return collections[i].part;
	return 0;
}

int cat_read_collection(struct cat_ctx *c, const char *key, const struct cat_node *value)
{
	for (size_t i = 0; i < N(collections); i++) {
		const struct collection *col = &collections[i];

		if (strcmp(col->key, key) != 0)
			continue;
		if (col->part && !(c->cat->collections & col->part))
			return 0;
		if (col->fields)
			return read_list(c, key, value, col->fields, col->nfields,
					 (struct cat_vec *)((char *)c->cat + col->vec_off));
		if (strcmp(key, "links") == 0)
			return read_links(c, value);
		if (strcmp(key, "matrices") == 0)
			return read_matrices(c, value);
		if (strcmp(key, "catalog") == 0)
			return read_meta(c, value);
		return keep_document(c, key, value);
	}
	return cat_fail(c, value, key, "unknown collection");
}

int cat_finish(struct aisec_catalog *cat, struct aisec_error *err)
{
	struct aisec_matrix *m = cat->matrices.items;
	struct aisec_matrix_row *rows = cat->rows.items;
	const size_t *rm = cat->row_matrix.items;

	/* rows of one matrix are contiguous: each matrix's rows were read in one go */
	for (size_t i = 0; i < cat->rows.n; i++) {
		struct aisec_matrix *mm = &m[rm[i]];

		if (!mm->rows)
			mm->rows = &rows[i];
		mm->nrows++;
	}
	cat->nfile_links = cat->links.n;
	if (!(cat->collections & AISEC_CATALOG_LINKS))
		return 0;
	for (size_t i = 0; i < cat->rows.n; i++) {
		const struct aisec_matrix_row *r = &rows[i];

		if (!r->standard)
			continue;
		for (int k = 0; k < AISEC_MATRIX_COLUMNS; k++) {
			struct aisec_link *l;

			if (r->cells[k] != 'x' && r->cells[k] != '?')
				continue;
			l = cat_vec_push(&cat->links);
			if (!l)
				return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
			l->standard = r->standard;
			l->target_kind = AISEC_LINK_REQUIREMENT;
			l->target = m[rm[i]].columns[k];
			l->kind = "report";
			l->relation = "covers";
			l->note = r->cells[k] == '?' ? "uncertain in the report" : NULL;
			l->source = r->source;
		}
	}
	return 0;
}
