/*
 * gen.c: plenum-bench-gen, the benchmark's data generator.
 *
 * Usage: plenum-bench-gen --candidates N --seats S --ballots B [--seed X]
 *                         [--form lines|json] OUTDIR
 *
 * Writes a cn-basic election of N candidates (ids c1..cN, invented
 * three-character Chinese names) for S seats with B ballots, every voter
 * present: OUTDIR/election.json, and for --form lines (the default) the
 * compact ballot file OUTDIR/ballots.txt it names as "ballots_file"
 * (docs/ballot-file.md).  With --form json the ballots are inline in
 * election.json, as marks strings (objects for the ballots with a write-in),
 * and no ballots.txt is written.  OUTDIR is created if missing (one level).
 *
 * Ballots come from a seeded xorshift64* generator, so a seed always gives
 * the same data, and both forms hold the same ballots: their tallies must
 * agree.  Each candidate gets a popularity p in 0.20..0.95; a voter marks Y
 * with probability p, else N nine times in ten, else leaves the box blank.
 * About 1% of ballots are over-votes (S + 1 votes for, so invalid under
 * cn-basic); about 0.5% carry a write-in (marked Y four times in five).  The
 * other ballots are kept valid: when a voter's Y marks exceed the seats, the
 * surplus is turned into N at random.
 *
 * Each file is written through a large buffer to NAME.tmp and renamed into
 * place when complete, ballots before election.json, so an election.json
 * present means a complete data set.  Bad arguments exit 2 with a message,
 * I/O failures exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG "plenum-bench-gen"
/* PLENUM_MAX_CANDIDATES in lib/election.h */
#define MAX_CANDIDATES 10000
#define MAX_BALLOTS    100000000000ULL
#define OUT_CAP	       (4u << 20)
/* Room after a marks string: a write-in field, ",\n", JSON object syntax. */
#define LINE_SLACK 128

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
_Noreturn static void
fail(int status, const char *fmt, ...);

/* The temporary file being written, removed by fail(). */
static char *tmp_path;

_Noreturn static void
fail(int status, const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (status == 2)
		fputs("usage: " PROG " --candidates N --seats S --ballots B "
		      "[--seed X] [--form lines|json] OUTDIR\n",
		      stderr);
	if (tmp_path != NULL)
		unlink(tmp_path);
	exit(status);
}

/* ---- the random source ---- */

static uint64_t rng_state;

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(uint64_t seed)
{
	do
		rng_state = splitmix64(&seed);
	while (rng_state == 0);
}

/* xorshift64*: the high 32 bits of the product are the good ones. */
static inline uint32_t
rng32(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1dULL) >> 32);
}

/* Uniform in 0..n-1 (n >= 1), by multiply and shift. */
static inline uint32_t
rng_below(uint32_t n)
{
	return (uint32_t)(((uint64_t)rng32() * n) >> 32);
}

/* ---- buffered output ---- */

struct out {
	int fd;
	char *path; /* final name; writes go to tmp_path */
	char *buf;
	size_t len;
	unsigned long long bytes;
};

static void
out_open(struct out *o, const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;

	o->path = malloc(n);
	tmp_path = malloc(n + 4);
	o->buf = malloc(OUT_CAP);
	if (o->path == NULL || tmp_path == NULL || o->buf == NULL)
		fail(1, "out of memory");
	snprintf(o->path, n, "%s/%s", dir, name);
	snprintf(tmp_path, n + 4, "%s.tmp", o->path);
	o->fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (o->fd < 0) {
		int e = errno;

		free(tmp_path);
		tmp_path = NULL;
		fail(1, "%s.tmp: %s", o->path, strerror(e));
	}
	o->len = 0;
	o->bytes = 0;
}

