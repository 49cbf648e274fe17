/*
 * A NUL byte in a job file is refused with FILE:LINE and its column: inih
 * would otherwise cut the line at the NUL and apply what came before it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "tap.h"

int main(void)
{
	static const char text[] = "[run]\nseed = 1\nthreads = 4\0 and more\n";
	char path[] = "/tmp/svafuzz-nul-XXXXXX", err[600], want[200];
	struct sf_run_opts o;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	CHECK_EQ(write(fd, text, sizeof(text) - 1), (long)sizeof(text) - 1);
	close(fd);
	memset(&o, 0, sizeof(o));
	CHECK_EQ(sf_config_load(path, &o, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:3: NUL byte at column 12: a job file is text", path);
	if (strcmp(err, want))
		fprintf(stderr, "  got \"%s\", want \"%s\"\n", err, want);
	CHECK(!strcmp(err, want));
	unlink(path);
	return tap_done();
}
