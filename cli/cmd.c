/*
 * cmd.c: the command table, help, and the shared error printing.
 *
 * The help texts here are the reference for every command and option; the
 * documentation in docs/cli.md repeats them.
 */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "err.h"

static const char tally_help[] =
	"usage: plenum tally FILE [--json] [--locale L]\n"
	"\n"
	"Counts one round of an election or a motion described by FILE, a\n"
	"plenum-election/1 document (\"-\" reads standard input), by the rule\n"
	"preset the document names (cn-basic, cn-local, vn, ronr, yna), and\n"
	"prints the tellers' report: the electorate and quorum, the ballots\n"
	"issued, returned, valid and invalid, the base and the votes needed,\n"
	"each candidate's counts and decision, and what happens next.\n"
	"\n"
	"Ballots come from the document's \"ballots\" array, from the compact\n"
	"ballot file its \"ballots_file\" names (docs/ballot-file.md), or as\n"
	"\"totals\".  Ballots are streamed: ten million take no more memory\n"
	"than ten.\n"
	"\n"
	"options:\n"
	"  --json       write the plenum-result/1 object instead of the "
	"report\n"
	"  --locale L   language of the report and notes: zh-Hans, zh-Hant,\n"
	"               vi or en (default: the document's \"locale\", else\n"
	"               zh-Hans)\n"
	"  -h, --help   show this help\n"
	"\n"
	"exit status:\n"
	"  0  the input was well formed, whatever the outcome of the vote\n"
	"  2  the input is malformed or inconsistent; FILE:LINE:COLUMN: "
	"message\n"
	"     on standard error names the field\n"
	"  3  internal failure (out of memory)\n";

static const char check_help[] =
	"usage: plenum check FILE [--json] [--locale L]\n"
	"\n"
	"Checks the candidate list of the election in FILE against the rule\n"
	"preset's surplus rules without counting: at least 20% more "
	"candidates\n"
	"than places for cn-basic (10% for cn-local), at most 30% more for vn\n"
	"(one extra for committees of 3 to 5).  It also says whether the list\n"
	"follows the order the body expects (surname stroke order for cn-*,\n"
	"Vietnamese alphabetical order by given name for vn) and prints the\n"
	"list in that order when it does not, and warns about duplicate "
	"names.\n"
	"The document needs no ballots.\n"
	"\n"
	"options:\n"
	"  --json       write the check as a JSON object\n"
	"  --locale L   zh-Hans, zh-Hant, vi or en\n"
	"  -h, --help   show this help\n"
	"\n"
	"exit status:\n"
	"  0  the list meets the rules (order warnings do not change this)\n"
	"  1  the list breaks a rule of the preset\n"
	"  2  the input is malformed or inconsistent\n";

#define DB_OPTIONS                                                             \
	"  --db URL      the assembly: a SQLite file, or postgresql://...\n"   \
	"                (default $PLENUM_DB, else plenum.db)\n"               \
	"  --key FILE    the assembly's signing key (default $PLENUM_KEY,\n"   \
	"                else the SQLite file's name plus .key)\n"             \
	"  --actor NAME  who does this, for the log (default $PLENUM_ACTOR,\n" \
	"                else $USER)\n"

