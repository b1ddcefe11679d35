/*
 * interview.c - `aisec profile new`: the questions that decide a profile,
 * asked one by one in the order of the FLI AI Act compliance checker (role,
 * prohibited practices, biometrics, Annex I, Annex III, Art. 50,
 * general-purpose AI), then the facts the threat analysis needs.  Questions
 * that earlier answers make moot are skipped.  The answers become a commented
 * YAML profile, which is parsed and checked before it is handed back.  The
 * library asks through a callback and never prints.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "assess/internal.h"
#include "core/core.h"

#define MAX_ANSWERS 96
#define MAX_ITEMS 32

struct answer {
	const char *field;
	const char *prompt;
	enum aisec_answer_kind kind;
	char *items[MAX_ITEMS]; /* one value, or the list */
	size_t nitems;
};

struct iv {
	const struct aisec_catalog *cat;
	const struct act_rules *rules;
	aisec_ask_fn ask;
	void *ctx;
	struct aisec_error *err;
	struct answer a[MAX_ANSWERS];
	size_t n;
	const char *section;
	struct fy_document *resume; /* answers given before (a draft), or NULL */
	bool stopped;               /* the user quit or the input ended */
};

/* The answer a resumed draft holds for `field` as answer text (caller frees), or NULL. */
static char *resumed(struct iv *v, const char *field)
{
	char path[256];
	struct fy_node *n;
	struct aisec_buf b;
	size_t len;
	const char *s;

	if (!v->resume)
		return NULL;
	snprintf(path, sizeof(path), "/%s", field);
	for (char *p = path; *p; p++)
		if (*p == '.')
			*p = '/';
	n = fy_node_by_path(fy_document_root(v->resume), path, (size_t)-1, FYNWF_DONT_FOLLOW);
	if (!n)
		return NULL;
	if (fy_node_is_scalar(n)) {
		s = fy_node_get_scalar(n, &len);
		return s ? strndup(s, len) : NULL;
	}
	if (!fy_node_is_sequence(n))
		return NULL;
	aisec_buf_init(&b, 4096);
	for (struct fy_node *it, *iter = NULL; (it = fy_node_sequence_iterate(n, (void **)&iter));) {
		s = fy_node_get_scalar(it, &len);
		if (s)
			aisec_buf_addf(&b, "%s%.*s", b.len ? ", " : "", (int)len, s);
	}
	if (!b.len) {
		aisec_buf_release(&b);
		return strdup("none");
	}
	return aisec_buf_detach(&b, NULL);
}

static const char *const *schema_choices(const char *field)
{
	for (const struct profile_field *f = profile_schema(); f->path; f++)
		if (strcmp(f->path, field) == 0)
			return f->values;
	return NULL;
}

static bool in_choices(const char *const *c, const char *s)
{
	for (size_t i = 0; c && c[i]; i++)
		if (strcmp(c[i], s) == 0)
			return true;
	return false;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Check and store one answer; returns NULL or a static-lifetime error text in buf. */
static const char *accept(struct iv *v, struct answer *a, const struct aisec_question *q,
			  char *text, char *why, size_t nwhy)
{
	char *s = trim(text);

	if (!*s && q->def)
		s = (char *)q->def;
	if (!*s)
		return "an answer is required";
	if (strchr(s, '\n') || strlen(s) > 512)
		return "one line of at most 512 bytes, please";
	switch (q->kind) {
	case AISEC_ANSWER_YESNO:
		if (!strcmp(s, "y") || !strcmp(s, "yes") || !strcmp(s, "true"))
			s = "true";
		else if (!strcmp(s, "n") || !strcmp(s, "no") || !strcmp(s, "false"))
			s = "false";
		else
			return "answer yes or no";
		break;
	case AISEC_ANSWER_CHOICE:
		if (!in_choices(q->choices, s)) {
			/* a number picks the n-th choice */
			char *end;
			long k = strtol(s, &end, 10);
			size_t n = 0;

			while (q->choices && q->choices[n])
				n++;
			if (*end || k < 1 || (size_t)k > n)
				return "pick one of the choices (its name or number)";
			s = (char *)q->choices[k - 1];
		}
		break;
	case AISEC_ANSWER_NUMBER: {
		char *end;
		double d;

		errno = 0;
		d = strtod(s, &end);
		if (*end || errno || !isfinite(d) || d < 0)
			return "a non-negative number, please (e.g. 3e24)";
		break;
	}
	case AISEC_ANSWER_LIST: {
		char *save = NULL, *tok;

		if (!strcmp(s, "none"))
			return NULL; /* empty list */
		for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *t = trim(tok);

			if (!*t)
				continue;
			if (q->choices && !in_choices(q->choices, t)) {
				/* a number picks the n-th choice, as in choice questions */
				char *end;
				long k = strtol(t, &end, 10);
				size_t n = 0;

				while (q->choices[n])
					n++;
				if (!*end && k >= 1 && (size_t)k <= n)
					t = (char *)q->choices[k - 1];
			}
			if (q->choices && !in_choices(q->choices, t)) {
				snprintf(why, nwhy, "unknown item '%.64s'", t);
				return why;
			}
			if (!strcmp(q->field, "organisation.controls") &&
			    !aisec_catalog_control(v->cat, t)) {
				snprintf(why, nwhy, "unknown control '%.64s' (see 'aisec catalog controls')", t);
				return why;
			}
			if (!strcmp(q->field, "organisation.standards") &&
			    !aisec_catalog_standard(v->cat, t)) {
				snprintf(why, nwhy, "unknown standard '%.64s' (see 'aisec catalog standards')", t);
				return why;
			}
			if (a->nitems == MAX_ITEMS)
				return "too many items";
			if (!(a->items[a->nitems++] = strdup(t)))
				return "out of memory";
		}
		return NULL;
	}
	default:
		break;
	}
	if (!(a->items[0] = strdup(s)))
		return "out of memory";
	a->nitems = 1;
	return NULL;
}

