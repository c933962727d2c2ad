/*
 * cmd_scan.c: plenum scan: reading scanned ballots into a round, and the
 * adjudication queue.
 *
 *   plenum scan read ELECTION FILE...
 *   plenum scan list ELECTION [--queue] [--json]
 *   plenum scan show ELECTION N [--json]
 *   plenum scan image ELECTION N [--page K] --out FILE
 *   plenum scan decide ELECTION N --teller ID (--line LINE | --not-a-ballot)
 *                      [--note TEXT]
 *   plenum scan confirm ELECTION N --scrutineer ID
 *   plenum scan enter ELECTION
 *   plenum scan layouts ELECTION
 *
 * read hands every page of every file (PNG, JPEG, TIFF with any number of
 * pages) to the scan worker (paper/scanworker.h), a child process with
 * resource limits that holds no database, against the layouts printed for
 * the open round.  Pages are grouped into ballots in the order they come:
 * page 1 of n starts a ballot that takes the next n - 1 pages.  Each
 * ballot is recorded with its images (store/scans.h); the unclear and
 * unreadable wait for a teller's decision and a scrutineer's
 * confirmation; enter puts the accepted ballots into the round.
 *
 * Invariant: a file is read into memory whole (at most
 * PLENUM_SCANS_MAX_IMAGE bytes) and nothing from it reaches the database
 * but its bytes, their hash and what the worker answered.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assembly.h"
#include "cmd.h"
#include "layout.h"
#include "scan.h"
#include "scans.h"
#include "scanworker.h"

/* Ballots recorded per transaction, and the image bytes they may hold
 * in memory before they are (each file counted once a ballot). */
#define SCAN_CHUNK	 32
#define SCAN_CHUNK_BYTES (256u << 20)

struct scan_opts {
	struct plenum_cmd_target t; /* db, key, actor */
	const char *out, *teller, *scrutineer, *line, *note;
	int json, queue, not_a_ballot;
	long page;
};

static int
die_usage(void)
{
	fputs("usage: plenum scan read ELECTION FILE...\n"
	      "       plenum scan list ELECTION [--queue] [--json]\n"
	      "       plenum scan show ELECTION N [--json]\n"
	      "       plenum scan image ELECTION N [--page K] --out FILE\n"
	      "       plenum scan decide ELECTION N --teller ID (--line LINE "
	      "| --not-a-ballot) [--note TEXT]\n"
	      "       plenum scan confirm ELECTION N --scrutineer ID\n"
	      "       plenum scan enter ELECTION\n"
	      "       plenum scan layouts ELECTION\n",
	      stderr);
	return PLENUM_EXIT_INPUT;
}

static int
fail(const char *what, enum plenum_err err, const struct plenum_diag *d)
{
	return plenum_cmd_fail("scan", what, err, d);
}

/* ---- reading ---- */

/* The media type from the first bytes, or NULL. */
static const char *
sniff(const unsigned char *p, size_t len)
{
	if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0)
		return "image/jpeg";
	if (len >= 4 &&
	    (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0))
		return "image/tiff";
	return NULL;
}

static int
read_file(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL, *q;
	size_t n = 0, cap = 0, got;

	*data = NULL;
	*len = 0;
	if (f == NULL)
		return -1;
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 1u << 20;
			if (cap > (size_t)PLENUM_SCANS_MAX_IMAGE + 1)
				cap = (size_t)PLENUM_SCANS_MAX_IMAGE + 1;
			if (n == cap || (q = realloc(p, cap)) == NULL) {
				free(p);
				fclose(f);
				errno = n == cap ? EFBIG : ENOMEM;
				return -1;
			}
			p = q;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(p);
		fclose(f);
		errno = EIO;
		return -1;
	}
	fclose(f);
	if (n > PLENUM_SCANS_MAX_IMAGE) {
		free(p);
		errno = EFBIG;
		return -1;
	}
	*data = p;
	*len = n;
	return 0;
}

/* One page read: its file's bytes (shared by a TIFF's pages) and the
 * worker's answer. */
struct file {
	unsigned char *data;
	size_t len;
	int refs;
};

struct page {
	struct file *file; /* a reference: a TIFF's pages share it */
	size_t frame;
	const char *media_type;
	char source[300];
	json_t *reading;
	unsigned char *preview; /* a PNG for browsers, of a TIFF's page */
	size_t preview_len;
};

