/*
 * tmpdir.h - a private temporary directory for a unit test and its removal,
 * so that tests leave nothing under /tmp.  Header-only: included by the
 * test_*.c files that write files (not a test itself).
 */
#ifndef AISEC_TEST_TMPDIR_H
#define AISEC_TEST_TMPDIR_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int test_rm_one(const char *path, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Create a fresh directory "/tmp/aisec-<tag>-XXXXXX" into dir[n]; 0 or -1. */
static inline int test_tmpdir_make(char *dir, size_t n, const char *tag)
{
	const char *base = getenv("TMPDIR");

	if (snprintf(dir, n, "%s/aisec-%s-XXXXXX",
		     base && *base ? base : "/tmp", tag) >= (int)n)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

/* Remove a directory tree (depth first, symlinks not followed); 0 or -1. */
static inline int test_tmpdir_remove(const char *dir)
{
	if (!dir || !*dir)
		return 0;
	return nftw(dir, test_rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

#endif