/* Ask a question; the stored answer's first item, or NULL on error (v->err set). */
static const char *ask(struct iv *v, const char *field, const char *prompt, const char *help,
		       enum aisec_answer_kind kind, const char *const *choices, const char *def)
{
	struct aisec_question q = {v->section, field, prompt, help, kind,
				   choices ? choices : schema_choices(field), def, NULL};
	struct answer *a;
	struct aisec_buf b;
	char why[160];

	if (v->n == MAX_ANSWERS) {
		aisec_error_set(v->err, AISEC_ERR_LIMIT, "too many questions");
		return NULL;
	}
	a = &v->a[v->n];
	memset(a, 0, sizeof(*a));
	a->field = field;
	a->prompt = prompt;
	a->kind = kind;
	v->section = NULL;
	aisec_buf_init(&b, 4096);
	/* answered in the draft being resumed: taken unless it is refused now */
	/* asked again until valid: the callback stops it (a pipe gives up at once) */
	for (int tries = 0; tries < 1000; tries++) {
		char *prev = tries == 0 ? resumed(v, field) : NULL;
		int rc;

		aisec_buf_reset(&b);
		/* answered in the draft being resumed: taken unless it is refused now */
		rc = prev ? aisec_buf_adds(&b, prev) : v->ask(v->ctx, &q, &b);
		free(prev);
		if (prev && !rc && accept(v, a, &q, b.data, why, sizeof(why))) {
			for (size_t i = 0; i < a->nitems; i++)
				free(a->items[i]);
			a->nitems = 0;
			aisec_buf_reset(&b);
			rc = v->ask(v->ctx, &q, &b);
		} else if (prev && !rc) {
			aisec_buf_release(&b);
			v->n++;
			return a->nitems ? a->items[0] : "";
		}
		if (rc) {
			aisec_buf_release(&b);
			v->stopped = !q.error;
			if (q.error)
				aisec_error_set(v->err, AISEC_ERR_INVALID, "question '%s': %s", field,
						q.error);
			else
				aisec_error_set(v->err, rc, "question '%s': no answer (%s)", field,
						aisec_strerror(rc));
			return NULL;
		}
		q.error = accept(v, a, &q, b.data, why, sizeof(why));
		if (!q.error) {
			aisec_buf_release(&b);
			v->n++;
			return a->nitems ? a->items[0] : "";
		}
		for (size_t i = 0; i < a->nitems; i++)
			free(a->items[i]);
		a->nitems = 0;
	}
	aisec_buf_release(&b);
	aisec_error_set(v->err, AISEC_ERR_INVALID, "question '%s': %s", field, q.error);
	return NULL;
}

/* 1 yes, 0 no, or a negative error. */
static int yes(struct iv *v, const char *field, const char *prompt, const char *help)
{
	const char *a = ask(v, field, prompt, help, AISEC_ANSWER_YESNO, NULL, "no");

	return a ? strcmp(a, "true") == 0 : v->err->code;
}

