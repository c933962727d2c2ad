/*
 * test_api.c: the JSON API of plenum serve (server/api.h, docs/api.md)
 * over real HTTP (libcurl), on SQLite or PostgreSQL.
 *
 * Roles: every route of plenum_api_routes() is sent by every role it does
 * not list, and must answer 403 (and 401 without a session); each GET is
 * sent by a role it lists and must not.  Then sessions (CSRF, logout, a new
 * password ending sessions), the rate limit on failed sign-ins,
 * delegates' one-time codes, and voting: secret and named polls on a
 * resolution and on an election round, refusals (twice, absent, closed,
 * malformed), many delegates voting at once through the group commit,
 * and the record verifying afterwards with no ballot left in the box.
 *
 * Usage: test_api URL DATA_DIR (URL: "sqlite" or postgresql://...).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "accounts.h"
#include "agenda.h"
#include "api.h"
#include "assembly.h"
#include "elections.h"
#include "http.h"
#include "store_support.h"

#define PASSWORD "correct horse"

static const char *const staff[] = { "chair",  "secretariat", "checkin",
				     "teller", "scrutineer",  "projector" };
#define NSTAFF (sizeof(staff) / sizeof(staff[0]))

/* A signed-in client. */
struct client {
	char cookie[128];
	char csrf[64];
	char role[16];
};

struct server {
	struct fresh f;
	struct plenum_http *h;
	struct plenum_api *api;
	unsigned port;
	struct client staff[NSTAFF];
	/* the full members not excluded, in roll order: the first n_present
	 * are present, the first 40 have codes */
	char voters[100][8];
	size_t nvoters;
	char codes[40][16];
	int64_t present;
};

struct reply {
	long status;
	char body[1 << 16];
	size_t len;
	char cookie[128];
	char set_cookie[256];
	char retry_after[16];
};

static size_t
on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct reply *r = ctx;
	size_t k = size * n;

	if (r->len + k >= sizeof(r->body))
		k = sizeof(r->body) - 1 - r->len;
	memcpy(r->body + r->len, p, k);
	r->len += k;
	r->body[r->len] = '\0';
	return size * n;
}

static size_t
on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct reply *r = ctx;
	size_t k = size * n;

	if (k > 12 && strncasecmp(p, "Set-Cookie: ", 12) == 0) {
		sscanf(p + 12, "%127[^;]", r->cookie);
		snprintf(r->set_cookie, sizeof(r->set_cookie), "%.*s", (int)k,
			 p);
	}
	if (k > 13 && strncasecmp(p, "Retry-After: ", 13) == 0)
		sscanf(p + 13, "%15s", r->retry_after);
	return k;
}

/* Sends a request as c (NULL: no session); body NULL for none. */
static long
send_as(struct server *s, const struct client *c, const char *method,
	const char *path, const char *body, struct reply *r)
{
	struct curl_slist *hdrs = NULL;
	char url[512], h[128];
	CURL *curl = curl_easy_init();

	assert_non_null(curl);
	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", s->port, path);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	if (c != NULL) {
		curl_easy_setopt(curl, CURLOPT_COOKIE, c->cookie);
		snprintf(h, sizeof(h), "X-Plenum-CSRF: %s", c->csrf);
		hdrs = curl_slist_append(hdrs, h);
	}
	if (body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		hdrs = curl_slist_append(hdrs,
					 "Content-Type: application/json");
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
	assert_int_equal(curl_easy_perform(curl), CURLE_OK);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(curl);
	return r->status;
}

/* Signs in with body; fills c.  Returns the status. */
static long
sign_in(struct server *s, const char *body, struct client *c)
{
	struct reply r;
	json_t *j;

	memset(c, 0, sizeof(*c));
	if (send_as(s, NULL, "POST", "/api/login", body, &r) != 200)
		return r.status;
	j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	snprintf(c->cookie, sizeof(c->cookie), "%s", r.cookie);
	snprintf(c->csrf, sizeof(c->csrf), "%s",
		 json_string_value(json_object_get(j, "csrf")));
	snprintf(c->role, sizeof(c->role), "%s",
		 json_string_value(json_object_get(j, "role")));
	json_decref(j);
	assert_true(strncmp(c->cookie, "plenum_session=", 15) == 0);
	return 200;
}

