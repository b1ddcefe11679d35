/*
 * profile.c - the system profile (docs/profile.md): a strict parser driven by
 * one schema table.  Every value becomes a fact (field, value, line) so each
 * conclusion of an assessment can name the lines of the profile behind it.
 * Values that depend on the knowledge base (domains, decisions, Annex I acts,
 * standards, controls) are checked later against the catalog
 * (assess_validate), still naming file, line and field.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "assess/internal.h"
#include "core/core.h"

enum profile_type {
	PT_STR = 1,   /* one-line string */
	PT_TEXT,      /* free text */
	PT_ENUM,
	PT_BOOL,
	PT_NUM,       /* non-negative number */
	PT_ENUM_LIST,
	PT_STR_LIST,
	PT_STANDARDS, /* list of ids or {id, certified} */
	PT_PATH,      /* a file path, relative to the profile */
	PT_ENUM_SET,  /* one choice or a list of choices */
	PT_STR_SET    /* one value or a list of values */
};

#define V(...) ((const char *const[]){__VA_ARGS__, NULL})

static const struct profile_field schema[] = {
	{"schema", PT_ENUM, V("aisec-profile/1"), false},
	{"kind", PT_ENUM, V("system", "model"), false},
	{"system.name", PT_STR, NULL, true},
	{"system.version", PT_STR, NULL, false},
	{"system.provider", PT_STR, NULL, false},
	{"system.role", PT_ENUM_SET, V("provider", "deployer", "importer", "distributor",
				       "product_manufacturer", "authorised_representative"), true},
	{"system.purpose", PT_TEXT, NULL, false},
	{"system.public_service", PT_BOOL, NULL, false},
	{"scope.established", PT_ENUM, V("eu", "third_country"), false},
	{"scope.eu_market", PT_BOOL, NULL, false},
	{"scope.output_in_eu", PT_BOOL, NULL, false},
	{"scope.exclusion", PT_ENUM, V("none", "military_defence_national_security",
				       "third_country_authority", "scientific_research",
				       "pre_market_research", "personal_non_professional"), false},
	{"scope.other_purposes", PT_BOOL, NULL, false},
	{"scope.fundamental_rights_safeguards", PT_BOOL, NULL, false},
	{"scope.real_world_testing", PT_BOOL, NULL, false},
	{"scope.open_source", PT_BOOL, NULL, false},
	{"value_chain.own_name", PT_BOOL, NULL, false},
	{"value_chain.substantial_modification", PT_BOOL, NULL, false},
	{"value_chain.changed_purpose", PT_BOOL, NULL, false},
	{"use.domain", PT_STR, NULL, true},
	{"use.decision", PT_STR_SET, NULL, false},
	{"use.annex_iii_point", PT_STR, NULL, false},
	{"use.profiling", PT_BOOL, NULL, false},
	{"use.art6_3", PT_ENUM, V("none", "narrow_procedural_task", "improve_completed_human_activity",
				  "detect_decision_patterns", "preparatory_task"), false},
	{"use.biometrics.kind", PT_ENUM, V("none", "verification", "identification",
					   "categorisation", "emotion_recognition"), false},
	{"use.biometrics.remote", PT_BOOL, NULL, false},
	{"use.biometrics.real_time", PT_BOOL, NULL, false},
	{"use.biometrics.public_spaces", PT_BOOL, NULL, false},
	{"use.biometrics.law_enforcement", PT_BOOL, NULL, false},
	{"use.biometrics.rbi_exception", PT_ENUM, V("none", "victims", "imminent_threat", "suspects"), false},
	{"use.biometrics.rbi_authorisation", PT_ENUM, V("none", "prior", "urgent_requested"), false},
	{"use.biometrics.rbi_national_law", PT_BOOL, NULL, false},
	{"use.biometrics.rbi_fria", PT_BOOL, NULL, false},
	{"use.biometrics.rbi_registered", PT_BOOL, NULL, false},
	{"use.biometrics.rbi_notified", PT_BOOL, NULL, false},
	{"use.biometrics.setting", PT_ENUM, V("workplace", "education", "public", "other"), false},
	{"use.biometrics.purpose", PT_ENUM, V("medical", "safety", "other"), false},
	{"use.biometrics.attributes", PT_ENUM_LIST,
	 V("race", "political_opinions", "trade_union_membership", "religious_beliefs",
	   "philosophical_beliefs", "sex_life", "sexual_orientation", "sex", "age",
	   "disability", "ethnic_origin", "other"), false},
	{"use.biometrics.dataset_labelling", PT_BOOL, NULL, false},
	{"use.practices.manipulation", PT_BOOL, NULL, false},
	{"use.practices.exploits_vulnerabilities", PT_BOOL, NULL, false},
	{"use.practices.intimate_imagery", PT_BOOL, NULL, false},
	{"use.practices.csam", PT_BOOL, NULL, false},
	{"use.practices.social_scoring", PT_BOOL, NULL, false},
	{"use.practices.social_scoring_effect", PT_ENUM, V("none", "unrelated_context",
							   "unjustified_or_disproportionate", "both"), false},
	{"use.practices.social_scoring_by", PT_ENUM, V("public_authority", "private_entity"), false},
	{"use.practices.crime_prediction", PT_ENUM, V("none", "solely_profiling",
						      "supports_human_assessment"), false},
	{"use.practices.untargeted_face_scraping", PT_BOOL, NULL, false},
	{"use.annex_i.act", PT_STR, NULL, false},
	{"use.annex_i.role", PT_ENUM, V("none", "product", "safety_component"), false},
	{"use.annex_i.third_party_assessment", PT_BOOL, NULL, false},
	{"use.transparency.interacts_with_people", PT_BOOL, NULL, false},
	{"use.transparency.generates_content", PT_BOOL, NULL, false},
	{"use.transparency.deep_fakes", PT_BOOL, NULL, false},
	{"use.transparency.public_interest_text", PT_BOOL, NULL, false},
	{"use.transparency.human_editorial_review", PT_BOOL, NULL, false},
	{"use.gpai.model", PT_BOOL, NULL, false},
	{"use.gpai.training_flop", PT_NUM, NULL, false},
	{"use.gpai.designated", PT_BOOL, NULL, false},
	{"use.gpai.open_source", PT_BOOL, NULL, false},
	{"ml.learning", PT_ENUM, V("supervised", "unsupervised", "self_supervised",
				   "reinforcement", "rules"), false},
	{"ml.family", PT_ENUM, V("neural_network", "transformer", "cnn", "rnn",
				 "gradient_boosting", "random_forest", "decision_tree", "linear",
				 "svm", "bayesian", "knn", "rules", "other"), false},
	{"ml.continuous_learning", PT_BOOL, NULL, false},
	{"ml.explainability", PT_ENUM, V("none", "post_hoc", "inherent"), false},
	{"ml.third_party_model", PT_BOOL, NULL, false},
	{"data.sources", PT_ENUM_LIST, V("own", "third_party", "public", "scraped",
					 "user_feedback", "synthetic"), false},
	{"data.personal_data", PT_BOOL, NULL, false},
	{"data.labelling", PT_ENUM, V("none", "internal", "crowd", "third_party", "automatic"), false},
	{"deployment.exposure", PT_ENUM, V("offline", "internal", "partner", "public_app",
					   "public_api", "on_device"), true},
	{"deployment.returns", PT_ENUM_LIST, V("label", "score", "probabilities", "content",
					       "explanation"), false},
	{"deployment.rate_limit", PT_BOOL, NULL, false},
	{"deployment.hosting", PT_ENUM, V("own", "cloud", "shared", "on_device"), false},
	{"impact.affected", PT_STR_LIST, NULL, false},
	{"impact.severity", PT_ENUM, V("low", "medium", "high"), false},
	{"impact.description", PT_TEXT, NULL, false},
	{"organisation.standards", PT_STANDARDS, NULL, false},
	{"organisation.controls", PT_STR_LIST, NULL, false},
	{"evidence.lineage", PT_PATH, NULL, false},
	{"evidence.lineage_store", PT_PATH, NULL, false},
	{"evidence.lineage_root", PT_PATH, NULL, false},
	{"evidence.lineage_keys", PT_STR_LIST, NULL, false},
	{"evidence.ledger", PT_PATH, NULL, false},
	{"evidence.ledger_key", PT_PATH, NULL, false},
	{"evidence.monitoring", PT_PATH, NULL, false},
	{"evidence.probes", PT_PATH, NULL, false},
	{"evidence.probe_levels", PT_STR_LIST, NULL, false},
	{NULL, 0, NULL, false}
};

