/*
 * modelcard.c - check a model card against CycloneDX 1.6's `modelCard`
 * before it goes into a BOM: every member known (the schema says
 * additionalProperties false at every level), every value of the right
 * JSON type, enumerations and required members as the schema has them.
 * The table follows bom-1.6.schema.json (definitions modelCard,
 * performanceMetric, graphicsCollection, risk, environmentalConsiderations,
 * energyConsumption, fairnessAssessment, property); energy providers are
 * checked one level deep.  An error names the file and the dotted field.
 * Also the other members a model card file may give the model component:
 * supplier (organizationalEntity), license (an SPDX expression) and
 * externalReferences.
 */
#include <string.h>

#include "core/core.h"
#include "lineage/lineage.h"

enum mc_kind {
	MC_STR,      /* string */
	MC_NUM,      /* number */
	MC_OBJ,      /* object with the members `sub` */
	MC_ARR_STR,  /* array of strings */
	MC_ARR_OBJ,  /* array of objects with the members `sub` */
	MC_DATASETS, /* array of {ref} or data components */
};

struct mc_field {
	const char *name;
	enum mc_kind kind;
	const struct mc_field *sub;  /* MC_OBJ, MC_ARR_OBJ; NULL-name terminated */
	const char *const *values;   /* MC_STR enumeration, NULL-terminated */
	bool required;
};

#define END {NULL, MC_STR, NULL, NULL, false}

static const char *const approach_types[] = {"supervised", "unsupervised",
					      "reinforcement-learning", "semi-supervised",
					      "self-supervised", NULL};
static const char *const activities[] = {"design", "data-collection", "data-preparation",
					 "training", "fine-tuning", "validation", "deployment",
					 "inference", "other", NULL};
static const char *const kwh[] = {"kWh", NULL};
static const char *const tco2[] = {"tCO2eq", NULL};
static const char *const base64[] = {"base64", NULL};

static const struct mc_field property[] = {
	{"name", MC_STR, NULL, NULL, true}, {"value", MC_STR, NULL, NULL, false}, END};
static const struct mc_field format[] = {{"format", MC_STR, NULL, NULL, false}, END};
static const struct mc_field approach[] = {{"type", MC_STR, NULL, approach_types, false}, END};
static const struct mc_field model_parameters[] = {
	{"approach", MC_OBJ, approach, NULL, false},
	{"task", MC_STR, NULL, NULL, false},
	{"architectureFamily", MC_STR, NULL, NULL, false},
	{"modelArchitecture", MC_STR, NULL, NULL, false},
	{"datasets", MC_DATASETS, NULL, NULL, false},
	{"inputs", MC_ARR_OBJ, format, NULL, false},
	{"outputs", MC_ARR_OBJ, format, NULL, false},
	END};
static const struct mc_field interval[] = {{"lowerBound", MC_STR, NULL, NULL, false},
					   {"upperBound", MC_STR, NULL, NULL, false}, END};
static const struct mc_field metric[] = {{"type", MC_STR, NULL, NULL, false},
					 {"value", MC_STR, NULL, NULL, false},
					 {"slice", MC_STR, NULL, NULL, false},
					 {"confidenceInterval", MC_OBJ, interval, NULL, false}, END};
static const struct mc_field image[] = {{"contentType", MC_STR, NULL, NULL, false},
					{"encoding", MC_STR, NULL, base64, false},
					{"content", MC_STR, NULL, NULL, true}, END};
static const struct mc_field graphic[] = {{"name", MC_STR, NULL, NULL, false},
					  {"image", MC_OBJ, image, NULL, false}, END};
static const struct mc_field graphics[] = {{"description", MC_STR, NULL, NULL, false},
					   {"collection", MC_ARR_OBJ, graphic, NULL, false}, END};
static const struct mc_field quantitative[] = {
	{"performanceMetrics", MC_ARR_OBJ, metric, NULL, false},
	{"graphics", MC_OBJ, graphics, NULL, false}, END};
static const struct mc_field risk[] = {{"name", MC_STR, NULL, NULL, false},
				       {"mitigationStrategy", MC_STR, NULL, NULL, false}, END};
