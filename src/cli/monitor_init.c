/*
 * monitor_init.c - `aisec monitor init --from-assessment PROFILE`: draft a
 * monitor spec from a system profile.  The profile is checked with the
 * library's parser first; then its facts choose the detectors: query
 * access from outside (public or partner API, public app) adds PRADA and
 * sponge detection, continuous learning adds the poisoning signals, and
 * the declared accuracy levels (monitoring.levels in the profile, when
 * given) become the accuracy section.  The draft names the fields it cannot
 * know (field paths, reference data) for the provider to fill in, and
 * `aisec monitor check` refuses it until they are.
 */
#include <errno.h>
#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aisec/assess.h"
#include "cli/cli.h"
#include "cli/monitor_cli.h"
#include "core/core.h"

static char *get(struct fy_node *root, const char *a, const char *b)
{
	struct fy_node *n = aisec_yaml_get(root, a);

	return n && fy_node_is_mapping(n) ? aisec_yaml_str(n, b) : NULL;
}

int mon_init(const char *profile, const char *output)
{
	struct aisec_profile *p = NULL;
	struct aisec_error err;
	struct aisec_buf text, spec;
	struct fy_document *doc = NULL;
	struct fy_node *root;
	char *name = NULL, *exposure = NULL, *learning = NULL;
	bool external, cl;
	FILE *f;
	int rc = CLI_ERROR;

	aisec_error_clear(&err);
	aisec_buf_init(&text, 16u << 20);
	aisec_buf_init(&spec, 0);
	if (aisec_profile_load(profile, &p, &err) ||
	    aisec_file_read(profile, &text, &err) ||
	    !(doc = aisec_yaml_parse(profile, text.data, text.len, &err))) {
		rc = cli_error_from(&err);
		goto out;
	}
	root = fy_document_root(doc);
	name = get(root, "system", "name");
	exposure = get(root, "deployment", "exposure");
	learning = get(root, "ml", "continuous_learning");
	external = exposure && (strcmp(exposure, "public_api") == 0 ||
				strcmp(exposure, "public_app") == 0 ||
				strcmp(exposure, "partner") == 0);
	cl = learning &&
	     (strcmp(learning, "true") == 0 || strcmp(learning, "yes") == 0);
	aisec_buf_addf(
	    &spec,
	    "# monitor spec drafted by `aisec monitor init` from '%s'.\n"
	    "# Fill in the field paths of your prediction log, the declared\n"
	    "# levels of the instructions for use (Art. 13(3)(b)(ii)) and the\n"
	    "# reference data set, then run `aisec monitor check` on it.\n"
	    "system: \"%s\"\n"
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
	    "reference: reference.csv        # baseline events (validation "
	    "set)\n"
	    "accuracy:\n"
	    "  alpha: 0.01\n"
	    "  horizon: 1000000\n"
	    "  window: 1000\n"
	    "  bound: clopper-pearson\n"
	    "  levels:                       # the declared levels\n"
	    "    - {metric: accuracy, min: 0.95}\n"
	    "drift:\n"
	    "  alpha: 0.01\n"
	    "  window: 5000\n",
	    profile, name ? name : "unnamed");
	if (external)
		aisec_buf_addf(
		    &spec,
		    "# deployment.exposure '%s': clients query the model, "
		    "so watch for\n# model extraction (PRADA) and sponge "
		    "inputs per client\n"
		    "prada:\n  delta: 0.9\n  max_clients: 1024\n"
		    "sponge:\n  quantile: 0.999\n  window: 100\n",
		    exposure);
	if (cl)
		aisec_buf_adds(&spec,
			       "# ml.continuous_learning: the feedback stream "
			       "can be poisoned\n"
			       "poisoning:\n  window: 1000\n"
			       "  max_client_share: 0.2\n");
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
	free(name);
	free(exposure);
	free(learning);
	if (doc)
		fy_document_destroy(doc);
	aisec_profile_free(p);
	aisec_buf_release(&text);
	aisec_buf_release(&spec);
	return rc;
}
