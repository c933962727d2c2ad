/*
 * event.c: events, their canonical encoding, the hash chain, checkpoints,
 * the verifier and the export file.  The formats are specified in event.h.
 *
 * Invariants:
 * - A struct plenum_event is always valid: every constructor and the decoder
 *   check what they store, so encoding cannot fail on content, and
 *   ev->enclen is always the length of its encoding (<= MAX_ENCODED).
 * - Keys, the type, the actor and string values are NUL-terminated copies;
 *   bytes values are copies with a NUL after them too.
 * - The decoder reads through a struct cursor that never moves past len;
 *   every read checks the bytes left first.
 * - A key's secret lives only in struct plenum_event_key and is wiped with
 *   sodium_memzero before its memory is freed.
 */
#include "event.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#define EVENT_MAGIC	 "PLEV"
#define GENESIS_MAGIC	 "PLGN"
#define CHECK_MAGIC	 "PLCK"
#define EXPORT_MAGIC	 "PLENUM-LOG/1"
#define EXPORT_MAGIC_LEN 12
#define VERSION		 1

/* magic, version, seq, time, type length, actor length, field count */
#define HEADER_FIXED (4 + 1 + 8 + 8 + 4 + 4 + 4)

_Static_assert(PLENUM_EVENT_HASH_LEN == crypto_hash_sha256_BYTES,
	       "hash length is SHA-256's");
_Static_assert(PLENUM_EVENT_PUBLIC_LEN == crypto_sign_PUBLICKEYBYTES,
	       "public key is Ed25519's");
_Static_assert(PLENUM_EVENT_SEED_LEN == crypto_sign_SEEDBYTES,
	       "seed is Ed25519's");
_Static_assert(PLENUM_EVENT_SIGNATURE_LEN == crypto_sign_BYTES,
	       "signature is Ed25519's");

struct field {
	char key[PLENUM_EVENT_MAX_KEY + 1];
	enum plenum_event_vtype type;
	int64_t i;
	unsigned char *data; /* STRING, BYTES: len bytes and a NUL */
	size_t len;
};

struct plenum_event {
	uint64_t seq;
	int64_t time;
	char type[PLENUM_EVENT_MAX_TYPE + 1];
	char actor[PLENUM_EVENT_MAX_ACTOR + 1];
	size_t enclen;
	size_t nfields;
	size_t alloc;
	struct field *fields;
};

struct plenum_event_key {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
};

enum plenum_err
plenum_event_init(void)
{
	return sodium_init() < 0 ? PLENUM_EINTERNAL : PLENUM_OK;
}

/* ------------------------------------------------------------- validation */

/* Valid UTF-8 in shortest form, no surrogates, <= U+10FFFF, no U+0000. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, need, k;
	uint32_t cp, min;
	unsigned char c;

	while (i < n) {
		c = s[i];
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return 0;
		}
		if (n - i - 1 < need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* n bytes of [a-z0-9_], or also '.' when dot; 1..max bytes. */
static int
name_valid(const unsigned char *s, size_t n, size_t max, int dot)
{
	size_t i;

	if (n < 1 || n > max)
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    (dot && s[i] == '.'))
			continue;
		return 0;
	}
	return 1;
}

static int
assembly_valid(const char *id)
{
	size_t n;

	if (id == NULL)
		return 0;
	n = strlen(id);
	return n >= 1 && n <= PLENUM_EVENT_MAX_ASSEMBLY &&
	       utf8_valid((const unsigned char *)id, n);
}

/* ------------------------------------------------------ big-endian helpers */