/* A ballot being put together, and the ballots ready to record. */
struct reader {
	struct plenum_assembly *a;
	int64_t election;
	const char *actor;
	struct plenum_layout **layouts;
	size_t nlayouts;
	struct page pending[PLENUM_SCANS_MAX_PAGES];
	size_t npending, expected;
	struct {
		struct page pages[PLENUM_SCANS_MAX_PAGES];
		size_t npages;
		char status[16], reason[300];
		char *line;
	} ready[SCAN_CHUNK];
	size_t nready;
	size_t held; /* image bytes of the ready ballots */
	/* totals */
	size_t ballots, ok, waiting, refused;
	int failed; /* a database error: stop */
};

static void
page_release(struct page *p)
{
	if (p->file != NULL && --p->file->refs == 0) {
		free(p->file->data);
		free(p->file);
	}
	json_decref(p->reading);
	free(p->preview);
	memset(p, 0, sizeof(*p));
}

static const struct plenum_layout *
layout_of(const struct reader *r, const char *digest)
{
	size_t i;

	for (i = 0; digest != NULL && i < r->nlayouts; i++)
		if (strcmp(r->layouts[i]->digest_hex, digest) == 0)
			return r->layouts[i];
	return NULL;
}

static const char *
jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* Records the ready ballots in one transaction and reports each. */
static int
flush_ready(struct reader *r)
{
	struct plenum_scans_ballot b[SCAN_CHUNK];
	struct plenum_scans_page pages[SCAN_CHUNK][PLENUM_SCANS_MAX_PAGES];
	char *texts[SCAN_CHUNK][PLENUM_SCANS_MAX_PAGES];
	struct plenum_diag d = { 0 };
	enum plenum_err err = PLENUM_OK;
	size_t i, k;

	memset(texts, 0, sizeof(texts));
	for (i = 0; i < r->nready; i++) {
		memset(&b[i], 0, sizeof(b[i]));
		for (k = 0; k < r->ready[i].npages; k++) {
			struct page *p = &r->ready[i].pages[k];

			texts[i][k] = json_dumps(
				p->reading, JSON_COMPACT | JSON_PRESERVE_ORDER);
			if (texts[i][k] == NULL)
				err = PLENUM_ENOMEM;
			pages[i][k].image = p->file->data;
			pages[i][k].len = p->file->len;
			pages[i][k].frame = p->frame;
			pages[i][k].media_type = p->media_type;
			pages[i][k].source = p->source;
			pages[i][k].reading = texts[i][k];
			pages[i][k].preview = p->preview;
			pages[i][k].preview_len = p->preview_len;
		}
		b[i].npages = r->ready[i].npages;
		b[i].pages = pages[i];
		b[i].status = r->ready[i].status;
		b[i].reason = r->ready[i].reason;
		b[i].line = r->ready[i].line;
	}
	if (err == PLENUM_OK)
		err = plenum_scans_add(r->a, r->election, b, r->nready,
				       r->actor, &d);
	if (err != PLENUM_OK) {
		fail("read", err, &d);
		r->failed = 1;
	}
	for (i = 0; i < r->nready; i++) {
		const char *src = r->ready[i].pages[0].source;

		if (err == PLENUM_OK && b[i].err != PLENUM_OK) {
			fprintf(stderr, "plenum scan: %s: refused: %s\n", src,
				b[i].message);
			r->refused++;
		} else if (err == PLENUM_OK) {
			/* the store may put an "ok" reading into review */
			int ok = strcmp(r->ready[i].status, "ok") == 0 &&
				 b[i].message[0] == '\0';

			r->ballots++;
			if (ok) {
				r->ok++;
				printf("ballot %" PRId64 ": ok %s (%s)\n",
				       b[i].n, r->ready[i].line, src);
			} else {
				r->waiting++;
				printf("ballot %" PRId64 ": %s, to adjudicate: "
				       "%s (%s)\n",
				       b[i].n,
				       strcmp(r->ready[i].status, "ok") == 0
					       ? "review"
					       : r->ready[i].status,
				       b[i].message[0] ? b[i].message
						       : r->ready[i].reason,
				       src);
			}
		}
		for (k = 0; k < r->ready[i].npages; k++) {
			free(texts[i][k]);
			page_release(&r->ready[i].pages[k]);
		}
		free(r->ready[i].line);
		r->ready[i].line = NULL;
	}
	r->nready = 0;
	r->held = 0;
	return r->failed ? -1 : 0;
}

