/*
 * test_jsonpull.c: unit tests for the streaming JSON tokenizer.
 *
 * Most tests run a document through run(), which records every token (its
 * text copied, since the tokenizer's is borrowed) and the final error, so a
 * case is a row in a table: input, then what must come out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpull.h"

#define NOFAIL ((size_t)-1)

struct reader {
	const char *data;
	size_t len;
	size_t pos;
	size_t chunk;	/* bytes per read(); 0: as many as asked */
	size_t fail_at; /* read() fails once pos reaches this */
	int calls;
};

static long
reader_read(void *ctx, char *buf, size_t n)
{
	struct reader *r = ctx;
	size_t k = r->len - r->pos;

	r->calls++;
	if (r->pos >= r->fail_at)
		return -1;
	if (r->chunk != 0 && k > r->chunk)
		k = r->chunk;
	if (k > n)
		k = n;
	if (r->fail_at != NOFAIL && k > r->fail_at - r->pos)
		k = r->fail_at - r->pos;
	memcpy(buf, r->data + r->pos, k);
	r->pos += k;
	return (long)k;
}

struct tok {
	enum plenum_json_type type;
	char *text;
	size_t len;
	unsigned long line;
	unsigned long column;
	uint64_t offset;
	int depth;
};

struct result {
	struct tok *toks;
	size_t n;
	enum plenum_err err;
	unsigned long eline;
	unsigned long ecol;
	char msg[256];
	size_t consumed; /* bytes the reader handed out */
};

struct opts {
	size_t chunk;
	int fragment;
	unsigned long line;
	unsigned long column;
	uint64_t offset;
	size_t fail_at;
};

static const struct opts whole = { 0, 0, 1, 1, 0, NOFAIL };

/* Tokenizes len bytes of doc up to END or an error (END itself not kept). */
static struct result *
run_opts(const char *doc, size_t len, const struct opts *o)
{
	struct reader r = { doc, len, 0, o->chunk, o->fail_at, 0 };
	struct plenum_json_source src = { reader_read, &r };
	struct plenum_json *j;
	struct plenum_json_token t;
	struct result *res;
	size_t alloc = 16;
	const char *m;

	res = calloc(1, sizeof(*res));
	assert_non_null(res);
	res->toks = calloc(alloc, sizeof(*res->toks));
	assert_non_null(res->toks);
	j = plenum_json_new(&src, o->fragment, o->line, o->column, o->offset);
	assert_non_null(j);
	for (;;) {
		res->err = plenum_json_next(j, &t);
		if (res->err != PLENUM_OK || t.type == PLENUM_JSON_END)
			break;
		/* every text is a C string of its length */
		assert_non_null(t.text);
		assert_int_equal(strlen(t.text), t.len);
		if (res->n == alloc) {
			alloc *= 2;
			res->toks =
				realloc(res->toks, alloc * sizeof(*res->toks));
			assert_non_null(res->toks);
		}
		res->toks[res->n].type = t.type;
		res->toks[res->n].text = malloc(t.len + 1);
		assert_non_null(res->toks[res->n].text);
		memcpy(res->toks[res->n].text, t.text, t.len + 1);
		res->toks[res->n].len = t.len;
		res->toks[res->n].line = t.line;
		res->toks[res->n].column = t.column;
		res->toks[res->n].offset = t.offset;
		res->toks[res->n].depth = t.depth;
		res->n++;
	}
	m = plenum_json_error(j, &res->eline, &res->ecol);
	snprintf(res->msg, sizeof(res->msg), "%s", m);
	res->consumed = r.pos;
	plenum_json_free(j);
	return res;
}

static struct result *
run(const char *doc, size_t len, size_t chunk)
{
	struct opts o = whole;

	o.chunk = chunk;
	return run_opts(doc, len, &o);
}

static struct result *
runs(const char *doc)
{
	return run(doc, strlen(doc), 0);
}

static void
result_free(struct result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		free(res->toks[i].text);
	free(res->toks);
	free(res);
}

static void
assert_same(const struct result *a, const struct result *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	assert_int_equal(a->err, b->err);
	assert_int_equal(a->eline, b->eline);
	assert_int_equal(a->ecol, b->ecol);
	assert_string_equal(a->msg, b->msg);
	for (i = 0; i < a->n; i++) {
		assert_int_equal(a->toks[i].type, b->toks[i].type);
		assert_int_equal(a->toks[i].len, b->toks[i].len);
		assert_memory_equal(a->toks[i].text, b->toks[i].text,
				    a->toks[i].len);
		assert_int_equal(a->toks[i].line, b->toks[i].line);
		assert_int_equal(a->toks[i].column, b->toks[i].column);
		assert_int_equal(a->toks[i].offset, b->toks[i].offset);
		assert_int_equal(a->toks[i].depth, b->toks[i].depth);
	}
}

/* An expected token; line 0 means "position not checked". */
struct want {
	enum plenum_json_type type;
	const char *text;
	int depth;
	unsigned long line;
	unsigned long column;
	uint64_t offset;
};

static void
assert_tokens(const struct result *res, const struct want *w, size_t n)
{
	size_t i;

	assert_int_equal(res->err, PLENUM_OK);
	assert_int_equal(res->n, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(res->toks[i].type, w[i].type);
		assert_string_equal(res->toks[i].text, w[i].text);
		assert_int_equal(res->toks[i].depth, w[i].depth);
		if (w[i].line == 0)
			continue;
		assert_int_equal(res->toks[i].line, w[i].line);
		assert_int_equal(res->toks[i].column, w[i].column);
		assert_int_equal(res->toks[i].offset, w[i].offset);
	}
}

#define NW(a) (sizeof(a) / sizeof((a)[0]))

