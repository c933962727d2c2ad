/*
 * test_reliability.c: the assembly store keeps what it acknowledged.
 *
 * Usage: test_reliability URL DATADIR.  URL names the backend: a
 * postgresql:// (or postgres://) URL, or a SQLite path, which is the prefix
 * of a fresh directory PATH.XXXXXX holding every file the tests make.
 * DATADIR holds roll-97.csv (tests/unit/data).
 *
 * On PostgreSQL every assembly lives in a fresh schema rel_<pid>_<name>,
 * made with a plenum_db connection and dropped at the end; the assembly
 * opens its own connections, so the schema goes into its URL as
 * "options=-csearch_path%3D<schema>" (libpq applies it to every session).
 * Key files go to a fresh directory on both backends.
 *
 * Everything is tested through assembly.h; db.h is used only to forge a
 * newer schema version and, after a kill, to wait for the write lock so
 * that a PostgreSQL server has finished with the dead client's session.
 *
 * The cases:
 *  - kill -9 in the middle of check-ins loses nothing acknowledged;
 *  - two processes writing at once corrupt nothing and lose nothing;
 *  - a read-only open refuses changes, and still reads and verifies;
 *  - a full disk (SQLite: a file size limit the WAL runs into) fails the
 *    operation with PLENUM_EFULL and keeps every acknowledged change;
 *  - a key of another assembly and a newer schema version are refused.
 * Child processes never run cmocka asserts: they report by exit status
 * (and by pipe) and the parent asserts.  Seeds are fixed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "assembly.h"
#include "db.h"
#include "store_support.h"
#include "roll.h"

#define MAX_MEMBERS 256
#define MAX_SCHEMAS 32
#define ACTOR	    "desk 1"

static const char *url;		      /* argv[1]: the backend */
static const char *datadir;	      /* argv[2]: holds roll-97.csv */
static int pg;			      /* url names PostgreSQL */
static char dir[PATH_MAX];	      /* the fresh directory: databases, keys */
static char schemas[MAX_SCHEMAS][64]; /* PostgreSQL: to drop at the end */
static int nschemas;
static struct plenum_roll *roll; /* roll-97.csv: 97 full + 5 non-voting */
static size_t nmembers;
static struct plenum_diag dg;

#define CHECK(e)                                                               \
	do {                                                                   \
		enum plenum_err e_;                                            \
		memset(&dg, 0, sizeof(dg));                                    \
		e_ = (e);                                                      \
		if (e_ != PLENUM_OK)                                           \
			fail_msg("%s: %s: %s", #e, plenum_err_str(e_),         \
				 dg.message);                                  \
	} while (0)

#define EXPECT(want, e)                                                        \
	do {                                                                   \
		enum plenum_err e_;                                            \
		memset(&dg, 0, sizeof(dg));                                    \
		e_ = (e);                                                      \
		if (e_ != (want))                                              \
			fail_msg("%s: want %s, got %s: %s", #e,                \
				 plenum_err_str(want), plenum_err_str(e_),     \
				 dg.message);                                  \
	} while (0)

/* ---- helpers ---- */

/* A small PRNG with a fixed seed (xorshift64*), the same on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Writes all n bytes; 0 or -1. */
static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads exactly n bytes: 1, or 0 at end of file (also after a torn
 * record, which a pipe of records of at most PIPE_BUF bytes never has),
 * or -1. */
static int
read_all(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, c + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		got += (size_t)r;
	}
	return 1;
}

/* out = dir/name; out has PATH_MAX bytes */
static void
join_path(char *out, const char *name)
{
	if (strlen(dir) + 1 + strlen(name) >= PATH_MAX)
		abort();
	strcpy(out, dir);
	strcat(out, "/");
	strcat(out, name);
}

/*
 * The URL of a fresh, empty database for an assembly called name
 * ([a-z0-9_]): SQLite dir/name.sqlite; PostgreSQL a new schema named after
 * it, put into the URL as every session's search_path.  The key goes to
 * dir/name.key.  aurl and key have PATH_MAX bytes.
 */
static void
fresh_place(const char *name, char *aurl, char *key)
{
	struct plenum_db *db = NULL;
	char file[128], sql[256];
	char *s;

	snprintf(file, sizeof(file), "%s.key", name);
	join_path(key, file);
	if (!pg) {
		snprintf(file, sizeof(file), "%s.sqlite", name);
		join_path(aurl, file);
		return;
	}
	assert_true(nschemas < MAX_SCHEMAS);
	s = schemas[nschemas];
	snprintf(s, sizeof(schemas[0]), "rel_%ld_%s", (long)getpid(), name);
	snprintf(sql, sizeof(sql),
		 "DROP SCHEMA IF EXISTS %s CASCADE; "
		 "CREATE SCHEMA %s",
		 s, s);
	CHECK(plenum_db_open(url, 0, &db, &dg));
	memset(&dg, 0, sizeof(dg));
	if (plenum_db_ddl(db, sql, &dg) != PLENUM_OK) {
		plenum_db_close(db);
		fail_msg("%s: %s", sql, dg.message);
	}
	plenum_db_close(db);
	nschemas++;
	assert_true((size_t)snprintf(
			    aurl, PATH_MAX, "%s%soptions=-csearch_path%%3D%s",
			    url, strchr(url, '?') ? "&" : "?", s) < PATH_MAX);
}