static long
staff_in(struct server *s, const char *name, struct client *c)
{
	char body[256];

	snprintf(body, sizeof(body),
		 "{\"name\":\"%s\",\"password\":\"" PASSWORD "\"}", name);
	return sign_in(s, body, c);
}

static int
keep_code(void *ctx, const char *member, const char *name, const char *code)
{
	struct server *s = ctx;
	size_t i;

	(void)name;
	for (i = 0; i < 40; i++)
		if (strcmp(s->voters[i], member) == 0)
			snprintf(s->codes[i], sizeof(s->codes[i]), "%s", code);
	return 0;
}

static int
keep_voter(void *ctx, const struct plenum_assembly_member *m)
{
	struct server *s = ctx;

	if (m->status == PLENUM_ROLL_FULL && m->exclusion == NULL &&
	    s->nvoters < 100 && strcmp(m->id, "D090") != 0 &&
	    strcmp(m->id, "D091") != 0)
		snprintf(s->voters[s->nvoters++], sizeof(s->voters[0]), "%s",
			 m->id);
	return 0;
}

/*
 * A congress of roll-97 (cn-basic) with present first n_present full
 * members, an account of each staff role (tellers and scrutineers linked
 * to members officials), codes for D001..D040, a resolution, and the
 * server running on it.
 */
static void
server_start(struct server *s, int n_present)
{
	static const char *const officials[][2] = {
		{ "teller", "D090" },
		{ "scrutineer", "D091" },
	};
	const char *ids[40];
	struct plenum_api_config cfg = { 0 };
	struct plenum_diag d = { 0 };
	struct plenum_assembly *a;
	enum plenum_official_role role;
	enum plenum_role r;
	int64_t clock = 1700000000000000LL, n;
	size_t i;

	memset(s, 0, sizeof(*s));
	a = store_support_congress(&s->f, "cn-basic", "roll-97.csv", &clock);
	for (i = 0; i < 2; i++) {
		assert_int_equal(
			plenum_elections_role_parse(officials[i][0], &role), 0);
		assert_int_equal(plenum_elections_appoint(
					 a, role, officials[i][1], NULL, &d),
				 PLENUM_OK);
	}
	for (i = 0; i < NSTAFF; i++) {
		assert_int_equal(plenum_accounts_role_parse(staff[i], &r), 0);
		if (plenum_accounts_add(a, staff[i], r,
					r == PLENUM_ROLE_TELLER	      ? "D090"
					: r == PLENUM_ROLE_SCRUTINEER ? "D091"
								      : NULL,
					PASSWORD, "test", &d) != PLENUM_OK)
			fail_msg("account %s: %s", staff[i], d.message);
	}
	assert_int_equal(plenum_assembly_members(a, NULL, keep_voter, s, &d),
			 PLENUM_OK);
	assert_true(s->nvoters >= 90);
	for (i = 0; i < 40; i++)
		ids[i] = s->voters[i];
	assert_int_equal(plenum_accounts_issue_codes(a, ids, 40, keep_code, s,
						     "test", &d),
			 PLENUM_OK);
	for (i = 0; i < (size_t)n_present; i++)
		assert_int_equal(plenum_assembly_checkin(a, s->voters[i], true,
							 "test", &d),
				 PLENUM_OK);
	s->present = n_present;
	assert_int_equal(
		plenum_agenda_add_resolution(a, 0, "工作报告", "test", &n, &d),
		PLENUM_OK);
	plenum_assembly_close(a);

	assert_non_null(s->h = plenum_http_new(NULL));
	cfg.db_url = s->f.url;
	cfg.key_path = s->f.key;
	if (plenum_api_new(s->h, &cfg, &s->api, &d) != PLENUM_OK)
		fail_msg("api: %s", d.message);
	assert_int_equal(plenum_http_start(s->h, "127.0.0.1", 0, &d),
			 PLENUM_OK);
	assert_int_equal(plenum_api_start(s->api, 100), PLENUM_OK);
	s->port = plenum_http_port(s->h);
	for (i = 0; i < NSTAFF; i++)
		assert_int_equal(staff_in(s, staff[i], &s->staff[i]), 200);
}