static void
test_token_types(void **state)
{
	static const char doc[] =
		"{\"k\":[\"s\",0,-2.5e+3,1E-2,true,false,null,{},[]]}";
	static const struct want w[] = {
		{ PLENUM_JSON_OBJECT_BEGIN, "{", 1, 1, 1, 0 },
		{ PLENUM_JSON_KEY, "k", 1, 1, 2, 1 },
		{ PLENUM_JSON_ARRAY_BEGIN, "[", 2, 1, 6, 5 },
		{ PLENUM_JSON_STRING, "s", 2, 1, 7, 6 },
		{ PLENUM_JSON_NUMBER, "0", 2, 1, 11, 10 },
		{ PLENUM_JSON_NUMBER, "-2.5e+3", 2, 1, 13, 12 },
		{ PLENUM_JSON_NUMBER, "1E-2", 2, 1, 21, 20 },
		{ PLENUM_JSON_TRUE, "true", 2, 1, 26, 25 },
		{ PLENUM_JSON_FALSE, "false", 2, 1, 31, 30 },
		{ PLENUM_JSON_NULL, "null", 2, 1, 37, 36 },
		{ PLENUM_JSON_OBJECT_BEGIN, "{", 3, 1, 42, 41 },
		{ PLENUM_JSON_OBJECT_END, "}", 3, 1, 43, 42 },
		{ PLENUM_JSON_ARRAY_BEGIN, "[", 3, 1, 45, 44 },
		{ PLENUM_JSON_ARRAY_END, "]", 3, 1, 46, 45 },
		{ PLENUM_JSON_ARRAY_END, "]", 2, 1, 47, 46 },
		{ PLENUM_JSON_OBJECT_END, "}", 1, 1, 48, 47 },
	};
	struct result *res = runs(doc);

	assert_tokens(res, w, NW(w));
	result_free(res);
}

static void
test_scalar_documents(void **state)
{
	static const struct {
		const char *doc;
		enum plenum_json_type type;
		const char *text;
	} cases[] = {
		{ "\"x\"", PLENUM_JSON_STRING, "x" },
		{ " 12 ", PLENUM_JSON_NUMBER, "12" },
		{ "-0", PLENUM_JSON_NUMBER, "-0" },
		{ "0.5", PLENUM_JSON_NUMBER, "0.5" },
		{ "1e5", PLENUM_JSON_NUMBER, "1e5" },
		{ "\ttrue\r\n", PLENUM_JSON_TRUE, "true" },
		{ "false", PLENUM_JSON_FALSE, "false" },
		{ "null", PLENUM_JSON_NULL, "null" },
		{ "\"\"", PLENUM_JSON_STRING, "" },
	};
	size_t i;

	for (i = 0; i < NW(cases); i++) {
		struct result *res = runs(cases[i].doc);
		struct want w = { cases[i].type, cases[i].text, 0, 0, 0, 0 };

		assert_tokens(res, &w, 1);
		result_free(res);
	}
}

static void
test_positions(void **state)
{
	static const char doc[] = "{\n"
				  "  \"name\": \"Zoë\",\n"
				  "\t\"seats\" :\r\n"
				  "    [1,\n"
				  "     22 ]\n"
				  "}\n";
	static const struct want w[] = {
		{ PLENUM_JSON_OBJECT_BEGIN, "{", 1, 1, 1, 0 },
		{ PLENUM_JSON_KEY, "name", 1, 2, 3, 4 },
		{ PLENUM_JSON_STRING, "Zoë", 1, 2, 11, 12 },
		/* "Zoë" is 6 bytes with quotes; the line ends after ',' */
		{ PLENUM_JSON_KEY, "seats", 1, 3, 2, 21 },
		{ PLENUM_JSON_ARRAY_BEGIN, "[", 2, 4, 5, 36 },
		{ PLENUM_JSON_NUMBER, "1", 2, 4, 6, 37 },
		{ PLENUM_JSON_NUMBER, "22", 2, 5, 6, 45 },
		{ PLENUM_JSON_ARRAY_END, "]", 2, 5, 9, 48 },
		{ PLENUM_JSON_OBJECT_END, "}", 1, 6, 1, 50 },
	};
	struct result *res = runs(doc);

	assert_tokens(res, w, NW(w));
	result_free(res);
}

static void
test_positions_from_start(void **state)
{
	/* whole-document mode counting from a caller's position */
	static const char doc[] = " [\n\"a\"]";
	static const struct want w[] = {
		{ PLENUM_JSON_ARRAY_BEGIN, "[", 1, 7, 6, 1001 },
		{ PLENUM_JSON_STRING, "a", 1, 8, 1, 1003 },
		{ PLENUM_JSON_ARRAY_END, "]", 1, 8, 4, 1006 },
	};
	struct opts o = { 0, 0, 7, 5, 1000, NOFAIL };
	struct result *res = run_opts(doc, strlen(doc), &o);

	assert_tokens(res, w, NW(w));
	result_free(res);
}

static void
test_end_repeats(void **state)
{
	static const char doc[] = "[1]\n";
	struct reader r = { doc, strlen(doc), 0, 0, NOFAIL, 0 };
	struct plenum_json_source src = { reader_read, &r };
	struct plenum_json *j = plenum_json_new(&src, 0, 1, 1, 0);
	struct plenum_json_token t;
	int i;

	assert_non_null(j);
	for (i = 0; i < 3; i++)
		assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	for (i = 0; i < 3; i++) {
		assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
		assert_int_equal(t.type, PLENUM_JSON_END);
		assert_int_equal(t.depth, 0);
		assert_int_equal(t.line, 2);
		assert_int_equal(t.column, 1);
		assert_int_equal(t.offset, 4);
	}
	assert_string_equal(plenum_json_error(j, NULL, NULL), "no error");
	plenum_json_free(j);
	plenum_json_free(NULL);
}

