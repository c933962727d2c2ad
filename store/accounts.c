/*
 * accounts.c: staff accounts, delegates' codes and sessions (accounts.h).
 *
 * Invariants:
 *  - apply() alone changes the projections accounts and codes; the
 *    secrets (credentials, login_codes, sessions) are written by the
 *    operations, in the transaction of the event that tells of them, and
 *    are never compared after a replay nor exported;
 *  - a password is kept only as libsodium's Argon2id string; a code and a
 *    session token only as their SHA-256, so a stolen database lets no one
 *    sign in;
 *  - a code is spent in the transaction that checks it: two phones typing
 *    the same code get one session.
 */
#include "accounts.h"
#include "assembly_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "db.h"

static const char schema[] =
	"CREATE TABLE accounts (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
	"member TEXT NOT NULL, passwords INTEGER NOT NULL);"
	"CREATE TABLE codes (member TEXT PRIMARY KEY, issued INTEGER NOT "
	"NULL, spent INTEGER NOT NULL);"
	"CREATE TABLE credentials (name TEXT PRIMARY KEY, hash TEXT NOT "
	"NULL);"
	"CREATE TABLE login_codes (hash TEXT PRIMARY KEY, member TEXT NOT "
	"NULL UNIQUE);"
	"CREATE TABLE sessions (hash TEXT PRIMARY KEY, name TEXT NOT NULL, "
	"role TEXT NOT NULL, member TEXT NOT NULL, csrf TEXT NOT NULL, "
	"expires INTEGER NOT NULL);";

static const char *const compare[] = {
	"accounts",
	"SELECT name, role, member, passwords FROM accounts ORDER BY name",
	"codes",
	"SELECT member, issued, spent FROM codes ORDER BY member",
	NULL,
	NULL,
};

static const char *const role_words[PLENUM_ROLE_COUNT] = {
	"chair",      "secretariat", "checkin",	 "teller",
	"scrutineer", "projector",   "delegate",
};

/* Unambiguous characters for printed codes. */
static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

const char *
plenum_accounts_role_word(enum plenum_role role)
{
	return (unsigned)role < PLENUM_ROLE_COUNT ? role_words[role] : "?";
}

int
plenum_accounts_role_parse(const char *word, enum plenum_role *out)
{
	int i;

	for (i = 0; word != NULL && i < PLENUM_ROLE_COUNT; i++)
		if (strcmp(word, role_words[i]) == 0) {
			*out = (enum plenum_role)i;
			return 0;
		}
	return -1;
}

/* Copies src (NULL: "") into dst, cut to size. */
static void
copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* SHA-256 of s as 64 hex digits. */
static void
digest_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* ---- apply ---- */

static enum plenum_err
apply(struct plenum_db *db, const struct plenum_event *ev,
      struct plenum_diag *diag)
{
	const char *type = plenum_event_type(ev);
	const char *name = plenum_assembly_event_text(ev, "name");
	const char *member = plenum_assembly_event_text(ev, "member");
	const char *role = plenum_assembly_event_text(ev, "role");
	enum plenum_role r;
	enum plenum_err err;

