/*
 * doc.c - small readers of the findings document (docs/findings.md) shared by
 * the renderers.  A missing member reads as empty, so a renderer given an
 * older or partial document prints less instead of crashing.
 */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

const char *doc_s(const json_t *v)
{
	const char *s = json_string_value(v);

	return s ? s : "";
}

const char *doc_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

long long doc_int(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_real(v))
		return (long long)json_real_value(v);
	return 0;
}

bool doc_bool(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

json_t *doc_arr(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_array(v) ? v : NULL;
}

json_t *doc_obj(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_object(v) ? v : NULL;
}

/* Walk "a.b.c" through nested objects; the last member is returned. */
static json_t *path_get(const json_t *o, const char *path)
{
	char key[64];
	const char *dot;
	json_t *cur = (json_t *)o;

	while (cur && (dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		cur = doc_obj(cur, key);
		path = dot + 1;
	}
	return cur ? json_object_get(cur, path) : NULL;
}

const char *doc_path_str(const json_t *o, const char *path)
{
	const char *s = json_string_value(path_get(o, path));

	return s ? s : "";
}

long long doc_path_int(const json_t *o, const char *path)
{
	json_t *v = path_get(o, path);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

json_t *doc_find(const json_t *doc, const char *key, const char *field, const char *id)
{
	size_t i;
	json_t *it;

	json_array_foreach(doc_arr(doc, key), i, it)
		if (strcmp(doc_str(it, field), id) == 0)
			return it;
	return NULL;
}

int doc_risk_rank(const char *level)
{
	if (!level)
		return 0;
	if (strcmp(level, "critical") == 0)
		return 3;
	if (strcmp(level, "major") == 0)
		return 2;
	if (strcmp(level, "minor") == 0)
		return 1;
	return 0;
}

int doc_facts_text(const json_t *facts, struct aisec_buf *out)
{
	size_t i;
	json_t *f;
	int rc = 0;

	json_array_foreach(facts, i, f) {
		long long line = doc_int(f, "line");

		rc = aisec_buf_addf(out, "%s%s = %s", i ? "; " : "", doc_str(f, "field"),
				    doc_str(f, "value"));
		if (rc == 0 && line > 0)
			rc = aisec_buf_addf(out, " (line %lld)", line);
		if (rc)
			break;
	}
	return rc;
}

void doc_potential(const json_t *r, char *out, size_t n)
{
	const json_t *ap = doc_obj(r, "attack_potential");
	json_t *sum = json_object_get(ap, "sum");

	if (json_is_integer(sum))
		snprintf(out, n, "%lld %s", (long long)json_integer_value(sum),
			 doc_str(ap, "rating"));
	else
		snprintf(out, n, "%s", doc_str(ap, "rating"));
}

long long doc_available_more(const json_t *cov)
{
	long long total = doc_int(cov, "available_count");
	long long shown = (long long)json_array_size(doc_arr(cov, "available"));

	return total > shown ? total - shown : 0;
}

void doc_words(const char *id, char *out, size_t n)
{
	size_t i = 0;

	if (!n)
		return;
	for (; id && id[i] && i + 1 < n; i++)
		out[i] = id[i] == '_' ? ' ' : id[i];
	out[i] = '\0';
}
