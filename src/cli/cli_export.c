/*
 * `svafuzz export --kcidb|--ktap RESULTS... [-o FILE]`: run folders in the
 * formats farms read: KCIDB JSON for KernelCI, KTAP for kselftest-style
 * runners. The text is made in memory, then written whole (-o: atomically),
 * so a reader never sees half of it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "files.h"
#include "kcidb.h"
#include "ktap.h"

enum { FMT_NONE, FMT_KCIDB, FMT_KTAP };

static void export_help(void)
{
	printf("usage: svafuzz export --kcidb|--ktap [OPTIONS] RESULTS...\n\n"
	       "Writes run folders (results/<run-id>, or a results folder: every run in it)\n"
	       "in a format a test farm reads, on stdout or into -o FILE.\n\n"
	       "  --kcidb            KCIDB JSON, I/O schema v%d.%d (KernelCI): one test per check\n"
	       "                     (svafuzz.BACKEND.CHECK) and per finding signature\n"
	       "                     (svafuzz.BACKEND.VERDICT.ACCESS.CAUSE); files as URLs\n"
	       "  --ktap             KTAP version 1: one subtest per run, one test per check\n"
	       "  -o, --out FILE     write FILE (atomically) instead of stdout\n"
	       "KCIDB only:\n"
	       "  --origin NAME      the CI system's name in KCIDB ([a-z0-9_]; default svafuzz)\n"
	       "  --build-id ID      tests belong to this KCIDB build (ORIGIN:ID); default:\n"
	       "                     a build and checkout made from run.json's kernel and arch\n"
	       "  --url-base URL     the folders are published at URL/<folder>/; default:\n"
	       "                     file:// URLs of this machine's paths\n"
	       "  --id-prefix TEXT   put TEXT (a LAVA job id) into every test id\n\n"
	       "exit: 0 written, 1 usage error or a folder that cannot be read (named).\n"
	       "Documentation: docs/farm.md\n", SF_KCIDB_MAJOR, SF_KCIDB_MINOR);
}

/* text to path atomically, or to stdout; 0 or SF_EXIT_USAGE after saying why */
static int emit(const char *path, const char *text, size_t len)
{
	if (!path) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
			fprintf(stderr, "svafuzz export: stdout: %s\n", strerror(errno));
			return SF_EXIT_USAGE;
		}
		return 0;
	}
	if (sf_write_atomic(path, text, len)) {
		fprintf(stderr, "svafuzz export: cannot write %s: %s\n", path, strerror(errno));
		return SF_EXIT_USAGE;
	}
	return 0;
}

static int export_kcidb(const struct sf_cli_dirs *d, const struct sf_kcidb_opts *ko,
			const char *out)
{
	char err[700];
	json_object *root;
	const char *text;
	char *line;
	int rc;

	if (sf_kcidb_check_opts(ko, err, sizeof(err)))
		return sf_cli_usage_error("export", "%s", err);
	root = sf_kcidb_of_runs(d->v, d->n, ko, err, sizeof(err));
	if (!root) {
		fprintf(stderr, "svafuzz export: %s\n", err);
		return SF_EXIT_USAGE;
	}
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	/* a text file ends with a newline */
	if (asprintf(&line, "%s\n", text) < 0) {
		json_object_put(root);
		fprintf(stderr, "svafuzz export: out of memory\n");
		return SF_EXIT_USAGE;
	}
	rc = emit(out, line, strlen(line));
	free(line);
	json_object_put(root);
	return rc;
}

static int export_ktap(const struct sf_cli_dirs *d, const char *out)
{
	char *text = NULL;
	size_t len = 0;
	unsigned bad;
	int rc;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		fprintf(stderr, "svafuzz export: out of memory\n");
		return SF_EXIT_USAGE;
	}
	bad = sf_ktap_write(f, d->v, d->n, stderr);
	fclose(f);
	rc = emit(out, text, len);
	free(text);
	/* the unreadable folders are "not ok ... # ERROR" lines; say so here too */
	if (!rc && bad) {
		fprintf(stderr, "svafuzz export: %u of %zu folders could not be read (ERROR "
			"tests in the KTAP)\n", bad, d->n);
		rc = SF_EXIT_USAGE;
	}
	return rc;
}

int sf_cmd_export(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kcidb", no_argument, NULL, 'K' },
		{ "ktap", no_argument, NULL, 'T' },
		{ "out", required_argument, NULL, 'o' },
		{ "origin", required_argument, NULL, 'O' },
		{ "build-id", required_argument, NULL, 'B' },
		{ "url-base", required_argument, NULL, 'U' },
		{ "id-prefix", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sf_kcidb_opts ko = { .origin = "svafuzz" };
	struct sf_cli_dirs d;
	const char *out = NULL;
	int c, fmt = FMT_NONE, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ho:", lo, NULL)) != -1) {
		switch (c) {
		case 'h': export_help(); return SF_EXIT_CLEAN;
		case 'K':
		case 'T':
			if (fmt != FMT_NONE)
				return sf_cli_usage_error("export", "one format at a time (--kcidb or --ktap)");
			fmt = c == 'K' ? FMT_KCIDB : FMT_KTAP;
			break;
		case 'o': out = optarg; break;
		case 'O': ko.origin = optarg; break;
		case 'B': ko.build_id = optarg; break;
		case 'U': ko.url_base = optarg; break;
		case 'P': ko.id_prefix = optarg; break;
		default: return sf_cli_getopt_error("export", c, argv, lo);
		}
	}
	if (fmt == FMT_NONE)
		return sf_cli_usage_error("export", "which format? --kcidb or --ktap");
	if (optind == argc)
		return sf_cli_usage_error("export", "which results? (svafuzz export --%s DIR...)",
					  fmt == FMT_KCIDB ? "kcidb" : "ktap");
	if (sf_cli_results_dirs("export", argv + optind, argc - optind, false, &d))
		return SF_EXIT_USAGE;
	rc = fmt == FMT_KCIDB ? export_kcidb(&d, &ko, out) : export_ktap(&d, out);
	sf_cli_dirs_free(&d);
	return rc;
}
