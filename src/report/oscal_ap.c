/*
 * oscal_ap.c - the OSCAL assessment plan (oscal-version OSCAL_VERSION) that
 * the assessment results of `--format oscal-ar` import: what aisec will
 * check for one or more profiles, before it checks it.
 *
 *   import-ssp         the profile, a back-matter resource (aisec reads a
 *                      system profile, not a system security plan)
 *   reviewed-controls  the applicable AI Act requirements (controls of the
 *                      OSCAL catalog export)
 *   local-definitions  the methods, as activities with NIST's prop "method"
 *                      (EXAMINE, TEST): classify the system, analyse each
 *                      threat (TVRA), check the evidence, compare with the
 *                      standards applied
 *   tasks              one per threat to analyse, with its ATLAS techniques,
 *                      and one per evidence kind to verify
 *   assessment-assets  aisec as the tool
 *
 * UUIDs are version 5 from "oscal-ap/<profile>/<system>/<version>/<as_of>"
 * names, so the results can name the plan they carry out
 * (report_oscal_ap_uuid) and the output is byte-stable.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

struct ap {
	const json_t *doc;
	const char *file;
	char base[512];
	int err;
};

static void ap_err(struct ap *a, int rc)
{
	if (rc && !a->err)
		a->err = rc;
}

static void ap_init(struct ap *a, const json_t *d)
{
	const json_t *sys = doc_obj(d, "system");

	memset(a, 0, sizeof(*a));
	a->doc = d;
	a->file = *doc_path_str(d, "profile.file") ? doc_path_str(d, "profile.file") : "profile";
	snprintf(a->base, sizeof(a->base), "oscal-ap/%s/%s/%s/%s", a->file, doc_str(sys, "name"),
		 doc_str(sys, "version"), doc_str(d, "as_of"));
}

int report_oscal_ap_uuid(const struct report_ctx *cs, size_t n, char out[REPORT_UUID_LEN + 1])
{
	struct aisec_buf names;
	struct ap a;
	int rc = 0;

	aisec_buf_init(&names, 0);
	for (size_t i = 0; !rc && i < n; i++) {
		ap_init(&a, cs[i].doc);
		rc = aisec_buf_addf(&names, n == 1 ? "%s" : "%s\n", a.base);
	}
	if (!rc)
		rc = report_uuid5(names.data, out);
	aisec_buf_release(&names);
	return rc;
}

/* An activity: a method aisec applies (NIST's prop "method"). */
static json_t *activity(struct ap *a, const char *id, const char *title, const char *desc,
			const char *method)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}]}", "uuid", "", "title", title,
			      "description", desc, "props", "name", "method", "value", method);

	if (!o)
		ap_err(a, AISEC_ERR_NOMEM);
	else
		ap_err(a, oscal_uuid_set(o, "oscal-ap/activity/%s", id));
	return o;
}

/* The tasks of one profile: a threat to analyse each, an evidence kind to verify each. */
static void tasks_of(struct ap *a, json_t *tasks)
{
	json_t *t, *v;
	const char *kind;
	size_t i, k;

	json_array_foreach(doc_arr(a->doc, "threats"), i, t) {
		json_t *task, *props = json_array();
		char title[512];

		snprintf(title, sizeof(title), "Analyse threat: %s (%s)", doc_str(t, "name"),
			 a->file);
		task = json_pack("{s:s, s:s, s:s, s:s}", "uuid", "", "type", "action", "title",
				 title, "description",
				 "Rate the attack potential, likelihood, impact and risk (ETSI TS "
				 "102 165-1 TVRA) before and after the controls in place, and list "
				 "the standards that cover the threat.");
		if (!task) {
			json_decref(props);
			ap_err(a, AISEC_ERR_NOMEM);
			return;
		}
		ap_err(a, oscal_uuid_set(task, "%s/task/threat/%s", a->base, doc_str(t, "id")));
		oscal_add_prop(props, "threat-id", doc_str(t, "id"));
		json_array_foreach(doc_arr(t, "atlas"), k, v)
			oscal_add_prop(props, "atlas-technique", doc_s(v));
		oscal_set_props(task, props);
		json_array_append_new(tasks, task);
	}
	json_object_foreach((json_t *)doc_obj(a->doc, "evidence"), kind, v) {
		json_t *task;
		char title[512];

		snprintf(title, sizeof(title), "Verify %s evidence (%s)", kind, a->file);
		task = json_pack("{s:s, s:s, s:s, s:s}", "uuid", "", "type", "action", "title",
				 title, "description",
				 "Verify the evidence the profile names (signatures, digests, "
				 "proofs) with the trusted keys.");
		if (!task) {
			ap_err(a, AISEC_ERR_NOMEM);
			return;
		}
		ap_err(a, oscal_uuid_set(task, "%s/task/evidence/%s", a->base, kind));
		json_array_append_new(tasks, task);
	}
}

int report_oscal_ap_many(const struct report_ctx *cs, size_t n, struct aisec_buf *out,
			 struct aisec_error *err)
{
	json_t *acts = json_array(), *tasks = json_array(), *ctl = json_array();
	json_t *resources = json_array(), *seen = json_object();
	json_t *md = NULL, *plan = NULL, *root = NULL, *tool = NULL, *props;
	char uuid[REPORT_UUID_LEN + 1], toolu[REPORT_UUID_LEN + 1], plat[REPORT_UUID_LEN + 1];
	char when[OSCAL_DATETIME_LEN + 1], res[REPORT_UUID_LEN + 1], href[REPORT_UUID_LEN + 2];
	char title[512];
	const json_t *d = cs[0].doc, *req;
	struct ap a;
	size_t i;
	int rc = acts && tasks && ctl && resources && seen ? 0 : AISEC_ERR_NOMEM;

