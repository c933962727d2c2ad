/*
 * samples.c: sample data for the paper tests and paper-demo.
 *
 * The Chinese samples are the demo congress of examples/congress.json (its
 * names in stroke order), the Vietnamese ones examples/vn-delegates.json,
 * the motion examples/work-report-resolution.json; the result files in
 * tests/paper/data/ are `plenum tally FILE --json` of those.
 */
#include "samples.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

static const char *const cn_names[] = { "王立新", "孙建国", "张文涛",
					"陈春兰", "李晓梅", "吴海燕",
					"周志远", "赵一鸣", "钱雨桐" };
static const char *const tc_names[] = { "王立新", "孫建國", "張文濤",
					"陳春蘭", "李曉梅", "吳海燕",
					"周志遠", "趙一鳴", "錢雨桐" };
static const char *const vn_names[] = {
	"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường",
	"Phạm Thị Dung", "Hoàng Văn Đức", "Vũ Thị Hà",
	"Đặng Văn Hải",	 "Bùi Thị Hoa",	  "Đỗ Văn Hùng",
};
static const char *const en_names[] = { "Ada Lovelace", "Grace Hopper",
					"Alan Turing", "Edsger Dijkstra",
					"Barbara Liskov" };
static const char *const motions[] = {
	"通过《立足新时代 奋进新征程》工作报告的决议",
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

const char *
sample_name(enum sample s)
{
	static const char *const names[SAMPLE_COUNT] = {
		"cn",  "cn-tc",	   "vn-strike-out", "vn-uncontested",
		"yna", "approval", "motion",
	};

	return (unsigned)s < SAMPLE_COUNT ? names[s] : "?";
}

void
sample_desc(enum sample s, struct plenum_ballot_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->assembly_id = "county-9";
	d->election = 3;
	d->round = 1;
	d->paper = PLENUM_PAPER_A4;
	switch (s) {
	case SAMPLE_CN:
	case SAMPLE_COUNT:
		d->locale = "zh-Hans";
		d->subtitle = "中国共产党某县教育系统第九次代表大会";
		d->title = "选举第九届委员会委员";
		d->style = PLENUM_STYLE_CN;
		d->seats = 7;
		d->write_ins = 3;
		d->ncandidates = LEN(cn_names);
		d->candidates = cn_names;
		break;
	case SAMPLE_CN_TC:
		d->locale = "zh-Hant";
		d->subtitle = "某縣教育系統第九次代表大會";
		d->title = "選舉第九屆委員會委員";
		d->style = PLENUM_STYLE_CN;
		d->round = 2;
		d->seats = 7;
		d->write_ins = 3;
		d->ncandidates = LEN(tc_names);
		d->candidates = tc_names;
		break;
	case SAMPLE_VN_STRIKE:
	case SAMPLE_VN_UNCONTESTED:
		d->locale = "vi";
		d->assembly_id = "tan-lap-15";
		d->subtitle = "Đại hội Đảng bộ xã Tân Lập lần thứ XV";
		d->title = "Bầu đoàn đại biểu dự Đại hội cấp trên";
		d->style = s == SAMPLE_VN_STRIKE ? PLENUM_STYLE_VN_STRIKE_OUT
						 : PLENUM_STYLE_VN_UNCONTESTED;
		d->seats = s == SAMPLE_VN_STRIKE ? 7 : LEN(vn_names);
		d->ncandidates = LEN(vn_names);
		d->candidates = vn_names;
		break;
	case SAMPLE_YNA:
	case SAMPLE_APPROVAL:
		d->locale = "en";
		d->assembly_id = "agm-2025";
		d->election = 1;
		d->subtitle = "Annual General Meeting 2025";
		d->title = "Election of the Board";
		d->style = s == SAMPLE_YNA ? PLENUM_STYLE_YNA
					   : PLENUM_STYLE_APPROVAL;
		d->paper = s == SAMPLE_YNA ? PLENUM_PAPER_A4 : PLENUM_PAPER_A3;
		d->seats = 3;
		d->write_ins = 2;
		d->ncandidates = LEN(en_names);
		d->candidates = en_names;
		break;
	case SAMPLE_MOTION:
		d->locale = "zh-Hans";
		d->election = 4;
		d->subtitle = "中国共产党某县教育系统第九次代表大会";
		d->title = "关于党委工作报告的决议";
		d->style = PLENUM_STYLE_MOTION;
		d->ncandidates = LEN(motions);
		d->candidates = motions;
		break;
	}
}

const char *
sample_result_file(enum sample s)
{
	switch (s) {
	case SAMPLE_CN:
		return "congress.result.json";
	case SAMPLE_CN_TC:
		return "congress.result.zh-Hant.json";
	case SAMPLE_VN_STRIKE:
	case SAMPLE_VN_UNCONTESTED:
		return "vn-delegates.result.json";
	case SAMPLE_MOTION:
		return "work-report-resolution.result.json";
	default:
		return NULL;
	}
}

const char *const *
sample_many_names(size_t n)
{
	static char store[2000][32];
	static const char *names[2000];
	size_t i;

	if (n > 2000)
		n = 2000;
	for (i = 0; i < n; i++) {
		snprintf(store[i], sizeof(store[i]), "候选人%zu", i + 1);
		names[i] = store[i];
	}
	return names;
}

void
sample_cards(struct plenum_cards_desc *d)
{
	static const struct plenum_card cards[] = {
		{ "D001", "王立新", "县第一中学", "ABCDE-FGHJK" },
		{ "D002", "孙建国", "县教育局", NULL },
		{ "D003", "张文涛", NULL, "MNPQR-STUVW" },
	};

	memset(d, 0, sizeof(*d));
	d->locale = "zh-Hans";
	d->assembly = "中国共产党某县教育系统第九次代表大会";
	d->paper = PLENUM_PAPER_A4;
	d->ncards = LEN(cards);
	d->cards = cards;
}

char *
sample_load(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf = NULL;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto out;
	buf = malloc((size_t)n + 1);
	if (buf == NULL)
		goto out;
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
	if (len != NULL)
		*len = (size_t)n;
out:
	fclose(f);
	return buf;
}

void
sample_buf_sink(struct plenum_buf *b, struct plenum_paper_sink *sink)
{
	plenum_buf_init(b, (size_t)512 << 20);
	sink->write = plenum_paper_buf_write;
	sink->ctx = b;
}

int
sample_save(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc = 0;

	if (f == NULL)
		return -1;
	if (len > 0 && fwrite(data, 1, len, f) != len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

void
sample_cleanup(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
