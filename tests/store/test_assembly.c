/*
 * test_assembly.c: the assembly on SQLite (argv[1] a path prefix) or
 * PostgreSQL (a postgresql:// URL): creation, the roll, check-in, the live
 * quorum, verification, tampering with each stored event in turn, export,
 * and the secrecy of the schema.  argv[2] is tests/unit/data.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assembly.h"
#include "buf.h"
#include "db.h"
#include "store_support.h"

static int
count_one(void *ctx, const struct plenum_assembly_member *m)
{
	(void)m;
	(*(int *)ctx)++;
	return 0;
}

static int
first_full_ids(void *ctx, const struct plenum_assembly_member *m)
{
	char(*ids)[16] = ctx;
	int i;

	if (m->status != PLENUM_ROLL_FULL || m->exclusion != NULL)
		return 0;
	for (i = 0; ids[i][0] != '\0'; i++)
		;
	if (i >= 95)
		return 1;
	snprintf(ids[i], sizeof(ids[i]), "%s", m->id);
	return 0;
}

static void
test_create_and_open(void **state)
{
	struct plenum_assembly *a = NULL, *b = NULL;
	struct plenum_diag d = { 0 };
	struct fresh f, g;
	int64_t clock = 0;

	(void)state;
	a = store_support_congress(&f, "cn-basic", "roll-97.csv", &clock);
	assert_string_equal(plenum_assembly_info(a)->name, "第九次代表大会");
	assert_int_equal(plenum_assembly_info(a)->preset,
			 PLENUM_PRESET_CN_BASIC);
	assert_string_equal(plenum_assembly_info(a)->locale, "zh-Hans");
	plenum_assembly_close(a);

	/* the place and the key are taken */
	assert_int_equal(
		plenum_assembly_create(f.url, f.key, "x", "vn", "vi", NULL, &d),
		PLENUM_EINPUT);
	/* bad arguments create nothing */
	store_support_fresh(&g);
	assert_int_equal(plenum_assembly_create(g.url, g.key, "x", "nope", "vi",
						NULL, &d),
			 PLENUM_EINPUT);
	assert_int_equal(
		plenum_assembly_create(g.url, g.key, "x", "vn", "fr", NULL, &d),
		PLENUM_EINPUT);
	assert_int_not_equal(access(g.key, F_OK), 0);

	/* another assembly's key is refused */
	assert_int_equal(plenum_assembly_create(g.url, g.key, "其他", "vn",
						"vi", NULL, &d),
			 PLENUM_OK);
	assert_int_equal(plenum_assembly_open(f.url, g.key, 0, &b, &d),
			 PLENUM_EINPUT);
	assert_non_null(strstr(d.message, "belongs to another assembly"));
	assert_null(b);

	/* without its key an assembly reads, but does not change */
	assert_int_equal(plenum_assembly_open(f.url, NULL, 0, &b, &d),
			 PLENUM_OK);
	assert_int_equal(plenum_assembly_checkin(b, "D001", true, NULL, &d),
			 PLENUM_EREADONLY);
	plenum_assembly_close(b);
	plenum_assembly_close(NULL);
}

