/* cmd_help.c - `aisec help [COMMAND]` and `aisec version`. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aisec/catalog.h"
#include "cli/cli.h"

/* Help fits 80 columns (or a narrower terminal): long lines are wrapped. */
static int help_width(void)
{
	int w = cli_term_width();

	return w > 0 && w < 80 ? w : 80;
}

int cli_help(const char *name)
{
	const struct cli_command *c = cli_find_command(name);
	struct cli_capture cap;

	if (!c)
		return cli_usage("help", "'%s' is not a command", name);
	cli_capture_begin(&cap, help_width());
	fputs(c->usage, stdout);
	return cli_capture_end(&cap) == 0 ? CLI_OK : CLI_ERROR;
}

/* Indentation of a line (spaces), or -1 for an empty line. */
static int indent_of(const char *line, const char *end)
{
	const char *p = line;

	while (p < end && *p == ' ')
		p++;
	return p == end ? -1 : (int)(p - line);
}

/* True when the line (indent 2) names subcommand `sub` first. */
static bool names_sub(const char *line, const char *end, const char *sub)
{
	size_t n = strlen(sub);

	return end - line > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ' &&
	       (size_t)(end - line - 2) >= n && strncmp(line + 2, sub, n) == 0 &&
	       (line + 2 + n == end || line[2 + n] == ' ');
}

/*
 * Print the part of a command's usage text that is about one subcommand: its
 * entries (a line "  SUB ..." and the lines indented under it), then the
 * paragraphs every subcommand shares (options of every subcommand, exit codes).
 * Returns false, printing nothing, when the text has no entry for SUB.
 */
static bool print_sub_usage(const struct cli_command *c, const char *sub)
{
	const char *text = c->usage, *line, *end;
	bool found = false, in_entry = false, in_common = false;

	for (line = text; *line; line = *end ? end + 1 : end) {
		int ind;

		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		ind = indent_of(line, end);
		if (ind == 2 && names_sub(line, end, sub)) {
			printf("%s aisec %s %.*s\n", found ? "      " : "usage:", c->name,
			       (int)(end - line - 2), line + 2);
			found = in_entry = true;
		} else if (in_entry && ind > 2) {
			printf("%.*s\n", (int)(end - line), line);
		} else {
			in_entry = false;
		}
	}
	if (!found)
		return false;
	/* the shared paragraphs: "options ..." blocks and the closing lines */
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (indent_of(line, end) == 0 &&
		    (strncmp(line, "options", 7) == 0 || strncasecmp(line, "exit codes", 10) == 0))
			in_common = true, putchar('\n');
		else if (indent_of(line, end) < 0)
			in_common = false;
		if (in_common)
			printf("%.*s\n", (int)(end - line), line);
	}
	return true;
}

int cli_help_sub(const char *name, const char *sub)
{
	const struct cli_command *c = cli_find_command(name);
	struct cli_capture cap;

	if (!c)
		return cli_usage("help", "'%s' is not a command", name);
	cli_capture_begin(&cap, help_width());
	if (!sub || !print_sub_usage(c, sub))
		fputs(c->usage, stdout);
	return cli_capture_end(&cap) == 0 ? CLI_OK : CLI_ERROR;
}

int cmd_help(int argc, char **argv)
{
	if (argc >= 3)
		return cli_help_sub(argv[1], argv[2]);
	struct cli_capture cap;

	if (argc >= 2)
		return cli_help(argv[1]);
	cli_capture_begin(&cap, help_width());
	printf("usage: aisec COMMAND [ARGS]\n\n"
	       "aisec - cybersecurity of AI systems: the standards and AI Act\n"
	       "requirements that apply, the threats, the risks and the gaps, and\n"
	       "the evidence (lineage, tamper-evident logs) that shows it.\n\n"
	       "commands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		printf("  %-12s %s\n", c->name, c->summary);
	printf("\n'aisec help COMMAND' or 'aisec COMMAND --help' shows a command's options.\n"
	       "exit codes: 0 ok, 1 negative result, 2 usage error, 3 error.\n"
	       "Knowledge base after ENISA, \"Cybersecurity of AI and Standardisation\"\n"
	       "(2023), CC BY 4.0.\n");
	return cli_capture_end(&cap) == 0 ? CLI_OK : CLI_ERROR;
}

int cmd_version(int argc, char **argv)
{
	/* only catalog.yaml is read: the rest of the knowledge base is skipped */
	struct aisec_catalog *cat;
	const struct aisec_catalog_meta *m;

	if (argc > 1)
		return cli_usage("version", "unexpected argument '%s'", argv[1]);
	cat = cli_catalog_load(NULL, AISEC_CATALOG_META);
	printf("aisec %s\n", aisec_version());
	if (!cat)
		return CLI_ERROR;
	m = aisec_catalog_meta(cat);
	printf("knowledge base %s (as of %s)\n", m->version ? m->version : "?",
	       m->as_of ? m->as_of : "?");
	aisec_catalog_free(cat);
	return CLI_OK;
}
