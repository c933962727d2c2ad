/*
 * test_i18n.c: unit tests for the .mo reader and the built-in catalogues.
 *
 * Usage: test_i18n PLENUM.pot
 *
 * The .pot (one extracted from the sources at build time, so that it is
 * never stale) drives the completeness test: every msgid in it must have a
 * non-empty translation in every embedded catalogue.  Presence is told by
 * pointer: plenum_i18n_get() returns its own argument only for a msgid the
 * catalogue lacks (or translates as empty), since a translation points
 * into the image.  Malformed images are made by build_mo(), which writes a
 * well-formed image in either byte order that a test then breaks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "i18n_images.h"

static const char *pot_path;

/* ---- building images ---- */

struct pair {
	const char *id; /* may hold NULs: idlen says how long */
	size_t idlen;
	const char *str;
	size_t slen;
};

#define P(id, str)                                                             \
	{                                                                      \
		id, sizeof(id) - 1, str, sizeof(str) - 1                       \
	}

static void
put32(unsigned char *p, uint32_t v, int big)
{
	int i;

	for (i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get32(const unsigned char *p, int big)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v |= (uint32_t)p[big ? 3 - i : i] << (8 * i);
	return v;
}

/* Offsets of the parts of an image made by build_mo(). */
#define OTAB	28u
#define TTAB(n) (OTAB + 8u * (uint32_t)(n))

/*
 * A .mo image of the n pairs, in the given order (so tests can also make
 * it unsorted): header, original table, translation table, no hash table,
 * then the originals and the translations, each followed by its NUL.  The
 * last byte of the image is the NUL of the last translation.
 */
static unsigned char *
build_mo(const struct pair *e, size_t n, int big, size_t *len)
{
	size_t size = TTAB(n) + 8u * n, i, pos;
	unsigned char *img;

	for (i = 0; i < n; i++)
		size += e[i].idlen + 1 + e[i].slen + 1;
	img = calloc(1, size);
	assert_non_null(img);
	put32(img, 0x950412de, big);
	put32(img + 4, 0, big);
	put32(img + 8, (uint32_t)n, big);
	put32(img + 12, OTAB, big);
	put32(img + 16, TTAB(n), big);
	put32(img + 20, 0, big);
	put32(img + 24, TTAB(n) + 8u * (uint32_t)n, big);
	pos = TTAB(n) + 8u * n;
	for (i = 0; i < n; i++) {
		put32(img + OTAB + 8 * i, (uint32_t)e[i].idlen, big);
		put32(img + OTAB + 8 * i + 4, (uint32_t)pos, big);
		memcpy(img + pos, e[i].id, e[i].idlen);
		pos += e[i].idlen + 1;
	}
	for (i = 0; i < n; i++) {
		put32(img + TTAB(n) + 8 * i, (uint32_t)e[i].slen, big);
		put32(img + TTAB(n) + 8 * i + 4, (uint32_t)pos, big);
		memcpy(img + pos, e[i].str, e[i].slen);
		pos += e[i].slen + 1;
	}
	assert_int_equal(pos, size);
	*len = size;
	return img;
}

/* Sorted by strcmp, as msgfmt writes them: the header first. */
static const struct pair sample[] = {
	P("", "Content-Type: text/plain; charset=UTF-8\n"),
	P("apple\0apples", "quả táo\0quả táo"),
	P("ballot", "选票"),
	P("menu\004open", "mở"),
	P("open", "开"),
	P("untranslated", ""),
	P("zebra", "斑马"),
};

#define NSAMPLE (sizeof(sample) / sizeof(sample[0]))

static void
expect_syntax(const unsigned char *img, size_t len)
{
	struct plenum_catalog *cat = (struct plenum_catalog *)&cat;

	assert_int_equal(plenum_i18n_parse(img, len, &cat), PLENUM_ESYNTAX);
	assert_null(cat);
}

static struct plenum_catalog *
expect_ok(const unsigned char *img, size_t len)
{
	struct plenum_catalog *cat = NULL;

	assert_int_equal(plenum_i18n_parse(img, len, &cat), PLENUM_OK);
	assert_non_null(cat);
	return cat;
}

/* ---- the built-in catalogues ---- */

static void
test_builtin_images_parse(void **state)
{
	struct plenum_catalog *cat;
	size_t i;

	(void)state;
	assert_int_equal(plenum_i18n_nimages, 3);
	for (i = 0; i < plenum_i18n_nimages; i++) {
		cat = expect_ok(plenum_i18n_images[i].data,
				plenum_i18n_images[i].len);
		plenum_i18n_free(cat);
		assert_non_null(
			plenum_i18n_catalog(plenum_i18n_images[i].locale));
	}
}

static void
test_known_translations(void **state)
{
	const struct plenum_catalog *hans = plenum_i18n_catalog("zh-Hans");
	const struct plenum_catalog *hant = plenum_i18n_catalog("zh-Hant");
	const struct plenum_catalog *vi = plenum_i18n_catalog("vi");

	(void)state;
	assert_non_null(hans);
	assert_non_null(hant);
	assert_non_null(vi);
	assert_ptr_not_equal(hans, hant);
	assert_ptr_not_equal(hans, vi);
	/* parsed once: the same catalogue every time */
	assert_ptr_equal(plenum_i18n_catalog("zh-Hans"), hans);

	assert_string_equal(plenum_i18n_get(hans, "elected"), "当选");
	assert_string_equal(plenum_i18n_get(hant, "elected"), "當選");
	assert_string_equal(plenum_i18n_get(vi, "elected"), "trúng cử");
	assert_string_equal(plenum_i18n_get(hans, "alternate"), "候补");
	assert_string_equal(plenum_i18n_get(hant, "alternate"), "候補");
	assert_string_equal(plenum_i18n_get(vi, "alternate"), "dự khuyết");
	assert_string_equal(
		plenum_i18n_get(hans, "Tellers' report of the election"),
		"计票结果报告单");
	assert_string_equal(
		plenum_i18n_get(hant, "Tellers' report of the election"),
		"計票結果報告單");
	assert_string_equal(
		plenum_i18n_get(vi, "Tellers' report of the election"),
		"Biên bản kiểm phiếu");
	assert_string_equal(plenum_i18n_get(hans, "surname stroke order"),
			    "姓氏笔画为序");
	assert_string_equal(plenum_i18n_get(hant, "surname stroke order"),
			    "姓氏筆畫為序");
	assert_string_equal(
		plenum_i18n_get(vi, "Vietnamese alphabetical order"),
		"thứ tự chữ cái tiếng Việt");
	/* the report joins names with it */
	assert_string_equal(plenum_i18n_get(hans, ", "), "、");
	assert_string_equal(plenum_i18n_get(vi, ", "), ", ");
	/* the header entry is not a translation of "" */
	assert_string_equal(plenum_i18n_get(hans, ""), "");
}

static void
test_unknown_msgid(void **state)
{
	static const char msgid[] = "no such message, surely";
	const char *locales[] = { "zh-Hans", "zh-Hant", "vi" };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_ptr_equal(
			plenum_i18n_get(plenum_i18n_catalog(locales[i]), msgid),
			msgid);
}

static void
test_null_catalog(void **state)
{
	static const char msgid[] = "elected";

	(void)state;
	assert_ptr_equal(plenum_i18n_get(NULL, msgid), msgid);
	assert_null(plenum_i18n_get(NULL, NULL));
	assert_null(plenum_i18n_get(plenum_i18n_catalog("vi"), NULL));
	plenum_i18n_free(NULL);
}

static void
test_english_and_unknown_locales(void **state)
{
	(void)state;
	assert_null(plenum_i18n_catalog("en"));
	assert_null(plenum_i18n_catalog(NULL));
	assert_null(plenum_i18n_catalog(""));
	assert_null(plenum_i18n_catalog("fr"));
	assert_null(plenum_i18n_catalog("zh"));
	assert_null(plenum_i18n_catalog("zh_Hans")); /* the tag, not the file */
	assert_null(plenum_i18n_catalog("vi-VN"));
}

static void *
catalog_thread(void *arg)
{
	return (void *)plenum_i18n_catalog(arg);
}

/* First in main(), so that the threads race for the first parse. */
static void
test_catalog_threads(void **state)
{
	pthread_t th[8];
	void *got[8];
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&th[i], NULL, catalog_thread,
						i % 2 ? "vi" : "zh-Hant"),
				 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(pthread_join(th[i], &got[i]), 0);
	for (i = 0; i < 8; i++) {
		assert_non_null(got[i]);
		assert_ptr_equal(got[i], got[i % 2]);
	}
	assert_ptr_equal(got[1], plenum_i18n_catalog("vi"));
}

