/*
 * test_properties.c: properties of the count on random elections of every
 * preset:
 *   - reordering the ballots never changes a result;
 *   - the totals form of an election gives the same result as its ballots;
 *   - a ballot that marks nobody never makes anyone elected.
 * The generator is seeded, so a failure names the trial to replay.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "count.h"
#include "resultjson.h"
#include "support.h"

#define TRIALS	    300
#define MAX_BALLOTS 80

static uint64_t rng;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static const char *const presets[] = { "cn-basic", "cn-local", "vn", "ronr",
				       "yna" };
static const char *const pool[] = { "张三", "李四", "Trần Văn Tư", "Smith" };

struct gen {
	const char *preset;
	int ncand, seats, alts, nballots, issued;
	int should, present, excluded;
	char marks[MAX_BALLOTS + 1][16];
	int wi[MAX_BALLOTS + 1]; /* -1 none, else pool index */
	char wi_mark[MAX_BALLOTS + 1];
	int defect[MAX_BALLOTS + 1]; /* -1 none, else index in defects */
	int order[MAX_BALLOTS + 1];
};

static const char *const defects[] = { "unofficial", "identifying",
				       "extra_marks", "folded" };

static void
generate(struct gen *g, int trial)
{
	const char *chars;
	int i, j, contested;

	rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t)(trial + 1) * 0x2545f491ULL;
	memset(g, 0, sizeof(*g));
	g->preset = presets[rnd(5)];
	g->ncand = 1 + (int)rnd(7);
	g->seats = 1 + (int)rnd((uint32_t)g->ncand);
	g->alts = (strcmp(g->preset, "cn-local") == 0 ||
		   strcmp(g->preset, "vn") == 0) &&
				  g->seats < g->ncand && rnd(3) == 0
			  ? 1
			  : 0;
	g->nballots = (int)rnd(MAX_BALLOTS);
	g->issued = g->nballots + (int)rnd(3) - (rnd(8) == 0 ? 1 : 0);
	if (g->issued < 0)
		g->issued = 0;
	g->present = g->nballots + 2 + (int)rnd(5);
	if (g->present < g->issued)
		g->present = g->issued;
	g->should = g->present + (int)rnd(4);
	g->excluded = (int)rnd(3);
	contested = g->ncand > g->seats + g->alts;
	if (strcmp(g->preset, "vn") == 0 && contested)
		chars = "YYYNN?";
	else if (strcmp(g->preset, "ronr") == 0)
		chars = "YY---?B";
	else
		chars = "YYYNNA-B?";
	for (i = 0; i < g->nballots; i++) {
		for (j = 0; j < g->ncand; j++)
			g->marks[i][j] = chars[rnd((uint32_t)strlen(chars))];
		g->wi[i] = rnd(6) == 0 ? (int)rnd(4) : -1;
		g->wi_mark[i] = rnd(3) ? 'Y' : '-';
		g->defect[i] = rnd(20) == 0 ? (int)rnd(4) : -1;
		g->order[i] = i;
	}
}

static void
add_blank_ballot(struct gen *g)
{
	int j, i = g->nballots;
	int strike =
		strcmp(g->preset, "vn") == 0 && g->ncand > g->seats + g->alts;

	for (j = 0; j < g->ncand; j++)
		g->marks[i][j] = strike ? 'N' : '-';
	g->wi[i] = -1;
	g->defect[i] = -1;
	g->order[i] = i;
	g->nballots++;
	g->issued++;
	if (g->present < g->issued)
		g->present = g->issued;
	if (g->should < g->present)
		g->should = g->present;
}

static void
head(const struct gen *g, struct plenum_buf *b)
{
	int j;

	plenum_buf_addf(b,
			"{\"format\":\"plenum-election/1\",\"rules\":\"%s\","
			"\"locale\":\"en\",\"seats\":%d,\"alternate_seats\":%d,"
			"\"electorate\":{\"should_attend\":%d,\"present\":%d,"
			"\"convened\":%d,\"excluded\":%d},"
			"\"ballots_issued\":%d,"
			/* random lists would mostly break surplus rules */
			"\"options\":{\"surplus_min\":0,"
			"\"surplus_max\":\"none\"},\"candidates\":[",
			g->preset, g->seats, g->alts, g->should, g->present,
			g->should, g->excluded, g->issued);
	for (j = 0; j < g->ncand; j++)
		plenum_buf_addf(b, "%s{\"id\":\"c%d\",\"name\":\"候选%d\"}",
				j ? "," : "", j, j);
	plenum_buf_adds(b, "],");
}

