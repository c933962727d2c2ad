/*
 * accounts.h: who may work on an assembly through plenum serve: staff
 * accounts with roles and Argon2id passwords, delegates' one-time sign-in
 * codes, and the sessions both lead to.  A module of the assembly store
 * (assembly_impl.h).
 *
 * What the log records: that an account was added (name, role, member),
 * that its password was set, that a member was issued a code and that the
 * code was spent.  What it never records: a password, its hash, a code or
 * a session.  Those live in tables outside the log (credentials,
 * login_codes, sessions), written in the same transaction as the event
 * that tells of them, so a verifier sees every change of who may act
 * while an exported log gives nothing to crack.
 *
 * Every operation needs the assembly's key (PLENUM_EREADONLY without it)
 * except reading sessions.  diag may be NULL.  Names: plenum_accounts_*.
 *
 * Events:
 *   account.added          name, role, member ("" for none)
 *   account.password_set   name
 *   account.code_issued    member
 *   account.code_spent     member
 */
#ifndef PLENUM_ACCOUNTS_H
#define PLENUM_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "assembly.h"
#include "err.h"

enum plenum_role {
	PLENUM_ROLE_CHAIR = 0,
	PLENUM_ROLE_SECRETARIAT,
	PLENUM_ROLE_CHECKIN,
	PLENUM_ROLE_TELLER,
	PLENUM_ROLE_SCRUTINEER,
	PLENUM_ROLE_PROJECTOR,
	PLENUM_ROLE_DELEGATE,
	PLENUM_ROLE_COUNT
};

/* "chair", "secretariat", "checkin", "teller", "scrutineer", "projector",
 * "delegate".  parse returns 0 and sets *out, or -1. */
const char *plenum_accounts_role_word(enum plenum_role role);
int plenum_accounts_role_parse(const char *word, enum plenum_role *out);

/* Bounds: names of accounts and members, passwords. */
#define PLENUM_ACCOUNT_NAME_MAX	    64
#define PLENUM_ACCOUNT_PASSWORD_MIN 8
#define PLENUM_ACCOUNT_PASSWORD_MAX 256
/* A delegate's code as printed: "XXXXX-XXXXX" from 31 unambiguous
 * characters (no 0, O, 1, I, L): 49 bits. */
#define PLENUM_ACCOUNT_CODE_LEN 11

/* Who a session or a sign-in is: fixed buffers, no ownership. */
struct plenum_account {
	char name[PLENUM_ACCOUNT_NAME_MAX + 1]; /* delegates: "member:ID" */
	enum plenum_role role;
	char member[PLENUM_ACCOUNT_NAME_MAX + 1]; /* "" for none */
};

/*
 * Adds a staff account (any role but delegate) with its password, in one
 * transaction.  member may be NULL or "", else must be on the roll (a
 * teller or scrutineer acts as that member).  Returns PLENUM_OK,
 * PLENUM_EINPUT (bad name, role delegate, short or long password, unknown
 * member), PLENUM_ECONFLICT (the name is taken), PLENUM_EREADONLY or a
 * database error.  Hashing takes about 0.1 s and 64 MiB by design.
 */
enum plenum_err plenum_accounts_add(struct plenum_assembly *a, const char *name,
				    enum plenum_role role, const char *member,
				    const char *password, const char *actor,
				    struct plenum_diag *diag);

/* Sets a new password and ends the account's sessions.  PLENUM_EINPUT for
 * an unknown account or a bad password. */
enum plenum_err plenum_accounts_set_password(struct plenum_assembly *a,
					     const char *name,
					     const char *password,
					     const char *actor,
					     struct plenum_diag *diag);

/* Calls fn for each staff account in name order; a nonzero return stops
 * the walk.  fn's account is borrowed for the call. */
enum plenum_err
plenum_accounts_list(struct plenum_assembly *a,
		     int (*fn)(void *ctx, const struct plenum_account *acct),
		     void *ctx, struct plenum_diag *diag);

/*
 * Checks a staff sign-in.  On success fills *out.  A wrong name or
 * password both give PLENUM_EINPUT with the same message, after the same
 * work, so that the answer tells nothing about which names exist.
 */
enum plenum_err plenum_accounts_check_password(struct plenum_assembly *a,
					       const char *name,
					       const char *password,
					       struct plenum_account *out,
					       struct plenum_diag *diag);

/*
 * Issues a new code to each member in members (n ids; n == 0: every
 * member of the roll who has none yet), replacing earlier ones, in one
 * transaction.  fn is called after the commit with each member's id, name
 * and printed code; this is the only time a code exists outside the
 * member's card.  Returns PLENUM_OK, PLENUM_EINPUT (an unknown member), or
 * an error as above.
 */
enum plenum_err plenum_accounts_issue_codes(
	struct plenum_assembly *a, const char *const *members, size_t n,
	int (*fn)(void *ctx, const char *member, const char *name,
		  const char *code),
	void *ctx, const char *actor, struct plenum_diag *diag);

/*
 * Spends a delegate's code (case, spaces and dashes ignored): on success
 * fills *out (role delegate, member set) and the code is gone.
 * PLENUM_EINPUT for a code that is unknown or spent.
 */
enum plenum_err plenum_accounts_spend_code(struct plenum_assembly *a,
					   const char *code,
					   struct plenum_account *out,
					   struct plenum_diag *diag);

/* ---- sessions ---- */

/* A session's secrets as given to the browser: 43 base64url characters. */
#define PLENUM_SESSION_TOKEN_LEN 43

struct plenum_session {
	struct plenum_account who;
	char token[PLENUM_SESSION_TOKEN_LEN + 1]; /* the cookie */
	char csrf[PLENUM_SESSION_TOKEN_LEN + 1];  /* echoed in a header */
	int64_t expires;			  /* Unix seconds */
};

/*
 * Starts a session for who lasting ttl seconds: fills *out with new random
 * token and csrf.  Only the token's SHA-256 is stored.  Needs no key (not
 * a change of the record), but a writable database.
 */
enum plenum_err plenum_accounts_session_start(struct plenum_assembly *a,
					      const struct plenum_account *who,
					      int64_t ttl,
					      struct plenum_session *out,
					      struct plenum_diag *diag);

/* Finds the live session of token: *found 1 and *out filled, or 0. */
enum plenum_err plenum_accounts_session_get(struct plenum_assembly *a,
					    const char *token,
					    struct plenum_session *out,
					    int *found,
					    struct plenum_diag *diag);

/* Ends the session of token (none: no-op). */
enum plenum_err plenum_accounts_session_end(struct plenum_assembly *a,
					    const char *token,
					    struct plenum_diag *diag);

extern const struct plenum_store_module plenum_accounts_module;

#endif
