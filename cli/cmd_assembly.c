/*
 * cmd_assembly.c: the assembly subcommands: init, roll, checkin, checkout,
 * quorum, verify, export.
 *
 * Every one takes --db URL (default $PLENUM_DB, else "plenum.db"), --key
 * FILE (default $PLENUM_KEY, else the SQLite file's name plus ".key") and
 * --actor NAME (default $PLENUM_ACTOR, else $USER): who did it, for the log.
 * A change is acknowledged on stdout only after its commit.
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "assembly.h"
#include "accounts.h"
#include "agenda.h"
#include "elections.h"
#include "polls.h"
#include "scans.h"
#include "cmd.h"

#define MAX_CSV (64u * 1024 * 1024)

struct common {
	const char *db;
	const char *key;
	const char *actor;
	char keybuf[4096];
	int json;
	const char *name, *rules, *locale;
	/* election and round options */
	int64_t seats, alternates, present, should_attend, entry;
	int64_t item, yes, no, abstain, invalid, issued;
	const char *method, *log, *public_key;
	const char *options, *member, *id, *teller, *decision, *candidates;
	const char *role, *mode, *resolution, *election;
};

enum {
	OPT_DB = 256,
	OPT_KEY,
	OPT_ACTOR,
	OPT_NAME,
	OPT_RULES,
	OPT_LOCALE,
	OPT_JSON,
	OPT_SEATS,
	OPT_ALTERNATES,
	OPT_OPTIONS,
	OPT_MEMBER,
	OPT_ID,
	OPT_TELLER,
	OPT_ENTRY,
	OPT_PRESENT,
	OPT_SHOULD,
	OPT_DECISION,
	OPT_CANDIDATES,
	OPT_ITEM,
	OPT_YES,
	OPT_NO,
	OPT_ABSTAIN,
	OPT_INVALID,
	OPT_ISSUED,
	OPT_HANDS,
	OPT_BALLOT,
	OPT_LOG,
	OPT_PUBLIC_KEY,
	OPT_ROLE,
	OPT_MODE,
	OPT_RESOLUTION,
	OPT_ELECTION
};

static const struct option longopts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "actor", required_argument, NULL, OPT_ACTOR },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "locale", required_argument, NULL, OPT_LOCALE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "seats", required_argument, NULL, OPT_SEATS },
	{ "alternates", required_argument, NULL, OPT_ALTERNATES },
	{ "options", required_argument, NULL, OPT_OPTIONS },
	{ "member", required_argument, NULL, OPT_MEMBER },
	{ "id", required_argument, NULL, OPT_ID },
	{ "teller", required_argument, NULL, OPT_TELLER },
	{ "entry", required_argument, NULL, OPT_ENTRY },
	{ "present", required_argument, NULL, OPT_PRESENT },
	{ "should-attend", required_argument, NULL, OPT_SHOULD },
	{ "decision", required_argument, NULL, OPT_DECISION },
	{ "candidates", required_argument, NULL, OPT_CANDIDATES },
	{ "item", required_argument, NULL, OPT_ITEM },
	{ "yes", required_argument, NULL, OPT_YES },
	{ "no", required_argument, NULL, OPT_NO },
	{ "abstain", required_argument, NULL, OPT_ABSTAIN },
	{ "invalid", required_argument, NULL, OPT_INVALID },
	{ "issued", required_argument, NULL, OPT_ISSUED },
	{ "hands", no_argument, NULL, OPT_HANDS },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "public-key", required_argument, NULL, OPT_PUBLIC_KEY },
	{ "ballot", no_argument, NULL, OPT_BALLOT },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "resolution", required_argument, NULL, OPT_RESOLUTION },
	{ "election", required_argument, NULL, OPT_ELECTION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int
number(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < 0)
		return -1;
	*out = v;
	return 0;
}

/* Where each numeric option goes in struct common. */
static size_t
number_field(int opt)
{
	static const struct {
		int opt;
		size_t off;
	} fields[] = {
		{ OPT_SEATS, offsetof(struct common, seats) },
		{ OPT_ALTERNATES, offsetof(struct common, alternates) },
		{ OPT_ENTRY, offsetof(struct common, entry) },
		{ OPT_PRESENT, offsetof(struct common, present) },
		{ OPT_SHOULD, offsetof(struct common, should_attend) },
		{ OPT_ITEM, offsetof(struct common, item) },
		{ OPT_YES, offsetof(struct common, yes) },
		{ OPT_NO, offsetof(struct common, no) },
		{ OPT_ABSTAIN, offsetof(struct common, abstain) },
		{ OPT_INVALID, offsetof(struct common, invalid) },
		{ OPT_ISSUED, offsetof(struct common, issued) },
	};
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].opt == opt)
			return fields[i].off;
	return offsetof(struct common, seats); /* not reached */
}

/* Parses the options every assembly command shares.  Returns -1 to go on,
 * or an exit status. */
