/*
 * event.h: the assembly's append-only event log: events, their canonical
 * binary encoding, the SHA-256 hash chain, Ed25519-signed checkpoints, the
 * verifier and the self-contained export file.
 *
 * Every change to an assembly is an event.  An event is a small typed record
 * (never JSON): a sequence number, a time, a type, an actor and an ordered
 * list of typed fields.  Each event has exactly one byte encoding, defined
 * below byte by byte so that another implementation can re-verify a log.
 * The chain hashes those bytes, never any JSON text.
 *
 * The library does no I/O and reads no clock: times come from the caller,
 * bytes come through read/write callbacks or memory.  Storage (SQLite,
 * PostgreSQL) is not part of this module; see "What a store must do" below.
 *
 * Call plenum_event_init() once before any other function of this module
 * (it initialises libsodium; calling sodium_init() yourself is as good).
 *
 * ---------------------------------------------------------------------------
 * Canonical event encoding, version 1
 *
 * All integers are fixed width and big-endian; i64 is two's complement.  A
 * u32 length counts the bytes that follow it.
 *
 *	size	content
 *	4	magic "PLEV" (50 4c 45 56)
 *	1	version 0x01
 *	8	seq, u64, >= 1
 *	8	time, i64, Unix time in microseconds
 *	4	T, u32, 1..64
 *	T	type: bytes of [a-z0-9._]
 *	4	A, u32, 0..256
 *	A	actor: UTF-8
 *	4	N, u32, 0..256: the number of fields
 *	then N fields, in the order of the event (the order is part of it):
 *	4	K, u32, 1..64
 *	K	key: bytes of [a-z0-9_], unique within the event
 *	1	tag: 0x01 int, 0x02 string, 0x03 bytes, 0x04 bool
 *	then the value, by tag:
 *	  int	 8	i64
 *	  string 4+L	L, u32, 0..65536, then L bytes of UTF-8
 *	  bytes	 4+L	L, u32, 0..65536, then L bytes
 *	  bool	 1	0x00 false or 0x01 true
 *
 * The encoding ends after the last field; it is at most 1048576 bytes.
 *
 * Strings (actor, string values, the assembly id) must be valid UTF-8:
 * shortest forms only, no surrogates, nothing above U+10FFFF, and no U+0000
 * (so that they are C strings).  Unicode normalisation (NFC) is NOT checked
 * here; callers that need it normalise before they build the event.
 *
 * One event, one encoding: every length is fixed width, every value has one
 * form (a bool is 0x00 or 0x01), keys may not repeat, and decoding rejects
 * unknown magic, version or tag, any length out of range, a short input and
 * trailing bytes.  So decode(b) succeeds only when encode(decode(b)) == b.
 *
 * ---------------------------------------------------------------------------
 * Genesis record and hash chain
 *
 * The genesis record names the assembly and its Ed25519 public key:
 *
 *	4	magic "PLGN" (50 4c 47 4e)
 *	1	version 0x01
 *	4	I, u32, 1..256
 *	I	assembly id: UTF-8
 *	32	Ed25519 public key
 *
 *	hash_0 = SHA-256(genesis record)
 *	hash_i = SHA-256(hash_{i-1} || encoding of event i)	(i >= 1)
 *
 * Because hash_0 covers the assembly id and the key, a log cannot be grafted
 * onto another assembly.
 *
 * Checkpoint: an Ed25519 signature (RFC 8032, libsodium crypto_sign_detached)
 * by the assembly's key over the message
 *
 *	4	magic "PLCK" (50 4c 43 4b)
 *	1	version 0x01
 *	4	I, u32
 *	I	assembly id
 *	8	seq, u64 (0 signs hash_0, the empty log)
 *	32	hash_seq
 *
 * ---------------------------------------------------------------------------
 * Export file, version 1 ("plenum export")
 *
 *	12	magic "PLENUM-LOG/1"
 *	..	the genesis record, as above
 *	then, for each event in order:
 *	4	L, u32, 1..1048576
 *	L	the event's encoding, verbatim
 *	4	0x00000000: the end of the events
 *	4	M, u32: the number of checkpoints
 *	M x	8 seq, u64, then 64 signature bytes
 *	and the end of the file: nothing may follow.
 *
 * Reading an export checks the framing only: a damaged event, or
 * checkpoints out of order, inside a well-framed file are read and then
 * reported by the verifier with their index.  Every truncation of a file
 * is a framing error, and so is any byte after its end.
 *
 * ---------------------------------------------------------------------------
 * What verification proves
 *
 * plenum_event_verify() decodes every event and checks contiguous sequence
 * numbers from 1, times that never decrease, the recomputed chain against
 * every known hash (a checkpoint, a hash a store recorded with an event, an
 * expected head) and every checkpoint's signature.  Then:
 *  - an edited event is detected at the first checkpoint (or recorded hash)
 *    at or after it; with a checkpoint on every event, exactly at it;
 *  - a deleted, inserted or reordered event breaks the sequence numbers, or,
 *    when the forger renumbered, the chain at the next checkpoint;
 *  - deleting the LAST events (truncation) leaves a shorter log that is valid
 *    in itself: it is detected only against a checkpoint beyond the new end
 *    or an expected head (seq, hash) the verifier knows from elsewhere, and
 *    events appended after the last checkpoint are signed by nothing:
 *    result.head_signed says whether the head itself is covered.
 * Without any checkpoint or expected head, verification shows only that the
 * log is well formed and consistent; it cannot tell a forged log from a real
 * one.  The public key must come from a trusted place (not just the file).
 *
 * ---------------------------------------------------------------------------
 * Ballot secrecy convention
 *
 * No event may link a voter to the content of a ballot.  The library cannot
 * know what a field means, so fields are named by convention and
 * plenum_event_check_secrecy() rejects an event that carries both:
 *  - a member reference: a key equal to "member" or "voter", or beginning
 *    with "member_" or "voter_", or ending with "_member" or "_voter"
 *    (member_id, voter_no, checked_by_member); and
 *  - ballot content: a key equal to "ballot" or "marks", or beginning with
 *    "ballot_" or "marks_", or ending with "_ballot" or "_marks" (a ballot's
 *    serial identifies its content, so ballot_serial counts), or an event
 *    type whose first component is "ballot" (ballot.batch_entered).
 * So a check-in says "papers_issued", never "ballot_serial"; and events
 * that carry ballot content name a teller, never a voter, as their actor.
 *
 * ---------------------------------------------------------------------------
 * What a store must do (SQLite, PostgreSQL)
 *
 *  - Store each event's encoding verbatim (a BLOB/bytea) and verify from it;
 *    any columns for queries are derived copies, never re-encoded.
 *  - Take the next seq and the previous hash under one lock or transaction
 *    (BEGIN IMMEDIATE; SELECT ... FOR UPDATE or an advisory lock), with
 *    seq as the primary key, so that two writers can neither fork the chain
 *    nor leave a gap.
 *  - Never UPDATE or DELETE an event row (triggers that abort).
 *  - Record hash_seq beside each row if it likes (plenum_event_item.hash),
 *    to localise damage, and sign checkpoints often (at least at every
 *    closed round) and keep them; keep the last signed head elsewhere too.
 *  - Keep the secret key out of the database.
 */