/* Creates an assembly called name with the roll imported. */
static void
new_assembly(const char *name, char *aurl, char *key, bool import)
{
	struct plenum_assembly *a = NULL;

	fresh_place(name, aurl, key);
	CHECK(plenum_assembly_create(aurl, key, name, "cn-basic", "zh-Hans",
				     "secretariat", &dg));
	if (!import)
		return;
	CHECK(plenum_assembly_open(aurl, key, 0, &a, &dg));
	CHECK(plenum_assembly_roll_import(a, roll, "secretariat", &dg));
	plenum_assembly_close(a);
}

struct state_walk {
	bool *present;
	size_t n;
	int bad; /* a member out of roll order */
};

static int
state_cb(void *ctx, const struct plenum_assembly_member *m)
{
	struct state_walk *w = ctx;
	const struct plenum_roll_member *r = plenum_roll_member(roll, w->n);

	if (r == NULL || strcmp(r->id, m->id) != 0) {
		w->bad = 1;
		return 1;
	}
	w->present[w->n++] = m->present;
	return 0;
}

/* Reads every member's presence, in roll order, into present[]. */
static void
read_state(struct plenum_assembly *a, bool *present)
{
	struct state_walk w = { present, 0, 0 };

	CHECK(plenum_assembly_members(a, NULL, state_cb, &w, &dg));
	assert_false(w.bad);
	assert_int_equal(w.n, nmembers);
}

/* Verifies a; fails with the first fault.  Returns the number of
 * events. */
static uint64_t
verify_ok(struct plenum_assembly *a)
{
	struct plenum_assembly_verify v;
	enum plenum_err err;

	memset(&dg, 0, sizeof(dg));
	err = plenum_assembly_verify(a, &v, &dg);
	if (err != PLENUM_OK)
		fail_msg("verify: %s: %s (fault %d at %llu; tables %s: %s)",
			 plenum_err_str(err), dg.message, (int)v.chain.fault,
			 (unsigned long long)v.chain.index,
			 v.tables_match ? "match" : "differ", v.mismatch);
	assert_true(v.tables_match);
	assert_true(v.chain.head_signed);
	assert_true(v.chain.signed_seq == v.chain.nevents);
	return v.chain.nevents;
}

/*
 * Waits until no writer holds the lock, so that a PostgreSQL server is done
 * with the session of a killed client: a client that can still commit
 * holds the advisory lock (taken at its begin), and the server releases it
 * only when that session's transaction has ended.  SQLite: the kernel drops
 * a dead process's locks, so this returns at once.
 */
static void
wait_for_writers(const char *aurl)
{
	struct plenum_db *db = NULL;

	CHECK(plenum_db_open(aurl, 0, &db, &dg));
	memset(&dg, 0, sizeof(dg));
	if (plenum_db_begin(db, &dg) != PLENUM_OK) {
		plenum_db_close(db);
		fail_msg("the write lock: %s", dg.message);
	}
	plenum_db_rollback(db);
	plenum_db_close(db);
}

/* Kills a child that is still running (before a failing assert). */
static void
reap(pid_t pid)
{
	int status;

	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
}

/* A description of a wait status, for messages. */
static const char *
status_str(int status, char *buf, size_t n)
{
	if (WIFEXITED(status))
		snprintf(buf, n, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, n, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, n, "wait status %#x", status);
	return buf;
}

/*
 * The check-in schedule of one desk over members idx0, idx0 + step, ...
 * (count of them): operation k (0-based) is on the (k mod count)th, and
 * checks in on even passes, out on odd ones, starting from nobody present.
 */
static size_t
sched_member(size_t k, size_t idx0, size_t step, size_t count)
{
	return idx0 + step * (k % count);
}

static bool
sched_present(size_t k, size_t count)
{
	return (k / count) % 2 == 0;
}

/* ---- setup ---- */

