/*
 * event.c - reading prediction events: JSON lines (jansson) with the spec's
 * dotted field paths, or CSV records (RFC 4180 quoting) whose header names
 * the same paths; and the reference data set, read with the same reader
 * and summarised into the bins and quantiles the detectors compare with.
 * A refused line names its number and the field path.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "monitor/monitor_int.h"

int mon_class_index(const struct aisec_monitor_spec *s, const char *v,
		    size_t len)
{
	char buf[32], *end;
	long n;

	for (int i = 0; i < s->nclasses; i++)
		if (strlen(s->classes[i]) == len &&
		    memcmp(s->classes[i], v, len) == 0)
			return i;
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, v, len);
	buf[len] = 0;
	errno = 0;
	n = strtol(buf, &end, 10);
	if (*end || errno || n < 0 ||
	    n >= (s->nclasses ? s->nclasses : AISEC_MONITOR_MAX_CLASSES))
		return -1;
	return (int)n;
}

/* RFC 3339 date-time to seconds since the epoch; NAN when malformed. */
static double parse_time(const char *s, size_t len)
{
	char buf[64];
	struct tm tm = {0};
	int y, mo, d, h, mi, n = 0, oh = 0, om = 0;
	double sec, t;
	const char *p;

	if (len >= sizeof buf)
		return NAN;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (sscanf(buf, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%lf%n", &y, &mo, &d, &h,
		   &mi, &sec, &n) != 6)
		return NAN;
	p = buf + n;
	if (*p == 'Z' || *p == 'z')
		p++;
	else if ((*p == '+' || *p == '-') &&
		 sscanf(p + 1, "%2d:%2d", &oh, &om) == 2) {
		if (*p == '-') {
			oh = -oh;
			om = -om;
		}
		p += 6;
	} else
		return NAN;
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec < 0 || sec >= 61)
		return NAN;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	t = (double)timegm(&tm);
	return t + sec - oh * 3600.0 - om * 60.0;
}

/* A field value, from JSON or CSV, before conversion. */
struct val {
	bool is_num, is_str;
	double num;
	const char *str;
	size_t len;
};

static int field_err(struct aisec_error *err, uint64_t lineno, const char *path,
		     const char *what)
{
	return aisec_error_set(err, AISEC_ERR_INVALID,
			       "line %llu: field '%s': %s",
			       (unsigned long long)lineno, path, what);
}

static int copy_id(char *dst, const struct val *v, const char **out,
		   size_t *out_len)
{
	int n;

	if (v->is_str) {
		n = (int)(v->len < AISEC_MONITOR_ID_MAX - 1
			      ? v->len
			      : AISEC_MONITOR_ID_MAX - 1);
		memcpy(dst, v->str, (size_t)n);
	} else if (v->is_num && v->num == floor(v->num) && fabs(v->num) < 1e18)
		n = snprintf(dst, AISEC_MONITOR_ID_MAX, "%.0f", v->num);
	else
		return -1;
	dst[n] = 0;
	*out = dst;
	*out_len = (size_t)n;
	return 0;
}

/* Store value v of field f in the event. */
static int set_field(struct mon_reader *r, struct aisec_monitor_event *ev,
		     int f, const struct val *v, uint64_t lineno,
		     const char *path, struct aisec_error *err)
{
	const struct aisec_monitor_spec *s = r->spec;
	int c;

	switch (f) {
	case MF_TIME:
		ev->time = v->is_num   ? v->num
			   : v->is_str ? parse_time(v->str, v->len)
				       : NAN;
		if (isnan(ev->time))
			return field_err(err, lineno, path,
					 "not a time (seconds or RFC 3339)");
		return 0;
	case MF_CLIENT:
		if (copy_id(r->client, v, &ev->client, &ev->client_len))
			return field_err(err, lineno, path,
					 "not a client id (string or integer)");
		return 0;
	case MF_ID:
		if (copy_id(r->id, v, &ev->id, &ev->id_len))
			return field_err(err, lineno, path,
					 "not an event id (string or integer)");
		return 0;
	case MF_PREDICTED:
	case MF_LABEL:
		if (v->is_str)
			c = mon_class_index(s, v->str, v->len);
		else if (v->is_num && v->num == floor(v->num) && v->num >= 0 &&
			 v->num < (s->nclasses ? s->nclasses
					       : AISEC_MONITOR_MAX_CLASSES))
			c = (int)v->num;
		else
			c = -1;
		if (c < 0)
			return field_err(err, lineno, path,
					 "not a class of the spec");
		if (f == MF_PREDICTED)
			ev->predicted = c;
		else
			ev->label = c;
		return 0;
	case MF_VERSION:
		return 0;
	default:
		break;
	}
	if (!v->is_num || !isfinite(v->num))
		return field_err(err, lineno, path, "not a finite number");
	if (f == MF_SCORE)
		ev->score = v->num;
	else if (f == MF_LATENCY)
		ev->latency = v->num;
	else if (f == MF_SIZE)
		ev->size = v->num;
	return 0;
}