static void
server_stop(struct server *s)
{
	plenum_api_stop(s->api);
	plenum_http_free(s->h);
	plenum_api_free(s->api);
}

static struct client *
as(struct server *s, const char *role)
{
	size_t i;

	for (i = 0; i < NSTAFF; i++)
		if (strcmp(staff[i], role) == 0)
			return &s->staff[i];
	fail_msg("no role %s", role);
	return NULL;
}

static long
delegate_in(struct server *s, int i, struct client *c)
{
	char body[64];

	snprintf(body, sizeof(body), "{\"code\":\"%s\"}", s->codes[i]);
	return sign_in(s, body, c);
}

/* The route's path with its parameters filled in. */
static void
fill(const char *pattern, char *out, size_t size)
{
	const char *p = pattern;
	size_t k = 0;

	while (*p && k + 16 < size) {
		if (*p == ':') {
			const char *v = strncmp(p, ":name", 5) == 0 ? "chair"
					: strncmp(p, ":id", 3) == 0 ? "D001"
					: strncmp(p, ":locale", 7) == 0 ? "en"
									: "1";
			k += (size_t)snprintf(out + k, size - k, "%s", v);
			while (*p && *p != '/')
				p++;
		} else {
			out[k++] = *p++;
		}
	}
	out[k] = '\0';
}

