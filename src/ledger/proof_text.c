/*
 * proof_text.c - the text formats that travel between a log and its
 * auditors: the tlog-checkpoint body (c2sp.org/tlog-checkpoint), inclusion
 * proofs as c2sp.org/tlog-proof@v1, and aisec's consistency-proof text.
 * Parsers are strict (one form per value) and name the line that fails.
 */
#include <string.h>

#include "core/core.h"
#include "ledger/ledger_int.h"

#define TLOG_PROOF_HEADER "c2sp.org/tlog-proof@v1"
#define CONSISTENCY_HEADER "aisec.ledger/consistency@v1"

int lg_parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 20 || (n > 1 && s[0] == '0'))
		return AISEC_ERR_PARSE;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return AISEC_ERR_PARSE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int lg_b64_hash(const char *s, size_t n, uint8_t out[AISEC_HASH_SIZE])
{
	struct aisec_buf b;
	int rc = AISEC_ERR_PARSE;

	if (n != 44)
		return AISEC_ERR_PARSE;
	aisec_buf_init(&b, 64);
	if (aisec_base64_decode(s, n, &b) == 0 && b.len == AISEC_HASH_SIZE) {
		memcpy(out, b.data, AISEC_HASH_SIZE);
		rc = 0;
	}
	aisec_buf_release(&b);
	return rc;
}

/* A cursor over lines of text; next() gives one line without its '\n'. */
struct lines {
	const char *s;
	size_t n, pos;
	int no;
};

/* 1 with a line, 0 at the end, -1 when the last line lacks its '\n'. */
static int next_line(struct lines *l, const char **line, size_t *len)
{
	const char *nl;

	if (l->pos >= l->n)
		return 0;
	nl = memchr(l->s + l->pos, '\n', l->n - l->pos);
	l->no++;
	if (!nl)
		return -1;
	*line = l->s + l->pos;
	*len = (size_t)(nl - *line);
	l->pos += *len + 1;
	return 1;
}

int aisec_checkpoint_parse(const char *text, size_t len,
			   struct aisec_checkpoint *cp, struct aisec_error *err)
{
	struct lines l = {text, len, 0, 0};
	const char *s;
	size_t n;
	int r;

	memset(cp, 0, sizeof(*cp));
	if (next_line(&l, &s, &n) != 1 || n == 0 || n >= AISEC_ORIGIN_MAX ||
	    memchr(s, '\0', n))
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "checkpoint line 1: want the origin");
	memcpy(cp->origin, s, n);
	if (next_line(&l, &s, &n) != 1 || lg_parse_u64(s, n, &cp->size) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "checkpoint line 2: want the tree size in decimal");
	if (next_line(&l, &s, &n) != 1 || lg_b64_hash(s, n, cp->root) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "checkpoint line 3: want the base64 root hash");
	/* extension lines, up to the end or the blank line before signatures */
	while ((r = next_line(&l, &s, &n)) == 1 && n > 0)
		;
	if (r < 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "checkpoint line %d: no final newline", l.no);
	return 0;
}

int aisec_checkpoint_format(const struct aisec_checkpoint *cp,
			    struct aisec_buf *out)
{
	int rc = aisec_buf_addf(out, "%s\n%llu\n", cp->origin,
				(unsigned long long)cp->size);

	if (!rc)
		rc = aisec_base64_encode(cp->root, AISEC_HASH_SIZE, out);
	return rc ? rc : aisec_buf_addch(out, '\n');
}

/* "<key> <decimal>" */
static int keyed_u64(const char *s, size_t n, const char *key, uint64_t *v)
{
	size_t kl = strlen(key);

	if (n <= kl + 1 || memcmp(s, key, kl) != 0 || s[kl] != ' ')
		return AISEC_ERR_PARSE;
	return lg_parse_u64(s + kl + 1, n - kl - 1, v);
}

