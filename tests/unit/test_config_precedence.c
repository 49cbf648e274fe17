/*
 * Where a run's settings come from: defaults, overridden by the job file,
 * overridden by command-line options, whatever their order on the line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "config.h"
#include "ops.h"
#include "tap.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof(a[0])) - 1)

int main(void)
{
	char path[] = "/tmp/svafuzz-precconf-XXXXXX", err[600], cfgarg[64];
	struct sf_run_opts def, o;
	bool dry = true;
	FILE *f;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	f = fopen(path, "w");
	fputs("# test job\n[run]\nduration = 2h\nthreads = 6\nseed = 7\nquiet = yes\n"
	      "ops = mprotect, dev-read\nresults = /tmp/from-file\n", f);
	fclose(f);
	snprintf(cfgarg, sizeof(cfgarg), "%s", path);
	sf_run_opts_defaults(&def);

	/* no options at all: the defaults */
	{
		char *argv[] = { "run", NULL };

		CHECK_EQ(sf_cli_run_opts(ARGC(argv), argv, &o, &dry, err, sizeof(err)), 0);
		CHECK_EQ(o.duration_ns, def.duration_ns);
		CHECK_EQ(o.threads, def.threads);
		CHECK_EQ(o.seed_set, false);
		CHECK(!strcmp(o.results, def.results[0] ? def.results : "results"));
		CHECK(!dry);
	}
	/* the job file over the defaults; untouched keys keep their defaults */
	{
		char *argv[] = { "run", "--config", cfgarg, NULL };

		CHECK_EQ(sf_cli_run_opts(ARGC(argv), argv, &o, &dry, err, sizeof(err)), 0);
		CHECK_EQ(o.duration_ns, 7200ull * 1000000000ull);
		CHECK_EQ(o.threads, 6);
		CHECK_EQ(o.seed, 7);
		CHECK(o.seed_set);
		CHECK(o.quiet);
		CHECK_EQ(o.allowed_ops, (1ull << SF_OP_MPROTECT) | (1ull << SF_OP_DEV_READ));
		CHECK(!strcmp(o.results, "/tmp/from-file"));
		CHECK_EQ(o.vcpus, def.vcpus);
		CHECK_EQ(o.arena_pages, def.arena_pages);
	}
	/* options win over the file even when written before --config */
	{
		char *argv[] = { "run", "--threads", "3", "-d", "30s", "--config", cfgarg,
				 "--seed=0x10", "--ops", "all", "--no-klog", "-o", "/tmp/from-cli", NULL };

		CHECK_EQ(sf_cli_run_opts(ARGC(argv), argv, &o, &dry, err, sizeof(err)), 0);
		CHECK_EQ(o.threads, 3);
		CHECK_EQ(o.duration_ns, 30ull * 1000000000ull);
		CHECK_EQ(o.seed, 16);
		CHECK_EQ(o.allowed_ops, 0);
		CHECK_EQ(o.klog, false);
		CHECK(o.quiet);			/* from the file, not overridden */
		CHECK(!strcmp(o.results, "/tmp/from-cli"));
	}
	/* the same option twice: the last one wins */
	{
		char *argv[] = { "run", "-t", "5", "--dry-run", "--threads", "9", NULL };

		CHECK_EQ(sf_cli_run_opts(ARGC(argv), argv, &o, &dry, err, sizeof(err)), 0);
		CHECK_EQ(o.threads, 9);
		CHECK(dry);
	}
	/* a bad option value names the option; a bad file names file:line */
	{
		char *argv[] = { "run", "--threads", "1", NULL };

		CHECK_EQ(sf_cli_run_opts(ARGC(argv), argv, &o, &dry, err, sizeof(err)), 1);
		CHECK(strstr(err, "--threads") != NULL);
	}
	f = fopen(path, "w");
	fputs("[run]\nthreads = 6\nduration = forever\n", f);
	fclose(f);
	{
		char *argv[] = { "run", "--config", cfgarg, "--duration", "1s", NULL };
		char want[80];

		/* the file is still checked even if an option would override the key */
		CHECK_EQ(sf_cli_run_opts(ARGC(argv), argv, &o, &dry, err, sizeof(err)), 1);
		snprintf(want, sizeof(want), "%s:3: key 'duration'", path);
		CHECK(strstr(err, want) != NULL);
	}
	{
		char *argv[] = { "run", "stray", NULL };

		CHECK_EQ(sf_cli_run_opts(ARGC(argv), argv, &o, &dry, err, sizeof(err)), 1);
		CHECK(strstr(err, "stray") != NULL);
	}
	unlink(path);
	return tap_done();
}
