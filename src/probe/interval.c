/*
 * interval.c - the confidence intervals the probes report, from the
 * monitor's distribution functions (monitor/stats.c cites their sources).
 */
#include "aisec/probe.h"
#include "monitor/stats.h"

void aisec_probe_clopper_pearson(uint64_t k, uint64_t n, double level,
				 double *lo, double *hi)
{
	aisec_stat_clopper_pearson(k, n, (1.0 - level) / 2, lo, hi);
}
