/*
 * test_http.c: the HTTP layer (server/http.h) against libcurl on
 * 127.0.0.1, a fresh server on a free port for every test.
 *
 * The cases are the contract of http.h: routing with parameters, 404,
 * 405, 500, the body cap (413, announced or chunked) and binary-safe
 * bodies up to it, static files confined to the web root (traversal in
 * every spelling, symlinks out, hidden files, NUL), the security headers
 * on every kind of answer, JSON string escaping, and Server-Sent Events:
 * exact framing and order for several subscribers, the clean-up of a
 * subscriber that goes away (its server-side socket is closed, seen in
 * /proc/net/tcp since the API exposes no count), no CPU burnt by idle
 * subscribers, a slow reader dropped, and publishing from another thread
 * while clients come and go.  ASan checks the rest (leaks, races on
 * freed subscribers).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "http.h"

#define STREAM "/api/events"

struct fixture {
	struct plenum_http *h;
	char dir[64];  /* the temporary folder */
	char root[96]; /* dir/root, the web root */
	unsigned port;
};

/* ---- helpers ---- */

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int
h_params(void *ctx, const struct plenum_http_request *req,
	 struct plenum_http_response *res)
{
	size_t i;

	if (plenum_buf_addf(&res->body, "{\"n\":%zu,\"p\":[", req->nparams))
		return -1;
	for (i = 0; i < req->nparams; i++) {
		if ((i > 0 && plenum_buf_addc(&res->body, ',')) ||
		    plenum_http_json_string(&res->body, req->params[i]))
			return -1;
	}
	return plenum_buf_adds(&res->body, "]}") ? -1 : 0;
}

static int
h_echo(void *ctx, const struct plenum_http_request *req,
       struct plenum_http_response *res)
{
	if (req->body[req->body_len] != '\0')
		return -1;
	res->content_type = "application/octet-stream";
	snprintf(res->headers[0], sizeof res->headers[0], "X-Body-Len: %zu",
		 req->body_len);
	res->nheaders = 1;
	return plenum_buf_add(&res->body, req->body, req->body_len) ? -1 : 0;
}

static int
h_fail(void *ctx, const struct plenum_http_request *req,
       struct plenum_http_response *res)
{
	plenum_buf_adds(&res->body, "partial");
	return -1;
}

static int
h_query(void *ctx, const struct plenum_http_request *req,
	struct plenum_http_response *res)
{
	const char *q = plenum_http_query(req, "q");
	const char *t = plenum_http_header(req, "x-test");

	res->status = 201;
	strcpy(res->headers[0], "Set-Cookie: s=1; HttpOnly");
	res->nheaders = 1;
	if (plenum_buf_adds(&res->body, "{\"q\":") ||
	    plenum_http_json_string(&res->body, q ? q : "(none)") ||
	    plenum_buf_adds(&res->body, ",\"t\":") ||
	    plenum_http_json_string(&res->body, t ? t : "(none)") ||
	    plenum_buf_addc(&res->body, '}'))
		return -1;
	return 0;
}

