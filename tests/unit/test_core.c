/* test_core.c - the error sink, the bounded buffer, encodings and YAML lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfyaml.h>

#include "core/core.h"
#include "tmpdir.h"

static char tmpdir[256];

static void test_error_prefix(void **state)
{
	struct aisec_error err;

	aisec_error_clear(&err);
	assert_int_equal(aisec_error_set(&err, AISEC_ERR_INVALID,
					 "unknown value '%s'", "x"),
			 AISEC_ERR_INVALID);
	aisec_error_prefix(&err, "field '%s'", "a.b");
	aisec_error_prefix(&err, "'%s' line %d", "p.yaml", 3);
	assert_string_equal(err.msg,
			    "'p.yaml' line 3: field 'a.b': unknown value 'x'");
	assert_int_equal(err.code, AISEC_ERR_INVALID);
}

static void test_buf_cap(void **state)
{
	struct aisec_buf b;

	aisec_buf_init(&b, 8);
	assert_int_equal(aisec_buf_adds(&b, "1234567"), 0);
	assert_string_equal(b.data, "1234567");
	assert_int_equal(aisec_buf_adds(&b, "89"), AISEC_ERR_LIMIT);
	/* a failed growth releases the buffer */
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(aisec_buf_addf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(b.data, "42-x");
	aisec_buf_release(&b);
}

static void test_hex_base64(void **state)
{
	const uint8_t raw[] = {0x00, 0xff, 0x10, 'a'};
	struct aisec_buf b, d;
	uint8_t out[4];

	aisec_buf_init(&b, 0);
	aisec_buf_init(&d, 0);
	assert_int_equal(aisec_buf_addhex(&b, raw, 4), 0);
	assert_string_equal(b.data, "00ff1061");
	assert_int_equal(aisec_hex_decode(b.data, b.len, out), 0);
	assert_memory_equal(out, raw, 4);
	assert_int_equal(aisec_hex_decode("0g", 2, out), AISEC_ERR_PARSE);
	aisec_buf_reset(&b);
	assert_int_equal(aisec_base64_encode((const uint8_t *)"hello", 5, &b), 0);
	assert_string_equal(b.data, "aGVsbG8=");
	assert_int_equal(aisec_base64_decode(b.data, b.len, &d), 0);
	assert_int_equal(d.len, 5);
	assert_memory_equal(d.data, "hello", 5);
	aisec_buf_reset(&d);
	assert_int_equal(aisec_base64_decode("aGV*bG8=", 8, &d), AISEC_ERR_PARSE);
	assert_int_equal(aisec_base64_decode("aGVsbG8", 7, &d), AISEC_ERR_PARSE);
	aisec_buf_release(&b);
	aisec_buf_release(&d);
}

/* One CSV field: quoting, and cells a spreadsheet would run as a formula. */
static void test_csv_field(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "plain"},
		{"", ""},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "\"'\rx\""},
		{" lead", "\" lead\""},
		{"a=b", "a=b"},
	};
	struct aisec_buf b;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		aisec_buf_init(&b, 0);
		assert_int_equal(aisec_buf_addcsv(&b, cases[i].in), 0);
		assert_string_equal(b.data, cases[i].out);
		aisec_buf_release(&b);
	}
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_buf_addcsv(&b, NULL), 0);
	assert_int_equal(b.len, 0);
}

static void test_yaml_lines_and_keys(void **state)
{
	static const char text[] = "a: 1\nb:\n  c: two\n  bogus: 3\n";
	static const char *const top[] = {"a", "b", NULL};
	static const char *const inner[] = {"c", NULL};
	struct aisec_error err;
	struct fy_document *d;
	struct fy_node *root, *b;
	char *s;

	aisec_error_clear(&err);
	d = aisec_yaml_parse("t.yaml", text, strlen(text), &err);
	assert_non_null(d);
	root = fy_document_root(d);
	assert_int_equal(aisec_yaml_check_keys(root, top, "t.yaml", "", &err), 0);
	b = aisec_yaml_get(root, "b");
	assert_int_equal(aisec_yaml_line(b), 3);
	s = aisec_yaml_str(b, "c");
	assert_string_equal(s, "two");
	free(s);
	assert_int_equal(aisec_yaml_check_keys(b, inner, "t.yaml", "b", &err),
			 AISEC_ERR_INVALID);
	assert_string_equal(err.msg, "'t.yaml' line 4: field 'b.bogus': unknown field");
	fy_document_destroy(d);

	d = aisec_yaml_parse("bad.yaml", "a: [1, 2\n", 9, &err);
	assert_null(d);
	assert_int_equal(err.code, AISEC_ERR_PARSE);
	assert_non_null(strstr(err.msg, "'bad.yaml' line "));

	/* the position is where the error is, counted from 1 (not one past) */
	d = aisec_yaml_parse("bad.json", "{\n\"a\": 1,,\n}\n", 13, &err);
	assert_null(d);
	assert_non_null(strstr(err.msg, "'bad.json' line 2 column 8: "));
	d = aisec_yaml_parse("dup.yaml", "a: 1\nb: 2\n  \nb: 3\n", 18, &err);
	assert_null(d);
	assert_non_null(strstr(err.msg, "'dup.yaml' line 4 column 1: "));
}

