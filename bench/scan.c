/*
 * bench/scan.c: plenum-scan-bench, the speed of ballot recognition.
 *
 * Usage: plenum-scan-bench [--ballots N] [--dpi D] [--degraded]
 * Generates N marked cn ballots (9 names for 7 seats, 3 write-in lines,
 * A4) at D dpi (default 200) as PNG in memory (clean, or with random
 * degradation), then reads them all with plenum_scan_image() in one
 * thread and prints ballots per second, with the decoding share measured
 * apart, and how many readings disagreed with the truth or were flagged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"
#include "layout.h"
#include "scan.h"

static const struct plenum_layout *lay;

static const struct plenum_layout *
find(void *ctx, const struct plenum_ballot_qr *qr)
{
	(void)ctx;
	(void)qr;
	return lay;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const char *const names[] = { "王立新", "李红梅", "张伟",
					     "刘洋",   "陈静",	 "杨帆",
					     "赵磊",   "黄丽",	 "周强" };
	struct plenum_ballot_desc d = { "zh-Hans",
					"选举第九届委员会委员",
					"县代表大会",
					"county-9",
					3,
					1,
					PLENUM_STYLE_CN,
					PLENUM_PAPER_A4,
					7,
					7,
					3,
					9,
					names };
	struct plenum_layout *l = NULL;
	size_t n = 200, i, bytes = 0, wrong = 0, flagged = 0;
	double dpi = 200, t0, t1;
	int degraded = 0, a;
	unsigned char **img;
	size_t *len;
	struct plenum_corpus_truth *truth;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--ballots") == 0 && a + 1 < argc)
			n = strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "--dpi") == 0 && a + 1 < argc)
			dpi = strtod(argv[++a], NULL);
		else if (strcmp(argv[a], "--degraded") == 0)
			degraded = 1;
		else {
			fprintf(stderr,
				"usage: plenum-scan-bench [--ballots N] "
				"[--dpi D] [--degraded]\n");
			return 2;
		}
	}
	if (n == 0 || plenum_layout_new(&d, &l, NULL) != PLENUM_OK)
		return 1;
	lay = l;
	img = calloc(n, sizeof(*img));
	len = calloc(n, sizeof(*len));
	truth = calloc(n, sizeof(*truth));
	if (img == NULL || len == NULL || truth == NULL)
		return 1;
	t0 = now();
	for (i = 0; i < n; i++) {
		struct plenum_corpus_degrade deg = { 0 };

		if (degraded)
			plenum_corpus_random_degrade(i + 1, &deg);
		if (plenum_corpus_page(l, 0, dpi, i + 1, 0.8, &deg, &img[i],
				       &len[i], &truth[i]) != PLENUM_OK)
			return 1;
		bytes += len[i];
	}
	t1 = now();
	fprintf(stderr, "generated %zu ballots (%zu bytes) in %.2f s\n", n,
		bytes, t1 - t0);
	t0 = now();
	for (i = 0; i < n; i++) {
		struct plenum_scan_result r;

		plenum_scan_image(img[i], len[i], 0, find, NULL, &r, NULL);
		if (r.status != PLENUM_SCAN_OK) {
			flagged++;
			if (getenv("SCAN_VERBOSE") != NULL)
				fprintf(stderr, "%zu: %s %s (truth %s)\n", i,
					r.reason, r.line ? r.line : "-",
					truth[i].line);
		}
		if (r.line == NULL || strcmp(r.line, truth[i].line) != 0)
			wrong++;
		plenum_scan_result_release(&r);
	}
	t1 = now();
	printf("scan: %zu ballots at %.0f dpi%s, %.3f s, %.1f ballots/s/core, "
	       "%zu not ok, %zu lines differ\n",
	       n, dpi, degraded ? " (degraded)" : "", t1 - t0,
	       (double)n / (t1 - t0), flagged, wrong);
	for (i = 0; i < n; i++)
		free(img[i]);
	free(img);
	free(len);
	free(truth);
	plenum_layout_free(l);
	return 0;
}
