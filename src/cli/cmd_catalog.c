/*
 * cmd_catalog.c - `aisec catalog SUBCOMMAND`: the subcommand table and the
 * options they all share.  The subcommands live in catalog_*.c; adding one
 * (say `export`) is one line in the table below and its prototype in
 * cli/catalog.h.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/catalog.h"

const char cli_catalog_usage[] =
	"usage: aisec catalog SUBCOMMAND [OPTIONS]\n"
	"\n"
	"Query the knowledge base: the standards of the ENISA report \"Cybersecurity of\n"
	"AI and Standardisation\" (2023) and those published since, the AI Act\n"
	"requirements, the AI-specific threats, the gaps and the recommendations.\n"
	"\n"
	"subcommands:\n"
	"  standards [FILTERS]       the standards and deliverables\n"
	"      --body BODY           ISO/IEC, CEN-CENELEC, ETSI, NIST, ...\n"
	"      --status STAGE        status now: published, dis, enquiry, ... or 'draft'\n"
	"      --requirement ID      covers this AI Act requirement (e.g. record_keeping)\n"
	"      --goal GOAL           serves confidentiality, integrity or availability\n"
	"      --threat ID           addresses this threat (e.g. evasion)\n"
	"      --ai-specific         only AI-specific ones (--general: only the others)\n"
	"      --search TEXT         TEXT in the id, reference, title or description\n"
	"      --added               only deliverables added after the report\n"
	"  requirements              the AI Act requirements (both numberings)\n"
	"  threats                   the threats of Table 1 and their conditions\n"
	"  characteristics           the trustworthiness characteristics\n"
	"  gaps                      the standardisation gaps of sections 4 and 5\n"
	"  recommendations           recommendations 1 to 8\n"
	"  controls                  controls that mitigate threats\n"
	"  show ID [--explain]       one entry of any kind (an id, a reference or an\n"
	"                            alias); --explain: the source of every statement\n"
	"  matrix --annex A.1|A.2|A.3|A.4\n"
	"                            the report's annex table, exactly\n"
	"  matrix --by requirement|goal|threat\n"
	"                            coverage today across all standards\n"
	"  changes [--only KIND]     what changed since the report, standard by standard\n"
	"                            (KIND: added, published, in-progress, withdrawn,\n"
	"                            revised, unchanged, unknown)\n"
	"  validate [DIR] [--strict] check a knowledge-base copy: unique ids, references\n"
	"                            that resolve, a source on every entry; --strict also\n"
	"                            fails on stale statuses, non-public citations and\n"
	"                            coverage claimed by a 'describes' link\n"
	"  export --format F [-o FILE]  the whole knowledge base: oscal-catalog,\n"
	"                            oscal-mapping, json or csv (coverage links)\n"
	"  init DIR                  write an editable copy of the built-in knowledge\n"
	"                            base to DIR, to change and use with --catalog DIR\n"
	"\n"
	"options of every subcommand:\n"
	"  --catalog DIR             read the knowledge base from DIR instead of the copy\n"
	"                            built into aisec (also: AISEC_CATALOG=DIR)\n"
	"  --format table|json|csv|md  output format (default table)\n"
	"\n"
	"Ids compare case-insensitively with '-' and '_' alike (record-keeping is\n"
	"record_keeping); an unknown id, body, stage or goal is a usage error that\n"
	"names the nearest known ones.\n"
	"\n"
	"exit codes: 0 ok, 1 invalid (validate), 2 usage (an unknown id too), 3 error.\n"
	"See docs/catalog.md and docs/catalog-format.md.\n";

const struct cli_catalog_sub cli_catalog_subs[] = {
	{"standards", "the standards and deliverables", cli_catalog_standards},
	{"requirements", "the AI Act requirements", cli_catalog_listing},
	{"threats", "the threats", cli_catalog_listing},
	{"characteristics", "the trustworthiness characteristics", cli_catalog_listing},
	{"gaps", "the standardisation gaps", cli_catalog_listing},
	{"recommendations", "the report's recommendations", cli_catalog_listing},
	{"controls", "controls that mitigate threats", cli_catalog_listing},
	{"show", "one entry, with --explain the source of each statement", cli_catalog_show},
	{"matrix", "the annex matrices and today's coverage", cli_catalog_matrix},
	{"changes", "what changed since the report", cli_catalog_changes},
	{"validate", "check a knowledge-base copy", cli_catalog_validate},
	{"export", "the whole knowledge base for other tools", cli_catalog_export},
	{"init", "an editable copy of the knowledge base", cli_catalog_init},
	{NULL, NULL, NULL}
};

void cli_catalog_opts_init(struct cli_catalog_opts *o)
{
	const char *env = getenv("AISEC_CATALOG");

	o->dir = env && env[0] ? env : NULL;
	o->fmt = CLI_FMT_TABLE;
}

int cli_catalog_opt(struct cli_catalog_opts *o, int code, char **argv, const char *sub)
{
	switch (code) {
	case CLI_CATALOG_OPT_CATALOG:
		o->dir = optarg;
		return 0;
	case CLI_CATALOG_OPT_FORMAT:
		if (cli_parse_format(optarg, &o->fmt) != 0)
			return cli_usage("catalog", "%s: unknown format '%s' (table, json, csv, md)",
					 sub, optarg);
		return 0;
	default:
		return cli_bad_option("catalog", sub, code, argv);
	}
}

/*
 * Options before the subcommand ("aisec catalog --catalog DIR standards")
 * work as after it: move the subcommand to the front, the options behind it.
 * Returns the subcommand's index in argv, or 0 when there is none.
 */
static int hoist_subcommand(int argc, char **argv)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
		bool valued = (strcmp(argv[i], "--catalog") == 0 || strcmp(argv[i], "--format") == 0);

		i += valued ? 2 : 1;
	}
	if (i >= argc || argv[i][0] == '-')
		return 0;
	for (char *sub = argv[i]; i > 1; i--)
		argv[i] = argv[i - 1], argv[i - 1] = sub;
	return 1;
}

int cmd_catalog(int argc, char **argv)
{
	if (argc < 2 || !hoist_subcommand(argc, argv))
		return cli_usage("catalog", "which subcommand? (standards, show, matrix, ...)");
	for (const struct cli_catalog_sub *s = cli_catalog_subs; s->name; s++) {
		if (strcmp(s->name, argv[1]) == 0) {
			optind = 0; /* GNU getopt: start afresh for the subcommand */
			opterr = 0; /* cli_bad_option says what was wrong */
			return s->run(argc - 1, argv + 1);
		}
	}
	return cli_usage("catalog", "'%s' is not a catalog subcommand", argv[1]);
}
