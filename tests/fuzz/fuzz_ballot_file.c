/*
 * fuzz_ballot_file.c: libFuzzer harness for the compact ballot file reader.
 * The first byte picks a preset and a list; the rest is the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ballots.h"
#include "fuzz_mem.h"
#include "count.h"
#include "rules.h"
#include "tally.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "甲", "乙", "丙", "丁" };
	struct plenum_rules r;
	struct plenum_count_setup s;
	struct plenum_counter *k;
	struct plenum_diag diag;
	struct fuzz_mem m;
	struct plenum_json_source src = { fuzz_mem_read, &m };

	if (size < 1)
		return 0;
	plenum_rules_defaults((enum plenum_preset)(data[0] % 5), &r);
	s.rules = &r;
	s.ncandidates = 1 + (data[0] >> 3) % 4;
	s.names = names;
	s.seats = 1 + (data[0] >> 5) % (int64_t)s.ncandidates;
	s.alternate_seats = 0;
	s.motion = (data[0] & 0x80) && s.ncandidates == 1;
	m.data = data + 1;
	m.len = size - 1;
	m.pos = 0;
	m.modulus = 4099;
	if ((k = plenum_counter_new(&s)) == NULL)
		return 0;
	plenum_ballots_read_lines(k, &src, &diag);
	plenum_counter_free(k);
	return 0;
}
