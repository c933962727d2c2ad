/*
 * loadgen.c: load for plenum serve from a second process (bench/vote.sh).
 *
 *   plenum-bench-load HOST PORT CODES_CSV CHAIR_NAME CHAIR_PASSWORD POLL
 *                     [SPREAD_MS]
 *
 * 1. signs in every delegate of CODES_CSV (the output of plenum codes)
 *    with their one-time code, and the chair;
 * 2. opens one live stream (/api/live) per delegate and waits until every
 *    one is subscribed;
 * 3. sends every delegate's vote on POLL, each on its own connection,
 *    spread evenly over SPREAD_MS (default 1000: "within the same
 *    second"; 0: all at once), and times each from its connect to its
 *    answer;
 * 4. closes the poll as the chair, timing it, and times how long each
 *    live stream takes to get the event that follows.
 * Prints the figures; exits 1 if a vote was not accepted or a stream
 * missed the event.
 *
 * One thread, non-blocking sockets and epoll: the client must not be the
 * bottleneck.  HTTP/1.1 without keep-alive; answers are read to their
 * Content-Length.  A tool, not a library: it dies on the first surprise.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONN 20000

struct conn {
	int fd;
	char req[1024];
	size_t reqlen, sent;
	char *resp;
	size_t len, cap;
	double t_start, t_done;
	int done;	/* answer complete (or, for a stream, subscribed) */
	int stream;	/* a live stream */
	double t_event; /* a stream: when the awaited event came */
	size_t mark;	/* a stream: bytes seen before the awaited event */
};

static struct sockaddr_in addr;
static int ep;

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("plenum-bench-load: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
conn_open(struct conn *c)
{
	struct epoll_event ev;
	int one = 1;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 &&
	    errno != EINPROGRESS)
		die("connect: %s", strerror(errno));
	ev.events = EPOLLOUT | EPOLLIN;
	ev.data.ptr = c;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		die("epoll_ctl: %s", strerror(errno));
	c->t_start = now();
}

static void
conn_close(struct conn *c)
{
	if (c->fd >= 0) {
		epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
		c->fd = -1;
	}
}

/* Whether the answer in c->resp is complete. */
static int
complete(struct conn *c)
{
	char *end = memmem(c->resp, c->len, "\r\n\r\n", 4), *cl;
	size_t body;

	if (end == NULL)
		return 0;
	if (c->stream) /* subscribed once the headers and retry: came */
		return memmem(c->resp, c->len, "retry:", 6) != NULL;
	cl = strcasestr(c->resp, "Content-Length:");
	if (cl == NULL || cl > end)
		return 0;
	body = strtoul(cl + 15, NULL, 10);
	return c->len >= (size_t)(end + 4 - c->resp) + body;
}

static void
on_event(struct conn *c, unsigned events)
{
	char buf[16384];
	ssize_t n;

	if ((events & EPOLLOUT) && c->sent < c->reqlen) {
		n = send(c->fd, c->req + c->sent, c->reqlen - c->sent,
			 MSG_NOSIGNAL);
		if (n > 0)
			c->sent += (size_t)n;
		if (c->sent == c->reqlen) {
			struct epoll_event ev = { EPOLLIN, { .ptr = c } };

			epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
		}
	}
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	while ((n = recv(c->fd, buf, sizeof(buf), 0)) > 0) {
		if (c->len + (size_t)n + 1 > c->cap) {
			c->cap = (c->len + (size_t)n + 1) * 2;
			if ((c->resp = realloc(c->resp, c->cap)) == NULL)
				die("out of memory");
		}
		memcpy(c->resp + c->len, buf, (size_t)n);
		c->len += (size_t)n;
		c->resp[c->len] = '\0';
	}
	if (c->stream && c->done && c->t_event == 0 &&
	    memmem(c->resp + c->mark, c->len - c->mark, "event: head", 11))
		c->t_event = now();
	if (!c->done && complete(c)) {
		c->done = 1;
		c->t_done = now();
		if (!c->stream)
			conn_close(c);
	}
	if (n == 0 && !c->done)
		die("the server closed a connection early: %.200s",
		    c->resp ? c->resp : "");
}

/* Runs the loop until every one of conns[0..n) is done (and, with
 * events, until every stream has its event), or timeout seconds. */