#ifndef PLENUM_EVENT_H
#define PLENUM_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* Caps; exceeding one gives PLENUM_ELIMIT. */
#define PLENUM_EVENT_MAX_TYPE	   64
#define PLENUM_EVENT_MAX_ACTOR	   256
#define PLENUM_EVENT_MAX_KEY	   64
#define PLENUM_EVENT_MAX_VALUE	   65536 /* string and bytes values */
#define PLENUM_EVENT_MAX_FIELDS	   256
#define PLENUM_EVENT_MAX_ENCODED   1048576
#define PLENUM_EVENT_MAX_ASSEMBLY  256	      /* assembly id, bytes */
#define PLENUM_EVENT_MAX_LOG	   (1u << 26) /* events or checkpoints */
#define PLENUM_EVENT_HASH_LEN	   32
#define PLENUM_EVENT_PUBLIC_LEN	   32
#define PLENUM_EVENT_SEED_LEN	   32
#define PLENUM_EVENT_SIGNATURE_LEN 64

/* Initialises libsodium.  Returns PLENUM_OK, or PLENUM_EINTERNAL when
 * libsodium cannot be initialised.  Safe to call more than once. */
enum plenum_err plenum_event_init(void);

/* ------------------------------------------------------------------ events */

enum plenum_event_vtype {
	PLENUM_EVENT_INT = 1,
	PLENUM_EVENT_STRING = 2,
	PLENUM_EVENT_BYTES = 3,
	PLENUM_EVENT_BOOL = 4
};

