/*
 * fuzz_mo.c: libFuzzer harness for the .mo reader (plenum_i18n_parse).
 *
 * The whole input is the image.  A rejected image must leave no catalogue.
 * An accepted one is walked again here, independently, and must hold what
 * the parser promises: both tables and every string inside the input, each
 * string NUL-terminated at offset + length, the originals strictly sorted.
 * Then every original is looked up through a copy of itself, so that the
 * answer tells found (a pointer to its own translation in the input) from
 * not found (the copy): each must be found unless its translation is
 * empty, and the header (empty msgid) never is.  A few fixed msgids are
 * looked up too.  Any breach aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t
get32(const uint8_t *p, int big)
{
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | (uint32_t)p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | (uint32_t)p[0];
}

/* String i of the table at tab; aborts if the parser let a bad one by. */
static const char *
string_at(const uint8_t *data, size_t size, uint32_t tab, uint32_t i, int big)
{
	uint64_t slot = (uint64_t)tab + (uint64_t)i * 8, off, len;

	if (slot + 8 > size)
		abort();
	len = get32(data + slot, big);
	off = get32(data + slot + 4, big);
	if (off + len >= size || data[off + len] != '\0')
		abort();
	return (const char *)data + off;
}

/* Keeps the strlen() below from being optimised away. */
static volatile size_t sink;

static void
lookup_fixed(const struct plenum_catalog *cat)
{
	static const char *const ids[] = {
		"",
		"elected",
		"alternate",
		"%s (written in)",
		", ",
		"\xff",
		"Tellers' report of the election",
	};
	const char *r;
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		r = plenum_i18n_get(cat, ids[i]);
		if (r == NULL)
			abort();
		/* found or not, the answer must be a readable string */
		sink += strlen(r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plenum_catalog *cat = (struct plenum_catalog *)&cat;
	enum plenum_err err;
	const char *id, *str, *prev = NULL, *r;
	uint32_t n, otab, ttab, i;
	char *copy;
	size_t idlen;
	int big;

	err = plenum_i18n_parse(data, size, &cat);
	if (err != PLENUM_OK) {
		if (cat != NULL ||
		    (err != PLENUM_ESYNTAX && err != PLENUM_ENOMEM))
			abort();
		return 0;
	}
	if (cat == NULL || size < 28)
		abort();
	lookup_fixed(cat);

	big = get32(data, 0) != 0x950412deu;
	if (get32(data, big) != 0x950412deu || get32(data + 4, big) >> 16)
		abort();
	n = get32(data + 8, big);
	otab = get32(data + 12, big);
	ttab = get32(data + 16, big);
	for (i = 0; i < n; i++) {
		id = string_at(data, size, otab, i, big);
		str = string_at(data, size, ttab, i, big);
		if (prev != NULL && strcmp(prev, id) >= 0)
			abort();
		prev = id;
		idlen = strlen(id);
		copy = malloc(idlen + 1);
		if (copy == NULL)
			abort();
		memcpy(copy, id, idlen + 1);
		r = plenum_i18n_get(cat, copy);
		if (id[0] == '\0' || str[0] == '\0') {
			if (r != copy)
				abort();
		} else if (r != str) {
			abort();
		}
		free(copy);
	}
	plenum_i18n_free(cat);
	return 0;
}