static void
out_flush(struct out *o)
{
	size_t done = 0;

	while (done < o->len) {
		ssize_t w = write(o->fd, o->buf + done, o->len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fail(1, "%s: write error: %s", tmp_path,
			     w < 0 ? strerror(errno) : "nothing written");
		done += (size_t)w;
	}
	o->bytes += o->len;
	o->len = 0;
}

/* Returns room for at least n bytes at o->buf + o->len (n <= OUT_CAP). */
static inline char *
out_reserve(struct out *o, size_t n)
{
	if (OUT_CAP - o->len < n)
		out_flush(o);
	return o->buf + o->len;
}

static void
out_put(struct out *o, const char *s, size_t n)
{
	while (n > 0) {
		size_t k;

		if (o->len == OUT_CAP)
			out_flush(o);
		k = OUT_CAP - o->len < n ? OUT_CAP - o->len : n;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}

static void
out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
out_fmt(struct out *o, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line))
		fail(1, "internal error: formatted line too long");
	out_put(o, line, (size_t)n);
}

/* Flushes, closes and renames into place; returns the file's size. */
static unsigned long long
out_close(struct out *o)
{
	out_flush(o);
	if (close(o->fd) != 0)
		fail(1, "%s: %s", tmp_path, strerror(errno));
	if (rename(tmp_path, o->path) != 0)
		fail(1, "cannot rename %s to %s: %s", tmp_path, o->path,
		     strerror(errno));
	free(tmp_path);
	tmp_path = NULL;
	free(o->path);
	free(o->buf);
	return o->bytes;
}

/* ---- arguments ---- */

struct args {
	unsigned long long candidates, seats, ballots, seed;
	int have_candidates, have_seats, have_ballots, have_seed, have_form;
	int json;
	const char *outdir;
};

/* Parses a decimal count: digits only, no sign, no overflow. */
static unsigned long long
parse_count(const char *opt, const char *s, unsigned long long min,
	    unsigned long long max)
{
	unsigned long long v = 0;
	const char *p;

	if (*s == '\0')
		fail(2, "%s: empty value", opt);
	for (p = s; *p != '\0'; p++) {
		unsigned d;

		if (*p < '0' || *p > '9')
			fail(2, "%s: '%s' is not a whole number", opt, s);
		d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			fail(2, "%s: '%s' is too large", opt, s);
		v = v * 10 + d;
	}
	if (v < min || v > max)
		fail(2, "%s: %llu is out of range (%llu..%llu)", opt, v, min,
		     max);
	return v;
}

static void
parse_args(struct args *a, int argc, char **argv)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->seed = 1;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val, *eq;
		char opt[32];
		size_t n;

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			printf("usage: " PROG " --candidates N --seats S "
			       "--ballots B [--seed X] [--form lines|json] "
			       "OUTDIR\n"
			       "Writes OUTDIR/election.json (cn-basic), and\n"
			       "OUTDIR/ballots.txt for --form lines.\n"
			       "  --candidates N  1..%d\n"
			       "  --seats S       1..N\n"
			       "  --ballots B     0..%llu\n"
			       "  --seed X        0..2^64-1 (default 1)\n"
			       "  --form F        lines (default) or json\n",
			       MAX_CANDIDATES, MAX_BALLOTS);
			exit(0);
		}
		if (strcmp(arg, "--") == 0) {
			if (i + 2 != argc)
				fail(2, "expected exactly one OUTDIR after "
					"'--'");
			if (a->outdir != NULL)
				fail(2, "more than one OUTDIR");
			a->outdir = argv[i + 1];
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0') {
			if (a->outdir != NULL)
				fail(2, "more than one OUTDIR ('%s' and '%s')",
				     a->outdir, arg);
			a->outdir = arg;
			continue;
		}
		/* --opt VALUE or --opt=VALUE */
		eq = strchr(arg, '=');
		n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
		if (n >= sizeof(opt))
			fail(2, "unknown option '%s'", arg);
		memcpy(opt, arg, n);
		opt[n] = '\0';
		if (strcmp(opt, "--candidates") != 0 &&
		    strcmp(opt, "--seats") != 0 &&
		    strcmp(opt, "--ballots") != 0 &&
		    strcmp(opt, "--seed") != 0 && strcmp(opt, "--form") != 0)
			fail(2, "unknown option '%s'", opt);
		if (eq != NULL) {
			val = eq + 1;
		} else {
			if (i + 1 == argc)
				fail(2, "%s needs a value", opt);
			val = argv[++i];
		}
		if (strcmp(opt, "--candidates") == 0) {
			if (a->have_candidates++)
				fail(2, "--candidates given twice");
			a->candidates =
				parse_count(opt, val, 1, MAX_CANDIDATES);
		} else if (strcmp(opt, "--seats") == 0) {
			if (a->have_seats++)
				fail(2, "--seats given twice");
			a->seats = parse_count(opt, val, 1, MAX_CANDIDATES);
		} else if (strcmp(opt, "--ballots") == 0) {
			if (a->have_ballots++)
				fail(2, "--ballots given twice");
			a->ballots = parse_count(opt, val, 0, MAX_BALLOTS);
		} else if (strcmp(opt, "--seed") == 0) {
			if (a->have_seed++)
				fail(2, "--seed given twice");
			a->seed = parse_count(opt, val, 0, UINT64_MAX);
		} else {
			if (a->have_form++)
				fail(2, "--form given twice");
			if (strcmp(val, "lines") == 0)
				a->json = 0;
			else if (strcmp(val, "json") == 0)
				a->json = 1;
			else
				fail(2,
				     "--form: '%s' is not 'lines' or "
				     "'json'",
				     val);
		}
	}
	if (!a->have_candidates)
		fail(2, "--candidates is required");
	if (!a->have_seats)
		fail(2, "--seats is required");
	if (!a->have_ballots)
		fail(2, "--ballots is required");
	if (a->outdir == NULL)
		fail(2, "OUTDIR is required");
	if (a->outdir[0] == '\0')
		fail(2, "OUTDIR is empty");
	if (a->seats > a->candidates)
		fail(2, "--seats %llu is more than --candidates %llu", a->seats,
		     a->candidates);
}