static void
test_roll_and_quorum(void **state)
{
	struct plenum_assembly *a;
	struct plenum_assembly_quorum q;
	struct plenum_diag d = { 0 };
	struct plenum_roll *roll;
	char ids[96][16];
	struct fresh f;
	int64_t clock = 0;
	int n = 0, i;

	(void)state;
	a = store_support_congress(&f, "cn-basic", "roll-97.csv", &clock);
	assert_int_equal(plenum_assembly_members(a, NULL, count_one, &n, &d),
			 PLENUM_OK);
	assert_int_equal(n, 102);
	n = 0;
	assert_int_equal(plenum_assembly_members(a, "王伟", count_one, &n, &d),
			 PLENUM_OK);
	assert_int_equal(n, 2);

	/* a roll is imported once: the second changes nothing */
	roll = store_support_load_roll("roll-97.csv");
	assert_int_equal(plenum_assembly_roll_import(a, roll, NULL, &d),
			 PLENUM_ECONFLICT);
	plenum_roll_free(roll);
	n = 0;
	plenum_assembly_members(a, NULL, count_one, &n, &d);
	assert_int_equal(n, 102);

	/* 97 full delegates, 2 on leave: 95 should attend, 77 make 4/5+ */
	assert_int_equal(plenum_assembly_quorum(a, &q, &d), PLENUM_OK);
	assert_int_equal(q.members, 102);
	assert_int_equal(q.voting, 97);
	assert_int_equal(q.excluded, 2);
	assert_int_equal(q.should_attend, 95);
	assert_int_equal(q.present, 0);
	assert_true(q.applies);
	assert_int_equal(q.required, 77);
	assert_false(q.met);

	memset(ids, 0, sizeof(ids));
	plenum_assembly_members(a, NULL, first_full_ids, ids, &d);
	for (i = 0; i < 76; i++)
		assert_int_equal(
			plenum_assembly_checkin(a, ids[i], true, "签到处", &d),
			PLENUM_OK);
	plenum_assembly_quorum(a, &q, &d);
	assert_int_equal(q.present, 76);
	assert_false(q.met);
	assert_int_equal(plenum_assembly_checkin(a, ids[76], true, NULL, &d),
			 PLENUM_OK);
	plenum_assembly_quorum(a, &q, &d);
	assert_true(q.met);

	/* a double scan shows; unknown ids are refused; leaving counts */
	assert_int_equal(plenum_assembly_checkin(a, ids[0], true, NULL, &d),
			 PLENUM_ECONFLICT);
	assert_non_null(strstr(d.message, "already checked in"));
	assert_int_equal(plenum_assembly_checkin(a, "nobody", true, NULL, &d),
			 PLENUM_EINPUT);
	assert_int_equal(plenum_assembly_checkin(a, ids[0], false, NULL, &d),
			 PLENUM_OK);
	plenum_assembly_quorum(a, &q, &d);
	assert_int_equal(q.present, 76);
	assert_false(q.met);

	/* an exclusion lowers those who should attend, and can be undone */
	assert_int_equal(plenum_assembly_exclude(a, ids[90], "病假", NULL, &d),
			 PLENUM_OK);
	plenum_assembly_quorum(a, &q, &d);
	assert_int_equal(q.should_attend, 94);
	assert_int_equal(q.required, 76);
	assert_true(q.met);
	assert_int_equal(plenum_assembly_exclude(a, ids[90], NULL, NULL, &d),
			 PLENUM_OK);
	plenum_assembly_quorum(a, &q, &d);
	assert_int_equal(q.should_attend, 95);
	assert_int_equal(plenum_assembly_exclude(a, "nobody", "x", NULL, &d),
			 PLENUM_EINPUT);
	plenum_assembly_close(a);
}

/* Vietnam: at least 2/3 of those convened, excluded ones included. */
static void
test_vn_quorum(void **state)
{
	struct plenum_assembly *a;
	struct plenum_assembly_quorum q;
	struct plenum_diag d = { 0 };
	struct fresh f;
	int64_t clock = 0;

	(void)state;
	a = store_support_congress(&f, "vn", "roll-vn-139.csv", &clock);
	assert_int_equal(plenum_assembly_quorum(a, &q, &d), PLENUM_OK);
	assert_int_equal(q.members, 139);
	assert_int_equal(q.voting, 126);
	assert_int_equal(q.excluded, 3);
	assert_int_equal(q.should_attend, 123);
	assert_int_equal(q.required, 84); /* 3 * 84 >= 2 * 126 */
	plenum_assembly_close(a);
}

/* ---- tampering ---- */

static struct plenum_db *
raw(const struct fresh *f)
{
	struct plenum_db *db = NULL;

	assert_int_equal(plenum_db_open(f->url, 0, &db, NULL), PLENUM_OK);
	/* what an intruder with the database would do first */
	assert_int_equal(
		plenum_db_ddl(
			db,
			store_support_pg()
				? "ALTER TABLE events DISABLE TRIGGER USER;"
				  "ALTER TABLE checkpoints DISABLE TRIGGER "
				  "USER"
				: "DROP TRIGGER IF EXISTS events_no_update;"
				  "DROP TRIGGER IF EXISTS events_no_delete;"
				  "DROP TRIGGER IF EXISTS "
				  "checkpoints_no_delete",
			NULL),
		PLENUM_OK);
	return db;
}