/* Malformed bytes never reach libfyaml (which loops forever on "%YAML\xff"). */
static void test_yaml_bad_bytes(void **state)
{
	static const char hang[] = "%YAML\xff 1.1\n---\na: 1\n";
	static const char nul[] = "a: 1\nb: x\0y\n";
	struct aisec_error err;
	struct fy_document *d;

	alarm(10); /* a regression hangs: fail instead */
	d = aisec_yaml_parse("d.yaml", hang, sizeof(hang) - 1, &err);
	alarm(0);
	assert_null(d);
	assert_string_equal(err.msg, "'d.yaml' line 1: not valid UTF-8");
	d = aisec_yaml_parse("n.yaml", nul, sizeof(nul) - 1, &err);
	assert_null(d);
	assert_string_equal(err.msg, "'n.yaml' line 2: NUL byte (not a text file)");
	d = aisec_yaml_parse("u.yaml", "a: \xc3\xa9t\xc3\xa9\n", 9, &err);
	assert_non_null(d);
	fy_document_destroy(d);
	assert_int_equal(aisec_utf8_bad_line("ok\n\xe2\x82\xac\n", 7), 0);
	assert_int_equal(aisec_utf8_bad_line("a\nb\n\xed\xa0\x80", 8), 3); /* a surrogate */
	assert_int_equal(aisec_utf8_bad_line("\xc0\xaf", 2), 1);              /* overlong */
	assert_int_equal(aisec_utf8_bad_line("x\xe2\x82", 3), 1);             /* cut short */
}

static void test_dates(void **state)
{
	assert_true(aisec_date_valid("2026-08-02"));
	assert_true(aisec_date_valid("2028-02-29"));
	assert_true(aisec_date_valid("2000-02-29"));
	assert_false(aisec_date_valid("2026-02-29"));
	assert_false(aisec_date_valid("1900-02-29"));
	assert_false(aisec_date_valid("2026-02-30"));
	assert_false(aisec_date_valid("2026-04-31"));
	assert_false(aisec_date_valid("2026-13-01"));
	assert_false(aisec_date_valid("2026-00-10"));
	assert_false(aisec_date_valid("2026-01-00"));
	assert_false(aisec_date_valid("2026-1-1"));
	assert_false(aisec_date_valid("2026-01-011"));
	assert_false(aisec_date_valid("2026/01/01"));
	assert_false(aisec_date_valid("+026-01-01"));
	assert_false(aisec_date_valid(""));
	assert_false(aisec_date_valid(NULL));
}

static void test_atomic_write(void **state)
{
	const char *dir = tmpdir;
	char path[512];
	struct aisec_error err;
	struct aisec_buf b;

	snprintf(path, sizeof(path), "%s/sub/dir", dir);
	assert_int_equal(aisec_mkdirs(path, &err), 0);
	snprintf(path, sizeof(path), "%s/sub/dir/f", dir);
	assert_int_equal(aisec_file_write_atomic(path, "abc", 3, 0600, &err), 0);
	aisec_buf_init(&b, 0);
	assert_int_equal(aisec_file_read(path, &b, &err), 0);
	assert_string_equal(b.data, "abc");
	aisec_buf_release(&b);
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(aisec_file_read(path, &b, &err), AISEC_ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "missing"));

	/* a failed write names the path asked for, not the temporary file */
	snprintf(path, sizeof(path), "%s/no/such/dir/f", dir);
	assert_int_equal(aisec_file_write_atomic(path, "x", 1, 0600, &err), AISEC_ERR_IO);
	assert_non_null(strstr(err.msg, path));
	assert_null(strstr(err.msg, ".tmp."));
	snprintf(path, sizeof(path), "%s/sub", dir);
	assert_int_equal(aisec_file_write_atomic(path, "x", 1, 0600, &err), AISEC_ERR_IO);
	assert_null(strstr(err.msg, ".tmp."));
	snprintf(path, sizeof(path), "%s/sub.tmp.%ld", dir, (long)getpid());
	assert_int_equal(access(path, F_OK), -1); /* no temporary file left behind */
}

static int setup(void **state)
{
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "test");
}

static int teardown(void **state)
{
	return test_tmpdir_remove(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_prefix),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_hex_base64),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_yaml_lines_and_keys),
		cmocka_unit_test(test_yaml_bad_bytes),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_atomic_write),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
