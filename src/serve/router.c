/*
 * router.c - the route table of `aisec serve` and the matcher: a URL path
 * is split into segments and compared with each pattern; a {system} segment
 * must be a valid system name and {seq} a positive number, so no request
 * path ever reaches the file system or a query with an unchecked name.
 */
#include <string.h>

#include "aisec/store.h"
#include "serve/serve.h"

#define PATH_MAX_LEN 512
#define SEGMENTS_MAX 8

const struct serve_route serve_routes[] = {
    {"GET", "/", SR_ROOT, 0, "the portfolio (redirect)"},
    {"GET", "/signin", SR_SIGNIN_FORM, SRF_PUBLIC, "the sign-in form"},
    {"POST", "/signin", SR_SIGNIN, SRF_PUBLIC, "sign in with a token"},
    {"POST", "/signout", SR_SIGNOUT, 0, "sign out"},
    {"GET", "/portfolio", SR_PORTFOLIO, 0, "the portfolio page"},
    {"GET", "/systems/{system}", SR_SYSTEM, 0, "the page of one system"},
    {"GET", "/systems/{system}/report", SR_SYSTEM_REPORT, 0,
     "the assessment report of one system (HTML)"},
    {"POST", "/systems/{system}/decisions", SR_SYSTEM_DECIDE, SRF_WRITE,
     "decide on a finding (form)"},
    {"POST", "/systems/{system}/verify", SR_SYSTEM_VERIFY, SRF_WRITE,
     "verify the evidence of a system now (form)"},
    {"GET", "/catalog", SR_CATALOG, 0, "the catalog browser"},
    {"GET", "/static/serve.js", SR_STATIC_JS, SRF_PUBLIC,
     "progressive JavaScript"},
    {"GET", "/static/serve.css", SR_STATIC_CSS, SRF_PUBLIC, "the style sheet"},
    {"GET", "/api/openapi.json", SR_API_OPENAPI, SRF_PUBLIC | SRF_API,
     "this OpenAPI document"},
    {"GET", "/api/whoami", SR_API_WHOAMI, SRF_API,
     "the role of the presented token"},
    {"GET", "/api/systems", SR_API_SYSTEMS, SRF_API,
     "the portfolio: one row per system"},
    {"GET", "/api/systems/{system}", SR_API_SYSTEM, SRF_API,
     "one system and its profile"},
    {"GET", "/api/systems/{system}/assessments", SR_API_ASSESSMENTS, SRF_API,
     "the assessments of a system, newest first"},
    {"GET", "/api/systems/{system}/assessments/{seq}", SR_API_ASSESSMENT,
     SRF_API, "one assessment with its findings"},
    {"GET", "/api/systems/{system}/diff", SR_API_DIFF, SRF_API,
     "what changed between two assessments"},
    {"GET", "/api/systems/{system}/findings", SR_API_FINDINGS, SRF_API,
     "the findings of the latest assessment with their current decisions"},
    {"GET", "/api/systems/{system}/decisions", SR_API_DECISIONS, SRF_API,
     "the decisions of a system"},
    {"POST", "/api/systems/{system}/decisions", SR_API_DECIDE,
     SRF_API | SRF_WRITE, "record a decision on a finding"},
    {"GET", "/api/systems/{system}/evidence", SR_API_EVIDENCE, SRF_API,
     "the last verification of each evidence reference"},
    {"GET", "/api/systems/{system}/results", SR_API_RESULTS, SRF_API,
     "probe and monitor results, newest first"},
    {"GET", "/api/catalog", SR_API_CATALOG, SRF_API,
     "the knowledge base: standards, requirements and their coverage"},
    {NULL, NULL, SR_NONE, 0, NULL}};

/* Split `copy` (a path) into segments in place; -1 when not canonical. */
static int split(char *copy, char **seg, size_t *n)
{
	char *p = copy;

	*n = 0;
	if (*p != '/')
		return -1;
	if (p[1] == '\0')
		return 0; /* "/" */
	for (;;) {
		char *s = p + 1;
		char *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		if (len == 0 || *n == SEGMENTS_MAX)
			return -1; /* "//", a trailing "/", too deep */
		if ((len == 1 && s[0] == '.') ||
		    (len == 2 && s[0] == '.' && s[1] == '.'))
			return -1; /* dot segments */
		seg[(*n)++] = s;
		if (!e)
			return 0;
		*e = '\0';
		p = e;
	}
}

/* {seq}: 1 to 999999999, decimal, no leading zero. */
static int parse_seq(const char *s, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (s[0] < '1' || s[0] > '9')
		return -1;
	for (i = 0; s[i]; i++) {
		if (i == 9 || s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Does the path (segments) fit the pattern?  Fills the parameters. */
static bool fits(const char *pattern, char *const *seg, size_t n,
		 struct serve_match *m)
{
	const char *p = pattern;
	size_t i = 0;

	if (strcmp(pattern, "/") == 0)
		return n == 0;
	while (*p == '/') {
		const char *s = p + 1;
		const char *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		if (i == n)
			return false;
		if (len == 8 && memcmp(s, "{system}", 8) == 0) {
			if (!aisec_store_name_valid(seg[i]))
				return false;
			memcpy(m->system, seg[i], strlen(seg[i]) + 1);
		} else if (len == 5 && memcmp(s, "{seq}", 5) == 0) {
			if (parse_seq(seg[i], &m->seq) != 0)
				return false;
		} else if (strlen(seg[i]) != len ||
			   memcmp(seg[i], s, len) != 0) {
			return false;
		}
		i++;
		if (!e)
			break;
		p = e;
	}
	return i == n;
}

int serve_route_find(const char *method, const char *path,
		     struct serve_match *m)
{
	char copy[PATH_MAX_LEN + 1];
	char *seg[SEGMENTS_MAX];
	size_t n, len;

	memset(m, 0, sizeof(*m));
	if (!method || !path)
		return AISEC_ERR_INVALID;
	len = strlen(path);
	if (len == 0 || len > PATH_MAX_LEN)
		return AISEC_ERR_INVALID;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f ||
		    path[i] == '\\')
			return AISEC_ERR_INVALID;
	memcpy(copy, path, len + 1);
	if (split(copy, seg, &n) != 0)
		return AISEC_ERR_INVALID;
	for (const struct serve_route *r = serve_routes; r->pattern; r++) {
		struct serve_match t;

		memset(&t, 0, sizeof(t));
		if (!fits(r->pattern, seg, n, &t))
			continue;
		if (strcmp(r->method, method) != 0 &&
		    !(strcmp(method, "HEAD") == 0 &&
		      strcmp(r->method, "GET") == 0)) {
			m->method_mismatch = true;
			continue;
		}
		*m = t;
		m->route = r;
		return 0;
	}
	return AISEC_ERR_NOTFOUND;
}
