/*
 * libFuzzer target: bytes -> a job file -> sf_config_load. The bytes are
 * written to a memfd and loaded through its /proc/self/fd path (no file
 * system writes, nothing left behind). Whatever the input, loading returns
 * 0 or -1, and every error message names the file first ("PATH:..."), so
 * a user can find the bad line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "config.h"
#include "runopts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;
static char path[64];

static void setup(void)
{
	memfd = memfd_create("fuzz_config", MFD_CLOEXEC);
	if (memfd < 0) {
		perror("fuzz_config: memfd_create");
		abort();
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	/* ${VAR} expansion reads the environment: give it something to find */
	setenv("SVAFUZZ_FUZZ_DURATION", "5s", 1);
	setenv("SVAFUZZ_FUZZ_EMPTY", "", 1);
}

static void write_all(const uint8_t *data, size_t size)
{
	if (ftruncate(memfd, 0) || lseek(memfd, 0, SEEK_SET) < 0) {
		perror("fuzz_config: reset memfd");
		abort();
	}
	while (size) {
		ssize_t n = write(memfd, data, size);

		if (n <= 0) {
			perror("fuzz_config: write memfd");
			abort();
		}
		data += n;
		size -= (size_t)n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_run_opts o;
	char err[512] = "";
	int rc;

	if (memfd < 0)
		setup();
	write_all(data, size);
	sf_run_opts_defaults(&o);
	rc = sf_config_load(path, &o, err, sizeof(err));
	if (rc != 0 && rc != -1) {
		fprintf(stderr, "fuzz_config: sf_config_load returned %d\n", rc);
		abort();
	}
	if (rc == -1 && strncmp(err, path, strlen(path))) {
		fprintf(stderr, "fuzz_config: error does not name the file: '%s'\n", err);
		abort();
	}
	if (memchr(o.backend, 0, sizeof(o.backend)) == NULL ||
	    memchr(o.knob, 0, sizeof(o.knob)) == NULL ||
	    memchr(o.results, 0, sizeof(o.results)) == NULL) {
		fprintf(stderr, "fuzz_config: a string option is not terminated\n");
		abort();
	}
	return 0;
}