	if (strcmp(type, "account.added") == 0) {
		if (name == NULL || member == NULL ||
		    plenum_accounts_role_parse(role, &r) != 0)
			return plenum_assembly_bad_event(
				ev, "needs name, role and member", diag);
		err = plenum_assembly_sql(
			db,
			"INSERT INTO accounts (name, role, member, "
			"passwords) VALUES (?, ?, ?, 0)",
			NULL, NULL, diag, "ttt", name, role, member);
		return err == PLENUM_ECONFLICT
			       ? plenum_assembly_bad_event(
					 ev, "the account exists", diag)
			       : err;
	}
	if (strcmp(type, "account.password_set") == 0) {
		if (name == NULL)
			return plenum_assembly_bad_event(ev, "needs name",
							 diag);
		if ((err = plenum_assembly_sql(
			     db,
			     "UPDATE accounts SET passwords = passwords + 1 "
			     "WHERE name = ?",
			     NULL, NULL, diag, "t", name)))
			return err;
		return plenum_db_changes(db) == 1
			       ? PLENUM_OK
			       : plenum_assembly_bad_event(
					 ev, "no such account", diag);
	}
	if (strcmp(type, "account.code_issued") == 0 ||
	    strcmp(type, "account.code_spent") == 0) {
		int issued = strcmp(type, "account.code_issued") == 0;

		if (member == NULL)
			return plenum_assembly_bad_event(ev, "needs member",
							 diag);
		return plenum_assembly_sql(
			db,
			issued ? "INSERT INTO codes (member, issued, spent) "
				 "VALUES (?, 1, 0) ON CONFLICT (member) DO "
				 "UPDATE SET issued = codes.issued + 1"
			       : "INSERT INTO codes (member, issued, spent) "
				 "VALUES (?, 0, 1) ON CONFLICT (member) DO "
				 "UPDATE SET spent = codes.spent + 1",
			NULL, NULL, diag, "t", member);
	}
	return plenum_assembly_bad_event(ev, "unknown event type", diag);
}

const struct plenum_store_module plenum_accounts_module = {
	.name = "accounts",
	.version = 4,
	.prefix = "account.",
	.schema = schema,
	.apply = apply,
	.compare = compare,
};

/* ---- staff accounts ---- */

static int
name_ok(const char *name)
{
	size_t i, n = name ? strlen(name) : 0;

	if (n == 0 || n > PLENUM_ACCOUNT_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.')
			return 0;
	}
	return 1;
}

static enum plenum_err
password_check(const char *password, struct plenum_diag *diag)
{
	size_t n = password ? strlen(password) : 0;

	if (n < PLENUM_ACCOUNT_PASSWORD_MIN || n > PLENUM_ACCOUNT_PASSWORD_MAX)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "a password has %d to %d characters",
				       PLENUM_ACCOUNT_PASSWORD_MIN,
				       PLENUM_ACCOUNT_PASSWORD_MAX);
	return PLENUM_OK;
}

