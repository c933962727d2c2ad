/*
 * layout.h: where everything on a ballot goes, computed from a plain
 * description, before anything is drawn.
 *
 * A layout is pure arithmetic on integer micrometres, measured from the
 * top-left corner of the page: the page, four solid fiducial squares at
 * fixed positions, the QR code, the seal box, the heading, the
 * instructions, the table's columns and, for every candidate row, its name
 * cell and mark boxes, page by page.  Fonts play no part in it (text is
 * fitted into its box when drawn), so a scanner that knows the layout finds
 * every box from the fiducials alone.
 *
 * The layout digest is SHA-256 over a canonical serialisation of the
 * description and every position.  Each page's QR code carries
 *	PLB1:<assembly id>:<election>:<round>:<page>/<pages>:<digest, 16 hex>
 * and nothing that could identify a voter: all copies of a ballot are the
 * same.  plenum_layout_json() gives the scanner the boxes for a digest.
 */
#ifndef PLENUM_LAYOUT_H
#define PLENUM_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "paper.h"

enum plenum_ballot_style {
	PLENUM_STYLE_CN = 0, /* 赞成/不赞成/弃权 columns, 另选他人 */
	PLENUM_STYLE_VN_STRIKE_OUT,  /* a list to strike names from, seal */
	PLENUM_STYLE_VN_UNCONTESTED, /* đồng ý / không đồng ý, seal */
	PLENUM_STYLE_YNA,	     /* Yes / No / Abstain per candidate */
	PLENUM_STYLE_APPROVAL,	     /* one box per candidate */
	PLENUM_STYLE_MOTION	     /* Yes / No / Abstain per motion */
};

/* "cn", "vn-strike-out", "vn-uncontested", "yna", "approval", "motion".
 * parse returns 0 and sets *out, or -1. */
const char *plenum_layout_style_word(enum plenum_ballot_style style);
int plenum_layout_style_parse(const char *word, enum plenum_ballot_style *out);

/* Bounds of a description. */
#define PLENUM_LAYOUT_MAX_NAMES	  2000
#define PLENUM_LAYOUT_MAX_WRITEIN 50
#define PLENUM_LAYOUT_MAX_TEXT	  1024 /* bytes of any one string */
#define PLENUM_LAYOUT_MAX_ID	  40
/* Longest QR payload, NUL included. */
#define PLENUM_LAYOUT_PAYLOAD_MAX 96

/*
 * What a ballot says.  Every string is UTF-8 (NFC, see names.h) without
 * control characters, and is borrowed: plenum_layout_new() copies it.
 */
struct plenum_ballot_desc {
	const char *locale;   /* "zh-Hans", "zh-Hant", "vi" or "en" */
	const char *title;    /* the election: 选举第九届委员会委员 */
	const char *subtitle; /* the assembly's name; NULL or "" for none */
	const char *assembly_id; /* 1-40 of [A-Za-z0-9._-]; in the QR */
	unsigned election;	 /* the election's number, >= 1 */
	unsigned round;		 /* >= 1 */
	enum plenum_ballot_style style;
	enum plenum_paper_size paper;
	unsigned seats;	    /* >= 1; ignored for motions */
	unsigned max_votes; /* the most For/kept marks; 0: seats */
	unsigned write_ins; /* blank write-in lines: cn, yna, approval only */
	size_t ncandidates; /* 1 ... PLENUM_LAYOUT_MAX_NAMES */
	const char *const *candidates; /* names in list order, or motions */
};

/* A rectangle in micrometres from the page's top-left corner. */
struct plenum_rect {
	int32_t x, y, w, h;
};

/* What a mark in a box means (approval's one box is YES; vn uncontested
 * đồng ý is YES and không đồng ý NO). */
enum plenum_box_kind { PLENUM_BOX_YES = 0, PLENUM_BOX_NO, PLENUM_BOX_ABSTAIN };

/* "yes", "no", "abstain". */
const char *plenum_layout_box_word(enum plenum_box_kind kind);

enum plenum_column_kind {
	PLENUM_COL_NUMBER = 0,
	PLENUM_COL_NAME,
	PLENUM_COL_YES,
	PLENUM_COL_NO,
	PLENUM_COL_ABSTAIN
};

