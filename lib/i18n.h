/*
 * i18n.h: message catalogues for reports, one per language, chosen per call.
 *
 * The .po files under po/ are the source of truth.  At build time msgfmt
 * compiles them to .mo and the images are embedded in the binary, so a
 * report can be printed in any language whatever the process locale, and
 * no file has to be found at run time.  English is the msgid itself.
 */
#ifndef PLENUM_I18N_H
#define PLENUM_I18N_H

#include <stddef.h>

#include "err.h"

struct plenum_catalog;

/*
 * Returns the built-in catalogue for "zh-Hans", "zh-Hant" or "vi", parsed on
 * first use and kept for the life of the process (thread-safe); NULL for
 * "en", for unknown locales, and if the embedded image cannot be parsed.
 */
const struct plenum_catalog *plenum_i18n_catalog(const char *locale);

/*
 * Translates msgid with cat (NULL allowed: msgid is returned).  The result
 * is borrowed from the catalogue or is msgid itself.  Printf-style msgids
 * keep their conversions in translation (msgfmt --check-format), so the
 * format attribute lets the compiler check the call's arguments.
 */
const char *plenum_i18n_get(const struct plenum_catalog *cat, const char *msgid)
	__attribute__((format_arg(2)));

/*
 * Parses a GNU .mo image of len bytes (either byte order).  data is borrowed
 * and must outlive the catalogue.  Returns PLENUM_OK, PLENUM_ESYNTAX for a
 * malformed image (bad magic, offsets or lengths outside it, unsorted or
 * unterminated strings), or PLENUM_ENOMEM; *out is NULL on failure.
 */
enum plenum_err plenum_i18n_parse(const unsigned char *data, size_t len,
				  struct plenum_catalog **out);

/* Frees a catalogue made by plenum_i18n_parse().  NULL is a no-op. */
void plenum_i18n_free(struct plenum_catalog *cat);

/* Marks a msgid for xgettext (keyword T_:2) and translates it. */
#define T_(cat, msgid) plenum_i18n_get((cat), (msgid))
/* Marks a msgid for xgettext (keyword N_) without translating it. */
#define N_(msgid) (msgid)

#endif
