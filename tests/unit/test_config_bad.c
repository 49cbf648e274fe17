/*
 * The table of bad job files: each is refused with "FILE:LINE: ..." naming
 * the right line and saying what is wrong, and leaves no half-applied
 * surprise (a later good key never hides the first error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "tap.h"

struct bad {
	const char *text;
	unsigned line;
	const char *says;	/* substring of the message */
};

static const struct bad bads[] = {
	{ "[run]\nthreads = 0\n", 2, "key 'threads'" },
	{ "[run]\nduration = 10s\nfrobnicate = 1\n", 3, "key 'frobnicate' is unknown" },
	{ "[run]\nseed = 1\n\n[jobs]\nthreads = 4\n", 4, "unknown section [jobs]" },
	{ "[run]\n[empty]\n", 2, "unknown section [empty]" },
	{ "threads = 4\n[run]\n", 1, "outside a section" },
	{ "[run]\nthis line has no equals sign\n", 2, "syntax error" },
	{ "[run\nthreads = 4\n", 1, "syntax error" },
	{ "; a comment\n\n[run]\n# another\nduration = 10 parsecs\n", 5, "key 'duration'" },
	{ "[run]\nduration = 5y\n", 2, "not a duration" },
	{ "[run]\nduration = -3s\n", 2, "not a duration" },
	{ "[run]\nseed = -1\n", 2, "key 'seed'" },
	{ "[run]\nseed = 99999999999999999999999\n", 2, "not a 64-bit" },
	{ "[run]\narena = 12Q\n", 2, "key 'arena'" },
	{ "[run]\narena = 0\n", 2, "key 'arena'" },
	{ "[run]\narena = 5000000p\n", 2, "key 'arena'" },
	{ "[run]\nbackend = cuda\n", 2, "unknown backend 'cuda'" },
	{ "[run]\ninject = make-it-fail\n", 2, "no backend has a bug knob" },
	{ "[run]\narch = x86\n", 2, "unknown TLB model" },
	{ "[run]\nprofile = random\n", 2, "unknown profile" },
	{ "[run]\nops = mprotect, frobnicate\n", 2, "unknown op 'frobnicate'" },
	{ "[run]\nops = ,\n", 2, "empty op list" },
	{ "[run]\nquiet = maybe\n", 2, "not a boolean" },
	{ "[run]\nresults = ${SVAFUZZ_TEST_SURELY_UNSET}/x\n", 2, "SVAFUZZ_TEST_SURELY_UNSET is not set" },
	{ "[run]\nresults = ${HOME\n", 2, "unterminated" },
	{ "[run]\nthreads = 65\n", 2, "out of range" },
	{ "[run]\nvcpus = two\n", 2, "not a number" },
	{ "[run]\nmax_findings = 1e3\n", 2, "key 'max_findings'" },
	{ "[run]\nops_per_program = 0\n", 2, "out of range" },
	{ "[run]\nthreads = x\nvcpus = y\n", 2, "key 'threads'" },
	{ "[run]\nseed = 1\nresults = /tmp/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	  3, "longer than" },
};

int main(void)
{
	char path[] = "/tmp/svafuzz-badconf-XXXXXX", err[600], want[64];
	struct sf_run_opts o;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	for (unsigned i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		FILE *f = fopen(path, "w");

		fputs(bads[i].text, f);
		fclose(f);
		memset(&o, 0, sizeof(o));
		err[0] = '\0';
		CHECK_EQ(sf_config_load(path, &o, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "%s:%u: ", path, bads[i].line);
		if (strncmp(err, want, strlen(want)) || !strstr(err, bads[i].says))
			fprintf(stderr, "  case %u: got \"%s\", want \"%s...%s\"\n", i, err, want,
				bads[i].says);
		CHECK(!strncmp(err, want, strlen(want)));
		CHECK(strstr(err, bads[i].says) != NULL);
	}
	close(fd);
	unlink(path);

	/* a missing file names the file and the reason */
	CHECK_EQ(sf_config_load("/nonexistent/svafuzz.conf", &o, err, sizeof(err)), -1);
	CHECK(strstr(err, "/nonexistent/svafuzz.conf: cannot open") != NULL);
	return tap_done();
}
