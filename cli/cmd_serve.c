/*
 * cmd_serve.c: plenum serve: the browser UI and its JSON API over an
 * assembly, until SIGINT or SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "api.h"
#include "cmd.h"
#include "http.h"

#ifndef PLENUM_WEB_DIR
#define PLENUM_WEB_DIR "web"
#endif

/* serve --routes: every route and the roles that may use it. */
static int
print_routes(void)
{
	const struct plenum_api_route *r;

	for (r = plenum_api_routes(); r->method != NULL; r++)
		printf("%-5s %-40s %s\n", r->method, r->pattern,
		       r->roles[0] ? r->roles : "(anyone)");
	return PLENUM_EXIT_OK;
}

int
plenum_cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "web", required_argument, NULL, 'w' },
		{ "key", required_argument, NULL, 'k' },
		{ "read-only", no_argument, NULL, 'r' },
		{ "secure-cookies", no_argument, NULL, 's' },
		{ "routes", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("PLENUM_DB"),
		   *db = env && *env ? env : "plenum.db";
	const char *web = getenv("PLENUM_WEB"), *listen = "127.0.0.1:8080";
	struct plenum_http *h = NULL;
	struct plenum_api *api = NULL;
	struct plenum_diag d = { 0 };
	struct plenum_api_config cfg = { 0 };
	const char *key = getenv("PLENUM_KEY");
	char host[256], keybuf[4096], *colon;
	int readonly = 0;
	struct rlimit rl;
	unsigned long port;
	sigset_t set;
	int o, sig, status = PLENUM_EXIT_INPUT;

	optind = 1;
	while ((o = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (o) {
		case 'd':
			db = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 'w':
			web = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'r':
			readonly = 1;
			break;
		case 's':
			cfg.secure_cookies = 1;
			break;
		case 'R':
			return print_routes();
		case 'h':
			return plenum_cmd_help(2,
					       (char *[]){ "help", "serve" });
		default:
			fputs("usage: plenum serve [--db URL] [--key FILE] "
			      "[--listen HOST:PORT] [--web DIR] [--read-only] "
			      "[--secure-cookies] [--routes]\n",
			      stderr);
			return PLENUM_EXIT_INPUT;
		}
	}
	if (web == NULL || *web == '\0')
		web = PLENUM_WEB_DIR;
	if ((key == NULL || *key == '\0') && strncmp(db, "postgres", 8) != 0) {
		snprintf(keybuf, sizeof(keybuf), "%s.key", db);
		key = keybuf;
	}
	cfg.db_url = db;
	cfg.key_path = readonly || key == NULL || *key == '\0' ? NULL : key;
	/* thousands of phones and projectors hold a connection each */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	snprintf(host, sizeof(host), "%s", listen);
	colon = strrchr(host, ':');
	errno = 0;
	port = colon ? strtoul(colon + 1, NULL, 10) : 0;
	if (colon == NULL || errno || port > 65535) {
		fprintf(stderr, "plenum serve: --listen takes HOST:PORT\n");
		return PLENUM_EXIT_INPUT;
	}
	*colon = '\0';

	/* the signals are taken by sigwait below, in this thread only */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((h = plenum_http_new(web)) == NULL) {
		fputs("plenum serve: out of memory\n", stderr);
		return PLENUM_EXIT_INTERNAL;
	}
	if (plenum_api_new(h, &cfg, &api, &d) != PLENUM_OK ||
	    plenum_http_start(h, host, (unsigned)port, &d) != PLENUM_OK ||
	    plenum_api_start(api, 200) != PLENUM_OK) {
		fprintf(stderr, "plenum serve: %s\n",
			d.message[0] ? d.message : "cannot start");
		goto out;
	}
	printf("plenum serve: http://%s:%u/ (the projector: "
	       "http://%s:%u/projector.html)\n",
	       host, plenum_http_port(h), host, plenum_http_port(h));
	fflush(stdout);
	sigwait(&set, &sig);
	status = PLENUM_EXIT_OK;
out:
	plenum_api_stop(api);
	plenum_http_free(h);
	plenum_api_free(api);
	return status;
}
