/*
 * http.c: the HTTP layer of plenum serve (http.h) over libmicrohttpd:
 * request bodies, the router, static files and Server-Sent Events.
 *
 * MHD runs a pool of four polling threads (epoll where available) with
 * suspend/resume allowed.  Every request gets a struct req as its MHD
 * context on the first call; the body is gathered across the following
 * calls and the request is answered on the last one (upload size 0).
 * NOTIFY_COMPLETED frees the struct req.
 *
 * An SSE subscriber is a struct sub, the closure of a response made with
 * MHD_create_response_from_callback(MHD_SIZE_UNKNOWN): its reader hands
 * out queued bytes, or, when the queue is empty, suspends the connection
 * and returns 0 (the pattern microhttpd.h prescribes; a suspended
 * connection is not polled, so idle subscribers cost no CPU).  Publishing
 * queues the event and resumes the suspended ones.  The response's free
 * callback unlinks and frees the subscriber when MHD is done with the
 * connection, for whatever reason.
 *
 * Invariants:
 * - h->lock guards the subscriber list, every struct sub, h->nsubs and
 *   h->stopping.  Routes are only added before plenum_http_start().
 * - s->suspended is set, under the lock, only by the reader when it
 *   suspends the connection, and cleared, under the lock, by whoever
 *   takes on resuming it, so every suspension is resumed exactly once.
 *   MHD_resume_connection() is called after the lock is released; the
 *   connection cannot go away meanwhile, since it stays suspended and
 *   only its resumer may resume it.
 * - A subscriber holds at most SUB_MAX_EVENTS queued events; one that
 *   falls further behind is dropped (its queue freed, its connection
 *   closed by the reader), never blocking the publisher.
 * - Static files are served only when the realpath() of the file lies
 *   under the realpath() of the web root and every segment of the path
 *   is non-empty and does not start with '.'.
 */
#include "http.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#define MAX_SEGS       32	   /* path segments a route may match */
#define MAX_SUBS       16384	   /* subscribers over all streams */
#define SUB_MAX_EVENTS 1000	   /* queued events before a drop */
#define EVENT_CAP      (8u << 20)  /* largest framed event */
#define RES_CAP	       (64u << 20) /* a handler's response body */
#define STATIC_CAP     (16 << 20)  /* largest static file served */
#define PING_SECONDS   15
#define POOL_THREADS   4u
#define CONN_LIMIT     (MAX_SUBS + 64u)
#define CONN_TIMEOUT   30u
#define SSE_BLOCK      16384
#define JSON_TYPE      "application/json; charset=utf-8"

static const char csp[] = "default-src 'self'; connect-src 'self'; "
			  "img-src 'self' data:; style-src 'self'; "
			  "script-src 'self'; frame-ancestors 'none'";

struct route {
	char method[16];
	char *pattern; /* owned; the segments, NUL-separated */
	const char *segs[MAX_SEGS];
	size_t nsegs;
	plenum_http_handler handler; /* NULL: an SSE stream */
	void *ctx;
	plenum_http_guard guard; /* streams: who may subscribe (NULL: all) */
};

struct event_node {
	struct event_node *next;
	size_t len;
	char data[];
};

struct sub {
	struct plenum_http *h;
	struct sub *prev, *next;
	struct MHD_Connection *conn;
	struct event_node *head, *tail;
	size_t off; /* bytes of head already sent */
	size_t nqueued;
	int suspended;
	int dropped;
};

struct plenum_http {
	char *root; /* realpath of the web root, or NULL */
	struct route *routes;
	size_t nroutes;
	struct MHD_Daemon *daemon;
	unsigned port;

	pthread_mutex_t lock;
	pthread_mutex_t dlock; /* deferred answers */
	pthread_cond_t wake;   /* the pinger's sleep; signalled on stop */
	struct sub *subs;
	size_t nsubs;
	int stopping;
	int pinger_running;
	pthread_t pinger;
};