static int
parse_common(int argc, char **argv, struct common *c)
{
	const char *env;
	int o;

	memset(c, 0, sizeof(*c));
	c->db = (env = getenv("PLENUM_DB")) && *env ? env : "plenum.db";
	c->key = (env = getenv("PLENUM_KEY")) && *env ? env : NULL;
	c->actor = (env = getenv("PLENUM_ACTOR")) && *env ? env
		   : (env = getenv("USER")) && *env	  ? env
							  : "";
	c->locale = "zh-Hans";
	c->seats = c->alternates = 0;
	c->present = c->should_attend = -1;
	c->entry = 1;
	c->issued = -1;
	c->method = "hands";
	optind = 1;
	while ((o = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (o) {
		case OPT_DB:
			c->db = optarg;
			break;
		case OPT_KEY:
			c->key = optarg;
			break;
		case OPT_ACTOR:
			c->actor = optarg;
			break;
		case OPT_NAME:
			c->name = optarg;
			break;
		case OPT_RULES:
			c->rules = optarg;
			break;
		case OPT_LOCALE:
			c->locale = optarg;
			break;
		case OPT_JSON:
			c->json = 1;
			break;
		case OPT_LOG:
			c->log = optarg;
			break;
		case OPT_PUBLIC_KEY:
			c->public_key = optarg;
			break;
		case OPT_HANDS:
		case OPT_BALLOT:
			c->method = o == OPT_HANDS ? "hands" : "ballot";
			break;
		case OPT_SEATS:
		case OPT_ALTERNATES:
		case OPT_ENTRY:
		case OPT_PRESENT:
		case OPT_SHOULD:
		case OPT_ITEM:
		case OPT_YES:
		case OPT_NO:
		case OPT_ABSTAIN:
		case OPT_INVALID:
		case OPT_ISSUED:
			if (number(optarg, (int64_t *)((char *)c +
						       number_field(o))) != 0) {
				fprintf(stderr,
					"plenum %s: '%s' is not a whole "
					"number\n",
					argv[0], optarg);
				return PLENUM_EXIT_INPUT;
			}
			break;
		case OPT_OPTIONS:
			c->options = optarg;
			break;
		case OPT_MEMBER:
			c->member = optarg;
			break;
		case OPT_ID:
			c->id = optarg;
			break;
		case OPT_TELLER:
			c->teller = optarg;
			break;
		case OPT_DECISION:
			c->decision = optarg;
			break;
		case OPT_CANDIDATES:
			c->candidates = optarg;
			break;
		case OPT_ROLE:
			c->role = optarg;
			break;
		case OPT_MODE:
			c->mode = optarg;
			break;
		case OPT_RESOLUTION:
			c->resolution = optarg;
			break;
		case OPT_ELECTION:
			c->election = optarg;
			break;
		case 'h':
			return plenum_cmd_help(2,
					       (char *[]){ "help", argv[0] });
		default:
			fprintf(stderr, "see 'plenum help %s'\n", argv[0]);
			return PLENUM_EXIT_INPUT;
		}
	}
	if (c->key == NULL) {
		if (strncmp(c->db, "postgres", 8) == 0) {
			c->key = NULL; /* a PostgreSQL assembly names its key */
		} else {
			snprintf(c->keybuf, sizeof(c->keybuf), "%s.key", c->db);
			c->key = c->keybuf;
		}
	}
	return -1;
}

static int
fail(const char *cmd, int err, const struct plenum_diag *d)
{
	return plenum_cmd_fail(cmd, NULL, err, d);
}

static int
open_assembly(const char *cmd, struct common *c, unsigned flags,
	      struct plenum_assembly **a)
{
	struct plenum_diag d = { 0 };
	enum plenum_err err;

	if (c->key == NULL && !(flags & PLENUM_ASSEMBLY_READONLY)) {
		fprintf(stderr,
			"plenum %s: a PostgreSQL assembly needs --key FILE "
			"(or $PLENUM_KEY)\n",
			cmd);
		return PLENUM_EXIT_INPUT;
	}
	err = plenum_assembly_open(c->db, c->key, flags, a, &d);
	return err == PLENUM_OK ? -1 : fail(cmd, err, &d);
}

int
plenum_cmd_init(int argc, char **argv)
{
	struct plenum_diag d = { 0 };
	struct common c;
	enum plenum_err err;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	if (c.name == NULL || c.rules == NULL || optind != argc) {
		fputs("usage: plenum init --name NAME --rules PRESET "
		      "[--locale L] [--db URL] [--key FILE]\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	if (c.key == NULL) {
		fputs("plenum init: a PostgreSQL assembly needs --key FILE\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	err = plenum_assembly_create(c.db, c.key, c.name, c.rules, c.locale,
				     c.actor, &d);
	if (err != PLENUM_OK)
		return fail("init", err, &d);
	printf("created assembly \"%s\" in %s (rules %s); its key is %s: "
	       "keep it safe, it signs the record\n",
	       c.name, c.db, c.rules, c.key);
	return PLENUM_EXIT_OK;
}

static int
read_file(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	unsigned char *p = NULL;
	size_t n = 0, alloc = 0, got;

	if (f == NULL)
		return -1;
	do {
		if (n == alloc) {
			unsigned char *q;

			alloc = alloc ? 2 * alloc : 65536;
			if (alloc > MAX_CSV + 1 ||
			    (q = realloc(p, alloc)) == NULL) {
				free(p);
				if (f != stdin)
					fclose(f);
				errno = EFBIG;
				return -1;
			}
			p = q;
		}
		got = fread(p + n, 1, alloc - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(p);
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	*data = p;
	*len = n;
	return 0;
}

static int
roll_import(struct common *c, const char *path)
{
	struct plenum_assembly *a = NULL;
	struct plenum_roll *roll = NULL;
	struct plenum_roll_problem *probs = NULL;
	struct plenum_roll_counts counts;
	struct plenum_diag d = { 0 };
	unsigned char *data = NULL;
	size_t len = 0, nprobs = 0, i;
	unsigned flags = 0;
	enum plenum_err err;
	int status;

	if (read_file(path, &data, &len) != 0) {
		fprintf(stderr, "plenum roll: cannot read \"%s\": %s\n", path,
			strerror(errno));
		return PLENUM_EXIT_INPUT;
	}
	err = plenum_roll_parse(data, len, &roll, &probs, &nprobs, &flags);
	if (flags & PLENUM_ROLL_CONVERTED_GB18030)
		fprintf(stderr, "%s: read as GB18030 and converted to UTF-8\n",
			path);
	for (i = 0; i < nprobs; i++)
		fprintf(stderr, "%s:%lu:%lu: %s%s%s%s%s\n", path, probs[i].line,
			probs[i].column,
			probs[i].err == PLENUM_OK ? "warning: " : "",
			probs[i].field[0] ? "\"" : "", probs[i].field,
			probs[i].field[0] ? "\": " : "", probs[i].message);
	if (err != PLENUM_OK) {
		fprintf(stderr,
			"plenum roll: nothing imported; correct the rows above "
			"and import again\n");
		status = PLENUM_EXIT_INPUT;
		goto out;
	}
	if ((status = open_assembly("roll", c, 0, &a)) >= 0)
		goto out;
	err = plenum_assembly_roll_import(a, roll, c->actor, &d);
	if (err != PLENUM_OK) {
		status = fail("roll", err, &d);
		goto out;
	}
	plenum_roll_counts(roll, &counts);
	printf("imported %zu members: %zu full (%zu excluded from the base), "
	       "%zu probationary, %zu non-voting, %zu guests\n",
	       counts.members, counts.full, counts.full_excluded,
	       counts.probationary, counts.non_voting, counts.guests);
	status = PLENUM_EXIT_OK;
out:
	plenum_assembly_close(a);
	plenum_roll_free(roll);
	plenum_roll_problems_free(probs);
	free(data);
	return status;
}

struct listing {
	json_t *arr;
	size_t n;
};

static int
print_member(void *ctx, const struct plenum_assembly_member *m)
{
	struct listing *l = ctx;

	l->n++;
	if (l->arr != NULL) {
		json_array_append_new(
			l->arr,
			json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:b}", "id",
				  m->id, "name", m->name, "unit", m->unit,
				  "delegation", m->delegation, "status",
				  plenum_roll_status_word(m->status),
				  "exclusion", m->exclusion, "present",
				  m->present));
		return 0;
	}
	printf("%s\t%s\t%s\t%s\t%s\t%s%s%s\n", m->id, m->name, m->unit,
	       m->delegation, plenum_roll_status_word(m->status),
	       m->present ? "present" : "absent",
	       m->exclusion ? "\texcluded: " : "",
	       m->exclusion ? m->exclusion : "");
	return 0;
}

int
plenum_cmd_roll(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct listing l = { NULL, 0 };
	struct common c;
	const char *verb;
	enum plenum_err err;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	verb = optind < argc ? argv[optind] : "";
	if (strcmp(verb, "import") == 0 && argc - optind == 2)
		return roll_import(&c, argv[optind + 1]);
	if (strcmp(verb, "list") == 0 && argc - optind <= 2) {
		if ((status = open_assembly("roll", &c,
					    PLENUM_ASSEMBLY_READONLY, &a)) >= 0)
			return status;
		if (c.json)
			l.arr = json_array();
		err = plenum_assembly_members(
			a, argc - optind == 2 ? argv[optind + 1] : NULL,
			print_member, &l, &d);
		if (err != PLENUM_OK)
			status = fail("roll", err, &d);
		else if (c.json)
			status = plenum_cmd_print_json("roll", l.arr),
			l.arr = NULL;
		else
			status = l.n > 0 ? PLENUM_EXIT_OK : PLENUM_EXIT_FINDING;
		json_decref(l.arr);
		plenum_assembly_close(a);
		return status;
	}
	if ((strcmp(verb, "exclude") == 0 && argc - optind == 3) ||
	    (strcmp(verb, "include") == 0 && argc - optind == 2)) {
		if ((status = open_assembly("roll", &c, 0, &a)) >= 0)
			return status;
		err = plenum_assembly_exclude(
			a, argv[optind + 1],
			verb[0] == 'e' ? argv[optind + 2] : NULL, c.actor, &d);
		if (err != PLENUM_OK)
			status = fail("roll", err, &d);
		else
			printf("%s %s\n", argv[optind + 1],
			       verb[0] == 'e' ? "excluded from the base"
					      : "counted in the base again");
		plenum_assembly_close(a);
		return err == PLENUM_OK ? PLENUM_EXIT_OK : status;
	}
	fputs("usage: plenum roll import FILE.csv | list [SEARCH] [--json] | "
	      "exclude ID REASON | include ID\n",
	      stderr);
	return PLENUM_EXIT_INPUT;
}

/* Members a search matches, for check-in by name. */
struct found {
	size_t n;
	char id[256];
	struct plenum_buf list;
};

static int
found_member(void *ctx, const struct plenum_assembly_member *m)
{
	struct found *f = ctx;

	if (f->n++ == 0)
		snprintf(f->id, sizeof(f->id), "%s", m->id);
	plenum_buf_addf(&f->list, "  %s  %s  %s\n", m->id, m->name, m->unit);
	return 0;
}

/*
 * Resolves what the desk typed or scanned: a card code "PM1:ID" (the QR
 * payload printed on credential cards), an id, or a name search that
 * matches exactly one member.  Writes the id to id (size n); returns 0, or
 * -1 after saying why.
 */
static int
resolve_member(struct plenum_assembly *a, const char *cmd, const char *what,
	       char *id, size_t n)
{
	struct plenum_diag d = { 0 };
	struct found f = { 0, "", { 0 } };
	int rc = -1;

	if (strncmp(what, "PM1:", 4) == 0)
		what += 4;
	plenum_buf_init(&f.list, 1u << 16);
	if (plenum_assembly_members(a, what, found_member, &f, &d) !=
	    PLENUM_OK) {
		fail(cmd, PLENUM_EDB, &d);
		goto out;
	}
	if (f.n == 1) {
		snprintf(id, n, "%s", f.id);
		rc = 0;
	} else if (f.n == 0) {
		fprintf(stderr, "plenum %s: no member with id or name \"%s\"\n",
			cmd, what);
	} else {
		fprintf(stderr,
			"plenum %s: \"%s\" matches %zu members; give the "
			"id:\n%s",
			cmd, what, f.n, plenum_buf_str(&f.list));
	}
out:
	plenum_buf_release(&f.list);
	return rc;
}

static int
attendance(int argc, char **argv, bool present)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d;
	struct common c;
	char id[256];
	enum plenum_err err;
	int status, i, failed = 0;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	if (optind >= argc) {
		fprintf(stderr, "usage: plenum %s ID|PM1:ID|NAME...\n",
			argv[0]);
		return PLENUM_EXIT_INPUT;
	}
	if ((status = open_assembly(argv[0], &c, 0, &a)) >= 0)
		return status;
	for (i = optind; i < argc; i++) {
		memset(&d, 0, sizeof(d));
		if (resolve_member(a, argv[0], argv[i], id, sizeof(id)) != 0) {
			failed = 1;
			continue;
		}
		err = plenum_assembly_checkin(a, id, present, c.actor, &d);
		if (err != PLENUM_OK) {
			fail(argv[0], err, &d);
			failed = 1;
			continue;
		}
		/* printed after the commit: this line is the receipt */
		printf("%s checked %s\n", id, present ? "in" : "out");
		fflush(stdout);
	}
	plenum_assembly_close(a);
	return failed ? PLENUM_EXIT_INPUT : PLENUM_EXIT_OK;
}

int
plenum_cmd_checkin(int argc, char **argv)
{
	return attendance(argc, argv, true);
}

int
plenum_cmd_checkout(int argc, char **argv)
{
	return attendance(argc, argv, false);
}

int
plenum_cmd_quorum(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_assembly_quorum q;
	struct plenum_diag d = { 0 };
	struct common c;
	enum plenum_err err;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	if ((status = open_assembly("quorum", &c, PLENUM_ASSEMBLY_READONLY,
				    &a)) >= 0)
		return status;
	err = plenum_assembly_quorum(a, &q, &d);
	if (err != PLENUM_OK) {
		status = fail("quorum", err, &d);
	} else if (c.json) {
		status = plenum_cmd_print_json(
			"quorum",
			json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:I, "
				  "s:b}",
				  "members", (json_int_t)q.members, "voting",
				  (json_int_t)q.voting, "excluded",
				  (json_int_t)q.excluded, "should_attend",
				  (json_int_t)q.should_attend, "present",
				  (json_int_t)q.present, "attending",
				  (json_int_t)q.attending, "applies", q.applies,
				  "required", (json_int_t)q.required, "met",
				  q.met));
	} else {
		printf("should attend %lld, present %lld",
		       (long long)q.should_attend, (long long)q.present);
		if (q.applies)
			printf(", quorum %lld: %s\n", (long long)q.required,
			       q.met ? "met" : "not met");
		else
			printf(" (the rules set no quorum)\n");
		status = PLENUM_EXIT_OK;
	}
	plenum_assembly_close(a);
	return status;
}

static int
write_out(void *ctx, const void *p, size_t n)
{
	return fwrite(p, 1, n, ctx) == n ? 0 : -1;
}

int
plenum_cmd_export(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct plenum_event_sink sink;
	struct common c;
	enum plenum_err err;
	FILE *f;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	if (argc - optind != 1) {
		fputs("usage: plenum export FILE\n", stderr);
		return PLENUM_EXIT_INPUT;
	}
	if ((status = open_assembly("export", &c, PLENUM_ASSEMBLY_READONLY,
				    &a)) >= 0)
		return status;
	if ((f = fopen(argv[optind], "wbx")) == NULL) {
		fprintf(stderr, "plenum export: cannot create \"%s\": %s\n",
			argv[optind], strerror(errno));
		plenum_assembly_close(a);
		return PLENUM_EXIT_INPUT;
	}
	sink.write = write_out;
	sink.ctx = f;
	err = plenum_assembly_export(a, &sink, &d);
	if (fclose(f) != 0 && err == PLENUM_OK)
		err = plenum_diag_set(&d, PLENUM_EIO, 0, 0,
				      "cannot write \"%s\"", argv[optind]);
	plenum_assembly_close(a);
	if (err != PLENUM_OK) {
		remove(argv[optind]);
		return fail("export", err, &d);
	}
	printf("wrote %s\n", argv[optind]);
	return PLENUM_EXIT_OK;
}

static int
verify_export(struct common *c)
{
	struct plenum_assembly_verify v;
	struct plenum_diag d = { 0 };
	unsigned char pk[PLENUM_EVENT_PUBLIC_LEN];
	unsigned char *data = NULL;
	char *name = NULL;
	size_t len = 0, got = 0;
	enum plenum_err err;
	int status;

	if (c->public_key != NULL &&
	    (sodium_hex2bin(pk, sizeof(pk), c->public_key,
			    strlen(c->public_key), NULL, &got, NULL) != 0 ||
	     got != sizeof(pk))) {
		fputs("plenum verify: --public-key takes 64 hex digits\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	if (read_file(c->log, &data, &len) != 0) {
		fprintf(stderr, "plenum verify: cannot read \"%s\": %s\n",
			c->log, strerror(errno));
		return PLENUM_EXIT_INPUT;
	}
	err = plenum_assembly_verify_export(
		data, len, c->public_key ? pk : NULL, &v, &name, &d);
	free(data);
	if (err == PLENUM_OK) {
		printf("verified %llu events of \"%s\" in %s: the chain, "
		       "every signature and every recount agree%s\n",
		       (unsigned long long)v.chain.nevents, name, c->log,
		       c->public_key ? ", under the key given"
				     : " (compare its key with a trusted copy: "
				       "--public-key)");
		status = PLENUM_EXIT_OK;
	} else if (err == PLENUM_EINPUT) {
		fprintf(stderr, "plenum verify: FAILED%s%s: %s\n",
			v.chain.fault ? " at event " : "",
			v.chain.fault ? plenum_event_fault_str(v.chain.fault)
				      : "",
			d.message);
		status = PLENUM_EXIT_FINDING;
	} else {
		status = fail("verify", err, &d);
	}
	free(name);
	return status;
}

int
plenum_cmd_verify(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_assembly_verify v;
	struct plenum_diag d = { 0 };
	struct common c;
	char pk[2 * PLENUM_EVENT_PUBLIC_LEN + 1];
	enum plenum_err err;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	if (c.log != NULL)
		return verify_export(&c);
	if ((status = open_assembly("verify", &c, PLENUM_ASSEMBLY_READONLY,
				    &a)) >= 0)
		return status;
	err = plenum_assembly_verify(a, &v, &d);
	if (err == PLENUM_OK) {
		/* the scanned images sit outside the log, under their hash */
		struct plenum_buf problems;
		int64_t checked, bad;

		plenum_buf_init(&problems, 1u << 20);
		err = plenum_scans_check_images(a, &problems, &checked, &bad,
						&d);
		if (err == PLENUM_OK && bad > 0) {
			fputs(plenum_buf_str(&problems), stderr);
			err = plenum_diag_set(&d, PLENUM_EINPUT, 0, 0,
					      "%" PRId64 " of %" PRId64
					      " scanned pages have no image "
					      "or another one",
					      bad, checked);
		}
		plenum_buf_release(&problems);
	}
	sodium_bin2hex(pk, sizeof(pk), plenum_assembly_info(a)->public_key,
		       PLENUM_EVENT_PUBLIC_LEN);
	if (err == PLENUM_OK) {
		printf("verified %llu events of assembly \"%s\" (%s): the "
		       "chain, every signature and every table agree\n"
		       "public key %s\n",
		       (unsigned long long)v.chain.nevents,
		       plenum_assembly_info(a)->name,
		       plenum_assembly_info(a)->id, pk);
		status = PLENUM_EXIT_OK;
	} else if (err == PLENUM_EINPUT) {
		if (v.chain.fault != PLENUM_EVENT_FAULT_NONE)
			fprintf(stderr,
				"plenum verify: FAILED at event %llu: %s "
				"(%s)\n",
				(unsigned long long)v.chain.index + 1,
				plenum_event_fault_str(v.chain.fault),
				d.message);
		else
			fprintf(stderr, "plenum verify: FAILED: %s\n",
				d.message);
		status = PLENUM_EXIT_FINDING;
	} else {
		status = fail("verify", err, &d);
	}
	plenum_assembly_close(a);
	return status;
}

/* ---- elections ---- */

static char *
slurp(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct plenum_buf b;
	char chunk[65536];
	size_t got;
	int bad = 0;

	if (f == NULL)
		return NULL;
	plenum_buf_init(&b, 8u << 20);
	while (!bad && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bad = plenum_buf_add(&b, chunk, got) != PLENUM_OK;
	if (f != stdin)
		fclose(f);
	if (bad) {
		plenum_buf_release(&b);
		errno = EFBIG;
		return NULL;
	}
	return plenum_buf_detach(&b);
}

/* Each subcommand's arguments after the verb: argv[optind + 1 ...]. */
#define ARG(i) argv[optind + 1 + (i)]
#define NARGS  (argc - optind - 1)

static int
election_number(const char *cmd, const char *s, int64_t *n)
{
	if (number(s, n) == 0 && *n > 0)
		return -1;
	fprintf(stderr, "plenum %s: '%s' is not an election number\n", cmd, s);
	return PLENUM_EXIT_INPUT;
}

int
plenum_cmd_election(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct common c;
	const char *verb;
	int64_t n = 0;
	enum plenum_err err = PLENUM_OK;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	verb = optind < argc ? argv[optind] : "";
	if (strcmp(verb, "add") == 0 && NARGS == 1 && c.seats > 0) {
		if ((status = open_assembly("election", &c, 0, &a)) >= 0)
			return status;
		err = plenum_elections_add(a, ARG(0), c.seats, c.alternates,
					   c.options, c.actor, &n, &d);
		if (err == PLENUM_OK)
			printf("election %" PRId64 ": %s, %" PRId64
			       " seat(s), %" PRId64 " alternate(s)\n",
			       n, ARG(0), c.seats, c.alternates);
	} else if (strcmp(verb, "candidate") == 0 && NARGS >= 2) {
		int i;

		if ((status = election_number("election", ARG(0), &n)) >= 0 ||
		    (status = open_assembly("election", &c, 0, &a)) >= 0)
			return status;
		for (i = 1; i < NARGS && err == PLENUM_OK; i++) {
			err = plenum_elections_add_candidate(
				a, n, ARG(i), NARGS == 2 ? c.id : NULL,
				NARGS == 2 ? c.member : NULL, c.actor, &d);
			if (err == PLENUM_OK)
				printf("candidate %s\n", ARG(i));
		}
	} else if (strcmp(verb, "check") == 0 && NARGS == 1) {
		struct plenum_buf out;
		int ok = 0;

		if ((status = election_number("election", ARG(0), &n)) >= 0 ||
		    (status = open_assembly("election", &c,
					    PLENUM_ASSEMBLY_READONLY, &a)) >= 0)
			return status;
		plenum_buf_init(&out, 1u << 24);
		err = plenum_elections_check(
			a, n, strcmp(c.locale, "zh-Hans") ? c.locale : NULL,
			&out, &ok, &d);
		if (err == PLENUM_OK)
			fwrite(out.data, 1, out.len, stdout);
		plenum_buf_release(&out);
		if (err == PLENUM_OK && !ok) {
			plenum_assembly_close(a);
			return PLENUM_EXIT_FINDING;
		}
	} else if (strcmp(verb, "report") == 0 && NARGS >= 1 && NARGS <= 2) {
		struct plenum_buf out;
		int64_t round = 0;

		if ((status = election_number("election", ARG(0), &n)) >= 0)
			return status;
		if (NARGS == 2 && number(ARG(1), &round) != 0) {
			fprintf(stderr, "plenum election: bad round '%s'\n",
				ARG(1));
			return PLENUM_EXIT_INPUT;
		}
		if ((status = open_assembly("election", &c,
					    PLENUM_ASSEMBLY_READONLY, &a)) >= 0)
			return status;
		plenum_buf_init(&out, 1u << 26);
		err = plenum_elections_report(
			a, n, round,
			strcmp(c.locale, "zh-Hans") ? c.locale : NULL, &out,
			&d);
		if (err == PLENUM_OK)
			fwrite(out.data, 1, out.len, stdout);
		plenum_buf_release(&out);
	} else {
		fputs("usage: plenum election add TITLE --seats N "
		      "[--alternates "
		      "N] [--options JSON]\n"
		      "       plenum election candidate ELECTION NAME... [--id "
		      "ID] [--member MEMBER]\n"
		      "       plenum election check ELECTION [--locale L]\n"
		      "       plenum election report ELECTION [ROUND] "
		      "[--locale L]\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	plenum_assembly_close(a);
	return err == PLENUM_OK ? PLENUM_EXIT_OK : fail("election", err, &d);
}

int
plenum_cmd_official(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	enum plenum_official_role role;
	struct common c;
	enum plenum_err err = PLENUM_OK;
	int status, i;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	if (argc - optind < 2 ||
	    plenum_elections_role_parse(argv[optind], &role) != 0) {
		fputs("usage: plenum official ROLE MEMBER...\n"
		      "ROLE: chief-scrutineer, scrutineer, chief-teller or "
		      "teller\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	if ((status = open_assembly("official", &c, 0, &a)) >= 0)
		return status;
	for (i = optind + 1; i < argc && err == PLENUM_OK; i++) {
		err = plenum_elections_appoint(a, role, argv[i], c.actor, &d);
		if (err == PLENUM_OK)
			printf("%s appointed %s\n", argv[i], argv[optind]);
	}
	plenum_assembly_close(a);
	return err == PLENUM_OK ? PLENUM_EXIT_OK : fail("official", err, &d);
}

int
plenum_cmd_round(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct common c;
	const char *verb;
	int64_t n, v = 0;
	enum plenum_err err = PLENUM_OK;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	verb = optind < argc ? argv[optind] : "";
	if (NARGS < 1 || (status = election_number("round", ARG(0), &n)) >= 0) {
		fputs("usage: plenum round open ELECTION [--present N "
		      "[--should-attend N]] [--decision TEXT] [--candidates "
		      "ID,...]\n"
		      "       plenum round issued|returned ELECTION N\n"
		      "       plenum round enter ELECTION BATCH FILE|- "
		      "--teller "
		      "MEMBER [--entry 1|2]\n"
		      "       plenum round reconcile|count ELECTION [--json]\n"
		      "       plenum round sign ELECTION SCRUTINEER\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	if ((status = open_assembly("round", &c, 0, &a)) >= 0)
		return status;
	if (strcmp(verb, "open") == 0 && NARGS == 1) {
		struct plenum_round_setup s = { c.should_attend, c.present,
						c.decision, c.candidates };

		err = plenum_elections_open_round(a, n, &s, c.actor, &v, &d);
		if (err == PLENUM_OK)
			printf("round %" PRId64 " of election %" PRId64
			       " is open\n",
			       v, n);
	} else if ((strcmp(verb, "issued") == 0 ||
		    strcmp(verb, "returned") == 0) &&
		   NARGS == 2 && number(ARG(1), &v) == 0) {
		err = plenum_elections_ballots(a, n, verb[0] == 'i', v, c.actor,
					       &d);
		if (err == PLENUM_OK)
			printf("%" PRId64 " ballots %s\n", v, verb);
	} else if (strcmp(verb, "enter") == 0 && NARGS == 3 &&
		   number(ARG(1), &v) == 0 && c.teller != NULL) {
		char *lines = slurp(ARG(2));

		if (lines == NULL) {
			fprintf(stderr,
				"plenum round: cannot read \"%s\": %s\n",
				ARG(2), strerror(errno));
			plenum_assembly_close(a);
			return PLENUM_EXIT_INPUT;
		}
		err = plenum_elections_enter(a, n, v, (int)c.entry, c.teller,
					     lines, c.actor, &d);
		free(lines);
		if (err == PLENUM_OK)
			printf("batch %" PRId64 ", entry %" PRId64
			       " by %s recorded\n",
			       v, c.entry, c.teller);
	} else if (strcmp(verb, "reconcile") == 0 && NARGS == 1) {
		struct plenum_buf out;

		plenum_buf_init(&out, 1u << 24);
		err = plenum_elections_reconcile(a, n, &out, &v, &d);
		if (err == PLENUM_OK) {
			fwrite(out.data ? out.data : "", 1, out.len, stdout);
			printf("%" PRId64 " difference(s)%s\n", v,
			       v ? ": re-read those ballots and enter the "
				   "batch again"
				 : ": ready to count");
		}
		plenum_buf_release(&out);
		if (err == PLENUM_OK && v > 0) {
			plenum_assembly_close(a);
			return PLENUM_EXIT_FINDING;
		}
	} else if (strcmp(verb, "count") == 0 && NARGS == 1) {
		char *json = NULL;

		err = plenum_elections_count(a, n, c.actor, &json, &d);
		if (err == PLENUM_OK && c.json) {
			printf("%s\n", json);
		} else if (err == PLENUM_OK) {
			struct plenum_buf out;

			plenum_buf_init(&out, 1u << 26);
			err = plenum_elections_report(
				a, n, 0,
				strcmp(c.locale, "zh-Hans") ? c.locale : NULL,
				&out, &d);
			if (err == PLENUM_OK)
				fwrite(out.data, 1, out.len, stdout);
			plenum_buf_release(&out);
		}
		free(json);
	} else if (strcmp(verb, "sign") == 0 && NARGS == 2) {
		err = plenum_elections_sign(a, n, ARG(1), c.actor, &d);
		if (err == PLENUM_OK)
			printf("%s signed election %" PRId64 "\n", ARG(1), n);
	} else {
		plenum_assembly_close(a);
		fprintf(stderr, "plenum round: see 'plenum help round'\n");
		return PLENUM_EXIT_INPUT;
	}
	plenum_assembly_close(a);
	return err == PLENUM_OK ? PLENUM_EXIT_OK : fail("round", err, &d);
}

/* ---- agenda and resolutions ---- */

static int
print_item(void *ctx, const struct plenum_agenda_item *it)
{
	(void)ctx;
	printf("%" PRId64 "\t%s\t%s\n", it->n, it->state, it->title);
	return 0;
}

int
plenum_cmd_agenda(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct common c;
	const char *verb;
	int64_t n = 0;
	enum plenum_err err = PLENUM_OK;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	verb = optind < argc ? argv[optind] : "";
	if (strcmp(verb, "add") == 0 && NARGS == 1) {
		if ((status = open_assembly("agenda", &c, 0, &a)) >= 0)
			return status;
		err = plenum_agenda_add_item(a, ARG(0), c.actor, &n, &d);
		if (err == PLENUM_OK)
			printf("item %" PRId64 ": %s\n", n, ARG(0));
	} else if (strcmp(verb, "state") == 0 && NARGS == 2 &&
		   number(ARG(0), &n) == 0) {
		if ((status = open_assembly("agenda", &c, 0, &a)) >= 0)
			return status;
		err = plenum_agenda_set_state(a, n, ARG(1), c.actor, &d);
		if (err == PLENUM_OK)
			printf("item %" PRId64 " is %s\n", n, ARG(1));
	} else if (strcmp(verb, "list") == 0 && NARGS == 0) {
		if ((status = open_assembly("agenda", &c,
					    PLENUM_ASSEMBLY_READONLY, &a)) >= 0)
			return status;
		err = plenum_agenda_items(a, print_item, NULL, &d);
	} else {
		fputs("usage: plenum agenda add TITLE | state N "
		      "pending|current|done|skipped | list\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	plenum_assembly_close(a);
	return err == PLENUM_OK ? PLENUM_EXIT_OK : fail("agenda", err, &d);
}

static int
print_resolution(void *ctx, const struct plenum_agenda_resolution *r)
{
	int json = *(int *)ctx;

	if (json) {
		printf("%s\n", r->result ? r->result : "null");
		return 0;
	}
	printf("%" PRId64 "\t%s\t%s\n", r->n,
	       !r->decided  ? "open"
	       : r->adopted ? "adopted"
			    : "not adopted",
	       r->question);
	if (r->decided)
		printf("\t%s: %" PRId64 " for, %" PRId64 " against, %" PRId64
		       " abstaining; %" PRId64 " present\n",
		       r->method, r->yes, r->no, r->abstain, r->present);
	return 0;
}

int
plenum_cmd_resolution(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct common c;
	const char *verb;
	int64_t n = 0;
	enum plenum_err err = PLENUM_OK;
	bool adopted = false;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	verb = optind < argc ? argv[optind] : "";
	if (strcmp(verb, "add") == 0 && NARGS == 1) {
		if ((status = open_assembly("resolution", &c, 0, &a)) >= 0)
			return status;
		err = plenum_agenda_add_resolution(a, c.item, ARG(0), c.actor,
						   &n, &d);
		if (err == PLENUM_OK)
			printf("resolution %" PRId64 ": %s\n", n, ARG(0));
	} else if (strcmp(verb, "decide") == 0 && NARGS == 1 &&
		   number(ARG(0), &n) == 0) {
		struct plenum_agenda_count k = {
			c.method, c.yes, c.no, c.abstain, c.invalid, c.issued
		};

		if ((status = open_assembly("resolution", &c, 0, &a)) >= 0)
			return status;
		err = plenum_agenda_decide(a, n, &k, c.actor, &adopted, &d);
		if (err == PLENUM_OK)
			printf("resolution %" PRId64 " %s\n", n,
			       adopted ? "adopted" : "not adopted");
	} else if (strcmp(verb, "list") == 0 && NARGS <= 1) {
		if (NARGS == 1 && number(ARG(0), &n) != 0) {
			fputs("plenum resolution: bad number\n", stderr);
			return PLENUM_EXIT_INPUT;
		}
		if ((status = open_assembly("resolution", &c,
					    PLENUM_ASSEMBLY_READONLY, &a)) >= 0)
			return status;
		err = plenum_agenda_resolutions(a, n, print_resolution, &c.json,
						&d);
	} else {
		fputs("usage: plenum resolution add QUESTION [--item N]\n"
		      "       plenum resolution decide N [--hands | --ballot] "
		      "--yes Y --no N --abstain A [--invalid I] [--issued K]\n"
		      "       plenum resolution list [N] [--json]\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	plenum_assembly_close(a);
	return err == PLENUM_OK ? PLENUM_EXIT_OK : fail("resolution", err, &d);
}

/* ---- accounts, codes and polls ---- */

/* Reads a password: $PLENUM_PASSWORD, else one line of standard input. */
static int
read_password(char *buf, size_t size)
{
	const char *env = getenv("PLENUM_PASSWORD");
	size_t n;

	if (env != NULL && *env != '\0') {
		snprintf(buf, size, "%s", env);
		return 0;
	}
	if (fgets(buf, (int)size, stdin) == NULL)
		return -1;
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

static int
print_account(void *ctx, const struct plenum_account *acct)
{
	json_t *list = ctx;

	if (list != NULL)
		json_array_append_new(
			list,
			json_pack("{s:s, s:s, s:s}", "name", acct->name, "role",
				  plenum_accounts_role_word(acct->role),
				  "member", acct->member));
	else
		printf("%s\t%s\t%s\n", acct->name,
		       plenum_accounts_role_word(acct->role), acct->member);
	return 0;
}

int
plenum_cmd_account(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	char password[PLENUM_ACCOUNT_PASSWORD_MAX + 2];
	enum plenum_role role;
	struct common c;
	enum plenum_err err;
	const char *verb;
	json_t *list = NULL;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	verb = optind < argc ? argv[optind] : "";
	if (strcmp(verb, "list") == 0 && optind + 1 == argc) {
		if ((status = open_assembly("account", &c,
					    PLENUM_ASSEMBLY_READONLY, &a)) >= 0)
			return status;
		list = c.json ? json_array() : NULL;
		err = plenum_accounts_list(a, print_account, list, &d);
		plenum_assembly_close(a);
		if (err) {
			json_decref(list);
			return fail("account", err, &d);
		}
		return list ? plenum_cmd_print_json("account", list)
			    : PLENUM_EXIT_OK;
	}
	if ((strcmp(verb, "add") != 0 && strcmp(verb, "password") != 0) ||
	    optind + 2 != argc ||
	    (strcmp(verb, "add") == 0 &&
	     plenum_accounts_role_parse(c.role, &role) != 0)) {
		fputs("usage: plenum account add NAME --role ROLE [--member "
		      "ID]\n"
		      "       plenum account password NAME\n"
		      "       plenum account list [--json]\n"
		      "roles: chair, secretariat, checkin, teller, scrutineer, "
		      "projector\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	if (read_password(password, sizeof(password)) != 0) {
		fputs("plenum account: give the password on standard input "
		      "or in $PLENUM_PASSWORD\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	if ((status = open_assembly("account", &c, 0, &a)) >= 0) {
		sodium_memzero(password, sizeof(password));
		return status;
	}
	err = verb[0] == 'a'
		      ? plenum_accounts_add(a, argv[optind + 1], role, c.member,
					    password, c.actor, &d)
		      : plenum_accounts_set_password(a, argv[optind + 1],
						     password, c.actor, &d);
	sodium_memzero(password, sizeof(password));
	plenum_assembly_close(a);
	if (err)
		return fail("account", err, &d);
	printf("account %s: %s\n", argv[optind + 1],
	       verb[0] == 'a' ? "added" : "password set");
	return PLENUM_EXIT_OK;
}

/* Quotes a CSV field. */
static void
csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int
print_code(void *ctx, const char *member, const char *name, const char *code)
{
	(void)ctx;
	csv_field(stdout, member);
	fputc(',', stdout);
	csv_field(stdout, name);
	printf(",%s,PM1:", code);
	fputs(member, stdout);
	fputc('\n', stdout);
	return 0;
}

int
plenum_cmd_codes(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct common c;
	enum plenum_err err;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	if ((status = open_assembly("codes", &c, 0, &a)) >= 0)
		return status;
	printf("id,name,code,card\n");
	err = plenum_accounts_issue_codes(a, (const char *const *)argv + optind,
					  (size_t)(argc - optind), print_code,
					  NULL, c.actor, &d);
	plenum_assembly_close(a);
	return err ? fail("codes", err, &d) : PLENUM_EXIT_OK;
}

static int
print_poll(void *ctx, const struct plenum_poll *p)
{
	(void)ctx;
	printf("poll %lld: %s %lld%s, %s, %s, voted %lld of %lld\n",
	       (long long)p->n, p->kind, (long long)p->target,
	       p->round ? " (its open round)" : "", p->mode, p->state,
	       (long long)p->voted, (long long)p->eligible);
	return 0;
}

int
plenum_cmd_poll(int argc, char **argv)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct common c;
	enum plenum_err err = PLENUM_OK;
	const char *verb;
	int64_t n = 0;
	char *result = NULL;
	int status;

	if ((status = parse_common(argc, argv, &c)) >= 0)
		return status;
	verb = optind < argc ? argv[optind] : "";
	if (!((strcmp(verb, "open") == 0 && optind + 1 == argc &&
	       (c.resolution != NULL) != (c.election != NULL) &&
	       number(c.resolution ? c.resolution : c.election, &n) == 0) ||
	      (strcmp(verb, "close") == 0 && optind + 2 == argc &&
	       number(argv[optind + 1], &n) == 0) ||
	      (strcmp(verb, "list") == 0 && optind + 1 == argc))) {
		fputs("usage: plenum poll open (--resolution N | --election N) "
		      "[--mode secret|named]\n"
		      "       plenum poll close N\n"
		      "       plenum poll list\n",
		      stderr);
		return PLENUM_EXIT_INPUT;
	}
	if ((status = open_assembly(
		     "poll", &c, verb[0] == 'l' ? PLENUM_ASSEMBLY_READONLY : 0,
		     &a)) >= 0)
		return status;
	if (verb[0] == 'l') {
		err = plenum_polls_list(a, 0, print_poll, NULL, &d);
	} else if (verb[0] == 'o') {
		int64_t target = n;

		err = plenum_polls_open(
			a, c.resolution ? "resolution" : "election", target,
			c.mode ? c.mode : "secret", c.actor, &n, &d);
		if (err == PLENUM_OK)
			printf("poll %lld open\n", (long long)n);
	} else {
		err = plenum_polls_close(a, n, c.actor, &result, &d);
		if (err == PLENUM_OK)
			printf("poll %lld closed\n%s\n", (long long)n,
			       result ? result : "");
		free(result);
	}
	plenum_assembly_close(a);
	return err ? fail("poll", err, &d) : PLENUM_EXIT_OK;
}