static int
setup(void **state)
{
	static struct fixture fx;
	struct plenum_diag diag;
	char path[256];

	memset(&fx, 0, sizeof fx);
	strcpy(fx.dir, "/tmp/plenum-test-http.XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	snprintf(fx.root, sizeof fx.root, "%s/root", fx.dir);
	assert_int_equal(mkdir(fx.root, 0700), 0);
	snprintf(path, sizeof path, "%s/sub", fx.root);
	assert_int_equal(mkdir(path, 0700), 0);
	write_file(fx.root, "index.html", "<!doctype html><p>plenum</p>\n");
	write_file(fx.root, "app.js", "console.log(1);\n");
	write_file(fx.root, "app.mjs", "export {};\n");
	write_file(fx.root, "style.css", "p{}\n");
	write_file(fx.root, "data.json", "{\"a\":1}\n");
	write_file(fx.root, "blob.bin", "xyz");
	write_file(fx.root, ".hidden", "hidden\n");
	write_file(fx.root, "sub/x.txt", "inner \xc3\xa9\n");
	write_file(fx.dir, "secret.txt", "SECRET\n");
	snprintf(path, sizeof path, "%s/out.txt", fx.root);
	assert_int_equal(symlink("../secret.txt", path), 0);
	snprintf(path, sizeof path, "%s/in.txt", fx.root);
	assert_int_equal(symlink("sub/x.txt", path), 0);

	fx.h = plenum_http_new(fx.root);
	assert_non_null(fx.h);
	assert_int_equal(plenum_http_route(fx.h, "GET",
					   "/api/items/:id/parts/:part",
					   h_params, NULL),
			 PLENUM_OK);
	assert_int_equal(plenum_http_route(fx.h, "GET", "/api/items/:id",
					   h_params, NULL),
			 PLENUM_OK);
	assert_int_equal(
		plenum_http_route(fx.h, "POST", "/api/echo", h_echo, NULL),
		PLENUM_OK);
	assert_int_equal(
		plenum_http_route(fx.h, "PUT", "/api/echo", h_echo, NULL),
		PLENUM_OK);
	assert_int_equal(
		plenum_http_route(fx.h, "GET", "/api/fail", h_fail, NULL),
		PLENUM_OK);
	assert_int_equal(
		plenum_http_route(fx.h, "GET", "/api/query", h_query, NULL),
		PLENUM_OK);
	assert_int_equal(plenum_http_stream(fx.h, STREAM, NULL, NULL),
			 PLENUM_OK);
	assert_int_equal(plenum_http_start(fx.h, "127.0.0.1", 0, &diag),
			 PLENUM_OK);
	fx.port = plenum_http_port(fx.h);
	assert_int_not_equal(fx.port, 0);
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[256];

	plenum_http_free(fx->h);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	return system(cmd) == 0 ? 0 : -1;
}

struct resp {
	long status;
	struct plenum_buf body;
	struct plenum_buf headers; /* lower-cased */
	char ctype[128];
};

static size_t
on_body(char *p, size_t size, size_t n, void *ud)
{
	return plenum_buf_add(ud, p, size * n) == PLENUM_OK ? size * n : 0;
}

static size_t
on_header(char *p, size_t size, size_t n, void *ud)
{
	size_t i;

	for (i = 0; i < size * n; i++) {
		if (plenum_buf_addc(ud, (char)tolower((unsigned char)p[i])))
			return 0;
	}
	return size * n;
}

struct upload {
	size_t left;
};

static size_t
on_read(char *p, size_t size, size_t n, void *ud)
{
	struct upload *u = ud;
	size_t k = size * n < u->left ? size * n : u->left;

	memset(p, 'u', k);
	u->left -= k;
	return k;
}

/* Makes one request; body NULL: none.  chunked > 0: a chunked upload of
 * that many bytes instead. */
static void
request(const struct fixture *fx, const char *method, const char *path,
	const void *body, size_t len, size_t chunked, struct curl_slist *hdrs,
	struct resp *r)
{
	CURL *c = curl_easy_init();
	struct curl_slist *extra = NULL;
	struct upload up = { chunked };
	char url[1024];
	const char *ct = NULL;
	CURLcode rc;

	assert_non_null(c);
	memset(r, 0, sizeof *r);
	plenum_buf_init(&r->body, 64u << 20);
	plenum_buf_init(&r->headers, 1u << 20);
	snprintf(url, sizeof url, "http://127.0.0.1:%u%s", fx->port,
		 path[0] == '/' ? path : "/");
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (path[0] != '/')
		curl_easy_setopt(c, CURLOPT_REQUEST_TARGET, path);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else if (chunked > 0) {
		extra = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
		hdrs = extra;
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(c, CURLOPT_READDATA, &up);
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	} else if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)len);
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	} else if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}
	if (hdrs != NULL)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	rc = curl_easy_perform(c);
	/* the server may close while a refused upload is still going */
	if (rc != CURLE_OK && rc != CURLE_SEND_ERROR)
		fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
	snprintf(r->ctype, sizeof r->ctype, "%s", ct ? ct : "");
	curl_easy_cleanup(c);
	if (extra != NULL)
		curl_slist_free_all(extra);
}