#define ASK(...) do { if (!(ans = ask(v, __VA_ARGS__))) return v->err->code; } while (0)
#define YES(var, ...) do { if ((var = yes(v, __VA_ARGS__)) < 0) return var; } while (0)

/* The profile facts answered so far, for the rules of ai-act.yaml. */
static bool answered_out_of_scope(struct iv *v)
{
	struct assess_fact facts[MAX_ANSWERS];
	struct aisec_profile p = {0};
	const struct act_rules *r = v->rules;

	for (size_t i = 0; i < v->n; i++) {
		if (!v->a[i].nitems)
			continue;
		facts[p.nfacts] = (struct assess_fact){(char *)v->a[i].field,
						       (char *)v->a[i].field,
						       v->a[i].items[0], 0};
		p.nfacts++;
	}
	p.facts = facts;
	p.training_flop = -1;
	if (r->scope_territorial.when.nalts &&
	    cond_eval(&r->scope_territorial.when, &p, NULL))
		return true;
	for (size_t i = 0; i < r->nscope_exclusions; i++)
		if (cond_eval(&r->scope_exclusions[i].when, &p, NULL) &&
		    !(r->scope_exclusions[i].unless.nalts &&
		      cond_eval(&r->scope_exclusions[i].unless, &p, NULL)))
			return true;
	return false;
}

/*
 * Art. 2 first: where the organisation is, where the system and its output
 * go, and the exclusions with the question that tests each one's limit.
 * 1 when the answers put the system out of scope, 0 if not, or an error.
 */
static int scope_questions(struct iv *v)
{
	const char *ans;
	int y;

	v->section = "Scope (Art. 2)";
	if (!(ans = ask(v, "scope.established",
			"Where is your organisation established?", NULL,
			AISEC_ANSWER_CHOICE, NULL, "eu")) ||
	    !ask(v, "scope.eu_market",
		 "Is the system placed on the market, put into service or used "
		 "in the EU?",
		 NULL, AISEC_ANSWER_YESNO, NULL, "yes") ||
	    !ask(v, "scope.output_in_eu", "Is its output used in the EU?", NULL,
		 AISEC_ANSWER_YESNO, NULL, "yes") ||
	    !(ans = ask(v, "scope.exclusion",
			"Does one of the exclusions of Art. 2 apply?",
			"military_defence_national_security (2(3)), "
			"third_country_authority (2(4)), "
			"scientific_research (2(6)), pre_market_research "
			"(2(8)), personal_non_professional (2(10))",
			AISEC_ANSWER_CHOICE, NULL, "none")))
		return v->err->code;
	if (!strcmp(ans, "military_defence_national_security") ||
	    !strcmp(ans, "scientific_research"))
		YES(y, "scope.other_purposes",
		    "Is it also placed on the market, put into service or used "
		    "for any other purpose?",
		    "then the exclusion does not cover it");
	else if (!strcmp(ans, "third_country_authority"))
		YES(y, "scope.fundamental_rights_safeguards",
		    "Does the third country or organisation provide adequate "
		    "safeguards for fundamental rights?",
		    NULL);
	else if (!strcmp(ans, "pre_market_research"))
		YES(y, "scope.real_world_testing",
		    "Is it tested in real-world conditions?",
		    "real-world testing is not excluded (Art. 2(8))");
	if (answered_out_of_scope(v))
		return 1;
	YES(y, "scope.open_source",
	    "Is it released under a free and open-source licence?",
	    "excluded by Art. 2(12) unless high-risk or under Art. 5 or 50");
	return 0;
}

/* Out of scope: the two facts every profile needs, then stop (docs/profile.md).
 */
static int stop_early(struct iv *v)
{
	const struct act_rules *r = v->rules;
	const char *dom_choices[64];
	const char *ans;
	size_t k;

	v->section = "Out of scope (Art. 2): the last two questions";
	for (k = 0; k < r->ndomains && k < 63; k++)
		dom_choices[k] = r->domains[k].id;
	dom_choices[k] = NULL;
	if (!(ans = ask(v, "use.domain", "In which domain is it used?", NULL,
			AISEC_ANSWER_CHOICE, dom_choices, "other")) ||
	    !(ans = ask(v, "deployment.exposure", "Who can send it inputs?",
			NULL, AISEC_ANSWER_CHOICE, NULL, "offline")))
		return v->err->code;
	return 0;
}