/* A view of one field; every pointer is borrowed from the event. */
struct plenum_event_value {
	const char *key;
	enum plenum_event_vtype type;
	int64_t i;		   /* INT: the value; BOOL: 0 or 1 */
	const unsigned char *data; /* STRING (NUL-terminated) and BYTES */
	size_t len;		   /* STRING and BYTES: bytes in data */
};

struct plenum_event;

/*
 * Creates an event without fields into *out.  type must be 1-64 bytes of
 * [a-z0-9._]; actor (NULL means "") valid UTF-8 of at most 256 bytes; seq
 * at least 1.  Returns PLENUM_OK, PLENUM_EINPUT for an invalid argument,
 * PLENUM_ELIMIT for a too long actor, or PLENUM_ENOMEM; *out is NULL on
 * failure.
 */
enum plenum_err plenum_event_new(uint64_t seq, int64_t time_us,
				 const char *type, const char *actor,
				 struct plenum_event **out);

/*
 * Append a field.  key must be 1-64 bytes of [a-z0-9_] and not yet in the
 * event.  A string is valid UTF-8 without NUL; a string or bytes value holds
 * at most 65536 bytes (p may be NULL when n is 0); b is true when nonzero.
 * Values are copied.  Returns PLENUM_OK, PLENUM_EINPUT (bad or repeated key,
 * bad UTF-8), PLENUM_ELIMIT (a value too long, more than 256 fields, or an
 * encoding over 1 MiB) or PLENUM_ENOMEM; on failure the event is unchanged.
 */
enum plenum_err plenum_event_add_int(struct plenum_event *ev, const char *key,
				     int64_t v);
enum plenum_err plenum_event_add_string(struct plenum_event *ev,
					const char *key, const char *s);
enum plenum_err plenum_event_add_bytes(struct plenum_event *ev, const char *key,
				       const void *p, size_t n);
enum plenum_err plenum_event_add_bool(struct plenum_event *ev, const char *key,
				      int b);

/* Accessors.  Strings are borrowed from the event. */
uint64_t plenum_event_seq(const struct plenum_event *ev);
int64_t plenum_event_time(const struct plenum_event *ev);
const char *plenum_event_type(const struct plenum_event *ev);
const char *plenum_event_actor(const struct plenum_event *ev);
size_t plenum_event_nfields(const struct plenum_event *ev);

/* Fills *out with field i (0-based).  Returns PLENUM_OK, or PLENUM_EINPUT
 * when i is out of range. */
enum plenum_err plenum_event_field(const struct plenum_event *ev, size_t i,
				   struct plenum_event_value *out);

/* Fills *out with the field named key.  Returns PLENUM_OK, or PLENUM_EINPUT
 * when there is none. */
enum plenum_err plenum_event_find(const struct plenum_event *ev,
				  const char *key,
				  struct plenum_event_value *out);

/* The length of the event's canonical encoding. */
size_t plenum_event_encoded_size(const struct plenum_event *ev);

/*
 * Appends the canonical encoding of ev to out.  Returns PLENUM_OK,
 * PLENUM_ELIMIT (out's cap) or PLENUM_ENOMEM; on failure out is unchanged.
 */
enum plenum_err plenum_event_encode(const struct plenum_event *ev,
				    struct plenum_buf *out);