static void
test_escapes(void **state)
{
	static const struct {
		const char *doc;
		const char *text;
	} cases[] = {
		{ "\"a\\\"b\"", "a\"b" },
		{ "\"\\\\\"", "\\" },
		{ "\"\\/\"", "/" },
		{ "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t" },
		{ "\"\\u0041\\u00e9\"", "A\xc3\xa9" },
		{ "\"\\u00E9\\u20AC\"", "\xc3\xa9\xe2\x82\xac" },
		{ "\"\\u0001\"", "\x01" },
		{ "\"\\u007f\\u0080\\u07ff\\u0800\\uffff\"",
		  "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf" },
		{ "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80" },
		{ "\"\\uD800\\uDC00\"", "\xf0\x90\x80\x80" },
		{ "\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf" },
		{ "\"x\\ud83d\\ude00y\\n\"", "x\xf0\x9f\x98\x80y\n" },
		/* raw UTF-8 at the edges of table 3-7 passes through */
		{ "\"\xc2\x80\xdf\xbf\"", "\xc2\x80\xdf\xbf" },
		{ "\"\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\"",
		  "\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf" },
		{ "\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"",
		  "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf" },
		{ "\"Nguy\xe1\xbb\x85n \xe5\xbc\xa0\"",
		  "Nguy\xe1\xbb\x85n \xe5\xbc\xa0" },
		{ "\"\x7f\"", "\x7f" },
	};
	size_t i;

	for (i = 0; i < NW(cases); i++) {
		struct result *res = runs(cases[i].doc);
		struct result *one = run(cases[i].doc, strlen(cases[i].doc), 1);
		struct want w = {
			PLENUM_JSON_STRING, cases[i].text, 0, 1, 1, 0
		};

		assert_tokens(res, &w, 1);
		assert_same(res, one);
		result_free(res);
		result_free(one);
	}
}

struct bad {
	const char *doc;
	size_t len; /* 0: strlen(doc) */
	enum plenum_err err;
	unsigned long line;
	unsigned long column;
	const char *msg; /* NULL: not checked */
};

