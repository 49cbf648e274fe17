/*
 * `svafuzz run` options into struct sf_run_opts: defaults, then the job
 * file, then every other option in command-line order. The options are the
 * job file's keys (src/config_values.c) under their long names, so both
 * accept the same values and print the same reasons.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "config.h"

struct run_option {
	const char *name;	/* --name */
	int short_opt;		/* or 0 */
	const char *key;	/* job-file key it sets */
	const char *fixed;	/* flags: the value they set (NULL: takes an argument) */
	const char *arg;	/* argument name for --help */
	const char *help;
};

static const struct run_option run_options[] = {
	{ "backend", 'b', "backend", NULL, "NAME|auto", "device backend (svafuzz probe lists them; default auto)" },
	{ "duration", 'd', "duration", NULL, "TIME", "how long: 30s, 10m, 8h, 1h30m; 0 = until SIGINT/SIGTERM (default 60s)" },
	{ "seed", 's', "seed", NULL, "N", "program seed (decimal or 0x hex; default: from the clock, printed)" },
	{ "threads", 't', "threads", NULL, "N", "program threads, mutators + accessors (2..64)" },
	{ "vcpus", 0, "vcpus", NULL, "N", "device queues / vCPUs (1..64; probe: a backend's own bound)" },
	{ "arena", 'a', "arena", NULL, "SIZE", "arena size: bytes with K/M/G, or pages with p (256K, 64p)" },
	{ "inject", 'i', "inject", NULL, "KNOB", "give the backend a deliberate bug (svafuzz probe lists the knobs)" },
	{ "arch", 0, "arch", NULL, "smmuv3|vtd", "TLB rules the sim/svatest device follows (default: host's)" },
	{ "profile", 'p', "profile", NULL, "mix|cow-upgrade", "program generator profile (default mix)" },
	{ "ops", 0, "ops", NULL, "LIST", "only these ops, comma separated (mprotect,dev-read,...) or all" },
	{ "results", 'o', "results", NULL, "DIR", "results parent directory (default results/)" },
	{ "plant", 0, "plant", NULL, "MODE[/N]", "selfcheck: arm kernel/svaplant to lose this run's range|secondary-tlb invalidations (1 in N)" },
	{ "max-findings", 0, "max_findings", NULL, "N", "stop after N distinct findings (0 = no limit)" },
	{ "max-disk", 0, "max_disk", NULL, "SIZE", "results may hold this much disk: 500M, 2G (default 2G; 0 = no limit)" },
	{ "ops-per-program", 0, "ops_per_program", NULL, "N", "operations per generated program" },
	{ "lava", 0, "lava", "true", NULL, "print LAVA test-case result lines" },
	{ "ktap", 0, "ktap", "true", NULL, "print the checks as KTAP (version 1) at the end" },
	{ "no-klog", 0, "klog", "false", NULL, "do not watch the kernel log (/dev/kmsg)" },
	{ "quiet", 'q', "quiet", "true", NULL, "no progress lines: findings and the summary only" },
};

#define NOPTS (sizeof(run_options) / sizeof(run_options[0]))
#define OPT_CONFIG 1000
#define OPT_HELP 1001
#define OPT_DRY_RUN 1002
#define OPT_BASE 2000	/* + index into run_options */

static void run_help(void)
{
	printf("usage: svafuzz run [--config FILE] [OPTIONS]\n\n"
	       "Mutates the arena's mappings on the CPU while a device accesses it, and\n"
	       "judges every device outcome. Options override the job file, which\n"
	       "overrides the defaults.\n\n"
	       "  %-30s  job file (configs/NAME.conf; same keys as below)\n", "-c, --config FILE");
	for (unsigned i = 0; i < NOPTS; i++) {
		const struct run_option *r = &run_options[i];
		char left[64];

		snprintf(left, sizeof(left), "%c%c%s--%s%s%s", r->short_opt ? '-' : ' ',
			 r->short_opt ? r->short_opt : ' ', r->short_opt ? ", " : "  ", r->name,
			 r->arg ? " " : "", r->arg ? r->arg : "");
		printf("  %-30s  %s\n", left, r->help);
	}
	printf("  %-30s  print the settings that would run, as a job file, and exit\n"
	       "  %-30s  this text\n\n", "-n, --dry-run", "-h, --help");
	printf("exit: 0 clean, 1 usage/config error, 2 findings, 3 kernel error in the log,\n"
	       "4 backend unavailable, 5 internal error or hang. Results: DIR/<run-id>/.\n");
}

