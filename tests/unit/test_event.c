/*
 * test_event.c: the event log: the canonical encoding (golden bytes, round
 * trips, strict decoding), the hash chain (golden hashes computed with
 * Python's hashlib, independently of this code), checkpoints, the verifier
 * against every single mutation of a 50-event log, the export file and the
 * ballot secrecy convention.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "event.h"

#define NLOG	 50
#define T0	 1700000000000000LL /* microseconds */
#define ASSEMBLY "congress-2025"

/* seq 1, 1700000000000000 us, "roll.imported", actor "desk-1", fields
 * n = -2, name = "Đỗ", raw = 00 ff, ok = true. */
static const unsigned char golden[] = {
	0x50, 0x4c, 0x45, 0x56, 0x01,			/* "PLEV", version 1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* seq */
	0x00, 0x06, 0x0a, 0x24, 0x18, 0x1e, 0x40, 0x00, /* time */
	0x00, 0x00, 0x00, 0x0d, 'r',  'o',  'l',  'l',	'.',  'i',
	'm',  'p',  'o',  'r',	't',  'e',  'd',		   /* type */
	0x00, 0x00, 0x00, 0x06, 'd',  'e',  's',  'k',	'-',  '1', /* actor */
	0x00, 0x00, 0x00, 0x04,		    /* 4 fields */
	0x00, 0x00, 0x00, 0x01, 'n',  0x01, /* n: int */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0x00, 0x00,
	0x00, 0x04, 'n',  'a',	'm',  'e',  0x02, /* name: string */
	0x00, 0x00, 0x00, 0x05, 0xc4, 0x90, 0xe1, 0xbb, 0x97, 0x00,
	0x00, 0x00, 0x03, 'r',	'a',  'w',  0x03, /* raw: bytes */
	0x00, 0x00, 0x00, 0x02, 0x00, 0xff, 0x00, 0x00, 0x00, 0x02,
	'o',  'k',  0x04, 0x01 /* ok: bool */
};

/* Offsets of the bytes of every length or count field in golden. */
static const size_t golden_lengths[] = { 21, 22, 23, 24, 38, 39, 40, 41,  48,
					 49, 50, 51, 52, 53, 54, 55, 66,  67,
					 68, 69, 75, 76, 77, 78, 84, 85,  86,
					 87, 92, 93, 94, 95, 98, 99, 100, 101 };

/* SHA-256 of the genesis (ASSEMBLY, 32 x 0x11) and of it || golden. */
static const char golden_h0[] =
	"ca2ba88cd8181c658b5fdf33dca700f662abc6460aa49ed5e365a1f3bb0c4035";
static const char golden_h1[] =
	"a1937dfc6d88b460f3a803cc18101022099a7d102195a48a739ddec148a61fe0";

static struct plenum_event *
golden_event(void)
{
	static const unsigned char raw[] = { 0x00, 0xff };
	struct plenum_event *ev;

	assert_int_equal(
		plenum_event_new(1, T0, "roll.imported", "desk-1", &ev),
		PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "n", -2), PLENUM_OK);
	assert_int_equal(plenum_event_add_string(ev, "name", "Đỗ"), PLENUM_OK);
	assert_int_equal(plenum_event_add_bytes(ev, "raw", raw, 2), PLENUM_OK);
	assert_int_equal(plenum_event_add_bool(ev, "ok", 7), PLENUM_OK);
	return ev;
}

static void
encode(const struct plenum_event *ev, struct plenum_buf *b)
{
	plenum_buf_init(b, PLENUM_EVENT_MAX_ENCODED);
	assert_int_equal(plenum_event_encode(ev, b), PLENUM_OK);
	assert_int_equal(b->len, plenum_event_encoded_size(ev));
}

