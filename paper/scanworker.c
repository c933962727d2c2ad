/*
 * scanworker.c: the scanning worker process and its parent's handle.
 *
 * The parent forks; the child moves its socket to descriptor 3, closes
 * every other descriptor above 2, sets PR_SET_NO_NEW_PRIVS and its
 * rlimits, then serves frames (scanworker.h) until told to stop.  The
 * parent writes with MSG_NOSIGNAL, so a dead worker never raises SIGPIPE
 * in it, and reads with a poll() deadline, so a stuck worker is killed.
 *
 * Invariants: a frame's length is checked against its cap before a byte
 * of it is allocated; the parent never trusts a worker's answer beyond
 * parsing it as JSON of bounded size; every path that loses the worker
 * reaps it (no zombies) and leaves w->pid at -1.
 */
#define _GNU_SOURCE
#include "scanworker.h"

#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "layout.h"
#include "scan.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

struct plenum_scan_worker {
	pid_t pid;
	int fd;
	char *layouts; /* the layouts frame, to start another worker */
	struct plenum_scan_limits lim;
	unsigned images;
};

/* --- frames ----------------------------------------------------------- */

/* Reads n bytes; 0, or -1 on end of input or error.  timeout_ms < 0: no
 * deadline. */
static int
read_all(int fd, void *p, size_t n, int timeout_ms)
{
	unsigned char *b = p;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (n > 0) {
		ssize_t got;

		if (timeout_ms >= 0) {
			struct pollfd pfd = { fd, POLLIN, 0 };
			struct timespec t;
			long left;
			int rc;

			clock_gettime(CLOCK_MONOTONIC, &t);
			left = timeout_ms -
			       ((t.tv_sec - t0.tv_sec) * 1000 +
				(t.tv_nsec - t0.tv_nsec) / 1000000);
			if (left <= 0)
				return -2;
			rc = poll(&pfd, 1, (int)left);
			if (rc < 0 && errno == EINTR)
				continue;
			if (rc == 0)
				return -2;
			if (rc < 0)
				return -1;
		}
		got = read(fd, b, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		b += got;
		n -= (size_t)got;
	}
	return 0;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n > 0) {
		ssize_t put = send(fd, b, n, MSG_NOSIGNAL);

		if (put < 0 && errno == ENOTSOCK)
			put = write(fd, b, n);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return -1;
		b += put;
		n -= (size_t)put;
	}
	return 0;
}

static void
be32(unsigned char b[4], uint32_t v)
{
	b[0] = (unsigned char)(v >> 24);
	b[1] = (unsigned char)(v >> 16);
	b[2] = (unsigned char)(v >> 8);
	b[3] = (unsigned char)v;
}

static uint32_t
get32(const unsigned char b[4])
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* Writes a frame of two parts (head may be NULL). */
static int
write_frame(int fd, const void *head, size_t hn, const void *p, size_t n)
{
	unsigned char len[4];

	be32(len, (uint32_t)(hn + n));
	if (write_all(fd, len, 4) != 0 ||
	    (hn > 0 && write_all(fd, head, hn) != 0) ||
	    (n > 0 && write_all(fd, p, n) != 0))
		return -1;
	return 0;
}

/* Reads a frame of at most cap bytes into *p (NUL-terminated, caller
 * frees); 0, -1 (end, error, over the cap), -2 (timeout). */
static int
read_frame(int fd, size_t cap, unsigned char **p, size_t *n, int timeout_ms)
{
	unsigned char len[4];
	int rc;

	*p = NULL;
	*n = 0;
	if ((rc = read_all(fd, len, 4, timeout_ms)) != 0)
		return rc;
	*n = get32(len);
	if (*n > cap)
		return -1;
	*p = malloc(*n + 1);
	if (*p == NULL)
		return -1;
	if ((rc = read_all(fd, *p, *n, timeout_ms)) != 0) {
		free(*p);
		*p = NULL;
		return rc;
	}
	(*p)[*n] = '\0';
	return 0;
}

/* --- the worker -------------------------------------------------------- */

struct book {
	struct plenum_layout **l;
	size_t n;
};

