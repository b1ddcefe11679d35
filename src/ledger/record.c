/*
 * record.c - the framing of one entry in entries.log:
 *   len u32 | crc32c u32 | index u64 | payload[len]      (little-endian)
 * with the CRC over len, index and payload, so a torn or damaged record is
 * recognised without trusting any of its fields.  Also the inverse of the
 * tree.dat layout arithmetic (see ledger_int.h).
 */
#include <string.h>

#include "ledger/ledger_int.h"

static uint32_t rec_crc(const uint8_t *hdr, const void *payload, uint32_t len)
{
	uint32_t c = lg_crc32c(0, hdr, 4);

	c = lg_crc32c(c, hdr + 8, 8);
	return lg_crc32c(c, payload, len);
}

void lg_rec_header(uint8_t hdr[LG_REC_HEADER], const void *payload,
		   uint32_t len, uint64_t index)
{
	lg_put32(hdr, len);
	lg_put64(hdr + 8, index);
	lg_put32(hdr + 4, rec_crc(hdr, payload, len));
}

enum lg_rec_status lg_rec_decode(const uint8_t *p, size_t avail,
				 uint64_t want_index, const uint8_t **payload,
				 uint32_t *len, uint64_t *index)
{
	uint32_t n;

	if (avail < LG_REC_HEADER)
		return LG_REC_SHORT;
	n = lg_get32(p);
	if (n == 0 || n > AISEC_LEDGER_ENTRY_MAX)
		return LG_REC_BAD;
	if (avail - LG_REC_HEADER < n)
		return LG_REC_SHORT;
	if (rec_crc(p, p + LG_REC_HEADER, n) != lg_get32(p + 4))
		return LG_REC_BAD;
	if (want_index != UINT64_MAX && lg_get64(p + 8) != want_index)
		return LG_REC_BAD;
	*payload = p + LG_REC_HEADER;
	*len = n;
	*index = lg_get64(p + 8);
	return LG_REC_OK;
}

uint64_t lg_leaves_for_hashes(uint64_t hashes)
{
	uint64_t lo = 0, hi = hashes / 2 + 64;

	/* lg_stored_count is increasing; find the largest n with count <= hashes */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;

		if (lg_stored_count(mid) <= hashes)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

bool lg_rec_later_valid(const uint8_t *p, size_t avail, uint64_t want)
{
	for (size_t off = 1; off + LG_REC_HEADER <= avail; off++) {
		uint64_t idx = lg_get64(p + off + 8), got;
		const uint8_t *pl;
		uint32_t len;

		if (idx < want || idx - want >= 4096)
			continue;
		if (lg_rec_decode(p + off, avail - off, idx, &pl, &len, &got) == LG_REC_OK)
			return true;
	}
	return false;
}