/* Hashes password into out (crypto_pwhash_STRBYTES). */
static enum plenum_err
hash_password(const char *password, char *out, struct plenum_diag *diag)
{
	if (crypto_pwhash_str_alg(out, password, strlen(password),
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return plenum_diag_set(diag, PLENUM_ENOMEM, 0, 0,
				       "cannot hash the password (out of "
				       "memory)");
	return PLENUM_OK;
}

/* Appends account.password_set and stores hash, ending sessions. */
static enum plenum_err
store_password(struct plenum_assembly_txn *t, const char *name,
	       const char *hash, const char *actor, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(t->a);
	struct plenum_event *ev = NULL;
	enum plenum_err err;

	if ((err = plenum_assembly_txn_event(t, "account.password_set", actor,
					     &ev)) ||
	    (err = plenum_event_add_string(ev, "name", name))) {
		plenum_event_free(ev);
		return err;
	}
	if ((err = plenum_assembly_txn_append(t, ev, diag)))
		return err;
	if ((err = plenum_assembly_sql(
		     db,
		     "INSERT INTO credentials (name, hash) VALUES (?, ?) ON "
		     "CONFLICT (name) DO UPDATE SET hash = excluded.hash",
		     NULL, NULL, diag, "tt", name, hash)))
		return err;
	return plenum_assembly_sql(db, "DELETE FROM sessions WHERE name = ?",
				   NULL, NULL, diag, "t", name);
}

static enum plenum_err
member_known(struct plenum_db *db, const char *member, char *name, size_t size,
	     struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if ((err = plenum_assembly_sql(db,
				       "SELECT name FROM members WHERE id = ?",
				       &st, &row, diag, "t", member)))
		return err;
	if (row && name != NULL)
		copy(name, size, plenum_db_column_text(st, 0));
	plenum_db_finalize(st);
	return row ? PLENUM_OK
		   : plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				     "no member \"%s\" on the roll", member);
}

enum plenum_err
plenum_accounts_add(struct plenum_assembly *a, const char *name,
		    enum plenum_role role, const char *member,
		    const char *password, const char *actor,
		    struct plenum_diag *diag)
{
	char hash[crypto_pwhash_STRBYTES];
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if (!name_ok(name))
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "an account name has 1 to %d letters, "
				       "digits, '-', '_' or '.'",
				       PLENUM_ACCOUNT_NAME_MAX);
	if ((unsigned)role >= PLENUM_ROLE_DELEGATE)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "delegates sign in with codes, not "
				       "accounts");
	if (member == NULL)
		member = "";
	if ((err = password_check(password, diag)) ||
	    (err = hash_password(password, hash, diag)))
		return err;
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if (*member != '\0' &&
	    (err = member_known(plenum_assembly_db(a), member, NULL, 0, diag)))
		goto out;
	if ((err = plenum_assembly_sql(plenum_assembly_db(a),
				       "SELECT 1 FROM accounts WHERE name = ?",
				       &st, &row, diag, "t", name)))
		goto out;
	plenum_db_finalize(st);
	if (row) {
		err = plenum_diag_set(diag, PLENUM_ECONFLICT, 0, 0,
				      "account \"%s\" exists already", name);
		goto out;
	}
	if ((err = plenum_assembly_txn_event(&t, "account.added", actor,
					     &ev)) ||
	    (err = plenum_event_add_string(ev, "name", name)) ||
	    (err = plenum_event_add_string(ev, "role",
					   plenum_accounts_role_word(role))) ||
	    (err = plenum_event_add_string(ev, "member", member)))
		goto out;
	err = plenum_assembly_txn_append(&t, ev, diag);
	ev = NULL;
	if (err == PLENUM_OK)
		err = store_password(&t, name, hash, actor, diag);
out:
	sodium_memzero(hash, sizeof(hash));
	return plenum_assembly_txn_finish(&t, ev, err, diag);
}

enum plenum_err
plenum_accounts_set_password(struct plenum_assembly *a, const char *name,
			     const char *password, const char *actor,
			     struct plenum_diag *diag)
{
	char hash[crypto_pwhash_STRBYTES];
	struct plenum_assembly_txn t;
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if ((err = password_check(password, diag)) ||
	    (err = hash_password(password, hash, diag)))
		return err;
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = plenum_assembly_sql(plenum_assembly_db(a),
				       "SELECT 1 FROM accounts WHERE name = ?",
				       &st, &row, diag, "t", name ? name : "")))
		goto out;
	plenum_db_finalize(st);
	if (!row)
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "no account \"%s\"", name ? name : "");
	else
		err = store_password(&t, name, hash, actor, diag);
out:
	sodium_memzero(hash, sizeof(hash));
	return plenum_assembly_txn_finish(&t, NULL, err, diag);
}

static void
fill_account(struct plenum_stmt *st, struct plenum_account *out)
{
	copy(out->name, sizeof(out->name), plenum_db_column_text(st, 0));
	if (plenum_accounts_role_parse(plenum_db_column_text(st, 1),
				       &out->role) != 0)
		out->role = PLENUM_ROLE_PROJECTOR; /* least power */
	copy(out->member, sizeof(out->member), plenum_db_column_text(st, 2));
}

enum plenum_err
plenum_accounts_list(struct plenum_assembly *a,
		     int (*fn)(void *ctx, const struct plenum_account *acct),
		     void *ctx, struct plenum_diag *diag)
{
	struct plenum_account acct;
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	if ((err = plenum_assembly_sql(
		     plenum_assembly_db(a),
		     "SELECT name, role, member FROM accounts ORDER BY name",
		     &st, &row, diag, "")))
		return err;
	while (err == PLENUM_OK && row) {
		fill_account(st, &acct);
		if (fn(ctx, &acct) != 0)
			break;
		err = plenum_db_step(st, &row, diag);
	}
	plenum_db_finalize(st);
	return err;
}