static const struct mc_field fairness[] = {{"groupAtRisk", MC_STR, NULL, NULL, false},
					   {"benefits", MC_STR, NULL, NULL, false},
					   {"harms", MC_STR, NULL, NULL, false},
					   {"mitigationStrategy", MC_STR, NULL, NULL, false}, END};
static const struct mc_field energy_cost[] = {{"value", MC_NUM, NULL, NULL, true},
					      {"unit", MC_STR, NULL, kwh, true}, END};
static const struct mc_field co2_cost[] = {{"value", MC_NUM, NULL, NULL, true},
					   {"unit", MC_STR, NULL, tco2, true}, END};
/* energy providers: known members, their contents not checked further */
static const struct mc_field provider[] = {{"bom-ref", MC_STR, NULL, NULL, false},
					   {"description", MC_STR, NULL, NULL, false},
					   {"organization", MC_OBJ, NULL, NULL, true},
					   {"energySource", MC_STR, NULL, NULL, true},
					   {"energyProvided", MC_OBJ, NULL, NULL, true},
					   {"externalReferences", MC_ARR_OBJ, NULL, NULL, false},
					   END};
static const struct mc_field consumption[] = {
	{"activity", MC_STR, NULL, activities, true},
	{"energyProviders", MC_ARR_OBJ, provider, NULL, true},
	{"activityEnergyCost", MC_OBJ, energy_cost, NULL, true},
	{"co2CostEquivalent", MC_OBJ, co2_cost, NULL, false},
	{"co2CostOffset", MC_OBJ, co2_cost, NULL, false},
	{"properties", MC_ARR_OBJ, property, NULL, false},
	END};
static const struct mc_field environmental[] = {
	{"energyConsumptions", MC_ARR_OBJ, consumption, NULL, false},
	{"properties", MC_ARR_OBJ, property, NULL, false}, END};
static const struct mc_field considerations[] = {
	{"users", MC_ARR_STR, NULL, NULL, false},
	{"useCases", MC_ARR_STR, NULL, NULL, false},
	{"technicalLimitations", MC_ARR_STR, NULL, NULL, false},
	{"performanceTradeoffs", MC_ARR_STR, NULL, NULL, false},
	{"ethicalConsiderations", MC_ARR_OBJ, risk, NULL, false},
	{"environmentalConsiderations", MC_OBJ, environmental, NULL, false},
	{"fairnessAssessments", MC_ARR_OBJ, fairness, NULL, false},
	END};
static const struct mc_field model_card[] = {
	{"bom-ref", MC_STR, NULL, NULL, false},
	{"modelParameters", MC_OBJ, model_parameters, NULL, false},
	{"quantitativeAnalysis", MC_OBJ, quantitative, NULL, false},
	{"considerations", MC_OBJ, considerations, NULL, false},
	{"properties", MC_ARR_OBJ, property, NULL, false},
	END};

struct mc_ctx {
	const char *file;
	struct aisec_error *err;
	char path[512];
};

static int bad(struct mc_ctx *c, const char *what)
{
	return aisec_error_set(c->err, AISEC_ERR_INVALID,
			       "model card '%s': field '%s': %s (CycloneDX 1.6)",
			       c->file, c->path, what);
}

static int check_obj(struct mc_ctx *c, const json_t *o, const struct mc_field *f);

static int check_value(struct mc_ctx *c, const json_t *v, const struct mc_field *f)
{
	size_t i, len = strlen(c->path);
	const json_t *it;
	int rc = 0;

	switch (f->kind) {
	case MC_STR:
		if (!json_is_string(v))
			return bad(c, "not a string");
		if (f->values) {
			size_t k = 0;

			while (f->values[k] && strcmp(f->values[k], json_string_value(v)) != 0)
				k++;
			if (!f->values[k])
				return bad(c, "not one of the values the schema allows");
		}
		return 0;
	case MC_NUM:
		return json_is_number(v) ? 0 : bad(c, "not a number");
	case MC_OBJ:
		if (!json_is_object(v))
			return bad(c, "not an object");
		return f->sub ? check_obj(c, v, f->sub) : 0;
	case MC_ARR_STR:
	case MC_ARR_OBJ:
	case MC_DATASETS:
		if (!json_is_array(v))
			return bad(c, "not an array");
		json_array_foreach(v, i, it) {
			snprintf(c->path + len, sizeof(c->path) - len, "[%zu]", i);
			if (f->kind == MC_ARR_STR && !json_is_string(it))
				rc = bad(c, "not a string");
			else if (f->kind != MC_ARR_STR && !json_is_object(it))
				rc = bad(c, "not an object");
			else if (f->kind == MC_ARR_OBJ && f->sub)
				rc = check_obj(c, it, f->sub);
			else if (f->kind == MC_DATASETS && json_object_get(it, "ref") &&
				 (json_object_size(it) != 1 ||
				  !json_is_string(json_object_get(it, "ref"))))
				rc = bad(c, "a dataset reference is {\"ref\": \"<bom-ref>\"}");
			else if (f->kind == MC_DATASETS && !json_object_get(it, "ref") &&
				 !json_is_string(json_object_get(it, "type")))
				rc = bad(c, "a dataset is {\"ref\": ...} or a data component");
			c->path[len] = '\0';
			if (rc)
				return rc;
		}
		return 0;
	}
	return 0;
}

