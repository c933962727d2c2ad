/*
 * jsonpull.c: streaming pull tokenizer for strict RFC 8259 JSON.
 *
 * The input is read through the caller's read() into one fixed buffer; only
 * string text that does not sit whole in that buffer (or holds escapes) is
 * copied, into a capped plenum_buf that is reused from token to token.
 *
 * Invariants:
 * - buf[pos..end) are the unread bytes and buf[end] is always '\0'.  NUL is
 *   "special" to every scanning loop, so the loops need no bounds check and
 *   stop at end by themselves.
 * - base is the source offset of buf[0], so buf[i] is at offset base + i.
 * - linestart is the offset that column 1 of the current line has (modulo
 *   2^64, so a caller's starting column needs no special case); line and
 *   linestart only change at a '\n' between tokens, since strings cannot
 *   hold a raw newline.
 * - stack[0..depth) says, for each open container, whether it is an object.
 * - Once err is set it never changes and every entry point returns it.
 */
#include "jsonpull.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define BUFSZ	   (64u * 1024)
#define NUMBER_MAX 256 /* longest number literal, in bytes */

_Static_assert(BUFSZ < PLENUM_JSON_MAX_STRING,
	       "a string read in place must be within the string cap");

enum state {
	S_VALUE_TOP,   /* the top-level value */
	S_VALUE_COLON, /* a member's value, after ':' */
	S_VALUE_COMMA, /* an array element, after ',' */
	S_FIRST_ELEM,  /* after '[': an element or ']' */
	S_FIRST_KEY,   /* after '{': a key or '}' */
	S_KEY,	       /* a key, after ',' */
	S_COLON,       /* after a key */
	S_AFTER,       /* after a value inside a container: ',' or its end */
	S_TRAIL,       /* after the top-level value: only white space */
	S_DONE
};

struct plenum_json {
	struct plenum_json_source src;
	size_t pos;
	size_t end;
	uint64_t base;
	uint64_t linestart;
	unsigned long line;
	int eof;
	int fragment;
	int started;
	int depth;
	enum state state;
	enum plenum_err err;
	unsigned long errline;
	unsigned long errcol;
	struct plenum_buf str;
	unsigned char stack[PLENUM_JSON_MAX_DEPTH];
	char num[NUMBER_MAX + 1];
	char msg[160];
	char buf[BUFSZ + 1];
};

/*
 * Bytes that end a run of plain string text: controls (NUL among them, for
 * the sentinel), '"', '\\' and every non-ASCII byte.
 */
/* clang-format off */
#define X16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char special[256] = {
	X16(1), X16(1),		/* 0x00-0x1f */
	['"'] = 1,
	['\\'] = 1,
	[0x80] = X16(1), X16(1), X16(1), X16(1),
		 X16(1), X16(1), X16(1), X16(1),
};
#undef X16
/* clang-format on */