static void
hex(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* ------------------------------------------------------------- encoding */

static void
test_golden(void **state)
{
	struct plenum_event *ev = golden_event(), *back;
	struct plenum_buf b;

	(void)state;
	encode(ev, &b);
	assert_int_equal(b.len, sizeof(golden));
	assert_int_equal(b.len, 106);
	assert_memory_equal(b.data, golden, sizeof(golden));
	assert_int_equal(
		plenum_event_decode(golden, sizeof(golden), &back, NULL),
		PLENUM_OK);
	assert_int_equal(plenum_event_seq(back), 1);
	assert_true(plenum_event_time(back) == T0);
	assert_string_equal(plenum_event_type(back), "roll.imported");
	assert_string_equal(plenum_event_actor(back), "desk-1");
	plenum_event_free(back);
	plenum_event_free(ev);
	plenum_buf_release(&b);
}

static void
test_golden_chain(void **state)
{
	struct plenum_event_genesis g = { ASSEMBLY, { 0 } };
	unsigned char h[PLENUM_EVENT_HASH_LEN];
	char x[2 * PLENUM_EVENT_HASH_LEN + 1];

	(void)state;
	memset(g.public_key, 0x11, sizeof(g.public_key));
	assert_int_equal(plenum_event_genesis_hash(&g, h), PLENUM_OK);
	hex(h, sizeof(h), x);
	assert_string_equal(x, golden_h0);
	plenum_event_chain_step(h, golden, sizeof(golden), h);
	hex(h, sizeof(h), x);
	assert_string_equal(x, golden_h1);
	g.assembly_id = "";
	assert_int_equal(plenum_event_genesis_hash(&g, h), PLENUM_EINPUT);
	g.assembly_id = "bad \xc0\x80";
	assert_int_equal(plenum_event_genesis_hash(&g, h), PLENUM_EINPUT);
}

static void
test_roundtrip_all_types(void **state)
{
	static const unsigned char bin[] = { 0, 1, 0, 0xfe, 0x80 };
	struct plenum_event *ev, *back;
	struct plenum_event_value v;
	struct plenum_buf a, b;
	size_t i;

	(void)state;
	assert_int_equal(plenum_event_new(UINT64_MAX, INT64_MIN,
					  "ballot.batch_entered", "", &ev),
			 PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "min", INT64_MIN), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "max", INT64_MAX), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "zero", 0), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "m1", -1), PLENUM_OK);
	assert_int_equal(plenum_event_add_string(ev, "empty", ""), PLENUM_OK);
	assert_int_equal(plenum_event_add_string(ev, "vi", "Nguyễn Thị Ánh 𝄞"),
			 PLENUM_OK);
	assert_int_equal(plenum_event_add_bytes(ev, "bin", bin, sizeof(bin)),
			 PLENUM_OK);
	assert_int_equal(plenum_event_add_bytes(ev, "nob", NULL, 0), PLENUM_OK);
	assert_int_equal(plenum_event_add_bool(ev, "f", 0), PLENUM_OK);
	assert_int_equal(plenum_event_add_bool(ev, "t", 1), PLENUM_OK);
	encode(ev, &a);
	assert_int_equal(plenum_event_decode(a.data, a.len, &back, NULL),
			 PLENUM_OK);
	assert_true(plenum_event_seq(back) == UINT64_MAX);
	assert_true(plenum_event_time(back) == INT64_MIN);
	assert_string_equal(plenum_event_actor(back), "");
	assert_int_equal(plenum_event_nfields(back), 10);
	for (i = 0; i < 10; i++) {
		struct plenum_event_value w;

		assert_int_equal(plenum_event_field(ev, i, &v), PLENUM_OK);
		assert_int_equal(plenum_event_field(back, i, &w), PLENUM_OK);
		assert_string_equal(v.key, w.key);
		assert_int_equal(v.type, w.type);
		assert_true(v.i == w.i);
		assert_int_equal(v.len, w.len);
		if (v.len > 0)
			assert_memory_equal(v.data, w.data, v.len);
	}
	assert_int_equal(plenum_event_field(back, 10, &v), PLENUM_EINPUT);
	assert_int_equal(plenum_event_find(back, "min", &v), PLENUM_OK);
	assert_true(v.type == PLENUM_EVENT_INT && v.i == INT64_MIN);
	assert_int_equal(plenum_event_find(back, "vi", &v), PLENUM_OK);
	assert_string_equal((const char *)v.data, "Nguyễn Thị Ánh 𝄞");
	assert_int_equal(plenum_event_find(back, "bin", &v), PLENUM_OK);
	assert_int_equal(v.len, 5);
	assert_memory_equal(v.data, bin, 5);
	assert_int_equal(plenum_event_find(back, "t", &v), PLENUM_OK);
	assert_true(v.type == PLENUM_EVENT_BOOL && v.i == 1);
	assert_int_equal(plenum_event_find(back, "nope", &v), PLENUM_EINPUT);
	encode(back, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	plenum_event_free(ev);
	plenum_event_free(back);
	plenum_buf_release(&a);
	plenum_buf_release(&b);
}

static void
test_builder_rejects(void **state)
{
	static char big[PLENUM_EVENT_MAX_VALUE + 2];
	struct plenum_event *ev;
	char actor[PLENUM_EVENT_MAX_ACTOR + 2], key[16];
	size_t i, before;
	enum plenum_err err;

	(void)state;
	assert_int_equal(plenum_event_new(0, 0, "a", "", &ev), PLENUM_EINPUT);
	assert_null(ev);
	assert_int_equal(plenum_event_new(1, 0, "", "", &ev), PLENUM_EINPUT);
	assert_int_equal(plenum_event_new(1, 0, "Roll", "", &ev),
			 PLENUM_EINPUT);
	assert_int_equal(plenum_event_new(1, 0, "roll-imported", "", &ev),
			 PLENUM_EINPUT);
	memset(actor, 'a', PLENUM_EVENT_MAX_TYPE + 1);
	actor[PLENUM_EVENT_MAX_TYPE + 1] = '\0';
	assert_int_equal(plenum_event_new(1, 0, actor, "", &ev),
			 PLENUM_EINPUT); /* a type of 65 bytes */
	actor[PLENUM_EVENT_MAX_TYPE] = '\0';
	assert_int_equal(plenum_event_new(1, 0, actor, "", &ev), PLENUM_OK);
	plenum_event_free(ev);
	assert_int_equal(plenum_event_new(1, 0, "x", "\xed\xa0\x80", &ev),
			 PLENUM_EINPUT); /* surrogate */
	memset(actor, 'a', sizeof(actor));
	actor[PLENUM_EVENT_MAX_ACTOR + 1] = '\0';
	assert_int_equal(plenum_event_new(1, 0, "x", actor, &ev),
			 PLENUM_ELIMIT);
	actor[PLENUM_EVENT_MAX_ACTOR] = '\0';
	assert_int_equal(plenum_event_new(1, 0, "x", actor, &ev), PLENUM_OK);
	plenum_event_free(ev);

	assert_int_equal(plenum_event_new(1, 0, "x", NULL, &ev), PLENUM_OK);
	assert_string_equal(plenum_event_actor(ev), "");
	before = plenum_event_encoded_size(ev);
	assert_int_equal(plenum_event_add_int(ev, "", 1), PLENUM_EINPUT);
	assert_int_equal(plenum_event_add_int(ev, "a.b", 1), PLENUM_EINPUT);
	assert_int_equal(plenum_event_add_string(ev, "s", "\xc0\xaf"),
			 PLENUM_EINPUT);
	assert_int_equal(plenum_event_add_string(ev, "s", "\xf4\x90\x80\x80"),
			 PLENUM_EINPUT); /* above U+10FFFF */
	memset(big, 'x', sizeof(big) - 1);
	assert_int_equal(plenum_event_add_string(ev, "s", big), PLENUM_ELIMIT);
	assert_int_equal(plenum_event_encoded_size(ev), before);
	assert_int_equal(plenum_event_nfields(ev), 0);
	assert_int_equal(plenum_event_add_int(ev, "a", 1), PLENUM_OK);
	assert_int_equal(plenum_event_add_bool(ev, "a", 1), PLENUM_EINPUT);
	assert_int_equal(plenum_event_encoded_size(ev), before + 4 + 1 + 1 + 8);
	plenum_event_free(ev);

	/* 256 fields, not 257 */
	assert_int_equal(plenum_event_new(1, 0, "x", NULL, &ev), PLENUM_OK);
	for (i = 0; i < PLENUM_EVENT_MAX_FIELDS; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		assert_int_equal(plenum_event_add_bool(ev, key, 1), PLENUM_OK);
	}
	assert_int_equal(plenum_event_add_bool(ev, "one_more", 1),
			 PLENUM_ELIMIT);
	plenum_event_free(ev);

	/* the 1 MiB cap: 15 values of 64 KiB fit (34 + 15 * 65548 bytes),
	 * the 16th does not */
	assert_int_equal(plenum_event_new(1, 0, "x", NULL, &ev), PLENUM_OK);
	for (i = 0; i < 16; i++) {
		snprintf(key, sizeof(key), "v%02zu", i);
		err = plenum_event_add_bytes(ev, key, big,
					     PLENUM_EVENT_MAX_VALUE);
		assert_int_equal(err, i < 15 ? PLENUM_OK : PLENUM_ELIMIT);
	}
	assert_int_equal(plenum_event_nfields(ev), 15);
	assert_int_equal(plenum_event_encoded_size(ev),
			 4 + 1 + 8 + 8 + 4 + 1 + 4 + 4 +
				 15 * (4 + 3 + 1 + 4 + 65536));
	plenum_event_free(ev);
}

