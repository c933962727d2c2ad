/*
 * roll.c: the roll of members, read from a spreadsheet saved as CSV.
 *
 * The parse runs in four passes over text held whole in memory: decode
 * (strip a BOM, check UTF-8, else convert from GB18030 with ICU), find the
 * header (skipping title rows) and map its columns, read each row into a
 * struct row, then sort folded keys to find duplicate ids and names.  Only
 * when no error was recorded is a roll built.  Problems are collected in
 * any order and sorted by position at the end.
 *
 * Invariants:
 * - text[0..n) is valid UTF-8 with no NUL; every CSV delimiter is ASCII, so
 *   the CSV reader walks bytes and never splits a character.
 * - The reader's line and col are the position of s[pos]: col counts the
 *   UTF-8 lead bytes before pos on its line, plus one.  CRLF, LF and a lone
 *   CR each end one line, inside quotes too.
 * - Cell values live in one arena (struct parser.text) as NUL-terminated
 *   strings and rows hold offsets into it, since it moves as it grows;
 *   offset 0 is "".  Pointers are made only once the arena is complete.
 * - Every value went through plenum_names_nfc(), so it is NFC, trimmed and
 *   at most PLENUM_NAME_MAX bytes, which bounds the fixed fold buffers.
 * - Once fatal is set, no more rows are read; the problems so far stand.
 */
#include "roll.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "buf.h"
#include "names.h"

#define NONE	    SIZE_MAX
#define ARENA_MAX   (512ul * 1024 * 1024) /* bytes of all cell values */
#define QUOTE_MAX   40 /* bytes of a value quoted in a message */
#define HEADER_SCAN 5  /* rows searched for the header */

/* Case folding can triple UTF-16 length, and UTF-8 is 3 bytes a unit. */
#define FOLD_U16 (3 * PLENUM_NAME_MAX + 1)
#define FOLD_U8	 (3 * FOLD_U16 + 1)

enum role {
	COL_IGNORE = 0, /* an empty header cell */
	COL_ID,
	COL_NAME,
	COL_UNIT,
	COL_DELEGATION,
	COL_STATUS,
	COL_REASON,
	COL_SPLIT_NAME, /* part of a name split over two columns */
	COL_EXTRA,
	N_ROLES
};

struct word {
	const char *word;
	int value; /* an enum role or enum plenum_roll_status */
};

/* Header names, matched folded and without white space, '-' or '_'. */
static const struct word column_words[] = {
	{ "name", COL_NAME },
	{ "full name", COL_NAME },
	{ "姓名", COL_NAME },
	{ "名字", COL_NAME },
	{ "họ và tên", COL_NAME },
	{ "họ tên", COL_NAME },
	{ "tên", COL_NAME },
	{ "unit", COL_UNIT },
	{ "organisation", COL_UNIT },
	{ "organization", COL_UNIT },
	{ "单位", COL_UNIT },
	{ "工作单位", COL_UNIT },
	{ "所在单位", COL_UNIT },
	{ "đơn vị", COL_UNIT },
	{ "đơn vị công tác", COL_UNIT },
	{ "delegation", COL_DELEGATION },
	{ "group", COL_DELEGATION },
	{ "代表团", COL_DELEGATION },
	{ "组", COL_DELEGATION },
	{ "小组", COL_DELEGATION },
	{ "组别", COL_DELEGATION },
	{ "đoàn", COL_DELEGATION },
	{ "đoàn đại biểu", COL_DELEGATION },
	{ "tổ", COL_DELEGATION },
	{ "status", COL_STATUS },
	{ "voting status", COL_STATUS },
	{ "身份", COL_STATUS },
	{ "类别", COL_STATUS },
	{ "选举权", COL_STATUS },
	{ "tư cách", COL_STATUS },
	{ "tư cách đại biểu", COL_STATUS },
	{ "loại", COL_STATUS },
	{ "id", COL_ID },
	{ "编号", COL_ID },
	{ "代表证号", COL_ID },
	{ "mã", COL_ID },
	{ "mã số", COL_ID },
	{ "mã đại biểu", COL_ID },
	{ "số thẻ", COL_ID },
	{ "reason", COL_REASON },
	{ "exclusion", COL_REASON },
	{ "请假原因", COL_REASON },
	{ "不计入原因", COL_REASON },
	{ "lý do", COL_REASON },
	/* Vietnamese sheets often split "Họ và tên đệm" | "Tên": "Tên" alone
	 * would then import only the given name. */
	{ "họ", COL_SPLIT_NAME },
	{ "họ đệm", COL_SPLIT_NAME },
	{ "họ và đệm", COL_SPLIT_NAME },
	{ "họ và tên đệm", COL_SPLIT_NAME },
	{ "surname", COL_SPLIT_NAME },
	{ "family name", COL_SPLIT_NAME },
	{ "last name", COL_SPLIT_NAME },
	{ "first name", COL_SPLIT_NAME },
	{ "given name", COL_SPLIT_NAME },
	{ "姓", COL_SPLIT_NAME },
};

/*
 * Status words.  特邀代表 is deliberately absent: at Chinese congresses
 * invited delegates (特邀代表) vote like elected ones, so the secretariat must
 * say 正式 or 来宾 explicitly.  "khách mời" is a guest, not a non-voting
 * delegate; "dự khuyết" (alternate) does not vote unless entered as full.
 */
static const struct word status_words[] = {
	{ "full", PLENUM_ROLL_FULL },
	{ "member", PLENUM_ROLL_FULL },
	{ "delegate", PLENUM_ROLL_FULL },
	{ "voting", PLENUM_ROLL_FULL },
	{ "正式", PLENUM_ROLL_FULL },
	{ "正式党员", PLENUM_ROLL_FULL },
	{ "正式代表", PLENUM_ROLL_FULL },
	{ "代表", PLENUM_ROLL_FULL },
	{ "chính thức", PLENUM_ROLL_FULL },
	{ "đảng viên chính thức", PLENUM_ROLL_FULL },
	{ "đại biểu chính thức", PLENUM_ROLL_FULL },
	{ "probationary", PLENUM_ROLL_PROBATIONARY },
	{ "预备", PLENUM_ROLL_PROBATIONARY },
	{ "预备党员", PLENUM_ROLL_PROBATIONARY },
	{ "dự bị", PLENUM_ROLL_PROBATIONARY },
	{ "đảng viên dự bị", PLENUM_ROLL_PROBATIONARY },
	{ "non-voting", PLENUM_ROLL_NON_VOTING },
	{ "observer", PLENUM_ROLL_NON_VOTING },
	{ "列席", PLENUM_ROLL_NON_VOTING },
	{ "列席代表", PLENUM_ROLL_NON_VOTING },
	{ "dự khuyết", PLENUM_ROLL_NON_VOTING },
	{ "đại biểu dự khuyết", PLENUM_ROLL_NON_VOTING },
	{ "guest", PLENUM_ROLL_GUEST },
	{ "来宾", PLENUM_ROLL_GUEST },
	{ "特邀", PLENUM_ROLL_GUEST },
	{ "特邀嘉宾", PLENUM_ROLL_GUEST },
	{ "khách mời", PLENUM_ROLL_GUEST },
	{ "đại biểu khách mời", PLENUM_ROLL_GUEST },
};

