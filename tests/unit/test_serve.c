/*
 * test_serve.c - the pure pieces of `aisec serve` at the lowest layer: the
 * router (parameters, 404 against 405, non-canonical paths refused), the
 * form parser (WHATWG splitting, '+' and %XX, strictness), HTML and URL
 * escaping, the listen address (loopback or not) and the OpenAPI document
 * (one operation per route).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "serve/serve.h"

static void test_router(void **state)
{
	struct serve_match m;

	assert_int_equal(serve_route_find("GET", "/", &m), 0);
	assert_int_equal(m.route->id, SR_ROOT);
	assert_int_equal(
	    serve_route_find("GET", "/api/systems/cv.v2_x-1/assessments/42",
			     &m),
	    0);
	assert_int_equal(m.route->id, SR_API_ASSESSMENT);
	assert_string_equal(m.system, "cv.v2_x-1");
	assert_int_equal(m.seq, 42);
	assert_int_equal(
	    serve_route_find("POST", "/api/systems/cv/decisions", &m), 0);
	assert_int_equal(m.route->id, SR_API_DECIDE);
	assert_true(m.route->flags & SRF_WRITE);
	assert_int_equal(serve_route_find("HEAD", "/catalog", &m), 0);
	assert_int_equal(m.route->id, SR_CATALOG);
	/* 405 against 404 */
	assert_int_equal(serve_route_find("DELETE", "/api/systems", &m),
			 AISEC_ERR_NOTFOUND);
	assert_true(m.method_mismatch);
	assert_null(m.route);
	assert_int_equal(serve_route_find("GET", "/api/nothing", &m),
			 AISEC_ERR_NOTFOUND);
	assert_false(m.method_mismatch);
	/* parameters must be names and numbers */
	assert_int_equal(serve_route_find("GET", "/api/systems/-x", &m),
			 AISEC_ERR_NOTFOUND);
	assert_int_equal(serve_route_find("GET", "/api/systems/a'b", &m),
			 AISEC_ERR_NOTFOUND);
	assert_int_equal(
	    serve_route_find("GET", "/api/systems/a/assessments/0", &m),
	    AISEC_ERR_NOTFOUND);
	assert_int_equal(
	    serve_route_find("GET", "/api/systems/a/assessments/01", &m),
	    AISEC_ERR_NOTFOUND);
	assert_int_equal(
	    serve_route_find("GET", "/api/systems/a/assessments/1234567890",
			     &m),
	    AISEC_ERR_NOTFOUND);
	/* not canonical: refused before any matching */
	assert_int_equal(serve_route_find("GET", "/static/../etc/passwd", &m),
			 AISEC_ERR_INVALID);
	assert_int_equal(serve_route_find("GET", "/static/./serve.js", &m),
			 AISEC_ERR_INVALID);
	assert_int_equal(serve_route_find("GET", "//portfolio", &m),
			 AISEC_ERR_INVALID);
	assert_int_equal(serve_route_find("GET", "/portfolio/", &m),
			 AISEC_ERR_INVALID);
	assert_int_equal(serve_route_find("GET", "/static\\serve.js", &m),
			 AISEC_ERR_INVALID);
	assert_int_equal(serve_route_find("GET", "/a\nb", &m),
			 AISEC_ERR_INVALID);
	assert_int_equal(serve_route_find("GET", "", &m), AISEC_ERR_INVALID);
	assert_int_equal(serve_route_find("GET", "portfolio", &m),
			 AISEC_ERR_INVALID);
}

static void test_form(void **state)
{
	struct serve_form f;
	struct aisec_error err;
	const char *body = "csrf=ab&finding=risk%2Fmodel_extraction&reason="
			   "rate+limit+%26+more&"
			   "empty=&bare&&owner=J%C3%BCrgen";

	assert_int_equal(serve_form_parse(body, strlen(body), &f, &err), 0);
	assert_int_equal(f.n, 6);
	assert_string_equal(serve_form_get(&f, "finding"),
			    "risk/model_extraction");
	assert_string_equal(serve_form_get(&f, "reason"), "rate limit & more");
	assert_string_equal(serve_form_get(&f, "empty"), "");
	assert_string_equal(serve_form_get(&f, "bare"), "");
	assert_string_equal(serve_form_get(&f, "owner"), "J\xc3\xbcrgen");
	assert_null(serve_form_get(&f, "nothing"));
	serve_form_release(&f);

	assert_int_equal(serve_form_parse("", 0, &f, &err), 0);
	assert_int_equal(f.n, 0);
	serve_form_release(&f);

	assert_int_equal(serve_form_parse("a=1&a=2", 7, &f, &err),
			 AISEC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "'a': given twice"));
	assert_null(f.mem);
	assert_int_equal(serve_form_parse("a=%00", 5, &f, &err),
			 AISEC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "NUL"));
	assert_int_equal(serve_form_parse("a=\0", 3, &f, &err),
			 AISEC_ERR_INVALID);
	assert_int_equal(serve_form_parse("a=%01", 5, &f, &err),
			 AISEC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "control"));
	assert_int_equal(serve_form_parse("a=%ff", 5, &f, &err),
			 AISEC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "UTF-8"));
	assert_int_equal(serve_form_parse("=x", 2, &f, &err),
			 AISEC_ERR_INVALID);
	{
		char many[1024] = "";

		for (int i = 0; i <= SERVE_FORM_FIELDS_MAX; i++) {
			char kv[16];

			snprintf(kv, sizeof(kv), "%sk%d=v", i ? "&" : "", i);
			strcat(many, kv);
		}
		assert_int_equal(serve_form_parse(many, strlen(many), &f, &err),
				 AISEC_ERR_INVALID);
		assert_non_null(strstr(err.msg, "more than 64 fields"));
	}
}

