/*
 * event.c - the schema of a ledger entry when entries are JSON events
 * (docs/ledger.md): {"time": RFC 3339 date-time, "type": string,
 * "system": string, "payload": object}, nothing else at the top level.
 */
#include <string.h>

#include <jansson.h>

#include "ledger/ledger_int.h"

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* RFC 3339 section 5.6 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM) */
static bool rfc3339(const char *s)
{
	size_t n = strlen(s), i = 19;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int mon, day;

	if (n < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) ||
	    s[16] != ':' || !digits(s + 17, 2))
		return false;
	mon = num(s + 5, 2);
	day = num(s + 8, 2);
	if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] ||
	    num(s + 11, 2) > 23 || num(s + 14, 2) > 59 || num(s + 17, 2) > 60)
		return false;
	if (s[i] == '.') {
		size_t f = ++i;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f)
			return false;
	}
	if (i == n - 1 && (s[i] == 'Z' || s[i] == 'z'))
		return true;
	return i + 6 == n && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2) &&
	       s[i + 3] == ':' && digits(s + i + 4, 2) && num(s + i + 1, 2) <= 23 &&
	       num(s + i + 4, 2) <= 59;
}

/* Said with every refusal, so the writer of a bad line learns the schema. */
#define SCHEMA                                                                          \
	"(an event is {\"time\": RFC 3339, \"type\": string, \"system\": string, "       \
	"\"payload\": object}: these four fields are required and no others are allowed; " \
	"see docs/ledger.md)"

int aisec_ledger_event_check(const char *json, size_t len, struct aisec_error *err)
{
	static const char *const keys[] = {"time", "type", "system", "payload"};
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr), *v;
	const char *key;
	int rc = 0;

	if (!root)
		return aisec_error_set(err, AISEC_ERR_PARSE, "not JSON: %s (column %d)",
				       jerr.text, jerr.column);
	if (!json_is_object(root)) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID, "event: want a JSON object " SCHEMA);
		goto out;
	}
	json_object_foreach(root, key, v) {
		bool known = false;

		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			known |= strcmp(key, keys[i]) == 0;
		if (!known) {
			rc = aisec_error_set(err, AISEC_ERR_INVALID,
					     "field '%s': unknown field " SCHEMA, key);
			goto out;
		}
	}
	for (size_t i = 0; i < 3; i++) {
		v = json_object_get(root, keys[i]);
		if (!v || !json_is_string(v) || json_string_length(v) == 0) {
			rc = aisec_error_set(err, AISEC_ERR_INVALID,
					     "field '%s': %s %s", keys[i],
					     v ? "want a non-empty string" : "missing", SCHEMA);
			goto out;
		}
	}
	if (!rfc3339(json_string_value(json_object_get(root, "time")))) {
		rc = aisec_error_set(err, AISEC_ERR_INVALID,
				     "field 'time': want an RFC 3339 date-time such as 2026-05-04T10:00:00Z");
		goto out;
	}
	v = json_object_get(root, "payload");
	if (!v || !json_is_object(v))
		rc = aisec_error_set(err, AISEC_ERR_INVALID, "field 'payload': %s %s",
				     v ? "want an object" : "missing", SCHEMA);
out:
	json_decref(root);
	return rc;
}
