/*
 * test_roll.c: unit tests for roll.c: encodings (BOM, GB18030, UTF-16,
 * invalid bytes), CSV dialects, Chinese and Vietnamese headers, status
 * words, NFC, every kind of row error collected together, the caps, and the
 * counts the quorum rules use; then two realistic rolls read from the data
 * directory given as argv[1].
 *
 * Expected strings are written precomposed (NFC); decomposed and GB18030
 * inputs are spelled out as escapes so that no editor can change them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roll.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
/* A string literal and its length, which may cover embedded NULs. */
#define S(lit) lit, sizeof(lit) - 1

static const char *data_dir;

struct want_member {
	const char *id, *name, *unit, *delegation, *exclusion;
	enum plenum_roll_status status;
	unsigned long line;
};

struct ok_case {
	const char *what;
	const char *data;
	size_t len;
	unsigned flags;
	size_t count;
	size_t warnings;
	struct want_member m[3]; /* the first members */
};

#define FULL  PLENUM_ROLL_FULL
#define PROB  PLENUM_ROLL_PROBATIONARY
#define NONV  PLENUM_ROLL_NON_VOTING
#define GUEST PLENUM_ROLL_GUEST
#define GEN   PLENUM_ROLL_IDS_GENERATED
#define BOM   PLENUM_ROLL_HAD_BOM