static void
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
put_u64(unsigned char *p, uint64_t v)
{
	put_u32(p, (uint32_t)(v >> 32));
	put_u32(p + 4, (uint32_t)v);
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t
get_u64(const unsigned char *p)
{
	return (uint64_t)get_u32(p) << 32 | get_u32(p + 4);
}

/* Two's complement without implementation-defined conversions (the cast
 * to unsigned is defined modulo 2^64). */
static uint64_t
i64_to_u64(int64_t v)
{
	return (uint64_t)v;
}

static int64_t
u64_to_i64(uint64_t v)
{
	if (v <= (uint64_t)INT64_MAX)
		return (int64_t)v;
	return -(int64_t)(~v) - 1;
}

/* A write position in a buffer the caller sized exactly. */
struct out {
	unsigned char *p;
	size_t pos;
};

static void
out_bytes(struct out *o, const void *p, size_t n)
{
	if (n > 0)
		memcpy(o->p + o->pos, p, n);
	o->pos += n;
}

static void
out_u8(struct out *o, unsigned char c)
{
	o->p[o->pos++] = c;
}

static void
out_u32(struct out *o, uint32_t v)
{
	put_u32(o->p + o->pos, v);
	o->pos += 4;
}

static void
out_u64(struct out *o, uint64_t v)
{
	put_u64(o->p + o->pos, v);
	o->pos += 8;
}

/* ------------------------------------------------------------------ events */

static size_t
field_size(size_t keylen, enum plenum_event_vtype type, size_t len)
{
	size_t n = 4 + keylen + 1;

	switch (type) {
	case PLENUM_EVENT_INT:
		return n + 8;
	case PLENUM_EVENT_BOOL:
		return n + 1;
	case PLENUM_EVENT_STRING:
	case PLENUM_EVENT_BYTES:
		return n + 4 + len;
	}
	return n;
}

enum plenum_err
plenum_event_new(uint64_t seq, int64_t time_us, const char *type,
		 const char *actor, struct plenum_event **out)
{
	struct plenum_event *ev;
	size_t tlen, alen;

	*out = NULL;
	if (actor == NULL)
		actor = "";
	if (type == NULL || seq == 0)
		return PLENUM_EINPUT;
	tlen = strlen(type);
	alen = strlen(actor);
	if (!name_valid((const unsigned char *)type, tlen,
			PLENUM_EVENT_MAX_TYPE, 1))
		return PLENUM_EINPUT;
	if (alen > PLENUM_EVENT_MAX_ACTOR)
		return PLENUM_ELIMIT;
	if (!utf8_valid((const unsigned char *)actor, alen))
		return PLENUM_EINPUT;
	if ((ev = calloc(1, sizeof(*ev))) == NULL)
		return PLENUM_ENOMEM;
	ev->seq = seq;
	ev->time = time_us;
	memcpy(ev->type, type, tlen + 1);
	memcpy(ev->actor, actor, alen + 1);
	ev->enclen = HEADER_FIXED + tlen + alen;
	*out = ev;
	return PLENUM_OK;
}

static int
has_key(const struct plenum_event *ev, const char *key, size_t n)
{
	size_t i;

	for (i = 0; i < ev->nfields; i++)
		if (strlen(ev->fields[i].key) == n &&
		    memcmp(ev->fields[i].key, key, n) == 0)
			return 1;
	return 0;
}

/*
 * Appends a field after checking it (key of keylen bytes, not necessarily
 * NUL-terminated).  data/len are copied for STRING and BYTES.
 */
static enum plenum_err
add_field(struct plenum_event *ev, const char *key, size_t keylen,
	  enum plenum_event_vtype type, int64_t i, const void *data, size_t len)
{
	struct field *f, *nf;
	size_t sz, alloc;

	if (!name_valid((const unsigned char *)key, keylen,
			PLENUM_EVENT_MAX_KEY, 0))
		return PLENUM_EINPUT;
	if (has_key(ev, key, keylen))
		return PLENUM_EINPUT;
	if ((type == PLENUM_EVENT_STRING || type == PLENUM_EVENT_BYTES) &&
	    len > PLENUM_EVENT_MAX_VALUE)
		return PLENUM_ELIMIT;
	if (type == PLENUM_EVENT_STRING && !utf8_valid(data, len))
		return PLENUM_EINPUT;
	if (ev->nfields >= PLENUM_EVENT_MAX_FIELDS)
		return PLENUM_ELIMIT;
	sz = field_size(keylen, type, len);
	if (sz > PLENUM_EVENT_MAX_ENCODED - ev->enclen)
		return PLENUM_ELIMIT;
	if (ev->nfields == ev->alloc) {
		alloc = ev->alloc ? ev->alloc * 2 : 8;
		nf = realloc(ev->fields, alloc * sizeof(*nf));
		if (nf == NULL)
			return PLENUM_ENOMEM;
		ev->fields = nf;
		ev->alloc = alloc;
	}
	f = &ev->fields[ev->nfields];
	memset(f, 0, sizeof(*f));
	if (type == PLENUM_EVENT_STRING || type == PLENUM_EVENT_BYTES) {
		if ((f->data = malloc(len + 1)) == NULL)
			return PLENUM_ENOMEM;
		if (len > 0)
			memcpy(f->data, data, len);
		f->data[len] = '\0';
		f->len = len;
	}
	memcpy(f->key, key, keylen);
	f->key[keylen] = '\0';
	f->type = type;
	f->i = type == PLENUM_EVENT_BOOL ? (i != 0) : i;
	ev->nfields++;
	ev->enclen += sz;
	return PLENUM_OK;
}

enum plenum_err
plenum_event_add_int(struct plenum_event *ev, const char *key, int64_t v)
{
	return add_field(ev, key, strlen(key), PLENUM_EVENT_INT, v, NULL, 0);
}

enum plenum_err
plenum_event_add_string(struct plenum_event *ev, const char *key, const char *s)
{
	if (s == NULL)
		return PLENUM_EINPUT;
	return add_field(ev, key, strlen(key), PLENUM_EVENT_STRING, 0, s,
			 strlen(s));
}

enum plenum_err
plenum_event_add_bytes(struct plenum_event *ev, const char *key, const void *p,
		       size_t n)
{
	if (p == NULL && n > 0)
		return PLENUM_EINPUT;
	return add_field(ev, key, strlen(key), PLENUM_EVENT_BYTES, 0, p, n);
}

enum plenum_err
plenum_event_add_bool(struct plenum_event *ev, const char *key, int b)
{
	return add_field(ev, key, strlen(key), PLENUM_EVENT_BOOL, b != 0, NULL,
			 0);
}

uint64_t
plenum_event_seq(const struct plenum_event *ev)
{
	return ev->seq;
}

int64_t
plenum_event_time(const struct plenum_event *ev)
{
	return ev->time;
}

const char *
plenum_event_type(const struct plenum_event *ev)
{
	return ev->type;
}

const char *
plenum_event_actor(const struct plenum_event *ev)
{
	return ev->actor;
}

size_t
plenum_event_nfields(const struct plenum_event *ev)
{
	return ev->nfields;
}

static void
view(const struct field *f, struct plenum_event_value *out)
{
	out->key = f->key;
	out->type = f->type;
	out->i = f->i;
	out->data = f->data;
	out->len = f->len;
}

enum plenum_err
plenum_event_field(const struct plenum_event *ev, size_t i,
		   struct plenum_event_value *out)
{
	if (i >= ev->nfields)
		return PLENUM_EINPUT;
	view(&ev->fields[i], out);
	return PLENUM_OK;
}

enum plenum_err
plenum_event_find(const struct plenum_event *ev, const char *key,
		  struct plenum_event_value *out)
{
	size_t i;

	for (i = 0; i < ev->nfields; i++) {
		if (strcmp(ev->fields[i].key, key) == 0) {
			view(&ev->fields[i], out);
			return PLENUM_OK;
		}
	}
	return PLENUM_EINPUT;
}

size_t
plenum_event_encoded_size(const struct plenum_event *ev)
{
	return ev->enclen;
}

enum plenum_err
plenum_event_encode(const struct plenum_event *ev, struct plenum_buf *out)
{
	struct out o;
	const struct field *f;
	size_t i, n;
	enum plenum_err err;

	if (ev->enclen > out->cap - out->len)
		return PLENUM_ELIMIT;
	if ((o.p = malloc(ev->enclen)) == NULL)
		return PLENUM_ENOMEM;
	o.pos = 0;
	out_bytes(&o, EVENT_MAGIC, 4);
	out_u8(&o, VERSION);
	out_u64(&o, ev->seq);
	out_u64(&o, i64_to_u64(ev->time));
	n = strlen(ev->type);
	out_u32(&o, (uint32_t)n);
	out_bytes(&o, ev->type, n);
	n = strlen(ev->actor);
	out_u32(&o, (uint32_t)n);
	out_bytes(&o, ev->actor, n);
	out_u32(&o, (uint32_t)ev->nfields);
	for (i = 0; i < ev->nfields; i++) {
		f = &ev->fields[i];
		n = strlen(f->key);
		out_u32(&o, (uint32_t)n);
		out_bytes(&o, f->key, n);
		out_u8(&o, (unsigned char)f->type);
		switch (f->type) {
		case PLENUM_EVENT_INT:
			out_u64(&o, i64_to_u64(f->i));
			break;
		case PLENUM_EVENT_BOOL:
			out_u8(&o, f->i ? 1 : 0);
			break;
		case PLENUM_EVENT_STRING:
		case PLENUM_EVENT_BYTES:
			out_u32(&o, (uint32_t)f->len);
			out_bytes(&o, f->data, f->len);
			break;
		}
	}
	if (o.pos != ev->enclen) {
		err = PLENUM_EINTERNAL;
		goto out;
	}
	err = plenum_buf_add(out, o.p, o.pos);
out:
	free(o.p);
	return err;
}

void
plenum_event_free(struct plenum_event *ev)
{
	size_t i;

	if (ev == NULL)
		return;
	for (i = 0; i < ev->nfields; i++)
		free(ev->fields[i].data);
	free(ev->fields);
	free(ev);
}

/* ---------------------------------------------------------------- decoding */

struct cursor {
	const unsigned char *p;
	size_t len;
	size_t pos;
	struct plenum_diag *diag;
};

static enum plenum_err fail_at(struct cursor *c, enum plenum_err err,
			       size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum plenum_err
fail_at(struct cursor *c, enum plenum_err err, size_t pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	plenum_diag_setv(c->diag, err, 0, (unsigned long)pos + 1, fmt, ap);
	va_end(ap);
	return err;
}

/* Makes sure n more bytes are there; what names them for the message. */
static enum plenum_err
need(struct cursor *c, size_t n, const char *what)
{
	if (c->len - c->pos < n)
		return fail_at(c, PLENUM_ESYNTAX, c->len,
			       "event ends inside %s", what);
	return PLENUM_OK;
}

/* Reads a u32 length at most max; over it is ELIMIT, as are the bytes. */
static enum plenum_err
take_len(struct cursor *c, size_t min, size_t max, const char *what,
	 size_t *out)
{
	enum plenum_err err;
	uint32_t v;

	if ((err = need(c, 4, what)) != PLENUM_OK)
		return err;
	v = get_u32(c->p + c->pos);
	if (v > max)
		return fail_at(c, PLENUM_ELIMIT, c->pos,
			       "%s length %lu is over %lu", what,
			       (unsigned long)v, (unsigned long)max);
	if (v < min)
		return fail_at(c, PLENUM_ESYNTAX, c->pos,
			       "%s length %lu is under %lu", what,
			       (unsigned long)v, (unsigned long)min);
	c->pos += 4;
	*out = v;
	return need(c, v, what);
}

enum plenum_err
plenum_event_decode(const void *data, size_t len, struct plenum_event **out,
		    struct plenum_diag *diag)
{
	struct cursor c = { data, len, 0, diag };
	struct plenum_event *ev = NULL;
	char type[PLENUM_EVENT_MAX_TYPE + 1], actor[PLENUM_EVENT_MAX_ACTOR + 1];
	const unsigned char *key;
	size_t n, nfields, keylen, keypos, vlen, i;
	uint64_t seq;
	int64_t t;
	unsigned char tag;
	enum plenum_err err;

	*out = NULL;
	if (len > PLENUM_EVENT_MAX_ENCODED) {
		err = fail_at(&c, PLENUM_ELIMIT, 0,
			      "event of %zu bytes is over "
			      "the cap",
			      len);
		goto out;
	}
	if ((err = need(&c, 5, "the magic")) != PLENUM_OK)
		goto out;
	if (memcmp(c.p, EVENT_MAGIC, 4) != 0 || c.p[4] != VERSION) {
		err = fail_at(&c, PLENUM_ESYNTAX, 0,
			      "not a version 1 event encoding");
		goto out;
	}
	c.pos = 5;
	if ((err = need(&c, 16, "the header")) != PLENUM_OK)
		goto out;
	seq = get_u64(c.p + c.pos);
	t = u64_to_i64(get_u64(c.p + c.pos + 8));
	if (seq == 0) {
		err = fail_at(&c, PLENUM_ESYNTAX, c.pos, "seq 0");
		goto out;
	}
	c.pos += 16;
	if ((err = take_len(&c, 1, PLENUM_EVENT_MAX_TYPE, "the type", &n)) !=
	    PLENUM_OK)
		goto out;
	if (!name_valid(c.p + c.pos, n, PLENUM_EVENT_MAX_TYPE, 1)) {
		err = fail_at(&c, PLENUM_ESYNTAX, c.pos,
			      "type is not [a-z0-9._]");
		goto out;
	}
	memcpy(type, c.p + c.pos, n);
	type[n] = '\0';
	c.pos += n;
	if ((err = take_len(&c, 0, PLENUM_EVENT_MAX_ACTOR, "the actor", &n)) !=
	    PLENUM_OK)
		goto out;
	if (!utf8_valid(c.p + c.pos, n)) {
		err = fail_at(&c, PLENUM_ESYNTAX, c.pos,
			      "actor is not valid UTF-8");
		goto out;
	}
	memcpy(actor, c.p + c.pos, n);
	actor[n] = '\0';
	c.pos += n;
	if ((err = need(&c, 4, "the field count")) != PLENUM_OK)
		goto out;
	nfields = get_u32(c.p + c.pos);
	if (nfields > PLENUM_EVENT_MAX_FIELDS) {
		err = fail_at(&c, PLENUM_ELIMIT, c.pos,
			      "%zu fields are over the cap", nfields);
		goto out;
	}
	c.pos += 4;
	if ((err = plenum_event_new(seq, t, type, actor, &ev)) != PLENUM_OK) {
		err = fail_at(&c, err, 0, "cannot make the event");
		goto out;
	}
	for (i = 0; i < nfields; i++) {
		keypos = c.pos;
		if ((err = take_len(&c, 1, PLENUM_EVENT_MAX_KEY, "a key",
				    &keylen)) != PLENUM_OK)
			goto out;
		key = c.p + c.pos;
		if (!name_valid(key, keylen, PLENUM_EVENT_MAX_KEY, 0)) {
			err = fail_at(&c, PLENUM_ESYNTAX, c.pos,
				      "field %zu: key is not [a-z0-9_]", i);
			goto out;
		}
		if (has_key(ev, (const char *)key, keylen)) {
			err = fail_at(&c, PLENUM_ESYNTAX, keypos,
				      "field %zu: repeated key", i);
			goto out;
		}
		c.pos += keylen;
		if ((err = need(&c, 1, "a tag")) != PLENUM_OK)
			goto out;
		tag = c.p[c.pos++];
		switch (tag) {
		case PLENUM_EVENT_INT:
			if ((err = need(&c, 8, "an int")) != PLENUM_OK)
				goto out;
			err = add_field(ev, (const char *)key, keylen, tag,
					u64_to_i64(get_u64(c.p + c.pos)), NULL,
					0);
			c.pos += 8;
			break;
		case PLENUM_EVENT_BOOL:
			if ((err = need(&c, 1, "a bool")) != PLENUM_OK)
				goto out;
			if (c.p[c.pos] > 1) {
				err = fail_at(&c, PLENUM_ESYNTAX, c.pos,
					      "field %zu: bool is not 0 or 1",
					      i);
				goto out;
			}
			err = add_field(ev, (const char *)key, keylen, tag,
					c.p[c.pos], NULL, 0);
			c.pos += 1;
			break;
		case PLENUM_EVENT_STRING:
		case PLENUM_EVENT_BYTES:
			if ((err = take_len(&c, 0, PLENUM_EVENT_MAX_VALUE,
					    "a value", &vlen)) != PLENUM_OK)
				goto out;
			if (tag == PLENUM_EVENT_STRING &&
			    !utf8_valid(c.p + c.pos, vlen)) {
				err = fail_at(&c, PLENUM_ESYNTAX, c.pos,
					      "field %zu: string is not valid "
					      "UTF-8",
					      i);
				goto out;
			}
			err = add_field(ev, (const char *)key, keylen, tag, 0,
					c.p + c.pos, vlen);
			c.pos += vlen;
			break;
		default:
			err = fail_at(&c, PLENUM_ESYNTAX, c.pos - 1,
				      "field %zu: unknown tag 0x%02x", i, tag);
			goto out;
		}
		if (err != PLENUM_OK) {
			err = fail_at(&c, err, keypos, "field %zu: %s", i,
				      plenum_err_str(err));
			goto out;
		}
	}
	if (c.pos != c.len) {
		err = fail_at(&c, PLENUM_ESYNTAX, c.pos,
			      "%zu bytes after the event", c.len - c.pos);
		goto out;
	}
	if (ev->enclen != c.len) {
		err = fail_at(&c, PLENUM_EINTERNAL, 0, "encoded size mismatch");
		goto out;
	}
	*out = ev;
	ev = NULL;
	err = PLENUM_OK;
out:
	plenum_event_free(ev);
	return err;
}

/* ----------------------------------------------------------------- secrecy */

static int
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int
has_suffix(const char *s, const char *p)
{
	size_t n = strlen(s), m = strlen(p);

	return n >= m && strcmp(s + n - m, p) == 0;
}

/* Whether key is word, word_..., or ..._word. */
static int
names(const char *key, const char *word)
{
	char pre[PLENUM_EVENT_MAX_KEY + 2], suf[PLENUM_EVENT_MAX_KEY + 2];

	if (strcmp(key, word) == 0)
		return 1;
	snprintf(pre, sizeof(pre), "%s_", word);
	snprintf(suf, sizeof(suf), "_%s", word);
	return has_prefix(key, pre) || has_suffix(key, suf);
}

enum plenum_err
plenum_event_check_secrecy(const struct plenum_event *ev,
			   struct plenum_diag *diag)
{
	const char *member = NULL, *content = NULL;
	size_t i;
	const char *k;

	if (has_prefix(ev->type, "ballot.") || strcmp(ev->type, "ballot") == 0)
		content = "(type)";
	for (i = 0; i < ev->nfields; i++) {
		k = ev->fields[i].key;
		if (member == NULL && (names(k, "member") || names(k, "voter")))
			member = k;
		if (content == NULL &&
		    (names(k, "ballot") || names(k, "marks")))
			content = k;
	}
	if (member != NULL && content != NULL)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "event '%s' links member reference "
				       "'%s' with ballot content '%s'",
				       ev->type, member, content);
	return PLENUM_OK;
}

/* ------------------------------------------------------ keys and the chain */

static enum plenum_err
key_alloc(struct plenum_event_key **out)
{
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? PLENUM_ENOMEM : PLENUM_OK;
}

enum plenum_err
plenum_event_key_generate(struct plenum_event_key **out)
{
	enum plenum_err err;

	if ((err = key_alloc(out)) != PLENUM_OK)
		return err;
	crypto_sign_keypair((*out)->pk, (*out)->sk);
	return PLENUM_OK;
}

enum plenum_err
plenum_event_key_from_seed(const unsigned char seed[PLENUM_EVENT_SEED_LEN],
			   struct plenum_event_key **out)
{
	enum plenum_err err;

	if ((err = key_alloc(out)) != PLENUM_OK)
		return err;
	crypto_sign_seed_keypair((*out)->pk, (*out)->sk, seed);
	return PLENUM_OK;
}

void
plenum_event_key_seed(const struct plenum_event_key *key,
		      unsigned char seed[PLENUM_EVENT_SEED_LEN])
{
	crypto_sign_ed25519_sk_to_seed(seed, key->sk);
}

void
plenum_event_key_public(const struct plenum_event_key *key,
			unsigned char pk[PLENUM_EVENT_PUBLIC_LEN])
{
	memcpy(pk, key->pk, PLENUM_EVENT_PUBLIC_LEN);
}

void
plenum_event_key_free(struct plenum_event_key *key)
{
	if (key == NULL)
		return;
	sodium_memzero(key, sizeof(*key));
	free(key);
}

enum plenum_err
plenum_event_genesis_encode(const struct plenum_event_genesis *g,
			    struct plenum_buf *out)
{
	unsigned char b[4 + 1 + 4 + PLENUM_EVENT_MAX_ASSEMBLY +
			PLENUM_EVENT_PUBLIC_LEN];
	struct out o = { b, 0 };
	size_t n;

	if (!assembly_valid(g->assembly_id))
		return PLENUM_EINPUT;
	n = strlen(g->assembly_id);
	out_bytes(&o, GENESIS_MAGIC, 4);
	out_u8(&o, VERSION);
	out_u32(&o, (uint32_t)n);
	out_bytes(&o, g->assembly_id, n);
	out_bytes(&o, g->public_key, PLENUM_EVENT_PUBLIC_LEN);
	return plenum_buf_add(out, b, o.pos);
}

enum plenum_err
plenum_event_genesis_hash(const struct plenum_event_genesis *g,
			  unsigned char out[PLENUM_EVENT_HASH_LEN])
{
	struct plenum_buf b;
	enum plenum_err err;

	plenum_buf_init(&b, 1024);
	if ((err = plenum_event_genesis_encode(g, &b)) != PLENUM_OK)
		goto out;
	crypto_hash_sha256(out, (const unsigned char *)b.data, b.len);
out:
	plenum_buf_release(&b);
	return err;
}

void
plenum_event_chain_step(const unsigned char prev[PLENUM_EVENT_HASH_LEN],
			const void *enc, size_t len,
			unsigned char out[PLENUM_EVENT_HASH_LEN])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, prev, PLENUM_EVENT_HASH_LEN);
	crypto_hash_sha256_update(&st, enc, len);
	crypto_hash_sha256_final(&st, out);
}