static void
make_outdir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		fail(1, "cannot create %s: %s", dir, strerror(errno));
	if (stat(dir, &st) != 0)
		fail(1, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		fail(1, "%s: not a directory", dir);
}

/* ---- names ---- */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
	"潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
	"任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
	"邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴",
	"莫", "孔", "向", "汤",
};

static const char *const given[] = {
	"伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "兰", "霞", "平", "刚", "桂",
	"华", "建", "国", "志", "文", "海", "燕", "春", "晓", "立", "新", "雨",
	"桐", "鸣", "远", "梅", "红", "玲", "云", "峰", "辉", "宇", "鹏", "飞",
	"丹", "萍", "斌", "浩", "凯", "德", "荣", "卫", "东", "晨", "佳", "琳",
};

#define NSURNAMES (sizeof(surnames) / sizeof(surnames[0]))
#define NGIVEN	  (sizeof(given) / sizeof(given[0]))
#define NNAMES	  (NSURNAMES * NGIVEN * NGIVEN)
/* Coprime with NNAMES (2^6 * 3^2 * 5^4), so i -> i * STEP is a bijection. */
#define NAME_STEP 7919u

/* Written-in persons: two-character names, unlike any generated one. */
static const char *const write_in_names[] = {
	"张三", "李四", "王五", "赵六", "钱七", "孙八",
};

#define NWRITE_IN_NAMES (sizeof(write_in_names) / sizeof(write_in_names[0]))

/* The name of candidate i (0-based): distinct for every i < NNAMES. */
static void
candidate_name(char *out, size_t n, unsigned long long i, uint32_t offset)
{
	unsigned long long k = (i * NAME_STEP + offset) % NNAMES;

	snprintf(out, n, "%s%s%s", surnames[k / (NGIVEN * NGIVEN)],
		 given[k / NGIVEN % NGIVEN], given[k % NGIVEN]);
}

/* ---- the election ---- */

struct gen {
	size_t ncand, seats;
	uint32_t *yes_below; /* r < yes_below[j]: Y */
	uint32_t *no_below;  /* else r < no_below[j]: N, else '-' */
	unsigned long long over_votes, write_ins;
};

#define OVER_VOTE_BELOW (UINT32_MAX / 100)		     /* 1% */
#define WRITE_IN_BELOW	(OVER_VOTE_BELOW + UINT32_MAX / 200) /* +0.5% */

