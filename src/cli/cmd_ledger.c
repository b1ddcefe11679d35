/*
 * cmd_ledger.c - `aisec ledger`: tamper-evident event logs (AI Act Art. 12)
 * over the library's ledger API: init, keygen, append, checkpoint, prove,
 * consistency, verify, verify-proof, show, export.  See docs/ledger.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "aisec/ledger.h"
#include "aisec/num.h"
#include "cli/cli.h"
#include "cli/ledger_cli.h"

const char cli_ledger_usage[] =
	"usage: aisec ledger SUBCOMMAND ...\n\n"
	"  init DIR --origin NAME [--key KEY] [--encrypt AEADKEY] [--mode OCTAL]\n"
	"      create a ledger; KEY (its private or public half) names the signer;\n"
	"      its files are private (0600) unless --mode says otherwise\n"
	"  keygen NAME [-o PREFIX] [--witness]  Ed25519 note key: PREFIX.skey, PREFIX.vkey\n"
	"      (= aisec key generate --format note; --witness: a cosignature/v1 key)\n"
	"  keygen --aead FILE                 random AES-256-GCM key for --encrypt\n"
	"  append DIR [--file F] [--json] [--sync always|batch|none] [--batch N]\n"
	"         [--encrypt AEADKEY] [--ack]\n"
	"      one entry per input line (stdin by default); --json checks the event\n"
	"      schema; --ack prints each index once it is durable\n"
	"  checkpoint DIR --key KEY [-o F] [--tiles OUT [--hashes-only]]\n"
	"      sign a C2SP tlog-checkpoint (--tiles: and publish it as tiles in OUT)\n"
	"  prove DIR --index N [--size M] [-o F]       inclusion proof (tlog-proof)\n"
	"  consistency DIR --from A --to B [-o F]      consistency proof\n"
	"  verify DIR [--checkpoint CP] [--trusted-key KEY...] [--format text|json]\n"
	"         [--witnesses FILE [--quorum N]]\n"
	"      re-hash everything; exit 1 on damage, tampering, rollback or a fork\n"
	"  verify-proof --proof P --entry E --trusted-key KEY... [--checkpoint CP]\n"
	"  verify-proof --proof P --old CP1 --new CP2 --trusted-key KEY...\n"
	"      offline checks for auditors; exit 1 when the proof does not hold\n"
	"  show DIR [--index N [--raw] [--encrypt AEADKEY]]\n"
	"  export DIR [--format jsonl|json|table|csv|md] [--from A] [--to B]\n"
	"         [--encrypt AEADKEY] [--bom]   (csv --bom: a UTF-8 byte-order mark first)\n"
	LEDGER_TLOG_USAGE "\n"
	"KEY: a note key (.skey/.vkey) or a PEM Ed25519 key (.key/.pub) named by the\n"
	"ledger's origin; --key signs, --trusted-key (repeatable) verifies.  Old\n"
	"names: --vkey = --trusted-key, --output = -o.\n"
	"exit codes: 0 ok, 1 verification failed, 2 usage, 3 error.  See docs/ledger.md.\n";

#define CMD "ledger"

/* ---- option parsing ----------------------------------------------------------- */

#define MAX_TRUSTED 16

struct opts {
	const char *pos[2];
	int npos;
	const char *origin, *key, *encrypt, *file, *sync, *checkpoint,
		*proof, *entry, *output, *format, *index, *size, *from, *to,
		*batch, *old_cp, *new_cp, *aead_out, *mode, *tiles, *witnesses, *quorum;
	bool json, ack, raw, witness, hashes_only, bom;
	const char *trusted[MAX_TRUSTED]; /* --trusted-key, repeatable (alias --vkey) */
	int ntrusted;
};

struct optdef {
	const char *name;
	size_t off;  /* offsetof the const char * or bool field */
	bool flag;
};

#define TRUSTED_OFF offsetof(struct opts, trusted)
#define S(n, f) {n, offsetof(struct opts, f), false}
#define F(n, f) {n, offsetof(struct opts, f), true}
static const struct optdef optdefs[] = {
	S("--origin", origin), S("--key", key), S("--encrypt", encrypt),
	S("--file", file), S("--sync", sync), S("--checkpoint", checkpoint),
	S("--proof", proof), S("--entry", entry),
	S("--output", output), S("-o", output), S("--format", format),
	S("--index", index), S("--size", size), S("--from", from), S("--to", to),
	S("--batch", batch), S("--old", old_cp), S("--new", new_cp),
	S("--aead", aead_out), S("--mode", mode), S("--tiles", tiles),
	S("--witnesses", witnesses), S("--quorum", quorum),
	F("--json", json), F("--ack", ack), F("--raw", raw), F("--witness", witness),
	F("--hashes-only", hashes_only), F("--bom", bom), F("--excel", bom),
	/* repeatable: collected in trusted[] */
	{"--trusted-key", TRUSTED_OFF, false}, {"--vkey", TRUSTED_OFF, false},
};
#undef S
#undef F

static int parse_opts(const char *sub, int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		size_t nl = eq ? (size_t)(eq - a) : strlen(a);
		const struct optdef *d = NULL;

		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (o->npos == 2)
				return cli_usage(CMD, "%s: unexpected argument '%s'", sub, a);
			o->pos[o->npos++] = a;
			continue;
		}
		for (size_t k = 0; k < sizeof(optdefs) / sizeof(optdefs[0]); k++)
			if (strlen(optdefs[k].name) == nl && strncmp(optdefs[k].name, a, nl) == 0)
				d = &optdefs[k];
		if (!d)
			return cli_usage(CMD, "%s: unknown option '%s'", sub, a);
		if (d->flag) {
			if (eq)
				return cli_usage(CMD, "%s: option '%s' takes no value", sub, d->name);
			*(bool *)((char *)o + d->off) = true;
			continue;
		}
		if (!eq && i + 1 >= argc)
			return cli_usage(CMD, "%s: option '%s' needs a value", sub, d->name);
		if (d->off == TRUSTED_OFF) {
			if (o->ntrusted == MAX_TRUSTED)
				return cli_usage(CMD, "%s: at most %d --trusted-key", sub, MAX_TRUSTED);
			o->trusted[o->ntrusted++] = eq ? eq + 1 : argv[++i];
			continue;
		}
		*(const char **)((char *)o + d->off) = eq ? eq + 1 : argv[++i];
	}
	return 0;
}

