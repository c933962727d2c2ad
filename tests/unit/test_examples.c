/*
 * test_examples.c: every election file in the folders given on the command
 * line (the spec's worked examples in tests/examples, the shared scenarios
 * copied to tests/scenarios) must give the result its NAME.expected.json
 * lists.  One cmocka test per file, run through the same code as plenum
 * tally --json.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resultjson.h"
#include "source.h"
#include "support.h"

#define MAX_FILES 1024

static char *paths[MAX_FILES];
static char *names[MAX_FILES];

static void
run_example(void **state)
{
	const char *path = *state;
	struct plenum_election *e = NULL;
	struct plenum_tally *t = NULL;
	struct plenum_diag diag = { 0 };
	json_t *got, *expected;
	json_error_t jerr;
	char exp_path[4096], why[1024];
	enum plenum_err err;

	snprintf(exp_path, sizeof(exp_path), "%.*s.expected.json",
		 (int)(strlen(path) - 5), path);
	expected = json_load_file(exp_path, 0, &jerr);
	if (expected == NULL)
		fail_msg("%s: %s", exp_path, jerr.text);
	err = plenum_source_tally(path, 0, &e, &t, &diag);
	if (err != PLENUM_OK)
		fail_msg("%s:%lu:%lu: %s", path, diag.line, diag.column,
			 diag.message);
	got = plenum_resultjson_build(e, t, "en");
	assert_non_null(got);
	if (!support_json_matches(expected, got, why, sizeof(why)))
		fail_msg("%s: %s", path, why);
	json_decref(got);
	json_decref(expected);
	plenum_tally_free(t);
	plenum_election_free(e);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	struct CMUnitTest tests[MAX_FILES];
	size_t n = 0, i;
	int d, rc;

	for (d = 1; d < argc; d++) {
		DIR *dir = opendir(argv[d]);
		struct dirent *de;

		if (dir == NULL) {
			fprintf(stderr, "cannot open %s\n", argv[d]);
			return 1;
		}
		while ((de = readdir(dir)) != NULL && n < MAX_FILES) {
			size_t len = strlen(de->d_name);

			if (len < 6 || strcmp(de->d_name + len - 5, ".json") ||
			    strstr(de->d_name, ".expected.json"))
				continue;
			paths[n] = malloc(strlen(argv[d]) + len + 2);
			sprintf(paths[n], "%s/%s", argv[d], de->d_name);
			n++;
		}
		closedir(dir);
	}
	if (n == 0) {
		fprintf(stderr, "no election files found\n");
		return 1;
	}
	qsort(paths, n, sizeof(*paths), by_name);
	for (i = 0; i < n; i++) {
		const char *base = strrchr(paths[i], '/');

		names[i] = strdup(base ? base + 1 : paths[i]);
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = names[i];
		tests[i].test_func = run_example;
		tests[i].initial_state = paths[i];
	}
	rc = _cmocka_run_group_tests("examples", tests, n, NULL, NULL);
	for (i = 0; i < n; i++) {
		free(paths[i]);
		free(names[i]);
	}
	return rc;
}
