/*
 * http.h: the HTTP layer of plenum serve, over libmicrohttpd.
 *
 * A small router maps (method, path) to handlers that receive the request
 * (path parameters, query, a body capped in size) and fill a response
 * (status, content type, body).  Static files of the browser UI are served
 * from one folder, never outside it.  Server-Sent Events streams fan out
 * named events to every subscriber without a thread per viewer.  The layer
 * knows nothing of assemblies: server/api.c registers the routes.
 *
 * Threads: MHD's internal thread pool calls handlers concurrently; a
 * handler must only touch what it owns or locks.  plenum_http_publish() is
 * safe from any thread.
 */
#ifndef PLENUM_HTTP_H
#define PLENUM_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* Largest request body read; bigger ones get 413 without a handler call. */
#define PLENUM_HTTP_MAX_BODY (1u << 20)

struct plenum_http;

struct plenum_http_request {
	const char *method; /* "GET", "POST", ... */
	const char *path;   /* decoded, without the query */
	/* the values of the route's ":name" segments, in order */
	const char *params[4];
	size_t nparams;
	const char *body; /* NUL-terminated; "" when none */
	size_t body_len;
	void *conn;    /* for plenum_http_query() / plenum_http_header() */
	void *pending; /* for plenum_http_defer() */
};

/* A query argument or request header (case-insensitive name), or NULL. */
const char *plenum_http_query(const struct plenum_http_request *req,
			      const char *name);
const char *plenum_http_header(const struct plenum_http_request *req,
			       const char *name);

struct plenum_http_response {
	int status; /* default 200 */
	const char
		*content_type;	/* default "application/json; charset=utf-8" */
	struct plenum_buf body; /* the handler appends; capped at 64 MiB */
	/* extra response headers, "Name: value" each (e.g. Set-Cookie) */
	char headers[4][512];
	size_t nheaders;
};

/* A route handler: returns 0, or -1 to answer 500.  ctx is the pointer
 * given at registration. */
typedef int (*plenum_http_handler)(void *ctx,
				   const struct plenum_http_request *req,
				   struct plenum_http_response *res);

/*
 * Creates a server (not yet listening) that serves static files from
 * web_root (borrowed; NULL: none): GET / gives index.html, other GETs the
 * file at that path when it exists under web_root (no "..", no symlinks
 * out), with a content type by extension (html, js, mjs, css, svg, png,
 * json, woff2, ico, txt) and "Cache-Control: no-cache".  Returns NULL when
 * out of memory.
 */
struct plenum_http *plenum_http_new(const char *web_root);

/*
 * Adds a route.  pattern is a path whose segments may be ":name"
 * parameters (at most 4), e.g. "/api/elections/:n".  Routes are tried in
 * the order added, before static files.  Returns PLENUM_OK or
 * PLENUM_ENOMEM.
 */
enum plenum_err plenum_http_route(struct plenum_http *h, const char *method,
				  const char *pattern,
				  plenum_http_handler handler, void *ctx);

/* Decides whether a request may subscribe to a stream: 0 lets it, else
 * the HTTP status to refuse it with (401, 403). */
typedef int (*plenum_http_guard)(void *ctx,
				 const struct plenum_http_request *req);

/*
 * Adds a Server-Sent Events stream at path (GET): a subscriber gets
 * "retry: 2000", then every event published after it connected, as
 * "event: NAME\ndata: JSON\n\n", and a comment line every 15 s to keep
 * proxies from closing it.  Connections are suspended between events
 * (MHD_suspend_connection), not held by threads.  At most 16384
 * subscribers; more get 503.  guard (may be NULL) is asked first, with
 * ctx.
 */
enum plenum_err plenum_http_stream(struct plenum_http *h, const char *path,
				   plenum_http_guard guard, void *ctx);

/*
 * Deferring an answer: a handler that cannot answer yet (a vote waiting for
 * the transaction that will hold it) calls plenum_http_defer(req), keeps
 * the token, and returns 0 leaving res alone; the connection is then
 * suspended, holding no thread, until some thread calls
 * plenum_http_finish(token, status, body) once, which answers with body
 * (JSON, copied; NULL for none).  Every deferred answer must be finished
 * before plenum_http_free().
 */
struct plenum_http_deferred;
struct plenum_http_deferred *
plenum_http_defer(const struct plenum_http_request *req);
void plenum_http_finish(struct plenum_http_deferred *d, int status,
			const char *body);

/* The client's address as text into buf ("" when unknown); returns buf. */
const char *plenum_http_client(const struct plenum_http_request *req, char *buf,
			       size_t size);

/* Queues event (a name) with data (one line of JSON) for every current
 * subscriber of every stream.  Thread-safe.  Returns PLENUM_OK or
 * PLENUM_ENOMEM. */
enum plenum_err plenum_http_publish(struct plenum_http *h, const char *event,
				    const char *data);

/*
 * Starts listening on host:port (host "127.0.0.1", "0.0.0.0", "::1"...;
 * port 0 picks a free one).  Returns PLENUM_OK, or PLENUM_EIO with diag
 * saying why (port in use, bad address).
 */
enum plenum_err plenum_http_start(struct plenum_http *h, const char *host,
				  unsigned port, struct plenum_diag *diag);

/* The port actually bound (after start). */
unsigned plenum_http_port(const struct plenum_http *h);

/* Stops listening, ends every stream and frees the server.  NULL ok. */
void plenum_http_free(struct plenum_http *h);

/* Appends s to b as a JSON string literal (with quotes). */
enum plenum_err plenum_http_json_string(struct plenum_buf *b, const char *s);

#endif
