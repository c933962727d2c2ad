/*
 * assembly.h: an assembly (congress, members' meeting, plenary) kept in a
 * database, every change an event of the tamper-evident log (event.h).
 *
 * Each operation is one transaction: take the write lock, read the head of
 * the log, check the operation against the current state, append its
 * events (hash-chained), apply them to the tables, sign a checkpoint of the
 * new head with the assembly's key, commit.  The tables are projections:
 * apply() is the only code that changes them, and plenum_assembly_verify()
 * replays the log through the same apply() into a fresh database and
 * compares.  Nothing returns before its commit has reached the disk, so an
 * acknowledged change survives a crash (see docs/assembly.md).
 *
 * The secret key is kept outside the database, in a key file (mode 0600)
 * holding the hex of the 32-byte Ed25519 seed; without it an assembly can
 * be read and verified, not changed.
 */
#ifndef PLENUM_ASSEMBLY_H
#define PLENUM_ASSEMBLY_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "event.h"
#include "roll.h"
#include "rules.h"

/* The schema version this build writes; older ones are migrated, newer
 * ones refused. */
#define PLENUM_SCHEMA_VERSION 6

struct plenum_assembly;

struct plenum_assembly_info {
	const char *id;	    /* random, 32 hex digits */
	const char *name;   /* as given at creation */
	const char *locale; /* "zh-Hans", "zh-Hant", "vi" or "en" */
	enum plenum_preset preset;
	unsigned char public_key[PLENUM_EVENT_PUBLIC_LEN];
};

/* Returns the time for the next event, in Unix microseconds. */
typedef int64_t (*plenum_assembly_clock)(void *ctx);

/*
 * Creates a new assembly in url (a SQLite file that must not exist yet, or
 * an empty PostgreSQL database) with a new key written to key_path (which
 * must not exist).  preset is a rule preset name, locale a report locale.
 * Returns PLENUM_OK, PLENUM_EINPUT (bad preset or locale, url or key_path
 * already in use), PLENUM_EIO (cannot write the key), or a database error,
 * with diag filled.
 */
enum plenum_err plenum_assembly_create(const char *url, const char *key_path,
				       const char *name, const char *preset,
				       const char *locale, const char *actor,
				       struct plenum_diag *diag);

/* Flags for plenum_assembly_open(). */
#define PLENUM_ASSEMBLY_READONLY 0x1u

/*
 * Opens the assembly in url.  key_path may be NULL (or name a missing file
 * when PLENUM_ASSEMBLY_READONLY is set): the assembly can then be read and
 * verified but not changed.  A database of a newer schema version is
 * refused with both versions named.  On success *out is new; free it with
 * plenum_assembly_close().  Returns PLENUM_OK, PLENUM_EIO, PLENUM_EINPUT
 * (not a plenum database, newer schema, key of another assembly) or a
 * database error.
 */
enum plenum_err plenum_assembly_open(const char *url, const char *key_path,
				     unsigned flags,
				     struct plenum_assembly **out,
				     struct plenum_diag *diag);

/* Closes.  NULL is a no-op. */
void plenum_assembly_close(struct plenum_assembly *a);

/* Borrowed; valid until close. */
const struct plenum_assembly_info *
plenum_assembly_info(const struct plenum_assembly *a);

/* The seq of the last event (0 for none): it changes whenever anything
 * does, which is how live views know to refresh. */
enum plenum_err plenum_assembly_head(struct plenum_assembly *a, int64_t *seq,
				     struct plenum_diag *diag);

/*
 * Calls fn with each distinct event type of the events after seq after up
 * to seq upto, at most max of them (a live view refreshes only what
 * changed).  fn's type is borrowed for the call.
 */
enum plenum_err
plenum_assembly_types_since(struct plenum_assembly *a, int64_t after,
			    int64_t upto, int max,
			    int (*fn)(void *ctx, const char *type), void *ctx,
			    struct plenum_diag *diag);

/* Whether the database tells of commits (PostgreSQL's NOTIFY): a live
 * view can then wait for them rather than look every so often. */
bool plenum_assembly_notifies(const struct plenum_assembly *a);

/*
 * Waits up to timeout_ms for a commit by any connection (PostgreSQL: a
 * NOTIFY on plenum_head, sent by every transaction that appends events);
 * *got is 1 when one came.  Without notices (SQLite) it sleeps and sets 0.
 * Use a connection of its own: it listens outside transactions.
 */
enum plenum_err plenum_assembly_wait_change(struct plenum_assembly *a,
					    int timeout_ms, int *got,
					    struct plenum_diag *diag);