static char *
ballots_doc(const struct gen *g)
{
	struct plenum_buf b;
	int i, k;

	plenum_buf_init(&b, 1u << 20);
	head(g, &b);
	plenum_buf_adds(&b, "\"ballots\":[");
	for (k = 0; k < g->nballots; k++) {
		i = g->order[k];
		plenum_buf_addf(&b, "%s{\"marks\":\"%.*s\"", k ? "," : "",
				g->ncand, g->marks[i]);
		if (g->wi[i] >= 0)
			plenum_buf_addf(&b,
					",\"write_ins\":[{\"name\":\"%s\","
					"\"mark\":\"%c\"}]",
					pool[g->wi[i]], g->wi_mark[i]);
		if (g->defect[i] >= 0)
			plenum_buf_addf(&b, ",\"defects\":[\"%s\"]",
					defects[g->defect[i]]);
		plenum_buf_adds(&b, "}");
	}
	plenum_buf_adds(&b, "]}");
	return plenum_buf_detach(&b);
}

/* The totals document of counts read from g's ballots. */
static char *
totals_doc(const struct gen *g, const struct plenum_counts *c)
{
	struct plenum_buf b;
	size_t i;
	int m;

	plenum_buf_init(&b, 1u << 20);
	head(g, &b);
	plenum_buf_addf(
		&b,
		"\"totals\":{\"valid\":%llu,\"invalid\":%llu,"
		"\"illegal\":%llu,\"blank\":%llu,\"candidates\":{",
		(unsigned long long)c->valid, (unsigned long long)c->invalid,
		(unsigned long long)c->illegal, (unsigned long long)c->blank);
	for (i = 0; i < c->ncandidates; i++) {
		plenum_buf_addf(&b, "%s\"c%zu\":{", i ? "," : "", i);
		for (m = 0; m < PLENUM_NMARKS; m++)
			plenum_buf_addf(
				&b, "%s\"%c\":%llu", m ? "," : "",
				plenum_mark_char((enum plenum_mark)m),
				(unsigned long long)c->candidates[i].marks[m]);
		plenum_buf_adds(&b, "}");
	}
	plenum_buf_adds(&b, "},\"write_ins\":[");
	for (i = 0; i < c->nwrite_ins; i++)
		plenum_buf_addf(&b, "%s{\"name\":\"%s\",\"Y\":%llu}",
				i ? "," : "", c->write_ins[i].name,
				(unsigned long long)c->write_ins[i]
					.marks[PLENUM_MARK_YES]);
	plenum_buf_adds(&b, "]}}");
	return plenum_buf_detach(&b);
}

/* Tallies a document and returns its result JSON as compact text. */
static char *
result_of(const char *doc, int trial)
{
	struct plenum_election *e = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_diag diag;
	json_t *j;
	char *text;

	if (support_tally_text(doc, 0, &e, &t, &diag) != PLENUM_OK)
		fail_msg("trial %d: %lu:%lu: %s\n%s", trial, diag.line,
			 diag.column, diag.message, doc);
	j = plenum_resultjson_build(e, t, "en");
	assert_non_null(j);
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	plenum_tally_free(t);
	plenum_election_free(e);
	return text;
}

/* Counts g's ballots straight through a counter (the same rules as the
 * document), for the totals form. */
static void
count_direct(const struct gen *g, struct plenum_counts *out)
{
	char *doc = ballots_doc(g);
	struct support_mem mem = { doc, strlen(doc), 0, 0 };
	struct plenum_json_source src = { support_mem_read, &mem };
	struct plenum_election *e = NULL;
	struct plenum_diag diag;
	struct plenum_count_setup s;
	struct plenum_counter *k;
	const struct plenum_counts *c;
	struct plenum_write_in wi;
	struct plenum_ballot b;
	size_t i;
	int n;

	assert_int_equal(plenum_election_parse(&src, 0, &e, &diag), PLENUM_OK);
	plenum_election_count_setup(e, &s);
	k = plenum_counter_new(&s);
	for (n = 0; n < g->nballots; n++) {
		memset(&b, 0, sizeof(b));
		b.marks = g->marks[n];
		b.len = (size_t)g->ncand;
		if (g->wi[n] >= 0) {
			wi.name = pool[g->wi[n]];
			wi.mark = g->wi_mark[n];
			b.write_ins = &wi;
			b.nwrite_ins = 1;
		}
		if (g->defect[n] >= 0)
			b.defects = plenum_defect_parse(defects[g->defect[n]]);
		assert_int_equal(plenum_counter_add(k, &b, NULL, &diag),
				 PLENUM_OK);
	}
	c = plenum_counter_counts(k);
	assert_int_equal(plenum_counts_init(out, c->ncandidates), PLENUM_OK);
	memcpy(out->candidates, c->candidates,
	       c->ncandidates * sizeof(*c->candidates));
	for (i = 0; i < c->nwrite_ins; i++) {
		size_t idx;

		assert_int_equal(
			plenum_counts_write_in(out, c->write_ins[i].name, &idx),
			PLENUM_OK);
		memcpy(out->write_ins[idx].marks, c->write_ins[i].marks,
		       sizeof(c->write_ins[i].marks));
	}
	out->valid = c->valid;
	out->invalid = c->invalid;
	out->illegal = c->illegal;
	out->blank = c->blank;
	out->returned = c->returned;
	plenum_counter_free(k);
	plenum_election_free(e);
	free(doc);
}

