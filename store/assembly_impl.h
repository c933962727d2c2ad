/*
 * assembly_impl.h: what the assembly's modules (agenda.c, election.c …)
 * share with its core (assembly.c).  Private to store/.
 *
 * A module owns some tables and some event types.  It changes its tables
 * only in its apply(), called for the events whose type starts with its
 * prefix, live and in replay alike, and it names the queries whose rows
 * must match after a replay.  Its operations append events through the
 * transaction functions below, which keep the chain, the lock and the
 * signed checkpoint.
 */
#ifndef PLENUM_ASSEMBLY_IMPL_H
#define PLENUM_ASSEMBLY_IMPL_H

#include "assembly.h"
#include "db.h"

/* An open write transaction: the head of the log as it grows. */
struct plenum_assembly_txn {
	struct plenum_assembly *a;
	uint64_t seq; /* of the head */
	unsigned char hash[PLENUM_EVENT_HASH_LEN];
	int64_t time;
	uint64_t appended;
};

/* Takes the write lock and reads the head.  Fails with PLENUM_EREADONLY
 * when the assembly was opened without its key. */
enum plenum_err plenum_assembly_txn_begin(struct plenum_assembly *a,
					  struct plenum_assembly_txn *t,
					  struct plenum_diag *diag);

/* A new event for the next seq (times never go backwards); *out is for
 * plenum_assembly_txn_append(), or plenum_event_free() on failure. */
enum plenum_err plenum_assembly_txn_event(struct plenum_assembly_txn *t,
					  const char *type, const char *actor,
					  struct plenum_event **out);

/* Checks secrecy, stores ev (consumed, even on failure) after the head,
 * and applies it. */
enum plenum_err plenum_assembly_txn_append(struct plenum_assembly_txn *t,
					   struct plenum_event *ev,
					   struct plenum_diag *diag);

/*
 * Appends one event whose fields are named by keys (comma-separated) and
 * typed by types ('i' an int64_t, 't' a const char *), given after.
 */
enum plenum_err plenum_assembly_txn_add(struct plenum_assembly_txn *t,
					const char *type, const char *actor,
					struct plenum_diag *diag,
					const char *keys, const char *types,
					...);

/* Signs the new head and commits; rolls back on failure. */
enum plenum_err plenum_assembly_txn_commit(struct plenum_assembly_txn *t,
					   struct plenum_diag *diag);

/* Rolls back. */
void plenum_assembly_txn_abort(struct plenum_assembly_txn *t);

/*
 * The common end of an operation: when err is PLENUM_OK, appends ev (if
 * not NULL) and commits; otherwise, or if that fails, rolls back.  ev is
 * consumed in every case.  Returns the first error, or PLENUM_OK.
 */
enum plenum_err plenum_assembly_txn_finish(struct plenum_assembly_txn *t,
					   struct plenum_event *ev,
					   enum plenum_err err,
					   struct plenum_diag *diag);

/*
 * Prepares sql, binds arguments by fmt ('i' an int64_t, 't' a const char
 * *) and steps once; *row (may be NULL) tells whether a row came.  With st
 * NULL the statement is finalized here; else *st is the caller's to read
 * and finalize (NULL on failure).
 */
enum plenum_err plenum_assembly_sql(struct plenum_db *db, const char *sql,
				    struct plenum_stmt **st, int *row,
				    struct plenum_diag *diag, const char *fmt,
				    ...);

/* The assembly's connection; borrowed. */
struct plenum_db *plenum_assembly_db(struct plenum_assembly *a);

/* A string field of ev, or NULL when absent or not a string. */
const char *plenum_assembly_event_text(const struct plenum_event *ev,
				       const char *key);

/* An int (or bool) field of ev, or dflt. */
int64_t plenum_assembly_event_int(const struct plenum_event *ev,
				  const char *key, int64_t dflt);

/* Returns PLENUM_EINPUT with "event SEQ (TYPE): what". */
enum plenum_err plenum_assembly_bad_event(const struct plenum_event *ev,
					  const char *what,
					  struct plenum_diag *diag);

/*
 * Whether two plenum-result/1 texts record the same decision: equal as JSON
 * once the explanatory "notes" and "next" are set aside, so that rewording
 * a report in a later release never makes an old log fail to verify.
 */
bool plenum_assembly_same_result(const char *recorded, const char *recounted);

struct plenum_store_module {
	const char *name;
	int version;	    /* the schema version that adds its tables */
	const char *prefix; /* event types it applies, e.g. "agenda." */
	const char *schema; /* its tables (INTEGER, TEXT, BLOB) */
	enum plenum_err (*apply)(struct plenum_db *db,
				 const struct plenum_event *ev,
				 struct plenum_diag *diag);
	/* label, query pairs, NULL-ended: rows must match after replay */
	const char *const *compare;
};

/* The modules, NULL-ended, in schema version order (modules.c). */
extern const struct plenum_store_module *const plenum_store_modules[];

#endif
