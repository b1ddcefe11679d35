/*
 * test_ledger_tiles.c - the C2SP tlog-tiles arithmetic (paths with 'x'
 * groups, partial widths: the spec's 70,000-leaf example), entry bundle
 * splitting, and witness cosignatures (cosignature/v1): key formats, a
 * cosign/verify round trip, quorum counting, tampering, wrong key types.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "aisec/tlog.h"

static void path_is(int level, uint64_t n, unsigned w, const char *want)
{
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_tile_path(level, n, w, &b), 0);
	assert_string_equal(b.data, want);
	aisec_buf_release(&b);
}

static void test_paths(void **state)
{
	struct aisec_buf b;

	path_is(0, 0, 256, "tile/0/000");
	path_is(0, 1234067, 256, "tile/0/x001/x234/067");
	path_is(1, 1000, 17, "tile/1/x001/000.p/17");
	path_is(2, 0, 1, "tile/2/000.p/1");
	path_is(AISEC_TILE_ENTRIES, 999, 255, "tile/entries/999.p/255");
	path_is(63, UINT64_MAX, 256,
		"tile/63/x018/x446/x744/x073/x709/x551/615");
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_tile_path(0, 0, 0, &b), AISEC_ERR_USAGE);
	assert_int_equal(aisec_tile_path(0, 0, 257, &b), AISEC_ERR_USAGE);
	assert_int_equal(aisec_tile_path(64, 0, 1, &b), AISEC_ERR_USAGE);
	assert_int_equal(aisec_tile_path(-2, 0, 1, &b), AISEC_ERR_USAGE);
	aisec_buf_release(&b);
}

/* c2sp.org/tlog-tiles: "a tree of size 70,000 will be represented by 273
 * full level 0 tiles, one partial level 0 tile of width 112, one full level
 * 1 tile, one partial level 1 tile of width 17, and one partial level 2
 * tile of width 1"; "a tree of size 256 [by] a full level 0 tile and a
 * partial level 1 tile of width 1". */
static void test_widths(void **state)
{
	assert_int_equal(aisec_tile_width(0, 272, 70000), 256);
	assert_int_equal(aisec_tile_width(0, 273, 70000), 112);
	assert_int_equal(aisec_tile_width(0, 274, 70000), 0);
	assert_int_equal(aisec_tile_width(1, 0, 70000), 256);
	assert_int_equal(aisec_tile_width(1, 1, 70000), 17);
	assert_int_equal(aisec_tile_width(2, 0, 70000), 1);
	assert_int_equal(aisec_tile_width(3, 0, 70000), 0);
	assert_int_equal(aisec_tile_width(AISEC_TILE_ENTRIES, 273, 70000), 112);
	assert_int_equal(aisec_tile_width(0, 0, 256), 256);
	assert_int_equal(aisec_tile_width(0, 1, 256), 0);
	assert_int_equal(aisec_tile_width(1, 0, 256), 1);
	assert_int_equal(aisec_tile_width(0, 0, 0), 0);
	assert_int_equal(aisec_tile_width(7, 0, UINT64_MAX), 255);
	assert_int_equal(aisec_tile_width(8, 0, UINT64_MAX), 0);
}

