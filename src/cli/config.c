/*
 * Job files: one [run] section of "key = value" lines, read with libinih.
 *
 * libinih (as Debian builds it) does not pass line numbers to the handler,
 * so lines go through our own reader, which counts them: when the handler
 * runs, ctx->in.lineno is the line the key is on. The reader also rejects
 * unknown sections (inih calls the handler only for keys, so an empty
 * unknown section would otherwise pass unnoticed), over-long lines (inih
 * would silently split them and miscount), NUL bytes (inih would silently
 * cut the line there) and, through src/input_file.h, anything but a
 * regular file and files over SF_JOB_MAX_BYTES. The handler refuses a key
 * given twice: the later one would silently win, and the file would not
 * mean what it seems to say.
 */
#include <ctype.h>
#include <ini.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "input_file.h"

#define CFG_MAX_KEYS 64	/* more than there are keys: a duplicate is refused first */

/* Sections a job file may have. */
static const char *const known_sections[] = { "run", NULL };

struct cfg_key {
	char name[32];
	unsigned line;
};

struct cfg_ctx {
	const char *path;
	struct sf_input in;	/* in.lineno: the line inih is at */
	struct sf_run_opts *o;
	char *err;
	size_t n;
	unsigned err_line;	/* first error seen (0: none yet) */
	bool continuation;	/* the line just read is indented: inih continues the last key */
	char last[512];		/* that key's value so far */
	struct cfg_key seen[CFG_MAX_KEYS];	/* keys set so far, and where */
	unsigned nseen;
};

static void cfg_fail(struct cfg_ctx *c, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (c->err_line)
		return;		/* report the first error only */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->err_line = c->in.lineno;
	snprintf(c->err, c->n, "%s:%u: %s", c->path, c->in.lineno, msg);
}

static int section_known(const char *name, size_t len)
{
	for (unsigned i = 0; known_sections[i]; i++)
		if (strlen(known_sections[i]) == len && !strncmp(known_sections[i], name, len))
			return 1;
	return 0;
}

static void check_section_line(struct cfg_ctx *c, const char *line)
{
	const char *p = line, *end;

	while (isspace((unsigned char)*p))
		p++;
	if (*p != '[')
		return;
	end = strchr(p, ']');
	if (!end)
		return;		/* inih reports the syntax error on this line */
	p++;
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (!section_known(p, (size_t)(end - p)))
		cfg_fail(c, "unknown section [%.*s] (a job file has one [run] section)",
			 (int)(end - p), p);
}

/*
 * inih's fgets-like reader: one whole line per call, counted. Stops at the
 * first problem it finds itself (inih takes NULL for the end of the file).
 */
static char *cfg_reader(char *str, int num, void *stream)
{
	struct cfg_ctx *c = stream;
	char why[200];
	const char *nul;
	ssize_t len;

	if ((size_t)num - 2 < c->in.max_line)
		c->in.max_line = (size_t)num - 2;	/* inih's buffer is the real bound */
	len = sf_input_line(&c->in, why, sizeof(why));
	if (len < 0)
		cfg_fail(c, "%s", why);
	if (len <= 0)
		return NULL;
	nul = memchr(c->in.buf, '\0', (size_t)len);
	if (nul) {
		cfg_fail(c, "NUL byte at column %zu: a job file is text",
			 (size_t)(nul - c->in.buf) + 1);
		return NULL;
	}
	memcpy(str, c->in.buf, (size_t)len + 1);
	check_section_line(c, str);
	c->continuation = (str[0] == ' ' || str[0] == '\t') && str[strspn(str, " \t\r\n")] &&
			  !strchr(";#", str[strspn(str, " \t")]);
	return str;
}

/* inih strips only ';' comments after a value; fio job files use '#' too. */
static void strip_inline_hash(char *v)
{
	for (char *p = v; *p; p++) {
		if (*p == '#' && p > v && isspace((unsigned char)p[-1])) {
			*p = '\0';
			break;
		}
	}
	for (size_t l = strlen(v); l && isspace((unsigned char)v[l - 1]); l--)
		v[l - 1] = '\0';
}

/* 0 if name is new (and now remembered), else -1 after naming the first line. */
static int check_duplicate(struct cfg_ctx *c, const char *name)
{
	for (unsigned i = 0; i < c->nseen; i++) {
		if (!strcmp(c->seen[i].name, name)) {
			cfg_fail(c, "key '%s' is given twice (first on line %u)", name,
				 c->seen[i].line);
			return -1;
		}
	}
	if (c->nseen < CFG_MAX_KEYS && strlen(name) < sizeof(c->seen[0].name)) {
		snprintf(c->seen[c->nseen].name, sizeof(c->seen[0].name), "%s", name);
		c->seen[c->nseen++].line = c->in.lineno;
	}
	return 0;
}

static int cfg_handler(void *user, const char *section, const char *name, const char *value)
{
	struct cfg_ctx *c = user;
	char raw[1100], val[512], why[300];
	int rc;

	if (!section[0]) {
		cfg_fail(c, "key '%s' is outside a section (put it under [run])", name);
		return 0;
	}
	if (!section_known(section, strlen(section)))
		return 0;	/* already reported by the reader */
	if (!c->continuation && check_duplicate(c, name))
		return 0;
	/*
	 * inih hands an indented line to the handler as another value of the
	 * same key: join them, so a long "ops =" list can span lines.
	 */
	if (c->continuation)
		snprintf(raw, sizeof(raw), "%s %s", c->last, value);
	else
		snprintf(raw, sizeof(raw), "%s", value);
	strip_inline_hash(raw);
	snprintf(c->last, sizeof(c->last), "%.*s", (int)sizeof(c->last) - 1, raw);
	if (sf_config_expand_env(raw, val, sizeof(val), why, sizeof(why))) {
		cfg_fail(c, "key '%s': %s", name, why);
		return 0;
	}
	rc = sf_config_set(c->o, name, val, why, sizeof(why));
	if (rc == SF_CONFIG_UNKNOWN_KEY) {
		cfg_fail(c, "key '%s' is unknown in [%s] (known: %s)", name, section,
			 sf_config_key_list());
		return 0;
	}
	if (rc) {
		cfg_fail(c, "key '%s': %s", name, why);
		return 0;
	}
	return 1;
}

int sf_config_load(const char *path, struct sf_run_opts *o, char *err, size_t n)
{
	struct cfg_ctx c = { .path = path, .o = o, .err = err, .n = n };
	int rc;

	if (sf_input_open(&c.in, path, "job file", false, INI_MAX_LINE - 2, SF_JOB_MAX_BYTES,
			  err, n))
		return -1;
	rc = ini_parse_stream(cfg_reader, &c, cfg_handler, &c);
	sf_input_close(&c.in);
	if (c.err_line && (rc <= 0 || (unsigned)rc >= c.err_line))
		return -1;
	if (rc > 0) {
		snprintf(err, n, "%s:%d: syntax error (expected '[run]', 'key = value' or a comment)",
			 path, rc);
		return -1;
	}
	if (rc < 0) {
		snprintf(err, n, "%s: cannot parse (out of memory)", path);
		return -1;
	}
	return 0;
}