/* Moves the pending pages into a ready ballot, with its status, reason
 * and line. */
static int
finish_ballot(struct reader *r, const char *why)
{
	const struct plenum_layout *l = NULL;
	const char *lines[PLENUM_SCANS_MAX_PAGES];
	struct plenum_diag d = { 0 };
	size_t i, slot;
	int unreadable = why != NULL, review = 0;

	if (r->npending == 0)
		return 0;
	slot = r->nready++;
	memset(r->ready[slot].reason, 0, sizeof(r->ready[slot].reason));
	r->ready[slot].line = NULL;
	if (why != NULL)
		snprintf(r->ready[slot].reason, sizeof(r->ready[slot].reason),
			 "%s", why);
	for (i = 0; i < r->npending; i++) {
		const char *st = jstr(r->pending[i].reading, "status");
		const char *reason = jstr(r->pending[i].reading, "reason");

		r->ready[slot].pages[i] = r->pending[i];
		lines[i] = jstr(r->pending[i].reading, "line");
		if (strcmp(st, "ok") != 0) {
			size_t at = strlen(r->ready[slot].reason);

			unreadable |= strcmp(st, "review") != 0;
			review = 1;
			snprintf(r->ready[slot].reason + at,
				 sizeof(r->ready[slot].reason) - at,
				 "%spage %zu: %s", at ? "; " : "", i + 1,
				 reason);
		}
	}
	r->ready[slot].npages = r->npending;
	for (i = 0; i < r->npending; i++)
		if (i == 0 || r->pending[i].file != r->pending[i - 1].file)
			r->held += r->pending[i].file->len;
	if (!unreadable) {
		l = layout_of(r, jstr(r->pending[0].reading, "digest"));
		if (l == NULL || plenum_scan_ballot_line(l, lines, r->npending,
							 &r->ready[slot].line,
							 &d) != PLENUM_OK) {
			unreadable = 1;
			snprintf(r->ready[slot].reason,
				 sizeof(r->ready[slot].reason), "%.280s",
				 d.message[0]
					 ? d.message
					 : "the pages do not make a ballot");
		}
	}
	snprintf(r->ready[slot].status, sizeof(r->ready[slot].status), "%s",
		 unreadable ? "unreadable"
		 : review   ? "review"
			    : "ok");
	r->npending = 0;
	r->expected = 0;
	return r->nready == SCAN_CHUNK || r->held >= SCAN_CHUNK_BYTES
		       ? flush_ready(r)
		       : 0;
}

/* Takes one page in feed order. */
static int
take_page(struct reader *r, struct page *p)
{
	const char *status = jstr(p->reading, "status");
	const char *payload = jstr(p->reading, "payload");
	struct plenum_ballot_qr qr;
	char why[120];

	memset(&qr, 0, sizeof(qr));
	if (strcmp(status, "unreadable") == 0 ||
	    plenum_layout_payload_parse(payload, &qr) != 0) {
		/* a page that names nothing: the next page of the ballot
		 * being put together, or a ballot of its own */
		r->pending[r->npending++] = *p;
		if (r->expected == 0 || r->npending >= r->expected)
			return finish_ballot(r, NULL);
		return 0;
	}
	if (r->npending > 0 &&
	    (qr.page != r->npending + 1 || qr.pages != r->expected ||
	     strncmp(qr.digest16, jstr(r->pending[0].reading, "digest"), 16) !=
		     0)) {
		snprintf(why, sizeof(why),
			 "%zu of its %zu pages came before the next ballot",
			 r->npending, r->expected);
		if (finish_ballot(r, why) != 0)
			return -1;
	}
	if (r->npending == 0 && qr.page != 1) {
		snprintf(why, sizeof(why), "page %u of %u came without page 1",
			 qr.page, qr.pages);
		r->pending[r->npending++] = *p;
		return finish_ballot(r, why);
	}
	if (r->npending == 0)
		r->expected = qr.pages;
	r->pending[r->npending++] = *p;
	return r->npending == r->expected ? finish_ballot(r, NULL) : 0;
}

