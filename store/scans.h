/*
 * scans.h: the paper of an assembly in its record, a module of the
 * assembly store (assembly_impl.h): what was printed, and the ballots read
 * back from scans, their adjudication and their entry into a round.
 *
 * Printing records the PDF's SHA-256 (the same input gives the same
 * bytes), and for ballots the layout the scanner needs: a scan is read
 * against the layouts printed for its round and no other.
 *
 * A scanned ballot is one or more page images read by the scanner (paper/
 * scan.h, in its worker).  The images are kept in scan_images under their
 * SHA-256, outside the log (like the credentials), and the log holds the
 * hashes and the readings, so `plenum verify` can check that every image
 * is there and unchanged.  A page (an image, and its frame in a
 * multi-page TIFF) already scanned in the election is refused: a file fed
 * twice is not two ballots.
 *
 * A ballot read with confidence is accepted as read.  One in review or
 * unreadable waits in the adjudication queue: a teller decides it (the
 * ballot's line, or that the sheet is not a ballot), and a scrutineer who
 * is not that teller confirms the decision.  Accepted ballots enter the
 * open round as a batch whose two entries are made by "scanner", so they
 * are counted and reconciled against the ballots returned like batches
 * typed by tellers.  A ballot line is never stored with a voter: the
 * sheets carry nothing that names one.
 *
 * Events:
 *   paper.printed   kind ("ballots", "cards", "tally-sheet",
 *                   "announcement", "minutes", "motion"), election (a
 *                   motion: the resolution), round (0 when none),
 *                   copies, bytes, sha256, layout (ballots: the
 *                   description part of the plenum-ballot-layout/1 JSON,
 *                   what plenum_layout_from_json() rebuilds it from,
 *                   with its digest; else "")
 *   paper.scanned   election, round, ballot, pages (a JSON array in page
 *                   order of {sha256, frame, media_type, source, preview
 *                   (SHA-256 or ""), reading: plenum-scan/1}), status ("ok",
 * "review", "unreadable"), reason, ballots (the line read; "" when unreadable)
 *   paper.decided   election, round, ballot, teller, ballots (the line;
 *                   "" when the sheet is not a ballot), note
 *   paper.confirmed election, round, ballot, scrutineer
 *   paper.entered   election, round, batch, count, first, last (ballots
 *                   entered; the batch itself is election.batch_entered)
 */
#ifndef PLENUM_SCANS_H
#define PLENUM_SCANS_H

#include <stddef.h>
#include <stdint.h>

#include "assembly.h"
#include "buf.h"
#include "err.h"

/* Caps. */
#define PLENUM_SCANS_MAX_PAGES	64	    /* pages of one ballot */
#define PLENUM_SCANS_MAX_IMAGE	(64u << 20) /* bytes of one page image */
#define PLENUM_SCANS_MAX_LAYOUT (4u << 20)  /* one layout's JSON */

/* One printed document. */
struct plenum_scans_print {
	const char *kind;   /* see the events above */
	int64_t election;   /* 0 when not an election's (cards) */
	int64_t round;	    /* 0 when none */
	int64_t copies;	    /* ballots: copies; cards: cards; else 1 */
	int64_t bytes;	    /* of the PDF */
	const char *sha256; /* of the PDF, 64 lower-case hex digits */
	const char *layout; /* ballots: plenum-ballot-layout/1 JSON; else
			       NULL */
};

/*
 * Records a printed document (paper.printed).  A ballot's layout must be
 * a JSON object with a "digest"; printing the same layout again is
 * recorded again (copies add up).  Returns PLENUM_OK, PLENUM_EINPUT (bad
 * kind, hash or layout), PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_scans_printed(struct plenum_assembly *a,
				     const struct plenum_scans_print *p,
				     const char *actor,
				     struct plenum_diag *diag);

/*
 * The distinct layouts printed for round `round` of the election (0: the
 * open round) as a JSON array text (the worker's layouts frame), and the
 * round in *round_out (may be NULL).  *json_out is new, for free().
 * PLENUM_ECONFLICT when none were printed (or no round is open).
 */
enum plenum_err plenum_scans_layouts(struct plenum_assembly *a,
				     int64_t election, int64_t round,
				     int64_t *round_out, char **json_out,
				     struct plenum_diag *diag);

/* One page image of a scanned ballot. */
struct plenum_scans_page {
	const unsigned char *image; /* the file's bytes, as scanned */
	size_t len;
	const char *media_type; /* "image/png", "image/tiff", "image/jpeg" */
	size_t frame;		/* the page within the file (a multi-page
				   TIFF), from 0 */
	const char *source;	/* where it came from ("box1/0007.tif#2") */
	const char *reading;	/* plenum-scan/1 JSON of the page */
	const unsigned char *preview; /* a PNG of the page for a browser
					 (a TIFF's), or NULL */
	size_t preview_len;
};