static int parse_u64_opt(const char *sub, const char *name, const char *s, uint64_t *v)
{
	int rc;

	if (!s || !*s)
		return cli_usage(CMD, "%s: %s wants a number", sub, name);
	rc = aisec_parse_u64(s, v);
	if (rc == AISEC_ERR_LIMIT)
		return cli_usage(CMD, "%s: %s: '%s' is larger than %" PRIu64, sub, name, s,
				 UINT64_MAX);
	if (rc)
		return cli_usage(CMD, "%s: %s: '%s' is not a number", sub, name, s);
	return 0;
}

/* ---- helpers ---------------------------------------------------------------------- */

static void warn_cb(void *ctx, const char *msg)
{
	cli_warn("%s", msg);
}

/* Read an AEAD key file: 64 hex digits (whitespace around allowed) or 32 raw bytes. */
static int read_aead_key(const char *path, uint8_t key[32])
{
	struct aisec_buf b;
	struct aisec_error err;
	int rc;

	aisec_buf_init(&b, 0);
	rc = aisec_file_read_small(path, &b, &err);
	if (rc) {
		aisec_buf_release(&b);
		return cli_error_from(&err);
	}
	cli_key_file_check(path);
	if (aisec_ledger_aead_key_parse(b.data, b.len, key, &err) != 0)
		rc = cli_error("key file '%s': %s", path, err.msg);
	OPENSSL_cleanse(b.data, b.len);
	aisec_buf_release(&b);
	return rc;
}

/* Keys, checkpoints and proofs: small files (AISEC_FILE_SMALL_MAX). */
static int read_text_file(const char *path, struct aisec_buf *b)
{
	struct aisec_error err;

	if (aisec_file_read_small(path, b, &err) != 0)
		return cli_error_from(&err);
	return 0;
}

/* An entry as stored: up to AISEC_LEDGER_ENTRY_MAX bytes. */
static int read_entry_file(const char *path, struct aisec_buf *b)
{
	struct aisec_error err;

	if (aisec_file_read_max(path, AISEC_LEDGER_ENTRY_MAX, b, &err) != 0)
		return cli_error_from(&err);
	return 0;
}

/*
 * A key file in any format (note skey/vkey, PEM Ed25519 named `origin`); a
 * signer key when want_private.  0 or the CLI exit code, message printed.
 */
static int read_key(const char *path, const char *origin, struct aisec_note_key *k,
		    bool want_private)
{
	struct aisec_error err;

	if (want_private)
		cli_key_file_check(path);
	if (aisec_note_key_load(path, origin, want_private, k, &err) != 0)
		return cli_error_from(&err);
	return 0;
}

/* The --trusted-key files as verifier key texts (PEM keys named `origin`). */
static int read_trusted(const struct opts *o, const char *origin, struct aisec_buf *vkeys)
{
	for (int i = 0; i < o->ntrusted; i++)
		aisec_buf_init(&vkeys[i], 0);
	for (int i = 0; i < o->ntrusted; i++) {
		struct aisec_note_key k;
		int rc = read_key(o->trusted[i], origin, &k, false);

		if (rc)
			return rc;
		aisec_note_key_format_vkey(&k, &vkeys[i]);
		aisec_note_key_wipe(&k);
	}
	return 0;
}

static int parse_sync(const char *s, enum aisec_ledger_sync *out)
{
	if (!s || strcmp(s, "batch") == 0)
		*out = AISEC_LEDGER_SYNC_BATCH;
	else if (strcmp(s, "always") == 0)
		*out = AISEC_LEDGER_SYNC_ALWAYS;
	else if (strcmp(s, "none") == 0)
		*out = AISEC_LEDGER_SYNC_NONE;
	else
		return cli_usage(CMD, "--sync: want always, batch or none, not '%s'", s);
	return 0;
}

/* Write to --output FILE (atomically) or stdout. */
static int emit(const char *output, const char *data, size_t len)
{
	struct aisec_error err;

	if (output) {
		if (aisec_file_write_atomic(output, data, len, 0644, &err) != 0)
			return cli_error_from(&err);
		return CLI_OK;
	}
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
		return cli_error("cannot write to stdout");
	return CLI_OK;
}

static struct aisec_ledger *open_ledger(const char *dir, bool readonly,
					enum aisec_ledger_sync sync, const uint8_t *key)
{
	struct aisec_ledger_open_opts oo = {
		.readonly = readonly, .sync = sync, .aead_key = key, .warn = warn_cb};
	struct aisec_error err;
	struct aisec_ledger *l = aisec_ledger_open(dir, &oo, &err);

	if (!l)
		cli_error_from(&err);
	return l;
}

/* ---- init, keygen ------------------------------------------------------------------ */

static int ledger_init(int argc, char **argv)
{
	struct opts o;
	struct aisec_ledger_create_opts co = {0};
	struct aisec_note_key k;
	struct aisec_buf vk;
	struct aisec_error err;
	uint8_t aead[32];
	int rc = parse_opts("init", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 1 || !o.origin)
		return cli_usage(CMD, "init: want DIR --origin NAME [--key KEY] [--encrypt KEYFILE]");
	aisec_buf_init(&vk, 0);
	co.origin = o.origin;
	if (o.mode) {
		char *end;
		unsigned long m;

		errno = 0;
		m = strtoul(o.mode, &end, 8);
		if (!*o.mode || *end || errno || m > 0777 || (m & 0600) != 0600 || o.mode[0] == '-')
			return cli_usage(CMD, "init: --mode: want octal permission bits such as 0600 or 0640, "
					      "readable and writable by the owner, not '%s'",
					 o.mode);
		co.file_mode = (unsigned)m;
	}
	if (o.key) {
		rc = read_key(o.key, o.origin, &k, false);
		if (rc)
			return rc;
		aisec_note_key_format_vkey(&k, &vk);
		aisec_note_key_wipe(&k);
		co.vkey = vk.data;
	}
	if (o.encrypt) {
		rc = read_aead_key(o.encrypt, aead);
		if (rc)
			goto out;
		co.aead_key = aead;
	}
	rc = aisec_ledger_create(o.pos[0], &co, &err);
	if (rc) {
		rc = cli_error_from(&err);
		goto out;
	}
	printf("created ledger '%s' (origin %s%s%s)\n", o.pos[0], o.origin,
	       co.vkey ? ", signer " : "", co.vkey ? co.vkey : "");
	rc = CLI_OK;
out:
	OPENSSL_cleanse(aead, sizeof(aead));
	aisec_buf_release(&vk);
	return rc;
}

