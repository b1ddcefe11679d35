/*
 * openapi.c - the OpenAPI 3.1 document of `aisec serve`, built from the
 * route table (router.c) so that every route is described and nothing else:
 * the JSON API under /api/ (Bearer token) and the HTML pages (session
 * cookie), with their path and query parameters and error responses.
 * Served at /api/openapi.json; tests/cli/test_serve.sh validates it against
 * the official OpenAPI 3.1 schema.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "aisec/aisec.h"
#include "serve/serve.h"

struct qparam {
	enum serve_route_id route;
	const char *name;
	const char *type; /* "string", "integer", "boolean" */
	const char *desc;
};

/* The order and filters of both portfolio routes, the page and the API
 * (serve_portfolio_query() reads them for both). */
static const struct qparam portfolio_params[] = {
    {SR_NONE, "sort", "string", "name, class, risks, deadline or assessed"},
    {SR_NONE, "desc", "boolean", "descending order"},
    {SR_NONE, "class", "string", "only this AI Act class"},
    {SR_NONE, "q", "string", "only names containing this text"},
    {SR_NONE, "open", "boolean", "only systems with open risks"},
    {0, NULL, NULL, NULL}};

static const struct qparam qparams[] = {
    {SR_PORTFOLIO, "page", "integer", "page number, from 1"},
    {SR_API_SYSTEMS, "limit", "integer",
     "at most this many rows (1 to 1000, default 100)"},
    {SR_API_SYSTEMS, "offset", "integer", "skip this many rows"},
    {SR_SYSTEM, "gate", "string",
     "the --fail-on gate shown (default risk:major)"},
    {SR_API_FINDINGS, "gate", "string",
     "the --fail-on gate evaluated (default risk:major)"},
    {SR_API_DIFF, "from", "integer",
     "assessment number (default: the one before `to`)"},
    {SR_API_DIFF, "to", "integer", "assessment number (default: the latest)"},
    {SR_API_DECISIONS, "history", "boolean",
     "every decision, not only the current ones"},
    {SR_API_DECISIONS, "finding", "string", "only decisions on this finding"},
    {SR_API_RESULTS, "limit", "integer",
     "at most this many results (default 100)"},
    {0, NULL, NULL, NULL}};

static json_t *param(const char *name, const char *in, const char *type,
		     const char *desc, bool required)
{
	return json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", name, "in",
			 in, "required", required, "description", desc,
			 "schema", "type", type);
}

/* The query parameters of `table` for route `id` (every one for SR_NONE). */
static void query_params(json_t *params, const struct qparam *table,
			 enum serve_route_id id)
{
	for (const struct qparam *q = table; q->name; q++)
		if (id == SR_NONE || q->route == id)
			json_array_append_new(
			    params,
			    param(q->name, "query", q->type, q->desc, false));
}

static json_t *responses(const struct serve_route *r)
{
	json_t *o = json_object();
	bool api = r->flags & SRF_API;
	const char *ct = api ? "application/json" : "text/html";

	if (r->id == SR_STATIC_JS)
		ct = "text/javascript";
	else if (r->id == SR_STATIC_CSS)
		ct = "text/css";
	if (r->id == SR_API_DECIDE)
		json_object_set_new(
		    o, "201",
		    json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
			      "the decision was recorded", "content", ct,
			      "schema", "type", "object"));
	else if (strcmp(r->method, "POST") == 0 && !api)
		json_object_set_new(o, "303",
				    json_pack("{s:s}", "description",
					      "done: see the page named"));
	else
		json_object_set_new(o, "200",
				    json_pack("{s:s, s:{s:{s:{s:s}}}}",
					      "description", r->summary,
					      "content", ct, "schema", "type",
					      api ? "object" : "string"));
	if (r->id == SR_ROOT)
		json_object_set_new(
		    o, "303",
		    json_pack("{s:s}", "description", "to the portfolio"));
	json_object_set_new(o, "400",
			    json_pack("{s:s}", "description", "bad request"));
	if (!(r->flags & SRF_PUBLIC))
		json_object_set_new(
		    o, api ? "401" : "303",
		    json_pack("{s:s}", "description",
			      api ? "no valid token" : "sign in first"));
	if ((r->flags & SRF_WRITE) || (r->id == SR_SIGNIN) ||
	    (strcmp(r->method, "POST") == 0))
		json_object_set_new(
		    o, "403",
		    json_pack("{s:s}", "description",
			      "the role may not change anything, or the CSRF "
			      "token is wrong"));
	if (strchr(r->pattern, '{'))
		json_object_set_new(
		    o, "404",
		    json_pack("{s:s}", "description", "no such system"));
	if (strcmp(r->method, "POST") == 0)
		json_object_set_new(o, "413",
				    json_pack("{s:s}", "description",
					      "request body too large"));
	return o;
}

