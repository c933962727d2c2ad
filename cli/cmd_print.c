/*
 * cmd_print.c: plenum print: the paper of an assembly as PDF (paper/).
 *
 *   plenum print ballots ELECTION --out FILE [--copies K] [--round R]
 *                [--write-ins N] [--paper A4|A3]
 *   plenum print tally-sheet ELECTION --out FILE [--round R] [...]
 *   plenum print announcement ELECTION --out FILE [--round R] [...]
 *   plenum print minutes ELECTION --out FILE [--round R] [--locale L] [...]
 *   plenum print cards [ID...] --out FILE [--paper A4|A3]
 *   plenum print motion RESOLUTION --out FILE [--copies K] [--paper A4|A3]
 *
 * Ballots are those of the election's open round, in the style of the
 * assembly's rules.  The tally sheet, the announcement and the minutes
 * are those of a round (default: the open round, else the last), on the
 * same layout as its ballots, so their footers carry the ballots' layout
 * digest: the tally sheet is blank for an open round (a count by hand)
 * and filled from the stored result for a counted one; the announcement
 * and the minutes need a counted round.  Cards carry each member's card
 * code and a new one-time sign-in code (issued here, replacing any
 * earlier one).  A motion ballot is the paper of a resolution put to a
 * secret ballot, not yet decided: its question with 赞成/反对/弃权 (in the
 * assembly's language), in the motion style of paper/.
 *
 * Every PDF written is recorded in the log (paper.printed, scans.h) with
 * its SHA-256, which is also printed: the same input gives the same
 * bytes.  Ballots are recorded with their layout, which is what plenum
 * scan reads them against, so ballots are scanned only once printed here.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "accounts.h"
#include "agenda.h"
#include "assembly.h"
#include "ballot.h"
#include "buf.h"
#include "cards.h"
#include "cmd.h"
#include "docs.h"
#include "elections.h"
#include "layout.h"
#include "paper.h"
#include "result.h"
#include "scans.h"

/* What is printed; the words are the kinds of paper.printed. */
enum print_kind {
	PRINT_BALLOTS = 0,
	PRINT_CARDS,
	PRINT_TALLY_SHEET,
	PRINT_ANNOUNCEMENT,
	PRINT_MINUTES,
	PRINT_MOTION
};

static const char *const kind_words[] = {
	[PRINT_BALLOTS] = "ballots",
	[PRINT_CARDS] = "cards",
	[PRINT_TALLY_SHEET] = "tally-sheet",
	[PRINT_ANNOUNCEMENT] = "announcement",
	[PRINT_MINUTES] = "minutes",
	[PRINT_MOTION] = "motion",
};

#define MAX_WRITE_INS 10

struct print_opts {
	struct plenum_cmd_target t; /* db, key, actor */
	const char *out;
	const char *locale; /* minutes: the report's; NULL: the assembly's */
	long copies;
	long write_ins; /* -1: the default */
	long round;	/* 0: the open round, else the last */
	enum plenum_paper_size paper;
	int paper_given;
};

static int
die_usage(void)
{
	fputs("usage: plenum print ballots ELECTION --out FILE [--copies K] "
	      "[--round R]\n"
	      "                      [--write-ins N] [--paper A4|A3]\n"
	      "       plenum print tally-sheet|announcement ELECTION --out "
	      "FILE [--round R]\n"
	      "                      [--write-ins N] [--paper A4|A3]\n"
	      "       plenum print minutes ELECTION --out FILE [--round R] "
	      "[--locale L]\n"
	      "                      [--write-ins N] [--paper A4|A3]\n"
	      "       plenum print cards [ID...] --out FILE [--paper A4|A3]\n"
	      "       plenum print motion RESOLUTION --out FILE [--copies K] "
	      "[--paper A4|A3]\n",
	      stderr);
	return PLENUM_EXIT_INPUT;
}

static int
fail(const char *what, enum plenum_err err, const struct plenum_diag *d)
{
	return plenum_cmd_fail("print", what, err, d);
}

/*
 * Writes the PDF in buf to o->out, records it in the log (paper.printed,
 * with the layout for ballots) and prints its digest.  A file that could
 * not be recorded is removed: every PDF plenum print leaves is in the log.
 */
