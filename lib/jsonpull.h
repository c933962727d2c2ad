/*
 * jsonpull.h: a streaming (pull) JSON tokenizer that knows where each token is.
 *
 * Why not jansson for election files: jansson builds the whole tree in
 * memory and keeps no position for values, while a ballot file may hold ten
 * million entries and every semantic error must name FILE:LINE:COLUMN.
 * jansson is still used to write results.
 *
 * The tokenizer is strict RFC 8259: UTF-8 only (overlong forms, surrogates
 * and code points above U+10FFFF are rejected), no comments, no trailing
 * commas, no leading zeros, no NaN.  A UTF-8 byte-order mark at the start of
 * a whole document is skipped.  \u0000 inside a string is rejected, so every
 * string token is a C string.  Depth and string length are capped.
 */
#ifndef PLENUM_JSONPULL_H
#define PLENUM_JSONPULL_H

#include <stdint.h>
#include <stddef.h>

#include "err.h"

/* Caps; exceeding one gives PLENUM_ELIMIT. */
#define PLENUM_JSON_MAX_DEPTH  64
#define PLENUM_JSON_MAX_STRING (1u << 20) /* bytes after unescaping */

/*
 * The byte source.  read() fills up to n bytes of buf and returns how many it
 * wrote, 0 at the end of input, or -1 on error (the tokenizer then returns
 * PLENUM_EIO).  The library does no I/O of its own.
 */
struct plenum_json_source {
	long (*read)(void *ctx, char *buf, size_t n);
	void *ctx;
};

enum plenum_json_type {
	PLENUM_JSON_END = 0, /* no more tokens: see plenum_json_next() */
	PLENUM_JSON_OBJECT_BEGIN,
	PLENUM_JSON_OBJECT_END,
	PLENUM_JSON_ARRAY_BEGIN,
	PLENUM_JSON_ARRAY_END,
	PLENUM_JSON_KEY, /* an object member's name; its value follows */
	PLENUM_JSON_STRING,
	PLENUM_JSON_NUMBER, /* text holds the number exactly as written */
	PLENUM_JSON_TRUE,
	PLENUM_JSON_FALSE,
	PLENUM_JSON_NULL
};

struct plenum_json_token {
	enum plenum_json_type type;
	/* KEY and STRING: the unescaped UTF-8 text; NUMBER: the literal.
	 * NUL-terminated.  Borrowed: valid until the next call on the parser.
	 */
	const char *text;
	size_t len;
	/* Position of the token's first byte: line and column are 1-based and
	 * count bytes; offset counts bytes from the start of the source. */
	unsigned long line;
	unsigned long column;
	uint64_t offset;
	/* Containers open around this token (after a BEGIN: inside it; an END
	 * has the depth of its BEGIN). */
	int depth;
};

struct plenum_json;

/*
 * Creates a tokenizer reading src (copied; src->ctx is borrowed and must
 * outlive the tokenizer).
 *
 * Whole-document mode (fragment == 0): exactly one JSON value, then only
 * whitespace to the end of input.  line/column/offset give the position of
 * the source's first byte, normally 1, 1, 0.
 *
 * Fragment mode (fragment != 0): the source is positioned at the first byte
 * of one value inside a larger document (for example an array found by an
 * earlier pass); tokens carry positions counted from the given line, column
 * and offset, and the tokenizer ends after that one value without reading
 * what follows.
 *
 * Returns NULL when out of memory.
 */
struct plenum_json *plenum_json_new(const struct plenum_json_source *src,
				    int fragment, unsigned long line,
				    unsigned long column, uint64_t offset);

/* Frees the tokenizer.  NULL is a no-op. */
void plenum_json_free(struct plenum_json *json);

/*
 * Reads the next token into *tok.  Returns PLENUM_OK with tok->type set
 * (PLENUM_JSON_END once the top-level value is complete and, in
 * whole-document mode, only whitespace followed), or PLENUM_ESYNTAX,
 * PLENUM_ELIMIT, PLENUM_EIO or PLENUM_ENOMEM.  After an error every further
 * call returns the same error; plenum_json_error() tells where and why.
 */
enum plenum_err plenum_json_next(struct plenum_json *json,
				 struct plenum_json_token *tok);

/*
 * Skips the value whose first token was just returned in *first (a scalar, or
 * a BEGIN whose container is then consumed to its END).  Returns as
 * plenum_json_next().
 */
enum plenum_err plenum_json_skip(struct plenum_json *json,
				 const struct plenum_json_token *first);

/* After an error: a lower-case message and the position of the offending
 * byte.  The message is borrowed from the tokenizer.  line/column may be
 * NULL. */
const char *plenum_json_error(const struct plenum_json *json,
			      unsigned long *line, unsigned long *column);

/*
 * Reads a NUMBER token as an integer.  Returns PLENUM_OK, or PLENUM_EINPUT
 * when the token is not a NUMBER, has a fraction or exponent (1.0 and 1e2 are
 * rejected), or does not fit in int64_t.
 */
enum plenum_err plenum_json_int(const struct plenum_json_token *tok,
				int64_t *out);

#endif