static void
gen_init(struct gen *g, const struct args *a)
{
	size_t j;

	memset(g, 0, sizeof(*g));
	g->ncand = (size_t)a->candidates;
	g->seats = (size_t)a->seats;
	g->yes_below = malloc(g->ncand * sizeof(*g->yes_below));
	g->no_below = malloc(g->ncand * sizeof(*g->no_below));
	if (g->yes_below == NULL || g->no_below == NULL)
		fail(1, "out of memory");
	for (j = 0; j < g->ncand; j++) {
		/* p = 0.20 + 0.75 u, u uniform in [0, 1) */
		uint64_t p = (1ULL << 32) / 5 + (uint64_t)rng32() * 3 / 4;
		uint64_t rest = (1ULL << 32) - p;

		g->yes_below[j] = (uint32_t)p;
		g->no_below[j] = (uint32_t)(p + rest * 9 / 10);
	}
}

/*
 * Writes the next ballot's marks to m (ncand bytes) and returns the write-in
 * to add (NULL if none) with its mark in *wmark.
 */
static const char *
gen_ballot(struct gen *g, char *m, char *wmark)
{
	const size_t n = g->ncand;
	size_t j, yes = 0, cap;
	const char *wname = NULL;
	uint32_t kind;

	/* branch-free: the marks are random, so branches would mispredict */
	for (j = 0; j < n; j++) {
		uint32_t r = rng32();
		unsigned k = (unsigned)(r >= g->yes_below[j]) +
			     (unsigned)(r >= g->no_below[j]);

		m[j] = "YN-"[k];
		yes += k == 0;
	}
	kind = rng32();
	if (kind < OVER_VOTE_BELOW) {
		/* S + 1 votes for; with S = N the write-in is the extra. */
		g->over_votes++;
		while (yes < n && yes < g->seats + 1) {
			j = rng_below((uint32_t)n);
			if (m[j] != 'Y') {
				m[j] = 'Y';
				yes++;
			}
		}
		while (yes > g->seats + 1) {
			j = rng_below((uint32_t)n);
			if (m[j] == 'Y') {
				m[j] = 'N';
				yes--;
			}
		}
		if (yes <= g->seats) {
			g->write_ins++;
			*wmark = 'Y';
			return write_in_names[rng_below(
				(uint32_t)NWRITE_IN_NAMES)];
		}
		return NULL;
	}
	cap = g->seats;
	if (kind < WRITE_IN_BELOW) {
		g->write_ins++;
		wname = write_in_names[rng_below((uint32_t)NWRITE_IN_NAMES)];
		*wmark = rng_below(5) < 4 ? 'Y' : '-';
		if (*wmark == 'Y')
			cap--;
	}
	while (yes > cap) {
		j = rng_below((uint32_t)n);
		if (m[j] == 'Y') {
			m[j] = 'N';
			yes--;
		}
	}
	return wname;
}

static void
write_head(struct out *o, const struct args *a, uint32_t name_offset)
{
	unsigned long long i;
	char name[64];

	out_str(o, "{\n");
	out_str(o, "\t\"format\": \"plenum-election/1\",\n");
	out_fmt(o,
		"\t\"title\": \"plenum benchmark: %llu candidates, %llu "
		"seats, %llu ballots, seed %llu\",\n",
		a->candidates, a->seats, a->ballots, a->seed);
	out_str(o, "\t\"rules\": \"cn-basic\",\n");
	out_fmt(o, "\t\"seats\": %llu,\n", a->seats);
	out_fmt(o,
		"\t\"electorate\": {\"should_attend\": %llu, "
		"\"present\": %llu},\n",
		a->ballots, a->ballots);
	out_fmt(o, "\t\"ballots_issued\": %llu,\n", a->ballots);
	out_str(o, "\t\"candidates\": [\n");
	for (i = 0; i < a->candidates; i++) {
		candidate_name(name, sizeof(name), i, name_offset);
		out_fmt(o, "\t\t{\"id\": \"c%llu\", \"name\": \"%s\"}%s\n",
			i + 1, name, i + 1 < a->candidates ? "," : "");
	}
	out_str(o, "\t],\n");
}