static enum plenum_err vfail(struct plenum_json *j, enum plenum_err err,
			     unsigned long line, unsigned long col,
			     const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static enum plenum_err
vfail(struct plenum_json *j, enum plenum_err err, unsigned long line,
      unsigned long col, const char *fmt, va_list ap)
{
	vsnprintf(j->msg, sizeof(j->msg), fmt, ap);
	j->err = err;
	j->errline = line;
	j->errcol = col;
	return err;
}

static unsigned long
column_at(const struct plenum_json *j, size_t i)
{
	return (unsigned long)(j->base + i - j->linestart) + 1;
}

/* Fails at the byte buf[i] (i == end: the end of the input). */
static enum plenum_err fail(struct plenum_json *j, enum plenum_err err,
			    size_t i, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum plenum_err
fail(struct plenum_json *j, enum plenum_err err, size_t i, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(j, err, j->line, column_at(j, i), fmt, ap);
	va_end(ap);
	return err;
}

/* Fails at the first byte of tok, for limits on the token as a whole. */
static enum plenum_err fail_tok(struct plenum_json *j, enum plenum_err err,
				const struct plenum_json_token *tok,
				const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum plenum_err
fail_tok(struct plenum_json *j, enum plenum_err err,
	 const struct plenum_json_token *tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(j, err, tok->line, tok->column, fmt, ap);
	va_end(ap);
	return err;
}

/* Names buf[i] for a message: 'x', byte 0xNN or end of input. */
static const char *
describe(const struct plenum_json *j, size_t i, char out[16])
{
	unsigned char c;

	if (i >= j->end)
		return "end of input";
	c = (unsigned char)j->buf[i];
	if (c >= 0x20 && c < 0x7f)
		snprintf(out, 16, "'%c'", c);
	else
		snprintf(out, 16, "byte 0x%02x", c);
	return out;
}

/* Fails at buf[pos] with "<what>, found <it>". */
static enum plenum_err
fail_found(struct plenum_json *j, const char *what)
{
	char d[16];

	return fail(j, PLENUM_ESYNTAX, j->pos, "%s, found %s", what,
		    describe(j, j->pos, d));
}

/*
 * Makes at least n unread bytes available unless the input ends first.
 * Callers consume what they can before, so the move is of a few bytes.
 */
static enum plenum_err
fill(struct plenum_json *j, size_t n)
{
	long r;

	while (j->end - j->pos < n && !j->eof) {
		if (j->pos > 0) {
			memmove(j->buf, j->buf + j->pos, j->end - j->pos);
			j->base += j->pos;
			j->end -= j->pos;
			j->pos = 0;
		}
		r = j->src.read(j->src.ctx, j->buf + j->end, BUFSZ - j->end);
		if (r < 0 || (unsigned long)r > BUFSZ - j->end) {
			j->buf[j->end] = '\0';
			return fail(j, PLENUM_EIO, j->end, "read error");
		}
		if (r == 0)
			j->eof = 1;
		j->end += (size_t)r;
		j->buf[j->end] = '\0';
	}
	return PLENUM_OK;
}

/* Returns the next unread byte, -1 at the end of input, -2 on error. */
static int
peekc(struct plenum_json *j)
{
	if (j->pos < j->end)
		return (unsigned char)j->buf[j->pos];
	if (fill(j, 1) != PLENUM_OK)
		return -2;
	return j->pos < j->end ? (unsigned char)j->buf[j->pos] : -1;
}

/* Skips white space; returns as peekc(). */
static int
skip_ws(struct plenum_json *j)
{
	const unsigned char *b, *p;

	for (;;) {
		b = (const unsigned char *)j->buf;
		p = b + j->pos;
		for (;;) {
			if (*p == ' ' || *p == '\t' || *p == '\r') {
				p++;
			} else if (*p == '\n') {
				p++;
				j->line++;
				j->linestart = j->base + (uint64_t)(p - b);
			} else {
				break;
			}
		}
		j->pos = (size_t)(p - b);
		if (j->pos < j->end)
			return *p;
		if (fill(j, 1) != PLENUM_OK)
			return -2;
		if (j->pos == j->end)
			return -1;
	}
}

static void
set_pos(const struct plenum_json *j, struct plenum_json_token *tok)
{
	tok->offset = j->base + j->pos;
	tok->line = j->line;
	tok->column = column_at(j, j->pos);
	tok->depth = j->depth;
}

/* Length of the UTF-8 sequence a lead byte starts; 0 if it cannot lead. */
static size_t
utf8_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* Checks one sequence of n = utf8_len(s[0]) bytes (Unicode table 3-7). */
static int
utf8_ok(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t k;

	switch (s[0]) {
	case 0xe0:
		lo = 0xa0; /* overlong below */
		break;
	case 0xed:
		hi = 0x9f; /* surrogates above */
		break;
	case 0xf0:
		lo = 0x90; /* overlong below */
		break;
	case 0xf4:
		hi = 0x8f; /* beyond U+10FFFF above */
		break;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k < n; k++)
		if (s[k] < 0x80 || s[k] > 0xbf)
			return 0;
	return 1;
}

/* Appends to the string text, naming the string's position on failure. */
static enum plenum_err
add(struct plenum_json *j, const struct plenum_json_token *tok, const void *p,
    size_t n)
{
	enum plenum_err err;

	err = plenum_buf_add(&j->str, p, n);
	if (err == PLENUM_ELIMIT)
		return fail_tok(j, err, tok, "string longer than %u bytes",
				PLENUM_JSON_MAX_STRING);
	if (err != PLENUM_OK)
		return fail_tok(j, err, tok, "out of memory");
	return PLENUM_OK;
}

/* Moves buf[pos..i) into the string text. */
static enum plenum_err
flush(struct plenum_json *j, const struct plenum_json_token *tok, size_t i)
{
	size_t from = j->pos;

	j->pos = i;
	return add(j, tok, j->buf + from, i - from);
}

static enum plenum_err
add_utf8(struct plenum_json *j, const struct plenum_json_token *tok,
	 unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return add(j, tok, u, n);
}

/* Reads the 4 hex digits at buf[i..i+4); fails at the first bad one. */
static enum plenum_err
hex4(struct plenum_json *j, size_t i, unsigned long *cp)
{
	char d[16];
	size_t k;
	int c;

	*cp = 0;
	for (k = i; k < i + 4; k++) {
		c = k < j->end ? (unsigned char)j->buf[k] : -1;
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return fail(j, PLENUM_ESYNTAX, k,
				    "expected 4 hex digits after '\\u' in "
				    "string, found %s",
				    describe(j, k, d));
		*cp = *cp << 4 | (unsigned long)c;
	}
	return PLENUM_OK;
}

/* Decodes the \uXXXX escape at buf[pos], or a surrogate pair of them. */
static enum plenum_err
escape_u(struct plenum_json *j, const struct plenum_json_token *tok)
{
	unsigned long cp, lo;
	size_t n = 6;
	enum plenum_err err;

	if ((err = fill(j, 6)) != PLENUM_OK ||
	    (err = hex4(j, j->pos + 2, &cp)) != PLENUM_OK)
		return err;
	if (cp == 0)
		return fail(j, PLENUM_ESYNTAX, j->pos,
			    "\\u0000 is not allowed in a string");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(j, PLENUM_ESYNTAX, j->pos,
			    "unpaired surrogate \\u%04lx in string", cp);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		/* only now read ahead: a low surrogate's escape must follow */
		if ((err = fill(j, 12)) != PLENUM_OK)
			return err;
		if (j->end - j->pos < 8 || j->buf[j->pos + 6] != '\\' ||
		    j->buf[j->pos + 7] != 'u')
			return fail(j, PLENUM_ESYNTAX, j->pos,
				    "unpaired surrogate \\u%04lx in string",
				    cp);
		if ((err = hex4(j, j->pos + 8, &lo)) != PLENUM_OK)
			return err;
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail(j, PLENUM_ESYNTAX, j->pos,
				    "unpaired surrogate \\u%04lx in string",
				    cp);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		n = 12;
	}
	if ((err = add_utf8(j, tok, cp)) != PLENUM_OK)
		return err;
	j->pos += n;
	return PLENUM_OK;
}

/* Decodes the escape at buf[pos] == '\\' into the string text. */
static enum plenum_err
escape(struct plenum_json *j, const struct plenum_json_token *tok)
{
	char d[16], c;
	enum plenum_err err;

	if ((err = fill(j, 2)) != PLENUM_OK)
		return err;
	if (j->end - j->pos < 2)
		return fail(j, PLENUM_ESYNTAX, j->end, "unterminated string");
	switch (j->buf[j->pos + 1]) {
	case '"':
	case '\\':
	case '/':
		c = j->buf[j->pos + 1];
		break;
	case 'b':
		c = '\b';
		break;
	case 'f':
		c = '\f';
		break;
	case 'n':
		c = '\n';
		break;
	case 'r':
		c = '\r';
		break;
	case 't':
		c = '\t';
		break;
	case 'u':
		return escape_u(j, tok);
	default:
		return fail(j, PLENUM_ESYNTAX, j->pos + 1,
			    "invalid escape in string: expected one of "
			    "\"\\/bfnrtu after '\\', found %s",
			    describe(j, j->pos + 1, d));
	}
	if ((err = add(j, tok, &c, 1)) != PLENUM_OK)
		return err;
	j->pos += 2;
	return PLENUM_OK;
}

/*
 * Reads the string whose '"' is at buf[pos].  Plain text that lies whole in
 * the buffer is returned in place, its closing quote overwritten with NUL;
 * anything else is assembled in j->str.
 */
static enum plenum_err
lex_string(struct plenum_json *j, struct plenum_json_token *tok)
{
	unsigned char *b;
	size_t i, n;
	int copied = 0;
	enum plenum_err err;

	j->pos++;
	i = j->pos;
	for (;;) {
		b = (unsigned char *)j->buf;
		while (!special[b[i]])
			i++;
		if (b[i] == '"')
			break;
		n = b[i] >= 0x80 ? utf8_len(b[i]) : 0;
		if (n != 0 && j->end - i >= n) {
			if (!utf8_ok(b + i, n))
				return fail(j, PLENUM_ESYNTAX, i,
					    "invalid utf-8 in string");
			i += n;
			continue;
		}
		if (i < j->end && b[i] < 0x20)
			return fail(j, PLENUM_ESYNTAX, i,
				    "control character 0x%02x in string must "
				    "be escaped",
				    b[i]);
		if (i < j->end && b[i] >= 0x80 && n == 0)
			return fail(j, PLENUM_ESYNTAX, i,
				    "invalid utf-8 in string");

		/* an escape or a refill: the text leaves the buffer */
		if (!copied) {
			plenum_buf_reset(&j->str);
			copied = 1;
		}
		if ((err = flush(j, tok, i)) != PLENUM_OK)
			return err;
		if (i < j->end && b[i] == '\\') {
			if ((err = escape(j, tok)) != PLENUM_OK)
				return err;
		} else {
			/* the sentinel, or a sequence cut by it */
			if ((err = fill(j, n ? n : 1)) != PLENUM_OK)
				return err;
			if (j->pos == j->end)
				return fail(j, PLENUM_ESYNTAX, j->end,
					    "unterminated string");
			if (j->end - j->pos < n)
				return fail(j, PLENUM_ESYNTAX, j->pos,
					    "invalid utf-8 in string");
		}
		i = j->pos;
	}
	if (!copied) {
		b[i] = '\0';
		tok->text = j->buf + j->pos;
		tok->len = i - j->pos;
	} else {
		if ((err = flush(j, tok, i)) != PLENUM_OK)
			return err;
		tok->text = plenum_buf_str(&j->str);
		tok->len = j->str.len;
	}
	j->pos = i + 1;
	return PLENUM_OK;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Copies buf[pos] into the number text; returns the byte after it. */
static int
take(struct plenum_json *j, const struct plenum_json_token *tok, size_t *n)
{
	if (*n == NUMBER_MAX) {
		fail_tok(j, PLENUM_ELIMIT, tok, "number longer than %d bytes",
			 NUMBER_MAX);
		return -2;
	}
	j->num[(*n)++] = j->buf[j->pos++];
	return peekc(j);
}

/* Fails at buf[pos] with "expected a digit <where>, found <it>". */
static enum plenum_err
fail_digit(struct plenum_json *j, int c, const char *where)
{
	char d[16];

	if (c == -2)
		return j->err;
	return fail(j, PLENUM_ESYNTAX, j->pos,
		    "expected a digit %s in number, found %s", where,
		    describe(j, j->pos, d));
}

/*
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, copied as written.  The
 * byte after the number is only looked at, so a fragment ends there.
 */
static enum plenum_err
lex_number(struct plenum_json *j, struct plenum_json_token *tok)
{
	size_t n = 0;
	int c = (unsigned char)j->buf[j->pos];

	if (c == '-' && !is_digit(c = take(j, tok, &n)))
		return fail_digit(j, c, "after '-'");
	if (c == '0') {
		c = take(j, tok, &n);
		if (is_digit(c))
			return fail(j, PLENUM_ESYNTAX, j->pos,
				    "leading zero in number");
	} else {
		while (is_digit(c))
			c = take(j, tok, &n);
	}
	if (c == '.') {
		if (!is_digit(c = take(j, tok, &n)))
			return fail_digit(j, c, "after '.'");
		while (is_digit(c))
			c = take(j, tok, &n);
	}
	if (c == 'e' || c == 'E') {
		c = take(j, tok, &n);
		if (c == '+' || c == '-')
			c = take(j, tok, &n);
		if (!is_digit(c))
			return fail_digit(j, c, "in the exponent");
		while (is_digit(c))
			c = take(j, tok, &n);
	}
	if (c == -2)
		return j->err;
	j->num[n] = '\0';
	tok->type = PLENUM_JSON_NUMBER;
	tok->text = j->num;
	tok->len = n;
	return PLENUM_OK;
}

static enum plenum_err
lex_literal(struct plenum_json *j, struct plenum_json_token *tok,
	    const char *word, enum plenum_json_type type)
{
	size_t k, n = strlen(word);
	char d[16];
	enum plenum_err err;

	if ((err = fill(j, n)) != PLENUM_OK)
		return err;
	for (k = 1; k < n; k++)
		if (j->pos + k >= j->end || j->buf[j->pos + k] != word[k])
			return fail(j, PLENUM_ESYNTAX, j->pos + k,
				    "expected '%s', found %s", word,
				    describe(j, j->pos + k, d));
	j->pos += n;
	tok->type = type;
	tok->text = word;
	tok->len = n;
	return PLENUM_OK;
}

/* A value is complete: what may follow depends on what encloses it. */
static void
value_done(struct plenum_json *j)
{
	if (j->depth > 0)
		j->state = S_AFTER;
	else if (j->fragment)
		j->state = S_DONE; /* read nothing past the value */
	else
		j->state = S_TRAIL;
}

static enum plenum_err
begin(struct plenum_json *j, struct plenum_json_token *tok, int object)
{
	if (j->depth == PLENUM_JSON_MAX_DEPTH)
		return fail(j, PLENUM_ELIMIT, j->pos,
			    "containers nested deeper than %d levels",
			    PLENUM_JSON_MAX_DEPTH);
	j->stack[j->depth++] = (unsigned char)object;
	j->pos++;
	tok->type = object ? PLENUM_JSON_OBJECT_BEGIN : PLENUM_JSON_ARRAY_BEGIN;
	tok->text = object ? "{" : "[";
	tok->len = 1;
	tok->depth = j->depth;
	j->state = object ? S_FIRST_KEY : S_FIRST_ELEM;
	return PLENUM_OK;
}

/* buf[pos] closes the innermost container; the END keeps its BEGIN's depth. */
static enum plenum_err
end(struct plenum_json *j, struct plenum_json_token *tok)
{
	int object = j->stack[j->depth - 1];

	set_pos(j, tok);
	tok->type = object ? PLENUM_JSON_OBJECT_END : PLENUM_JSON_ARRAY_END;
	tok->text = object ? "}" : "]";
	tok->len = 1;
	j->pos++;
	j->depth--;
	value_done(j);
	return PLENUM_OK;
}

static enum plenum_err
value(struct plenum_json *j, struct plenum_json_token *tok, int c)
{
	enum plenum_err err;

	set_pos(j, tok);
	switch (c) {
	case '"':
		tok->type = PLENUM_JSON_STRING;
		err = lex_string(j, tok);
		break;
	case '{':
		return begin(j, tok, 1);
	case '[':
		return begin(j, tok, 0);
	case 't':
		err = lex_literal(j, tok, "true", PLENUM_JSON_TRUE);
		break;
	case 'f':
		err = lex_literal(j, tok, "false", PLENUM_JSON_FALSE);
		break;
	case 'n':
		err = lex_literal(j, tok, "null", PLENUM_JSON_NULL);
		break;
	case '-':
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9':
		err = lex_number(j, tok);
		break;
	default:
		switch (j->state) {
		case S_VALUE_COLON:
			return fail_found(j, "expected a value after ':'");
		case S_VALUE_COMMA:
			return fail_found(j, "expected a value after ','");
		case S_FIRST_ELEM:
			return fail_found(j, "expected a value or ']'");
		default:
			return fail_found(j, "expected a value");
		}
	}
	if (err == PLENUM_OK)
		value_done(j);
	return err;
}

struct plenum_json *
plenum_json_new(const struct plenum_json_source *src, int fragment,
		unsigned long line, unsigned long column, uint64_t offset)
{
	struct plenum_json *j;

	if ((j = malloc(sizeof(*j))) == NULL)
		return NULL;
	j->src = *src;
	j->pos = 0;
	j->end = 0;
	j->buf[0] = '\0';
	j->base = offset;
	j->line = line;
	j->linestart = offset - (column > 0 ? column - 1 : 0);
	j->eof = 0;
	j->fragment = fragment != 0;
	j->started = 0;
	j->depth = 0;
	j->state = S_VALUE_TOP;
	j->err = PLENUM_OK;
	j->errline = 0;
	j->errcol = 0;
	j->msg[0] = '\0';
	plenum_buf_init(&j->str, PLENUM_JSON_MAX_STRING);
	return j;
}

void
plenum_json_free(struct plenum_json *json)
{
	if (json == NULL)
		return;
	plenum_buf_release(&json->str);
	free(json);
}

/* A UTF-8 byte-order mark may open a whole document; columns start after it. */
static enum plenum_err
skip_bom(struct plenum_json *j)
{
	enum plenum_err err;

	if ((err = fill(j, 3)) != PLENUM_OK)
		return err;
	if (j->end - j->pos >= 3 &&
	    memcmp(j->buf + j->pos, "\xef\xbb\xbf", 3) == 0) {
		j->pos += 3;
		j->linestart += 3;
	}
	return PLENUM_OK;
}

enum plenum_err
plenum_json_next(struct plenum_json *json, struct plenum_json_token *tok)
{
	struct plenum_json *j = json;
	int c;

	tok->type = PLENUM_JSON_END;
	tok->text = "";
	tok->len = 0;
	tok->depth = j->depth;
	if (j->err != PLENUM_OK)
		return j->err;
	if (!j->started) {
		j->started = 1;
		if (!j->fragment && skip_bom(j) != PLENUM_OK)
			return j->err;
	}
	for (;;) {
		if (j->state == S_DONE) {
			set_pos(j, tok);
			return PLENUM_OK;
		}
		if ((c = skip_ws(j)) == -2)
			return j->err;
		switch (j->state) {
		case S_AFTER:
			if (c == ',') {
				j->pos++;
				j->state = j->stack[j->depth - 1]
						   ? S_KEY
						   : S_VALUE_COMMA;
				continue;
			}
			if (j->stack[j->depth - 1]) {
				if (c == '}')
					return end(j, tok);
				return fail_found(j,
						  "expected ',' or '}' after "
						  "object member");
			}
			if (c == ']')
				return end(j, tok);
			return fail_found(j, "expected ',' or ']' after array "
					     "element");
		case S_COLON:
			if (c == ':') {
				j->pos++;
				j->state = S_VALUE_COLON;
				continue;
			}
			return fail_found(j, "expected ':' after object key");
		case S_TRAIL:
			if (c == -1) {
				j->state = S_DONE;
				continue;
			}
			return fail_found(j, "expected end of input after the "
					     "top-level value");
		case S_FIRST_KEY:
		case S_KEY:
			if (c == '}' && j->state == S_FIRST_KEY)
				return end(j, tok);
			if (c != '"')
				return fail_found(
					j,
					j->state == S_FIRST_KEY
						? "expected a string key or '}'"
						: "expected a string key after "
						  "','");
			set_pos(j, tok);
			tok->type = PLENUM_JSON_KEY;
			if (lex_string(j, tok) != PLENUM_OK)
				return j->err;
			j->state = S_COLON;
			return PLENUM_OK;
		case S_FIRST_ELEM:
			if (c == ']')
				return end(j, tok);
			return value(j, tok, c);
		default:
			return value(j, tok, c);
		}
	}
}

/*
 * A KEY is skipped with its member's value, as a convenience for callers
 * that ignore unknown members.
 */
enum plenum_err
plenum_json_skip(struct plenum_json *json,
		 const struct plenum_json_token *first)
{
	struct plenum_json_token t;
	enum plenum_err err;
	int depth;

	if (json->err != PLENUM_OK)
		return json->err;
	switch (first->type) {
	case PLENUM_JSON_KEY:
		if ((err = plenum_json_next(json, &t)) != PLENUM_OK)
			return err;
		return plenum_json_skip(json, &t);
	case PLENUM_JSON_OBJECT_BEGIN:
	case PLENUM_JSON_ARRAY_BEGIN:
		depth = first->depth;
		break;
	default:
		return PLENUM_OK;
	}
	for (;;) {
		if ((err = plenum_json_next(json, &t)) != PLENUM_OK)
			return err;
		if ((t.type == PLENUM_JSON_OBJECT_END ||
		     t.type == PLENUM_JSON_ARRAY_END) &&
		    t.depth == depth)
			return PLENUM_OK;
		if (t.type == PLENUM_JSON_END)
			return PLENUM_EINTERNAL; /* first was not just read */
	}
}

const char *
plenum_json_error(const struct plenum_json *json, unsigned long *line,
		  unsigned long *column)
{
	if (line != NULL)
		*line = json->errline;
	if (column != NULL)
		*column = json->errcol;
	return json->err != PLENUM_OK ? json->msg : "no error";
}

enum plenum_err
plenum_json_int(const struct plenum_json_token *tok, int64_t *out)
{
	const char *s = tok->text;
	uint64_t v = 0, max = INT64_MAX;
	unsigned d;
	int neg = 0;

	if (tok->type != PLENUM_JSON_NUMBER)
		return PLENUM_EINPUT;
	if (*s == '-') {
		neg = 1;
		max = (uint64_t)INT64_MAX + 1;
		s++;
	}
	if (!is_digit(*s))
		return PLENUM_EINPUT;
	for (; is_digit(*s); s++) {
		d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			return PLENUM_EINPUT;
		v = v * 10 + d;
	}
	if (*s != '\0')
		return PLENUM_EINPUT; /* a fraction or an exponent */
	if (!neg)
		*out = (int64_t)v;
	else if (v == (uint64_t)INT64_MAX + 1)
		*out = INT64_MIN;
	else
		*out = -(int64_t)v;
	return PLENUM_OK;
}
