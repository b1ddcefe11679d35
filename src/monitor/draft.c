/*
 * draft.c - a first monitor spec for the system a profile describes
 * (`aisec monitor init --from-assessment`).  The profile's facts choose the
 * detectors: query access from outside (public or partner API, public app)
 * adds PRADA and sponge detection, continuous learning adds the poisoning
 * signals; drift and accuracy are always there.  What a profile cannot say
 * (field paths of the prediction log, class names, the declared levels of
 * the instructions for use, the reference data set) is written as a
 * placeholder for the provider to replace.  The draft is in the format
 * spec.c reads, so that it parses once the reference file exists.
 */
#include <string.h>

#include "aisec/assess.h"
#include "core/core.h"
#include "monitor/monitor_int.h"

/*
 * `s` as a YAML double-quoted scalar: quote and backslash escaped, control
 * bytes as \xNN, so that no system name can end the string or the line.
 */
static int add_quoted(struct aisec_buf *b, const char *s)
{
	int rc = aisec_buf_addch(b, '"');

	for (; !rc && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			rc = aisec_buf_addch(b, '\\') ?: aisec_buf_addch(b, c);
		else if (c < 0x20 || c == 0x7f)
			rc = aisec_buf_addf(b, "\\x%02x", c);
		else
			rc = aisec_buf_addch(b, c);
	}
	return rc ?: aisec_buf_addch(b, '"');
}

static bool queried_from_outside(const char *exposure)
{
	return exposure && (strcmp(exposure, "public_api") == 0 ||
			    strcmp(exposure, "public_app") == 0 ||
			    strcmp(exposure, "partner") == 0);
}

int aisec_monitor_spec_draft(const struct aisec_profile *profile,
			     const char *source, struct aisec_buf *out,
			     struct aisec_error *err)
{
	const char *name = aisec_profile_value(profile, "system.name");
	const char *exposure = aisec_profile_value(profile, "deployment.exposure");
	const char *learning =
	    aisec_profile_value(profile, "ml.continuous_learning");
	int rc;

	rc = aisec_buf_adds(out, "# monitor spec drafted by `aisec monitor init`");
	if (!rc && source)
		rc = aisec_buf_adds(out, " from ") ?: add_quoted(out, source);
	rc = rc ?: aisec_buf_adds(
		 out,
		 ".\n"
		 "# Fill in the field paths of your prediction log, the declared\n"
		 "# levels of the instructions for use (Art. 13(3)(b)(ii)) and the\n"
		 "# reference data set, then run `aisec monitor check` on it.\n"
		 "system: ");
	rc = rc ?: add_quoted(out, name ? name : "unnamed");
	rc = rc ?: aisec_buf_adds(
		 out,
		 "\n"
		 "format: jsonl\n"
		 "classes: [negative, positive]   # your class names, in order\n"
		 "fields:\n"
		 "  time: time\n"
		 "  client: client\n"
		 "  id: id\n"
		 "  predicted: predicted\n"
		 "  label: label\n"
		 "  score: score\n"
		 "  latency: latency\n"
		 "  features: features\n"
		 "reference: reference.csv        # baseline events (validation set)\n"
		 "accuracy:\n"
		 "  alpha: 0.01\n"
		 "  horizon: 1000000\n"
		 "  window: 1000\n"
		 "  bound: clopper-pearson\n"
		 "  levels:                       # the declared levels\n"
		 "    - {metric: accuracy, min: 0.95}\n"
		 "drift:\n"
		 "  alpha: 0.01\n"
		 "  window: 5000\n");
	/* exposure is one of the schema's choices: no quoting needed */
	if (!rc && queried_from_outside(exposure))
		rc = aisec_buf_addf(
		    out,
		    "# deployment.exposure '%s': clients query the model, so watch "
		    "for\n# model extraction (PRADA) and sponge inputs per client\n"
		    "prada:\n  delta: 0.9\n  max_clients: 1024\n"
		    "sponge:\n  quantile: 0.999\n  window: 100\n",
		    exposure);
	if (!rc && learning && strcmp(learning, "true") == 0)
		rc = aisec_buf_adds(out,
				    "# ml.continuous_learning: the feedback stream "
				    "can be poisoned\n"
				    "poisoning:\n  window: 1000\n"
				    "  max_client_share: 0.2\n");
	if (rc)
		aisec_error_set(err, rc, "monitor spec draft: %s",
				rc == AISEC_ERR_LIMIT ? "output limit reached"
						      : "out of memory");
	return rc;
}
