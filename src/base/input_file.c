/* Bounded reading of input files: see input_file.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "input_file.h"

const char *sf_input_size_str(uint64_t bytes, char *buf, size_t n)
{
	if (bytes >= (1u << 20) && !(bytes % (1u << 20)))
		snprintf(buf, n, "%llu MiB", (unsigned long long)(bytes >> 20));
	else if (bytes >= 1024 && !(bytes % 1024))
		snprintf(buf, n, "%llu KiB", (unsigned long long)(bytes >> 10));
	else
		snprintf(buf, n, "%llu bytes", (unsigned long long)bytes);
	return buf;
}

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* What open_regular needs to know, for its checks and messages. */
struct want {
	const char *path, *what;
	uint64_t max_bytes;
};

/* 0 if st is a regular file within the limit, else -1 with "PATH: why". */
static int check_stat(const struct want *w, const struct stat *st, char *err, size_t n)
{
	char a[32], b[32];

	if (!S_ISREG(st->st_mode)) {
		snprintf(err, n, "%s: is %s, not a %s", w->path, kind_of(st->st_mode), w->what);
		return -1;
	}
	if ((uint64_t)st->st_size > w->max_bytes) {
		snprintf(err, n, "%s: is %s, larger than the %s limit for a %s", w->path,
			 sf_input_size_str((uint64_t)st->st_size, a, sizeof(a)),
			 sf_input_size_str(w->max_bytes, b, sizeof(b)), w->what);
		return -1;
	}
	return 0;
}

/* "PATH: cannot open: <errno text>"; NULL. */
static FILE *cannot_open(const struct want *w, int fd, char *err, size_t n)
{
	int e = errno;

	snprintf(err, n, "%s: cannot open: %s", w->path, strerror(e));
	if (fd >= 0)
		close(fd);
	return NULL;
}

/*
 * stat() first, so a device is refused without being opened; fstat() the
 * opened file again in case the path changed in between. O_NONBLOCK keeps
 * a FIFO swapped in meanwhile from blocking open(); regular files ignore it.
 */
static FILE *open_regular(const struct want *w, char *err, size_t n)
{
	struct stat st;
	FILE *f;
	int fd;

	if (stat(w->path, &st))
		return cannot_open(w, -1, err, n);
	if (check_stat(w, &st, err, n))
		return NULL;
	fd = open(w->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st))
		return cannot_open(w, fd, err, n);
	if (check_stat(w, &st, err, n)) {
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "r");
	return f ? f : cannot_open(w, fd, err, n);
}

int sf_input_attach(struct sf_input *in, FILE *f, const char *name, const char *what,
		    size_t max_line, uint64_t max_bytes, char *err, size_t n)
{
	memset(in, 0, sizeof(*in));
	in->f = f;
	in->path = name;
	in->what = what;
	in->max_line = max_line;
	in->max_bytes = max_bytes;
	in->cap = max_line + 2;
	in->buf = malloc(in->cap);
	if (!in->buf) {
		snprintf(err, n, "%s: cannot read: %s", name, strerror(ENOMEM));
		return -1;
	}
	return 0;
}

int sf_input_open(struct sf_input *in, const char *path, const char *what, bool allow_stdin,
		  size_t max_line, uint64_t max_bytes, char *err, size_t n)
{
	const struct want w = { path, what, max_bytes };
	FILE *f;

	memset(in, 0, sizeof(*in));
	if (allow_stdin && !strcmp(path, "-"))
		return sf_input_attach(in, stdin, path, what, max_line, max_bytes, err, n);
	f = open_regular(&w, err, n);
	if (!f)
		return -1;
	if (sf_input_attach(in, f, path, what, max_line, max_bytes, err, n)) {
		fclose(f);
		return -1;
	}
	in->owned = true;
	return 0;
}

int sf_input_check(const char *path, const char *what, uint64_t max_bytes, char *err, size_t n)
{
	const struct want w = { path, what, max_bytes };
	FILE *f = open_regular(&w, err, n);

	if (!f)
		return -1;
	fclose(f);
	return 0;
}

/* The limit the line at hand went over, as "why". */
static ssize_t over(const struct sf_input *in, bool whole, char *why, size_t n)
{
	char a[32];

	if (whole)
		snprintf(why, n, "the input goes on past %s, the limit for a %s",
			 sf_input_size_str(in->max_bytes, a, sizeof(a)), in->what);
	else
		snprintf(why, n, "line is longer than %zu bytes, the limit for a %s", in->max_line,
			 in->what);
	return -1;
}

ssize_t sf_input_line(struct sf_input *in, char *why, size_t n)
{
	size_t len = 0;
	int ch = EOF;

	in->lineno++;
	errno = 0;
	/*
	 * A byte at a time into a buffer sized once: the limits are checked
	 * before anything grows, and a NUL in the line keeps its true length.
	 */
	while ((ch = getc_unlocked(in->f)) != EOF) {
		if (in->bytes == in->max_bytes)
			return over(in, true, why, n);	/* one byte more than allowed */
		in->bytes++;
		in->buf[len++] = (char)ch;
		if (ch == '\n')
			break;
		if (len > in->max_line)
			return over(in, false, why, n);
	}
	in->buf[len] = '\0';
	if (ch == EOF && ferror(in->f)) {
		/* never taken for the end of the file: that would be a silent, false clean */
		snprintf(why, n, "read error: %s", strerror(errno ? errno : EIO));
		return -1;
	}
	if (!len)
		in->lineno--;	/* the end: no line was read */
	return (ssize_t)len;
}

void sf_input_close(struct sf_input *in)
{
	if (in->f && in->owned)
		fclose(in->f);
	free(in->buf);
	in->f = NULL;
	in->buf = NULL;
}
