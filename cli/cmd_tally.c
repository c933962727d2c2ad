/*
 * cmd_tally.c: plenum tally FILE [--json] [--locale L].
 *
 * Exit status follows election-format.md: 0 for any well-formed input,
 * whatever the vote decided; 2 with FILE:LINE:COLUMN: message otherwise.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "buf.h"
#include "cmd.h"
#include "report.h"
#include "resultjson.h"
#include "source.h"

static const struct option longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "locale", required_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int
plenum_cmd_tally(int argc, char **argv)
{
	struct plenum_election *e = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_diag diag = { 0 };
	struct plenum_buf out;
	const char *locale = NULL;
	json_t *result = NULL;
	int json = 0, c, status = PLENUM_EXIT_OK;
	enum plenum_err err;

	plenum_buf_init(&out, 1u << 30);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'l':
			if (!plenum_cmd_locale_ok(optarg)) {
				fprintf(stderr,
					"plenum tally: unknown locale '%s' "
					"(zh-Hans, zh-Hant, vi or en)\n",
					optarg);
				return PLENUM_EXIT_INPUT;
			}
			locale = optarg;
			break;
		case 'h':
			return plenum_cmd_help(2,
					       (char *[]){ "help", "tally" });
		default:
			fputs("usage: plenum tally FILE [--json] [--locale "
			      "L]\n",
			      stderr);
			return PLENUM_EXIT_INPUT;
		}
	}
	if (argc - optind != 1) {
		fputs("usage: plenum tally FILE [--json] [--locale L]\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	err = plenum_source_tally(argv[optind], 0, &e, &t, &diag);
	if (err != PLENUM_OK)
		return plenum_cmd_report_error(err, &diag);
	if (json) {
		result = plenum_resultjson_build(e, t, locale);
		if (result == NULL ||
		    json_dumpf(result, stdout,
			       JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
			fputs("plenum tally: out of memory\n", stderr);
			status = PLENUM_EXIT_INTERNAL;
			goto out;
		}
		putchar('\n');
	} else {
		err = plenum_report_text(e, t, locale, &out);
		if (err != PLENUM_OK) {
			fprintf(stderr, "plenum tally: %s\n",
				plenum_err_str(err));
			status = PLENUM_EXIT_INTERNAL;
			goto out;
		}
		fwrite(out.data, 1, out.len, stdout);
	}
	if (fflush(stdout) != 0) {
		perror("plenum tally: standard output");
		status = PLENUM_EXIT_INTERNAL;
	}
out:
	json_decref(result);
	plenum_buf_release(&out);
	plenum_tally_free(t);
	plenum_election_free(e);
	return status;
}