static const struct ok_case ok_cases[] = {
	{ "plain, LF, generated ids",
	  S("name,status\nAlice,full\nBob,guest\n"),
	  GEN,
	  2,
	  0,
	  { { "1", "Alice", "", "", NULL, FULL, 2 },
	    { "2", "Bob", "", "", NULL, GUEST, 3 } } },
	{ "no final newline",
	  S("name,status\nAlice,full"),
	  GEN,
	  1,
	  0,
	  { { "1", "Alice", "", "", NULL, FULL, 2 } } },
	{ "BOM, CRLF, Chinese header",
	  S("\xef\xbb\xbf编号,姓名,单位,代表团,身份,请假原因\r\n"
	    "A1,王伟,第三中学,一组,正式代表,\r\n"
	    "A2,李娜,实验小学,二组,预备党员,病假\r\n"),
	  BOM,
	  2,
	  0,
	  { { "A1", "王伟", "第三中学", "一组", NULL, FULL, 2 },
	    { "A2", "李娜", "实验小学", "二组", "病假", PROB, 3 } } },
	{ "quoted commas, quotes and line breaks",
	  S("id,name,unit,status,备注\n"
	    "1,\"Lê, Văn \"\"Tư\"\"\",\"a,b\",full,\"one\r\ntwo\"\n"
	    "2,\"B\",\"\",\"guest\",\"x\ny\rz\"\n"
	    "3,C,,full,\n"),
	  0,
	  3,
	  0,
	  { { "1", "Lê, Văn \"Tư\"", "a,b", "", NULL, FULL, 2 },
	    { "2", "B", "", "", NULL, GUEST, 4 },
	    { "3", "C", "", "", NULL, FULL, 7 } } },
	{ "tab-separated, commas in cells",
	  S("姓名\t身份\t单位\n王伟\t正式\t一中, 二中\n"),
	  GEN | PLENUM_ROLL_SEP_TAB,
	  1,
	  0,
	  { { "1", "王伟", "一中, 二中", "", NULL, FULL, 2 } } },
	{ "semicolon-separated",
	  S("name;status;unit\r\nJean;full;a,b\r\n"),
	  GEN | PLENUM_ROLL_SEP_SEMICOLON,
	  1,
	  0,
	  { { "1", "Jean", "a,b", "", NULL, FULL, 2 } } },
	{ "Vietnamese header, any case",
	  S("HỌ VÀ TÊN,Đơn vị,Đoàn,Tư Cách,Lý do,Mã\n"
	    "Nguyễn Văn An,Chi bộ 1,Tổ 1,Chính thức,,V1\n"
	    "Trần Thị Bình,Chi bộ 2,Tổ 2,Dự bị,Miễn sinh hoạt,V2\n"),
	  0,
	  2,
	  0,
	  { { "V1", "Nguyễn Văn An", "Chi bộ 1", "Tổ 1", NULL, FULL, 2 },
	    { "V2", "Trần Thị Bình", "Chi bộ 2", "Tổ 2", "Miễn sinh hoạt", PROB,
	      3 } } },
	{ "other Vietnamese names: Họ tên, Tổ, Loại, Số thẻ",
	  S("Số thẻ,Họ tên,Tổ,Loại\n7,Lê Hoa,Tổ 3,Khách mời\n"),
	  0,
	  1,
	  0,
	  { { "7", "Lê Hoa", "", "Tổ 3", NULL, GUEST, 2 } } },
	{ "NFD names and values become NFC",
	  S("name,status,unit\nNguye\xcc\x82\xcc\x83n,full,Đo\xcc\x82ng\n"),
	  GEN,
	  1,
	  0,
	  { { "1", "Nguy\xe1\xbb\x85n", "\xc4\x90\xc3\xb4ng", "", NULL, FULL,
	      2 } } },
	{ "cells trimmed of ideographic and other white space",
	  S("姓名,身份,单位\n\xe3\x80\x80王伟\xe3\x80\x80, 列席 ,\t一中\n"),
	  GEN,
	  1,
	  0,
	  { { "1", "王伟", "一中", "", NULL, NONV, 2 } } },
	{ "GB18030 with 4-byte sequences, CRLF",
	  S("\xd0\xd5\xc3\xfb,\xb5\xa5\xce\xbb,\xc9\xed\xb7\xdd\r\n"
	    "\xcd\xf5\xce\xb0,\xb5\xda\xc8\xfd\xd6\xd0\xd1\xa7,"
	    "\xd5\xfd\xca\xbd\r\n"
	    "Nguy\x81\x36\x84\x31n V\x81\x30\x8c\x30n \x81\x30\x87\x30n,"
	    "\xca\xb5\xd1\xe9\xd0\xa1\xd1\xa7,\xc1\xd0\xcf\xaf\r\n"),
	  GEN | PLENUM_ROLL_CONVERTED_GB18030,
	  2,
	  0,
	  { { "1", "王伟", "第三中学", "", NULL, FULL, 2 },
	    { "2", "Nguyễn Văn Ân", "实验小学", "", NULL, NONV, 3 } } },
	{ "blank lines and Excel's empty rows skipped",
	  S("\n\r\nname,status\n,\nA,full\n\n , \nB,full\n,,\n\n"),
	  GEN,
	  2,
	  0,
	  { { "1", "A", "", "", NULL, FULL, 5 },
	    { "2", "B", "", "", NULL, FULL, 8 } } },
	{ "lone CR line ends",
	  S("name,status\rA,full\rB,probationary\r"),
	  GEN,
	  2,
	  0,
	  { { "1", "A", "", "", NULL, FULL, 2 },
	    { "2", "B", "", "", NULL, PROB, 3 } } },
	{ "short rows: missing cells are empty",
	  S("name,status,unit,delegation\nA,full\n"),
	  GEN,
	  1,
	  0,
	  { { "1", "A", "", "", NULL, FULL, 2 } } },
	{ "empty trailing cells beyond the header are fine",
	  S("name,status\nA,full,,\n"),
	  GEN,
	  1,
	  0,
	  { { "1", "A", "", "", NULL, FULL, 2 } } },
	{ "stray quote inside an unquoted cell is text",
	  S("name,status\nA\"B,full\n"),
	  GEN,
	  1,
	  0,
	  { { "1", "A\"B", "", "", NULL, FULL, 2 } } },
	{ "a title row above the header, tab-separated",
	  S("某县第三次党代会代表名单\n\n姓名\t身份\n王伟\t正式\n"),
	  GEN | PLENUM_ROLL_SEP_TAB,
	  1,
	  1,
	  { { "1", "王伟", "", "", NULL, FULL, 4 } } },
	{ "two title rows, Excel's commas",
	  S("代表名单,,\n2024年5月,,\n姓名,身份,单位\n王伟,正式,一中\n"),
	  GEN,
	  1,
	  1,
	  { { "1", "王伟", "一中", "", NULL, FULL, 4 } } },
	{ "same name, other unit: a warning, still imported",
	  S("姓名,单位,身份\n王伟,一中,正式\n李四,二中,正式\n王伟,三中,正式\n"),
	  GEN,
	  3,
	  1,
	  { { "1", "王伟", "一中", "", NULL, FULL, 2 },
	    { "2", "李四", "二中", "", NULL, FULL, 3 },
	    { "3", "王伟", "三中", "", NULL, FULL, 4 } } },
};

static void
check_member(const struct plenum_roll_member *m, const struct want_member *w)
{
	assert_non_null(m);
	assert_string_equal(m->id, w->id);
	assert_string_equal(m->name, w->name);
	assert_string_equal(m->unit, w->unit);
	assert_string_equal(m->delegation, w->delegation);
	if (w->exclusion == NULL)
		assert_null(m->exclusion);
	else
		assert_string_equal(m->exclusion, w->exclusion);
	assert_int_equal(m->status, w->status);
	assert_int_equal(m->line, w->line);
}

static void
test_ok_cases(void **state)
{
	size_t i, k, np;

	(void)state;
	for (i = 0; i < LEN(ok_cases); i++) {
		const struct ok_case *c = &ok_cases[i];
		struct plenum_roll *roll = NULL;
		struct plenum_roll_problem *pr = NULL;
		unsigned flags = 99;
		enum plenum_err err;

		err = plenum_roll_parse((const unsigned char *)c->data, c->len,
					&roll, &pr, &np, &flags);
		if (err != PLENUM_OK)
			fail_msg("%s: %s: line %lu: %s", c->what,
				 plenum_err_str(err), np ? pr[0].line : 0,
				 np ? pr[0].message : "");
		assert_non_null(roll);
		assert_int_equal(flags, c->flags);
		assert_int_equal(np, c->warnings);
		for (k = 0; k < np; k++)
			assert_int_equal(pr[k].err, PLENUM_OK);
		if (np == 0)
			assert_null(pr);
		assert_int_equal(plenum_roll_count(roll), c->count);
		for (k = 0; k < c->count && k < LEN(c->m); k++)
			check_member(plenum_roll_member(roll, k), &c->m[k]);
		assert_null(plenum_roll_member(roll, c->count));
		plenum_roll_problems_free(pr);
		plenum_roll_free(roll);
	}
}