static void
test_decode_truncations(void **state)
{
	struct plenum_event *ev;
	struct plenum_diag d;
	size_t n;
	enum plenum_err err;

	(void)state;
	for (n = 0; n < sizeof(golden); n++) {
		ev = (struct plenum_event *)1;
		err = plenum_event_decode(golden, n, &ev, &d);
		assert_true(err == PLENUM_ESYNTAX || err == PLENUM_ELIMIT);
		assert_null(ev);
	}
	err = plenum_event_decode(golden, n, &ev, &d);
	assert_int_equal(err, PLENUM_OK);
	plenum_event_free(ev);
}

static void
test_decode_corrupt_lengths(void **state)
{
	unsigned char b[sizeof(golden)];
	struct plenum_event *ev;
	size_t i;
	unsigned v;

	(void)state;
	for (i = 0; i < sizeof(golden_lengths) / sizeof(golden_lengths[0]);
	     i++) {
		for (v = 0; v < 256; v++) {
			if (v == golden[golden_lengths[i]])
				continue;
			memcpy(b, golden, sizeof(b));
			b[golden_lengths[i]] = (unsigned char)v;
			assert_int_not_equal(
				plenum_event_decode(b, sizeof(b), &ev, NULL),
				PLENUM_OK);
			assert_null(ev);
		}
	}
}

/* Any single-byte change either fails or decodes to a different event
 * whose encoding is exactly the changed bytes: one encoding per event. */
static void
test_decode_corrupt_any_byte(void **state)
{
	unsigned char b[sizeof(golden)];
	struct plenum_event *ev;
	struct plenum_buf out;
	size_t i, accepted = 0;
	unsigned v;

	(void)state;
	for (i = 0; i < sizeof(golden); i++) {
		for (v = 0; v < 256; v++) {
			if (v == golden[i])
				continue;
			memcpy(b, golden, sizeof(b));
			b[i] = (unsigned char)v;
			if (plenum_event_decode(b, sizeof(b), &ev, NULL) !=
			    PLENUM_OK)
				continue;
			accepted++;
			encode(ev, &out);
			assert_int_equal(out.len, sizeof(b));
			assert_memory_equal(out.data, b, sizeof(b));
			plenum_buf_release(&out);
			plenum_event_free(ev);
		}
	}
	/* seq, time, the int value can take any value: 8 + 8 + 8 bytes */
	assert_true(accepted >= 24 * 255);
}

static void
test_decode_noncanonical(void **state)
{
	unsigned char b[sizeof(golden) + 1];
	struct plenum_event *ev;
	struct plenum_diag d;

	(void)state;
#define TRY(off, val, want)                                                    \
	do {                                                                   \
		memcpy(b, golden, sizeof(golden));                             \
		b[off] = (val);                                                \
		assert_int_equal(                                              \
			plenum_event_decode(b, sizeof(golden), &ev, &d),       \
			want);                                                 \
		assert_null(ev);                                               \
	} while (0)
	TRY(4, 0x02, PLENUM_ESYNTAX);	/* version */
	TRY(0, 'p', PLENUM_ESYNTAX);	/* magic */
	TRY(12, 0x00, PLENUM_ESYNTAX);	/* seq 0 */
	TRY(105, 0x02, PLENUM_ESYNTAX); /* bool 2 */
	assert_non_null(strstr(d.message, "bool"));
	TRY(104, 0x05, PLENUM_ESYNTAX); /* unknown tag */
	TRY(104, 0x00, PLENUM_ESYNTAX);
	TRY(25, 'R', PLENUM_ESYNTAX);  /* type upper case */
	TRY(56, 'N', PLENUM_ESYNTAX);  /* key upper case */
	TRY(103, 'K', PLENUM_ESYNTAX); /* key upper case */
	TRY(103, 0, PLENUM_ESYNTAX);   /* key holds NUL */
	TRY(80, 0xc0, PLENUM_ESYNTAX); /* string: bad UTF-8 */
	TRY(45, 0x00, PLENUM_ESYNTAX); /* actor holds NUL */
	TRY(50, 0x01, PLENUM_ELIMIT);  /* 260 fields */
	TRY(76, 0x01, PLENUM_ELIMIT);  /* string of 65541 bytes */
	TRY(21, 0x01, PLENUM_ELIMIT);  /* type length */
#undef TRY
	/* a repeated key: rename "ok" to "n" keeping the length 2 is not
	 * possible, so build one: two fields both named "n" */
	{
		static const unsigned char dup[] = {
			0x50, 0x4c, 0x45, 0x56, 0x01, 0,   0,	 0,   0,   0,
			0,    0,    1,	  0,	0,    0,   0,	 0,   0,   0,
			0,    0,    0,	  0,	1,    'x', 0,	 0,   0,   0,
			0,    0,    0,	  2,	0,    0,   0,	 1,   'n', 0x04,
			0x01, 0,    0,	  0,	1,    'n', 0x04, 0x00
		};
		assert_int_equal(plenum_event_decode(dup, sizeof(dup), &ev, &d),
				 PLENUM_ESYNTAX);
		assert_non_null(strstr(d.message, "repeated key"));
		assert_int_equal(d.column, 42);
	}
	/* a trailing byte */
	memcpy(b, golden, sizeof(golden));
	b[sizeof(golden)] = 0;
	assert_int_equal(plenum_event_decode(b, sizeof(b), &ev, &d),
			 PLENUM_ESYNTAX);
	assert_non_null(strstr(d.message, "after the event"));
}

