/*
 * Reading stops at the first line longer than the limit and at the byte
 * past the whole input's limit, saying which limit and on which line, and
 * without reading on (an endless input ends too); a line exactly at the
 * limit, and a NUL inside a line, are read whole. A regular file already
 * over the limit is refused at open with its size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "input_file.h"
#include "tap.h"

/* Reads text with the limits; returns the last sf_input_line result. */
static ssize_t read_all(const char *text, size_t len, size_t max_line, uint64_t max_bytes,
			unsigned *lineno, char *why, size_t n)
{
	FILE *f = fmemopen((void *)text, len, "r");
	struct sf_input in;
	char err[200];
	ssize_t r;

	CHECK_EQ(sf_input_attach(&in, f, "T", "sequence file", max_line, max_bytes, err,
				 sizeof(err)), 0);
	while ((r = sf_input_line(&in, why, n)) > 0)
		;
	*lineno = in.lineno;
	CHECK(in.bytes <= max_bytes);
	sf_input_close(&in);
	fclose(f);
	return r;
}

int main(void)
{
	char why[200], path[] = "/tmp/svafuzz-big-XXXXXX", err[300];
	struct sf_input in;
	unsigned line;
	static char zeros[1 << 16];
	int fd;

	/* 8 bytes a line is fine, 9 is one too many, on the line it happens */
	CHECK_EQ(read_all("ab\n12345678\nx\n", 14, 8, 1000, &line, why, sizeof(why)), 0);
	CHECK_EQ(line, 3);
	CHECK_EQ(read_all("ab\n12345678\n123456789\nx\n", 24, 8, 1000, &line, why, sizeof(why)),
		 -1);
	CHECK_EQ(line, 3);
	CHECK(!strcmp(why, "line is longer than 8 bytes, the limit for a sequence file"));

	/* zeros without a newline (/dev/zero's content) stop at the line limit */
	CHECK_EQ(read_all(zeros, sizeof(zeros), 1024, 1u << 20, &line, why, sizeof(why)), -1);
	CHECK_EQ(line, 1);
	CHECK(strstr(why, "longer than 1024 bytes") != NULL);

	/* the whole input: 3 lines of 4 bytes, 10 allowed */
	CHECK_EQ(read_all("abc\ndef\nghi\n", 12, 100, 10, &line, why, sizeof(why)), -1);
	CHECK_EQ(line, 3);
	CHECK(!strcmp(why, "the input goes on past 10 bytes, the limit for a sequence file"));
	CHECK_EQ(read_all("abc\ndef\nghi\n", 12, 100, 12, &line, why, sizeof(why)), 0);

	/* a NUL is a byte like others: the length says where the line ends */
	{
		FILE *f = fmemopen((void *)"a\0b\n", 4, "r");

		CHECK_EQ(sf_input_attach(&in, f, "T", "job file", 8, 100, err, sizeof(err)), 0);
		CHECK_EQ(sf_input_line(&in, why, sizeof(why)), 4);
		CHECK(!memcmp(in.buf, "a\0b\n", 5));
		sf_input_close(&in);
		fclose(f);
	}

	/* a regular file over the limit: refused at open, by its size */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK_EQ(ftruncate(fd, 3 << 20), 0);
	close(fd);
	CHECK_EQ(sf_input_open(&in, path, "job file", false, 100, 1 << 20, err, sizeof(err)), -1);
	CHECK(strstr(err, ": is 3 MiB, larger than the 1 MiB limit for a job file") != NULL);
	unlink(path);
	return tap_done();
}
