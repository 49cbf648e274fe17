/*
 * Good job files: every syntax the docs promise (comments, inline
 * comments, "key: value", continuation lines, env expansion), the profiles
 * shipped in configs/, and the dry-run printout read back as a job file
 * giving the same settings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "config.h"
#include "ops.h"
#include "backend.h"
#include "tap.h"

static char path[] = "/tmp/svafuzz-goodconf-XXXXXX";

static int load_text(const char *text, struct sf_run_opts *o, char *err, size_t n)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	sf_run_opts_defaults(o);
	return sf_config_load(path, o, err, n);
}

/* The source tree from this file's path (CMake compiles it by absolute path). */
static void configs_dir(char *buf, size_t n)
{
	const char *tail = strstr(__FILE__, "tests/unit/test_config_good.c");

	snprintf(buf, n, "%.*sconfigs", tail ? (int)(tail - __FILE__) : 0, __FILE__);
}

static void check_profile(const char *dir, const char *name)
{
	char p[1024], err[600];
	struct sf_run_opts o;
	int rc;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	sf_run_opts_defaults(&o);
	rc = sf_config_load(p, &o, err, sizeof(err));
	if (rc && strstr(err, "unknown backend")) {
		/* a profile for a backend this build lacks (e.g. svatest): the rest must be right */
		char line[512], text[8192] = "";
		FILE *f = fopen(p, "r");

		printf("  %s: backend not built in here; checking the rest\n", name);
		while (f && fgets(line, sizeof(line), f))
			strncat(text, strncmp(line, "backend", 7) ? line : "backend = auto\n",
				sizeof(text) - strlen(text) - 1);
		if (f)
			fclose(f);
		rc = load_text(text, &o, err, sizeof(err));
	}
	if (rc)
		fprintf(stderr, "  %s\n", err);
	CHECK_EQ(rc, 0);
	CHECK(o.duration_ns > 0);
}

int main(void)
{
	char err[600], dir[1024];
	struct sf_run_opts o, back;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	setenv("SF_T_SEED", "99", 1);
	CHECK_EQ(load_text("; header comment\n# another\n\n[run]\n"
			   "duration = 1h30m   # inline hash comment\n"
			   "threads: 6 ; inline semicolon comment\n"
			   "seed = ${SF_T_SEED}\n"
			   "ops = mprotect, munmap,\n"
			   "      dev-read,\n"
			   "\tdev-write\n"
			   "arena = 1M\n"
			   "inject = none\n"
			   "arch = smmuv3\n"
			   "profile = cow-upgrade\n"
			   "lava = on\nklog = off\nquiet = TRUE\n"
			   "max_findings = 7\nops_per_program = 300\n"
			   "results = /tmp/x y\n", &o, err, sizeof(err)), 0);
	if (err[0])
		fprintf(stderr, "  %s\n", err);
	CHECK_EQ(o.duration_ns, 5400ull * 1000000000ull);
	CHECK_EQ(o.threads, 6);
	CHECK_EQ(o.seed, 99);
	CHECK_EQ(o.allowed_ops, (1ull << SF_OP_MPROTECT) | (1ull << SF_OP_MUNMAP) |
				(1ull << SF_OP_DEV_READ) | (1ull << SF_OP_DEV_WRITE));
	CHECK_EQ(o.arena_pages, (1u << 20) / (unsigned)sysconf(_SC_PAGESIZE));
	CHECK(!strcmp(o.knob, ""));
	CHECK(!strcmp(o.arch, "smmuv3"));
	CHECK_EQ(o.profile, SF_GEN_COW_UPGRADE);
	CHECK(o.lava && !o.klog && o.quiet);
	CHECK_EQ(o.max_findings, 7);
	CHECK_EQ(o.ops_per_program, 300);
	CHECK(!strcmp(o.results, "/tmp/x y"));

	/* what --dry-run prints is itself a job file that gives the same settings */
	{
		FILE *f = fopen(path, "w");

		sf_cli_print_opts(f, &o);
		fclose(f);
		sf_run_opts_defaults(&back);
		CHECK_EQ(sf_config_load(path, &back, err, sizeof(err)), 0);
		CHECK(!memcmp(&o, &back, sizeof(o)));
	}
	/* a knob a built-in backend has is accepted (the sim's, when the sim is built in) */
	if (sf_backend_find("sim") && sf_backend_find("sim")->knobs && sf_backend_find("sim")->knobs[0]) {
		char text[200];

		snprintf(text, sizeof(text), "[run]\nbackend = sim\ninject = %s\n",
			 sf_backend_find("sim")->knobs[0]);
		CHECK_EQ(load_text(text, &o, err, sizeof(err)), 0);
		CHECK(!strcmp(o.knob, sf_backend_find("sim")->knobs[0]));
	}
	/* an empty file and a bare [run] change nothing */
	sf_run_opts_defaults(&back);
	CHECK_EQ(load_text("", &o, err, sizeof(err)), 0);
	CHECK(!memcmp(&o, &back, sizeof(o)));
	CHECK_EQ(load_text("[run]\n", &o, err, sizeof(err)), 0);
	CHECK(!memcmp(&o, &back, sizeof(o)));

	configs_dir(dir, sizeof(dir));
	check_profile(dir, "quick.conf");
	check_profile(dir, "soak.conf");
	check_profile(dir, "qualify-arm64.conf");
	check_profile(dir, "fuzz-farm.conf");
	unlink(path);
	return tap_done();
}
