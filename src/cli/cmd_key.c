/*
 * cmd_key.c - `aisec key`: generate signing key pairs and show a key's id.
 * Private key material is never printed; only the file names and the key
 * id (SHA-256 of the DER SubjectPublicKeyInfo) are.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "aisec/key.h"
#include "cli/cli.h"

const char cli_key_usage[] =
	"usage: aisec key generate [--type ed25519|ecdsa-p256|ecdsa-p384] -o NAME\n"
	"       aisec key generate --format note [--name KEYNAME] -o NAME\n"
	"       aisec key id KEYFILE...\n\n"
	"generate writes NAME.key (private, PEM PKCS#8, mode 0600) and NAME.pub\n"
	"(public, PEM) and prints the key id: the hex SHA-256 of the DER\n"
	"SubjectPublicKeyInfo (openssl pkey -pubin -outform DER | sha256sum).\n"
	"--format note writes an Ed25519 C2SP note key instead: NAME.skey (0600)\n"
	"and NAME.vkey, named KEYNAME (default: NAME), as 'ledger keygen' does.\n"
	"Existing files are never overwritten.  Use ecdsa-p256 for OpenSSF\n"
	"Model Signing bundles; ed25519 or ecdsa-p256 for lineage records;\n"
	"ed25519 (PEM or note) for ledger checkpoints.  Every command that signs\n"
	"takes --key FILE, every command that verifies --trusted-key FILE, in\n"
	"either format where the key type fits.\n"
	"id prints the key id, type and file of each key (PEM or note key).\n";

static int key_generate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"type", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"name", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0}};
	enum aisec_key_type type = AISEC_KEY_ED25519;
	const char *name = NULL, *format = "pem", *keyname = NULL;
	struct aisec_error err;
	struct aisec_key *key = NULL;
	char id[AISEC_KEY_ID_LEN + 1];
	int c, rc;

	aisec_error_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":t:o:f:n:", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (aisec_key_type_parse(optarg, &type) != 0 ||
			    (type != AISEC_KEY_ED25519 &&
			     type != AISEC_KEY_ECDSA_P256 &&
			     type != AISEC_KEY_ECDSA_P384))
				return cli_usage("key", "unknown key type '%s' "
						 "(ed25519, ecdsa-p256, "
						 "ecdsa-p384)", optarg);
			break;
		case 'o': name = optarg; break;
		case 'n': keyname = optarg; break;
		case 'f':
			if (strcmp(optarg, "pem") != 0 && strcmp(optarg, "note") != 0)
				return cli_usage("key", "unknown key format '%s' "
						 "(pem, note)", optarg);
			format = optarg;
			break;
		default: return cli_bad_option("key", "generate", c, argv);
		}
	}
	if (!name || optind != argc)
		return cli_usage("key", "generate needs -o NAME and no other "
				 "arguments");
	if (strcmp(format, "note") == 0) {
		if (type != AISEC_KEY_ED25519)
			return cli_usage("key", "note keys are ed25519, not %s",
					 aisec_key_type_name(type));
		return cli_note_keygen(keyname ? keyname : name, name, false);
	}
	if (keyname)
		return cli_usage("key", "--name is for --format note");
	if (aisec_key_generate(type, &key, &err) != 0 ||
	    aisec_key_save(key, name, &err) != 0) {
		aisec_key_free(key);
		return cli_error_from(&err);
	}
	aisec_key_id(key, id);
	printf("private key: %s.key (mode 0600)\npublic key:  %s.pub\n"
	       "type:        %s\nkey id:      %s\n",
	       name, name, aisec_key_type_name(type), id);
	aisec_key_free(key);
	rc = fflush(stdout) == 0 ? CLI_OK : CLI_ERROR;
	return rc;
}

static int key_id(int argc, char **argv)
{
	struct aisec_error err;
	int rc = CLI_OK;

	if (argc < 2)
		return cli_usage("key", "id needs at least one key file");
	aisec_error_clear(&err);
	for (int i = 1; i < argc; i++) {
		struct aisec_key *key = NULL;
		char id[AISEC_KEY_ID_LEN + 1];

		/* a public key file, or the public half of a private one */
		if (aisec_note_key_load_key(argv[i], false, &key, &err) != 0) {
			/* the readers failed on the text: say what was looked for */
			rc = err.code == AISEC_ERR_PARSE
				     ? cli_error("key '%s': neither a PEM key (public or "
						 "unencrypted private) nor a note key", argv[i])
				     : cli_error_from(&err);
			continue;
		}
		aisec_key_id(key, id);
		printf("%s  %s  %s\n", id,
		       aisec_key_type_name(aisec_key_get_type(key)), argv[i]);
		aisec_key_free(key);
	}
	return rc;
}

int cmd_key(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("key", "missing subcommand (generate, id)");
	opterr = 0; /* cli_bad_option says what was wrong */
	if (strcmp(argv[1], "generate") == 0)
		return key_generate(argc - 1, argv + 1);
	if (strcmp(argv[1], "id") == 0)
		return key_id(argc - 1, argv + 1);
	return cli_usage("key", "unknown subcommand '%s'", argv[1]);
}
