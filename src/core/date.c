/*
 * date.c - calendar dates as the knowledge base and the command line write
 * them (ISO 8601 YYYY-MM-DD), checked against the Gregorian calendar so that
 * 2026-02-30 is refused rather than compared as a string.
 */
#include <stdbool.h>

#include "core/core.h"

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool aisec_date_valid(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int v[3] = {0, 0, 0}, f = 0;

	if (!s)
		return false;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
			f++;
		} else if (s[i] >= '0' && s[i] <= '9') {
			v[f] = v[f] * 10 + (s[i] - '0');
		} else {
			return false;
		}
	}
	if (s[10] != '\0' || v[1] < 1 || v[1] > 12 || v[2] < 1)
		return false;
	return v[2] <= mdays[v[1] - 1] + (v[1] == 2 && leap(v[0]));
}
