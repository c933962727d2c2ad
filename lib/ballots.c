/*
 * ballots.c: the two streaming ballot readers.
 *
 * Invariants: a ballot reaches the counter only when fully read; every error
 * carries the position of the ballot (or field) at fault; buffers are capped
 * (PLENUM_BALLOTS_MAX_LINE, PLENUM_MAX_BALLOT_WRITE_INS write-ins), so memory
 * does not grow with the input.
 */
#include "ballots.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "names.h"

/* ---- write-ins and defects shared by both forms ---- */

struct entry {
	struct plenum_ballot ballot;
	struct plenum_write_in wi[PLENUM_MAX_BALLOT_WRITE_INS];
	char *names[PLENUM_MAX_BALLOT_WRITE_INS]; /* owned */
	size_t nnames;
};

static void
entry_reset(struct entry *en)
{
	size_t i;

	for (i = 0; i < en->nnames; i++)
		free(en->names[i]);
	en->nnames = 0;
	memset(&en->ballot, 0, sizeof(en->ballot));
	en->ballot.write_ins = en->wi;
}

/* Adds a write-in; name is normalised.  Returns PLENUM_OK, PLENUM_EINPUT with
 * a message, PLENUM_ELIMIT or PLENUM_ENOMEM. */
static enum plenum_err
entry_write_in(struct entry *en, const char *name, size_t len, char mark,
	       struct plenum_diag *diag)
{
	enum plenum_err err;
	char *nfc;

	if (en->nnames == PLENUM_MAX_BALLOT_WRITE_INS)
		return plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				       "more than %d write-ins on one ballot",
				       PLENUM_MAX_BALLOT_WRITE_INS);
	if (mark != 'Y' && mark != '-')
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "write-in mark must be \"Y\" or \"-\"");
	err = plenum_names_nfc(name, len, &nfc);
	if (err == PLENUM_ENOMEM)
		return err;
	if (err != PLENUM_OK)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "write-in name is not valid UTF-8 or "
				       "is too long");
	if (nfc[0] == '\0') {
		free(nfc);
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "write-in name is empty");
	}
	en->names[en->nnames] = nfc;
	en->wi[en->nnames].name = nfc;
	en->wi[en->nnames].mark = mark;
	en->nnames++;
	en->ballot.nwrite_ins = en->nnames;
	return PLENUM_OK;
}

static enum plenum_err
entry_defect(struct entry *en, const char *word, struct plenum_diag *diag)
{
	unsigned bit = plenum_defect_parse(word);

	if (bit == 0)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
				       "unknown defect \"%.64s\" (expected "
				       "unofficial, identifying, extra_marks, "
				       "torn or folded)",
				       word);
	en->ballot.defects |= bit;
	return PLENUM_OK;
}

/* ---- the JSON array ---- */

struct jreader {
	struct plenum_json *json;
	struct plenum_diag *diag;
	struct entry *en;
	struct plenum_buf marks;
};

static enum plenum_err
jnext(struct jreader *r, struct plenum_json_token *t)
{
	enum plenum_err err = plenum_json_next(r->json, t);
	unsigned long line = 0, col = 0;
	const char *msg;

	if (err == PLENUM_OK || err == PLENUM_ENOMEM)
		return err;
	msg = plenum_json_error(r->json, &line, &col);
	return plenum_diag_set(r->diag, err, line, col, "%s", msg);
}

static enum plenum_err
jfail(struct jreader *r, const struct plenum_json_token *t, const char *msg)
{
	return plenum_diag_set(r->diag, PLENUM_EINPUT, t->line, t->column, "%s",
			       msg);
}

