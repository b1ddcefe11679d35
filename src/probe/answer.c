/*
 * answer.c - read a model server's answer into labels and scores: the Open
 * Inference Protocol v2 "outputs" tensors, TF Serving's "predictions", or
 * the predictions under a dotted path (generic template, process targets).
 * Errors say what was expected and what was received.
 */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "aisec/probe.h"
#include "probe/probe_int.h"

static const char *jtype(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static int label_of(const struct aisec_probe_spec *s, const json_t *v, int *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i < 0 || (size_t)i >= s->n_classes)
			return -1;
		*out = (int)i;
		return 0;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);

		if (d != floor(d) || d < 0 || d >= (double)s->n_classes)
			return -1;
		*out = (int)d;
		return 0;
	}
	if (json_is_string(v)) {
		for (size_t c = 0; c < s->n_classes; c++)
			if (strcmp(s->classes[c], json_string_value(v)) == 0) {
				*out = (int)c;
				return 0;
			}
	}
	return -1;
}

static int argmax(const double *p, size_t k)
{
	size_t best = 0;

	for (size_t c = 1; c < k; c++)
		if (p[c] > p[best])
			best = c;
	return (int)best;
}

/* Flat array of n*k numbers (OIP v2 row-major data). */
static int read_scores_flat(const struct aisec_probe_spec *s,
			    const json_t *data, size_t n, int *labels,
			    double *scores, struct aisec_error *err)
{
	size_t k = s->n_classes;

	for (size_t i = 0; i < n; i++) {
		double row[AISEC_PROBE_MAX_CLASSES];

		for (size_t c = 0; c < k; c++) {
			const json_t *v = json_array_get(data, i * k + c);

			if (!json_is_number(v) ||
			    !isfinite(json_number_value(v)))
				return aisec_error_set(
				    err, AISEC_ERR_INVALID,
				    "answer: score %zu of input %zu: expected "
				    "a "
				    "finite number, received %s",
				    c, i, v ? jtype(v) : "nothing");
			row[c] = json_number_value(v);
		}
		labels[i] = argmax(row, k);
		if (scores)
			memcpy(scores + i * k, row, k * sizeof(double));
	}
	return 0;
}

/* A list of n predictions: score rows or labels. */
static int read_predictions(const struct aisec_probe_spec *s, const json_t *p,
			    size_t n, int *labels, double *scores,
			    struct aisec_error *err)
{
	size_t k = s->n_classes;

	if (!json_is_array(p) || json_array_size(p) != n)
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "answer: expected a list of %zu predictions, received %s "
		    "of %zu",
		    n, jtype(p), json_is_array(p) ? json_array_size(p) : 0);
	for (size_t i = 0; i < n; i++) {
		const json_t *row = json_array_get(p, i);

		if (s->output == AISEC_PROBE_OUT_SCORES) {
			if (!json_is_array(row) || json_array_size(row) != k)
				return aisec_error_set(
				    err, AISEC_ERR_INVALID,
				    "answer: prediction %zu: expected %zu "
				    "scores "
				    "(spec output.classes), received %s of %zu",
				    i, k, jtype(row),
				    json_is_array(row) ? json_array_size(row)
						       : 0);
			if (read_scores_flat(s, row, 1, labels + i,
					     scores ? scores + i * k : NULL,
					     err) != 0)
				return aisec_error_prefix(err, "prediction %zu",
							  i);
			continue;
		}
		if (json_is_array(row) && json_array_size(row) == 1)
			row = json_array_get(row, 0);
		if (label_of(s, row, &labels[i]) != 0)
			return aisec_error_set(
			    err, AISEC_ERR_INVALID,
			    "answer: prediction %zu: expected a class index "
			    "below %zu or a class name, received %s",
			    i, k, jtype(row));
	}
	return 0;
}