static const char account_help[] =
	"usage: plenum account add NAME --role ROLE [--member ID]\n"
	"       plenum account password NAME\n"
	"       plenum account list [--json]\n"
	"\n"
	"Staff accounts sign in to plenum serve.  ROLE is chair, "
	"secretariat,\n"
	"checkin, teller, scrutineer or projector; a teller or scrutineer "
	"acts\n"
	"as the member --member names.  The password (8 to 256 characters) "
	"is\n"
	"read from $PLENUM_PASSWORD, else from a line of standard input, and "
	"is\n"
	"kept only as an Argon2id hash outside the log; the log records that "
	"the\n"
	"account was added or its password set.  Setting a password ends the\n"
	"account's sessions.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char codes_help[] =
	"usage: plenum codes [ID...]\n"
	"\n"
	"Issues one-time sign-in codes to the members named, or to every "
	"member\n"
	"of the roll who has none yet, and prints them as CSV (id, name, "
	"code,\n"
	"card) for the credential cards.  A code is shown only now; plenum "
	"keeps\n"
	"its SHA-256.  A delegate signs in with it once; a new code replaces "
	"an\n"
	"old one.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char poll_help[] =
	"usage: plenum poll open (--resolution N | --election N) [--mode "
	"secret|named]\n"
	"       plenum poll close N\n"
	"       plenum poll list\n"
	"\n"
	"Puts a resolution, or the open round of an election, to the "
	"delegates'\n"
	"devices (they vote in plenum serve), and closes it: closing decides "
	"the\n"
	"resolution, or enters the round's ballots and counts it.  Secret "
	"mode\n"
	"(the default) records only that a member voted; named mode records "
	"how.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char init_help[] =
	"usage: plenum init --name NAME --rules PRESET [--locale L] [--db "
	"URL]\n"
	"                   [--key FILE]\n"
	"\n"
	"Creates an assembly (a congress, members' meeting or plenary) in a\n"
	"new SQLite file or an empty PostgreSQL database, and its Ed25519\n"
	"signing key in a new key file (mode 0600).  Every later change is an\n"
	"event of a hash-chained log signed with that key.  Keep the key away\n"
	"from copies of the database: without it the record can be read and\n"
	"verified, not changed.\n"
	"\n"
	"options:\n"
	"  --name NAME     the assembly's name\n"
	"  --rules PRESET  cn-basic, cn-local, vn, ronr or yna\n"
	"  --locale L      zh-Hans (default), zh-Hant, vi or en\n" DB_OPTIONS;

static const char roll_help[] =
	"usage: plenum roll import FILE.csv\n"
	"       plenum roll list [SEARCH] [--json]\n"
	"       plenum roll exclude ID REASON\n"
	"       plenum roll include ID\n"
	"\n"
	"import reads the roll from a CSV file (UTF-8 with or without a BOM, "
	"or\n"
	"GB18030; comma, tab or semicolon separated) with a header row naming\n"
	"its columns in English, Chinese or Vietnamese: name (姓名, Họ và "
	"tên),\n"
	"status (身份, Tư cách), and optionally id, unit, delegation and an\n"
	"exclusion reason.  Every bad row is reported with its line, and\n"
	"nothing is imported until all are correct.  list prints the members\n"
	"(those whose id is SEARCH or whose name contains it).  exclude takes "
	"a\n"
	"member out of the base (应到 / the Vietnamese convened less "
	"excluded)\n"
	"with a reason; include takes that back.\n"
	"\n"
	"options:\n" DB_OPTIONS "  --json        list as JSON\n";

static const char checkin_help[] =
	"usage: plenum checkin ID|PM1:ID|NAME...\n"
	"       plenum checkout ID|PM1:ID|NAME...\n"
	"\n"
	"Records members arriving or leaving, by id, by the code scanned from\n"
	"a credential card (PM1:ID), or by a name search that matches exactly\n"
	"one member (else the matches are listed).  Each line printed is the\n"
	"receipt of a committed change.  Checking in someone already present\n"
	"is refused, so a double scan at the desk shows.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char quorum_help[] =
	"usage: plenum quorum [--json]\n"
	"\n"
	"Prints who should attend, who is present, and whether the quorum of\n"
	"the assembly's rule preset is met (cn-basic: more than 4/5 of those\n"
	"who should attend; cn-local: more than half; vn: at least 2/3 of\n"
	"those convened).\n"
	"\n"
	"options:\n" DB_OPTIONS "  --json        print as JSON\n";

