/*
 * sarif.c - the findings as SARIF 2.1.0 for CI code scanning (GitHub,
 * GitLab).  docs/report.md documents the mapping; in short:
 *
 *   rules    one per requirement, threat and report gap the assessment can
 *            report (all of the catalog's when the catalog is known, else
 *            those in the findings), plus the classification rules; ids
 *            "aisec/requirement/<id>", "aisec/threat/<id>", "aisec/gap/<id>",
 *            "aisec/class/<class>", "aisec/classification/warning".
 *   results  requirement: gap = error, coverable = warning, covered = pass;
 *            threat: by the residual risk (critical = error, major =
 *            warning), pass when it is minor and not a gap (note if a gap);
 *            gap: by the worst residual risk it leaves open;
 *            class: prohibited = error, high-risk/limited = note, minimal = pass.
 *            kind "pass" results only with include_pass.
 *   location the profile file, as a percent-encoded path relative to the
 *            base folder (uriBaseId "%SRCROOT%": --base-dir, default the git
 *            work tree; uri.c), and the line of the first fact behind the
 *            result that has one; the other facts are relatedLocations.
 *   partialFingerprints  "aisecResult/v1": SHA-256 of rule id, profile path
 *            (relative, normalised) and subject, so a result keeps its
 *            identity across runs, line moves and spellings of the path.
 *   taxa     MITRE ATLAS technique ids, in a run.taxonomies entry.
 *   runs     one per profile (category "aisec-assess/<path>/"), or one for
 *            all with sarif_single_run (GitHub takes at most 20 runs).
 *
 * No timestamps or absolute paths are written (%SRCROOT% is described, not
 * resolved): the same findings give the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "report/report.h"

#define ATLAS_NAME "MITRE ATLAS"
#define SRCROOT "%SRCROOT%"
#define AISEC_INFO_URI "https://aisec.dev/"

struct sarif {
	const struct report_ctx *c;
	const char *file;   /* profile path relative to the base, normalised */
	const char *uri;    /* the same, percent-encoded */
	long lines;         /* its number of lines (0 = unknown) */
	int art;            /* its index in artifacts */
	json_t *artifacts;
	json_t *rules;      /* reportingDescriptor[] */
	json_t *rule_index; /* rule id -> index */
	json_t *taxa;       /* ATLAS reportingDescriptor[] */
	json_t *taxa_index; /* technique id -> index */
	json_t *results;
	char atlas_guid[REPORT_UUID_LEN + 1];
	int err;
};

static json_t *msg(const char *text)
{
	return json_pack("{s:s}", "text", text ? text : "");
}

/* Index of a rule, or -1. */
static int rule_idx(struct sarif *s, const char *id)
{
	json_t *v = json_object_get(s->rule_index, id);

	return v ? (int)json_integer_value(v) : -1;
}

static int taxon(struct sarif *s, const char *id)
{
	json_t *v = json_object_get(s->taxa_index, id);
	json_t *t;
	char uri[160];

	if (v)
		return (int)json_integer_value(v);
	snprintf(uri, sizeof(uri), "https://atlas.mitre.org/techniques/%s", id);
	t = json_pack("{s:s, s:s}", "id", id, "helpUri", uri);
	if (!t || json_array_append_new(s->taxa, t)) {
		s->err = AISEC_ERR_NOMEM;
		return -1;
	}
	json_object_set_new(s->taxa_index, id, json_integer((json_int_t)json_array_size(s->taxa) - 1));
	return (int)json_array_size(s->taxa) - 1;
}