static void
test_quoted_extra(void **state)
{
	static const char csv[] = "id,name,unit,status,备注\n"
				  "1,A,u,full,\"one\r\ntwo\"\n"
				  "2,B,u,full,\"x\ny\rz\"\n";
	struct plenum_roll *roll = NULL;
	const struct plenum_roll_member *m;

	(void)state;
	assert_int_equal(plenum_roll_parse((const unsigned char *)csv,
					   sizeof(csv) - 1, &roll, NULL, NULL,
					   NULL),
			 PLENUM_OK);
	assert_int_equal(plenum_roll_extra_count(roll), 1);
	assert_string_equal(plenum_roll_extra_name(roll, 0), "备注");
	assert_null(plenum_roll_extra_name(roll, 1));
	m = plenum_roll_member(roll, 0);
	assert_string_equal(m->extra[0], "one\ntwo");
	m = plenum_roll_member(roll, 1);
	assert_string_equal(m->extra[0], "x\ny\nz");
	assert_int_equal(m->line, 4);
	plenum_roll_free(roll);
}

static void
test_extra_columns(void **state)
{
	static const char csv[] = "序号,姓名,身份,,电话,备注\n"
				  "1,王伟,正式,ignored,138,组长\n"
				  "2,李娜,正式\n";
	struct plenum_roll *roll = NULL;
	const struct plenum_roll_member *m;

	(void)state;
	assert_int_equal(plenum_roll_parse((const unsigned char *)csv,
					   sizeof(csv) - 1, &roll, NULL, NULL,
					   NULL),
			 PLENUM_OK);
	assert_int_equal(plenum_roll_extra_count(roll), 3);
	assert_string_equal(plenum_roll_extra_name(roll, 0), "序号");
	assert_string_equal(plenum_roll_extra_name(roll, 1), "电话");
	assert_string_equal(plenum_roll_extra_name(roll, 2), "备注");
	m = plenum_roll_member(roll, 0);
	assert_string_equal(m->extra[0], "1");
	assert_string_equal(m->extra[1], "138");
	assert_string_equal(m->extra[2], "组长");
	m = plenum_roll_member(roll, 1);
	assert_string_equal(m->extra[0], "2");
	assert_string_equal(m->extra[1], "");
	assert_string_equal(m->extra[2], "");
	plenum_roll_free(roll);

	/* No extra columns: extra is NULL. */
	assert_int_equal(plenum_roll_parse((const unsigned char *)"n,status\n"
								  "A,full\n",
					   14, &roll, NULL, NULL, NULL),
			 PLENUM_EINPUT); /* "n" is an extra; no name column */
	assert_null(roll);
	assert_int_equal(plenum_roll_parse((const unsigned char *)"name,"
								  "status\nA,"
								  "full\n",
					   19, &roll, NULL, NULL, NULL),
			 PLENUM_OK);
	assert_int_equal(plenum_roll_extra_count(roll), 0);
	assert_null(plenum_roll_member(roll, 0)->extra);
	plenum_roll_free(roll);
}

static void
test_title_rows(void **state)
{
	static const char csv[] = "代表名单,,\n2024年5月,,\n姓名,身份,单位\n"
				  "王伟,正式,一中\n";
	static const char six[] = "a\nb\nc\nd\ne\nname,status\nA,full\n";
	struct plenum_roll *roll = NULL;
	struct plenum_roll_problem *pr = NULL;
	size_t np;

	(void)state;
	assert_int_equal(plenum_roll_parse((const unsigned char *)csv,
					   sizeof(csv) - 1, &roll, &pr, &np,
					   NULL),
			 PLENUM_OK);
	assert_int_equal(np, 1);
	assert_int_equal(pr[0].err, PLENUM_OK);
	assert_int_equal(pr[0].line, 1);
	assert_string_equal(pr[0].message, "2 rows above the header (line 3) "
					   "skipped as a title");
	plenum_roll_problems_free(pr);
	plenum_roll_free(roll);

	/* Only the first five rows are searched for the header. */
	assert_int_equal(plenum_roll_parse((const unsigned char *)six,
					   sizeof(six) - 1, &roll, &pr, &np,
					   NULL),
			 PLENUM_EINPUT);
	assert_null(roll);
	assert_int_equal(np, 2);
	assert_int_equal(pr[0].line, 1);
	assert_string_equal(pr[0].message, "the header has no name column "
					   "(姓名, họ và tên or name)");
	plenum_roll_problems_free(pr);
}

