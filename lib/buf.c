/*
 * buf.c: capped growable buffer.
 *
 * Invariants: len <= cap; when data != NULL, data[len] == '\0' and
 * alloc > len.  A failed append leaves the buffer as it was.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
plenum_buf_init(struct plenum_buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void
plenum_buf_release(struct plenum_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
}

void
plenum_buf_reset(struct plenum_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static enum plenum_err
grow(struct plenum_buf *b, size_t n)
{
	size_t need, alloc;
	char *p;

	if (n > b->cap - b->len)
		return PLENUM_ELIMIT;
	need = b->len + n + 1;
	if (need <= b->alloc)
		return PLENUM_OK;
	alloc = b->alloc ? b->alloc : 64;
	while (alloc < need)
		alloc = alloc > ((size_t)-1) / 2 ? need : alloc * 2;
	p = realloc(b->data, alloc);
	if (p == NULL)
		return PLENUM_ENOMEM;
	b->data = p;
	b->alloc = alloc;
	return PLENUM_OK;
}

enum plenum_err
plenum_buf_add(struct plenum_buf *b, const void *p, size_t n)
{
	enum plenum_err err = grow(b, n);

	if (err != PLENUM_OK)
		return err;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return PLENUM_OK;
}

enum plenum_err
plenum_buf_addc(struct plenum_buf *b, char c)
{
	return plenum_buf_add(b, &c, 1);
}

enum plenum_err
plenum_buf_adds(struct plenum_buf *b, const char *s)
{
	return plenum_buf_add(b, s, strlen(s));
}

enum plenum_err
plenum_buf_addf(struct plenum_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	enum plenum_err err;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return PLENUM_EINTERNAL;
	err = grow(b, (size_t)n);
	if (err != PLENUM_OK)
		return err;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return PLENUM_OK;
}

char *
plenum_buf_detach(struct plenum_buf *b)
{
	char *p = b->data;

	if (p == NULL)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	return p;
}

const char *
plenum_buf_str(const struct plenum_buf *b)
{
	return b->data != NULL ? b->data : "";
}