static int write_new(const char *path, const char *data, size_t len, unsigned mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	ssize_t n;

	if (fd < 0)
		return cli_error("cannot create '%s': %s", path, strerror(errno));
	n = write(fd, data, len);
	if (n != (ssize_t)len || fsync(fd) != 0) {
		close(fd);
		return cli_error("cannot write '%s': %s", path, strerror(errno));
	}
	close(fd);
	return CLI_OK;
}

static int ledger_keygen(int argc, char **argv)
{
	struct opts o;
	int rc = parse_opts("keygen", argc, argv, &o);

	if (rc)
		return rc;
	if (o.aead_out) {
		uint8_t key[32];
		struct aisec_buf hex;

		if (o.npos != 0)
			return cli_usage(CMD, "keygen: --aead FILE takes no name");
		if (RAND_bytes(key, 32) != 1)
			return cli_error("no random bytes");
		aisec_buf_init(&hex, 0);
		if (aisec_buf_grow(&hex, 66) != 0 || aisec_buf_addhex(&hex, key, 32) != 0 ||
		    aisec_buf_addch(&hex, '\n') != 0)
			rc = cli_error("out of memory");
		else
			rc = write_new(o.aead_out, hex.data, hex.len, 0600);
		OPENSSL_cleanse(key, sizeof(key));
		/* grown once up front: the key never sat in a freed copy */
		OPENSSL_cleanse(hex.data, hex.len);
		aisec_buf_release(&hex);
		if (!rc)
			printf("wrote AES-256-GCM key '%s' (mode 0600)\n", o.aead_out);
		return rc;
	}
	if (o.npos != 1)
		return cli_usage(CMD, "keygen: want NAME [-o PREFIX] or --aead FILE");
	return cli_note_keygen(o.pos[0], o.output, o.witness);
}

int cli_note_keygen(const char *name, const char *prefix, bool witness)
{
	struct aisec_note_key k;
	struct aisec_error err;
	struct aisec_buf s, v, path;
	int rc;

	if (aisec_note_key_generate_type(name,
					 witness ? AISEC_NOTE_COSIGNATURE_V1 : AISEC_NOTE_ED25519,
					 &k, &err) != 0)
		return cli_error_from(&err);
	aisec_buf_init(&s, 0);
	aisec_buf_init(&v, 0);
	aisec_buf_init(&path, 0);
	aisec_note_key_format_skey(&k, &s);
	aisec_buf_addch(&s, '\n');
	aisec_note_key_format_vkey(&k, &v);
	aisec_buf_addch(&v, '\n');
	if (prefix) {
		aisec_buf_adds(&path, prefix);
	} else {
		aisec_buf_adds(&path, name);
		for (size_t i = 0; i < path.len; i++)
			if (path.data[i] == '/')
				path.data[i] = '_';
	}
	aisec_buf_adds(&path, ".skey");
	rc = write_new(path.data, s.data, s.len, 0600);
	if (!rc) {
		path.len -= 5;
		aisec_buf_adds(&path, ".vkey");
		rc = write_new(path.data, v.data, v.len, 0644);
	}
	if (!rc)
		printf("wrote %.*s.skey (secret, mode 0600) and %s\n%s", (int)(path.len - 5),
		       path.data, path.data, v.data);
	aisec_note_key_wipe(&k);
	OPENSSL_cleanse(s.data, s.len);
	aisec_buf_release(&s);
	aisec_buf_release(&v);
	aisec_buf_release(&path);
	return rc;
}

/* ---- append -------------------------------------------------------------------------- */

struct reader {
	int fd;
	char *buf;
	size_t len, cap, line_no;
	bool eof;
};

/* Fill the buffer with at least one complete line (or EOF). 0 ok, -1 error. */
static int reader_fill(struct reader *r)
{
	while (!r->eof && !memchr(r->buf, '\n', r->len)) {
		ssize_t n;

		if (r->len == r->cap) {
			size_t nc = r->cap * 2;
			char *nb;

			if (nc > (size_t)AISEC_LEDGER_ENTRY_MAX * 2 + 4096)
				return -2;
			nb = realloc(r->buf, nc);
			if (!nb)
				return -1;
			r->buf = nb;
			r->cap = nc;
		}
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = true;
		r->len += (size_t)n;
	}
	return 0;
}

static void print_acks(bool ack, uint64_t first, size_t n)
{
	if (!ack)
		return;
	for (size_t i = 0; i < n; i++)
		printf("%" PRIu64 "\n", first + i);
	fflush(stdout);
}

