/*
 * fuzz_monitor_event.c - the monitor's event reader: the input is split
 * into lines and fed to a monitor whose spec uses every field kind (dotted
 * paths, array features, late labels by id, clients); an input whose first
 * byte is 'C' is read as CSV (first line the header) instead of JSON lines.
 * Malformed lines must be refused with an error, never crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char json_spec[] =
	"system: fuzz\n"
	"classes: [a, b, c]\n"
	"nfeatures: 3\n"
	"join_window: 8\n"
	"fields: {time: t, client: u.id, id: id, predicted: p, label: l,\n"
	"         score: s, latency: lat, size: n, features: x}\n"
	"accuracy:\n  window: 10\n  horizon: 100\n"
	"  levels: [{metric: accuracy, min: 0.9}, {metric: fpr, class: b, max: 0.1}]\n"
	"prada: {delta: 0.9, max_clients: 2, max_queries_per_class: 4,\n"
	"        max_distances: 30, min_distances: 3, every: 1}\n";
static const char csv_spec[] =
	"system: fuzz\n"
	"format: csv\n"
	"classes: [a, b]\n"
	"fields: {time: t, client: u, predicted: p, label: l, features: [f1, f2]}\n"
	"accuracy:\n  window: 10\n  horizon: 100\n"
	"  levels: [{metric: recall, class: a, min: 0.5}]\n"
	"prada: {delta: 0.9, max_clients: 2, max_distances: 30, min_distances: 3,"
	" every: 1}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct aisec_monitor_spec *js, *cs;
	struct aisec_monitor *m;
	struct aisec_error err;
	const char *p = (const char *)data, *end = p + size;
	uint64_t lineno = 0;
	bool csv = size && data[0] == 'C';

	if (!js) {
		if (aisec_monitor_spec_parse("json.yaml", json_spec,
					     strlen(json_spec), NULL, &js, &err) ||
		    aisec_monitor_spec_parse("csv.yaml", csv_spec,
					     strlen(csv_spec), NULL, &cs, &err))
			abort();
	}
	m = aisec_monitor_new(csv ? cs : js, NULL, &err);
	if (!m)
		abort();
	if (csv) {
		p++;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int rc = aisec_monitor_feed_line(m, p, len, ++lineno, &err);

		if (rc < 0 && err.msg[0] == 0)
			abort(); /* a refusal always says why */
		err.msg[0] = 0;
		p = nl ? nl + 1 : end;
	}
	aisec_monitor_free(m);
	return 0;
}
