/*
 * svafuzz: stress/fuzz daemon for devices sharing a process's address
 * space. This file only dispatches to the subcommands (src/cli_*.c).
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "runopts.h"
#include "backend.h"
#include "memory.h"
#include "version.h"

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{ "run", sf_cmd_run, "stress and fuzz a device's view of the address space" },
	{ "replay", sf_cmd_replay, "replay a reproducer (repro.sva) N times" },
	{ "minimize", sf_cmd_minimize, "shrink a reproducer to the ops that still reproduce" },
	{ "probe", sf_cmd_probe, "which backends and workers work on this machine" },
	{ "check", sf_cmd_check, "judge an event trace (JSON Lines) with the oracle" },
	{ "report", sf_cmd_report, "rebuild DIR/report.html from a results folder" },
	{ "export", sf_cmd_export, "results as KCIDB JSON or KTAP, for test farms" },
	{ "merge", sf_cmd_merge, "many jobs' results into one folder (findings by signature)" },
	{ "selfcheck", sf_cmd_selfcheck, "lose invalidations on purpose (svaplant): how fast are they found" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: svafuzz COMMAND [OPTIONS]   (svafuzz COMMAND --help for its options)\n\n"
		   "commands:\n");
	for (const struct subcommand *s = subcommands; s->name; s++)
		fprintf(f, "  %-9s %s\n", s->name, s->summary);
	fprintf(f, "\n  --help     this text\n"
		   "  --version  version, git revision, features and backends\n\n"
		   "exit codes: 0 clean, 1 usage or config error, 2 findings, 3 kernel error\n"
		   "in the log, 4 backend unavailable (skipped), 5 internal error or hang.\n"
		   "Documentation: docs/cli.md\n");
}

static void version(void)
{
	printf("svafuzz %s (git %s)\nfeatures: %s\nbackends:", SVAFUZZ_VERSION,
	       SVAFUZZ_GIT_REV, SVAFUZZ_FEATURES);
	for (unsigned i = 0; sf_backends[i]; i++)	/* built: the planned ones are not */
		if (!(sf_backends[i]->flags & SF_BE_PLANNED))
			printf(" %s", sf_backends[i]->name);
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	sf_malloc_policy();
	if (!cmd) {
		usage(stderr);
		return SF_EXIT_USAGE;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		if (argc > 2 && strcmp(cmd, "help") == 0) {
			/* "svafuzz help run" == "svafuzz run --help" */
			char *sub_argv[] = { argv[2], (char *)"--help", NULL };

			for (const struct subcommand *s = subcommands; s->name; s++)
				if (!strcmp(s->name, argv[2]))
					return s->fn(2, sub_argv);
			return sf_cli_usage_error("help", "unknown command '%s'", argv[2]);
		}
		usage(stdout);
		return SF_EXIT_CLEAN;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
		version();
		return SF_EXIT_CLEAN;
	}
	for (const struct subcommand *s = subcommands; s->name; s++)
		if (!strcmp(s->name, cmd))
			return s->fn(argc - 1, argv + 1);
	if (cmd[0] == '-')
		fprintf(stderr, "svafuzz: unknown option '%s' (options go after the command)\n", cmd);
	else
		fprintf(stderr, "svafuzz: unknown command '%s'\n", cmd);
	usage(stderr);
	return SF_EXIT_USAGE;
}
