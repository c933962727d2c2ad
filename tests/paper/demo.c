/*
 * demo.c: paper-demo, which prints every sample document into a folder to
 * look at: a ballot of each style, a 60-name ballot on A4 and A3, the
 * layout JSON of the first, the tally sheets (filled and blank), the
 * announcements, the minutes in four languages, and credential cards.
 *
 * Usage: paper-demo OUTDIR DATADIR (DATADIR: tests/paper/data); OUTDIR is
 * created if missing (one level).  Exits 1 when anything fails to print,
 * with the reason on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "ballot.h"
#include "cards.h"
#include "docs.h"
#include "layout.h"
#include "result.h"
#include "samples.h"

static const char *outdir, *datadir;
static int failed;

static FILE *
open_out(const char *name, char *path, size_t n)
{
	FILE *f;

	snprintf(path, n, "%s/%s", outdir, name);
	f = fopen(path, "wb");
	if (f == NULL) {
		perror(path);
		failed = 1;
	}
	return f;
}

static void
report(const char *path, enum plenum_err err, const struct plenum_diag *diag)
{
	if (err == PLENUM_OK) {
		printf("%s\n", path);
		return;
	}
	fprintf(stderr, "paper-demo: %s: %s: %s\n", path, plenum_err_str(err),
		diag->message);
	failed = 1;
}

enum kind { BALLOT, SHEET, BLANK_SHEET, ANNOUNCEMENT, MINUTES };

static void
print(const char *name, const struct plenum_ballot_desc *desc, enum kind kind,
      const char *data)
{
	struct plenum_layout *l = NULL;
	struct plenum_result *res = NULL;
	struct plenum_diag diag = { 0 };
	struct plenum_paper_sink sink = { plenum_paper_file_write, NULL };
	enum plenum_err err;
	char path[4096];
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	err = plenum_layout_new(desc, &l, &diag);
	if (err == PLENUM_OK && data != NULL) {
		text = sample_load(datadir, data, &len);
		if (text == NULL) {
			fprintf(stderr, "paper-demo: cannot read %s/%s\n",
				datadir, data);
			failed = 1;
			goto out;
		}
		if (kind == SHEET || kind == ANNOUNCEMENT)
			err = plenum_result_parse(text, len, &res, &diag);
	}
	f = open_out(name, path, sizeof(path));
	if (f == NULL)
		goto out;
	sink.ctx = f;
	if (err == PLENUM_OK) {
		switch (kind) {
		case BALLOT:
			err = plenum_ballot_pdf(l, 1, &sink, &diag);
			break;
		case SHEET:
		case BLANK_SHEET:
			err = plenum_docs_tally_sheet(l, res, &sink, &diag);
			break;
		case ANNOUNCEMENT:
			err = plenum_docs_announcement(l, res, &sink, &diag);
			break;
		case MINUTES:
			err = plenum_docs_minutes(l, text, &sink, &diag);
			break;
		}
	}
	if (fclose(f) != 0 && err == PLENUM_OK)
		err = PLENUM_EIO;
	report(path, err, &diag);
	if (err == PLENUM_OK && kind == BALLOT &&
	    strcmp(name, "ballot-cn.pdf") == 0) {
		json_t *j = plenum_layout_json(l);

		snprintf(path, sizeof(path), "%s/layout-cn.json", outdir);
		if (j == NULL || json_dump_file(j, path, JSON_INDENT(1)) != 0)
			failed = 1;
		json_decref(j);
	}
out:
	plenum_result_free(res);
	plenum_layout_free(l);
	free(text);
}

int
main(int argc, char **argv)
{
	struct plenum_ballot_desc d;
	struct plenum_cards_desc cards;
	struct plenum_diag diag = { 0 };
	struct plenum_paper_sink sink = { plenum_paper_file_write, NULL };
	char name[128], path[4096];
	enum plenum_err err;
	FILE *f;
	int s;

	if (argc != 3) {
		fprintf(stderr, "usage: paper-demo OUTDIR DATADIR\n");
		return 2;
	}
	outdir = argv[1];
	datadir = argv[2];
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		perror(outdir);
		return 1;
	}
	for (s = 0; s < SAMPLE_COUNT; s++) {
		sample_desc((enum sample)s, &d);
		snprintf(name, sizeof(name), "ballot-%s.pdf",
			 sample_name((enum sample)s));
		print(name, &d, BALLOT, NULL);
	}
	sample_desc(SAMPLE_CN, &d);
	d.ncandidates = 60;
	d.candidates = sample_many_names(60);
	print("ballot-60-a4.pdf", &d, BALLOT, NULL);
	d.paper = PLENUM_PAPER_A3;
	print("ballot-60-a3.pdf", &d, BALLOT, NULL);

	sample_desc(SAMPLE_CN, &d);
	print("tally-sheet-cn.pdf", &d, SHEET, "congress.result.json");
	print("tally-sheet-blank.pdf", &d, BLANK_SHEET, NULL);
	print("announcement-cn.pdf", &d, ANNOUNCEMENT, "congress.result.json");
	print("minutes-cn.pdf", &d, MINUTES, "congress.report.txt");
	sample_desc(SAMPLE_CN_TC, &d);
	print("announcement-tc.pdf", &d, ANNOUNCEMENT,
	      "congress.result.zh-Hant.json");
	print("minutes-tc.pdf", &d, MINUTES, "congress.report.zh-Hant.txt");
	sample_desc(SAMPLE_VN_STRIKE, &d);
	print("tally-sheet-vn.pdf", &d, SHEET, "vn-delegates.result.json");
	print("announcement-vn.pdf", &d, ANNOUNCEMENT,
	      "vn-delegates.result.json");
	print("minutes-vn.pdf", &d, MINUTES, "vn-delegates.report.txt");
	sample_desc(SAMPLE_MOTION, &d);
	print("tally-sheet-motion.pdf", &d, SHEET,
	      "work-report-resolution.result.json");
	print("announcement-motion.pdf", &d, ANNOUNCEMENT,
	      "work-report-resolution.result.json");
	sample_desc(SAMPLE_YNA, &d);
	print("minutes-en.pdf", &d, MINUTES, "congress.report.en.txt");

	sample_cards(&cards);
	f = open_out("cards.pdf", path, sizeof(path));
	if (f != NULL) {
		sink.ctx = f;
		err = plenum_cards_pdf(&cards, &sink, &diag);
		if (fclose(f) != 0 && err == PLENUM_OK)
			err = PLENUM_EIO;
		report(path, err, &diag);
	}
	sample_cleanup();
	return failed;
}
