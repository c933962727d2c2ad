/*
 * fuzz_mem.h: the in-memory byte source the harnesses feed the library
 * with.  Reads come in odd sizes (1 to modulus bytes, by position) so that
 * every refill path of the readers is exercised.
 */
#ifndef PLENUM_FUZZ_MEM_H
#define PLENUM_FUZZ_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fuzz_mem {
	const uint8_t *data;
	size_t len, pos, modulus;
};

static inline long
fuzz_mem_read(void *ctx, char *buf, size_t n)
{
	struct fuzz_mem *m = ctx;

	if (n > 1 + m->pos % m->modulus)
		n = 1 + m->pos % m->modulus;
	if (n > m->len - m->pos)
		n = m->len - m->pos;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (long)n;
}

#endif