static int questions(struct iv *v)
{
	const struct act_rules *r = v->rules;
	const char *ans;
	const char *dom_choices[64], *act_choices[40], *kind;
	const char *const *decisions = NULL;
	size_t k;
	int y;

	v->section = "The system and your role";
	ASK("system.name", "Name of the AI system?", NULL, AISEC_ANSWER_TEXT, NULL, NULL);
	ASK("system.version", "Version?", NULL, AISEC_ANSWER_TEXT, NULL, "1.0");
	ASK("system.provider", "Who provides it (organisation)?", NULL, AISEC_ANSWER_TEXT, NULL, NULL);
	ASK("system.role", "Your organisation's role for this system?",
	    "provider develops or places it on the market; deployer uses it under its authority",
	    AISEC_ANSWER_CHOICE, NULL, "provider");
	ASK("system.purpose", "Intended purpose, in one sentence?", NULL, AISEC_ANSWER_TEXT, NULL, NULL);

	if ((y = scope_questions(v)) < 0)
		return y;
	if (y)
		return stop_early(v);
	kind = v->a[3].items[0]; /* system.role */
	if (!strcmp(kind, "deployer"))
		YES(y, "system.public_service",
		    "Are you a public body, or a private entity providing "
		    "public services?",
		    "decides whether a fundamental rights impact assessment is "
		    "due (Art. 27)");
	if (!strcmp(kind, "deployer") || !strcmp(kind, "importer") ||
	    !strcmp(kind, "distributor")) {
		v->section = "Value chain (Art. 25)";
		YES(y, "value_chain.own_name",
		    "Do you put your name or trademark on the system?", NULL);
		YES(y, "value_chain.substantial_modification",
		    "Have you substantially modified it?", NULL);
		YES(y, "value_chain.changed_purpose",
		    "Have you changed its intended purpose?", NULL);
	}

	v->section = "Prohibited practices (Art. 5)";
	YES(y, "use.practices.manipulation",
		  "Does it use subliminal, manipulative or deceptive techniques that distort behaviour and cause significant harm?", NULL);
	YES(y, "use.practices.exploits_vulnerabilities",
		  "Does it exploit vulnerabilities due to age, disability or social or economic situation?", NULL);
	YES(y, "use.practices.social_scoring",
	    "Does it evaluate or classify people over time by their social "
	    "behaviour or personal traits (a social score)?",
	    NULL);
	if (y) {
		ASK("use.practices.social_scoring_effect",
		    "Does the score lead to detrimental treatment?",
		    "unrelated_context: in a context unrelated to where the "
		    "data came from (Art. 5(1)(c)(i)); "
		    "unjustified_or_disproportionate: out of proportion to the "
		    "behaviour (Art. 5(1)(c)(ii))",
		    AISEC_ANSWER_CHOICE, NULL, "none");
		ASK("use.practices.social_scoring_by", "Who scores?", NULL,
		    AISEC_ANSWER_CHOICE, NULL, "private_entity");
	}
	ASK("use.practices.crime_prediction", "Does it predict that a person will commit a crime?",
	    "solely_profiling: only from profiling or personality traits", AISEC_ANSWER_CHOICE, NULL, "none");
	YES(y, "use.practices.untargeted_face_scraping",
		  "Does it build facial recognition databases by untargeted scraping of the internet or CCTV?", NULL);
	YES(y, "use.practices.intimate_imagery",
		  "Can it generate or manipulate realistic images, video, audio or similar material showing "
		  "identifiable people intimately or in sexual activity without their explicit consent?", NULL);
	YES(y, "use.practices.csam", "Can it generate child sexual abuse material?", NULL);

	v->section = "Biometrics";
	ASK("use.biometrics.kind", "Does it process biometric data, and how?",
	    "verification = 1:1 check that someone is who they claim; identification = 1:n",
	    AISEC_ANSWER_CHOICE, NULL, "none");
	kind = v->a[v->n - 1].items[0];
	if (!strcmp(kind, "identification")) {
		int remote, rt, pub, le;

		YES(remote, "use.biometrics.remote", "Is the identification remote (at a distance, without the person's active involvement)?", NULL);
		YES(rt, "use.biometrics.real_time", "Is it real-time (no significant delay)?", NULL);
		YES(pub, "use.biometrics.public_spaces", "Is it used in publicly accessible spaces?", NULL);
		YES(le, "use.biometrics.law_enforcement", "Is it used for law enforcement?", NULL);

		if (remote && rt && pub && le) {
			ASK("use.biometrics.rbi_exception", "Which Art. 5(1)(h) objective, if any, makes it strictly necessary?",
			    "victims: targeted search; imminent_threat: life or terrorist attack; suspects: serious crimes",
			    AISEC_ANSWER_CHOICE, NULL, "none");
			if (strcmp(ans, "none") != 0) {
				YES(y, "use.biometrics.rbi_national_law",
				    "Does national law provide for this use "
				    "(Art. 5(5))?",
				    NULL);
				ASK("use.biometrics.rbi_authorisation",
				    "Is each use authorised by a judicial or "
				    "independent administrative authority "
				    "(Art. 5(3))?",
				    "urgent_requested: used in urgency, "
				    "authorisation requested within 24 hours",
				    AISEC_ANSWER_CHOICE, NULL, "none");
				YES(y, "use.biometrics.rbi_fria",
				    "Was a fundamental rights impact "
				    "assessment completed (Art. 5(2), Art. "
				    "27)?",
				    NULL);
				YES(y, "use.biometrics.rbi_registered",
				    "Is the system registered in the EU "
				    "database (Art. 5(2), Art. 49)?",
				    NULL);
				YES(y, "use.biometrics.rbi_notified",
				    "Is each use notified to the market "
				    "surveillance and data protection "
				    "authorities (Art. 5(4))?",
				    NULL);
			}
		}
	} else if (!strcmp(kind, "emotion_recognition")) {
		ASK("use.biometrics.setting", "Where is it used?", NULL, AISEC_ANSWER_CHOICE, NULL, "other");
		ASK("use.biometrics.purpose", "For what reason?", "medical or safety reasons are excepted from Art. 5(1)(f)",
		    AISEC_ANSWER_CHOICE, NULL, "other");
	} else if (!strcmp(kind, "categorisation")) {
		ASK("use.biometrics.attributes", "Which attributes does it infer (comma-separated)?", NULL,
		    AISEC_ANSWER_LIST, NULL, "other");
		YES(y, "use.biometrics.dataset_labelling", "Is it only used to label or filter lawfully acquired datasets?", NULL);
	}

	v->section = "Products under Union harmonisation legislation (Annex I)";
	ASK("use.annex_i.role", "Is the AI system a product, or a safety component of a product, covered by Annex I legislation?",
	    NULL, AISEC_ANSWER_CHOICE, NULL, "none");
	if (strcmp(v->a[v->n - 1].items[0], "none") != 0) {
		for (k = 0; k < r->nannex_i && k < 39; k++)
			act_choices[k] = r->annex_i[k].id;
		act_choices[k] = NULL;
		ASK("use.annex_i.act", "Which act?", "mdr = medical devices, machinery = Regulation (EU) 2023/1230, ...",
		    AISEC_ANSWER_CHOICE, act_choices, NULL);
		YES(y, "use.annex_i.third_party_assessment", "Does that product need a third-party conformity assessment?", NULL);
	}

	v->section = "Use (Annex III)";
	for (k = 0; k < r->ndomains && k < 63; k++)
		dom_choices[k] = r->domains[k].id;
	dom_choices[k] = NULL;
	ASK("use.domain", "In which domain is it used?", NULL, AISEC_ANSWER_CHOICE, dom_choices, "other");
	for (k = 0; k < r->ndomains; k++)
		if (!strcmp(r->domains[k].id, ans))
			decisions = (const char *const *)r->domains[k].decisions;
	ASK("use.decision", "Which decision does it make or support?", NULL, AISEC_ANSWER_CHOICE, decisions, "other");
	YES(y, "use.profiling", "Does it profile natural persons (evaluate personal aspects from their data)?", NULL);
	ASK("use.art6_3", "Is it only intended for one of these narrow tasks (Art. 6(3))?",
	    "none if it materially influences decisions", AISEC_ANSWER_CHOICE, NULL, "none");

	v->section = "Transparency (Art. 50)";
	YES(y, "use.transparency.interacts_with_people", "Does it interact directly with people?", NULL);
	YES(y, "use.transparency.generates_content", "Does it generate synthetic audio, images, video or text?", NULL);
	YES(y, "use.transparency.deep_fakes", "Does it generate or manipulate deep fakes?", NULL);
	YES(y, "use.transparency.public_interest_text", "Does it publish generated text to inform the public on matters of public interest?", NULL);
	if (y)
		YES(y, "use.transparency.human_editorial_review", "Is that text under human editorial review?", NULL);

	v->section = "General-purpose AI (Art. 51-55)";
	YES(y, "use.gpai.model", "Is it (or does your organisation provide) a general-purpose AI model?", NULL);
	if (y) {
		ASK("use.gpai.training_flop", "Cumulative training compute in FLOP?", "Art. 51(2) presumes systemic risk above 1e25",
		    AISEC_ANSWER_NUMBER, NULL, "0");
		YES(y, "use.gpai.designated", "Has the Commission designated it as a model with systemic risk?", NULL);
		YES(y, "use.gpai.open_source", "Is it released under a free and open-source licence?", NULL);
	}

	v->section = "The machine-learning system";
	ASK("ml.learning", "Learning type?", NULL, AISEC_ANSWER_CHOICE, NULL, "supervised");
	ASK("ml.family", "Model family?", NULL, AISEC_ANSWER_CHOICE, NULL, "other");
	YES(y, "ml.continuous_learning", "Does it keep learning in operation?", NULL);
	ASK("ml.explainability", "Can its decisions be explained?", NULL, AISEC_ANSWER_CHOICE, NULL, "post_hoc");
	YES(y, "ml.third_party_model", "Does it reuse pre-trained or third-party models?", NULL);

	v->section = "Data";
	ASK("data.sources", "Where does the training data come from (comma-separated)?", NULL,
	    AISEC_ANSWER_LIST, NULL, "own");
	YES(y, "data.personal_data", "Does training or input data hold personal data?", NULL);
	ASK("data.labelling", "Who labels the data?", NULL, AISEC_ANSWER_CHOICE, NULL, "none");

	v->section = "Deployment";
	ASK("deployment.exposure", "Who can send it inputs?", NULL, AISEC_ANSWER_CHOICE, NULL, NULL);
	ASK("deployment.returns", "What does it return (comma-separated)?", NULL, AISEC_ANSWER_LIST, NULL, "label");
	YES(y, "deployment.rate_limit", "Is there a rate limit or query budget?", NULL);
	ASK("deployment.hosting", "Where is it hosted?", NULL, AISEC_ANSWER_CHOICE, NULL, "own");

	v->section = "Impact";
	ASK("impact.severity", "How badly would a failure or attack hurt the people affected?", NULL,
	    AISEC_ANSWER_CHOICE, NULL, "medium");
	ASK("impact.affected", "Who is affected (comma-separated)?", NULL, AISEC_ANSWER_LIST, NULL, "none");

	v->section = "Your organisation";
	ASK("organisation.standards", "Standards you apply (ids, comma-separated)?",
	    "e.g. iso-iec-27001-2022, iso-iec-42001; 'aisec catalog standards'", AISEC_ANSWER_LIST, NULL, "none");
	ASK("organisation.controls", "Controls in place (ids, comma-separated)?",
	    "e.g. rate_limiting, access_control; 'aisec catalog controls'", AISEC_ANSWER_LIST, NULL, "none");
	return 0;
}

