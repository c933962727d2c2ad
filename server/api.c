/*
 * api.c: the JSON routes, sessions, roles and the live stream of plenum
 * serve (api.h, docs/api.md).
 *
 * Invariants:
 *  - the one writable assembly handle is used under api->lock (MHD calls
 *    handlers from several threads; a connection is not thread-safe); the
 *    watcher has a read-only handle of its own;
 *  - every route is in the table below with its roles, and entry() checks
 *    the session, the role and the CSRF token before a handler runs: a
 *    handler never checks who may call it;
 *  - every string reaching JSON goes through jansson;
 *  - a vote waits for the commit of the transaction that holds it before
 *    it is acknowledged.
 */
#include "api.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "accounts.h"
#include "agenda.h"
#include "assembly.h"
#include "elections.h"
#include "i18n.h"
#include "polls.h"
#include "roll.h"
#include "rules.h"
#include "scans.h"
#include "ui_strings.h"

#define COOKIE "plenum_session"
/* failed sign-ins allowed per address and per name in the window */
#define LOGIN_FAILURES 5
#define LOGIN_WINDOW   300
#define LIMIT_SLOTS    4096
/* votes written in one transaction at most */
#define VOTE_BATCH  4096
#define MEMBERS_MAX 5000
/* the live stream's least interval between messages */
#define LIVE_MIN_MS 100

struct call;
typedef int (*route_fn)(struct call *c);

struct route_def {
	const char *method, *pattern, *roles;
	route_fn fn;
};

struct binding {
	struct plenum_api *api;
	const struct route_def *def;
	unsigned mask; /* roles allowed; 0: anyone */
};

struct limit_slot {
	char key[96];
	int64_t start;
	int failures;
};

/* A vote waiting for the writer; its connection is suspended meanwhile. */
struct vote_req {
	struct vote_req *next;
	struct plenum_vote v;
	struct plenum_http_deferred *answer;
	char member[PLENUM_ACCOUNT_NAME_MAX + 1];
	char vote[]; /* the choice or the marks */
};

struct plenum_api {
	struct plenum_http *http;
	struct plenum_assembly *a;  /* writes, under lock */
	struct plenum_assembly *ra; /* reads, under rlock */
	struct plenum_assembly *wa; /* the watcher's, read-only */
	pthread_mutex_t lock, rlock;
	int secure_cookies;
	int64_t session_ttl;
	struct binding *bindings;

	pthread_mutex_t limit_lock;
	struct limit_slot limits[LIMIT_SLOTS];

	/* the vote queue: handlers append, the writer takes all */
	pthread_mutex_t qlock;
	pthread_cond_t qwake;
	struct vote_req *qhead, **qtail;
	pthread_t writer;
	int writing;

	/* the watcher: kicked after this instance's changes */
	pthread_mutex_t wlock;
	pthread_cond_t wwake;
	int kicked;
	pthread_t watcher;
	int watching;
	volatile int stop;
	unsigned interval_ms;
};

/* One request being answered. */
struct call {
	struct plenum_api *api;
	const struct plenum_http_request *req;
	struct plenum_http_response *res;
	struct plenum_assembly *a; /* api->a for a POST, api->ra for a GET */
	pthread_mutex_t *lk;	   /* its lock */
	struct plenum_session s;
	int signed_in;
	json_t *body; /* POST: the JSON object; else NULL */
	char actor[PLENUM_ACCOUNT_NAME_MAX + 8];
	struct plenum_diag d;
};

/* ---- replies ---- */

/* Writes j (stolen) as the body; -1 answers 500. */
static int
reply_json(struct call *c, json_t *j)
{
	char *text;
	enum plenum_err err;

	if (j == NULL)
		return -1;
	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (text == NULL)
		return -1;
	err = plenum_buf_adds(&c->res->body, text);
	free(text);
	return err == PLENUM_OK ? 0 : -1;
}

static int
reply_error(struct call *c, int status, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->res->status = status;
	return reply_json(c, json_pack("{s:s}", "error", msg));
}

/* Answers a store error: its status, and the diagnostic's message. */
static int
reply_err(struct call *c, enum plenum_err err)
{
	int status;

	switch (err) {
	case PLENUM_EINPUT:
	case PLENUM_ESYNTAX:
	case PLENUM_ELIMIT:
		status = 400;
		break;
	case PLENUM_ECONFLICT:
		status = 409;
		break;
	case PLENUM_EREADONLY:
	case PLENUM_EBUSY:
	case PLENUM_EFULL:
		status = 503;
		break;
	default:
		status = 500;
	}
	return reply_error(c, status, "%s",
			   c->d.message[0] ? c->d.message
					   : plenum_err_str(err));
}

static int
reply_ok(struct call *c, enum plenum_err err, json_t *j)
{
	if (err != PLENUM_OK) {
		json_decref(j);
		return reply_err(c, err);
	}
	return reply_json(c, j ? j : json_object());
}

/* ---- the body and parameters ---- */

static const char *
body_text(struct call *c, const char *key)
{
	return json_string_value(json_object_get(c->body, key));
}

/* An integer field: 0 and *out set, 1 when absent (*out = dflt), -1 when
 * not a whole number (answered 400 by the caller). */
static int
body_int(struct call *c, const char *key, int64_t dflt, int64_t *out)
{
	json_t *v = json_object_get(c->body, key);

	*out = dflt;
	if (v == NULL || json_is_null(v))
		return 1;
	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

static int
param_int(struct call *c, size_t i, int64_t *out)
{
	char *end;
	long long v;

	if (i >= c->req->nparams)
		return -1;
	v = strtoll(c->req->params[i], &end, 10);
	if (end == c->req->params[i] || *end != '\0' || v < 1)
		return -1;
	*out = v;
	return 0;
}

/* Copies src into dst, cut to size (messages are for people). */
static void
set_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The answer to an official's write from an account linked to no
 * member: it cannot act for one. */
static int
no_member(struct call *c, const char *role)
{
	return reply_error(c, 400,
			   "account \"%s\" acts for no member: the "
			   "secretariat links it to the %s",
			   c->s.who.name, role);
}

/* A GET reads through the read connection, a POST writes through the
 * other: readers never wait for a transaction of the writer. */
#define LOCK(c)	  pthread_mutex_lock((c)->lk)
#define UNLOCK(c) pthread_mutex_unlock((c)->lk)

static void
kick_watcher(struct plenum_api *api)
{
	pthread_mutex_lock(&api->wlock);
	api->kicked = 1;
	pthread_cond_signal(&api->wwake);
	pthread_mutex_unlock(&api->wlock);
}

/* ---- sessions and sign-in ---- */

/* The value of cookie name in the Cookie header into out, or "". */
static void
cookie_value(const struct plenum_http_request *req, const char *name, char *out,
	     size_t size)
{
	const char *h = plenum_http_header(req, "Cookie"), *p;
	size_t n = strlen(name), k;

	out[0] = '\0';
	for (p = h; p != NULL && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			p += n + 1;
			k = strcspn(p, ";");
			if (k < size) {
				memcpy(out, p, k);
				out[k] = '\0';
			}
			return;
		}
		p = strchr(p, ';');
	}
}

static unsigned
slot_of(const char *key)
{
	unsigned char h[crypto_generichash_BYTES_MIN];

	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
			   strlen(key), NULL, 0);
	return ((unsigned)h[0] << 8 | h[1]) % LIMIT_SLOTS;
}

/* Seconds until key may try again (0: now). */
static int64_t
limit_wait(struct plenum_api *api, const char *key)
{
	struct limit_slot *s = &api->limits[slot_of(key)];
	int64_t now = (int64_t)time(NULL), wait = 0;

	pthread_mutex_lock(&api->limit_lock);
	if (strcmp(s->key, key) == 0 && now - s->start < LOGIN_WINDOW &&
	    s->failures >= LOGIN_FAILURES)
		wait = s->start + LOGIN_WINDOW - now;
	pthread_mutex_unlock(&api->limit_lock);
	return wait;
}