static void
run_sql(struct plenum_db *db, const char *sql, int64_t a, int64_t b,
	const void *blob, size_t len)
{
	struct plenum_stmt *st = NULL;
	int row, n = 0;

	assert_int_equal(plenum_db_prepare(db, sql, &st, NULL), PLENUM_OK);
	if (blob != NULL)
		assert_int_equal(plenum_db_bind_blob(st, ++n, blob, len),
				 PLENUM_OK);
	if (a >= 0)
		assert_int_equal(plenum_db_bind_int(st, ++n, a), PLENUM_OK);
	if (b >= 0)
		assert_int_equal(plenum_db_bind_int(st, ++n, b), PLENUM_OK);
	assert_int_equal(plenum_db_step(st, &row, NULL), PLENUM_OK);
	plenum_db_finalize(st);
}

static size_t
get_encoding(struct plenum_db *db, int64_t seq, unsigned char *out)
{
	struct plenum_stmt *st = NULL;
	const void *p;
	size_t len;
	int row;

	assert_int_equal(plenum_db_prepare(db,
					   "SELECT encoding FROM events WHERE "
					   "seq = ?",
					   &st, NULL),
			 PLENUM_OK);
	plenum_db_bind_int(st, 1, seq);
	assert_int_equal(plenum_db_step(st, &row, NULL), PLENUM_OK);
	assert_true(row);
	p = plenum_db_column_blob(st, 0, &len);
	assert_true(len < 4096);
	memcpy(out, p, len);
	plenum_db_finalize(st);
	return len;
}

static void
expect_fault(struct plenum_assembly *a, const char *what, int64_t seq)
{
	struct plenum_assembly_verify v;
	struct plenum_diag d = { 0 };

	if (plenum_assembly_verify(a, &v, &d) != PLENUM_EINPUT)
		fail_msg("%s of event %lld went unnoticed", what,
			 (long long)seq);
}

static void
expect_ok(struct plenum_assembly *a, const char *after, int64_t seq)
{
	struct plenum_assembly_verify v;
	struct plenum_diag d = { 0 };

	if (plenum_assembly_verify(a, &v, &d) != PLENUM_OK)
		fail_msg("after undoing the %s of event %lld: %s", after,
			 (long long)seq, d.message);
}

/* Puts a row back with a stand-in hash (the column is only a hint for
 * locating faults; verify recomputes the chain), then clears the hint. */
#define RESTORE_SQL                                                            \
	"INSERT INTO events (encoding, seq, time_us, type, actor, hash) "      \
	"SELECT ?, ?, 0, 'x', '', hash FROM events WHERE seq = (SELECT "       \
	"MIN(seq) FROM events)"

