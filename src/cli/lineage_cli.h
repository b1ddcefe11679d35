/*
 * lineage_cli.h - what the `aisec lineage` subcommands share: common
 * options (hashing, store, keys), the progress bar and the renderers.
 */
#ifndef AISEC_LINEAGE_CLI_H
#define AISEC_LINEAGE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "aisec/lineage.h"

enum {
	LOPT_JOBS = 'j',
	LOPT_KEY = 'k',
	LOPT_SHARD = 256,
	LOPT_IGNORE,
	LOPT_FOLLOW,
	LOPT_SKIP_SPECIAL,
	LOPT_SKIP_UNREADABLE,
	LOPT_TRUSTED,
	LOPT_STORE
};

#define LCLI_DIGEST_OPTIONS                                                  \
	{"jobs", required_argument, NULL, LOPT_JOBS},                        \
	{"shard-size", required_argument, NULL, LOPT_SHARD},                 \
	{"ignore", required_argument, NULL, LOPT_IGNORE},                    \
	{"follow-external-symlinks", no_argument, NULL, LOPT_FOLLOW},        \
	{"skip-special", no_argument, NULL, LOPT_SKIP_SPECIAL},              \
	{"skip-unreadable", no_argument, NULL, LOPT_SKIP_UNREADABLE}

#define LCLI_STORE_OPTIONS                                                   \
	{"key", required_argument, NULL, LOPT_KEY},                          \
	{"trusted-key", required_argument, NULL, LOPT_TRUSTED},              \
	{"store", required_argument, NULL, LOPT_STORE}

struct lcli_list {
	char **v;
	size_t n;
};

struct lcli {
	struct aisec_digest_opts dopts;
	struct aisec_lineage_verify_opts vopts;
	struct lcli_list ignore, inputs, outputs, trusted, param_text, sources;
	struct aisec_lineage_param *params;
	size_t nparams;
	const char *store, *key_path;
	struct aisec_key *signing_key;
	struct aisec_key **keys;
	bool progress_shown;
};

void lcli_init(struct lcli *l);
void lcli_release(struct lcli *l);
int lcli_push(struct lcli_list *list, const char *s);
/* Handle a hashing / store option; 0 when it was one, -1 otherwise. */
int lcli_digest_opt(struct lcli *l, int c, const char *arg);
int lcli_store_opt(struct lcli *l, int c, const char *arg);
int lcli_param(struct lcli *l, const char *kv);
/* Load --key / --trusted-key files; CLI exit code. */
int lcli_load_signing_key(struct lcli *l);
int lcli_load_trusted(struct lcli *l);
/* Finish the progress bar line if one was drawn. */
void lcli_progress_end(struct lcli *l);
/* Parse a size such as 1000000000, 64M, 1G (binary units). */
int lcli_parse_size(const char *s, uint64_t *out);

/* lineage_out.c */
int lcli_emit_manifest(const struct aisec_manifest *m, const char *root,
		       const char *format, struct aisec_buf *out);
int lcli_emit_report(const struct aisec_lineage_report *r, const char *format);
/* Read a whole file into `out`; CLI exit code (message printed). */
int lcli_read(const char *path, struct aisec_buf *out);
/* Write to `path` (NULL or "-": stdout); CLI exit code. */
int lcli_write(const char *path, const char *data, size_t len);

/* lineage_model.c */
int lcli_sign_model(int argc, char **argv);
int lcli_verify_model(int argc, char **argv);

#endif
