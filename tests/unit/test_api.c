/*
 * test_api.c - the helpers a client of the library (the CLI first) takes
 * from the installed headers alone: sizes typed by users, mkdir -p,
 * base64 and the UTF-8 check, a profile's values.  Only <aisec/aisec.h> is
 * included, and a function missing from the public headers is an error
 * here, not an implicit declaration.
 */
#pragma GCC diagnostic error "-Wimplicit-function-declaration"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "aisec/aisec.h"
#include "tmpdir.h"

static void test_parse_size(void **state)
{
	uint64_t v = 7;

	assert_int_equal(aisec_parse_size("64", 100, &v), 0);
	assert_int_equal(v, 64);
	assert_int_equal(aisec_parse_size("16M", UINT64_MAX, &v), 0);
	assert_int_equal(v, (uint64_t)16 << 20);
	assert_int_equal(aisec_parse_size("1T", UINT64_MAX, &v), 0);
	assert_int_equal(v, (uint64_t)1 << 40);
	/* the limit is inclusive, in bytes after the unit */
	assert_int_equal(aisec_parse_size("1K", 1024, &v), 0);
	assert_int_equal(aisec_parse_size("1K", 1023, &v), AISEC_ERR_LIMIT);
	assert_int_equal(aisec_parse_size("16777216T", UINT64_MAX, &v),
			 AISEC_ERR_LIMIT);
	assert_int_equal(aisec_parse_size("99999999999999999999999", UINT64_MAX,
					  &v),
			 AISEC_ERR_LIMIT);
	v = 7;
	for (const char *const *s = (const char *const[]){
		 "", "0", "0K", "K", "-1", " 1", "1 ", "1k", "1KB", "1.5M",
		 "0x10", NULL};
	     *s; s++)
		if (aisec_parse_size(*s, UINT64_MAX, &v) != AISEC_ERR_PARSE)
			fail_msg("'%s' was not refused as malformed", *s);
	assert_int_equal(v, 7); /* unchanged on error */
	assert_int_equal(aisec_parse_size(NULL, 1, &v), AISEC_ERR_PARSE);
}

static void test_mkdirs(void **state)
{
	char dir[256], path[400];
	struct aisec_error err;
	struct stat st;
	FILE *f;

	assert_int_equal(test_tmpdir_make(dir, sizeof dir, "api"), 0);
	snprintf(path, sizeof path, "%s/a/b/c", dir);
	assert_int_equal(aisec_mkdirs(path, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(aisec_mkdirs(path, &err), 0); /* exists: fine */
	snprintf(path, sizeof path, "%s/a/b/c/", dir);
	assert_int_equal(aisec_mkdirs(path, &err), 0);
	/* a file in the way: named in the message */
	snprintf(path, sizeof path, "%s/file", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(aisec_mkdirs(path, &err), AISEC_ERR_IO);
	assert_non_null(strstr(err.msg, "is not a directory"));
	assert_non_null(strstr(err.msg, path));
	snprintf(path, sizeof path, "%s/file/sub", dir);
	assert_int_equal(aisec_mkdirs(path, &err), AISEC_ERR_IO);
	assert_non_null(strstr(err.msg, "cannot create directory"));
	/* the empty path was read past its end */
	assert_int_equal(aisec_mkdirs("", &err), AISEC_ERR_INVALID);
	assert_string_equal(err.msg, "empty directory path");
	test_tmpdir_remove(dir);
}

static void test_text(void **state)
{
	static const uint8_t bytes[] = {0xfb, 0xff, 0x00, 'a'};
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	/* RFC 4648 section 10 vectors, appended */
	assert_int_equal(aisec_base64_encode((const uint8_t *)"", 0, &b), 0);
	assert_string_equal(b.data, "");
	assert_int_equal(aisec_base64_encode((const uint8_t *)"f", 1, &b), 0);
	assert_int_equal(aisec_base64_encode((const uint8_t *)"fo", 2, &b), 0);
	assert_int_equal(aisec_base64_encode((const uint8_t *)"foobar", 6, &b),
			 0);
	assert_string_equal(b.data, "Zg==Zm8=Zm9vYmFy");
	aisec_buf_reset(&b);
	assert_int_equal(aisec_base64_encode(bytes, sizeof bytes, &b), 0);
	assert_string_equal(b.data, "+/8AYQ==");
	aisec_buf_release(&b);
	/* a capped buffer: refused, released */
	aisec_buf_init(&b, 4);
	assert_int_equal(aisec_base64_encode((const uint8_t *)"foobar", 6, &b),
			 AISEC_ERR_LIMIT);
	assert_int_equal(b.len, 0);
	aisec_buf_release(&b);

	assert_int_equal(aisec_utf8_bad_line("", 0), 0);
	assert_int_equal(aisec_utf8_bad_line("a\0b", 3), 0); /* NUL is UTF-8 */
	assert_int_equal(aisec_utf8_bad_line("\xf4\x8f\xbf\xbf", 4), 0);
	assert_int_equal(aisec_utf8_bad_line("a\n\n\xf4\x90\x80\x80", 7), 3);
	assert_int_equal(aisec_utf8_bad_line("\xff", 1), 1);
}

static void test_profile_value(void **state)
{
	static const char yaml[] = "system:\n"
				   "  name: \"Tiny\"\n"
				   "  role: [provider]\n"
				   "use:\n"
				   "  domain: other\n"
				   "ml:\n"
				   "  continuous_learning: true\n"
				   "deployment:\n"
				   "  exposure: partner\n";
	struct aisec_profile *p = NULL;
	struct aisec_error err;

	if (aisec_profile_parse("tiny.yaml", yaml, strlen(yaml), &p, &err))
		fail_msg("%s", err.msg);
	assert_string_equal(aisec_profile_value(p, "system.name"), "Tiny");
	assert_string_equal(aisec_profile_value(p, "deployment.exposure"),
			    "partner");
	assert_string_equal(aisec_profile_value(p, "ml.continuous_learning"),
			    "true");
	assert_string_equal(aisec_profile_value(p, "system.role"), "provider");
	assert_null(aisec_profile_value(p, "data.sources"));
	assert_null(aisec_profile_value(p, "no.such.field"));
	aisec_profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_size),
	    cmocka_unit_test(test_mkdirs),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_profile_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
