/*
 * fuzz_event.c: libFuzzer harness for the event log's two parsers.  The
 * input is decoded as one event and read as an export file (in odd-sized
 * reads).  Whatever is accepted must re-encode to exactly the input bytes
 * (one encoding per event, one file per log), and an accepted log is then
 * verified: any input ends in a result or a clean error, never a crash,
 * leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "event.h"
#include "fuzz_mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
as_event(const uint8_t *data, size_t size)
{
	struct plenum_event *ev;
	struct plenum_diag diag;
	struct plenum_buf b;

	if (plenum_event_decode(data, size, &ev, &diag) != PLENUM_OK)
		return;
	plenum_buf_init(&b, PLENUM_EVENT_MAX_ENCODED);
	if (plenum_event_encode(ev, &b) != PLENUM_OK || b.len != size ||
	    memcmp(b.data, data, size) != 0)
		abort();
	(void)plenum_event_check_secrecy(ev, &diag);
	plenum_buf_release(&b);
	plenum_event_free(ev);
}

static void
as_export(const uint8_t *data, size_t size)
{
	struct fuzz_mem m = { data, size, 0, 13 };
	struct plenum_event_reader r = { fuzz_mem_read, &m };
	struct plenum_event_log *log;
	struct plenum_event_verify_result res;
	struct plenum_event_head head;
	struct plenum_event_verify_opts o;
	struct plenum_diag diag;
	struct plenum_buf b;
	struct plenum_event_array a;
	struct plenum_event_source src = { plenum_event_array_next, &a };
	struct plenum_event_sink sink = { plenum_event_buf_write, &b };

	if (plenum_event_export_read(&r, &log, &diag) != PLENUM_OK)
		return;
	a.items = log->items;
	a.n = log->nitems;
	a.pos = 0;
	plenum_buf_init(&b, size + 1);
	if (plenum_event_export_write(&log->genesis, &src, log->checkpoints,
				      log->ncheckpoints, &sink) != PLENUM_OK ||
	    b.len != size || memcmp(b.data, data, size) != 0)
		abort();
	plenum_buf_release(&b);
	(void)plenum_event_verify_log(log, NULL, NULL, &res, &diag);
	memset(&o, 0, sizeof(o));
	memset(&head, 0, sizeof(head));
	head.seq = log->nitems;
	o.head = &head;
	(void)plenum_event_verify_log(log, &log->genesis, &o, &res, &diag);
	plenum_event_log_free(log);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		if (plenum_event_init() != PLENUM_OK)
			abort();
		ready = 1;
	}
	as_event(data, size);
	as_export(data, size);
	return 0;
}