/* Builds the signed message of a checkpoint into b (sized for the worst);
 * returns its length, or 0 for a bad assembly id. */
static size_t
check_message(unsigned char *b, const char *assembly_id, uint64_t seq,
	      const unsigned char hash[PLENUM_EVENT_HASH_LEN])
{
	struct out o = { b, 0 };
	size_t n;

	if (!assembly_valid(assembly_id))
		return 0;
	n = strlen(assembly_id);
	out_bytes(&o, CHECK_MAGIC, 4);
	out_u8(&o, VERSION);
	out_u32(&o, (uint32_t)n);
	out_bytes(&o, assembly_id, n);
	out_u64(&o, seq);
	out_bytes(&o, hash, PLENUM_EVENT_HASH_LEN);
	return o.pos;
}

#define CHECK_MESSAGE_MAX                                                      \
	(4 + 1 + 4 + PLENUM_EVENT_MAX_ASSEMBLY + 8 + PLENUM_EVENT_HASH_LEN)

enum plenum_err
plenum_event_checkpoint_sign(const struct plenum_event_key *key,
			     const char *assembly_id, uint64_t seq,
			     const unsigned char hash[PLENUM_EVENT_HASH_LEN],
			     struct plenum_event_checkpoint *out)
{
	unsigned char m[CHECK_MESSAGE_MAX];
	size_t n;