/* "record_keeping" -> "RecordKeeping" (rule names are identifiers). */
static void pascal(const char *prefix, const char *id, char *out, size_t n)
{
	size_t k = 0;
	bool up = true;

	for (const char *p = prefix; *p && k + 1 < n; p++)
		out[k++] = *p;
	for (const char *p = id; *p && k + 1 < n; p++) {
		if (*p == '_' || *p == '-' || *p == '.' || *p == ' ' || *p == '/') {
			up = true;
			continue;
		}
		out[k++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
		up = false;
	}
	out[k] = '\0';
}

static const char *sev_of(const char *risk_level)
{
	switch (doc_risk_rank(risk_level)) {
	case 3:
		return "9.0";
	case 2:
		return "6.0";
	case 1:
		return "3.0";
	default:
		return NULL;
	}
}

/*
 * security-severity (GitHub: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium,
 * 0.1-3.9 low) of rules that can warn or fail, when no risk level decides:
 * a requirement not met is a legal obligation missed (error when a gap); a
 * threat follows its risk when the system has one; a report gap leaves
 * threats open; a prohibited practice is the worst there is.
 */
#define SEV_REQUIREMENT "7.0"
#define SEV_THREAT "5.0"
#define SEV_GAP "5.0"
#define SEV_PROHIBITED "9.5"
#define SEV_CLASS_WARNING "4.0"

/* What a rule says; fields may be "" but not NULL, except atlas and the severities. */
struct rule_def {
	const char *id;       /* "aisec/<kind>/<subject>" */
	const char *shortd;   /* shortDescription */
	const char *full;     /* fullDescription ("" = shortd) */
	const char *help;     /* legal basis or report section */
	const char *level;    /* defaultConfiguration.level */
	const char *tag;      /* second tag after "security" */
	const json_t *atlas;  /* ATLAS technique ids, or NULL */
	const char *severity; /* risk level for security-severity, or NULL */
	const char *sev;      /* security-severity when there is no risk level;
				 NULL only for rules that never warn or fail */
};

/* Add a rule once (later calls with the same id are ignored). */
static void add_rule(struct sarif *s, const struct rule_def *d)
{
	json_t *r, *props, *tags, *rel, *help;
	json_t *t;
	size_t i;
	char pname[128];
	const char *sev = sev_of(d->severity) ? sev_of(d->severity) : d->sev;
	struct aisec_buf md;

	if (s->err || rule_idx(s, d->id) >= 0)
		return;
	/* GitHub shows help.markdown on the alert page */
	aisec_buf_init(&md, 0);
	aisec_buf_addf(&md, "**%s**\n\n%s", d->shortd, d->help);
	if (*d->full && strcmp(d->full, d->shortd) != 0)
		aisec_buf_addf(&md, "\n\n%s", d->full);
	help = json_pack("{s:s, s:s}", "text", d->help, "markdown", md.data);
	aisec_buf_release(&md);
	/* the name is the id after "aisec/" in PascalCase: "RequirementRecordKeeping" */
	pascal("", strncmp(d->id, "aisec/", 6) ? d->id : d->id + 6, pname, sizeof(pname));
	tags = json_pack("[s, s]", "security", d->tag);
	props = json_pack("{s:o}", "tags", tags);
	if (props && sev)
		json_object_set_new(props, "security-severity", json_string(sev));
	r = json_pack("{s:s, s:s, s:o, s:o, s:o, s:{s:s}, s:o}", "id", d->id, "name", pname,
		      "shortDescription", msg(d->shortd), "fullDescription",
		      msg(*d->full ? d->full : d->shortd), "help", help,
		      "defaultConfiguration", "level", d->level, "properties", props);
	if (r && json_array_size(d->atlas)) {
		rel = json_array();
		json_array_foreach(d->atlas, i, t) {
			int k = taxon(s, doc_s(t));

			if (k < 0)
				break;
			json_array_append_new(
				rel, json_pack("{s:{s:s, s:i, s:{s:s, s:i, s:s}}, s:[s]}", "target",
					       "id", doc_s(t), "index", k, "toolComponent", "name",
					       ATLAS_NAME, "index", 0, "guid", s->atlas_guid,
					       "kinds", "relevant"));
		}
		json_object_set_new(r, "relationships", rel);
	}
	if (!r || json_array_append_new(s->rules, r)) {
		s->err = AISEC_ERR_NOMEM;
		return;
	}
	json_object_set_new(s->rule_index, d->id,
			    json_integer((json_int_t)json_array_size(s->rules) - 1));
}

/* SHA-256 hex of the parts joined with NUL bytes. */
static void fingerprint(struct sarif *s, const char *rule, const char *subject, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	     EVP_DigestUpdate(ctx, rule, strlen(rule) + 1) &&
	     EVP_DigestUpdate(ctx, s->file, strlen(s->file) + 1) &&
	     EVP_DigestUpdate(ctx, subject, strlen(subject)) && EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	if (!ok || n != 32) {
		s->err = AISEC_ERR_CRYPTO;
		out[0] = '\0';
		return;
	}
	for (unsigned int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

static json_t *location(struct sarif *s, const json_t *fact, int id)
{
	json_t *loc = json_pack("{s:{s:{s:s, s:s, s:i}}}", "physicalLocation", "artifactLocation",
				"uri", s->uri, "uriBaseId", SRCROOT, "index", s->art);
	json_t *pl = json_object_get(loc, "physicalLocation");
	long long line = doc_int(fact, "line");

	if (!loc)
		return NULL;
	if (line > 0)
		json_object_set_new(pl, "region", json_pack("{s:I}", "startLine", (json_int_t)line));
	else if (s->lines > 0) /* about the whole profile: all its lines */
		json_object_set_new(pl, "region", json_pack("{s:i, s:I}", "startLine", 1, "endLine",
							    (json_int_t)s->lines));
	if (fact && *doc_str(fact, "field")) {
		json_object_set_new(loc, "logicalLocations",
				    json_pack("[{s:s, s:s}]", "fullyQualifiedName",
					      doc_str(fact, "field"), "kind", "member"));
		if (id >= 0) {
			char t[512];

			snprintf(t, sizeof(t), "%s = %s", doc_str(fact, "field"),
				 doc_str(fact, "value"));
			json_object_set_new(loc, "id", json_integer(id));
			json_object_set_new(loc, "message", msg(t));
		}
	}
	return loc;
}

/*
 * Append a result.  `facts` gives the primary location (first fact) and the
 * related ones; `atlas` the taxa; kind is "fail" or "pass".
 */
static void result(struct sarif *s, const char *rule, const char *subject, const char *kind,
		   const char *level, const char *text, const json_t *facts, const json_t *atlas,
		   json_t *props)
{
	char fp[65];
	json_t *r, *rel, *tx, *t;
	size_t i, first;
	int ri = rule_idx(s, rule);

	if (s->err)
		goto out;
	if (!strcmp(kind, "pass") && !s->c->opt->include_pass)
		goto out;
	fingerprint(s, rule, subject, fp);
	/* the primary location is the first fact with a line: a region for GitHub */
	for (first = 0; first < json_array_size(facts); first++)
		if (doc_int(json_array_get(facts, first), "line") > 0)
			break;
	if (first == json_array_size(facts))
		first = 0;
	r = json_pack("{s:s, s:i, s:s, s:s, s:o, s:[o], s:{s:s}}", "ruleId", rule, "ruleIndex",
		      ri, "kind", kind, "level", level, "message", msg(text), "locations",
		      location(s, json_array_get(facts, first), -1), "partialFingerprints",
		      "aisecResult/v1", fp);
	if (!r) {
		s->err = AISEC_ERR_NOMEM;
		goto out;
	}
	if (json_array_size(facts) > 1) {
		rel = json_array();
		for (i = 0; i < json_array_size(facts); i++)
			if (i != first)
				json_array_append_new(rel, location(s, json_array_get(facts, i),
								    (int)json_array_size(rel) + 1));
		json_object_set_new(r, "relatedLocations", rel);
	}
	if (json_array_size(atlas)) {
		tx = json_array();
		json_array_foreach(atlas, i, t) {
			int k = taxon(s, doc_s(t));

			if (k >= 0)
				json_array_append_new(
					tx, json_pack("{s:s, s:i, s:{s:s, s:i, s:s}}", "id",
						      doc_s(t), "index", k, "toolComponent", "name",
						      ATLAS_NAME, "index", 0, "guid",
						      s->atlas_guid));
		}
		json_object_set_new(r, "taxa", tx);
	}
	if (props) {
		json_object_set(r, "properties", props);
	}
	if (json_array_append_new(s->results, r))
		s->err = AISEC_ERR_NOMEM;
out:
	json_decref(props);
}

static void join_ids(struct aisec_buf *b, const json_t *arr, const char *field)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		aisec_buf_addf(b, "%s%s", i ? ", " : "", field ? doc_str(v, field) : doc_s(v));
}

/* The facts of the first classification basis (why the class and its duties apply). */
static const json_t *class_facts(const json_t *doc)
{
	const json_t *cls = doc_obj(doc, "classification");
	const json_t *f = doc_arr(json_array_get(doc_arr(cls, "prohibited"), 0), "facts");

	return f ? f : doc_arr(json_array_get(doc_arr(cls, "basis"), 0), "facts");
}

/* The facts of all the reasons a threat was chosen (new reference; NULL when out of memory). */
static json_t *reason_facts(const json_t *threat)
{
	json_t *all = json_array(), *r;
	size_t i;

	json_array_foreach(doc_arr(threat, "reasons"), i, r)
		if (all && json_array_extend(all, (json_t *)doc_arr(r, "facts")))
			break;
	return all;
}

/* The help of a threat rule: where the threat comes from and how it is scored. */
static void threat_help(char *out, size_t n, const char *source, const char *art15,
			const char *scheme_title)
{
	snprintf(out, n,
		 "Threat from the ENISA report's taxonomy (%s)%s%s. Scored per %s; see the "
		 "report's risk table.",
		 source ? source : "", art15 && *art15 ? "; AI Act Art. 15(5): " : "",
		 art15 ? art15 : "",
		 scheme_title && *scheme_title ? scheme_title
					       : "ETSI TS 102 165-1 TVRA with ISO/IEC 18045 attack potential");
}

/* The help of a gap rule: the report section it comes from. */
static void gap_help(char *out, size_t n, const char *section, const char *kind,
		     const char *source)
{
	snprintf(out, n,
		 "Gap named in the ENISA report \"Cybersecurity of AI and Standardisation\" "
		 "(2023), section %s (%s). Source: %s.",
		 section ? section : "", kind ? kind : "", source ? source : "");
}

/*
 * With the catalog, every requirement, threat and report gap it holds is a
 * rule, in catalog order, so the rule set does not change from one system
 * to the next; results then refer to them by index.
 */
static void catalog_rules(struct sarif *s)
{
	const struct aisec_catalog *cat = s->c->cat;
	const struct aisec_requirement *rq;
	const struct aisec_threat *th;
	const struct aisec_gap *gp;
	char id[160], help[1024];
	size_t n;

	if (!cat)
		return;
	rq = aisec_catalog_requirements(cat, &n);
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "aisec/requirement/%s", rq[i].id);
		snprintf(help, sizeof(help), "Legal basis: %s. Cybersecurity relevance: %s",
			 rq[i].source.cite ? rq[i].source.cite : "", rq[i].cyber_relevance ? rq[i].cyber_relevance : "");
		add_rule(s, &(struct rule_def){id, rq[i].title,
					       rq[i].description ? rq[i].description : "", help,
					       "warning", "ai-act", NULL, NULL, SEV_REQUIREMENT});
	}
	th = aisec_catalog_threats(cat, &n);
	for (size_t i = 0; i < n; i++) {
		const json_t *risk = doc_find(s->c->doc, "risks", "threat", th[i].id);
		json_t *atlas = json_array();

		for (size_t k = 0; th[i].atlas[k]; k++)
			json_array_append_new(atlas, json_string(th[i].atlas[k]));
		snprintf(id, sizeof(id), "aisec/threat/%s", th[i].id);
		threat_help(help, sizeof(help), th[i].source.cite, th[i].art15_term,
			    doc_str(json_array_get(doc_arr(s->c->doc, "risks"), 0), "scheme_title"));
		add_rule(s, &(struct rule_def){id, th[i].name,
					       th[i].description ? th[i].description : "", help,
					       "warning", "ai-threat", atlas,
					       risk ? doc_path_str(risk, "risk.level") : NULL,
					       SEV_THREAT});
		json_decref(atlas);
	}
	gp = aisec_catalog_gaps(cat, &n);
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "aisec/gap/%s", gp[i].id);
		gap_help(help, sizeof(help), gp[i].section, gp[i].kind, gp[i].source.cite);
		add_rule(s, &(struct rule_def){id, gp[i].title,
					       gp[i].description ? gp[i].description : "", help,
					       "note", "standardisation-gap", NULL, NULL, SEV_GAP});
	}
}

