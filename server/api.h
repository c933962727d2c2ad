/*
 * api.h: the JSON API of plenum serve over an assembly (docs/api.md).
 *
 * Every route names the roles that may use it; a request without a
 * session gets 401, one from another role 403, and every POST but the
 * sign-in needs the session's CSRF token in X-Plenum-CSRF.  Changes go
 * through the same store operations as the plenum subcommands, each one
 * transaction of the assembly's log, with the account as the actor.
 * Delegates' votes are queued and written together, many in one
 * transaction (group commit), by one writer thread.
 */
#ifndef PLENUM_API_H
#define PLENUM_API_H

#include "err.h"
#include "http.h"

struct plenum_api;

/* How the API is set up.  Strings are borrowed for the call. */
struct plenum_api_config {
	const char *db_url;
	const char *key_path;	/* NULL: the assembly opens read-only (503 on
				   every change) */
	int secure_cookies;	/* add Secure to the session cookie */
	unsigned session_hours; /* 0: 12 */
};

/*
 * Opens the assembly (and, for the live stream, a second connection) and
 * registers every route on h.  Returns PLENUM_OK or the assembly's error,
 * with diag; *out is for plenum_api_free().
 */
enum plenum_err plenum_api_new(struct plenum_http *h,
			       const struct plenum_api_config *cfg,
			       struct plenum_api **out,
			       struct plenum_diag *diag);

/*
 * Starts the threads: the vote writer, and the watcher that publishes
 * "head" on /api/live when the log grows — at once for changes made
 * through this instance, on NOTIFY from PostgreSQL for those of other
 * instances, and otherwise by looking every interval_ms (SQLite: the
 * plenum command writing beside the server).  Returns PLENUM_OK or
 * PLENUM_EINTERNAL.
 */
enum plenum_err plenum_api_start(struct plenum_api *api, unsigned interval_ms);

/* Stops the threads (votes still queued are written first; later ones get
 * 503).  Call it before plenum_http_free(), since the watcher publishes
 * to the http server.  NULL and a second call are no-ops. */
void plenum_api_stop(struct plenum_api *api);

/* Stops the threads if running and closes the assembly.  NULL is a no-op.
 * Free the http server first, so that no handler runs during this. */
void plenum_api_free(struct plenum_api *api);

/* One route as documented: method, path pattern, and the roles allowed as
 * a comma-separated list ("" for anyone, signed in or not). */
struct plenum_api_route {
	const char *method, *pattern, *roles;
};

/* Every route, ended by one whose method is NULL (tests, serve --routes). */
const struct plenum_api_route *plenum_api_routes(void);

#endif