static void event_clear(struct aisec_monitor_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->time = ev->score = ev->latency = ev->size = NAN;
	ev->predicted = ev->label = -1;
}

/* After all fields: what a usable event needs. */
static int event_check(struct mon_reader *r, struct aisec_monitor_event *ev,
		       uint64_t lineno, struct aisec_error *err)
{
	const struct aisec_monitor_spec *s = r->spec;
	bool late_label = ev->predicted < 0 && ev->label >= 0 && ev->id;

	if (s->has_field[MF_PREDICTED] && ev->predicted < 0 && !late_label)
		return field_err(err, lineno, s->field[MF_PREDICTED].text,
				 "missing");
	if (s->has_field[MF_CLIENT] && !ev->client && !late_label)
		return field_err(err, lineno, s->field[MF_CLIENT].text,
				 "missing");
	if (s->has_field[MF_FEATURES] && !late_label && s->nfeatures &&
	    ev->nfeatures != (size_t)s->nfeatures)
		return field_err(err, lineno,
				 s->nfeat_paths ? s->feat[0].text
						: s->field[MF_FEATURES].text,
				 ev->nfeatures ? "wrong number of features"
					       : "missing");
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *json_path(json_t *v, const struct mon_path *p)
{
	for (int i = 0; v && i < p->nseg; i++) {
		if (json_is_object(v))
			v = json_object_get(v, p->seg[i]);
		else if (json_is_array(v)) {
			char *end;
			unsigned long k = strtoul(p->seg[i], &end, 10);

			v = *end ? NULL : json_array_get(v, k);
		} else
			v = NULL;
	}
	return v;
}

/* What jansson's tree holds at a target's path. */
static void tree_val(json_t *j, bool feat_array, struct mon_jv *v, double *feat)
{
	size_t i;
	json_t *x;

	memset(v, 0, sizeof *v);
	if (!j)
		v->kind = MJ_ABSENT;
	else if (json_is_null(j))
		v->kind = MJ_NULL;
	else if (json_is_number(j)) {
		v->kind = MJ_NUM;
		v->num = json_number_value(j);
	} else if (json_is_boolean(j)) {
		v->kind = MJ_BOOL;
		v->num = json_is_true(j);
	} else if (json_is_string(j)) {
		v->kind = MJ_STR;
		v->str = json_string_value(j);
		v->len = json_string_length(j);
	} else if (json_is_array(j) && feat_array) {
		v->kind = MJ_ARRAY;
		v->n = (uint32_t)json_array_size(j);
		json_array_foreach(j, i, x)
		{
			if (!json_is_number(x))
				v->bad = true;
			else if (i < AISEC_MONITOR_MAX_FEATURES)
				feat[i] = json_number_value(x);
		}
	} else
		v->kind = MJ_OTHER;
}

int mon_json_tree(struct mon_reader *r, const char *line, size_t len,
		  uint64_t lineno, struct mon_jv *jv, double *feat,
		  json_t **root, struct aisec_error *err)
{
	json_error_t je;

	*root = json_loadb(line, len, 0, &je);
	if (!*root)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "line %llu column %d: not JSON: %s",
				       (unsigned long long)lineno, je.column,
				       je.text),
		       MON_SCAN_REJECT;
	if (!json_is_object(*root)) {
		json_decref(*root);
		*root = NULL;
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "line %llu: not a JSON object",
				       (unsigned long long)lineno),
		       MON_SCAN_REJECT;
	}
	for (int i = 0; i < r->ntargets; i++) {
		int t = r->tgt[i];

		tree_val(json_path(*root, r->tgt_path[t]), t == MF_FEATURES,
			 &jv[t], feat);
	}
	return MON_SCAN_ACCEPT;
}

