/*
 * spec.c - the target spec file: what a model takes (features, each one's
 * valid range and type) and returns (labels or scores, class names).
 * Every error names the file, the line and the field (docs/probe.md).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>
#include <openssl/evp.h>

#include "aisec/buf.h"
#include "aisec/probe.h"
#include "core/core.h"

static int scalar_double(struct fy_node *n, double *out)
{
	const char *s;
	size_t len;
	char tmp[64], *end;

	if (!n || !fy_node_is_scalar(n) || !(s = fy_node_get_scalar(n, &len)) ||
	    len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	return *end || errno || !isfinite(*out) ? -1 : 0;
}

static int range_pair(struct fy_node *n, double *lo, double *hi)
{
	if (!n || !fy_node_is_sequence(n) ||
	    fy_node_sequence_item_count(n) != 2)
		return -1;
	if (scalar_double(fy_node_sequence_get_by_index(n, 0), lo) != 0 ||
	    scalar_double(fy_node_sequence_get_by_index(n, 1), hi) != 0 ||
	    *lo > *hi)
		return -1;
	return 0;
}

static int parse_input(struct aisec_probe_spec *s, struct fy_node *in,
		       const char *name, struct aisec_error *err)
{
	static const char *const keys[] = {"type", "features", "range",
					   "ranges", NULL};
	struct fy_node *n;
	char *str;
	double lo = 0, hi = 0, cnt;
	size_t d = 0;
	int ret;

	if (!in || !fy_node_is_mapping(in))
		return aisec_field_error(err, name, aisec_yaml_line(in),
					 "input", "missing or not a mapping");
	if ((ret = aisec_yaml_check_keys(in, keys, name, "input", err)) != 0)
		return ret;
	str = aisec_yaml_str(in, "type");
	if (str && strcmp(str, "integer") == 0)
		s->integer_input = 1;
	else if (str && strcmp(str, "float") != 0) {
		ret = aisec_field_error(
		    err, name, aisec_yaml_line(aisec_yaml_get(in, "type")),
		    "input.type", "unknown value '%s' (float, integer)", str);
		free(str);
		return ret;
	}
	free(str);
	if ((n = aisec_yaml_get(in, "features")) != NULL) {
		if (scalar_double(n, &cnt) != 0 || cnt < 1 ||
		    cnt > AISEC_PROBE_MAX_FEATURES || cnt != floor(cnt))
			return aisec_field_error(
			    err, name, aisec_yaml_line(n), "input.features",
			    "not a whole number from 1 to %d",
			    AISEC_PROBE_MAX_FEATURES);
		d = (size_t)cnt;
	}
	n = aisec_yaml_get(in, "ranges");
	if (n) {
		size_t m;

		if (!fy_node_is_sequence(n) ||
		    (m = (size_t)fy_node_sequence_item_count(n)) == 0 ||
		    m > AISEC_PROBE_MAX_FEATURES)
			return aisec_field_error(
			    err, name, aisec_yaml_line(n), "input.ranges",
			    "not a list of [low, high] pairs");
		if (d && d != m)
			return aisec_field_error(
			    err, name, aisec_yaml_line(n), "input.ranges",
			    "%zu ranges for %zu features", m, d);
		d = m;
	} else if (!aisec_yaml_get(in, "range") || !d) {
		return aisec_field_error(
		    err, name, aisec_yaml_line(in), "input",
		    "needs 'features' and 'range', or 'ranges'");
	}
	s->lo = calloc(d, sizeof(double));
	s->hi = calloc(d, sizeof(double));
	if (!s->lo || !s->hi)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	s->n_features = d;
	if (!n) {
		struct fy_node *r = aisec_yaml_get(in, "range");

		if (range_pair(r, &lo, &hi) != 0)
			return aisec_field_error(err, name, aisec_yaml_line(r),
						 "input.range",
						 "not a [low, high] pair of "
						 "numbers with low <= high");
		for (size_t i = 0; i < d; i++) {
			s->lo[i] = lo;
			s->hi[i] = hi;
		}
		return 0;
	}
	for (size_t i = 0; i < d; i++) {
		struct fy_node *r = fy_node_sequence_get_by_index(n, (int)i);

		if (range_pair(r, &s->lo[i], &s->hi[i]) != 0) {
			char field[48];

			snprintf(field, sizeof(field), "input.ranges[%zu]", i);
			return aisec_field_error(err, name, aisec_yaml_line(r),
						 field,
						 "not a [low, high] pair of "
						 "numbers with low <= high");
		}
	}
	return 0;
}

static int parse_output(struct aisec_probe_spec *s, struct fy_node *out,
			const char *name, struct aisec_error *err)
{
	static const char *const keys[] = {"kind", "classes", NULL};
	struct fy_node *n;
	char *kind;
	size_t k;
	int ret;

	if (!out || !fy_node_is_mapping(out))
		return aisec_field_error(err, name, aisec_yaml_line(out),
					 "output", "missing or not a mapping");
	if ((ret = aisec_yaml_check_keys(out, keys, name, "output", err)) != 0)
		return ret;
	kind = aisec_yaml_str(out, "kind");
	if (kind && strcmp(kind, "scores") == 0)
		s->output = AISEC_PROBE_OUT_SCORES;
	else if (kind && strcmp(kind, "labels") == 0)
		s->output = AISEC_PROBE_OUT_LABELS;
	else {
		ret = aisec_field_error(
		    err, name, aisec_yaml_line(aisec_yaml_get(out, "kind")),
		    "output.kind",
		    kind ? "unknown value '%s' (scores, labels)"
			 : "missing%s (scores, labels)",
		    kind ? kind : "");
		free(kind);
		return ret;
	}
	free(kind);
	n = aisec_yaml_get(out, "classes");
	if (!n || !fy_node_is_sequence(n) ||
	    (k = (size_t)fy_node_sequence_item_count(n)) < 2 ||
	    k > AISEC_PROBE_MAX_CLASSES)
		return aisec_field_error(
		    err, name, aisec_yaml_line(n ? n : out), "output.classes",
		    "not a list of 2 to %d class names",
		    AISEC_PROBE_MAX_CLASSES);
	s->classes = calloc(k, sizeof(char *));
	if (!s->classes)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	s->n_classes = k;
	for (size_t i = 0; i < k; i++) {
		struct fy_node *c = fy_node_sequence_get_by_index(n, (int)i);
		const char *v;
		size_t len;

		if (!c || !fy_node_is_scalar(c) ||
		    !(v = fy_node_get_scalar(c, &len)) || !len) {
			char field[48];

			snprintf(field, sizeof(field), "output.classes[%zu]",
				 i);
			return aisec_field_error(err, name,
						 aisec_yaml_line(c ? c : n),
						 field, "not a class name");
		}
		if (!(s->classes[i] = strndup(v, len)))
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
	}
	return 0;
}

int aisec_probe_spec_parse(const char *name, const char *text, size_t len,
			   struct aisec_probe_spec **out,
			   struct aisec_error *err)
{
	static const char *const keys[] = {"model", "input", "output", NULL};
	struct fy_document *doc;
	struct fy_node *root;
	struct aisec_probe_spec *s = NULL;
	int ret;

	*out = NULL;
	doc = aisec_yaml_parse(name, text, len, err);
	if (!doc)
		return err ? err->code : AISEC_ERR_PARSE;
	root = fy_document_root(doc);
	ret = AISEC_ERR_NOMEM;
	if (!(s = calloc(1, sizeof(*s)))) {
		aisec_error_set(err, ret, "out of memory");
		goto out;
	}
	if (!fy_node_is_mapping(root)) {
		ret = aisec_field_error(err, name, aisec_yaml_line(root),
					"(top)", "not a mapping");
		goto out;
	}
	if ((ret = aisec_yaml_check_keys(root, keys, name, "", err)) != 0)
		goto out;
	s->model = aisec_yaml_str(root, "model");
	if (!s->model || !*s->model || strpbrk(s->model, "/?#% \t\"\\")) {
		ret = aisec_field_error(
		    err, name, aisec_yaml_line(aisec_yaml_get(root, "model")),
		    "model", "missing, or not a name usable in a URL path");
		goto out;
	}
	if ((ret = parse_input(s, aisec_yaml_get(root, "input"), name, err)) !=
		0 ||
	    (ret = parse_output(s, aisec_yaml_get(root, "output"), name,
				err)) != 0)
		goto out;
	if (EVP_Digest(text, len, s->text_sha256, NULL, EVP_sha256(), NULL) !=
	    1) {
		ret = aisec_error_set(err, AISEC_ERR_NOMEM, "sha-256 failed");
		goto out;
	}
	*out = s;
	s = NULL;
	ret = 0;
out:
	aisec_probe_spec_free(s);
	fy_document_destroy(doc);
	return ret;
}

int aisec_probe_spec_load(const char *path, struct aisec_probe_spec **out,
			  struct aisec_error *err)
{
	struct aisec_buf b;
	int ret;

	*out = NULL;
	aisec_buf_init(&b, 16u << 20);
	ret = aisec_file_read(path, &b, err);
	if (ret == 0)
		ret = aisec_probe_spec_parse(path, b.data ? b.data : "", b.len,
					     out, err);
	aisec_buf_release(&b);
	return ret;
}

void aisec_probe_spec_free(struct aisec_probe_spec *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->classes && i < s->n_classes; i++)
		free(s->classes[i]);
	free(s->classes);
	free(s->lo);
	free(s->hi);
	free(s->model);
	free(s);
}
