/*
 * test_agenda.c: the agenda and resolutions module on SQLite (argv[1] a
 * path prefix) or PostgreSQL (a postgresql:// URL): items and their
 * states, resolutions decided by hands and by ballot on cn-basic and vn
 * against the live quorum, the refusals, verification, tampering with the
 * tables, and a forged result refused by the recount in apply().  argv[2]
 * is tests/unit/data.
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

#include "agenda.h"
#include "assembly.h"
#include "assembly_impl.h"
#include "db.h"
#include "store_support.h"

struct ids {
	char id[200][16];
	int n;
};

/* The full members who are not excluded, in roll order. */
static int
full_ids(void *ctx, const struct plenum_assembly_member *m)
{
	struct ids *ids = ctx;

	if (m->status != PLENUM_ROLL_FULL || m->exclusion != NULL ||
	    ids->n >= 200)
		return 0;
	snprintf(ids->id[ids->n++], sizeof(ids->id[0]), "%s", m->id);
	return 0;
}

/* Checks in the first n full, not excluded members. */
static void
check_in(struct plenum_assembly *a, int n)
{
	static struct ids ids;
	struct plenum_diag d = { 0 };
	int i;

	memset(&ids, 0, sizeof(ids));
	assert_int_equal(plenum_assembly_members(a, NULL, full_ids, &ids, &d),
			 PLENUM_OK);
	assert_true(ids.n >= n);
	for (i = 0; i < n; i++)
		if (plenum_assembly_checkin(a, ids.id[i], true, "签到处", &d) !=
		    PLENUM_OK)
			fail_msg("check-in %s: %s", ids.id[i], d.message);
}

static void
verify_ok(struct plenum_assembly *a)
{
	struct plenum_assembly_verify v;
	struct plenum_diag d = { 0 };

	if (plenum_assembly_verify(a, &v, &d) != PLENUM_OK)
		fail_msg("verify: %s", d.message);
	assert_true(v.tables_match);
}

/* ---- items ---- */

struct states {
	char state[16][16];
	char title[16][64];
	int n, current;
};

static int
collect_items(void *ctx, const struct plenum_agenda_item *it)
{
	struct states *s = ctx;

	assert_int_equal(it->n, s->n + 1);
	snprintf(s->state[s->n], sizeof(s->state[0]), "%s", it->state);
	snprintf(s->title[s->n], sizeof(s->title[0]), "%s", it->title);
	if (strcmp(it->state, "current") == 0)
		s->current++;
	s->n++;
	return 0;
}

static void
items_now(struct plenum_assembly *a, struct states *s)
{
	struct plenum_diag d = { 0 };

	memset(s, 0, sizeof(*s));
	assert_int_equal(plenum_agenda_items(a, collect_items, s, &d),
			 PLENUM_OK);
	assert_true(s->current <= 1);
}