static const struct plenum_layout *
find(void *ctx, const struct plenum_ballot_qr *qr)
{
	const struct book *b = ctx;
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct plenum_layout *l = b->l[i];

		if (strncmp(l->digest_hex, qr->digest16, 16) == 0 &&
		    strcmp(l->desc.assembly_id, qr->assembly_id) == 0 &&
		    l->desc.election == qr->election &&
		    l->desc.round == qr->round)
			return l;
	}
	return NULL;
}

/* A request's page with this bit set asks for a preview, not a reading. */
#define PREVIEW_BIT 0x80000000u

/* The longer side of a preview, pixels: enough to read a mark. */
#define PREVIEW_SIDE 1800

/* {"status": "preview", "png": base64} or {"status": "unreadable",
 * "reason"}. */
static json_t *
preview(const unsigned char *data, size_t len, uint32_t page)
{
	struct plenum_diag d = { 0 };
	unsigned char *png = NULL;
	size_t n = 0, blen;
	char *b64;
	json_t *j;

	if (plenum_scan_preview(data, len, page, PREVIEW_SIDE, &png, &n, &d) !=
	    PLENUM_OK)
		return json_pack("{s:s, s:s}", "status", "unreadable", "reason",
				 d.message);
	blen = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	if ((b64 = malloc(blen)) == NULL) {
		free(png);
		return NULL;
	}
	sodium_bin2base64(b64, blen, png, n, sodium_base64_VARIANT_ORIGINAL);
	free(png);
	j = json_pack("{s:s, s:s}", "status", "preview", "png", b64);
	free(b64);
	return j;
}

static int
answer(int fd, json_t *j)
{
	char *s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc = s != NULL ? write_frame(fd, NULL, 0, s, strlen(s)) : -1;

	free(s);
	json_decref(j);
	return rc;
}

int
plenum_scan_worker_run(int in_fd, int out_fd)
{
	struct book b = { NULL, 0 };
	struct plenum_diag diag = { 0 };
	unsigned char *frame = NULL;
	json_t *arr = NULL;
	size_t n, i;
	int rc = 1;

	if (read_frame(in_fd, PLENUM_SCANWORKER_MAX_LAYOUTS, &frame, &n, -1))
		goto out;
	arr = json_loadb((const char *)frame, n, 0, NULL);
	free(frame);
	frame = NULL;
	if (json_is_object(arr)) {
		json_t *a = json_array();

		if (a == NULL || json_array_append_new(a, arr) != 0) {
			json_decref(a);
			goto out;
		}
		arr = a;
	}
	if (!json_is_array(arr) || json_array_size(arr) > 1000) {
		answer(out_fd, json_pack("{s:s}", "error",
					 "layouts: not a json array"));
		goto out;
	}
	b.l = calloc(json_array_size(arr) + 1, sizeof(*b.l));
	if (b.l == NULL)
		goto out;
	for (i = 0; i < json_array_size(arr); i++, b.n++)
		if (plenum_layout_from_json(json_array_get(arr, i), &b.l[i],
					    &diag) != PLENUM_OK) {
			answer(out_fd,
			       json_pack("{s:s}", "error", diag.message));
			goto out;
		}
	json_decref(arr);
	arr = NULL;
	if (answer(out_fd, json_pack("{s:b}", "ready", 1)) != 0)
		goto out;
	for (;;) {
		struct plenum_scan_result r;
		json_t *j;

		if (read_frame(in_fd, PLENUM_SCAN_MAX_BYTES + 4, &frame, &n,
			       -1) != 0)
			goto out;
		if (n == 0) {
			rc = 0;
			goto out;
		}
		if (n < 4)
			goto out;
		if (get32(frame) & PREVIEW_BIT) {
			j = preview(frame + 4, n - 4,
				    get32(frame) & ~PREVIEW_BIT);
			free(frame);
			frame = NULL;
			if (answer(out_fd, j) != 0)
				goto out;
			continue;
		}
		plenum_scan_image(frame + 4, n - 4, get32(frame), find, &b, &r,
				  NULL);
		free(frame);
		frame = NULL;
		j = plenum_scan_result_json(&r);
		plenum_scan_result_release(&r);
		if (answer(out_fd, j) != 0)
			goto out;
	}
out:
	free(frame);
	json_decref(arr);
	for (i = 0; i < b.n; i++)
		plenum_layout_free(b.l[i]);
	free(b.l);
	return rc;
}

/* --- the parent -------------------------------------------------------- */