static int ledger_append(int argc, char **argv)
{
	const char *in_name;
	struct opts o;
	struct aisec_ledger *l = NULL;
	struct aisec_error err;
	struct reader r = {0};
	struct aisec_ledger_item *items = NULL;
	enum aisec_ledger_sync sync = AISEC_LEDGER_SYNC_BATCH;
	uint64_t batch = 1024, total = 0, first_all = UINT64_MAX, pending_first = 0;
	uint8_t aead[32];
	size_t pending = 0;
	int rc = parse_opts("append", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 1)
		return cli_usage(CMD, "append: want DIR");
	if ((rc = parse_sync(o.sync, &sync)) != 0)
		return rc;
	if (o.batch && ((rc = parse_u64_opt("append", "--batch", o.batch, &batch)) != 0 ||
			batch == 0))
		return rc ? rc : cli_usage(CMD, "append: --batch must be at least 1");
	if (o.encrypt && (rc = read_aead_key(o.encrypt, aead)) != 0)
		return rc;
	r.fd = STDIN_FILENO;
	in_name = o.file && strcmp(o.file, "-") != 0 ? o.file : "standard input";
	if (o.file && strcmp(o.file, "-") != 0) {
		r.fd = open(o.file, O_RDONLY | O_CLOEXEC);
		if (r.fd < 0) {
			rc = cli_error("cannot open '%s': %s", o.file, strerror(errno));
			goto out;
		}
	}
	r.cap = 1 << 16;
	r.buf = malloc(r.cap);
	items = calloc(batch < 65536 ? batch : 65536, sizeof(*items));
	if (!r.buf || !items) {
		rc = cli_error("out of memory");
		goto out;
	}
	if (batch > 65536)
		batch = 65536;
	if (sync == AISEC_LEDGER_SYNC_ALWAYS)
		batch = 1;
	l = open_ledger(o.pos[0], false, sync, o.encrypt ? aead : NULL);
	if (!l) {
		rc = CLI_ERROR;
		goto out;
	}
	if (aisec_ledger_encrypted(l) && !o.encrypt) {
		rc = cli_error("ledger '%s' is encrypted: appending needs its key (--encrypt)",
			       o.pos[0]);
		goto out;
	}
	for (;;) {
		size_t start = 0;
		int fr = reader_fill(&r);

		if (fr) {
			rc = fr == -2 ? cli_error("'%s' line %zu: longer than %u bytes", in_name,
						  r.line_no + 1, AISEC_LEDGER_ENTRY_MAX)
				      : cli_error("cannot read '%s': %s", in_name, strerror(errno));
			goto out;
		}
		if (r.len == 0 && r.eof)
			break;
		/* every complete line now buffered joins one group commit */
		while (start < r.len) {
			char *nl = memchr(r.buf + start, '\n', r.len - start);
			size_t ll;

			if (!nl && !r.eof)
				break;
			ll = nl ? (size_t)(nl - r.buf - start) : r.len - start;
			r.line_no++;
			if (ll && r.buf[start + ll - 1] == '\r')
				ll--;
			if (ll && o.json &&
			    aisec_ledger_event_check(r.buf + start, ll, &err) != 0) {
				rc = cli_error("'%s' line %zu: %s", in_name, r.line_no, err.msg);
				goto flush_and_fail;
			}
			if (ll) {
				items[pending].data = r.buf + start;
				items[pending].len = ll;
				pending++;
			}
			start += (nl ? (size_t)(nl - r.buf - start) + 1 : r.len - start);
			if (pending == batch)
				break;
		}
		if (pending) {
			if (aisec_ledger_append_batch(l, items, pending, &pending_first, &err) != 0) {
				rc = cli_error_from(&err);
				goto out;
			}
			if (first_all == UINT64_MAX)
				first_all = pending_first;
			total += pending;
			if (sync != AISEC_LEDGER_SYNC_NONE)
				print_acks(o.ack, pending_first, pending);
			pending = 0;
		}
		memmove(r.buf, r.buf + start, r.len - start);
		r.len -= start;
		if (r.eof && r.len == 0)
			break;
	}
	rc = aisec_ledger_close(l, &err);
	l = NULL;
	if (rc) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (sync == AISEC_LEDGER_SYNC_NONE)
		print_acks(o.ack, first_all, total);
	if (!o.ack)
		fprintf(stderr, "appended %" PRIu64 " entries%s\n", total,
			sync == AISEC_LEDGER_SYNC_NONE ? " (synced at close)" : "");
	rc = CLI_OK;
	goto out;
flush_and_fail:
	if (pending && aisec_ledger_append_batch(l, items, pending, &pending_first, &err) == 0 &&
	    sync != AISEC_LEDGER_SYNC_NONE)
		print_acks(o.ack, pending_first, pending);
	if (aisec_ledger_close(l, &err) != 0)
		cli_error_from(&err);
	l = NULL;
out:
	if (l)
		aisec_ledger_close(l, NULL);
	if (r.fd > 0)
		close(r.fd);
	free(r.buf);
	free(items);
	OPENSSL_cleanse(aead, sizeof(aead));
	return rc;
}

/* ---- checkpoint, prove, consistency ---------------------------------------------------- */

static int ledger_checkpoint(int argc, char **argv)
{
	struct opts o;
	struct aisec_note_key k;
	struct aisec_ledger *l;
	struct aisec_error err;
	struct aisec_buf note;
	char origin[AISEC_ORIGIN_MAX];
	int rc = parse_opts("checkpoint", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 1 || !o.key)
		return cli_usage(CMD, "checkpoint: want DIR --key KEY");
	if (o.encrypt)
		return cli_usage(CMD, "checkpoint: takes no --encrypt: a checkpoint covers the stored "
				      "(encrypted) entries and needs no payload key");
	if (o.hashes_only && !o.tiles)
		return cli_usage(CMD, "checkpoint: --hashes-only goes with --tiles OUT");
	if (aisec_ledger_read_origin(o.pos[0], origin, &err) != 0)
		return cli_error_from(&err);
	if ((rc = read_key(o.key, origin, &k, true)) != 0)
		return rc;
	l = open_ledger(o.pos[0], false, AISEC_LEDGER_SYNC_BATCH, NULL);
	if (!l) {
		aisec_note_key_wipe(&k);
		return CLI_ERROR;
	}
	aisec_buf_init(&note, 0);
	rc = aisec_ledger_checkpoint(l, &k, &note, &err);
	aisec_note_key_wipe(&k);
	if (rc)
		rc = cli_error_from(&err);
	else if (o.tiles)
		rc = cli_ledger_publish(l, o.tiles, o.hashes_only, true);
	if (aisec_ledger_close(l, rc ? NULL : &err) != 0 && !rc)
		rc = cli_error_from(&err);
	if (!rc)
		rc = emit(o.output, note.data, note.len);
	aisec_buf_release(&note);
	return rc;
}