static const struct bad bad_cases[] = {
	/* structure */
	{ "", 0, PLENUM_ESYNTAX, 1, 1, "expected a value, found end of input" },
	{ "  \n ", 0, PLENUM_ESYNTAX, 2, 2,
	  "expected a value, found end of input" },
	{ "[1,]", 0, PLENUM_ESYNTAX, 1, 4,
	  "expected a value after ',', found ']'" },
	{ "[1 2]", 0, PLENUM_ESYNTAX, 1, 4,
	  "expected ',' or ']' after array element, found '2'" },
	{ "[1}", 0, PLENUM_ESYNTAX, 1, 3,
	  "expected ',' or ']' after array element, found '}'" },
	{ "{\"a\":1]", 0, PLENUM_ESYNTAX, 1, 7,
	  "expected ',' or '}' after object member, found ']'" },
	{ "{\"a\" 1}", 0, PLENUM_ESYNTAX, 1, 6,
	  "expected ':' after object key, found '1'" },
	{ "{\"a\":}", 0, PLENUM_ESYNTAX, 1, 6,
	  "expected a value after ':', found '}'" },
	{ "{\"a\":1,}", 0, PLENUM_ESYNTAX, 1, 8,
	  "expected a string key after ',', found '}'" },
	{ "{1:2}", 0, PLENUM_ESYNTAX, 1, 2,
	  "expected a string key or '}', found '1'" },
	{ "{'a':2}", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "[}", 0, PLENUM_ESYNTAX, 1, 2, "expected a value or ']', found '}'" },
	{ "[", 0, PLENUM_ESYNTAX, 1, 2,
	  "expected a value or ']', found end of input" },
	{ "[1", 0, PLENUM_ESYNTAX, 1, 3,
	  "expected ',' or ']' after array element, found end of input" },
	{ "{\"a\"", 0, PLENUM_ESYNTAX, 1, 5, NULL },
	{ "[1]]", 0, PLENUM_ESYNTAX, 1, 4,
	  "expected end of input after the top-level value, found ']'" },
	{ "[1] x", 0, PLENUM_ESYNTAX, 1, 5, NULL },
	{ "1 2", 0, PLENUM_ESYNTAX, 1, 3, NULL },
	{ "truex", 0, PLENUM_ESYNTAX, 1, 5, NULL },
	{ "[1,\n  ,2]", 0, PLENUM_ESYNTAX, 2, 3,
	  "expected a value after ',', found ','" },
	{ "/* c */ 1", 0, PLENUM_ESYNTAX, 1, 1, "expected a value, found '/'" },
	{ "NaN", 0, PLENUM_ESYNTAX, 1, 1, "expected a value, found 'N'" },
	{ "[Infinity]", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\x01", 0, PLENUM_ESYNTAX, 1, 1,
	  "expected a value, found byte 0x01" },
	{ "[\0]", 3, PLENUM_ESYNTAX, 1, 2,
	  "expected a value or ']', found byte 0x00" },
	{ "\xef\xbb", 0, PLENUM_ESYNTAX, 1, 1, NULL },
	{ "[1]\xef\xbb\xbf", 0, PLENUM_ESYNTAX, 1, 4, NULL },
	{ "\xef\xbb\xbf\xef\xbb\xbf[]", 0, PLENUM_ESYNTAX, 1, 1, NULL },
	/* literals */
	{ "[tru]", 0, PLENUM_ESYNTAX, 1, 5, "expected 'true', found ']'" },
	{ "nul", 0, PLENUM_ESYNTAX, 1, 4,
	  "expected 'null', found end of input" },
	{ "fals e", 0, PLENUM_ESYNTAX, 1, 5, "expected 'false', found ' '" },
	{ "True", 0, PLENUM_ESYNTAX, 1, 1, NULL },
	/* numbers */
	{ "[01]", 0, PLENUM_ESYNTAX, 1, 3, "leading zero in number" },
	{ "-01", 0, PLENUM_ESYNTAX, 1, 3, "leading zero in number" },
	{ "[-]", 0, PLENUM_ESYNTAX, 1, 3,
	  "expected a digit after '-' in number, found ']'" },
	{ "-", 0, PLENUM_ESYNTAX, 1, 2,
	  "expected a digit after '-' in number, found end of input" },
	{ "[1.]", 0, PLENUM_ESYNTAX, 1, 4,
	  "expected a digit after '.' in number, found ']'" },
	{ "1.e5", 0, PLENUM_ESYNTAX, 1, 3, NULL },
	{ "[1e]", 0, PLENUM_ESYNTAX, 1, 4,
	  "expected a digit in the exponent in number, found ']'" },
	{ "[1e+]", 0, PLENUM_ESYNTAX, 1, 5, NULL },
	{ "1E-", 0, PLENUM_ESYNTAX, 1, 4, NULL },
	{ "[.5]", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "[+1]", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "[1.5.3]", 0, PLENUM_ESYNTAX, 1, 5, NULL },
	{ "0x10", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "--1", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	/* strings */
	{ "[\"abc", 0, PLENUM_ESYNTAX, 1, 6, "unterminated string" },
	{ "\"abc\\", 0, PLENUM_ESYNTAX, 1, 6, "unterminated string" },
	{ "[\"a\x01\"]", 0, PLENUM_ESYNTAX, 1, 4,
	  "control character 0x01 in string must be escaped" },
	{ "[\n\"a\nb\"]", 0, PLENUM_ESYNTAX, 2, 3,
	  "control character 0x0a in string must be escaped" },
	{ "\"\t\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"a\0b\"", 5, PLENUM_ESYNTAX, 1, 3,
	  "control character 0x00 in string must be escaped" },
	{ "[\"\\x\"]", 0, PLENUM_ESYNTAX, 1, 4,
	  "invalid escape in string: expected one of \"\\/bfnrtu after '\\', "
	  "found 'x'" },
	{ "\"\\'\"", 0, PLENUM_ESYNTAX, 1, 3, NULL },
	{ "\"\\U0041\"", 0, PLENUM_ESYNTAX, 1, 3, NULL },
	{ "[\"\\u12G4\"]", 0, PLENUM_ESYNTAX, 1, 7,
	  "expected 4 hex digits after '\\u' in string, found 'G'" },
	{ "\"\\u12\"", 0, PLENUM_ESYNTAX, 1, 6, NULL },
	{ "\"\\u12", 0, PLENUM_ESYNTAX, 1, 6,
	  "expected 4 hex digits after '\\u' in string, found end of input" },
	{ "[\"\\u0000\"]", 0, PLENUM_ESYNTAX, 1, 3,
	  "\\u0000 is not allowed in a string" },
	{ "[\"ab\\ud800\"]", 0, PLENUM_ESYNTAX, 1, 5,
	  "unpaired surrogate \\ud800 in string" },
	{ "\"\\udc00\"", 0, PLENUM_ESYNTAX, 1, 2,
	  "unpaired surrogate \\udc00 in string" },
	{ "\"\\udfff\\ud800\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\\ud800\\u0041\"", 0, PLENUM_ESYNTAX, 1, 2,
	  "unpaired surrogate \\ud800 in string" },
	{ "\"\\ud800\\ud800\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\\ud800x\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\\ud800\\n\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\\ud800\\udcxx\"", 0, PLENUM_ESYNTAX, 1, 12, NULL },
	/* UTF-8 */
	{ "\"\xc0\x80\"", 0, PLENUM_ESYNTAX, 1, 2, "invalid utf-8 in string" },
	{ "\"\xc1\xbf\"", 0, PLENUM_ESYNTAX, 1, 2, "invalid utf-8 in string" },
	{ "\"ab\xe0\x80\x80\"", 0, PLENUM_ESYNTAX, 1, 4,
	  "invalid utf-8 in string" },
	{ "\"\xe0\x9f\xbf\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xf0\x80\x80\x80\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xf0\x8f\xbf\xbf\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xed\xa0\x80\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xed\xbf\xbf\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xf4\x90\x80\x80\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xf5\x80\x80\x80\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xf8\x88\x80\x80\x80\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xff\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"a\x80\"", 0, PLENUM_ESYNTAX, 1, 3, NULL },
	{ "\"\xc3\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xe2\x82\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xe2\x82x\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xf0\x9f\x98\"", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xc3", 0, PLENUM_ESYNTAX, 1, 2, "invalid utf-8 in string" },
	{ "\"\xf0\x9f\x98", 0, PLENUM_ESYNTAX, 1, 2, NULL },
	{ "\"\xc3\xa9\xc3\"", 0, PLENUM_ESYNTAX, 1, 4, NULL },
	{ "\xc3\xa9", 0, PLENUM_ESYNTAX, 1, 1,
	  "expected a value, found byte 0xc3" },
};

static void
test_invalid(void **state)
{
	static const size_t chunks[] = { 0, 1, 2, 3 };
	size_t i, k, len;

	for (i = 0; i < NW(bad_cases); i++) {
		const struct bad *b = &bad_cases[i];

		len = b->len ? b->len : strlen(b->doc);
		for (k = 0; k < NW(chunks); k++) {
			struct result *res = run(b->doc, len, chunks[k]);

			if (res->err != b->err || res->eline != b->line ||
			    res->ecol != b->column ||
			    (b->msg && strcmp(res->msg, b->msg) != 0))
				print_error("case %zu chunk %zu: err %d at "
					    "%lu:%lu: %s\n",
					    i, chunks[k], (int)res->err,
					    res->eline, res->ecol, res->msg);
			assert_int_equal(res->err, b->err);
			assert_int_equal(res->eline, b->line);
			assert_int_equal(res->ecol, b->column);
			if (b->msg != NULL)
				assert_string_equal(res->msg, b->msg);
			/* lower case, no full stop */
			assert_true(
				(res->msg[0] >= 'a' && res->msg[0] <= 'z') ||
				res->msg[0] == '\\');
			assert_int_not_equal(res->msg[strlen(res->msg) - 1],
					     '.');
			result_free(res);
		}
	}
}

static void
test_sticky(void **state)
{
	static const char doc[] = "[1,]  [2]";
	struct reader r = { doc, strlen(doc), 0, 0, NOFAIL, 0 };
	struct plenum_json_source src = { reader_read, &r };
	struct plenum_json *j = plenum_json_new(&src, 0, 1, 1, 0);
	struct plenum_json_token t;
	unsigned long line, col;
	int i;

	assert_non_null(j);
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	for (i = 0; i < 3; i++) {
		assert_int_equal(plenum_json_next(j, &t), PLENUM_ESYNTAX);
		assert_int_equal(plenum_json_skip(j, &t), PLENUM_ESYNTAX);
		assert_string_equal(plenum_json_error(j, &line, &col),
				    "expected a value after ',', found ']'");
		assert_int_equal(line, 1);
		assert_int_equal(col, 4);
	}
	plenum_json_free(j);
}

static char *
repeat(const char *pre, const char *unit, size_t times, const char *post,
       size_t *len)
{
	size_t lp = strlen(pre), lu = strlen(unit), lq = strlen(post);
	char *s = malloc(lp + lu * times + lq + 1), *p;
	size_t i;

	assert_non_null(s);
	memcpy(s, pre, lp);
	p = s + lp;
	for (i = 0; i < times; i++, p += lu)
		memcpy(p, unit, lu);
	memcpy(p, post, lq + 1);
	*len = lp + lu * times + lq;
	return s;
}

static void
test_string_limit(void **state)
{
	size_t len;
	char *doc;
	struct result *res;

	/* exactly the cap, read in 4 KiB chunks */
	doc = repeat("[\"", "a", PLENUM_JSON_MAX_STRING, "\"]", &len);
	res = run(doc, len, 4096);
	assert_int_equal(res->err, PLENUM_OK);
	assert_int_equal(res->n, 3);
	assert_int_equal(res->toks[1].len, PLENUM_JSON_MAX_STRING);
	result_free(res);
	free(doc);

	/* one over */
	doc = repeat(" [\"", "a", PLENUM_JSON_MAX_STRING + 1, "\"]", &len);
	res = run(doc, len, 0);
	assert_int_equal(res->err, PLENUM_ELIMIT);
	assert_int_equal(res->eline, 1);
	assert_int_equal(res->ecol, 3);
	assert_string_equal(res->msg, "string longer than 1048576 bytes");
	result_free(res);
	free(doc);

	/* the cap counts bytes after unescaping: 6-byte escapes, 3 bytes each
	 */
	doc = repeat("\"", "\\u20ac", PLENUM_JSON_MAX_STRING / 3 + 1, "\"",
		     &len);
	res = run(doc, len, 0);
	assert_int_equal(res->err, PLENUM_ELIMIT);
	assert_int_equal(res->ecol, 1);
	result_free(res);
	free(doc);

	doc = repeat("\"", "\\u20ac", PLENUM_JSON_MAX_STRING / 3, "\"", &len);
	res = run(doc, len, 0);
	assert_int_equal(res->err, PLENUM_OK);
	assert_int_equal(res->toks[0].len, PLENUM_JSON_MAX_STRING / 3 * 3);
	result_free(res);
	free(doc);
}

static void
test_number_limit(void **state)
{
	size_t len;
	char *doc;
	struct result *res;

	doc = repeat("[1", "0", 255, "]", &len); /* 256 bytes: allowed */
	res = run(doc, len, 0);
	assert_int_equal(res->err, PLENUM_OK);
	assert_int_equal(res->toks[1].len, 256);
	result_free(res);
	free(doc);

	doc = repeat("[1", "0", 256, "]", &len);
	res = run(doc, len, 7);
	assert_int_equal(res->err, PLENUM_ELIMIT);
	assert_int_equal(res->ecol, 2);
	assert_string_equal(res->msg, "number longer than 256 bytes");
	result_free(res);
	free(doc);
}

static void
test_depth_limit(void **state)
{
	char doc[2 * PLENUM_JSON_MAX_DEPTH + 4], *mixed;
	struct result *res;
	size_t len;
	int i, n;

	/* PLENUM_JSON_MAX_DEPTH levels are fine */
	n = PLENUM_JSON_MAX_DEPTH;
	for (i = 0; i < n; i++) {
		doc[i] = '[';
		doc[2 * n - 1 - i] = ']';
	}
	res = run(doc, 2 * (size_t)n, 0);
	assert_int_equal(res->err, PLENUM_OK);
	assert_int_equal(res->n, 2 * (size_t)n);
	assert_int_equal(res->toks[n - 1].depth, PLENUM_JSON_MAX_DEPTH);
	assert_int_equal(res->toks[n].depth, PLENUM_JSON_MAX_DEPTH);
	assert_int_equal(res->toks[2 * n - 1].depth, 1);
	result_free(res);

	/* one more */
	n = PLENUM_JSON_MAX_DEPTH + 1;
	for (i = 0; i < n; i++)
		doc[i] = '[';
	res = run(doc, (size_t)n, 0);
	assert_int_equal(res->err, PLENUM_ELIMIT);
	assert_int_equal(res->eline, 1);
	assert_int_equal(res->ecol, PLENUM_JSON_MAX_DEPTH + 1);
	assert_int_equal(res->n, PLENUM_JSON_MAX_DEPTH);
	assert_string_equal(res->msg,
			    "containers nested deeper than 64 levels");
	result_free(res);

	/* objects count too: 32 x "[{"a": is 64 levels in 192 bytes */
	mixed = repeat("", "[{\"a\":", PLENUM_JSON_MAX_DEPTH / 2, "{}}]", &len);
	res = run(mixed, len, 0);
	assert_int_equal(res->err, PLENUM_ELIMIT);
	assert_int_equal(res->ecol, 193);
	result_free(res);
	free(mixed);
	mixed = repeat("", "[{\"a\":", PLENUM_JSON_MAX_DEPTH / 2, "1}]", &len);
	res = run(mixed, len, 0);
	assert_int_equal(res->err, PLENUM_ESYNTAX); /* depth fine, then cut */
	assert_int_equal(res->ecol, len + 1);
	result_free(res);
	free(mixed);
}

static void
test_fragment(void **state)
{
	/* the array starts at line 3, column 10, offset 100 of a document */
	static const char doc[] = "[\"a\",\"b\"] , garbage";
	static const struct want w[] = {
		{ PLENUM_JSON_ARRAY_BEGIN, "[", 1, 3, 10, 100 },
		{ PLENUM_JSON_STRING, "a", 1, 3, 11, 101 },
		{ PLENUM_JSON_STRING, "b", 1, 3, 15, 105 },
		{ PLENUM_JSON_ARRAY_END, "]", 1, 3, 18, 108 },
	};
	static const size_t chunks[] = { 0, 1, 4 };
	struct opts o = { 0, 1, 3, 10, 100, NOFAIL };
	size_t k;

	for (k = 0; k < NW(chunks); k++) {
		struct result *res;

		o.chunk = chunks[k];
		res = run_opts(doc, strlen(doc), &o);
		assert_tokens(res, w, NW(w));
		assert_string_equal(res->msg, "no error");
		/* byte by byte, nothing past the ']' was read */
		if (chunks[k] == 1)
			assert_int_equal(res->consumed, 9);
		result_free(res);
	}
}

static void
test_fragment_cases(void **state)
{
	static const struct {
		const char *doc;
		size_t ntoks;
		size_t consumed; /* with a 1-byte reader */
		const char *last;
	} cases[] = {
		{ "\"x\" garbage", 1, 3, "x" },
		{ "12,", 1, 3, "12" }, /* the ',' had to be seen */
		{ "-3.5e2]", 1, 7, "-3.5e2" },
		{ "7", 1, 1, "7" },
		{ "true]", 1, 4, "true" },
		{ "null\xff", 1, 4, "null" },
		{ "{\n \"a\": [1, {}]\n}\nzzz{", 8, 17, "}" },
		{ "[]]", 2, 2, "]" },
		{ "\"\\u00e9\"\"", 1, 8, "\xc3\xa9" },
	};
	struct opts o = { 1, 1, 1, 1, 0, NOFAIL };
	size_t i;

	for (i = 0; i < NW(cases); i++) {
		struct result *res =
			run_opts(cases[i].doc, strlen(cases[i].doc), &o);

		assert_int_equal(res->err, PLENUM_OK);
		assert_int_equal(res->n, cases[i].ntoks);
		assert_int_equal(res->consumed, cases[i].consumed);
		assert_string_equal(res->toks[res->n - 1].text, cases[i].last);
		result_free(res);
	}

	/* no BOM in a fragment, and errors inside the value still count */
	{
		struct result *res = run_opts("\xef\xbb\xbf[]", 5, &o);

		assert_int_equal(res->err, PLENUM_ESYNTAX);
		assert_int_equal(res->ecol, 1);
		result_free(res);
		res = run_opts("[1,]", 4, &o);
		assert_int_equal(res->err, PLENUM_ESYNTAX);
		assert_int_equal(res->ecol, 4);
		result_free(res);
	}
}

static const char *const chunk_docs[] = {
	"{\"format\": \"plenum-election/1\",\n"
	" \"title\": \"Hội đồng \\u00e9lection \\ud83d\\ude00\",\n"
	" \"seats\": 3, \"quota\": -12.5e-3, \"open\": true, \"x\": null,\n"
	" \"candidates\": [{\"id\": \"A\", \"name\": \"张伟\"},\n"
	"                {\"id\": \"B\", \"name\": \"Zoë \\\"Z\\\" "
	"\\/\\\\\"}],\n"
	" \"ballots\": [\"YYN-Y--NY\", \"NNY\", \"\", \"Y\\tN\", false]\r\n"
	"}\n",
	"[0, -0, 1E+10, 123.456e-7, 9223372036854775807, "
	"\"\xf0\x9f\x98\x80\xe2\x82\xac\xc3\xa9"
	"a\"]",
	"  \"\\u0041\\uD834\\uDD1E\\u00e9\\n\"  ",
	/* errors must land on the same byte whatever the chunking */
	"[\"ok\", \"bad \xe2\x82\"]",
	"[1, 2,\n 3.]",
	"{\"a\": \"\\ud800\\u0041\"}",
	"[\"abc\\",
	"[tr",
};

static void
test_chunking(void **state)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 7, 13 };
	size_t i, k, len;

	for (i = 0; i < NW(chunk_docs); i++) {
		struct result *big;

		len = strlen(chunk_docs[i]);
		big = run(chunk_docs[i], len, 0);
		assert_true(big->n > 0);
		for (k = 0; k < NW(chunks); k++) {
			struct result *small =
				run(chunk_docs[i], len, chunks[k]);

			assert_same(big, small);
			result_free(small);
		}
		result_free(big);
	}
}

