/*
 * fuzz_monitor_fastpath.c - differential harness of the monitor's JSON
 * fast path (src/monitor/jsonscan.c) against jansson: every line of the
 * input is scanned by both, under two specs (nested dotted paths with an
 * array of features; a list of feature paths, one through an array).
 * When the fast path accepts a line, jansson must accept it and find the
 * same value at every field path (kind, number bit for bit, string bytes,
 * feature array); when it rejects one, jansson must reject it too.  Lines
 * it leaves to jansson (UNSURE) are only checked not to crash.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/monitor.h"
#include "monitor/monitor_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const specs[2] = {
    "system: fuzz\n"
    "classes: [a, b, c]\n"
    "fields: {time: t, client: u.id, id: id, predicted: p, label: l,\n"
    "         score: s.v.x, latency: lat, size: n, version: v,\n"
    "         features: x}\n"
    "accuracy: {window: 10, levels: [{metric: accuracy, min: 0.9}]}\n",
    "system: fuzz\n"
    "classes: [a, b]\n"
    "fields: {client: c, predicted: p, features: [f.a, f1, g.0]}\n"
    "prada: {delta: 0.9}\n"};

static struct mon_jv jv1[MON_MAX_TARGETS], jv2[MON_MAX_TARGETS];
static double feat1[AISEC_MONITOR_MAX_FEATURES],
    feat2[AISEC_MONITOR_MAX_FEATURES];

static void same(const struct mon_reader *r)
{
	for (int i = 0; i < r->ntargets; i++) {
		int t = r->tgt[i];
		const struct mon_jv *a = &jv1[t], *b = &jv2[t];

		if (a->kind != b->kind)
			abort();
		switch (a->kind) {
		case MJ_NUM:
		case MJ_BOOL:
			if (memcmp(&a->num, &b->num, sizeof a->num) != 0)
				abort();
			break;
		case MJ_STR:
			if (a->len != b->len ||
			    memcmp(a->str, b->str, a->len) != 0)
				abort();
			break;
		case MJ_ARRAY:
			if (a->n != b->n || a->bad != b->bad)
				abort();
			if (!a->bad)
				for (uint32_t k = 0;
				     k < a->n && k < AISEC_MONITOR_MAX_FEATURES;
				     k++)
					if (memcmp(&feat1[k], &feat2[k],
						   sizeof(double)) != 0)
						abort();
			break;
		default:
			break;
		}
	}
}

static void check(struct mon_reader *r, const char *line, size_t len)
{
	struct aisec_error err;
	json_t *root = NULL;
	int fs, ts;

	aisec_error_clear(&err);
	fs = mon_json_scan(r, line, len, jv1, feat1);
	ts = mon_json_tree(r, line, len, 1, jv2, feat2, &root, &err);
	if (fs == MON_SCAN_ACCEPT) {
		if (ts != MON_SCAN_ACCEPT)
			abort();
		same(r);
	} else if (fs == MON_SCAN_REJECT && ts != MON_SCAN_REJECT)
		abort();
	json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct aisec_monitor_spec *spec[2];
	static struct mon_reader rd[2];
	const char *p = (const char *)data, *end = p + size;

	if (!spec[0]) {
		struct aisec_error err;

		for (int i = 0; i < 2; i++)
			if (aisec_monitor_spec_parse("fast.yaml", specs[i],
						     strlen(specs[i]), NULL,
						     &spec[i], &err) ||
			    mon_reader_init(&rd[i], spec[i], &err))
				abort();
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		for (int i = 0; i < 2; i++)
			check(&rd[i], p, len);
		p += len + 1;
	}
	return 0;
}
