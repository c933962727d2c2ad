/*
 * store_support.c: see store_support.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "store_support.h"

static const char *base;
static const char *data;
static const char *prefix;
static char dir[256];
static int pg;
static int serial;

int
store_support_init(const char *url, const char *data_dir, const char *tag)
{
	base = url;
	data = data_dir;
	prefix = tag;
	pg = strncmp(url, "postgres", 8) == 0;
	snprintf(dir, sizeof(dir), "/tmp/plenum-%s-XXXXXX", tag);
	return mkdtemp(dir) != NULL ? 0 : -1;
}

/* Removes a directory tree (no symbolic links followed). */
void
store_support_rm_tree(const char *top)
{
	char sub[PATH_MAX];
	struct dirent *de;
	struct stat sb;
	DIR *d;

	chmod(top, 0700);
	if ((d = opendir(top)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", top, de->d_name);
		if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
			store_support_rm_tree(sub);
		else
			unlink(sub);
	}
	closedir(d);
	rmdir(top);
}

void
store_support_cleanup(void)
{
	store_support_rm_tree(dir);
}

int
store_support_pg(void)
{
	return pg;
}

const char *
store_support_url(void)
{
	return base;
}

const char *
store_support_dir(void)
{
	return dir;
}

void
store_support_fresh(struct fresh *f)
{
	struct plenum_db *db = NULL;
	char sql[128];

	serial++;
	snprintf(f->key, sizeof(f->key), "%s/a%d.key", dir, serial);
	if (!pg) {
		snprintf(f->url, sizeof(f->url), "%s/a%d.db", dir, serial);
		return;
	}
	snprintf(f->schema, sizeof(f->schema), "%s_%ld_%d", prefix,
		 (long)getpid(), serial);
	snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", f->schema);
	assert_int_equal(plenum_db_open(base, 0, &db, NULL), PLENUM_OK);
	assert_int_equal(plenum_db_ddl(db, sql, NULL), PLENUM_OK);
	plenum_db_close(db);
	snprintf(f->url, sizeof(f->url), "%s%coptions=-csearch_path%%3D%s",
		 base, strchr(base, '?') ? '&' : '?', f->schema);
}

int64_t
store_support_ticking(void *ctx)
{
	return (*(int64_t *)ctx) += 1000;
}

struct plenum_roll *
store_support_load_roll(const char *file)
{
	char path[4096];
	unsigned char buf[1 << 16];
	struct plenum_roll *roll = NULL;
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", data, file);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	assert_int_equal(plenum_roll_parse(buf, n, &roll, NULL, NULL, NULL),
			 PLENUM_OK);
	return roll;
}

struct plenum_assembly *
store_support_congress(struct fresh *f, const char *preset,
		       const char *roll_file, int64_t *clock)
{
	struct plenum_assembly *a = NULL;
	struct plenum_roll *roll = store_support_load_roll(roll_file);
	struct plenum_diag d = { 0 };

	store_support_fresh(f);
	if (plenum_assembly_create(f->url, f->key, "第九次代表大会", preset,
				   "zh-Hans", "秘书处", &d) != PLENUM_OK)
		fail_msg("create: %s", d.message);
	assert_int_equal(plenum_assembly_open(f->url, f->key, 0, &a, &d),
			 PLENUM_OK);
	plenum_assembly_set_clock(a, store_support_ticking, clock);
	if (plenum_assembly_roll_import(a, roll, "秘书处", &d) != PLENUM_OK)
		fail_msg("import: %s", d.message);
	plenum_roll_free(roll);
	return a;
}