/* Replaces the wall clock (tests).  ctx is borrowed. */
void plenum_assembly_set_clock(struct plenum_assembly *a,
			       plenum_assembly_clock clock, void *ctx);

/*
 * Imports a roll: all members or none.  The roll must be the first (an
 * assembly with members refuses another import: PLENUM_ECONFLICT).  actor
 * names who did it (may be NULL).
 */
enum plenum_err plenum_assembly_roll_import(struct plenum_assembly *a,
					    const struct plenum_roll *roll,
					    const char *actor,
					    struct plenum_diag *diag);

/* Records that a member is excluded from the base, with its reason (a
 * reason of NULL or "" takes an exclusion back). */
enum plenum_err plenum_assembly_exclude(struct plenum_assembly *a,
					const char *member_id,
					const char *reason, const char *actor,
					struct plenum_diag *diag);

/*
 * Checks a member in (present true) or out.  Checking in someone already
 * present is refused with PLENUM_ECONFLICT, so a double scan at the desk
 * shows.  Returns PLENUM_EINPUT for an unknown member.
 */
enum plenum_err plenum_assembly_checkin(struct plenum_assembly *a,
					const char *member_id, bool present,
					const char *actor,
					struct plenum_diag *diag);

struct plenum_assembly_member {
	const char *id, *name, *unit, *delegation, *exclusion;
	enum plenum_roll_status status;
	bool present;
};

/*
 * Calls fn for each member matching query, in roll order: every member for
 * NULL or "", else those whose id equals query or whose name contains it
 * (after NFC).  fn's member is borrowed for the call.  A nonzero return
 * from fn stops the walk.  Returns PLENUM_OK or a database error.
 */
enum plenum_err plenum_assembly_members(
	struct plenum_assembly *a, const char *query,
	int (*fn)(void *ctx, const struct plenum_assembly_member *m), void *ctx,
	struct plenum_diag *diag);

/* The live quorum, from the roll and attendance, by the assembly's preset. */
struct plenum_assembly_quorum {
	int64_t members;       /* on the roll */
	int64_t voting;	       /* full members */
	int64_t excluded;      /* full members excluded from the base */
	int64_t should_attend; /* voting - excluded: 应到 / convened less */
	int64_t present;       /* full members checked in, not excluded (one
				  who comes after all: include them again) */
	int64_t attending;     /* everyone checked in, any status */
	bool applies;	       /* the preset sets a quorum */
	int64_t required;      /* the smallest present that is a quorum */
	bool met;
};

enum plenum_err plenum_assembly_quorum(struct plenum_assembly *a,
				       struct plenum_assembly_quorum *out,
				       struct plenum_diag *diag);

/* What plenum_assembly_verify() found. */
struct plenum_assembly_verify {
	struct plenum_event_verify_result chain; /* the log and signatures */
	bool tables_match;  /* the replayed tables equal the stored ones */
	char mismatch[256]; /* the first difference, when not */
};

/*
 * Verifies the assembly: the hash chain of every stored event against the
 * genesis (the id and public key in the database; compare the key's
 * fingerprint with a trusted copy), every checkpoint's signature, that the
 * head is signed, then replays every event into a fresh database and
 * compares every table.  Returns PLENUM_OK when all holds, PLENUM_EINPUT
 * with *out telling the first fault, or another error.
 */
enum plenum_err plenum_assembly_verify(struct plenum_assembly *a,
				       struct plenum_assembly_verify *out,
				       struct plenum_diag *diag);

/*
 * Verifies an export file (len bytes at data) without any database: its
 * chain and signatures against the genesis it carries, or against
 * trusted_key (may be NULL) when the caller has the assembly's public key
 * from a trusted place; then replays every event into a fresh database,
 * which recounts every result.  *out tells the first fault.  Returns
 * PLENUM_OK, PLENUM_ESYNTAX (not an export file), PLENUM_EINPUT (a
 * fault), or another error.  On success *name_out (may be NULL) gets a new
 * copy of the assembly's name.
 */
enum plenum_err plenum_assembly_verify_export(
	const void *data, size_t len,
	const unsigned char trusted_key[PLENUM_EVENT_PUBLIC_LEN],
	struct plenum_assembly_verify *out, char **name_out,
	struct plenum_diag *diag);

/* Writes the whole log as a self-contained export file (event.h) to
 * sink. */
enum plenum_err plenum_assembly_export(struct plenum_assembly *a,
				       const struct plenum_event_sink *sink,
				       struct plenum_diag *diag);

#endif
