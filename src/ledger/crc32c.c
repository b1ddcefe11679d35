/*
 * crc32c.c - CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the
 * record checksum of entries.log.  OpenSSL has no CRC; this uses the SSE4.2
 * crc32 instruction when the CPU has it and a byte-wise table otherwise.
 * The table is computed at compile time, so there is no mutable state.
 */
#include <string.h>

#include "ledger/ledger_int.h"

#define P 0x82F63B78u
#define B1(c) (((c) >> 1) ^ (((c) & 1) ? P : 0))
#define B8(c) B1(B1(B1(B1(B1(B1(B1(B1(c))))))))
#define R4(i) B8(i), B8(i + 1), B8(i + 2), B8(i + 3)
#define R16(i) R4(i), R4(i + 4), R4(i + 8), R4(i + 12)
#define R64(i) R16(i), R16(i + 16), R16(i + 32), R16(i + 48)

static const uint32_t t0[256] = {R64(0u), R64(64u), R64(128u), R64(192u)};

static uint32_t crc_table(uint32_t crc, const uint8_t *p, size_t n)
{
	while (n--)
		crc = t0[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t crc_sse42(uint32_t crc,
							   const uint8_t *p,
							   size_t n)
{
	uint64_t c = crc;

	while (n && ((uintptr_t)p & 7)) {
		c = __builtin_ia32_crc32qi((uint32_t)c, *p++);
		n--;
	}
	while (n >= 8) {
		uint64_t v;

		memcpy(&v, p, 8);
		c = __builtin_ia32_crc32di(c, v);
		p += 8;
		n -= 8;
	}
	while (n--)
		c = __builtin_ia32_crc32qi((uint32_t)c, *p++);
	return (uint32_t)c;
}
#endif

uint32_t lg_crc32c(uint32_t crc, const void *data, size_t len)
{
	crc = ~crc;
#if defined(__x86_64__)
	if (__builtin_cpu_supports("sse4.2"))
		return ~crc_sse42(crc, data, len);
#endif
	return ~crc_table(crc, data, len);
}
