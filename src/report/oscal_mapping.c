/*
 * oscal_mapping.c - the standard -> requirement (and standard -> threat)
 * coverage of the knowledge base as an OSCAL control mapping
 * (mapping-collection, OSCAL 1.2).  Sources and targets are controls of the
 * catalog that `aisec catalog export --format oscal-catalog` writes:
 * "std-<id>" for standards, "<requirement>" and "thr-<id>".
 *
 * Each coverage link becomes one map with relationship "intersects-with"
 * (the report never claims that a standard fully meets a requirement), the
 * link's kind, a confidence (high: stated by the report or by the standard
 * itself; low: a '?' cell of the report's matrices; medium: our analysis) and
 * a coverage of "partial", as props in our namespace, and the note and source
 * as remarks.  The gap summaries list the requirements and threats no
 * standard maps to, and the standards that map to none.
 *
 * OSCAL 1.2.0's JSON schema gives the map's own coverage and confidence-score
 * a generated "STRVALUE" member, so to stay valid across 1.2.x we write them
 * only as props (docs/report.md).
 */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

struct mx {
	const struct aisec_catalog *cat;
	int err;
};

static void push(struct mx *x, json_t *arr, json_t *v)
{
	if (!v || json_array_append_new(arr, v)) {
		if (!x->err)
			x->err = AISEC_ERR_NOMEM;
	}
}

static const char *confidence(const struct aisec_link *l)
{
	if (!strcmp(l->kind, "report"))
		return l->note && strstr(l->note, "uncertain") ? "low" : "high";
	if (!strcmp(l->kind, "publication"))
		return "high";
	return "medium";
}

static json_t *map_of(struct mx *x, const struct aisec_link *l, const char *target_prefix)
{
	char src[160], dst[160];
	json_t *m, *props = json_array();
	struct aisec_buf b;
	int rc;

	snprintf(src, sizeof(src), "std-%s", l->standard);
	snprintf(dst, sizeof(dst), "%s%s", target_prefix, l->target);
	m = json_pack("{s:s, s:s, s:[{s:s, s:s}], s:[{s:s, s:s}]}", "uuid", "", "relationship",
		      "intersects-with", "sources", "type", "control", "id-ref", src, "targets",
		      "type", "control", "id-ref", dst);
	if (!m) {
		json_decref(props);
		return NULL;
	}
	rc = oscal_uuid_set(m, "oscal-mapping/map/%s/%s", src, dst);
	if (rc && !x->err)
		x->err = rc;
	oscal_add_prop(props, "link-kind", l->kind);
	oscal_add_prop(props, "confidence", confidence(l));
	oscal_add_prop(props, "coverage", "partial");
	oscal_set_props(m, props);
	aisec_buf_init(&b, 0);
	if (l->note && *l->note)
		aisec_buf_addf(&b, "%s ", l->note);
	aisec_buf_addf(&b, "Source: %s.", l->source.cite ? l->source.cite : "aisec knowledge base");
	json_object_set_new(m, "remarks", json_string(b.data));
	aisec_buf_release(&b);
	return m;
}

/* {uuid, unmapped-controls: [{with-ids: [...]}]} or NULL when ids is empty (ids taken). */
static json_t *gap_summary(struct mx *x, const char *name, json_t *ids)
{
	json_t *g;
	int rc;

	if (!json_array_size(ids)) {
		json_decref(ids);
		return NULL;
	}
	g = json_pack("{s:s, s:[{s:o}]}", "uuid", "", "unmapped-controls", "with-ids", ids);
	if (!g)
		return NULL;
	rc = oscal_uuid_set(g, "oscal-mapping/gap-summary/%s", name);
	if (rc && !x->err)
		x->err = rc;
	return g;
}

/* Does any link reach this requirement or threat? */
/* A coverage link to the target (one that only describes it maps nothing). */
static bool maps_to(const struct aisec_link *l, enum aisec_link_target kind, const char *target)
{
	return l->target_kind == kind && aisec_link_covers(l) && !strcmp(l->target, target);
}