static int
setup(void **state)
{
	struct plenum_roll_problem *pr = NULL;
	char p[PATH_MAX];
	unsigned char *data = NULL;
	size_t len = 0, np = 0;
	struct stat sb;
	FILE *f;

	(void)state;
	if (snprintf(dir, sizeof(dir), "%s.XXXXXX",
		     pg ? "/tmp/plenum-test-reliability" : url) >=
		    (int)sizeof(dir) ||
	    mkdtemp(dir) == NULL) {
		fprintf(stderr, "test_reliability: cannot make %s: %s\n", dir,
			strerror(errno));
		return -1;
	}
	snprintf(p, sizeof(p), "%s/roll-97.csv", datadir);
	if ((f = fopen(p, "rb")) == NULL || fstat(fileno(f), &sb) != 0 ||
	    (data = malloc((size_t)sb.st_size + 1)) == NULL ||
	    fread(data, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
		fprintf(stderr, "test_reliability: cannot read %s: %s\n", p,
			strerror(errno));
		if (f)
			fclose(f);
		free(data);
		return -1;
	}
	len = (size_t)sb.st_size;
	fclose(f);
	if (plenum_roll_parse(data, len, &roll, &pr, &np, NULL) != PLENUM_OK) {
		fprintf(stderr, "test_reliability: %s does not parse\n", p);
		free(data);
		plenum_roll_problems_free(pr);
		return -1;
	}
	free(data);
	plenum_roll_problems_free(pr);
	nmembers = plenum_roll_count(roll);
	if (nmembers < 40 || nmembers > MAX_MEMBERS) {
		fprintf(stderr, "test_reliability: %s has %zu members\n", p,
			nmembers);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	struct plenum_db *db = NULL;
	char sql[256];
	int i, bad = 0;

	(void)state;
	plenum_roll_free(roll);
	store_support_rm_tree(dir);
	if (!pg || nschemas == 0)
		return 0;
	if (plenum_db_open(url, 0, &db, &dg) != PLENUM_OK) {
		fprintf(stderr, "test_reliability: %s\n", dg.message);
		return -1;
	}
	for (i = 0; i < nschemas; i++) {
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
			 schemas[i]);
		if (plenum_db_ddl(db, sql, &dg) != PLENUM_OK) {
			fprintf(stderr, "test_reliability: %s\n", dg.message);
			bad = 1;
		}
	}
	plenum_db_close(db);
	return bad ? -1 : 0;
}

/* ---- 1. kill -9 loses nothing acknowledged ---- */

/* What a child acknowledged: operation count (1-based) did member. */
struct receipt {
	int32_t member; /* roll index; -1: the last record, see full_child */
	int32_t present;
	int64_t count;
	int32_t err;  /* full_child's last record: the error */
	int32_t read; /* full_child's last record: reading still worked */
};

#define KILL_ROUNDS  5
#define KILL_MAX_OPS 100000

/* The child of test_kill: checks members in and out by the schedule over
 * all members, a receipt after each acknowledged change, until killed. */
static int
checkin_child(const char *aurl, const char *key, int fd)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct receipt r;
	enum plenum_err err;
	size_t k, m;
	bool in;

	if ((err = plenum_assembly_open(aurl, key, 0, &a, &d)) != PLENUM_OK) {
		fprintf(stderr, "checkin_child: open: %s\n", d.message);
		return 10 + (int)err;
	}
	for (k = 0; k < KILL_MAX_OPS; k++) {
		m = sched_member(k, 0, 1, nmembers);
		in = sched_present(k, nmembers);
		err = plenum_assembly_checkin(
			a, plenum_roll_member(roll, m)->id, in, ACTOR, &d);
		if (err != PLENUM_OK) {
			fprintf(stderr, "checkin_child: after %zu: %s: %s\n", k,
				plenum_err_str(err), d.message);
			plenum_assembly_close(a);
			return 10 + (int)err;
		}
		memset(&r, 0, sizeof(r));
		r.member = (int32_t)m;
		r.present = in;
		r.count = (int64_t)k + 1;
		if (write_all(fd, &r, sizeof(r)) != 0)
			return 3;
	}
	plenum_assembly_close(a);
	return 0;
}