static json_t *operation(const struct serve_route *r)
{
	json_t *op =
	    json_pack("{s:s, s:s, s:[s]}", "summary", r->summary, "operationId",
		      "", "tags", (r->flags & SRF_API) ? "api" : "pages");
	json_t *params = json_array();
	char opid[128];
	size_t k = 0;

	/* operationId: method and the pattern's words, "getApiSystemsSystem" */
	k += (size_t)snprintf(opid, sizeof(opid), "%s",
			      strcmp(r->method, "GET") == 0 ? "get" : "post");
	for (const char *p = r->pattern; *p && k + 2 < sizeof(opid); p++) {
		if (*p == '/' || *p == '{' || *p == '}' || *p == '.') {
			if (p[1] && p[1] != '{' && p[1] != '/' && p[1] != '}')
				opid[k++] = (char)(p[1] >= 'a' && p[1] <= 'z'
						       ? p[1] - 32
						       : p[1]),
				p++;
			continue;
		}
		opid[k++] = *p;
	}
	opid[k] = '\0';
	if (r->id == SR_ROOT)
		snprintf(opid, sizeof(opid), "getRoot");
	json_object_set_new(op, "operationId", json_string(opid));
	if (strstr(r->pattern, "{system}"))
		json_array_append_new(
		    params,
		    param("system", "path", "string",
			  "system name: 1 to 64 of [A-Za-z0-9._-]", true));
	if (strstr(r->pattern, "{seq}"))
		json_array_append_new(params,
				      param("seq", "path", "integer",
					    "assessment number, from 1", true));
	if (r->id == SR_PORTFOLIO || r->id == SR_API_SYSTEMS)
		query_params(params, portfolio_params, SR_NONE);
	query_params(params, qparams, r->id);
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	if (r->flags & SRF_PUBLIC)
		json_object_set_new(op, "security", json_array());
	else if (r->flags & SRF_API)
		json_object_set_new(op, "security",
				    json_pack("[{s:[]}]", "bearer"));
	else
		json_object_set_new(op, "security",
				    json_pack("[{s:[]}]", "session"));
	if (r->id == SR_API_DECIDE)
		json_object_set_new(
		    op, "requestBody",
		    json_pack("{s:b, s:{s:{s:{s:s, s:[s,s], s:{s:{s:s}, "
			      "s:{s:s, s:[s,s,s,s]}, "
			      "s:{s:s}, s:{s:s}, s:{s:s, s:s}}}}}}",
			      "required", 1, "content", "application/json",
			      "schema", "type", "object", "required", "finding",
			      "status", "properties", "finding", "type",
			      "string", "status", "type", "string", "enum",
			      "open", "accepted", "mitigated", "false-positive",
			      "reason", "type", "string", "owner", "type",
			      "string", "expires", "type", "string", "format",
			      "date"));
	else if (strcmp(r->method, "POST") == 0)
		json_object_set_new(
		    op, "requestBody",
		    json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1,
			      "content", "application/x-www-form-urlencoded",
			      "schema", "type", "object"));
	json_object_set_new(op, "responses", responses(r));
	return op;
}

char *aisec_serve_openapi(void)
{
	json_t *doc, *paths;
	char *s;

	doc = json_pack(
	    "{s:s, s:{s:s, s:s, s:s}, s:{}, s:{s:{s:{s:s, s:s, s:s}, "
	    "s:{s:s, s:s, s:s, s:s}}}}",
	    "openapi", "3.1.0", "info", "title", "aisec serve", "version",
	    aisec_version(), "description",
	    "The dashboard and JSON REST API of an aisec workspace: systems, "
	    "assessments, "
	    "findings, decisions, evidence, results and the catalog.  "
	    "docs/serve.md.",
	    "paths", "components", "securitySchemes", "bearer", "type", "http",
	    "scheme", "bearer", "description",
	    "a workspace token (aisec workspace token create)", "session",
	    "type", "apiKey", "in", "cookie", "name", "aisec_session",
	    "description", "the session cookie the sign-in form sets");
	if (!doc)
		return NULL;
	paths = json_object_get(doc, "paths");
	for (const struct serve_route *r = serve_routes; r->pattern; r++) {
		json_t *item = json_object_get(paths, r->pattern);
		char method[8];

		if (!item) {
			item = json_object();
			json_object_set_new(paths, r->pattern, item);
		}
		snprintf(method, sizeof(method), "%s",
			 strcmp(r->method, "GET") == 0 ? "get" : "post");
		json_object_set_new(item, method, operation(r));
	}
	s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	return s;
}
