/*
 * evasion.c - what both evasion attacks (score-based in evasion_score.c,
 * decision-based in evasion_hsja.c) do around each input: ask the target
 * for its label first (a budget of 0 queries per input is a usage error),
 * run the attack from there, and record the label, the smallest
 * perturbation found and the queries spent.
 */
#include <math.h>
#include <stdlib.h>

#include "probe/probe_int.h"

int probe_evasion_each(struct aisec_probe_target *t, const double *x,
		       size_t n, const struct probe_evasion_ops *ops,
		       struct aisec_probe_evasion_result *res,
		       struct aisec_error *err)
{
	size_t d = t->spec->n_features;
	int ret = 0;

	res->dist = calloc(n ? n : 1, sizeof(double));
	res->queries = calloc(n ? n : 1, sizeof(uint64_t));
	res->label = calloc(n ? n : 1, sizeof(int));
	if (!res->dist || !res->queries || !res->label)
		return aisec_error_set(err, AISEC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		uint64_t before = t->used;

		if ((ret = ops->start(ops->ctx, x + i * d, &res->label[i],
				      err)) != 0) {
			if (ret == 1)
				ret = aisec_error_set(
				    err, AISEC_ERR_USAGE,
				    "evasion: a budget of 0 queries per input");
			break;
		}
		ret = ops->attack(ops->ctx, x + i * d, &res->dist[i], err);
		res->queries[i] = t->used - before;
		if (ret != 0)
			break;
		res->found += isfinite(res->dist[i]);
		res->n = i + 1;
	}
	return ret;
}