static void
test_kill(void **state)
{
	bool want[MAX_MEMBERS], got[MAX_MEMBERS], got2[MAX_MEMBERS];
	struct plenum_assembly *a = NULL;
	char aurl[PATH_MAX], key[PATH_MAX], name[32], how[64];
	struct receipt r;
	int64_t acked;
	uint64_t nev, base;
	size_t i, target, ndiff, diff = 0, next;
	int p[2], status, rc, bad;
	pid_t pid;

	(void)state;
	base = 1 + nmembers; /* assembly.created, member.added */
	for (int round = 0; round < KILL_ROUNDS; round++) {
		snprintf(name, sizeof(name), "kill%d", round);
		new_assembly(name, aurl, key, true);
		target = 20 + (size_t)(rng() % 181);

		assert_int_equal(pipe(p), 0);
		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(p[0]);
			_exit(checkin_child(aurl, key, p[1]));
		}
		close(p[1]);
		acked = 0;
		bad = 0;
		rc = 1;
		while ((size_t)acked < target &&
		       (rc = read_all(p[0], &r, sizeof(r))) == 1 &&
		       !(bad = r.count != acked + 1))
			acked = r.count;
		/* the child is somewhere in its next operations: let it go
		 * on for a random while (0-3 ms), then kill it */
		if (rc == 1 && !bad)
			sleep_us((long)(rng() % 3000));
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		/* what the child wrote before it died was acknowledged too */
		while (rc == 1 && !bad &&
		       (rc = read_all(p[0], &r, sizeof(r))) == 1 &&
		       !(bad = r.count != acked + 1))
			acked = r.count;
		close(p[0]);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
			fail_msg("round %d: the child ended by itself (%s) "
				 "after %lld receipts",
				 round, status_str(status, how, sizeof(how)),
				 (long long)acked);
		if (bad || rc < 0)
			fail_msg("round %d: receipt %lld is out of order "
				 "(count %lld) or unreadable",
				 round, (long long)acked + 1,
				 (long long)r.count);
		assert_true((size_t)acked >= target);

		/* the expected state after the acknowledged operations */
		memset(want, 0, sizeof(want));
		for (i = 0; i < (size_t)acked; i++)
			want[sched_member(i, 0, 1, nmembers)] =
				sched_present(i, nmembers);

		wait_for_writers(aurl);
		/* an auditor without the key reads the same as the desk */
		CHECK(plenum_assembly_open(aurl, NULL, PLENUM_ASSEMBLY_READONLY,
					   &a, &dg));
		nev = verify_ok(a);
		read_state(a, got);
		plenum_assembly_close(a);
		CHECK(plenum_assembly_open(aurl, key, 0, &a, &dg));
		assert_int_equal(verify_ok(a), nev);
		read_state(a, got2);
		assert_memory_equal(got, got2, nmembers * sizeof(bool));
		ndiff = 0;
		for (i = 0; i < nmembers; i++)
			if (got[i] != want[i]) {
				ndiff++;
				diff = i;
			}
		/* at most the one operation after the last receipt: committed
		 * but not yet written to the pipe when the kill came */
		next = sched_member((size_t)acked, 0, 1, nmembers);
		print_message("# round %d: killed after %zu receipts, %lld "
			      "acknowledged, %s\n",
			      round, target, (long long)acked,
			      ndiff ? "one more committed" : "nothing more");
		if (ndiff == 0) {
			assert_int_equal(nev, base + (uint64_t)acked);
		} else {
			if (ndiff != 1 || diff != next ||
			    got[diff] != sched_present((size_t)acked, nmembers))
				fail_msg("round %d: %zu members differ from "
					 "the %lld acknowledged changes "
					 "(first: %s)",
					 round, ndiff, (long long)acked,
					 plenum_roll_member(roll, diff)->id);
			assert_int_equal(nev, base + (uint64_t)acked + 1);
		}
		/* and the assembly goes on */
		next = sched_member((size_t)acked + (ndiff ? 1 : 0), 0, 1,
				    nmembers);
		CHECK(plenum_assembly_checkin(
			a, plenum_roll_member(roll, next)->id, !got[next],
			ACTOR, &dg));
		assert_int_equal(verify_ok(a), nev + 1);
		plenum_assembly_close(a);
	}
}

/* ---- 2. two writers at once ---- */

#define WRITER_OPS 150

struct writer_result {
	int64_t ops;
	int64_t busy; /* PLENUM_EBUSY retries */
	double t0, t1;
};

/* The child of test_two_writers: the members of one parity (every other
 * member, from idx0), WRITER_OPS operations. */
static int
writer_child(const char *aurl, const char *key, size_t idx0, int ready_fd,
	     int go_fd, int res_fd)
{
	struct plenum_assembly *a = NULL;
	struct plenum_diag d = { 0 };
	struct writer_result res = { 0 };
	size_t k, m, count = (nmembers - idx0 + 1) / 2;
	enum plenum_err err;
	char c;
	int tries;

	if ((err = plenum_assembly_open(aurl, key, 0, &a, &d)) != PLENUM_OK) {
		fprintf(stderr, "writer_child: open: %s\n", d.message);
		return 10 + (int)err;
	}
	if (write_all(ready_fd, "r", 1) != 0 || read(go_fd, &c, 1) != 0) {
		plenum_assembly_close(a);
		return 3;
	}
	res.t0 = now();
	for (k = 0; k < WRITER_OPS; k++) {
		m = sched_member(k, idx0, 2, count);
		for (tries = 0;; tries++) {
			err = plenum_assembly_checkin(
				a, plenum_roll_member(roll, m)->id,
				sched_present(k, count), ACTOR, &d);
			if (err != PLENUM_EBUSY || tries == 20)
				break;
			res.busy++;
		}
		if (err != PLENUM_OK) {
			fprintf(stderr, "writer_child %zu: after %zu: %s: %s\n",
				idx0, k, plenum_err_str(err), d.message);
			plenum_assembly_close(a);
			return 10 + (int)err;
		}
		res.ops++;
	}
	res.t1 = now();
	plenum_assembly_close(a);
	return write_all(res_fd, &res, sizeof(res)) == 0 ? 0 : 4;
}

