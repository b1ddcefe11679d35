/*
 * oipscan.c - the fast path of the answer reader for the common case: an
 * Open Inference Protocol v2 answer whose first fitting output holds the
 * n x k scores asked for.
 *
 * Why: building a jansson tree of every answer (hash tables, one
 * allocation per value) cost about 36,000 instructions per answer, more
 * than any other part of a query the probe owns (bench/probe.sh).  This
 * scanner checks the whole document against the JSON grammar in one pass
 * without allocating, rejecting duplicate keys as the full reader does,
 * and finds the output the full reader would pick.  It answers "not mine"
 * (0) for anything outside a strict subset - escapes or non-ASCII in
 * strings, deep nesting, many keys, integers jansson could not hold,
 * reals that overflow, non-numbers where scores should be - and the full
 * reader (answer.c) then decides, with its messages.  So the fast path
 * never accepts what the full reader refuses, and gives the same numbers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/num.h"
#include "core/jsonlex.h"
#include "core/numparse.h"
#include "probe/probe_int.h"

#define MAX_DEPTH 32
#define MAX_KEYS 32 /* per object, for the duplicate check */

struct scan {
	const char *p, *end;
	int depth;
};

struct span {
	const char *p; /* first byte of the value, or NULL */
	size_t len;
};

static void ws(struct scan *s)
{
	s->p = json_ws(s->p, s->end);
}

/* A string of printable ASCII without escapes; 0 when not. */
static int string(struct scan *s, struct span *out)
{
	const char *b = ++s->p;

	while (s->p < s->end && *s->p != '"') {
		if (*s->p < 0x20 || *s->p > 0x7e || *s->p == '\\')
			return 0;
		s->p++;
	}
	if (s->p == s->end)
		return 0;
	out->p = b;
	out->len = (size_t)(s->p++ - b);
	return 1;
}

/* A number token; integers jansson holds in a json_int_t, reals that do
 * not overflow (only an exponent or 300 digits can).  *integer says which;
 * the value is read later, for the scores only. */
static int number(struct scan *s, int *integer)
{
	const char *b = s->p;
	unsigned form;
	double v;

	if (!(s->p = num_parse(b, s->end, AISEC_NUM_JSON, NULL,
					&form)))
		return 0;
	*integer = form == 0;
	if (*integer)
		return s->p - b <= 18; /* fits a long long */
	if ((form & AISEC_NUM_EXPONENT) || s->p - b > 300) {
		num_parse(b, s->end, AISEC_NUM_JSON, &v, NULL);
		return !isinf(v);
	}
	return 1;
}

static int value(struct scan *s, struct span *out);

/* An object; the value of member `want` (if given) into *got. */
static int object(struct scan *s, const char *want, struct span *got)
{
	struct span keys[MAX_KEYS];
	size_t nk = 0;

	if (!json_open(&s->p, s->end, '}'))
		return 1;
	for (;;) {
		struct span key, v;

		if (s->p == s->end || *s->p != '"' || !string(s, &key) ||
		    nk == MAX_KEYS)
			return 0;
		for (size_t i = 0; i < nk; i++)
			if (keys[i].len == key.len &&
			    memcmp(keys[i].p, key.p, key.len) == 0)
				return 0; /* duplicate: the full reader says */
		keys[nk++] = key;
		ws(s);
		if (s->p == s->end || *s->p++ != ':')
			return 0;
		ws(s);
		if (!value(s, &v))
			return 0;
		if (want && strlen(want) == key.len &&
		    memcmp(want, key.p, key.len) == 0)
			*got = v;
		switch (json_sep(&s->p, s->end, '}')) {
		case 1:
			continue;
		case 0:
			return 1;
		}
		return 0;
	}
}

static int array(struct scan *s)
{
	struct span v;

	if (!json_open(&s->p, s->end, ']'))
		return 1;
	for (;;) {
		if (!value(s, &v))
			return 0;
		switch (json_sep(&s->p, s->end, ']')) {
		case 1:
			continue;
		case 0:
			return 1;
		}
		return 0;
	}
}

static int literal(struct scan *s, const char *word)
{
	size_t len = strlen(word);

	if ((size_t)(s->end - s->p) < len || memcmp(s->p, word, len) != 0)
		return 0;
	s->p += len;
	return 1;
}

