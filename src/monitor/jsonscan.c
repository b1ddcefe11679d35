/*
 * jsonscan.c - the fast path of the JSON-lines reader: one pass over a line
 * that checks the JSON grammar (RFC 8259) of the whole line and picks out
 * the values at the spec's field paths, without building a tree.
 *
 * It answers ACCEPT (the line is a JSON object; r->jv holds what jansson's
 * tree would give for each path), REJECT (the line is not JSON, or not an
 * object: the caller asks jansson for the message) or UNSURE (something the
 * scanner leaves to jansson: an escape or a non-ASCII byte in a string, a
 * path that goes through an array, an integer of more than 18 digits, a
 * real that overflows, nesting deeper than 64).  Duplicate keys behave as
 * in jansson: the last one wins, for nested paths too.
 *
 * Numbers: num_parse() (src/core/numparse.h: Clinger's fast path,
 * else strtod), so integers of up to 18 digits get the double of
 * jansson's json_int_t and reals strtod's.
 * fuzz/fuzz_monitor_fastpath.c checks agreement with jansson.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/num.h"
#include "core/jsonlex.h"
#include "core/numparse.h"
#include "monitor/monitor_int.h"

#define SCAN_DEPTH 64

struct scan {
	struct mon_reader *r;
	struct mon_jv *jv;
	double *feat;
	const char *p, *end;
	int status; /* MON_SCAN_* of the first problem, or MON_SCAN_ACCEPT */
};

static int fail(struct scan *s, int status)
{
	if (s->status == MON_SCAN_ACCEPT)
		s->status = status;
	return -1;
}

static void ws(struct scan *s)
{
	s->p = json_ws(s->p, s->end);
}

/* A string without escapes or non-ASCII bytes; s->p at the opening quote. */
static int string(struct scan *s, const char **str, size_t *len)
{
	const char *q = ++s->p;

	for (;;) {
		const char *e = memchr(q, '"', (size_t)(s->end - q));
		const char *c;

		if (!e)
			return fail(s, MON_SCAN_REJECT);
		for (c = q; c < e; c++) {
			unsigned char u = (unsigned char)*c;

			if (u < 0x20)
				return fail(s, MON_SCAN_REJECT);
			if (u == '\\' || u >= 0x80)
				return fail(s, MON_SCAN_UNSURE);
		}
		*str = q;
		*len = (size_t)(e - q);
		s->p = e + 1;
		return 0;
	}
}

/*
 * A number and its value (converted even when no path wants it: jansson
 * refuses integers beyond long long and reals that overflow).
 */
static int number(struct scan *s, double *out)
{
	const char *start = s->p, *q;
	unsigned form;

	q = num_parse(start, s->end, AISEC_NUM_JSON, out, &form);
	if (!q)
		return fail(s, MON_SCAN_REJECT);
	s->p = q;
	if (form == 0) {
		/* jansson: json_int_t (long long); 18 digits always fit, and
		 * their double is the correctly rounded one; "-0" is 0 */
		if (q - start - (*start == '-') > 18)
			return fail(s, MON_SCAN_UNSURE);
		if (*out == 0)
			*out = 0;
		return 0;
	}
	if (isinf(*out))
		return fail(s, MON_SCAN_UNSURE); /* jansson: overflow */
	return 0;
}

static int literal(struct scan *s, const char *word, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return fail(s, MON_SCAN_REJECT);
	s->p += n;
	return 0;
}

/*
 * One value.  cand[0..ncand) are the targets whose first `level` path
 * segments led here; those with exactly `level` segments are this value.
 * `felem`: the value is an element of the features array.
 */
static int value(struct scan *s, int depth, const int *cand, int ncand,
		 int level, bool felem);

static void hit(struct scan *s, const int *cand, int ncand, int level,
		uint8_t kind, double num, const char *str, size_t len)
{
	for (int i = 0; i < ncand; i++) {
		int t = cand[i];

		if (s->r->tgt_path[t]->nseg != level)
			continue;
		s->jv[t].kind = kind;
		s->jv[t].num = num;
		s->jv[t].str = str;
		s->jv[t].len = len;
	}
}