static void
test_two_writers(void **state)
{
	bool want[MAX_MEMBERS], got[MAX_MEMBERS];
	struct plenum_assembly *a = NULL;
	struct writer_result res[2];
	char aurl[PATH_MAX], key[PATH_MAX], how[2][64], c;
	int ready[2], go[2], out[2][2], status[2], i, n;
	size_t k, count;
	pid_t pid[2] = { 0, 0 };
	int64_t busy;

	(void)state;
	new_assembly("writers", aurl, key, true);
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(out[0]), 0);
	assert_int_equal(pipe(out[1]), 0);
	for (i = 0; i < 2; i++) {
		fflush(NULL);
		pid[i] = fork();
		if (pid[i] < 0) {
			reap(pid[0]);
			fail_msg("fork: %s", strerror(errno));
		}
		if (pid[i] == 0) {
			close(ready[0]);
			close(go[1]);
			close(out[i][0]);
			close(out[!i][0]);
			if (i == 0)
				close(out[1][1]);
			_exit(writer_child(aurl, key, (size_t)i, ready[1],
					   go[0], out[i][1]));
		}
		close(out[i][1]);
	}
	close(ready[1]);
	close(go[0]);
	/* both have their handle open: let them go together */
	for (n = 0; n < 2 && read_all(ready[0], &c, 1) == 1; n++)
		;
	close(ready[0]);
	close(go[1]);
	for (i = 0; i < 2; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		if (read_all(out[i][0], &res[i], sizeof(res[i])) != 1)
			res[i].ops = -1;
		close(out[i][0]);
		waitpid(pid[i], &status[i], 0);
	}
	for (i = 0; i < 2; i++)
		if (!WIFEXITED(status[i]) || WEXITSTATUS(status[i]) != 0 ||
		    res[i].ops != WRITER_OPS)
			fail_msg("writer %d: %s, %lld operations (the other: "
				 "%s)",
				 i, status_str(status[i], how[0], 64),
				 (long long)res[i].ops,
				 status_str(status[!i], how[1], 64));
	assert_int_equal(n, 2);
	busy = res[0].busy + res[1].busy;
	print_message("# two writers: %d operations each in %.2f s and %.2f "
		      "s, %s, %lld busy retries\n",
		      WRITER_OPS, res[0].t1 - res[0].t0, res[1].t1 - res[1].t0,
		      res[0].t0 < res[1].t1 && res[1].t0 < res[0].t1
			      ? "overlapping"
			      : "NOT overlapping",
		      (long long)busy);
	/* the busy timeout / advisory lock makes retries unnecessary */
	assert_int_equal(busy, 0);

	memset(want, 0, sizeof(want));
	for (i = 0; i < 2; i++) {
		count = (nmembers - (size_t)i + 1) / 2;
		for (k = 0; k < WRITER_OPS; k++)
			want[sched_member(k, (size_t)i, 2, count)] =
				sched_present(k, count);
	}
	CHECK(plenum_assembly_open(aurl, key, PLENUM_ASSEMBLY_READONLY, &a,
				   &dg));
	assert_int_equal(verify_ok(a), 1 + nmembers + 2 * WRITER_OPS);
	read_state(a, got);
	for (k = 0; k < nmembers; k++)
		if (got[k] != want[k])
			fail_msg("%s: present %d, want %d",
				 plenum_roll_member(roll, k)->id, got[k],
				 want[k]);
	plenum_assembly_close(a);
}

/* ---- 3. read-only ---- */