static void
test_items(void **state)
{
	struct plenum_assembly *a, *ro = NULL;
	struct plenum_diag d = { 0 };
	struct states s;
	struct fresh f;
	int64_t clock = 0, n = 0;

	(void)state;
	a = store_support_congress(&f, "cn-basic", "roll-97.csv", &clock);
	items_now(a, &s);
	assert_int_equal(s.n, 0);

	assert_int_equal(plenum_agenda_add_item(a, "听取和审议工作报告",
						"秘书处", &n, &d),
			 PLENUM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(
		plenum_agenda_add_item(a, "审议财务报告", NULL, &n, &d),
		PLENUM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(
		plenum_agenda_add_item(a, "选举新一届委员会", NULL, &n, &d),
		PLENUM_OK);
	assert_int_equal(n, 3);
	assert_int_equal(plenum_agenda_add_item(a, "", NULL, &n, &d),
			 PLENUM_EINPUT);
	assert_int_equal(plenum_agenda_add_item(a, "\xff", NULL, &n, &d),
			 PLENUM_EINPUT);
	assert_int_equal(n, 3);
	items_now(a, &s);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.title[1], "审议财务报告");
	assert_string_equal(s.state[0], "pending");
	assert_int_equal(s.current, 0);

	/* one current item at a time: the previous one is done */
	assert_int_equal(plenum_agenda_set_state(a, 1, "current", NULL, &d),
			 PLENUM_OK);
	items_now(a, &s);
	assert_string_equal(s.state[0], "current");
	assert_int_equal(plenum_agenda_set_state(a, 2, "current", NULL, &d),
			 PLENUM_OK);
	items_now(a, &s);
	assert_string_equal(s.state[0], "done");
	assert_string_equal(s.state[1], "current");
	assert_string_equal(s.state[2], "pending");
	assert_int_equal(plenum_agenda_set_state(a, 3, "skipped", NULL, &d),
			 PLENUM_OK);
	assert_int_equal(plenum_agenda_set_state(a, 3, "current", NULL, &d),
			 PLENUM_OK);
	items_now(a, &s);
	assert_string_equal(s.state[1], "done");
	assert_string_equal(s.state[2], "current");
	assert_int_equal(s.current, 1);
	assert_int_equal(plenum_agenda_set_state(a, 3, "done", NULL, &d),
			 PLENUM_OK);
	items_now(a, &s);
	assert_int_equal(s.current, 0);

	/* refusals: unknown item, bad word (listing the good ones), no-op */
	assert_int_equal(plenum_agenda_set_state(a, 9, "done", NULL, &d),
			 PLENUM_EINPUT);
	assert_non_null(strstr(d.message, "no agenda item 9"));
	assert_int_equal(plenum_agenda_set_state(a, 1, "finished", NULL, &d),
			 PLENUM_EINPUT);
	assert_non_null(strstr(d.message, "pending"));
	assert_non_null(strstr(d.message, "skipped"));
	assert_int_equal(plenum_agenda_set_state(a, 1, "done", NULL, &d),
			 PLENUM_ECONFLICT);
	verify_ok(a);

	/* without the key the agenda reads, but does not change */
	assert_int_equal(plenum_assembly_open(f.url, NULL, 0, &ro, &d),
			 PLENUM_OK);
	items_now(ro, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(plenum_agenda_add_item(ro, "x", NULL, NULL, &d),
			 PLENUM_EREADONLY);
	plenum_assembly_close(ro);
	plenum_assembly_close(a);
}

/* ---- resolutions ---- */

struct seen {
	int n;
	struct plenum_agenda_resolution last;
	char result[8192];
	char question[256];
	int has_result;
};

static int
collect_resolution(void *ctx, const struct plenum_agenda_resolution *r)
{
	struct seen *s = ctx;

	s->n++;
	s->last = *r;
	snprintf(s->question, sizeof(s->question), "%s", r->question);
	snprintf(s->result, sizeof(s->result), "%s",
		 r->result ? r->result : "");
	s->has_result = r->result != NULL;
	/* the strings are copied above; these pointers die with the call */
	s->last.question = s->last.result = s->last.method = NULL;
	return 0;
}

static struct seen
resolution(struct plenum_assembly *a, int64_t n)
{
	struct plenum_diag d = { 0 };
	struct seen s;

	memset(&s, 0, sizeof(s));
	if (plenum_agenda_resolutions(a, n, collect_resolution, &s, &d) !=
	    PLENUM_OK)
		fail_msg("resolution %lld: %s", (long long)n, d.message);
	assert_int_equal(s.n, 1);
	return s;
}

static struct plenum_agenda_count
hands(int64_t yes, int64_t no, int64_t abstain)
{
	struct plenum_agenda_count c = { "hands", yes, no, abstain, 0, -1 };

	return c;
}

static void
decide(struct plenum_assembly *a, int64_t n,
       const struct plenum_agenda_count *c, bool expect)
{
	struct plenum_diag d = { 0 };
	bool adopted = !expect;

	if (plenum_agenda_decide(a, n, c, "监票人", &adopted, &d) != PLENUM_OK)
		fail_msg("decide %lld: %s", (long long)n, d.message);
	assert_int_equal(adopted, expect);
}

static void
test_cn_hands(void **state)
{
	struct plenum_assembly *a;
	struct plenum_agenda_count c;
	struct plenum_diag d = { 0 };
	struct seen s;
	struct fresh f;
	int64_t clock = 0, n = 0, item = 0;
	bool adopted;

	(void)state;
	a = store_support_congress(&f, "cn-basic", "roll-97.csv", &clock);
	assert_int_equal(plenum_agenda_add_item(a, "听取和审议工作报告", NULL,
						&item, &d),
			 PLENUM_OK);
	assert_int_equal(plenum_agenda_add_resolution(a, item,
						      "通过工作报告的决议",
						      "秘书处", &n, &d),
			 PLENUM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(plenum_agenda_add_resolution(a, 0, "通过财务报告",
						      NULL, &n, &d),
			 PLENUM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(
		plenum_agenda_add_resolution(a, 7, "无此议程", NULL, &n, &d),
		PLENUM_EINPUT);
	assert_int_equal(plenum_agenda_add_resolution(a, 0, "", NULL, &n, &d),
			 PLENUM_EINPUT);
	assert_int_equal(n, 2);
	s = resolution(a, 1);
	assert_int_equal(s.last.item, item);
	assert_string_equal(s.question, "通过工作报告的决议");
	assert_false(s.last.decided);
	assert_false(s.has_result);
	s = resolution(a, 2);
	assert_int_equal(s.last.item, 0);
	assert_int_equal(
		plenum_agenda_resolutions(a, 9, collect_resolution, &s, &d),
		PLENUM_EINPUT);

	/* 97 delegates, 95 should attend, 78 present: quorum (77) met */
	check_in(a, 78);
	c = hands(76, 1, 1);
	decide(a, 1, &c, true); /* 2 * 76 > 78 */
	s = resolution(a, 1);
	assert_true(s.last.decided);
	assert_true(s.last.adopted);
	assert_int_equal(s.last.yes, 76);
	assert_int_equal(s.last.no, 1);
	assert_int_equal(s.last.abstain, 1);
	assert_int_equal(s.last.present, 78);
	assert_int_equal(s.last.should_attend, 95);
	assert_non_null(strstr(s.result, "{\"format\":\"plenum-result/1\","
					 "\"status\":\"elected\","
					 "\"rules\":\"cn-basic\","));
	assert_non_null(strstr(s.result, "\"quorum\":{\"present\":78,"
					 "\"required\":77,\"met\":true}"));
	assert_non_null(strstr(s.result, "\"motion\":{\"yes\":76,\"no\":1,"
					 "\"abstain\":1,\"adopted\":true,"
					 "\"base\":78,\"votes_needed\":40}"));
	assert_null(strchr(s.result, '\n'));

	/* deciding twice is refused */
	adopted = true;
	assert_int_equal(plenum_agenda_decide(a, 1, &c, NULL, &adopted, &d),
			 PLENUM_ECONFLICT);
	assert_non_null(strstr(d.message, "decided already"));

	/* refusals change nothing */
	c = hands(79, 0, 0);
	assert_int_equal(plenum_agenda_decide(a, 2, &c, NULL, &adopted, &d),
			 PLENUM_EINPUT);
	assert_non_null(strstr(d.message, "78 present"));
	c = hands(70, 5, 4);
	assert_int_equal(plenum_agenda_decide(a, 2, &c, NULL, NULL, &d),
			 PLENUM_EINPUT);
	c = hands(-1, 0, 0);
	assert_int_equal(plenum_agenda_decide(a, 2, &c, NULL, NULL, &d),
			 PLENUM_EINPUT);
	c = hands(10, 0, 0);
	c.invalid = 1;
	assert_int_equal(plenum_agenda_decide(a, 2, &c, NULL, NULL, &d),
			 PLENUM_EINPUT);
	c = hands(10, 0, 0);
	c.method = "acclamation";
	assert_int_equal(plenum_agenda_decide(a, 2, &c, NULL, NULL, &d),
			 PLENUM_EINPUT);
	assert_non_null(strstr(d.message, "hands, ballot or electronic"));
	c = hands(10, 0, 0);
	assert_int_equal(plenum_agenda_decide(a, 5, &c, NULL, NULL, &d),
			 PLENUM_EINPUT);
	s = resolution(a, 2);
	assert_false(s.last.decided);

	/* exactly half is not a majority: 2 * 39 = 78 */
	c = hands(39, 30, 9);
	decide(a, 2, &c, false);
	s = resolution(a, 2);
	assert_true(s.last.decided);
	assert_false(s.last.adopted);
	assert_non_null(strstr(s.result, "\"status\":\"elected\""));
	assert_non_null(strstr(s.result, "\"adopted\":false"));

	/* by ballot: invalid papers count as returned, not as votes */
	assert_int_equal(
		plenum_agenda_add_resolution(a, 0, "第三项决议", NULL, &n, &d),
		PLENUM_OK);
	c = (struct plenum_agenda_count){ "ballot", 70, 4, 2, 2, -1 };
	decide(a, n, &c, true);
	s = resolution(a, n);
	assert_non_null(strstr(s.result, "\"ballots\":{\"issued\":78,"
					 "\"returned\":78,\"valid\":76,"
					 "\"invalid\":2}"));
	/* more papers back than issued: the round is void, not adopted */
	assert_int_equal(
		plenum_agenda_add_resolution(a, 0, "第四项决议", NULL, &n, &d),
		PLENUM_OK);
	c = (struct plenum_agenda_count){ "ballot", 70, 4, 2, 2, 75 };
	decide(a, n, &c, false);
	s = resolution(a, n);
	assert_non_null(strstr(s.result, "\"status\":\"void\""));
	c = (struct plenum_agenda_count){ "ballot", 1, 0, 0, 0, 79 };
	assert_int_equal(
		plenum_agenda_add_resolution(a, 0, "第五项决议", NULL, &n, &d),
		PLENUM_OK);
	assert_int_equal(plenum_agenda_decide(a, n, &c, NULL, NULL, &d),
			 PLENUM_EINPUT);

	verify_ok(a);
	plenum_assembly_close(a);
}

static void
test_no_quorum(void **state)
{
	struct plenum_assembly *a;
	struct plenum_agenda_count c;
	struct plenum_diag d = { 0 };
	struct seen s;
	struct fresh f;
	int64_t clock = 0, n = 0;

	(void)state;
	a = store_support_congress(&f, "cn-basic", "roll-97.csv", &clock);
	check_in(a, 76); /* 77 needed */
	assert_int_equal(
		plenum_agenda_add_resolution(a, 0, "通过决议", NULL, &n, &d),
		PLENUM_OK);
	c = hands(76, 0, 0);
	decide(a, n, &c, false);
	s = resolution(a, n);
	assert_true(s.last.decided);
	assert_false(s.last.adopted);
	assert_int_equal(s.last.present, 76);
	assert_non_null(strstr(s.result, "\"status\":\"no-quorum\""));
	assert_non_null(strstr(s.result, "\"quorum\":{\"present\":76,"
					 "\"required\":77,\"met\":false}"));
	assert_non_null(strstr(s.result, "\"motion\":null"));
	verify_ok(a);
	plenum_assembly_close(a);
}

/* Vietnam: the base is those convened less the excluded (126 - 3). */
static void
test_vn(void **state)
{
	struct plenum_assembly *a;
	struct plenum_agenda_count c;
	struct plenum_diag d = { 0 };
	struct seen s;
	struct fresh f;
	int64_t clock = 0, n = 0;

	(void)state;
	a = store_support_congress(&f, "vn", "roll-vn-139.csv", &clock);
	check_in(a, 120);
	assert_int_equal(plenum_agenda_add_resolution(
				 a, 0, "Thông qua Nghị quyết", NULL, &n, &d),
			 PLENUM_OK);
	c = hands(120, 0, 0);
	decide(a, n, &c, true);
	s = resolution(a, n);
	assert_int_equal(s.last.present, 120);
	assert_int_equal(s.last.should_attend, 123);
	assert_non_null(strstr(s.result, "\"rules\":\"vn\""));
	assert_non_null(strstr(s.result, "\"quorum\":{\"present\":120,"
					 "\"required\":84,\"met\":true}"));
	assert_non_null(strstr(s.result, "\"adopted\":true,\"base\":123,"
					 "\"votes_needed\":62}"));

	/* 61 of 123 is not half of the base, though most of those voting */
	assert_int_equal(plenum_agenda_add_resolution(a, 0, "Nghị quyết 2",
						      NULL, &n, &d),
			 PLENUM_OK);
	c = hands(61, 10, 49);
	decide(a, n, &c, false);
	verify_ok(a);
	plenum_assembly_close(a);
}

/* ---- tampering and forgery ---- */

static struct plenum_db *
raw(const struct fresh *f)
{
	struct plenum_db *db = NULL;

	assert_int_equal(plenum_db_open(f->url, 0, &db, NULL), PLENUM_OK);
	return db;
}

static void
expect_mismatch(struct plenum_assembly *a, const char *table)
{
	struct plenum_assembly_verify v;
	struct plenum_diag d = { 0 };

	assert_int_equal(plenum_assembly_verify(a, &v, &d), PLENUM_EINPUT);
	assert_false(v.tables_match);
	if (strstr(d.message, table) == NULL)
		fail_msg("expected a mismatch in %s: %s", table, d.message);
}

/* Appends a resolution_decided event for resolution 1 with the given
 * result and adopted flag, through the module's apply(). */
static enum plenum_err
append_decided(struct plenum_assembly *a, const char *result, int adopted,
	       int64_t yes, struct plenum_diag *d)
{
	struct plenum_assembly_txn t;
	struct plenum_event *ev = NULL;
	enum plenum_err err;

	assert_int_equal(plenum_assembly_txn_begin(a, &t, d), PLENUM_OK);
	assert_int_equal(plenum_assembly_txn_event(
				 &t, "agenda.resolution_decided", NULL, &ev),
			 PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "resolution", 1), PLENUM_OK);
	assert_int_equal(plenum_event_add_string(ev, "method", "hands"),
			 PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "yes", yes), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "no", 1), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "abstain", 0), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "invalid", 0), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "present", 4), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "should_attend", 4),
			 PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "convened", 4), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "excluded", 0), PLENUM_OK);
	assert_int_equal(plenum_event_add_int(ev, "issued", 4), PLENUM_OK);
	assert_int_equal(plenum_event_add_string(ev, "result", result),
			 PLENUM_OK);
	assert_int_equal(plenum_event_add_bool(ev, "adopted", adopted),
			 PLENUM_OK);
	if ((err = plenum_assembly_txn_append(&t, ev, d)) != PLENUM_OK) {
		plenum_assembly_txn_abort(&t);
		return err;
	}
	return plenum_assembly_txn_commit(&t, d);
}

