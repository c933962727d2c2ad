/*
 * roll.h: the roll of members or delegates, parsed from a spreadsheet saved
 * as CSV.
 *
 * plenum_roll_parse() takes the whole file in memory and either produces a
 * complete roll or none: every problem in the file is collected (up to
 * PLENUM_ROLL_MAX_PROBLEMS errors) so that the secretariat can fix them all
 * in one pass, and any error means no roll.
 *
 * Encoding: UTF-8 with or without a BOM.  A file that is not valid UTF-8
 * (and has no UTF-8 BOM) but decodes cleanly as GB18030 (which includes GBK
 * and GB2312) is converted, and PLENUM_ROLL_CONVERTED_GB18030 says so; the
 * caller should tell the user.  UTF-16 and NUL bytes are rejected.
 *
 * CSV: RFC 4180 with a comma separator, or a tab or a semicolon when the
 * first line holding any of the three (the header, or a title row above it)
 * holds that and no comma.  Quoted fields may hold separators,
 * "" for a quote and line breaks; records end with CRLF, LF or a lone CR.
 * A quote inside an unquoted field is kept as text, as Excel does.  Rows
 * whose fields are all empty (",,,," as Excel writes them) are skipped.
 *
 * Positions: line is the physical line of the file, 1-based, as a text
 * editor counts it (equal to the spreadsheet row unless an earlier cell
 * holds a line break); column is 1-based and counted in Unicode code points
 * (characters) from the start of that line, so it is the same for a GB18030
 * file and for its UTF-8 conversion.  A cell's position is that of its
 * first character (its opening quote when quoted).
 *
 * Header row: required; the first of the first five non-blank rows that
 * names a name column, so that title rows above it (a merged title cell as
 * Excel exports it) are skipped, with a warning; when no row qualifies, the
 * first non-blank row is the header and is rejected.  Column names are
 * matched ignoring case, white space, '-' and '_'; Chinese and Vietnamese
 * names are accepted (see roll.c for the lists):
 *   name        required	姓名, 名字, Họ và tên, Họ tên, Tên
 *   status      required	身份, 类别, 选举权, Tư cách, Loại
 *   unit        optional	单位, 工作单位, Đơn vị
 *   delegation  optional	代表团, 组, 小组, Đoàn, Tổ
 *   id          optional	编号, 代表证号, Mã, Số thẻ; generated if absent
 *   reason      optional	请假原因, 不计入原因, Lý do (also "exclusion")
 * Any other named column is kept as an extra attribute under its name as
 * written (plenum_roll_extra_name()); columns with an empty header are
 * ignored.  A column named twice is an error.
 *
 * Cell values are trimmed of Unicode white space and normalised to NFC with
 * plenum_names_nfc(): a raw cell over PLENUM_ROLL_MAX_FIELD bytes, or a
 * value over PLENUM_NAME_MAX bytes, is a PLENUM_ELIMIT problem for its row. id,
 * name, status, unit and delegation may not hold control characters (line
 * breaks, tabs); the reason and extra cells may hold line breaks.
 *
 * Duplicates: two rows with the same id, or with the same name and the same
 * unit (both compared ignoring case and white space, so "a 12" is "A12" and
 * "王 伟" is "王伟"; two empty units are the same), are errors.  The same name
 * with different units is allowed (two 王伟 are common) but gives a warning.
 */
#ifndef PLENUM_ROLL_H
#define PLENUM_ROLL_H

#include <stddef.h>

#include "err.h"

#define PLENUM_ROLL_MAX_INPUT	 (64ul * 1024 * 1024) /* bytes of input */
#define PLENUM_ROLL_MAX_FIELD	 4096		      /* bytes of one cell */
#define PLENUM_ROLL_MAX_COLUMNS	 64
#define PLENUM_ROLL_MAX_ROWS	 200000 /* members, header excluded */
#define PLENUM_ROLL_MAX_PROBLEMS 1000	/* errors listed; warnings likewise */

/*
 * Only FULL members vote (Chinese Party Constitution Art. 5: probationary
 * members have no vote).  Vietnamese alternates (đại biểu dự khuyết) are
 * NON_VOTING: one who replaces a delegate is entered as a full delegate.
 * 特邀代表 is not accepted as a status word, since invited delegates vote
 * at Chinese congresses: the sheet must say 正式 or 来宾.
 */
enum plenum_roll_status {
	PLENUM_ROLL_FULL = 0,	  /* 正式, chính thức: votes */
	PLENUM_ROLL_PROBATIONARY, /* 预备, dự bị */
	PLENUM_ROLL_NON_VOTING,	  /* 列席, dự khuyết */
	PLENUM_ROLL_GUEST	  /* 来宾, khách mời */
};

