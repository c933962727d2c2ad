/*
 * err.c: error strings and diagnostics.
 *
 * Invariant: a diagnostic message is always NUL-terminated and truncated, never
 * overrun, whatever the formatted arguments hold.
 */
#include "err.h"

#include <stdio.h>

const char *
plenum_err_str(enum plenum_err err)
{
	switch (err) {
	case PLENUM_OK:
		return "success";
	case PLENUM_ENOMEM:
		return "out of memory";
	case PLENUM_EIO:
		return "input/output error";
	case PLENUM_ESYNTAX:
		return "malformed input";
	case PLENUM_EINPUT:
		return "inconsistent input";
	case PLENUM_ELIMIT:
		return "input exceeds a size limit";
	case PLENUM_EINTERNAL:
		return "internal error";
	case PLENUM_EDB:
		return "database error";
	case PLENUM_EREADONLY:
		return "the database is read-only";
	case PLENUM_EFULL:
		return "the disk is full";
	case PLENUM_EBUSY:
		return "the database is busy";
	case PLENUM_ECONFLICT:
		return "the change conflicts with what is stored";
	}
	return "unknown error";
}

enum plenum_err
plenum_diag_setv(struct plenum_diag *diag, enum plenum_err err,
		 unsigned long line, unsigned long column, const char *fmt,
		 va_list ap)
{
	if (diag == NULL)
		return err;
	diag->line = line;
	diag->column = column;
	vsnprintf(diag->message, sizeof(diag->message), fmt, ap);
	return err;
}

enum plenum_err
plenum_diag_set(struct plenum_diag *diag, enum plenum_err err,
		unsigned long line, unsigned long column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err = plenum_diag_setv(diag, err, line, column, fmt, ap);
	va_end(ap);
	return err;
}