struct plenum_layout_column {
	enum plenum_column_kind kind;
	int32_t x, w;
};

struct plenum_layout_row {
	size_t page;	  /* 0-based */
	bool write_in;	  /* a blank line for a written-in name */
	size_t candidate; /* index into candidates, or the write-in line's
			     number from 0 */
	struct plenum_rect row, number, name; /* name: for vn-strike-out the
						 zone a stroke crosses */
	size_t nboxes;
	struct {
		enum plenum_box_kind kind;
		struct plenum_rect r;
	} boxes[3];
};

struct plenum_layout_page {
	size_t first_row, nrows;
	struct plenum_rect qr;	     /* the QR code, its quiet zone included */
	struct plenum_rect seal;     /* w == 0: none */
	struct plenum_rect heading;  /* subtitle, title, ballot word */
	struct plenum_rect instr;    /* w == 0: none (pages 2...) */
	struct plenum_rect head_row; /* the table's column headings */
	struct plenum_rect footer;   /* page k of n */
	char payload[PLENUM_LAYOUT_PAYLOAD_MAX];
};

struct plenum_layout {
	struct plenum_ballot_desc desc; /* copies owned by the layout */
	int32_t page_w, page_h;
	struct plenum_rect fiducials[4]; /* top-left, top-right, bottom-left,
					    bottom-right */
	int32_t row_h;
	size_t ncolumns;
	struct plenum_layout_column columns[5];
	size_t npages;
	struct plenum_layout_page *pages;
	size_t nrows; /* candidates, then write-in lines */
	struct plenum_layout_row *rows;
	unsigned char digest[32];
	char digest_hex[65];
};

/*
 * Computes the layout of desc.  On success *out is a new layout the caller
 * frees with plenum_layout_free().  Returns PLENUM_OK, PLENUM_EINPUT (diag
 * says which field: unknown locale or style, bad assembly id, election or
 * round 0, no seats, no or too many names, write-in lines where the style
 * has none, a string that is empty, too long, not UTF-8 or holds control
 * characters), PLENUM_ELIMIT (more than 999 pages) or PLENUM_ENOMEM.  *out
 * is NULL on failure; diag may be NULL.
 */
enum plenum_err plenum_layout_new(const struct plenum_ballot_desc *desc,
				  struct plenum_layout **out,
				  struct plenum_diag *diag);

/* Frees a layout.  NULL is a no-op. */
void plenum_layout_free(struct plenum_layout *l);

/*
 * The layout as a plenum-ballot-layout/1 JSON object (micrometres): the
 * digest, the description, the fiducials, the columns and every page with
 * its QR payload, rows and boxes.  Returns a new reference the caller
 * releases with json_decref(), or NULL when out of memory.
 */
json_t *plenum_layout_json(const struct plenum_layout *l);

/*
 * Rebuilds a layout from its plenum-ballot-layout/1 JSON (as
 * plenum_layout_json() writes it): the description is read back, the
 * layout computed afresh with plenum_layout_new(), and its digest must
 * equal the document's, so every position comes from this code, never
 * from the document.  On success *out is a new layout (free it with
 * plenum_layout_free()).  Returns PLENUM_OK, PLENUM_ESYNTAX (a field
 * missing or of the wrong type), PLENUM_EINPUT (a bad description, or the
 * digest differs), PLENUM_ELIMIT or PLENUM_ENOMEM; *out is NULL on
 * failure.  diag may be NULL.
 */
enum plenum_err plenum_layout_from_json(const json_t *j,
					struct plenum_layout **out,
					struct plenum_diag *diag);

/* What a ballot's QR code says. */
struct plenum_ballot_qr {
	char assembly_id[PLENUM_LAYOUT_MAX_ID + 1];
	unsigned election, round;
	unsigned page, pages; /* page from 1 */
	char digest16[17];    /* the layout digest's first 16 hex digits */
};

/*
 * Parses a QR payload (PLB1:...) as the scanner reads it.  Returns
 * PLENUM_OK, or PLENUM_ESYNTAX for anything else.  qr must not be NULL.
 */
enum plenum_err plenum_layout_payload_parse(const char *text,
					    struct plenum_ballot_qr *qr);

#endif