static void
run(struct conn **conns, size_t n, int events, double timeout)
{
	struct epoll_event evs[1024];
	double start = now();
	size_t i, left;
	int k, j;

	for (;;) {
		for (i = 0, left = 0; i < n; i++)
			left += events ? conns[i]->t_event == 0
				       : !conns[i]->done;
		if (left == 0 || now() - start > timeout)
			return;
		k = epoll_wait(ep, evs, 1024, 100);
		for (j = 0; j < k; j++)
			on_event(evs[j].data.ptr, evs[j].events);
	}
}

static struct conn *
request(const char *method, const char *path, const char *cookie,
	const char *csrf, const char *body)
{
	struct conn *c = calloc(1, sizeof(*c));
	int n;

	if (c == NULL)
		die("out of memory");
	n = snprintf(c->req, sizeof(c->req),
		     "%s %s HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n"
		     "%s%s%s%s%s%s"
		     "Content-Type: application/json\r\nContent-Length: "
		     "%zu\r\n\r\n%s",
		     method, path, cookie ? "Cookie: " : "",
		     cookie ? cookie : "", cookie ? "\r\n" : "",
		     csrf ? "X-Plenum-CSRF: " : "", csrf ? csrf : "",
		     csrf ? "\r\n" : "", body ? strlen(body) : 0,
		     body ? body : "");
	c->reqlen = (size_t)n;
	c->fd = -1;
	return c;
}

static int
status_of(const struct conn *c)
{
	return c->resp && strncmp(c->resp, "HTTP/1.1 ", 9) == 0
		       ? atoi(c->resp + 9)
		       : 0;
}

/* The session cookie and csrf of a sign-in answer. */
static void
session_of(const struct conn *c, char *cookie, char *csrf)
{
	const char *p = strstr(c->resp, "plenum_session="), *q;

	if (p == NULL || status_of(c) != 200)
		die("sign-in failed: %.300s", c->resp ? c->resp : "");
	sscanf(p, "%127[^;]", cookie);
	q = strstr(c->resp, "\"csrf\":\"");
	if (q == NULL)
		die("no csrf in %.300s", c->resp);
	sscanf(q + 8, "%63[^\"]", csrf);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const double *v, size_t n, double p)
{
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);

	return v[i < n ? i : n - 1];
}

