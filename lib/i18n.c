/*
 * i18n.c: GNU .mo catalogues, read in place, and the built-in ones.
 *
 * Invariants: a struct plenum_catalog exists only for an image that passed
 * every check of plenum_i18n_parse(): both string tables lie inside the
 * image, every string lies inside it and has its NUL exactly where its
 * length says, and the original strings are strictly increasing by strcmp
 * (msgfmt sorts them), so lookup bisects and never reads past the image.
 * No string is copied: the entries point into the borrowed image.  The
 * header entry (empty msgid) is left out; msgctxt entries ("ctx\004id")
 * stay in and never match a plain msgid; for plural entries the lookup
 * sees the singular and returns msgstr[0].  The hash table is ignored.
 *
 * The built-in images (i18n_images.h) are all parsed together, once, under
 * pthread_once(), and kept for the life of the process.
 */
#include "i18n.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_images.h"

#define MO_MAGIC 0x950412deu
/* magic, revision, N, O (originals), T (translations), S, H: 7 words */
#define MO_HEADER 28u
/* Far above any real catalogue (ours hold about 130); bounds the work and
 * the allocation for hostile images. */
#define MO_MAX_STRINGS 1000000u

struct entry {
	const char *id;
	const char *str;
};

struct plenum_catalog {
	size_t n;
	struct entry e[]; /* strictly increasing by strcmp on id */
};

/* Byte by byte: the image may be in either order and need not be aligned. */
static uint32_t
get32(const unsigned char *p, int big)
{
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | (uint32_t)p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | (uint32_t)p[0];
}

/* Whether a table of n (length, offset) pairs at off fits in len bytes.
 * n is capped, so 64-bit arithmetic cannot overflow. */
static int
table_fits(size_t len, uint32_t off, uint32_t n)
{
	return (uint64_t)off + (uint64_t)n * 8u <= (uint64_t)len;
}

/* String i of the table at tab (which fits), or NULL when it leaves the
 * image or its NUL is not at offset + length. */
static const char *
string_at(const unsigned char *data, size_t len, uint32_t tab, uint32_t i,
	  int big)
{
	const unsigned char *slot = data + tab + (size_t)i * 8u;
	uint32_t slen = get32(slot, big), off = get32(slot + 4, big);

	/* < len, not <=: the terminating NUL must be inside too */
	if ((uint64_t)off + slen >= (uint64_t)len)
		return NULL;
	if (data[(size_t)off + slen] != '\0')
		return NULL;
	return (const char *)data + off;
}

enum plenum_err
plenum_i18n_parse(const unsigned char *data, size_t len,
		  struct plenum_catalog **out)
{
	struct plenum_catalog *cat = NULL;
	enum plenum_err err = PLENUM_ESYNTAX;
	const char *id, *str, *prev = NULL;
	uint32_t n, otab, ttab, i;
	int big;

	*out = NULL;
	if (data == NULL || len < MO_HEADER)
		goto out;
	if (get32(data, 0) == MO_MAGIC)
		big = 0;
	else if (get32(data, 1) == MO_MAGIC)
		big = 1;
	else
		goto out;
	/* minor revisions only add tables we ignore; a new major may change
	 * the ones we read */
	if (get32(data + 4, big) >> 16 != 0)
		goto out;
	n = get32(data + 8, big);
	otab = get32(data + 12, big);
	ttab = get32(data + 16, big);
	if (n > MO_MAX_STRINGS || !table_fits(len, otab, n) ||
	    !table_fits(len, ttab, n))
		goto out;

	/* n * 8 <= len, so this is at most twice the image on 64-bit hosts */
	cat = malloc(sizeof(*cat) + (size_t)n * sizeof(cat->e[0]));
	if (cat == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	cat->n = 0;
	for (i = 0; i < n; i++) {
		id = string_at(data, len, otab, i, big);
		str = string_at(data, len, ttab, i, big);
		if (id == NULL || str == NULL)
			goto out;
		/* strictly: a duplicate would make lookup ambiguous */
		if (prev != NULL && strcmp(prev, id) >= 0)
			goto out;
		prev = id;
		if (id[0] == '\0')
			continue; /* the header; sorting puts it first */
		cat->e[cat->n].id = id;
		cat->e[cat->n].str = str;
		cat->n++;
	}
	err = PLENUM_OK;
out:
	if (err != PLENUM_OK) {
		free(cat);
		cat = NULL;
	}
	*out = cat;
	return err;
}

void
plenum_i18n_free(struct plenum_catalog *cat)
{
	free(cat);
}

const char *
plenum_i18n_get(const struct plenum_catalog *cat, const char *msgid)
{
	size_t lo = 0, hi, mid;
	int c;

	if (cat == NULL || msgid == NULL)
		return msgid;
	hi = cat->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(msgid, cat->e[mid].id);
		if (c == 0)
			/* msgfmt drops untranslated entries, but a hand-made
			 * image may keep them: English beats an empty line */
			return cat->e[mid].str[0] != '\0' ? cat->e[mid].str
							  : msgid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}

/* builtin[i] is plenum_i18n_images[i] parsed, or NULL if it failed. */
static struct plenum_catalog **builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void
builtin_init(void)
{
	size_t i;

	/* calloc, so that a failed parse (or a failed calloc: no builtin at
	 * all) leaves NULL and reports come out in English */
	builtin = calloc(plenum_i18n_nimages ? plenum_i18n_nimages : 1,
			 sizeof(*builtin));
	if (builtin == NULL)
		return;
	for (i = 0; i < plenum_i18n_nimages; i++)
		(void)plenum_i18n_parse(plenum_i18n_images[i].data,
					plenum_i18n_images[i].len, &builtin[i]);
}

const struct plenum_catalog *
plenum_i18n_catalog(const char *locale)
{
	size_t i;

	if (locale == NULL)
		return NULL;
	/* English is the msgids: no image, whatever the build embedded */
	if (strcmp(locale, "en") == 0)
		return NULL;
	if (pthread_once(&builtin_once, builtin_init) != 0 || builtin == NULL)
		return NULL;
	for (i = 0; i < plenum_i18n_nimages; i++)
		if (strcmp(locale, plenum_i18n_images[i].locale) == 0)
			return builtin[i];
	return NULL;
}