/* ---- images made here ---- */

static void
check_sample(const struct plenum_catalog *cat)
{
	static const char untranslated[] = "untranslated";
	static const char open_id[] = "menu";

	assert_string_equal(plenum_i18n_get(cat, "ballot"), "选票");
	assert_string_equal(plenum_i18n_get(cat, "open"), "开");
	assert_string_equal(plenum_i18n_get(cat, "zebra"), "斑马");
	/* plural entry: found by its singular, answers msgstr[0] */
	assert_string_equal(plenum_i18n_get(cat, "apple"), "quả táo");
	/* context entry: kept, found only with its context */
	assert_string_equal(plenum_i18n_get(cat, "menu\004open"), "mở");
	assert_ptr_equal(plenum_i18n_get(cat, open_id), open_id);
	/* empty translation: English */
	assert_ptr_equal(plenum_i18n_get(cat, untranslated), untranslated);
	assert_string_equal(plenum_i18n_get(cat, "apples"), "apples");
	assert_string_equal(plenum_i18n_get(cat, "a"), "a");
	assert_string_equal(plenum_i18n_get(cat, "zz"), "zz");
	assert_string_equal(plenum_i18n_get(cat, ""), "");
}

static void
test_little_and_big_endian(void **state)
{
	struct plenum_catalog *cat;
	unsigned char *img;
	size_t len;
	int big;

	(void)state;
	for (big = 0; big < 2; big++) {
		img = build_mo(sample, NSAMPLE, big, &len);
		cat = expect_ok(img, len);
		check_sample(cat);
		plenum_i18n_free(cat);
		free(img);
	}
}