static const char verify_help[] =
	"usage: plenum verify [--db URL]\n"
	"       plenum verify --log FILE [--public-key HEX]\n"
	"\n"
	"Re-checks the assembly's record: the hash chain of every event, "
	"every\n"
	"checkpoint's signature, that the last event is signed, then replays\n"
	"the whole log into a fresh database and compares every table with "
	"the\n"
	"stored one.  Any edited, deleted, inserted or reordered event is\n"
	"found.  Compare the public key it prints with a copy kept elsewhere.\n"
	"With --log it verifies an export file on any machine, without the\n"
	"database: chain, signatures (under --public-key when given), and a\n"
	"replay that recounts every round and resolution.\n"
	"\n"
	"exit status: 0 verified, 1 a fault (named with its event), 2 bad\n"
	"input.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char export_help[] =
	"usage: plenum export FILE\n"
	"\n"
	"Writes the assembly's whole log, its genesis and its signed\n"
	"checkpoints as one self-contained file (PLENUM-LOG/1, see "
	"lib/event.h)\n"
	"that can be verified on another machine without the database.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char election_help[] =
	"usage: plenum election add TITLE --seats N [--alternates N]\n"
	"                          [--options JSON]\n"
	"       plenum election candidate ELECTION NAME... [--id ID]\n"
	"                                [--member MEMBER]\n"
	"       plenum election check ELECTION [--locale L]\n"
	"       plenum election report ELECTION [ROUND] [--locale L]\n"
	"\n"
	"add creates an election counted by the assembly's rule preset;\n"
	"--options takes the rule options of docs/rules.md as a JSON object.\n"
	"candidate adds names to the printed list, in list order (use plenum\n"
	"check on an election file for the body's order); a name that is one\n"
	"member's is linked to that member, who then cannot be an official.\n"
	"check tests the list against the preset's surplus rules and the\n"
	"body's order (exit 1 when a rule is broken); the first round will\n"
	"not open on a list that breaks one.\n"
	"report prints the tellers' report of a counted round (default: the\n"
	"last), counted again from the stored ballots.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char official_help[] =
	"usage: plenum official ROLE MEMBER...\n"
	"\n"
	"Appoints members as officials of the count: chief-scrutineer\n"
	"(总监票人, trưởng ban kiểm phiếu), scrutineer (监票人), chief-teller\n"
	"(总计票人) or teller (计票人).  A candidate cannot be appointed, and "
	"an\n"
	"official cannot stand.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char round_help[] =
	"usage: plenum round open ELECTION [--present N [--should-attend N]]\n"
	"                         [--decision TEXT] [--candidates ID,...]\n"
	"       plenum round issued ELECTION N\n"
	"       plenum round returned ELECTION N\n"
	"       plenum round enter ELECTION BATCH FILE|- --teller MEMBER\n"
	"                          [--entry 1|2]\n"
	"       plenum round reconcile ELECTION\n"
	"       plenum round count ELECTION [--json] [--locale L]\n"
	"       plenum round sign ELECTION SCRUTINEER\n"
	"\n"
	"open starts the next round: the first takes the whole list; after a\n"
	"tie the next is a run-off among the tied; after a shortfall it needs\n"
	"the presidium's --decision (and may name who stands).  It freezes\n"
	"the presence of that moment and refuses to open without a quorum;\n"
	"--present gives the electorate of a plenary of the new committee.\n"
	"issued and returned record the ballot counts.  enter records one\n"
	"teller's entry of a batch of ballots, one ballot per line as in a\n"
	"compact ballot file (docs/ballot-file.md); each batch is entered\n"
	"twice, by two tellers.  reconcile lists the ballots where the two\n"
	"entries differ (exit 1 while any do).  count counts the round with\n"
	"the engine, stores the result and prints the tellers' report.  sign\n"
	"records a scrutineer's signature; the round is signed when every\n"
	"scrutineer has signed.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char agenda_help[] =
	"usage: plenum agenda add TITLE\n"
	"       plenum agenda state N pending|current|done|skipped\n"
	"       plenum agenda list\n"
	"\n"
	"The agenda: items in order, each pending, current, done or skipped.\n"
	"Making an item current makes the one before it done.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char resolution_help[] =
	"usage: plenum resolution add QUESTION [--item N]\n"
	"       plenum resolution decide N [--hands | --ballot] --yes Y --no "
	"N\n"
	"                                --abstain A [--invalid I] [--issued "
	"K]\n"
	"       plenum resolution list [N] [--json]\n"
	"\n"
	"A resolution is put to the assembly and decided by a show of hands\n"
	"(the totals entered) or by ballot, against the quorum of that moment\n"
	"and the threshold of the assembly's preset (cn-basic: more than half\n"
	"of those present; cn-local: of those who should attend; vn: of those\n"
	"convened less excluded; ronr and yna: of those voting).  The "
	"engine's\n"
	"result is recorded and recomputed by plenum verify.  list --json\n"
	"prints the recorded results.\n"
	"\n"
	"options:\n" DB_OPTIONS;