static void
test_tampering(void **state)
{
	struct plenum_assembly *a;
	struct plenum_assembly_verify v;
	struct plenum_diag d = { 0 };
	struct plenum_roll *roll;
	struct plenum_db *db;
	unsigned char enc[4096], next[4096];
	size_t len, nlen;
	struct fresh f;
	int64_t clock = 0, seq, nevents;

	(void)state;
	/* a small roll keeps this quick: 6 members, then 6 check-ins */
	store_support_fresh(&f);
	{
		static const char csv[] =
			"id,name,unit,status\n"
			"1,赵一,一中,正式\n2,钱二,二中,正式\n"
			"3,孙三,三中,正式\n4,李四,四中,预备\n"
			"5,周五,五中,正式\n6,吴六,六中,列席\n";

		assert_int_equal(plenum_roll_parse((const void *)csv,
						   strlen(csv), &roll, NULL,
						   NULL, NULL),
				 PLENUM_OK);
	}
	assert_int_equal(plenum_assembly_create(f.url, f.key, "支部大会",
						"cn-basic", "zh-Hans", NULL,
						&d),
			 PLENUM_OK);
	assert_int_equal(plenum_assembly_open(f.url, f.key, 0, &a, &d),
			 PLENUM_OK);
	plenum_assembly_set_clock(a, store_support_ticking, &clock);
	assert_int_equal(plenum_assembly_roll_import(a, roll, NULL, &d),
			 PLENUM_OK);
	plenum_roll_free(roll);
	for (seq = 1; seq <= 6; seq++) {
		char id[8];

		snprintf(id, sizeof(id), "%lld", (long long)seq);
		assert_int_equal(plenum_assembly_checkin(a, id, true, NULL, &d),
				 PLENUM_OK);
	}
	assert_int_equal(plenum_assembly_verify(a, &v, &d), PLENUM_OK);
	nevents = (int64_t)v.chain.nevents;
	assert_int_equal(nevents, 1 + 6 + 6);
	assert_true(v.chain.head_signed);

	/* the log refuses changes while its triggers stand */
	assert_int_equal(plenum_db_open(f.url, 0, &db, NULL), PLENUM_OK);
	assert_int_equal(plenum_db_ddl(db, "DELETE FROM events", &d),
			 PLENUM_ECONFLICT);
	plenum_db_close(db);

	db = raw(&f);
	for (seq = 1; seq <= nevents; seq++) {
		len = get_encoding(db, seq, enc);

		/* an edited byte (the last: inside the payload) */
		enc[len - 1] ^= 0x01;
		run_sql(db, "UPDATE events SET encoding = ? WHERE seq = ?", seq,
			-1, enc, len);
		expect_fault(a, "edit", seq);
		enc[len - 1] ^= 0x01;
		run_sql(db, "UPDATE events SET encoding = ? WHERE seq = ?", seq,
			-1, enc, len);
		expect_ok(a, "edit", seq);

		/* a deleted event */
		run_sql(db, "DELETE FROM events WHERE seq = ?", seq, -1, NULL,
			0);
		expect_fault(a, "deletion", seq);
		run_sql(db, RESTORE_SQL, seq, -1, enc, len);
		/* the hash column is only a hint; put the real one back by
		 * replaying: verify passes when the hint is absent or right */
		run_sql(db, "UPDATE events SET hash = ? WHERE seq = ?", seq, -1,
			"", 0);
		expect_ok(a, "deletion", seq);

		/* two events swapped */
		if (seq < nevents) {
			nlen = get_encoding(db, seq + 1, next);
			run_sql(db,
				"UPDATE events SET encoding = ? WHERE seq = ?",
				seq, -1, next, nlen);
			run_sql(db,
				"UPDATE events SET encoding = ? WHERE seq = ?",
				seq + 1, -1, enc, len);
			expect_fault(a, "swap", seq);
			run_sql(db,
				"UPDATE events SET encoding = ? WHERE seq = ?",
				seq, -1, enc, len);
			run_sql(db,
				"UPDATE events SET encoding = ? WHERE seq = ?",
				seq + 1, -1, next, nlen);
			expect_ok(a, "swap", seq);
		}
	}

	/* an inserted event after the head, and a deleted head */
	len = get_encoding(db, nevents, enc);
	run_sql(db, RESTORE_SQL, nevents + 1, -1, enc, len);
	expect_fault(a, "insertion after", nevents);
	run_sql(db, "DELETE FROM events WHERE seq = ?", nevents + 1, -1, NULL,
		0);
	expect_ok(a, "insertion after", nevents);
	run_sql(db, "DELETE FROM events WHERE seq = ?", nevents, -1, NULL, 0);
	expect_fault(a, "deletion of the head", nevents);
	run_sql(db, RESTORE_SQL, nevents, -1, enc, len);
	run_sql(db, "UPDATE events SET hash = ? WHERE seq = ?", nevents, -1, "",
		0);
	expect_ok(a, "deletion of the head", nevents);

	/* the tables are checked against the log too */
	run_sql(db, "UPDATE members SET present = 0 WHERE id = '3'", -1, -1,
		NULL, 0);
	assert_int_equal(plenum_assembly_verify(a, &v, &d), PLENUM_EINPUT);
	assert_false(v.tables_match);
	assert_non_null(strstr(d.message, "members"));
	plenum_db_close(db);
	plenum_assembly_close(a);
}

static void
test_export(void **state)
{
	struct plenum_assembly *a;
	struct plenum_event_log *log = NULL;
	struct plenum_event_verify_result res;
	struct plenum_event_genesis g;
	struct plenum_event_sink sink;
	struct plenum_diag d = { 0 };
	struct plenum_buf out;
	struct fresh f;
	int64_t clock = 0;

	(void)state;
	a = store_support_congress(&f, "cn-basic", "roll-97.csv", &clock);
	plenum_buf_init(&out, 1u << 24);
	sink.write = plenum_event_buf_write;
	sink.ctx = &out;
	assert_int_equal(plenum_assembly_export(a, &sink, &d), PLENUM_OK);
	assert_int_equal(
		plenum_event_export_read_mem(out.data, out.len, &log, &d),
		PLENUM_OK);
	g.assembly_id = plenum_assembly_info(a)->id;
	memcpy(g.public_key, plenum_assembly_info(a)->public_key,
	       sizeof(g.public_key));
	assert_int_equal(plenum_event_verify_log(log, &g, NULL, &res, &d),
			 PLENUM_OK);
	assert_int_equal(res.nevents, 1 + 102);
	assert_true(res.head_signed);
	plenum_event_log_free(log);

	/* a flipped byte in the middle of the file is found */
	out.data[out.len / 2] ^= 0x20;
	log = NULL;
	if (plenum_event_export_read_mem(out.data, out.len, &log, &d) ==
	    PLENUM_OK)
		assert_int_equal(
			plenum_event_verify_log(log, &g, NULL, &res, &d),
			PLENUM_EINPUT);
	plenum_event_log_free(log);
	plenum_buf_release(&out);
	plenum_assembly_close(a);
}

