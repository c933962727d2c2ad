/*
 * cmd_print.c: plenum print: the paper of an assembly as PDF (paper/).
 *
 *   plenum print ballots ELECTION --out FILE [--copies K] [--paper A4|A3]
 *   plenum print cards [ID...] --out FILE [--paper A4|A3]
 *
 * Ballots are those of the election's open round, in the style of the
 * assembly's rules; cards carry each member's card code and a new one-time
 * sign-in code (issued here, replacing any earlier one).  The PDF's
 * SHA-256 is printed so that it can be kept with the record: the same
 * input gives the same bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "accounts.h"
#include "assembly.h"
#include "ballot.h"
#include "cards.h"
#include "cmd.h"
#include "elections.h"
#include "layout.h"
#include "paper.h"

struct print_opts {
	const char *db, *key, *out, *actor;
	char keybuf[4096];
	long copies;
	enum plenum_paper_size paper;
};

static int
die_usage(void)
{
	fputs("usage: plenum print ballots ELECTION --out FILE [--copies K] "
	      "[--paper A4|A3]\n"
	      "       plenum print cards [ID...] --out FILE [--paper A4|A3]\n",
	      stderr);
	return PLENUM_EXIT_INPUT;
}

static int
fail(const char *what, enum plenum_err err, const struct plenum_diag *d)
{
	fprintf(stderr, "plenum print: %s: %s\n", what,
		d->message[0] ? d->message : plenum_err_str(err));
	return err == PLENUM_ENOMEM || err == PLENUM_EINTERNAL
		       ? PLENUM_EXIT_INTERNAL
		       : PLENUM_EXIT_INPUT;
}

/* Writes the PDF in buf to o->out and prints its digest. */
static int
write_pdf(const struct print_opts *o, const struct plenum_buf *buf,
	  const char *what)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1];
	FILE *f = fopen(o->out, "wb");

	if (f == NULL || fwrite(buf->data, 1, buf->len, f) != buf->len ||
	    fclose(f) != 0) {
		fprintf(stderr, "plenum print: cannot write \"%s\": %s\n",
			o->out, strerror(errno));
		return PLENUM_EXIT_INPUT;
	}
	crypto_hash_sha256(h, (const unsigned char *)buf->data, buf->len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	printf("wrote %s: %s, %zu bytes, sha256 %s\n", o->out, what, buf->len,
	       hex);
	return PLENUM_EXIT_OK;
}

struct title_find {
	int64_t n;
	char *title;
};

static int
find_title(void *ctx, const struct plenum_elections_summary *s)
{
	struct title_find *t = ctx;

	if (s->n == t->n)
		t->title = strdup(s->title);
	return s->n == t->n;
}