static const char print_help[] =
	"usage: plenum print ballots ELECTION --out FILE [--copies K] "
	"[--round R]\n"
	"                            [--write-ins N] [--paper A4|A3]\n"
	"       plenum print tally-sheet ELECTION --out FILE [--round R] "
	"[...]\n"
	"       plenum print announcement ELECTION --out FILE [--round R] "
	"[...]\n"
	"       plenum print minutes ELECTION --out FILE [--round R] "
	"[--locale L] [...]\n"
	"       plenum print cards [ID...] --out FILE [--paper A4|A3]\n"
	"       plenum print motion RESOLUTION --out FILE [--copies K] "
	"[--paper A4|A3]\n"
	"\n"
	"ballots prints the ballot of the election's open round, in the "
	"style of\n"
	"the assembly's rules (cn: 赞成/不赞成/弃权 with 另选他人 lines; vn:\n"
	"strike-out or đồng ý/không đồng ý; yna; ronr: approval), with "
	"fiducials\n"
	"and a QR code naming the election, round and layout (nothing about "
	"a\n"
	"voter).  The layout is recorded with them: plenum scan reads a "
	"round's\n"
	"ballots only against the layouts printed for it here.\n"
	"tally-sheet, announcement and minutes print a round's documents "
	"(default:\n"
	"the open round, else the last) on its ballots' layout, whose "
	"digest\n"
	"their footers carry.  The tally sheet is blank for an open round (a\n"
	"count by hand) and filled from the stored result once counted; the\n"
	"announcement and the minutes (the tellers' report) need a counted "
	"round.\n"
	"cards issues new one-time sign-in codes to the members named, or "
	"to\n"
	"every member without one, and prints their credential cards.\n"
	"motion prints the ballot of a resolution put to a secret ballot and "
	"not\n"
	"yet decided: its question with 赞成/反对/弃权 (Yes/No/Abstain), in "
	"the\n"
	"assembly's language; --copies identical copies.  They are not "
	"scanned.\n"
	"Every PDF is recorded in the log (paper.printed) with its SHA-256, "
	"which\n"
	"is printed: the same input gives the same bytes (docs/paper.md).\n"
	"\n"
	"options:\n" DB_OPTIONS "  --out FILE    the PDF to write\n"
	"  --copies K    ballots to print (default 1)\n"
	"  --round R     the round (default: the open round, else the last;\n"
	"                ballots: the open round only)\n"
	"  --write-ins N blank write-in lines, 0 to 10 (cn, yna, ronr; "
	"default\n"
	"                2 for cn)\n"
	"  --paper SIZE  A4 (default) or A3\n"
	"                A round's other documents take the paper and "
	"write-in\n"
	"                lines of its ballots when all were printed on one "
	"layout.\n"
	"  --locale L    minutes: the report's language (zh-Hans, zh-Hant, "
	"vi,\n"
	"                en; default the assembly's)\n";

