/*
 * ui_strings.h: the msgids of the browser UI (ui_strings.c).
 */
#ifndef PLENUM_UI_STRINGS_H
#define PLENUM_UI_STRINGS_H

/* NULL-ended; static. */
extern const char *const plenum_ui_strings[];

#endif