	if ((n = check_message(m, assembly_id, seq, hash)) == 0)
		return PLENUM_EINPUT;
	out->seq = seq;
	crypto_sign_detached(out->signature, NULL, m, n, key->sk);
	return PLENUM_OK;
}

enum plenum_err
plenum_event_checkpoint_check(const struct plenum_event_genesis *g,
			      const struct plenum_event_checkpoint *cp,
			      const unsigned char hash[PLENUM_EVENT_HASH_LEN])
{
	unsigned char m[CHECK_MESSAGE_MAX];
	size_t n;

	if ((n = check_message(m, g->assembly_id, cp->seq, hash)) == 0)
		return PLENUM_EINPUT;
	if (crypto_sign_verify_detached(cp->signature, m, n, g->public_key) !=
	    0)
		return PLENUM_EINPUT;
	return PLENUM_OK;
}

/* -------------------------------------------------------------- verifying */

int
plenum_event_array_next(void *ctx, struct plenum_event_item *item)
{
	struct plenum_event_array *a = ctx;

	if (a->pos >= a->n)
		return 0;
	*item = a->items[a->pos++];
	return 1;
}

const char *
plenum_event_fault_str(enum plenum_event_fault fault)
{
	switch (fault) {
	case PLENUM_EVENT_FAULT_NONE:
		return "none";
	case PLENUM_EVENT_FAULT_DECODE:
		return "event does not decode";
	case PLENUM_EVENT_FAULT_SEQUENCE:
		return "sequence number out of order";
	case PLENUM_EVENT_FAULT_TIME:
		return "time goes backwards";
	case PLENUM_EVENT_FAULT_HASH:
		return "hash chain differs";
	case PLENUM_EVENT_FAULT_SIGNATURE:
		return "checkpoint signature does not verify";
	case PLENUM_EVENT_FAULT_CHECKPOINT_UNKNOWN_SEQ:
		return "checkpoint beyond the end of the log";
	case PLENUM_EVENT_FAULT_CHECKPOINT_ORDER:
		return "checkpoints out of order";
	case PLENUM_EVENT_FAULT_HEAD:
		return "log does not end at the expected head";
	}
	return "unknown fault";
}