static int
scan_read(struct plenum_assembly *a, int64_t election, char **files,
	  size_t nfiles, const struct scan_opts *o)
{
	struct plenum_scan_worker *w = NULL;
	struct plenum_diag d = { 0 };
	struct reader *r;
	json_t *arr = NULL;
	char *layouts = NULL;
	int64_t round = 0;
	enum plenum_err err;
	size_t f, i;
	int status = PLENUM_EXIT_OK, bad_files = 0;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return PLENUM_EXIT_INTERNAL;
	r->a = a;
	r->election = election;
	r->actor = o->t.actor;
	if ((err = plenum_scans_layouts(a, election, 0, &round, &layouts,
					&d))) {
		status = fail("read", err, &d);
		goto out;
	}
	arr = json_loads(layouts, 0, NULL);
	if ((r->layouts = calloc(json_array_size(arr) + 1,
				 sizeof(*r->layouts))) == NULL) {
		status = PLENUM_EXIT_INTERNAL;
		goto out;
	}
	for (i = 0; i < json_array_size(arr); i++)
		if ((err = plenum_layout_from_json(json_array_get(arr, i),
						   &r->layouts[r->nlayouts++],
						   &d))) {
			status = fail("the printed layout", err, &d);
			goto out;
		}
	if ((err = plenum_scan_spawn(arr, NULL, &w, &d))) {
		status = fail("the scan worker", err, &d);
		goto out;
	}
	for (f = 0; f < nfiles && !r->failed; f++) {
		unsigned char *data;
		struct file *file;
		const char *mt;
		size_t len, npages;

		if (read_file(files[f], &data, &len) != 0) {
			fprintf(stderr, "plenum scan: cannot read \"%s\": %s\n",
				files[f],
				errno == EFBIG ? "larger than 64 MiB"
					       : strerror(errno));
			bad_files++;
			continue;
		}
		if ((mt = sniff(data, len)) == NULL) {
			fprintf(stderr,
				"plenum scan: \"%s\" is not a PNG, JPEG or "
				"TIFF image\n",
				files[f]);
			free(data);
			bad_files++;
			continue;
		}
		if ((file = calloc(1, sizeof(*file))) == NULL) {
			free(data);
			status = PLENUM_EXIT_INTERNAL;
			r->failed = 1;
			break;
		}
		file->data = data;
		file->len = len;
		file->refs = 1; /* the loop's own, dropped after it */
		npages = plenum_scan_page_count(data, len);
		if (npages == 0)
			npages = 1; /* the worker says what is wrong */
		for (i = 0; i < npages && !r->failed; i++) {
			struct page p;
			json_t *res = NULL;

			memset(&p, 0, sizeof(p));
			p.file = file;
			p.frame = i;
			p.media_type = mt;
			if (npages > 1)
				snprintf(p.source, sizeof(p.source),
					 "%.270s#%zu", files[f], i + 1);
			else
				snprintf(p.source, sizeof(p.source), "%.290s",
					 files[f]);
			err = plenum_scan_worker_scan(w, data, len, i, &res,
						      &d);
			if (err == PLENUM_EIO) {
				/* the image goes to the queue all the same */
				res = json_pack("{s:s, s:s, s:s}", "format",
						"plenum-scan/1", "status",
						"unreadable", "reason",
						d.message);
				err = res ? PLENUM_OK : PLENUM_ENOMEM;
			}
			if (err) {
				status = fail(p.source, err, &d);
				r->failed = 1;
				break;
			}
			p.reading = res;
			/* browsers show no TIFF: keep a PNG of the page */
			if (strcmp(mt, "image/tiff") == 0 &&
			    plenum_scan_worker_preview(
				    w, data, len, i, &p.preview, &p.preview_len,
				    &d) == PLENUM_ENOMEM) {
				json_decref(res);
				status = PLENUM_EXIT_INTERNAL;
				r->failed = 1;
				break;
			}
			file->refs++;
			if (take_page(r, &p) != 0)
				break;
		}
		if (--file->refs == 0) {
			free(file->data);
			free(file);
		}
	}
	if (!r->failed && finish_ballot(r, r->expected ? "its last pages are "
							 "missing"
						       : NULL) == 0)
		flush_ready(r);
	if (r->failed) {
		status = status ? status : PLENUM_EXIT_INPUT;
		goto out;
	}
	printf("election %" PRId64 ", round %" PRId64 ": %zu ballots read, "
	       "%zu ok, %zu to adjudicate, %zu refused, %d files unreadable\n",
	       election, round, r->ballots, r->ok, r->waiting, r->refused,
	       bad_files);
	if (r->refused > 0 || bad_files > 0)
		status = PLENUM_EXIT_INPUT;
out:
	for (i = 0; i < r->npending; i++)
		page_release(&r->pending[i]);
	for (i = 0; i < r->nready; i++) {
		size_t k;

		for (k = 0; k < r->ready[i].npages; k++)
			page_release(&r->ready[i].pages[k]);
		free(r->ready[i].line);
	}
	for (i = 0; i < r->nlayouts; i++)
		plenum_layout_free(r->layouts[i]);
	free(r->layouts);
	free(r);
	plenum_scan_worker_free(w);
	json_decref(arr);
	free(layouts);
	return status;
}