static void
limit(int res, rlim_t v)
{
	struct rlimit r = { v, v };

	setrlimit(res, &r);
}

/* In the child: confine, serve, exit. */
static void
child(int fd, const struct plenum_scan_limits *lim)
{
	if (fd != 3) {
		if (dup2(fd, 3) < 0)
			_exit(1);
		fd = 3;
	}
	closefrom(4);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
#ifndef UNDER_ASAN
	limit(RLIMIT_AS, (rlim_t)lim->address_space);
#endif
	limit(RLIMIT_CPU, lim->cpu_seconds);
	limit(RLIMIT_FSIZE, 0);
	limit(RLIMIT_CORE, 0);
	limit(RLIMIT_NOFILE, 8);
	signal(SIGPIPE, SIG_DFL);
	_exit(plenum_scan_worker_run(fd, fd));
}

static void
reap(struct plenum_scan_worker *w, bool kill_it)
{
	int status, i;

	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	if (w->pid <= 0)
		return;
	for (i = 0; !kill_it && i < 100; i++) {
		pid_t p = waitpid(w->pid, &status, WNOHANG);

		if (p == w->pid || (p < 0 && errno != EINTR)) {
			w->pid = -1;
			return;
		}
		usleep(10000);
	}
	kill(w->pid, SIGKILL);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = -1;
}

/* Why the worker went: after reap-less waitpid. */
static enum plenum_err
lost(struct plenum_scan_worker *w, int rc, struct plenum_diag *diag)
{
	int status = 0;
	pid_t p;

	if (rc == -2) {
		reap(w, true);
		return plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				       "scan worker timed out");
	}
	close(w->fd);
	w->fd = -1;
	do
		p = waitpid(w->pid, &status, 0);
	while (p < 0 && errno == EINTR);
	w->pid = -1;
	if (p > 0 && WIFSIGNALED(status))
		return plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				       "scan worker died of signal %d",
				       WTERMSIG(status));
	return plenum_diag_set(
		diag, PLENUM_EIO, 0, 0, "scan worker ended (status %d)",
		p > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static enum plenum_err
start(struct plenum_scan_worker *w, struct plenum_diag *diag)
{
	unsigned char *ans = NULL;
	size_t n;
	json_t *j = NULL;
	enum plenum_err err = PLENUM_OK;
	int sv[2], rc;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return plenum_diag_set(diag, PLENUM_EIO, 0, 0, "socketpair: %s",
				       strerror(errno));
	w->pid = fork();
	if (w->pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return plenum_diag_set(diag, PLENUM_EIO, 0, 0, "fork: %s",
				       strerror(errno));
	}
	if (w->pid == 0) {
		close(sv[0]);
		child(sv[1], &w->lim);
	}
	close(sv[1]);
	w->fd = sv[0];
	w->images = 0;
	if (write_frame(w->fd, NULL, 0, w->layouts, strlen(w->layouts)) != 0)
		return lost(w, -1, diag);
	rc = read_frame(w->fd, PLENUM_SCANWORKER_MAX_RESULT, &ans, &n,
			(int)w->lim.timeout_ms);
	if (rc != 0)
		return lost(w, rc, diag);
	j = json_loadb((const char *)ans, n, 0, NULL);
	if (!json_is_true(json_object_get(j, "ready"))) {
		const char *e = json_string_value(json_object_get(j, "error"));

		err = plenum_diag_set(diag, PLENUM_EINPUT, 0, 0, "%s",
				      e != NULL ? e : "scan worker refused");
		reap(w, false);
	}
	json_decref(j);
	free(ans);
	return err;
}

enum plenum_err
plenum_scan_spawn(const json_t *layouts, const struct plenum_scan_limits *lim,
		  struct plenum_scan_worker **out, struct plenum_diag *diag)
{
	struct plenum_scan_worker *w;
	enum plenum_err err;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return PLENUM_ENOMEM;
	w->pid = -1;
	w->fd = -1;
	if (lim != NULL)
		w->lim = *lim;
	if (w->lim.address_space == 0)
		w->lim.address_space = (uint64_t)1 << 30;
	if (w->lim.cpu_seconds == 0)
		w->lim.cpu_seconds = 120;
	if (w->lim.timeout_ms == 0 || w->lim.timeout_ms > 3600000)
		w->lim.timeout_ms = 30000;
	if (w->lim.max_images == 0)
		w->lim.max_images = 500;
	w->layouts = json_dumps(layouts, JSON_COMPACT);
	if (w->layouts == NULL) {
		free(w);
		return PLENUM_ENOMEM;
	}
	if (strlen(w->layouts) > PLENUM_SCANWORKER_MAX_LAYOUTS) {
		plenum_scan_worker_free(w);
		return plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				       "layouts of %zu bytes",
				       strlen(w->layouts));
	}
	err = start(w, diag);
	if (err != PLENUM_OK) {
		plenum_scan_worker_free(w);
		return err;
	}
	*out = w;
	return PLENUM_OK;
}

