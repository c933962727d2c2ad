/*
 * paper.c: plenum-paper-bench, the ballot-printing benchmark.
 *
 * Usage: plenum-paper-bench [--copies N] [--candidates N] [--style S]
 *                           [--paper A4|A3] [--locale L] [--out FILE]
 *
 * Lays out one ballot (default: cn style, 9 candidates for 7 seats, 3
 * write-in lines, A4, zh-Hans) and prints N copies (default 3000) as one
 * PDF, timing the whole: layout, drawing, and writing.  The PDF goes to
 * FILE, or by default to a sink that only counts bytes, so the time is the
 * library's and not the disk's.  Prints one line:
 *	copies=N pages=P bytes=B seconds=S ballots_per_second=R
 * Bad arguments exit 2, a failure to print 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ballot.h"
#include "layout.h"
#include "paper.h"

#define PROG "plenum-paper-bench"

static const char *const cn_names[] = {
	"王立新", "孙建国", "张文涛", "陈春兰", "李晓梅", "吴海燕", "周志远",
	"赵一鸣", "钱雨桐", "郑海波", "冯小红", "褚建华", "卫国强", "蒋丽娟",
	"沈志刚", "韩雪梅", "杨光明", "朱晓东", "秦文静", "尤海军",
};

struct counter {
	unsigned long long bytes;
};

static int
count_write(void *ctx, const void *p, size_t n)
{
	struct counter *c = ctx;

	(void)p;
	c->bytes += n;
	return 0;
}

static int
usage(void)
{
	fprintf(stderr,
		"usage: " PROG " [--copies N] [--candidates N] [--style S] "
		"[--paper A4|A3] [--locale L] [--out FILE]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct plenum_ballot_desc desc = {
		.locale = "zh-Hans",
		.title = "选举第九届委员会委员",
		.subtitle = "中国共产党某县教育系统第九次代表大会",
		.assembly_id = "bench",
		.election = 1,
		.round = 1,
		.style = PLENUM_STYLE_CN,
		.paper = PLENUM_PAPER_A4,
		.seats = 7,
		.write_ins = 3,
	};
	const char **names = NULL;
	const char *out = NULL;
	struct plenum_layout *l = NULL;
	struct plenum_diag diag = { 0 };
	struct counter counter = { 0 };
	struct plenum_paper_sink sink = { count_write, &counter };
	struct timespec t0, t1;
	unsigned long copies = 3000, ncand = 9, i;
	enum plenum_err err;
	FILE *f = NULL;
	double secs;
	int a, rc = 1;

	for (a = 1; a < argc; a += 2) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;

		if (v == NULL)
			return usage();
		if (strcmp(argv[a], "--copies") == 0)
			copies = strtoul(v, NULL, 10);
		else if (strcmp(argv[a], "--candidates") == 0)
			ncand = strtoul(v, NULL, 10);
		else if (strcmp(argv[a], "--style") == 0) {
			if (plenum_layout_style_parse(v, &desc.style) != 0)
				return usage();
		} else if (strcmp(argv[a], "--paper") == 0) {
			if (plenum_paper_size_parse(v, &desc.paper) != 0)
				return usage();
		} else if (strcmp(argv[a], "--locale") == 0)
			desc.locale = v;
		else if (strcmp(argv[a], "--out") == 0)
			out = v;
		else
			return usage();
	}
	if (copies == 0 || ncand == 0 || ncand > 2000)
		return usage();
	if (desc.style != PLENUM_STYLE_CN && desc.style != PLENUM_STYLE_YNA &&
	    desc.style != PLENUM_STYLE_APPROVAL)
		desc.write_ins = 0;
	names = calloc(ncand, sizeof(*names));
	if (names == NULL)
		goto out;
	for (i = 0; i < ncand; i++)
		names[i] =
			cn_names[i % (sizeof(cn_names) / sizeof(cn_names[0]))];
	desc.ncandidates = ncand;
	desc.candidates = names;
	if (out != NULL) {
		f = fopen(out, "wb");
		if (f == NULL) {
			perror(out);
			goto out;
		}
		sink.write = plenum_paper_file_write;
		sink.ctx = f;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = plenum_layout_new(&desc, &l, &diag);
	if (err == PLENUM_OK)
		err = plenum_ballot_pdf(l, copies, &sink, &diag);
	if (f != NULL && fflush(f) != 0 && err == PLENUM_OK)
		err = PLENUM_EIO;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err != PLENUM_OK) {
		fprintf(stderr, PROG ": %s: %s\n", plenum_err_str(err),
			diag.message);
		goto out;
	}
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (f != NULL)
		counter.bytes = (unsigned long long)ftell(f);
	printf("copies=%lu pages=%lu bytes=%llu seconds=%.3f "
	       "ballots_per_second=%.0f\n",
	       copies, copies * (unsigned long)l->npages, counter.bytes, secs,
	       (double)copies / secs);
	rc = 0;
out:
	if (f != NULL && fclose(f) != 0)
		rc = 1;
	plenum_layout_free(l);
	free(names);
	return rc;
}