static bool linked(const struct aisec_link *lk, size_t nl, enum aisec_link_target kind,
		   const char *target)
{
	for (size_t i = 0; i < nl; i++)
		if (maps_to(&lk[i], kind, target))
			return true;
	return false;
}

static json_t *mapping(struct mx *x, const char *name, const char *desc, json_t *maps,
		       json_t *src_gap, json_t *dst_gap, const char *href)
{
	json_t *m;
	int rc;

	if (!json_array_size(maps)) {
		json_decref(maps);
		json_decref(src_gap);
		json_decref(dst_gap);
		return NULL;
	}
	m = json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:o, s:s}", "uuid", "",
		      "source-resource", "type", "catalog", "href", href, "target-resource", "type",
		      "catalog", "href", href, "maps", maps, "mapping-description", desc);
	if (!m) {
		json_decref(src_gap);
		json_decref(dst_gap);
		return NULL;
	}
	rc = oscal_uuid_set(m, "oscal-mapping/mapping/%s", name);
	if (rc && !x->err)
		x->err = rc;
	if (src_gap)
		json_object_set_new(m, "source-gap-summary", src_gap);
	if (dst_gap)
		json_object_set_new(m, "target-gap-summary", dst_gap);
	return m;
}

int report_oscal_mapping(const struct aisec_catalog *cat, struct aisec_buf *out,
			 struct aisec_error *err)
{
	const struct aisec_catalog_meta *meta = aisec_catalog_meta(cat);
	const struct aisec_link *lk;
	const struct aisec_standard *st;
	const struct aisec_requirement *rq;
	const struct aisec_threat *th;
	struct mx x = {cat, 0};
	size_t nl, ns, nr, nt;
	json_t *req_maps = json_array(), *thr_maps = json_array(), *mappings = json_array();
	json_t *req_unmapped = json_array(), *thr_unmapped = json_array();
	json_t *std_no_req = json_array(), *std_no_thr = json_array();
	json_t *root = NULL, *mc, *md, *res;
	char when[OSCAL_DATETIME_LEN + 1], u[REPORT_UUID_LEN + 1], href[REPORT_UUID_LEN + 2];