/* --------------------------------------------------------------- the log */

struct log {
	struct plenum_event_key *key;
	unsigned char pk[PLENUM_EVENT_PUBLIC_LEN];
	struct plenum_event_genesis g;
	unsigned char *enc[NLOG + 4];
	size_t len[NLOG + 4];
	unsigned char hash[NLOG + 1][PLENUM_EVENT_HASH_LEN];
	struct plenum_event_checkpoint cp[NLOG + 1]; /* cp[i]: seq i + 1 */
	struct plenum_event_item items[NLOG + 4];
	size_t n;
};

/* The event of seq at time t; odd and even seqs have different types; the
 * last field is always an int (so a changed last byte still decodes). */
static unsigned char *
make_event(uint64_t seq, int64_t t, const char *actor, size_t *len)
{
	struct plenum_event *ev;
	struct plenum_buf b;
	unsigned char marks[3] = { (unsigned char)seq, 1, 0 };

	if (seq % 2) {
		assert_int_equal(plenum_event_new(seq, t, "member.checked_in",
						  actor, &ev),
				 PLENUM_OK);
		assert_int_equal(plenum_event_add_int(ev, "member_id",
						      (int64_t)(1000 + seq)),
				 PLENUM_OK);
		assert_int_equal(plenum_event_add_bool(ev, "proxy", 0),
				 PLENUM_OK);
		assert_int_equal(plenum_event_add_int(ev, "papers_issued", 1),
				 PLENUM_OK);
	} else {
		assert_int_equal(plenum_event_new(seq, t,
						  "ballot.batch_entered", actor,
						  &ev),
				 PLENUM_OK);
		assert_int_equal(plenum_event_add_string(ev, "batch", "B-7"),
				 PLENUM_OK);
		assert_int_equal(plenum_event_add_bytes(ev, "marks", marks, 3),
				 PLENUM_OK);
		assert_int_equal(plenum_event_add_int(ev, "round", 1),
				 PLENUM_OK);
	}
	assert_int_equal(plenum_event_check_secrecy(ev, NULL), PLENUM_OK);
	encode(ev, &b);
	plenum_event_free(ev);
	*len = b.len;
	return (unsigned char *)plenum_buf_detach(&b);
}

static struct log *
log_new(const char *assembly, unsigned char seedbyte)
{
	unsigned char seed[PLENUM_EVENT_SEED_LEN];
	struct log *l = calloc(1, sizeof(*l));
	size_t i;

	assert_non_null(l);
	memset(seed, seedbyte, sizeof(seed));
	assert_int_equal(plenum_event_key_from_seed(seed, &l->key), PLENUM_OK);
	plenum_event_key_public(l->key, l->pk);
	l->g.assembly_id = assembly;
	memcpy(l->g.public_key, l->pk, sizeof(l->pk));
	assert_int_equal(plenum_event_genesis_hash(&l->g, l->hash[0]),
			 PLENUM_OK);
	for (i = 0; i < NLOG; i++) {
		l->enc[i] =
			make_event(i + 1, T0 + (int64_t)i * 1000000,
				   i % 3 ? "teller:anh" : "desk-1", &l->len[i]);
		plenum_event_chain_step(l->hash[i], l->enc[i], l->len[i],
					l->hash[i + 1]);
		assert_int_equal(
			plenum_event_checkpoint_sign(l->key, assembly, i + 1,
						     l->hash[i + 1], &l->cp[i]),
			PLENUM_OK);
	}
	l->n = NLOG;
	return l;
}

static void
log_free(struct log *l)
{
	size_t i;

	for (i = 0; i < NLOG; i++)
		free(l->enc[i]);
	plenum_event_key_free(l->key);
	free(l);
}

/* The items of events order[0..n) (indices into l->enc), with recorded
 * hashes when hashes is set. */
static void
items_of(struct log *l, const size_t *order, size_t n, int hashes)
{
	size_t i;

	for (i = 0; i < n; i++) {
		l->items[i].data = l->enc[order[i]];
		l->items[i].len = l->len[order[i]];
		l->items[i].hash = hashes ? l->hash[order[i] + 1] : NULL;
	}
}

static enum plenum_err
verify(const struct log *l, const struct plenum_event_genesis *g, size_t n,
       const struct plenum_event_checkpoint *cps, size_t ncps,
       const struct plenum_event_head *head,
       struct plenum_event_verify_result *res)
{
	struct plenum_event_array a = { l->items, n, 0 };
	struct plenum_event_source src = { plenum_event_array_next, &a };
	struct plenum_event_verify_opts o = { cps, ncps, head, NULL, NULL };
	struct plenum_diag d;

	return plenum_event_verify(g, &src, &o, res, &d);
}

static void
expect_fault(enum plenum_err err, const struct plenum_event_verify_result *res,
	     enum plenum_event_fault f, uint64_t index)
{
	if (err != PLENUM_EINPUT || res->fault != f || res->index != index)
		fail_msg("got err %d fault %d (%s) index %llu, want fault %d "
			 "index %llu",
			 err, res->fault, plenum_event_fault_str(res->fault),
			 (unsigned long long)res->index, f,
			 (unsigned long long)index);
}

