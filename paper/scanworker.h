/*
 * scanworker.h: ballot recognition in a child process.
 *
 * Image decoders are the most exposed parsers plenum has, so a scan runs
 * in a worker process that holds nothing worth taking: it is forked
 * before anything is decoded, closes every inherited descriptor but its
 * socket, sets PR_SET_NO_NEW_PRIVS and resource limits (address space,
 * CPU seconds, no files written, a handful of descriptors, no core), and
 * never opens a file, a database or a socket.  It talks to its parent over
 * one socketpair in length-checked frames:
 *
 *	frame   = length (4 bytes, big-endian) + that many bytes
 *	parent: layouts frame: a JSON array of plenum-ballot-layout/1
 *	        documents (plenum_layout_json()), the ballots of the round
 *	worker: a JSON object {"ready": true} or {"error": "..."}
 *	parent: request frames: page (4 bytes, big-endian, 0-based) + image
 *	worker: one plenum-scan/1 JSON object (plenum_scan_result_json())
 *	        for each request; with the page's top bit set, a preview
 *	        instead: {"status": "preview", "png": base64}
 *	parent: an empty frame: the worker exits
 *
 * A worker that crashes, exceeds a limit or sends a malformed frame costs
 * only the image it was reading: the call reports PLENUM_EIO and the next
 * call starts a fresh worker.
 */
#ifndef PLENUM_SCANWORKER_H
#define PLENUM_SCANWORKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "err.h"

/* Caps on frames. */
#define PLENUM_SCANWORKER_MAX_LAYOUTS (32u << 20) /* the layouts frame */
#define PLENUM_SCANWORKER_MAX_RESULT  (16u << 20) /* one result */

/* Limits of a worker; a zero field takes the default. */
struct plenum_scan_limits {
	uint64_t address_space; /* bytes; default 1 GiB (not under ASan,
				   whose shadow memory needs terabytes) */
	unsigned cpu_seconds;	/* over the worker's life; default 120 */
	unsigned timeout_ms;	/* wall time for one image; default 30000 */
	unsigned max_images;	/* images before a fresh worker; 500 */
};

struct plenum_scan_worker;

/*
 * Starts a worker for the layouts in `layouts` (a JSON array of
 * plenum-ballot-layout/1 documents; one object alone is taken as an array
 * of one) with limits lim (NULL: the defaults).  The worker rebuilds each
 * layout from its description and checks its digest.  On success *out is
 * the worker (free it with plenum_scan_worker_free()).  Returns PLENUM_OK,
 * PLENUM_EINPUT (a layout the worker refused: diag says why), PLENUM_EIO
 * (fork or the socket failed, or the worker died) or PLENUM_ENOMEM; *out is
 * NULL on failure.  diag may be NULL.
 */
enum plenum_err plenum_scan_spawn(const json_t *layouts,
				  const struct plenum_scan_limits *lim,
				  struct plenum_scan_worker **out,
				  struct plenum_diag *diag);

/*
 * Has the worker read page `page` (0-based) of the image data (len bytes,
 * at most PLENUM_SCAN_MAX_BYTES) and sets *result to its plenum-scan/1
 * object (a new reference; status "unreadable" for anything that is not
 * a ballot).  Returns PLENUM_OK; PLENUM_ELIMIT for an image too large;
 * PLENUM_EIO when the worker died, timed out or answered nonsense (diag
 * says which; the worker is then gone and the next call starts another);
 * PLENUM_ENOMEM.  *result is NULL on failure.
 */
enum plenum_err plenum_scan_worker_scan(struct plenum_scan_worker *w,
					const unsigned char *data, size_t len,
					size_t page, json_t **result,
					struct plenum_diag *diag);

/*
 * Has the worker render page `page` of the image as a grey PNG of at most
 * 1800 pixels a side, for a person to look at (plenum_scan_preview()).
 * *png (for free()) and *png_len are set on success.  Returns PLENUM_OK,
 * PLENUM_EINPUT (not an image or no such page), PLENUM_ELIMIT, PLENUM_EIO
 * (as plenum_scan_worker_scan()) or PLENUM_ENOMEM.
 */
enum plenum_err plenum_scan_worker_preview(struct plenum_scan_worker *w,
					   const unsigned char *data,
					   size_t len, size_t page,
					   unsigned char **png, size_t *png_len,
					   struct plenum_diag *diag);

/* The worker's process id, or -1 between workers (for tests). */
pid_t plenum_scan_worker_pid(const struct plenum_scan_worker *w);

/* Tells the worker to exit, waits for it (killing it after a second) and
 * frees w.  NULL is a no-op. */
void plenum_scan_worker_free(struct plenum_scan_worker *w);

/*
 * The worker's side: reads the layouts frame from in_fd, then requests,
 * and writes answers to out_fd, until an empty frame or end of input.
 * Returns 0 on an orderly end, 1 otherwise.  Called in the child by
 * plenum_scan_spawn(); exposed for a worker started some other way.
 */
int plenum_scan_worker_run(int in_fd, int out_fd);

#endif
