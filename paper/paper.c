/*
 * paper.c: paper sizes, locales and the two stock sinks.
 *
 * Sizes are kept in micrometres so that every position of a layout is an
 * integer: its digest and its JSON are then the same on every machine.
 */
#include "paper.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "buf.h"

int
plenum_paper_size_parse(const char *word, enum plenum_paper_size *out)
{
	if (word == NULL)
		return -1;
	if (strcasecmp(word, "a4") == 0) {
		*out = PLENUM_PAPER_A4;
		return 0;
	}
	if (strcasecmp(word, "a3") == 0) {
		*out = PLENUM_PAPER_A3;
		return 0;
	}
	return -1;
}

const char *
plenum_paper_size_word(enum plenum_paper_size size)
{
	return size == PLENUM_PAPER_A3 ? "A3" : "A4";
}

int32_t
plenum_paper_width(enum plenum_paper_size size)
{
	switch (size) {
	case PLENUM_PAPER_A4:
		return 210000;
	case PLENUM_PAPER_A3:
		return 297000;
	}
	return 0;
}

int32_t
plenum_paper_height(enum plenum_paper_size size)
{
	switch (size) {
	case PLENUM_PAPER_A4:
		return 297000;
	case PLENUM_PAPER_A3:
		return 420000;
	}
	return 0;
}

int
plenum_paper_locale_ok(const char *locale)
{
	static const char *const known[] = { "zh-Hans", "zh-Hant", "vi", "en" };
	size_t i;

	if (locale == NULL)
		return 0;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(locale, known[i]) == 0)
			return 1;
	return 0;
}

int
plenum_paper_text_ok(const char *s, size_t max)
{
	const unsigned char *p;
	size_t len;

	if (s == NULL)
		return 0;
	len = strlen(s);
	if (len == 0 || len > max || !g_utf8_validate(s, (gssize)len, NULL))
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

int
plenum_paper_file_write(void *ctx, const void *p, size_t n)
{
	FILE *f = ctx;

	if (n == 0)
		return 0;
	return fwrite(p, 1, n, f) == n ? 0 : -1;
}

int
plenum_paper_buf_write(void *ctx, const void *p, size_t n)
{
	return plenum_buf_add(ctx, p, n) == PLENUM_OK ? 0 : -1;
}

void
plenum_paper_cleanup(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
