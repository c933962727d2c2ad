/*
 * err.h: the one error convention of the plenum library.
 *
 * Every fallible library function returns an enum plenum_err, PLENUM_OK (0)
 * on success.  The library never prints and never exits; where a caller needs
 * a message with a position it passes a struct plenum_diag, which the failing
 * function fills in.
 */
#ifndef PLENUM_ERR_H
#define PLENUM_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum plenum_err {
	PLENUM_OK = 0,
	PLENUM_ENOMEM,	/* an allocation failed */
	PLENUM_EIO,	/* the caller's reader or writer failed */
	PLENUM_ESYNTAX, /* input is not well formed (JSON, ballot line, .mo) */
	PLENUM_EINPUT,	/* well formed, but inconsistent or out of range */
	PLENUM_ELIMIT,	/* a size cap was exceeded */
	PLENUM_EINTERNAL, /* a broken invariant: a bug in plenum */
	PLENUM_EDB,	  /* the database failed; the diagnostic says how */
	PLENUM_EREADONLY, /* the database cannot be written */
	PLENUM_EFULL,	  /* the disk (or quota) is full */
	PLENUM_EBUSY,	  /* another writer held the lock too long */
	PLENUM_ECONFLICT  /* a constraint refused the change */
};

/* Returns a static, lower-case description of err; never NULL. */
const char *plenum_err_str(enum plenum_err err);

/*
 * Where and why input was rejected.  file is borrowed from the caller and
 * may be NULL; line and column are 1-based, 0 when unknown.
 */
struct plenum_diag {
	const char *file;
	unsigned long line;
	unsigned long column;
	char message[512];
};

/*
 * Fills diag (which may be NULL) with a position and a printf-style message,
 * then returns err, so that callers can write
 *	return plenum_diag_set(diag, PLENUM_EINPUT, line, col, "...", ...);
 */
enum plenum_err plenum_diag_set(struct plenum_diag *diag, enum plenum_err err,
				unsigned long line, unsigned long column,
				const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* As plenum_diag_set(), with a va_list. */
enum plenum_err plenum_diag_setv(struct plenum_diag *diag, enum plenum_err err,
				 unsigned long line, unsigned long column,
				 const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

#endif
