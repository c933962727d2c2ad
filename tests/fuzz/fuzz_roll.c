/*
 * fuzz_roll.c: libFuzzer harness for the roll parser (roll.c).
 *
 * The whole input is the file.  Every run checks what the header promises:
 * a roll comes only with PLENUM_OK, and then every problem is a warning;
 * otherwise there is at least one error, and the verdict is the worst
 * class listed.  Members have non-empty, valid UTF-8 ids and names, unique
 * ids, lines in file order, statuses in range, and the counts add up.  The
 * problems are sorted and their strings terminated.  A second parse without
 * a problem list must give the same verdict and flags.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "roll.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
utf8_valid(const char *p)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, k, len;
	uint32_t cp;

	while (s[i] != '\0') {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			len = 2, cp = s[i] & 0x1f;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			len = 3, cp = s[i] & 0x0f;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			len = 4, cp = s[i] & 0x07;
		else
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += len;
	}
	return 1;
}

static void
check_string(const char *s, int may_be_empty)
{
	if (s == NULL || !utf8_valid(s) || (!may_be_empty && *s == '\0'))
		abort();
}

static int
rank(enum plenum_err err)
{
	return err == PLENUM_ELIMIT    ? 3
	       : err == PLENUM_ESYNTAX ? 2
	       : err == PLENUM_EINPUT  ? 1
				       : 0;
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
walk(const struct plenum_roll *roll)
{
	struct plenum_roll_counts c, sum;
	const struct plenum_roll_member *m;
	size_t i, j, n = plenum_roll_count(roll), nx;
	const char **ids;
	unsigned long line = 0;

	nx = plenum_roll_extra_count(roll);
	for (j = 0; j < nx; j++)
		check_string(plenum_roll_extra_name(roll, j), 0);
	if (plenum_roll_extra_name(roll, nx) != NULL)
		abort();
	if (n == 0 || plenum_roll_member(roll, n) != NULL)
		abort();
	ids = malloc(n * sizeof(*ids));
	if (ids == NULL)
		return;
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < n; i++) {
		m = plenum_roll_member(roll, i);
		check_string(m->id, 0);
		check_string(m->name, 0);
		check_string(m->unit, 1);
		check_string(m->delegation, 1);
		if (m->exclusion != NULL)
			check_string(m->exclusion, 0);
		if ((nx == 0) != (m->extra == NULL))
			abort();
		for (j = 0; j < nx; j++)
			check_string(m->extra[j], 1);
		if (m->line <= line)
			abort();
		line = m->line;
		ids[i] = m->id;
		sum.members++;
		switch (m->status) {
		case PLENUM_ROLL_FULL:
			sum.full++;
			break;
		case PLENUM_ROLL_PROBATIONARY:
			sum.probationary++;
			break;
		case PLENUM_ROLL_NON_VOTING:
			sum.non_voting++;
			break;
		case PLENUM_ROLL_GUEST:
			sum.guests++;
			break;
		default:
			abort();
		}
		if (strcmp(plenum_roll_status_word(m->status), "unknown") == 0)
			abort();
		if (m->exclusion != NULL) {
			sum.excluded++;
			if (m->status == PLENUM_ROLL_FULL)
				sum.full_excluded++;
		}
	}
	sum.base = sum.full - sum.full_excluded;
	plenum_roll_counts(roll, &c);
	if (memcmp(&c, &sum, sizeof(c)) != 0)
		abort();
	/* Ids are unique even byte for byte. */
	qsort(ids, n, sizeof(*ids), by_string);
	for (i = 1; i < n; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			abort();
	free(ids);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plenum_roll *roll = NULL, *again = NULL;
	struct plenum_roll_problem *pr = NULL;
	enum plenum_err err, err2;
	unsigned flags = 0, flags2 = 0;
	size_t np = 0, i, nerr = 0;
	int worst = 0;

	err = plenum_roll_parse(data, size, &roll, &pr, &np, &flags);
	if (err == PLENUM_ENOMEM)
		return 0;
	if ((np == 0) != (pr == NULL))
		abort();
	for (i = 0; i < np; i++) {
		const struct plenum_roll_problem *p = &pr[i];

		if (memchr(p->message, '\0', sizeof(p->message)) == NULL ||
		    memchr(p->field, '\0', sizeof(p->field)) == NULL ||
		    p->message[0] == '\0')
			abort();
		check_string(p->message, 0);
		check_string(p->field, 1);
		/* Sorted by position, but for a final note at line 0. */
		if (i > 0 && p->line != 0 &&
		    (p->line < pr[i - 1].line ||
		     (p->line == pr[i - 1].line &&
		      p->column < pr[i - 1].column)))
			abort();
		if (p->err != PLENUM_OK) {
			nerr++;
			if (rank(p->err) > worst)
				worst = rank(p->err);
		}
	}
	if (err == PLENUM_OK) {
		if (roll == NULL || nerr != 0)
			abort();
		walk(roll);
	} else {
		if (roll != NULL || nerr == 0 || rank(err) != worst)
			abort();
	}
	if ((flags & PLENUM_ROLL_CONVERTED_GB18030) &&
	    (flags & PLENUM_ROLL_HAD_BOM))
		abort();

	err2 = plenum_roll_parse(data, size, &again, NULL, NULL, &flags2);
	if (err2 != PLENUM_ENOMEM && (err2 != err || flags2 != flags))
		abort();
	plenum_roll_free(again);
	plenum_roll_problems_free(pr);
	plenum_roll_free(roll);
	return 0;
}
