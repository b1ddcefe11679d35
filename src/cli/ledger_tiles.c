/*
 * ledger_tiles.c - `aisec ledger tiles`, `verify-remote` and `cosign`:
 * publish a ledger as a C2SP tiled transparency log, check one from
 * outside (with a local trust state), and witness one.  Thin wrappers
 * over aisec/tlog.h; see docs/ledger.md.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "aisec/tlog.h"
#include "cli/cli.h"
#include "cli/ledger_cli.h"

#define CMD "ledger"
#define MAX_KEYS 32

struct topts {
	const char *pos[2];
	int npos;
	struct aisec_note_key keys[MAX_KEYS], witnesses[MAX_KEYS], signer;
	size_t nkeys, nwitnesses, quorum;
	bool has_signer, has_quorum, has_entry, hashes_only, full, no_state,
	    json;
	uint64_t entry;
	long timeout_ms;
	const char *checkpoint, *state, *output;
};

enum {
	O_KEY = 'k',
	O_OUTPUT = 'o',
	O_TRUSTED = 256,
	O_WITNESS,
	O_QUORUM,
	O_ENTRY,
	O_CHECKPOINT,
	O_STATE,
	O_NO_STATE,
	O_FULL,
	O_TIMEOUT,
	O_FORMAT,
	O_HASHES_ONLY
};

/* A note key given as its text or as a file holding it. */
static int load_key(const char *sub, const char *opt, const char *arg,
		    bool priv, uint8_t type, struct aisec_note_key *k)
{
	struct aisec_error err;
	struct aisec_buf b;
	int rc;

	aisec_buf_init(&b, 0);
	if (strchr(arg, '+') && !strchr(arg, '/') &&
	    (priv ? aisec_note_key_parse_skey(arg, strlen(arg), k, &err)
		  : aisec_note_key_parse_vkey(arg, strlen(arg), k, &err)) == 0)
		goto check;
	if (aisec_file_read(arg, &b, &err) != 0) {
		rc = cli_error("%s: %s: %s", sub, opt, err.msg);
		goto out;
	}
	rc = priv ? aisec_note_key_parse_skey(b.data, b.len, k, &err)
		  : aisec_note_key_parse_vkey(b.data, b.len, k, &err);
	if (rc) {
		rc = cli_error("%s: %s: key file '%s': %s", sub, opt, arg,
			       err.msg);
		goto out;
	}
check:
	rc = CLI_OK;
	if ((k->type ? k->type : AISEC_NOTE_ED25519) != type) {
		rc = cli_error("%s: %s: '%s' is %s key, want %s", sub, opt, arg,
			       type == AISEC_NOTE_ED25519
				   ? "a witness (cosignature/v1)"
				   : "a log signing",
			       type == AISEC_NOTE_ED25519
				   ? "the log's Ed25519 key"
				   : "a cosignature/v1 witness key "
				     "(aisec ledger keygen NAME --witness)");
		aisec_note_key_wipe(k);
	}
out:
	if (b.data)
		OPENSSL_cleanse(b.data, b.len);
	aisec_buf_release(&b);
	return rc;
}

static int parse_count(const char *sub, const char *opt, const char *s,
		       uint64_t *v)
{
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-' ||
	    (*v = strtoull(s, &end, 10), errno || *end))
		return cli_usage(CMD, "%s: %s: '%s' is not a number", sub, opt,
				 s ? s : "");
	return CLI_OK;
}

/* Parse the options of `sub`; `allowed` lists the option codes it takes. */
static bool takes(const int *allowed, int c)
{
	for (; *allowed; allowed++)
		if (*allowed == c)
			return true;
	return false;
}