static void
test_readonly(void **state)
{
	bool before[MAX_MEMBERS], after[MAX_MEMBERS];
	struct plenum_assembly_quorum q0, q1;
	struct plenum_assembly *a = NULL;
	char aurl[PATH_MAX], key[PATH_MAX], missing[PATH_MAX];
	const char *id0 = plenum_roll_member(roll, 0)->id;
	const char *id1 = plenum_roll_member(roll, 1)->id;
	uint64_t nev;
	size_t i;

	(void)state;
	new_assembly("readonly", aurl, key, true);
	CHECK(plenum_assembly_open(aurl, key, 0, &a, &dg));
	for (i = 0; i < 60; i++)
		CHECK(plenum_assembly_checkin(
			a, plenum_roll_member(roll, i)->id, true, ACTOR, &dg));
	CHECK(plenum_assembly_quorum(a, &q0, &dg));
	nev = verify_ok(a);
	assert_int_equal(nev, 1 + nmembers + 60);
	read_state(a, before);
	plenum_assembly_close(a);
	assert_true(q0.applies);
	assert_int_equal(q0.attending, 60);

	/* no key: changes are refused, saying why */
	CHECK(plenum_assembly_open(aurl, NULL, PLENUM_ASSEMBLY_READONLY, &a,
				   &dg));
	EXPECT(PLENUM_EREADONLY,
	       plenum_assembly_checkin(a, id0, false, ACTOR, &dg));
	assert_non_null(strstr(dg.message, "no key"));
	assert_non_null(strstr(dg.message, "read and verified, not changed"));
	assert_non_null(strstr(dg.message, "readonly")); /* its name */
	EXPECT(PLENUM_EREADONLY,
	       plenum_assembly_checkin(a, plenum_roll_member(roll, 70)->id,
				       true, ACTOR, &dg));
	EXPECT(PLENUM_EREADONLY,
	       plenum_assembly_exclude(a, id1, "ill", ACTOR, &dg));
	EXPECT(PLENUM_EREADONLY,
	       plenum_assembly_roll_import(a, roll, ACTOR, &dg));
	/* reading and verifying work */
	CHECK(plenum_assembly_quorum(a, &q1, &dg));
	assert_memory_equal(&q0, &q1, sizeof(q0));
	assert_int_equal(verify_ok(a), nev);
	read_state(a, after);
	assert_memory_equal(before, after, nmembers * sizeof(bool));
	plenum_assembly_close(a);

	/* a key path naming a missing file is as good as none */
	join_path(missing, "no-such.key");
	CHECK(plenum_assembly_open(aurl, missing, PLENUM_ASSEMBLY_READONLY, &a,
				   &dg));
	EXPECT(PLENUM_EREADONLY,
	       plenum_assembly_checkin(a, id0, false, ACTOR, &dg));
	assert_non_null(strstr(dg.message, "no key"));
	plenum_assembly_close(a);

	/* read-only with the key: the database refuses the write */
	CHECK(plenum_assembly_open(aurl, key, PLENUM_ASSEMBLY_READONLY, &a,
				   &dg));
	EXPECT(PLENUM_EREADONLY,
	       plenum_assembly_checkin(a, id0, false, ACTOR, &dg));
	assert_true(dg.message[0] != '\0');
	CHECK(plenum_assembly_quorum(a, &q1, &dg));
	assert_memory_equal(&q0, &q1, sizeof(q0));
	plenum_assembly_close(a);

	/* no key without the flag: read and verify only, too */
	CHECK(plenum_assembly_open(aurl, NULL, 0, &a, &dg));
	EXPECT(PLENUM_EREADONLY,
	       plenum_assembly_checkin(a, id0, false, ACTOR, &dg));
	assert_non_null(strstr(dg.message, "no key"));
	plenum_assembly_close(a);

	/* nothing changed, and the owner of the key still can */
	CHECK(plenum_assembly_open(aurl, key, 0, &a, &dg));
	assert_int_equal(verify_ok(a), nev);
	read_state(a, after);
	assert_memory_equal(before, after, nmembers * sizeof(bool));
	CHECK(plenum_assembly_checkin(a, id0, false, ACTOR, &dg));
	assert_int_equal(verify_ok(a), nev + 1);
	plenum_assembly_close(a);
}

/* ---- 4. full disk (SQLite) ---- */

/* Bytes allowed over the database file's size, one round each: the WAL
 * fills up after a few or after many changes, at fixed, varied points. */
#ifndef FULL_HEADROOMS
#define FULL_HEADROOMS 8 * 1024, 20 * 1024, 64 * 1024 + 1234, 150 * 1024 + 77
#endif

/*
 * The child of test_full_disk: under a file size limit just above the
 * database file's size (the WAL, which starts empty, is what grows),
 * checks members in and out until an operation fails.  A receipt per
 * acknowledged change, then a last record (member -1) with the error, and
 * whether the handle could still read.
 */
static int
full_child(const char *aurl, const char *key, long headroom, int fd)
{
	struct plenum_assembly *a = NULL;
	struct plenum_assembly_quorum q;
	struct plenum_diag d = { 0 }, d2 = { 0 };
	struct receipt r;
	struct rlimit rl;
	struct stat sb;
	enum plenum_err err;
	size_t k, m;
	bool in;

	signal(SIGXFSZ, SIG_IGN);
	if ((err = plenum_assembly_open(aurl, key, 0, &a, &d)) != PLENUM_OK) {
		fprintf(stderr, "full_child: open: %s\n", d.message);
		return 10 + (int)err;
	}
	if (stat(aurl, &sb) != 0)
		return 4;
	rl.rlim_cur = rl.rlim_max = (rlim_t)(sb.st_size + headroom);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 5;
	err = PLENUM_OK;
	for (k = 0; k < KILL_MAX_OPS; k++) {
		m = sched_member(k, 0, 1, nmembers);
		in = sched_present(k, nmembers);
		err = plenum_assembly_checkin(
			a, plenum_roll_member(roll, m)->id, in, ACTOR, &d);
		if (err != PLENUM_OK)
			break;
		memset(&r, 0, sizeof(r));
		r.member = (int32_t)m;
		r.present = in;
		r.count = (int64_t)k + 1;
		if (write_all(fd, &r, sizeof(r)) != 0)
			return 3;
	}
	if (err != PLENUM_OK)
		fprintf(stderr, "# full_child: after %zu: %s: %s\n", k,
			plenum_err_str(err), d.message);
	memset(&r, 0, sizeof(r));
	r.member = -1;
	r.count = (int64_t)k;
	r.err = (int32_t)err;
	/* the handle still reads */
	r.read = plenum_assembly_quorum(a, &q, &d2) == PLENUM_OK;
	/* closing may try to checkpoint the WAL into the file: let it fail */
	plenum_assembly_close(a);
	return write_all(fd, &r, sizeof(r)) == 0 ? 0 : 3;
}

