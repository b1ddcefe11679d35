/*
 * assess.c - one assessment from start to end: read the rules and scoring
 * scheme from the catalog, check the profile against the catalog, then
 * classify, list requirements, select threats, score risks, check evidence,
 * coverage and gaps, next steps and the summary, into one findings document
 * (docs/findings.md).  Also the findings' accessors, JSON and CI gates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aisec/aisec.h"
#include "assess/findings.h"
#include "core/core.h"
#include "assess/internal.h"

struct aisec_findings {
	json_t *doc;
	const struct aisec_catalog *cat;
	char klass[16];
};

/* True when the message already names `file` (a profile error): no prefix then. */
static bool names_file(const struct aisec_error *err, const char *file)
{
	size_t n = file ? strlen(file) : 0;

	return n && err->msg[0] == '\'' && strncmp(err->msg + 1, file, n) == 0 &&
	       err->msg[n + 1] == '\'';
}

static int load_kb(const struct aisec_catalog *cat, struct act_rules **rules,
		   struct tvra_schemes **tvra, struct aisec_error *err)
{
	const char *file = NULL;
	void *root;
	int ret;

	root = aisec_catalog_document(cat, "ai_act", &file);
	if ((ret = act_rules_parse(root, file, rules, err)))
		return ret;
	file = NULL;
	root = aisec_catalog_document(cat, "tvra", &file);
	return tvra_parse(root, file, tvra, err);
}

struct aisec_assessor {
	const struct aisec_catalog *cat;
	struct act_rules *rules;
	struct tvra_schemes *tvra;
	const struct aisec_standard **link_std;
};

int aisec_assessor_new(const struct aisec_catalog *cat, struct aisec_assessor **out,
		       struct aisec_error *err)
{
	struct aisec_assessor *a = calloc(1, sizeof(*a));
	int ret;

	*out = NULL;
	if (!a)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	a->cat = cat;
	if ((ret = load_kb(cat, &a->rules, &a->tvra, err))) {
		aisec_assessor_free(a);
		return ret;
	}
	if (!(a->link_std = link_standards(cat))) {
		aisec_assessor_free(a);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	*out = a;
	return 0;
}

/* A rule document's parse result counted and reported; -1 when it ran out
 * of memory. */
static int rule_problem(int ret, const struct aisec_error *e,
			void (*report)(void *ctx, const char *msg), void *ctx,
			size_t *problems)
{
	if (ret == AISEC_ERR_NOMEM)
		return -1;
	if (ret) {
		(*problems)++;
		if (report)
			report(ctx, e->msg);
	}
	return 0;
}

int aisec_assessor_validate(const struct aisec_catalog *cat,
			    void (*report)(void *ctx, const char *msg),
			    void *ctx, size_t *problems,
			    struct aisec_error *err)
{
	struct act_rules *rules = NULL;
	struct tvra_schemes *tvra = NULL;
	struct aisec_error e;
	const char *file = NULL;
	int ret;