#undef YES
#undef ASK

/* A YAML double-quoted scalar (JSON escaping is valid YAML). */
static int add_quoted(struct aisec_buf *b, const char *s)
{
	json_t *j = json_string(s);
	char *d = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	int ret = d ? aisec_buf_adds(b, d) : AISEC_ERR_NOMEM;

	free(d);
	json_decref(j);
	return ret;
}

static int add_value(struct aisec_buf *b, const struct answer *a)
{
	int ret = 0;

	if (a->kind == AISEC_ANSWER_LIST) {
		ret = aisec_buf_adds(b, "[");
		for (size_t i = 0; !ret && i < a->nitems; i++) {
			if (i)
				ret = aisec_buf_adds(b, ", ");
			if (!ret)
				ret = add_quoted(b, a->items[i]);
		}
		return ret ? ret : aisec_buf_adds(b, "]");
	}
	if (a->kind == AISEC_ANSWER_TEXT)
		return add_quoted(b, a->items[0]);
	return aisec_buf_adds(b, a->items[0]);
}

/* Emit answers in schema order as nested YAML, each with its question as comment. */
static int emit(struct iv *v, struct aisec_buf *b)
{
	char open[4][32] = {{0}};
	int depth = 0, ret;

	ret = aisec_buf_adds(b, "# AI system profile (docs/profile.md), written by 'aisec profile new'.\n"
				"# Check it with 'aisec profile check FILE'; assess it with 'aisec assess FILE'.\n"
				"schema: aisec-profile/1\n");
	for (const struct profile_field *f = profile_schema(); !ret && f->path; f++) {
		const struct answer *a = NULL;
		char parts[4][32];
		int np = 0, same = 0;
		const char *s = f->path;

		for (size_t i = 0; i < v->n; i++)
			if (!strcmp(v->a[i].field, f->path))
				a = &v->a[i];
		if (!a || (a->kind == AISEC_ANSWER_LIST && a->nitems == 0 &&
			   strcmp(f->path, "organisation.controls") != 0 &&
			   strcmp(f->path, "organisation.standards") != 0))
			continue;
		while (*s && np < 4) {
			size_t len = strcspn(s, ".");

			snprintf(parts[np++], sizeof(parts[0]), "%.*s", (int)len, s);
			s += len + (s[len] == '.');
		}
		while (same < depth && same < np - 1 && !strcmp(open[same], parts[same]))
			same++;
		depth = same;
		for (int i = depth; !ret && i < np - 1; i++) {
			ret = aisec_buf_addf(b, "%s%*s%s:\n", i == 0 ? "\n" : "", i * 2, "", parts[i]);
			snprintf(open[i], sizeof(open[0]), "%s", parts[i]);
			depth = i + 1;
		}
		if (!ret)
			ret = aisec_buf_addf(b, "%*s# %s\n%*s%s: ", depth * 2, "", a->prompt, depth * 2,
					     "", parts[np - 1]);
		if (!ret)
			ret = add_value(b, a);
		if (!ret)
			ret = aisec_buf_addch(b, '\n');
	}
	if (!ret)
		ret = aisec_buf_adds(b, "\n# Evidence files, relative to this file (optional):\n"
					"# evidence:\n#   lineage: evidence/lineage.json\n"
					"#   ledger: evidence/ledger\n");
	return ret ? aisec_error_set(v->err, ret, "profile: %s", aisec_strerror(ret)) : 0;
}

