/*
 * test_ledger_note.c - signed notes and keys against the vectors in
 * AISEC_VECTORS_DIR/signed-note/vectors.json (C2SP spec example, Go
 * sumdb/note example signed byte for byte, a real sum.golang.org
 * checkpoint), negative cases, checkpoint and proof text, event schema.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "aisec/ledger.h"

static json_t *vectors;

static const char *vs(size_t i, const char *key)
{
	json_t *v = json_object_get(json_array_get(vectors, i), key);

	assert_non_null(v);
	return json_string_value(v);
}

static int setup(void **state)
{
	json_error_t jerr;

	vectors = json_load_file(AISEC_VECTORS_DIR "/signed-note/vectors.json", 0, &jerr);
	if (!vectors) {
		fprintf(stderr, "cannot load signed-note vectors: %s\n", jerr.text);
		return -1;
	}
	return json_array_size(vectors) == 3 ? 0 : -1;
}

static int teardown(void **state)
{
	json_decref(vectors);
	return 0;
}

/* text + "\n" + signature line + "\n" */
static char *note_of(size_t i)
{
	const char *t = vs(i, "text"), *s = vs(i, "signature_line");
	size_t n = strlen(t) + strlen(s) + 3;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s\n%s\n", t, s);
	return p;
}

static void test_c2sp_example(void **state)
{
	struct aisec_note_key k;
	struct aisec_error err;
	char *note = note_of(0);
	size_t tl;

	assert_int_equal(aisec_note_key_parse_vkey(vs(0, "vkey"), strlen(vs(0, "vkey")), &k, &err), 0);
	assert_int_equal(k.id, 0x530d903a);
	assert_string_equal(k.name, "example.com/foo");
	assert_int_equal(aisec_note_verify(note, strlen(note), &k, 1, &tl, &err), 0);
	assert_int_equal(tl, strlen(vs(0, "text")));
	/* one changed byte of the text */
	note[0] = 't';
	assert_int_equal(aisec_note_verify(note, strlen(note), &k, 1, &tl, &err), AISEC_ERR_VERIFY);
	free(note);
}

static void test_go_example_signs_byte_for_byte(void **state)
{
	struct aisec_note_key k, v;
	struct aisec_error err;
	struct aisec_buf out;
	char *note = note_of(1);
	size_t tl;

	assert_int_equal(aisec_note_key_parse_skey(vs(1, "skey"), strlen(vs(1, "skey")), &k, &err), 0);
	assert_true(k.has_private);
	aisec_buf_init(&out, 0);
	assert_int_equal(aisec_note_key_format_vkey(&k, &out), 0);
	assert_string_equal(out.data, vs(1, "vkey"));
	aisec_buf_reset(&out);
	assert_int_equal(aisec_note_key_format_skey(&k, &out), 0);
	assert_string_equal(out.data, vs(1, "skey"));
	aisec_buf_reset(&out);
	assert_int_equal(aisec_note_sign(vs(1, "text"), strlen(vs(1, "text")), &k, &out, &err), 0);
	assert_string_equal(out.data, note);
	assert_int_equal(aisec_note_key_parse_vkey(vs(1, "vkey"), strlen(vs(1, "vkey")), &v, &err), 0);
	assert_int_equal(aisec_note_verify(out.data, out.len, &v, 1, &tl, &err), 0);
	aisec_note_key_wipe(&k);
	assert_false(k.has_private);
	aisec_buf_release(&out);
	free(note);
}

static void test_sumdb_checkpoint(void **state)
{
	struct aisec_note_key k, other;
	struct aisec_checkpoint cp;
	struct aisec_error err;
	const char *note = vs(2, "note");
	size_t tl;

	assert_int_equal(aisec_note_key_parse_vkey(vs(2, "vkey"), strlen(vs(2, "vkey")), &k, &err), 0);
	assert_int_equal(aisec_note_verify(note, strlen(note), &k, 1, &tl, &err), 0);
	assert_int_equal(aisec_checkpoint_parse(note, tl, &cp, &err), 0);
	assert_string_equal(cp.origin, "go.sum database tree");
	assert_int_equal(cp.size, 6476701);
	/* a note signed by nobody we know is not verified */
	assert_int_equal(aisec_note_key_parse_vkey(vs(0, "vkey"), strlen(vs(0, "vkey")), &other, &err), 0);
	assert_int_equal(aisec_note_verify(note, strlen(note), &other, 1, &tl, &err), AISEC_ERR_VERIFY);
}

static void test_malformed(void **state)
{
	static const char *const bad_vkeys[] = {
		"PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", /* id */
		"PeterNeumann+c74f20a3+ApRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", /* type */
		"PeterNeumann+c74f20a3", "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "",
	};
	static const char *const bad_notes[] = {
		"", "no newline", "text\n", "text\n\nnot a signature\n",
		"text\n\n\xe2\x80\x94 name !!!!\n", "te\x01xt\n\n\xe2\x80\x94 a AAAAAAA=\n",
		"text\n\n\xe2\x80\x94 a\n",
	};
	struct aisec_note_key k;
	struct aisec_error err;
	size_t tl;

	for (size_t i = 0; i < sizeof(bad_vkeys) / sizeof(bad_vkeys[0]); i++)
		assert_int_equal(aisec_note_key_parse_vkey(bad_vkeys[i], strlen(bad_vkeys[i]), &k, &err),
				 AISEC_ERR_PARSE);
	assert_int_equal(aisec_note_key_parse_vkey(vs(1, "vkey"), strlen(vs(1, "vkey")), &k, &err), 0);
	for (size_t i = 0; i < sizeof(bad_notes) / sizeof(bad_notes[0]); i++)
		assert_int_not_equal(aisec_note_verify(bad_notes[i], strlen(bad_notes[i]), &k, 1, &tl, &err), 0);
	assert_int_equal(aisec_note_key_generate("bad name", &k, &err), AISEC_ERR_INVALID);
	assert_int_equal(aisec_note_key_generate("a+b", &k, &err), AISEC_ERR_INVALID);
}