static void
full_round(int round, long headroom)
{
	bool want[MAX_MEMBERS], got[MAX_MEMBERS];
	struct plenum_assembly *a = NULL;
	char aurl[PATH_MAX], key[PATH_MAX], how[64], name[32];
	struct receipt r, last;
	int64_t acked = 0;
	int p[2], status, rc;
	uint64_t nev;
	size_t i, next;
	pid_t pid;

	snprintf(name, sizeof(name), "full%d", round);
	new_assembly(name, aurl, key, true);
	assert_int_equal(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(full_child(aurl, key, headroom, p[1]));
	}
	close(p[1]);
	memset(&last, 0, sizeof(last));
	last.member = 0;
	while ((rc = read_all(p[0], &r, sizeof(r))) == 1) {
		if (r.member < 0) {
			last = r;
			break;
		}
		if (r.count != acked + 1)
			break;
		acked = r.count;
	}
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || last.member >= 0)
		fail_msg("headroom %ld: the child: %s after %lld "
			 "acknowledged changes",
			 headroom, status_str(status, how, sizeof(how)),
			 (long long)acked);
	assert_int_equal(last.count, acked);
	/* it got some way before the disk was full, and no further */
	assert_true(acked >= 1);
	assert_true(acked < KILL_MAX_OPS);
	/* SQLite says SQLITE_IOERR_WRITE; errno EFBIG makes it EFULL */
	assert_int_equal(last.err, PLENUM_EFULL);
	assert_true(last.read);
	print_message("# full disk, %ld bytes of room: %lld changes "
		      "acknowledged, then %s\n",
		      headroom, (long long)acked, plenum_err_str(last.err));

	memset(want, 0, sizeof(want));
	for (i = 0; i < (size_t)acked; i++)
		want[sched_member(i, 0, 1, nmembers)] =
			sched_present(i, nmembers);
	CHECK(plenum_assembly_open(aurl, key, 0, &a, &dg));
	nev = verify_ok(a);
	read_state(a, got);
	for (i = 0; i < nmembers; i++)
		if (got[i] != want[i])
			fail_msg("%s: present %d, want %d after %lld "
				 "acknowledged changes",
				 plenum_roll_member(roll, i)->id, got[i],
				 want[i], (long long)acked);
	/* the failed change left nothing behind */
	assert_int_equal(nev, 1 + nmembers + (uint64_t)acked);
	/* with room again, the failed change goes through */
	next = sched_member((size_t)acked, 0, 1, nmembers);
	CHECK(plenum_assembly_checkin(a, plenum_roll_member(roll, next)->id,
				      sched_present((size_t)acked, nmembers),
				      ACTOR, &dg));
	assert_int_equal(verify_ok(a), nev + 1);
	plenum_assembly_close(a);
}

static void
test_full_disk(void **state)
{
	static const long headroom[] = { FULL_HEADROOMS };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(headroom) / sizeof(headroom[0]); i++)
		full_round((int)i, headroom[i]);
}

/* ---- 5. wrong key, newer schema ---- */

/* Whether s holds the decimal number n, not as part of a longer one. */
static bool
has_number(const char *s, long n)
{
	char num[32];
	const char *p;
	size_t len;

	len = (size_t)snprintf(num, sizeof(num), "%ld", n);
	for (p = strstr(s, num); p != NULL; p = strstr(p + 1, num))
		if ((p == s || p[-1] < '0' || p[-1] > '9') &&
		    (p[len] < '0' || p[len] > '9'))
			return true;
	return false;
}

