/*
 * lineage_out.c - renderers of `aisec lineage` results: manifests (JSON,
 * sha256sum-style text, digest only) and verification reports (text, JSON).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/lineage_cli.h"

int lcli_emit_manifest(const struct aisec_manifest *m, const char *root,
		       const char *format, struct aisec_buf *out)
{
	size_t rl = strlen(root);
	int rc = 0;

	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (strcmp(format, "json") == 0) {
		rc = aisec_manifest_to_json(m, out);
	} else if (strcmp(format, "digest") == 0) {
		rc = aisec_buf_addhex(out, m->digest, AISEC_SHA256_LEN) ||
		     aisec_buf_addf(out, "  %.*s\n", (int)rl, root);
	} else {
		for (size_t i = 0; !rc && i < m->nfiles; i++) {
			const struct aisec_manifest_file *f = &m->files[i];
			char path[8192];

			if (m->is_dir)
				snprintf(path, sizeof(path), "%.*s/%s", (int)rl,
					 root, f->path);
			else
				snprintf(path, sizeof(path), "%s", root);
			if (f->whole) {
				rc = aisec_buf_addhex(out, f->sha256,
						      AISEC_SHA256_LEN) ||
				     aisec_buf_addf(out, "  %s\n", path);
			}
			for (size_t s = 0; !rc && !f->whole && s < f->nshards;
			     s++) {
				rc = aisec_buf_addhex(out, f->shards[s].sha256,
						      AISEC_SHA256_LEN) ||
				     aisec_buf_addf(
					out, "  %s:%llu:%llu\n", path,
					(unsigned long long)f->shards[s].start,
					(unsigned long long)f->shards[s].end);
			}
		}
	}
	return rc ? cli_error("out of memory") : CLI_OK;
}

static const char *status_name(enum aisec_lineage_status s)
{
	switch (s) {
	case AISEC_LINEAGE_VERIFIED: return "verified";
	case AISEC_LINEAGE_BROKEN: return "broken";
	default: return "missing";
	}
}

static const char *issue_name(enum aisec_lineage_issue_kind k)
{
	static const char *const names[] = {
		"", "missing-statement", "digest-mismatch", "file-added",
		"file-removed", "file-renamed", "file-modified",
		"unknown-signer", "bad-signature", "cycle", "corrupt-entry",
		"missing-input", "source-gap"};

	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k]
							     : "issue";
}

static json_t *report_json(const struct aisec_lineage_report *r)
{
	json_t *links = json_array(), *issues = json_array(),
	       *sources = json_array();

	for (size_t i = 0; i < r->nlinks; i++) {
		const struct aisec_lineage_link *l = &r->links[i];

		json_array_append_new(
			links, json_pack("{s:s,s:s,s:s,s:s?,s:b}", "step",
					 l->step, "output", l->output,
					 "statement", l->statement, "signer",
					 l->signer, "verified", l->ok));
	}
	for (size_t i = 0; i < r->nissues; i++)
		json_array_append_new(
			issues, json_pack("{s:s,s:s,s:s}", "kind",
					  issue_name(r->issues[i].kind),
					  "artefact", r->issues[i].artefact,
					  "message", r->issues[i].message));
	for (size_t i = 0; i < r->nsources; i++)
		json_array_append_new(sources, json_string(r->sources[i]));
	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "artefact", r->artefact,
			 "sha256", r->digest, "status", status_name(r->status),
			 "links", links, "sources", sources, "issues", issues);
}

int lcli_emit_report(const struct aisec_lineage_report *r, const char *format)
{
	if (strcmp(format, "json") == 0) {
		json_t *j = report_json(r);
		int rc = j ? cli_emit_json(stdout, j) : -1;

		json_decref(j);
		return rc ? cli_error("cannot write the report") : CLI_OK;
	}
	printf("artefact: %s\nsha256:   %s\nstatus:   %s\n", r->artefact,
	       r->digest, status_name(r->status));
	if (r->nlinks)
		printf("links:\n");
	for (size_t i = 0; i < r->nlinks; i++) {
		const struct aisec_lineage_link *l = &r->links[i];

		printf("  %-6s step '%s' -> %s (signer %.16s, %s)\n",
		       l->ok ? "ok" : "BROKEN", l->step, l->output,
		       l->signer ? l->signer : "none", l->statement);
	}
	if (r->nsources)
		printf("sources:\n");
	for (size_t i = 0; i < r->nsources; i++)
		printf("  %s\n", r->sources[i]);
	if (r->nissues)
		printf("broken links:\n");
	for (size_t i = 0; i < r->nissues; i++)
		printf("  %s: %s\n", issue_name(r->issues[i].kind),
		       r->issues[i].message);
	return fflush(stdout) == 0 ? CLI_OK : CLI_ERROR;
}

int lcli_write(const char *path, const char *data, size_t len)
{
	struct aisec_error err;

	if (path && strcmp(path, "-") != 0) {
		/* never through a planted link, never over a device (issue 16) */
		aisec_error_clear(&err);
		if (aisec_file_write_atomic(path, data, len, 0644, &err) != 0)
			return cli_error_from(&err);
		return CLI_OK;
	}
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
		return cli_error("cannot write 'stdout': %s", strerror(errno));
	return CLI_OK;
}

int lcli_read(const char *path, struct aisec_buf *out)
{
	struct aisec_error err;

	aisec_error_clear(&err);
	if (aisec_file_read(path, out, &err) != 0)
		return cli_error_from(&err);
	return CLI_OK;
}
