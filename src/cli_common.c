/* What every subcommand says the same way: usage errors and getopt failures. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include "cli.h"

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
	if (optopt && optopt < 256)
		return sf_cli_usage_error(sub, "unknown option '-%c'", optopt);
	return sf_cli_usage_error(sub, "unknown option '%s'", argv[optind - 1]);
}