	lk = aisec_catalog_links(cat, &nl);
	st = aisec_catalog_standards(cat, &ns);
	rq = aisec_catalog_requirements(cat, &nr);
	th = aisec_catalog_threats(cat, &nt);
	if (oscal_datetime(meta->as_of, when)) {
		x.err = AISEC_ERR_INVALID;
		goto out;
	}
	/* maps in requirement (then threat) order, links in file order within */
	for (size_t r = 0; r < nr; r++) {
		for (size_t i = 0; i < nl; i++)
			if (maps_to(&lk[i], AISEC_LINK_REQUIREMENT, rq[r].id))
				push(&x, req_maps, map_of(&x, &lk[i], ""));
		if (!linked(lk, nl, AISEC_LINK_REQUIREMENT, rq[r].id))
			push(&x, req_unmapped, json_string(rq[r].id));
	}
	for (size_t t = 0; t < nt; t++) {
		char id[160];

		for (size_t i = 0; i < nl; i++)
			if (maps_to(&lk[i], AISEC_LINK_THREAT, th[t].id))
				push(&x, thr_maps, map_of(&x, &lk[i], "thr-"));
		snprintf(id, sizeof(id), "thr-%s", th[t].id);
		if (!linked(lk, nl, AISEC_LINK_THREAT, th[t].id))
			push(&x, thr_unmapped, json_string(id));
	}
	for (size_t s = 0; s < ns; s++) {
		char id[160];
		bool to_req = false, to_thr = false;

		for (size_t i = 0; i < nl; i++) {
			if (strcmp(lk[i].standard, st[s].id) || !aisec_link_covers(&lk[i]))
				continue;
			to_req = to_req || lk[i].target_kind == AISEC_LINK_REQUIREMENT;
			to_thr = to_thr || lk[i].target_kind == AISEC_LINK_THREAT;
		}
		snprintf(id, sizeof(id), "std-%s", st[s].id);
		if (!to_req)
			push(&x, std_no_req, json_string(id));
		if (!to_thr)
			push(&x, std_no_thr, json_string(id));
	}
	if (report_uuid5f(u, "oscal-mapping/resource/catalog/%s", meta->version ? meta->version : ""))
		x.err = AISEC_ERR_CRYPTO;
	snprintf(href, sizeof(href), "#%s", u);
	{
		json_t *m1 = mapping(&x, "standards-to-requirements",
				     "Which standards help meet which AI Act requirement.", req_maps,
				     gap_summary(&x, "standards-without-requirement", std_no_req),
				     gap_summary(&x, "requirements-without-standard", req_unmapped),
				     href);
		json_t *m2 = mapping(&x, "standards-to-threats",
				     "Which standards address which AI-specific threat.", thr_maps,
				     gap_summary(&x, "standards-without-threat", std_no_thr),
				     gap_summary(&x, "threats-without-standard", thr_unmapped),
				     href);

		req_maps = thr_maps = std_no_req = std_no_thr = req_unmapped = thr_unmapped = NULL;
		if (m1)
			push(&x, mappings, m1);
		if (m2)
			push(&x, mappings, m2);
	}
	if (!json_array_size(mappings)) {
		x.err = x.err ? x.err : AISEC_ERR_NOTFOUND;
		goto out;
	}
	md = oscal_metadata("aisec knowledge base: standards mapped to AI Act requirements and "
			    "AI threats",
			    when, meta->version);
	res = json_pack("[{s:s, s:s, s:[{s:s}]}]", "uuid", u, "title",
			"aisec knowledge base as an OSCAL catalog (aisec catalog export --format "
			"oscal-catalog)",
			"rlinks", "href", "aisec-catalog.json");
	mc = json_pack("{s:s, s:o, s:{s:s, s:s, s:s, s:s}, s:o, s:{s:o}}", "uuid", "", "metadata",
		       md, "provenance", "method", "human", "matching-rationale", "semantic",
		       "status", "complete", "mapping-description",
		       "Coverage links of the aisec knowledge base: the standards the ENISA report "
		       "'Cybersecurity of AI and Standardisation' (2023) relates to the AI Act "
		       "requirements (Annex A.3/A.4 matrices and text), later publications, and "
		       "aisec's own analysis. A link means the standard helps with the requirement "
		       "or threat, not that it fully meets it.",
		       "mappings", mappings, "back-matter", "resources", res);
	mappings = NULL;
	if (mc && oscal_uuid_set(mc, "oscal-mapping/aisec/%s", meta->version ? meta->version : ""))
		x.err = AISEC_ERR_CRYPTO;
	root = mc ? json_pack("{s:o}", "mapping-collection", mc) : NULL;
	if (!root && !x.err)
		x.err = AISEC_ERR_NOMEM;
out:
	json_decref(req_maps);
	json_decref(thr_maps);
	json_decref(mappings);
	json_decref(req_unmapped);
	json_decref(thr_unmapped);
	json_decref(std_no_req);
	json_decref(std_no_thr);
	if (x.err) {
		json_decref(root);
		if (x.err == AISEC_ERR_INVALID)
			return aisec_error_set(err, x.err,
					       "export 'oscal-mapping': catalog as_of '%s' is not a "
					       "date",
					       meta->as_of ? meta->as_of : "");
		if (x.err == AISEC_ERR_NOTFOUND)
			return aisec_error_set(err, x.err,
					       "export 'oscal-mapping': the catalog has no coverage "
					       "links");
		return aisec_error_set(err, x.err, "export 'oscal-mapping': %s",
				       aisec_strerror(x.err));
	}
	return emit_json(root, out, "oscal-mapping", err);
}