/* The event from the targets' values (the same for both parsers). */
static int json_apply(struct mon_reader *r, const struct mon_jv *jv,
		      uint64_t lineno, struct aisec_monitor_event *ev,
		      struct aisec_error *err)
{
	const struct aisec_monitor_spec *s = r->spec;
	int rc = 0;
	size_t n = 0;

	for (int f = 0; f < MF_FEATURES && rc == 0; f++) {
		struct val v = {0};

		if (!s->has_field[f] || jv[f].kind <= MJ_NULL)
			continue;
		if (jv[f].kind == MJ_NUM || jv[f].kind == MJ_BOOL) {
			v.is_num = true;
			v.num = jv[f].num;
		} else if (jv[f].kind == MJ_STR) {
			v.is_str = true;
			v.str = jv[f].str;
			v.len = jv[f].len;
		}
		rc = set_field(r, ev, f, &v, lineno, s->field[f].text, err);
	}
	if (rc || !s->has_field[MF_FEATURES])
		return rc;
	if (s->nfeat_paths) {
		for (int i = 0; i < s->nfeat_paths; i++) {
			const struct mon_jv *v = &jv[MF_COUNT + i];

			if (v->kind <= MJ_NULL)
				break;
			if (v->kind != MJ_NUM)
				return field_err(err, lineno, s->feat[i].text,
						 "not a number");
			r->feat[n++] = v->num;
		}
	} else if (jv[MF_FEATURES].kind > MJ_NULL) {
		const struct mon_jv *v = &jv[MF_FEATURES];

		if (v->kind != MJ_ARRAY || v->n > AISEC_MONITOR_MAX_FEATURES)
			return field_err(err, lineno,
					 s->field[MF_FEATURES].text,
					 "not an array of at most 256 numbers");
		if (v->bad)
			return field_err(err, lineno,
					 s->field[MF_FEATURES].text,
					 "an element is not a finite number");
		n = v->n;
	}
	if (n) {
		ev->features = r->feat;
		ev->nfeatures = n;
	}
	return 0;
}

static int json_line(struct mon_reader *r, const char *line, size_t len,
		     uint64_t lineno, struct aisec_monitor_event *ev,
		     struct aisec_error *err)
{
	json_t *root = NULL;
	int rc = r->fast ? mon_json_scan(r, line, len, r->jv, r->feat)
			 : MON_SCAN_UNSURE;

	if (rc != MON_SCAN_ACCEPT &&
	    mon_json_tree(r, line, len, lineno, r->jv, r->feat, &root, err) !=
		MON_SCAN_ACCEPT)
		return AISEC_ERR_PARSE;
	rc = json_apply(r, r->jv, lineno, ev, err);
	json_decref(root);
	if (rc == 0)
		rc = event_check(r, ev, lineno, err);
	return rc ? rc : 1;
}

/* ---- CSV ------------------------------------------------------------------
 */

/*
 * Split one record into r->cell[] (unquoted into r->cells).  Returns the
 * number of cells or -1 on a quoting error.
 */