static enum plenum_err
fault(struct plenum_event_verify_result *res, struct plenum_diag *diag,
      enum plenum_event_fault f, uint64_t index, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static enum plenum_err
fault(struct plenum_event_verify_result *res, struct plenum_diag *diag,
      enum plenum_event_fault f, uint64_t index, const char *fmt, ...)
{
	va_list ap;

	res->fault = f;
	res->index = index;
	va_start(ap, fmt);
	plenum_diag_setv(diag, PLENUM_EINPUT, 0, 0, fmt, ap);
	va_end(ap);
	return PLENUM_EINPUT;
}

/* Checks the checkpoints of seq at cps[*ci...] against hash h. */
static enum plenum_err
check_points(const struct plenum_event_genesis *g,
	     const struct plenum_event_verify_opts *o, size_t *ci, uint64_t seq,
	     const unsigned char *h, struct plenum_event_verify_result *res,
	     struct plenum_diag *diag)
{
	const struct plenum_event_checkpoint *cp;

	while (*ci < o->ncheckpoints && o->checkpoints[*ci].seq == seq) {
		cp = &o->checkpoints[*ci];
		if (plenum_event_checkpoint_check(g, cp, h) != PLENUM_OK) {
			res->checkpoint = *ci;
			return fault(res, diag, PLENUM_EVENT_FAULT_SIGNATURE,
				     seq == 0 ? 0 : seq - 1,
				     "checkpoint %zu (seq %llu) does not "
				     "verify",
				     *ci, (unsigned long long)seq);
		}
		res->signed_seq = seq;
		(*ci)++;
	}
	return PLENUM_OK;
}

enum plenum_err
plenum_event_verify(const struct plenum_event_genesis *g,
		    const struct plenum_event_source *src,
		    const struct plenum_event_verify_opts *opts,
		    struct plenum_event_verify_result *res,
		    struct plenum_diag *diag)
{
	static const struct plenum_event_verify_opts none;
	const struct plenum_event_verify_opts *o = opts ? opts : &none;
	struct plenum_event *ev = NULL;
	struct plenum_event_item item;
	struct plenum_diag d;
	unsigned char h[PLENUM_EVENT_HASH_LEN];
	uint64_t pos = 0;
	int64_t prev = INT64_MIN;
	size_t ci = 0, i;
	int r;
	enum plenum_err err;

	memset(res, 0, sizeof(*res));
	if (plenum_event_genesis_hash(g, h) != PLENUM_OK) {
		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				      "invalid assembly id in the genesis");
		goto out;
	}
	for (i = 1; i < o->ncheckpoints; i++) {
		if (o->checkpoints[i].seq <= o->checkpoints[i - 1].seq) {
			res->checkpoint = i;
			err = fault(res, diag,
				    PLENUM_EVENT_FAULT_CHECKPOINT_ORDER, 0,
				    "checkpoint %zu is not after the one "
				    "before it",
				    i);
			goto out;
		}
	}
	if ((err = check_points(g, o, &ci, 0, h, res, diag)) != PLENUM_OK)
		goto out;
	if (o->head != NULL && o->head->seq == 0 &&
	    sodium_memcmp(o->head->hash, h, PLENUM_EVENT_HASH_LEN) != 0) {
		err = fault(res, diag, PLENUM_EVENT_FAULT_HASH, 0,
			    "genesis hash differs from the expected head");
		goto out;
	}
	for (;;) {
		if ((r = src->next(src->ctx, &item)) < 0) {
			err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
					      "cannot read event %llu",
					      (unsigned long long)pos);
			goto out;
		}
		if (r == 0)
			break;
		if (o->head != NULL && pos == o->head->seq) {
			err = fault(res, diag, PLENUM_EVENT_FAULT_HEAD, pos,
				    "event %llu is after the expected head",
				    (unsigned long long)pos);
			goto out;
		}
		memset(&d, 0, sizeof(d));
		if ((err = plenum_event_decode(item.data, item.len, &ev, &d)) !=
		    PLENUM_OK) {
			if (err == PLENUM_ENOMEM)
				goto out;
			err = fault(res, diag, PLENUM_EVENT_FAULT_DECODE, pos,
				    "event %llu: byte %lu: %s",
				    (unsigned long long)pos, d.column,
				    d.message);
			goto out;
		}
		if (ev->seq != pos + 1) {
			err = fault(res, diag, PLENUM_EVENT_FAULT_SEQUENCE, pos,
				    "event %llu has seq %llu, expected %llu",
				    (unsigned long long)pos,
				    (unsigned long long)ev->seq,
				    (unsigned long long)pos + 1);
			goto out;
		}
		if (ev->time < prev) {
			err = fault(res, diag, PLENUM_EVENT_FAULT_TIME, pos,
				    "event %llu is earlier than the one "
				    "before it",
				    (unsigned long long)pos);
			goto out;
		}
		prev = ev->time;
		plenum_event_chain_step(h, item.data, item.len, h);
		if (item.hash != NULL &&
		    sodium_memcmp(item.hash, h, PLENUM_EVENT_HASH_LEN) != 0) {
			err = fault(res, diag, PLENUM_EVENT_FAULT_HASH, pos,
				    "event %llu: recorded hash differs",
				    (unsigned long long)pos);
			goto out;
		}
		if (o->on_event != NULL &&
		    (err = o->on_event(o->ctx, ev)) != PLENUM_OK)
			goto out;
		plenum_event_free(ev);
		ev = NULL;
		pos++;
		if ((err = check_points(g, o, &ci, pos, h, res, diag)) !=
		    PLENUM_OK)
			goto out;
		if (o->head != NULL && o->head->seq == pos &&
		    sodium_memcmp(o->head->hash, h, PLENUM_EVENT_HASH_LEN) !=
			    0) {
			err = fault(res, diag, PLENUM_EVENT_FAULT_HASH, pos - 1,
				    "event %llu: hash differs from the "
				    "expected head",
				    (unsigned long long)pos - 1);
			goto out;
		}
	}
	if (ci < o->ncheckpoints) {
		res->checkpoint = ci;
		err = fault(res, diag,
			    PLENUM_EVENT_FAULT_CHECKPOINT_UNKNOWN_SEQ, pos,
			    "checkpoint %zu names seq %llu, but the log ends "
			    "at %llu",
			    ci, (unsigned long long)o->checkpoints[ci].seq,
			    (unsigned long long)pos);
		goto out;
	}
	if (o->head != NULL && o->head->seq > pos) {
		err = fault(res, diag, PLENUM_EVENT_FAULT_HEAD, pos,
			    "the log ends at %llu, before the expected head "
			    "%llu",
			    (unsigned long long)pos,
			    (unsigned long long)o->head->seq);
		goto out;
	}
	res->nevents = pos;
	memcpy(res->head_hash, h, sizeof(h));
	res->head_signed = o->ncheckpoints > 0 && res->signed_seq == pos;
	err = PLENUM_OK;