static void
write_lines(struct out *o, struct gen *g, unsigned long long nballots)
{
	unsigned long long b;

	out_str(o, "#plenum-ballots/1\n");
	for (b = 0; b < nballots; b++) {
		char *p = out_reserve(o, g->ncand + LINE_SLACK);
		char wmark = 0;
		const char *w = gen_ballot(g, p, &wmark);

		p += g->ncand;
		if (w != NULL) {
			size_t wl = strlen(w);

			memcpy(p, "\tw:", 3);
			p[3] = wmark;
			p[4] = ':';
			memcpy(p + 5, w, wl);
			p += 5 + wl;
		}
		*p++ = '\n';
		o->len = (size_t)(p - o->buf);
	}
}

static void
write_json_ballots(struct out *o, struct gen *g, unsigned long long nballots)
{
	unsigned long long b;

	out_str(o, "\t\"ballots\": [");
	for (b = 0; b < nballots; b++) {
		char *p = out_reserve(o, g->ncand + LINE_SLACK);
		char *m, wmark = 0;
		const char *w;

		if (b > 0)
			*p++ = ',';
		*p++ = '\n';
		*p++ = '\t';
		*p++ = '\t';
		/* the marks go after the longest possible prefix */
		m = p + sizeof("{\"marks\": \"") - 1;
		w = gen_ballot(g, m, &wmark);
		if (w == NULL) {
			*p++ = '"';
			memmove(p, m, g->ncand);
			p += g->ncand;
			*p++ = '"';
		} else {
			int k;

			memcpy(p, "{\"marks\": \"",
			       sizeof("{\"marks\": \"") - 1);
			p = m + g->ncand;
			k = snprintf(p, LINE_SLACK - 16,
				     "\", \"write_ins\": [{\"name\": \"%s\", "
				     "\"mark\": \"%c\"}]}",
				     w, wmark);
			if (k < 0 || k >= LINE_SLACK - 16)
				fail(1, "internal error: write-in too long");
			p += k;
		}
		o->len = (size_t)(p - o->buf);
	}
	out_str(o, nballots > 0 ? "\n\t]\n}\n" : "]\n}\n");
}

int
main(int argc, char **argv)
{
	struct args a;
	struct gen g;
	struct out o;
	uint32_t name_offset;
	unsigned long long ballot_bytes = 0, doc_bytes;

	parse_args(&a, argc, argv);
	make_outdir(a.outdir);
	/* a contested list needs 20% more candidates than seats */
	if (a.candidates > a.seats &&
	    a.candidates - a.seats < (a.seats + 4) / 5)
		fprintf(stderr,
			"%s: note: %llu candidates for %llu seats is less "
			"than the 20%% surplus cn-basic requires; the tally "
			"will report invalid-list\n",
			PROG, a.candidates, a.seats);

	rng_seed(a.seed);
	name_offset = rng_below((uint32_t)NNAMES);
	gen_init(&g, &a);

	if (!a.json) {
		out_open(&o, a.outdir, "ballots.txt");
		write_lines(&o, &g, a.ballots);
		ballot_bytes = out_close(&o);
	}
	out_open(&o, a.outdir, "election.json");
	write_head(&o, &a, name_offset);
	if (a.json)
		write_json_ballots(&o, &g, a.ballots);
	else
		out_str(&o, "\t\"ballots_file\": \"ballots.txt\"\n}\n");
	doc_bytes = out_close(&o);

	printf("%s: %llu ballots (%llu over-votes, %llu with a write-in), "
	       "%llu candidates, %llu seats, seed %llu; ",
	       a.outdir, a.ballots, g.over_votes, g.write_ins, a.candidates,
	       a.seats, a.seed);
	if (a.json)
		printf("election.json %llu bytes (ballots inline)\n",
		       doc_bytes);
	else
		printf("ballots.txt %llu bytes, election.json %llu bytes\n",
		       ballot_bytes, doc_bytes);
	free(g.yes_below);
	free(g.no_below);
	if (fflush(stdout) != 0 || ferror(stdout))
		fail(1, "write error on standard output");
	return 0;
}