/* ---- the queue ---- */

static int
load_list(struct plenum_assembly *a, int64_t election, int64_t which,
	  json_t **out)
{
	struct plenum_diag d = { 0 };
	enum plenum_err err;
	char *text = NULL;

	*out = NULL;
	if ((err = plenum_scans_list(a, election, which, &text, &d)))
		return fail("list", err, &d);
	*out = json_loads(text, 0, NULL);
	free(text);
	return *out ? -1 : PLENUM_EXIT_INTERNAL;
}

static int
scan_list(struct plenum_assembly *a, int64_t election,
	  const struct scan_opts *o)
{
	json_t *j, *b, *c;
	size_t i;
	int status;

	if ((status =
		     load_list(a, election,
			       o->queue ? PLENUM_SCANS_QUEUE : PLENUM_SCANS_ALL,
			       &j)) >= 0)
		return status;
	if (o->json)
		return plenum_cmd_print_json("scan", j);
	c = json_object_get(j, "counts");
	printf("election %" PRId64 ": %" JSON_INTEGER_FORMAT " scanned, "
	       "%" JSON_INTEGER_FORMAT " entered, %" JSON_INTEGER_FORMAT
	       " accepted, %" JSON_INTEGER_FORMAT " waiting for a teller, "
	       "%" JSON_INTEGER_FORMAT " for a scrutineer, "
	       "%" JSON_INTEGER_FORMAT " confirmed, %" JSON_INTEGER_FORMAT
	       " not ballots\n",
	       election, json_integer_value(json_object_get(c, "scanned")),
	       json_integer_value(json_object_get(c, "entered")),
	       json_integer_value(json_object_get(c, "accepted")),
	       json_integer_value(json_object_get(c, "waiting")),
	       json_integer_value(json_object_get(c, "decided")),
	       json_integer_value(json_object_get(c, "confirmed")),
	       json_integer_value(json_object_get(c, "rejected")));
	json_array_foreach(json_object_get(j, "ballots"), i, b)
	{
		json_t *pages = json_object_get(b, "pages");
		const char *decision = jstr(b, "decision");

		printf("%5" JSON_INTEGER_FORMAT "  round %" JSON_INTEGER_FORMAT
		       "  %-9s  %s%s%s  %s%s%s\n",
		       json_integer_value(json_object_get(b, "n")),
		       json_integer_value(json_object_get(b, "round")),
		       jstr(b, "state"),
		       json_is_string(json_object_get(b, "decision"))
			       ? (*decision ? decision : "(not a ballot)")
			       : jstr(b, "line"),
		       *jstr(b, "reason") ? "  -- " : "", jstr(b, "reason"),
		       jstr(json_array_get(pages, 0), "source"),
		       json_array_size(pages) > 1 ? " ..." : "", "");
	}
	json_decref(j);
	return PLENUM_EXIT_OK;
}