static const char serve_help[] =
	"usage: plenum serve [--db URL] [--key FILE] [--listen HOST:PORT]\n"
	"                    [--web DIR] [--read-only] [--secure-cookies]\n"
	"       plenum serve --routes\n"
	"\n"
	"Serves the browser UI and its JSON API over the assembly (default\n"
	"127.0.0.1:8080): the console of every role after sign-in (staff\n"
	"accounts: plenum account; delegates: the one-time codes of plenum\n"
	"codes), delegates' votes on their phones, and the hall's projector.\n"
	"Every change is a transaction of the assembly's signed log, made as\n"
	"the signed-in account.  Live views follow every change within a\n"
	"fraction of a second, also changes made by the other subcommands or,\n"
	"on PostgreSQL, by other instances (LISTEN/NOTIFY).  Nothing is "
	"loaded\n"
	"from the internet.  --routes lists every route and the roles that\n"
	"may use it (docs/api.md).\n"
	"\n"
	"options:\n"
	"  --db URL          the assembly (default $PLENUM_DB, else "
	"plenum.db)\n"
	"  --key FILE        its signing key (default $PLENUM_KEY, else the\n"
	"                    SQLite file's name plus .key)\n"
	"  --listen A:P      address and port (port 0: any free one)\n"
	"  --web DIR         the UI's files (default $PLENUM_WEB, else the\n"
	"                    source tree's web/)\n"
	"  --read-only       open without the key: every change answers 503\n"
	"  --secure-cookies  mark the session cookie Secure (behind HTTPS)\n";

static const char scan_help[] =
	"usage: plenum scan read ELECTION FILE...\n"
	"       plenum scan list ELECTION [--queue] [--json]\n"
	"       plenum scan show ELECTION N [--json]\n"
	"       plenum scan image ELECTION N [--page K] --out FILE\n"
	"       plenum scan decide ELECTION N --teller ID (--line LINE | "
	"--not-a-ballot)\n"
	"                          [--note TEXT]\n"
	"       plenum scan confirm ELECTION N --scrutineer ID\n"
	"       plenum scan enter ELECTION\n"
	"       plenum scan layouts ELECTION\n"
	"\n"
	"read reads scanned ballot pages (PNG, JPEG or TIFF, 150-300 dpi; a\n"
	"TIFF may hold many pages) into the election's open round, against\n"
	"the ballots printed for it with plenum print.  Pages are taken in\n"
	"the order given: page 1 of n starts a ballot that takes the next\n"
	"n - 1 pages.  Recognition runs in a separate worker process with\n"
	"resource limits.  Every image is kept in the record with what was\n"
	"read from it; an image fed twice is refused.  A ballot read with\n"
	"confidence is accepted; one with an unclear mark, a written-in name\n"
	"or no reading waits in the queue.\n"
	"\n"
	"list shows the scanned ballots (--queue: those waiting); show one\n"
	"ballot with its unclear marks; image writes a page's image as it\n"
	"was scanned.  decide records a teller's reading of a waiting ballot\n"
	"(a line of marks as in a ballot file, e.g. YNA-Y, with\n"
	"\"\\tw:Y:NAME\" for a name written in) or that the sheet is not a\n"
	"ballot; confirm records a scrutineer's agreement (not the deciding\n"
	"teller).  enter puts the accepted and confirmed ballots into the\n"
	"round as a batch entered by \"scanner\", after which the round is\n"
	"reconciled and counted as usual; counting is refused while scanned\n"
	"ballots wait.  layouts prints the layouts printed for the open\n"
	"round, which are what pages are read against.\n"
	"\n"
	"options:\n" DB_OPTIONS
	"  --actor NAME      who does it, for the record\n"
	"  --teller ID       the teller who decides (an appointed teller)\n"
	"  --scrutineer ID   the scrutineer who confirms\n"
	"  --line LINE       the ballot's marks, as decided\n"
	"  --not-a-ballot    the sheet is no ballot of this round\n"
	"  --note TEXT       why, for the record\n"
	"  --page K          image: which page (default 1)\n"
	"  --out FILE        image: where to write it\n"
	"  --queue           list: only the ballots waiting\n"
	"  --json            list, show: as JSON\n";

