/*
 * api.h: the JSON API of plenum serve over an assembly.
 *
 * This first version serves what the hall may see — the assembly, the
 * live quorum, the agenda, the elections with their latest results, and
 * the UI's strings in four languages — and a live stream telling viewers
 * when the record changed.  It opens the assembly read-only: nothing can
 * be changed through it, so it needs no accounts.  Changes are made with
 * the plenum subcommands (or later routes behind accounts and roles).
 */
#ifndef PLENUM_API_H
#define PLENUM_API_H

#include "err.h"
#include "http.h"

struct plenum_api;

/*
 * Opens the assembly at db_url read-only and registers the routes on h:
 *   GET /api/assembly      id, name, locale, rules, public key, head
 *   GET /api/quorum        the live quorum
 *   GET /api/agenda        the agenda items
 *   GET /api/elections     each election and its latest counted result
 *   GET /api/i18n/:locale  the UI's strings in zh-Hans, zh-Hant, vi or en
 *   GET /api/live          Server-Sent Events: "head" {"head": SEQ}
 *                          whenever the log grows
 * Returns PLENUM_OK or the assembly's error, with diag; *out is for
 * plenum_api_free().
 */
enum plenum_err plenum_api_new(struct plenum_http *h, const char *db_url,
			       struct plenum_api **out,
			       struct plenum_diag *diag);

/* Starts the thread that watches the log head every interval_ms and
 * publishes "head" when it moves.  Returns PLENUM_OK or PLENUM_EINTERNAL. */
enum plenum_err plenum_api_watch(struct plenum_api *api, unsigned interval_ms);

/* Stops the watcher and closes the assembly.  NULL is a no-op.  Free the
 * http server first, so that no handler runs during this. */
void plenum_api_free(struct plenum_api *api);

#endif