static void
test_reorder(void **state)
{
	struct gen g;
	int trial, i, j, tmp;

	(void)state;
	for (trial = 0; trial < TRIALS; trial++) {
		char *a, *b, *da, *db;

		generate(&g, trial);
		da = ballots_doc(&g);
		a = result_of(da, trial);
		for (i = g.nballots - 1; i > 0; i--) {
			j = (int)rnd((uint32_t)i + 1);
			tmp = g.order[i];
			g.order[i] = g.order[j];
			g.order[j] = tmp;
		}
		db = ballots_doc(&g);
		b = result_of(db, trial);
		if (strcmp(a, b) != 0)
			fail_msg("trial %d: order changed the result\n%s\n%s",
				 trial, a, b);
		free(a);
		free(b);
		free(da);
		free(db);
	}
}

static void
test_totals_agree(void **state)
{
	struct plenum_counts c;
	struct gen g;
	int trial;

	(void)state;
	for (trial = 0; trial < TRIALS; trial++) {
		char *a, *b, *da, *dt;

		generate(&g, trial);
		da = ballots_doc(&g);
		a = result_of(da, trial);
		count_direct(&g, &c);
		dt = totals_doc(&g, &c);
		b = result_of(dt, trial);
		if (strcmp(a, b) != 0)
			fail_msg("trial %d: totals differ from ballots\n%s\n%s"
				 "\n%s",
				 trial, a, b, dt);
		plenum_counts_release(&c);
		free(a);
		free(b);
		free(da);
		free(dt);
	}
}

/* Whether every id elected in after was elected in before. */
static int
elected_subset(const char *before, const char *after)
{
	json_t *x = json_loads(before, 0, NULL),
	       *y = json_loads(after, 0, NULL);
	json_t *ex = json_object_get(x, "elected"),
	       *ey = json_object_get(y, "elected");
	size_t i, j;
	int ok = 1;

	for (i = 0; i < json_array_size(ey) && ok; i++) {
		for (j = 0; j < json_array_size(ex); j++)
			if (json_equal(json_array_get(ey, i),
				       json_array_get(ex, j)))
				break;
		ok = j < json_array_size(ex);
	}
	json_decref(x);
	json_decref(y);
	return ok;
}

static void
test_blank_never_elects(void **state)
{
	struct gen g;
	int trial;

	(void)state;
	for (trial = 0; trial < TRIALS; trial++) {
		char *a, *b, *da, *db;

		generate(&g, trial);
		if (g.nballots >= MAX_BALLOTS)
			continue;
		g.issued = g.nballots; /* keep the round valid */
		da = ballots_doc(&g);
		a = result_of(da, trial);
		add_blank_ballot(&g);
		db = ballots_doc(&g);
		b = result_of(db, trial);
		if (!elected_subset(a, b))
			fail_msg("trial %d: a blank ballot elected someone\n%s"
				 "\n%s",
				 trial, a, b);
		free(a);
		free(b);
		free(da);
		free(db);
	}
}

/* Only ballots that mark nobody: nobody is elected, in every preset. */
static void
test_only_blanks(void **state)
{
	struct gen g;
	int trial, n;

	(void)state;
	for (trial = 0; trial < TRIALS; trial++) {
		char *a, *d;
		json_t *j;

		generate(&g, trial);
		n = 1 + (int)rnd(30);
		g.nballots = 0;
		g.issued = 0;
		while (n-- > 0)
			add_blank_ballot(&g);
		d = ballots_doc(&g);
		a = result_of(d, trial);
		j = json_loads(a, 0, NULL);
		if (json_array_size(json_object_get(j, "elected")) != 0)
			fail_msg("trial %d: blank ballots elected\n%s", trial,
				 a);
		json_decref(j);
		free(a);
		free(d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reorder),
		cmocka_unit_test(test_totals_agree),
		cmocka_unit_test(test_blank_never_elects),
		cmocka_unit_test(test_only_blanks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