/* Strings longer than the tokenizer's buffer, with sequences across it. */
static void
test_long_strings(void **state)
{
	static const struct {
		const char *unit;
		size_t unescaped; /* bytes per unit after unescaping */
	} units[] = {
		{ "YYN-Y--NY", 9 },    { "\xc3\xa9", 2 },
		{ "\xe2\x82\xac", 3 }, { "\xf0\x9f\x98\x80", 4 },
		{ "a\\n\\u00e9", 4 },
	};
	size_t i, len, times;

	for (i = 0; i < NW(units); i++) {
		char *doc;
		struct result *big, *odd;

		times = 70000 / strlen(units[i].unit) + i;
		doc = repeat("[\"x\",\n \"", units[i].unit, times, "\", \"y\"]",
			     &len);
		big = run(doc, len, 0);
		odd = run(doc, len, 4093);
		assert_int_equal(big->err, PLENUM_OK);
		assert_int_equal(big->n, 5);
		assert_int_equal(big->toks[2].len, times * units[i].unescaped);
		assert_int_equal(big->toks[2].line, 2);
		assert_int_equal(big->toks[2].column, 2);
		assert_int_equal(big->toks[2].offset, 7);
		/* "y" is on line 2, which starts at offset 6 */
		assert_int_equal(big->toks[3].offset, len - 4);
		assert_int_equal(big->toks[3].column, len - 4 - 6 + 1);
		assert_same(big, odd);
		result_free(big);
		result_free(odd);
		free(doc);
	}
}