static json_int_t dim(const json_t *shape, size_t i)
{
	const json_t *v = json_array_get(shape, i);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static int read_oip(const struct aisec_probe_spec *s, const json_t *root,
		    size_t n, int *labels, double *scores,
		    struct aisec_error *err)
{
	const json_t *outs = json_object_get(root, "outputs"), *o;
	size_t i, k = s->n_classes;
	char seen[256] = "";

	if (!json_is_array(outs) || json_array_size(outs) == 0)
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "answer: expected an 'outputs' list (Open Inference "
		    "Protocol v2), received %s",
		    outs ? jtype(outs) : "none");
	json_array_foreach(outs, i, o)
	{
		const json_t *shape = json_object_get(o, "shape");
		const json_t *data = json_object_get(o, "data");
		size_t rank = json_is_array(shape) ? json_array_size(shape) : 0;
		size_t len = strlen(seen);

		if (len + 32 < sizeof(seen))
			snprintf(seen + len, sizeof(seen) - len,
				 "%s[%lld%s%lld]", len ? ", " : "",
				 (long long)dim(shape, 0), rank > 1 ? "," : "",
				 rank > 1 ? (long long)dim(shape, 1) : 0LL);
		if (!json_is_array(data))
			continue;
		if (s->output == AISEC_PROBE_OUT_SCORES && rank == 2 &&
		    dim(shape, 0) == (json_int_t)n &&
		    dim(shape, 1) == (json_int_t)k &&
		    json_array_size(data) == n * k)
			return read_scores_flat(s, data, n, labels, scores,
						err);
		if (s->output == AISEC_PROBE_OUT_LABELS &&
		    dim(shape, 0) == (json_int_t)n &&
		    (rank == 1 || (rank == 2 && dim(shape, 1) == 1)) &&
		    json_array_size(data) == n)
			return read_predictions(s, data, n, labels, NULL, err);
	}
	if (s->output == AISEC_PROBE_OUT_SCORES)
		return aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "answer: expected an output of shape [%zu,%zu] (scores for "
		    "%zu classes), received shapes %s",
		    n, k, k, seen);
	return aisec_error_set(
	    err, AISEC_ERR_INVALID,
	    "answer: expected an output of shape [%zu] (labels), received "
	    "shapes %s",
	    n, seen);
}

static const json_t *select_path(const json_t *root, const char *path)
{
	const json_t *v = root;
	const char *p = path;

	while (v && *p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);

		v = json_object_getn(v, p, len);
		p += len + (dot != NULL);
	}
	return v;
}

/* The scores of n inputs without a jansson tree (oipscan.c); 0 when the
 * full reader must decide (then nothing of labels or scores is left
 * different from what it writes). */
static int oip_fast(const struct aisec_probe_spec *s, const char *body,
		    size_t len, size_t n, int *labels, double *scores)
{
	const char *p, *end = body + len;
	size_t k = s->n_classes;

	if (!probe_oip_scores_find(body, len, n, k, &p))
		return 0;
	for (size_t i = 0; i < n; i++) {
		double row[AISEC_PROBE_MAX_CLASSES];

		for (size_t c = 0; c < k; c++)
			if (!(p = probe_oip_number(p, end, &row[c])) ||
			    !isfinite(row[c]))
				return 0;
		labels[i] = argmax(row, k);
		if (scores)
			memcpy(scores + i * k, row, k * sizeof(double));
	}
	return 1;
}

int aisec_probe_parse_answer(const struct aisec_probe_spec *spec,
			     enum aisec_probe_protocol proto,
			     const char *select, const char *body, size_t len,
			     size_t n, int *labels, double *scores,
			     struct aisec_error *err)
{
	json_error_t je;
	json_t *root;
	int ret;

	if (proto == AISEC_PROBE_OIP_V2 &&
	    spec->output == AISEC_PROBE_OUT_SCORES &&
	    oip_fast(spec, body, len, n, labels, scores))
		return 0;
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "answer line %d column %d: %s", je.line,
				       je.column, je.text);
	if (!json_is_object(root))
		ret = aisec_error_set(
		    err, AISEC_ERR_INVALID,
		    "answer: expected a JSON object, received %s", jtype(root));
	else if (proto == AISEC_PROBE_OIP_V2)
		ret = read_oip(spec, root, n, labels, scores, err);
	else {
		const char *path = proto == AISEC_PROBE_TEMPLATE && select
				       ? select
				       : "predictions";
		const json_t *p = select_path(root, path);

		if (!p) {
			const json_t *e = json_object_get(root, "error");

			ret = aisec_error_set(
			    err, AISEC_ERR_INVALID,
			    "answer: expected '%s', received %s%s%s", path,
			    json_is_string(e) ? "error '" : "no such member",
			    json_is_string(e) ? json_string_value(e) : "",
			    json_is_string(e) ? "'" : "");
		} else
			ret = read_predictions(spec, p, n, labels, scores, err);
	}
	json_decref(root);
	return ret;
}
