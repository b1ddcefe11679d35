/*
 * secret.c - memory for key material that stays out of core dumps: whole
 * anonymous pages marked MADV_DONTDUMP (issue 16), locked in memory when
 * RLIMIT_MEMLOCK allows, wiped before they are returned.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/core.h"

static size_t round_pages(size_t n)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t p = pg > 0 ? (size_t)pg : 4096;

	return n ? (n + p - 1) / p * p : p;
}

void *aisec_secret_alloc(size_t n)
{
	size_t len = round_pages(n);
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (madvise(p, len, MADV_DONTDUMP) != 0) {
		munmap(p, len);
		return NULL;
	}
	(void)mlock(p,
		    len); /* best effort: the dump exclusion is what counts */
	return p;
}

void aisec_secret_free(void *p, size_t n)
{
	size_t len = round_pages(n);

	if (!p)
		return;
	OPENSSL_cleanse(p, len);
	munlock(p, len);
	munmap(p, len);
}
