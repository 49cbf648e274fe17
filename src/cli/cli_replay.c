/* `svafuzz replay FILE`: run a reproducer again, N times (src/replay.h does the work). */
#include <getopt.h>
#include <stdio.h>
#include "cli.h"
#include "input_file.h"
#include "replay.h"

static void replay_help(void)
{
	printf("usage: svafuzz replay [OPTIONS] FILE\n\n"
	       "Runs a saved sequence (a finding's repro.sva) again with a fresh oracle each\n"
	       "time, on the backend, bug knob and TLB rules its header names, and prints\n"
	       "a line per run (the verdict looked for: reproduced or not, and what else it\n"
	       "saw), then \"reproduced K/N: VERDICT\".\n\n"
	       "  -r, --times N        replay N times (default 1)\n"
	       "      --json           one JSON object instead: file, backend, knob, arch,\n"
	       "                       expect, times, runs (run, reproduced, verdicts, why),\n"
	       "                       reproduced, error\n"
	       "  -b, --backend NAME   another backend than the file's\n"
	       "  -i, --inject KNOB    another bug knob than the file's\n"
	       "      --arch A         other TLB rules (smmuv3, vtd) than the file's\n"
	       "      --plant MODE     arm kernel/svaplant as the run that found it (selfcheck)\n"
	       "  -h, --help           this text\n\n"
	       "exit: 2 reproduced at least once, 0 never, 1 bad file or usage,\n"
	       "4 backend unavailable, 5 hang.\n");
}

int sf_cmd_replay(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "times", required_argument, NULL, 'r' },
		{ "backend", required_argument, NULL, 'b' },
		{ "inject", required_argument, NULL, 'i' },
		{ "arch", required_argument, NULL, 'A' },
		{ "plant", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sf_run_opts over;
	unsigned long times = 1;
	bool json = false;
	char err[300];
	int c, rc;

	sf_cli_replay_overrides(&over);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:b:i:h", lo, NULL)) != -1) {
		if (sf_cli_override_opt("replay", c, optarg, &over, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'r':
			if (sf_cli_count("replay", "times", optarg, 1, 1000000, &times))
				return SF_EXIT_USAGE;
			break;
		case 'J':
			json = true;
			break;
		case 'h':
			replay_help();
			return SF_EXIT_CLEAN;
		default:
			return sf_cli_getopt_error("replay", c, argv, lo);
		}
	}
	if (optind != argc - 1)
		return sf_cli_usage_error("replay", optind == argc ? "which file? (svafuzz replay FILE)"
								   : "one file at a time");
	/*
	 * sf_replay prints its errors as "FILE:LINE:COL: why": say here, by
	 * name and without a line, why a file cannot be read at all.
	 */
	if (sf_input_check(argv[optind], "sequence file", SF_SEQ_MAX_BYTES, err, sizeof(err))) {
		fprintf(stderr, "svafuzz replay: %s\n", err);
		return SF_EXIT_USAGE;
	}
	return sf_replay(argv[optind], (unsigned)times, &over, json);
}