static size_t identity[NLOG + 4];

static enum plenum_err
count_event(void *ctx, const struct plenum_event *ev)
{
	uint64_t *n = ctx;

	if (plenum_event_seq(ev) != *n + 1)
		return PLENUM_EINTERNAL;
	(*n)++;
	return PLENUM_OK;
}

static void
test_chain_verifies(void **state)
{
	struct log *l = log_new(ASSEMBLY, 7);
	struct plenum_event_verify_result res;
	struct plenum_event_head head;
	struct plenum_event_array a;
	struct plenum_event_source src = { plenum_event_array_next, &a };
	struct plenum_event_verify_opts o;
	uint64_t replayed = 0;

	(void)state;
	items_of(l, identity, NLOG, 1);
	assert_int_equal(verify(l, &l->g, NLOG, l->cp, NLOG, NULL, &res),
			 PLENUM_OK);
	assert_int_equal(res.fault, PLENUM_EVENT_FAULT_NONE);
	assert_int_equal(res.nevents, 50);
	assert_int_equal(res.signed_seq, 50);
	assert_true(res.head_signed);
	assert_memory_equal(res.head_hash, l->hash[NLOG], 32);

	/* only a checkpoint at 20: valid, but the head is not signed */
	assert_int_equal(verify(l, &l->g, NLOG, &l->cp[19], 1, NULL, &res),
			 PLENUM_OK);
	assert_int_equal(res.signed_seq, 20);
	assert_false(res.head_signed);

	/* no anchors at all: consistent, signed by nothing */
	assert_int_equal(verify(l, &l->g, NLOG, NULL, 0, NULL, &res),
			 PLENUM_OK);
	assert_false(res.head_signed);

	/* an expected head */
	head.seq = NLOG;
	memcpy(head.hash, l->hash[NLOG], 32);
	assert_int_equal(verify(l, &l->g, NLOG, NULL, 0, &head, &res),
			 PLENUM_OK);
	head.hash[5] ^= 1;
	expect_fault(verify(l, &l->g, NLOG, NULL, 0, &head, &res), &res,
		     PLENUM_EVENT_FAULT_HASH, 49);

	/* replay through on_event */
	a.items = l->items;
	a.n = NLOG;
	a.pos = 0;
	memset(&o, 0, sizeof(o));
	o.on_event = count_event;
	o.ctx = &replayed;
	assert_int_equal(plenum_event_verify(&l->g, &src, &o, &res, NULL),
			 PLENUM_OK);
	assert_int_equal(replayed, 50);
	log_free(l);
}

static void
test_mutations(void **state)
{
	struct log *l = log_new(ASSEMBLY, 7);
	struct plenum_event_verify_result res;
	struct plenum_event_head head;
	size_t order[NLOG + 1], rlen[NLOG], k, i, n, flen;
	unsigned char *edited, *forged, *renum[NLOG];

	(void)state;
	head.seq = NLOG;
	memcpy(head.hash, l->hash[NLOG], 32);
	for (k = 0; k < NLOG; k++) {
		/* (a) one byte of the payload changed (the last int field) */
		items_of(l, identity, NLOG, 0);
		edited = malloc(l->len[k]);
		memcpy(edited, l->enc[k], l->len[k]);
		edited[l->len[k] - 1] ^= 0x01;
		l->items[k].data = edited;
		expect_fault(verify(l, &l->g, NLOG, l->cp, NLOG, NULL, &res),
			     &res, PLENUM_EVENT_FAULT_SIGNATURE, k);
		assert_int_equal(res.checkpoint, k);
		/* with recorded hashes and only the head signed: the hash */
		items_of(l, identity, NLOG, 1);
		l->items[k].data = edited;
		expect_fault(
			verify(l, &l->g, NLOG, &l->cp[NLOG - 1], 1, NULL, &res),
			&res, PLENUM_EVENT_FAULT_HASH, k);
		/* with only the head signed: found at the head */
		items_of(l, identity, NLOG, 0);
		l->items[k].data = edited;
		expect_fault(
			verify(l, &l->g, NLOG, &l->cp[NLOG - 1], 1, NULL, &res),
			&res, PLENUM_EVENT_FAULT_SIGNATURE, NLOG - 1);
		free(edited);

		/* (b) deleted */
		for (i = 0, n = 0; i < NLOG; i++)
			if (i != k)
				order[n++] = i;
		items_of(l, order, n, 0);
		if (k < NLOG - 1) {
			expect_fault(
				verify(l, &l->g, n, l->cp, NLOG, NULL, &res),
				&res, PLENUM_EVENT_FAULT_SEQUENCE, k);
		} else {
			/* truncation: only a checkpoint or head shows it */
			expect_fault(
				verify(l, &l->g, n, l->cp, NLOG, NULL, &res),
				&res, PLENUM_EVENT_FAULT_CHECKPOINT_UNKNOWN_SEQ,
				k);
			assert_int_equal(res.checkpoint, NLOG - 1);
			expect_fault(verify(l, &l->g, n, NULL, 0, &head, &res),
				     &res, PLENUM_EVENT_FAULT_HEAD, k);
			assert_int_equal(verify(l, &l->g, n, l->cp, NLOG - 1,
						NULL, &res),
					 PLENUM_OK);
			assert_true(res.head_signed); /* 49 is signed */
		}

		/* (b') deleted and the rest renumbered by a forger */
		for (i = k + 1; i < NLOG; i++)
			renum[i] = make_event(i, T0 + (int64_t)i * 1000000,
					      i % 3 ? "teller:anh" : "desk-1",
					      &rlen[i]);
		items_of(l, identity, NLOG, 0);
		for (i = k + 1; i < NLOG; i++) {
			l->items[i - 1].data = renum[i];
			l->items[i - 1].len = rlen[i];
		}
		if (k < NLOG - 1)
			expect_fault(verify(l, &l->g, NLOG - 1, l->cp, NLOG - 1,
					    NULL, &res),
				     &res, PLENUM_EVENT_FAULT_SIGNATURE, k);
		for (i = k + 1; i < NLOG; i++)
			free(renum[i]);

		/* (c) a forged event inserted after it, with the next seq */
		forged = make_event(k + 2, T0 + (int64_t)k * 1000000, "forger",
				    &flen);
		for (i = 0, n = 0; i < NLOG; i++) {
			order[n++] = i;
			if (i == k)
				order[n++] = NLOG; /* the forged event's slot */
		}
		items_of(l, order, k + 1, 0);
		l->items[k + 1].data = forged;
		l->items[k + 1].len = flen;
		l->items[k + 1].hash = NULL;
		for (i = k + 2; i < n; i++) {
			l->items[i].data = l->enc[order[i]];
			l->items[i].len = l->len[order[i]];
			l->items[i].hash = NULL;
		}
		if (k < NLOG - 1) {
			expect_fault(
				verify(l, &l->g, n, l->cp, NLOG, NULL, &res),
				&res, PLENUM_EVENT_FAULT_SIGNATURE, k + 1);
		} else {
			/* appended after the head: nothing signs it */
			assert_int_equal(
				verify(l, &l->g, n, l->cp, NLOG, NULL, &res),
				PLENUM_OK);
			assert_int_equal(res.nevents, NLOG + 1);
			assert_int_equal(res.signed_seq, NLOG);
			assert_false(res.head_signed);
			expect_fault(
				verify(l, &l->g, n, l->cp, NLOG, &head, &res),
				&res, PLENUM_EVENT_FAULT_HEAD, NLOG);
		}
		free(forged);

		/* (d) swapped with its neighbour */
		items_of(l, identity, NLOG, 0);
		i = k < NLOG - 1 ? k + 1 : k - 1;
		l->items[k].data = l->enc[i];
		l->items[k].len = l->len[i];
		l->items[i].data = l->enc[k];
		l->items[i].len = l->len[k];
		expect_fault(verify(l, &l->g, NLOG, l->cp, NLOG, NULL, &res),
			     &res, PLENUM_EVENT_FAULT_SEQUENCE, k < i ? k : i);
	}
	log_free(l);
}