static int ledger_prove(int argc, char **argv)
{
	struct opts o;
	struct aisec_ledger *l;
	struct aisec_error err;
	struct aisec_merkle_proof p;
	struct aisec_checkpoint cp;
	struct aisec_buf note, out;
	uint64_t index, size = 0;
	size_t tl;
	int rc = parse_opts("prove", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 1 || !o.index)
		return cli_usage(CMD, "prove: want DIR --index N [--size M]");
	if ((rc = parse_u64_opt("prove", "--index", o.index, &index)) != 0 ||
	    (o.size && (rc = parse_u64_opt("prove", "--size", o.size, &size)) != 0))
		return rc;
	l = open_ledger(o.pos[0], true, AISEC_LEDGER_SYNC_NONE, NULL);
	if (!l)
		return CLI_ERROR;
	aisec_buf_init(&note, 0);
	aisec_buf_init(&out, 0);
	/* the proof goes with a signed checkpoint of its size when one exists */
	rc = aisec_ledger_checkpoint_note(l, size, &note, &err);
	if (rc == AISEC_ERR_NOTFOUND && o.size) {
		cp.size = size;
		snprintf(cp.origin, sizeof(cp.origin), "%s", aisec_ledger_origin(l));
		rc = aisec_ledger_root(l, size, cp.root, &err);
		if (!rc) {
			cli_warn("no signed checkpoint of size %" PRIu64 ": the proof carries an unsigned one", size);
			aisec_checkpoint_format(&cp, &note);
		}
	} else if (!rc) {
		rc = aisec_note_text_len(note.data, note.len, &tl, &err);
		if (!rc)
			rc = aisec_checkpoint_parse(note.data, tl, &cp, &err);
	}
	if (rc) {
		rc = rc == AISEC_ERR_NOTFOUND && !o.size
			     ? cli_error("%s; run 'aisec ledger checkpoint' or give --size", err.msg)
			     : cli_error_from(&err);
		goto out;
	}
	if (aisec_ledger_prove_inclusion(l, index, cp.size, &p, &err) != 0 ||
	    aisec_tlog_proof_format(index, &p, note.data, note.len, &out) != 0) {
		rc = cli_error_from(&err);
		goto out;
	}
	rc = emit(o.output, out.data, out.len);
out:
	aisec_ledger_close(l, NULL);
	aisec_buf_release(&note);
	aisec_buf_release(&out);
	return rc;
}

static int ledger_consistency(int argc, char **argv)
{
	struct opts o;
	struct aisec_ledger *l;
	struct aisec_error err;
	struct aisec_consistency_proof cp = {0};
	struct aisec_buf out;
	int rc = parse_opts("consistency", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 1 || !o.from || !o.to)
		return cli_usage(CMD, "consistency: want DIR --from A --to B");
	if ((rc = parse_u64_opt("consistency", "--from", o.from, &cp.old_size)) != 0 ||
	    (rc = parse_u64_opt("consistency", "--to", o.to, &cp.new_size)) != 0)
		return rc;
	if (cp.old_size > cp.new_size)
		return cli_usage(CMD, "consistency: --from must not exceed --to");
	l = open_ledger(o.pos[0], true, AISEC_LEDGER_SYNC_NONE, NULL);
	if (!l)
		return CLI_ERROR;
	aisec_buf_init(&out, 0);
	/* from the empty tree there is nothing to prove: the proof is empty */
	if (cp.new_size > aisec_ledger_size(l)) {
		rc = cli_error("ledger '%s' has %" PRIu64 " entries, not %" PRIu64, o.pos[0],
			       aisec_ledger_size(l), cp.new_size);
	} else if (cp.old_size > 0 &&
		   aisec_ledger_prove_consistency(l, cp.old_size, cp.new_size, &cp.proof, &err) != 0) {
		rc = cli_error_from(&err);
	} else {
		aisec_consistency_proof_format(&cp, &out);
		rc = emit(o.output, out.data, out.len);
	}
	aisec_ledger_close(l, NULL);
	aisec_buf_release(&out);
	return rc;
}

/* ---- verify, verify-proof ------------------------------------------------------------------ */

static const char *state_name(enum aisec_ledger_state s)
{
	return s == AISEC_LEDGER_VERIFIED ? "verified" : s == AISEC_LEDGER_BROKEN ? "broken" : "missing";
}