static int parse(const char *sub, int argc, char **argv, const int *allowed,
		 struct topts *o)
{
	static const struct option lo[] = {
	    {"key", required_argument, NULL, O_KEY},
	    {"output", required_argument, NULL, O_OUTPUT},
	    {"trusted-key", required_argument, NULL, O_TRUSTED},
	    {"witness", required_argument, NULL, O_WITNESS},
	    {"quorum", required_argument, NULL, O_QUORUM},
	    {"entry", required_argument, NULL, O_ENTRY},
	    {"checkpoint", required_argument, NULL, O_CHECKPOINT},
	    {"state", required_argument, NULL, O_STATE},
	    {"no-state", no_argument, NULL, O_NO_STATE},
	    {"full", no_argument, NULL, O_FULL},
	    {"timeout", required_argument, NULL, O_TIMEOUT},
	    {"format", required_argument, NULL, O_FORMAT},
	    {"hashes-only", no_argument, NULL, O_HASHES_ONLY},
	    {NULL, 0, NULL, 0}};
	uint64_t v;
	int c, rc, li;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	while ((li = -1, c = getopt_long(argc, argv, ":k:o:", lo, &li)) != -1) {
		if (c == '?' || c == ':')
			return cli_bad_option(CMD, sub, c, argv);
		if (!takes(allowed, c)) {
			const char *name = li >= 0	? lo[li].name
					   : c == O_KEY ? "key"
							: "output";

			return cli_usage(
			    CMD, "%s: option '--%s' is not allowed here", sub,
			    name);
		}
		rc = CLI_OK;
		switch (c) {
		case O_KEY:
			rc = load_key(sub, "--key", optarg, true,
				      AISEC_NOTE_COSIGNATURE_V1, &o->signer);
			o->has_signer = !rc;
			break;
		case O_TRUSTED:
		case O_WITNESS:
			if ((c == O_TRUSTED ? o->nkeys : o->nwitnesses) ==
			    MAX_KEYS)
				return cli_usage(CMD, "%s: at most %d keys",
						 sub, MAX_KEYS);
			if (c == O_TRUSTED)
				rc = load_key(sub, "--trusted-key", optarg,
					      false, AISEC_NOTE_ED25519,
					      &o->keys[o->nkeys++]);
			else
				rc = load_key(sub, "--witness", optarg, false,
					      AISEC_NOTE_COSIGNATURE_V1,
					      &o->witnesses[o->nwitnesses++]);
			break;
		case O_QUORUM:
			rc = parse_count(sub, "--quorum", optarg, &v);
			o->quorum = (size_t)v;
			o->has_quorum = true;
			break;
		case O_ENTRY:
			rc = parse_count(sub, "--entry", optarg, &o->entry);
			o->has_entry = true;
			break;
		case O_TIMEOUT:
			rc = parse_count(sub, "--timeout", optarg, &v);
			if (!rc && (v == 0 || v > 3600))
				rc = cli_usage(
				    CMD,
				    "%s: --timeout: want 1 to 3600 seconds",
				    sub);
			o->timeout_ms = (long)v * 1000;
			break;
		case O_FORMAT:
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0)
				rc = cli_usage(
				    CMD,
				    "%s: --format: want text or json, not '%s'",
				    sub, optarg);
			o->json = strcmp(optarg, "json") == 0;
			break;
		case O_CHECKPOINT:
			o->checkpoint = optarg;
			break;
		case O_STATE:
			o->state = optarg;
			break;
		case O_NO_STATE:
			o->no_state = true;
			break;
		case O_FULL:
			o->full = true;
			break;
		case O_OUTPUT:
			o->output = optarg;
			break;
		case O_HASHES_ONLY:
			o->hashes_only = true;
			break;
		}
		if (rc)
			return rc;
	}
	for (int i = optind; i < argc; i++) {
		if (o->npos == 2)
			return cli_usage(CMD, "%s: unexpected argument '%s'",
					 sub, argv[i]);
		o->pos[o->npos++] = argv[i];
	}
	return CLI_OK;
}

static void release(struct topts *o)
{
	aisec_note_key_wipe(&o->signer);
}

/* ---- verify --witnesses ---- */