static void classification(struct sarif *s)
{
	const json_t *cls = doc_obj(s->c->doc, "classification");
	const char *cl = doc_str(cls, "class");
	const json_t *b0 = json_array_get(doc_arr(cls, "basis"), 0);
	json_t *it;
	size_t i;
	char id[64], text[1024], help[512];
	bool pass = !strcmp(cl, "minimal") || !strcmp(cl, "out-of-scope");
	const char *level = !strcmp(cl, "prohibited") ? "error"
			    : pass		      ? "none"
						      : "note";

	snprintf(id, sizeof(id), "aisec/class/%s", cl);
	snprintf(help, sizeof(help),
		 "Risk class under Regulation (EU) 2024/1689 as amended. Basis: %s. Gate a "
		 "pipeline on it with `aisec assess --fail-on %s`.",
		 *doc_str(b0, "source") ? doc_str(b0, "source") : doc_str(b0, "article"),
		 !strcmp(cl, "prohibited") ? "prohibited" : "high-risk");
	add_rule(s, &(struct rule_def){id, "AI Act risk class of the system", doc_str(b0, "text"),
				       help, !strcmp(level, "none") ? "note" : level, "ai-act",
				       NULL, NULL,
				       !strcmp(level, "error") ? SEV_PROHIBITED : NULL});
	snprintf(
	    text, sizeof(text), "The system is %s (%s: %s). %s", cl,
	    doc_str(b0, "article"), doc_str(b0, "text"),
	    !strcmp(cl, "prohibited")  ? "What to do: the practice may not be "
					 "placed on the EU market or used; "
					 "change the use or stop it."
	    : !strcmp(cl, "high-risk") ? "What to do: meet the high-risk "
					 "requirements (Arts. 9-15, 17) before "
					 "the obligations apply and prepare "
					 "the conformity assessment (Art. 43)."
	    : !strcmp(cl, "limited")
		? "What to do: meet the Art. 50 transparency duties."
	    : !strcmp(cl, "out-of-scope")
		? "The AI Act does not apply; keep the facts of the exclusion "
		  "under review."
	    : !strncmp(cl, "gpai-model", 10)
		? "What to do: meet the obligations of providers of "
		  "general-purpose AI "
		  "models (Art. 53; Art. 55 with systemic risk)."
		: "No AI Act obligations beyond AI literacy (Art. 4).");
	result(s, id, "class", pass ? "pass" : "fail", level, text,
	       class_facts(s->c->doc), NULL,
	       json_pack("{s:s, s:s}", "class", cl, "applies_from",
			 doc_str(cls, "applies_from")));
	json_array_foreach(doc_arr(cls, "warnings"), i, it) {
		char subj[32];

		add_rule(s, &(struct rule_def){
				    "aisec/classification/warning",
				    "A declared fact contradicts what the profile's facts imply",
				    "The profile declares a classification fact (an Annex III point, a "
				    "role) that the other facts contradict; aisec uses the derived one.",
				    "Correct the declared value in the profile or the facts it "
				    "contradicts.",
				    "warning", "ai-act", NULL, NULL, SEV_CLASS_WARNING});
		snprintf(text, sizeof(text), "%s. What to do: correct the profile.",
			 doc_str(it, "text"));
		snprintf(subj, sizeof(subj), "warning-%zu", i);
		result(s, "aisec/classification/warning", subj, "fail", "warning", text,
		       doc_arr(it, "facts"), NULL, NULL);
	}
}