static void
test_other_faults(void **state)
{
	struct log *l = log_new(ASSEMBLY, 7);
	struct plenum_event_verify_result res;
	struct plenum_event_checkpoint cps[2];
	unsigned char *bad;
	size_t len;

	(void)state;
	/* an event that does not decode */
	items_of(l, identity, NLOG, 0);
	bad = malloc(l->len[9]);
	memcpy(bad, l->enc[9], l->len[9]);
	bad[4] = 0x02;
	l->items[9].data = bad;
	expect_fault(verify(l, &l->g, NLOG, l->cp, NLOG, NULL, &res), &res,
		     PLENUM_EVENT_FAULT_DECODE, 9);
	free(bad);

	/* time going backwards */
	items_of(l, identity, NLOG, 0);
	bad = make_event(12, T0 + 10 * 1000000 - 1, "desk-1", &len);
	l->items[11].data = bad;
	l->items[11].len = len;
	expect_fault(verify(l, &l->g, NLOG, NULL, 0, NULL, &res), &res,
		     PLENUM_EVENT_FAULT_TIME, 11);
	free(bad);
	/* the same time as before is fine */
	items_of(l, identity, NLOG, 0);
	bad = make_event(12, T0 + 10 * 1000000, "desk-1", &len);
	l->items[11].data = bad;
	l->items[11].len = len;
	assert_int_equal(verify(l, &l->g, NLOG, NULL, 0, NULL, &res),
			 PLENUM_OK);
	free(bad);

	/* checkpoints out of order or repeated */
	items_of(l, identity, NLOG, 0);
	cps[0] = l->cp[9];
	cps[1] = l->cp[4];
	expect_fault(verify(l, &l->g, NLOG, cps, 2, NULL, &res), &res,
		     PLENUM_EVENT_FAULT_CHECKPOINT_ORDER, 0);
	assert_int_equal(res.checkpoint, 1);
	cps[1] = l->cp[9];
	expect_fault(verify(l, &l->g, NLOG, cps, 2, NULL, &res), &res,
		     PLENUM_EVENT_FAULT_CHECKPOINT_ORDER, 0);

	/* a checkpoint whose seq was changed */
	cps[0] = l->cp[9];
	cps[0].seq = 11;
	expect_fault(verify(l, &l->g, NLOG, cps, 1, NULL, &res), &res,
		     PLENUM_EVENT_FAULT_SIGNATURE, 10);

	/* an empty log: genesis signed as seq 0 */
	assert_int_equal(plenum_event_checkpoint_sign(l->key, ASSEMBLY, 0,
						      l->hash[0], &cps[0]),
			 PLENUM_OK);
	assert_int_equal(verify(l, &l->g, 0, cps, 1, NULL, &res), PLENUM_OK);
	assert_int_equal(res.nevents, 0);
	assert_true(res.head_signed);
	assert_memory_equal(res.head_hash, l->hash[0], 32);
	cps[1] = l->cp[0];
	assert_int_equal(verify(l, &l->g, 1, cps, 2, NULL, &res), PLENUM_OK);
	assert_true(res.head_signed);
	log_free(l);
}