static const char help_help[] =
	"usage: plenum help [COMMAND]\n"
	"\n"
	"Shows the list of commands, or everything about one command.\n";

static const char version_help[] =
	"usage: plenum version\n"
	"\n"
	"Prints plenum's version and the formats it reads and writes.\n";

const struct plenum_cmd plenum_cmd_table[] = {
	{ "tally", plenum_cmd_tally,
	  "count a round and print the tellers' report or the result JSON",
	  tally_help },
	{ "check", plenum_cmd_check,
	  "check a candidate list against the preset's surplus and order rules",
	  check_help },
	{ "init", plenum_cmd_init, "create an assembly and its signing key",
	  init_help },
	{ "roll", plenum_cmd_roll, "import, list and amend the roll of members",
	  roll_help },
	{ "checkin", plenum_cmd_checkin, "record members arriving",
	  checkin_help },
	{ "checkout", plenum_cmd_checkout, "record members leaving",
	  checkin_help },
	{ "quorum", plenum_cmd_quorum, "show the live quorum", quorum_help },
	{ "verify", plenum_cmd_verify,
	  "re-check the record's chain and signatures, and replay it",
	  verify_help },
	{ "export", plenum_cmd_export,
	  "write the record as one file that verifies anywhere", export_help },
	{ "agenda", plenum_cmd_agenda, "keep the agenda and its current item",
	  agenda_help },
	{ "resolution", plenum_cmd_resolution,
	  "put and decide resolutions, by hands or by ballot",
	  resolution_help },
	{ "election", plenum_cmd_election,
	  "create elections and their candidate lists; print reports",
	  election_help },
	{ "official", plenum_cmd_official, "appoint scrutineers and tellers",
	  official_help },
	{ "round", plenum_cmd_round,
	  "open, enter, reconcile, count and sign a round of an election",
	  round_help },
	{ "account", plenum_cmd_account, "staff accounts for plenum serve",
	  account_help },
	{ "codes", plenum_cmd_codes, "issue delegates' one-time sign-in codes",
	  codes_help },
	{ "poll", plenum_cmd_poll, "open and close votes on delegates' devices",
	  poll_help },
	{ "print", plenum_cmd_print,
	  "print ballots, tally sheets, announcements, minutes, cards as PDF",
	  print_help },
	{ "scan", plenum_cmd_scan,
	  "read scanned ballots into a round; adjudicate the unclear",
	  scan_help },
	{ "serve", plenum_cmd_serve,
	  "serve the projector and the JSON API over an assembly", serve_help },
	{ "help", plenum_cmd_help, "show help for plenum or a command",
	  help_help },
	{ "version", plenum_cmd_version, "show the version", version_help },
	{ NULL, NULL, NULL, NULL },
};