static void test_generate_roundtrip(void **state)
{
	struct aisec_note_key k, s, v;
	struct aisec_error err;
	struct aisec_buf b, note;
	size_t tl;

	aisec_buf_init(&b, 0);
	aisec_buf_init(&note, 0);
	assert_int_equal(aisec_note_key_generate("example.org/log", &k, &err), 0);
	assert_int_equal(aisec_note_key_format_skey(&k, &b), 0);
	assert_int_equal(aisec_note_key_parse_skey(b.data, b.len, &s, &err), 0);
	aisec_buf_reset(&b);
	assert_int_equal(aisec_note_key_format_vkey(&s, &b), 0);
	assert_int_equal(aisec_note_key_parse_vkey(b.data, b.len, &v, &err), 0);
	assert_int_equal(v.id, k.id);
	assert_int_equal(aisec_note_sign("hello\n", 6, &s, &note, &err), 0);
	assert_int_equal(aisec_note_verify(note.data, note.len, &v, 1, &tl, &err), 0);
	assert_int_equal(tl, 6);
	assert_int_equal(aisec_note_sign("no newline", 10, &s, &note, &err), AISEC_ERR_INVALID);
	aisec_note_key_wipe(&k);
	aisec_note_key_wipe(&s);
	aisec_buf_release(&b);
	aisec_buf_release(&note);
}

static void test_checkpoint_and_proof_text(void **state)
{
	struct aisec_checkpoint cp = {"example.com/log", 7, {0}}, back;
	struct aisec_consistency_proof c = {3, 7, {0}}, cb;
	struct aisec_tlog_proof tp;
	struct aisec_merkle_proof p = {0};
	struct aisec_error err;
	struct aisec_buf b;

	memset(cp.root, 0xab, 32);
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_checkpoint_format(&cp, &b), 0);
	assert_int_equal(aisec_checkpoint_parse(b.data, b.len, &back, &err), 0);
	assert_string_equal(back.origin, cp.origin);
	assert_int_equal(back.size, 7);
	assert_memory_equal(back.root, cp.root, 32);
	assert_int_equal(aisec_checkpoint_parse("o\n07\nq83vzerzze4=\n", 18, &back, &err), AISEC_ERR_PARSE);
	assert_int_equal(aisec_checkpoint_parse("o\n7\nshort=\n", 11, &back, &err), AISEC_ERR_PARSE);

	p.n = 2;
	memset(p.hash[0], 1, 32);
	memset(p.hash[1], 2, 32);
	aisec_buf_reset(&b);
	assert_int_equal(aisec_tlog_proof_format(5, &p, "note\n", 5, &b), 0);
	assert_int_equal(aisec_tlog_proof_parse(b.data, b.len, &tp, &err), 0);
	assert_int_equal(tp.index, 5);
	assert_int_equal(tp.proof.n, 2);
	assert_memory_equal(tp.proof.hash[1], p.hash[1], 32);
	assert_int_equal(tp.note_len, 5);
	assert_memory_equal(b.data + tp.note_off, "note\n", 5);
	b.data[b.len - 6] = 'x'; /* the blank line is gone */
	assert_int_equal(aisec_tlog_proof_parse(b.data, b.len, &tp, &err), AISEC_ERR_PARSE);

	c.proof = p;
	aisec_buf_reset(&b);
	assert_int_equal(aisec_consistency_proof_format(&c, &b), 0);
	assert_int_equal(aisec_consistency_proof_parse(b.data, b.len, &cb, &err), 0);
	assert_int_equal(cb.old_size, 3);
	assert_int_equal(cb.new_size, 7);
	assert_int_equal(cb.proof.n, 2);
	aisec_buf_release(&b);
}

static void test_event_schema(void **state)
{
	static const char *const good[] = {
		"{\"time\":\"2026-05-04T10:00:00Z\",\"type\":\"inference\",\"system\":\"cv\",\"payload\":{}}",
		"{\"time\":\"2026-05-04T10:00:00.123+02:00\",\"type\":\"t\",\"system\":\"s\",\"payload\":{\"a\":1}}",
	};
	static const char *const bad[][2] = {
		{"{\"time\":\"2026-13-04T10:00:00Z\",\"type\":\"t\",\"system\":\"s\",\"payload\":{}}", "field 'time'"},
		{"{\"time\":\"2026-05-04T10:00:00Z\",\"system\":\"s\",\"payload\":{}}", "field 'type': missing"},
		{"{\"time\":\"2026-05-04T10:00:00Z\",\"type\":\"t\",\"system\":\"s\",\"payload\":[]}", "field 'payload'"},
		{"{\"time\":\"2026-05-04T10:00:00Z\",\"type\":\"t\",\"system\":\"s\",\"payload\":{},\"x\":1}", "field 'x': unknown"},
		{"[1]", "want a JSON object"},
		{"{", "not JSON"},
	};
	struct aisec_error err;

	for (size_t i = 0; i < 2; i++)
		assert_int_equal(aisec_ledger_event_check(good[i], strlen(good[i]), &err), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_not_equal(aisec_ledger_event_check(bad[i][0], strlen(bad[i][0]), &err), 0);
		assert_non_null(strstr(err.msg, bad[i][1]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c2sp_example),
		cmocka_unit_test(test_go_example_signs_byte_for_byte),
		cmocka_unit_test(test_sumdb_checkpoint),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_generate_roundtrip),
		cmocka_unit_test(test_checkpoint_and_proof_text),
		cmocka_unit_test(test_event_schema),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