/*
 * Append ". What to do: ..." for a coverage status: the standards worth
 * adopting (next steps first, else those available), or for a gap the
 * report's gaps that leave it open.
 */
static void what_to_do(struct sarif *s, struct aisec_buf *b, const char *status,
		       const json_t *cov, const char *subject)
{
	const json_t *ns = doc_arr(doc_obj(s->c->doc, "next_steps"), "standards");
	json_t *it, *c;
	size_t i, k, n = 0;

	if (!strcmp(status, "covered")) {
		aisec_buf_adds(b, ".");
		return;
	}
	aisec_buf_adds(b, ". What to do: ");
	json_array_foreach(ns, i, it)
		json_array_foreach(doc_arr(it, "covers"), k, c)
			if (!strcmp(doc_s(c), subject)) {
				aisec_buf_addf(b, "%s%s (%s)", n++ ? ", " : "adopt ",
					       doc_str(it, "id"), doc_str(it, "stage"));
				break;
			}
	if (!n)
		json_array_foreach(doc_arr(cov, "available"), i, it)
			aisec_buf_addf(b, "%s%s (%s)", n++ ? ", " : "adopt ",
				       doc_str(it, "standard"), doc_str(it, "stage"));
	if (n && !json_array_size(doc_arr(cov, "controls")))
		aisec_buf_adds(b, ", and put a control in place");
	else if (!n && !json_array_size(doc_arr(cov, "controls")))
		aisec_buf_adds(b, "put a control in place");
	if (json_array_size(doc_arr(cov, "gaps"))) {
		aisec_buf_adds(b, n || !json_array_size(doc_arr(cov, "controls")) ? "; " : "");
		aisec_buf_adds(b, "no standard closes the report gap ");
		join_ids(b, doc_arr(cov, "gaps"), NULL);
		aisec_buf_adds(b, " yet: document your own measures and the evidence for them");
	} else if (!n && json_array_size(doc_arr(cov, "controls"))) {
		aisec_buf_adds(b, "strengthen the controls in place or add controls that raise "
				  "the attack potential, and document how they meet it");
	}
	aisec_buf_adds(b, ".");
}