/* ---- status words ------------------------------------------------------ */

static const struct {
	const char *word;
	enum plenum_roll_status status;
} status_cases[] = {
	{ "full", FULL },
	{ "FULL", FULL },
	{ "member", FULL },
	{ "delegate", FULL },
	{ "voting", FULL },
	{ "正式", FULL },
	{ "正式党员", FULL },
	{ "正式代表", FULL },
	{ "代表", FULL },
	{ "Chính thức", FULL },
	{ "CHÍNH THỨC", FULL },
	{ "Đảng viên chính thức", FULL },
	{ "Đại biểu chính thức", FULL },
	{ "probationary", PROB },
	{ "预备", PROB },
	{ "预备党员", PROB },
	{ "Dự bị", PROB },
	{ "Đảng viên dự bị", PROB },
	{ "non-voting", NONV },
	{ "Non voting", NONV },
	{ "observer", NONV },
	{ "列席", NONV },
	{ "列席代表", NONV },
	{ "Dự khuyết", NONV },
	{ "Đại biểu dự khuyết", NONV },
	{ "guest", GUEST },
	{ "来宾", GUEST },
	{ "特邀", GUEST },
	{ "特邀嘉宾", GUEST },
	{ "Khách mời", GUEST },
	{ "Đại biểu khách mời", GUEST },
	/* NFD spelling of Dự bị. */
	{ "D\x75\xcc\x9b\xcc\xa3 bi\xcc\xa3", PROB },
};

static void
test_status_words(void **state)
{
	char csv[4096];
	size_t i, n = 0;
	struct plenum_roll *roll = NULL;
	struct plenum_roll_problem *pr = NULL;
	enum plenum_roll_status st;
	size_t np;

	(void)state;
	n += (size_t)snprintf(csv + n, sizeof(csv) - n, "name,status\n");
	for (i = 0; i < LEN(status_cases); i++) {
		assert_int_equal(
			plenum_roll_status_parse(status_cases[i].word, &st), 0);
		assert_int_equal(st, status_cases[i].status);
		n += (size_t)snprintf(csv + n, sizeof(csv) - n, "P%zu,%s\n", i,
				      status_cases[i].word);
		assert_true(n < sizeof(csv));
	}
	assert_int_equal(plenum_roll_parse((unsigned char *)csv, n, &roll, &pr,
					   &np, NULL),
			 PLENUM_OK);
	assert_int_equal(np, 0);
	assert_int_equal(plenum_roll_count(roll), LEN(status_cases));
	for (i = 0; i < LEN(status_cases); i++)
		assert_int_equal(plenum_roll_member(roll, i)->status,
				 status_cases[i].status);
	plenum_roll_free(roll);

	/* Invited delegates vote in China: not a guest word on purpose. */
	assert_int_equal(plenum_roll_status_parse("特邀代表", &st), -1);
	assert_int_equal(plenum_roll_status_parse("党员", &st), -1);
	assert_int_equal(plenum_roll_status_parse("", &st), -1);
	assert_int_equal(plenum_roll_status_parse(NULL, &st), -1);

	assert_string_equal(plenum_roll_status_word(FULL), "full");
	assert_string_equal(plenum_roll_status_word(PROB), "probationary");
	assert_string_equal(plenum_roll_status_word(NONV), "non-voting");
	assert_string_equal(plenum_roll_status_word(GUEST), "guest");
	assert_string_equal(plenum_roll_status_word((enum plenum_roll_status)7),
			    "unknown");
	/* Each word reads back as its status. */
	for (i = 0; i <= GUEST; i++) {
		assert_int_equal(plenum_roll_status_parse(
					 plenum_roll_status_word(
						 (enum plenum_roll_status)i),
					 &st),
				 0);
		assert_int_equal(st, i);
	}
}

/* ---- errors ------------------------------------------------------------ */

struct want_problem {
	unsigned long line, column;
	enum plenum_err err;
	const char *field;
	const char *message; /* exact, or a prefix when it ends in '*' */
};

struct bad_case {
	const char *what;
	const char *data;
	size_t len;
	enum plenum_err err;
	unsigned flags;
	size_t nproblems;
	struct want_problem p[4];
};

#define ESYN PLENUM_ESYNTAX
#define EIN  PLENUM_EINPUT
#define ELIM PLENUM_ELIMIT