static int csv_split(struct mon_reader *r, const char *line, size_t len,
		     int max)
{
	size_t i = 0, o = 0;
	int n = 0;

	if (len + 1 > r->cells_cap) {
		return -2;
	}
	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	for (;;) {
		size_t start = o;

		if (i < len && line[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					return -1;
				if (line[i] == '"') {
					if (i + 1 < len && line[i + 1] == '"') {
						r->cells[o++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				r->cells[o++] = line[i++];
			}
			if (i < len && line[i] != ',')
				return -1;
		} else {
			while (i < len && line[i] != ',') {
				if (line[i] == '"')
					return -1;
				r->cells[o++] = line[i++];
			}
		}
		if (n < max) {
			r->cell[n] = r->cells + start;
			r->cell_len[n] = o - start;
		}
		n++;
		if (i >= len)
			break;
		i++; /* the comma */
	}
	return n;
}

static int csv_header(struct mon_reader *r, int n, uint64_t lineno,
		      struct aisec_error *err)
{
	const struct aisec_monitor_spec *s = r->spec;
	int nfeat = 0;

	free(r->col_field);
	free(r->col_feat);
	r->col_field = calloc((size_t)n, sizeof *r->col_field);
	r->col_feat = calloc((size_t)n, sizeof *r->col_feat);
	if (!r->col_field || !r->col_feat)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	r->ncols = n;
	for (int c = 0; c < n; c++) {
		const char *name = r->cell[c];
		size_t len = r->cell_len[c];

		r->col_field[c] = -1;
		r->col_feat[c] = -1;
		for (int f = 0; f < MF_FEATURES; f++)
			if (s->has_field[f] &&
			    strlen(s->field[f].text) == len &&
			    memcmp(s->field[f].text, name, len) == 0)
				r->col_field[c] = f;
		if (!s->has_field[MF_FEATURES])
			continue;
		for (int k = 0; k < s->nfeat_paths; k++)
			if (strlen(s->feat[k].text) == len &&
			    memcmp(s->feat[k].text, name, len) == 0) {
				r->col_feat[c] = k;
				nfeat++;
			}
		if (!s->nfeat_paths) {
			/* array form: columns "<path>[<i>]" */
			size_t pl = strlen(s->field[MF_FEATURES].text);
			char *end;
			unsigned long k;

			if (len > pl + 2 &&
			    memcmp(name, s->field[MF_FEATURES].text, pl) == 0 &&
			    name[pl] == '[' && name[len - 1] == ']') {
				k = strtoul(name + pl + 1, &end, 10);
				if (end == name + len - 1 &&
				    k < AISEC_MONITOR_MAX_FEATURES) {
					r->col_feat[c] = (int)k;
					nfeat++;
				}
			}
		}
	}
	for (int f = 0; f < MF_FEATURES; f++) {
		bool found = false;

		if (!s->has_field[f] || f == MF_LABEL || f == MF_VERSION ||
		    f == MF_TIME || f == MF_ID || f == MF_SCORE)
			continue;
		for (int c = 0; c < n; c++)
			found |= r->col_field[c] == f;
		if (!found)
			return aisec_error_set(err, AISEC_ERR_INVALID,
					       "line %llu: field '%s': no such "
					       "column in the CSV header",
					       (unsigned long long)lineno,
					       s->field[f].text);
	}
	if (s->has_field[MF_FEATURES] && s->nfeatures && nfeat != s->nfeatures)
		return aisec_error_set(err, AISEC_ERR_INVALID,
				       "line %llu: field '%s': the header has "
				       "%d feature columns, %d expected",
				       (unsigned long long)lineno,
				       s->nfeat_paths
					   ? s->feat[0].text
					   : s->field[MF_FEATURES].text,
				       nfeat, s->nfeatures);
	r->have_header = true;
	return 0;
}

static void csv_val(const char *c, size_t len, struct val *v)
{
	char buf[64], *end;

	memset(v, 0, sizeof *v);
	v->is_str = true;
	v->str = c;
	v->len = len;
	if (len == 0 || len >= sizeof buf)
		return;
	memcpy(buf, c, len);
	buf[len] = 0;
	errno = 0;
	v->num = strtod(buf, &end);
	v->is_num = !*end && !errno;
}

static int csv_line(struct mon_reader *r, const char *line, size_t len,
		    uint64_t lineno, struct aisec_monitor_event *ev,
		    struct aisec_error *err)
{
	int n, rc = 0;
	size_t nf = 0;

	if (len + 1 > r->cells_cap) {
		char *p = realloc(r->cells, len + 1);

		/* the reader grows with the longest line, never per event */
		if (!p)
			return aisec_error_set(err, AISEC_ERR_NOMEM,
					       "out of memory");
		r->cells = p;
		r->cells_cap = len + 1;
	}
	n = csv_split(r, line, len, 1024);
	if (n < 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "line %llu: malformed CSV quoting",
				       (unsigned long long)lineno);
	if (n > 1024)
		return aisec_error_set(err, AISEC_ERR_LIMIT,
				       "line %llu: more than 1024 columns",
				       (unsigned long long)lineno);
	if (!r->have_header)
		return csv_header(r, n, lineno, err) ?: 0;
	if (n != r->ncols)
		return aisec_error_set(
		    err, AISEC_ERR_PARSE,
		    "line %llu: %d columns, the header has %d",
		    (unsigned long long)lineno, n, r->ncols);
	for (int c = 0; c < n && rc == 0; c++) {
		struct val v;

		if (r->cell_len[c] == 0)
			continue;
		if (r->col_field[c] >= 0) {
			csv_val(r->cell[c], r->cell_len[c], &v);
			rc = set_field(r, ev, r->col_field[c], &v, lineno,
				       r->spec->field[r->col_field[c]].text,
				       err);
		} else if (r->col_feat[c] >= 0) {
			csv_val(r->cell[c], r->cell_len[c], &v);
			if (!v.is_num || !isfinite(v.num))
				rc = aisec_error_set(
				    err, AISEC_ERR_INVALID,
				    "line %llu: column %d (feature %d): "
				    "not a finite number",
				    (unsigned long long)lineno, c + 1,
				    r->col_feat[c]);
			else {
				r->feat[r->col_feat[c]] = v.num;
				if ((size_t)r->col_feat[c] + 1 > nf)
					nf = (size_t)r->col_feat[c] + 1;
			}
		}
	}
	if (rc == 0 && nf) {
		ev->features = r->feat;
		ev->nfeatures = nf;
	}
	if (rc == 0)
		rc = event_check(r, ev, lineno, err);
	return rc ? rc : 1;
}

/* The JSON targets: the fields, then the list-form feature paths. */
static void json_targets(struct mon_reader *r)
{
	const struct aisec_monitor_spec *s = r->spec;
	const char *env = getenv("AISEC_MONITOR_JSON");

	r->fast = !(env && strcmp(env, "jansson") == 0);
	for (int t = 0; t < MF_COUNT + s->nfeat_paths; t++) {
		const struct mon_path *p;

		if (t < MF_COUNT) {
			if (!s->has_field[t] ||
			    (t == MF_FEATURES && s->nfeat_paths))
				continue;
			p = &s->field[t];
		} else
			p = &s->feat[t - MF_COUNT];
		r->tgt[r->ntargets++] = t;
		r->tgt_path[t] = p;
		for (int i = 0; i < p->nseg; i++) {
			size_t n = strlen(p->seg[i]);

			if (n > UINT8_MAX)
				r->fast = false;
			r->tgt_seglen[t][i] = (uint8_t)n;
		}
	}
}

int mon_reader_init(struct mon_reader *r, const struct aisec_monitor_spec *s,
		    struct aisec_error *err)
{
	memset(r, 0, sizeof *r);
	r->spec = s;
	r->csv = s->csv;
	json_targets(r);
	r->cells_cap = 4096;
	r->cells = malloc(r->cells_cap);
	r->cell = calloc(1024, sizeof *r->cell);
	r->cell_len = calloc(1024, sizeof *r->cell_len);
	if (!r->cells || !r->cell || !r->cell_len) {
		mon_reader_release(r);
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

void mon_reader_release(struct mon_reader *r)
{
	free(r->col_field);
	free(r->col_feat);
	free(r->cells);
	free(r->cell);
	free(r->cell_len);
	memset(r, 0, sizeof *r);
}

int mon_reader_line(struct mon_reader *r, const char *line, size_t len,
		    uint64_t lineno, struct aisec_monitor_event *ev,
		    struct aisec_error *err)
{
	size_t i = 0;

	event_clear(ev);
	while (i < len && (line[i] == ' ' || line[i] == '\t' ||
			   line[i] == '\r' || line[i] == '\n'))
		i++;
	if (i == len)
		return 0;
	if (r->csv)
		return csv_line(r, line, len, lineno, ev, err);
	return json_line(r, line, len, lineno, ev, err);
}