static void
test_edge_images(void **state)
{
	static const struct pair header_only[] = { P("", "x") };
	static const struct pair one[] = { P("a", "b") };
	struct plenum_catalog *cat;
	unsigned char *img;
	size_t len;

	(void)state;
	/* no strings at all: just a header */
	img = build_mo(NULL, 0, 0, &len);
	assert_int_equal(len, 28);
	cat = expect_ok(img, len);
	assert_string_equal(plenum_i18n_get(cat, "a"), "a");
	plenum_i18n_free(cat);
	free(img);

	img = build_mo(header_only, 1, 1, &len);
	cat = expect_ok(img, len);
	assert_string_equal(plenum_i18n_get(cat, ""), "");
	plenum_i18n_free(cat);
	free(img);

	/* a minor revision only adds tables: accepted */
	img = build_mo(one, 1, 0, &len);
	put32(img + 4, 1, 0);
	cat = expect_ok(img, len);
	assert_string_equal(plenum_i18n_get(cat, "a"), "b");
	plenum_i18n_free(cat);
	free(img);

	/* bytes after the last string are allowed */
	img = build_mo(one, 1, 0, &len);
	img = realloc(img, len + 5);
	assert_non_null(img);
	memset(img + len, 'x', 5);
	cat = expect_ok(img, len + 5);
	plenum_i18n_free(cat);
	free(img);
}

static void
test_truncated(void **state)
{
	unsigned char *img, *copy;
	size_t len, k;
	int big;

	(void)state;
	expect_syntax(NULL, 0);
	for (big = 0; big < 2; big++) {
		img = build_mo(sample, NSAMPLE, big, &len);
		/* every proper prefix loses at least the last NUL; a copy of
		 * exactly k bytes lets ASan catch a read past the end */
		for (k = 0; k < len; k++) {
			copy = malloc(k ? k : 1);
			assert_non_null(copy);
			memcpy(copy, img, k);
			expect_syntax(copy, k);
			free(copy);
		}
		free(img);
	}
}

static void
test_bad_magic_and_revision(void **state)
{
	unsigned char *img;
	size_t len;

	(void)state;
	img = build_mo(sample, NSAMPLE, 0, &len);
	img[0] ^= 1;
	expect_syntax(img, len);
	img[0] ^= 1;
	put32(img, 0x12345678, 0);
	expect_syntax(img, len);
	/* both orders of the magic are fine, but then the rest must follow */
	put32(img, 0x950412de, 1);
	expect_syntax(img, len);
	put32(img, 0x950412de, 0);
	put32(img + 4, 1u << 16, 0); /* major revision 1 */
	expect_syntax(img, len);
	put32(img + 4, 0xffff0000u, 0);
	expect_syntax(img, len);
	free(img);
}

/* Sets the word at byte off of the image to v, expects the parse to
 * fail, then restores the word. */
static void
poke_fails(unsigned char *img, size_t len, size_t off, uint32_t v, int big)
{
	unsigned char save[4];

	memcpy(save, img + off, 4);
	put32(img + off, v, big);
	expect_syntax(img, len);
	memcpy(img + off, save, 4);
}

