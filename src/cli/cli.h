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
int sf_cmd_minimize(int argc, char **argv);
int sf_cmd_export(int argc, char **argv);
int sf_cmd_merge(int argc, char **argv);
int sf_cmd_selfcheck(int argc, char **argv);

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

/*
 * Replaying a reproducer (replay, minimize): the run defaults with backend,
 * knob and arch "" (= the file's header), and the options that override
 * them: c = 'b' (--backend), 'i' (--inject), 'A' (--arch). Returns 1 if c
 * was one of those (*rc = 0, or SF_EXIT_USAGE after saying why), else 0.
 */
void sf_cli_replay_overrides(struct sf_run_opts *o);
int sf_cli_override_opt(const char *sub, int c, const char *arg, struct sf_run_opts *o, int *rc);
/* A whole unsigned number in [min, max] for --name; 0, or -1 after a usage error. */
int sf_cli_count(const char *sub, const char *name, const char *s, unsigned long min,
		 unsigned long max, unsigned long *v);

struct option;
/*
 * getopt_long returned '?' or ':' (optstring starts with ':', opterr 0):
 * say which option was unknown or lacks its value. Returns SF_EXIT_USAGE.
 */
int sf_cli_getopt_error(const char *sub, int c, char **argv, const struct option *longopts);

/* Run folders named on a farm command's line (cli_results_dirs.c). */
struct sf_cli_dirs {
	char **v;
	size_t n, cap;
};
/*
 * args as run folders: a run folder as it is, a results parent as every
 * run folder in it (sorted). A folder that is neither is refused, or with
 * keep_other kept as a (damaged) run folder for the command to name: a
 * job killed before it wrote anything must not stop a merge of the rest.
 * 0, or -1 after saying why on stderr.
 */
int sf_cli_results_dirs(const char *sub, char **args, int nargs, bool keep_other,
			struct sf_cli_dirs *d);
void sf_cli_dirs_free(struct sf_cli_dirs *d);
#endif