static int
print_ballots(struct plenum_assembly *a, int64_t election,
	      const struct print_opts *o)
{
	const struct plenum_assembly_info *info = plenum_assembly_info(a);
	struct plenum_ballot_desc desc;
	struct plenum_layout *layout = NULL;
	struct plenum_paper_sink sink;
	struct plenum_diag d = { 0 };
	struct title_find t = { election, NULL };
	struct plenum_buf buf;
	const char **names = NULL;
	json_t *form = NULL, *cands;
	char *text = NULL, what[128];
	enum plenum_err err;
	size_t i;
	int status;

	plenum_buf_init(&buf, 1u << 30);
	if ((err = plenum_elections_ballot_form(a, election, &text, &d)) ||
	    (err = plenum_elections_list(a, find_title, &t, &d))) {
		status = fail("ballots", err, &d);
		goto out;
	}
	form = json_loads(text, 0, NULL);
	cands = json_object_get(form, "candidates");
	if (form == NULL || (names = calloc(json_array_size(cands) + 1,
					    sizeof(*names))) == NULL) {
		status = PLENUM_EXIT_INTERNAL;
		goto out;
	}
	for (i = 0; i < json_array_size(cands); i++)
		names[i] = json_string_value(
			json_object_get(json_array_get(cands, i), "name"));
	memset(&desc, 0, sizeof(desc));
	desc.locale = info->locale;
	desc.title = t.title ? t.title : "";
	desc.subtitle = info->name;
	desc.assembly_id = info->id;
	desc.election = (unsigned)election;
	desc.round =
		(unsigned)json_integer_value(json_object_get(form, "round"));
	desc.paper = o->paper;
	desc.max_votes = (unsigned)json_integer_value(
		json_object_get(form, "max_votes"));
	desc.seats = desc.max_votes ? desc.max_votes : 1;
	desc.ncandidates = json_array_size(cands);
	desc.candidates = names;
	switch (info->preset) {
	case PLENUM_PRESET_VN:
		desc.style =
			strcmp(json_string_value(json_object_get(form, "form")),
			       "strike_out") == 0
				? PLENUM_STYLE_VN_STRIKE_OUT
				: PLENUM_STYLE_VN_UNCONTESTED;
		break;
	case PLENUM_PRESET_YNA:
		desc.style = PLENUM_STYLE_YNA;
		break;
	case PLENUM_PRESET_RONR:
		desc.style = PLENUM_STYLE_APPROVAL;
		break;
	default:
		desc.style = PLENUM_STYLE_CN;
		desc.write_ins = 2;
	}
	sink.write = plenum_paper_buf_write;
	sink.ctx = &buf;
	if ((err = plenum_layout_new(&desc, &layout, &d)) ||
	    (err = plenum_ballot_pdf(layout, (size_t)o->copies, &sink, &d))) {
		status = fail("ballots", err, &d);
		goto out;
	}
	snprintf(what, sizeof(what),
		 "%ld ballots of election %" PRId64 ", round %u", o->copies,
		 election, desc.round);
	status = write_pdf(o, &buf, what);
out:
	plenum_layout_free(layout);
	plenum_buf_release(&buf);
	json_decref(form);
	free(names);
	free(text);
	free(t.title);
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
					       nids, add_card, &c, o->actor,
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
	status = write_pdf(o, &buf, what);
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

int
plenum_cmd_print(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "copies", required_argument, NULL, 'c' },
		{ "paper", required_argument, NULL, 'p' },
		{ "actor", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct print_opts o;
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	const char *env, *what;
	enum plenum_err err;
	char *end;
	int opt, status, cards;
	long election = 0;

	memset(&o, 0, sizeof(o));
	o.db = (env = getenv("PLENUM_DB")) && *env ? env : "plenum.db";
	o.key = getenv("PLENUM_KEY");
	o.actor = (env = getenv("PLENUM_ACTOR")) && *env ? env
		  : (env = getenv("USER")) && *env	 ? env
							 : "";
	o.copies = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			o.db = optarg;
			break;
		case 'k':
			o.key = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'a':
			o.actor = optarg;
			break;
		case 'c':
			o.copies = strtol(optarg, &end, 10);
			if (*end != '\0' || o.copies < 1 || o.copies > 100000)
				return die_usage();
			break;
		case 'p':
			if (plenum_paper_size_parse(optarg, &o.paper) != 0)
				return die_usage();
			break;
		case 'h':
			return plenum_cmd_help(2,
					       (char *[]){ "help", "print" });
		default:
			return die_usage();
		}
	}
	what = optind < argc ? argv[optind] : "";
	cards = strcmp(what, "cards") == 0;
	if (o.out == NULL || (!cards && strcmp(what, "ballots") != 0))
		return die_usage();
	if (!cards) {
		if (optind + 2 != argc)
			return die_usage();
		election = strtol(argv[optind + 1], &end, 10);
		if (*end != '\0' || election < 1)
			return die_usage();
	}
	if ((o.key == NULL || *o.key == '\0') &&
	    strncmp(o.db, "postgres", 8) != 0) {
		snprintf(o.keybuf, sizeof(o.keybuf), "%s.key", o.db);
		o.key = o.keybuf;
	}
	/* cards issue codes: that needs the key */
	err = plenum_assembly_open(o.db, cards ? o.key : NULL,
				   cards ? 0 : PLENUM_ASSEMBLY_READONLY, &a,
				   &d);
	if (err != PLENUM_OK)
		return fail(o.db, err, &d);
	status = cards ? print_cards(a, argv + optind + 1,
				     (size_t)(argc - optind - 1), &o)
		       : print_ballots(a, election, &o);
	plenum_assembly_close(a);
	plenum_paper_cleanup();
	return status;
}