static void test_bundles(void **state)
{
	static const uint8_t ok[] = {0, 1, 'a', 0, 3, 'b', 'c', 'd'};
	static const uint8_t past[] = {0, 4, 'a', 'b'};
	static const uint8_t empty[] = {0, 0};
	static const uint8_t half[] = {0, 1, 'a', 0};
	size_t off[2], len[2], n;

	assert_int_equal(
	    aisec_tile_bundle_split(ok, sizeof(ok), 2, off, len, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(off[1], 5);
	assert_int_equal(len[1], 3);
	assert_int_equal(
	    aisec_tile_bundle_split(ok, sizeof(ok), 1, off, len, &n, NULL),
	    AISEC_ERR_PARSE);
	assert_int_equal(
	    aisec_tile_bundle_split(past, sizeof(past), 2, off, len, &n, NULL),
	    AISEC_ERR_PARSE);
	assert_int_equal(aisec_tile_bundle_split(empty, sizeof(empty), 2, off,
						 len, &n, NULL),
			 AISEC_ERR_PARSE);
	assert_int_equal(
	    aisec_tile_bundle_split(half, sizeof(half), 2, off, len, &n, NULL),
	    AISEC_ERR_PARSE);
	assert_int_equal(aisec_tile_bundle_split(ok, 0, 2, off, len, &n, NULL),
			 0);
	assert_int_equal(n, 0);
}

static const char body[] =
    "example.com/log\n5\nqV5/5wQsuHIN98n/aFpkRWCBCr+XpQtZUXVcUVlluSQ=\n";

static void test_cosign(void **state)
{
	struct aisec_note_key log, w[3], parsed;
	struct aisec_buf note, c1, c2, text;
	struct aisec_error err;
	size_t count, tl;

	aisec_buf_init(&note, 0);
	aisec_buf_init(&c1, 0);
	aisec_buf_init(&c2, 0);
	aisec_buf_init(&text, 0);
	assert_int_equal(aisec_note_key_generate("example.com/log", &log, &err),
			 0);
	for (int i = 0; i < 3; i++) {
		char name[32];

		snprintf(name, sizeof(name), "witness%d.example", i);
		assert_int_equal(
		    aisec_note_key_generate_type(
			name, AISEC_NOTE_COSIGNATURE_V1, &w[i], &err),
		    0);
	}
	/* key formats: type byte 0x04 (base64 "B" then A-P) round-trips */
	assert_int_equal(aisec_note_key_format_vkey(&w[0], &text), 0);
	assert_non_null(strstr(text.data, "+B"));
	assert_int_equal(
	    aisec_note_key_parse_vkey(text.data, text.len, &parsed, &err), 0);
	assert_int_equal(parsed.type, AISEC_NOTE_COSIGNATURE_V1);
	assert_int_equal(parsed.id, w[0].id);
	aisec_buf_reset(&text);
	assert_int_equal(aisec_note_key_format_skey(&w[1], &text), 0);
	assert_int_equal(
	    aisec_note_key_parse_skey(text.data, text.len, &parsed, &err), 0);
	assert_int_equal(parsed.type, AISEC_NOTE_COSIGNATURE_V1);
	assert_memory_equal(parsed.pub, w[1].pub, 32);
	/* a witness key neither signs notes nor is a log key; a log key does
	 * not cosign */
	assert_int_equal(
	    aisec_note_sign(body, strlen(body), &w[0], &note, &err),
	    AISEC_ERR_USAGE);
	assert_int_equal(aisec_note_sign(body, strlen(body), &log, &note, &err),
			 0);
	assert_int_equal(
	    aisec_note_cosign(note.data, note.len, &log, 1, &c1, &err),
	    AISEC_ERR_USAGE);
	/* two cosignatures: the log key still verifies; quorum counts */
	assert_int_equal(aisec_note_cosign(note.data, note.len, &w[0],
					   1700000000, &c1, &err),
			 0);
	assert_int_equal(
	    aisec_note_cosign(c1.data, c1.len, &w[1], 1700000001, &c2, &err),
	    0);
	assert_int_equal(aisec_note_verify(c2.data, c2.len, &log, 1, &tl, &err),
			 0);
	assert_int_equal(tl, strlen(body));
	assert_int_equal(
	    aisec_note_count_signers(c2.data, c2.len, w, 3, &count, NULL, &err),
	    0);
	assert_int_equal(count, 2);
	assert_int_equal(
	    aisec_note_count_signers(c1.data, c1.len, w, 3, &count, NULL, &err),
	    0);
	assert_int_equal(count, 1);
	/* cosigning again replaces the witness's own older line */
	{
		struct aisec_buf again;

		aisec_buf_init(&again, 0);
		assert_int_equal(aisec_note_cosign(c2.data, c2.len, &w[0],
						   1700000002, &again, &err),
				 0);
		assert_non_null(strstr(again.data, "witness0.example"));
		assert_null(strstr(strstr(again.data, "witness0.example") + 1,
				   "witness0.example"));
		assert_non_null(strstr(again.data, "witness1.example"));
		assert_int_equal(aisec_note_count_signers(again.data, again.len,
							  w, 3, &count, NULL,
							  &err),
				 0);
		assert_int_equal(count, 2);
		aisec_buf_release(&again);
	}
	/* no witness signed with the log's key */
	assert_int_equal(
	    aisec_note_verify(note.data, note.len, w, 3, NULL, &err),
	    AISEC_ERR_VERIFY);
	/* the cosignature covers the body: change the size */
	c2.data[16] = '6';
	assert_int_equal(
	    aisec_note_count_signers(c2.data, c2.len, w, 3, &count, NULL, &err),
	    AISEC_ERR_VERIFY);
	assert_non_null(strstr(err.msg, "cosignature by 'witness"));
	c2.data[16] = '5';
	/* and its timestamp: flip a bit of the last line's time field */
	{
		char *last = strrchr(c2.data, ' ') + 1;

		last[8] = last[8] == 'A' ? 'B' : 'A';
		assert_int_equal(aisec_note_count_signers(c2.data, c2.len, w, 3,
							  &count, NULL, &err),
				 AISEC_ERR_VERIFY);
	}
	aisec_note_key_wipe(&log);
	for (int i = 0; i < 3; i++)
		aisec_note_key_wipe(&w[i]);
	aisec_buf_release(&note);
	aisec_buf_release(&c1);
	aisec_buf_release(&c2);
	aisec_buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_widths),
	    cmocka_unit_test(test_bundles),
	    cmocka_unit_test(test_cosign),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
