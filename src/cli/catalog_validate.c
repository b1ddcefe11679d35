/*
 * catalog_validate.c - `aisec catalog validate [DIR]`: load a knowledge
 * base without giving up at the first problem (a file that does not parse,
 * an entry with a bad field, a broken reference) and list every problem
 * with its file, line and field.  Exit 1 when there is any.  --strict adds
 * the checks of aisec_catalog_validate_strict() (current statuses checked
 * within 12 months of the catalog's as_of, public citations, no coverage
 * claimed by a link that only describes its target).
 */
#include <getopt.h>
#include <stdlib.h>

#include "aisec/assess.h"
#include "cli/catalog.h"

static void print_problem(void *ctx, const char *msg)
{
	(void)ctx;
	printf("%s\n", msg);
}

int cli_catalog_validate(int argc, char **argv)
{
	enum { O_STRICT = 1 };
	static const struct option longopts[] = {
		CLI_CATALOG_LONGOPTS, {"strict", no_argument, NULL, O_STRICT}, {NULL, 0, NULL, 0}};
	bool strict = false;
	struct cli_catalog_opts o;
	struct aisec_catalog *cat;
	struct aisec_error err;
	const char *what;
	size_t problems, nrules, ns, nr, nt, nl;
	int c, rc;

	cli_catalog_opts_init(&o);
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == O_STRICT)
			strict = true;
		else if ((rc = cli_catalog_opt(&o, c, argv, "validate")) != 0)
			return rc;
	}
	if (argc - optind > 1)
		return cli_usage("catalog", "validate: give at most one DIR");
	if (optind < argc)
		o.dir = argv[optind];
	if (o.dir)
		cat = aisec_catalog_load_dir_opts(o.dir, AISEC_CATALOG_UNCHECKED, &err);
	else
		cat = aisec_catalog_load_embedded_opts(AISEC_CATALOG_UNCHECKED, &err);
	what = o.dir ? o.dir : "built-in";
	if (!cat) /* unchecked: only a system error stops the load */
		return cli_error_from(&err);
	/* every problem of every file, then the cross references */
	problems = aisec_catalog_validate(cat, print_problem, NULL);
	/* the rule documents (ai-act.yaml, tvra.yaml) through the very code
	 * that loads them for an assessment: what validates loads */
	if (aisec_assessor_validate(cat, print_problem, NULL, &nrules, &err) != 0) {
		aisec_catalog_free(cat);
		return cli_error_from(&err);
	}
	problems += nrules;
	if (strict)
		problems += aisec_catalog_validate_strict(cat, print_problem, NULL);
	if (problems) {
		fprintf(stderr, "aisec: catalog '%s': %zu problem%s\n", what, problems,
			problems == 1 ? "" : "s");
		aisec_catalog_free(cat);
		return CLI_NEGATIVE;
	}
	aisec_catalog_standards(cat, &ns);
	aisec_catalog_requirements(cat, &nr);
	aisec_catalog_threats(cat, &nt);
	aisec_catalog_links(cat, &nl);
	printf("catalog '%s' is valid%s: %zu standards, %zu requirements, %zu threats, %zu links\n",
	       what, strict ? " (strict)" : "", ns, nr, nt, nl);
	aisec_catalog_free(cat);
	return CLI_OK;
}