	*problems = 0;
	/* each document through the parser an assessment uses, the second
	 * even when the first fails: a problem in each is listed */
	aisec_error_clear(&e);
	ret = act_rules_parse(aisec_catalog_document(cat, "ai_act", &file),
			      file, &rules, &e);
	act_rules_free(rules);
	if (rule_problem(ret, &e, report, ctx, problems))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	file = NULL;
	aisec_error_clear(&e);
	ret = tvra_parse(aisec_catalog_document(cat, "tvra", &file), file,
			 &tvra, &e);
	tvra_free(tvra);
	if (rule_problem(ret, &e, report, ctx, problems))
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	return 0;
}

void aisec_assessor_free(struct aisec_assessor *a)
{
	if (!a)
		return;
	act_rules_free(a->rules);
	tvra_free(a->tvra);
	free(a->link_std);
	free(a);
}

static json_t *summary(json_t *doc)
{
	json_t *risks = json_object_get(doc, "risks"), *e;
	int before[4] = {0}, after[4] = {0}, req[3] = {0};
	size_t i;

	json_array_foreach(risks, i, e) {
		before[tvra_risk_rank(json_string_value(json_object_get(json_object_get(e, "risk"),
									"level")))]++;
		after[tvra_risk_rank(json_string_value(json_object_get(
			json_object_get(json_object_get(e, "residual"), "risk"), "level")))]++;
	}
	json_array_foreach(json_object_get(doc, "requirements"), i, e) {
		const char *s = json_string_value(json_object_get(e, "status"));

		req[strcmp(s, "covered") == 0 ? 0 : strcmp(s, "coverable") == 0 ? 1 : 2]++;
	}
	return json_pack("{s:O, s:I, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, s:I}",
			 "class", json_object_get(json_object_get(doc, "classification"), "class"),
			 "threats", (json_int_t)json_array_size(json_object_get(doc, "threats")), "risks",
			 "critical", before[3], "major", before[2], "minor", before[1], "residual",
			 "critical", after[3], "major", after[2], "minor", after[1], "requirements",
			 "covered", req[0], "coverable", req[1], "gap", req[2], "gaps",
			 (json_int_t)json_array_size(json_object_get(doc, "gaps")));
}

/* Every value of a field that may be a list, joined with ", " (NULL when
 * absent). */
static json_t *joined(const struct aisec_profile *p, const char *path)
{
	char buf[512] = "";
	size_t off = 0;

	for (size_t i = 0; i < p->nfacts && off < sizeof(buf); i++)
		if (strcmp(p->facts[i].path, path) == 0)
			off += (size_t)snprintf(buf + off, sizeof(buf) - off,
						"%s%s", off ? ", " : "",
						p->facts[i].value);
	return off ? json_string(buf) : json_null();
}

static json_t *system_json(const struct aisec_profile *p)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "name",
			 jstr(profile_value(p, "system.name", NULL)), "version",
			 jstr(profile_value(p, "system.version", NULL)),
			 "provider",
			 jstr(profile_value(p, "system.provider", NULL)),
			 "role", joined(p, "system.role"), "purpose",
			 jstr(profile_value(p, "system.purpose", NULL)),
			 "domain", jstr(profile_value(p, "use.domain", NULL)),
			 "decision", joined(p, "use.decision"));
}

int aisec_profile_check(const struct aisec_catalog *cat, const struct aisec_profile *profile,
			struct aisec_error *err)
{
	struct act_rules *rules = NULL;
	struct tvra_schemes *tvra = NULL;
	struct assess_ctx c = {0};
	int ret;

	if (!cat || !profile)
		return aisec_error_set(err, AISEC_ERR_USAGE, "catalog and profile are required");
	if ((ret = load_kb(cat, &rules, &tvra, err)))
		goto out;
	c.cat = cat;
	c.p = profile;
	c.rules = rules;
	ret = assess_validate(&c, err);
out:
	act_rules_free(rules);
	tvra_free(tvra);
	return ret;
}

int aisec_assess(const struct aisec_catalog *cat, const struct aisec_profile *profile,
		 const struct aisec_assess_options *opt, struct aisec_findings **out,
		 struct aisec_error *err)
{
	struct act_rules *rules = NULL;
	struct tvra_schemes *tvra = NULL;
	struct assess_ctx c = {0};
	struct aisec_findings *f = NULL;
	const struct aisec_catalog_meta *meta;
	char today[16];
	int ret;