/* Many small strings cross the buffer boundary at every alignment. */
static void
test_many_strings(void **state)
{
	size_t len, i;
	char *doc = repeat("[", "\"YYN-Y--NY\",\"\xc3\xa9\\u00e9\",", 20000,
			   "0]", &len);
	struct result *big = run(doc, len, 0);
	struct result *odd = run(doc, len, 65535);

	assert_int_equal(big->err, PLENUM_OK);
	assert_int_equal(big->n, 40003);
	for (i = 1; i < 40001; i += 2) {
		assert_string_equal(big->toks[i].text, "YYN-Y--NY");
		assert_string_equal(big->toks[i + 1].text, "\xc3\xa9\xc3\xa9");
		/* 12 + 11 bytes a pair */
		assert_int_equal(big->toks[i].offset, 1 + (i / 2) * 23);
		assert_int_equal(big->toks[i].column, 2 + (i / 2) * 23);
		assert_int_equal(big->toks[i + 1].offset, 13 + (i / 2) * 23);
	}
	assert_same(big, odd);
	result_free(big);
	result_free(odd);
	free(doc);
}

static void
test_eio(void **state)
{
	static const char doc[] = "[\"abc\", 12345, true]";
	static const struct {
		size_t fail_at;
		size_t chunk;
		size_t ntoks;
	} cases[] = {
		{ 0, 0, 0 },		   /* the first read fails */
		{ 0, 1, 0 },  { 3, 1, 1 }, /* inside a string */
		{ 11, 1, 2 },		   /* inside a number */
		{ 17, 1, 3 },		   /* inside a literal */
		{ 20, 0, 5 }, /* after the document, before EOF was seen */
	};
	size_t i;

	for (i = 0; i < NW(cases); i++) {
		struct opts o = whole;
		struct result *res;

		o.chunk = cases[i].chunk;
		o.fail_at = cases[i].fail_at;
		res = run_opts(doc, strlen(doc), &o);
		assert_int_equal(res->err, PLENUM_EIO);
		assert_int_equal(res->n, cases[i].ntoks);
		assert_string_equal(res->msg, "read error");
		assert_int_equal(res->eline, 1);
		assert_int_equal(res->ecol, cases[i].fail_at + 1);
		result_free(res);
	}
}

