/*
 * gen_strokes.c: build-time generator of the stroke-count table behind the
 * 姓氏笔画 order (lib/strokes.h).
 *
 * Reads Unihan_IRGSources.txt, decompressed, and writes C source defining
 * plenum_strokes_count() from the kTotalStrokes field: its first value is
 * the zh-Hans (G) count, its second, when present, the zh-Hant (T) count.
 *
 * Usage: gen_strokes [INPUT|-] > strokes_table.c
 *
 * The table goes to stdout only: the build captures it (meson writes the
 * file only when the command succeeds), so this tool never creates or
 * removes files.
 *
 * Every line must fit the Unihan format; anything else stops the build with
 * the line number, because a wrong table would silently misorder candidate
 * lists.
 *
 * Encoding of the output: code points are split into 256-code-point pages.
 * Each page holding any count is one 256-character string literal whose
 * byte i is ' ' + the zh-Hans count of code point page * 256 + i (' '
 * itself meaning no count); printable ASCII keeps the source about one byte
 * per code point.  An index maps page numbers to rows.  The few zh-Hant
 * counts that differ are a sorted list searched by bisection.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_CP	0x110000u
#define PAGE	256u
#define N_PAGES (N_CP / PAGE)
/* Counts are stored as ' ' + n and must stay printable ASCII ('~' is 126);
 * Unihan 15's largest is 84. */
#define MAX_STROKES ('~' - ' ')
/* Unihan lines are under 100 bytes; anything near this is not Unihan. */
#define MAX_LINE 1024
/* Cells per line of output, so the generated file stays readable. */
#define CELLS_PER_LINE 64u

static uint8_t hans[N_CP];
static uint8_t hant[N_CP];

/* The file errors refer to, and the input line (0: none). */
static const char *where = "<stdin>";
static unsigned long lineno;

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static _Noreturn void
fail(const char *fmt, ...);

static _Noreturn void
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gen_strokes: %s:", where);
	if (lineno > 0)
		fprintf(stderr, "%lu:", lineno);
	fputc(' ', stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

static unsigned
hex_val(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'A' + 10);
}

/* Reads one line without its '\n' into buf.  Returns its length, or -1 at
 * a clean end of input.  A NUL, an overlong line or a last line without
 * '\n' (a truncated file) is fatal. */
static long
read_line(FILE *in, char *buf)
{
	long n = 0;
	int c;

	while ((c = getc(in)) != EOF) {
		if (c == '\n') {
			buf[n] = '\0';
			return n;
		}
		if (c == '\0')
			fail("NUL byte");
		if (n == MAX_LINE)
			fail("line longer than %d bytes", MAX_LINE);
		buf[n++] = (char)c;
	}
	if (ferror(in))
		fail("read error: %s", strerror(errno));
	if (n > 0)
		fail("last line has no newline (truncated input?)");
	return -1;
}

/* Parses "N" or "N M", each a count in 1..MAX_STROKES without leading
 * zeros, into *g and *t (t = g when there is one value). */
static void
parse_strokes(const char *s, unsigned *g, unsigned *t)
{
	unsigned v[2];
	int k;

	for (k = 0; k < 2; k++) {
		if (*s < '1' || *s > '9')
			fail("kTotalStrokes: expected a count, got \"%s\"", s);
		v[k] = 0;
		while (*s >= '0' && *s <= '9') {
			v[k] = v[k] * 10 + (unsigned)(*s++ - '0');
			if (v[k] > MAX_STROKES)
				fail("kTotalStrokes: count above %d",
				     MAX_STROKES);
		}
		if (*s == '\0')
			break;
		if (*s != ' ' || k == 1)
			fail("kTotalStrokes: unexpected '%c' after a count",
			     *s);
		s++;
	}
	*g = v[0];
	*t = k == 0 ? v[0] : v[1];
}

/* Copies the version out of a "# Unicode version: X.Y.Z" header, for the
 * generated comment; digits and dots only, so it cannot end the comment. */