static void requirements(struct sarif *s)
{
	struct aisec_buf b;
	json_t *it;
	size_t i;

	aisec_buf_init(&b, 0);
	json_array_foreach(doc_arr(s->c->doc, "requirements"), i, it) {
		const char *rid = doc_str(it, "id");
		const char *st = doc_str(it, "status");
		const json_t *cov = NULL;
		json_t *c, *ev_fact;
		size_t k;
		char id[160], help[1024];

		json_array_foreach(doc_arr(s->c->doc, "coverage"), k, c)
			if (!strcmp(doc_str(c, "kind"), "requirement") &&
			    !strcmp(doc_str(c, "id"), rid))
				cov = c;
		snprintf(id, sizeof(id), "aisec/requirement/%s", rid);
		snprintf(help, sizeof(help), "Legal basis: %s. Cybersecurity relevance: %s",
			 *doc_str(it, "source") ? doc_str(it, "source") : doc_str(it, "article"),
			 doc_str(it, "cyber_relevance"));
		add_rule(s, &(struct rule_def){id, doc_str(it, "title"),
					       doc_str(it, "cyber_relevance"), help, "warning",
					       "ai-act", NULL, NULL, SEV_REQUIREMENT});
		aisec_buf_reset(&b);
		aisec_buf_addf(&b, "%s %s (applies from %s) is %s", doc_str(it, "article"),
			       doc_str(it, "title"), doc_str(it, "applies_from"),
			       !strcmp(st, "gap") ? "a gap" : st);
		if (*doc_str(cov, "reason"))
			aisec_buf_addf(&b, ": %s", doc_str(cov, "reason"));
		what_to_do(s, &b, st, cov, rid);
		/* a requirement with evidence points at the evidence field, else at the
		 * facts that made the class (and so the requirement) apply */
		ev_fact = NULL;
		if (doc_int(doc_obj(it, "evidence"), "line") > 0) {
			char field[96];

			snprintf(field, sizeof(field), "evidence.%s", doc_path_str(it, "evidence.kind"));
			ev_fact = json_pack("[{s:s, s:s, s:I}]", "field", field, "value",
					    doc_path_str(it, "evidence.path"), "line",
					    (json_int_t)doc_path_int(it, "evidence.line"));
		}
		result(s, id, rid,
		       !strcmp(st, "covered") ? "pass" : "fail",
		       !strcmp(st, "gap") ? "error" : !strcmp(st, "coverable") ? "warning" : "none",
		       b.data, ev_fact ? ev_fact : class_facts(s->c->doc), NULL,
		       json_pack("{s:s, s:s, s:b}", "status", st, "applies_from",
				 doc_str(it, "applies_from"), "applies_now",
				 doc_bool(it, "applies_now")));
		json_decref(ev_fact);
	}
	aisec_buf_release(&b);
}

