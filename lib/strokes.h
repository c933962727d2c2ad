/*
 * strokes.h: stroke counts of CJK ideographs, for the 姓氏笔画 order.
 *
 * The counts are Unihan's kTotalStrokes, made into a table at build time by
 * tools/gen_strokes.c (the generated strokes_table.c defines the function).
 * ICU's stroke collation counts by the traditional forms, which misorders
 * mainland lists; hence our own table.
 */
#ifndef PLENUM_STROKES_H
#define PLENUM_STROKES_H

#include <stdint.h>

/*
 * Returns the stroke count of code point cp as the mainland counts it (GB,
 * zh-Hans), or, when traditional is nonzero, as Taiwan counts it (zh-Hant);
 * -1 when Unihan gives none (non-Han characters, radicals, unassigned code
 * points, anything above U+10FFFF).
 */
int plenum_strokes_count(uint32_t cp, int traditional);

#endif