static const struct bad_case bad_cases[] = {
	{ "UTF-16 LE",
	  S("\xff\xfen\0a\0m\0e\0"),
	  ESYN,
	  0,
	  1,
	  { { 1, 1, ESYN, "",
	      "the file is UTF-16 (\"Unicode text\"); save the file as "
	      "UTF-8 (in Excel: CSV UTF-8)" } } },
	{ "UTF-16 BE",
	  S("\xfe\xff\0n\0a"),
	  ESYN,
	  0,
	  1,
	  { { 1, 1, ESYN, "", "the file is UTF-16*" } } },
	{ "NUL byte",
	  S("name,status\nA\0,full\n"),
	  ESYN,
	  0,
	  1,
	  { { 2, 2, ESYN, "",
	      "the file holds a nul byte (is it UTF-16?); save the file "
	      "as UTF-8" } } },
	{ "neither UTF-8 nor GB18030",
	  S("姓名,身份\n王伟,正式\nab\xff,full\n"),
	  ESYN,
	  0,
	  1,
	  { { 3, 3, ESYN, "",
	      "invalid byte 0xff: the file is neither UTF-8 nor GB18030; "
	      "save the file as UTF-8" } } },
	{ "truncated GB18030 at the end",
	  S("name,status\n\xcd\xf5\xce,full\n\xcd"),
	  ESYN,
	  0,
	  1,
	  { { 2, 2, ESYN, "", "invalid byte 0xce*" } } },
	{ "a UTF-8 BOM then GB18030: not converted",
	  S("\xef\xbb\xbfname,status\n\xcd\xf5\xce\xb0,full\n"),
	  ESYN,
	  BOM,
	  1,
	  { { 2, 1, ESYN, "",
	      "invalid UTF-8 byte 0xcd; save the file as UTF-8" } } },
	{ "no status column",
	  S("姓名,单位\n王伟,一中\n"),
	  EIN,
	  0,
	  1,
	  { { 1, 0, EIN, "",
	      "the header has no status column (身份, tư cách or "
	      "status)" } } },
	{ "no name nor status column, header after blank lines",
	  S("\n\nfoo,bar\n1,2\n"),
	  EIN,
	  0,
	  2,
	  { { 3, 0, EIN, "",
	      "the header has no name column (姓名, họ và tên or name)" },
	    { 3, 0, EIN, "", "the header has no status column*" } } },
	{ "empty name",
	  S("编号,姓名,身份\nA1,王伟,正式\nA2,,正式\nA3,  ,正式\n"),
	  EIN,
	  0,
	  2,
	  { { 3, 4, EIN, "姓名", "\"姓名\" is empty" },
	    { 4, 4, EIN, "姓名", "\"姓名\" is empty" } } },
	{ "empty status and id",
	  S("编号,姓名,身份\n,王伟,\n"),
	  EIN,
	  0,
	  2,
	  { { 2, 1, EIN, "编号", "\"编号\" is empty" },
	    { 2, 5, EIN, "身份", "\"身份\" is empty" } } },
	{ "unknown status",
	  S("姓名,身份\n王伟,党员\n"),
	  EIN,
	  GEN,
	  1,
	  { { 2, 4, EIN, "身份",
	      "unknown status \"党员\"; use 正式, 预备, 列席, 来宾, chính "
	      "thức, dự bị, dự khuyết, khách mời, full, probationary, "
	      "non-voting or guest" } } },
	{ "duplicate id",
	  S("id,name,status\nA011,X,full\nA012,Y,full\nA013,Z,full\n"
	    "A012,W,full\n"),
	  EIN,
	  0,
	  1,
	  { { 5, 1, EIN, "id", "duplicate id \"A012\" (first on line 3)" } } },
	{ "duplicate id in another case, three times",
	  S("编号,姓名,身份\na1,X,full\nA1,Y,full\n A1 ,Z,full\n"),
	  EIN,
	  0,
	  2,
	  { { 3, 1, EIN, "编号", "duplicate id \"A1\" (first on line 2)" },
	    { 4, 1, EIN, "编号", "duplicate id \"A1\" (first on line 2)" } } },
	{ "duplicate name and unit",
	  S("姓名,单位,身份\n张三,一中,正式\n王伟,三中,正式\n"
	    "王伟,一中,正式\n李四,一中,正式\n王 伟,三中,列席\n"),
	  EIN,
	  GEN,
	  2,
	  { { 4, 1, PLENUM_OK, "姓名",
	      "name \"王伟\" is also on line 3 (unit \"三中\"); check that "
	      "these are two people" },
	    { 6, 1, EIN, "姓名",
	      "name \"王 伟\" and unit \"三中\" repeat line 3" } } },
	{ "duplicate name, no unit",
	  S("name,status\nAn,full\nAN,guest\n"),
	  EIN,
	  GEN,
	  1,
	  { { 3, 1, EIN, "name",
	      "name \"AN\" repeats line 2, with no unit to tell them "
	      "apart" } } },
	{ "three bad rows, three problems, in line order",
	  S("姓名,身份,编号\n王伟,正式,1\n,正式,2\n李四,正式,1\n"
	    "赵六,xx,3\n"),
	  EIN,
	  0,
	  3,
	  { { 3, 1, EIN, "姓名", "\"姓名\" is empty" },
	    { 4, 7, EIN, "编号", "duplicate id \"1\" (first on line 2)" },
	    { 5, 4, EIN, "身份", "unknown status \"xx\"*" } } },
	{ "unterminated quote",
	  S("name,status\nA,full\n\"B,full\nC,full\n"),
	  ESYN,
	  0,
	  1,
	  { { 3, 1, ESYN, "",
	      "the quoted cell that opens here is never closed" } } },
	{ "text after a closing quote",
	  S("name,status\n\"A\"x,full\n"),
	  ESYN,
	  GEN,
	  1,
	  { { 2, 4, ESYN, "", "text after a closing quote*" } } },
	{ "more fields than the header",
	  S("name,status\nA,full,,oops\n"),
	  EIN,
	  GEN,
	  1,
	  { { 2, 9, EIN, "",
	      "the row has 4 fields, but the header has 2 columns" } } },
	{ "a column given twice",
	  S("姓名,名字,身份,备注,备 注\n"),
	  EIN,
	  0,
	  2,
	  { { 1, 4, EIN, "名字",
	      "columns \"姓名\" and \"名字\" mean the same" },
	    { 1, 13, EIN, "备 注",
	      "column \"备 注\" appears twice (also column 4)" } } },
	{ "a name split over two columns",
	  S("Họ và tên đệm,Tên,Tư cách\nNguyễn Văn,An,Chính thức\n"),
	  EIN,
	  0,
	  1,
	  { { 1, 1, EIN, "Họ và tên đệm",
	      "the name is split over two columns; put the whole name in "
	      "one column (姓名, họ và tên or name)" } } },
	{ "a line break in a name",
	  S("name,status\n\"A\nB\",full\n"),
	  EIN,
	  GEN,
	  1,
	  { { 2, 1, EIN, "name",
	      "\"name\" holds a line break or another control "
	      "character" } } },
	{ "an empty file",
	  S("\xef\xbb\xbf\r\n"),
	  EIN,
	  BOM,
	  1,
	  { { 1, 0, EIN, "", "the file is empty; it needs a header row" } } },
	{ "a header and no rows",
	  S("name,status\n,\n"),
	  EIN,
	  0,
	  1,
	  { { 1, 0, EIN, "", "the file has a header but no members" } } },
};