int
main(int argc, char **argv)
{
	static char cookies[MAX_CONN][128], csrfs[MAX_CONN][64];
	static struct conn *conns[MAX_CONN], *streams[MAX_CONN];
	char line[512], body[256], path[64], chair_cookie[128], chair_csrf[64];
	double *lat, t0, t_close, spread;
	struct rlimit rl;
	size_t n = 0, i, bad = 0, missed = 0;
	struct conn *c;
	FILE *f;

	if (argc != 7 && argc != 8)
		die("usage: plenum-bench-load HOST PORT CODES_CSV CHAIR "
		    "PASSWORD POLL [SPREAD_MS]");
	spread = argc == 8 ? atof(argv[7]) / 1000 : 1.0;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1)
		die("bad address %s", argv[1]);
	if ((ep = epoll_create1(0)) < 0)
		die("epoll: %s", strerror(errno));
	if ((f = fopen(argv[3], "r")) == NULL)
		die("cannot read %s", argv[3]);
	/* id,name,code,card */
	while (fgets(line, sizeof(line), f) != NULL && n < MAX_CONN / 2) {
		char *code = NULL, *p = line;
		int field = 0, quoted = 0;

		for (; *p; p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (*p == ',' && !quoted && ++field == 2)
				code = p + 1;
		}
		if (code == NULL || strncmp(line, "id,", 3) == 0)
			continue;
		code[strcspn(code, ",")] = '\0';
		snprintf(body, sizeof(body), "{\"code\":\"%s\"}", code);
		conns[n++] = request("POST", "/api/login", NULL, NULL, body);
	}
	fclose(f);
	if (n == 0)
		die("no codes in %s", argv[3]);

	/* 1. sign in, 200 at a time (sign-in is not what is measured) */
	t0 = now();
	for (i = 0; i < n; i += 200) {
		size_t k, m = n - i < 200 ? n - i : 200;

		for (k = 0; k < m; k++)
			conn_open(conns[i + k]);
		run(conns + i, m, 0, 60);
		for (k = 0; k < m; k++)
			session_of(conns[i + k], cookies[i + k], csrfs[i + k]);
	}
	printf("signed in %zu delegates in %.2f s\n", n, now() - t0);
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"password\":\"%s\"}",
		 argv[4], argv[5]);
	c = request("POST", "/api/login", NULL, NULL, body);
	conn_open(c);
	run(&c, 1, 0, 30);
	session_of(c, chair_cookie, chair_csrf);

	/* 2. a live stream per delegate */
	t0 = now();
	for (i = 0; i < n; i++) {
		streams[i] =
			request("GET", "/api/live", cookies[i], NULL, NULL);
		streams[i]->stream = 1;
		conn_open(streams[i]);
		if (i % 500 == 499)
			run(streams + i - 499, 500, 0, 30);
	}
	run(streams, n, 0, 60);
	for (i = 0; i < n; i++)
		if (!streams[i]->done)
			die("stream %zu did not subscribe: %.200s", i,
			    streams[i]->resp ? streams[i]->resp : "");
	printf("%zu live streams open in %.2f s\n", n, now() - t0);

	/* 3. every vote at once */
	snprintf(path, sizeof(path), "/api/polls/%s/vote", argv[6]);
	for (i = 0; i < n; i++) {
		free(conns[i]->resp);
		free(conns[i]);
		conns[i] = request("POST", path, cookies[i], csrfs[i],
				   i % 3 == 0	? "{\"choice\":\"yes\"}"
				   : i % 3 == 1 ? "{\"choice\":\"no\"}"
						: "{\"choice\":\"abstain\"}");
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		/* the i-th vote leaves at t0 + spread * i / n; meanwhile the
		 * loop serves those already sent */
		double at = t0 + spread * (double)i / (double)n;

		while (now() < at) {
			struct epoll_event evs[256];
			int k, j, ms = (int)((at - now()) * 1000);

			k = epoll_wait(ep, evs, 256, ms > 0 ? ms : 0);
			for (j = 0; j < k; j++)
				on_event(evs[j].data.ptr, evs[j].events);
		}
		conn_open(conns[i]);
	}
	printf("%zu votes sent over %.3f s\n", n, now() - t0);
	run(conns, n, 0, 60);
	if ((lat = calloc(n, sizeof(*lat))) == NULL)
		die("out of memory");
	for (i = 0; i < n; i++) {
		if (!conns[i]->done || status_of(conns[i]) != 200) {
			if (bad++ < 3)
				fprintf(stderr, "vote %zu: %.300s\n", i,
					conns[i]->resp ? conns[i]->resp : "");
		}
		lat[i] = (conns[i]->t_done - conns[i]->t_start) * 1000;
	}
	qsort(lat, n, sizeof(*lat), cmp_double);
	printf("votes: %zu accepted of %zu, all answered %.3f s after the "
	       "first was sent\n",
	       n - bad, n, now() - t0);
	printf("vote latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
	       pct(lat, n, 0.50), pct(lat, n, 0.90), pct(lat, n, 0.99),
	       lat[n - 1]);

	/* let the streams take the votes' events, then watch for the next */
	run(streams, n, 1, 2);
	for (i = 0; i < n; i++) {
		streams[i]->mark = streams[i]->len;
		streams[i]->t_event = 0;
	}

	/* 4. close the poll: its answer, and every stream's event */
	snprintf(path, sizeof(path), "/api/polls/%s/close", argv[6]);
	c = request("POST", path, chair_cookie, chair_csrf, "{}");
	t0 = now();
	conn_open(c);
	run(&c, 1, 0, 30);
	t_close = c->t_done - t0;
	if (status_of(c) != 200)
		die("close failed: %.300s", c->resp);
	printf("close and count: %.1f ms (answer: %.160s)\n", t_close * 1000,
	       strstr(c->resp, "\r\n\r\n") + 4);
	run(streams, n, 1, 10);
	for (i = 0; i < n; i++) {
		if (streams[i]->t_event == 0) {
			missed++;
			lat[i] = 1e9;
		} else {
			lat[i] = (streams[i]->t_event - t0) * 1000;
		}
	}
	qsort(lat, n, sizeof(*lat), cmp_double);
	printf("live: %zu of %zu streams got the close's event; ms after "
	       "the close was sent: p50 %.1f  p99 %.1f  max %.1f\n",
	       n - missed, n, pct(lat, n, 0.50), pct(lat, n, 0.99), lat[n - 1]);
	for (i = 0; i < n; i++)
		conn_close(streams[i]);
	return bad || missed ? 1 : 0;
}
