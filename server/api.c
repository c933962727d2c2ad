/*
 * api.c: read-only JSON routes and the live stream of plenum serve.
 *
 * Invariants: the one assembly handle is used under a mutex (MHD calls
 * handlers from several threads; a connection is not thread-safe); every
 * string reaching JSON goes through jansson or plenum_http_json_string;
 * the API cannot change the record, since the assembly is opened without
 * its key and read-only.
 */
#include "api.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "agenda.h"
#include "assembly.h"
#include "elections.h"
#include "i18n.h"
#include "rules.h"
#include "ui_strings.h"

struct plenum_api {
	struct plenum_http *http;
	struct plenum_assembly *a;
	pthread_mutex_t lock;
	pthread_t watcher;
	int watching;
	volatile int stop;
	unsigned interval_ms;
};

/* Writes j (stolen) as the response body; -1 answers 500. */
static int
reply_json(struct plenum_http_response *res, json_t *j)
{
	char *text;

	if (j == NULL)
		return -1;
	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (text == NULL)
		return -1;
	if (plenum_buf_adds(&res->body, text) != PLENUM_OK) {
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

static int
get_assembly(void *ctx, const struct plenum_http_request *req,
	     struct plenum_http_response *res)
{
	struct plenum_api *api = ctx;
	const struct plenum_assembly_info *info = plenum_assembly_info(api->a);
	char pk[2 * PLENUM_EVENT_PUBLIC_LEN + 1];
	int64_t head = 0;
	enum plenum_err err;

	(void)req;
	sodium_bin2hex(pk, sizeof(pk), info->public_key,
		       sizeof(info->public_key));
	pthread_mutex_lock(&api->lock);
	err = plenum_assembly_head(api->a, &head, NULL);
	pthread_mutex_unlock(&api->lock);
	if (err != PLENUM_OK)
		return -1;
	return reply_json(
		res, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "id", info->id,
			       "name", info->name, "locale", info->locale,
			       "rules", plenum_rules_preset_name(info->preset),
			       "public_key", pk, "head", (json_int_t)head));
}

static int
get_quorum(void *ctx, const struct plenum_http_request *req,
	   struct plenum_http_response *res)
{
	struct plenum_api *api = ctx;
	struct plenum_assembly_quorum q;
	enum plenum_err err;

	(void)req;
	pthread_mutex_lock(&api->lock);
	err = plenum_assembly_quorum(api->a, &q, NULL);
	pthread_mutex_unlock(&api->lock);
	if (err != PLENUM_OK)
		return -1;
	return reply_json(
		res,
		json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:I, s:b}",
			  "members", (json_int_t)q.members, "voting",
			  (json_int_t)q.voting, "excluded",
			  (json_int_t)q.excluded, "should_attend",
			  (json_int_t)q.should_attend, "present",
			  (json_int_t)q.present, "attending",
			  (json_int_t)q.attending, "applies", q.applies,
			  "required", (json_int_t)q.required, "met", q.met));
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
get_agenda(void *ctx, const struct plenum_http_request *req,
	   struct plenum_http_response *res)
{
	struct plenum_api *api = ctx;
	json_t *arr = json_array();
	enum plenum_err err;

	(void)req;
	if (arr == NULL)
		return -1;
	pthread_mutex_lock(&api->lock);
	err = plenum_agenda_items(api->a, add_item, arr, NULL);
	pthread_mutex_unlock(&api->lock);
	if (err != PLENUM_OK) {
		json_decref(arr);
		return -1;
	}
	return reply_json(res, arr);
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
get_elections(void *ctx, const struct plenum_http_request *req,
	      struct plenum_http_response *res)
{
	struct plenum_api *api = ctx;
	json_t *arr = json_array();
	enum plenum_err err;

