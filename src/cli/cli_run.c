/* `svafuzz run`: options and job file into struct sf_run_opts, then sf_run(). */
#include <inttypes.h>
#include "cli.h"
#include "plant.h"
#include "run.h"
#include "ops.h"
#include "seq.h"

/* In the largest unit that is exact, as a person would write it. */
static void print_duration(FILE *f, uint64_t ns)
{
	static const struct {
		uint64_t ns;
		const char *unit;
	} units[] = { { 3600000000000ull, "h" }, { 60000000000ull, "m" }, { 1000000000ull, "s" },
		      { 1000000ull, "ms" }, { 1000ull, "us" } };

	for (unsigned i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (ns && ns % units[i].ns == 0) {
			fprintf(f, "duration = %" PRIu64 "%s\n", ns / units[i].ns, units[i].unit);
			return;
		}
	}
	fprintf(f, "duration = %" PRIu64 "%s\n", ns, ns ? "ns" : "");
}

void sf_cli_print_opts(FILE *f, const struct sf_run_opts *o)
{
	fprintf(f, "[run]\nbackend = %s\n", o->backend);
	print_duration(f, o->duration_ns);
	if (o->seed_set)
		fprintf(f, "seed = %" PRIu64 "\n", o->seed);
	else
		fprintf(f, "; seed: from the clock, printed at start\n");
	fprintf(f, "threads = %u\nvcpus = %u\narena = %up\n", o->threads, o->vcpus, o->arena_pages);
	fprintf(f, "inject = %s\narch = %s\n", o->knob[0] ? o->knob : "none",
		o->arch[0] ? o->arch : "host");
	if (o->plant[0])
		fprintf(f, "plant = %s\n", o->plant);
	fprintf(f, "profile = %s\n", o->profile == SF_GEN_COW_UPGRADE ? "cow-upgrade" : "mix");
	if (!o->allowed_ops) {
		fprintf(f, "ops = all\n");
	} else {
		const char *sep = "ops = ";

		for (int op = 0; op < SF_OP__COUNT; op++) {
			if (o->allowed_ops & (1ull << op)) {
				fprintf(f, "%s%s", sep, sf_op_name((enum sf_op)op));
				sep = ", ";
			}
		}
		fprintf(f, "\n");
	}
	fprintf(f, "results = %s\nlava = %s\nktap = %s\nklog = %s\nquiet = %s\n", o->results,
		o->lava ? "yes" : "no", o->ktap ? "yes" : "no", o->klog ? "yes" : "no",
		o->quiet ? "yes" : "no");
	fprintf(f, "max_findings = %u\nops_per_program = %u\n", o->max_findings, o->ops_per_program);
	fprintf(f, "max_disk = %llu\n", (unsigned long long)o->max_disk);
}

/*
 * --dry-run: the options as the run would take them, after the same
 * checks the run makes before it starts (sizes, backend, knob, probe), so
 * a dry run never accepts what the run refuses. Same exit codes.
 */
static int dry_run_check(const struct sf_run_opts *o)
{
	const struct sf_backend_ops *be = NULL;
	char why[256];
	int rc = sf_run_check_sizes(o->arena_pages, o->threads, o->ops_per_program);

	if (!rc)
		rc = sf_run_pick_backend(o, &be, why, sizeof(why));
	if (rc && rc != SF_EXIT_UNAVAILABLE)
		return rc;
	sf_cli_print_opts(stdout, o);
	return rc;
}

int sf_cmd_run(int argc, char **argv)
{
	struct sf_run_opts o;
	bool dry_run;
	char err[700];
	int rc = sf_cli_run_opts(argc, argv, &o, &dry_run, err, sizeof(err));

	if (rc < 0)
		return SF_EXIT_CLEAN;	/* --help */
	if (rc > 0)
		return err[0] ? sf_cli_usage_error("run", "%s", err) : SF_EXIT_USAGE;
	if (o.plant[0])
		o.allowed_ops = sf_plant_allowed_ops(o.allowed_ops);
	if (dry_run)
		return dry_run_check(&o);
	return sf_run(&o);
}