int aisec_profile_interview(const struct aisec_catalog *cat, aisec_ask_fn askfn, void *ctx,
			    struct aisec_buf *yaml, struct aisec_error *err)
{
	return aisec_profile_interview_resume(cat, askfn, ctx, NULL, 0, yaml, NULL, err);
}

int aisec_profile_interview_resume(const struct aisec_catalog *cat, aisec_ask_fn askfn, void *ctx,
				   const char *resume, size_t resume_len, struct aisec_buf *yaml,
				   bool *draft, struct aisec_error *err)
{
	struct iv *v = calloc(1, sizeof(*v));
	struct act_rules *rules = NULL;
	struct aisec_profile *p = NULL;
	const char *file = NULL;
	size_t start = yaml->len;
	int ret;

	if (draft)
		*draft = false;
	if (!v)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	if ((ret = act_rules_parse(aisec_catalog_document(cat, "ai_act", &file), file, &rules, err)))
		goto out;
	v->cat = cat;
	v->rules = rules;
	v->ask = askfn;
	v->ctx = ctx;
	v->err = err;
	if (resume && !(v->resume = aisec_yaml_parse("draft", resume, resume_len, err))) {
		ret = err->code;
		goto out;
	}
	ret = questions(v);
	if (ret && v->stopped && draft && v->n) {
		/* interrupted: keep what was answered, marked as a draft */
		*draft = true;
		aisec_error_clear(err);
		ret = aisec_buf_adds(yaml, AISEC_PROFILE_DRAFT_MARK "\n"
					   "# Not a complete profile: continue it with "
					   "'aisec profile new --resume FILE -o NEW'.\n");
		if (!ret)
			ret = emit(v, yaml);
		goto out;
	}
	if (ret || (ret = emit(v, yaml)))
		goto out;
	if ((ret = aisec_profile_parse("new profile", yaml->data + start, yaml->len - start, &p, err)) ||
	    (ret = aisec_profile_check(cat, p, err)))
		goto out;
out:
	if (v && v->resume)
		fy_document_destroy(v->resume);
	aisec_profile_free(p);
	act_rules_free(rules);
	for (size_t i = 0; i < v->n; i++)
		for (size_t k = 0; k < v->a[i].nitems; k++)
			free(v->a[i].items[k]);
	free(v);
	return ret;
}