/* Hash lines until a blank line (stop_blank) or the end. */
static int hash_lines(struct lines *l, struct aisec_merkle_proof *p,
		      bool stop_blank, const char *what, struct aisec_error *err)
{
	const char *s;
	size_t n;
	int r;

	p->n = 0;
	while ((r = next_line(l, &s, &n)) == 1) {
		if (n == 0 && stop_blank)
			return 0;
		if (p->n >= AISEC_MERKLE_MAX_PROOF)
			return aisec_error_set(err, AISEC_ERR_PARSE,
					       "%s line %d: too many hashes", what, l->no);
		if (lg_b64_hash(s, n, p->hash[p->n]) != 0)
			return aisec_error_set(err, AISEC_ERR_PARSE,
					       "%s line %d: want a base64 hash of 32 bytes",
					       what, l->no);
		p->n++;
	}
	if (r < 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "%s line %d: no final newline", what, l->no);
	if (stop_blank)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "%s: no blank line before the checkpoint", what);
	return 0;
}

int aisec_tlog_proof_parse(const char *text, size_t len,
			   struct aisec_tlog_proof *out, struct aisec_error *err)
{
	struct lines l = {text, len, 0, 0};
	const char *s;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (next_line(&l, &s, &n) != 1 || n != strlen(TLOG_PROOF_HEADER) ||
	    memcmp(s, TLOG_PROOF_HEADER, n) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "proof line 1: want '" TLOG_PROOF_HEADER "'");
	if (next_line(&l, &s, &n) != 1)
		return aisec_error_set(err, AISEC_ERR_PARSE, "proof line 2: want 'index N'");
	if (n > 6 && memcmp(s, "extra ", 6) == 0) {
		struct aisec_buf b;

		aisec_buf_init(&b, 0);
		rc = aisec_base64_decode(s + 6, n - 6, &b);
		aisec_buf_release(&b);
		if (rc)
			return aisec_error_set(err, AISEC_ERR_PARSE,
					       "proof line 2: 'extra' is not base64");
		if (next_line(&l, &s, &n) != 1)
			return aisec_error_set(err, AISEC_ERR_PARSE,
					       "proof line 3: want 'index N'");
	}
	if (keyed_u64(s, n, "index", &out->index) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "proof line %d: want 'index N'", l.no);
	rc = hash_lines(&l, &out->proof, true, "proof", err);
	if (rc)
		return rc;
	if (l.pos >= len)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "proof: no checkpoint after the blank line");
	out->note_off = l.pos;
	out->note_len = len - l.pos;
	return 0;
}

int aisec_tlog_proof_format(uint64_t index, const struct aisec_merkle_proof *proof,
			    const char *note, size_t note_len, struct aisec_buf *out)
{
	int rc = aisec_buf_addf(out, TLOG_PROOF_HEADER "\nindex %llu\n",
				(unsigned long long)index);

	for (size_t i = 0; !rc && i < proof->n; i++) {
		rc = aisec_base64_encode(proof->hash[i], AISEC_HASH_SIZE, out);
		if (!rc)
			rc = aisec_buf_addch(out, '\n');
	}
	if (!rc)
		rc = aisec_buf_addch(out, '\n');
	return rc ? rc : aisec_buf_add(out, note, note_len);
}

int aisec_consistency_proof_parse(const char *text, size_t len,
				  struct aisec_consistency_proof *out,
				  struct aisec_error *err)
{
	struct lines l = {text, len, 0, 0};
	const char *s;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (next_line(&l, &s, &n) != 1 || n != strlen(CONSISTENCY_HEADER) ||
	    memcmp(s, CONSISTENCY_HEADER, n) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE,
				       "proof line 1: want '" CONSISTENCY_HEADER "'");
	if (next_line(&l, &s, &n) != 1 || keyed_u64(s, n, "old", &out->old_size) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE, "proof line 2: want 'old N'");
	if (next_line(&l, &s, &n) != 1 || keyed_u64(s, n, "new", &out->new_size) != 0)
		return aisec_error_set(err, AISEC_ERR_PARSE, "proof line 3: want 'new N'");
	return hash_lines(&l, &out->proof, false, "proof", err);
}

int aisec_consistency_proof_format(const struct aisec_consistency_proof *p,
				   struct aisec_buf *out)
{
	int rc = aisec_buf_addf(out, CONSISTENCY_HEADER "\nold %llu\nnew %llu\n",
				(unsigned long long)p->old_size,
				(unsigned long long)p->new_size);

	for (size_t i = 0; !rc && i < p->proof.n; i++) {
		rc = aisec_base64_encode(p->proof.hash[i], AISEC_HASH_SIZE, out);
		if (!rc)
			rc = aisec_buf_addch(out, '\n');
	}
	return rc;
}
