/*
 * buf.h: a growable byte buffer with a hard cap (after curl's dynbuf).
 *
 * Every buffer that grows from input has a cap: appending past it fails with
 * PLENUM_ELIMIT instead of exhausting memory.  The contents are always
 * NUL-terminated once anything was appended, so data can be used as a C
 * string when the appended bytes hold no NUL.
 */
#ifndef PLENUM_BUF_H
#define PLENUM_BUF_H

#include <stddef.h>

#include "err.h"

struct plenum_buf {
	char *data; /* NULL until the first append; owned by the buffer */
	size_t len;
	size_t alloc;
	size_t cap; /* the most bytes len may reach */
};

/* Initialises an empty buffer that may grow to cap bytes. */
void plenum_buf_init(struct plenum_buf *b, size_t cap);

/* Releases the storage; the buffer may be used again after init.  NULL ok. */
void plenum_buf_release(struct plenum_buf *b);

/* Empties the buffer but keeps its storage. */
void plenum_buf_reset(struct plenum_buf *b);

/* Appends n bytes.  Returns PLENUM_OK, PLENUM_ENOMEM or PLENUM_ELIMIT; on
 * failure the buffer is unchanged. */
enum plenum_err plenum_buf_add(struct plenum_buf *b, const void *p, size_t n);

/* Appends one byte. */
enum plenum_err plenum_buf_addc(struct plenum_buf *b, char c);

/* Appends a NUL-terminated string. */
enum plenum_err plenum_buf_adds(struct plenum_buf *b, const char *s);

/* Appends printf-style formatted text. */
enum plenum_err plenum_buf_addf(struct plenum_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Hands the storage to the caller, who must free() it, and empties the
 * buffer.  Returns an empty allocated string when nothing was appended, or
 * NULL when that allocation fails. */
char *plenum_buf_detach(struct plenum_buf *b);

/* Returns the contents as a C string, "" when empty; borrowed. */
const char *plenum_buf_str(const struct plenum_buf *b);

#endif