static int ledger_verify(int argc, char **argv)
{
	struct opts o;
	struct aisec_ledger_verify_opts vo = {0};
	struct aisec_ledger_report r;
	struct aisec_error err;
	struct aisec_buf cp, hex, vkeys[MAX_TRUSTED];
	char origin[AISEC_ORIGIN_MAX];
	int rc = parse_opts("verify", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 1)
		return cli_usage(CMD, "verify: want DIR [--checkpoint FILE] [--trusted-key KEY...]");
	if (o.quorum && !o.witnesses)
		return cli_usage(CMD, "verify: --quorum goes with --witnesses FILE");
	if (o.format && strcmp(o.format, "json") != 0 && strcmp(o.format, "text") != 0)
		return cli_usage(CMD, "verify: --format text|json");
	aisec_buf_init(&cp, 0);
	aisec_buf_init(&hex, 0);
	for (int i = 0; i < MAX_TRUSTED; i++)
		aisec_buf_init(&vkeys[i], 0);
	if (o.checkpoint && (rc = read_text_file(o.checkpoint, &cp)) != 0)
		goto out;
	/* PEM keys are named by the ledger's origin, as note keys are */
	if (o.ntrusted && aisec_ledger_read_origin(o.pos[0], origin, &err) != 0) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (o.ntrusted && (rc = read_trusted(&o, origin, vkeys)) != 0)
		goto out;
	vo.checkpoint = o.checkpoint ? cp.data : NULL;
	vo.checkpoint_len = cp.len;
	/* any one of the trusted keys may have signed the checkpoints */
	for (int i = 0;; i++) {
		vo.trusted_vkey = o.ntrusted ? vkeys[i].data : NULL;
		rc = aisec_ledger_verify(o.pos[0], &vo, &r, &err);
		if (r.state != AISEC_LEDGER_BROKEN || i + 1 >= o.ntrusted)
			break;
	}
	aisec_buf_addhex(&hex, r.root, AISEC_HASH_SIZE);
	if (o.format && strcmp(o.format, "json") == 0) {
		json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:I, s:b, s:b, s:s?}",
				      "ledger", o.pos[0], "state", state_name(r.state),
				      "entries", (json_int_t)r.entries, "bytes", (json_int_t)r.bytes,
				      "torn_bytes", (json_int_t)r.torn_bytes,
				      "unindexed", (json_int_t)r.unindexed, "root", hex.data,
				      "checkpoint_size", (json_int_t)r.checkpoint_size,
				      "checkpoint_signed", r.checkpoint_signed,
				      "trusted_key", r.trusted_key,
				      "problem", r.problem[0] ? r.problem : NULL);
		cli_emit_json(stdout, j);
		json_decref(j);
	} else if (r.state == AISEC_LEDGER_VERIFIED) {
		printf("ledger '%s': verified\n  entries: %" PRIu64 " (%" PRIu64 " bytes)\n  root: %s\n",
		       o.pos[0], r.entries, r.bytes, hex.data);
		if (r.checkpoint_size || r.checkpoint_signed)
			printf("  newest checkpoint: size %" PRIu64 ", signature %s\n", r.checkpoint_size,
			       r.checkpoint_signed ? (r.trusted_key ? "verified with the trusted key"
								    : "verified with the key recorded in the ledger")
						   : "not checked (no key)");
		else
			printf("  no signed checkpoint yet\n");
		if (r.torn_bytes)
			printf("  crash residue: %" PRIu64 " torn bytes at the end (truncated on the next append)\n",
			       r.torn_bytes);
		if (r.unindexed)
			printf("  %" PRIu64 " entries not yet indexed (written before a crash, counted above;"
			       " the next 'aisec ledger append' indexes them)\n", r.unindexed);
	} else if (r.state == AISEC_LEDGER_BROKEN) {
		printf("ledger '%s': BROKEN\n  %s\n", o.pos[0], r.problem);
	}
	if (r.state == AISEC_LEDGER_BROKEN)
		rc = CLI_NEGATIVE;
	else if (rc)
		rc = cli_error_from(&err);
	else if (o.witnesses)
		rc = cli_ledger_quorum(o.pos[0], o.checkpoint, o.witnesses, o.quorum,
				       !(o.format && strcmp(o.format, "json") == 0));
out:
	aisec_buf_release(&cp);
	for (int i = 0; i < MAX_TRUSTED; i++)
		aisec_buf_release(&vkeys[i]);
	aisec_buf_release(&hex);
	return rc;
}

/* The origin a checkpoint note names ("" when it names none): the name of PEM keys. */
static void note_origin(const struct aisec_buf *note, char *origin)
{
	struct aisec_checkpoint c;
	struct aisec_error err;

	origin[0] = '\0';
	if (aisec_checkpoint_parse(note->data, note->len, &c, &err) == 0)
		memcpy(origin, c.origin, sizeof(c.origin));
}

static int verify_consistency_files(const struct opts *o)
{
	struct aisec_buf p, a, b;
	struct aisec_consistency_proof cp;
	struct aisec_checkpoint c1, c2;
	struct aisec_note_key k[MAX_TRUSTED];
	struct aisec_error err;
	char origin[AISEC_ORIGIN_MAX];
	size_t t1, t2;
	int rc, nk = 0;

	aisec_buf_init(&p, 0);
	aisec_buf_init(&a, 0);
	aisec_buf_init(&b, 0);
	if ((rc = read_text_file(o->proof, &p)) != 0 || (rc = read_text_file(o->old_cp, &a)) != 0 ||
	    (rc = read_text_file(o->new_cp, &b)) != 0)
		goto out;
	memset(k, 0, sizeof(k));
	note_origin(&a, origin);
	for (; nk < o->ntrusted; nk++)
		if ((rc = read_key(o->trusted[nk], origin[0] ? origin : NULL, &k[nk], false)) != 0)
			goto out;
	rc = aisec_consistency_proof_parse(p.data, p.len, &cp, &err);
	if (!rc)
		rc = aisec_note_verify(a.data, a.len, k, (size_t)nk, &t1, &err);
	if (!rc)
		rc = aisec_note_verify(b.data, b.len, k, (size_t)nk, &t2, &err);
	if (!rc)
		rc = aisec_checkpoint_parse(a.data, t1, &c1, &err);
	if (!rc)
		rc = aisec_checkpoint_parse(b.data, t2, &c2, &err);
	if (rc) {
		rc = rc == AISEC_ERR_VERIFY ? (printf("not verified: %s\n", err.msg), CLI_NEGATIVE)
					    : cli_error_from(&err);
		goto out;
	}
	if (strcmp(c1.origin, c2.origin) != 0 || cp.old_size != c1.size || cp.new_size != c2.size) {
		printf("not verified: the proof is for sizes %" PRIu64 " -> %" PRIu64
		       ", the checkpoints are %s %" PRIu64 " and %s %" PRIu64 "\n",
		       cp.old_size, cp.new_size, c1.origin, c1.size, c2.origin, c2.size);
		rc = CLI_NEGATIVE;
	} else if (c1.size == 0 ? cp.proof.n != 0
				: aisec_merkle_verify_consistency(c1.size, c2.size, c1.root,
								  c2.root, &cp.proof) != 0) {
		printf("not verified: checkpoint %" PRIu64 " is not a prefix of checkpoint %" PRIu64
		       " (a fork or rewritten history)\n", c1.size, c2.size);
		rc = CLI_NEGATIVE;
	} else {
		printf("verified: %s size %" PRIu64 " is a prefix of size %" PRIu64 "\n", c1.origin,
		       c1.size, c2.size);
		rc = CLI_OK;
	}
out:
	for (int i = 0; i < MAX_TRUSTED; i++)
		aisec_note_key_wipe(&k[i]);
	aisec_buf_release(&p);
	aisec_buf_release(&a);
	aisec_buf_release(&b);
	return rc;
}