	(void)req;
	if (arr == NULL)
		return -1;
	pthread_mutex_lock(&api->lock);
	err = plenum_elections_list(api->a, add_election, arr, NULL);
	pthread_mutex_unlock(&api->lock);
	if (err != PLENUM_OK) {
		json_decref(arr);
		return -1;
	}
	return reply_json(res, arr);
}

static int
get_i18n(void *ctx, const struct plenum_http_request *req,
	 struct plenum_http_response *res)
{
	const char *locale = req->params[0];
	const struct plenum_catalog *cat;
	json_t *obj;
	size_t i;

	(void)ctx;
	if (strcmp(locale, "zh-Hans") != 0 && strcmp(locale, "zh-Hant") != 0 &&
	    strcmp(locale, "vi") != 0 && strcmp(locale, "en") != 0) {
		res->status = 404;
		return plenum_buf_adds(&res->body,
				       "{\"error\":\"unknown locale\"}") ==
				       PLENUM_OK
			       ? 0
			       : -1;
	}
	cat = plenum_i18n_catalog(locale);
	if ((obj = json_object()) == NULL)
		return -1;
	for (i = 0; plenum_ui_strings[i] != NULL; i++)
		json_object_set_new(obj, plenum_ui_strings[i],
				    json_string(plenum_i18n_get(
					    cat, plenum_ui_strings[i])));
	return reply_json(res, obj);
}

enum plenum_err
plenum_api_new(struct plenum_http *h, const char *db_url,
	       struct plenum_api **out, struct plenum_diag *diag)
{
	struct plenum_api *api;
	enum plenum_err err;

	*out = NULL;
	if ((api = calloc(1, sizeof(*api))) == NULL)
		return PLENUM_ENOMEM;
	api->http = h;
	pthread_mutex_init(&api->lock, NULL);
	err = plenum_assembly_open(db_url, NULL, PLENUM_ASSEMBLY_READONLY,
				   &api->a, diag);
	if (err == PLENUM_OK &&
	    ((err = plenum_http_route(h, "GET", "/api/assembly", get_assembly,
				      api)) ||
	     (err = plenum_http_route(h, "GET", "/api/quorum", get_quorum,
				      api)) ||
	     (err = plenum_http_route(h, "GET", "/api/agenda", get_agenda,
				      api)) ||
	     (err = plenum_http_route(h, "GET", "/api/elections", get_elections,
				      api)) ||
	     (err = plenum_http_route(h, "GET", "/api/i18n/:locale", get_i18n,
				      api)) ||
	     (err = plenum_http_stream(h, "/api/live"))))
		plenum_diag_set(diag, err, 0, 0, "%s", plenum_err_str(err));
	if (err != PLENUM_OK) {
		plenum_api_free(api);
		return err;
	}
	*out = api;
	return PLENUM_OK;
}

/* Polls the head; viewers refetch what they show when it moves. */
static void *
watch(void *arg)
{
	struct plenum_api *api = arg;
	struct timespec pause = { api->interval_ms / 1000,
				  (long)(api->interval_ms % 1000) * 1000000L };
	int64_t last = -1, head;
	char data[64];

	while (!api->stop) {
		pthread_mutex_lock(&api->lock);
		if (plenum_assembly_head(api->a, &head, NULL) != PLENUM_OK)
			head = last;
		pthread_mutex_unlock(&api->lock);
		if (head != last) {
			snprintf(data, sizeof(data), "{\"head\":%" PRId64 "}",
				 head);
			plenum_http_publish(api->http, "head", data);
			last = head;
		}
		nanosleep(&pause, NULL);
	}
	return NULL;
}

enum plenum_err
plenum_api_watch(struct plenum_api *api, unsigned interval_ms)
{
	api->interval_ms = interval_ms ? interval_ms : 500;
	if (pthread_create(&api->watcher, NULL, watch, api) != 0)
		return PLENUM_EINTERNAL;
	api->watching = 1;
	return PLENUM_OK;
}

void
plenum_api_free(struct plenum_api *api)
{
	if (api == NULL)
		return;
	if (api->watching) {
		api->stop = 1;
		pthread_join(api->watcher, NULL);
	}
	plenum_assembly_close(api->a);
	pthread_mutex_destroy(&api->lock);
	free(api);
}