static void test_escape(void **state)
{
	struct aisec_buf b;

	aisec_buf_init(&b, 0);
	assert_int_equal(serve_html_esc(&b, "<a href=\"x\">O'Neil & co</a>"),
			 0);
	assert_string_equal(
	    b.data,
	    "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
	aisec_buf_reset(&b);
	assert_int_equal(serve_html_esc(&b, NULL), 0);
	assert_string_equal(b.data, "");
	assert_int_equal(serve_url_esc(&b, "a b/c?d=e&f~g.h_i-j\xc3\xbc"), 0);
	assert_string_equal(b.data, "a%20b%2Fc%3Fd%3De%26f~g.h_i-j%C3%BC");
	aisec_buf_release(&b);
}

/* The API's JSON strings: the bytes jansson writes for the same text. */
static void test_json_str(void **state)
{
	static const char *const texts[] = {
	    "plain", "", "q\"uote \\ back/slash", "tab\tnl\ncr\rbs\bff\f",
	    "\x01\x1f\x7f", "caf\xc3\xa9 \xe2\x82\xac"};
	struct aisec_buf b;

	(void)state;
	aisec_buf_init(&b, 0);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		json_t *v = json_string(texts[i]);
		char *want = json_dumps(v, JSON_ENCODE_ANY);

		aisec_buf_reset(&b);
		assert_int_equal(serve_json_str(&b, texts[i]), 0);
		assert_string_equal(b.data, want);
		free(want);
		json_decref(v);
	}
	aisec_buf_reset(&b);
	assert_int_equal(serve_json_str(&b, NULL), 0);
	assert_string_equal(b.data, "null");
	aisec_buf_release(&b);
}

static void test_listen(void **state)
{
	struct serve_addr a;
	struct aisec_error err;

	assert_int_equal(serve_listen_parse("127.0.0.1:8080", &a, &err), 0);
	assert_true(a.loopback);
	assert_int_equal(a.port, 8080);
	assert_int_equal(serve_listen_parse("127.9.9.9:0", &a, &err), 0);
	assert_true(a.loopback);
	assert_int_equal(serve_listen_parse("[::1]:443", &a, &err), 0);
	assert_true(a.loopback);
	assert_int_equal(serve_listen_parse("localhost:1", &a, &err), 0);
	assert_true(a.loopback);
	assert_int_equal(serve_listen_parse("0.0.0.0:80", &a, &err), 0);
	assert_false(a.loopback);
	assert_int_equal(serve_listen_parse("[::]:80", &a, &err), 0);
	assert_false(a.loopback);
	assert_int_equal(serve_listen_parse("192.168.1.2:8443", &a, &err), 0);
	assert_false(a.loopback);
	assert_int_equal(serve_listen_parse("127.0.0.1", &a, &err),
			 AISEC_ERR_USAGE);
	assert_int_equal(serve_listen_parse("127.0.0.1:65536", &a, &err),
			 AISEC_ERR_USAGE);
	assert_int_equal(serve_listen_parse("127.0.0.1:-1", &a, &err),
			 AISEC_ERR_USAGE);
	assert_int_equal(serve_listen_parse("example.com:80", &a, &err),
			 AISEC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "IPv4 address"));
	assert_int_equal(serve_listen_parse("[::1:80", &a, &err),
			 AISEC_ERR_USAGE);
}

static void test_openapi(void **state)
{
	char *s = aisec_serve_openapi();
	json_t *doc, *paths;
	size_t routes = 0, ops = 0;
	const char *k;
	json_t *v;

	assert_non_null(s);
	doc = json_loads(s, 0, NULL);
	free(s);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")),
			    "3.1.0");
	paths = json_object_get(doc, "paths");
	for (const struct serve_route *r = serve_routes; r->pattern; r++) {
		json_t *item = json_object_get(paths, r->pattern);

		routes++;
		assert_non_null(item);
		assert_non_null(json_object_get(
		    item, strcmp(r->method, "GET") == 0 ? "get" : "post"));
	}
	json_object_foreach(paths, k, v) ops += json_object_size(v);
	assert_int_equal(ops, routes);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_router),  cmocka_unit_test(test_form),
	    cmocka_unit_test(test_escape),  cmocka_unit_test(test_json_str),
	    cmocka_unit_test(test_listen),
	    cmocka_unit_test(test_openapi),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