static void build_getopt(struct option *lo, char *so, size_t n)
{
	size_t len = (size_t)snprintf(so, n, ":c:hn");

	for (unsigned i = 0; i < NOPTS; i++) {
		const struct run_option *r = &run_options[i];

		lo[i] = (struct option){ r->name, r->fixed ? no_argument : required_argument,
					 NULL, (int)(OPT_BASE + i) };
		if (r->short_opt && len + 3 < n)
			len += (size_t)snprintf(so + len, n - len, "%c%s", r->short_opt,
						r->fixed ? "" : ":");
	}
	lo[NOPTS] = (struct option){ "config", required_argument, NULL, OPT_CONFIG };
	lo[NOPTS + 1] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	lo[NOPTS + 2] = (struct option){ "dry-run", no_argument, NULL, OPT_DRY_RUN };
	lo[NOPTS + 3] = (struct option){ NULL, 0, NULL, 0 };
}

static int index_of_short(int c)
{
	for (unsigned i = 0; i < NOPTS; i++)
		if (run_options[i].short_opt == c)
			return (int)i;
	return -1;
}

static int apply(struct sf_run_opts *o, const struct run_option *r, const char *v,
		 char *err, size_t n)
{
	char why[300];

	if (sf_config_set(o, r->key, r->fixed ? r->fixed : v, why, sizeof(why))) {
		snprintf(err, n, "option '--%s': %s", r->name, why);
		return 1;
	}
	return 0;
}

int sf_cli_run_opts(int argc, char **argv, struct sf_run_opts *o, bool *dry_run, char *err,
		    size_t n)
{
	struct option lo[NOPTS + 4];
	char so[64];
	struct {
		int idx;
		const char *val;
	} given[64];
	unsigned ngiven = 0;
	const char *config = NULL;
	int c;

	build_getopt(lo, so, sizeof(so));
	*dry_run = false;
	optind = 0;	/* full re-initialisation: callable more than once (tests) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		int idx = -1;

		if (c == '?' || c == ':') {
			sf_cli_getopt_error("run", c, argv, lo);
			err[0] = '\0';	/* already said */
			return 1;
		}
		if (c == 'h' || c == OPT_HELP) {
			run_help();
			return -1;
		}
		if (c == 'n' || c == OPT_DRY_RUN) {
			*dry_run = true;
			continue;
		}
		if (c == 'c' || c == OPT_CONFIG) {
			config = optarg;
			continue;
		}
		idx = c >= OPT_BASE ? c - OPT_BASE : index_of_short(c);
		if (idx < 0 || idx >= (int)NOPTS)
			continue;	/* cannot happen: getopt only returns what we gave it */
		if (ngiven == sizeof(given) / sizeof(given[0])) {
			snprintf(err, n, "too many options");
			return 1;
		}
		given[ngiven].idx = idx;
		given[ngiven++].val = optarg;
	}
	if (optind < argc) {
		snprintf(err, n, "unexpected argument '%s'", argv[optind]);
		return 1;
	}
	sf_run_opts_defaults(o);
	if (config && sf_config_load(config, o, err, n))
		return 1;
	for (unsigned i = 0; i < ngiven; i++)
		if (apply(o, &run_options[given[i].idx], given[i].val, err, n))
			return 1;
	if (!o->results[0])
		strcpy(o->results, "results");
	return 0;
}