static int
scan_show(struct plenum_assembly *a, int64_t election, int64_t n,
	  const struct scan_opts *o)
{
	json_t *j, *b, *page, *m;
	size_t i, k;
	int status;

	if ((status = load_list(a, election, n, &j)) >= 0)
		return status;
	if (o->json) {
		b = json_incref(
			json_array_get(json_object_get(j, "ballots"), 0));
		json_decref(j);
		return plenum_cmd_print_json("scan", b);
	}
	b = json_array_get(json_object_get(j, "ballots"), 0);
	printf("scanned ballot %" PRId64 " of election %" PRId64
	       ", round %" JSON_INTEGER_FORMAT ": %s\n"
	       "  read:     %s (%s%s%s)\n",
	       n, election, json_integer_value(json_object_get(b, "round")),
	       jstr(b, "state"), *jstr(b, "line") ? jstr(b, "line") : "-",
	       jstr(b, "status"), *jstr(b, "reason") ? ": " : "",
	       jstr(b, "reason"));
	if (json_is_string(json_object_get(b, "decision")))
		printf("  decided:  %s by %s%s%s\n",
		       *jstr(b, "decision") ? jstr(b, "decision")
					    : "not a ballot",
		       jstr(b, "teller"), *jstr(b, "note") ? ": " : "",
		       jstr(b, "note"));
	if (json_is_string(json_object_get(b, "scrutineer")))
		printf("  confirmed by %s\n", jstr(b, "scrutineer"));
	json_array_foreach(json_object_get(b, "pages"), i, page)
	{
		json_t *reading = json_object_get(page, "reading");

		printf("  page %zu: %s, image %.16s (%s), %s%s%s\n", i + 1,
		       jstr(page, "source"), jstr(page, "sha256"),
		       jstr(page, "media_type"), jstr(reading, "status"),
		       *jstr(reading, "reason") ? ": " : "",
		       jstr(reading, "reason"));
		json_array_foreach(json_object_get(reading, "marks"), k, m)
		{
			if (!json_is_true(json_object_get(m, "review")))
				continue;
			printf("    row %" JSON_INTEGER_FORMAT ", %s box: ink "
			       "%.3f, confidence %.2f -- unclear\n",
			       json_integer_value(json_object_get(m, "row")) +
				       1,
			       jstr(m, "kind"),
			       json_real_value(json_object_get(m, "ink")),
			       json_real_value(
				       json_object_get(m, "confidence")));
		}
	}
	json_decref(j);
	return PLENUM_EXIT_OK;
}

static int
scan_image(struct plenum_assembly *a, int64_t election, int64_t n,
	   const struct scan_opts *o)
{
	struct plenum_diag d = { 0 };
	unsigned char *data = NULL;
	size_t len = 0;
	json_t *j, *page;
	enum plenum_err err;
	FILE *f;
	int status;

	if ((status = load_list(a, election, n, &j)) >= 0)
		return status;
	page = json_array_get(
		json_object_get(
			json_array_get(json_object_get(j, "ballots"), 0),
			"pages"),
		(size_t)(o->page - 1));
	if (page == NULL) {
		fprintf(stderr,
			"plenum scan: scanned ballot %" PRId64 " has no page "
			"%ld\n",
			n, o->page);
		json_decref(j);
		return PLENUM_EXIT_INPUT;
	}
	err = plenum_scans_image(a, jstr(page, "sha256"), &data, &len, NULL,
				 &d);
	json_decref(j);
	if (err)
		return fail("image", err, &d);
	if ((f = fopen(o->out, "wb")) == NULL ||
	    fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "plenum scan: cannot write \"%s\": %s\n",
			o->out, strerror(errno));
		free(data);
		return PLENUM_EXIT_INPUT;
	}
	free(data);
	printf("wrote %s: %zu bytes\n", o->out, len);
	return PLENUM_EXIT_OK;
}

static int
scan_layouts(struct plenum_assembly *a, int64_t election)
{
	struct plenum_diag d = { 0 };
	enum plenum_err err;
	char *text = NULL;
	json_t *j;

	if ((err = plenum_scans_layouts(a, election, 0, NULL, &text, &d)))
		return fail("layouts", err, &d);
	j = json_loads(text, 0, NULL);
	free(text);
	return plenum_cmd_print_json("scan", j);
}

/* ---- the command ---- */

static int
parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 1)
		return -1;
	*out = v;
	return 0;
}

