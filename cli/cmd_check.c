/*
 * cmd_check.c: plenum check FILE [--json] [--locale L].
 *
 * Checks the candidate list without counting.  Exit 0 when it meets the
 * preset's hard rules, 1 when it breaks one, 2 for bad input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "buf.h"
#include "cmd.h"
#include "report.h"
#include "source.h"

static const struct option longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "locale", required_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const char *const problem_words[] = { "ok", "too-few", "not-contested",
					     "surplus-too-small",
					     "surplus-too-large" };

static json_t *
check_json(const struct plenum_election *e, const struct plenum_list_check *c)
{
	json_t *order = json_array(), *o;
	size_t i;

	for (i = 0; order != NULL && i < e->ncandidates; i++)
		json_array_append_new(
			order, json_string(e->candidates[c->order[i]].id));
	o = json_pack(
		"{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:o, s:s, s:b, "
		"s:b, s:o}",
		"format", "plenum-check/1", "rules",
		plenum_rules_preset_name(e->rules.preset), "contested",
		c->contested, "candidates", (json_int_t)c->candidates, "places",
		(json_int_t)c->places, "extra", (json_int_t)c->extra,
		"min_extra", (json_int_t)c->min_extra, "max_extra",
		c->max_extra >= 0 ? json_integer(c->max_extra) : json_null(),
		"problem", problem_words[c->problem], "ok",
		c->problem == PLENUM_LIST_OK, "in_order", c->in_order,
		"expected_order", order);
	return o;
}

int
plenum_cmd_check(int argc, char **argv)
{
	struct plenum_election *e = NULL;
	struct plenum_tally *unused = NULL;
	struct plenum_list_check check = { 0 };
	struct plenum_diag diag = { 0 };
	struct plenum_buf out;
	const char *locale = NULL;
	json_t *result = NULL;
	int json = 0, c, status;
	enum plenum_err err;

	plenum_buf_init(&out, 1u << 24);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'l':
			if (!plenum_cmd_locale_ok(optarg)) {
				fprintf(stderr,
					"plenum check: unknown locale '%s' "
					"(zh-Hans, zh-Hant, vi or en)\n",
					optarg);
				return PLENUM_EXIT_INPUT;
			}
			locale = optarg;
			break;
		case 'h':
			return plenum_cmd_help(2,
					       (char *[]){ "help", "check" });
		default:
			fputs("usage: plenum check FILE [--json] [--locale "
			      "L]\n",
			      stderr);
			return PLENUM_EXIT_INPUT;
		}
	}
	if (argc - optind != 1) {
		fputs("usage: plenum check FILE [--json] [--locale L]\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	err = plenum_source_tally(argv[optind], PLENUM_PARSE_LIST_ONLY, &e,
				  &unused, &diag);
	if (err != PLENUM_OK)
		return plenum_cmd_report_error(err, &diag);
	if ((err = plenum_tally_check_list(e, &check)) != PLENUM_OK) {
		status = plenum_cmd_report_error(err, &diag);
		goto out;
	}
	status = check.problem == PLENUM_LIST_OK ? PLENUM_EXIT_OK
						 : PLENUM_EXIT_FINDING;
	if (json) {
		result = check_json(e, &check);
		if (result == NULL ||
		    json_dumpf(result, stdout,
			       JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
			fputs("plenum check: out of memory\n", stderr);
			status = PLENUM_EXIT_INTERNAL;
			goto out;
		}
		putchar('\n');
	} else {
		if ((err = plenum_report_check(e, &check, locale, &out))) {
			fprintf(stderr, "plenum check: %s\n",
				plenum_err_str(err));
			status = PLENUM_EXIT_INTERNAL;
			goto out;
		}
		fwrite(out.data, 1, out.len, stdout);
	}
out:
	json_decref(result);
	plenum_buf_release(&out);
	plenum_tally_list_release(&check);
	plenum_election_free(e);
	return status;
}
