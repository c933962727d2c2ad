/*
 * i18n_images.h: the compiled catalogues embedded in the library (private).
 *
 * tools/embed_mo.c writes i18n_images.c at build time from the .mo files
 * that msgfmt made of po/<lang>.po; i18n.c parses them all the first time
 * a catalogue is asked for.  i18n.c reads the images byte by byte, so their
 * alignment does not matter, but the generator aligns them to 4 anyway.
 */
#ifndef PLENUM_I18N_IMAGES_H
#define PLENUM_I18N_IMAGES_H

#include <stddef.h>

struct plenum_i18n_image {
	const char *locale;	   /* "zh-Hans", "zh-Hant", "vi" */
	const unsigned char *data; /* a GNU .mo file, byte for byte */
	size_t len;
};

extern const struct plenum_i18n_image plenum_i18n_images[];
extern const size_t plenum_i18n_nimages;

#endif