static enum plenum_err
read_write_ins(struct jreader *r)
{
	struct plenum_json_token t;
	enum plenum_err err;

	if ((err = jnext(r, &t)) != PLENUM_OK)
		return err;
	if (t.type != PLENUM_JSON_ARRAY_BEGIN)
		return jfail(r, &t, "\"write_ins\": expected an array");
	for (;;) {
		char *name = NULL, mark = 0;
		struct plenum_json_token at;

		if ((err = jnext(r, &at)) != PLENUM_OK)
			return err;
		if (at.type == PLENUM_JSON_ARRAY_END)
			return PLENUM_OK;
		if (at.type != PLENUM_JSON_OBJECT_BEGIN)
			return jfail(r, &at,
				     "\"write_ins[]\": expected an object "
				     "with \"name\" and \"mark\"");
		for (;;) {
			if ((err = jnext(r, &t)) != PLENUM_OK)
				goto fail_wi;
			if (t.type == PLENUM_JSON_OBJECT_END)
				break;
			if (strcmp(t.text, "name") == 0 && name == NULL) {
				if ((err = jnext(r, &t)) != PLENUM_OK)
					goto fail_wi;
				if (t.type != PLENUM_JSON_STRING) {
					err = jfail(r, &t,
						    "\"write_ins[].name\": "
						    "expected a string");
					goto fail_wi;
				}
				if ((name = strdup(t.text)) == NULL) {
					err = PLENUM_ENOMEM;
					goto fail_wi;
				}
			} else if (strcmp(t.text, "mark") == 0 && mark == 0) {
				if ((err = jnext(r, &t)) != PLENUM_OK)
					goto fail_wi;
				if (t.type != PLENUM_JSON_STRING ||
				    t.len != 1 ||
				    (t.text[0] != 'Y' && t.text[0] != '-')) {
					err = jfail(r, &t,
						    "\"write_ins[].mark\": "
						    "expected \"Y\" or \"-\"");
					goto fail_wi;
				}
				mark = t.text[0];
			} else {
				err = plenum_diag_set(
					r->diag, PLENUM_EINPUT, t.line,
					t.column,
					"unknown or duplicate field \"%.64s\" "
					"in \"write_ins[]\"",
					t.text);
				goto fail_wi;
			}
		}
		if (name == NULL || mark == 0) {
			err = jfail(r, &at,
				    "\"write_ins[]\": needs \"name\" and "
				    "\"mark\"");
			goto fail_wi;
		}
		err = entry_write_in(r->en, name, strlen(name), mark, r->diag);
		if (err == PLENUM_EINPUT || err == PLENUM_ELIMIT) {
			r->diag->line = at.line;
			r->diag->column = at.column;
		}
	fail_wi:
		free(name);
		if (err != PLENUM_OK)
			return err;
	}
}

static enum plenum_err
read_defects(struct jreader *r)
{
	struct plenum_json_token t;
	enum plenum_err err;

	if ((err = jnext(r, &t)) != PLENUM_OK)
		return err;
	if (t.type != PLENUM_JSON_ARRAY_BEGIN)
		return jfail(r, &t, "\"defects\": expected an array");
	for (;;) {
		if ((err = jnext(r, &t)) != PLENUM_OK)
			return err;
		if (t.type == PLENUM_JSON_ARRAY_END)
			return PLENUM_OK;
		if (t.type != PLENUM_JSON_STRING)
			return jfail(r, &t, "\"defects[]\": expected a string");
		if ((err = entry_defect(r->en, t.text, r->diag)) != PLENUM_OK) {
			r->diag->line = t.line;
			r->diag->column = t.column;
			return err;
		}
	}
}

/* Reads an object ballot after its '{'. */
static enum plenum_err
read_object(struct jreader *r, const struct plenum_json_token *open)
{
	struct plenum_json_token t;
	bool have_marks = false, have_wi = false, have_def = false;
	enum plenum_err err;

	for (;;) {
		if ((err = jnext(r, &t)) != PLENUM_OK)
			return err;
		if (t.type == PLENUM_JSON_OBJECT_END)
			break;
		if (strcmp(t.text, "marks") == 0 && !have_marks) {
			have_marks = true;
			if ((err = jnext(r, &t)) != PLENUM_OK)
				return err;
			if (t.type != PLENUM_JSON_STRING)
				return jfail(r, &t,
					     "\"marks\": expected a string");
			plenum_buf_reset(&r->marks);
			if ((err = plenum_buf_add(&r->marks, t.text, t.len)))
				return err == PLENUM_ELIMIT
					       ? jfail(r, &t,
						       "\"marks\": too long")
					       : err;
		} else if (strcmp(t.text, "write_ins") == 0 && !have_wi) {
			have_wi = true;
			if ((err = read_write_ins(r)) != PLENUM_OK)
				return err;
		} else if (strcmp(t.text, "defects") == 0 && !have_def) {
			have_def = true;
			if ((err = read_defects(r)) != PLENUM_OK)
				return err;
		} else if (strcmp(t.text, "x") == 0) {
			if ((err = jnext(r, &t)) != PLENUM_OK)
				return err;
			if ((err = plenum_json_skip(r->json, &t)) != PLENUM_OK)
				return jnext(r, &t); /* reports the error */
		} else {
			return plenum_diag_set(r->diag, PLENUM_EINPUT, t.line,
					       t.column,
					       "unknown or duplicate field "
					       "\"%.64s\" in a ballot",
					       t.text);
		}
	}
	if (!have_marks)
		return jfail(r, open, "ballot object needs \"marks\"");
	r->en->ballot.marks = plenum_buf_str(&r->marks);
	r->en->ballot.len = r->marks.len;
	return PLENUM_OK;
}