out:
	plenum_event_free(ev);
	return err;
}

/* ------------------------------------------------------------------ export */

int
plenum_event_buf_write(void *ctx, const void *p, size_t n)
{
	return plenum_buf_add(ctx, p, n) == PLENUM_OK ? 0 : -1;
}

static enum plenum_err
emit(const struct plenum_event_sink *sink, const void *p, size_t n)
{
	return sink->write(sink->ctx, p, n) == 0 ? PLENUM_OK : PLENUM_EIO;
}

enum plenum_err
plenum_event_export_write(const struct plenum_event_genesis *g,
			  const struct plenum_event_source *src,
			  const struct plenum_event_checkpoint *checkpoints,
			  size_t ncheckpoints,
			  const struct plenum_event_sink *sink)
{
	struct plenum_buf b;
	struct plenum_event_item item;
	unsigned char n[8];
	size_t count = 0, i;
	int r;
	enum plenum_err err;

	plenum_buf_init(&b, 1024);
	if (ncheckpoints > PLENUM_EVENT_MAX_LOG) {
		err = PLENUM_ELIMIT;
		goto out;
	}
	if ((err = plenum_buf_add(&b, EXPORT_MAGIC, EXPORT_MAGIC_LEN)) !=
		    PLENUM_OK ||
	    (err = plenum_event_genesis_encode(g, &b)) != PLENUM_OK)
		goto out;
	if ((err = emit(sink, b.data, b.len)) != PLENUM_OK)
		goto out;
	while ((r = src->next(src->ctx, &item)) > 0) {
		if (item.len < 1 || item.len > PLENUM_EVENT_MAX_ENCODED ||
		    ++count > PLENUM_EVENT_MAX_LOG) {
			err = PLENUM_ELIMIT;
			goto out;
		}
		put_u32(n, (uint32_t)item.len);
		if ((err = emit(sink, n, 4)) != PLENUM_OK ||
		    (err = emit(sink, item.data, item.len)) != PLENUM_OK)
			goto out;
	}
	if (r < 0) {
		err = PLENUM_EIO;
		goto out;
	}
	put_u32(n, 0);
	if ((err = emit(sink, n, 4)) != PLENUM_OK)
		goto out;
	put_u32(n, (uint32_t)ncheckpoints);
	if ((err = emit(sink, n, 4)) != PLENUM_OK)
		goto out;
	for (i = 0; i < ncheckpoints; i++) {
		put_u64(n, checkpoints[i].seq);
		if ((err = emit(sink, n, 8)) != PLENUM_OK ||
		    (err = emit(sink, checkpoints[i].signature,
				PLENUM_EVENT_SIGNATURE_LEN)) != PLENUM_OK)
			goto out;
	}
	err = PLENUM_OK;
out:
	plenum_buf_release(&b);
	return err;
}

