/*
 * main.c - the aisec command table and dispatch.  One cmd_<name>.c per
 * subcommand; this file only finds the command and runs it.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const struct cli_command cli_commands[] = {
	{"help", "show help for aisec or one command", cmd_help,
	 "usage: aisec help [COMMAND]\n"},
	{"version", "print the version of aisec and its knowledge base", cmd_version,
	 "usage: aisec version\n"},
	{"catalog", "query the knowledge base: standards, requirements, threats, gaps", cmd_catalog, cli_catalog_usage},
	{"key", "generate signing keys and show key ids", cmd_key,
	 "usage: aisec key generate [--type ed25519|ecdsa-p256|ecdsa-p384] -o NAME\n"
	 "       aisec key id KEYFILE...\n\n"
	 "generate writes NAME.key (private, PEM PKCS#8, mode 0600) and NAME.pub\n"
	 "(public, PEM) and prints the key id: the hex SHA-256 of the DER\n"
	 "SubjectPublicKeyInfo (openssl pkey -pubin -outform DER | sha256sum).\n"
	 "Existing files are never overwritten.  Use ecdsa-p256 for OpenSSF\n"
	 "Model Signing bundles; ed25519 or ecdsa-p256 for lineage records.\n"
	 "id prints the key id, type and file of each public or private key.\n"},
	{"lineage", "digests, signed provenance, verification, graph and AI-BOM of data and models", cmd_lineage,
	 "usage: aisec lineage SUBCOMMAND [OPTIONS]\n\n"
	 "  digest PATH...            manifest of files or directories: relative paths,\n"
	 "                            sizes, SHA-256 and the artefact digest (OpenSSF\n"
	 "                            Model Signing root digest for directories)\n"
	 "      --format json|text|digest  -o FILE  --shard-size N[K|M|G]  --jobs N\n"
	 "      --ignore PATH  --follow-external-symlinks  --skip-special  --skip-unreadable\n"
	 "  record --step NAME --output PATH... [--input PATH...] [--tool CMD]\n"
	 "         [--param KEY=VALUE...] --key KEY [--store DIR]\n"
	 "                            sign an in-toto Statement v1 / SLSA Provenance v1\n"
	 "                            (DSSE) for the step into the store (.aisec/lineage)\n"
	 "  verify ARTEFACT --trusted-key PEM... [--store DIR] [--format text|json]\n"
	 "                            check signatures and digests back to the sources;\n"
	 "                            exit 1 naming each broken link\n"
	 "  graph [ARTEFACT] [--format dot|svg|json] [--trusted-key PEM...] [-o FILE]\n"
	 "  bom ARTEFACT --format cyclonedx [--name N] [--version V] [--model-card JSON]\n"
	 "                            CycloneDX 1.6 ML-BOM from the lineage\n"
	 "  sign-model DIR --key KEY [--signature FILE] [--ignore-paths P...] [--shard-size N]\n"
	 "                            OpenSSF Model Signing v1.0 bundle (ECDSA keys)\n"
	 "  verify-model DIR --signature FILE --public-key PEM [--ignore-paths P...]\n"
	 "               [--ignore-unsigned-files]\n\n"
	 "Exit codes: 0 ok or verified, 1 verification failed, 2 usage, 3 error.\n"
	 "See docs/lineage.md for the formats and how to check them with other tools.\n"},
	{"ledger", "tamper-evident event log (AI Act Art. 12): append, checkpoint, prove, verify", cmd_ledger,
	 "usage: aisec ledger SUBCOMMAND ...\n\n"
	 "  init DIR --origin NAME [--key KEYFILE] [--encrypt AEADKEY]\n"
	 "      create a ledger; KEYFILE (skey or vkey) names the checkpoint signer\n"
	 "  keygen NAME [--output PREFIX]      Ed25519 note key: PREFIX.skey, PREFIX.vkey\n"
	 "  keygen --aead FILE                 random AES-256-GCM key for --encrypt\n"
	 "  append DIR [--file F] [--json] [--sync always|batch|none] [--batch N]\n"
	 "         [--encrypt AEADKEY] [--ack]\n"
	 "      one entry per input line (stdin by default); --json checks the event\n"
	 "      schema; --ack prints each index once it is durable\n"
	 "  checkpoint DIR --key SKEY [--output F]   sign a C2SP tlog-checkpoint\n"
	 "  prove DIR --index N [--size M] [--output F]   inclusion proof (tlog-proof)\n"
	 "  consistency DIR --from A --to B [--output F]  consistency proof\n"
	 "  verify DIR [--checkpoint CP] [--trusted-key VKEY] [--format text|json]\n"
	 "      re-hash everything; exit 1 on damage, tampering, rollback or a fork\n"
	 "  verify-proof --proof P --entry E --vkey VKEY [--checkpoint CP]\n"
	 "  verify-proof --proof P --old CP1 --new CP2 --vkey VKEY\n"
	 "      offline checks for auditors; exit 1 when the proof does not hold\n"
	 "  show DIR [--index N [--raw] [--encrypt AEADKEY]]\n"
	 "  export DIR [--format jsonl|json|table|csv|md] [--from A] [--to B] [--encrypt AEADKEY]\n\n"
	 "exit codes: 0 ok, 1 verification failed, 2 usage, 3 error.  See docs/ledger.md.\n"},
	{"assess", "assess AI systems: AI Act class, threats, TVRA risks, coverage, gaps", cmd_assess, cli_assess_usage},
	{"profile", "write (interactively) or check an AI system profile", cmd_profile, cli_profile_usage},
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
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cli_help(cmd->name);
	}
	return cmd->run(argc - 1, argv + 1);
}