static void
test_tampering(void **state)
{
	static const char csv[] = "id,name,unit,status\n"
				  "1,赵一,一中,正式\n2,钱二,二中,正式\n"
				  "3,孙三,三中,正式\n4,李四,四中,正式\n";
	struct plenum_assembly *a, *b = NULL;
	struct plenum_roll *roll = NULL;
	struct plenum_agenda_count c;
	struct plenum_diag d = { 0 };
	struct plenum_db *db;
	struct fresh f, g;
	struct seen s;
	char forged[8192], *p;
	int64_t clock = 0, n = 0;

	(void)state;
	store_support_fresh(&f);
	assert_int_equal(plenum_roll_parse((const void *)csv, strlen(csv),
					   &roll, NULL, NULL, NULL),
			 PLENUM_OK);
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
	check_in(a, 4);
	assert_int_equal(plenum_agenda_add_item(a, "决议", NULL, &n, &d),
			 PLENUM_OK);
	assert_int_equal(plenum_agenda_set_state(a, 1, "current", NULL, &d),
			 PLENUM_OK);
	assert_int_equal(
		plenum_agenda_add_resolution(a, 1, "通过", NULL, &n, &d),
		PLENUM_OK);

	/* the same event on a twin assembly gives the true result text */
	store_support_fresh(&g);
	assert_int_equal(plenum_roll_parse((const void *)csv, strlen(csv),
					   &roll, NULL, NULL, NULL),
			 PLENUM_OK);
	assert_int_equal(plenum_assembly_create(g.url, g.key, "支部大会",
						"cn-basic", "zh-Hans", NULL,
						&d),
			 PLENUM_OK);
	assert_int_equal(plenum_assembly_open(g.url, g.key, 0, &b, &d),
			 PLENUM_OK);
	assert_int_equal(plenum_assembly_roll_import(b, roll, NULL, &d),
			 PLENUM_OK);
	plenum_roll_free(roll);
	check_in(b, 4);
	assert_int_equal(
		plenum_agenda_add_resolution(b, 0, "通过", NULL, &n, &d),
		PLENUM_OK);
	c = hands(2, 1, 0);
	decide(b, 1, &c, false); /* 2 of 4 present is no majority */
	s = resolution(b, 1);
	plenum_assembly_close(b);

	/* a forged result, signed with the key, is refused by the recount */
	snprintf(forged, sizeof(forged), "%s", s.result);
	p = strstr(forged, "\"adopted\":false");
	assert_non_null(p);
	memcpy(p, "\"adopted\":true", 14);
	memmove(p + 14, p + 15, strlen(p + 15) + 1);
	assert_int_equal(append_decided(a, forged, 1, 2, &d), PLENUM_EINPUT);
	assert_non_null(strstr(d.message, "not what the counts give"));
	/* the right text with the wrong flag, or with other counts */
	assert_int_equal(append_decided(a, s.result, 1, 2, &d), PLENUM_EINPUT);
	assert_int_equal(append_decided(a, s.result, 0, 3, &d), PLENUM_EINPUT);
	assert_false(resolution(a, 1).last.decided);
	verify_ok(a);
	/* and the true one passes the same path */
	assert_int_equal(append_decided(a, s.result, 0, 2, &d), PLENUM_OK);
	s = resolution(a, 1);
	assert_true(s.last.decided);
	assert_false(s.last.adopted);
	verify_ok(a);

	/* the tables are checked against the log */
	db = raw(&f);
	assert_int_equal(plenum_db_ddl(db,
				       "UPDATE resolutions SET adopted = 1 "
				       "WHERE n = 1",
				       &d),
			 PLENUM_OK);
	expect_mismatch(a, "resolutions");
	assert_int_equal(plenum_db_ddl(db,
				       "UPDATE resolutions SET adopted = 0 "
				       "WHERE n = 1",
				       &d),
			 PLENUM_OK);
	verify_ok(a);
	assert_int_equal(plenum_db_ddl(db,
				       "UPDATE resolutions SET result = "
				       "replace(result, '\"adopted\":false', "
				       "'\"adopted\":true') WHERE n = 1",
				       &d),
			 PLENUM_OK);
	expect_mismatch(a, "resolutions");
	assert_int_equal(plenum_db_ddl(db,
				       "UPDATE resolutions SET result = "
				       "replace(result, '\"adopted\":true', "
				       "'\"adopted\":false') WHERE n = 1",
				       &d),
			 PLENUM_OK);
	verify_ok(a);
	assert_int_equal(plenum_db_ddl(db,
				       "UPDATE agenda_items SET state = "
				       "'done' WHERE n = 1",
				       &d),
			 PLENUM_OK);
	expect_mismatch(a, "agenda_items");
	assert_int_equal(plenum_db_ddl(db,
				       "UPDATE agenda_items SET state = "
				       "'current' WHERE n = 1",
				       &d),
			 PLENUM_OK);
	verify_ok(a);
	assert_int_equal(plenum_db_ddl(db,
				       "INSERT INTO agenda_items (n, title, "
				       "state) VALUES (2, 'x', 'pending')",
				       &d),
			 PLENUM_OK);
	expect_mismatch(a, "agenda_items");
	plenum_db_close(db);
	plenum_assembly_close(a);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_cn_hands),
		cmocka_unit_test(test_no_quorum),
		cmocka_unit_test(test_vn),
		cmocka_unit_test(test_tampering),
	};
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: %s URL|PATH DATA_DIR\n", argv[0]);
		return 2;
	}
	if (store_support_init(argv[1], argv[2], "agenda") != 0)
		return 2;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	store_support_cleanup();
	return rc;
}