#undef V

const struct profile_field *profile_schema(void)
{
	return schema;
}

const char *profile_type_name(int type)
{
	switch (type) {
	case PT_STR:
		return "text";
	case PT_TEXT:
		return "text (may span lines)";
	case PT_ENUM:
		return "choice";
	case PT_BOOL:
		return "yes/no";
	case PT_NUM:
		return "number";
	case PT_ENUM_LIST:
		return "list of choices";
	case PT_STR_LIST:
		return "list";
	case PT_STANDARDS:
		return "list of standards";
	case PT_PATH:
		return "path";
	case PT_ENUM_SET:
		return "choice or list of choices";
	case PT_STR_SET:
		return "choice or list of choices";
	default:
		return "value";
	}
}

#define MAX_FACTS 4096
#define MAX_TEXT 8192

struct parse {
	struct aisec_profile *p;
	const char *name;
	struct aisec_error *err;
	size_t alloc;
};

static int add_fact(struct parse *ps, const char *path, const char *field,
		    const char *value, size_t vlen, int line)
{
	struct aisec_profile *p = ps->p;
	struct assess_fact *f;

	if (p->nfacts >= MAX_FACTS)
		return aisec_error_set(ps->err, AISEC_ERR_LIMIT,
				       "'%s' line %d: field '%s': more than %d values",
				       ps->name, line, field, MAX_FACTS);
	if (p->nfacts == ps->alloc) {
		size_t n = ps->alloc ? ps->alloc * 2 : 64;
		void *t = realloc(p->facts, n * sizeof(*p->facts));

		if (!t)
			return aisec_error_set(ps->err, AISEC_ERR_NOMEM, "out of memory");
		p->facts = t;
		ps->alloc = n;
	}
	f = &p->facts[p->nfacts];
	f->path = strdup(path);
	f->field = strdup(field);
	f->value = strndup(value, vlen);
	f->line = line;
	if (!f->path || !f->field || !f->value) {
		free(f->path);
		free(f->field);
		free(f->value);
		return aisec_error_set(ps->err, AISEC_ERR_NOMEM, "out of memory");
	}
	p->nfacts++;
	return 0;
}

