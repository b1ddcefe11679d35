/*
 * oscal.c - what the three OSCAL exports share (assessment results, catalog,
 * mapping): the OSCAL version we write, our property namespace, metadata,
 * properties, fixed timestamps and deterministic UUIDs.
 *
 * OSCAL's StringDatatype is one trimmed line, so property values go through
 * oscal_line(); timestamps come from dates in the data (never the clock), so
 * an export is byte-for-byte stable.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

char *oscal_line(const char *s)
{
	size_t n = s ? strlen(s) : 0, k = 0;
	char *out = malloc(n + 1);
	bool space = false;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			space = k > 0;
			continue;
		}
		if (space)
			out[k++] = ' ';
		space = false;
		out[k++] = s[i];
	}
	out[k] = '\0';
	return out;
}

void oscal_add_prop(json_t *props, const char *name, const char *value)
{
	char *v = oscal_line(value);

	if (v && *v)
		json_array_append_new(props, json_pack("{s:s, s:s, s:s}", "name", name, "ns",
						       OSCAL_NS, "value", v));
	free(v);
}

void oscal_set_props(json_t *obj, json_t *props)
{
	if (json_array_size(props))
		json_object_set_new(obj, "props", props);
	else
		json_decref(props);
}

int oscal_datetime(const char *date, char out[OSCAL_DATETIME_LEN + 1])
{
	int y, m = 1, d = 1, n = 0;

	if (!date || sscanf(date, "%4d-%2d%n", &y, &m, &n) < 2)
		return AISEC_ERR_INVALID;
	if (date[n] == '-' && sscanf(date + n + 1, "%2d", &d) != 1)
		return AISEC_ERR_INVALID;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return AISEC_ERR_INVALID;
	snprintf(out, OSCAL_DATETIME_LEN + 1, "%04d-%02d-%02dT00:00:00Z", y, m, d);
	return 0;
}

json_t *oscal_metadata(const char *title, const char *datetime, const char *version)
{
	char *t = oscal_line(title), *v = oscal_line(version);
	json_t *md = json_pack("{s:s, s:s, s:s, s:s}", "title", t ? t : "", "last-modified",
			       datetime, "version", v && *v ? v : "unversioned", "oscal-version",
			       OSCAL_VERSION);

	free(t);
	free(v);
	return md;
}

int oscal_uuid_set(json_t *obj, const char *fmt, ...)
{
	char u[REPORT_UUID_LEN + 1];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = report_uuid5v(u, fmt, ap);
	va_end(ap);
	if (rc == 0 && json_object_set_new(obj, "uuid", json_string(u)))
		rc = AISEC_ERR_NOMEM;
	return rc;
}

json_t *oscal_aisec_assets(const char *tool_uuid, const char *platform_uuid)
{
	return json_pack("{s:[{s:s, s:s, s:s, s:s, s:{s:s}}], s:[{s:s, s:s, s:[{s:s}]}]}",
			 "components", "uuid", tool_uuid, "type", "software", "title", "aisec",
			 "description",
			 "aisec: AI Act classification, TVRA risk analysis, coverage and gaps",
			 "status", "state", "operational", "assessment-platforms", "uuid",
			 platform_uuid, "title", "aisec", "uses-components", "component-uuid",
			 tool_uuid);
}

json_t *oscal_profile_resource(const char *uuid, const char *file)
{
	return json_pack("{s:s, s:s, s:s, s:[{s:s}]}", "uuid", uuid, "title", "AI system profile",
			 "description",
			 "The profile aisec assessed: it describes the system (aisec has no "
			 "system security plan) and is the subject of the assessment.",
			 "rlinks", "href", file);
}

bool oscal_token_ok(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(".-_", *s))
			return false;
	return true;
}