enum plenum_err
plenum_ballots_read_json(struct plenum_counter *counter,
			 const struct plenum_json_source *src, uint64_t offset,
			 struct plenum_pos pos, struct plenum_diag *diag)
{
	struct jreader r;
	struct plenum_json_token t;
	struct entry *en = NULL;
	enum plenum_err err;
	size_t n = 0;

	memset(&r, 0, sizeof(r));
	r.diag = diag;
	plenum_buf_init(&r.marks, PLENUM_BALLOTS_MAX_LINE);
	en = calloc(1, sizeof(*en));
	r.json = plenum_json_new(src, 1, pos.line, pos.column, offset);
	if (en == NULL || r.json == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	r.en = en;
	if ((err = jnext(&r, &t)) != PLENUM_OK)
		goto out;
	if (t.type != PLENUM_JSON_ARRAY_BEGIN) {
		err = jfail(&r, &t, "\"ballots\": expected an array");
		goto out;
	}
	for (;;) {
		struct plenum_json_token first;

		entry_reset(en);
		if ((err = jnext(&r, &first)) != PLENUM_OK)
			goto out;
		if (first.type == PLENUM_JSON_ARRAY_END)
			break;
		n++;
		if (first.type == PLENUM_JSON_STRING) {
			en->ballot.marks = first.text;
			en->ballot.len = first.len;
		} else if (first.type == PLENUM_JSON_OBJECT_BEGIN) {
			if ((err = read_object(&r, &first)) != PLENUM_OK)
				goto out;
		} else {
			err = jfail(&r, &first,
				    "ballot: expected a marks string or an "
				    "object with \"marks\"");
			goto out;
		}
		err = plenum_counter_add(counter, &en->ballot, NULL, diag);
		if (err != PLENUM_OK) {
			if (diag != NULL && diag->line == 0) {
				char msg[sizeof(diag->message)];

				memcpy(msg, diag->message, sizeof(msg));
				plenum_diag_set(diag, err, first.line,
						first.column,
						"ballots[%zu]: %s", n - 1, msg);
			}
			goto out;
		}
	}
	err = PLENUM_OK;
out:
	if (en != NULL)
		entry_reset(en);
	free(en);
	plenum_json_free(r.json);
	plenum_buf_release(&r.marks);
	return err;
}

/* ---- the compact file ---- */

/* Parses one line (without its newline) into en.  col_out: column of the
 * field at fault. */
static enum plenum_err
parse_line(struct entry *en, char *line, size_t len, unsigned long *col_out,
	   struct plenum_diag *diag)
{
	char *tab = memchr(line, '\t', len), *end = line + len, *f;
	enum plenum_err err;

	en->ballot.marks = line;
	en->ballot.len = tab ? (size_t)(tab - line) : len;
	if (tab == NULL)
		return PLENUM_OK;
	for (f = tab + 1; f <= end;) {
		char *fe = memchr(f, '\t', (size_t)(end - f));

		if (fe == NULL)
			fe = end;
		*col_out = (unsigned long)(f - line) + 1;
		if (fe - f >= 4 && f[0] == 'w' && f[1] == ':' && f[3] == ':') {
			err = entry_write_in(en, f + 4, (size_t)(fe - f - 4),
					     f[2], diag);
		} else if (fe - f >= 2 && f[0] == 'd' && f[1] == ':') {
			char word[32];
			size_t n = (size_t)(fe - f - 2);

			if (n >= sizeof(word))
				n = sizeof(word) - 1;
			memcpy(word, f + 2, n);
			word[n] = '\0';
			err = entry_defect(en, word, diag);
		} else {
			err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0,
					      "field must be \"w:Y:name\", "
					      "\"w:-:name\" or \"d:defect\"");
		}
		if (err != PLENUM_OK)
			return err;
		f = fe + 1;
	}
	return PLENUM_OK;
}