enum plenum_err
plenum_scan_worker_scan(struct plenum_scan_worker *w, const unsigned char *data,
			size_t len, size_t page, json_t **result,
			struct plenum_diag *diag)
{
	unsigned char head[4], *ans = NULL;
	size_t n;
	enum plenum_err err = PLENUM_OK;
	int rc;

	*result = NULL;
	if (len > PLENUM_SCAN_MAX_BYTES || page > UINT32_MAX)
		return plenum_diag_set(diag, PLENUM_ELIMIT, 0, 0,
				       "image of %zu bytes: at most %u", len,
				       PLENUM_SCAN_MAX_BYTES);
	if (w->pid > 0 && w->images >= w->lim.max_images) {
		write_frame(w->fd, NULL, 0, NULL, 0);
		reap(w, false);
	}
	if (w->pid <= 0 && (err = start(w, diag)) != PLENUM_OK)
		return err;
	be32(head, (uint32_t)page);
	if (write_frame(w->fd, head, 4, data, len) != 0)
		return lost(w, -1, diag);
	w->images++;
	rc = read_frame(w->fd, PLENUM_SCANWORKER_MAX_RESULT, &ans, &n,
			(int)w->lim.timeout_ms);
	if (rc != 0)
		return lost(w, rc, diag);
	*result = json_loadb((const char *)ans, n, 0, NULL);
	free(ans);
	if (!json_is_object(*result) ||
	    !json_is_string(json_object_get(*result, "status"))) {
		json_decref(*result);
		*result = NULL;
		reap(w, true);
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "scan worker answered nonsense");
	}
	return err;
}

enum plenum_err
plenum_scan_worker_preview(struct plenum_scan_worker *w,
			   const unsigned char *data, size_t len, size_t page,
			   unsigned char **png, size_t *png_len,
			   struct plenum_diag *diag)
{
	const char *b64;
	json_t *j = NULL;
	enum plenum_err err;
	size_t n = 0;

	*png = NULL;
	*png_len = 0;
	if (page >= PREVIEW_BIT)
		return plenum_diag_set(diag, PLENUM_EINPUT, 0, 0, "no page %zu",
				       page + 1);
	if ((err = plenum_scan_worker_scan(w, data, len, page | PREVIEW_BIT, &j,
					   diag)))
		return err;
	b64 = json_string_value(json_object_get(j, "png"));
	if (b64 == NULL) {
		err = plenum_diag_set(
			diag, PLENUM_EINPUT, 0, 0, "%s",
			json_string_value(json_object_get(j, "reason"))
				? json_string_value(
					  json_object_get(j, "reason"))
				: "no preview");
		goto out;
	}
	if ((*png = malloc(strlen(b64))) == NULL) {
		err = PLENUM_ENOMEM;
		goto out;
	}
	if (sodium_base642bin(*png, strlen(b64), b64, strlen(b64), NULL, &n,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(*png);
		*png = NULL;
		err = plenum_diag_set(diag, PLENUM_EIO, 0, 0,
				      "scan worker answered nonsense");
		goto out;
	}
	*png_len = n;
out:
	json_decref(j);
	return err;
}

pid_t
plenum_scan_worker_pid(const struct plenum_scan_worker *w)
{
	return w->pid;
}

void
plenum_scan_worker_free(struct plenum_scan_worker *w)
{
	if (w == NULL)
		return;
	if (w->pid > 0 && w->fd >= 0)
		write_frame(w->fd, NULL, 0, NULL, 0);
	reap(w, false);
	free(w->layouts);
	free(w);
}