static void
limit_fail(struct plenum_api *api, const char *key)
{
	struct limit_slot *s = &api->limits[slot_of(key)];
	int64_t now = (int64_t)time(NULL);

	pthread_mutex_lock(&api->limit_lock);
	if (strcmp(s->key, key) != 0 || now - s->start >= LOGIN_WINDOW) {
		snprintf(s->key, sizeof(s->key), "%s", key);
		s->start = now;
		s->failures = 0;
	}
	s->failures++;
	pthread_mutex_unlock(&api->limit_lock);
}

static json_t *
session_json(const struct plenum_session *s)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "name", s->who.name, "role",
			 plenum_accounts_role_word(s->who.role), "member",
			 s->who.member, "csrf", s->csrf);
}

static int
h_login(struct call *c)
{
	const char *name = body_text(c, "name"), *pw = body_text(c, "password");
	const char *code = body_text(c, "code");
	char ip[64], kip[80], kname[96];
	struct plenum_account who;
	struct plenum_session s;
	enum plenum_err err;
	int64_t wait;

	plenum_http_client(c->req, ip, sizeof(ip));
	snprintf(kip, sizeof(kip), "ip:%s", ip);
	snprintf(kname, sizeof(kname), "name:%.80s", name ? name : "");
	if ((wait = limit_wait(c->api, kip)) == 0 && code == NULL)
		wait = limit_wait(c->api, kname);
	if (wait > 0) {
		snprintf(c->res->headers[c->res->nheaders++],
			 sizeof(c->res->headers[0]), "Retry-After: %" PRId64,
			 wait);
		return reply_error(
			c, 429,
			"too many failed sign-ins: try again in %" PRId64 " s",
			wait);
	}
	if (code == NULL && (name == NULL || pw == NULL))
		return reply_error(c, 400,
				   "sign in with \"name\" and \"password\", or "
				   "a delegate's \"code\"");
	LOCK(c);
	err = code ? plenum_accounts_spend_code(c->a, code, &who, &c->d)
		   : plenum_accounts_check_password(c->a, name, pw, &who,
						    &c->d);
	if (err == PLENUM_OK)
		err = plenum_accounts_session_start(
			c->a, &who, c->api->session_ttl, &s, &c->d);
	UNLOCK(c);
	if (err == PLENUM_EINPUT) {
		limit_fail(c->api, kip);
		if (code == NULL)
			limit_fail(c->api, kname);
		return reply_error(c, 401, "%s", c->d.message);
	}
	if (err != PLENUM_OK)
		return reply_err(c, err);
	if (code != NULL)
		kick_watcher(c->api);
	snprintf(c->res->headers[c->res->nheaders++],
		 sizeof(c->res->headers[0]),
		 "Set-Cookie: " COOKIE "=%s; HttpOnly; SameSite=Strict; "
		 "Path=/; Max-Age=%" PRId64 "%s",
		 s.token, c->api->session_ttl,
		 c->api->secure_cookies ? "; Secure" : "");
	return reply_json(c, session_json(&s));
}

static int
h_logout(struct call *c)
{
	enum plenum_err err;

	LOCK(c);
	err = plenum_accounts_session_end(c->a, c->s.token, &c->d);
	UNLOCK(c);
	snprintf(c->res->headers[c->res->nheaders++],
		 sizeof(c->res->headers[0]),
		 "Set-Cookie: " COOKIE "=; HttpOnly; SameSite=Strict; Path=/; "
		 "Max-Age=0");
	return reply_ok(c, err, NULL);
}

static int
h_session(struct call *c)
{
	return reply_json(c, session_json(&c->s));
}

/* ---- the hall's view ---- */

static int
h_assembly(struct call *c)
{
	const struct plenum_assembly_info *info = plenum_assembly_info(c->a);
	char pk[2 * PLENUM_EVENT_PUBLIC_LEN + 1];
	int64_t head = 0;
	enum plenum_err err;

	sodium_bin2hex(pk, sizeof(pk), info->public_key,
		       sizeof(info->public_key));
	LOCK(c);
	err = plenum_assembly_head(c->a, &head, &c->d);
	UNLOCK(c);
	return reply_ok(c, err,
			json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "id",
				  info->id, "name", info->name, "locale",
				  info->locale, "rules",
				  plenum_rules_preset_name(info->preset),
				  "public_key", pk, "head", (json_int_t)head));
}

static json_t *
quorum_json(const struct plenum_assembly_quorum *q)
{
	return json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:I, s:b}", "members",
		(json_int_t)q->members, "voting", (json_int_t)q->voting,
		"excluded", (json_int_t)q->excluded, "should_attend",
		(json_int_t)q->should_attend, "present", (json_int_t)q->present,
		"attending", (json_int_t)q->attending, "applies", q->applies,
		"required", (json_int_t)q->required, "met", q->met);
}

static int
h_quorum(struct call *c)
{
	struct plenum_assembly_quorum q;
	enum plenum_err err;

	LOCK(c);
	err = plenum_assembly_quorum(c->a, &q, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, err ? NULL : quorum_json(&q));
}

static int
add_item(void *ctx, const struct plenum_agenda_item *it)
{
	return json_array_append_new(ctx, json_pack("{s:I, s:s, s:s}", "n",
						    (json_int_t)it->n, "title",
						    it->title, "state",
						    it->state)) != 0;
}

static int
h_agenda(struct call *c)
{
	json_t *arr = json_array();
	enum plenum_err err;

	LOCK(c);
	err = plenum_agenda_items(c->a, add_item, arr, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, arr);
}

static int
add_resolution(void *ctx, const struct plenum_agenda_resolution *r)
{
	json_t *result = r->result ? json_loads(r->result, 0, NULL) : NULL;

	return json_array_append_new(
		       ctx,
		       json_pack("{s:I, s:I, s:s, s:b, s:s?, s:I, s:I, s:I, "
				 "s:I, s:I, s:b, s:o}",
				 "n", (json_int_t)r->n, "item",
				 (json_int_t)r->item, "question", r->question,
				 "decided", r->decided, "method", r->method,
				 "yes", (json_int_t)r->yes, "no",
				 (json_int_t)r->no, "abstain",
				 (json_int_t)r->abstain, "present",
				 (json_int_t)r->present, "should_attend",
				 (json_int_t)r->should_attend, "adopted",
				 r->adopted, "result",
				 result ? result : json_null())) != 0;
}

static int
h_resolutions(struct call *c)
{
	json_t *arr = json_array();
	enum plenum_err err;

	LOCK(c);
	err = plenum_agenda_resolutions(c->a, 0, add_resolution, arr, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, arr);
}

static int
add_election(void *ctx, const struct plenum_elections_summary *s)
{
	json_t *result = s->result ? json_loads(s->result, 0, NULL) : NULL;

	return json_array_append_new(
		       ctx,
		       json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:o}", "n",
				 (json_int_t)s->n, "title", s->title, "seats",
				 (json_int_t)s->seats, "alternate_seats",
				 (json_int_t)s->alternate_seats, "rounds",
				 (json_int_t)s->rounds, "state", s->state,
				 "result", result ? result : json_null())) != 0;
}

static int
h_elections(struct call *c)
{
	json_t *arr = json_array();
	enum plenum_err err;

	LOCK(c);
	err = plenum_elections_list(c->a, add_election, arr, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, arr);
}

static int
h_i18n(struct call *c)
{
	const char *locale = c->req->params[0];
	const struct plenum_catalog *cat;
	json_t *obj;
	size_t i;

	if (strcmp(locale, "zh-Hans") != 0 && strcmp(locale, "zh-Hant") != 0 &&
	    strcmp(locale, "vi") != 0 && strcmp(locale, "en") != 0)
		return reply_error(c, 404, "unknown locale \"%s\"", locale);
	cat = plenum_i18n_catalog(locale);
	if ((obj = json_object()) == NULL)
		return -1;
	for (i = 0; plenum_ui_strings[i] != NULL; i++)
		json_object_set_new(obj, plenum_ui_strings[i],
				    json_string(plenum_i18n_get(
					    cat, plenum_ui_strings[i])));
	return reply_json(c, obj);
}