struct req {
	struct plenum_buf body;
	enum plenum_err body_err; /* PLENUM_ELIMIT: answer 413 */
	char *path;		  /* a copy of the path, split in segments */
	/* an answer deferred by the handler (plenum_http_defer), under
	 * h->dlock: */
	struct plenum_http *h;
	struct MHD_Connection *conn;
	int deferred, suspended, ready;
	int dstatus;
	char *dbody;
};

/* ---- JSON and small helpers ---- */

enum plenum_err
plenum_http_json_string(struct plenum_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = b->len;
	enum plenum_err err;
	const unsigned char *p;
	char esc[7];

	if ((err = plenum_buf_addc(b, '"')) != PLENUM_OK)
		return err;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			err = plenum_buf_add(b, esc, 2);
		} else if (*p < 0x20 || *p == 0x7f) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 15];
			err = plenum_buf_add(b, esc, 6);
		} else {
			err = plenum_buf_addc(b, (char)*p);
		}
		if (err != PLENUM_OK)
			goto out;
	}
	err = plenum_buf_addc(b, '"');
out:
	if (err != PLENUM_OK && b->data != NULL) {
		b->len = start;
		b->data[start] = '\0';
	}
	return err;
}

const char *
plenum_http_query(const struct plenum_http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *
plenum_http_header(const struct plenum_http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* MHD's unescaper, except that "%00" stays as it is: a decoded NUL would
 * silently cut the path short. */
static size_t
unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	char *w = s;
	const char *r = s;
	int hi, lo;

	while (*r != '\0') {
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 &&
		    (lo = hexval(r[2])) >= 0 && (hi | lo) != 0) {
			*w++ = (char)(hi << 4 | lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* Splits a path ("/a/b") in place into its segments; "/" has none.
 * Returns the count, or MAX_SEGS + 1 when there are too many. */
static size_t
split_path(char *p, const char **segs)
{
	size_t n = 0;

	if (*p == '/')
		p++;
	if (*p == '\0')
		return 0;
	for (;;) {
		char *slash = strchr(p, '/');

		if (n == MAX_SEGS)
			return MAX_SEGS + 1;
		segs[n++] = p;
		if (slash == NULL)
			return n;
		*slash = '\0';
		p = slash + 1;
	}
}

/* ---- responses ---- */

static void
add_common_headers(struct MHD_Response *r, const char *type)
{
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy", csp);
}

/* Queues status with body (malloc'd and taken, or NULL for none). */
static enum MHD_Result
queue(struct MHD_Connection *conn, int status, const char *type, char *body,
      size_t len, const char *cache)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (body != NULL) {
		r = MHD_create_response_from_buffer(len, body,
						    MHD_RESPMEM_MUST_FREE);
		if (r == NULL)
			free(body);
	} else {
		r = MHD_create_response_from_buffer(0, (void *)"",
						    MHD_RESPMEM_PERSISTENT);
	}
	if (r == NULL)
		return MHD_NO;
	add_common_headers(r, type);
	if (cache != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
					cache);
	ret = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
queue_error(struct MHD_Connection *conn, int status, const char *msg)
{
	struct plenum_buf b;
	char *body;

	plenum_buf_init(&b, 256);
	if (plenum_buf_adds(&b, "{\"error\":") != PLENUM_OK ||
	    plenum_http_json_string(&b, msg) != PLENUM_OK ||
	    plenum_buf_addc(&b, '}') != PLENUM_OK ||
	    (body = plenum_buf_detach(&b)) == NULL) {
		plenum_buf_release(&b);
		return MHD_NO;
	}
	return queue(conn, status, JSON_TYPE, body, strlen(body), NULL);
}

/* ---- static files ---- */

static const char *
content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ "html", "text/html; charset=utf-8" },
		{ "js", "text/javascript; charset=utf-8" },
		{ "mjs", "text/javascript; charset=utf-8" },
		{ "css", "text/css; charset=utf-8" },
		{ "svg", "image/svg+xml" },
		{ "png", "image/png" },
		{ "json", JSON_TYPE },
		{ "woff2", "font/woff2" },
		{ "ico", "image/x-icon" },
		{ "txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot != NULL && strchr(dot, '/') == NULL) {
		for (i = 0; i < sizeof types / sizeof types[0]; i++) {
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
		}
	}
	return "application/octet-stream";
}

/* Whether every segment of rel ("a/b.js") is a plain name. */
static int
safe_relpath(const char *rel)
{
	const char *seg = rel;

	for (;;) {
		size_t n = strcspn(seg, "/");

		if (n == 0 || seg[0] == '.' || memchr(seg, '\\', n) != NULL)
			return 0;
		if (seg[n] == '\0')
			return 1;
		seg += n + 1;
	}
}

/* Reads the file at rel under h->root into *data (malloc'd).  Returns 0,
 * or -1 when there is no such servable file. */
static int
read_static(const struct plenum_http *h, const char *rel, char **data,
	    size_t *len)
{
	char *full = NULL, *real = NULL, *p = NULL;
	size_t rootlen = strlen(h->root), got = 0;
	struct stat st;
	int fd = -1, ret = -1;
	ssize_t n;

	if (!safe_relpath(rel) || strlen(rel) >= PATH_MAX)
		goto out;
	if ((full = malloc(rootlen + strlen(rel) + 2)) == NULL)
		goto out;
	sprintf(full, "%s/%s", h->root, rel);
	if ((real = realpath(full, NULL)) == NULL)
		goto out;
	if (strncmp(real, h->root, rootlen) != 0 || real[rootlen] != '/')
		goto out;
	if ((fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		goto out;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > STATIC_CAP)
		goto out;
	if ((p = malloc((size_t)st.st_size + 1)) == NULL)
		goto out;
	while (got < (size_t)st.st_size) {
		n = read(fd, p + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		got += (size_t)n;
	}
	*data = p;
	*len = got;
	p = NULL;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(p);
	free(real);
	free(full);
	return ret;
}

/* ---- SSE subscribers ---- */

static void
sub_clear(struct sub *s)
{
	struct event_node *e, *next;

	for (e = s->head; e != NULL; e = next) {
		next = e->next;
		free(e);
	}
	s->head = s->tail = NULL;
	s->off = 0;
	s->nqueued = 0;
}

/* Queues len bytes for s; drops s when it is too far behind or out of
 * memory.  Called with the lock held. */
static enum plenum_err
sub_push(struct sub *s, const char *data, size_t len)
{
	struct event_node *e;

	if (s->dropped)
		return PLENUM_OK;
	if (s->nqueued >= SUB_MAX_EVENTS) {
		s->dropped = 1;
		sub_clear(s);
		return PLENUM_OK;
	}
	if ((e = malloc(sizeof *e + len)) == NULL) {
		s->dropped = 1;
		sub_clear(s);
		return PLENUM_ENOMEM;
	}
	e->next = NULL;
	e->len = len;
	memcpy(e->data, data, len);
	if (s->tail != NULL)
		s->tail->next = e;
	else
		s->head = e;
	s->tail = e;
	s->nqueued++;
	return PLENUM_OK;
}

/* If s is suspended, makes the caller its resumer: adds its connection to
 * list.  Called with the lock held. */
static void
sub_take_resume(struct sub *s, struct MHD_Connection **list, size_t *n)
{
	if (s->suspended) {
		s->suspended = 0;
		list[(*n)++] = s->conn;
	}
}

static void
resume_all(struct MHD_Connection **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		MHD_resume_connection(list[i]);
}

static ssize_t
sub_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sub *s = cls;
	struct plenum_http *h = s->h;
	struct event_node *e;
	ssize_t ret;
	size_t n = 0, k;

	pthread_mutex_lock(&h->lock);
	if (s->dropped) {
		ret = MHD_CONTENT_READER_END_WITH_ERROR;
		goto out;
	}
	while (n < max && (e = s->head) != NULL) {
		k = e->len - s->off;
		if (k > max - n)
			k = max - n;
		memcpy(buf + n, e->data + s->off, k);
		n += k;
		s->off += k;
		if (s->off == e->len) {
			s->head = e->next;
			if (s->head == NULL)
				s->tail = NULL;
			s->off = 0;
			s->nqueued--;
			free(e);
		}
	}
	ret = (ssize_t)n;
	if (n == 0) {
		if (h->stopping) {
			ret = MHD_CONTENT_READER_END_OF_STREAM;
		} else {
			s->suspended = 1;
			MHD_suspend_connection(s->conn);
		}
	}
out:
	pthread_mutex_unlock(&h->lock);
	return ret;
}

/* The response's free callback: MHD is done with the connection. */
static void
sub_free(void *cls)
{
	struct sub *s = cls;
	struct plenum_http *h = s->h;

	pthread_mutex_lock(&h->lock);
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		h->subs = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	h->nsubs--;
	sub_clear(s);
	pthread_mutex_unlock(&h->lock);
	free(s);
}

static enum MHD_Result
subscribe(struct plenum_http *h, struct MHD_Connection *conn)
{
	static const char hello[] = "retry: 2000\n\n";
	struct MHD_Response *r;
	struct sub *s;
	enum MHD_Result ret;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return queue_error(conn, 500, "out of memory");
	s->h = h;
	s->conn = conn;
	pthread_mutex_lock(&h->lock);
	if (h->stopping || h->nsubs >= MAX_SUBS ||
	    sub_push(s, hello, sizeof hello - 1) != PLENUM_OK) {
		pthread_mutex_unlock(&h->lock);
		sub_clear(s);
		free(s);
		return queue_error(conn, 503, "too many subscribers");
	}
	s->next = h->subs;
	if (h->subs != NULL)
		h->subs->prev = s;
	h->subs = s;
	h->nsubs++;
	pthread_mutex_unlock(&h->lock);

	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK,
					      sub_read, s, sub_free);
	if (r == NULL) {
		sub_free(s);
		return MHD_NO;
	}
	add_common_headers(r, "text/event-stream; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, 0u);
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r); /* frees s now if queueing failed */
	return ret;
}

static void *
pinger(void *arg)
{
	static const char ping[] = ": ping\n\n";
	struct plenum_http *h = arg;
	struct MHD_Connection *list[MAX_SUBS];
	struct timespec until;
	struct sub *s;
	size_t n;

	pthread_mutex_lock(&h->lock);
	while (!h->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += PING_SECONDS;
		while (!h->stopping &&
		       pthread_cond_timedwait(&h->wake, &h->lock, &until) !=
			       ETIMEDOUT)
			;
		if (h->stopping)
			break;
		n = 0;
		for (s = h->subs; s != NULL; s = s->next) {
			if (s->head != NULL || s->dropped)
				continue;
			sub_push(s, ping, sizeof ping - 1);
			sub_take_resume(s, list, &n);
		}
		pthread_mutex_unlock(&h->lock);
		resume_all(list, n);
		pthread_mutex_lock(&h->lock);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* Appends the SSE framing of event and data to b. */
static enum plenum_err
frame_event(struct plenum_buf *b, const char *event, const char *data)
{
	enum plenum_err err;
	const char *p;
	size_t n;

	if ((err = plenum_buf_adds(b, "event: ")) != PLENUM_OK)
		return err;
	for (p = event; *p != '\0'; p++) {
		if (*p != '\r' && *p != '\n' &&
		    (err = plenum_buf_addc(b, *p)) != PLENUM_OK)
			return err;
	}
	/* one "data:" line per line of data, so no line break ends the
	 * event early */
	p = data;
	do {
		n = strcspn(p, "\r\n");
		if ((err = plenum_buf_adds(b, "\ndata: ")) != PLENUM_OK ||
		    (err = plenum_buf_add(b, p, n)) != PLENUM_OK)
			return err;
		p += n;
		if (p[0] == '\r' && p[1] == '\n')
			p++;
		if (*p != '\0')
			p++;
	} while (*p != '\0');
	return plenum_buf_adds(b, "\n\n");
}

enum plenum_err
plenum_http_publish(struct plenum_http *h, const char *event, const char *data)
{
	struct MHD_Connection *list[MAX_SUBS];
	struct plenum_buf b;
	enum plenum_err err, e;
	struct sub *s;
	size_t n = 0;

	plenum_buf_init(&b, EVENT_CAP);
	if ((err = frame_event(&b, event, data)) != PLENUM_OK)
		goto out;
	pthread_mutex_lock(&h->lock);
	for (s = h->subs; s != NULL; s = s->next) {
		if ((e = sub_push(s, b.data, b.len)) != PLENUM_OK)
			err = e;
		sub_take_resume(s, list, &n);
	}
	pthread_mutex_unlock(&h->lock);
	resume_all(list, n);
out:
	plenum_buf_release(&b);
	return err == PLENUM_ELIMIT ? PLENUM_ENOMEM : err;
}

/* ---- requests ---- */

static int
route_match(const struct route *r, const char **segs, size_t nsegs,
	    struct plenum_http_request *req)
{
	size_t i;

	if (r->nsegs != nsegs)
		return 0;
	req->nparams = 0;
	for (i = 0; i < nsegs; i++) {
		if (r->segs[i][0] == ':') {
			if (segs[i][0] == '\0')
				return 0;
			req->params[req->nparams++] = segs[i];
		} else if (strcmp(r->segs[i], segs[i]) != 0) {
			return 0;
		}
	}
	return 1;
}

/* Queues res (its body taken) with the common and extra headers. */
static enum MHD_Result
queue_response(struct MHD_Connection *conn, struct plenum_http_response *res)
{
	struct MHD_Response *mr = NULL;
	enum MHD_Result ret = MHD_NO;
	char *body, name[512];
	const char *v;
	size_t i, k, len;

	len = res->body.len;
	if ((body = plenum_buf_detach(&res->body)) == NULL)
		return MHD_NO;
	mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (mr == NULL) {
		free(body);
		return MHD_NO;
	}
	add_common_headers(mr, res->content_type != NULL ? res->content_type
							 : JSON_TYPE);
	for (i = 0; i < res->nheaders && i < 4; i++) {
		k = strcspn(res->headers[i], ":");
		if (res->headers[i][k] != ':' || k == 0 || k >= sizeof name)
			continue;
		memcpy(name, res->headers[i], k);
		name[k] = '\0';
		for (v = res->headers[i] + k + 1; *v == ' '; v++)
			;
		MHD_add_response_header(mr, name, v);
	}
	ret = MHD_queue_response(conn, (unsigned)res->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

/* Queues the deferred answer of rq, which is ready; under h->dlock. */
static enum MHD_Result
queue_deferred(struct req *rq)
{
	struct plenum_http_response res;
	enum MHD_Result ret;

	memset(&res, 0, sizeof res);
	res.status = rq->dstatus;
	plenum_buf_init(&res.body, RES_CAP);
	if (rq->dbody != NULL && plenum_buf_adds(&res.body, rq->dbody)) {
		plenum_buf_release(&res.body);
		return queue_error(rq->conn, 500, "out of memory");
	}
	ret = queue_response(rq->conn, &res);
	plenum_buf_release(&res.body);
	return ret;
}

static enum MHD_Result
call_handler(const struct route *r, struct MHD_Connection *conn,
	     struct plenum_http_request *req, struct req *rq)
{
	struct plenum_http_response res;
	enum MHD_Result ret = MHD_NO;

	memset(&res, 0, sizeof res);
	res.status = 200;
	plenum_buf_init(&res.body, RES_CAP);
	req->pending = rq;
	if (r->handler(r->ctx, req, &res) != 0 || res.status < 100 ||
	    res.status > 599) {
		ret = queue_error(conn, 500, "internal error");
		goto out;
	}
	if (rq->deferred) {
		/* the answer comes from plenum_http_finish(), maybe
		 * already */
		pthread_mutex_lock(&rq->h->dlock);
		if (rq->ready) {
			ret = queue_deferred(rq);
		} else {
			MHD_suspend_connection(conn);
			rq->suspended = 1;
			ret = MHD_YES;
		}
		pthread_mutex_unlock(&rq->h->dlock);
		goto out;
	}
	ret = queue_response(conn, &res);
out:
	plenum_buf_release(&res.body);
	return ret;
}

struct plenum_http_deferred *
plenum_http_defer(const struct plenum_http_request *req)
{
	struct req *rq = req->pending;

	rq->deferred = 1;
	return (struct plenum_http_deferred *)rq;
}

void
plenum_http_finish(struct plenum_http_deferred *d, int status, const char *body)
{
	struct req *rq = (struct req *)d;
	struct plenum_http *h = rq->h;

	pthread_mutex_lock(&h->dlock);
	rq->dstatus = status;
	rq->dbody = body ? strdup(body) : NULL;
	if (body != NULL && rq->dbody == NULL)
		rq->dstatus = 500;
	rq->ready = 1;
	if (rq->suspended)
		MHD_resume_connection(rq->conn);
	pthread_mutex_unlock(&h->dlock);
}

static enum MHD_Result
dispatch(struct plenum_http *h, struct MHD_Connection *conn, const char *url,
	 const char *method, struct req *rq)
{
	struct plenum_http_request req;
	const char *segs[MAX_SEGS];
	size_t nsegs, i, len;
	int known = 0, get = strcmp(method, "GET") == 0,
	    head = strcmp(method, "HEAD") == 0;
	char *data;

	if (url[0] != '/') /* "*", or an absolute URL */
		return queue_error(conn, 404, "not found");
	if ((rq->path = strdup(url)) == NULL)
		return MHD_NO;
	nsegs = split_path(rq->path, segs);
	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = url;
	req.body = plenum_buf_str(&rq->body);
	req.body_len = rq->body.len;
	req.conn = conn;
	for (i = 0; nsegs <= MAX_SEGS && i < h->nroutes; i++) {
		const struct route *r = &h->routes[i];

		if (!route_match(r, segs, nsegs, &req))
			continue;
		if (strcmp(r->method, method) != 0 &&
		    !(head && r->handler != NULL &&
		      strcmp(r->method, "GET") == 0)) {
			known = 1;
			continue;
		}
		if (r->handler == NULL) {
			int refuse = r->guard ? r->guard(r->ctx, &req) : 0;

			if (refuse != 0)
				return queue_error(conn, (unsigned)refuse,
						   refuse == 401
							   ? "sign in first"
							   : "forbidden");
			return subscribe(h, conn);
		}
		return call_handler(r, conn, &req, rq);
	}
	if ((get || head) && h->root != NULL &&
	    read_static(h, url[1] == '\0' ? "index.html" : url + 1, &data,
			&len) == 0)
		return queue(conn, 200,
			     content_type(url[1] == '\0' ? "index.html" : url),
			     data, len, "no-cache");
	if (known)
		return queue_error(conn, 405, "method not allowed");
	return queue_error(conn, 404, "not found");
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
	   const char *method, const char *version, const char *upload,
	   size_t *upload_size, void **con_cls)
{
	struct plenum_http *h = cls;
	struct req *rq = *con_cls;
	const char *cl;
	char *end;
	unsigned long long n;

	if (rq == NULL) {
		if ((rq = calloc(1, sizeof *rq)) == NULL)
			return MHD_NO;
		plenum_buf_init(&rq->body, PLENUM_HTTP_MAX_BODY);
		rq->h = h;
		rq->conn = conn;
		*con_cls = rq;
		cl = MHD_lookup_connection_value(
			conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL) {
			errno = 0;
			n = strtoull(cl, &end, 10);
			if (errno != 0 || n > PLENUM_HTTP_MAX_BODY) {
				rq->body_err = PLENUM_ELIMIT;
				return queue_error(conn, 413,
						   "request body too large");
			}
		}
		return MHD_YES;
	}
	if (*upload_size != 0) {
		if (rq->body_err == PLENUM_OK)
			rq->body_err =
				plenum_buf_add(&rq->body, upload, *upload_size);
		if (rq->body_err != PLENUM_OK)
			plenum_buf_release(&rq->body);
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->body_err == PLENUM_ELIMIT)
		return queue_error(conn, 413, "request body too large");
	if (rq->body_err != PLENUM_OK)
		return queue_error(conn, 500, "out of memory");
	if (rq->deferred) { /* resumed: the answer is ready */
		enum MHD_Result ret;

		pthread_mutex_lock(&h->dlock);
		ret = queue_deferred(rq);
		pthread_mutex_unlock(&h->dlock);
		return ret;
	}
	return dispatch(h, conn, url, method, rq);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct req *rq = *con_cls;

	if (rq == NULL)
		return;
	plenum_buf_release(&rq->body);
	free(rq->path);
	free(rq->dbody);
	free(rq);
	*con_cls = NULL;
}

/* ---- the server ---- */

struct plenum_http *
plenum_http_new(const char *web_root)
{
	struct plenum_http *h = calloc(1, sizeof *h);
	pthread_condattr_t ca;

	if (h == NULL)
		return NULL;
	if (web_root != NULL && (h->root = realpath(web_root, NULL)) == NULL) {
		/* a missing folder serves nothing rather than failing */
		if (errno == ENOMEM)
			goto fail;
	}
	if (pthread_condattr_init(&ca) != 0)
		goto fail;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_cond_init(&h->wake, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		goto fail;
	}
	pthread_condattr_destroy(&ca);
	if (pthread_mutex_init(&h->lock, NULL) != 0 ||
	    pthread_mutex_init(&h->dlock, NULL) != 0) {
		pthread_cond_destroy(&h->wake);
		goto fail;
	}
	return h;
fail:
	free(h->root);
	free(h);
	return NULL;
}

static enum plenum_err
add_route(struct plenum_http *h, const char *method, const char *pattern,
	  plenum_http_handler handler, void *ctx)
{
	struct route *routes, *r;
	size_t nparams = 0, i;

	if (strlen(method) >= sizeof r->method || pattern[0] != '/')
		return PLENUM_EINPUT;
	routes = realloc(h->routes, (h->nroutes + 1) * sizeof *routes);
	if (routes == NULL)
		return PLENUM_ENOMEM;
	h->routes = routes;
	r = &routes[h->nroutes];
	memset(r, 0, sizeof *r);
	strcpy(r->method, method);
	if ((r->pattern = strdup(pattern)) == NULL)
		return PLENUM_ENOMEM;
	r->nsegs = split_path(r->pattern, r->segs);
	for (i = 0; i < r->nsegs && i < MAX_SEGS; i++)
		nparams += r->segs[i][0] == ':';
	if (r->nsegs > MAX_SEGS || nparams > 4) {
		free(r->pattern);
		return PLENUM_EINPUT;
	}
	r->handler = handler;
	r->ctx = ctx;
	h->nroutes++;
	return PLENUM_OK;
}

enum plenum_err
plenum_http_route(struct plenum_http *h, const char *method,
		  const char *pattern, plenum_http_handler handler, void *ctx)
{
	if (handler == NULL)
		return PLENUM_EINPUT;
	return add_route(h, method, pattern, handler, ctx);
}

enum plenum_err
plenum_http_stream(struct plenum_http *h, const char *path,
		   plenum_http_guard guard, void *ctx)
{
	enum plenum_err err = add_route(h, "GET", path, NULL, ctx);

	if (err == PLENUM_OK)
		h->routes[h->nroutes - 1].guard = guard;
	return err;
}

const char *
plenum_http_client(const struct plenum_http_request *req, char *buf,
		   size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	buf[0] = '\0';
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  buf, (socklen_t)size);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
			  (socklen_t)size);
	return buf;
}
enum plenum_err
plenum_http_start(struct plenum_http *h, const char *host, unsigned port,
		  struct plenum_diag *diag)
{
	struct addrinfo hints, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof ss;
	enum plenum_err err = PLENUM_OK;
	unsigned flags;
	char portstr[16];
	int fd = -1, one = 1, rc;

	if (h->daemon != NULL)
		return plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				       "server already started");
	if (port > 65535)
		return plenum_diag_set(diag, PLENUM_EIO, 0, 0, "bad port %u",
				       port);
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(portstr, sizeof portstr, "%u", port);
	if ((rc = getaddrinfo(host, portstr, &hints, &ai)) != 0) {
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "bad address %s: %s", host,
				      gai_strerror(rc));
		goto out;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, SOMAXCONN > 4096 ? SOMAXCONN : 4096) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sslen) != 0) {
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "cannot listen on %s port %u: %s", host,
				      port, strerror(errno));
		goto out;
	}
	h->port = ntohs(ss.ss_family == AF_INET6
				? ((struct sockaddr_in6 *)&ss)->sin6_port
				: ((struct sockaddr_in *)&ss)->sin_port);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
		MHD_ALLOW_SUSPEND_RESUME;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	h->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, h, MHD_OPTION_LISTEN_SOCKET,
		fd, MHD_OPTION_THREAD_POOL_SIZE, POOL_THREADS,
		MHD_OPTION_CONNECTION_LIMIT, CONN_LIMIT,
		MHD_OPTION_CONNECTION_TIMEOUT, CONN_TIMEOUT,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, h, MHD_OPTION_END);
	/* the socket is MHD's now, which closes it on most failures: better
	 * to leak it on the others than to close it twice */
	fd = -1;
	if (h->daemon == NULL) {
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "cannot start the HTTP server on %s "
				      "port %u",
				      host, port);
		goto out;
	}
	if (pthread_create(&h->pinger, NULL, pinger, h) != 0) {
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "cannot start a thread");
		MHD_stop_daemon(h->daemon);
		h->daemon = NULL;
		goto out;
	}
	h->pinger_running = 1;