static const json_t *coverage_of(const json_t *doc, const char *kind, const char *id)
{
	json_t *c;
	size_t k;

	json_array_foreach(doc_arr(doc, "coverage"), k, c)
		if (!strcmp(doc_str(c, "kind"), kind) && !strcmp(doc_str(c, "id"), id))
			return c;
	return NULL;
}

static void threats(struct sarif *s)
{
	struct aisec_buf b;
	json_t *it;
	size_t i;

	aisec_buf_init(&b, 0);
	json_array_foreach(doc_arr(s->c->doc, "threats"), i, it) {
		const char *tid = doc_str(it, "id");
		const json_t *risk = doc_find(s->c->doc, "risks", "threat", tid);
		const json_t *res = doc_obj(risk, "residual") ? doc_obj(risk, "residual") : risk;
		const json_t *cov = coverage_of(s->c->doc, "threat", tid);
		const json_t *r0 = json_array_get(doc_arr(it, "reasons"), 0);
		const char *rl = doc_path_str(res, "risk.level");
		bool gap = !strcmp(doc_str(cov, "status"), "gap");
		int rank = doc_risk_rank(rl);
		const char *level = rank == 3 ? "error" : rank == 2 ? "warning" : gap ? "note" : "none";
		char id[160], help[1024], full[1024];
		json_t *facts;

		snprintf(id, sizeof(id), "aisec/threat/%s", tid);
		threat_help(help, sizeof(help), doc_str(it, "source"), doc_str(it, "art15_term"),
			    doc_str(json_array_get(doc_arr(s->c->doc, "risks"), 0), "scheme_title"));
		snprintf(full, sizeof(full), "%s (security goals: %s%s%s; life-cycle phases: %s%s)",
			 doc_str(it, "name"), doc_s(json_array_get(doc_arr(it, "goals"), 0)),
			 json_array_size(doc_arr(it, "goals")) > 1 ? ", " : "",
			 doc_s(json_array_get(doc_arr(it, "goals"), 1)),
			 doc_s(json_array_get(doc_arr(it, "phases"), 0)),
			 json_array_size(doc_arr(it, "phases")) > 1 ? ", ..." : "");
		add_rule(s, &(struct rule_def){id, doc_str(it, "name"), full, help, "warning",
					       "ai-threat", doc_arr(it, "atlas"),
					       doc_path_str(risk, "risk.level"), SEV_THREAT});
		aisec_buf_reset(&b);
		aisec_buf_addf(&b, "%s: risk %lld %s before controls", doc_str(it, "name"),
			       doc_path_int(risk, "risk.value"), doc_path_str(risk, "risk.level"));
		if (doc_obj(risk, "residual")) {
			aisec_buf_addf(&b, ", %lld %s after", doc_path_int(res, "risk.value"), rl);
			if (json_array_size(doc_arr(risk, "controls"))) {
				aisec_buf_adds(&b, " ");
				join_ids(&b, doc_arr(risk, "controls"), NULL);
			} else {
				aisec_buf_adds(&b, " (no control in place)");
			}
		}
		if (r0)
			aisec_buf_addf(&b, "; chosen because %s", doc_str(r0, "text"));
		what_to_do(s, &b, rank >= 2 || gap ? "open" : "covered", cov, tid);
		facts = reason_facts(it);
		if (!facts)
			s->err = AISEC_ERR_NOMEM;
		result(s, id, tid, !strcmp(level, "none") ? "pass" : "fail", level, b.data,
		       facts, doc_arr(it, "atlas"),
		       json_pack("{s:I, s:s, s:I, s:s}", "risk",
				 (json_int_t)doc_path_int(risk, "risk.value"), "risk_level",
				 doc_path_str(risk, "risk.level"), "residual_risk",
				 (json_int_t)doc_path_int(res, "risk.value"), "residual_risk_level",
				 rl));
		json_decref(facts);
	}
	aisec_buf_release(&b);
}