static int ledger_verify_proof(int argc, char **argv)
{
	struct opts o;
	struct aisec_buf proof, entry, cpn, note, vkeys[MAX_TRUSTED];
	char origin[AISEC_ORIGIN_MAX];
	struct aisec_tlog_proof tp;
	struct aisec_checkpoint cp;
	struct aisec_ledger_entry_evidence ev;
	struct aisec_error err;
	int rc = parse_opts("verify-proof", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 0 || !o.proof || !o.ntrusted ||
	    (!o.entry && !(o.old_cp && o.new_cp)))
		return cli_usage(CMD, "verify-proof: want --proof FILE --trusted-key KEY and --entry "
				      "FILE [--checkpoint FILE], or --old CP --new CP");
	if (!o.entry)
		return verify_consistency_files(&o);
	aisec_buf_init(&proof, 0);
	aisec_buf_init(&entry, 0);
	aisec_buf_init(&cpn, 0);
	for (int i = 0; i < MAX_TRUSTED; i++)
		aisec_buf_init(&vkeys[i], 0);
	if ((rc = read_text_file(o.proof, &proof)) != 0 || (rc = read_entry_file(o.entry, &entry)) != 0 ||
	    (o.checkpoint && (rc = read_text_file(o.checkpoint, &cpn)) != 0))
		goto out;
	if (aisec_tlog_proof_parse(proof.data, proof.len, &tp, &err) != 0) {
		rc = cli_error("'%s': %s", o.proof, err.msg);
		goto out;
	}
	ev.entry = entry.data;
	ev.entry_len = entry.len;
	ev.proof = &tp;
	ev.note = o.checkpoint ? cpn.data : proof.data + tp.note_off;
	ev.note_len = o.checkpoint ? cpn.len : tp.note_len;
	note = (struct aisec_buf){.data = (char *)ev.note, .len = ev.note_len};
	note_origin(&note, origin);
	if ((rc = read_trusted(&o, origin[0] ? origin : NULL, vkeys)) != 0)
		goto out;
	/* any one of the trusted keys may have signed the checkpoint */
	for (int i = 0; i < o.ntrusted; i++) {
		ev.vkey = vkeys[i].data;
		ev.vkey_len = vkeys[i].len;
		rc = aisec_ledger_verify_entry_proof(&ev, &cp, &err);
		if (rc != AISEC_ERR_VERIFY)
			break;
	}
	if (rc == 0) {
		printf("verified: entry %" PRIu64 " is in %s at size %" PRIu64 "\n", tp.index,
		       cp.origin, cp.size);
	} else if (rc == AISEC_ERR_VERIFY) {
		printf("not verified: %s\n", err.msg);
		rc = CLI_NEGATIVE;
	} else {
		rc = cli_error_from(&err);
	}
out:
	aisec_buf_release(&proof);
	aisec_buf_release(&entry);
	aisec_buf_release(&cpn);
	for (int i = 0; i < MAX_TRUSTED; i++)
		aisec_buf_release(&vkeys[i]);
	return rc;
}

/* ---- show, export ---------------------------------------------------------------------------- */

static int ledger_show(int argc, char **argv)
{
	struct opts o;
	struct aisec_ledger *l;
	struct aisec_error err;
	struct aisec_buf b, hex;
	uint8_t aead[32], root[AISEC_HASH_SIZE];
	uint64_t index;
	int rc = parse_opts("show", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 1)
		return cli_usage(CMD, "show: want DIR [--index N [--raw]]");
	if (o.index && (rc = parse_u64_opt("show", "--index", o.index, &index)) != 0)
		return rc;
	if (o.encrypt && (rc = read_aead_key(o.encrypt, aead)) != 0)
		return rc;
	l = open_ledger(o.pos[0], true, AISEC_LEDGER_SYNC_NONE, o.encrypt ? aead : NULL);
	OPENSSL_cleanse(aead, sizeof(aead));
	if (!l)
		return CLI_ERROR;
	aisec_buf_init(&b, 0);
	aisec_buf_init(&hex, 0);
	if (!o.index) {
		uint64_t n = aisec_ledger_size(l);

		rc = aisec_ledger_root(l, n, root, &err);
		if (rc) {
			rc = cli_error_from(&err);
			goto out;
		}
		aisec_buf_addhex(&hex, root, AISEC_HASH_SIZE);
		printf("origin: %s\nentries: %" PRIu64 "\nroot: %s\nencrypted: %s\nsigner: %s\n",
		       aisec_ledger_origin(l), n, hex.data,
		       aisec_ledger_encrypted(l) ? "yes (AES-256-GCM)" : "no",
		       aisec_ledger_vkey(l) ? aisec_ledger_vkey(l) : "(none recorded)");
		if (aisec_ledger_unindexed(l))
			printf("unindexed: %" PRIu64 " (entries %" PRIu64 "-%" PRIu64
			       " written before a crash, counted above; the next "
			       "'aisec ledger append' indexes them)\n",
			       aisec_ledger_unindexed(l), n - aisec_ledger_unindexed(l), n - 1);
		if (aisec_ledger_checkpoint_note(l, 0, &b, NULL) == 0)
			printf("newest checkpoint:\n%s", b.data);
		goto out;
	}
	rc = o.raw ? aisec_ledger_read(l, index, &b, NULL, &err)
		   : aisec_ledger_read(l, index, NULL, &b, &err);
	if (rc) {
		rc = rc == AISEC_ERR_USAGE ? cli_error("%s (--encrypt KEYFILE, or --raw for the ciphertext)", err.msg)
					   : cli_error_from(&err);
		goto out;
	}
	if (!o.raw)
		aisec_buf_addch(&b, '\n');
	rc = emit(o.output, b.data, b.len);
out:
	aisec_ledger_close(l, NULL);
	aisec_buf_release(&b);
	aisec_buf_release(&hex);
	return rc;
}

/* One entry as a JSON object: index, leaf hash, and the event (or text, or ciphertext). */
static json_t *entry_json(struct aisec_ledger *l, uint64_t i, bool have_key,
			  struct aisec_buf *st, struct aisec_buf *pl, struct aisec_error *err)
{
	uint8_t leaf[AISEC_HASH_SIZE];
	struct aisec_buf hex;
	json_t *o, *ev;
	bool enc = aisec_ledger_encrypted(l);

