/*
 * store_support.h: what the store tests share: a fresh place for an
 * assembly on the backend under test (a SQLite file in a temporary folder,
 * or a new PostgreSQL schema named in the URL), a test clock, the rolls of
 * tests/unit/data, and a congress made from one of them.
 */
#ifndef PLENUM_STORE_SUPPORT_H
#define PLENUM_STORE_SUPPORT_H

#include <stdint.h>

#include "assembly.h"

struct fresh {
	char url[4096];
	char key[4096];
	char schema[64];
};

/* The backend URL (a SQLite prefix or a postgresql:// URL) and the data
 * folder, from argv; tag names the temporary folder and schemas.  Returns
 * 0, or -1 when the temporary folder cannot be made. */
int store_support_init(const char *url, const char *data_dir, const char *tag);

/* Removes a directory tree (no symbolic links followed). */
void store_support_rm_tree(const char *top);

/* Removes the temporary folder. */
void store_support_cleanup(void);

/* Whether the backend is PostgreSQL, and its URL. */
int store_support_pg(void);
const char *store_support_url(void);

/* The temporary folder. */
const char *store_support_dir(void);

/* A new, empty place for an assembly and its key. */
void store_support_fresh(struct fresh *f);

/* A clock that moves 1 ms a call, from *(int64_t *)ctx. */
int64_t store_support_ticking(void *ctx);

/* A roll of tests/unit/data, parsed (fails the test on error). */
struct plenum_roll *store_support_load_roll(const char *file);

/* A new assembly in a fresh place with that roll imported, open. */
struct plenum_assembly *store_support_congress(struct fresh *f,
					       const char *preset,
					       const char *roll_file,
					       int64_t *clock);

#endif