/*
 * Decodes exactly len bytes at data into a new event *out, strictly: every
 * length and value is checked, and a short input or trailing bytes are
 * rejected.  Returns PLENUM_OK, PLENUM_ESYNTAX (malformed or non-canonical),
 * PLENUM_ELIMIT (a length over its cap) or PLENUM_ENOMEM, with diag (may be
 * NULL) telling why and its column the 1-based byte position; *out is NULL
 * on failure.
 */
enum plenum_err plenum_event_decode(const void *data, size_t len,
				    struct plenum_event **out,
				    struct plenum_diag *diag);

/* Frees the event.  NULL is a no-op. */
void plenum_event_free(struct plenum_event *ev);

/*
 * Applies the ballot secrecy convention above.  Returns PLENUM_OK, or
 * PLENUM_EINPUT with diag (may be NULL) naming the two fields that together
 * would link a voter to a ballot.
 */
enum plenum_err plenum_event_check_secrecy(const struct plenum_event *ev,
					   struct plenum_diag *diag);

/* ------------------------------------------------------ keys and the chain */

/* An Ed25519 keypair.  Its secret is wiped (sodium_memzero) when freed. */
struct plenum_event_key;

/* Creates a random keypair into *out.  Returns PLENUM_OK or PLENUM_ENOMEM;
 * *out is NULL on failure. */
enum plenum_err plenum_event_key_generate(struct plenum_event_key **out);

/* Creates the keypair of a 32-byte seed (its serialised form) into *out.
 * Returns PLENUM_OK or PLENUM_ENOMEM; *out is NULL on failure. */
enum plenum_err
plenum_event_key_from_seed(const unsigned char seed[PLENUM_EVENT_SEED_LEN],
			   struct plenum_event_key **out);

/* Copies the key's seed: the one secret to store (wipe it after use). */
void plenum_event_key_seed(const struct plenum_event_key *key,
			   unsigned char seed[PLENUM_EVENT_SEED_LEN]);

/* Copies the key's public half. */
void plenum_event_key_public(const struct plenum_event_key *key,
			     unsigned char pk[PLENUM_EVENT_PUBLIC_LEN]);

/* Wipes and frees the key.  NULL is a no-op. */
void plenum_event_key_free(struct plenum_event_key *key);

/* The assembly a log belongs to.  assembly_id is a borrowed C string. */
struct plenum_event_genesis {
	const char *assembly_id;
	unsigned char public_key[PLENUM_EVENT_PUBLIC_LEN];
};

/* Appends the genesis record to out.  Returns PLENUM_OK, PLENUM_EINPUT
 * (assembly id empty, over 256 bytes or not UTF-8), PLENUM_ELIMIT or
 * PLENUM_ENOMEM; on failure out is unchanged. */
enum plenum_err
plenum_event_genesis_encode(const struct plenum_event_genesis *g,
			    struct plenum_buf *out);

/* Computes hash_0.  Returns PLENUM_OK or PLENUM_EINPUT (bad assembly id). */
enum plenum_err
plenum_event_genesis_hash(const struct plenum_event_genesis *g,
			  unsigned char out[PLENUM_EVENT_HASH_LEN]);

/* Computes hash_i = SHA-256(prev || the len bytes at enc); out may be prev. */
void plenum_event_chain_step(const unsigned char prev[PLENUM_EVENT_HASH_LEN],
			     const void *enc, size_t len,
			     unsigned char out[PLENUM_EVENT_HASH_LEN]);

struct plenum_event_checkpoint {
	uint64_t seq;
	unsigned char signature[PLENUM_EVENT_SIGNATURE_LEN];
};

/* Signs (assembly id, seq, hash) into *out.  Returns PLENUM_OK or
 * PLENUM_EINPUT (bad assembly id). */
enum plenum_err
plenum_event_checkpoint_sign(const struct plenum_event_key *key,
			     const char *assembly_id, uint64_t seq,
			     const unsigned char hash[PLENUM_EVENT_HASH_LEN],
			     struct plenum_event_checkpoint *out);

/* Returns PLENUM_OK when cp is g's key's signature of (g's assembly id,
 * cp->seq, hash), else PLENUM_EINPUT. */