static void gaps(struct sarif *s)
{
	struct aisec_buf b;
	json_t *it, *c, *g;
	size_t i, k, m;

	aisec_buf_init(&b, 0);
	json_array_foreach(doc_arr(s->c->doc, "gaps"), i, it) {
		const char *gid = doc_str(it, "id");
		json_t *facts = NULL;
		const char *worst = "";
		char id[160], help[512], level[16];

		/* the worst residual risk among the threats this gap leaves open */
		json_array_foreach(doc_arr(s->c->doc, "coverage"), k, c)
			json_array_foreach(doc_arr(c, "gaps"), m, g) {
				const json_t *r, *t;

				if (strcmp(doc_s(g), gid) || strcmp(doc_str(c, "kind"), "threat"))
					continue;
				r = doc_find(s->c->doc, "risks", "threat", doc_str(c, "id"));
				r = doc_obj(r, "residual") ? doc_obj(r, "residual") : r;
				if (doc_risk_rank(doc_path_str(r, "risk.level")) > doc_risk_rank(worst))
					worst = doc_path_str(r, "risk.level");
				t = doc_find(s->c->doc, "threats", "id", doc_str(c, "id"));
				if (!json_array_size(facts)) {
					json_decref(facts);
					facts = reason_facts(t);
				}
			}
		snprintf(level, sizeof(level), "%s",
			 doc_risk_rank(worst) == 3 ? "error"
			 : doc_risk_rank(worst) == 2 ? "warning" : "note");
		snprintf(id, sizeof(id), "aisec/gap/%s", gid);
		gap_help(help, sizeof(help), doc_str(it, "section"), doc_str(it, "kind"),
			 doc_str(it, "source"));
		add_rule(s, &(struct rule_def){id, doc_str(it, "title"), doc_str(it, "title"), help,
					       "note", "standardisation-gap", NULL, NULL, SEV_GAP});
		aisec_buf_reset(&b);
		aisec_buf_addf(&b, "Report gap \"%s\" (section %s) applies: %s. What to do: ",
			       doc_str(it, "title"), doc_str(it, "section"), doc_str(it, "why"));
		if (json_array_size(doc_arr(it, "partly_filled_by"))) {
			aisec_buf_adds(&b, "apply what partly fills it (");
			join_ids(&b, doc_arr(it, "partly_filled_by"), NULL);
			aisec_buf_adds(&b, ") and ");
		}
		aisec_buf_adds(&b, "document your own measures");
		if (doc_obj(it, "evidence"))
			aisec_buf_addf(&b, "; %s evidence is %s",
				       doc_path_str(it, "evidence.kind"),
				       doc_path_str(it, "evidence.status"));
		aisec_buf_adds(&b, ".");
		result(s, id, gid, "fail", level, b.data,
		       json_array_size(facts) ? facts : class_facts(s->c->doc), NULL,
		       json_pack("{s:s, s:s}", "section", doc_str(it, "section"), "kind",
				 doc_str(it, "kind")));
		json_decref(facts);
	}
	aisec_buf_release(&b);
}

static void sarif_begin(struct sarif *s)
{
	memset(s, 0, sizeof(*s));
	s->rules = json_array();
	s->rule_index = json_object();
	s->taxa = json_array();
	s->taxa_index = json_object();
	s->results = json_array();
	s->artifacts = json_array();
	if (report_uuid5("sarif/taxonomy/mitre-atlas", s->atlas_guid))
		s->err = AISEC_ERR_CRYPTO;
	if (!s->rules || !s->rule_index || !s->taxa || !s->taxa_index || !s->results ||
	    !s->artifacts)
		s->err = AISEC_ERR_NOMEM;
}

/* The rules and results of one findings document, its profile an artifact. */
static void sarif_doc(struct sarif *s, const struct report_ctx *c, const char *rel,
		      const char *uri, long lines)
{
	s->c = c;
	s->file = rel;
	s->uri = uri;
	s->lines = lines;
	s->art = (int)json_array_size(s->artifacts);
	if (!s->err && json_array_append_new(s->artifacts,
					     json_pack("{s:{s:s, s:s}, s:[s]}", "location", "uri",
						       uri, "uriBaseId", SRCROOT, "roles",
						       "analysisTarget")))
		s->err = AISEC_ERR_NOMEM;
	classification(s);
	catalog_rules(s);
	requirements(s);
	threats(s);
	gaps(s);
}

/* The run (consumes what sarif_begin made); NULL with *rc set on failure. */
static json_t *sarif_end(struct sarif *s, const json_t *d, json_t *automation, json_t *props,
			 int *rc)
{
	json_t *run = NULL, *driver;

	json_decref(s->rule_index);
	json_decref(s->taxa_index);
	if (s->err || !automation || !props) {
		json_decref(s->rules);
		json_decref(s->taxa);
		json_decref(s->results);
		json_decref(s->artifacts);
		json_decref(automation);
		json_decref(props);
		*rc = s->err ? s->err : AISEC_ERR_NOMEM;
		return NULL;
	}
	driver = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:[{s:s, s:i, s:s}]}", "name", "aisec",
			   "fullName", "aisec: cybersecurity of AI systems", "version",
			   doc_str(d, "aisec_version"), "semanticVersion",
			   doc_str(d, "aisec_version"), "informationUri", AISEC_INFO_URI, "rules",
			   s->rules, "supportedTaxonomies", "name", ATLAS_NAME, "index", 0, "guid",
			   s->atlas_guid);
	run = json_pack("{s:{s:o}, s:[{s:s, s:s, s:s, s:{s:s}, s:s, s:o}], s:o, s:{s:{s:{s:s}}}, "
			"s:o, s:s, s:o, s:o}",
			"tool", "driver", driver, "taxonomies", "name", ATLAS_NAME, "guid",
			s->atlas_guid, "organization", "MITRE", "shortDescription", "text",
			"Adversarial Threat Landscape for Artificial-Intelligence Systems",
			"informationUri", "https://atlas.mitre.org/", "taxa", s->taxa,
			"automationDetails", automation, "originalUriBaseIds", SRCROOT,
			"description", "text",
			"The base folder of the profile paths: the git work tree aisec ran in, "
			"else its working folder, or the folder given with --base-dir",
			"artifacts", s->artifacts, "columnKind", "unicodeCodePoints", "results",
			s->results, "properties", props);
	if (!run)
		*rc = AISEC_ERR_NOMEM;
	return run;
}