static int object(struct scan *s, int depth, const int *cand, int ncand,
		  int level)
{
	int sub[MON_MAX_TARGETS];

	if (!json_open(&s->p, s->end, '}'))
		return 0;
	for (;;) {
		const char *key;
		size_t klen;
		int nsub = 0;

		if (s->p >= s->end || *s->p != '"')
			return fail(s, MON_SCAN_REJECT);
		if (string(s, &key, &klen))
			return -1;
		ws(s);
		if (s->p >= s->end || *s->p != ':')
			return fail(s, MON_SCAN_REJECT);
		s->p++;
		for (int i = 0; i < ncand; i++) {
			int t = cand[i];
			const struct mon_path *pa = s->r->tgt_path[t];

			if (pa->nseg > level &&
			    s->r->tgt_seglen[t][level] == klen &&
			    memcmp(pa->seg[level], key, klen) == 0) {
				/* a later duplicate key replaces the subtree */
				s->jv[t].kind = MJ_ABSENT;
				sub[nsub++] = t;
			}
		}
		if (value(s, depth + 1, sub, nsub, level + 1, false))
			return -1;
		switch (json_sep(&s->p, s->end, '}')) {
		case 1:
			continue;
		case 0:
			return 0;
		}
		return fail(s, MON_SCAN_REJECT);
	}
}

static int array(struct scan *s, int depth, const int *cand, int ncand,
		 int level)
{
	int feat_t = -1;

	for (int i = 0; i < ncand; i++) {
		int t = cand[i];

		if (s->r->tgt_path[t]->nseg > level)
			return fail(s, MON_SCAN_UNSURE); /* a path into it */
		if (t == MF_FEATURES)
			feat_t = t;
	}
	hit(s, cand, ncand, level, MJ_OTHER, 0, NULL, 0);
	if (feat_t >= 0) {
		s->jv[feat_t].kind = MJ_ARRAY;
		s->jv[feat_t].n = 0;
		s->jv[feat_t].bad = false;
	}
	if (!json_open(&s->p, s->end, ']'))
		return 0;
	for (;;) {
		if (value(s, depth + 1, NULL, 0, level + 1, feat_t >= 0))
			return -1;
		if (feat_t >= 0)
			s->jv[feat_t].n++;
		switch (json_sep(&s->p, s->end, ']')) {
		case 1:
			continue;
		case 0:
			return 0;
		}
		return fail(s, MON_SCAN_REJECT);
	}
}

static int value(struct scan *s, int depth, const int *cand, int ncand,
		 int level, bool felem)
{
	const char *str;
	size_t len;
	double v = 0;

	if (depth > SCAN_DEPTH)
		return fail(s, MON_SCAN_UNSURE);
	ws(s);
	if (s->p >= s->end)
		return fail(s, MON_SCAN_REJECT);
	switch (*s->p) {
	case '{':
		if (felem)
			s->jv[MF_FEATURES].bad = true;
		hit(s, cand, ncand, level, MJ_OTHER, 0, NULL, 0);
		return object(s, depth, cand, ncand, level);
	case '[':
		if (felem)
			s->jv[MF_FEATURES].bad = true;
		return array(s, depth, cand, ncand, level);
	case '"':
		if (string(s, &str, &len))
			return -1;
		if (felem)
			s->jv[MF_FEATURES].bad = true;
		hit(s, cand, ncand, level, MJ_STR, 0, str, len);
		return 0;
	case 't':
	case 'f': {
		bool t = *s->p == 't';

		if (literal(s, t ? "true" : "false", t ? 4 : 5))
			return -1;
		if (felem)
			s->jv[MF_FEATURES].bad = true;
		hit(s, cand, ncand, level, MJ_BOOL, t, NULL, 0);
		return 0;
	}
	case 'n':
		if (literal(s, "null", 4))
			return -1;
		if (felem)
			s->jv[MF_FEATURES].bad = true;
		hit(s, cand, ncand, level, MJ_NULL, 0, NULL, 0);
		return 0;
	default:
		if (number(s, &v))
			return -1;
		if (felem) {
			struct mon_jv *f = &s->jv[MF_FEATURES];

			if (f->n < AISEC_MONITOR_MAX_FEATURES)
				s->feat[f->n] = v;
		}
		hit(s, cand, ncand, level, MJ_NUM, v, NULL, 0);
		return 0;
	}
}

int mon_json_scan(struct mon_reader *r, const char *line, size_t len,
		  struct mon_jv *jv, double *feat)
{
	struct scan s = {r, jv, feat, line, line + len, MON_SCAN_ACCEPT};

	for (int i = 0; i < r->ntargets; i++)
		jv[r->tgt[i]].kind = MJ_ABSENT;
	ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return MON_SCAN_REJECT; /* not JSON, or not an object */
	if (object(&s, 1, r->tgt, r->ntargets, 0) == 0) {
		ws(&s);
		if (s.p != s.end)
			return MON_SCAN_REJECT;
	}
	return s.status;
}