static void
note_version(const char *line, char *version, size_t size)
{
	static const char head[] = "# Unicode version: ";
	const char *v = line + sizeof(head) - 1;
	size_t n;

	if (strncmp(line, head, sizeof(head) - 1) != 0)
		return;
	n = strspn(v, "0123456789.");
	if (n == 0 || v[n] != '\0' || n >= size)
		fail("malformed Unicode version header");
	memcpy(version, v, n);
	version[n] = '\0';
}

/* Parses one data line: "U+XXXX<TAB>kField<TAB>value". */
static void
parse_line(char *line, unsigned long *n_counts)
{
	char *p = line, *field, *value;
	unsigned long cp = 0;
	unsigned g, t;
	int digits = 0;

	if (p[0] != 'U' || p[1] != '+')
		fail("expected U+ at the start of the line");
	for (p += 2; is_hex(*p); p++, digits++)
		if (digits < 6)
			cp = cp * 16 + hex_val(*p);
	if (digits < 4 || digits > 6 || (digits > 4 && line[2] == '0'))
		fail("malformed code point");
	if (cp >= N_CP || (cp >= 0xD800 && cp <= 0xDFFF))
		fail("U+%04lX is not a Unicode scalar value", cp);
	if (*p++ != '\t')
		fail("expected a tab after the code point");
	field = p;
	if (*p++ != 'k')
		fail("field name does not start with 'k'");
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	       (*p >= '0' && *p <= '9') || *p == '_')
		p++;
	if (*p != '\t')
		fail("expected a tab after the field name");
	*p++ = '\0';
	value = p;
	if (*value == '\0')
		fail("empty value");
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7F)
			fail("control character in the value");

	if (strcmp(field, "kTotalStrokes") != 0)
		return;
	parse_strokes(value, &g, &t);
	if (hans[cp] != 0)
		fail("second kTotalStrokes for U+%04lX", cp);
	hans[cp] = (uint8_t)g;
	hant[cp] = (uint8_t)t;
	(*n_counts)++;
}

static void
read_input(FILE *in, char *version, size_t size)
{
	char line[MAX_LINE + 1];
	unsigned long n_counts = 0;
	long len;

	for (lineno = 1; (len = read_line(in, line)) >= 0; lineno++) {
		if (len > 0 && line[len - 1] == '\r')
			fail("carriage return (CRLF line ends are not Unihan)");
		if (len == 0)
			continue;
		if (line[0] == '#') {
			note_version(line, version, size);
			continue;
		}
		parse_line(line, &n_counts);
	}
	lineno = 0;
	if (n_counts == 0)
		fail("no kTotalStrokes entries (not Unihan_IRGSources.txt?)");
	/* A cheap guard against a misread field: 一 is one stroke. */
	if (hans[0x4E00] != 1 || hant[0x4E00] != 1)
		fail("U+4E00 does not have 1 stroke: wrong input");
}

/* Writes one page as concatenated literals; '"', '\\' and '?' (trigraphs)
 * are escaped. */
static void
write_page(FILE *out, unsigned long page)
{
	unsigned i;
	int c;

	for (i = 0; i < PAGE; i++) {
		if (i % CELLS_PER_LINE == 0)
			fputs(i == 0 ? "\t\"" : "\"\n\t\"", out);
		c = ' ' + hans[page * PAGE + i];
		if (c == '"' || c == '\\' || c == '?')
			fputc('\\', out);
		fputc(c, out);
	}
	fputs("\",\n", out);
}