	*out = NULL;
	if (!cat || !profile)
		return aisec_error_set(err, AISEC_ERR_USAGE, "catalog and profile are required");
	if (opt && opt->as_of) {
		if (!aisec_date_valid(opt->as_of))
			return aisec_error_set(err, AISEC_ERR_USAGE,
					       "as-of date '%s': not a calendar date YYYY-MM-DD", opt->as_of);
		snprintf(today, sizeof(today), "%s", opt->as_of);
	} else {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	}
	if (opt && opt->assessor) {
		if (opt->assessor->cat != cat) {
			ret = aisec_error_set(err, AISEC_ERR_USAGE,
					      "the assessor was made for another catalog");
			goto out;
		}
		c.rules = opt->assessor->rules;
		c.tvra = opt->assessor->tvra;
		c.link_std = opt->assessor->link_std;
	} else {
		if ((ret = load_kb(cat, &rules, &tvra, err)))
			goto out;
		c.rules = rules;
		c.tvra = tvra;
	}
	c.cat = cat;
	c.p = profile;
	c.scheme = tvra_find(c.tvra, opt ? opt->scheme : NULL);
	c.as_of = today;
	c.verify_evidence = opt && opt->verify_evidence;
	if (!c.scheme) {
		/* a misspelt --scheme is the caller's error: say which ones exist */
		char known[512] = "";

		for (size_t i = 0, at = 0; i < c.tvra->n && at < sizeof(known); i++)
			at += (size_t)snprintf(known + at, sizeof(known) - at, "%s%s", i ? ", " : "",
					       c.tvra->s[i].id);
		ret = aisec_error_set(err, AISEC_ERR_USAGE, "unknown TVRA scheme '%s' (schemes: %s)",
				      opt->scheme, known);
		goto out;
	}
	if ((ret = assess_validate(&c, err)))
		goto out;
	meta = aisec_catalog_meta(cat);
	c.doc = json_pack("{s:s, s:s, s:{s:o, s:o}, s:s, s:{s:s}, s:o}", "schema",
			  "aisec-findings/1", "aisec_version", aisec_version(), "catalog",
			  "version", jstr(meta ? meta->version : NULL), "as_of",
			  jstr(meta ? meta->as_of : NULL), "as_of", today, "profile", "file",
			  profile->name, "system", system_json(profile));
	if (!c.doc) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((ret = assess_classify(&c, err)) || (ret = assess_evidence(&c, err)) ||
	    (ret = assess_requirements(&c, err)) ||
	    (ret = assess_threats(&c, err)) || (ret = assess_risks(&c, err)) ||
	    (ret = assess_coverage(&c, err)) ||
	    (ret = assess_next_steps(&c, err)))
		goto out;
	/* evidence belongs after gaps in the documented key order */
	{
		json_t *ev = json_incref(json_object_get(c.doc, "evidence"));

		json_object_del(c.doc, "evidence");
		json_object_set_new(c.doc, "evidence", ev);
		ev = json_incref(json_object_get(c.doc, "next_steps"));
		json_object_del(c.doc, "next_steps");
		json_object_set_new(c.doc, "next_steps", ev);
	}
	json_object_set_new(c.doc, "summary", summary(c.doc));
	f = calloc(1, sizeof(*f));
	if (!f) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	f->doc = c.doc;
	f->cat = cat;
	snprintf(f->klass, sizeof(f->klass), "%s", c.klass);
	c.doc = NULL;
	*out = f;
	ret = 0;
out:
	if (ret && err && !names_file(err, profile->name))
		aisec_error_prefix(err, "assess '%s'", profile->name);
	json_decref(c.doc);
	act_rules_free(rules);
	tvra_free(tvra);
	return ret;
}

void aisec_findings_free(struct aisec_findings *f)
{
	if (!f)
		return;
	json_decref(f->doc);
	free(f);
}

const char *aisec_findings_class(const struct aisec_findings *f)
{
	return f->klass;
}

json_t *aisec_findings_doc(const struct aisec_findings *f)
{
	return f->doc;
}

const struct aisec_catalog *aisec_findings_catalog(const struct aisec_findings *f)
{
	return f->cat;
}

int aisec_findings_gate(const struct aisec_findings *f, const char *gate, struct aisec_error *err)
{
	return aisec_findings_gate_explain(f, gate, NULL, err);
}

int aisec_findings_to_json(const struct aisec_findings *f, struct aisec_buf *out,
			   struct aisec_error *err)
{
	const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	size_t avail = 256 * 1024, need;
	int ret;

	/* dump straight into the buffer; grow and dump again if it did not fit */
	for (int tries = 0; tries < 2; tries++) {
		if ((ret = aisec_buf_grow(out, avail + 1)))
			return aisec_error_set(err, ret, "findings JSON: %s", aisec_strerror(ret));
		need = json_dumpb(f->doc, out->data + out->len, avail, flags);
		if (need == 0)
			return aisec_error_set(err, AISEC_ERR_NOMEM, "findings JSON: out of memory");
		if (need <= avail) {
			out->len += need;
			out->data[out->len] = '\0';
			ret = aisec_buf_addch(out, '\n');
			return ret ? aisec_error_set(err, ret, "findings JSON: %s", aisec_strerror(ret)) : 0;
		}
		avail = need;
	}
	return aisec_error_set(err, AISEC_ERR_NOMEM, "findings JSON: out of memory");
}