/* Bits of *flags_out. */
#define PLENUM_ROLL_CONVERTED_GB18030 0x01u /* input was GB18030, converted */
#define PLENUM_ROLL_HAD_BOM	      0x02u /* a UTF-8 BOM was stripped */
#define PLENUM_ROLL_IDS_GENERATED     0x04u /* no id column: ids are "1".. */
#define PLENUM_ROLL_SEP_TAB	      0x08u /* tab-separated */
#define PLENUM_ROLL_SEP_SEMICOLON     0x10u /* semicolon-separated */

/*
 * One member.  All strings are NFC UTF-8, trimmed, owned by the roll and
 * valid until plenum_roll_free().
 */
struct plenum_roll_member {
	const char *id;		/* never NULL nor empty; unique */
	const char *name;	/* never NULL nor empty */
	const char *unit;	/* "" when none */
	const char *delegation; /* "" when none */
	/* NULL unless the member is excluded from the base (Vietnamese
	 * "excluded", Chinese reduction of should_attend); then the reason,
	 * never empty. */
	const char *exclusion;
	/* plenum_roll_extra_count() values, "" for an empty cell; NULL when
	 * the roll has no extra columns. */
	const char *const *extra;
	enum plenum_roll_status status;
	unsigned long line; /* the row's line in the file */
};

/*
 * One error or warning.  err is the class of an error (PLENUM_ESYNTAX for
 * encoding and CSV syntax, PLENUM_ELIMIT for a cap, PLENUM_EINPUT for a bad
 * header or row) and PLENUM_OK for a warning, which does not stop the
 * import.  line and column are 1-based, 0 when not about one place.  field
 * is the column's name as written in the header (truncated), "" when the
 * problem is not about one cell.  message is lower-case English with no
 * position, e.g. "\"姓名\" is empty" or "duplicate id \"A012\" (first on
 * line 3)".
 */
struct plenum_roll_problem {
	unsigned long line;
	unsigned long column;
	enum plenum_err err;
	char field[64];
	char message[256];
};

struct plenum_roll;

/*
 * Parses len bytes of data (borrowed; may be NULL only when len is 0).
 *
 * On PLENUM_OK *out is a new roll with at least one member.  Otherwise
 * *out is NULL and the return value says why: PLENUM_ENOMEM, or the class
 * of the worst error in the list, PLENUM_ELIMIT before PLENUM_ESYNTAX
 * before PLENUM_EINPUT.
 *
 * *problems receives a new array of *nproblems problems, errors and
 * warnings sorted by line and column (a note that the list was cut comes
 * last), or NULL when there are none; free it with
 * plenum_roll_problems_free().  Warnings can come with PLENUM_OK.  On
 * PLENUM_ENOMEM the list is NULL.  problems and nproblems may both be NULL
 * when the caller only wants the verdict.
 *
 * flags_out (may be NULL) receives PLENUM_ROLL_* bits about the input, also
 * on failure (the caller can then say the file was read as GB18030).
 */
enum plenum_err plenum_roll_parse(const unsigned char *data, size_t len,
				  struct plenum_roll **out,
				  struct plenum_roll_problem **problems,
				  size_t *nproblems, unsigned *flags_out);

/* Frees a roll and all its strings.  NULL is a no-op. */
void plenum_roll_free(struct plenum_roll *roll);

/* Frees a list from plenum_roll_parse().  NULL is a no-op. */
void plenum_roll_problems_free(struct plenum_roll_problem *problems);

/* The number of members, in file order. */
size_t plenum_roll_count(const struct plenum_roll *roll);

/* Member i (< plenum_roll_count()), or NULL when out of range; borrowed. */
const struct plenum_roll_member *
plenum_roll_member(const struct plenum_roll *roll, size_t i);

/* The number of extra columns, and the name of extra column j as written
 * in the header (NULL when j is out of range); borrowed. */
size_t plenum_roll_extra_count(const struct plenum_roll *roll);
const char *plenum_roll_extra_name(const struct plenum_roll *roll, size_t j);

/*
 * What the quorum and election rules need.  base is the voting members who
 * are not excluded: the Chinese should_attend (应到 = full members less
 * those not counted), and the Vietnamese convened less excluded.
 */
struct plenum_roll_counts {
	size_t members; /* everyone on the roll */
	size_t full;	/* voting members, excluded ones included */
	size_t probationary;
	size_t non_voting;
	size_t guests;
	size_t excluded;      /* members with a reason, any status */
	size_t full_excluded; /* voting members with a reason */
	size_t base;	      /* full - full_excluded */
};

/* Fills *out from roll. */
void plenum_roll_counts(const struct plenum_roll *roll,
			struct plenum_roll_counts *out);

/* "full", "probationary", "non-voting" or "guest"; "unknown" for a value
 * out of range.  Static, never NULL. */
const char *plenum_roll_status_word(enum plenum_roll_status status);

/*
 * Parses one status word (UTF-8) as a roll cell is read: normalised to NFC
 * and trimmed, any alias, case, white space, '-' and '_' ignored.  Returns 0
 * and sets *out, or -1 for an unknown word, bad UTF-8 or no memory.
 */
int plenum_roll_status_parse(const char *s, enum plenum_roll_status *out);

#endif
