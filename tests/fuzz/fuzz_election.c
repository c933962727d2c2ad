/*
 * fuzz_election.c: libFuzzer harness for the whole path of plenum tally on
 * an in-memory document: the election parser, the inline ballots stream,
 * the decision, the report and the result JSON.  Any input must end in a
 * result or a clean error, never a crash, leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ballots.h"
#include "fuzz_mem.h"
#include "buf.h"
#include "election.h"
#include "report.h"
#include "resultjson.h"
#include "tally.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_mem m = { data, size, 0, 97 };
	struct plenum_json_source src = { fuzz_mem_read, &m };
	struct plenum_election *e = NULL;
	struct plenum_counter *k = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_count_setup setup;
	const struct plenum_counts *counts;
	struct plenum_diag diag;
	struct plenum_buf text;
	json_t *j;

	if (plenum_election_parse(&src, 0, &e, &diag) != PLENUM_OK)
		return 0;
	if (e->form == PLENUM_BALLOTS_INLINE) {
		plenum_election_count_setup(e, &setup);
		if ((k = plenum_counter_new(&setup)) == NULL)
			goto out;
		m.pos = (size_t)e->ballots_offset;
		if (plenum_ballots_read_json(k, &src, e->ballots_offset,
					     e->ballots_pos,
					     &diag) != PLENUM_OK)
			goto out;
		counts = plenum_counter_counts(k);
	} else if (e->form == PLENUM_BALLOTS_TOTALS) {
		counts = &e->totals;
	} else {
		goto out;
	}
	if (plenum_tally_decide(e, counts, &t) != PLENUM_OK)
		goto out;
	plenum_buf_init(&text, 1u << 24);
	plenum_report_text(e, t, "en", &text);
	plenum_buf_reset(&text);
	plenum_report_text(e, t, "zh-Hans", &text);
	plenum_buf_release(&text);
	j = plenum_resultjson_build(e, t, "vi");
	json_decref(j);
out:
	plenum_tally_free(t);
	plenum_counter_free(k);
	plenum_election_free(e);
	return 0;
}
