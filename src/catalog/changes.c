/*
 * changes.c - what changed since the report, standard by standard: the
 * report's status and target date against the status now, and how late a
 * deliverable came (or still is) against the target the report gave.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog_int.h"

/* The report was published in March 2023. */
#define REPORT_MONTH (2023 * 12 + 2)

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
				     "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_of(const char *tok, size_t len)
{
	if (len < 3)
		return -1;
	for (int m = 0; m < 12; m++)
		if (strncasecmp(tok, months[m], 3) == 0)
			return m;
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int aisec_catalog_month(const char *text)
{
	int year = -1, month = -1, quarter = -1, short_year = -1;
	const char *p = text;

	if (!text)
		return -1;
	/* ISO 8601: YYYY-MM or YYYY-MM-DD */
	if (all_digits(p, 4) && p[4] == '-' && all_digits(p + 5, 2)) {
		month = num(p + 5, 2) - 1;
		if (month < 0 || month > 11)
			return -1;
		return num(p, 4) * 12 + month;
	}
	while (*p) {
		size_t len;

		while (*p && !isalnum((unsigned char)*p))
			p++;
		len = 0;
		while (isalnum((unsigned char)p[len]))
			len++;
		if (len == 0)
			break;
		if (len == 4 && all_digits(p, 4) && year < 0)
			year = num(p, 4);
		else if (len == 2 && all_digits(p, 2) && month >= 0 && year < 0)
			short_year = 2000 + num(p, 2);
		else if (len == 2 && (p[0] == 'Q' || p[0] == 'q') && p[1] >= '1' && p[1] <= '4')
			quarter = p[1] - '1';
		else if (month < 0 && isalpha((unsigned char)p[0]))
			month = month_of(p, len);
		p += len;
	}
	if (year < 0)
		year = short_year;
	if (year < 1900 || year > 2200)
		return -1;
	if (quarter >= 0)
		return year * 12 + quarter * 3 + 2;
	return year * 12 + (month >= 0 ? month : 11);
}

static bool starts_with_ci(const char *s, const char *prefix)
{
	return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether the report shows the deliverable as published. */
static bool published_in_report(const struct aisec_standard *s)
{
	int date;

	if (s->status_report)
		return starts_with_ci(s->status_report, "published") ||
		       starts_with_ci(s->status_report, "released");
	/* Annex A.1 gives no status: it lists published editions (":2013") */
	if (s->reference && strchr(s->reference, ':'))
		return true;
	/* named in the text without a status: published then if published
	 * before the report (March 2023) or with no date recorded */
	if (aisec_stage_class(s->status_now.stage) != AISEC_STAGE_PUBLISHED)
		return false;
	date = aisec_catalog_month(s->status_now.date);
	return date < 0 || date < REPORT_MONTH;
}

/* Year of the edition the report names ("ISO/IEC TR 24030:2021"), or -1. */
static int edition_year(const char *reference)
{
	const char *colon = reference ? strchr(reference, ':') : NULL;

	if (!colon || !all_digits(colon + 1, 4))
		return -1;
	return num(colon + 1, 4);
}

void aisec_catalog_change(const struct aisec_standard *s, struct aisec_change *out)
{
	enum aisec_stage_class now = aisec_stage_class(s->status_now.stage);
	int target = aisec_catalog_month(s->target_report);

	memset(out, 0, sizeof(*out));
	out->standard = s;
	if (target < 0 && s->status_report && !published_in_report(s))
		target = aisec_catalog_month(s->status_report); /* A.2 gives "Jul-23" there */
	if (s->added_after_report) {
		out->kind = AISEC_CATALOG_CHANGE_ADDED;
		out->summary = "added after the report";
	} else if (now == AISEC_STAGE_UNKNOWN) {
		out->kind = AISEC_CATALOG_CHANGE_UNKNOWN;
		out->summary = "no current status recorded";
	} else if (now == AISEC_STAGE_GONE) {
		out->kind = AISEC_CATALOG_CHANGE_WITHDRAWN;
		out->summary = strcmp(s->status_now.stage, "superseded") == 0
				       ? "superseded since the report"
				       : "withdrawn since the report";
	} else if (published_in_report(s)) {
		int edition = edition_year(s->reference), when = aisec_catalog_month(s->status_now.date);

		out->kind = now == AISEC_STAGE_PUBLISHED ? AISEC_CATALOG_CHANGE_UNCHANGED
							 : AISEC_CATALOG_CHANGE_IN_PROGRESS;
		out->summary = now == AISEC_STAGE_PUBLISHED ? "published then and now"
							    : "published then, under revision now";
		/* the edition the report names was replaced by a later one */
		if (now == AISEC_STAGE_PUBLISHED && edition > 0 && when >= 0 && when / 12 > edition) {
			out->kind = AISEC_CATALOG_CHANGE_REVISED;
			out->summary = "published then, revised since";
		}
		return;
	} else if (now == AISEC_STAGE_PUBLISHED) {
		int when = aisec_catalog_month(s->status_now.date);

		/* out before the report although the report gives a draft stage or a
		 * target: not "since the report", and no (negative) delay */
		if (when >= 0 && when < REPORT_MONTH) {
			out->kind = AISEC_CATALOG_CHANGE_UNCHANGED;
			out->summary = "published before the report";
			return;
		}
		out->kind = AISEC_CATALOG_CHANGE_PUBLISHED;
		out->summary = "published since the report";
		if (target >= 0 && when >= 0) {
			out->has_delay = true;
			out->delay_months = when - target;
		}
	} else {
		int as_of = aisec_catalog_month(s->status_now.as_of);

		out->kind = AISEC_CATALOG_CHANGE_IN_PROGRESS;
		out->summary = "still in development";
		if (target >= 0 && as_of >= 0) {
			out->has_delay = true;
			out->delay_months = as_of - target;
			out->overdue = as_of > target;
		}
	}
}