#define bad(ps, n, field, ...) field_error((ps)->err, (ps)->name, n, field, __VA_ARGS__)

/* The scalar text of n, or NULL (sets the error) when n is not a scalar. */
/* A YAML tag (!!binary, !custom) makes a value something else than text. */
static int no_tag(struct parse *ps, struct fy_node *n, const char *field)
{
	size_t tl = 0;
	const char *tag = n ? fy_node_get_tag(n, &tl) : NULL;

	if (tag)
		return bad(ps, n, field, "tagged value '%.*s': YAML tags are not allowed",
			   (int)(tl > 64 ? 64 : tl), tag);
	return 0;
}

static const char *scalar(struct parse *ps, struct fy_node *n, const char *field, size_t *len)
{
	const char *s;

	if (!n || !fy_node_is_scalar(n)) {
		bad(ps, n, field, "expected a single value");
		return NULL;
	}
	if (no_tag(ps, n, field))
		return NULL;
	s = fy_node_get_scalar(n, len);
	if (!s) {
		bad(ps, n, field, "unreadable value");
		return NULL;
	}
	return s;
}

static bool in_list(const char *const *values, const char *s, size_t len)
{
	for (size_t i = 0; values[i]; i++)
		if (strlen(values[i]) == len && memcmp(values[i], s, len) == 0)
			return true;
	return false;
}

static int bad_enum(struct parse *ps, struct fy_node *n, const char *field,
		    const char *s, size_t len, const char *const *values)
{
	char allowed[1024] = "";
	size_t off = 0;

	for (size_t i = 0; values[i] && off < sizeof(allowed) - 1; i++) {
		int k = snprintf(allowed + off, sizeof(allowed) - off, "%s%s", i ? ", " : "",
				 values[i]);
		if (k < 0)
			break;
		off += (size_t)k;
	}
	return bad(ps, n, field, "unknown value '%.*s' (one of: %s)",
		   (int)(len > 64 ? 64 : len), s, allowed);
}

