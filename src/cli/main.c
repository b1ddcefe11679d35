/*
 * main.c - the aisec command table and dispatch.  One cmd_<name>.c per
 * subcommand; this file only finds the command and runs it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const struct cli_command cli_commands[] = {
	{"assess", "assess AI systems: AI Act class, threats, TVRA risks, gaps", cmd_assess,
	 cli_assess_usage},
	{"profile", "write (interactively) or check an AI system profile", cmd_profile,
	 cli_profile_usage},
	{"catalog", "query the knowledge base: standards, requirements, threats, gaps", cmd_catalog,
	 cli_catalog_usage},
	{"lineage", "signed provenance of data and models: verify, graph, AI-BOM", cmd_lineage,
	 cli_lineage_usage},
	{"key", "generate signing keys and show key ids", cmd_key,
	 cli_key_usage},
	{"ledger", "tamper-evident event log (AI Act Art. 12): append, prove, verify", cmd_ledger,
	 cli_ledger_usage},
	{"monitor", "watch declared accuracy, drift and attack patterns in prediction events", cmd_monitor,
	 cli_monitor_usage},
	{"serve", "the dashboard and JSON API of a workspace, over HTTP(S)", cmd_serve,
	 cli_serve_usage},
	{"probe", "measure a model's robustness and security through its prediction interface",
	 cmd_probe, cli_probe_usage},
	{"workspace", "a portfolio of AI systems over time: assessments, decisions, tokens",
	 cmd_workspace, cli_workspace_usage},
	{"help", "show help for aisec or one command", cmd_help,
	 "usage: aisec help [COMMAND]\n"},
	{"version", "print the version of aisec and its knowledge base", cmd_version,
	 "usage: aisec version\n"},
	{NULL, NULL, NULL, NULL}
};

const struct cli_command *cli_find_command(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct cli_command *cmd;

	if (argc < 2)
		return cmd_help(1, argv) == CLI_OK ? CLI_USAGE : CLI_USAGE;
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cmd_version(1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argc - 1, argv + 1);
	cmd = cli_find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "aisec: '%s' is not a command\nTry 'aisec help'.\n",
			argv[1]);
		return CLI_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		/* "aisec catalog standards --help": that subcommand's part */
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cli_help_sub(cmd->name, i > 2 && argv[2][0] != '-' ? argv[2] : NULL);
	}
	return cmd->run(argc - 1, argv + 1);
}