#define N_COLUMN_WORDS (sizeof(column_words) / sizeof(column_words[0]))
#define N_STATUS_WORDS (sizeof(status_words) / sizeof(status_words[0]))

#define STATUS_HELP                                                                            \
	"use 正式, 预备, 列席, 来宾, chính thức, dự bị, dự khuyết, khách " \
	"mời, full, probationary, non-voting or guest"

static const char *const status_names[] = {
	[PLENUM_ROLL_FULL] = "full",
	[PLENUM_ROLL_PROBATIONARY] = "probationary",
	[PLENUM_ROLL_NON_VOTING] = "non-voting",
	[PLENUM_ROLL_GUEST] = "guest",
};

/* The scratch space of fold(); big enough for any value. */
struct folder {
	UChar a[PLENUM_NAME_MAX + 1];
	UChar b[FOLD_U16];
	char out[FOLD_U8];
};

/* column_words and status_words, folded once per parse. */
struct words {
	char *column[N_COLUMN_WORDS];
	char *status[N_STATUS_WORDS];
};

struct cell {
	size_t off, len; /* in the record buffer */
	unsigned long line, col;
	int overlong;
};

struct csv {
	const char *s;
	size_t n, pos;
	unsigned long line, col;
	char sep;
	struct plenum_buf rec; /* the cells of one record, each NUL-ended */
	struct cell cells[PLENUM_ROLL_MAX_COLUMNS];
	size_t ncells;	     /* stored: at most PLENUM_ROLL_MAX_COLUMNS */
	size_t nfields;	     /* in the record */
	unsigned long line0; /* where the record starts */
};

struct row {
	size_t id, name, unit, delegation, exclusion; /* arena offsets */
	size_t extra;				      /* index into xoff */
	unsigned long line, idcol, namecol;
	enum plenum_roll_status status;
	int bad_id, bad_name; /* left out of the duplicate checks */
};

struct iproblem {
	struct plenum_roll_problem p;
	size_t seq;
};

struct parser {
	struct csv csv;
	struct plenum_buf text; /* the arena */
	struct words words;
	struct folder folder;

	/* The header. */
	unsigned long hline;
	size_t ncols; /* header cells, at most PLENUM_ROLL_MAX_COLUMNS */
	enum role role[PLENUM_ROLL_MAX_COLUMNS];
	char *hname[PLENUM_ROLL_MAX_COLUMNS];	/* NFC, NULL when ignored */
	char *hkey[PLENUM_ROLL_MAX_COLUMNS];	/* hname folded */
	size_t hxoff[PLENUM_ROLL_MAX_COLUMNS];	/* extra names, in the arena */
	size_t xindex[PLENUM_ROLL_MAX_COLUMNS]; /* column -> extra number */
	size_t nextra;
	int has[N_ROLES];

	struct row *rows;
	size_t nrows, arows;
	size_t *xoff; /* nrows * nextra arena offsets */
	size_t axoff;

	struct iproblem *probs;
	size_t nprobs, aprobs;
	size_t nerrors, nwarnings;
	int cut;
	enum plenum_err worst; /* PLENUM_OK while no error */
	enum plenum_err fatal; /* ENOMEM or EINTERNAL: give up at once */
	int stop;	       /* no more rows to read */
};

/* ---- problems ---------------------------------------------------------- */

/* Copies s into out[size], cut at a character boundary. */
static void
copy_cut(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* s cut to QUOTE_MAX bytes, with "..." when cut, for quoting in messages. */
static const char *
quoted(const char *s, char out[QUOTE_MAX + 4])
{
	copy_cut(out, QUOTE_MAX + 1, s);
	if (strlen(out) < strlen(s))
		strcat(out, "...");
	return out;
}

static int
rank(enum plenum_err err)
{
	switch (err) {
	case PLENUM_ELIMIT:
		return 3;
	case PLENUM_ESYNTAX:
		return 2;
	case PLENUM_EINPUT:
		return 1;
	default:
		return 0;
	}
}

static void problem(struct parser *p, enum plenum_err err, unsigned long line,
		    unsigned long col, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Records an error of class err, or a warning when err is PLENUM_OK. */
static void
problem(struct parser *p, enum plenum_err err, unsigned long line,
	unsigned long col, const char *field, const char *fmt, ...)
{
	struct iproblem *ip;
	va_list ap;

	if (err != PLENUM_OK && rank(err) > rank(p->worst))
		p->worst = err;
	if (err != PLENUM_OK ? p->nerrors >= PLENUM_ROLL_MAX_PROBLEMS
			     : p->nwarnings >= PLENUM_ROLL_MAX_PROBLEMS) {
		p->cut = 1;
		return;
	}
	if (p->nprobs == p->aprobs) {
		size_t a = p->aprobs ? 2 * p->aprobs : 16;

		ip = realloc(p->probs, a * sizeof(*ip));
		if (ip == NULL) {
			p->fatal = PLENUM_ENOMEM;
			return;
		}
		p->probs = ip;
		p->aprobs = a;
	}
	ip = &p->probs[p->nprobs];
	memset(ip, 0, sizeof(*ip));
	ip->seq = p->nprobs++;
	ip->p.line = line;
	ip->p.column = col;
	ip->p.err = err;
	copy_cut(ip->p.field, sizeof(ip->p.field), field ? field : "");
	va_start(ap, fmt);
	vsnprintf(ip->p.message, sizeof(ip->p.message), fmt, ap);
	va_end(ap);
	if (err != PLENUM_OK)
		p->nerrors++;
	else
		p->nwarnings++;
}

static int
by_position(const void *va, const void *vb)
{
	const struct iproblem *a = va, *b = vb;

	if (a->p.line != b->p.line)
		return a->p.line < b->p.line ? -1 : 1;
	if (a->p.column != b->p.column)
		return a->p.column < b->p.column ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ---- folding ----------------------------------------------------------- */

/*
 * Folds len bytes of NFC UTF-8 s (at most PLENUM_NAME_MAX) for comparison:
 * Unicode case folding, white space dropped, and with loose also '-' and
 * '_'.  Returns f->out or NULL for a bad string.
 */
static const char *
fold(struct folder *f, const char *s, size_t len, int loose)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n, m, i, j, k;
	UChar32 c;

	if (len > PLENUM_NAME_MAX)
		return NULL;
	u_strFromUTF8(f->a, PLENUM_NAME_MAX + 1, &n, s, (int32_t)len, &st);
	if (U_FAILURE(st))
		return NULL;
	m = u_strFoldCase(f->b, FOLD_U16, f->a, n, U_FOLD_CASE_DEFAULT, &st);
	if (U_FAILURE(st) || m >= FOLD_U16)
		return NULL;
	for (i = j = 0; i < m;) {
		k = i;
		U16_NEXT(f->b, i, m, c);
		if (u_isUWhiteSpace(c) || (loose && (c == '-' || c == '_')))
			continue;
		while (k < i)
			f->b[j++] = f->b[k++];
	}
	u_strToUTF8(f->out, FOLD_U8, NULL, f->b, j, &st);
	if (U_FAILURE(st))
		return NULL;
	return f->out;
}

static void
words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < N_COLUMN_WORDS; i++)
		free(w->column[i]);
	for (i = 0; i < N_STATUS_WORDS; i++)
		free(w->status[i]);
	memset(w, 0, sizeof(*w));
}