static void
write_output(FILE *out, const char *version)
{
	unsigned long page, first = N_PAGES, last = 0, rows = 0, n_hant = 0;
	unsigned long cp, n_counts = 0, i;

	for (cp = 0; cp < N_CP; cp++) {
		if (hans[cp] == 0)
			continue;
		n_counts++;
		if (hant[cp] != hans[cp])
			n_hant++;
		if (cp / PAGE < first)
			first = cp / PAGE;
		last = cp / PAGE;
	}
	for (page = first; page <= last; page++)
		for (i = 0; i < PAGE; i++)
			if (hans[page * PAGE + i] != 0) {
				rows++;
				break;
			}

	fprintf(out,
		"/*\n"
		" * strokes_table.c: stroke counts for lib/strokes.h, "
		"generated "
		"by\n"
		" * tools/gen_strokes.c from Unihan_IRGSources.txt (Unicode "
		"%s); do not edit.\n"
		" *\n"
		" * %lu code points in %lu pages of 256.  pages[row][i] is ' ' "
		"+ the zh-Hans\n"
		" * count of code point page * 256 + i, ' ' for none; "
		"page_row[page - FIRST_PAGE]\n"
		" * is 1 + row, 0 for a page without counts.  hant[] lists, "
		"sorted, the %lu\n"
		" * code points whose zh-Hant count differs, then a sentinel.\n"
		" */\n"
		"#include <stddef.h>\n"
		"#include <stdint.h>\n"
		"\n"
		"#include \"strokes.h\"\n"
		"\n"
		"#define FIRST_PAGE 0x%lXu\n"
		"#define N_PAGE_ROWS %luu\n"
		"#define N_HANT %lu\n"
		"\n",
		version, n_counts, rows, n_hant, first, last - first + 1,
		n_hant);

	fputs("static const uint16_t page_row[N_PAGE_ROWS] = {", out);
	rows = 0;
	for (page = first; page <= last; page++) {
		for (i = 0; i < PAGE; i++)
			if (hans[page * PAGE + i] != 0)
				break;
		fputs((page - first) % 12 == 0 ? "\n\t" : " ", out);
		fprintf(out, "%lu,", i < PAGE ? ++rows : 0);
	}
	if (rows > UINT16_MAX)
		fail("too many pages for a uint16_t index");
	fprintf(out, "\n};\n\nstatic const char pages[%lu][%u] = {\n", rows,
		PAGE + 1);
	for (page = first; page <= last; page++)
		for (i = 0; i < PAGE; i++)
			if (hans[page * PAGE + i] != 0) {
				write_page(out, page);
				break;
			}
	fputs("};\n\n"
	      "static const struct {\n"
	      "\tuint32_t cp;\n"
	      "\tuint8_t strokes;\n"
	      "} hant[N_HANT + 1] = {\n",
	      out);
	for (cp = 0; cp < N_CP; cp++)
		if (hant[cp] != hans[cp])
			fprintf(out, "\t{ 0x%lX, %u },\n", cp, hant[cp]);
	fputs("\t{ UINT32_MAX, 0 },\n"
	      "};\n"
	      "\n"
	      "int\n"
	      "plenum_strokes_count(uint32_t cp, int traditional)\n"
	      "{\n"
	      "\tuint32_t page = cp / 256;\n"
	      "\tsize_t lo = 0, hi = N_HANT, mid;\n"
	      "\tint n;\n"
	      "\n"
	      "\tif (page < FIRST_PAGE || page - FIRST_PAGE >= N_PAGE_ROWS ||\n"
	      "\t    page_row[page - FIRST_PAGE] == 0)\n"
	      "\t\treturn -1;\n"
	      "\tn = pages[page_row[page - FIRST_PAGE] - 1][cp % 256] - ' ';\n"
	      "\tif (n == 0)\n"
	      "\t\treturn -1;\n"
	      "\tif (!traditional)\n"
	      "\t\treturn n;\n"
	      "\twhile (lo < hi) {\n"
	      "\t\tmid = lo + (hi - lo) / 2;\n"
	      "\t\tif (hant[mid].cp < cp)\n"
	      "\t\t\tlo = mid + 1;\n"
	      "\t\telse\n"
	      "\t\t\thi = mid;\n"
	      "\t}\n"
	      "\treturn hant[lo].cp == cp ? hant[lo].strokes : n;\n"
	      "}\n",
	      out);
}

int
main(int argc, char **argv)
{
	char version[32] = "unknown";
	FILE *in = stdin;

	if (argc > 2) {
		fputs("usage: gen_strokes [INPUT|-] > strokes_table.c\n",
		      stderr);
		return 2;
	}
	if (argc > 1 && strcmp(argv[1], "-") != 0) {
		where = argv[1];
		in = fopen(where, "r");
		if (in == NULL)
			fail("%s", strerror(errno));
	}
	read_input(in, version, sizeof(version));
	if (in != stdin)
		fclose(in);

	where = "<stdout>";
	write_output(stdout, version);
	if (fflush(stdout) != 0 || ferror(stdout))
		fail("write error: %s", strerror(errno));
	return 0;
}