int cli_ledger_quorum(const char *dir, const char *cp_path,
		      const char *witness_file, const char *quorum, bool say)
{
	struct aisec_note_key keys[MAX_KEYS];
	struct aisec_buf f, note, path;
	struct aisec_error err;
	size_t n = 0, count, line = 0;
	uint64_t q;
	int rc;

	aisec_buf_init(&f, 1 << 20);
	aisec_buf_init(&note, 1 << 20);
	aisec_buf_init(&path, 0);
	rc = aisec_file_read(witness_file, &f, &err) ? cli_error_from(&err)
						     : CLI_OK;
	for (char *p = f.data, *nl; !rc && p < f.data + f.len; p = nl + 1) {
		size_t len;

		nl = memchr(p, '\n', (size_t)(f.data + f.len - p));
		if (!nl)
			nl = f.data + f.len;
		len = (size_t)(nl - p);
		line++;
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (!len || p[0] == '#')
			continue;
		if (n == MAX_KEYS)
			rc = cli_error("witness file '%s': more than %d keys",
				       witness_file, MAX_KEYS);
		else if (aisec_note_key_parse_vkey(p, len, &keys[n], &err) != 0)
			rc = cli_error("witness file '%s' line %zu: %s",
				       witness_file, line, err.msg);
		else if (keys[n++].type != AISEC_NOTE_COSIGNATURE_V1)
			rc = cli_error("witness file '%s' line %zu: not a "
				       "cosignature/v1 witness key",
				       witness_file, line);
	}
	if (rc)
		goto out;
	q = n;
	if (quorum && (rc = parse_count("verify", "--quorum", quorum, &q)) != 0)
		goto out;
	if (!n || q > n) {
		rc = cli_usage(
		    CMD, "verify: --quorum %llu with %zu witness keys in '%s'",
		    (unsigned long long)q, n, witness_file);
		goto out;
	}
	if (!cp_path) {
		aisec_buf_addf(&path, "%s/checkpoint", dir);
		cp_path = path.data;
	}
	if (aisec_file_read(cp_path, &note, &err) != 0) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (aisec_note_count_signers(note.data, note.len, keys, n, &count, NULL,
				     &err) != 0) {
		cli_error("checkpoint '%s': %s", cp_path, err.msg);
		rc = err.code == AISEC_ERR_VERIFY ? CLI_NEGATIVE : CLI_ERROR;
		goto out;
	}
	if (say)
		printf("  cosigned by %zu of %zu witnesses (quorum %llu)\n",
		       count, n, (unsigned long long)q);
	if (count < q) {
		cli_error("checkpoint '%s' has %zu of the %llu witness "
			  "cosignatures required",
			  cp_path, count, (unsigned long long)q);
		rc = CLI_NEGATIVE;
	}
out:
	aisec_buf_release(&f);
	aisec_buf_release(&note);
	aisec_buf_release(&path);
	return rc;
}

/* ---- tiles ---- */

int cli_ledger_publish(struct aisec_ledger *l, const char *out,
		       bool hashes_only, bool to_stderr)
{
	struct aisec_tiles_opts to = {hashes_only};
	struct aisec_tiles_stats st;
	struct aisec_error err;

	if (aisec_ledger_publish_tiles(l, out, &to, &st, &err) != 0)
		return err.code == AISEC_ERR_INTEGRITY
			   ? (cli_error_from(&err), CLI_NEGATIVE)
			   : cli_error_from(&err);
	fprintf(to_stderr ? stderr : stdout,
		"published size %llu in '%s': %llu tiles written, %llu kept; "
		"%llu entry bundles written, %llu kept%s\n",
		(unsigned long long)st.size, out,
		(unsigned long long)st.tiles_written,
		(unsigned long long)st.tiles_kept,
		(unsigned long long)st.bundles_written,
		(unsigned long long)st.bundles_kept,
		st.checkpoint_kept
		    ? "; checkpoint unchanged (cosignatures kept)"
		    : "");
	return CLI_OK;
}

int cli_ledger_tiles(int argc, char **argv)
{
	struct aisec_ledger_open_opts oo = {.readonly = true};
	struct aisec_error err;
	struct aisec_ledger *l;
	struct topts o;
	int rc =
	    parse(argv[0], argc, argv, (const int[]){O_HASHES_ONLY, 0}, &o);

	if (rc)
		return rc;
	if (o.npos != 2)
		return cli_usage(CMD, "tiles: want DIR OUT [--hashes-only]");
	l = aisec_ledger_open(o.pos[0], &oo, &err);
	if (!l)
		return cli_error_from(&err);
	rc = cli_ledger_publish(l, o.pos[1], o.hashes_only, false);
	aisec_ledger_close(l, NULL);
	return rc;
}

/* ---- verify-remote, cosign ---- */

/* ${XDG_STATE_HOME:-$HOME/.local/state}/aisec/<leaf> */
static int default_state(const char *leaf, struct aisec_buf *b)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (x && *x)
		return aisec_buf_addf(b, "%s/aisec/%s", x, leaf);
	if (home && *home)
		return aisec_buf_addf(b, "%s/.local/state/aisec/%s", home,
				      leaf);
	return AISEC_ERR_NOTFOUND;
}

/* Fill the library options from the command line; `prev` receives --checkpoint.
 */
static int setup(const char *sub, struct topts *o, const char *leaf,
		 struct aisec_tlog_verify_opts *vo, struct aisec_buf *prev,
		 struct aisec_buf *state, struct aisec_tlog_client **c)
{
	struct aisec_tlog_client_opts co = {o->timeout_ms};
	struct aisec_error err;