/* No table pairs a member with ballot content, and every stored event
 * passes the secrecy check. */
static void
test_secrecy(void **state)
{
	static const char *const member_cols[] = { "member", "member_id",
						   "voter", "id" };
	static const char *const ballot_cols[] = { "marks", "ballot",
						   "ballots" };
	struct plenum_assembly *a;
	struct plenum_db *db;
	struct plenum_stmt *st = NULL;
	struct plenum_diag d = { 0 };
	struct fresh f;
	char table[64] = "", mflag = 0, bflag = 0;
	int64_t clock = 0;
	size_t i;
	int row;

	(void)state;
	a = store_support_congress(&f, "cn-basic", "roll-97.csv", &clock);
	plenum_assembly_checkin(a, "D001", true, NULL, &d);
	plenum_assembly_close(a);
	assert_int_equal(plenum_db_open(f.url, 0, &db, NULL), PLENUM_OK);
	assert_int_equal(
		plenum_db_prepare(
			db,
			store_support_pg()
				? "SELECT table_name, column_name FROM "
				  "information_schema.columns WHERE "
				  "table_schema = "
				  "current_schema() ORDER BY table_name"
				: "SELECT m.name, p.name FROM sqlite_master m, "
				  "pragma_table_info(m.name) p WHERE m.type = "
				  "'table' ORDER BY m.name",
			&st, NULL),
		PLENUM_OK);
	for (;;) {
		const char *t, *c;

		assert_int_equal(plenum_db_step(st, &row, NULL), PLENUM_OK);
		t = row ? plenum_db_column_text(st, 0) : "";
		if (strcmp(t, table) != 0) {
			if (mflag && bflag)
				fail_msg("table %s links members and ballots",
					 table);
			snprintf(table, sizeof(table), "%s", t);
			mflag = bflag = 0;
		}
		if (!row)
			break;
		c = plenum_db_column_text(st, 1);
		/* "id" of the members table is the member itself */
		for (i = 0; i < sizeof(member_cols) / sizeof(*member_cols); i++)
			if (strcmp(c, member_cols[i]) == 0 &&
			    (i < 3 || strcmp(t, "members") == 0))
				mflag = 1;
		for (i = 0; i < sizeof(ballot_cols) / sizeof(*ballot_cols); i++)
			if (strcmp(c, ballot_cols[i]) == 0)
				bflag = 1;
	}
	plenum_db_finalize(st);

	/* every stored event passes the secrecy convention */
	assert_int_equal(
		plenum_db_prepare(db, "SELECT encoding FROM events", &st, NULL),
		PLENUM_OK);
	for (;;) {
		struct plenum_event *ev = NULL;
		const void *p;
		size_t len;

		assert_int_equal(plenum_db_step(st, &row, NULL), PLENUM_OK);
		if (!row)
			break;
		p = plenum_db_column_blob(st, 0, &len);
		assert_int_equal(plenum_event_decode(p, len, &ev, NULL),
				 PLENUM_OK);
		assert_int_equal(plenum_event_check_secrecy(ev, NULL),
				 PLENUM_OK);
		plenum_event_free(ev);
	}
	plenum_db_finalize(st);
	plenum_db_close(db);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_open),
		cmocka_unit_test(test_roll_and_quorum),
		cmocka_unit_test(test_vn_quorum),
		cmocka_unit_test(test_tampering),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_secrecy),
	};
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: %s URL|PATH DATA_DIR\n", argv[0]);
		return 2;
	}
	if (store_support_init(argv[1], argv[2], "asm") != 0)
		return 2;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	store_support_cleanup();
	return rc;
}
