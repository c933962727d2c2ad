/*
 * fuzz_jsonpull.c: libFuzzer harness for the streaming JSON tokenizer.
 *
 * The whole input is the document.  A control value taken from its first
 * byte and its length (so that plain JSON seeds still get varied runs)
 * steers the run: the low 5 bits pick a chunk size for the reader, bit 7
 * makes the size vary from read to read, bit 6 skips some containers with
 * plenum_json_skip(), bit 5 also runs the input in fragment mode.  Each run
 * is done twice, once through the chunked reader and once in a single
 * chunk, and the two must agree token for token; every token is checked
 * against the input bytes it claims to start at.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpull.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct feed {
	const uint8_t *data;
	size_t len;
	size_t pos;
	unsigned ctl;
	int chunked;
	unsigned calls;
};

static long
feed_read(void *ctx, char *buf, size_t n)
{
	struct feed *f = ctx;
	size_t k = f->len - f->pos, c;

	if (f->chunked) {
		c = (f->ctl & 0x1f) + 1;
		if (f->ctl & 0x80)
			c = 1 + (c * 31 + f->calls * 17) % 97;
		if (k > c)
			k = c;
	}
	if (k > n)
		k = n;
	f->calls++;
	memcpy(buf, f->data + f->pos, k);
	f->pos += k;
	return (long)k;
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x100000001b3ull;
	return h;
}

static uint64_t
mix_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = mix(h, s[i]);
	return h;
}

static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	uint32_t cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			len = 2, cp = s[i] & 0x1f;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			len = 3, cp = s[i] & 0x0f;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			len = 4, cp = s[i] & 0x07;
		else
			return 0;
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += len;
	}
	return 1;
}

/* The byte a token of this type must start with, 0 for any digit or '-'. */
static int
first_byte(enum plenum_json_type type)
{
	switch (type) {
	case PLENUM_JSON_OBJECT_BEGIN:
		return '{';
	case PLENUM_JSON_OBJECT_END:
		return '}';
	case PLENUM_JSON_ARRAY_BEGIN:
		return '[';
	case PLENUM_JSON_ARRAY_END:
		return ']';
	case PLENUM_JSON_KEY:
	case PLENUM_JSON_STRING:
		return '"';
	case PLENUM_JSON_TRUE:
		return 't';
	case PLENUM_JSON_FALSE:
		return 'f';
	case PLENUM_JSON_NULL:
		return 'n';
	default:
		return 0;
	}
}

/* Checks that tok's line and column agree with its offset into data. */
static void
check_position(const uint8_t *data, size_t size,
	       const struct plenum_json_token *tok, int bom)
{
	unsigned long line = 1;
	uint64_t i, linestart = bom ? 3 : 0;

	if (tok->offset > size)
		abort();
	for (i = 0; i < tok->offset; i++)
		if (data[i] == '\n') {
			line++;
			linestart = i + 1;
		}
	if (tok->line != line || tok->column != tok->offset - linestart + 1)
		abort();
}

static void
check_token(const uint8_t *data, size_t size,
	    const struct plenum_json_token *tok, int bom)
{
	int64_t v;
	char num[32];
	int c;

	if (tok->text == NULL || strlen(tok->text) != tok->len)
		abort();
	if (tok->depth < 0 || tok->depth > PLENUM_JSON_MAX_DEPTH)
		abort();
	if (tok->type == PLENUM_JSON_END) {
		if (tok->offset > size)
			abort();
		return;
	}
	if (size <= 4096)
		check_position(data, size, tok, bom);
	if (tok->offset >= size)
		abort();
	c = first_byte(tok->type);
	if (c != 0 && data[tok->offset] != c)
		abort();
	switch (tok->type) {
	case PLENUM_JSON_KEY:
	case PLENUM_JSON_STRING:
		if (tok->len > PLENUM_JSON_MAX_STRING ||
		    !utf8_valid((const unsigned char *)tok->text, tok->len))
			abort();
		break;
	case PLENUM_JSON_NUMBER:
		/* the literal is the input, byte for byte */
		if (tok->len > size - tok->offset ||
		    memcmp(tok->text, data + tok->offset, tok->len) != 0)
			abort();
		if (plenum_json_int(tok, &v) == PLENUM_OK) {
			snprintf(num, sizeof(num), "%lld", (long long)v);
			if (strcmp(num, tok->text) != 0 &&
			    strcmp(tok->text, "-0") != 0)
				abort();
		}
		break;
	default:
		break;
	}
}

/* Tokenizes data and returns a hash of everything that came out. */
static uint64_t
tokenize(const uint8_t *data, size_t size, unsigned ctl, int chunked,
	 int fragment)
{
	struct feed f = { data, size, 0, ctl, chunked, 0 };
	struct plenum_json_source src = { feed_read, &f };
	struct plenum_json *j;
	struct plenum_json_token tok;
	enum plenum_err err;
	unsigned long line, col;
	const char *msg;
	uint64_t h = 0xcbf29ce484222325ull;
	unsigned n = 0;
	int bom =
		!fragment && size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0;

	j = plenum_json_new(&src, fragment, 1, 1, 0);
	if (j == NULL)
		return 0;
	for (;;) {
		err = plenum_json_next(j, &tok);
		if (err != PLENUM_OK)
			break;
		check_token(data, size, &tok, bom);
		h = mix(h, tok.type);
		h = mix(h, tok.offset);
		h = mix(h, (uint64_t)tok.depth);
		h = mix_bytes(h, tok.text, tok.len);
		if (tok.type == PLENUM_JSON_END)
			break;
		n++;
		if ((ctl & 0x40) && n % 3 == 0 &&
		    (tok.type == PLENUM_JSON_OBJECT_BEGIN ||
		     tok.type == PLENUM_JSON_ARRAY_BEGIN ||
		     tok.type == PLENUM_JSON_KEY)) {
			err = plenum_json_skip(j, &tok);
			h = mix(h, 0x5c1b);
			if (err != PLENUM_OK)
				break;
		}
	}
	h = mix(h, err);
	if (err != PLENUM_OK) {
		msg = plenum_json_error(j, &line, &col);
		if (msg[0] == '\0' || line == 0 || col == 0)
			abort();
		h = mix_bytes(h, msg, strlen(msg));
		h = mix(h, line);
		h = mix(h, col);
		/* sticky */
		if (plenum_json_next(j, &tok) != err ||
		    plenum_json_skip(j, &tok) != err)
			abort();
	} else if (!fragment && f.pos != size) {
		abort(); /* END before the whole document was read */
	}
	plenum_json_free(j);
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned ctl;

	if (size == 0)
		return 0;
	ctl = (data[0] ^ (unsigned)size) & 0xff;
	if (tokenize(data, size, ctl, 1, 0) != tokenize(data, size, ctl, 0, 0))
		abort();
	if ((ctl & 0x20) &&
	    tokenize(data, size, ctl, 1, 1) != tokenize(data, size, ctl, 0, 1))
		abort();
	return 0;
}
