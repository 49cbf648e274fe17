/*
 * A key given twice in a job file is refused at its second line, naming
 * the key and the line of the first (the later value would silently win);
 * an indented continuation of a key's value is not a second key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "tap.h"

static int load(const char *text, char *err, size_t n)
{
	char path[] = "/tmp/svafuzz-dupkey-XXXXXX";
	struct sf_run_opts o;
	int fd = mkstemp(path), rc;
	FILE *f = fdopen(fd, "w");

	fputs(text, f);
	fclose(f);
	memset(&o, 0, sizeof(o));
	rc = sf_config_load(path, &o, err, n);
	if (rc) {	/* drop the temporary name: "FILE:LINE: ..." -> "LINE: ..." */
		size_t l = strlen(path) + 1;

		CHECK(!strncmp(err, path, l - 1) && err[l - 1] == ':');
		memmove(err, err + l, strlen(err + l) + 1);
	}
	unlink(path);
	return rc;
}

int main(void)
{
	char err[600];

	CHECK_EQ(load("[run]\nthreads = 4\nseed = 1\n\n# again\nthreads = 8\n", err, sizeof(err)),
		 -1);
	CHECK(!strcmp(err, "6: key 'threads' is given twice (first on line 2)"));

	/* even with the same value: the file says one thing twice, probably by mistake */
	CHECK_EQ(load("[run]\nseed = 1\nseed = 1\n", err, sizeof(err)), -1);
	CHECK(!strcmp(err, "3: key 'seed' is given twice (first on line 2)"));

	/* a value continued on an indented line is one key */
	CHECK_EQ(load("[run]\nops = mprotect,\n      dev-read\nseed = 2\n", err, sizeof(err)), 0);
	return tap_done();
}