const struct plenum_cmd *
plenum_cmd_find(const char *name)
{
	const struct plenum_cmd *c;

	for (c = plenum_cmd_table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void
usage_all(FILE *out)
{
	const struct plenum_cmd *c;

	fputs("usage: plenum [--help] [--version] COMMAND [ARGS]\n"
	      "\n"
	      "Plenum counts congress elections and resolutions exactly, by\n"
	      "the rules the body has adopted.\n"
	      "\n"
	      "commands:\n",
	      out);
	for (c = plenum_cmd_table; c->name != NULL; c++)
		fprintf(out, "  %-9s %s\n", c->name, c->summary);
	fputs("\nSee 'plenum help COMMAND' for the options of a command.\n",
	      out);
}

int
plenum_cmd_help(int argc, char **argv)
{
	const struct plenum_cmd *c;

	if (argc < 2) {
		usage_all(stdout);
		return PLENUM_EXIT_OK;
	}
	if (argc > 2 || (c = plenum_cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "plenum: no such command '%s'\n", argv[1]);
		usage_all(stderr);
		return PLENUM_EXIT_INPUT;
	}
	fputs(c->help, stdout);
	return PLENUM_EXIT_OK;
}

int
plenum_cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("plenum %s\nreads plenum-election/1 and plenum-ballots/1, "
	       "writes plenum-result/1\n",
	       PLENUM_VERSION);
	return PLENUM_EXIT_OK;
}

int
plenum_cmd_report_error(int err, const struct plenum_diag *d)
{
	const char *file = d->file ? d->file : "plenum";

	if (d->line > 0 && d->column > 0)
		fprintf(stderr, "%s:%lu:%lu: %s\n", file, d->line, d->column,
			d->message);
	else if (d->line > 0)
		fprintf(stderr, "%s:%lu: %s\n", file, d->line, d->message);
	else
		fprintf(stderr, "%s: %s\n", file,
			d->message[0] ? d->message
				      : plenum_err_str((enum plenum_err)err));
	return err == PLENUM_ENOMEM || err == PLENUM_EINTERNAL
		       ? PLENUM_EXIT_INTERNAL
		       : PLENUM_EXIT_INPUT;
}

static int
locale_ok(const char *l)
{
	return strcmp(l, "zh-Hans") == 0 || strcmp(l, "zh-Hant") == 0 ||
	       strcmp(l, "vi") == 0 || strcmp(l, "en") == 0;
}

int
plenum_cmd_parse_args(int argc, char **argv, struct plenum_cmd_args *a)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "locale", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = argv[0];
	int c;

	a->file = NULL;
	a->json = 0;
	a->locale = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			a->json = 1;
			break;
		case 'l':
			if (!locale_ok(optarg)) {
				fprintf(stderr,
					"plenum %s: unknown locale '%s' "
					"(zh-Hans, zh-Hant, vi or en)\n",
					name, optarg);
				return PLENUM_EXIT_INPUT;
			}
			a->locale = optarg;
			break;
		case 'h':
			return plenum_cmd_help(
				2, (char *[]){ "help", (char *)name });
		default:
			goto usage;
		}
	}
	if (argc - optind != 1)
		goto usage;
	a->file = argv[optind];
	return -1;
usage:
	fprintf(stderr, "usage: plenum %s FILE [--json] [--locale L]\n", name);
	return PLENUM_EXIT_INPUT;
}

void
plenum_cmd_target_defaults(struct plenum_cmd_target *t)
{
	const char *env;

	t->db = (env = getenv("PLENUM_DB")) && *env ? env : "plenum.db";
	t->key = getenv("PLENUM_KEY");
	t->actor = (env = getenv("PLENUM_ACTOR")) && *env ? env
		   : (env = getenv("USER")) && *env	  ? env
							  : "";
	t->keybuf[0] = '\0';
}

void
plenum_cmd_target_key(struct plenum_cmd_target *t)
{
	if ((t->key == NULL || *t->key == '\0') &&
	    strncmp(t->db, "postgres", 8) != 0) {
		snprintf(t->keybuf, sizeof(t->keybuf), "%s.key", t->db);
		t->key = t->keybuf;
	}
}

int
plenum_cmd_fail(const char *cmd, const char *what, int err,
		const struct plenum_diag *d)
{
	const char *msg = d != NULL && d->message[0]
				  ? d->message
				  : plenum_err_str((enum plenum_err)err);

	if (what != NULL)
		fprintf(stderr, "plenum %s: %s: %s\n", cmd, what, msg);
	else
		fprintf(stderr, "plenum %s: %s\n", cmd, msg);
	return err == PLENUM_ENOMEM || err == PLENUM_EINTERNAL
		       ? PLENUM_EXIT_INTERNAL
		       : PLENUM_EXIT_INPUT;
}

int
plenum_cmd_print_json(const char *cmd, json_t *j)
{
	int status = PLENUM_EXIT_OK;

	if (j == NULL ||
	    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    putchar('\n') == EOF) {
		fprintf(stderr, "plenum %s: cannot write the result\n", cmd);
		status = PLENUM_EXIT_INTERNAL;
	}
	json_decref(j);
	return status;
}