enum plenum_err
plenum_accounts_check_password(struct plenum_assembly *a, const char *name,
			       const char *password, struct plenum_account *out,
			       struct plenum_diag *diag)
{
	/* checked against when the name is unknown, to take as long */
	static char decoy[crypto_pwhash_STRBYTES];
	char hash[crypto_pwhash_STRBYTES];
	struct plenum_stmt *st;
	enum plenum_err err;
	int row, ok;

	memset(out, 0, sizeof(*out));
	if (password == NULL || strlen(password) > PLENUM_ACCOUNT_PASSWORD_MAX)
		password = "";
	if ((err = plenum_assembly_sql(
		     plenum_assembly_db(a),
		     "SELECT a.name, a.role, a.member, c.hash FROM accounts "
		     "a JOIN credentials c ON c.name = a.name WHERE a.name "
		     "= ?",
		     &st, &row, diag, "t", name ? name : "")))
		return err;
	if (row) {
		fill_account(st, out);
		copy(hash, sizeof(hash), plenum_db_column_text(st, 3));
	}
	plenum_db_finalize(st);
	if (!row) {
		if (decoy[0] == '\0' &&
		    (err = hash_password("decoy password", decoy, diag)))
			return err;
		memcpy(hash, decoy, sizeof(hash));
	}
	ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	if (!row || !ok) {
		memset(out, 0, sizeof(*out));
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "wrong name or password");
	}
	return PLENUM_OK;
}

/* ---- delegates' codes ---- */

/* A random code, "XXXXX-XXXXX". */
static void
new_code(char out[PLENUM_ACCOUNT_CODE_LEN + 1])
{
	int i, j = 0;

	for (i = 0; i < 10; i++) {
		if (i == 5)
			out[j++] = '-';
		out[j++] = code_alphabet[randombytes_uniform(
			sizeof(code_alphabet) - 1)];
	}
	out[j] = '\0';
}

/* The code as typed, upper case, without spaces and dashes; "" when it
 * cannot be one. */