static void
test_offsets_out_of_range(void **state)
{
	struct plenum_catalog *cat;
	unsigned char *img;
	size_t len, i;
	uint32_t n = NSAMPLE;
	int big;

	(void)state;
	for (big = 0; big < 2; big++) {
		img = build_mo(sample, NSAMPLE, big, &len);
		/* N: beyond the cap, beyond the image, wrapping 8 * N */
		poke_fails(img, len, 8, 0xffffffffu, big);
		poke_fails(img, len, 8, 1000001u, big);
		poke_fails(img, len, 8, 0x20000000u, big);
		poke_fails(img, len, 8, (uint32_t)len, big);
		/* the tables */
		poke_fails(img, len, 12, (uint32_t)len, big);
		poke_fails(img, len, 12, (uint32_t)len - 8 * n + 1, big);
		poke_fails(img, len, 12, 0xfffffff8u, big);
		poke_fails(img, len, 16, (uint32_t)len - 8 * n + 1, big);
		poke_fails(img, len, 16, 0xffffffffu, big);
		for (i = 0; i < NSAMPLE; i++) {
			size_t o = OTAB + 8 * i, t = TTAB(n) + 8 * i;

			/* length past the end; offset past the end; a sum
			 * that wraps in 32 bits */
			poke_fails(img, len, o, (uint32_t)len, big);
			poke_fails(img, len, o + 4, (uint32_t)len, big);
			poke_fails(img, len, o + 4, 0xffffffffu, big);
			poke_fails(img, len, o, 0xffffffffu, big);
			poke_fails(img, len, t, (uint32_t)len, big);
			poke_fails(img, len, t + 4, (uint32_t)len, big);
			poke_fails(img, len, t + 4, 0xfffffffeu, big);
		}
		/* the image is intact again */
		cat = expect_ok(img, len);
		check_sample(cat);
		plenum_i18n_free(cat);
		free(img);
	}
}

static void
test_unterminated(void **state)
{
	unsigned char *img;
	size_t len, i, at;
	uint32_t n = NSAMPLE;
	int big;

	(void)state;
	for (big = 0; big < 2; big++) {
		img = build_mo(sample, NSAMPLE, big, &len);
		for (i = 0; i < 2 * NSAMPLE; i++) {
			/* the byte at offset + length of string i */
			const unsigned char *slot =
				img + (i < NSAMPLE ? OTAB + 8 * i
						   : TTAB(n) + 8 * (i - n));

			at = (size_t)get32(slot + 4, big) + get32(slot, big);
			assert_true(at < len);
			assert_int_equal(img[at], 0);
			img[at] = 'x';
			expect_syntax(img, len);
			img[at] = 0;
		}
		free(img);
	}
}

static void
test_unsorted(void **state)
{
	static const struct pair reversed[] = { P("b", "2"), P("a", "1") };
	static const struct pair duplicate[] = { P("a", "1"), P("a", "2") };
	static const struct pair late_header[] = { P("a", "1"), P("", "h") };
	/* strcmp order is by unsigned bytes: "é" (0xc3...) after "z" */
	static const struct pair bytes[] = { P("z", "1"), P("\xc3\xa9", "2") };
	static const struct pair bytes_bad[] = { P("\xc3\xa9", "2"),
						 P("z", "1") };
	struct plenum_catalog *cat;
	unsigned char *img;
	size_t len;

	(void)state;
	img = build_mo(reversed, 2, 0, &len);
	expect_syntax(img, len);
	free(img);
	img = build_mo(duplicate, 2, 1, &len);
	expect_syntax(img, len);
	free(img);
	img = build_mo(late_header, 2, 0, &len);
	expect_syntax(img, len);
	free(img);
	img = build_mo(bytes_bad, 2, 0, &len);
	expect_syntax(img, len);
	free(img);
	img = build_mo(bytes, 2, 0, &len);
	cat = expect_ok(img, len);
	assert_string_equal(plenum_i18n_get(cat, "\xc3\xa9"), "2");
	assert_string_equal(plenum_i18n_get(cat, "z"), "1");
	plenum_i18n_free(cat);
	free(img);
}

/* ---- every msgid of the .pot is translated ---- */

struct strv {
	char **v;
	size_t n;
};

static void
strv_add(struct strv *s, char *str)
{
	s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
	assert_non_null(s->v);
	s->v[s->n++] = str;
}

