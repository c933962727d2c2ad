/*
 * cmd_tally.c: plenum tally FILE [--json] [--locale L].
 *
 * Exit status follows election-format.md: 0 for any well-formed input,
 * whatever the vote decided; 2 with FILE:LINE:COLUMN: message otherwise.
 */
#include <stdio.h>

#include "buf.h"
#include "cmd.h"
#include "report.h"
#include "resultjson.h"
#include "source.h"

int
plenum_cmd_tally(int argc, char **argv)
{
	struct plenum_cmd_args args;
	struct plenum_election *e = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_diag diag = { 0 };
	struct plenum_buf out;
	int status;
	enum plenum_err err;

	if ((status = plenum_cmd_parse_args(argc, argv, &args)) >= 0)
		return status;
	plenum_buf_init(&out, 1u << 30);
	err = plenum_source_tally(args.file, 0, &e, &t, &diag);
	if (err != PLENUM_OK)
		return plenum_cmd_report_error(err, &diag);
	if (args.json) {
		status = plenum_cmd_print_json(
			"tally", plenum_resultjson_build(e, t, args.locale));
	} else if ((err = plenum_report_text(e, t, args.locale, &out))) {
		fprintf(stderr, "plenum tally: %s\n", plenum_err_str(err));
		status = PLENUM_EXIT_INTERNAL;
	} else {
		fwrite(out.data, 1, out.len, stdout);
		status = PLENUM_EXIT_OK;
	}
	if (fflush(stdout) != 0) {
		perror("plenum tally: standard output");
		status = PLENUM_EXIT_INTERNAL;
	}
	plenum_buf_release(&out);
	plenum_tally_free(t);
	plenum_election_free(e);
	return status;
}