static int
write_pdf(struct plenum_assembly *a, const struct print_opts *o,
	  enum print_kind kind, int64_t election, int64_t round, int64_t copies,
	  const struct plenum_layout *layout, const struct plenum_buf *buf,
	  const char *what)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1], *ltext = NULL;
	struct plenum_scans_print p;
	struct plenum_diag d = { 0 };
	enum plenum_err err;
	json_t *lj = NULL;
	FILE *f = fopen(o->out, "wb");
	int ok;

	if (f == NULL) {
		fprintf(stderr, "plenum print: cannot write \"%s\": %s\n",
			o->out, strerror(errno));
		return PLENUM_EXIT_INPUT;
	}
	ok = fwrite(buf->data, 1, buf->len, f) == buf->len;
	if (fclose(f) != 0 || !ok) {
		fprintf(stderr, "plenum print: cannot write \"%s\": %s\n",
			o->out, strerror(errno));
		remove(o->out);
		return PLENUM_EXIT_INPUT;
	}
	crypto_hash_sha256(h, (const unsigned char *)buf->data, buf->len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (layout != NULL &&
	    ((lj = plenum_layout_json(layout)) == NULL ||
	     (ltext = json_dumps(lj, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
		     NULL)) {
		json_decref(lj);
		remove(o->out);
		fputs("plenum print: out of memory\n", stderr);
		return PLENUM_EXIT_INTERNAL;
	}
	json_decref(lj);
	memset(&p, 0, sizeof(p));
	p.kind = kind_words[kind];
	p.election = election;
	p.round = round;
	p.copies = copies;
	p.bytes = (int64_t)buf->len;
	p.sha256 = hex;
	p.layout = ltext;
	err = plenum_scans_printed(a, &p, o->t.actor, &d);
	free(ltext);
	if (err != PLENUM_OK) {
		int status = fail(kind_words[kind], err, &d);

		remove(o->out);
		fprintf(stderr,
			"plenum print: removed \"%s\": what is printed must "
			"be in the log\n",
			o->out);
		return status;
	}
	printf("wrote %s: %s, %zu bytes, sha256 %s\n", o->out, what, buf->len,
	       hex);
	if (kind == PRINT_BALLOTS)
		printf("layout digest %s (recorded for plenum scan)\n",
		       layout->digest_hex);
	return PLENUM_EXIT_OK;
}

/* A round of an election as it is printed: its record, the description of
 * its ballot and the layout. */
struct round_paper {
	json_t *detail; /* plenum_elections_detail() */
	json_t *round;	/* borrowed from detail: the round printed */
	int64_t n;	/* its number */
	json_t *form;	/* plenum_elections_round_form() */
	const char **names;
	struct plenum_ballot_desc desc;
	struct plenum_layout *layout;
};

static void
round_paper_free(struct round_paper *rp)
{
	plenum_layout_free(rp->layout);
	json_decref(rp->form);
	json_decref(rp->detail);
	free(rp->names);
	memset(rp, 0, sizeof(*rp));
}

/*
 * Describes the ballot of the round rp->n of the election in rp->detail,
 * as printed: the round's list and ballot form, the assembly's language
 * and rules.  Ballots, tally sheets, announcements and minutes all take
 * their layout from here, so that a round's documents carry its ballots'
 * layout digest.  write_ins < 0 is the style's default.
 */
static enum plenum_err
describe_round(struct plenum_assembly *a, int64_t election, long write_ins,
	       enum plenum_paper_size paper, struct round_paper *rp,
	       struct plenum_diag *d)
{
	const struct plenum_assembly_info *info = plenum_assembly_info(a);
	struct plenum_ballot_desc *desc = &rp->desc;
	json_t *cands;
	char *text = NULL;
	enum plenum_err err;
	json_int_t seats;
	size_t i;

	if ((err = plenum_elections_round_form(a, election, rp->n, &text, d)))
		return err;
	rp->form = json_loads(text, 0, NULL);
	free(text);
	cands = json_object_get(rp->form, "candidates");
	if (rp->form == NULL ||
	    (rp->names = calloc(json_array_size(cands) + 1,
				sizeof(*rp->names))) == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < json_array_size(cands); i++)
		rp->names[i] = json_string_value(
			json_object_get(json_array_get(cands, i), "name"));
	memset(desc, 0, sizeof(*desc));
	desc->locale = info->locale;
	desc->title = json_string_value(json_object_get(rp->detail, "title"));
	desc->subtitle = info->name;
	desc->assembly_id = info->id;
	desc->election = (unsigned)election;
	desc->round = (unsigned)rp->n;
	desc->paper = paper;
	desc->max_votes = (unsigned)json_integer_value(
		json_object_get(rp->form, "max_votes"));
	seats = json_integer_value(json_object_get(rp->round, "seats"));
	desc->seats = seats > 0		? (unsigned)seats
		      : desc->max_votes ? desc->max_votes
					: 1;
	desc->ncandidates = json_array_size(cands);
	desc->candidates = rp->names;
	switch (info->preset) {
	case PLENUM_PRESET_VN:
		desc->style = strcmp(json_string_value(
					     json_object_get(rp->form, "form")),
				     "strike_out") == 0
				      ? PLENUM_STYLE_VN_STRIKE_OUT
				      : PLENUM_STYLE_VN_UNCONTESTED;
		break;
	case PLENUM_PRESET_YNA:
		desc->style = PLENUM_STYLE_YNA;
		break;
	case PLENUM_PRESET_RONR:
		desc->style = PLENUM_STYLE_APPROVAL;
		break;
	default:
		desc->style = PLENUM_STYLE_CN;
	}
	if (write_ins >= 0)
		desc->write_ins = (unsigned)write_ins;
	else if (desc->style == PLENUM_STYLE_CN)
		desc->write_ins = 2;
	if (desc->title == NULL)
		desc->title = "";
	return plenum_layout_new(desc, &rp->layout, d);
}

/*
 * When every ballot of round `round` was printed on one layout, its paper
 * and write-in lines, for what the command line left open: the round's
 * other documents are then laid out as its ballots were and carry their
 * layout digest.  Otherwise (none printed, or several layouts) the
 * defaults stay those of ballots.
 */
static void
printed_defaults(struct plenum_assembly *a, int64_t election, int64_t round,
		 int paper_given, long *write_ins,
		 enum plenum_paper_size *paper)
{
	struct plenum_diag d = { 0 };
	json_t *arr, *only, *v;
	char *text = NULL;

	if (plenum_scans_layouts(a, election, round, NULL, &text, &d) !=
	    PLENUM_OK)
		return;
	arr = json_loads(text, 0, NULL);
	free(text);
	only = json_array_size(arr) == 1 ? json_array_get(arr, 0) : NULL;
	v = json_object_get(only, "write_ins");
	if (*write_ins < 0 && json_is_integer(v) &&
	    json_integer_value(v) <= MAX_WRITE_INS)
		*write_ins = (long)json_integer_value(v);
	v = json_object_get(only, "paper");
	if (!paper_given && json_is_string(v))
		(void)plenum_paper_size_parse(json_string_value(v), paper);
	json_decref(arr);
}

/*
 * Finds the round to print (o->round, else the open round, else the last;
 * ballots: the open round only), checks that it can give the document and
 * lays it out.  Returns -1 when rp is ready, else the exit status, the
 * reason printed.
 */
static int
load_round(struct plenum_assembly *a, int64_t election,
	   const struct print_opts *o, enum print_kind kind,
	   struct round_paper *rp)
{
	const char *what = kind_words[kind], *state;
	struct plenum_diag d = { 0 };
	enum plenum_paper_size paper = o->paper;
	long write_ins = o->write_ins;
	enum plenum_err err;
	json_t *rounds, *r;
	char *text = NULL;
	size_t i;

	memset(rp, 0, sizeof(*rp));
	if ((err = plenum_elections_detail(a, election, &text, &d)))
		return fail(what, err, &d);
	rp->detail = json_loads(text, 0, NULL);
	free(text);
	if (rp->detail == NULL) {
		fputs("plenum print: out of memory\n", stderr);
		return PLENUM_EXIT_INTERNAL;
	}
	rounds = json_object_get(rp->detail, "rounds");
	json_array_foreach(rounds, i, r)
	{
		int64_t n = json_integer_value(json_object_get(r, "round"));

		state = json_string_value(json_object_get(r, "state"));
		if (o->round > 0 ? n == o->round
				 : state != NULL && strcmp(state, "open") == 0)
			rp->round = r;
	}
	if (rp->round == NULL && o->round == 0 && kind != PRINT_BALLOTS)
		rp->round = json_array_get(rounds, json_array_size(rounds) - 1);
	if (rp->round == NULL) {
		if (o->round > 0)
			fprintf(stderr,
				"plenum print: %s: election %" PRId64
				" has no round %ld\n",
				what, election, o->round);
		else if (kind == PRINT_BALLOTS)
			fprintf(stderr,
				"plenum print: ballots: election %" PRId64
				" has no open round (plenum round open)\n",
				election);
		else
			fprintf(stderr,
				"plenum print: %s: election %" PRId64
				" has no round yet\n",
				what, election);
		return PLENUM_EXIT_INPUT;
	}
	rp->n = json_integer_value(json_object_get(rp->round, "round"));
	state = json_string_value(json_object_get(rp->round, "state"));
	if (kind == PRINT_BALLOTS &&
	    (state == NULL || strcmp(state, "open") != 0)) {
		fprintf(stderr,
			"plenum print: ballots: election %" PRId64
			", round %" PRId64
			" is not open: ballots are printed for the open "
			"round\n",
			election, rp->n);
		return PLENUM_EXIT_INPUT;
	}
	if ((kind == PRINT_ANNOUNCEMENT || kind == PRINT_MINUTES) &&
	    !json_is_object(json_object_get(rp->round, "result"))) {
		fprintf(stderr,
			"plenum print: %s: election %" PRId64 ", round %" PRId64
			" is not counted yet\n",
			what, election, rp->n);
		return PLENUM_EXIT_INPUT;
	}
	if (kind != PRINT_BALLOTS)
		printed_defaults(a, election, rp->n, o->paper_given, &write_ins,
				 &paper);
	if ((err = describe_round(a, election, write_ins, paper, rp, &d)))
		return fail(what, err, &d);
	return -1;
}

static int
print_ballots(struct plenum_assembly *a, int64_t election,
	      const struct print_opts *o)
{
	struct round_paper rp;
	struct plenum_paper_sink sink;
	struct plenum_diag d = { 0 };
	struct plenum_buf buf;
	enum plenum_err err;
	char what[128];
	int status;

	plenum_buf_init(&buf, 1u << 30);
	if ((status = load_round(a, election, o, PRINT_BALLOTS, &rp)) >= 0)
		goto out;
	sink.write = plenum_paper_buf_write;
	sink.ctx = &buf;
	if ((err = plenum_ballot_pdf(rp.layout, (size_t)o->copies, &sink,
				     &d))) {
		status = fail("ballots", err, &d);
		goto out;
	}
	snprintf(what, sizeof(what),
		 "%ld ballots of election %" PRId64 ", round %" PRId64,
		 o->copies, election, rp.n);
	status = write_pdf(a, o, PRINT_BALLOTS, election, rp.n, o->copies,
			   rp.layout, &buf, what);
out:
	round_paper_free(&rp);
	plenum_buf_release(&buf);
	return status;
}

/* The tally sheet, the announcement or the minutes of a round. */
static int
print_round_doc(struct plenum_assembly *a, int64_t election,
		enum print_kind kind, const struct print_opts *o)
{
	const char *word = kind_words[kind];
	struct round_paper rp;
	struct plenum_paper_sink sink;
	struct plenum_diag d = { 0 };
	struct plenum_result *res = NULL;
	struct plenum_buf buf, report;
	enum plenum_err err = PLENUM_OK;
	json_t *result;
	char what[160], *text = NULL;
	int status;

	plenum_buf_init(&buf, 1u << 30);
	plenum_buf_init(&report, 1u << 26);
	if ((status = load_round(a, election, o, kind, &rp)) >= 0)
		goto out;
	result = json_object_get(rp.round, "result");
	if (json_is_object(result) && kind != PRINT_MINUTES) {
		if ((text = json_dumps(result,
				       JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
		    NULL) {
			status = fail(word, PLENUM_ENOMEM, &d);
			goto out;
		}
		if ((err = plenum_result_parse(text, strlen(text), &res, &d))) {
			status = fail(word, err, &d);
			goto out;
		}
	}
	sink.write = plenum_paper_buf_write;
	sink.ctx = &buf;
	switch (kind) {
	case PRINT_TALLY_SHEET:
		err = plenum_docs_tally_sheet(rp.layout, res, &sink, &d);
		break;
	case PRINT_ANNOUNCEMENT:
		err = plenum_docs_announcement(rp.layout, res, &sink, &d);
		break;
	default:
		if ((err = plenum_elections_report(a, election, rp.n, o->locale,
						   &report, &d)) == PLENUM_OK)
			err = plenum_docs_minutes(
				rp.layout, plenum_buf_str(&report), &sink, &d);
	}
	if (err != PLENUM_OK) {
		status = fail(word, err, &d);
		goto out;
	}
	snprintf(what, sizeof(what),
		 "%s%s of election %" PRId64 ", round %" PRId64,
		 kind == PRINT_TALLY_SHEET    ? "tally sheet"
		 : kind == PRINT_ANNOUNCEMENT ? "announcement"
					      : "minutes",
		 kind == PRINT_TALLY_SHEET && res == NULL ? " (blank)" : "",
		 election, rp.n);
	status = write_pdf(a, o, kind, election, rp.n, 1, NULL, &buf, what);
out:
	plenum_result_free(res);
	free(text);
	round_paper_free(&rp);
	plenum_buf_release(&report);
	plenum_buf_release(&buf);
	return status;
}

struct cards {
	struct plenum_card *list;
	size_t n, cap;
};

static int
add_card(void *ctx, const char *member, const char *name, const char *code)
{
	struct cards *c = ctx;
	struct plenum_card *p;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 128;
		if ((p = realloc(c->list, c->cap * sizeof(*p))) == NULL)
			return 1;
		c->list = p;
	}
	c->list[c->n].id = strdup(member);
	c->list[c->n].name = strdup(name);
	c->list[c->n].unit = NULL;
	c->list[c->n].code = strdup(code);
	if (!c->list[c->n].id || !c->list[c->n].name || !c->list[c->n].code)
		return 1;
	c->n++;
	return 0;
}

static int
print_cards(struct plenum_assembly *a, char **ids, size_t nids,
	    const struct print_opts *o)
{
	const struct plenum_assembly_info *info = plenum_assembly_info(a);
	struct plenum_cards_desc desc;
	struct plenum_paper_sink sink;
	struct plenum_diag d = { 0 };
	struct cards c = { NULL, 0, 0 };
	struct plenum_buf buf;
	enum plenum_err err;
	char what[64];
	size_t i;
	int status;

	plenum_buf_init(&buf, 1u << 30);
	if ((err = plenum_accounts_issue_codes(a, (const char *const *)ids,
					       nids, add_card, &c, o->t.actor,
					       &d))) {
		status = fail("cards", err, &d);
		goto out;
	}
	if (c.n == 0) {
		fputs("plenum print: every member has a code already; name "
		      "the members whose cards to print again\n",
		      stderr);
		status = PLENUM_EXIT_INPUT;
		goto out;
	}
	desc.locale = info->locale;
	desc.assembly = info->name;
	desc.paper = o->paper;
	desc.ncards = c.n;
	desc.cards = c.list;
	sink.write = plenum_paper_buf_write;
	sink.ctx = &buf;
	if ((err = plenum_cards_pdf(&desc, &sink, &d))) {
		status = fail("cards", err, &d);
		goto out;
	}
	snprintf(what, sizeof(what), "%zu credential cards", c.n);
	status = write_pdf(a, o, PRINT_CARDS, 0, 0, (int64_t)c.n, NULL, &buf,
			   what);
out:
	for (i = 0; i < c.n; i++) {
		free((char *)c.list[i].id);
		free((char *)c.list[i].name);
		sodium_memzero((char *)c.list[i].code, strlen(c.list[i].code));
		free((char *)c.list[i].code);
	}
	free(c.list);
	plenum_buf_release(&buf);
	return status;
}

/* The resolution a motion ballot is printed for. */
struct motion {
	char *question; /* new */
	bool decided;
	char method[16]; /* when decided: "hands" or "ballot" */
};

static int
take_resolution(void *ctx, const struct plenum_agenda_resolution *r)
{
	struct motion *m = ctx;

	m->decided = r->decided;
	if (r->decided)
		snprintf(m->method, sizeof(m->method), "%s",
			 r->method != NULL ? r->method : "");
	m->question = strdup(r->question != NULL ? r->question : "");
	return m->question == NULL;
}

/* The most characters of a question a motion ballot's title gives. */
#define MOTION_TITLE_MAX 80

/*
 * The title of a motion ballot: its question, or when that is longer than
 * MOTION_TITLE_MAX characters its beginning and "…" in buf (size at least
 * 4 * MOTION_TITLE_MAX + 4), cut neither before a combining mark nor
 * after a space.  The whole question is the ballot's one motion, whose
 * row holds more than the heading.
 */
static const char *
motion_title(const char *q, char *buf, size_t size)
{
	const unsigned char *u = (const unsigned char *)q;
	size_t i, chars = 0, cut = 0;

	for (i = 0; u[i] != '\0'; i++) {
		if ((u[i] & 0xC0) == 0x80)
			continue;
		if (chars == MOTION_TITLE_MAX - 1)
			cut = i;
		chars++;
	}
	if (chars <= MOTION_TITLE_MAX)
		return q;
	/* U+0300-U+036F are 0xCC 0x80 ... 0xCD 0xAF */
	while (cut > 0 &&
	       (u[cut] == 0xCC || (u[cut] == 0xCD && u[cut + 1] < 0xB0)))
		do
			cut--;
		while (cut > 0 && (u[cut] & 0xC0) == 0x80);
	while (cut > 0 && u[cut - 1] == ' ')
		cut--;
	snprintf(buf, size, "%.*s…", (int)cut, q);
	return buf;
}

/*
 * The ballot of resolution n, put to a secret ballot: its question as the
 * title (shortened when long) and as the one motion, in the assembly's
 * language.  A decided
 * resolution is refused.  Recorded as a "motion" with the resolution's
 * number and no layout: plenum scan does not read motion ballots.
 */
static int
print_motion(struct plenum_assembly *a, int64_t n, const struct print_opts *o)
{
	const struct plenum_assembly_info *info = plenum_assembly_info(a);
	struct motion m = { NULL, false, "" };
	struct plenum_ballot_desc desc;
	struct plenum_layout *layout = NULL;
	struct plenum_paper_sink sink;
	struct plenum_diag d = { 0 };
	struct plenum_buf buf;
	const char *cands[1];
	enum plenum_err err;
	char what[128], title[4 * MOTION_TITLE_MAX + 4];
	int status;

	plenum_buf_init(&buf, 1u << 30);
	if ((err = plenum_agenda_resolutions(a, n, take_resolution, &m, &d))) {
		status = fail("motion", err, &d);
		goto out;
	}
	if (m.question == NULL) {
		status = fail("motion", PLENUM_ENOMEM, &d);
		goto out;
	}
	if (m.decided) {
		fprintf(stderr,
			"plenum print: motion: resolution %" PRId64
			" is decided already (by %s): motion ballots are "
			"printed for a resolution not yet decided\n",
			n, m.method);
		status = PLENUM_EXIT_INPUT;
		goto out;
	}
	cands[0] = m.question;
	memset(&desc, 0, sizeof(desc));
	desc.locale = info->locale;
	desc.title = motion_title(m.question, title, sizeof(title));
	desc.subtitle = info->name;
	desc.assembly_id = info->id;
	desc.election = (unsigned)n;
	desc.round = 1;
	desc.style = PLENUM_STYLE_MOTION;
	desc.paper = o->paper;
	desc.seats = 1;
	desc.max_votes = 1;
	desc.write_ins = 0;
	desc.ncandidates = 1;
	desc.candidates = cands;
	sink.write = plenum_paper_buf_write;
	sink.ctx = &buf;
	if ((err = plenum_layout_new(&desc, &layout, &d)) ||
	    (err = plenum_ballot_pdf(layout, (size_t)o->copies, &sink, &d))) {
		status = fail("motion", err, &d);
		goto out;
	}
	snprintf(what, sizeof(what),
		 "%ld motion ballots of resolution %" PRId64, o->copies, n);
	status = write_pdf(a, o, PRINT_MOTION, n, 0, o->copies, NULL, &buf,
			   what);
out:
	plenum_layout_free(layout);
	free(m.question);
	plenum_buf_release(&buf);
	return status;
}

/* A whole number from lo to hi, or -1. */
static long
number_arg(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	return v;
}

int
plenum_cmd_print(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "copies", required_argument, NULL, 'c' },
		{ "paper", required_argument, NULL, 'p' },
		{ "round", required_argument, NULL, 'r' },
		{ "write-ins", required_argument, NULL, 'w' },
		{ "locale", required_argument, NULL, 'l' },
		{ "actor", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct print_opts o;
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	const char *what;
	enum print_kind kind;
	enum plenum_err err;
	int opt, status, copies_given = 0;
	long election = 0; /* motion: the resolution */

	memset(&o, 0, sizeof(o));
	plenum_cmd_target_defaults(&o.t);
	o.copies = 1;
	o.write_ins = -1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			o.t.db = optarg;
			break;
		case 'k':
			o.t.key = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'a':
			o.t.actor = optarg;
			break;
		case 'c':
			if ((o.copies = number_arg(optarg, 1, 100000)) < 0)
				return die_usage();
			copies_given = 1;
			break;
		case 'r':
			if ((o.round = number_arg(optarg, 1, 1000000)) < 0)
				return die_usage();
			break;
		case 'w':
			if ((o.write_ins = number_arg(optarg, 0,
						      MAX_WRITE_INS)) < 0) {
				fprintf(stderr,
					"plenum print: --write-ins takes 0 "
					"to %d\n",
					MAX_WRITE_INS);
				return die_usage();
			}
			break;
		case 'l':
			if (!plenum_paper_locale_ok(optarg)) {
				fprintf(stderr,
					"plenum print: unknown locale '%s' "
					"(zh-Hans, zh-Hant, vi or en)\n",
					optarg);
				return PLENUM_EXIT_INPUT;
			}
			o.locale = optarg;
			break;
		case 'p':
			if (plenum_paper_size_parse(optarg, &o.paper) != 0)
				return die_usage();
			o.paper_given = 1;
			break;
		case 'h':
			return plenum_cmd_help(2,
					       (char *[]){ "help", "print" });
		default:
			return die_usage();
		}
	}
	what = optind < argc ? argv[optind] : "";
	for (kind = PRINT_BALLOTS; kind <= PRINT_MOTION; kind++)
		if (strcmp(what, kind_words[kind]) == 0)
			break;
	if (o.out == NULL || kind > PRINT_MOTION)
		return die_usage();
	/* each option where it means something */
	if ((copies_given && kind != PRINT_BALLOTS && kind != PRINT_MOTION) ||
	    (o.locale != NULL && kind != PRINT_MINUTES) ||
	    ((kind == PRINT_CARDS || kind == PRINT_MOTION) &&
	     (o.round > 0 || o.write_ins >= 0)))
		return die_usage();
	if (kind != PRINT_CARDS) {
		if (optind + 2 != argc ||
		    (election = number_arg(argv[optind + 1], 1, 1000000000)) <
			    0)
			return die_usage();
	}
	plenum_cmd_target_key(&o.t);
	/* every print is recorded in the log: that needs the key */
	err = plenum_assembly_open(o.t.db, o.t.key, 0, &a, &d);
	if (err != PLENUM_OK)
		return fail(o.t.db, err, &d);
	switch (kind) {
	case PRINT_CARDS:
		status = print_cards(a, argv + optind + 1,
				     (size_t)(argc - optind - 1), &o);
		break;
	case PRINT_BALLOTS:
		status = print_ballots(a, election, &o);
		break;
	case PRINT_MOTION:
		status = print_motion(a, election, &o);
		break;
	default:
		status = print_round_doc(a, election, kind, &o);
	}
	plenum_assembly_close(a);
	plenum_paper_cleanup();
	return status;
}