enum plenum_err
plenum_event_checkpoint_check(const struct plenum_event_genesis *g,
			      const struct plenum_event_checkpoint *cp,
			      const unsigned char hash[PLENUM_EVENT_HASH_LEN]);

/* ---------------------------------------------------- sources and verifying */

/* One stored event: its encoding and, optionally, the hash_seq a store
 * recorded with it (NULL when none).  Pointers are borrowed. */
struct plenum_event_item {
	const unsigned char *data;
	size_t len;
	const unsigned char *hash;
};

/*
 * The events of a log, in stored order.  next() fills *item (valid until the
 * next call) and returns 1, returns 0 after the last event, or -1 on error
 * (which the caller of the library gets as PLENUM_EIO).
 */
struct plenum_event_source {
	int (*next)(void *ctx, struct plenum_event_item *item);
	void *ctx;
};

/* A source over an array: set items and n, pos to 0, and pass
 * plenum_event_array_next with a pointer to this as ctx. */
struct plenum_event_array {
	const struct plenum_event_item *items;
	size_t n;
	size_t pos;
};

int plenum_event_array_next(void *ctx, struct plenum_event_item *item);

/* The head a verifier knows from elsewhere. */
struct plenum_event_head {
	uint64_t seq;
	unsigned char hash[PLENUM_EVENT_HASH_LEN];
};

struct plenum_event_verify_opts {
	/* Checkpoints, in strictly increasing seq order; borrowed. */
	const struct plenum_event_checkpoint *checkpoints;
	size_t ncheckpoints;
	/* When non-NULL, the log must end exactly at this head. */
	const struct plenum_event_head *head;
	/* When non-NULL, called with each event that passed the sequence and
	 * time checks (to replay it), before any later check; its result
	 * counts only if verification then succeeds.  A return other than
	 * PLENUM_OK stops verification with that error. */
	enum plenum_err (*on_event)(void *ctx, const struct plenum_event *ev);
	void *ctx;
};

enum plenum_event_fault {
	PLENUM_EVENT_FAULT_NONE = 0,
	/* an event does not decode */
	PLENUM_EVENT_FAULT_DECODE,
	/* an event's seq is not its position + 1 */
	PLENUM_EVENT_FAULT_SEQUENCE,
	/* an event's time is earlier than the previous event's */
	PLENUM_EVENT_FAULT_TIME,
	/* the chain differs from a recorded hash or the expected head's */
	PLENUM_EVENT_FAULT_HASH,
	/* a checkpoint's signature does not verify */
	PLENUM_EVENT_FAULT_SIGNATURE,
	/* a checkpoint names a seq beyond the end of the log */
	PLENUM_EVENT_FAULT_CHECKPOINT_UNKNOWN_SEQ,
	/* checkpoint seqs are not strictly increasing */
	PLENUM_EVENT_FAULT_CHECKPOINT_ORDER,
	/* the log is shorter or longer than the expected head */
	PLENUM_EVENT_FAULT_HEAD
};

/* Returns a static, lower-case name of the fault; never NULL. */
const char *plenum_event_fault_str(enum plenum_event_fault fault);

struct plenum_event_verify_result {
	enum plenum_event_fault fault;
	/* The 0-based position of the first event found bad: the event that
	 * failed, or for SIGNATURE and HASH the event whose hash was checked,
	 * or for CHECKPOINT_UNKNOWN_SEQ and a short HEAD the position the
	 * first missing event would have. */
	uint64_t index;
	/* SIGNATURE, CHECKPOINT_*: the position in opts->checkpoints. */
	size_t checkpoint;
	/* On success: the number of events, hash_nevents, the highest seq a
	 * valid checkpoint covers (0 if none), and whether that is the head
	 * (an empty log's head is signed by a checkpoint of seq 0). */
	uint64_t nevents;
	unsigned char head_hash[PLENUM_EVENT_HASH_LEN];
	uint64_t signed_seq;
	int head_signed;
};

