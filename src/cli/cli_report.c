/* `svafuzz report DIR`: rebuild DIR/report.html from the results folder. */
#include <getopt.h>
#include <stdio.h>
#include "cli.h"
#include "report.h"

static void report_help(void)
{
	printf("usage: svafuzz report DIR\n\n"
	       "Rebuilds DIR/report.html from DIR/run.json, DIR/timeline.jsonl and\n"
	       "DIR/findings/: one self-contained page (open it in any browser) with the\n"
	       "run's headline figures, its findings with links to their folders, and a\n"
	       "timeline of throughput, faults, memslot changes and findings.\n"
	       "DIR is a run folder (results/<run-id>, or results/latest).\n");
}

int sf_cmd_report(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[600];
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
		if (c == 'h') {
			report_help();
			return SF_EXIT_CLEAN;
		}
		return sf_cli_getopt_error("report", c, argv, lo);
	}
	if (optind != argc - 1)
		return sf_cli_usage_error("report", optind == argc ? "which run folder? (svafuzz report DIR)"
								   : "one folder at a time");
	if (sf_report_write(argv[optind], err, sizeof(err))) {
		fprintf(stderr, "svafuzz report: %s\n", err);
		return SF_EXIT_USAGE;
	}
	printf("%s/report.html\n", argv[optind]);
	return SF_EXIT_CLEAN;
}