static long
reader_liar(void *ctx, char *buf, size_t n)
{
	(void)ctx;
	(void)buf;
	return (long)n + 1;
}

static void
test_eio_sticky(void **state)
{
	struct plenum_json_source src = { reader_liar, NULL };
	struct plenum_json *j = plenum_json_new(&src, 1, 1, 1, 0);
	struct plenum_json_token t;

	assert_non_null(j);
	assert_int_equal(plenum_json_next(j, &t), PLENUM_EIO);
	assert_int_equal(plenum_json_next(j, &t), PLENUM_EIO);
	assert_int_equal(t.type, PLENUM_JSON_END);
	plenum_json_free(j);
}

static void
test_skip(void **state)
{
	static const char doc[] = "{\"a\": {\"b\": [1, [2, {\"c\": [3]}], {}]},"
				  " \"s\": \"x\", \"k\": [[[]]], \"d\": 4}";
	struct reader r = { doc, strlen(doc), 0, 1, NOFAIL, 0 };
	struct plenum_json_source src = { reader_read, &r };
	struct plenum_json *j = plenum_json_new(&src, 0, 1, 1, 0);
	struct plenum_json_token t;

	assert_non_null(j);
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_int_equal(t.type, PLENUM_JSON_OBJECT_BEGIN);
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_string_equal(t.text, "a");
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_int_equal(t.type, PLENUM_JSON_OBJECT_BEGIN);
	assert_int_equal(plenum_json_skip(j, &t), PLENUM_OK);

	/* a scalar is skipped by reading it */
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_int_equal(t.type, PLENUM_JSON_KEY);
	assert_string_equal(t.text, "s");
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_int_equal(t.type, PLENUM_JSON_STRING);
	assert_int_equal(plenum_json_skip(j, &t), PLENUM_OK);

	/* a key is skipped with its value */
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_string_equal(t.text, "k");
	assert_int_equal(plenum_json_skip(j, &t), PLENUM_OK);

	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_int_equal(t.type, PLENUM_JSON_KEY);
	assert_string_equal(t.text, "d");
	assert_int_equal(t.column, strlen(doc) - 6);
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_string_equal(t.text, "4");
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_int_equal(t.type, PLENUM_JSON_OBJECT_END);
	assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
	assert_int_equal(t.type, PLENUM_JSON_END);
	plenum_json_free(j);
}

