/*
 * test_errors.c: malformed or inconsistent election documents are refused
 * with the line and column of the field at fault and a message naming it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "support.h"

/* A valid cn-basic election to break one field at a time. */
#define HEAD "{\"format\":\"plenum-election/1\",\"rules\":\"cn-basic\",\n"
#define EL   "\"electorate\":{\"should_attend\":10,\"present\":9},\n"
#define CANDS                                                                  \
	"\"candidates\":[{\"id\":\"a\",\"name\":\"甲\"},{\"id\":\"b\","       \
	"\"name\":\"乙\"}],\n"
#define BASE HEAD "\"seats\":1,\n" EL "\"ballots_issued\":9,\n" CANDS

struct row {
	const char *what;
	const char *doc;
	enum plenum_err err;
	unsigned long line, column;
	const char *needle;
};

static const struct row rows[] = {
	{ "not json", "{\"format\":", PLENUM_ESYNTAX, 1, 11, "" },
	{ "not an object", "[1]", PLENUM_EINPUT, 1, 1,
	  "must be a JSON object" },
	{ "trailing garbage", BASE "\"ballots\":[\"Y-\"]} x", PLENUM_ESYNTAX, 6,
	  19, "" },
	{ "unknown field", BASE "\"seat\":2,\"ballots\":[]}", PLENUM_EINPUT, 6,
	  1, "unknown field \"seat\"" },
	{ "duplicate field", BASE "\"seats\":2,\"ballots\":[]}", PLENUM_EINPUT,
	  6, 1, "duplicate field \"seats\"" },
	{ "wrong format", "{\"format\":\"plenum-election/2\"}", PLENUM_EINPUT,
	  1, 11, "\"format\"" },
	{ "unknown rules", "{\"format\":\"plenum-election/1\",\"rules\":\"x\"}",
	  PLENUM_EINPUT, 1, 39, "unknown rule preset \"x\"" },
	{ "seats zero", HEAD "\"seats\":0}", PLENUM_EINPUT, 2, 9, "\"seats\"" },
	{ "seats fraction", HEAD "\"seats\":1.5}", PLENUM_EINPUT, 2, 9,
	  "\"seats\"" },
	{ "count beyond 10^15", HEAD "\"seats\":10000000000000000}",
	  PLENUM_EINPUT, 2, 9, "from 1 to 10^15" },
	{ "negative count", HEAD "\"seats\":1,\"electorate\":{\"present\":-1}}",
	  PLENUM_EINPUT, 2, 35, "\"electorate.present\"" },
	{ "missing electorate field",
	  HEAD "\"seats\":1,\"electorate\":{\"present\":9},\n"
	       "\"ballots_issued\":9," CANDS "\"ballots\":[]}",
	  PLENUM_EINPUT, 2, 24, "\"electorate.should_attend\" is missing" },
	{ "present over should attend",
	  HEAD "\"seats\":1,\"electorate\":{\"should_attend\":5,\"present\":9},"
	       "\"ballots_issued\":9," CANDS "\"ballots\":[]}",
	  PLENUM_EINPUT, 2, 24, "exceeds \"electorate.should_attend\"" },
	{ "marks too short", BASE "\"ballots\":[\"Y-\",\n  \"Y\"]}",
	  PLENUM_EINPUT, 7, 3, "ballots[1]: ballot has 1 mark, expected 2" },
	{ "bad mark", BASE "\"ballots\":[\"YX\"]}", PLENUM_EINPUT, 6, 12,
	  "mark 2 is 'X'" },
	{ "ballot not a string", BASE "\"ballots\":[7]}", PLENUM_EINPUT, 6, 12,
	  "expected a marks string" },
	{ "unknown defect",
	  BASE "\"ballots\":[{\"marks\":\"Y-\",\"defects\":[\"x\"]}]}",
	  PLENUM_EINPUT, 6, 37, "unknown defect \"x\"" },
	{ "write-in without mark",
	  BASE
	  "\"ballots\":[{\"marks\":\"Y-\",\"write_ins\":[{\"name\":\"丙\"}]}]}",
	  PLENUM_EINPUT, 6, 39, "needs \"name\" and \"mark\"" },
	{ "two ballot forms", BASE "\"ballots\":[],\"totals\":{}}",
	  PLENUM_EINPUT, 6, 14, "only one of" },
	{ "no ballots", BASE "\"title\":\"x\"}", PLENUM_EINPUT, 1, 1,
	  "no ballots" },
	{ "totals unknown id",
	  BASE "\"totals\":{\"valid\":9,\"candidates\":{\"zz\":{\"Y\":1}}}}",
	  PLENUM_EINPUT, 6, 35, "\"zz\" is not the id" },
	{ "totals over valid",
	  BASE "\"totals\":{\"valid\":2,\"candidates\":{\"a\":{\"Y\":3}}}}",
	  PLENUM_EINPUT, 6, 35, "3 marks counted but only 2 valid" },
	{ "totals unknown mark",
	  BASE "\"totals\":{\"valid\":2,\"candidates\":{\"a\":{\"X\":1}}}}",
	  PLENUM_EINPUT, 6, 40, "unknown mark \"X\"" },
	{ "returned disagrees with totals",
	  HEAD "\"seats\":1,\n" EL
	       "\"ballots_issued\":9,\"ballots_returned\":8,\n" CANDS
	       "\"totals\":{\"valid\":9}}",
	  PLENUM_EINPUT, 4, 20, "\"ballots_returned\" is 8" },
	{ "duplicate candidate id",
	  HEAD "\"seats\":1,\"candidates\":[{\"id\":\"a\",\"name\":\"甲\"},"
	       "{\"id\":\"a\",\"name\":\"乙\"}]}",
	  PLENUM_EINPUT, 2, 49, "already the id of candidates[0]" },
	{ "empty name", HEAD "\"candidates\":[{\"id\":\"a\",\"name\":\" \"}]}",
	  PLENUM_EINPUT, 2, 32, "must not be empty" },
	{ "unknown option",
	  BASE "\"options\":{\"quorm\":\"1/2\"},\"ballots\":[]}", PLENUM_EINPUT,
	  6, 20, "unknown option \"quorm\"" },
	{ "bad option value",
	  BASE "\"options\":{\"quorum\":\"5/4\"},\"ballots\":[]}",
	  PLENUM_EINPUT, 6, 21, "option \"quorum\"" },
	{ "motion with seats",
	  "{\"format\":\"plenum-election/"
	  "1\",\"rules\":\"vn\",\"type\":\"motion\","
	  "\"question\":\"q\",\"seats\":1}",
	  PLENUM_EINPUT, 1, 1, "a motion has no" },
	/* found by fuzz_election: the message named the key after its text
	 * had been overwritten by a long value */
	{ "long bad locale",
	  "{\"locale\":\"enssssssssssssssssssssssssssssssssssssssssssssssssss"
	  "ssssssssssssssssssssssssssssssssssssssssssss\"}",
	  PLENUM_EINPUT, 1, 11, "\"locale\": expected \"zh-Hans\"" },
	{ "invalid utf-8", HEAD "\"title\":\"\xff\"}", PLENUM_ESYNTAX, 2, 10,
	  "" },
};