	if (o->npos != 1)
		return cli_usage(CMD, "%s: want one URL or folder", sub);
	if (!o->nkeys)
		return cli_usage(
		    CMD, "%s: --trusted-key VKEY (the log's key) is required",
		    sub);
	if (o->has_quorum && o->quorum > o->nwitnesses)
		return cli_usage(
		    CMD, "%s: --quorum %zu with only %zu --witness keys", sub,
		    o->quorum, o->nwitnesses);
	memset(vo, 0, sizeof(*vo));
	vo->keys = o->keys;
	vo->nkeys = o->nkeys;
	vo->witnesses = o->witnesses;
	vo->nwitnesses = o->nwitnesses;
	/* every witness named must have cosigned unless a quorum says otherwise
	 */
	vo->quorum = o->has_quorum ? o->quorum : o->nwitnesses;
	vo->want_entry = o->has_entry;
	vo->entry = o->entry;
	vo->full = o->full;
	if (o->checkpoint) {
		if (aisec_file_read(o->checkpoint, prev, &err) != 0)
			return cli_error_from(&err);
		vo->previous = prev->data;
		vo->previous_len = prev->len;
	}
	if (!o->no_state) {
		if (o->state ? aisec_buf_adds(state, o->state)
			     : default_state(leaf, state))
			return cli_usage(
			    CMD,
			    "%s: no HOME or XDG_STATE_HOME: give --state DIR",
			    sub);
		vo->state_dir = state->data;
	}
	*c = aisec_tlog_client_new(o->pos[0], &co, &err);
	if (!*c)
		return err.code == AISEC_ERR_USAGE
			   ? cli_usage(CMD, "%s: %s", sub, err.msg)
			   : cli_error_from(&err);
	return CLI_OK;
}

static int fail(const struct aisec_error *err)
{
	cli_error_from(err);
	return err->code == AISEC_ERR_VERIFY || err->code == AISEC_ERR_INTEGRITY
		   ? CLI_NEGATIVE
		   : CLI_ERROR;
}

static bool printable(const char *s, size_t n)
{
	return aisec_utf8_bad_line(s, n) == 0 && !memchr(s, '\0', n);
}

static int report_json(const struct topts *o,
		       const struct aisec_tlog_verify_result *r,
		       const struct aisec_buf *entry)
{
	struct aisec_buf root, leaf;
	json_t *j;
	int rc;

	aisec_buf_init(&root, 0);
	aisec_buf_init(&leaf, 0);
	aisec_base64_encode(r->cp.root, AISEC_HASH_SIZE, &root);
	j = json_pack("{s:s, s:I, s:s, s:I, s:I, s:b, s:I, s:I}", "origin",
		      r->cp.origin, "size", (json_int_t)r->cp.size, "root",
		      root.data, "cosigned", (json_int_t)r->cosigned, "quorum",
		      (json_int_t)(o->has_quorum ? o->quorum : o->nwitnesses),
		      "had_state", r->had_state, "trusted_size",
		      (json_int_t)r->trusted_size, "requests",
		      (json_int_t)r->requests);
	if (j && o->has_entry) {
		json_t *e;

		aisec_buf_addhex(&leaf, r->leaf, AISEC_HASH_SIZE);
		e = json_pack("{s:I, s:s}", "index", (json_int_t)o->entry,
			      "leaf_hash", leaf.data);
		aisec_buf_reset(&leaf);
		if (printable(entry->data, entry->len)) {
			json_object_set_new(
			    e, "text", json_stringn(entry->data, entry->len));
		} else {
			aisec_base64_encode((const uint8_t *)entry->data,
					    entry->len, &leaf);
			json_object_set_new(e, "base64",
					    json_string(leaf.data));
		}
		json_object_set_new(j, "entry", e);
	}
	rc = j && cli_emit_json(stdout, j) == 0
		 ? CLI_OK
		 : cli_error("cannot write JSON");
	json_decref(j);
	aisec_buf_release(&root);
	aisec_buf_release(&leaf);
	return rc;
}