static void
test_skip_top_and_errors(void **state)
{
	static const char *const docs[] = { "[[1], {\"a\": []}]", "[1, 2",
					    "[[1}]" };
	static const enum plenum_err want[] = { PLENUM_OK, PLENUM_ESYNTAX,
						PLENUM_ESYNTAX };
	size_t i;

	for (i = 0; i < NW(docs); i++) {
		struct reader r = { docs[i], strlen(docs[i]), 0, 0, NOFAIL, 0 };
		struct plenum_json_source src = { reader_read, &r };
		struct plenum_json *j = plenum_json_new(&src, 0, 1, 1, 0);
		struct plenum_json_token t;

		assert_non_null(j);
		assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
		assert_int_equal(plenum_json_skip(j, &t), want[i]);
		if (want[i] == PLENUM_OK) {
			assert_int_equal(plenum_json_next(j, &t), PLENUM_OK);
			assert_int_equal(t.type, PLENUM_JSON_END);
		}
		plenum_json_free(j);
	}
}

static void
test_int(void **state)
{
	static const struct {
		const char *text;
		enum plenum_err err;
		int64_t v;
	} cases[] = {
		{ "0", PLENUM_OK, 0 },
		{ "-0", PLENUM_OK, 0 },
		{ "7", PLENUM_OK, 7 },
		{ "-42", PLENUM_OK, -42 },
		{ "9223372036854775807", PLENUM_OK, INT64_MAX },
		{ "-9223372036854775807", PLENUM_OK, -INT64_MAX },
		{ "-9223372036854775808", PLENUM_OK, INT64_MIN },
		{ "9223372036854775808", PLENUM_EINPUT, 0 },
		{ "-9223372036854775809", PLENUM_EINPUT, 0 },
		{ "18446744073709551616", PLENUM_EINPUT, 0 },
		{ "99999999999999999999999999", PLENUM_EINPUT, 0 },
		{ "1.0", PLENUM_EINPUT, 0 },
		{ "1e2", PLENUM_EINPUT, 0 },
		{ "1E0", PLENUM_EINPUT, 0 },
		{ "-0.0", PLENUM_EINPUT, 0 },
	};
	size_t i;

	for (i = 0; i < NW(cases); i++) {
		struct result *res = runs(cases[i].text);
		struct plenum_json_token t = { 0 };
		int64_t v = 12345;

		assert_int_equal(res->err, PLENUM_OK);
		t.type = res->toks[0].type;
		t.text = res->toks[0].text;
		t.len = res->toks[0].len;
		assert_int_equal(plenum_json_int(&t, &v), cases[i].err);
		if (cases[i].err == PLENUM_OK)
			assert_true(v == cases[i].v);
		else
			assert_true(v == 12345); /* untouched */
		result_free(res);
	}

	/* only NUMBER tokens */
	{
		struct plenum_json_token t = { 0 };
		int64_t v;

		t.type = PLENUM_JSON_STRING;
		t.text = "12";
		t.len = 2;
		assert_int_equal(plenum_json_int(&t, &v), PLENUM_EINPUT);
		t.type = PLENUM_JSON_TRUE;
		t.text = "true";
		assert_int_equal(plenum_json_int(&t, &v), PLENUM_EINPUT);
	}
}

static void
test_bom(void **state)
{
	static const struct want w[] = {
		{ PLENUM_JSON_ARRAY_BEGIN, "[", 1, 1, 1, 3 },
		{ PLENUM_JSON_NUMBER, "1", 1, 1, 2, 4 },
		{ PLENUM_JSON_ARRAY_END, "]", 1, 2, 1, 6 },
	};
	struct result *res = runs("\xef\xbb\xbf[1\n]");
	struct result *one = run("\xef\xbb\xbf[1\n]", 7, 1);

	assert_tokens(res, w, NW(w));
	assert_same(res, one);
	result_free(res);
	result_free(one);

	/* a BOM alone is an empty document */
	res = runs("\xef\xbb\xbf");
	assert_int_equal(res->err, PLENUM_ESYNTAX);
	assert_int_equal(res->ecol, 1);
	assert_string_equal(res->msg, "expected a value, found end of input");
	result_free(res);

	/* short input that only starts like a BOM */
	res = runs("1");
	assert_int_equal(res->err, PLENUM_OK);
	assert_int_equal(res->n, 1);
	result_free(res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_types),
		cmocka_unit_test(test_scalar_documents),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_positions_from_start),
		cmocka_unit_test(test_end_repeats),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_sticky),
		cmocka_unit_test(test_string_limit),
		cmocka_unit_test(test_number_limit),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_fragment),
		cmocka_unit_test(test_fragment_cases),
		cmocka_unit_test(test_chunking),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_many_strings),
		cmocka_unit_test(test_eio),
		cmocka_unit_test(test_eio_sticky),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_skip_top_and_errors),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_bom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