/*
 * Verifies the log read from src against the genesis g (which must come from
 * a trusted place) and opts (NULL: no checkpoints, no head, no replay).
 * Returns PLENUM_OK with *res filled, PLENUM_EINPUT with res->fault,
 * res->index (and res->checkpoint) telling the first fault, PLENUM_EINPUT
 * without a fault (NONE) for an invalid genesis, PLENUM_EIO when src
 * fails, PLENUM_ENOMEM, or what on_event returned.  diag (may be NULL) gets
 * a message; res must not be NULL.
 */
enum plenum_err plenum_event_verify(const struct plenum_event_genesis *g,
				    const struct plenum_event_source *src,
				    const struct plenum_event_verify_opts *opts,
				    struct plenum_event_verify_result *res,
				    struct plenum_diag *diag);

/* ----------------------------------------------------------------- export */

/* Byte sink: write() takes all n bytes and returns 0, or -1 on error. */
struct plenum_event_sink {
	int (*write)(void *ctx, const void *p, size_t n);
	void *ctx;
};

/* A sink appending to the struct plenum_buf that ctx points to. */
int plenum_event_buf_write(void *ctx, const void *p, size_t n);

/*
 * Writes an export file: g, the events of src (each written verbatim, not
 * decoded: a damaged store exports as it is, for the verifier to report)
 * and the checkpoints.  Returns PLENUM_OK, PLENUM_EINPUT (bad genesis),
 * PLENUM_ELIMIT (an event empty or over 1 MiB, or too many events or
 * checkpoints), PLENUM_EIO (src or sink failed) or PLENUM_ENOMEM.  On
 * failure the sink may have taken part of the file.
 */
enum plenum_err
plenum_event_export_write(const struct plenum_event_genesis *g,
			  const struct plenum_event_source *src,
			  const struct plenum_event_checkpoint *checkpoints,
			  size_t ncheckpoints,
			  const struct plenum_event_sink *sink);

/* Byte source, as jsonpull's: read() fills up to n bytes of buf and returns
 * how many, 0 at the end, -1 on error. */
struct plenum_event_reader {
	long (*read)(void *ctx, char *buf, size_t n);
	void *ctx;
};

/* An export file in memory.  Everything is owned by the log; genesis's
 * assembly_id points into it.  items[i].hash is NULL. */
struct plenum_event_log {
	struct plenum_event_genesis genesis;
	struct plenum_event_item *items;
	size_t nitems;
	struct plenum_event_checkpoint *checkpoints;
	size_t ncheckpoints;
};

/*
 * Reads an export file strictly into a new *out.  Returns PLENUM_OK,
 * PLENUM_ESYNTAX (bad magic, genesis or framing, a truncated file, bytes
 * after the end), PLENUM_ELIMIT, PLENUM_EIO (read failed) or PLENUM_ENOMEM,
 * with diag (may be NULL) giving the 1-based byte position as its column;
 * *out is NULL on failure.
 */
enum plenum_err plenum_event_export_read(const struct plenum_event_reader *r,
					 struct plenum_event_log **out,
					 struct plenum_diag *diag);

/* As plenum_event_export_read(), from len bytes at data. */
enum plenum_err plenum_event_export_read_mem(const void *data, size_t len,
					     struct plenum_event_log **out,
					     struct plenum_diag *diag);

/* Frees the log.  NULL is a no-op. */
void plenum_event_log_free(struct plenum_event_log *log);

/*
 * Verifies a log read from an export against trusted (or, when NULL, the
 * file's own genesis: then only consistency is shown, and the caller must
 * compare log->genesis with what it trusts) and the file's checkpoints;
 * opts->checkpoints is ignored, its head and on_event are used.  Also fails
 * with PLENUM_EINPUT (fault NONE) when trusted differs from the file's
 * genesis.  Returns as plenum_event_verify().
 */
enum plenum_err
plenum_event_verify_log(const struct plenum_event_log *log,
			const struct plenum_event_genesis *trusted,
			const struct plenum_event_verify_opts *opts,
			struct plenum_event_verify_result *res,
			struct plenum_diag *diag);

#endif
