/* KTAP v1 of run folders (see ktap.h). */
#include <stdbool.h>
#include <string.h>
#include "checks.h"
#include "ktap.h"
#include "run_json.h"

/*
 * Text on one KTAP line: a newline would start a line the parser reads
 * as something else, and a '#' in a test's name would start its directive.
 */
static void one_line(FILE *f, const char *s, bool no_hash)
{
	for (; *s; s++) {
		char c = *s;

		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		else if (no_hash && c == '#')
			c = '_';
		fputc(c, f);
	}
}

/* "# run ...: backend sim, knob K, seed S, kernel K, x86_64 2 CPUs" */
static void run_line(FILE *f, json_object *run)
{
	json_object *m = NULL, *seed = NULL, *cpus = NULL;

	json_object_object_get_ex(run, "machine", &m);
	json_object_object_get_ex(run, "seed", &seed);
	fprintf(f, "  # run ");
	one_line(f, sf_jstr(run, "run_id"), false);
	fprintf(f, ": backend ");
	one_line(f, sf_jstr(run, "backend"), false);
	if (*sf_jstr(run, "knob")) {
		fprintf(f, ", knob ");
		one_line(f, sf_jstr(run, "knob"), false);
	}
	if (seed && json_object_is_type(seed, json_type_int))
		fprintf(f, ", seed %llu", (unsigned long long)json_object_get_uint64(seed));
	fprintf(f, ", kernel ");
	one_line(f, *sf_jstr(run, "kernel") ? sf_jstr(run, "kernel") : "unknown", false);
	if (m && json_object_object_get_ex(m, "cpus", &cpus)) {
		fprintf(f, ", ");
		one_line(f, sf_jstr(m, "arch"), false);
		fprintf(f, " %d CPUs", json_object_get_int(cpus));
	}
	fputc('\n', f);
}

/* One folder's subtest, then its result line as test number num. */
static void run_subtest(FILE *f, json_object *run, unsigned num)
{
	struct sf_checks cs;
	unsigned failed = 0, skipped = 0;
	char name[64];

	if (sf_checks_of_run(run, &cs)) {
		fprintf(f, "not ok %u svafuzz # ERROR out of memory\n", num);
		return;
	}
	fprintf(f, "  KTAP version 1\n  # Subtest: svafuzz.");
	one_line(f, sf_jstr(run, "backend"), true);
	fputc('\n', f);
	run_line(f, run);
	fprintf(f, "  1..%zu\n", cs.n);
	for (size_t i = 0; i < cs.n; i++) {
		const struct sf_check *c = &cs.c[i];

		sf_check_path_name(c->name, name, sizeof(name));
		if (c->result == SF_CHECK_FAIL) {
			failed++;
			fprintf(f, "  # %s: ", name);
			if (c->t_first_s >= 0)
				fprintf(f, "first after %.3f s: ", c->t_first_s);
			one_line(f, c->msg, false);
			fprintf(f, "\n  not ok %zu ", i + 1);
			one_line(f, name, true);
			fputc('\n', f);
		} else if (c->result == SF_CHECK_SKIP) {
			skipped++;
			fprintf(f, "  ok %zu ", i + 1);
			one_line(f, name, true);
			fprintf(f, " # SKIP ");
			one_line(f, c->msg, false);
			fputc('\n', f);
		} else {
			fprintf(f, "  ok %zu ", i + 1);
			one_line(f, name, true);
			fputc('\n', f);
		}
	}
	/* the parent fails if a check failed; all skipped (backend unavailable) is a skip */
	fprintf(f, "%s %u svafuzz.", failed ? "not ok" : "ok", num);
	one_line(f, sf_jstr(run, "backend"), true);
	if (!failed && skipped == cs.n && cs.n) {
		fprintf(f, " # SKIP ");
		one_line(f, cs.c[0].msg, false);
	}
	fputc('\n', f);
	sf_checks_free(&cs);
}

unsigned sf_ktap_write(FILE *f, char *const *dirs, size_t n, FILE *diag)
{
	unsigned bad = 0;

	fprintf(f, "KTAP version 1\n1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		char err[600];
		json_object *run = sf_run_json_load(dirs[i], err, sizeof(err));

		if (!run) {
			bad++;
			if (diag)
				fprintf(diag, "svafuzz ktap: %s\n", err);
			fprintf(f, "# ");
			one_line(f, err, false);
			fprintf(f, "\nnot ok %zu ", i + 1);
			one_line(f, dirs[i], true);
			fprintf(f, " # ERROR ");
			one_line(f, err, false);
			fputc('\n', f);
			continue;
		}
		run_subtest(f, run, (unsigned)(i + 1));
		json_object_put(run);
	}
	fflush(f);
	return bad;
}