struct in {
	const struct plenum_event_reader *r;
	size_t pos; /* bytes read so far */
	struct plenum_diag *diag;
};

/* Reads exactly n bytes; the end of the file first is a syntax error. */
static enum plenum_err
in_exact(struct in *in, void *dst, size_t n, const char *what)
{
	char *p = dst;
	long r;

	while (n > 0) {
		r = in->r->read(in->r->ctx, p, n);
		if (r < 0 || (unsigned long)r > n)
			return plenum_diag_set(in->diag, PLENUM_EIO, 0,
					       (unsigned long)in->pos + 1,
					       "read error");
		if (r == 0)
			return plenum_diag_set(in->diag, PLENUM_ESYNTAX, 0,
					       (unsigned long)in->pos + 1,
					       "file ends inside %s", what);
		p += r;
		n -= (size_t)r;
		in->pos += (size_t)r;
	}
	return PLENUM_OK;
}

static enum plenum_err
in_u32(struct in *in, uint32_t *v, const char *what)
{
	unsigned char b[4];
	enum plenum_err err;

	if ((err = in_exact(in, b, 4, what)) != PLENUM_OK)
		return err;
	*v = get_u32(b);
	return PLENUM_OK;
}

/* Makes room for one more event in log->items (of *alloc). */
static enum plenum_err
grow_items(struct plenum_event_log *log, size_t *alloc)
{
	struct plenum_event_item *p;
	size_t a;

	if (log->nitems < *alloc)
		return PLENUM_OK;
	a = *alloc ? *alloc * 2 : 16;
	if ((p = realloc(log->items, a * sizeof(*p))) == NULL)
		return PLENUM_ENOMEM;
	log->items = p;
	*alloc = a;
	return PLENUM_OK;
}

/* Makes room for one more checkpoint in log->checkpoints (of *alloc). */
static enum plenum_err
grow_checkpoints(struct plenum_event_log *log, size_t *alloc)
{
	struct plenum_event_checkpoint *p;
	size_t a;

	if (log->ncheckpoints < *alloc)
		return PLENUM_OK;
	a = *alloc ? *alloc * 2 : 16;
	if ((p = realloc(log->checkpoints, a * sizeof(*p))) == NULL)
		return PLENUM_ENOMEM;
	log->checkpoints = p;
	*alloc = a;
	return PLENUM_OK;
}

enum plenum_err
plenum_event_export_read(const struct plenum_event_reader *r,
			 struct plenum_event_log **out,
			 struct plenum_diag *diag)
{
	struct in in = { r, 0, diag };
	struct plenum_event_log *log = NULL;
	unsigned char magic[EXPORT_MAGIC_LEN + 5], b[8];
	unsigned char *data = NULL;
	char *id = NULL, c;
	size_t alloc = 0, at;
	uint32_t n, i;
	long got;
	enum plenum_err err;