static void
code_canon(const char *in, char out[16])
{
	size_t j = 0;

	for (; in != NULL && *in; in++) {
		char c = *in;

		if (c == ' ' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (j == 10 || strchr(code_alphabet, c) == NULL || c == '\0') {
			out[0] = '\0';
			return;
		}
		out[j++] = c;
	}
	out[j] = '\0';
	if (j != 10)
		out[0] = '\0';
}

struct issued {
	char member[PLENUM_ACCOUNT_NAME_MAX + 1];
	char *name;
	char code[PLENUM_ACCOUNT_CODE_LEN + 1];
};

/* Issues one code inside t, into *slot. */
static enum plenum_err
issue_one(struct plenum_assembly_txn *t, const char *member,
	  struct issued *slot, const char *actor, struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(t->a);
	char name[512], canon[16], hash[65];
	struct plenum_event *ev = NULL;
	enum plenum_err err;

	if ((err = member_known(db, member, name, sizeof(name), diag)))
		return err;
	copy(slot->member, sizeof(slot->member), member);
	if ((slot->name = strdup(name)) == NULL)
		return PLENUM_ENOMEM;
	new_code(slot->code);
	code_canon(slot->code, canon);
	digest_hex(canon, hash);
	if ((err = plenum_assembly_sql(
		     db, "DELETE FROM login_codes WHERE member = ?", NULL, NULL,
		     diag, "t", member)) ||
	    (err = plenum_assembly_sql(
		     db, "INSERT INTO login_codes (hash, member) VALUES (?, ?)",
		     NULL, NULL, diag, "tt", hash, member)))
		return err;
	if ((err = plenum_assembly_txn_event(t, "account.code_issued", actor,
					     &ev)) ||
	    (err = plenum_event_add_string(ev, "member", member))) {
		plenum_event_free(ev);
		return err;
	}
	return plenum_assembly_txn_append(t, ev, diag);
}

enum plenum_err
plenum_accounts_issue_codes(struct plenum_assembly *a,
			    const char *const *members, size_t n,
			    int (*fn)(void *ctx, const char *member,
				      const char *name, const char *code),
			    void *ctx, const char *actor,
			    struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	struct issued *out = NULL;
	char **roll_ids = NULL;
	size_t i, nroll_ids = 0, cap = 0;
	struct plenum_stmt *st = NULL;
	enum plenum_err err;
	int row;

	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if (n == 0) {
		/* every member without a live code, in roll order */
		if ((err = plenum_assembly_sql(
			     plenum_assembly_db(a),
			     "SELECT id FROM members WHERE id NOT IN "
			     "(SELECT member FROM login_codes) ORDER BY pos",
			     &st, &row, diag, "")))
			goto out;
		for (; err == PLENUM_OK && row;
		     err = plenum_db_step(st, &row, diag)) {
			if (nroll_ids == cap) {
				char **p;

				cap = cap ? cap * 2 : 64;
				if ((p = realloc(roll_ids, cap * sizeof(*p))) ==
				    NULL) {
					err = PLENUM_ENOMEM;
					break;
				}
				roll_ids = p;
			}
			if ((roll_ids[nroll_ids] = strdup(
				     plenum_db_column_text(st, 0))) == NULL) {
				err = PLENUM_ENOMEM;
				break;
			}
			nroll_ids++;
		}
		plenum_db_finalize(st);
		if (err)
			goto out;
		members = (const char *const *)roll_ids;
		n = nroll_ids;
	}
	if (n > 0 && (out = calloc(n, sizeof(*out))) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	for (i = 0; i < n && err == PLENUM_OK; i++)
		err = issue_one(&t, members[i], &out[i], actor, diag);
out:
	err = plenum_assembly_txn_finish(&t, NULL, err, diag);
	for (i = 0; i < n && out != NULL; i++) {
		if (err == PLENUM_OK && out[i].name != NULL &&
		    fn(ctx, out[i].member, out[i].name, out[i].code) != 0)
			err = PLENUM_OK; /* the caller stopped reading */
		free(out[i].name);
		sodium_memzero(out[i].code, sizeof(out[i].code));
	}
	free(out);
	for (i = 0; i < nroll_ids; i++)
		free(roll_ids[i]);
	free(roll_ids);
	return err;
}

enum plenum_err
plenum_accounts_spend_code(struct plenum_assembly *a, const char *code,
			   struct plenum_account *out, struct plenum_diag *diag)
{
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	char canon[16], hash[65], member[PLENUM_ACCOUNT_NAME_MAX + 1];
	struct plenum_stmt *st;
	enum plenum_err err;
	int row;

	memset(out, 0, sizeof(*out));
	code_canon(code, canon);
	if (canon[0] == '\0')
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown or spent code");
	digest_hex(canon, hash);
	if ((err = plenum_assembly_txn_begin(a, &t, diag)))
		return err;
	if ((err = plenum_assembly_sql(
		     plenum_assembly_db(a),
		     "SELECT member FROM login_codes WHERE hash = ?", &st, &row,
		     diag, "t", hash)))
		goto out;
	if (row)
		copy(member, sizeof(member), plenum_db_column_text(st, 0));
	plenum_db_finalize(st);
	if (!row) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "unknown or spent code");
		goto out;
	}
	if ((err = plenum_assembly_sql(plenum_assembly_db(a),
				       "DELETE FROM login_codes WHERE hash = ?",
				       NULL, NULL, diag, "t", hash)) ||
	    (err = plenum_assembly_txn_event(&t, "account.code_spent", NULL,
					     &ev)) ||
	    (err = plenum_event_add_string(ev, "member", member)))
		goto out;
	/* "member:" + the id, cut to the buffer (ids are short) */
	memcpy(out->name, "member:", 7);
	copy(out->name + 7, sizeof(out->name) - 7, member);
	out->role = PLENUM_ROLE_DELEGATE;
	copy(out->member, sizeof(out->member), member);
out:
	err = plenum_assembly_txn_finish(&t, ev, err, diag);
	if (err)
		memset(out, 0, sizeof(*out));
	return err;
}