static void
resp_free(struct resp *r)
{
	plenum_buf_release(&r->body);
	plenum_buf_release(&r->headers);
}

static void
get(const struct fixture *fx, const char *path, struct resp *r)
{
	request(fx, "GET", path, NULL, 0, 0, NULL, r);
}

static void
assert_security_headers(const struct resp *r)
{
	const char *h = plenum_buf_str(&r->headers);

	assert_non_null(strstr(h, "\r\nx-content-type-options: nosniff\r\n"));
	assert_non_null(strstr(h, "\r\nreferrer-policy: no-referrer\r\n"));
	assert_non_null(strstr(h, "\r\nx-frame-options: deny\r\n"));
	assert_non_null(strstr(h, "\r\ncontent-security-policy: "
				  "default-src 'self'; connect-src 'self'; "
				  "img-src 'self' data:; style-src 'self'; "
				  "script-src 'self'; frame-ancestors "
				  "'none'\r\n"));
}

static void
expect(const struct fixture *fx, const char *path, long status,
       const char *body)
{
	struct resp r;

	get(fx, path, &r);
	if (r.status != status)
		fail_msg("GET %s: %ld, expected %ld", path, r.status, status);
	if (body != NULL)
		assert_string_equal(plenum_buf_str(&r.body), body);
	assert_security_headers(&r);
	resp_free(&r);
}

/* ---- routes and bodies ---- */