	*out = NULL;
	if ((log = calloc(1, sizeof(*log))) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	if ((err = in_exact(&in, magic, sizeof(magic), "the header")) !=
	    PLENUM_OK)
		goto out;
	if (memcmp(magic, EXPORT_MAGIC, EXPORT_MAGIC_LEN) != 0) {
		err = plenum_diag_set(diag, PLENUM_ESYNTAX, 0, 1,
				      "not a plenum log export");
		goto out;
	}
	if (memcmp(magic + EXPORT_MAGIC_LEN, GENESIS_MAGIC, 4) != 0 ||
	    magic[EXPORT_MAGIC_LEN + 4] != VERSION) {
		err = plenum_diag_set(diag, PLENUM_ESYNTAX, 0,
				      EXPORT_MAGIC_LEN + 1,
				      "not a version 1 genesis record");
		goto out;
	}
	at = in.pos;
	if ((err = in_u32(&in, &n, "the genesis")) != PLENUM_OK)
		goto out;
	if (n < 1 || n > PLENUM_EVENT_MAX_ASSEMBLY) {
		err = plenum_diag_set(diag, PLENUM_ESYNTAX, 0,
				      (unsigned long)at + 1,
				      "assembly id length %lu out of range",
				      (unsigned long)n);
		goto out;
	}
	if ((id = malloc((size_t)n + 1)) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	at = in.pos;
	if ((err = in_exact(&in, id, n, "the genesis")) != PLENUM_OK)
		goto out;
	id[n] = '\0';
	if (!utf8_valid((const unsigned char *)id, n)) {
		err = plenum_diag_set(diag, PLENUM_ESYNTAX, 0,
				      (unsigned long)at + 1,
				      "assembly id is not valid UTF-8");
		goto out;
	}
	log->genesis.assembly_id = id;
	id = NULL;
	if ((err = in_exact(&in, log->genesis.public_key,
			    PLENUM_EVENT_PUBLIC_LEN, "the genesis")) !=
	    PLENUM_OK)
		goto out;
	for (;;) {
		at = in.pos;
		if ((err = in_u32(&in, &n, "an event length")) != PLENUM_OK)
			goto out;
		if (n == 0)
			break;
		if (n > PLENUM_EVENT_MAX_ENCODED ||
		    log->nitems >= PLENUM_EVENT_MAX_LOG) {
			err = plenum_diag_set(
				diag, PLENUM_ELIMIT, 0, (unsigned long)at + 1,
				"event %zu is over a cap", log->nitems);
			goto out;
		}
		if ((err = grow_items(log, &alloc)) != PLENUM_OK)
			goto out;
		if ((data = malloc(n)) == NULL) {
			err = PLENUM_ENOMEM;
			goto out;
		}
		if ((err = in_exact(&in, data, n, "an event")) != PLENUM_OK)
			goto out;
		log->items[log->nitems].data = data;
		log->items[log->nitems].len = n;
		log->items[log->nitems].hash = NULL;
		log->nitems++;
		data = NULL;
	}
	at = in.pos;
	if ((err = in_u32(&in, &n, "the checkpoint count")) != PLENUM_OK)
		goto out;
	if (n > PLENUM_EVENT_MAX_LOG) {
		err = plenum_diag_set(
			diag, PLENUM_ELIMIT, 0, (unsigned long)at + 1,
			"%lu checkpoints are over the cap", (unsigned long)n);
		goto out;
	}
	alloc = 0;
	for (i = 0; i < n; i++) {
		if ((err = grow_checkpoints(log, &alloc)) != PLENUM_OK)
			goto out;
		if ((err = in_exact(&in, b, 8, "a checkpoint")) != PLENUM_OK ||
		    (err = in_exact(&in, log->checkpoints[i].signature,
				    PLENUM_EVENT_SIGNATURE_LEN,
				    "a checkpoint")) != PLENUM_OK)
			goto out;
		log->checkpoints[i].seq = get_u64(b);
		log->ncheckpoints++;
	}
	got = r->read(r->ctx, &c, 1);
	if (got < 0 || got > 1) {
		err = plenum_diag_set(diag, PLENUM_EIO, 0,
				      (unsigned long)in.pos + 1, "read error");
		goto out;
	}
	if (got != 0) {
		err = plenum_diag_set(diag, PLENUM_ESYNTAX, 0,
				      (unsigned long)in.pos + 1,
				      "bytes after the end of the log");
		goto out;
	}
	*out = log;
	log = NULL;
	err = PLENUM_OK;
out:
	free(data);
	free(id);
	plenum_event_log_free(log);
	if (err == PLENUM_ENOMEM)
		plenum_diag_set(diag, err, 0, 0, "out of memory");
	return err;
}

struct mem {
	const unsigned char *p;
	size_t len;
	size_t pos;
};

static long
mem_read(void *ctx, char *buf, size_t n)
{
	struct mem *m = ctx;

	if (n > m->len - m->pos)
		n = m->len - m->pos;
	if (n > 0)
		memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return (long)n;
}

enum plenum_err
plenum_event_export_read_mem(const void *data, size_t len,
			     struct plenum_event_log **out,
			     struct plenum_diag *diag)
{
	struct mem m = { data, len, 0 };
	struct plenum_event_reader r = { mem_read, &m };

	if (data == NULL)
		m.len = 0;
	return plenum_event_export_read(&r, out, diag);
}

void
plenum_event_log_free(struct plenum_event_log *log)
{
	size_t i;

	if (log == NULL)
		return;
	for (i = 0; i < log->nitems; i++)
		free((void *)log->items[i].data);
	free(log->items);
	free(log->checkpoints);
	free((void *)log->genesis.assembly_id);
	free(log);
}

enum plenum_err
plenum_event_verify_log(const struct plenum_event_log *log,
			const struct plenum_event_genesis *trusted,
			const struct plenum_event_verify_opts *opts,
			struct plenum_event_verify_result *res,
			struct plenum_diag *diag)
{
	struct plenum_event_array a = { log->items, log->nitems, 0 };
	struct plenum_event_source src = { plenum_event_array_next, &a };
	struct plenum_event_verify_opts o;

	if (trusted != NULL &&
	    (trusted->assembly_id == NULL ||
	     strcmp(trusted->assembly_id, log->genesis.assembly_id) != 0 ||
	     sodium_memcmp(trusted->public_key, log->genesis.public_key,
			   PLENUM_EVENT_PUBLIC_LEN) != 0)) {
		memset(res, 0, sizeof(*res));
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "the log belongs to assembly '%s' or "
				       "another key, not the one trusted",
				       log->genesis.assembly_id);
	}
	if (opts != NULL)
		o = *opts;
	else
		memset(&o, 0, sizeof(o));
	o.checkpoints = log->checkpoints;
	o.ncheckpoints = log->ncheckpoints;
	return plenum_event_verify(&log->genesis, &src, &o, res, diag);
}