static int
listed(const char *roles, const char *role)
{
	size_t n = strlen(role);
	const char *p;

	for (p = roles; (p = strstr(p, role)) != NULL; p += n)
		if ((p == roles || p[-1] == ',') &&
		    (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Checks a status, showing the body when it differs. */
#define EXPECT(want, call)                                                     \
	do {                                                                   \
		long got_ = (call);                                            \
		if (got_ != (want))                                            \
			fail_msg("line %d: status %ld, want %d: %s", __LINE__, \
				 got_, (want), r.body);                        \
	} while (0)

/* ---- roles ---- */

static void
test_every_route_refuses_every_other_role(void **state)
{
	const struct plenum_api_route *rt;
	struct server s;
	struct client del;
	struct reply r;
	char path[256];
	size_t i, refused = 0, allowed = 0;

	(void)state;
	server_start(&s, 80);
	assert_int_equal(delegate_in(&s, 0, &del), 200);
	for (rt = plenum_api_routes(); rt->method != NULL; rt++) {
		fill(rt->pattern, path, sizeof(path));
		if (rt->roles[0] == '\0')
			continue; /* sign-in and the UI's strings */
		/* no session at all */
		if (send_as(&s, NULL, rt->method, path,
			    strcmp(rt->method, "POST") ? NULL : "{}",
			    &r) != 401)
			fail_msg("%s %s without a session: %ld", rt->method,
				 path, r.status);
		for (i = 0; i <= NSTAFF; i++) {
			const char *role = i < NSTAFF ? staff[i] : "delegate";
			const struct client *c =
				i < NSTAFF ? &s.staff[i] : &del;

			if (listed(rt->roles, role)) {
				/* a role it lists gets past the check; POSTs
				 * change things, so only GETs are tried */
				if (strcmp(rt->method, "GET") == 0 &&
				    strcmp(rt->pattern, "/api/live") != 0) {
					send_as(&s, c, rt->method, path, NULL,
						&r);
					if (r.status == 401 || r.status == 403)
						fail_msg("%s %s as %s: %ld",
							 rt->method, path, role,
							 r.status);
					allowed++;
				}
				continue;
			}
			if (send_as(&s, c, rt->method, path,
				    strcmp(rt->method, "POST") ? NULL : "{}",
				    &r) != 403)
				fail_msg("%s %s as %s: %ld, not 403: %s",
					 rt->method, path, role, r.status,
					 r.body);
			assert_non_null(strstr(r.body, "not the work of"));
			refused++;
		}
	}
	/* the live stream is guarded too */
	EXPECT(401, send_as(&s, NULL, "GET", "/api/live", NULL, &r));
	print_message("# %zu refusals, %zu allowed reads\n", refused, allowed);
	assert_true(refused > 150);
	assert_true(allowed > 40);
	server_stop(&s);
}

/* ---- sessions ---- */

static void
test_sessions(void **state)
{
	struct server s;
	struct client c, forged;
	struct reply r;

	(void)state;
	server_start(&s, 10);
	c = *as(&s, "secretariat");
	/* a write without the CSRF header, or with another's */
	forged = c;
	forged.csrf[0] = '\0';
	EXPECT(403, send_as(&s, &forged, "POST", "/api/agenda",
			    "{\"title\":\"开幕\"}", &r));
	assert_non_null(strstr(r.body, "CSRF"));
	snprintf(forged.csrf, sizeof(forged.csrf), "%s", as(&s, "chair")->csrf);
	EXPECT(403, send_as(&s, &forged, "POST", "/api/agenda",
			    "{\"title\":\"开幕\"}", &r));
	EXPECT(200, send_as(&s, &c, "POST", "/api/agenda",
			    "{\"title\":\"开幕\"}", &r));
	assert_string_equal(r.body, "{\"n\":1}");
	/* bad bodies name the problem */
	EXPECT(400, send_as(&s, &c, "POST", "/api/agenda", "[1]", &r));
	EXPECT(400, send_as(&s, &c, "POST", "/api/agenda", "{", &r));
	/* a new password ends the account's sessions */
	EXPECT(200, send_as(&s, &c, "POST", "/api/accounts/chair/password",
			    "{\"password\":\"another one\"}", &r));
	EXPECT(401,
	       send_as(&s, as(&s, "chair"), "GET", "/api/session", NULL, &r));
	assert_int_equal(staff_in(&s, "chair", &forged), 401);
	assert_int_equal(sign_in(&s,
				 "{\"name\":\"chair\",\"password\":\"another "
				 "one\"}",
				 &forged),
			 200);
	/* logout */
	EXPECT(200, send_as(&s, &c, "POST", "/api/logout", "{}", &r));
	EXPECT(401, send_as(&s, &c, "GET", "/api/session", NULL, &r));
	/* the cookie is HttpOnly and SameSite */
	EXPECT(200,
	       send_as(&s, NULL, "POST", "/api/login",
		       "{\"name\":\"checkin\",\"password\":\"" PASSWORD "\"}",
		       &r));
	assert_non_null(strstr(r.set_cookie, "HttpOnly"));
	assert_non_null(strstr(r.set_cookie, "SameSite=Strict"));
	server_stop(&s);
}

static void
test_login_rate_limit(void **state)
{
	struct server s;
	struct client c;
	struct reply r;
	int i;

	(void)state;
	server_start(&s, 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(sign_in(&s,
					 "{\"name\":\"chair\",\"password\":"
					 "\"wrong password\"}",
					 &c),
				 401);
	/* locked for the window, even with the right password */
	EXPECT(429,
	       send_as(&s, NULL, "POST", "/api/login",
		       "{\"name\":\"chair\",\"password\":\"" PASSWORD "\"}",
		       &r));
	assert_true(atoi(r.retry_after) > 0 && atoi(r.retry_after) <= 300);
	/* unknown names are answered alike */
	server_stop(&s);
	server_start(&s, 0);
	EXPECT(401, send_as(&s, NULL, "POST", "/api/login",
			    "{\"name\":\"nobody\",\"password\":\"x\"}", &r));
	assert_non_null(strstr(r.body, "wrong name or password"));
	server_stop(&s);
}

static void
test_delegate_code(void **state)
{
	struct server s;
	struct client c, again;
	struct reply r;
	char body[64];

	(void)state;
	server_start(&s, 0);
	/* case, spaces and dashes do not matter; the code is spent */
	snprintf(body, sizeof(body), "{\"code\":\" %c%c%c%c%c %.5s \"}",
		 s.codes[2][0] | 0x20, s.codes[2][1], s.codes[2][2],
		 s.codes[2][3], s.codes[2][4], s.codes[2] + 6);
	assert_int_equal(sign_in(&s, body, &c), 200);
	assert_string_equal(c.role, "delegate");
	EXPECT(200, send_as(&s, &c, "GET", "/api/session", NULL, &r));
	assert_non_null(strstr(r.body, "\"member\":\"D003\""));
	assert_int_equal(delegate_in(&s, 2, &again), 401);
	/* a delegate cannot see the roll */
	EXPECT(403, send_as(&s, &c, "GET", "/api/members", NULL, &r));
	server_stop(&s);
}

/* ---- voting ---- */

static json_t *
body_json(const struct reply *r)
{
	json_t *j = json_loads(r->body, 0, NULL);

	if (j == NULL)
		fail_msg("not JSON: %s", r->body);
	return j;
}

static void
test_secret_poll_on_a_resolution(void **state)
{
	struct server s;
	struct client d1, d2, d3, absent;
	char late[64];
	struct reply r;
	json_t *j;
	struct plenum_assembly *a;
	struct plenum_assembly_verify v;
	struct plenum_diag d = { 0 };

	(void)state;
	server_start(&s, 80); /* D001.. present; quorum 77 of 95 */
	EXPECT(200, send_as(&s, as(&s, "chair"), "POST", "/api/polls",
			    "{\"resolution\":1,\"mode\":\"secret\"}", &r));
	assert_string_equal(r.body, "{\"poll\":1}");
	assert_int_equal(delegate_in(&s, 0, &d1), 200);
	assert_int_equal(delegate_in(&s, 1, &d2), 200);
	assert_int_equal(delegate_in(&s, 2, &d3), 200);
	EXPECT(200, send_as(&s, &d1, "GET", "/api/polls", NULL, &r));
	assert_non_null(strstr(r.body, "\"you\":\"eligible\""));
	assert_non_null(strstr(r.body, "\"title\":\"工作报告\""));
	EXPECT(200, send_as(&s, &d1, "POST", "/api/polls/1/vote",
			    "{\"choice\":\"yes\"}", &r));
	assert_non_null(strstr(r.body, "\"accepted\":true"));
	EXPECT(409, send_as(&s, &d1, "POST", "/api/polls/1/vote",
			    "{\"choice\":\"no\"}", &r));
	assert_non_null(strstr(r.body, "already"));
	EXPECT(400, send_as(&s, &d2, "POST", "/api/polls/1/vote",
			    "{\"choice\":\"maybe\"}", &r));
	EXPECT(200, send_as(&s, &d2, "POST", "/api/polls/1/vote",
			    "{\"choice\":\"no\"}", &r));
	EXPECT(200, send_as(&s, &d3, "POST", "/api/polls/1/vote",
			    "{\"choice\":\"yes\"}", &r));
	EXPECT(200, send_as(&s, &d1, "GET", "/api/polls", NULL, &r));
	assert_non_null(strstr(r.body, "\"you\":\"voted\""));
	/* progress: no names in secret mode */
	EXPECT(200,
	       send_as(&s, as(&s, "chair"), "GET", "/api/polls/1", NULL, &r));
	j = body_json(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "voted")), 3);
	assert_int_equal(json_integer_value(json_object_get(j, "eligible")),
			 s.present);
	assert_null(json_object_get(j, "not_voted"));
	json_decref(j);
	/* one who came after it opened may not vote in it */
	snprintf(late, sizeof(late), "{\"card\":\"PM1:%s\"}", s.voters[85]);
	EXPECT(200, send_as(&s, as(&s, "checkin"), "POST", "/api/checkin", late,
			    &r));
	snprintf(late, sizeof(late), "{\"members\":[\"%s\"]}", s.voters[85]);
	EXPECT(200, send_as(&s, as(&s, "secretariat"), "POST", "/api/codes",
			    late, &r));
	j = body_json(&r);
	{
		char body[64];

		snprintf(body, sizeof(body), "{\"code\":\"%s\"}",
			 json_string_value(json_object_get(
				 json_array_get(json_object_get(j, "codes"), 0),
				 "code")));
		assert_int_equal(sign_in(&s, body, &absent), 200);
	}
	json_decref(j);
	EXPECT(409, send_as(&s, &absent, "POST", "/api/polls/1/vote",
			    "{\"choice\":\"yes\"}", &r));
	assert_non_null(strstr(r.body, "may not vote"));
	EXPECT(200, send_as(&s, as(&s, "chair"), "POST", "/api/polls/1/close",
			    "{}", &r));
	j = body_json(&r);
	assert_non_null(
		json_object_get(json_object_get(j, "result"), "motion"));
	json_decref(j);
	EXPECT(200, send_as(&s, &d1, "GET", "/api/resolutions", NULL, &r));
	assert_non_null(strstr(r.body, "\"method\":\"electronic\",\"yes\":2,"
				       "\"no\":1,\"abstain\":0"));
	EXPECT(409, send_as(&s, &d3, "POST", "/api/polls/1/vote",
			    "{\"choice\":\"yes\"}", &r));
	server_stop(&s);
	/* the record verifies, every result recomputed */
	assert_int_equal(plenum_assembly_open(s.f.url, NULL,
					      PLENUM_ASSEMBLY_READONLY, &a, &d),
			 PLENUM_OK);
	if (plenum_assembly_verify(a, &v, &d) != PLENUM_OK)
		fail_msg("verify: %s %s", d.message, v.mismatch);
	plenum_assembly_close(a);
}

struct voter {
	struct server *s;
	struct client c;
	long status;
};

static void *
vote_thread(void *arg)
{
	struct voter *v = arg;
	struct reply r;

	v->status = send_as(v->s, &v->c, "POST", "/api/polls/1/vote",
			    "{\"choice\":\"abstain\"}", &r);
	return NULL;
}

static void
test_votes_at_once(void **state)
{
	struct server s;
	struct voter v[40];
	pthread_t t[40];
	struct reply r;
	json_t *j;
	int i;

	(void)state;
	server_start(&s, 80);
	EXPECT(200, send_as(&s, as(&s, "chair"), "POST", "/api/polls",
			    "{\"resolution\":1,\"mode\":\"named\"}", &r));
	for (i = 0; i < 40; i++) {
		v[i].s = &s;
		assert_int_equal(delegate_in(&s, i, &v[i].c), 200);
	}
	for (i = 0; i < 40; i++)
		assert_int_equal(
			pthread_create(&t[i], NULL, vote_thread, &v[i]), 0);
	for (i = 0; i < 40; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(v[i].status, 200);
	}
	/* named: the chair sees who has not voted */
	EXPECT(200,
	       send_as(&s, as(&s, "chair"), "GET", "/api/polls/1", NULL, &r));
	j = body_json(&r);
	assert_int_equal(json_integer_value(json_object_get(j, "voted")), 40);
	assert_int_equal(json_array_size(json_object_get(j, "not_voted")), 40);
	assert_string_equal(
		json_string_value(json_object_get(
			json_array_get(json_object_get(j, "not_voted"), 0),
			"id")),
		s.voters[40]);
	json_decref(j);
	EXPECT(200, send_as(&s, as(&s, "chair"), "POST", "/api/polls/1/close",
			    "{}", &r));
	EXPECT(200, send_as(&s, as(&s, "chair"), "GET", "/api/resolutions",
			    NULL, &r));
	assert_non_null(strstr(r.body, "\"abstain\":40"));
	server_stop(&s);
}

static void
test_election_poll(void **state)
{
	struct server s;
	struct client d[3], *sec, *chair;
	static const char *const marks[3] = { "YYN", "YNA", "NYY" };
	struct reply r;
	char body[128];
	json_t *j, *cands;
	int i;

	(void)state;
	server_start(&s, 80);
	sec = as(&s, "secretariat");
	chair = as(&s, "chair");
	EXPECT(200, send_as(&s, sec, "POST", "/api/elections",
			    "{\"title\":\"书记\",\"seats\":2}", &r));
	for (i = 0; i < 3; i++) {
		snprintf(body, sizeof(body), "{\"name\":\"%s\"}",
			 i == 0	  ? "王一"
			 : i == 1 ? "李二"
				  : "张三");
		EXPECT(200, send_as(&s, sec, "POST",
				    "/api/elections/1/candidates", body, &r));
	}
	/* no round yet: no poll */
	EXPECT(409, send_as(&s, chair, "POST", "/api/polls", "{\"election\":1}",
			    &r));
	EXPECT(200,
	       send_as(&s, chair, "POST", "/api/elections/1/rounds", "{}", &r));
	EXPECT(200, send_as(&s, chair, "POST", "/api/polls",
			    "{\"election\":1,\"mode\":\"secret\"}", &r));
	for (i = 0; i < 3; i++)
		assert_int_equal(delegate_in(&s, i, &d[i]), 200);
	EXPECT(200, send_as(&s, &d[0], "GET", "/api/polls", NULL, &r));
	j = body_json(&r);
	cands = json_object_get(json_array_get(j, 0), "candidates");
	assert_int_equal(json_array_size(cands), 3);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(j, 0), "form")),
			    "per_candidate");
	json_decref(j);
	EXPECT(400, send_as(&s, &d[0], "POST", "/api/polls/1/vote",
			    "{\"marks\":\"YY\"}", &r));
	for (i = 0; i < 3; i++) {
		snprintf(body, sizeof(body), "{\"marks\":\"%s\"}", marks[i]);
		EXPECT(200, send_as(&s, &d[i], "POST", "/api/polls/1/vote",
				    body, &r));
	}
	/* paper cannot join a round voted on devices */
	EXPECT(200, send_as(&s, chair, "POST", "/api/polls/1/close", "{}", &r));
	j = body_json(&r);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(json_object_get(j, "result"),
						 "ballots"),
				 "returned")),
			 3);
	json_decref(j);
	EXPECT(200, send_as(&s, sec, "GET", "/api/elections/1", NULL, &r));
	assert_non_null(strstr(r.body, "\"teller\":\"devices\""));
	assert_non_null(strstr(r.body, "\"state\":\"counted\""));
	EXPECT(200,
	       send_as(&s, sec, "GET", "/api/elections/1/report", NULL, &r));
	assert_non_null(strstr(r.body, "王一"));
	server_stop(&s);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_refuses_every_other_role),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_login_rate_limit),
		cmocka_unit_test(test_delegate_code),
		cmocka_unit_test(test_secret_poll_on_a_resolution),
		cmocka_unit_test(test_votes_at_once),
		cmocka_unit_test(test_election_poll),
	};
	int failed;

	if (argc != 3) {
		fprintf(stderr, "usage: test_api URL DATA_DIR\n");
		return 2;
	}
	if (store_support_init(argv[1], argv[2], "api") != 0)
		return 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	store_support_cleanup();
	return failed;
}