	ap_init(&a, d);
	if (!rc && oscal_datetime(doc_str(d, "as_of"), when))
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "report 'oscal-ap': findings: field 'as_of': not a date '%s'",
				     doc_str(d, "as_of"));
	if (rc)
		goto out;
	json_array_append_new(acts, activity(&a, "classify", "Classify the system",
					     "Derive the risk class under Regulation (EU) 2024/1689 "
					     "from the profile's facts (Arts. 5, 6, 50, Annexes I "
					     "and III) and the requirements that follow.",
					     "EXAMINE"));
	json_array_append_new(acts, activity(&a, "tvra", "Analyse the threats",
					     "Select the AI threats of the ENISA taxonomy the "
					     "profile's facts make relevant and rate each with ETSI "
					     "TS 102 165-1 (TVRA).",
					     "EXAMINE"));
	json_array_append_new(acts, activity(&a, "evidence", "Verify the evidence",
					     "Verify lineage signatures and digests and log proofs "
					     "the profile names, with the trusted keys.",
					     "TEST"));
	json_array_append_new(acts, activity(&a, "coverage", "Compare with the standards",
					     "Check which requirements and threats the standards "
					     "the organisation applies cover, and name the gaps.",
					     "EXAMINE"));
	for (size_t p = 0; p < n; p++) {
		ap_init(&a, cs[p].doc);
		json_array_foreach(doc_arr(a.doc, "requirements"), i, req) {
			if (json_object_get(seen, doc_str(req, "id")))
				continue;
			json_object_set_new(seen, doc_str(req, "id"), json_true());
			json_array_append_new(ctl, json_pack("{s:s}", "control-id",
							     doc_str(req, "id")));
		}
		tasks_of(&a, tasks);
		rc = report_uuid5f(res, "%s/resource/profile", a.base);
		if (!rc)
			rc = json_array_append_new(resources, oscal_profile_resource(res, a.file))
				     ? AISEC_ERR_NOMEM
				     : 0;
		if (rc || a.err)
			break;
	}
	if (!rc)
		rc = a.err;
	if (!rc)
		rc = report_oscal_ap_uuid(cs, n, uuid);
	if (!rc)
		rc = report_uuid5f(toolu, "tool/aisec/%s", doc_str(d, "aisec_version"));
	if (!rc)
		rc = report_uuid5f(plat, "platform/aisec/%s", doc_str(d, "aisec_version"));
	if (rc)
		goto fail;
	tool = oscal_aisec_assets(toolu, plat);
	if (n == 1)
		snprintf(title, sizeof(title), "Assessment plan: %s%s%s",
			 doc_path_str(d, "system.name"),
			 *doc_path_str(d, "system.version") ? " " : "",
			 doc_path_str(d, "system.version"));
	else
		snprintf(title, sizeof(title), "Assessment plan: %zu systems", n);
	md = oscal_metadata(title, when, n == 1 ? doc_path_str(d, "system.version") : "");
	props = json_array();
	oscal_add_prop(props, "aisec-version", doc_str(d, "aisec_version"));
	oscal_add_prop(props, "catalog-version", doc_path_str(d, "catalog.version"));
	oscal_set_props(md, props);
	snprintf(href, sizeof(href), "#%s",
		 json_string_value(json_object_get(json_array_get(resources, 0), "uuid")));
	/* (no control-objective-selections: the published 1.2.0 schema's
	 * include-objectives lost its properties, usnistgov/OSCAL#2178; the
	 * objectives are "<control-id>_obj" in the catalog export) */
	plan = json_pack("{s:s, s:o, s:{s:s, s:s}, s:{s:O}, s:{s:[{s:O}]}, s:o, s:O, s:{s:O}}",
			 "uuid", uuid, "metadata", md, "import-ssp", "href", href, "remarks",
			 "aisec assesses a system profile, not a system security plan; the "
			 "profile is the back-matter resource.",
			 "local-definitions", "activities", acts, "reviewed-controls",
			 "control-selections", "include-controls", ctl, "assessment-assets", tool, "tasks", tasks, "back-matter", "resources",
			 resources);
	md = tool = NULL;
	if (plan && !json_array_size(tasks))
		json_object_del(plan, "tasks");
	if (plan && !json_array_size(ctl))
		json_object_set_new(plan, "reviewed-controls",
				    json_pack("{s:[{s:{}}]}", "control-selections", "include-all"));
	root = plan ? json_pack("{s:o}", "assessment-plan", plan) : NULL;
	if (!root)
		rc = AISEC_ERR_NOMEM;
fail:
	if (rc)
		aisec_error_set(err, rc, "report 'oscal-ap': %s", aisec_strerror(rc));
out:
	json_decref(md);
	json_decref(tool);
	json_decref(acts);
	json_decref(tasks);
	json_decref(ctl);
	json_decref(resources);
	json_decref(seen);
	if (rc) {
		json_decref(root);
		return rc;
	}
	return emit_json(root, out, "oscal-ap", err);
}

int report_oscal_ap(const struct report_ctx *c, struct aisec_buf *out, struct aisec_error *err)
{
	return report_oscal_ap_many(c, 1, out, err);
}