static bool is_plain_text(const char *s, size_t len, bool multiline)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0' || (c < 0x20 && c != '\t' && !(multiline && c == '\n')))
			return false;
	}
	return true;
}

/* digits[.digits][e[+-]digits]: no hex, no inf/nan, no sign, no spaces */
static bool is_decimal(const char *s)
{
	size_t n = 0;

	while (*s >= '0' && *s <= '9')
		s++, n++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			n++;
	if (n == 0)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

static int parse_scalar(struct parse *ps, const struct profile_field *fs,
			struct fy_node *n, const char *field)
{
	size_t len;
	const char *s = scalar(ps, n, field, &len);
	int line = aisec_yaml_line(n);

	if (!s)
		return ps->err->code;
	switch (fs->type) {
	case PT_STR:
	case PT_PATH:
		if (len == 0)
			return bad(ps, n, field, "empty value");
		if (len > 512 || !is_plain_text(s, len, false))
			return bad(ps, n, field, "expected one line of at most 512 bytes");
		break;
	case PT_TEXT:
		if (len > MAX_TEXT || !is_plain_text(s, len, true))
			return bad(ps, n, field, "expected text of at most %d bytes", MAX_TEXT);
		break;
	case PT_ENUM:
		if (!in_list(fs->values, s, len))
			return bad_enum(ps, n, field, s, len, fs->values);
		break;
	case PT_BOOL:
		if (!((len == 4 && memcmp(s, "true", 4) == 0) ||
		      (len == 5 && memcmp(s, "false", 5) == 0)))
			return bad(ps, n, field, "expected true or false, not '%.*s'",
				   (int)(len > 64 ? 64 : len), s);
		break;
	case PT_NUM: {
		char tmp[64], *end;
		double d;

		if (len == 0 || len >= sizeof(tmp))
			return bad(ps, n, field, "expected a number");
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		if (fy_node_get_style(n) != FYNS_PLAIN)
			return bad(ps, n, field, "expected a number, not the quoted text '%s'", tmp);
		if (!is_decimal(tmp))
			return bad(ps, n, field,
				   "expected a non-negative number (decimal, such as 1e26 or 0.5), not '%s'",
				   tmp);
		errno = 0;
		d = strtod(tmp, &end);
		if (*end || errno || !isfinite(d) || d < 0)
			return bad(ps, n, field, "expected a non-negative number, not '%s'", tmp);
		if (strcmp(fs->path, "use.gpai.training_flop") == 0)
			ps->p->training_flop = d;
		break;
	}
	default:
		return bad(ps, n, field, "unexpected value");
	}
	return add_fact(ps, fs->path, field, s, len, line);
}

static int parse_list(struct parse *ps, const struct profile_field *fs,
		      struct fy_node *n, const char *field)
{
	struct profile_field item = *fs;
	struct fy_node *e;
	void *it = NULL;
	size_t i = 0;
	int ret;

	if (!fy_node_is_sequence(n))
		return bad(ps, n, field, "expected a list");
	item.type = fs->type == PT_ENUM_LIST || fs->type == PT_ENUM_SET ? PT_ENUM : PT_STR;
	while ((e = fy_node_sequence_iterate(n, &it))) {
		char f[256];

		snprintf(f, sizeof(f), "%s[%zu]", field, i++);
		if (fs->type == PT_STANDARDS && fy_node_is_mapping(e)) {
			static const char *const keys[] = {"id", "certified", NULL};
			struct fy_node *id = aisec_yaml_get(e, "id");
			struct fy_node *cert = aisec_yaml_get(e, "certified");
			struct profile_field bf = {fs->path, PT_BOOL, NULL, false};
			char cf[300];

			if ((ret = aisec_yaml_check_keys(e, keys, ps->name, f, ps->err)))
				return ret;
			if (!id)
				return bad(ps, e, f, "missing 'id'");
			snprintf(cf, sizeof(cf), "%s.id", f);
			if ((ret = parse_scalar(ps, &item, id, cf)))
				return ret;
			if (cert) {
				size_t len;
				const char *cs;

				snprintf(cf, sizeof(cf), "%s.certified", f);
				bf.path = "organisation.certified";
				if ((ret = parse_scalar(ps, &bf, cert, cf)))
					return ret;
				/* record the certified standard's id, not "true" */
				cs = ps->p->facts[ps->p->nfacts - 2].value;
				len = strlen(cs);
				if (strcmp(ps->p->facts[ps->p->nfacts - 1].value, "true") == 0) {
					free(ps->p->facts[ps->p->nfacts - 1].value);
					ps->p->facts[ps->p->nfacts - 1].value = strndup(cs, len);
					if (!ps->p->facts[ps->p->nfacts - 1].value)
						return aisec_error_set(ps->err, AISEC_ERR_NOMEM,
								       "out of memory");
				} else {
					struct assess_fact *last = &ps->p->facts[--ps->p->nfacts];

					free(last->path);
					free(last->field);
					free(last->value);
				}
			}
			continue;
		}
		if ((ret = parse_scalar(ps, &item, e, f)))
			return ret;
	}
	return 0;
}

static const struct profile_field *find_field(const char *path)
{
	for (const struct profile_field *f = schema; f->path; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}

/* Is `path` the parent of some schema field (a mapping)? */
static bool is_group(const char *path)
{
	size_t len = strlen(path);

	for (const struct profile_field *f = schema; f->path; f++)
		if (strncmp(f->path, path, len) == 0 && f->path[len] == '.')
			return true;
	return false;
}

static int walk(struct parse *ps, struct fy_node *map, const char *path, int depth)
{
	struct fy_node_pair *pair;
	void *it = NULL;
	int ret;

	if (!fy_node_is_mapping(map))
		return bad(ps, map, path[0] ? path : "(top level)", "expected a mapping");
	while ((pair = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(pair), *v = fy_node_pair_value(pair);
		size_t klen = 0;
		const char *ks = k && fy_node_is_scalar(k) ? fy_node_get_scalar(k, &klen) : NULL;
		char child[256];
		const struct profile_field *fs;

		if (!ks || klen == 0 || klen > 64)
			return bad(ps, k, path[0] ? path : "(top level)",
				   "keys must be plain names");
		snprintf(child, sizeof(child), "%s%s%.*s", path, path[0] ? "." : "", (int)klen, ks);
		fs = find_field(child);
		if (!v)
			return bad(ps, k, child, "missing value");
		if ((ret = no_tag(ps, v, child)))
			return ret;
		if (fs) {
			bool set = fs->type == PT_ENUM_SET || fs->type == PT_STR_SET;

			if (fs->type == PT_ENUM_LIST || fs->type == PT_STR_LIST ||
			    fs->type == PT_STANDARDS || (set && fy_node_is_sequence(v)))
				ret = parse_list(ps, fs, v, child);
			else if (set) {
				struct profile_field one = *fs;

				one.type = fs->type == PT_ENUM_SET ? PT_ENUM : PT_STR;
				ret = parse_scalar(ps, &one, v, child);
			} else
				ret = parse_scalar(ps, fs, v, child);
		} else if (is_group(child) && depth < 4) {
			ret = walk(ps, v, child, depth + 1);
		} else {
			ret = aisec_error_set(ps->err, AISEC_ERR_INVALID,
					      "'%s' line %d: field '%s': unknown field",
					      ps->name, aisec_yaml_line(k), child);
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int check_required(struct parse *ps, struct fy_node *root)
{
	for (const struct profile_field *f = schema; f->path; f++)
		if (f->required && !profile_fact(ps->p, f->path))
			return aisec_error_set(ps->err, AISEC_ERR_INVALID,
					       "'%s' line %d: field '%s': required field missing",
					       ps->name, aisec_yaml_line(root), f->path);
	return 0;
}

/* A field given twice (YAML allows duplicate keys in some parsers) is an error. */
static int check_unique(struct parse *ps)
{
	const struct aisec_profile *p = ps->p;

	for (size_t i = 0; i < p->nfacts; i++) {
		for (size_t j = i + 1; j < p->nfacts; j++) {
			if (strcmp(p->facts[i].field, p->facts[j].field) == 0)
				return aisec_error_set(ps->err, AISEC_ERR_INVALID,
						       "'%s' line %d: field '%s': given twice",
						       ps->name, p->facts[j].line, p->facts[j].field);
			if (strcmp(p->facts[i].path, "organisation.controls") == 0 &&
			    strcmp(p->facts[j].path, p->facts[i].path) == 0 &&
			    strcmp(p->facts[i].value, p->facts[j].value) == 0)
				return aisec_error_set(ps->err, AISEC_ERR_INVALID,
						       "'%s' line %d: field '%s': '%s' listed twice",
						       ps->name, p->facts[j].line, p->facts[j].field,
						       p->facts[j].value);
		}
	}
	return 0;
}

int aisec_profile_parse(const char *name, const char *text, size_t len,
			struct aisec_profile **out, struct aisec_error *err)
{
	struct parse ps = {0};
	struct fy_document *doc = NULL;
	struct aisec_profile *p;
	int ret;

	*out = NULL;
	if (!name)
		name = "profile";
	p = calloc(1, sizeof(*p));
	if (!p)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	p->training_flop = -1;
	p->name = strdup(name);
	p->dir = strdup("");
	if (!p->name || !p->dir) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
		goto out;
	}
	ps.p = p;
	ps.name = name;
	ps.err = err;
	doc = aisec_yaml_parse(name, text, len, err);
	if (!doc) {
		ret = err ? err->code : AISEC_ERR_PARSE;
		goto out;
	}
	if ((ret = walk(&ps, fy_document_root(doc), "", 0)) ||
	    (ret = check_required(&ps, fy_document_root(doc))) ||
	    (ret = check_unique(&ps)))
		goto out;
	*out = p;
	p = NULL;
	ret = 0;
out:
	if (doc)
		fy_document_destroy(doc);
	aisec_profile_free(p);
	return ret;
}

int aisec_profile_load(const char *path, struct aisec_profile **out, struct aisec_error *err)
{
	struct aisec_buf b;
	const char *slash;
	int ret;

	*out = NULL;
	aisec_buf_init(&b, 0);
	if ((ret = aisec_file_read_max(path, AISEC_PROFILE_MAX, &b, err)))
		goto out;
	if ((ret = aisec_profile_parse(path, b.data, b.len, out, err)))
		goto out;
	slash = strrchr(path, '/');
	if (slash) {
		char *dir = strndup(path, (size_t)(slash - path + 1));

		if (!dir) {
			aisec_profile_free(*out);
			*out = NULL;
			ret = aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
			goto out;
		}
		free((*out)->dir);
		(*out)->dir = dir;
	}
out:
	aisec_buf_release(&b);
	return ret;
}

void aisec_profile_free(struct aisec_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nfacts; i++) {
		free(p->facts[i].path);
		free(p->facts[i].field);
		free(p->facts[i].value);
	}
	free(p->facts);
	free(p->name);
	free(p->dir);
	free(p);
}

const struct assess_fact *profile_fact(const struct aisec_profile *p, const char *path)
{
	for (size_t i = 0; i < p->nfacts; i++)
		if (strcmp(p->facts[i].path, path) == 0)
			return &p->facts[i];
	return NULL;
}

const char *profile_value(const struct aisec_profile *p, const char *path, const char *def)
{
	const struct assess_fact *f = profile_fact(p, path);

	return f ? f->value : def;
}

const char *aisec_profile_value(const struct aisec_profile *p, const char *path)
{
	return profile_value(p, path, NULL);
}

bool profile_has(const struct aisec_profile *p, const char *path, const char *value)
{
	for (size_t i = 0; i < p->nfacts; i++)
		if (strcmp(p->facts[i].path, path) == 0 && strcmp(p->facts[i].value, value) == 0)
			return true;
	return false;
}

bool profile_role(const struct aisec_profile *p, const char *role)
{
	return profile_has(p, "system.role", role);
}

json_t *fact_json(const struct assess_fact *f)
{
	return json_pack("{s:s, s:s, s:i}", "field", f->field, "value", f->value, "line",
			 f->line);
}

json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}
