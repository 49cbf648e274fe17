/* `svafuzz merge DIR... -o OUT`: many jobs' results into the farm's one folder. */
#include <getopt.h>
#include <stdio.h>
#include "cli.h"
#include "merge.h"

static void merge_help(void)
{
	printf("usage: svafuzz merge DIR... -o OUT\n\n"
	       "Merges many jobs' run folders (or results folders: every run in them) into\n"
	       "OUT, a new folder with one run.json, junit.xml and report.html for the\n"
	       "farm's view: findings deduplicated across jobs by signature (counts added,\n"
	       "the earliest first time, the reproducer with the fewest ops kept in\n"
	       "OUT/findings/), counters summed. A damaged job (killed, cut short in a\n"
	       "copy, missing files) is merged as far as it is valid; what was left out is\n"
	       "said on stderr and kept in run.json's \"merged\".\n\n"
	       "  -o, --out OUT     the merged folder (made; an existing one must be empty)\n\n"
	       "exit: 0 every input merged whole, 6 merged but some input was damaged or\n"
	       "unreadable, 1 usage error or nothing could be merged.\n"
	       "Documentation: docs/farm.md\n");
}

int sf_cmd_merge(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sf_merge_result r;
	struct sf_cli_dirs d;
	const char *out = NULL;
	char err[700];
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", lo, NULL)) != -1) {
		if (c == 'h') {
			merge_help();
			return SF_EXIT_CLEAN;
		}
		if (c != 'o')
			return sf_cli_getopt_error("merge", c, argv, lo);
		out = optarg;
	}
	if (!out)
		return sf_cli_usage_error("merge", "where to? -o OUT (a new folder)");
	if (optind == argc)
		return sf_cli_usage_error("merge", "which jobs? (svafuzz merge DIR... -o OUT)");
	if (sf_cli_results_dirs("merge", argv + optind, argc - optind, true, &d))
		return SF_EXIT_USAGE;
	rc = sf_merge(d.v, d.n, out, stderr, &r, err, sizeof(err));
	sf_cli_dirs_free(&d);
	if (rc) {
		fprintf(stderr, "svafuzz merge: %s\n", err);
		return SF_EXIT_USAGE;
	}
	printf("merged %zu job%s (%zu whole, %zu partial, %zu unreadable): %zu distinct "
	       "findings, %zu signatures\n%s/report.html\n", r.jobs, r.jobs == 1 ? "" : "s",
	       r.whole, r.partial, r.unreadable, r.families, r.signatures, out);
	return r.whole == r.jobs ? SF_EXIT_CLEAN : SF_EXIT_INCOMPLETE;
}