static void
check_problem(const char *what, size_t k, const struct plenum_roll_problem *p,
	      const struct want_problem *w)
{
	size_t n = strlen(w->message);
	int ok;

	if (n > 0 && w->message[n - 1] == '*')
		ok = strncmp(p->message, w->message, n - 1) == 0;
	else
		ok = strcmp(p->message, w->message) == 0;
	if (!ok || p->line != w->line || p->column != w->column ||
	    p->err != w->err || strcmp(p->field, w->field) != 0)
		fail_msg("%s: problem %zu: got %lu:%lu [%s] %s (%s), want "
			 "%lu:%lu [%s] %s (%s)",
			 what, k, p->line, p->column, p->field, p->message,
			 plenum_err_str(p->err), w->line, w->column, w->field,
			 w->message, plenum_err_str(w->err));
}

static void
test_bad_cases(void **state)
{
	size_t i, k, np;

	(void)state;
	for (i = 0; i < LEN(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct plenum_roll *roll = (struct plenum_roll *)&np;
		struct plenum_roll_problem *pr = NULL;
		unsigned flags = 99;
		enum plenum_err err;

		err = plenum_roll_parse((const unsigned char *)c->data, c->len,
					&roll, &pr, &np, &flags);
		if (err != c->err)
			fail_msg("%s: got %s, want %s", c->what,
				 plenum_err_str(err), plenum_err_str(c->err));
		assert_null(roll);
		assert_int_equal(flags, c->flags);
		if (np != c->nproblems)
			fail_msg("%s: %zu problems, want %zu (first: %s)",
				 c->what, np, c->nproblems,
				 np ? pr[0].message : "");
		for (k = 0; k < np && k < LEN(c->p); k++)
			check_problem(c->what, k, &pr[k], &c->p[k]);
		plenum_roll_problems_free(pr);

		/* The verdict alone, without a list. */
		assert_int_equal(
			plenum_roll_parse((const unsigned char *)c->data,
					  c->len, &roll, NULL, NULL, NULL),
			c->err);
		assert_null(roll);
	}
}

/* ---- caps -------------------------------------------------------------- */

/* Parses s and returns the error; *first gets the first problem. */
static enum plenum_err
parse_first(const char *s, size_t len, struct plenum_roll_problem *first,
	    size_t *np)
{
	struct plenum_roll *roll = NULL;
	struct plenum_roll_problem *pr = NULL;
	enum plenum_err err;

	err = plenum_roll_parse((const unsigned char *)s, len, &roll, &pr, np,
				NULL);
	memset(first, 0, sizeof(*first));
	if (*np > 0)
		*first = pr[0];
	plenum_roll_problems_free(pr);
	plenum_roll_free(roll);
	return err;
}

/* memset through a call gcc does not see into: at -O2 with ASan it
 * misjudges the bounds of offsets derived from sprintf's result. */
static __attribute__((noinline)) void
fill(char *p, int c, size_t n)
{
	memset(p, c, n);
}

static void
test_caps(void **state)
{
	struct plenum_roll_problem p;
	size_t i, n, np;
	char *s;

	(void)state;
	s = malloc(16 * 1024 * 1024);
	assert_non_null(s);

	/* 65 header columns. */
	n = (size_t)sprintf(s, "name,status");
	for (i = 2; i < 65; i++)
		n += (size_t)sprintf(s + n, ",c%zu", i);
	n += (size_t)sprintf(s + n, "\nA,full\n");
	assert_int_equal(parse_first(s, n, &p, &np), PLENUM_ELIMIT);
	assert_int_equal(np, 1);
	assert_string_equal(p.message, "the header has 65 columns, more than "
				       "64");
	/* 64 are fine. */
	n = (size_t)sprintf(s, "name,status");
	for (i = 2; i < 64; i++)
		n += (size_t)sprintf(s + n, ",c%zu", i);
	n += (size_t)sprintf(s + n, "\nA,full\n");
	assert_int_equal(parse_first(s, n, &p, &np), PLENUM_OK);

	/* A row of 70 fields, and one of 64 with junk past the header. */
	n = (size_t)sprintf(s, "name,status\nA,full");
	for (i = 2; i < 70; i++)
		n += (size_t)sprintf(s + n, ",x");
	n += (size_t)sprintf(s + n, "\nB,full\n");
	assert_int_equal(parse_first(s, n, &p, &np), PLENUM_ELIMIT);
	assert_int_equal(np, 1);
	assert_int_equal(p.line, 2);
	assert_string_equal(p.message, "the row has 70 fields, more than 64");

	/* A cell of 4097 bytes; a cell of 2000 bytes (over the value cap). */
	n = (size_t)sprintf(s, "name,status,note\nA,full,");
	fill(s + n, 'x', 4097);
	n += 4097;
	n += (size_t)sprintf(s + n, "\nB,full,");
	fill(s + n, 'y', 2000);
	n += 2000;
	n += (size_t)sprintf(s + n, "\n\"C\",full,\"");
	fill(s + n, 'z', 4096);
	n += 4096;
	n += (size_t)sprintf(s + n, "\"\n");
	{
		struct plenum_roll *roll = NULL;
		struct plenum_roll_problem *pr = NULL;

		assert_int_equal(plenum_roll_parse((unsigned char *)s, n, &roll,
						   &pr, &np, NULL),
				 PLENUM_ELIMIT);
		assert_int_equal(np, 3);
		assert_int_equal(pr[0].line, 2);
		assert_int_equal(pr[0].column, 8);
		assert_string_equal(pr[0].field, "note");
		assert_string_equal(pr[0].message,
				    "\"note\" is longer than 4096 bytes");
		assert_int_equal(pr[1].line, 3);
		assert_string_equal(pr[1].message,
				    "\"note\" is longer than 1024 bytes");
		assert_int_equal(pr[2].line, 4);
		assert_string_equal(pr[2].message,
				    "\"note\" is longer than 1024 bytes");
		plenum_roll_problems_free(pr);
	}

	/* 200,000 rows are fine; one more is not. */
	n = (size_t)sprintf(s, "name,status\n");
	for (i = 0; i < PLENUM_ROLL_MAX_ROWS; i++)
		n += (size_t)sprintf(s + n, "%zu,full\n", i);
	assert_int_equal(parse_first(s, n, &p, &np), PLENUM_OK);
	assert_int_equal(np, 0);
	n += (size_t)sprintf(s + n, "x,full\n");
	assert_int_equal(parse_first(s, n, &p, &np), PLENUM_ELIMIT);
	assert_int_equal(np, 1);
	assert_int_equal(p.line, PLENUM_ROLL_MAX_ROWS + 2);
	assert_string_equal(p.message, "more than 200000 rows");

	/* 1500 bad rows: 1000 listed and a note. */
	n = (size_t)sprintf(s, "name,status\n");
	for (i = 0; i < 1500; i++)
		n += (size_t)sprintf(s + n, "A%zu,bad\n", i);
	{
		struct plenum_roll *roll = NULL;
		struct plenum_roll_problem *pr = NULL;

		assert_int_equal(plenum_roll_parse((unsigned char *)s, n, &roll,
						   &pr, &np, NULL),
				 PLENUM_EINPUT);
		assert_null(roll);
		assert_int_equal(np, PLENUM_ROLL_MAX_PROBLEMS + 1);
		assert_int_equal(pr[999].line, 1001);
		assert_int_equal(pr[1000].line, 0);
		assert_string_equal(pr[1000].message,
				    "more problems than the 1000 listed; fix "
				    "these and import again");
		plenum_roll_problems_free(pr);
	}
	free(s);

	/* Over 64 MiB is refused before anything is read. */
	n = PLENUM_ROLL_MAX_INPUT + 1;
	s = calloc(1, n);
	assert_non_null(s);
	assert_int_equal(parse_first(s, n, &p, &np), PLENUM_ELIMIT);
	assert_int_equal(np, 1);
	assert_string_equal(p.message, "the file is larger than 64 MiB");
	free(s);
}

/* ---- counts ------------------------------------------------------------ */

static void
test_counts(void **state)
{
	static const char csv[] = "姓名,身份,不计入原因\n"
				  "A,正式,\n"
				  "B,正式,病假\n"
				  "C,正式,\n"
				  "D,预备,\n"
				  "E,预备,出差\n"
				  "F,列席,\n"
				  "G,来宾,\n"
				  "H,来宾,\n";
	struct plenum_roll *roll = NULL;
	struct plenum_roll_counts c;

	(void)state;
	assert_int_equal(plenum_roll_parse((const unsigned char *)csv,
					   sizeof(csv) - 1, &roll, NULL, NULL,
					   NULL),
			 PLENUM_OK);
	plenum_roll_counts(roll, &c);
	assert_int_equal(c.members, 8);
	assert_int_equal(c.full, 3);
	assert_int_equal(c.probationary, 2);
	assert_int_equal(c.non_voting, 1);
	assert_int_equal(c.guests, 2);
	assert_int_equal(c.excluded, 2);
	assert_int_equal(c.full_excluded, 1);
	assert_int_equal(c.base, 2);
	plenum_roll_free(roll);
	plenum_roll_free(NULL);
	plenum_roll_problems_free(NULL);
}

/* ---- the realistic rolls ----------------------------------------------- */

static unsigned char *
slurp(const char *name, size_t *len)
{
	char path[4096];
	unsigned char *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", data_dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
test_roll_97(void **state)
{
	struct plenum_roll *roll = NULL;
	struct plenum_roll_problem *pr = NULL;
	struct plenum_roll_counts c;
	const struct plenum_roll_member *m;
	unsigned char *data;
	unsigned flags;
	size_t len, np;

	(void)state;
	data = slurp("roll-97.csv", &len);
	assert_int_equal(plenum_roll_parse(data, len, &roll, &pr, &np, &flags),
			 PLENUM_OK);
	assert_int_equal(flags, PLENUM_ROLL_HAD_BOM);
	/* Two 王伟 from different schools: a warning only. */
	assert_int_equal(np, 1);
	assert_int_equal(pr[0].err, PLENUM_OK);
	assert_int_equal(pr[0].line, 62);
	plenum_roll_counts(roll, &c);
	assert_int_equal(c.members, 102);
	assert_int_equal(c.full, 97);
	assert_int_equal(c.non_voting, 5);
	assert_int_equal(c.probationary, 0);
	assert_int_equal(c.full_excluded, 2);
	assert_int_equal(c.base, 95);
	m = plenum_roll_member(roll, 0);
	assert_string_equal(m->id, "D001");
	assert_string_equal(m->delegation, "一组");
	assert_string_equal(m->unit, "某县第三中学");
	m = plenum_roll_member(roll, 101);
	assert_string_equal(m->id, "L05");
	assert_int_equal(m->status, NONV);
	assert_int_equal(m->line, 103);
	plenum_roll_problems_free(pr);
	plenum_roll_free(roll);
	free(data);
}

static void
test_roll_vn_139(void **state)
{
	struct plenum_roll *roll = NULL;
	struct plenum_roll_problem *pr = NULL;
	struct plenum_roll_counts c;
	const struct plenum_roll_member *m;
	unsigned char *data;
	unsigned flags;
	size_t len, np, i, excluded = 0;

	(void)state;
	data = slurp("roll-vn-139.csv", &len);
	assert_int_equal(plenum_roll_parse(data, len, &roll, &pr, &np, &flags),
			 PLENUM_OK);
	assert_int_equal(flags, PLENUM_ROLL_IDS_GENERATED);
	assert_int_equal(np, 0);
	plenum_roll_counts(roll, &c);
	assert_int_equal(c.members, 139);
	assert_int_equal(c.full, 126);
	assert_int_equal(c.probationary, 13);
	assert_int_equal(c.excluded, 4);
	assert_int_equal(c.full_excluded, 3);
	assert_int_equal(c.base, 123);
	/* "STT" is kept as an extra column. */
	assert_int_equal(plenum_roll_extra_count(roll), 1);
	assert_string_equal(plenum_roll_extra_name(roll, 0), "STT");
	for (i = 0; i < plenum_roll_count(roll); i++) {
		m = plenum_roll_member(roll, i);
		if (m->exclusion != NULL)
			excluded++;
	}
	assert_int_equal(excluded, 4);
	m = plenum_roll_member(roll, 16);
	assert_string_equal(m->exclusion, "Chuyển sinh hoạt tạm thời");
	assert_int_equal(m->status, PROB);
	assert_string_equal(m->extra[0], "17");
	assert_string_equal(m->delegation, "Tổ 5");
	plenum_roll_problems_free(pr);
	plenum_roll_free(roll);
	free(data);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_cases),
		cmocka_unit_test(test_quoted_extra),
		cmocka_unit_test(test_extra_columns),
		cmocka_unit_test(test_title_rows),
		cmocka_unit_test(test_status_words),
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_roll_97),
		cmocka_unit_test(test_roll_vn_139),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s DATA-DIRECTORY\n", argv[0]);
		return 1;
	}
	data_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
