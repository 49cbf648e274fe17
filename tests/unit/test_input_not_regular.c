/*
 * Only regular files are read: a directory, a device and a FIFO are each
 * refused by name ("PATH: is a directory, not a trace") before anything is
 * read, and a FIFO with no writer does not block the open. A missing file
 * is named with the system's reason, and "-" is stdin only where allowed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "input_file.h"
#include "tap.h"

static void refused(const char *path, const char *says)
{
	struct sf_input in;
	char err[300] = "", want[400];

	CHECK_EQ(sf_input_open(&in, path, "trace", true, 100, 1000, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: %s", path, says);
	if (strcmp(err, want))
		fprintf(stderr, "  got \"%s\", want \"%s\"\n", err, want);
	CHECK(!strcmp(err, want));
	CHECK_EQ(sf_input_check(path, "trace", 1000, err, sizeof(err)), -1);
	CHECK(!strcmp(err, want));
}

int main(void)
{
	char dir[] = "/tmp/svafuzz-input-XXXXXX", fifo[64], missing[64], why[100];
	struct sf_input in;
	char err[300];

	CHECK(mkdtemp(dir) != NULL);
	refused(dir, "is a directory, not a trace");
	refused("/dev/zero", "is a character device, not a trace");
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	CHECK_EQ(mkfifo(fifo, 0600), 0);
	refused(fifo, "is a FIFO, not a trace");	/* a hang here would be the bug */

	snprintf(missing, sizeof(missing), "%s/none.jsonl", dir);
	snprintf(why, sizeof(why), "cannot open: %s", strerror(ENOENT));
	refused(missing, why);

	/* "-" is stdin where the reader allows it, and a file name elsewhere */
	CHECK_EQ(sf_input_open(&in, "-", "trace", true, 100, 1000, err, sizeof(err)), 0);
	CHECK(in.f == stdin);
	sf_input_close(&in);
	CHECK_EQ(sf_input_open(&in, "-", "job file", false, 100, 1000, err, sizeof(err)), -1);
	CHECK(strstr(err, "-: cannot open: ") == err);

	unlink(fifo);
	rmdir(dir);
	return tap_done();
}