out:
	if (fd >= 0)
		close(fd);
	if (ai != NULL)
		freeaddrinfo(ai);
	return err;
}

unsigned
plenum_http_port(const struct plenum_http *h)
{
	return h->port;
}

void
plenum_http_free(struct plenum_http *h)
{
	struct MHD_Connection *list[MAX_SUBS];
	struct sub *s;
	size_t n = 0, i;

	if (h == NULL)
		return;
	/* end every stream: no new subscriber, no new suspension, and every
	 * suspended one resumed so that MHD may close it */
	pthread_mutex_lock(&h->lock);
	h->stopping = 1;
	pthread_cond_broadcast(&h->wake);
	for (s = h->subs; s != NULL; s = s->next)
		sub_take_resume(s, list, &n);
	pthread_mutex_unlock(&h->lock);
	resume_all(list, n);
	if (h->pinger_running)
		pthread_join(h->pinger, NULL);
	if (h->daemon != NULL)
		MHD_stop_daemon(h->daemon);
	for (i = 0; i < h->nroutes; i++)
		free(h->routes[i].pattern);
	free(h->routes);
	pthread_cond_destroy(&h->wake);
	pthread_mutex_destroy(&h->lock);
	pthread_mutex_destroy(&h->dlock);
	free(h->root);
	free(h);
}
