/*
 * sf_seq_load on what is not a sequence: a directory or device is refused
 * by name with line 0 (nothing was read), a line over the limit stops the
 * read with its line in err.line, and so does an endless stream of bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "input_file.h"
#include "seq.h"
#include "tap.h"

int main(void)
{
	char dir[] = "/tmp/svafuzz-seqlim-XXXXXX", path[64];
	struct sf_seq s;
	struct sf_seq_err err;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ(sf_seq_load(dir, &s, &err), -1);
	CHECK_EQ(err.line, 0);
	CHECK(strstr(err.msg, ": is a directory, not a sequence file") != NULL);

	CHECK_EQ(sf_seq_load("/dev/zero", &s, &err), -1);
	CHECK_EQ(err.line, 0);
	CHECK(!strcmp(err.msg, "/dev/zero: is a character device, not a sequence file"));

	/* line 3 is one byte over the limit */
	snprintf(path, sizeof(path), "%s/long.sva", dir);
	f = fopen(path, "w");
	fputs("svafuzz-sequence 1\n# a comment\n#", f);
	for (unsigned i = 0; i < SF_SEQ_MAX_LINE; i++)
		fputc('x', f);
	fputs("\narena 8\n", f);
	fclose(f);
	CHECK_EQ(sf_seq_load(path, &s, &err), -1);
	CHECK_EQ(err.line, 3);
	CHECK(strstr(err.msg, "line is longer than 65536 bytes") != NULL);
	CHECK(s.ops == NULL);

	unlink(path);
	rmdir(dir);
	return tap_done();
}