#define CHUNK (1u << 20)

enum plenum_err
plenum_ballots_read_lines(struct plenum_counter *counter,
			  const struct plenum_json_source *src,
			  struct plenum_diag *diag)
{
	char *buf = NULL;
	struct entry *en = NULL;
	size_t have = 0, start, size = CHUNK + PLENUM_BALLOTS_MAX_LINE + 2;
	unsigned long lineno = 0, col;
	bool eof = false, header = false;
	enum plenum_err err = PLENUM_OK;
	long got;

	buf = malloc(size);
	en = calloc(1, sizeof(*en));
	if (buf == NULL || en == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	while (!eof || have > 0) {
		char *nl;

		if (!eof && have < size - 1) {
			got = src->read(src->ctx, buf + have,
					size - 1 - have < CHUNK
						? size - 1 - have
						: CHUNK);
			if (got < 0) {
				err = plenum_diag_set(diag, PLENUM_EIO,
						      lineno + 1, 0,
						      "read error");
				goto out;
			}
			if (got == 0)
				eof = true;
			have += (size_t)got;
			if (!eof && have < size - 1 &&
			    memchr(buf, '\n', have) == NULL)
				continue;
		}
		start = 0;
		for (;;) {
			size_t len;

			nl = memchr(buf + start, '\n', have - start);
			if (nl == NULL) {
				if (!eof || start == have)
					break;
				nl = buf + have; /* a last line without '\n' */
			}
			len = (size_t)(nl - (buf + start));
			lineno++;
			if (len > PLENUM_BALLOTS_MAX_LINE) {
				err = plenum_diag_set(
					diag, PLENUM_ELIMIT, lineno, 1,
					"line longer than %d bytes",
					PLENUM_BALLOTS_MAX_LINE);
				goto out;
			}
			if (len > 0 && buf[start + len - 1] == '\r')
				len--;
			/* no NUL is written: storing right before the scan of
			 * the same bytes stalls it, and lengths are known */
			if (!header) {
				if (len != strlen(PLENUM_BALLOTS_HEADER) ||
				    memcmp(buf + start, PLENUM_BALLOTS_HEADER,
					   len) != 0) {
					err = plenum_diag_set(
						diag, PLENUM_ESYNTAX, lineno, 1,
						"first line must be \"%s\"",
						PLENUM_BALLOTS_HEADER);
					goto out;
				}
				header = true;
			} else if (len > 0 && buf[start] == '#') {
				/* a comment */
			} else if (len == 0) {
				err = plenum_diag_set(
					diag, PLENUM_EINPUT, lineno, 1,
					"empty line: a ballot needs its marks");
				goto out;
			} else {
				entry_reset(en);
				col = 1;
				err = parse_line(en, buf + start, len, &col,
						 diag);
				if (err == PLENUM_OK)
					err = plenum_counter_add(counter,
								 &en->ballot,
								 NULL, diag);
				if (err != PLENUM_OK) {
					if (diag != NULL) {
						diag->line = lineno;
						diag->column = col;
					}
					goto out;
				}
			}
			start = (size_t)(nl - buf) + 1;
			if (start > have)
				start = have;
		}
		if (start == 0 && have >= size - 1) {
			err = plenum_diag_set(diag, PLENUM_ELIMIT, lineno + 1,
					      1, "line longer than %d bytes",
					      PLENUM_BALLOTS_MAX_LINE);
			goto out;
		}
		memmove(buf, buf + start, have - start);
		have -= start;
		if (eof && have == 0)
			break;
	}
	if (!header)
		err = plenum_diag_set(diag, PLENUM_ESYNTAX, 1, 1,
				      "empty ballot file: the first line must "
				      "be \"%s\"",
				      PLENUM_BALLOTS_HEADER);
out:
	if (en != NULL)
		entry_reset(en);
	free(en);
	free(buf);
	return err;
}