/* ---- setup and roll ---- */

static int
add_account(void *ctx, const struct plenum_account *acct)
{
	return json_array_append_new(
		       ctx,
		       json_pack("{s:s, s:s, s:s}", "name", acct->name, "role",
				 plenum_accounts_role_word(acct->role),
				 "member", acct->member)) != 0;
}

static int
h_accounts(struct call *c)
{
	json_t *arr = json_array();
	enum plenum_err err;

	LOCK(c);
	err = plenum_accounts_list(c->a, add_account, arr, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, arr);
}

static int
h_account_add(struct call *c)
{
	const char *name = body_text(c, "name"),
		   *member = body_text(c, "member");
	enum plenum_role role;
	enum plenum_err err;

	if (plenum_accounts_role_parse(body_text(c, "role"), &role) != 0 ||
	    role == PLENUM_ROLE_DELEGATE)
		return reply_error(c, 400,
				   "\"role\" is chair, secretariat, checkin, "
				   "teller, scrutineer or projector");
	LOCK(c);
	err = plenum_accounts_add(c->a, name, role, member,
				  body_text(c, "password"), c->actor, &c->d);
	UNLOCK(c);
	return reply_ok(c, err,
			json_pack("{s:s, s:s, s:s}", "name", name ? name : "",
				  "role", plenum_accounts_role_word(role),
				  "member", member ? member : ""));
}

static int
h_account_password(struct call *c)
{
	enum plenum_err err;

	LOCK(c);
	err = plenum_accounts_set_password(c->a, c->req->params[0],
					   body_text(c, "password"), c->actor,
					   &c->d);
	UNLOCK(c);
	return reply_ok(c, err, NULL);
}

static int
h_roll(struct call *c)
{
	struct plenum_roll *roll = NULL;
	struct plenum_roll_problem *probs = NULL;
	struct plenum_roll_counts counts;
	size_t nprobs = 0, i;
	unsigned flags = 0;
	enum plenum_err err;
	json_t *errors;
	int ret;

	err = plenum_roll_parse((const unsigned char *)c->req->body,
				c->req->body_len, &roll, &probs, &nprobs,
				&flags);
	if (err != PLENUM_OK) {
		errors = json_array();
		for (i = 0; i < nprobs; i++)
			if (probs[i].err != PLENUM_OK)
				json_array_append_new(
					errors,
					json_pack("{s:I, s:I, s:s, s:s}",
						  "line",
						  (json_int_t)probs[i].line,
						  "column",
						  (json_int_t)probs[i].column,
						  "field", probs[i].field,
						  "message", probs[i].message));
		plenum_roll_problems_free(probs);
		c->res->status = 400;
		return reply_json(c, json_pack("{s:s, s:o}", "error",
					       "nothing imported: correct the "
					       "rows and import again",
					       "errors", errors));
	}
	LOCK(c);
	err = plenum_assembly_roll_import(c->a, roll, c->actor, &c->d);
	UNLOCK(c);
	plenum_roll_counts(roll, &counts);
	ret = reply_ok(c, err,
		       json_pack("{s:I, s:s}", "imported",
				 (json_int_t)counts.members, "encoding",
				 flags & PLENUM_ROLL_CONVERTED_GB18030
					 ? "gb18030"
					 : "utf-8"));
	plenum_roll_free(roll);
	plenum_roll_problems_free(probs);
	return ret;
}

static json_t *
member_json(const struct plenum_assembly_member *m)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s?}", "id", m->id,
			 "name", m->name, "unit", m->unit, "delegation",
			 m->delegation, "status",
			 plenum_roll_status_word(m->status), "present",
			 m->present, "exclusion", m->exclusion);
}

struct members_walk {
	json_t *arr;
	int64_t total, limit;
	const char *only; /* an exact id, or NULL */
};

static int
add_member(void *ctx, const struct plenum_assembly_member *m)
{
	struct members_walk *w = ctx;

	if (w->only != NULL && strcmp(m->id, w->only) != 0)
		return 0;
	if (w->total++ < w->limit)
		json_array_append_new(w->arr, member_json(m));
	return 0;
}

static int
h_members(struct call *c)
{
	const char *q = plenum_http_query(c->req, "q"),
		   *limit = plenum_http_query(c->req, "limit");
	struct members_walk w = { json_array(), 0, 50, NULL };
	enum plenum_err err;

	if (limit != NULL)
		w.limit = strtoll(limit, NULL, 10);
	if (w.limit < 1 || w.limit > MEMBERS_MAX)
		w.limit = limit ? MEMBERS_MAX : 50;
	LOCK(c);
	err = plenum_assembly_members(c->a, q, add_member, &w, &c->d);
	UNLOCK(c);
	return reply_ok(c, err,
			json_pack("{s:I, s:o}", "total", (json_int_t)w.total,
				  "members", w.arr));
}

static int
h_checkin(struct call *c)
{
	const char *member = body_text(c, "member"),
		   *card = body_text(c, "card");
	json_t *present = json_object_get(c->body, "present");
	struct members_walk w = { json_array(), 0, 1, NULL };
	struct plenum_assembly_quorum q;
	enum plenum_err err;
	int ret;

	if (card != NULL) {
		if (strncmp(card, "PM1:", 4) != 0 || card[4] == '\0') {
			json_decref(w.arr);
			return reply_error(c, 400,
					   "\"card\" is a card code "
					   "\"PM1:ID\", not \"%.80s\"",
					   card);
		}
		member = card + 4;
	}
	if (member == NULL) {
		json_decref(w.arr);
		return reply_error(c, 400, "give \"member\" or \"card\"");
	}
	w.only = member;
	LOCK(c);
	err = plenum_assembly_checkin(c->a, member,
				      present == NULL || json_is_true(present),
				      c->actor, &c->d);
	if (err == PLENUM_OK)
		err = plenum_assembly_members(c->a, member, add_member, &w,
					      &c->d);
	if (err == PLENUM_OK)
		err = plenum_assembly_quorum(c->a, &q, &c->d);
	UNLOCK(c);
	if (err != PLENUM_OK) {
		json_decref(w.arr);
		return reply_err(c, err);
	}
	kick_watcher(c->api);
	ret = reply_json(c, json_pack("{s:O, s:o}", "member",
				      json_array_get(w.arr, 0), "quorum",
				      quorum_json(&q)));
	json_decref(w.arr);
	return ret;
}

static int
h_exclude(struct call *c)
{
	enum plenum_err err;

	LOCK(c);
	err = plenum_assembly_exclude(c->a, c->req->params[0],
				      body_text(c, "reason"), c->actor, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, NULL);
}

static int
add_code(void *ctx, const char *member, const char *name, const char *code)
{
	return json_array_append_new(ctx, json_pack("{s:s, s:s, s:s}", "member",
						    member, "name", name,
						    "code", code)) != 0;
}