static void
test_wrong_key_and_graft(void **state)
{
	struct log *a = log_new(ASSEMBLY, 7);
	struct log *b = log_new(ASSEMBLY, 8);	     /* same id, another key */
	struct log *c = log_new("congress-2026", 7); /* same key, another id */
	struct plenum_event_verify_result res;
	struct plenum_event_checkpoint cp;

	(void)state;
	items_of(a, identity, NLOG, 0);
	/* the head signed by another key */
	assert_int_equal(plenum_event_checkpoint_sign(b->key, ASSEMBLY, NLOG,
						      a->hash[NLOG], &cp),
			 PLENUM_OK);
	expect_fault(verify(a, &a->g, NLOG, &cp, 1, NULL, &res), &res,
		     PLENUM_EVENT_FAULT_SIGNATURE, NLOG - 1);
	/* the whole log checked under the other key's genesis */
	expect_fault(verify(a, &b->g, NLOG, a->cp, NLOG, NULL, &res), &res,
		     PLENUM_EVENT_FAULT_SIGNATURE, 0);
	/* grafted under another assembly id with the same key */
	expect_fault(verify(a, &c->g, NLOG, a->cp, NLOG, NULL, &res), &res,
		     PLENUM_EVENT_FAULT_SIGNATURE, 0);
	/* c's own events (the same bytes) verify only under c: the chain
	 * is bound to the assembly by hash_0 */
	items_of(c, identity, NLOG, 0);
	assert_int_equal(verify(c, &c->g, NLOG, c->cp, NLOG, NULL, &res),
			 PLENUM_OK);
	assert_memory_not_equal(c->hash[NLOG], a->hash[NLOG], 32);
	log_free(a);
	log_free(b);
	log_free(c);
}

/* The signed message as event.h documents it, checked with libsodium. */
static void
test_checkpoint_message(void **state)
{
	struct log *l = log_new(ASSEMBLY, 7);
	unsigned char m[4 + 1 + 4 + 13 + 8 + 32];

	(void)state;
	memcpy(m, "PLCK\x01\x00\x00\x00\x0d" ASSEMBLY, 22);
	memcpy(m + 22, "\0\0\0\0\0\0\0\x05", 8);
	memcpy(m + 30, l->hash[5], 32);
	assert_int_equal(crypto_sign_verify_detached(l->cp[4].signature, m,
						     sizeof(m), l->pk),
			 0);
	assert_int_equal(
		plenum_event_checkpoint_check(&l->g, &l->cp[4], l->hash[5]),
		PLENUM_OK);
	assert_int_equal(
		plenum_event_checkpoint_check(&l->g, &l->cp[4], l->hash[4]),
		PLENUM_EINPUT);
	log_free(l);
}

static void
test_keys(void **state)
{
	unsigned char seed[32], back[32], pk1[32], pk2[32];
	struct plenum_event_key *k1, *k2;

	(void)state;
	memset(seed, 0x42, sizeof(seed));
	assert_int_equal(plenum_event_key_from_seed(seed, &k1), PLENUM_OK);
	plenum_event_key_seed(k1, back);
	assert_memory_equal(seed, back, 32);
	assert_int_equal(plenum_event_key_from_seed(back, &k2), PLENUM_OK);
	plenum_event_key_public(k1, pk1);
	plenum_event_key_public(k2, pk2);
	assert_memory_equal(pk1, pk2, 32);
	plenum_event_key_free(k2);
	assert_int_equal(plenum_event_key_generate(&k2), PLENUM_OK);
	plenum_event_key_public(k2, pk2);
	assert_memory_not_equal(pk1, pk2, 32);
	plenum_event_key_free(k1);
	plenum_event_key_free(k2);
	plenum_event_key_free(NULL);
}

/* ---------------------------------------------------------------- export */

struct chunked {
	const unsigned char *p;
	size_t len, pos;
};

static long
read_one(void *ctx, char *buf, size_t n)
{
	struct chunked *c = ctx;

	(void)n;
	if (c->pos == c->len)
		return 0;
	buf[0] = (char)c->p[c->pos++];
	return 1;
}

static void
export_log(struct log *l, size_t ncps, struct plenum_buf *out)
{
	struct plenum_event_array a = { l->items, NLOG, 0 };
	struct plenum_event_source src = { plenum_event_array_next, &a };
	struct plenum_event_sink sink = { plenum_event_buf_write, out };

	items_of(l, identity, NLOG, 0);
	plenum_buf_init(out, 1u << 24);
	assert_int_equal(
		plenum_event_export_write(&l->g, &src, l->cp, ncps, &sink),
		PLENUM_OK);
}

static void
test_export_roundtrip(void **state)
{
	struct log *l = log_new(ASSEMBLY, 7), *other = log_new(ASSEMBLY, 8);
	struct plenum_buf file, again;
	struct plenum_event_log *log;
	struct plenum_event_verify_result res;
	struct plenum_event_reader r;
	struct chunked c;
	struct plenum_event_array a;
	struct plenum_event_source src = { plenum_event_array_next, &a };
	struct plenum_event_sink sink = { plenum_event_buf_write, &again };
	size_t i, expect;

	(void)state;
	export_log(l, NLOG, &file);
	expect = 12 + (4 + 1 + 4 + 13 + 32) + 4 + 4 + NLOG * (8 + 64);
	for (i = 0; i < NLOG; i++)
		expect += 4 + l->len[i];
	assert_int_equal(file.len, expect);
	assert_memory_equal(file.data, "PLENUM-LOG/1PLGN\x01", 17);

	c.p = (const unsigned char *)file.data;
	c.len = file.len;
	c.pos = 0;
	r.read = read_one;
	r.ctx = &c;
	assert_int_equal(plenum_event_export_read(&r, &log, NULL), PLENUM_OK);
	assert_string_equal(log->genesis.assembly_id, ASSEMBLY);
	assert_memory_equal(log->genesis.public_key, l->pk, 32);
	assert_int_equal(log->nitems, NLOG);
	assert_int_equal(log->ncheckpoints, NLOG);
	for (i = 0; i < NLOG; i++) {
		assert_int_equal(log->items[i].len, l->len[i]);
		assert_memory_equal(log->items[i].data, l->enc[i], l->len[i]);
		assert_true(log->checkpoints[i].seq == i + 1);
	}
	assert_int_equal(plenum_event_verify_log(log, &l->g, NULL, &res, NULL),
			 PLENUM_OK);
	assert_true(res.head_signed);
	assert_int_equal(res.nevents, NLOG);
	assert_memory_equal(res.head_hash, l->hash[NLOG], 32);
	/* the file's own genesis (consistency only) */
	assert_int_equal(plenum_event_verify_log(log, NULL, NULL, &res, NULL),
			 PLENUM_OK);
	/* another trusted key: refused */
	assert_int_equal(
		plenum_event_verify_log(log, &other->g, NULL, &res, NULL),
		PLENUM_EINPUT);

	/* re-export is byte-identical */
	a.items = log->items;
	a.n = log->nitems;
	a.pos = 0;
	plenum_buf_init(&again, 1u << 24);
	assert_int_equal(plenum_event_export_write(&log->genesis, &src,
						   log->checkpoints,
						   log->ncheckpoints, &sink),
			 PLENUM_OK);
	assert_int_equal(again.len, file.len);
	assert_memory_equal(again.data, file.data, file.len);
	plenum_buf_release(&again);
	plenum_event_log_free(log);

	/* a damaged event in a well-framed file: read, then reported */
	file.data[12 + 54 + 4 + 25] = 'X'; /* in event 1's type */
	assert_int_equal(
		plenum_event_export_read_mem(file.data, file.len, &log, NULL),
		PLENUM_OK);
	expect_fault(plenum_event_verify_log(log, &l->g, NULL, &res, NULL),
		     &res, PLENUM_EVENT_FAULT_DECODE, 0);
	plenum_event_log_free(log);
	plenum_buf_release(&file);
	log_free(l);
	log_free(other);
}

