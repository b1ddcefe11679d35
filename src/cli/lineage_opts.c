/*
 * lineage_opts.c - options shared by the `aisec lineage` subcommands
 * (hashing, store, keys, parameters) and the progress bar drawn on a
 * terminal while large inputs are hashed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/lineage_cli.h"

/* Draw "[#####.....]  45%  0.9/2.0 GiB" on stderr for inputs over 256 MiB. */
static void progress(void *ctx, uint64_t done, uint64_t total)
{
	struct lcli *l = ctx;
	char bar[31];
	unsigned pct;
	size_t fill;

	if (total < ((uint64_t)256 << 20))
		return;
	pct = (unsigned)(done * 100 / total);
	fill = (size_t)(done * 30 / total);
	memset(bar, '#', fill);
	memset(bar + fill, '.', 30 - fill);
	bar[30] = '\0';
	fprintf(stderr, "\rhashing [%s] %3u%%  %.1f/%.1f GiB", bar, pct,
		(double)done / (1 << 30), (double)total / (1 << 30));
	fflush(stderr);
	l->progress_shown = true;
}

void lcli_progress_end(struct lcli *l)
{
	if (l->progress_shown)
		fputc('\n', stderr);
	l->progress_shown = false;
}

void lcli_init(struct lcli *l)
{
	memset(l, 0, sizeof(*l));
	if (isatty(STDERR_FILENO)) {
		l->dopts.progress = progress;
		l->dopts.progress_ctx = l;
	}
	l->vopts.digest = &l->dopts;
}

static void list_release(struct lcli_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->v[i]);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

void lcli_release(struct lcli *l)
{
	list_release(&l->ignore);
	list_release(&l->sources);
	list_release(&l->inputs);
	list_release(&l->outputs);
	list_release(&l->trusted);
	list_release(&l->param_text);
	free(l->params);
	aisec_key_free(l->signing_key);
	for (size_t i = 0; l->keys && i < l->vopts.nkeys; i++)
		aisec_key_free(l->keys[i]);
	free(l->keys);
}

int lcli_push(struct lcli_list *list, const char *s)
{
	char **p = realloc(list->v, (list->n + 2) * sizeof(*p));

	if (!p)
		return -1;
	list->v = p;
	list->v[list->n] = strdup(s);
	if (!list->v[list->n])
		return -1;
	list->v[++list->n] = NULL;
	return 0;
}

int lcli_parse_size(const char *s, uint64_t *out)
{
	/* sizes are reported as signed JSON integers: at most 2^63-1 */
	return aisec_parse_size(s, INT64_MAX, out) == 0 ? 0 : -1;
}

int lcli_digest_opt(struct lcli *l, int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case LOPT_JOBS:
		if (lcli_parse_size(arg, &v) != 0 || v > 1024)
			return -1;
		l->dopts.jobs = (unsigned)v;
		return 0;
	case LOPT_SHARD:
		if (lcli_parse_size(arg, &v) != 0)
			return -1;
		l->dopts.shard_size = v;
		return 0;
	case LOPT_IGNORE: {
		int rc;

		while (arg[0] == '.' && arg[1] == '/')
			arg += 2;
		rc = lcli_push(&l->ignore, arg);
		/* "dir/" names the same path as "dir" */
		for (size_t n; rc == 0 && (n = strlen(l->ignore.v[l->ignore.n - 1])) > 1 &&
			       l->ignore.v[l->ignore.n - 1][n - 1] == '/';)
			l->ignore.v[l->ignore.n - 1][n - 1] = '\0';
		l->dopts.ignore = (const char *const *)l->ignore.v;
		l->dopts.nignore = l->ignore.n;
		return rc;
	}
	case LOPT_FOLLOW: l->dopts.follow_external_symlinks = true; return 0;
	case LOPT_SKIP_SPECIAL: l->dopts.skip_special = true; return 0;
	case LOPT_SKIP_UNREADABLE: l->dopts.skip_unreadable = true; return 0;
	default: return -1;
	}
}

int lcli_store_opt(struct lcli *l, int c, const char *arg)
{
	switch (c) {
	case LOPT_KEY: l->key_path = arg; return 0;
	case LOPT_TRUSTED: return lcli_push(&l->trusted, arg);
	case LOPT_STORE:
		l->store = arg;
		l->vopts.store = arg;
		return 0;
	default: return -1;
	}
}

int lcli_param(struct lcli *l, const char *kv)
{
	const char *eq = strchr(kv, '=');
	void *p;

	if (!eq || eq == kv || lcli_push(&l->param_text, kv) != 0)
		return -1;
	p = realloc(l->params, (l->nparams + 1) * sizeof(*l->params));
	if (!p)
		return -1;
	l->params = p;
	/* split the stored copy in place: "k=v" -> "k\0v" */
	{
		char *copy = l->param_text.v[l->param_text.n - 1];
		char *e = strchr(copy, '=');

		*e = '\0';
		l->params[l->nparams].key = copy;
		l->params[l->nparams].value = e + 1;
	}
	l->nparams++;
	return 0;
}

int lcli_load_signing_key(struct lcli *l)
{
	struct aisec_error err;

	aisec_error_clear(&err);
	cli_key_file_check(l->key_path);
	/* a PEM private key or a note signer key (.skey) */
	if (aisec_note_key_load_key(l->key_path, true, &l->signing_key, &err) != 0)
		return cli_error_from(&err);
	return CLI_OK;
}

int lcli_load_trusted(struct lcli *l)
{
	struct aisec_error err;

	aisec_error_clear(&err);
	l->keys = calloc(l->trusted.n + 1, sizeof(*l->keys));
	if (!l->keys)
		return cli_error("out of memory");
	for (size_t i = 0; i < l->trusted.n; i++) {
		/* PEM public or private, or a note key (.vkey, .skey) */
		if (aisec_note_key_load_key(l->trusted.v[i], false, &l->keys[i],
					    &err) != 0)
			return cli_error_from(&err);
		l->vopts.nkeys = i + 1;
	}
	l->vopts.keys = l->keys;
	return CLI_OK;
}