static void
test_routes(void **state)
{
	struct fixture *fx = *state;
	struct curl_slist *hdrs;
	struct resp r;

	get(fx, "/api/items/7/parts/a%20b%C3%A9", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(plenum_buf_str(&r.body),
			    "{\"n\":2,\"p\":[\"7\",\"a b\xc3\xa9\"]}");
	assert_string_equal(r.ctype, "application/json; charset=utf-8");
	assert_security_headers(&r);
	resp_free(&r);

	expect(fx, "/api/items/42", 200, "{\"n\":1,\"p\":[\"42\"]}");
	expect(fx, "/api/items/", 404, "{\"error\":\"not found\"}");
	expect(fx, "/api/items/1/parts", 404, "{\"error\":\"not found\"}");
	expect(fx, "/api/items/1/2/3", 404, "{\"error\":\"not found\"}");
	expect(fx, "/nothing/here", 404, "{\"error\":\"not found\"}");
	expect(fx, "/api/echo", 405, "{\"error\":\"method not allowed\"}");
	expect(fx, "/api/fail", 500, "{\"error\":\"internal error\"}");

	request(fx, "DELETE", "/api/items/1", NULL, 0, 0, NULL, &r);
	assert_int_equal(r.status, 405);
	resp_free(&r);
	request(fx, "POST", STREAM, "x", 1, 0, NULL, &r);
	assert_int_equal(r.status, 405);
	resp_free(&r);
	request(fx, "HEAD", "/api/items/3", NULL, 0, 0, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, 0);
	resp_free(&r);

	hdrs = curl_slist_append(NULL, "X-Test: h\xc3\xa9llo");
	request(fx, "GET", "/api/query?q=a%26b+c&z=1", NULL, 0, 0, hdrs, &r);
	curl_slist_free_all(hdrs);
	assert_int_equal(r.status, 201);
	assert_string_equal(plenum_buf_str(&r.body),
			    "{\"q\":\"a&b c\",\"t\":\"h\xc3\xa9llo\"}");
	assert_non_null(strstr(plenum_buf_str(&r.headers),
			       "\r\nset-cookie: s=1; httponly\r\n"));
	resp_free(&r);
	expect(fx, "/api/query", 201, "{\"q\":\"(none)\",\"t\":\"(none)\"}");
}

static void
test_bodies(void **state)
{
	struct fixture *fx = *state;
	size_t n = PLENUM_HTTP_MAX_BODY, i;
	unsigned char *big = malloc(n + 1);
	const char *utf8 = "{\"name\":\"Nguy\xe1\xbb\x85n \xe5\xbc\xa0\"}";
	struct resp r;

	assert_non_null(big);
	for (i = 0; i <= n; i++)
		big[i] = (unsigned char)(i * 7919 >> 3);
	big[10] = '\0';

	request(fx, "POST", "/api/echo", big, n, 0, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.ctype, "application/octet-stream");
	assert_int_equal(r.body.len, n);
	assert_memory_equal(r.body.data, big, n);
	resp_free(&r);

	request(fx, "POST", "/api/echo", big, n + 1, 0, NULL, &r);
	assert_int_equal(r.status, 413);
	assert_string_equal(plenum_buf_str(&r.body),
			    "{\"error\":\"request body too large\"}");
	assert_security_headers(&r);
	resp_free(&r);

	/* chunked: no length up front, refused once past the cap */
	request(fx, "POST", "/api/echo", NULL, 0, n + 100, NULL, &r);
	assert_int_equal(r.status, 413);
	resp_free(&r);
	request(fx, "PUT", "/api/echo", NULL, 0, 5000, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, 5000);
	resp_free(&r);

	request(fx, "POST", "/api/echo", utf8, strlen(utf8), 0, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(plenum_buf_str(&r.body), utf8);
	resp_free(&r);

	request(fx, "POST", "/api/echo", "", 0, 0, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, 0);
	assert_non_null(
		strstr(plenum_buf_str(&r.headers), "\r\nx-body-len: 0\r\n"));
	resp_free(&r);
	free(big);
}

/* ---- static files ---- */

static void
expect_type(const struct fixture *fx, const char *path, const char *type,
	    const char *body)
{
	struct resp r;

	get(fx, path, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld", path, r.status);
	assert_string_equal(r.ctype, type);
	assert_string_equal(plenum_buf_str(&r.body), body);
	assert_non_null(strstr(plenum_buf_str(&r.headers),
			       "\r\ncache-control: no-cache\r\n"));
	assert_security_headers(&r);
	resp_free(&r);
}

static void
test_static(void **state)
{
	struct fixture *fx = *state;
	static const char *const refused[] = {
		"/../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/sub/../../secret.txt",
		"/sub/%2e%2e/%2e%2e/secret.txt",
		"/sub/..%2f..%2fsecret.txt",
		"/..%2fsecret.txt",
		"/./index.html",
		"//etc/passwd",
		"/%2fetc%2fpasswd",
		"/out.txt",
		"/.hidden",
		"/index.html%00.png",
		"/index.html%00",
		"/sub",
		"/sub/",
		"/missing.js",
		"/sub/x.txt/",
	};
	struct resp r;
	size_t i;

	expect_type(fx, "/", "text/html; charset=utf-8",
		    "<!doctype html><p>plenum</p>\n");
	expect_type(fx, "/index.html", "text/html; charset=utf-8",
		    "<!doctype html><p>plenum</p>\n");
	expect_type(fx, "/app.js", "text/javascript; charset=utf-8",
		    "console.log(1);\n");
	expect_type(fx, "/app.mjs", "text/javascript; charset=utf-8",
		    "export {};\n");
	expect_type(fx, "/style.css", "text/css; charset=utf-8", "p{}\n");
	expect_type(fx, "/data.json", "application/json; charset=utf-8",
		    "{\"a\":1}\n");
	expect_type(fx, "/blob.bin", "application/octet-stream", "xyz");
	expect_type(fx, "/sub/x.txt", "text/plain; charset=utf-8",
		    "inner \xc3\xa9\n");
	expect_type(fx, "/sub/%78.txt", "text/plain; charset=utf-8",
		    "inner \xc3\xa9\n");
	expect_type(fx, "/in.txt", "text/plain; charset=utf-8",
		    "inner \xc3\xa9\n");
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		expect(fx, refused[i], 404, "{\"error\":\"not found\"}");

	request(fx, "HEAD", "/app.js", NULL, 0, 0, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, 0);
	assert_string_equal(r.ctype, "text/javascript; charset=utf-8");
	assert_non_null(strstr(plenum_buf_str(&r.headers),
			       "\r\ncontent-length: 16\r\n"));
	resp_free(&r);
	request(fx, "OPTIONS", "*", NULL, 0, 0, NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	request(fx, "POST", "/index.html", "x", 1, 0, NULL, &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void
test_no_web_root(void **state)
{
	struct plenum_http *h = plenum_http_new(NULL);
	struct fixture fx;
	struct plenum_diag diag;

	(void)state;
	assert_non_null(h);
	assert_int_equal(plenum_http_start(h, "127.0.0.1", 0, &diag),
			 PLENUM_OK);
	memset(&fx, 0, sizeof fx);
	fx.port = plenum_http_port(h);
	expect(&fx, "/", 404, "{\"error\":\"not found\"}");
	expect(&fx, "/etc/passwd", 404, "{\"error\":\"not found\"}");
	plenum_http_free(h);
	plenum_http_free(NULL);
}

static void
test_start_errors(void **state)
{
	struct fixture *fx = *state;
	struct plenum_http *h = plenum_http_new(fx->root);
	struct plenum_diag diag;

	assert_non_null(h);
	memset(&diag, 0, sizeof diag);
	assert_int_equal(plenum_http_start(h, "127.0.0.1", fx->port, &diag),
			 PLENUM_EIO);
	assert_non_null(strstr(diag.message, "in use"));
	assert_int_equal(plenum_http_start(h, "not an address", 0, &diag),
			 PLENUM_EIO);
	assert_int_equal(plenum_http_start(h, "127.0.0.1", 70000, &diag),
			 PLENUM_EIO);
	plenum_http_free(h);
}

static void
test_json_string(void **state)
{
	struct plenum_buf b;

	(void)state;
	plenum_buf_init(&b, 1000);
	assert_int_equal(plenum_http_json_string(&b, "a\"b\\c\n\t\x01\x1f\x7f"
						     "/\xc3\xa9\xe2\x80\xa8"),
			 PLENUM_OK);
	assert_string_equal(plenum_buf_str(&b),
			    "\"a\\\"b\\\\c\\u000a\\u0009\\u0001\\u001f\\u007f"
			    "/\xc3\xa9\xe2\x80\xa8\"");
	plenum_buf_reset(&b);
	assert_int_equal(plenum_http_json_string(&b, ""), PLENUM_OK);
	assert_string_equal(plenum_buf_str(&b), "\"\"");
	plenum_buf_release(&b);

	/* on failure the buffer is as it was */
	plenum_buf_init(&b, 8);
	assert_int_equal(plenum_buf_adds(&b, "ab"), PLENUM_OK);
	assert_int_equal(plenum_http_json_string(&b, "\x01\x02"),
			 PLENUM_ELIMIT);
	assert_string_equal(plenum_buf_str(&b), "ab");
	plenum_buf_release(&b);
}

/* ---- Server-Sent Events ---- */

struct sse {
	CURL *e;
	struct plenum_buf data;
	struct plenum_buf headers;
	int open, done;
};

static void
sse_open(const struct fixture *fx, CURLM *m, struct sse *c)
{
	char url[128];

	memset(c, 0, sizeof *c);
	plenum_buf_init(&c->data, 16u << 20);
	plenum_buf_init(&c->headers, 1u << 16);
	snprintf(url, sizeof url, "http://127.0.0.1:%u%s", fx->port, STREAM);
	c->e = curl_easy_init();
	assert_non_null(c->e);
	curl_easy_setopt(c->e, CURLOPT_URL, url);
	curl_easy_setopt(c->e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->e, CURLOPT_WRITEDATA, &c->data);
	curl_easy_setopt(c->e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->e, CURLOPT_HEADERDATA, &c->headers);
	curl_easy_setopt(c->e, CURLOPT_PRIVATE, c);
	curl_easy_setopt(c->e, CURLOPT_FORBID_REUSE, 1L);
	assert_int_equal(curl_multi_add_handle(m, c->e), CURLM_OK);
	c->open = 1;
}

static void
sse_close(CURLM *m, struct sse *c)
{
	if (c->open) {
		curl_multi_remove_handle(m, c->e);
		curl_easy_cleanup(c->e);
		c->open = 0;
	}
	plenum_buf_release(&c->data);
	plenum_buf_release(&c->headers);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Runs the transfers for up to ms milliseconds. */
static void
pump(CURLM *m, long ms)
{
	long end = now_ms() + ms;
	int running, left;
	CURLMsg *msg;

	do {
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct sse *c;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  (char **)&c);
			c->done = 1;
		}
		curl_multi_poll(m, NULL, 0, 20, NULL);
	} while (now_ms() < end);
}

/* Pumps until every open client in cs has received needle; returns
 * whether they all did within ms. */
static int
pump_until(CURLM *m, struct sse *cs, size_t n, const char *needle, long ms)
{
	long end = now_ms() + ms;
	size_t i;

	for (;;) {
		for (i = 0; i < n; i++) {
			if (cs[i].open &&
			    strstr(plenum_buf_str(&cs[i].data), needle) == NULL)
				break;
		}
		if (i == n)
			return 1;
		if (now_ms() >= end)
			return 0;
		pump(m, 10);
	}
}

/* Server-side sockets of the server's port that are open (established,
 * or closed by the client but not yet by the server). */
static int
server_sockets(unsigned port)
{
	static const char *const files[] = { "/proc/net/tcp",
					     "/proc/net/tcp6" };
	char line[512];
	unsigned lport, rport, st;
	int n = 0;
	size_t i;
	FILE *f;

	for (i = 0; i < 2; i++) {
		if ((f = fopen(files[i], "r")) == NULL)
			continue;
		while (fgets(line, sizeof line, f) != NULL) {
			if (sscanf(line,
				   " %*u: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%x "
				   "%x",
				   &lport, &rport, &st) == 3 &&
			    lport == port && (st == 1 || st == 8))
				n++;
		}
		fclose(f);
	}
	return n;
}

static void
test_sse_two(void **state)
{
	struct fixture *fx = *state;
	static const char want[] =
		"retry: 2000\n\n"
		"event: vote\ndata: {\"n\":1}\n\n"
		"event: vote\ndata: {\"s\":\"\\u000a\xc3\xa9\"}\n\n"
		"event: result\ndata: [1,\ndata: 2]\n\n";
	CURLM *m = curl_multi_init();
	struct sse cs[2];
	long t0;
	int i;

	assert_non_null(m);
	sse_open(fx, m, &cs[0]);
	sse_open(fx, m, &cs[1]);
	assert_true(pump_until(m, cs, 2, "retry: 2000\n\n", 5000));
	assert_int_equal(server_sockets(fx->port), 2);
	t0 = now_ms();
	assert_int_equal(plenum_http_publish(fx->h, "vote", "{\"n\":1}"),
			 PLENUM_OK);
	assert_int_equal(plenum_http_publish(fx->h, "vote",
					     "{\"s\":\"\\u000a\xc3\xa9\"}"),
			 PLENUM_OK);
	assert_int_equal(plenum_http_publish(fx->h, "re\nsult", "[1,\n2]"),
			 PLENUM_OK);
	assert_true(pump_until(m, cs, 2, "data: 2]\n\n", 5000));
	/* promptly: no polling interval between publish and delivery */
	assert_true(now_ms() - t0 < 1000);
	pump(m, 100);
	for (i = 0; i < 2; i++) {
		assert_string_equal(plenum_buf_str(&cs[i].data), want);
		assert_false(cs[i].done);
		assert_non_null(strstr(plenum_buf_str(&cs[i].headers),
				       "\r\ncontent-type: text/event-stream"));
		assert_non_null(strstr(plenum_buf_str(&cs[i].headers),
				       "\r\ncache-control: no-cache\r\n"));
		assert_non_null(strstr(plenum_buf_str(&cs[i].headers),
				       "\r\nx-frame-options: deny\r\n"));
		assert_non_null(
			strstr(plenum_buf_str(&cs[i].headers),
			       "\r\ncontent-security-policy: default-src"));
	}
	/* freeing the server ends the streams it still has */
	plenum_http_free(fx->h);
	fx->h = NULL;
	pump(m, 200);
	assert_true(cs[0].done && cs[1].done);
	for (i = 0; i < 2; i++)
		sse_close(m, &cs[i]);
	curl_multi_cleanup(m);
}

static void
test_sse_disconnect(void **state)
{
	struct fixture *fx = *state;
	CURLM *m = curl_multi_init();
	struct sse cs[3];
	long end;
	int i;

	assert_non_null(m);
	for (i = 0; i < 3; i++)
		sse_open(fx, m, &cs[i]);
	assert_true(pump_until(m, cs, 3, "retry: 2000\n\n", 5000));
	assert_int_equal(server_sockets(fx->port), 3);

	/* the client goes away while the server holds it suspended */
	curl_multi_remove_handle(m, cs[1].e);
	curl_easy_cleanup(cs[1].e);
	cs[1].open = 0;
	end = now_ms() + 10000;
	while (server_sockets(fx->port) != 2 && now_ms() < end) {
		assert_int_equal(plenum_http_publish(fx->h, "tick", "{}"),
				 PLENUM_OK);
		pump(m, 50);
	}
	assert_int_equal(server_sockets(fx->port), 2);
	assert_int_equal(plenum_http_publish(fx->h, "last", "1"), PLENUM_OK);
	assert_true(pump_until(m, cs, 3, "event: last\ndata: 1\n\n", 5000));
	for (i = 0; i < 3; i++)
		sse_close(m, &cs[i]);
	curl_multi_cleanup(m);
	/* a suspended connection is not polled: the server notices a
	 * client gone at its next write (an event, or the 15 s ping) */
	end = now_ms() + 5000;
	while (server_sockets(fx->port) != 0 && now_ms() < end) {
		assert_int_equal(plenum_http_publish(fx->h, "after", "1"),
				 PLENUM_OK);
		usleep(20000);
	}
	assert_int_equal(server_sockets(fx->port), 0);
	assert_int_equal(plenum_http_publish(fx->h, "after", "1"), PLENUM_OK);
}

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void
test_sse_idle_cpu(void **state)
{
	struct fixture *fx = *state;
	CURLM *m = curl_multi_init();
	struct sse cs[10];
	double cpu;
	int i;

	assert_non_null(m);
	for (i = 0; i < 10; i++)
		sse_open(fx, m, &cs[i]);
	assert_true(pump_until(m, cs, 10, "retry: 2000\n\n", 5000));
	/* the clients are idle too (not pumped): all CPU is the server's */
	cpu = cpu_seconds();
	sleep(2);
	cpu = cpu_seconds() - cpu;
	print_message("# idle CPU with 10 subscribers: %.4f s in 2 s\n", cpu);
	assert_true(cpu < 0.05);
	assert_int_equal(plenum_http_publish(fx->h, "wake", "1"), PLENUM_OK);
	assert_true(pump_until(m, cs, 10, "event: wake\ndata: 1\n\n", 5000));
	for (i = 0; i < 10; i++)
		sse_close(m, &cs[i]);
	curl_multi_cleanup(m);
}

static void
test_sse_slow_reader_dropped(void **state)
{
	struct fixture *fx = *state;
	CURLM *m = curl_multi_init();
	char *data = malloc(4097);
	struct sse c;
	long end;
	int i;

	assert_non_null(m);
	assert_non_null(data);
	memset(data, 'd', 4096);
	data[4096] = '\0';
	sse_open(fx, m, &c);
	assert_true(pump_until(m, &c, 1, "retry: 2000\n\n", 5000));
	/* not read: the sockets fill, then the queue, then it is dropped */
	for (i = 0; i < 3000; i++)
		assert_int_equal(plenum_http_publish(fx->h, "big", data),
				 PLENUM_OK);
	end = now_ms() + 10000;
	while (!c.done && now_ms() < end)
		pump(m, 50);
	assert_true(c.done);
	assert_true(c.data.len < 3000u * 4100u);
	assert_int_equal(server_sockets(fx->port), 0);
	sse_close(m, &c);
	curl_multi_cleanup(m);
	free(data);
}

#define NCLIENTS 20
#define NEVENTS	 50

static void *
publisher(void *arg)
{
	struct plenum_http *h = arg;
	char data[32];
	int i;

	for (i = 1; i <= NEVENTS; i++) {
		snprintf(data, sizeof data, "{\"n\":%d}", i);
		if (plenum_http_publish(h, "tick", data) != PLENUM_OK)
			return arg;
		usleep(2000);
	}
	return NULL;
}

/* A client's stream: the greeting, then consecutive ticks, then end. */
static void
check_stream(const struct sse *c)
{
	struct plenum_buf want;
	const char *s = plenum_buf_str(&c->data), *p;
	int first = NEVENTS + 1, i;

	plenum_buf_init(&want, 1u << 20);
	if ((p = strstr(s, "data: {\"n\":")) != NULL)
		first = atoi(p + strlen("data: {\"n\":"));
	assert_int_equal(plenum_buf_adds(&want, "retry: 2000\n\n"), 0);
	for (i = first; i <= NEVENTS; i++)
		assert_int_equal(plenum_buf_addf(&want,
						 "event: tick\ndata: "
						 "{\"n\":%d}\n\n",
						 i),
				 0);
	assert_int_equal(plenum_buf_adds(&want, "event: end\ndata: 0\n\n"), 0);
	assert_string_equal(s, plenum_buf_str(&want));
	plenum_buf_release(&want);
}

static void
test_sse_stress(void **state)
{
	struct fixture *fx = *state;
	CURLM *m = curl_multi_init();
	struct sse cs[NCLIENTS];
	pthread_t t;
	void *ret;
	long end;
	int i;

	assert_non_null(m);
	for (i = 0; i < NCLIENTS; i++) {
		sse_open(fx, m, &cs[i]);
		if (i == 4)
			assert_int_equal(
				pthread_create(&t, NULL, publisher, fx->h), 0);
		if (i == 12) {
			/* some leave mid-stream, one before it even began */
			int k;

			for (k = 0; k < 13; k += 3) {
				curl_multi_remove_handle(m, cs[k].e);
				curl_easy_cleanup(cs[k].e);
				cs[k].open = 0;
			}
		}
		pump(m, 5);
	}
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_null(ret);
	assert_true(pump_until(m, cs, NCLIENTS, "retry: 2000\n\n", 5000));
	assert_int_equal(plenum_http_publish(fx->h, "end", "0"), PLENUM_OK);
	assert_true(pump_until(m, cs, NCLIENTS, "event: end\n", 5000));
	pump(m, 50);
	for (i = 0; i < NCLIENTS; i++) {
		if (cs[i].open) {
			assert_false(cs[i].done);
			check_stream(&cs[i]);
		}
	}
	end = now_ms() + 5000;
	while (server_sockets(fx->port) != 15 && now_ms() < end) {
		plenum_http_publish(fx->h, "tick", "{}");
		pump(m, 50);
	}
	assert_int_equal(server_sockets(fx->port), 15);
	for (i = 0; i < NCLIENTS; i++)
		sse_close(m, &cs[i]);
	curl_multi_cleanup(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_string),
		cmocka_unit_test_setup_teardown(test_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bodies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_static, setup, teardown),
		cmocka_unit_test(test_no_web_root),
		cmocka_unit_test_setup_teardown(test_start_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sse_two, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sse_disconnect, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sse_idle_cpu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sse_slow_reader_dropped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sse_stress, setup,
						teardown),
	};
	int rc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