static int check_obj(struct mc_ctx *c, const json_t *o, const struct mc_field *f)
{
	size_t len = strlen(c->path);
	const char *k;
	json_t *v;
	int rc;

	json_object_foreach((json_t *)o, k, v) {
		const struct mc_field *d = f;

		while (d->name && strcmp(d->name, k) != 0)
			d++;
		snprintf(c->path + len, sizeof(c->path) - len, "%s%s", len ? "." : "", k);
		rc = d->name ? check_value(c, v, d) : bad(c, "unknown field");
		c->path[len] = '\0';
		if (rc)
			return rc;
	}
	for (; f->name; f++)
		if (f->required && !json_object_get(o, f->name)) {
			snprintf(c->path + len, sizeof(c->path) - len, "%s%s", len ? "." : "",
				 f->name);
			return bad(c, "missing");
		}
	return 0;
}

int lin_modelcard_check(const json_t *card, const char *file, struct aisec_error *err)
{
	struct mc_ctx c = {file, err, ""};

	if (!json_is_object(card))
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "model card '%s': not a JSON object", file);
	return check_obj(&c, card, model_card);
}

static const char *const ref_types[] = {
	"vcs", "issue-tracker", "website", "advisories", "bom", "mailing-list", "social", "chat",
	"documentation", "support", "source-distribution", "distribution",
	"distribution-intake", "license", "build-meta", "build-system", "release-notes",
	"security-contact", "model-card", "log", "configuration", "evidence", "formulation",
	"attestation", "threat-model", "adversary-model", "risk-assessment",
	"vulnerability-assertion", "exploitability-statement", "pentest-report",
	"static-analysis-report", "dynamic-analysis-report", "runtime-analysis-report",
	"component-analysis-report", "maturity-report", "certification-report",
	"codified-infrastructure", "quality-metrics", "poam", "electronic-signature",
	"digital-signature", "rfc-9116", "other", NULL};
static const struct mc_field contact[] = {{"bom-ref", MC_STR, NULL, NULL, false},
					  {"name", MC_STR, NULL, NULL, false},
					  {"email", MC_STR, NULL, NULL, false},
					  {"phone", MC_STR, NULL, NULL, false}, END};
static const struct mc_field supplier[] = {{"bom-ref", MC_STR, NULL, NULL, false},
					   {"name", MC_STR, NULL, NULL, false},
					   {"url", MC_ARR_STR, NULL, NULL, false},
					   {"contact", MC_ARR_OBJ, contact, NULL, false}, END};
static const struct mc_field ext_ref[] = {{"url", MC_STR, NULL, NULL, true},
					  {"comment", MC_STR, NULL, NULL, false},
					  {"type", MC_STR, NULL, ref_types, true}, END};
static const struct mc_field extras[] = {
	{"modelCard", MC_OBJ, NULL, NULL, false}, /* checked by lin_modelcard_check */
	{"supplier", MC_OBJ, supplier, NULL, false},
	{"license", MC_STR, NULL, NULL, false},
	{"externalReferences", MC_ARR_OBJ, ext_ref, NULL, false},
	END};

int lin_bom_extras_check(const json_t *file, const char *path, struct aisec_error *err)
{
	struct mc_ctx c = {path, err, ""};

	return check_obj(&c, file, extras);
}
