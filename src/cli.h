/*
 * The subcommands of the svafuzz binary, one file each (src/cli_*.c).
 * Each takes its own argv (argv[0] is the subcommand's name) and returns
 * an enum sf_exit.
 */
#ifndef SF_CLI_H
#define SF_CLI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "runopts.h"

int sf_cmd_run(int argc, char **argv);
int sf_cmd_replay(int argc, char **argv);
int sf_cmd_probe(int argc, char **argv);
int sf_cmd_check(int argc, char **argv);
int sf_cmd_report(int argc, char **argv);
int sf_cmd_minimize(int argc, char **argv);	/* src/cli_minimize.c (engineer "fuzz") */

/*
 * `svafuzz run`'s options into o: defaults, then the --config file, then
 * the other options in command-line order (so they win). 0 on success;
 * 1 with the reason in err (usage error; err empty if already printed);
 * -1 if --help was asked (printed). *dry_run: --dry-run was given.
 */
int sf_cli_run_opts(int argc, char **argv, struct sf_run_opts *o, bool *dry_run, char *err,
		    size_t n);
/* The settings a run would use, one "key = value" per line (job-file syntax). */
void sf_cli_print_opts(FILE *f, const struct sf_run_opts *o);

/* "svafuzz SUB: " + message on stderr; returns SF_EXIT_USAGE. */
int sf_cli_usage_error(const char *sub, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

struct option;
/*
 * getopt_long returned '?' or ':' (optstring starts with ':', opterr 0):
 * say which option was unknown or lacks its value. Returns SF_EXIT_USAGE.
 */
int sf_cli_getopt_error(const char *sub, int c, char **argv, const struct option *longopts);
#endif
