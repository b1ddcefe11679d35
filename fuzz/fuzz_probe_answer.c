/*
 * fuzz_probe_answer.c - libFuzzer harness for the parser of model server
 * answers (Open Inference Protocol v2, TF Serving, dotted-path template)
 * that `aisec probe` reads from untrusted targets.  The first byte picks
 * the protocol, output kind and batch size; the rest is the answer.  An
 * accepted answer must give in-range labels and finite scores.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "aisec/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *classes[] = {"cat", "dog", "bird"};
	static double lo[2] = {0, 0}, hi[2] = {1, 1};
	struct aisec_probe_spec s = {.model = "m",
				     .n_features = 2,
				     .lo = lo,
				     .hi = hi,
				     .n_classes = 3,
				     .classes = classes};
	struct aisec_error err;
	enum aisec_probe_protocol proto;
	int labels[4];
	double scores[12];
	size_t n;

	if (size < 1)
		return 0;
	proto = (enum aisec_probe_protocol)(data[0] & 3);
	s.output = (data[0] >> 2) & 1 ? AISEC_PROBE_OUT_SCORES
				      : AISEC_PROBE_OUT_LABELS;
	n = 1 + ((data[0] >> 3) & 3);
	if (aisec_probe_parse_answer(&s, proto, "a.predictions",
				     (const char *)data + 1, size - 1, n,
				     labels, scores, &err) != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (labels[i] < 0 || labels[i] >= 3)
			abort();
		for (size_t c = 0; s.output == AISEC_PROBE_OUT_SCORES && c < 3;
		     c++)
			if (!isfinite(scores[i * 3 + c]))
				abort();
	}
	return 0;
}