static enum plenum_err
words_init(struct words *w, struct folder *f)
{
	const char *k;
	size_t i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < N_COLUMN_WORDS; i++) {
		k = fold(f, column_words[i].word, strlen(column_words[i].word),
			 1);
		if (k == NULL)
			goto bad;
		if ((w->column[i] = strdup(k)) == NULL)
			goto nomem;
	}
	for (i = 0; i < N_STATUS_WORDS; i++) {
		k = fold(f, status_words[i].word, strlen(status_words[i].word),
			 1);
		if (k == NULL)
			goto bad;
		if ((w->status[i] = strdup(k)) == NULL)
			goto nomem;
	}
	return PLENUM_OK;
nomem:
	words_free(w);
	return PLENUM_ENOMEM;
bad:
	words_free(w);
	return PLENUM_EINTERNAL;
}

/* The value of the word whose folded form is key, or -1. */
static int
lookup(char *const *folded, const struct word *table, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(folded[i], key) == 0)
			return table[i].value;
	return -1;
}

/* ---- decoding ---------------------------------------------------------- */

/* The line and column of s[at] (s holds n bytes), as step() counts. */
static void
position(const unsigned char *s, size_t n, size_t at, unsigned long *line,
	 unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < at; i++) {
		if (s[i] == '\n' ||
		    (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'))) {
			(*line)++;
			*col = 1;
		} else if ((s[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/* The offset of the first byte of s[0..n) not in a well-formed UTF-8
 * sequence, or n. */
static size_t
utf8_invalid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	uint32_t c;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			len = 2, c = s[i] & 0x1f;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			len = 3, c = s[i] & 0x0f;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			len = 4, c = s[i] & 0x07;
		else
			return i;
		if (n - i < len)
			return i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
		    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return i;
		i += len;
	}
	return n;
}

/*
 * Converts GB18030 to UTF-8 in *out (which the caller frees).  Returns
 * PLENUM_OK, PLENUM_ESYNTAX when s holds a sequence that is not GB18030
 * (*bad is then its offset), PLENUM_ENOMEM or PLENUM_EINTERNAL.
 */
static enum plenum_err
from_gb18030(const unsigned char *s, size_t n, char **out, size_t *outn,
	     size_t *bad)
{
	enum plenum_err err;
	UErrorCode st = U_ZERO_ERROR, st2 = U_ZERO_ERROR;
	UConverter *cnv = NULL;
	UChar *u16 = NULL, *dst;
	const char *src = (const char *)s;
	char *u8 = NULL, inv[32];
	int8_t ninv = (int8_t)sizeof(inv);
	int32_t n16, n8;

	*out = NULL;
	cnv = ucnv_open("gb18030", &st);
	if (U_FAILURE(st)) {
		err = st == U_MEMORY_ALLOCATION_ERROR ? PLENUM_ENOMEM
						      : PLENUM_EINTERNAL;
		goto out;
	}
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
			    &st);
	if (U_FAILURE(st)) {
		err = PLENUM_EINTERNAL;
		goto out;
	}
	/* Every GB18030 sequence gives at most one UTF-16 unit per byte. */
	u16 = malloc((n + 1) * sizeof(*u16));
	if (u16 == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	dst = u16;
	ucnv_toUnicode(cnv, &dst, u16 + n + 1, &src, src + n, NULL, 1, &st);
	if (st == U_ILLEGAL_CHAR_FOUND || st == U_INVALID_CHAR_FOUND ||
	    st == U_TRUNCATED_CHAR_FOUND) {
		/* src is past the bad sequence, which ICU keeps for us. */
		ucnv_getInvalidChars(cnv, inv, &ninv, &st2);
		if (U_FAILURE(st2) || ninv < 0 ||
		    (size_t)ninv > (size_t)(src - (const char *)s))
			ninv = 0;
		*bad = (size_t)(src - (const char *)s) - (size_t)ninv;
		err = PLENUM_ESYNTAX;
		goto out;
	}
	if (U_FAILURE(st)) {
		err = st == U_MEMORY_ALLOCATION_ERROR ? PLENUM_ENOMEM
						      : PLENUM_EINTERNAL;
		goto out;
	}
	n16 = (int32_t)(dst - u16);
	u_strToUTF8(NULL, 0, &n8, u16, n16, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
		err = PLENUM_EINTERNAL;
		goto out;
	}
	st = U_ZERO_ERROR;
	u8 = malloc((size_t)n8 + 1);
	if (u8 == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	u_strToUTF8(u8, n8 + 1, NULL, u16, n16, &st);
	if (U_FAILURE(st)) {
		err = PLENUM_EINTERNAL;
		goto out;
	}
	*out = u8;
	*outn = (size_t)n8;
	u8 = NULL;
	err = PLENUM_OK;
out:
	free(u8);
	free(u16);
	if (cnv != NULL)
		ucnv_close(cnv);
	return err;
}

/*
 * The position of the bad byte s[bad] of a file that reads as GB18030 up
 * to there: s[0..bad) converted, counted as step() counts.
 */
static enum plenum_err
gb18030_position(const unsigned char *s, size_t bad, unsigned long *line,
		 unsigned long *col)
{
	enum plenum_err err;
	char *u8 = NULL;
	size_t n = 0, ignored;

	err = from_gb18030(s, bad, &u8, &n, &ignored);
	if (err == PLENUM_OK)
		position((const unsigned char *)u8, n, n, line, col);
	free(u8);
	return err == PLENUM_ESYNTAX ? PLENUM_EINTERNAL : err;
}

/*
 * Finds the UTF-8 text of data: sets *text and *n, and *owned when it had
 * to be converted (the caller frees it).  Returns PLENUM_OK, or an error
 * that has been recorded as a problem (or is fatal).
 */
static enum plenum_err
decode(struct parser *p, const unsigned char *data, size_t len, unsigned *flags,
       const char **text, size_t *n, char **owned)
{
	enum plenum_err err;
	const unsigned char *s = data, *nul;
	unsigned long line, col;
	size_t bad, gbbad = 0;
	int bom = 0;

	*owned = NULL;
	if (len > PLENUM_ROLL_MAX_INPUT) {
		problem(p, PLENUM_ELIMIT, 0, 0, NULL,
			"the file is larger than %lu MiB",
			PLENUM_ROLL_MAX_INPUT / (1024 * 1024));
		return PLENUM_ELIMIT;
	}
	if (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
			 (s[0] == 0xfe && s[1] == 0xff))) {
		problem(p, PLENUM_ESYNTAX, 1, 1, NULL,
			"the file is UTF-16 (\"Unicode text\"); save the file "
			"as UTF-8 (in Excel: CSV UTF-8)");
		return PLENUM_ESYNTAX;
	}
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		s += 3;
		len -= 3;
		bom = 1;
		*flags |= PLENUM_ROLL_HAD_BOM;
	}
	if (len > 0 && (nul = memchr(s, '\0', len)) != NULL) {
		position(s, len, (size_t)(nul - s), &line, &col);
		problem(p, PLENUM_ESYNTAX, line, col, NULL,
			"the file holds a nul byte (is it UTF-16?); save the "
			"file as UTF-8");
		return PLENUM_ESYNTAX;
	}
	bad = utf8_invalid(s, len);
	if (bad == len) {
		*text = (const char *)s;
		*n = len;
		return PLENUM_OK;
	}
	position(s, len, bad, &line, &col);
	if (!bom) {
		err = from_gb18030(s, len, owned, n, &gbbad);
		if (err == PLENUM_OK) {
			*flags |= PLENUM_ROLL_CONVERTED_GB18030;
			*text = *owned;
			return PLENUM_OK;
		}
		/* Report where the encoding that went further stopped. */
		if (err == PLENUM_ESYNTAX && gbbad > bad) {
			bad = gbbad;
			err = gb18030_position(s, bad, &line, &col);
		}
		if (err != PLENUM_ESYNTAX && err != PLENUM_OK) {
			p->fatal = err;
			return err;
		}
	}
	problem(p, PLENUM_ESYNTAX, line, col, NULL,
		bom ? "invalid UTF-8 byte 0x%02x; save the file as UTF-8"
		    : "invalid byte 0x%02x: the file is neither UTF-8 nor "
		      "GB18030; save the file as UTF-8",
		s[bad]);
	return PLENUM_ESYNTAX;
}

/* ---- CSV --------------------------------------------------------------- */

/* Moves past s[pos], keeping line and col. */
static void
step(struct csv *c)
{
	unsigned char b = (unsigned char)c->s[c->pos++];

	if (b == '\n' ||
	    (b == '\r' && (c->pos >= c->n || c->s[c->pos] != '\n'))) {
		c->line++;
		c->col = 1;
	} else if ((b & 0xc0) != 0x80) {
		c->col++;
	}
}

static int
at_end_of_field(const struct csv *c)
{
	char b;

	if (c->pos >= c->n)
		return 1;
	b = c->s[c->pos];
	return b == c->sep || b == '\r' || b == '\n';
}

/* Picks the separator from the first line that holds one (a title line
 * above the header may hold none). */
static char
separator(const char *s, size_t n)
{
	size_t i = 0, commas = 0, tabs = 0, semis = 0;
	int inq = 0;

	for (; i < n; i++) {
		char b = s[i];

		if (inq) {
			if (b == '"')
				inq = 0;
			continue;
		}
		if (b == '"') {
			inq = 1;
		} else if (b == ',') {
			commas++;
		} else if (b == '\t') {
			tabs++;
		} else if (b == ';') {
			semis++;
		} else if (b == '\r' || b == '\n') {
			if (commas + tabs + semis > 0)
				break;
		}
	}
	if (commas > 0)
		return ',';
	if (tabs > 0)
		return '\t';
	if (semis > 0)
		return ';';
	return ',';
}

/* Adds byte b to the current cell, unless it is over the cap. */
static enum plenum_err
cell_add(struct csv *c, struct cell *cl, char b)
{
	if (cl == NULL)
		return PLENUM_OK;
	if (c->rec.len - cl->off >= PLENUM_ROLL_MAX_FIELD) {
		cl->overlong = 1;
		return PLENUM_OK;
	}
	return plenum_buf_addc(&c->rec, b);
}

/*
 * Reads one record into c->cells.  Returns 1, or 0 at the end of the
 * input, or -1 after recording a problem that stops the parse.
 */
static int
read_record(struct parser *p)
{
	struct csv *c = &p->csv;
	struct cell *cl;
	enum plenum_err err;
	unsigned long qline, qcol;
	char b;

	if (c->pos >= c->n)
		return 0;
	plenum_buf_reset(&c->rec);
	c->ncells = 0;
	c->nfields = 0;
	c->line0 = c->line;
	for (;;) {
		cl = NULL;
		if (c->ncells < PLENUM_ROLL_MAX_COLUMNS) {
			cl = &c->cells[c->ncells++];
			cl->off = c->rec.len;
			cl->line = c->line;
			cl->col = c->col;
			cl->overlong = 0;
		}
		c->nfields++;
		err = PLENUM_OK;
		if (c->pos < c->n && c->s[c->pos] == '"') {
			qline = c->line;
			qcol = c->col;
			step(c);
			for (;;) {
				if (c->pos >= c->n) {
					problem(p, PLENUM_ESYNTAX, qline, qcol,
						NULL,
						"the quoted cell that opens "
						"here is never closed");
					return -1;
				}
				b = c->s[c->pos];
				if (b == '"') {
					step(c);
					if (c->pos >= c->n ||
					    c->s[c->pos] != '"')
						break;
				} else if (b == '\r') {
					/* CRLF or CR in a cell: LF. */
					if (c->pos + 1 < c->n &&
					    c->s[c->pos + 1] == '\n') {
						step(c);
						continue;
					}
					b = '\n';
				}
				step(c);
				if ((err = cell_add(c, cl, b)) != PLENUM_OK)
					goto fail;
			}
			if (!at_end_of_field(c))
				problem(p, PLENUM_ESYNTAX, c->line, c->col,
					NULL,
					"text after a closing quote (write "
					"a quote inside a quoted cell as "
					"\"\")");
		}
		while (!at_end_of_field(c)) {
			b = c->s[c->pos];
			step(c);
			if ((err = cell_add(c, cl, b)) != PLENUM_OK)
				goto fail;
		}
		if (cl != NULL) {
			cl->len = c->rec.len - cl->off;
			if ((err = plenum_buf_addc(&c->rec, '\0')) != PLENUM_OK)
				goto fail;
		}
		if (c->pos >= c->n)
			return 1;
		b = c->s[c->pos];
		step(c);
		if (b == '\r' && c->pos < c->n && c->s[c->pos] == '\n')
			step(c);
		if (b != c->sep)
			return 1;
	}
fail:
	/* The record buffer is capped above any record that fits the caps,
	 * so only ENOMEM gets here. */
	p->fatal = err == PLENUM_ELIMIT ? PLENUM_EINTERNAL : err;
	return -1;
}

static const char *
cell_text(const struct csv *c, size_t j)
{
	return c->rec.data + c->cells[j].off;
}

/* Whether every cell of the record is empty or ASCII blanks. */
static int
blank_record(const struct csv *c)
{
	size_t j, k;

	for (j = 0; j < c->ncells; j++)
		for (k = 0; k < c->cells[j].len; k++)
			if (!strchr(" \t\r\n", cell_text(c, j)[k]))
				return 0;
	return 1;
}

/* ---- the arena --------------------------------------------------------- */

/* Appends s (NUL-ended) to the arena; sets *off. */
static enum plenum_err
arena_add(struct parser *p, const char *s, size_t *off)
{
	enum plenum_err err;

	*off = p->text.len;
	err = plenum_buf_add(&p->text, s, strlen(s) + 1);
	if (err != PLENUM_OK) {
		if (err == PLENUM_ELIMIT)
			problem(p, PLENUM_ELIMIT, p->csv.line0, 0, NULL,
				"the roll holds more than %lu MiB of text",
				ARENA_MAX / (1024 * 1024));
		else
			p->fatal = err;
		p->stop = 1;
	}
	return err;
}

static const char *
arena_str(const struct parser *p, size_t off)
{
	return p->text.data + off;
}

/* ---- the header -------------------------------------------------------- */

#define NAME_HELP "姓名, họ và tên or name"

static enum plenum_err
read_header(struct parser *p)
{
	struct csv *c = &p->csv;
	enum plenum_err err;
	const char *k;
	char *v;
	size_t j, i, first[N_ROLES];
	int r, split = -1;

	p->hline = c->line0;
	if (c->nfields > PLENUM_ROLL_MAX_COLUMNS) {
		problem(p, PLENUM_ELIMIT, c->line0, 0, NULL,
			"the header has %zu columns, more than %d", c->nfields,
			PLENUM_ROLL_MAX_COLUMNS);
		return PLENUM_ELIMIT;
	}
	for (r = 0; r < N_ROLES; r++)
		first[r] = NONE;
	p->ncols = c->ncells;
	for (j = 0; j < c->ncells; j++) {
		const struct cell *cl = &c->cells[j];

		p->role[j] = COL_IGNORE;
		if (cl->overlong) {
			problem(p, PLENUM_ELIMIT, cl->line, cl->col, NULL,
				"the column name is longer than %d bytes",
				PLENUM_ROLL_MAX_FIELD);
			continue;
		}
		err = plenum_names_nfc(cell_text(c, j), cl->len, &v);
		if (err == PLENUM_ELIMIT) {
			problem(p, PLENUM_ELIMIT, cl->line, cl->col, NULL,
				"the column name is longer than %d bytes",
				PLENUM_NAME_MAX);
			continue;
		}
		if (err != PLENUM_OK) {
			p->fatal =
				err == PLENUM_ENOMEM ? err : PLENUM_EINTERNAL;
			return p->fatal;
		}
		if (*v == '\0') {
			free(v);
			continue;
		}
		p->hname[j] = v;
		if ((k = fold(&p->folder, v, strlen(v), 1)) == NULL) {
			p->fatal = PLENUM_EINTERNAL;
			return p->fatal;
		}
		if ((p->hkey[j] = strdup(k)) == NULL) {
			p->fatal = PLENUM_ENOMEM;
			return p->fatal;
		}
		r = lookup(p->words.column, column_words, N_COLUMN_WORDS, k);
		if (r < 0) {
			r = COL_EXTRA;
			for (i = 0; i < j; i++)
				if (p->role[i] == COL_EXTRA &&
				    strcmp(p->hkey[i], p->hkey[j]) == 0)
					problem(p, PLENUM_EINPUT, cl->line,
						cl->col, v,
						"column \"%s\" appears twice "
						"(also column %zu)",
						v, i + 1);
			p->xindex[j] = p->nextra++;
			if ((err = arena_add(p, v, &p->hxoff[p->xindex[j]])) !=
			    PLENUM_OK)
				return err;
		} else if (r == COL_SPLIT_NAME) {
			if (split < 0)
				split = (int)j;
		} else if (first[r] != NONE) {
			problem(p, PLENUM_EINPUT, cl->line, cl->col, v,
				"columns \"%s\" and \"%s\" mean the same",
				p->hname[first[r]], v);
		} else {
			first[r] = j;
		}
		p->role[j] = (enum role)r;
		p->has[r] = 1;
	}
	if (split >= 0) {
		const struct cell *cl = &c->cells[split];

		problem(p, PLENUM_EINPUT, cl->line, cl->col, p->hname[split],
			"the name is split over two columns; put the whole "
			"name in one column (" NAME_HELP ")");
		p->role[split] = COL_IGNORE;
	}
	if (!p->has[COL_NAME])
		problem(p, PLENUM_EINPUT, c->line0, 0, NULL,
			"the header has no name column (" NAME_HELP ")");
	if (!p->has[COL_STATUS])
		problem(p, PLENUM_EINPUT, c->line0, 0, NULL,
			"the header has no status column (身份, tư cách or "
			"status)");
	return p->nerrors > 0 ? PLENUM_EINPUT : PLENUM_OK;
}

/* ---- rows -------------------------------------------------------------- */

static int
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/*
 * Reads cell j of the record as a value of column role into the arena and
 * sets *off (0, "", for a missing or unreadable cell).  Returns 0, or -1
 * when the cell has been reported.
 */
static int
read_cell(struct parser *p, size_t j, size_t *off)
{
	const struct csv *c = &p->csv;
	const struct cell *cl;
	enum role r = p->role[j];
	enum plenum_err err;
	char *v;
	int ret = 0;

	*off = 0;
	if (j >= c->ncells)
		return 0;
	cl = &c->cells[j];
	if (cl->overlong) {
		problem(p, PLENUM_ELIMIT, cl->line, cl->col, p->hname[j],
			"\"%s\" is longer than %d bytes", p->hname[j],
			PLENUM_ROLL_MAX_FIELD);
		return -1;
	}
	err = plenum_names_nfc(cell_text(c, j), cl->len, &v);
	if (err == PLENUM_ELIMIT) {
		problem(p, PLENUM_ELIMIT, cl->line, cl->col, p->hname[j],
			"\"%s\" is longer than %d bytes", p->hname[j],
			PLENUM_NAME_MAX);
		return -1;
	}
	if (err != PLENUM_OK) {
		p->fatal = err == PLENUM_ENOMEM ? err : PLENUM_EINTERNAL;
		return -1;
	}
	if (r != COL_REASON && r != COL_EXTRA && has_control(v)) {
		problem(p, PLENUM_EINPUT, cl->line, cl->col, p->hname[j],
			"\"%s\" holds a line break or another control "
			"character",
			p->hname[j]);
		ret = -1;
	} else if (*v != '\0' && arena_add(p, v, off) != PLENUM_OK) {
		ret = -1;
	}
	free(v);
	return ret;
}

static enum plenum_err
add_row(struct parser *p, struct row **out)
{
	struct row *rw;
	size_t *xo, k;

	if (p->nrows == p->arows) {
		size_t a = p->arows ? 2 * p->arows : 64;

		rw = realloc(p->rows, a * sizeof(*rw));
		if (rw == NULL)
			return PLENUM_ENOMEM;
		p->rows = rw;
		p->arows = a;
	}
	if (p->nextra > 0 && p->axoff - p->nrows * p->nextra < p->nextra) {
		size_t a = p->axoff ? 2 * p->axoff : 64 * p->nextra;

		xo = realloc(p->xoff, a * sizeof(*xo));
		if (xo == NULL)
			return PLENUM_ENOMEM;
		p->xoff = xo;
		p->axoff = a;
	}
	rw = &p->rows[p->nrows];
	memset(rw, 0, sizeof(*rw));
	rw->exclusion = NONE;
	rw->extra = p->nrows * p->nextra;
	for (k = 0; k < p->nextra; k++)
		p->xoff[rw->extra + k] = 0;
	p->nrows++;
	*out = rw;
	return PLENUM_OK;
}

static void
read_row(struct parser *p)
{
	struct csv *c = &p->csv;
	struct row *rw;
	enum plenum_err err;
	size_t j, off, soff = 0, status = 0;
	char buf[QUOTE_MAX + 4];
	unsigned long scol = 0;
	const char *k;
	int bad_status = 0, v;

	if (p->nrows >= PLENUM_ROLL_MAX_ROWS) {
		problem(p, PLENUM_ELIMIT, c->line0, 0, NULL,
			"more than %d rows", PLENUM_ROLL_MAX_ROWS);
		p->stop = 1;
		return;
	}
	if ((err = add_row(p, &rw)) != PLENUM_OK) {
		p->fatal = err;
		return;
	}
	rw->line = c->line0;
	if (c->nfields > PLENUM_ROLL_MAX_COLUMNS) {
		problem(p, PLENUM_ELIMIT, c->line0, 0, NULL,
			"the row has %zu fields, more than %d", c->nfields,
			PLENUM_ROLL_MAX_COLUMNS);
	} else if (c->nfields > p->ncols) {
		for (j = p->ncols; j < c->ncells; j++)
			if (c->cells[j].len > 0)
				break;
		if (j < c->ncells)
			problem(p, PLENUM_EINPUT, c->cells[j].line,
				c->cells[j].col, NULL,
				"the row has %zu fields, but the header has "
				"%zu columns",
				c->nfields, p->ncols);
	}
	rw->bad_id = !p->has[COL_ID];
	for (j = 0; j < p->ncols; j++) {
		enum role r = p->role[j];
		unsigned long col = j < c->ncells ? c->cells[j].col : 0;
		int bad;

		if (r == COL_IGNORE || r == COL_SPLIT_NAME)
			continue;
		bad = read_cell(p, j, &off);
		if (p->fatal != PLENUM_OK || p->stop)
			return;
		switch (r) {
		case COL_ID:
			rw->id = off;
			rw->idcol = col;
			if (bad)
				rw->bad_id = 1;
			else if (off == 0) {
				problem(p, PLENUM_EINPUT, c->line0, col,
					p->hname[j], "\"%s\" is empty",
					p->hname[j]);
				rw->bad_id = 1;
			}
			break;
		case COL_NAME:
			rw->name = off;
			rw->namecol = col;
			if (bad)
				rw->bad_name = 1;
			else if (off == 0) {
				problem(p, PLENUM_EINPUT, c->line0, col,
					p->hname[j], "\"%s\" is empty",
					p->hname[j]);
				rw->bad_name = 1;
			}
			break;
		case COL_UNIT:
			rw->unit = off;
			break;
		case COL_DELEGATION:
			rw->delegation = off;
			break;
		case COL_REASON:
			if (off != 0)
				rw->exclusion = off;
			break;
		case COL_STATUS:
			status = j;
			scol = col;
			bad_status = bad;
			soff = off;
			break;
		case COL_EXTRA:
			p->xoff[rw->extra + p->xindex[j]] = off;
			break;
		default:
			break;
		}
	}
	rw->status = PLENUM_ROLL_FULL;
	if (bad_status)
		return;
	off = soff;
	if (off == 0) {
		problem(p, PLENUM_EINPUT, c->line0, scol, p->hname[status],
			"\"%s\" is empty", p->hname[status]);
		return;
	}
	k = fold(&p->folder, arena_str(p, off), strlen(arena_str(p, off)), 1);
	v = k ? lookup(p->words.status, status_words, N_STATUS_WORDS, k) : -1;
	if (v < 0)
		problem(p, PLENUM_EINPUT, c->line0, scol, p->hname[status],
			"unknown status \"%s\"; " STATUS_HELP,
			quoted(arena_str(p, off), buf));
	else
		rw->status = (enum plenum_roll_status)v;
}

/* ---- duplicates -------------------------------------------------------- */

struct key {
	const char *a, *b; /* folded */
	size_t row;
};

static int
by_key(const void *va, const void *vb)
{
	const struct key *x = va, *y = vb;
	int d = strcmp(x->a, y->a);

	if (d == 0 && x->b != NULL)
		d = strcmp(x->b, y->b);
	if (d == 0)
		d = x->row < y->row ? -1 : x->row > y->row;
	return d;
}

/* Appends the folded form of s to keys; sets *off. */
static enum plenum_err
add_key(struct parser *p, struct plenum_buf *keys, const char *s, size_t *off)
{
	const char *k = fold(&p->folder, s, strlen(s), 0);

	if (k == NULL)
		return PLENUM_EINTERNAL;
	*off = keys->len;
	return plenum_buf_add(keys, k, strlen(k) + 1);
}

static const char *
id_field(const struct parser *p)
{
	size_t j;

	for (j = 0; j < p->ncols; j++)
		if (p->role[j] == COL_ID)
			return p->hname[j];
	return "";
}

static const char *
name_field(const struct parser *p)
{
	size_t j;

	for (j = 0; j < p->ncols; j++)
		if (p->role[j] == COL_NAME)
			return p->hname[j];
	return "";
}

static void
check_ids(struct parser *p, struct key *keys, size_t n)
{
	size_t i, first = 0;
	char buf[QUOTE_MAX + 4];

	qsort(keys, n, sizeof(*keys), by_key);
	for (i = 1; i < n; i++) {
		const struct row *rw = &p->rows[keys[i].row];

		if (strcmp(keys[i].a, keys[first].a) != 0) {
			first = i;
			continue;
		}
		problem(p, PLENUM_EINPUT, rw->line, rw->idcol, id_field(p),
			"duplicate id \"%s\" (first on line %lu)",
			quoted(arena_str(p, rw->id), buf),
			p->rows[keys[first].row].line);
	}
}

/*
 * keys sorted by name, unit, row; [lo, hi) share a name.  A row that
 * repeats the name and unit of the head of its unit run is an error; the
 * head of a run with another unit than the earliest row's gets a warning.
 */
static void
check_name_group(struct parser *p, const struct key *keys, size_t lo, size_t hi)
{
	const struct row *rw, *head, *early;
	size_t i, h = lo, e = lo;
	char b1[QUOTE_MAX + 4], b2[QUOTE_MAX + 4];

	for (i = lo; i < hi; i++)
		if (keys[i].row < keys[e].row)
			e = i;
	early = &p->rows[keys[e].row];
	for (i = lo; i < hi; i++) {
		rw = &p->rows[keys[i].row];
		if (strcmp(keys[i].b, keys[h].b) != 0)
			h = i;
		head = &p->rows[keys[h].row];
		if (i > h && rw->unit == 0)
			problem(p, PLENUM_EINPUT, rw->line, rw->namecol,
				name_field(p),
				"name \"%s\" repeats line %lu, with no unit "
				"to tell them apart",
				quoted(arena_str(p, rw->name), b1), head->line);
		else if (i > h)
			problem(p, PLENUM_EINPUT, rw->line, rw->namecol,
				name_field(p),
				"name \"%s\" and unit \"%s\" repeat line %lu",
				quoted(arena_str(p, rw->name), b1),
				quoted(arena_str(p, rw->unit), b2), head->line);
		else if (strcmp(keys[i].b, keys[e].b) != 0)
			problem(p, PLENUM_OK, rw->line, rw->namecol,
				name_field(p),
				"name \"%s\" is also on line %lu (unit "
				"\"%s\"); check that these are two people",
				quoted(arena_str(p, rw->name), b1), early->line,
				quoted(arena_str(p, early->unit), b2));
	}
}

static void
check_names(struct parser *p, struct key *keys, size_t n)
{
	size_t lo = 0, hi;

	qsort(keys, n, sizeof(*keys), by_key);
	while (lo < n) {
		for (hi = lo + 1; hi < n; hi++)
			if (strcmp(keys[hi].a, keys[lo].a) != 0)
				break;
		if (hi - lo > 1)
			check_name_group(p, keys, lo, hi);
		lo = hi;
	}
}

static void
check_duplicates(struct parser *p)
{
	struct plenum_buf kb;
	struct key *ids = NULL, *names = NULL;
	size_t *ko = NULL, i, nid = 0, nname = 0;
	enum plenum_err err = PLENUM_OK;

	plenum_buf_init(&kb, (size_t)-1);
	ko = malloc((3 * p->nrows + 1) * sizeof(*ko));
	ids = malloc((p->nrows + 1) * sizeof(*ids));
	names = malloc((p->nrows + 1) * sizeof(*names));
	if (ko == NULL || ids == NULL || names == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	/* Offsets first: kb moves as it grows. */
	for (i = 0; i < p->nrows; i++) {
		const struct row *rw = &p->rows[i];

		if (!rw->bad_id && (err = add_key(p, &kb, arena_str(p, rw->id),
						  &ko[3 * i])) != PLENUM_OK)
			goto out;
		if (!rw->bad_name &&
		    ((err = add_key(p, &kb, arena_str(p, rw->name),
				    &ko[3 * i + 1])) != PLENUM_OK ||
		     (err = add_key(p, &kb, arena_str(p, rw->unit),
				    &ko[3 * i + 2])) != PLENUM_OK))
			goto out;
	}
	for (i = 0; i < p->nrows; i++) {
		const struct row *rw = &p->rows[i];

		if (!rw->bad_id) {
			ids[nid].a = kb.data + ko[3 * i];
			ids[nid].b = NULL;
			ids[nid++].row = i;
		}
		if (!rw->bad_name) {
			names[nname].a = kb.data + ko[3 * i + 1];
			names[nname].b = kb.data + ko[3 * i + 2];
			names[nname++].row = i;
		}
	}
	check_ids(p, ids, nid);
	check_names(p, names, nname);
out:
	if (err != PLENUM_OK)
		p->fatal = err;
	free(names);
	free(ids);
	free(ko);
	plenum_buf_release(&kb);
}

/* ---- the roll ---------------------------------------------------------- */

struct plenum_roll {
	struct plenum_roll_member *members;
	size_t n;
	char *text;
	const char **extra;	  /* n * nextra values */
	const char **extra_names; /* nextra */
	size_t nextra;
	struct plenum_roll_counts counts;
};

void
plenum_roll_free(struct plenum_roll *roll)
{
	if (roll == NULL)
		return;
	free(roll->members);
	free(roll->extra);
	free(roll->extra_names);
	free(roll->text);
	free(roll);
}

void
plenum_roll_problems_free(struct plenum_roll_problem *problems)
{
	free(problems);
}

static enum plenum_err
build(struct parser *p, struct plenum_roll **out)
{
	struct plenum_roll *roll;
	struct plenum_roll_counts *ct;
	size_t i, k;

	roll = calloc(1, sizeof(*roll));
	if (roll == NULL)
		return PLENUM_ENOMEM;
	roll->n = p->nrows;
	roll->nextra = p->nextra;
	roll->members = calloc(p->nrows, sizeof(*roll->members));
	if (p->nextra > 0) {
		roll->extra =
			calloc(p->nrows * p->nextra, sizeof(*roll->extra));
		roll->extra_names =
			calloc(p->nextra, sizeof(*roll->extra_names));
	}
	if (roll->members == NULL ||
	    (p->nextra > 0 &&
	     (roll->extra == NULL || roll->extra_names == NULL))) {
		plenum_roll_free(roll);
		return PLENUM_ENOMEM;
	}
	roll->text = p->text.data;
	p->text.data = NULL;
	plenum_buf_init(&p->text, 0);
	for (k = 0; k < p->nextra; k++)
		roll->extra_names[k] = roll->text + p->hxoff[k];
	ct = &roll->counts;
	for (i = 0; i < p->nrows; i++) {
		const struct row *rw = &p->rows[i];
		struct plenum_roll_member *m = &roll->members[i];

		m->id = roll->text + rw->id;
		m->name = roll->text + rw->name;
		m->unit = roll->text + rw->unit;
		m->delegation = roll->text + rw->delegation;
		m->exclusion = rw->exclusion == NONE
				       ? NULL
				       : roll->text + rw->exclusion;
		m->status = rw->status;
		m->line = rw->line;
		if (p->nextra > 0) {
			for (k = 0; k < p->nextra; k++)
				roll->extra[i * p->nextra + k] =
					roll->text + p->xoff[rw->extra + k];
			m->extra = &roll->extra[i * p->nextra];
		}
		ct->members++;
		switch (m->status) {
		case PLENUM_ROLL_FULL:
			ct->full++;
			break;
		case PLENUM_ROLL_PROBATIONARY:
			ct->probationary++;
			break;
		case PLENUM_ROLL_NON_VOTING:
			ct->non_voting++;
			break;
		case PLENUM_ROLL_GUEST:
			ct->guests++;
			break;
		}
		if (m->exclusion != NULL) {
			ct->excluded++;
			if (m->status == PLENUM_ROLL_FULL)
				ct->full_excluded++;
		}
	}
	ct->base = ct->full - ct->full_excluded;
	*out = roll;
	return PLENUM_OK;
}

/* Whether a cell of the record names the name column. */
static int
names_name(struct parser *p)
{
	const struct csv *c = &p->csv;
	const char *k;
	char *v;
	size_t j;
	int r;

	for (j = 0; j < c->ncells; j++) {
		if (c->cells[j].overlong ||
		    plenum_names_nfc(cell_text(c, j), c->cells[j].len, &v) !=
			    PLENUM_OK)
			continue;
		k = fold(&p->folder, v, strlen(v), 1);
		r = k ? lookup(p->words.column, column_words, N_COLUMN_WORDS, k)
		      : -1;
		free(v);
		if (r == COL_NAME)
			return 1;
	}
	return 0;
}

/*
 * Reads up to the header: the first of the first HEADER_SCAN rows that are
 * not blank to name a name column, so that a title row above the header
 * ("某县第三次党代会代表名单", as Excel exports a merged cell) is skipped with
 * a warning; when none does, the first row, which read_header() will then
 * reject.  Returns 1 with the header in p->csv, 0 for an empty file, or -1
 * after a problem that stops the parse.
 */
static int
find_header(struct parser *p)
{
	struct csv *c = &p->csv;
	size_t pos = 0, nprobs = 0, nerrors = 0, nwarnings = 0, seen = 0;
	unsigned long line = 0, col = 0;
	enum plenum_err worst = PLENUM_OK;
	int r, cut = 0;

	for (;;) {
		size_t at = c->pos;
		unsigned long l = c->line, cl = c->col;

		if ((r = read_record(p)) <= 0)
			break;
		if (blank_record(c))
			continue;
		if (seen++ == 0) {
			pos = at;
			line = l;
			col = cl;
			nprobs = p->nprobs;
			nerrors = p->nerrors;
			nwarnings = p->nwarnings;
			worst = p->worst;
			cut = p->cut;
		}
		if (names_name(p))
			break;
		if (seen == HEADER_SCAN) {
			r = 0;
			break;
		}
	}
	if (p->fatal != PLENUM_OK)
		return -1;
	if (seen == 0)
		return r;
	if (r <= 0) {
		/* No header found: read the first row again, forgetting
		 * the problems of the rows after it. */
		c->pos = pos;
		c->line = line;
		c->col = col;
		p->nprobs = nprobs;
		p->nerrors = nerrors;
		p->nwarnings = nwarnings;
		p->worst = worst;
		p->cut = cut;
		return read_record(p);
	}
	if (seen > 1) {
		problem(p, PLENUM_OK, line, 0, NULL,
			"%zu row%s above the header (line %lu) skipped as a "
			"title",
			seen - 1, seen > 2 ? "s" : "", c->line0);
	}
	return 1;
}

/* Reads the header and the rows of text[0..n). */
static void
parse_text(struct parser *p, const char *text, size_t n, unsigned *flags)
{
	struct csv *c = &p->csv;
	char id[32];
	size_t i;
	int r;

	c->s = text;
	c->n = n;
	c->line = 1;
	c->col = 1;
	c->sep = separator(text, n);
	if (c->sep == '\t')
		*flags |= PLENUM_ROLL_SEP_TAB;
	else if (c->sep == ';')
		*flags |= PLENUM_ROLL_SEP_SEMICOLON;
	if ((r = find_header(p)) <= 0) {
		if (r == 0)
			problem(p, PLENUM_EINPUT, 1, 0, NULL,
				"the file is empty; it needs a header row");
		return;
	}
	if (read_header(p) != PLENUM_OK)
		return;
	while (!p->stop && p->fatal == PLENUM_OK && (r = read_record(p)) > 0) {
		if (!blank_record(c))
			read_row(p);
	}
	if (r < 0 || p->stop || p->fatal != PLENUM_OK)
		return;
	if (p->nrows == 0) {
		problem(p, PLENUM_EINPUT, p->hline, 0, NULL,
			"the file has a header but no members");
		return;
	}
	if (!p->has[COL_ID]) {
		*flags |= PLENUM_ROLL_IDS_GENERATED;
		for (i = 0; i < p->nrows; i++) {
			snprintf(id, sizeof(id), "%zu", i + 1);
			if (arena_add(p, id, &p->rows[i].id) != PLENUM_OK)
				return;
		}
	}
	check_duplicates(p);
}

static void
parser_free(struct parser *p)
{
	size_t j;

	for (j = 0; j < PLENUM_ROLL_MAX_COLUMNS; j++) {
		free(p->hname[j]);
		free(p->hkey[j]);
	}
	words_free(&p->words);
	plenum_buf_release(&p->csv.rec);
	plenum_buf_release(&p->text);
	free(p->rows);
	free(p->xoff);
	free(p->probs);
	free(p);
}

/* Hands the problems to the caller, sorted, with a note when cut. */
static enum plenum_err
give_problems(struct parser *p, struct plenum_roll_problem **problems,
	      size_t *nproblems)
{
	struct plenum_roll_problem *out;
	size_t i, n = p->nprobs + (p->cut ? 1 : 0);

	if (n == 0)
		return PLENUM_OK;
	qsort(p->probs, p->nprobs, sizeof(*p->probs), by_position);
	out = calloc(n, sizeof(*out));
	if (out == NULL)
		return PLENUM_ENOMEM;
	for (i = 0; i < p->nprobs; i++)
		out[i] = p->probs[i].p;
	if (p->cut) {
		out[i].err = p->worst;
		snprintf(out[i].message, sizeof(out[i].message),
			 "more problems than the %d listed; fix these and "
			 "import again",
			 PLENUM_ROLL_MAX_PROBLEMS);
	}
	*problems = out;
	*nproblems = n;
	return PLENUM_OK;
}

enum plenum_err
plenum_roll_parse(const unsigned char *data, size_t len,
		  struct plenum_roll **out,
		  struct plenum_roll_problem **problems, size_t *nproblems,
		  unsigned *flags_out)
{
	struct parser *p;
	enum plenum_err err;
	const char *text = NULL;
	char *owned = NULL;
	unsigned flags = 0;
	size_t n = 0;

	*out = NULL;
	if (problems != NULL)
		*problems = NULL;
	if (nproblems != NULL)
		*nproblems = 0;
	if (flags_out != NULL)
		*flags_out = 0;
	if (data == NULL && len > 0)
		return PLENUM_EINTERNAL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return PLENUM_ENOMEM;
	plenum_buf_init(&p->csv.rec,
			PLENUM_ROLL_MAX_COLUMNS * (PLENUM_ROLL_MAX_FIELD + 1));
	plenum_buf_init(&p->text, ARENA_MAX);
	if ((err = words_init(&p->words, &p->folder)) != PLENUM_OK)
		goto out;
	if ((err = plenum_buf_addc(&p->text, '\0')) != PLENUM_OK)
		goto out;
	if (decode(p, data ? data : (const unsigned char *)"", len, &flags,
		   &text, &n, &owned) == PLENUM_OK)
		parse_text(p, text, n, &flags);
	if (flags_out != NULL)
		*flags_out = flags;
	if (p->fatal != PLENUM_OK) {
		err = p->fatal;
		goto out;
	}
	if (problems != NULL && nproblems != NULL &&
	    (err = give_problems(p, problems, nproblems)) != PLENUM_OK)
		goto out;
	if (p->worst != PLENUM_OK) {
		err = p->worst;
		goto out;
	}
	err = build(p, out);
out:
	if (err == PLENUM_ENOMEM || err == PLENUM_EINTERNAL) {
		if (problems != NULL && *problems != NULL) {
			free(*problems);
			*problems = NULL;
			*nproblems = 0;
		}
	}
	free(owned);
	parser_free(p);
	return err;
}

/* ---- accessors --------------------------------------------------------- */

size_t
plenum_roll_count(const struct plenum_roll *roll)
{
	return roll->n;
}

const struct plenum_roll_member *
plenum_roll_member(const struct plenum_roll *roll, size_t i)
{
	if (i >= roll->n)
		return NULL;
	return &roll->members[i];
}

size_t
plenum_roll_extra_count(const struct plenum_roll *roll)
{
	return roll->nextra;
}

const char *
plenum_roll_extra_name(const struct plenum_roll *roll, size_t j)
{
	if (j >= roll->nextra)
		return NULL;
	return roll->extra_names[j];
}

void
plenum_roll_counts(const struct plenum_roll *roll,
		   struct plenum_roll_counts *out)
{
	*out = roll->counts;
}

const char *
plenum_roll_status_word(enum plenum_roll_status status)
{
	if ((size_t)status >= sizeof(status_names) / sizeof(status_names[0]))
		return "unknown";
	return status_names[status];
}

int
plenum_roll_status_parse(const char *s, enum plenum_roll_status *out)
{
	struct folder *f = NULL;
	struct words w;
	const char *k;
	char *v = NULL;
	int r = -1;

	if (s == NULL || plenum_names_nfc(s, strlen(s), &v) != PLENUM_OK)
		return -1;
	f = malloc(sizeof(*f));
	if (f == NULL)
		goto out;
	if (words_init(&w, f) != PLENUM_OK)
		goto out;
	k = fold(f, v, strlen(v), 1);
	if (k != NULL)
		r = lookup(w.status, status_words, N_STATUS_WORDS, k);
	words_free(&w);
	if (r >= 0)
		*out = (enum plenum_roll_status)r;
out:
	free(f);
	free(v);
	return r < 0 ? -1 : 0;
}