/* Appends the C-escaped contents of the quoted string at q to out. */
static void
unquote(const char *q, char **out, size_t *outn)
{
	static const char from[] = "ntrabfv\"\\", to[] = "\n\t\r\a\b\f\v\"\\";
	const char *p = q, *k;
	char c;

	assert_int_equal(*p, '"');
	for (p++; *p != '"'; p++) {
		assert_true(*p != '\0' && *p != '\n');
		c = *p;
		if (c == '\\') {
			k = *++p != '\0' ? strchr(from, *p) : NULL;
			if (k == NULL)
				fail_msg("%s: unknown escape in %s", pot_path,
					 q);
			c = to[k - from];
		}
		*out = realloc(*out, *outn + 2);
		assert_non_null(*out);
		(*out)[(*outn)++] = c;
		(*out)[*outn] = '\0';
	}
}

/* The msgids of the .pot at path, "ctxt\004id" for those with a context,
 * the header left out. */
static struct strv
pot_msgids(const char *path)
{
	struct strv ids = { NULL, 0 };
	FILE *f = fopen(path, "r");
	char line[4096], *cur = NULL, *ctx = NULL, **into = NULL;
	size_t curn = 0, ctxn = 0, *inton = NULL;
	int in_id = 0;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	for (;;) {
		char *got = fgets(line, sizeof(line), f);

		assert_true(got == NULL || strchr(line, '\n') != NULL);
		if (got != NULL && line[0] == '"') {
			/* a continuation of the keyword before */
			if (into != NULL)
				unquote(line, into, inton);
			continue;
		}
		/* any other line ends a msgid */
		if (in_id) {
			if (cur == NULL)
				cur = calloc(1, 1);
			assert_non_null(cur);
			if (ctx != NULL) {
				char *key = malloc(ctxn + 1 + curn + 1);

				assert_non_null(key);
				memcpy(key, ctx, ctxn);
				key[ctxn] = '\004';
				memcpy(key + ctxn + 1, cur, curn + 1);
				free(cur);
				cur = key;
			}
			if (cur[0] != '\0' || ctx != NULL)
				strv_add(&ids, cur);
			else
				free(cur); /* the header */
			free(ctx);
			cur = ctx = NULL;
			curn = ctxn = 0;
			in_id = 0;
		}
		into = NULL;
		if (got == NULL)
			break;
		if (strncmp(line, "msgctxt \"", 9) == 0) {
			into = &ctx;
			inton = &ctxn;
			unquote(line + 8, into, inton);
			if (ctx == NULL)
				ctx = calloc(1, 1);
		} else if (strncmp(line, "msgid \"", 7) == 0) {
			into = &cur;
			inton = &curn;
			in_id = 1;
			unquote(line + 6, into, inton);
		}
	}
	assert_int_equal(ferror(f), 0);
	fclose(f);
	free(ctx);
	return ids;
}

static void
test_every_msgid_translated(void **state)
{
	const char *locales[] = { "zh-Hans", "zh-Hant", "vi" };
	struct strv ids;
	size_t i, l, missing = 0;

	(void)state;
	if (pot_path == NULL)
		fail_msg("usage: test_i18n PLENUM.pot");
	ids = pot_msgids(pot_path);
	/* guards the parser above: the reports have well over 100 */
	assert_true(ids.n >= 100);
	for (l = 0; l < 3; l++) {
		const struct plenum_catalog *cat =
			plenum_i18n_catalog(locales[l]);

		assert_non_null(cat);
		for (i = 0; i < ids.n; i++) {
			const char *tr = plenum_i18n_get(cat, ids.v[i]);

			if (tr == ids.v[i] || tr[0] == '\0') {
				print_error("%s: not translated: \"%s\"\n",
					    locales[l], ids.v[i]);
				missing++;
			}
		}
	}
	for (i = 0; i < ids.n; i++)
		free(ids.v[i]);
	free(ids.v);
	if (missing > 0)
		fail_msg("%zu translations missing: run ninja update-po, "
			 "translate, rebuild",
			 missing);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_threads),
		cmocka_unit_test(test_builtin_images_parse),
		cmocka_unit_test(test_known_translations),
		cmocka_unit_test(test_unknown_msgid),
		cmocka_unit_test(test_null_catalog),
		cmocka_unit_test(test_english_and_unknown_locales),
		cmocka_unit_test(test_little_and_big_endian),
		cmocka_unit_test(test_edge_images),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_magic_and_revision),
		cmocka_unit_test(test_offsets_out_of_range),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_unsorted),
		cmocka_unit_test(test_every_msgid_translated),
	};

	pot_path = argc > 1 ? argv[1] : NULL;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
