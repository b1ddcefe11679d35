/*
 * conditions.c - the condition vocabulary of the catalog's threats
 * (docs/catalog-format.md: query_access, scores_returned, public_data, ...)
 * evaluated on a profile, each with the sentence and the profile facts that
 * explain why it holds ("the public API returns probabilities").
 */
#include <stdio.h>
#include <string.h>

#include "assess/internal.h"

/* Append facts of `path` whose value is in `values` (NULL = any); count them. */
static int collect(const struct aisec_profile *p, const char *path, const char *const *values,
		   json_t *facts)
{
	int n = 0;

	for (size_t i = 0; p && i < p->nfacts; i++) {
		bool ok = values == NULL;

		if (strcmp(p->facts[i].path, path) != 0)
			continue;
		for (size_t k = 0; values && values[k] && !ok; k++)
			ok = strcmp(p->facts[i].value, values[k]) == 0;
		if (!ok)
			continue;
		n++;
		if (facts)
			json_array_append_new(facts, fact_json(&p->facts[i]));
	}
	return n;
}

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

static const char *const conditions[] = {
	"always", "query_access", "public_exposure", "partner_exposure", "on_device",
	"scores_returned", "labels_only", "generative", "no_rate_limit", "third_party_data",
	"public_data", "user_feedback", "continuous_learning", "third_party_model",
	"personal_data", "deep_learning", "unexplainable", "human_labelled", "shared_hosting",
	NULL
};

static const char *const reachable[] = {"internal", "partner", "public_app", "public_api",
					 "on_device", NULL};
static const char *const deep[] = {"neural_network", "transformer", "cnn", "rnn", NULL};

/* Evaluate; fills `facts` and returns the sentence when it holds, NULL otherwise. */
static const char *eval(const struct aisec_profile *p, const char *name, json_t *facts)
{
	if (strcmp(name, "always") == 0)
		return "applies to every AI system";
	if (strcmp(name, "query_access") == 0)
		return collect(p, "deployment.exposure", reachable, facts)
		       ? "people outside the development team can send inputs and see outputs"
		       : NULL;
	if (strcmp(name, "public_exposure") == 0)
		return collect(p, "deployment.exposure", L("public_api", "public_app"), facts)
		       ? "the system is exposed to the public" : NULL;
	if (strcmp(name, "partner_exposure") == 0)
		return collect(p, "deployment.exposure", L("partner"), facts)
		       ? "the system is exposed to partners" : NULL;
	if (strcmp(name, "on_device") == 0)
		return collect(p, "deployment.exposure", L("on_device"), facts) +
		       collect(p, "deployment.hosting", L("on_device"), facts)
		       ? "the model is shipped to devices the provider does not control" : NULL;
	if (strcmp(name, "scores_returned") == 0)
		return collect(p, "deployment.returns", L("score", "probabilities"), facts)
		       ? "outputs include scores or probabilities" : NULL;
	if (strcmp(name, "labels_only") == 0) {
		int all = collect(p, "deployment.returns", NULL, NULL);
		int lab = collect(p, "deployment.returns", L("label", "explanation"), NULL);

		if (all == 0 || lab != all)
			return NULL;
		collect(p, "deployment.returns", NULL, facts);
		return "outputs are labels or decisions only";
	}
	if (strcmp(name, "generative") == 0)
		return collect(p, "deployment.returns", L("content"), facts) +
		       collect(p, "use.transparency.generates_content", L("true"), facts) +
		       collect(p, "use.domain", L("content_generation", "general_purpose"), facts)
		       ? "the system generates content" : NULL;
	if (strcmp(name, "no_rate_limit") == 0) {
		if (!collect(p, "deployment.exposure", reachable, NULL) ||
		    collect(p, "deployment.rate_limit", L("true"), NULL))
			return NULL;
		collect(p, "deployment.exposure", NULL, facts);
		collect(p, "deployment.rate_limit", NULL, facts);
		return "the interface has no rate limit or query budget";
	}
	if (strcmp(name, "third_party_data") == 0)
		return collect(p, "data.sources", L("third_party"), facts)
		       ? "training data comes from third parties" : NULL;
	if (strcmp(name, "public_data") == 0)
		return collect(p, "data.sources", L("public", "scraped"), facts)
		       ? "training data comes from public or scraped sources" : NULL;
	if (strcmp(name, "user_feedback") == 0)
		return collect(p, "data.sources", L("user_feedback"), facts)
		       ? "user feedback flows back into training" : NULL;
	if (strcmp(name, "continuous_learning") == 0)
		return collect(p, "ml.continuous_learning", L("true"), facts)
		       ? "the model keeps learning in operation" : NULL;
	if (strcmp(name, "third_party_model") == 0)
		return collect(p, "ml.third_party_model", L("true"), facts)
		       ? "pre-trained or third-party models are reused" : NULL;
	if (strcmp(name, "personal_data") == 0)
		return collect(p, "data.personal_data", L("true"), facts) +
		       collect(p, "use.biometrics.kind",
			       L("verification", "identification", "categorisation",
				 "emotion_recognition"), facts)
		       ? "training or input data holds personal data" : NULL;
	if (strcmp(name, "deep_learning") == 0)
		return collect(p, "ml.family", deep, facts) ? "the model is a neural network" : NULL;
	if (strcmp(name, "unexplainable") == 0) {
		if (collect(p, "ml.explainability", L("none"), facts))
			return "the model's decisions cannot be explained";
		if (!collect(p, "ml.explainability", NULL, NULL) && collect(p, "ml.family", deep, facts))
			return "a neural network without declared explainability";
		return NULL;
	}
	if (strcmp(name, "human_labelled") == 0)
		return collect(p, "data.labelling", L("internal", "crowd", "third_party"), facts)
		       ? "data is labelled by people" : NULL;
	if (strcmp(name, "shared_hosting") == 0)
		return collect(p, "deployment.hosting", L("cloud", "shared"), facts)
		       ? "hosted on shared or third-party infrastructure" : NULL;
	return NULL;
}

#undef L

int threat_condition(const struct aisec_profile *p, const char *name, json_t **reason)
{
	const char *text;
	json_t *facts;
	bool known = false;

	if (reason)
		*reason = NULL;
	for (size_t i = 0; conditions[i] && !known; i++)
		known = strcmp(conditions[i], name) == 0;
	if (!known)
		return -1;
	if (!p)
		return 0;
	facts = json_array();
	text = eval(p, name, facts);
	if (!text) {
		json_decref(facts);
		return 0;
	}
	if (reason) {
		/* name the values in the sentence: "... (deployment.returns: probabilities)" */
		char full[512];
		size_t off = (size_t)snprintf(full, sizeof(full), "%s", text), i;
		json_t *f;

		json_array_foreach(facts, i, f) {
			if (off >= sizeof(full))
				break;
			off += (size_t)snprintf(full + off, sizeof(full) - off, "%s%s: %s",
						i ? ", " : " (",
						json_string_value(json_object_get(f, "field")),
						json_string_value(json_object_get(f, "value")));
		}
		if (json_array_size(facts) && off < sizeof(full))
			snprintf(full + off, sizeof(full) - off, ")");
		*reason = json_pack("{s:s, s:s, s:o}", "condition", name, "text", full, "facts",
				    facts);
	}
	else
		json_decref(facts);
	return 1;
}