int
plenum_cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key", required_argument, NULL, 'k' },
		{ "actor", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "page", required_argument, NULL, 'p' },
		{ "teller", required_argument, NULL, 't' },
		{ "scrutineer", required_argument, NULL, 's' },
		{ "line", required_argument, NULL, 'l' },
		{ "not-a-ballot", no_argument, NULL, 'x' },
		{ "note", required_argument, NULL, 'n' },
		{ "queue", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_opts o;
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	const char *verb;
	enum plenum_err err = PLENUM_OK;
	int64_t election, n = 0, batch, count;
	int opt, status, writes, nargs;
	char *end;

	memset(&o, 0, sizeof(o));
	plenum_cmd_target_defaults(&o.t);
	o.page = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			o.t.db = optarg;
			break;
		case 'k':
			o.t.key = optarg;
			break;
		case 'a':
			o.t.actor = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'p':
			o.page = strtol(optarg, &end, 10);
			if (*end != '\0' || o.page < 1 ||
			    o.page > PLENUM_SCANS_MAX_PAGES)
				return die_usage();
			break;
		case 't':
			o.teller = optarg;
			break;
		case 's':
			o.scrutineer = optarg;
			break;
		case 'l':
			o.line = optarg;
			break;
		case 'x':
			o.not_a_ballot = 1;
			break;
		case 'n':
			o.note = optarg;
			break;
		case 'q':
			o.queue = 1;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'h':
			return plenum_cmd_help(2, (char *[]){ "help", "scan" });
		default:
			return die_usage();
		}
	}
	nargs = argc - optind;
	if (nargs < 2 || parse_id(argv[optind + 1], &election) != 0)
		return die_usage();
	verb = argv[optind];
	if (strcmp(verb, "read") == 0) {
		if (nargs < 3)
			return die_usage();
	} else if (strcmp(verb, "list") == 0 || strcmp(verb, "enter") == 0 ||
		   strcmp(verb, "layouts") == 0) {
		if (nargs != 2)
			return die_usage();
	} else if (strcmp(verb, "show") == 0 || strcmp(verb, "image") == 0 ||
		   strcmp(verb, "decide") == 0 ||
		   strcmp(verb, "confirm") == 0) {
		if (nargs != 3 || parse_id(argv[optind + 2], &n) != 0)
			return die_usage();
		if (verb[0] == 'i' && o.out == NULL)
			return die_usage();
		if (verb[0] == 'd' &&
		    (o.teller == NULL || (o.line == NULL) == !o.not_a_ballot))
			return die_usage();
		if (verb[0] == 'c' && o.scrutineer == NULL)
			return die_usage();
	} else {
		return die_usage();
	}
	writes = strcmp(verb, "read") == 0 || strcmp(verb, "decide") == 0 ||
		 strcmp(verb, "confirm") == 0 || strcmp(verb, "enter") == 0;
	plenum_cmd_target_key(&o.t);
	if ((err = plenum_assembly_open(o.t.db, writes ? o.t.key : NULL,
					writes ? 0 : PLENUM_ASSEMBLY_READONLY,
					&a, &d)))
		return fail(o.t.db, err, &d);
	switch (verb[0] == 'c'		       ? 'C'
		: strcmp(verb, "layouts") == 0 ? 'L'
					       : verb[0]) {
	case 'L':
		status = scan_layouts(a, election);
		break;
	case 'r':
		status = scan_read(a, election, argv + optind + 2,
				   (size_t)(nargs - 2), &o);
		break;
	case 'l':
		status = scan_list(a, election, &o);
		break;
	case 's':
		status = scan_show(a, election, n, &o);
		break;
	case 'i':
		status = scan_image(a, election, n, &o);
		break;
	case 'd':
		err = plenum_scans_decide(a, election, n, o.teller,
					  o.not_a_ballot ? NULL : o.line,
					  o.note, o.t.actor, &d);
		status = err ? fail("decide", err, &d) : PLENUM_EXIT_OK;
		if (!err)
			printf("scanned ballot %" PRId64 ": %s, decided by %s; "
			       "a scrutineer confirms it\n",
			       n, o.not_a_ballot ? "not a ballot" : o.line,
			       o.teller);
		break;
	case 'C':
		err = plenum_scans_confirm(a, election, n, o.scrutineer,
					   o.t.actor, &d);
		status = err ? fail("confirm", err, &d) : PLENUM_EXIT_OK;
		if (!err)
			printf("scanned ballot %" PRId64 ": confirmed by %s\n",
			       n, o.scrutineer);
		break;
	default: /* enter */
		err = plenum_scans_enter(a, election, o.t.actor, &batch, &count,
					 &d);
		status = err ? fail("enter", err, &d) : PLENUM_EXIT_OK;
		if (!err && count == 0)
			printf("election %" PRId64 ": no scanned ballots to "
			       "enter\n",
			       election);
		else if (!err)
			printf("election %" PRId64 ": %" PRId64 " scanned "
			       "ballots entered, up to batch %" PRId64 "\n",
			       election, count, batch);
	}
	plenum_assembly_close(a);
	return status;
}