static int value(struct scan *s, struct span *out)
{
	const char *b = s->p;
	int ok, integer;

	if (s->p == s->end || s->depth >= MAX_DEPTH)
		return 0;
	switch (*s->p) {
	case '{':
		s->depth++;
		ok = object(s, NULL, NULL);
		s->depth--;
		break;
	case '[':
		s->depth++;
		ok = array(s);
		s->depth--;
		break;
	case '"':
		ok = string(s, out);
		break;
	case 't':
		ok = literal(s, "true");
		break;
	case 'f':
		ok = literal(s, "false");
		break;
	case 'n':
		ok = literal(s, "null");
		break;
	default:
		ok = number(s, &integer);
	}
	out->p = b;
	out->len = (size_t)(s->p - b);
	return ok;
}

/* The next element of the (checked) array at *p: its span; 0 at the end. */
static int element(const char **p, const char *end, struct span *out)
{
	struct scan s = {*p, end, 0};

	ws(&s);
	if (*s.p == '[' || *s.p == ',')
		s.p++;
	ws(&s);
	if (*s.p == ']')
		return 0;
	value(&s, out);
	*p = s.p;
	return 1;
}

/* Dimension i of a (checked) shape value: an integer, else -1; and the
 * rank (0 when not an array). */
static long long dim(struct span shape, size_t i, size_t *rank)
{
	const char *p = shape.p, *end = shape.p + shape.len;
	struct span v;
	long long d = -1;
	size_t r = 0;

	if (!p || *p != '[') {
		*rank = 0;
		return -1;
	}
	while (element(&p, end, &v)) {
		int integer = v.p[0] == '-' || (v.p[0] >= '0' && v.p[0] <= '9');

		for (size_t j = 0; integer && j < v.len; j++)
			if (v.p[j] == '.' || v.p[j] == 'e' || v.p[j] == 'E')
				integer = 0;
		if (r++ == i && integer)
			d = strtoll(v.p, NULL, 10);
	}
	*rank = r;
	return d;
}

/* The members "shape" and "data" of a (checked) output object. */
static void members(struct span o, struct span *shape, struct span *data)
{
	struct scan s = {o.p, o.p + o.len, 0};

	shape->p = data->p = NULL;
	if (*o.p != '{')
		return;
	s.p++;
	for (;;) {
		struct span key, v;

		ws(&s);
		if (*s.p != '"')
			return;
		string(&s, &key);
		ws(&s);
		s.p++; /* ':' */
		ws(&s);
		value(&s, &v);
		if (key.len == 5 && memcmp(key.p, "shape", 5) == 0)
			*shape = v;
		else if (key.len == 4 && memcmp(key.p, "data", 4) == 0)
			*data = v;
		ws(&s);
		if (*s.p++ != ',')
			return;
	}
}

static size_t count(struct span arr)
{
	const char *p = arr.p;
	struct span v;
	size_t c = 0;

	while (element(&p, arr.p + arr.len, &v))
		c++;
	return c;
}

int probe_oip_scores_find(const char *body, size_t len, size_t n, size_t k,
			  const char **data)
{
	struct scan s = {body, body + len, 0};
	struct span outs = {NULL, 0}, o;
	const char *p;

	ws(&s);
	if (s.p == s.end || *s.p != '{' || !object(&s, "outputs", &outs))
		return 0;
	ws(&s);
	if (s.p != s.end || !outs.p || *outs.p != '[')
		return 0;
	p = outs.p;
	while (element(&p, outs.p + outs.len, &o)) {
		struct span shape, dat;
		size_t rank;
		long long d0, d1;

		members(o, &shape, &dat);
		if (!dat.p || *dat.p != '[')
			continue;
		d0 = dim(shape, 0, &rank);
		d1 = dim(shape, 1, &rank);
		if (rank == 2 && d0 == (long long)n && d1 == (long long)k &&
		    count(dat) == n * k) {
			*data = dat.p;
			return 1;
		}
	}
	return 0; /* no fitting output: the full reader names the shapes */
}

const char *probe_oip_number(const char *p, const char *end, double *v)
{
	struct scan s = {p, end, 0};
	unsigned form;
	const char *q;

	ws(&s);
	if (s.p < end && (*s.p == '[' || *s.p == ','))
		s.p++;
	ws(&s);
	if (!(q = num_parse(s.p, end, AISEC_NUM_JSON, v, &form)))
		return NULL;
	if (form == 0 && *v == 0)
		*v = 0; /* an integer: "-0" is 0, as strtoll reads it */
	return q;
}