	aisec_buf_reset(st);
	aisec_buf_reset(pl);
	aisec_buf_init(&hex, 0);
	if (aisec_ledger_read(l, i, st, enc && !have_key ? NULL : pl, err) != 0)
		return NULL;
	aisec_merkle_leaf_hash(st->data, st->len, leaf);
	aisec_buf_addhex(&hex, leaf, AISEC_HASH_SIZE);
	o = json_pack("{s:I, s:s}", "index", (json_int_t)i, "leaf_hash", hex.data);
	aisec_buf_release(&hex);
	if (enc && !have_key) {
		aisec_buf_init(&hex, 0);
		if (aisec_buf_grow(&hex, 4 * ((st->len + 2) / 3) + 1) == 0) {
			hex.len = (size_t)EVP_EncodeBlock((unsigned char *)hex.data,
							  (const unsigned char *)st->data, (int)st->len);
			json_object_set_new(o, "ciphertext", json_string(hex.data));
		}
		aisec_buf_release(&hex);
		return o;
	}
	ev = json_loadb(pl->data, pl->len, 0, NULL);
	if (ev)
		json_object_set_new(o, "event", ev);
	else
		json_object_set_new(o, "text", json_stringn(pl->data, pl->len));
	return o;
}

static int ledger_export(int argc, char **argv)
{
	static const struct cli_column cols[] = {
		{"index", "INDEX", false}, {"leaf_hash", "LEAF HASH", false},
		{"event", "ENTRY", true},
	};
	struct opts o;
	struct aisec_ledger *l;
	struct aisec_error err;
	struct aisec_buf st, pl;
	enum cli_format fmt = CLI_FMT_JSON;
	bool jsonl;
	uint8_t aead[32];
	uint64_t from = 0, to;
	json_t *all = NULL;
	int rc = parse_opts("export", argc, argv, &o);

	if (rc)
		return rc;
	if (o.npos != 1)
		return cli_usage(CMD, "export: want DIR [--format jsonl|json|table|csv|md] [--from A] [--to B]");
	jsonl = !o.format || strcmp(o.format, "jsonl") == 0;
	if (!jsonl && cli_parse_format(o.format, &fmt) != 0)
		return cli_usage(CMD, "export: --format jsonl|json|table|csv|md, not '%s'", o.format);
	if (o.bom && (jsonl || fmt != CLI_FMT_CSV))
		return cli_usage(CMD, "export: --bom is for --format csv");
	if (o.from && (rc = parse_u64_opt("export", "--from", o.from, &from)) != 0)
		return rc;
	if (o.encrypt && (rc = read_aead_key(o.encrypt, aead)) != 0)
		return rc;
	l = open_ledger(o.pos[0], true, AISEC_LEDGER_SYNC_NONE, o.encrypt ? aead : NULL);
	OPENSSL_cleanse(aead, sizeof(aead));
	if (!l)
		return CLI_ERROR;
	to = aisec_ledger_size(l);
	if (o.to && ((rc = parse_u64_opt("export", "--to", o.to, &to)) != 0 || to > aisec_ledger_size(l))) {
		rc = rc ? rc : cli_error("--to %" PRIu64 " is beyond the ledger's %" PRIu64 " entries", to,
					aisec_ledger_size(l));
		aisec_ledger_close(l, NULL);
		return rc;
	}
	if (from > to) {
		aisec_ledger_close(l, NULL);
		return cli_usage(CMD, "export: --from %" PRIu64 " is after --to %" PRIu64, from, to);
	}
	if (aisec_ledger_unindexed(l) && to > aisec_ledger_size(l) - aisec_ledger_unindexed(l))
		fprintf(stderr, "aisec: ledger '%s': entries %" PRIu64 "-%" PRIu64
			" are not indexed yet (written before a crash; exported all the "
			"same, the next 'aisec ledger append' indexes them)\n",
			o.pos[0], aisec_ledger_size(l) - aisec_ledger_unindexed(l),
			aisec_ledger_size(l) - 1);
	aisec_buf_init(&st, 0);
	aisec_buf_init(&pl, 0);
	if (!jsonl)
		all = json_array();
	for (uint64_t i = from; i < to; i++) {
		json_t *e = entry_json(l, i, o.encrypt != NULL, &st, &pl, &err);

		if (!e) {
			rc = cli_error_from(&err);
			goto out;
		}
		if (jsonl) {
			char *s = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);

			if (s)
				puts(s);
			free(s);
			json_decref(e);
		} else {
			if (!json_object_get(e, "event"))
				json_object_set(e, "event", json_object_get(e, json_object_get(e, "text") ? "text" : "ciphertext"));
			json_array_append_new(all, e);
		}
	}
	if (o.bom)
		fputs("\xEF\xBB\xBF", stdout);
	if (!jsonl && cli_emit_list(stdout, all, cols, 3, fmt) != 0)
		rc = cli_error("cannot write to stdout");
out:
	json_decref(all);
	aisec_ledger_close(l, NULL);
	aisec_buf_release(&st);
	aisec_buf_release(&pl);
	return rc;
}

/* ---- dispatch ------------------------------------------------------------------------------------ */

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subs[] = {
	{"init", ledger_init}, {"keygen", ledger_keygen}, {"append", ledger_append},
	{"checkpoint", ledger_checkpoint}, {"prove", ledger_prove},
	{"consistency", ledger_consistency}, {"verify", ledger_verify},
	{"verify-proof", ledger_verify_proof}, {"show", ledger_show},
	{"export", ledger_export}, {"tiles", cli_ledger_tiles},
	{"verify-remote", cli_ledger_verify_remote}, {"cosign", cli_ledger_cosign},
};

int cmd_ledger(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(CMD, "want a subcommand: init, keygen, append, checkpoint, prove, "
				      "consistency, verify, verify-proof, show, export, tiles, "
				      "verify-remote, cosign");
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage(CMD, "'%s' is not a ledger subcommand", argv[1]);
}
