/*
 * fuzz_scan.c: libFuzzer harness for the image entry point of ballot
 * scanning (leptonica's PNG, TIFF and JPEG decoders behind
 * plenum_scan_image(), then fiducials, QR code and marks).  The first
 * byte picks the page of a multi-page TIFF; the rest is the image.  One
 * sample layout answers every QR code, so a fuzzed ballot can get as far
 * as reading marks.  The seeds ballot.png, ballot.jpg and
 * ballot-2pages.tif in corpus/scan are pages of this very layout at 90
 * dpi, made by tests/paper/test_scan.c (test_fuzz_seeds, which builds the
 * same layout and checks that the seeds still read as ballots): change
 * the layout in both places and copy the new seeds from the build
 * folder's tests/paper/scan-out/fuzz-scan.  They are up to 20 KB, so
 * tests/fuzz/meson.build lets this harness take inputs of 64 KB.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct plenum_layout *lay;

static const struct plenum_layout *
find(void *ctx, const struct plenum_ballot_qr *qr)
{
	(void)ctx;
	(void)qr;
	return lay;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "甲", "乙", "丙" };
	struct plenum_scan_result r;

	if (lay == NULL) {
		/* as fuzz_layout() in tests/paper/test_scan.c */
		struct plenum_ballot_desc d = { "en",
						"Fuzz",
						NULL,
						"fuzz",
						1,
						1,
						PLENUM_STYLE_YNA,
						PLENUM_PAPER_A4,
						2,
						2,
						1,
						3,
						names };

		if (plenum_layout_new(&d, &lay, NULL) != PLENUM_OK)
			abort();
	}
	if (size < 1)
		return 0;
	plenum_scan_image(data + 1, size - 1, data[0] % 4, find, NULL, &r,
			  NULL);
	if (r.status != PLENUM_SCAN_UNREADABLE && r.line == NULL)
		abort();
	plenum_scan_page_count(data + 1, size - 1);
	plenum_scan_result_release(&r);
	return 0;
}