static void
test_refused(void **state)
{
	struct plenum_assembly *a = (void *)1;
	struct plenum_db *db = NULL;
	struct plenum_stmt *st = NULL;
	char aurl[PATH_MAX], akey[PATH_MAX], burl[PATH_MAX], bkey[PATH_MAX];
	char bad[PATH_MAX], sql[128];
	FILE *f;
	int row;

	(void)state;
	new_assembly("key_a", aurl, akey, false);
	new_assembly("key_b", burl, bkey, false);

	/* another assembly's key, with and without the read-only flag */
	EXPECT(PLENUM_EINPUT, plenum_assembly_open(aurl, bkey, 0, &a, &dg));
	assert_null(a);
	assert_non_null(strstr(dg.message, "another assembly"));
	assert_non_null(strstr(dg.message, bkey));
	EXPECT(PLENUM_EINPUT,
	       plenum_assembly_open(aurl, bkey, PLENUM_ASSEMBLY_READONLY, &a,
				    &dg));
	assert_null(a);
	/* a file that is no key at all */
	join_path(bad, "bad.key");
	assert_non_null(f = fopen(bad, "w"));
	fputs("not hex\n", f);
	fclose(f);
	EXPECT(PLENUM_EINPUT, plenum_assembly_open(aurl, bad, 0, &a, &dg));
	assert_null(a);
	/* the right keys still open them */
	CHECK(plenum_assembly_open(aurl, akey, 0, &a, &dg));
	CHECK(plenum_assembly_roll_import(a, roll, ACTOR, &dg));
	plenum_assembly_close(a);
	CHECK(plenum_assembly_open(burl, bkey, 0, &a, &dg));
	plenum_assembly_close(a);

	/* a newer schema: refused, naming both versions */
	CHECK(plenum_db_open(aurl, 0, &db, &dg));
	snprintf(sql, sizeof(sql),
		 "UPDATE meta SET value = '%d' WHERE key = 'schema_version'",
		 PLENUM_SCHEMA_VERSION + 1);
	memset(&dg, 0, sizeof(dg));
	if (plenum_db_prepare(db, sql, &st, &dg) != PLENUM_OK ||
	    plenum_db_step(st, &row, &dg) != PLENUM_OK ||
	    plenum_db_changes(db) != 1) {
		plenum_db_finalize(st);
		plenum_db_close(db);
		fail_msg("%s: %s", sql, dg.message);
	}
	plenum_db_finalize(st);
	plenum_db_close(db);
	a = (void *)1;
	EXPECT(PLENUM_EINPUT, plenum_assembly_open(aurl, akey, 0, &a, &dg));
	assert_null(a);
	if (!has_number(dg.message, PLENUM_SCHEMA_VERSION + 1) ||
	    !has_number(dg.message, PLENUM_SCHEMA_VERSION) ||
	    strstr(dg.message, "schema") == NULL)
		fail_msg("the message does not name versions %d and %d: %s",
			 PLENUM_SCHEMA_VERSION + 1, PLENUM_SCHEMA_VERSION,
			 dg.message);
	print_message("# %s\n", dg.message);
	a = (void *)1;
	EXPECT(PLENUM_EINPUT,
	       plenum_assembly_open(aurl, NULL, PLENUM_ASSEMBLY_READONLY, &a,
				    &dg));
	assert_null(a);
	/* the other assembly is untouched */
	CHECK(plenum_assembly_open(burl, bkey, 0, &a, &dg));
	assert_int_equal(verify_ok(a), 1);
	plenum_assembly_close(a);
}

/* verify reads one snapshot: a writer committing meanwhile (here another
 * process checking members in) never makes a healthy log look tampered. */
static void
test_verify_while_writing(void **state)
{
	struct plenum_assembly *a = NULL;
	struct plenum_assembly_verify v;
	char aurl[PATH_MAX], key[PATH_MAX];
	int p[2], i, fails = 0, status;
	pid_t pid;
	enum plenum_err err;

	(void)state;
	new_assembly("race", aurl, key, true);
	assert_int_equal(pipe(p), 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		_exit(checkin_child(aurl, key, p[1]));
	}
	close(p[1]);
	CHECK(plenum_assembly_open(aurl, NULL, PLENUM_ASSEMBLY_READONLY, &a,
				   &dg));
	for (i = 0; i < 200; i++) {
		memset(&dg, 0, sizeof(dg));
		err = plenum_assembly_verify(a, &v, &dg);
		if (err != PLENUM_OK) {
			if (fails < 5)
				print_message("# verify %d: %s: %s\n", i,
					      plenum_err_str(err), dg.message);
			fails++;
		}
	}
	plenum_assembly_close(a);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(p[0]);
	print_message("# %d of 200 verifies failed while a writer ran\n",
		      fails);
	assert_int_equal(fails, 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill),
		cmocka_unit_test(test_two_writers),
		cmocka_unit_test(test_readonly),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_verify_while_writing),
		/* SQLite only, so last */
		cmocka_unit_test(test_full_disk),
	};
	size_t n = sizeof(tests) / sizeof(tests[0]);

	if (argc != 3) {
		fprintf(stderr, "usage: test_reliability URL DATADIR\n");
		return 2;
	}
	url = argv[1];
	datadir = argv[2];
	pg = strncmp(url, "postgresql://", 13) == 0 ||
	     strncmp(url, "postgres://", 11) == 0;
	if (pg) {
		/* meson counts cmocka's "not ok # SKIP" as a failure */
		print_message("# test_full_disk: SQLite only (a server's disk "
			      "cannot be filled from here)\n");
		n--;
	}
	return _cmocka_run_group_tests(pg ? "reliability-postgresql"
					  : "reliability-sqlite",
				       tests, n, setup, teardown);
}
