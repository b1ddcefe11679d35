/*
 * monitor_cli.h - what the files of `aisec monitor` share: one run's state
 * (the monitor, its outputs) and the replay, report and init steps.
 */
#ifndef AISEC_MONITOR_CLI_H
#define AISEC_MONITOR_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "aisec/aisec.h"
#include "aisec/monitor.h"

#define MON_MAX_ALERTS 100000
#define MON_MAX_POINTS 200000

struct mon_run {
	struct aisec_monitor_spec *spec;
	struct aisec_monitor *m;
	const char *system;
	const char *input;
	uint64_t lineno, warned;
	FILE *out; /* alert lines, or NULL */
	struct aisec_ledger *ledger;
	bool ledger_failed;
	struct aisec_error ledger_err;
	json_t *alerts; /* replay: every alert */
	json_t *series; /* replay: "detector/metric" -> points */
	size_t npoints;
};

/* Load the spec and make the monitor (quiet_out: no alert lines). */
int mon_open(struct mon_run *r, const char *spec_path, bool quiet_out);
void mon_close(struct mon_run *r);
/* Feed a file or stdin ("-" or NULL), optionally following it. */
int mon_read_input(struct mon_run *r, const char *path, bool follow,
		   double idle_exit);
int mon_replay(const char *spec, const char *file, const char *dir);
int mon_init(const char *profile, const char *output);
/* The self-contained HTML report of a replay's results. */
int mon_html(json_t *results, struct aisec_buf *out);

#endif
