/* cmd_help.c - `aisec help [COMMAND]` and `aisec version`. */
#include <stdio.h>
#include <string.h>

#include "aisec/catalog.h"
#include "cli/cli.h"

int cli_help(const char *name)
{
	const struct cli_command *c = cli_find_command(name);

	if (!c)
		return cli_usage("help", "'%s' is not a command", name);
	fputs(c->usage, stdout);
	return CLI_OK;
}

int cmd_help(int argc, char **argv)
{
	if (argc >= 2)
		return cli_help(argv[1]);
	printf("usage: aisec COMMAND [ARGS]\n\n"
	       "aisec - cybersecurity of AI systems: the standards and AI Act\n"
	       "requirements that apply, the threats, the risks and the gaps, and\n"
	       "the evidence (lineage, tamper-evident logs) that shows it.\n\n"
	       "commands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		printf("  %-12s %s\n", c->name, c->summary);
	printf("\n'aisec help COMMAND' or 'aisec COMMAND --help' shows a command's options.\n"
	       "exit codes: 0 ok, 1 negative result, 2 usage error, 3 error.\n"
	       "Knowledge base after ENISA, \"Cybersecurity of AI and Standardisation\" (2023), CC BY 4.0.\n");
	return CLI_OK;
}

int cmd_version(int argc, char **argv)
{
	/* only catalog.yaml is read: the rest of the knowledge base is skipped */
	struct aisec_catalog *cat = cli_catalog_load(NULL, AISEC_CATALOG_META);
	const struct aisec_catalog_meta *m;

	printf("aisec %s\n", aisec_version());
	if (!cat)
		return CLI_ERROR;
	m = aisec_catalog_meta(cat);
	printf("knowledge base %s (as of %s)\n", m->version ? m->version : "?",
	       m->as_of ? m->as_of : "?");
	aisec_catalog_free(cat);
	return CLI_OK;
}