static int
h_codes(struct call *c)
{
	json_t *list = json_object_get(c->body, "members"), *codes;
	const char **ids = NULL;
	size_t i, n = json_array_size(list);
	enum plenum_err err;

	if (list != NULL && !json_is_array(list))
		return reply_error(c, 400, "\"members\" is a list of ids");
	if (n > 0 && (ids = calloc(n, sizeof(*ids))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if ((ids[i] = json_string_value(json_array_get(list, i))) ==
		    NULL) {
			free(ids);
			return reply_error(c, 400,
					   "\"members\" is a list of ids");
		}
	codes = json_array();
	LOCK(c);
	err = plenum_accounts_issue_codes(c->a, ids, n, add_code, codes,
					  c->actor, &c->d);
	UNLOCK(c);
	free(ids);
	return reply_ok(c, err, json_pack("{s:o}", "codes", codes));
}

static int
add_official(void *ctx, const char *role, const char *member, const char *name)
{
	return json_array_append_new(ctx, json_pack("{s:s, s:s, s:s}", "role",
						    role, "member", member,
						    "name", name)) != 0;
}

static int
h_officials(struct call *c)
{
	json_t *arr = json_array();
	enum plenum_err err;

	LOCK(c);
	err = plenum_elections_officials(c->a, add_official, arr, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, arr);
}

static int
h_appoint(struct call *c)
{
	enum plenum_official_role role;
	enum plenum_err err;

	if (plenum_elections_role_parse(body_text(c, "role"), &role) != 0)
		return reply_error(c, 400,
				   "\"role\" is chief-scrutineer, scrutineer, "
				   "chief-teller or teller");
	if (body_text(c, "member") == NULL)
		return reply_error(c, 400, "give the \"member\"");
	LOCK(c);
	err = plenum_elections_appoint(c->a, role, body_text(c, "member"),
				       c->actor, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, NULL);
}

/* ---- agenda and resolutions ---- */

static int
h_agenda_add(struct call *c)
{
	enum plenum_err err;
	int64_t n = 0;

	LOCK(c);
	err = plenum_agenda_add_item(c->a, body_text(c, "title"), c->actor, &n,
				     &c->d);
	UNLOCK(c);
	return reply_ok(c, err, json_pack("{s:I}", "n", (json_int_t)n));
}

static int
h_agenda_state(struct call *c)
{
	enum plenum_err err;
	int64_t n;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such item");
	LOCK(c);
	err = plenum_agenda_set_state(c->a, n, body_text(c, "state"), c->actor,
				      &c->d);
	UNLOCK(c);
	return reply_ok(c, err, NULL);
}

static int
h_resolution_add(struct call *c)
{
	enum plenum_err err;
	int64_t item, n = 0;

	if (body_int(c, "item", 0, &item) < 0)
		return reply_error(c, 400, "\"item\" is a number");
	LOCK(c);
	err = plenum_agenda_add_resolution(c->a, item, body_text(c, "question"),
					   c->actor, &n, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, json_pack("{s:I}", "n", (json_int_t)n));
}

static int
h_decide(struct call *c)
{
	struct plenum_agenda_count k;
	enum plenum_err err;
	bool adopted = false;
	int64_t n;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such resolution");
	k.method = body_text(c, "method");
	if (k.method == NULL || !strcmp(k.method, "electronic"))
		return reply_error(c, 400, "\"method\" is hands or ballot");
	if (body_int(c, "yes", 0, &k.yes) < 0 ||
	    body_int(c, "no", 0, &k.no) < 0 ||
	    body_int(c, "abstain", 0, &k.abstain) < 0 ||
	    body_int(c, "invalid", 0, &k.invalid) < 0 ||
	    body_int(c, "issued", -1, &k.issued) < 0)
		return reply_error(c, 400,
				   "yes, no, abstain, invalid and issued are "
				   "whole numbers");
	LOCK(c);
	err = plenum_agenda_decide(c->a, n, &k, c->actor, &adopted, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, json_pack("{s:b}", "adopted", adopted));
}

/* ---- elections ---- */

static int
h_election_add(struct call *c)
{
	json_t *opts = json_object_get(c->body, "options");
	char *options = NULL;
	int64_t seats, alternates, n = 0;
	enum plenum_err err;

	if (body_int(c, "seats", 0, &seats) != 0 ||
	    body_int(c, "alternate_seats", 0, &alternates) < 0)
		return reply_error(c, 400,
				   "\"seats\" (and \"alternate_seats\") are "
				   "whole numbers");
	if (opts != NULL && !json_is_object(opts))
		return reply_error(c, 400, "\"options\" is an object");
	if (opts != NULL && (options = json_dumps(opts, JSON_COMPACT)) == NULL)
		return -1;
	LOCK(c);
	err = plenum_elections_add(c->a, body_text(c, "title"), seats,
				   alternates, options, c->actor, &n, &c->d);
	UNLOCK(c);
	free(options);
	return reply_ok(c, err, json_pack("{s:I}", "n", (json_int_t)n));
}

static int
h_election(struct call *c)
{
	enum plenum_err err;
	char *text = NULL;
	int64_t n;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	LOCK(c);
	err = plenum_elections_detail(c->a, n, &text, &c->d);
	UNLOCK(c);
	if (err == PLENUM_EINPUT)
		return reply_error(c, 404, "%s", c->d.message);
	if (err != PLENUM_OK)
		return reply_err(c, err);
	err = plenum_buf_adds(&c->res->body, text);
	free(text);
	return err == PLENUM_OK ? 0 : -1;
}

static int
h_candidate(struct call *c)
{
	enum plenum_err err;
	int64_t n;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	LOCK(c);
	err = plenum_elections_add_candidate(
		c->a, n, body_text(c, "name"), body_text(c, "id"),
		body_text(c, "member"), c->actor, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, NULL);
}

static int
h_check(struct call *c)
{
	struct plenum_buf out;
	enum plenum_err err;
	int64_t n;
	int ok = 0, ret;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	plenum_buf_init(&out, 1u << 20);
	LOCK(c);
	err = plenum_elections_check(
		c->a, n, plenum_http_query(c->req, "locale"), &out, &ok, &c->d);
	UNLOCK(c);
	ret = reply_ok(c, err,
		       json_pack("{s:b, s:s}", "ok", ok, "report",
				 plenum_buf_str(&out)));
	plenum_buf_release(&out);
	return ret;
}

static int
h_round(struct call *c)
{
	struct plenum_round_setup setup;
	json_t *cands = json_object_get(c->body, "candidates");
	char *joined = NULL;
	enum plenum_err err;
	int64_t n, round = 0;
	size_t i;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	memset(&setup, 0, sizeof(setup));
	if (body_int(c, "should_attend", -1, &setup.should_attend) < 0 ||
	    body_int(c, "present", -1, &setup.present) < 0)
		return reply_error(c, 400,
				   "should_attend and present are whole "
				   "numbers");
	setup.decision = body_text(c, "decision");
	if (json_is_array(cands)) {
		struct plenum_buf b;

		plenum_buf_init(&b, 1u << 20);
		for (i = 0; i < json_array_size(cands); i++)
			if ((i > 0 && plenum_buf_addc(&b, ',')) ||
			    plenum_buf_adds(
				    &b,
				    json_string_value(json_array_get(cands, i))
					    ? json_string_value(
						      json_array_get(cands, i))
					    : "")) {
				plenum_buf_release(&b);
				return -1;
			}
		joined = plenum_buf_detach(&b);
		setup.candidates = joined;
	} else {
		setup.candidates = body_text(c, "candidates");
	}
	LOCK(c);
	err = plenum_elections_open_round(c->a, n, &setup, c->actor, &round,
					  &c->d);
	UNLOCK(c);
	free(joined);
	return reply_ok(c, err, json_pack("{s:I}", "round", (json_int_t)round));
}

static int
ballots(struct call *c, int issued)
{
	enum plenum_err err;
	int64_t n, count;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	if (body_int(c, "count", 0, &count) != 0)
		return reply_error(c, 400, "\"count\" is a whole number");
	LOCK(c);
	err = plenum_elections_ballots(c->a, n, issued, count, c->actor, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, NULL);
}

static int
h_issued(struct call *c)
{
	return ballots(c, 1);
}

static int
h_returned(struct call *c)
{
	return ballots(c, 0);
}

static int
h_batch(struct call *c)
{
	const char *lines = body_text(c, "lines"), *p;
	enum plenum_err err;
	int64_t n, batch, entry, count = 0;

	if (param_int(c, 0, &n) != 0 || param_int(c, 1, &batch) != 0 ||
	    param_int(c, 2, &entry) != 0)
		return reply_error(c, 404, "no such election, batch or entry");
	if (c->s.who.member[0] == '\0')
		return no_member(c, "teller");
	if (lines == NULL)
		return reply_error(c, 400, "give the ballot \"lines\"");
	LOCK(c);
	err = plenum_elections_enter(c->a, n, batch, (int)entry,
				     c->s.who.member, lines, c->actor, &c->d);
	UNLOCK(c);
	for (p = lines; *p; p++)
		count += *p == '\n' && p[1] != '\0' && p[1] != '\n';
	count += *lines != '\0';
	return reply_ok(c, err, json_pack("{s:I}", "lines", (json_int_t)count));
}

static int
h_reconcile(struct call *c)
{
	struct plenum_buf out;
	enum plenum_err err;
	int64_t n, diffs = 0;
	int ret;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	plenum_buf_init(&out, 4u << 20);
	LOCK(c);
	err = plenum_elections_reconcile(c->a, n, &out, &diffs, &c->d);
	UNLOCK(c);
	ret = reply_ok(c, err,
		       json_pack("{s:I, s:s}", "differences", (json_int_t)diffs,
				 "report", plenum_buf_str(&out)));
	plenum_buf_release(&out);
	return ret;
}

static int
h_count(struct call *c)
{
	enum plenum_err err;
	char *result = NULL;
	int64_t n;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	LOCK(c);
	err = plenum_elections_count(c->a, n, c->actor, &result, &c->d);
	UNLOCK(c);
	if (err == PLENUM_OK)
		kick_watcher(c->api);
	return reply_ok(c, err,
			err ? NULL
			    : json_pack("{s:o}", "result",
					json_loads(result, 0, NULL)));
}

/* ---- scanned ballots ---- */

static int
h_scans(struct call *c)
{
	const char *queue = plenum_http_query(c->req, "queue");
	enum plenum_err err;
	char *text = NULL;
	int64_t n, b = 0;

	if (param_int(c, 0, &n) != 0 ||
	    (c->req->nparams > 1 && param_int(c, 1, &b) != 0))
		return reply_error(c, 404, "no such election or ballot");
	LOCK(c);
	err = plenum_scans_list(c->a, n,
				b > 0 ? b
				: queue && strcmp(queue, "1") == 0
					? PLENUM_SCANS_QUEUE
					: PLENUM_SCANS_ALL,
				&text, &c->d);
	UNLOCK(c);
	if (err == PLENUM_EINPUT)
		return reply_error(c, 404, "%s", c->d.message);
	if (err != PLENUM_OK)
		return reply_err(c, err);
	err = plenum_buf_adds(&c->res->body, text);
	free(text);
	return err == PLENUM_OK ? 0 : -1;
}

static int
h_scan_image(struct call *c)
{
	char media[32];
	unsigned char *data = NULL;
	size_t len = 0;
	enum plenum_err err;

	if (c->req->nparams < 1)
		return reply_error(c, 404, "no such image");
	LOCK(c);
	err = plenum_scans_image(c->a, c->req->params[0], &data, &len, media,
				 &c->d);
	UNLOCK(c);
	if (err == PLENUM_EINPUT)
		return reply_error(c, 404, "%s", c->d.message);
	if (err != PLENUM_OK)
		return reply_err(c, err);
	/* one of three fixed names, so the static buffer holds a constant */
	c->res->content_type = strcmp(media, "image/tiff") == 0	  ? "image/tiff"
			       : strcmp(media, "image/jpeg") == 0 ? "image/jpeg"
								  : "image/png";
	set_text(c->res->headers[c->res->nheaders++], 512,
		 "Cache-Control: private, max-age=31536000, immutable");
	err = plenum_buf_add(&c->res->body, data, len);
	free(data);
	return err == PLENUM_OK ? 0 : -1;
}

static int
h_scan_decide(struct call *c)
{
	json_t *not_a_ballot = json_object_get(c->body, "not_a_ballot");
	const char *line = body_text(c, "line");
	enum plenum_err err;
	int64_t n, b;

	if (param_int(c, 0, &n) != 0 || param_int(c, 1, &b) != 0)
		return reply_error(c, 404, "no such election or ballot");
	if (c->s.who.member[0] == '\0')
		return no_member(c, "teller");
	if (json_is_true(not_a_ballot) == (line != NULL && *line != '\0'))
		return reply_error(c, 400,
				   "give the ballot's \"line\", or "
				   "\"not_a_ballot\": true");
	LOCK(c);
	err = plenum_scans_decide(c->a, n, b, c->s.who.member,
				  json_is_true(not_a_ballot) ? NULL : line,
				  body_text(c, "note"), c->actor, &c->d);
	UNLOCK(c);
	if (err == PLENUM_OK)
		kick_watcher(c->api);
	return reply_ok(c, err, NULL);
}

static int
h_scan_confirm(struct call *c)
{
	enum plenum_err err;
	int64_t n, b;

	if (param_int(c, 0, &n) != 0 || param_int(c, 1, &b) != 0)
		return reply_error(c, 404, "no such election or ballot");
	if (c->s.who.member[0] == '\0')
		return no_member(c, "scrutineer");
	LOCK(c);
	err = plenum_scans_confirm(c->a, n, b, c->s.who.member, c->actor,
				   &c->d);
	UNLOCK(c);
	if (err == PLENUM_OK)
		kick_watcher(c->api);
	return reply_ok(c, err, NULL);
}

static int
h_scan_enter(struct call *c)
{
	enum plenum_err err;
	int64_t n, batch = 0, count = 0;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	LOCK(c);
	err = plenum_scans_enter(c->a, n, c->actor, &batch, &count, &c->d);
	UNLOCK(c);
	if (err == PLENUM_OK)
		kick_watcher(c->api);
	return reply_ok(c, err,
			json_pack("{s:I, s:I}", "entered", (json_int_t)count,
				  "batch", (json_int_t)batch));
}

static int
h_sign(struct call *c)
{
	char *text = NULL;
	json_t *detail, *rounds;
	enum plenum_err err;
	int64_t n;
	int signed_all = 0;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	if (c->s.who.member[0] == '\0')
		return no_member(c, "scrutineer");
	LOCK(c);
	err = plenum_elections_sign(c->a, n, c->s.who.member, c->actor, &c->d);
	if (err == PLENUM_OK &&
	    plenum_elections_detail(c->a, n, &text, NULL) == PLENUM_OK) {
		const char *state;

		detail = json_loads(text, 0, NULL);
		rounds = json_object_get(detail, "rounds");
		state = json_string_value(json_object_get(
			json_array_get(rounds, json_array_size(rounds) - 1),
			"state"));
		signed_all = state != NULL && strcmp(state, "signed") == 0;
		json_decref(detail);
		free(text);
	}
	UNLOCK(c);
	return reply_ok(c, err, json_pack("{s:b}", "signed", signed_all));
}

static int
h_report(struct call *c)
{
	const char *round = plenum_http_query(c->req, "round");
	struct plenum_buf out;
	enum plenum_err err;
	int64_t n;
	int ret;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such election");
	plenum_buf_init(&out, 4u << 20);
	LOCK(c);
	err = plenum_elections_report(
		c->a, n, round ? strtoll(round, NULL, 10) : 0,
		plenum_http_query(c->req, "locale"), &out, &c->d);
	UNLOCK(c);
	if (err != PLENUM_OK) {
		plenum_buf_release(&out);
		return reply_err(c, err);
	}
	c->res->content_type = "text/plain; charset=utf-8";
	ret = plenum_buf_adds(&c->res->body, plenum_buf_str(&out)) ? -1 : 0;
	plenum_buf_release(&out);
	return ret;
}

/* ---- polls ---- */

struct title_find {
	int64_t n;
	char *title;
};

static int
find_question(void *ctx, const struct plenum_agenda_resolution *r)
{
	struct title_find *f = ctx;

	f->title = strdup(r->question);
	return 1;
}

static int
find_election(void *ctx, const struct plenum_elections_summary *s)
{
	struct title_find *f = ctx;

	if (s->n != f->n)
		return 0;
	f->title = strdup(s->title);
	return 1;
}

struct poll_walk {
	struct call *c;
	json_t *arr;
};

/* Adds a poll with what a voter needs to vote in it. */
static int
add_poll(void *ctx, const struct plenum_poll *p)
{
	struct poll_walk *w = ctx;
	struct plenum_assembly *a = w->c->a;
	struct title_find f = { p->target, NULL };
	char *form = NULL;
	bool eligible, voted;
	json_t *j, *fj;

	if (p->kind[0] == 'r')
		plenum_agenda_resolutions(a, p->target, find_question, &f,
					  NULL);
	else
		plenum_elections_list(a, find_election, &f, NULL);
	j = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "poll",
		      (json_int_t)p->n, "kind", p->kind, "target",
		      (json_int_t)p->target, "title", f.title ? f.title : "",
		      "mode", p->mode, "state", p->state, "eligible",
		      (json_int_t)p->eligible, "voted", (json_int_t)p->voted,
		      "result",
		      p->result ? json_loads(p->result, 0, NULL) : json_null());
	free(f.title);
	if (j == NULL)
		return 1;
	if (p->kind[0] == 'r') {
		json_object_set_new(j, "form", json_string("motion"));
		json_object_set_new(
			j, "choices",
			json_pack("[s, s, s]", "yes", "no", "abstain"));
		json_object_set_new(j, "max_votes", json_integer(1));
		json_object_set_new(j, "candidates", json_array());
	} else if (strcmp(p->state, "open") == 0 &&
		   plenum_elections_ballot_form(a, p->target, &form, NULL) ==
			   PLENUM_OK) {
		fj = json_loads(form, 0, NULL);
		json_object_del(fj, "round");
		json_object_update(j, fj);
		json_decref(fj);
		free(form);
	}
	if (w->c->s.who.role == PLENUM_ROLE_DELEGATE &&
	    plenum_polls_member(a, p->n, w->c->s.who.member, &eligible, &voted,
				NULL) == PLENUM_OK)
		json_object_set_new(j, "you",
				    json_string(voted	   ? "voted"
						: eligible ? "eligible"
							   : "not-eligible"));
	json_array_append_new(w->arr, j);
	return 0;
}

static int
h_polls(struct call *c)
{
	struct poll_walk w = { c, json_array() };
	enum plenum_err err;

	LOCK(c);
	err = plenum_polls_list(c->a, 0, add_poll, &w, &c->d);
	UNLOCK(c);
	return reply_ok(c, err, w.arr);
}

static int
add_not_voted(void *ctx, const char *member, const char *name, bool voted)
{
	if (!voted)
		json_array_append_new(ctx, json_pack("{s:s, s:s}", "id", member,
						     "name", name));
	return 0;
}

static int
h_poll(struct call *c)
{
	struct poll_walk w = { c, json_array() };
	json_t *p, *missing;
	enum plenum_err err;
	int64_t n;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such poll");
	LOCK(c);
	err = plenum_polls_list(c->a, n, add_poll, &w, &c->d);
	p = json_array_get(w.arr, 0);
	if (err == PLENUM_OK && p != NULL &&
	    strcmp(json_string_value(json_object_get(p, "mode")), "named") ==
		    0) {
		missing = json_array();
		err = plenum_polls_voters(c->a, n, add_not_voted, missing,
					  &c->d);
		json_object_set_new(p, "not_voted", missing);
	}
	UNLOCK(c);
	if (err == PLENUM_EINPUT) {
		json_decref(w.arr);
		return reply_error(c, 404, "%s", c->d.message);
	}
	if (p != NULL)
		json_incref(p);
	json_decref(w.arr);
	return reply_ok(c, err, p);
}

static int
h_poll_open(struct call *c)
{
	int64_t target, n = 0;
	const char *kind = json_object_get(c->body, "resolution") ? "resolution"
			   : json_object_get(c->body, "election") ? "election"
								  : NULL;
	enum plenum_err err;

	if (kind == NULL || body_int(c, kind, 0, &target) != 0)
		return reply_error(c, 400,
				   "give the \"resolution\" or the "
				   "\"election\" by number");
	LOCK(c);
	err = plenum_polls_open(c->a, kind, target,
				body_text(c, "mode") ? body_text(c, "mode")
						     : "secret",
				c->actor, &n, &c->d);
	UNLOCK(c);
	if (err == PLENUM_OK)
		kick_watcher(c->api);
	return reply_ok(c, err, json_pack("{s:I}", "poll", (json_int_t)n));
}

static int
h_poll_close(struct call *c)
{
	enum plenum_err err;
	char *result = NULL;
	json_t *j;
	int64_t n;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such poll");
	LOCK(c);
	err = plenum_polls_close(c->a, n, c->actor, &result, &c->d);
	UNLOCK(c);
	if (err != PLENUM_OK)
		return reply_err(c, err);
	kick_watcher(c->api);
	j = json_pack("{s:I, s:o}", "poll", (json_int_t)n, "result",
		      result ? json_loads(result, 0, NULL) : json_null());
	free(result);
	return reply_json(c, j);
}

/* Queues a vote for the writer; the answer comes after its commit. */
static int
h_vote(struct call *c)
{
	struct plenum_api *api = c->api;
	const char *choice = body_text(c, "choice"),
		   *marks = body_text(c, "marks"), *vote;
	struct vote_req *r;
	int64_t n;

	if (param_int(c, 0, &n) != 0)
		return reply_error(c, 404, "no such poll");
	if ((choice == NULL) == (marks == NULL))
		return reply_error(c, 400,
				   "give \"choice\" (yes, no, abstain) or the "
				   "ballot's \"marks\"");
	vote = choice ? choice : marks;
	if ((r = calloc(1, sizeof(*r) + strlen(vote) + 1)) == NULL)
		return -1;
	strcpy(r->vote, vote);
	set_text(r->member, sizeof(r->member), c->s.who.member);
	r->v.poll = n;
	r->v.member = r->member;
	r->v.vote = r->vote;
	pthread_mutex_lock(&api->qlock);
	if (api->stop) {
		pthread_mutex_unlock(&api->qlock);
		free(r);
		return reply_error(c, 503, "the server is stopping");
	}
	r->answer = plenum_http_defer(c->req);
	*api->qtail = r;
	api->qtail = &r->next;
	pthread_cond_signal(&api->qwake);
	pthread_mutex_unlock(&api->qlock);
	return 0;
}

/* Answers a vote the writer has dealt with, and frees it. */
static void
vote_answer(struct vote_req *r, enum plenum_err err, const char *why)
{
	static const int status[] = {
		[PLENUM_EINPUT] = 400,	  [PLENUM_ESYNTAX] = 400,
		[PLENUM_ELIMIT] = 400,	  [PLENUM_ECONFLICT] = 409,
		[PLENUM_EREADONLY] = 503, [PLENUM_EBUSY] = 503,
		[PLENUM_EFULL] = 503,
	};
	json_t *j;
	char *text, receipt[32];
	int code;

	if (err == PLENUM_OK) {
		snprintf(receipt, sizeof(receipt), "%" PRId64, r->v.seq);
		j = json_pack("{s:I, s:b, s:s}", "poll", (json_int_t)r->v.poll,
			      "accepted", 1, "receipt", receipt);
		code = 200;
	} else {
		j = json_pack("{s:s}", "error", why);
		code = (size_t)err < sizeof(status) / sizeof(*status) &&
				       status[err]
			       ? status[err]
			       : 500;
	}
	text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	plenum_http_finish(r->answer, text ? code : 500, text);
	free(text);
	free(r);
}

/* Writes queued votes, as many as are waiting, in one transaction. */
static void *
vote_writer(void *arg)
{
	struct plenum_api *api = arg;
	struct plenum_vote *batch = malloc(VOTE_BATCH * sizeof(*batch));
	struct vote_req **taken = malloc(VOTE_BATCH * sizeof(*taken));
	struct plenum_diag d;
	enum plenum_err err;
	size_t n, i;

	pthread_mutex_lock(&api->qlock);
	for (;;) {
		while (api->qhead == NULL && !api->stop)
			pthread_cond_wait(&api->qwake, &api->qlock);
		if (api->qhead == NULL && api->stop)
			break;
		for (n = 0; api->qhead != NULL && n < VOTE_BATCH; n++) {
			taken[n] = api->qhead;
			api->qhead = api->qhead->next;
		}
		if (api->qhead == NULL)
			api->qtail = &api->qhead;
		pthread_mutex_unlock(&api->qlock);

		memset(&d, 0, sizeof(d));
		if (batch == NULL || taken == NULL) {
			err = PLENUM_ENOMEM;
		} else {
			for (i = 0; i < n; i++)
				batch[i] = taken[i]->v;
			pthread_mutex_lock(&api->lock);
			err = plenum_polls_vote(api->a, batch, n, &d);
			pthread_mutex_unlock(&api->lock);
		}
		kick_watcher(api);
		for (i = 0; i < n; i++) {
			if (err != PLENUM_OK)
				vote_answer(taken[i], err,
					    d.message[0] ? d.message
							 : plenum_err_str(err));
			else
				vote_answer(taken[i], batch[i].err,
					    batch[i].message);
		}
		pthread_mutex_lock(&api->qlock);
	}
	pthread_mutex_unlock(&api->qlock);
	free(batch);
	free(taken);
	return NULL;
}

/* ---- the route table ---- */

#define STAFF "chair,secretariat,checkin,teller,scrutineer,projector"
#define ALL   STAFF ",delegate"
#define SCANS "chair,secretariat,teller,scrutineer"

static const struct route_def routes[] = {
	{ "POST", "/api/login", "", h_login },
	{ "POST", "/api/logout", ALL, h_logout },
	{ "GET", "/api/session", ALL, h_session },
	{ "GET", "/api/i18n/:locale", "", h_i18n },
	{ "GET", "/api/assembly", ALL, h_assembly },
	{ "GET", "/api/quorum", ALL, h_quorum },
	{ "GET", "/api/agenda", ALL, h_agenda },
	{ "GET", "/api/resolutions", ALL, h_resolutions },
	{ "GET", "/api/elections", ALL, h_elections },
	{ "GET", "/api/accounts", "secretariat", h_accounts },
	{ "POST", "/api/accounts", "secretariat", h_account_add },
	{ "POST", "/api/accounts/:name/password", "secretariat",
	  h_account_password },
	{ "POST", "/api/roll", "secretariat", h_roll },
	{ "GET", "/api/members", "chair,secretariat,checkin", h_members },
	{ "POST", "/api/checkin", "secretariat,checkin", h_checkin },
	{ "POST", "/api/members/:id/exclude", "secretariat", h_exclude },
	{ "POST", "/api/codes", "secretariat", h_codes },
	{ "GET", "/api/officials", STAFF, h_officials },
	{ "POST", "/api/officials", "secretariat", h_appoint },
	{ "POST", "/api/agenda", "secretariat", h_agenda_add },
	{ "POST", "/api/agenda/:n/state", "chair,secretariat", h_agenda_state },
	{ "POST", "/api/resolutions", "chair,secretariat", h_resolution_add },
	{ "POST", "/api/resolutions/:n/decide", "chair,secretariat", h_decide },
	{ "POST", "/api/elections", "secretariat", h_election_add },
	{ "GET", "/api/elections/:n", STAFF, h_election },
	{ "POST", "/api/elections/:n/candidates", "secretariat", h_candidate },
	{ "GET", "/api/elections/:n/check", "chair,secretariat,scrutineer",
	  h_check },
	{ "POST", "/api/elections/:n/rounds", "chair", h_round },
	{ "POST", "/api/elections/:n/issued", "scrutineer", h_issued },
	{ "POST", "/api/elections/:n/returned", "scrutineer", h_returned },
	{ "POST", "/api/elections/:n/batches/:b/:entry", "teller", h_batch },
	{ "GET", "/api/elections/:n/reconcile", "teller,scrutineer",
	  h_reconcile },
	{ "POST", "/api/elections/:n/count", "teller", h_count },
	{ "POST", "/api/elections/:n/sign", "scrutineer", h_sign },
	{ "GET", "/api/elections/:n/scans", SCANS, h_scans },
	{ "GET", "/api/elections/:n/scans/:b", SCANS, h_scans },
	{ "GET", "/api/scans/:sha256", SCANS, h_scan_image },
	{ "POST", "/api/elections/:n/scans/:b/decide", "teller",
	  h_scan_decide },
	{ "POST", "/api/elections/:n/scans/:b/confirm", "scrutineer",
	  h_scan_confirm },
	{ "POST", "/api/elections/:n/scans/enter", "teller", h_scan_enter },
	{ "GET", "/api/elections/:n/report", STAFF, h_report },
	{ "POST", "/api/polls", "chair", h_poll_open },
	{ "GET", "/api/polls", ALL, h_polls },
	{ "GET", "/api/polls/:p", "chair,secretariat", h_poll },
	{ "POST", "/api/polls/:p/vote", "delegate", h_vote },
	{ "POST", "/api/polls/:p/close", "chair", h_poll_close },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

const struct plenum_api_route *
plenum_api_routes(void)
{
	static struct plenum_api_route list[NROUTES + 1];
	size_t i;

	for (i = 0; i < NROUTES; i++) {
		list[i].method = routes[i].method;
		list[i].pattern = routes[i].pattern;
		list[i].roles = routes[i].roles;
	}
	return list;
}

static unsigned
roles_mask(const char *roles)
{
	char buf[256], *tok, *save;
	enum plenum_role r;
	unsigned mask = 0;

	snprintf(buf, sizeof(buf), "%s", roles);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (plenum_accounts_role_parse(tok, &r) == 0)
			mask |= 1u << r;
	return mask;
}

/* Finds the caller's session; 0, or the status to refuse with. */
static int
authorise(struct binding *b, const struct plenum_http_request *req,
	  struct plenum_session *s, int *signed_in)
{
	char token[PLENUM_SESSION_TOKEN_LEN + 2];
	enum plenum_err err;

	*signed_in = 0;
	cookie_value(req, COOKIE, token, sizeof(token));
	if (token[0] != '\0') {
		pthread_mutex_lock(&b->api->rlock);
		err = plenum_accounts_session_get(b->api->ra, token, s,
						  signed_in, NULL);
		pthread_mutex_unlock(&b->api->rlock);
		if (err != PLENUM_OK)
			return 503;
	}
	if (b->mask == 0)
		return 0;
	if (!*signed_in)
		return 401;
	if (!(b->mask & (1u << s->who.role)))
		return 403;
	return 0;
}

static int
entry(void *ctx, const struct plenum_http_request *req,
      struct plenum_http_response *res)
{
	struct binding *b = ctx;
	const char *csrf;
	json_error_t jerr;
	struct call *c;
	int refuse, ret;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	c->api = b->api;
	c->req = req;
	c->res = res;
	if (strcmp(req->method, "GET") == 0) {
		c->a = b->api->ra;
		c->lk = &b->api->rlock;
	} else {
		c->a = b->api->a;
		c->lk = &b->api->lock;
	}
	refuse = authorise(b, req, &c->s, &c->signed_in);
	if (refuse != 0) {
		ret = reply_error(c, refuse,
				  refuse == 401	  ? "sign in first"
				  : refuse == 403 ? "this is not the work of "
						    "a %s"
						  : "the database is busy",
				  plenum_accounts_role_word(c->s.who.role));
		goto out;
	}
	snprintf(c->actor, sizeof(c->actor), "web:%s", c->s.who.name);
	if (strcmp(req->method, "POST") == 0) {
		if (b->mask != 0) {
			csrf = plenum_http_header(req, "X-Plenum-CSRF");
			if (csrf == NULL || strlen(csrf) != strlen(c->s.csrf) ||
			    sodium_memcmp(csrf, c->s.csrf, strlen(csrf)) != 0) {
				ret = reply_error(c, 403,
						  "missing or wrong CSRF token "
						  "(X-Plenum-CSRF)");
				goto out;
			}
		}
		if (b->def->fn != h_roll) {
			c->body = req->body_len == 0
					  ? json_object()
					  : json_loads(req->body, 0, &jerr);
			if (!json_is_object(c->body)) {
				ret = reply_error(c, 400,
						  "the body is not a JSON "
						  "object: %s",
						  c->body ? "not an object"
							  : jerr.text);
				goto out;
			}
		}
	}
	ret = b->def->fn(c);
	if (ret == 0 && strcmp(req->method, "POST") == 0 && res->status < 300)
		kick_watcher(b->api);
out:
	json_decref(c->body);
	sodium_memzero(&c->s, sizeof(c->s));
	free(c);
	return ret;
}

/* The live stream: any signed-in role. */
static int
live_guard(void *ctx, const struct plenum_http_request *req)
{
	struct binding *b = ctx;
	struct plenum_session s;
	int signed_in, refuse;

	refuse = authorise(b, req, &s, &signed_in);
	sodium_memzero(&s, sizeof(s));
	return refuse;
}

static const struct route_def live_def = { "GET", "/api/live", ALL, NULL };

enum plenum_err
plenum_api_new(struct plenum_http *h, const struct plenum_api_config *cfg,
	       struct plenum_api **out, struct plenum_diag *diag)
{
	struct plenum_api *api;
	enum plenum_err err;
	size_t i;

	*out = NULL;
	if ((api = calloc(1, sizeof(*api))) == NULL ||
	    (api->bindings = calloc(NROUTES + 1, sizeof(*api->bindings))) ==
		    NULL) {
		free(api);
		return PLENUM_ENOMEM;
	}
	api->http = h;
	api->secure_cookies = cfg->secure_cookies;
	api->session_ttl =
		(int64_t)(cfg->session_hours ? cfg->session_hours : 12) * 3600;
	pthread_mutex_init(&api->lock, NULL);
	pthread_mutex_init(&api->rlock, NULL);
	pthread_mutex_init(&api->limit_lock, NULL);
	pthread_mutex_init(&api->qlock, NULL);
	pthread_cond_init(&api->qwake, NULL);
	api->qtail = &api->qhead;
	pthread_mutex_init(&api->wlock, NULL);
	pthread_cond_init(&api->wwake, NULL);
	err = plenum_assembly_open(cfg->db_url, cfg->key_path,
				   cfg->key_path ? 0 : PLENUM_ASSEMBLY_READONLY,
				   &api->a, diag);
	if (err == PLENUM_OK)
		err = plenum_assembly_open(cfg->db_url, NULL,
					   PLENUM_ASSEMBLY_READONLY, &api->ra,
					   diag);
	if (err == PLENUM_OK)
		err = plenum_assembly_open(cfg->db_url, NULL,
					   PLENUM_ASSEMBLY_READONLY, &api->wa,
					   diag);
	for (i = 0; err == PLENUM_OK && i < NROUTES; i++) {
		api->bindings[i].api = api;
		api->bindings[i].def = &routes[i];
		api->bindings[i].mask = roles_mask(routes[i].roles);
		err = plenum_http_route(h, routes[i].method, routes[i].pattern,
					entry, &api->bindings[i]);
	}
	if (err == PLENUM_OK) {
		api->bindings[NROUTES].api = api;
		api->bindings[NROUTES].def = &live_def;
		api->bindings[NROUTES].mask = roles_mask(ALL);
		err = plenum_http_stream(h, "/api/live", live_guard,
					 &api->bindings[NROUTES]);
	}
	if (err != PLENUM_OK) {
		if (diag != NULL && diag->message[0] == '\0')
			plenum_diag_set(diag, err, 0, 0, "%s",
					plenum_err_str(err));
		plenum_api_free(api);
		return err;
	}
	*out = api;
	return PLENUM_OK;
}

/* ---- the live stream ---- */

struct types {
	char text[1024];
	size_t len;
};

static int
add_type(void *ctx, const char *type)
{
	struct types *t = ctx;
	int n = snprintf(t->text + t->len, sizeof(t->text) - t->len, "%s\"%s\"",
			 t->len > 0 ? "," : "", type);

	if (n < 0 || (size_t)n >= sizeof(t->text) - t->len)
		return 1;
	t->len += (size_t)n;
	return 0;
}

/* Publishes "head" when the log grew since *last. */
static void
publish_head(struct plenum_api *api, int64_t *last)
{
	struct types t = { "", 0 };
	char data[1200];
	int64_t head;

	if (plenum_assembly_head(api->wa, &head, NULL) != PLENUM_OK ||
	    head == *last)
		return;
	if (*last >= 0)
		plenum_assembly_types_since(api->wa, *last, head, 16, add_type,
					    &t, NULL);
	snprintf(data, sizeof(data), "{\"head\":%" PRId64 ",\"types\":[%s]}",
		 head, t.text);
	plenum_http_publish(api->http, "head", data);
	*last = head;
}

static void *
watch(void *arg)
{
	struct plenum_api *api = arg;
	struct timespec until;
	int64_t last = -1;
	int got;

	while (!api->stop) {
		if (plenum_assembly_notifies(api->wa)) {
			/* PostgreSQL says when any instance commits */
			if (plenum_assembly_wait_change(
				    api->wa, (int)api->interval_ms, &got,
				    NULL) != PLENUM_OK) {
				struct timespec pause = { 1, 0 };

				nanosleep(&pause, NULL);
			}
		} else {
			/* a kick from this instance, or the interval for
			 * the plenum command writing beside us */
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += api->interval_ms / 1000;
			until.tv_nsec +=
				(long)(api->interval_ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			pthread_mutex_lock(&api->wlock);
			if (!api->kicked && !api->stop)
				pthread_cond_timedwait(&api->wwake, &api->wlock,
						       &until);
			api->kicked = 0;
			pthread_mutex_unlock(&api->wlock);
		}
		/* at most one message per LIVE_MIN_MS: a hall voting makes
		 * hundreds of commits a second, and each message wakes every
		 * viewer */
		{
			struct timespec pause = { 0, LIVE_MIN_MS * 1000000L };

			publish_head(api, &last);
			nanosleep(&pause, NULL);
		}
	}
	return NULL;
}

enum plenum_err
plenum_api_start(struct plenum_api *api, unsigned interval_ms)
{
	api->interval_ms = interval_ms ? interval_ms : 200;
	if (pthread_create(&api->writer, NULL, vote_writer, api) != 0)
		return PLENUM_EINTERNAL;
	api->writing = 1;
	if (pthread_create(&api->watcher, NULL, watch, api) != 0)
		return PLENUM_EINTERNAL;
	api->watching = 1;
	return PLENUM_OK;
}

void
plenum_api_stop(struct plenum_api *api)
{
	if (api == NULL)
		return;
	pthread_mutex_lock(&api->qlock);
	api->stop = 1;
	pthread_cond_broadcast(&api->qwake);
	pthread_mutex_unlock(&api->qlock);
	if (api->writing) {
		pthread_join(api->writer, NULL);
		api->writing = 0;
	}
	if (api->watching) {
		kick_watcher(api);
		pthread_join(api->watcher, NULL);
		api->watching = 0;
	}
}

void
plenum_api_free(struct plenum_api *api)
{
	if (api == NULL)
		return;
	plenum_api_stop(api);
	plenum_assembly_close(api->a);
	plenum_assembly_close(api->ra);
	plenum_assembly_close(api->wa);
	pthread_mutex_destroy(&api->lock);
	pthread_mutex_destroy(&api->rlock);
	pthread_mutex_destroy(&api->limit_lock);
	pthread_mutex_destroy(&api->qlock);
	pthread_cond_destroy(&api->qwake);
	pthread_mutex_destroy(&api->wlock);
	pthread_cond_destroy(&api->wwake);
	free(api->bindings);
	free(api);
}