/* One scanned ballot: its pages in page order. */
struct plenum_scans_ballot {
	size_t npages;
	const struct plenum_scans_page *pages;
	const char *status; /* "ok", "review", "unreadable" */
	const char *reason; /* why review or unreadable; "" or NULL */
	const char *line;   /* the ballot line read (scan.h,
			       plenum_scan_ballot_line()); NULL when
			       unreadable */
	/* out: */
	int64_t n;	     /* its number in the election */
	enum plenum_err err; /* PLENUM_OK: recorded */
	char message[200];   /* why not */
};

/*
 * Records ballots scanned for the election's open round, in one
 * transaction (paper.scanned each, the images stored).  A ballot that is
 * refused (an image scanned before, a line that does not fit the round)
 * gets its err and message and the others are still recorded; a database
 * error refuses them all and is returned.  An "ok" ballot whose line the
 * round's list refuses is recorded in review with that reason, not
 * refused.  Returns PLENUM_OK, PLENUM_ECONFLICT (no round open),
 * PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_scans_add(struct plenum_assembly *a, int64_t election,
				 struct plenum_scans_ballot *ballots, size_t n,
				 const char *actor, struct plenum_diag *diag);

/*
 * A teller's decision on ballot n of the election, which must be waiting
 * (review or unreadable, not yet entered): line is the whole ballot line
 * (checked against the round's list; write-ins as "\tw:Y:NAME"), or NULL
 * or "" when the sheet is not a ballot of this round.  note says why (may
 * be NULL).  A new decision replaces an unconfirmed one.  teller must be
 * an appointed teller.  Returns PLENUM_OK, PLENUM_EINPUT (no such ballot,
 * not a teller, a bad line), PLENUM_ECONFLICT (not waiting, entered),
 * PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_scans_decide(struct plenum_assembly *a, int64_t election,
				    int64_t n, const char *teller,
				    const char *line, const char *note,
				    const char *actor,
				    struct plenum_diag *diag);

/*
 * A scrutineer confirms the decision on ballot n; the scrutineer must be
 * appointed and not the teller who decided.  Returns PLENUM_OK,
 * PLENUM_EINPUT, PLENUM_ECONFLICT (nothing decided, confirmed already,
 * the deciding teller), PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_scans_confirm(struct plenum_assembly *a,
				     int64_t election, int64_t n,
				     const char *scrutineer, const char *actor,
				     struct plenum_diag *diag);

/*
 * Enters every accepted ballot of the open round not yet entered (read
 * "ok", or decided and confirmed as a ballot) as the round's next batch,
 * both entries by "scanner", in ballot order.  *batch_out (may be NULL)
 * gets the batch (0 when there was nothing to enter) and *count_out the
 * ballots.  Ballots still waiting stay waiting.  Returns PLENUM_OK,
 * PLENUM_ECONFLICT (no round open), PLENUM_EREADONLY or a database error.
 */
enum plenum_err plenum_scans_enter(struct plenum_assembly *a, int64_t election,
				   const char *actor, int64_t *batch_out,
				   int64_t *count_out,
				   struct plenum_diag *diag);

/* Which ballots plenum_scans_list() gives. */
#define PLENUM_SCANS_ALL   0	/* every ballot, pages without readings */
#define PLENUM_SCANS_QUEUE (-1) /* waiting and decided, with readings */

/*
 * The scanned ballots of the election as JSON: {"election", "round" (its
 * last round), "form" and "choices" (of that round's ballot, as
 * plenum_elections_round_form() gives them), "counts": {"accepted", "waiting",
 * "decided", "confirmed", "rejected", "entered", "scanned"}, "ballots": [{"n",
 * "round", "state", "status", "reason", "line", "decision", "teller", "note",
 * "scrutineer", "batch", "pages": [{"sha256", "frame", "media_type", "source",
 * "preview" (the SHA-256 of a PNG to show instead, or ""), "reading"}]}]}.
 * state is "accepted" (read ok, not entered), "waiting" (for a teller),
 * "decided" (for a scrutineer), "confirmed", "rejected" (confirmed: not a
 * ballot) or "entered".  which is PLENUM_SCANS_ALL, PLENUM_SCANS_QUEUE or
 * a ballot's number (that ballot, with its readings: PLENUM_EINPUT when
 * there is none).  The readings are plenum-scan/1 objects.  *json_out is
 * new, for free().
 */
enum plenum_err plenum_scans_list(struct plenum_assembly *a, int64_t election,
				  int64_t which, char **json_out,
				  struct plenum_diag *diag);

/*
 * The stored image with that SHA-256 (hex): *data (new, for free()),
 * *len and its media type (copied into mt, at least 32 bytes; may be
 * NULL).  PLENUM_EINPUT when there is none.
 */
enum plenum_err plenum_scans_image(struct plenum_assembly *a,
				   const char *sha256, unsigned char **data,
				   size_t *len, char *mt,
				   struct plenum_diag *diag);

/*
 * Checks that every image the record names is stored and hashes to its
 * name: *checked pages, *bad of them missing or altered, each described
 * by a line appended to problems (may be NULL).
 */
enum plenum_err plenum_scans_check_images(struct plenum_assembly *a,
					  struct plenum_buf *problems,
					  int64_t *checked, int64_t *bad,
					  struct plenum_diag *diag);

extern const struct plenum_store_module plenum_scans_module;

#endif