/* Every row is read whole and one byte at a time: the tokenizer copies
 * token text only across reads, which is where a stale pointer shows. */
static void
test_rows(void **state)
{
	static const size_t chunks[] = { 0, 1 };
	size_t i, c;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		for (c = 0; c < 2; c++) {
			const struct row *w = &rows[i];
			struct plenum_election *e = NULL;
			struct plenum_tally *t = NULL;
			struct plenum_diag diag;
			enum plenum_err err;

			err = support_tally_text(w->doc, chunks[c], &e, &t,
						 &diag);
			if (err != w->err || diag.line != w->line ||
			    diag.column != w->column ||
			    strstr(diag.message, w->needle) == NULL)
				fail_msg("%s (reads of %zu): got error %d at "
					 "%lu:%lu \"%s\"; expected %d at "
					 "%lu:%lu containing \"%s\"",
					 w->what, chunks[c], err, diag.line,
					 diag.column, diag.message, w->err,
					 w->line, w->column, w->needle);
			assert_null(e);
			assert_null(t);
		}
	}
}

/* The same document read one byte at a time gives the same answer. */
static void
test_one_byte_reads(void **state)
{
	struct plenum_election *e = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_diag diag;
	const char *doc =
		BASE "\"ballots\":[\"Y-\",\"YN\",{\"marks\":\"--\","
		     "\"write_ins\":[{\"name\":\"丙\",\"mark\":\"Y\"}]},"
		     "\"YY\"]}";

	(void)state;
	assert_int_equal(support_tally_text(doc, 1, &e, &t, &diag), PLENUM_OK);
	assert_int_equal(t->ballots.valid, 3);
	assert_int_equal(t->ballots.invalid, 1);
	assert_int_equal(t->persons[0].yes, 2);
	assert_int_equal(t->npersons, 3);
	assert_string_equal(t->persons[2].id, "write-in:丙");
	plenum_tally_free(t);
	plenum_election_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_one_byte_reads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