static void
test_export_truncated(void **state)
{
	struct log *l = log_new(ASSEMBLY, 7);
	struct plenum_buf file;
	struct plenum_event_log *log;
	struct plenum_diag d;
	size_t n;
	enum plenum_err err;

	(void)state;
	export_log(l, 3, &file);
	for (n = 0; n < file.len; n++) {
		log = (struct plenum_event_log *)1;
		err = plenum_event_export_read_mem(file.data, n, &log, &d);
		if (err != PLENUM_ESYNTAX)
			fail_msg("prefix %zu: %s", n, plenum_err_str(err));
		assert_null(log);
	}
	assert_int_equal(
		plenum_event_export_read_mem(file.data, file.len, &log, &d),
		PLENUM_OK);
	plenum_event_log_free(log);
	/* one byte more */
	assert_int_equal(plenum_buf_addc(&file, 0), PLENUM_OK);
	assert_int_equal(
		plenum_event_export_read_mem(file.data, file.len, &log, &d),
		PLENUM_ESYNTAX);
	assert_non_null(strstr(d.message, "after the end"));
	assert_int_equal(d.column, file.len);
	/* not an export */
	file.data[0] = 'Q';
	assert_int_equal(
		plenum_event_export_read_mem(file.data, file.len, &log, &d),
		PLENUM_ESYNTAX);
	/* an event length over the cap */
	file.data[0] = 'P';
	file.data[12 + 54] = 0x7f;
	assert_int_equal(
		plenum_event_export_read_mem(file.data, file.len, &log, &d),
		PLENUM_ELIMIT);
	plenum_buf_release(&file);
	log_free(l);
}

/* --------------------------------------------------------------- secrecy */

static enum plenum_err
secrecy(const char *type, const char *k1, const char *k2)
{
	struct plenum_event *ev;
	struct plenum_diag d;
	enum plenum_err err;

	assert_int_equal(plenum_event_new(1, 0, type, "", &ev), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, k1, 1), PLENUM_OK);
	if (k2 != NULL)
		assert_int_equal(plenum_event_add_int(ev, k2, 1), PLENUM_OK);
	err = plenum_event_check_secrecy(ev, &d);
	if (err != PLENUM_OK)
		assert_non_null(strstr(d.message, k1));
	plenum_event_free(ev);
	return err;
}

static void
test_secrecy(void **state)
{
	(void)state;
	assert_int_equal(secrecy("x", "member_id", "marks"), PLENUM_EINPUT);
	assert_int_equal(secrecy("x", "voter", "ballot"), PLENUM_EINPUT);
	assert_int_equal(secrecy("x", "member", "ballot_serial"),
			 PLENUM_EINPUT);
	assert_int_equal(secrecy("x", "checked_by_member", "round_marks"),
			 PLENUM_EINPUT);
	assert_int_equal(secrecy("x", "voter_no", "marks_raw"), PLENUM_EINPUT);
	assert_int_equal(secrecy("ballot.batch_entered", "member_id", NULL),
			 PLENUM_EINPUT);
	assert_int_equal(secrecy("ballot", "voter", NULL), PLENUM_EINPUT);
	/* either alone, or names that only look alike */
	assert_int_equal(
		secrecy("member.checked_in", "member_id", "papers_issued"),
		PLENUM_OK);
	assert_int_equal(secrecy("ballot.batch_entered", "marks", "batch"),
			 PLENUM_OK);
	assert_int_equal(secrecy("x", "members", "ballots"), PLENUM_OK);
	assert_int_equal(secrecy("x", "membership", "marksman"), PLENUM_OK);
	assert_int_equal(secrecy("ballots.counted", "member_count", NULL),
			 PLENUM_OK); /* a reference, but no content */
	assert_int_equal(secrecy("ballots.counted", "members_present", NULL),
			 PLENUM_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_golden_chain),
		cmocka_unit_test(test_roundtrip_all_types),
		cmocka_unit_test(test_builder_rejects),
		cmocka_unit_test(test_decode_truncations),
		cmocka_unit_test(test_decode_corrupt_lengths),
		cmocka_unit_test(test_decode_corrupt_any_byte),
		cmocka_unit_test(test_decode_noncanonical),
		cmocka_unit_test(test_chain_verifies),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_other_faults),
		cmocka_unit_test(test_wrong_key_and_graft),
		cmocka_unit_test(test_checkpoint_message),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_export_roundtrip),
		cmocka_unit_test(test_export_truncated),
		cmocka_unit_test(test_secrecy),
	};
	size_t i;

	if (plenum_event_init() != PLENUM_OK)
		return 1;
	for (i = 0; i < sizeof(identity) / sizeof(identity[0]); i++)
		identity[i] = i;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
