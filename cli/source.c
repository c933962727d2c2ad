/*
 * source.c: reading election files from disk in two passes.
 *
 * Invariants: the document is read once whole (syntax, fields) before any
 * ballot is counted; ballots are then streamed through fixed-size buffers;
 * every failure leaves a diagnostic that names a file, and where the file
 * has one, a line and column.  Nothing here prints.
 */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ballots.h"
#include "count.h"

static char diag_file[4096];

struct file {
	int fd;
};

static long
file_read(void *ctx, char *buf, size_t n)
{
	struct file *f = ctx;
	ssize_t got;

	do {
		got = read(f->fd, buf, n);
	} while (got < 0 && errno == EINTR);
	return (long)got;
}

static enum plenum_err
io_fail(struct plenum_diag *diag, const char *path, const char *what)
{
	snprintf(diag_file, sizeof(diag_file), "%s", path);
	diag->file = diag_file;
	return plenum_diag_set(diag, PLENUM_EIO, 0, 0, "cannot %s: %s", what,
			       strerror(errno));
}

/* Opens path for reading; "-" spools standard input to an unlinked
 * temporary file so that the second pass can seek. */
static enum plenum_err
open_doc(const char *path, int *fd_out, struct plenum_diag *diag)
{
	char tmpl[] = "/tmp/plenum-stdin-XXXXXX", buf[1 << 16];
	ssize_t got, put;
	int fd;

	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return io_fail(diag, path, "open the election file");
		*fd_out = fd;
		return PLENUM_OK;
	}
	if ((fd = mkstemp(tmpl)) < 0)
		return io_fail(diag, "-", "spool standard input");
	unlink(tmpl);
	while ((got = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || (put = write(fd, buf, (size_t)got)) != got) {
			close(fd);
			return io_fail(diag, "-", "spool standard input");
		}
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return io_fail(diag, "-", "spool standard input");
	}
	*fd_out = fd;
	return PLENUM_OK;
}

/* The ballot file's path: relative paths are taken from the document's
 * folder, so an election and its ballots move together. */
static char *
ballots_path(const char *doc, const char *file)
{
	const char *slash = strrchr(doc, '/');
	size_t dirlen;
	char *p;

	if (file[0] == '/' || slash == NULL || strcmp(doc, "-") == 0)
		return strdup(file);
	dirlen = (size_t)(slash - doc) + 1;
	if ((p = malloc(dirlen + strlen(file) + 1)) == NULL)
		return NULL;
	memcpy(p, doc, dirlen);
	strcpy(p + dirlen, file);
	return p;
}

enum plenum_err
plenum_source_tally(const char *path, unsigned flags,
		    struct plenum_election **election,
		    struct plenum_tally **tally, struct plenum_diag *diag)
{
	struct plenum_election *e = NULL;
	struct plenum_counter *counter = NULL;
	struct plenum_count_setup setup;
	struct plenum_json_source src;
	struct file doc = { -1 }, bf = { -1 };
	const struct plenum_counts *counts;
	char *bpath = NULL;
	enum plenum_err err;

	*election = NULL;
	*tally = NULL;
	snprintf(diag_file, sizeof(diag_file), "%s",
		 strcmp(path, "-") == 0 ? "<stdin>" : path);
	diag->file = diag_file;
	diag->line = diag->column = 0;
	diag->message[0] = '\0';
	if ((err = open_doc(path, &doc.fd, diag)) != PLENUM_OK)
		goto out;
	src.read = file_read;
	src.ctx = &doc;
	if ((err = plenum_election_parse(&src, flags, &e, diag)) != PLENUM_OK)
		goto out;
	if (flags & PLENUM_PARSE_LIST_ONLY)
		goto done;

	if (e->form == PLENUM_BALLOTS_TOTALS) {
		counts = &e->totals;
	} else {
		plenum_election_count_setup(e, &setup);
		if ((counter = plenum_counter_new(&setup)) == NULL) {
			err = PLENUM_ENOMEM;
			goto out;
		}
		if (e->form == PLENUM_BALLOTS_INLINE) {
			if (lseek(doc.fd, (off_t)e->ballots_offset, SEEK_SET) <
			    0) {
				err = io_fail(diag, path,
					      "read the election file again");
				goto out;
			}
			err = plenum_ballots_read_json(counter, &src,
						       e->ballots_offset,
						       e->ballots_pos, diag);
		} else {
			bpath = ballots_path(path, e->ballots_file);
			if (bpath == NULL) {
				err = PLENUM_ENOMEM;
				goto out;
			}
			bf.fd = open(bpath, O_RDONLY | O_CLOEXEC);
			if (bf.fd < 0) {
				int saved = errno;

				err = plenum_diag_set(
					diag, PLENUM_EIO, e->ballots_pos.line,
					e->ballots_pos.column,
					"\"ballots_file\": cannot open \"%s\": "
					"%s",
					bpath, strerror(saved));
				goto out;
			}
			snprintf(diag_file, sizeof(diag_file), "%s", bpath);
			src.ctx = &bf;
			err = plenum_ballots_read_lines(counter, &src, diag);
		}
		if (err != PLENUM_OK)
			goto out;
		counts = plenum_counter_counts(counter);
		snprintf(diag_file, sizeof(diag_file), "%s",
			 strcmp(path, "-") == 0 ? "<stdin>" : path);
		if (e->ballots_returned >= 0 &&
		    (uint64_t)e->ballots_returned != counts->returned) {
			err = plenum_diag_set(
				diag, PLENUM_EINPUT, e->pos_returned.line,
				e->pos_returned.column,
				"\"ballots_returned\" is %" PRId64
				" but %" PRIu64 " ballots were read",
				e->ballots_returned, counts->returned);
			goto out;
		}
	}
	if ((err = plenum_tally_decide(e, counts, tally)) != PLENUM_OK) {
		plenum_diag_set(diag, err, 0, 0, "%s", plenum_err_str(err));
		goto out;
	}
done:
	*election = e;
	e = NULL;
out:
	if (err == PLENUM_ENOMEM)
		plenum_diag_set(diag, err, 0, 0, "out of memory");
	plenum_counter_free(counter);
	plenum_election_free(e);
	free(bpath);
	if (doc.fd >= 0)
		close(doc.fd);
	if (bf.fd >= 0)
		close(bf.fd);
	return err;
}
