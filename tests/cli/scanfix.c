/*
 * scanfix.c: marked ballot scans for the scan command's tests.
 *
 *   scanfix LAYOUTS OUTDIR COUNT SEED [--degrade] [--tiff] [--dpi D]
 *
 * LAYOUTS is what `plenum scan layouts` prints; the first layout is used.
 * Writes COUNT ballots, each page filled with random pen marks (paper/
 * corpus.h) from SEED, as OUTDIR/b0001-p1.png ... (JPEG when degraded
 * pages come out as JPEG), or one multi-page TIFF a ballot with --tiff,
 * and OUTDIR/truth.txt: one line a ballot, in file-name order, with the
 * ballot line the truth gives (a write-in marked: "\tw:Y:?").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "corpus.h"
#include "layout.h"
#include "paper.h"
#include "scan.h"

static int
write_file(const char *path, const unsigned char *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(p, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "scanfix: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct plenum_layout *l = NULL;
	struct plenum_corpus_degrade deg;
	struct plenum_corpus_truth truth;
	json_t *layouts;
	FILE *tf;
	char path[4096];
	int degrade = 0, tiff = 0, i, status = 1;
	double dpi = 200;
	long count, b;
	unsigned long long seed;

	if (argc < 5) {
		fputs("usage: scanfix LAYOUTS OUTDIR COUNT SEED [--degrade] "
		      "[--tiff] [--dpi D]\n",
		      stderr);
		return 2;
	}
	for (i = 5; i < argc; i++) {
		if (strcmp(argv[i], "--degrade") == 0)
			degrade = 1;
		else if (strcmp(argv[i], "--tiff") == 0)
			tiff = 1;
		else if (strcmp(argv[i], "--dpi") == 0 && i + 1 < argc)
			dpi = atof(argv[++i]);
	}
	count = atol(argv[3]);
	seed = strtoull(argv[4], NULL, 10);
	layouts = json_load_file(argv[1], 0, NULL);
	if (plenum_layout_from_json(json_array_get(layouts, 0), &l, NULL) !=
	    PLENUM_OK) {
		fprintf(stderr, "scanfix: no layout in %s\n", argv[1]);
		json_decref(layouts);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/truth.txt", argv[2]);
	if ((tf = fopen(path, "w")) == NULL)
		goto out;
	for (b = 1; b <= count; b++) {
		unsigned char *imgs[64] = { 0 };
		size_t lens[64] = { 0 }, p;
		char lines[64][65];
		const char *lp[64];
		char *line = NULL;

		for (p = 0; p < l->npages; p++) {
			memset(&deg, 0, sizeof(deg));
			if (degrade)
				plenum_corpus_random_degrade(seed + 977 * b + p,
							     &deg);
			if (plenum_corpus_page(l, p, dpi, seed + 31 * b + p,
					       0.7, &deg, &imgs[p], &lens[p],
					       &truth) != PLENUM_OK)
				goto out;
			snprintf(lines[p], sizeof(lines[p]), "%s", truth.line);
			lp[p] = lines[p];
			if (!tiff) {
				snprintf(path, sizeof(path),
					 "%s/b%04ld-p%zu.%s", argv[2], b, p + 1,
					 lens[p] > 3 && imgs[p][0] == 0xff
						 ? "jpg"
						 : "png");
				if (write_file(path, imgs[p], lens[p]) != 0)
					goto out;
			}
		}
		if (tiff) {
			unsigned char *t = NULL;
			size_t tlen = 0;

			if (plenum_corpus_tiff(
				    (const unsigned char *const *)imgs, lens,
				    l->npages, &t, &tlen) != PLENUM_OK)
				goto out;
			snprintf(path, sizeof(path), "%s/b%04ld.tif", argv[2],
				 b);
			if (write_file(path, t, tlen) != 0) {
				free(t);
				goto out;
			}
			free(t);
		}
		for (p = 0; p < l->npages; p++)
			free(imgs[p]);
		if (plenum_scan_ballot_line(l, lp, l->npages, &line, NULL) !=
		    PLENUM_OK)
			goto out;
		fprintf(tf, "%s\n", line);
		free(line);
	}
	status = fclose(tf) != 0;
	tf = NULL;
out:
	if (tf != NULL)
		fclose(tf);
	plenum_layout_free(l);
	json_decref(layouts);
	plenum_paper_cleanup();
	return status;
}
