/*
 * probe_cli.h - what the `aisec probe` files share besides cmd_probe.c:
 * the results JSON of the fuzzing and latency probes, the generic metrics
 * and curves every probe adds, the ledger record, and `probe report`.
 */
#ifndef AISEC_PROBE_CLI_H
#define AISEC_PROBE_CLI_H

#include <jansson.h>

#include "aisec/probe.h"

/* `result`, `metrics` and `curves` of the fuzz probe, added to doc. */
void probe_fuzz_json(json_t *doc, const struct aisec_probe_fuzz_result *r);
/* The same for the latency probe. */
void probe_latency_json(json_t *doc, const struct aisec_probe_latency_result *r,
			unsigned concurrency);
/* Generic metrics/curves of the extraction and evasion results (from the
 * `result` member already in doc). */
void probe_extract_metrics(json_t *doc);
void probe_evasion_metrics(json_t *doc);

/* A metric object (interval omitted); label is copied. */
json_t *probe_metric(const char *id, const char *label, double value,
		     const char *unit, int higher_is_better);

/*
 * Append the results document `doc` as written to `path` (NULL: stdout)
 * to the ledger in `dir` (created when missing): one entry with the
 * results' SHA-256 and a summary (probe, target digest, seed, queries,
 * complete, metrics).  CLI_OK or CLI_ERROR after a message.
 */
int probe_ledger_append(const char *dir, json_t *doc, const char *path);

/* "sha256:<hex>" of p[len]. */
void probe_sha256_bytes(const void *p, size_t len,
			char out[AISEC_PROBE_DIGEST_LEN]);
/* The current time in RFC 3339 UTC (SOURCE_DATE_EPOCH when set, for
 * reproducible results). */
void probe_now_utc(char out[32]);

/* `aisec probe report RESULTS.json... --format md|html|json [-o FILE]` */
int probe_report(int argc, char **argv);

#endif