static void report_text(const struct topts *o,
			const struct aisec_tlog_verify_opts *vo,
			const struct aisec_tlog_verify_result *r,
			const struct aisec_buf *entry, bool entry_to_stdout)
{
	struct aisec_buf root;

	aisec_buf_init(&root, 0);
	aisec_base64_encode(r->cp.root, AISEC_HASH_SIZE, &root);
	printf("log '%s' verified at size %llu, root %s\n", r->cp.origin,
	       (unsigned long long)r->cp.size, root.data);
	if (vo->nwitnesses)
		printf("cosigned by %zu of %zu witnesses (quorum %zu)\n",
		       r->cosigned, vo->nwitnesses, vo->quorum);
	if (vo->state_dir && r->had_state)
		printf(
		    "consistent with the last trusted checkpoint (size %llu)\n",
		    (unsigned long long)r->trusted_size);
	else if (vo->state_dir)
		printf("first checkpoint trusted for this origin (state in "
		       "'%s')\n",
		       vo->state_dir);
	if (vo->previous)
		printf("consistent with the earlier checkpoint '%s'\n",
		       o->checkpoint);
	if (o->full)
		printf("every tile%s re-hashed\n", " and entry bundle");
	if (o->has_entry) {
		struct aisec_buf hex;

		aisec_buf_init(&hex, 0);
		aisec_buf_addhex(&hex, r->leaf, AISEC_HASH_SIZE);
		printf("entry %llu included (leaf hash %s)\n",
		       (unsigned long long)o->entry, hex.data);
		aisec_buf_release(&hex);
		if (entry_to_stdout && printable(entry->data, entry->len))
			printf("%.*s\n", (int)entry->len, entry->data);
		else if (entry_to_stdout)
			printf("(%zu bytes, not text: use -o FILE)\n",
			       entry->len);
	}
	printf("%llu requests, %llu bytes fetched\n",
	       (unsigned long long)r->requests, (unsigned long long)r->bytes);
	aisec_buf_release(&root);
}

int cli_ledger_verify_remote(int argc, char **argv)
{
	static const int allowed[] = {
	    O_TRUSTED,	O_WITNESS, O_QUORUM,  O_ENTRY,	O_CHECKPOINT, O_STATE,
	    O_NO_STATE, O_FULL,	   O_TIMEOUT, O_FORMAT, O_OUTPUT,     0};
	struct aisec_tlog_verify_opts vo;
	struct aisec_tlog_verify_result r;
	struct aisec_tlog_client *c = NULL;
	struct aisec_buf prev, state, entry;
	struct aisec_error err;
	struct topts o;
	int rc = parse(argv[0], argc, argv, allowed, &o);

	aisec_buf_init(&prev, 1 << 20);
	aisec_buf_init(&state, 0);
	aisec_buf_init(&entry, 1 << 20);
	if (!rc && o.output && !o.has_entry)
		rc = cli_usage(
		    CMD,
		    "verify-remote: -o FILE writes the entry: give --entry N");
	if (!rc)
		rc = setup(argv[0], &o, "tlog", &vo, &prev, &state, &c);
	if (rc)
		goto out;
	r.entry = &entry;
	if (aisec_tlog_verify(c, &vo, &r, &err) != 0) {
		rc = fail(&err);
		goto out;
	}
	if (o.output && aisec_file_write_atomic(o.output, entry.data, entry.len,
						0644, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (o.json)
		rc = report_json(&o, &r, &entry);
	else
		report_text(&o, &vo, &r, &entry, !o.output);
out:
	aisec_tlog_client_free(c);
	aisec_buf_release(&prev);
	aisec_buf_release(&state);
	aisec_buf_release(&entry);
	release(&o);
	return rc;
}

int cli_ledger_cosign(int argc, char **argv)
{
	static const int allowed[] = {
	    O_KEY, O_TRUSTED, O_STATE, O_OUTPUT, O_TIMEOUT, O_CHECKPOINT, 0};
	struct aisec_tlog_verify_opts vo;
	struct aisec_tlog_verify_result r = {0};
	struct aisec_tlog_client *c = NULL;
	struct aisec_buf prev, state, note;
	struct aisec_error err;
	struct topts o;
	int rc = parse(argv[0], argc, argv, allowed, &o);

	aisec_buf_init(&prev, 1 << 20);
	aisec_buf_init(&state, 0);
	aisec_buf_init(&note, 1 << 20);
	if (!rc && !o.has_signer)
		rc = cli_usage(CMD, "cosign: --key WITNESS_SKEY is required");
	if (!rc)
		rc = setup(argv[0], &o, "witness", &vo, &prev, &state, &c);
	if (rc)
		goto out;
	if (aisec_tlog_cosign(c, &vo, &o.signer, 0, &note, &r, &err) != 0) {
		rc = fail(&err);
		goto out;
	}
	if (o.output) {
		if (aisec_file_write_atomic(o.output, note.data, note.len, 0644,
					    &err) != 0) {
			rc = cli_error_from(&err);
			goto out;
		}
		printf("cosigned '%s' at size %llu as '%s' into '%s'\n",
		       r.cp.origin, (unsigned long long)r.cp.size,
		       o.signer.name, o.output);
	} else if (fwrite(note.data, 1, note.len, stdout) != note.len) {
		rc = cli_error("cannot write to stdout");
	}
out:
	aisec_tlog_client_free(c);
	aisec_buf_release(&prev);
	aisec_buf_release(&state);
	aisec_buf_release(&note);
	release(&o);
	return rc;
}
