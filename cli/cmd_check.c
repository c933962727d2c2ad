/*
 * cmd_check.c: plenum check FILE [--json] [--locale L].
 *
 * Checks the candidate list without counting.  Exit 0 when it meets the
 * preset's hard rules, 1 when it breaks one, 2 for bad input.
 */
#include <stdio.h>

#include <jansson.h>

#include "buf.h"
#include "cmd.h"
#include "report.h"
#include "source.h"

/* The check as JSON ("plenum-check/1", see docs/cli.md). */
static json_t *
check_json(const struct plenum_election *e, const struct plenum_list_check *c)
{
	json_t *order = json_array();
	size_t i;

	for (i = 0; order != NULL && i < e->ncandidates; i++)
		json_array_append_new(
			order, json_string(e->candidates[c->order[i]].id));
	return json_pack(
		"{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:o, s:s, s:b, s:b, s:o}",
		"format", "plenum-check/1", "rules",
		plenum_rules_preset_name(e->rules.preset), "contested",
		c->contested, "candidates", (json_int_t)c->candidates, "places",
		(json_int_t)c->places, "extra", (json_int_t)c->extra,
		"min_extra", (json_int_t)c->min_extra, "max_extra",
		c->max_extra >= 0 ? json_integer(c->max_extra) : json_null(),
		"problem", plenum_tally_problem_word(c->problem), "ok",
		c->problem == PLENUM_LIST_OK, "in_order", c->in_order,
		"expected_order", order);
}

int
plenum_cmd_check(int argc, char **argv)
{
	struct plenum_cmd_args args;
	struct plenum_election *e = NULL;
	struct plenum_tally *unused = NULL;
	struct plenum_list_check check = { 0 };
	struct plenum_diag diag = { 0 };
	struct plenum_buf out;
	int status;
	enum plenum_err err;

	if ((status = plenum_cmd_parse_args(argc, argv, &args)) >= 0)
		return status;
	plenum_buf_init(&out, 1u << 24);
	err = plenum_source_tally(args.file, PLENUM_PARSE_LIST_ONLY, &e,
				  &unused, &diag);
	if (err != PLENUM_OK)
		return plenum_cmd_report_error(err, &diag);
	if ((err = plenum_tally_check_list(e, &check)) != PLENUM_OK) {
		status = plenum_cmd_report_error(err, &diag);
		goto out;
	}
	status = check.problem == PLENUM_LIST_OK ? PLENUM_EXIT_OK
						 : PLENUM_EXIT_FINDING;
	if (args.json) {
		if (plenum_cmd_print_json("check", check_json(e, &check)))
			status = PLENUM_EXIT_INTERNAL;
	} else if ((err = plenum_report_check(e, &check, args.locale, &out))) {
		fprintf(stderr, "plenum check: %s\n", plenum_err_str(err));
		status = PLENUM_EXIT_INTERNAL;
	} else {
		fwrite(out.data, 1, out.len, stdout);
	}
out:
	plenum_buf_release(&out);
	plenum_tally_list_release(&check);
	plenum_election_free(e);
	return status;
}
