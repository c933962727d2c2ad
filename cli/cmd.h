/*
 * cmd.h: the plenum subcommands and the command table (after git.c).
 *
 * Each command takes its own argc/argv (argv[0] is the command's name) and
 * returns the process's exit status: 0 success, 1 a negative finding the
 * command reports (plenum check: the list breaks a rule), 2 bad input or
 * usage, 3 an internal failure (out of memory).
 */
#ifndef PLENUM_CMD_H
#define PLENUM_CMD_H

#define PLENUM_EXIT_OK	     0
#define PLENUM_EXIT_FINDING  1
#define PLENUM_EXIT_INPUT    2
#define PLENUM_EXIT_INTERNAL 3

struct plenum_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* one line for plenum --help */
	const char *help;    /* the whole text of plenum help NAME */
};

/* The table, ended by an entry whose name is NULL. */
extern const struct plenum_cmd plenum_cmd_table[];

/* Finds a command by name, or NULL. */
const struct plenum_cmd *plenum_cmd_find(const char *name);

int plenum_cmd_tally(int argc, char **argv);
int plenum_cmd_check(int argc, char **argv);
int plenum_cmd_init(int argc, char **argv);
int plenum_cmd_roll(int argc, char **argv);
int plenum_cmd_checkin(int argc, char **argv);
int plenum_cmd_checkout(int argc, char **argv);
int plenum_cmd_quorum(int argc, char **argv);
int plenum_cmd_verify(int argc, char **argv);
int plenum_cmd_export(int argc, char **argv);
int plenum_cmd_election(int argc, char **argv);
int plenum_cmd_official(int argc, char **argv);
int plenum_cmd_round(int argc, char **argv);
int plenum_cmd_agenda(int argc, char **argv);
int plenum_cmd_serve(int argc, char **argv);
int plenum_cmd_account(int argc, char **argv);
int plenum_cmd_codes(int argc, char **argv);
int plenum_cmd_poll(int argc, char **argv);
int plenum_cmd_print(int argc, char **argv);
int plenum_cmd_scan(int argc, char **argv);
int plenum_cmd_resolution(int argc, char **argv);
int plenum_cmd_help(int argc, char **argv);
int plenum_cmd_version(int argc, char **argv);

/* Prints "FILE:LINE:COLUMN: message" (omitting unknown parts) to stderr and
 * returns the exit status for err. */
struct plenum_diag;
int plenum_cmd_report_error(int err, const struct plenum_diag *diag);

/* The assembly, key and actor a command uses when no option names them:
 * $PLENUM_DB (else plenum.db), $PLENUM_KEY, $PLENUM_ACTOR (else $USER,
 * else ""). */
struct plenum_cmd_target {
	const char *db, *key, *actor;
	char keybuf[4096];
};
void plenum_cmd_target_defaults(struct plenum_cmd_target *t);

/* After the options: with no key given, a SQLite assembly's key is the
 * file's name plus ".key" (a PostgreSQL assembly names its key). */
void plenum_cmd_target_key(struct plenum_cmd_target *t);

/* Prints "plenum CMD: WHAT: message" (WHAT may be NULL; the message is
 * the diag's, else err's) to stderr and returns the exit status for err:
 * PLENUM_EXIT_INTERNAL for memory and internal errors, else
 * PLENUM_EXIT_INPUT.  d may be NULL. */
int plenum_cmd_fail(const char *cmd, const char *what, int err,
		    const struct plenum_diag *d);

/* What tally and check take: FILE [--json] [--locale L]. */
struct plenum_cmd_args {
	const char *file;
	int json;
	const char *locale; /* NULL: the document's */
};

/*
 * Parses argv (argv[0] is the command's name) into *args.  Returns -1 when
 * the command should go on, or the exit status to return at once: help was
 * shown (0), or the usage was wrong (2, explained on stderr).
 */
int plenum_cmd_parse_args(int argc, char **argv, struct plenum_cmd_args *args);

/* Writes j (stolen) as indented JSON and a newline to stdout; returns the
 * exit status. */
struct json_t;
int plenum_cmd_print_json(const char *cmd, struct json_t *j);

#endif