/* One run for one findings document; NULL with *rc set on failure. */
static json_t *sarif_run(const struct report_ctx *c, const char *rel, const char *uri, long lines,
			 int *rc)
{
	const json_t *d = c->doc;
	struct sarif s;
	char auto_id[1024];

	sarif_begin(&s);
	sarif_doc(&s, c, rel, uri, lines);
	/* GitHub's category is the id up to its last '/' */
	snprintf(auto_id, sizeof(auto_id), "aisec-assess/%s/", rel);
	return sarif_end(&s, d, json_pack("{s:s}", "id", auto_id),
			 json_pack("{s:s, s:s, s:s}", "class",
				   doc_path_str(d, "classification.class"), "as_of",
				   doc_str(d, "as_of"), "catalog",
				   doc_path_str(d, "catalog.version")),
			 rc);
}

/* One run for all findings documents (sarif_single_run). */
static json_t *sarif_one_run(const struct report_ctx *cs, size_t n, struct aisec_buf *rel,
			     struct aisec_buf *uri, const long *lines, int *rc)
{
	struct sarif s;
	json_t *profiles = json_array(), *cats = json_array();
	char cat[1024];

	sarif_begin(&s);
	for (size_t i = 0; i < n; i++) {
		sarif_doc(&s, &cs[i], rel[i].data, uri[i].data, lines[i]);
		snprintf(cat, sizeof(cat), "aisec-assess/%s", rel[i].data);
		json_array_append_new(cats, json_string(cat));
		json_array_append_new(profiles,
				      json_pack("{s:s, s:s}", "file", rel[i].data, "class",
						doc_path_str(cs[i].doc, "classification.class")));
	}
	snprintf(cat, sizeof(cat), "aisec assess of %zu profiles in one run", n);
	return sarif_end(&s, cs[0].doc,
			 json_pack("{s:s, s:{s:s}, s:{s:o}}", "id", "aisec-assess/all/",
				   "description", "text", cat, "properties", "categories", cats),
			 json_pack("{s:o, s:s, s:s}", "profiles", profiles, "as_of",
				   doc_str(cs[0].doc, "as_of"), "catalog",
				   doc_path_str(cs[0].doc, "catalog.version")),
			 rc);
}

/* One SARIF log with a run per findings document (one per profile), or one run for all. */
int report_sarif_many(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
		      struct aisec_error *err)
{
	json_t *runs = json_array(), *root;
	struct aisec_buf *rel = calloc(n, sizeof(*rel)), *uri = calloc(n, sizeof(*uri));
	long *lines = calloc(n, sizeof(*lines));
	int rc = runs && rel && uri && lines ? 0 : AISEC_ERR_NOMEM;

	for (size_t i = 0; rel && uri && lines && i < n; i++) {
		const json_t *d = cs[i].doc;
		const char *file = *doc_path_str(d, "profile.file") ? doc_path_str(d, "profile.file")
								     : "profile";

		aisec_buf_init(&rel[i], 0);
		aisec_buf_init(&uri[i], 0);
		if (!rc && report_rel_uri(file, cs[i].opt->base_dir, &rel[i], &uri[i], &lines[i], err) != 0)
			rc = err ? err->code : AISEC_ERR_INVALID;
	}
	if (!rc && n > 0 && cs[0].opt->sarif_single_run) {
		json_t *run = sarif_one_run(cs, n, rel, uri, lines, &rc);

		if (run && json_array_append_new(runs, run))
			rc = AISEC_ERR_NOMEM;
	}
	for (size_t i = 0; rc == 0 && !cs[0].opt->sarif_single_run && i < n; i++) {
		json_t *run = sarif_run(&cs[i], rel[i].data, uri[i].data, lines[i], &rc);

		if (run && json_array_append_new(runs, run))
			rc = AISEC_ERR_NOMEM;
	}
	for (size_t i = 0; rel && uri && lines && i < n; i++) {
		aisec_buf_release(&rel[i]);
		aisec_buf_release(&uri[i]);
	}
	free(rel);
	free(uri);
	free(lines);
	if (rc) {
		json_decref(runs);
		if (rc == AISEC_ERR_INVALID)
			return rc; /* err names the profile and the base */
		return aisec_error_set(err, rc, "report 'sarif': %s", aisec_strerror(rc));
	}
	root = json_pack("{s:s, s:s, s:o}", "$schema",
			 "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
			 "sarif-schema-2.1.0.json",
			 "version", "2.1.0", "runs", runs);
	return emit_json(root, out, "sarif", err);
}

int report_sarif(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	return report_sarif_many(c, 1, out, err);
}
