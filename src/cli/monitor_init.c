/*
 * monitor_init.c - `aisec monitor init --from-assessment PROFILE`: draft a
 * monitor spec from a system profile.  The profile is checked with the
 * library's parser, aisec_monitor_spec_draft() writes the draft (which
 * detectors the profile's facts call for, placeholders for what it cannot
 * know), and this file only puts it on stdout or in a new file: `aisec
 * monitor check` refuses the draft until the placeholders are filled in.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "aisec/assess.h"
#include "cli/cli.h"
#include "cli/monitor_cli.h"

int mon_init(const char *profile, const char *output)
{
	struct aisec_profile *p = NULL;
	struct aisec_error err;
	struct aisec_buf spec;
	FILE *f;
	int rc = CLI_ERROR;

	aisec_error_clear(&err);
	aisec_buf_init(&spec, 0);
	if (aisec_profile_load(profile, &p, &err) ||
	    aisec_monitor_spec_draft(p, profile, &spec, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (!output || strcmp(output, "-") == 0) {
		fputs(spec.data, stdout);
		rc = CLI_OK;
		goto out;
	}
	f = fopen(output, "wx");
	if (!f) {
		rc = cli_error("cannot create '%s': %s", output,
			       strerror(errno));
		goto out;
	}
	fputs(spec.data, f);
	rc = fclose(f) ? cli_error("cannot write '%s'", output) : CLI_OK;
out:
	aisec_profile_free(p);
	aisec_buf_release(&spec);
	return rc;
}