/* ---- sessions ---- */

static void
new_token(char out[PLENUM_SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, PLENUM_SESSION_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

enum plenum_err
plenum_accounts_session_start(struct plenum_assembly *a,
			      const struct plenum_account *who, int64_t ttl,
			      struct plenum_session *out,
			      struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	int64_t now = (int64_t)time(NULL);
	char hash[65];
	enum plenum_err err;

	memset(out, 0, sizeof(*out));
	out->who = *who;
	new_token(out->token);
	new_token(out->csrf);
	out->expires = now + ttl;
	digest_hex(out->token, hash);
	if ((err = plenum_db_begin(db, diag)))
		return err;
	if ((err = plenum_assembly_sql(
		     db, "DELETE FROM sessions WHERE expires < ?", NULL, NULL,
		     diag, "i", now)) == PLENUM_OK &&
	    (err = plenum_assembly_sql(
		     db,
		     "INSERT INTO sessions (hash, name, role, member, csrf, "
		     "expires) VALUES (?, ?, ?, ?, ?, ?)",
		     NULL, NULL, diag, "ttttti", hash, who->name,
		     plenum_accounts_role_word(who->role), who->member,
		     out->csrf, out->expires)) == PLENUM_OK)
		err = plenum_db_commit(db, diag);
	if (err) {
		plenum_db_rollback(db);
		memset(out, 0, sizeof(*out));
	}
	return err;
}

enum plenum_err
plenum_accounts_session_get(struct plenum_assembly *a, const char *token,
			    struct plenum_session *out, int *found,
			    struct plenum_diag *diag)
{
	struct plenum_stmt *st;
	char hash[65];
	enum plenum_err err;
	int row;

	*found = 0;
	memset(out, 0, sizeof(*out));
	if (token == NULL || strlen(token) != PLENUM_SESSION_TOKEN_LEN)
		return PLENUM_OK;
	digest_hex(token, hash);
	if ((err = plenum_assembly_sql(
		     plenum_assembly_db(a),
		     "SELECT name, role, member, csrf, expires FROM "
		     "sessions WHERE hash = ? AND expires >= ?",
		     &st, &row, diag, "ti", hash, (int64_t)time(NULL))))
		return err;
	if (row) {
		fill_account(st, &out->who);
		copy(out->token, sizeof(out->token), token);
		copy(out->csrf, sizeof(out->csrf),
		     plenum_db_column_text(st, 3));
		out->expires = plenum_db_column_int(st, 4);
		*found = 1;
	}
	plenum_db_finalize(st);
	return PLENUM_OK;
}

enum plenum_err
plenum_accounts_session_end(struct plenum_assembly *a, const char *token,
			    struct plenum_diag *diag)
{
	struct plenum_db *db = plenum_assembly_db(a);
	char hash[65];
	enum plenum_err err;

	if (token == NULL)
		return PLENUM_OK;
	digest_hex(token, hash);
	if ((err = plenum_db_begin(db, diag)))
		return err;
	if ((err = plenum_assembly_sql(
		     db, "DELETE FROM sessions WHERE hash = ?", NULL, NULL,
		     diag, "t", hash)) == PLENUM_OK)
		err = plenum_db_commit(db, diag);
	if (err)
		plenum_db_rollback(db);
	return err;
}
