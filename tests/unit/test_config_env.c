/* ${NAME} and ${NAME:-default} in job-file values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "tap.h"

static int expand(const char *in, char *out, size_t n)
{
	char why[200];

	return sf_config_expand_env(in, out, n, why, sizeof(why));
}

int main(void)
{
	char out[256], path[] = "/tmp/svafuzz-envconf-XXXXXX", err[400];
	struct sf_run_opts o;
	FILE *f;
	int fd;

	setenv("SF_T_DIR", "/var/lib/svafuzz", 1);
	setenv("SF_T_EMPTY", "", 1);
	unsetenv("SF_T_UNSET");

	CHECK_EQ(expand("plain", out, sizeof(out)), 0);
	CHECK(!strcmp(out, "plain"));
	CHECK_EQ(expand("${SF_T_DIR}/runs", out, sizeof(out)), 0);
	CHECK(!strcmp(out, "/var/lib/svafuzz/runs"));
	CHECK_EQ(expand("a${SF_T_DIR}b${SF_T_DIR}", out, sizeof(out)), 0);
	CHECK(!strcmp(out, "a/var/lib/svafuzzb/var/lib/svafuzz"));
	CHECK_EQ(expand("${SF_T_UNSET:-results}", out, sizeof(out)), 0);
	CHECK(!strcmp(out, "results"));
	CHECK_EQ(expand("${SF_T_DIR:-results}", out, sizeof(out)), 0);
	CHECK(!strcmp(out, "/var/lib/svafuzz"));
	CHECK_EQ(expand("x${SF_T_EMPTY}y", out, sizeof(out)), 0);	/* set but empty is set */
	CHECK(!strcmp(out, "xy"));
	CHECK_EQ(expand("$HOME and $ alone", out, sizeof(out)), 0);	/* only ${...} expands */
	CHECK(!strcmp(out, "$HOME and $ alone"));
	CHECK_EQ(expand("${SF_T_UNSET}", out, sizeof(out)), -1);
	CHECK_EQ(expand("${SF_T_DIR", out, sizeof(out)), -1);
	CHECK_EQ(expand("${}", out, sizeof(out)), -1);
	CHECK_EQ(expand("${1BAD}", out, sizeof(out)), -1);
	CHECK_EQ(expand("${A-B}", out, sizeof(out)), -1);
	CHECK_EQ(expand("${SF_T_DIR}", out, 8), -1);			/* does not fit */

	/* in a job file: the expanded value is what is checked and set */
	fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	setenv("SF_T_SEED", "0x2a", 1);
	f = fopen(path, "w");
	fputs("[run]\nseed = ${SF_T_SEED}\nresults = ${SF_T_DIR}\nduration = ${SF_T_UNSET:-2h}\n", f);
	fclose(f);
	memset(&o, 0, sizeof(o));
	CHECK_EQ(sf_config_load(path, &o, err, sizeof(err)), 0);
	CHECK_EQ(o.seed, 42);
	CHECK(o.seed_set);
	CHECK(!strcmp(o.results, "/var/lib/svafuzz"));
	CHECK_EQ(o.duration_ns, 7200ull * 1000000000ull);

	setenv("SF_T_SEED", "forty-two", 1);
	CHECK_EQ(sf_config_load(path, &o, err, sizeof(err)), -1);
	CHECK(strstr(err, ":2: key 'seed'") != NULL);
	unlink(path);
	return tap_done();
}
