/* What every subcommand says the same way: usage errors and getopt failures. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "config.h"

int sf_cli_usage_error(const char *sub, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "svafuzz %s: ", sub);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (svafuzz %s --help)\n", sub);
	return SF_EXIT_USAGE;
}

static const char *long_name_of(int val, const struct option *longopts)
{
	for (; longopts && longopts->name; longopts++)
		if (longopts->val == val)
			return longopts->name;
	return NULL;
}

/*
 * Short options that changed so that each letter means one thing in every
 * command (docs/cli.md): an old habit gets where the option went, not
 * only "unknown".
 */
static const struct {
	const char *sub;
	int opt;
	const char *hint;
} moved_opts[] = {
	{ "replay", 'n', "--times is -r (-n is --dry-run in svafuzz run)" },
	{ "minimize", 't', "--tries has no short form (-t is --threads in svafuzz run)" },
	{ "minimize", 's', "--reseeds has no short form (-s is --seed in svafuzz run)" },
};

static const char *moved_hint(const char *sub, int opt)
{
	for (size_t i = 0; i < sizeof(moved_opts) / sizeof(moved_opts[0]); i++)
		if (moved_opts[i].opt == opt && !strcmp(moved_opts[i].sub, sub))
			return moved_opts[i].hint;
	return NULL;
}

int sf_cli_getopt_error(const char *sub, int c, char **argv, const struct option *longopts)
{
	const char *name = long_name_of(optopt, longopts);

	if (c == ':') {
		/* the option as typed: the one getopt just consumed */
		const char *typed = argv[optind - 1];

		if (typed && typed[0] == '-' && typed[1] == '-')
			return sf_cli_usage_error(sub, "option '%s' needs a value", typed);
		if (name)
			return sf_cli_usage_error(sub, "option '--%s' needs a value", name);
		return sf_cli_usage_error(sub, "option '-%c' needs a value", optopt);
	}
	if (optopt >= 256 && name)	/* "--quiet=1" */
		return sf_cli_usage_error(sub, "option '--%s' takes no value", name);
	if (optopt && optopt < 256 && moved_hint(sub, optopt))
		return sf_cli_usage_error(sub, "unknown option '-%c': %s", optopt,
					  moved_hint(sub, optopt));
	if (optopt && optopt < 256)
		return sf_cli_usage_error(sub, "unknown option '-%c'", optopt);
	return sf_cli_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
}

void sf_cli_replay_overrides(struct sf_run_opts *o)
{
	sf_run_opts_defaults(o);
	o->backend[0] = '\0';
	o->knob[0] = '\0';
	o->arch[0] = '\0';
}

int sf_cli_override_opt(const char *sub, int c, const char *arg, struct sf_run_opts *o, int *rc)
{
	const char *key = c == 'b' ? "backend" : c == 'i' ? "inject" : c == 'A' ? "arch" :
			  c == 'P' ? "plant" : NULL;
	char why[300];

	if (!key)
		return 0;
	*rc = 0;
	if (sf_config_set(o, key, arg, why, sizeof(why)))
		*rc = sf_cli_usage_error(sub, "--%s: %s", key, why);
	return 1;
}

int sf_cli_count(const char *sub, const char *name, const char *s, unsigned long min,
		 unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = isdigit((unsigned char)s[0]) ? strtoul(s, &end, 10) : 0;
	if (!isdigit((unsigned char)s[0]) || errno || *end || *v < min || *v > max) {
		sf_cli_usage_error(sub, "--%s '%s': a number from %lu to %lu", name, s, min, max);
		return -1;
	}
	return 0;
}
