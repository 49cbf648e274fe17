/*
 * svafuzz selfcheck: detection power on this kernel and this device. For
 * each svaplant loss mode the backend's device would notice, a short run
 * with the plant armed (svafuzz run --plant), then replays of what it
 * found with the plant armed again; a table of what was lost, how soon
 * it was found and how often it reproduces. Runs are child processes of
 * this binary, so each has its own results folder and exit code.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "backend.h"
#include "cli.h"
#include "plant.h"
#include "runopts.h"

#define PLANT_DEV "/dev/svaplant"
#define REPLAYS_DEFAULT 10
#define DURATION_DEFAULT "30s"

#define NMODES SF_PLANT_NMODES

struct opts {
	const char *backend, *duration, *results, *module;
	unsigned long replays;
};

struct row {
	const char *mode;
	unsigned sees;		/* SF_PLANT_SEES_* bit of this mode */
	char na[160];		/* "" when applicable */
	int run_exit;
	unsigned long long calls, lost;
	double first_s;		/* < 0: nothing found */
	char verdicts[160];
	int replayed, reproduced;	/* -1: not replayed */
	char repro[PATH_MAX];
};

static void usage(FILE *f)
{
	fprintf(f, "usage: svafuzz selfcheck [OPTIONS]\n\n"
		   "Arms kernel/svaplant to lose this process's invalidations on purpose, one\n"
		   "loss mode at a time, and measures how fast svafuzz notices (docs/selfcheck.md).\n\n"
		   "  -b, --backend NAME         device backend (default auto)\n"
		   "  -d, --duration-per-mode T  each mode's run (default %s)\n"
		   "  -r, --replays N            replays of each mode's finding (default %d)\n"
		   "  -o, --results DIR          results parent (default results/)\n"
		   "      --module FILE.ko       load svaplant from here if it is not loaded\n"
		   "  -h, --help                 this text\n\n"
		   "exit: 0 every mode the device can see was found, 6 one was missed,\n"
		   "4 the plant or the backend is unavailable, 1 usage, 5 internal error.\n",
		DURATION_DEFAULT, REPLAYS_DEFAULT);
}

/* a, b and c into buf (a path); false if it does not fit */
static bool join(char *buf, size_t n, const char *a, const char *b, const char *c)
{
	int k = snprintf(buf, n, "%s%s%s", a, b, c);

	return k >= 0 && (size_t)k < n;
}

/* Loads the module when the device is not there; true if this call did. */
static int load_plant(const char *module, bool *loaded)
{
	int fd;

	*loaded = false;
	if (access(PLANT_DEV, F_OK) == 0)
		return 0;
	if (!module) {
		fprintf(stderr, "svafuzz selfcheck: %s is not there: load svaplant.ko "
				"(kernel/svaplant) or pass --module FILE.ko\n", PLANT_DEV);
		return -1;
	}
	fd = open(module, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		fprintf(stderr, "svafuzz selfcheck: cannot load %s: %s\n", module, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	*loaded = true;
	printf("selfcheck: loaded svaplant from %s (idle until a run arms it)\n", module);
	return access(PLANT_DEV, F_OK) == 0 ? 0 : -1;
}

/* Runs this binary with args, stdout to log; its exit code, or -1. */
static int run_self(char *const argv[], const char *log)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
		}
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static json_object *get(json_object *o, const char *k)
{
	json_object *v = NULL;

	return o && json_object_object_get_ex(o, k, &v) ? v : NULL;
}

/* The run's numbers from DIR/latest/run.json. */
static int read_run(const char *dir, struct row *r)
{
	char path[PATH_MAX];
	json_object *j, *plant, *fs, *f;

	j = join(path, sizeof(path), dir, "/latest/run.json", "") ? json_object_from_file(path) : NULL;
	if (!j) {
		fprintf(stderr, "svafuzz selfcheck: %s: %s\n", path, json_util_get_last_err());
		return -1;
	}
	plant = get(j, "plant");
	r->calls = (unsigned long long)json_object_get_uint64(get(plant, "calls"));
	r->lost = (unsigned long long)json_object_get_uint64(get(plant, "lost"));
	fs = get(j, "findings");
	r->first_s = -1;
	for (size_t i = 0; fs && i < json_object_array_length(fs); i++) {
		size_t at = strlen(r->verdicts);

		f = json_object_array_get_idx(fs, i);
		if (r->first_s < 0 || json_object_get_double(get(f, "t_first_s")) < r->first_s)
			r->first_s = json_object_get_double(get(f, "t_first_s"));
		snprintf(r->verdicts + at, sizeof(r->verdicts) - at, "%s%s", at ? "," : "",
			 json_object_get_string(get(f, "verdict")));
		if (!r->repro[0] && get(f, "dir") &&
		    (!join(path, sizeof(path), dir, "/latest/", json_object_get_string(get(f, "dir"))) ||
		     !join(r->repro, sizeof(r->repro), path, "/repro.sva", "")))
			r->repro[0] = '\0';
	}
	json_object_put(j);
	return 0;
}

static void replay(const struct opts *o, struct row *r, const char *dir)
{
	char times[24], log[PATH_MAX];
	char *argv[] = { "svafuzz", "replay", "--times", times, "--plant", (char *)r->mode,
			 "--json", r->repro, NULL };
	json_object *j;

	snprintf(times, sizeof(times), "%lu", o->replays);
	r->replayed = -1;
	if (!join(log, sizeof(log), dir, "/replay.json", "") || run_self(argv, log) < 0)
		return;
	j = json_object_from_file(log);
	if (!j)
		return;
	r->replayed = (int)o->replays;
	r->reproduced = json_object_get_int(get(j, "reproduced"));
	json_object_put(j);
}

static void check_mode(const struct opts *o, const struct sf_backend_ops *be, struct row *r,
		       const char *top)
{
	char dir[PATH_MAX], log[PATH_MAX];
	char *argv[] = { "svafuzz", "run", "--backend", (char *)be->name, "--plant",
			 (char *)r->mode, "--duration", (char *)o->duration, "--max-findings", "1",
			 "-q", "--results", dir, NULL };

	r->replayed = -1;
	if (!(be->plant_sees & r->sees)) {
		snprintf(r->na, sizeof(r->na), "not applicable: %s's device does not take %s "
			 "deliveries", be->name, r->mode);
		return;
	}
	if (!join(dir, sizeof(dir), top, "/", r->mode) || !join(log, sizeof(log), dir, ".log", ""))
		return;
	printf("selfcheck: %s: svafuzz run --backend %s --plant %s --duration %s\n", r->mode,
	       be->name, r->mode, o->duration);
	fflush(stdout);
	r->run_exit = run_self(argv, log);
	if (read_run(dir, r) == 0 && r->repro[0] && o->replays)
		replay(o, r, dir);
}

static void print_row(FILE *f, const struct row *r)
{
	char first[24] = "missed", rep[24] = "-";

	if (r->na[0]) {
		fprintf(f, "%-14s %s\n", r->mode, r->na);
		return;
	}
	if (r->first_s >= 0)
		snprintf(first, sizeof(first), "%.2f s", r->first_s);
	if (r->replayed > 0)
		snprintf(rep, sizeof(rep), "%d/%d", r->reproduced, r->replayed);
	fprintf(f, "%-14s %10llu %10llu %12s  %-8s %s%s\n", r->mode, r->calls, r->lost, first, rep,
		r->verdicts[0] ? r->verdicts : "-",
		r->run_exit == SF_EXIT_KERNEL ? "; the kernel log had errors (the run's exit 3)" : "");
}

static json_object *row_json(const struct row *r)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "mode", json_object_new_string(r->mode));
	if (r->na[0]) {
		json_object_object_add(o, "not_applicable", json_object_new_string(r->na));
		return o;
	}
	json_object_object_add(o, "run_exit", json_object_new_int(r->run_exit));
	json_object_object_add(o, "delivered", json_object_new_uint64(r->calls));
	json_object_object_add(o, "lost", json_object_new_uint64(r->lost));
	json_object_object_add(o, "first_finding_s",
			       r->first_s >= 0 ? json_object_new_double(r->first_s) : NULL);
	json_object_object_add(o, "verdicts", json_object_new_string(r->verdicts));
	json_object_object_add(o, "replays", json_object_new_int(r->replayed > 0 ? r->replayed : 0));
	json_object_object_add(o, "reproduced", json_object_new_int(r->replayed > 0 ? r->reproduced : 0));
	return o;
}

static int report(const struct row *rows, const char *top, const char *backend)
{
	char path[PATH_MAX];
	json_object *j = json_object_new_object(), *arr = json_object_new_array();
	unsigned applicable = 0, found = 0;
	double load[3] = { 0 };

	getloadavg(load, 3);
	printf("\nselfcheck: backend %s, load average %.2f %.2f %.2f\n", backend, load[0], load[1],
	       load[2]);
	printf("%-14s %10s %10s %12s  %-8s %s\n", "mode", "delivered", "lost", "first", "replay",
	       "verdicts");
	for (unsigned i = 0; i < NMODES; i++) {
		print_row(stdout, &rows[i]);
		json_object_array_add(arr, row_json(&rows[i]));
		applicable += !rows[i].na[0];
		found += !rows[i].na[0] && rows[i].first_s >= 0;
	}
	json_object_object_add(j, "schema", json_object_new_string("svafuzz-selfcheck/1"));
	json_object_object_add(j, "backend", json_object_new_string(backend));
	json_object_object_add(j, "modes", arr);
	if (!join(path, sizeof(path), top, "/selfcheck.json", "") ||
	    json_object_to_file_ext(path, j, JSON_C_TO_STRING_PRETTY))
		fprintf(stderr, "svafuzz selfcheck: cannot write %s\n", path);
	json_object_put(j);
	printf("results: %s\n", top);
	if (!applicable) {
		printf("selfcheck: no loss mode applies to %s's device: nothing measured\n", backend);
		return SF_EXIT_UNAVAILABLE;
	}
	if (found < applicable) {
		printf("selfcheck: %u of %u applicable modes missed\n", applicable - found, applicable);
		return SF_EXIT_INCOMPLETE;
	}
	return SF_EXIT_CLEAN;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "duration-per-mode", required_argument, NULL, 'd' },
		{ "replays", required_argument, NULL, 'r' },
		{ "results", required_argument, NULL, 'o' },
		{ "module", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct opts){ "auto", DURATION_DEFAULT, "results", NULL, REPLAYS_DEFAULT };
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:d:r:o:h", lo, NULL)) != -1) {
		switch (c) {
		case 'b': o->backend = optarg; break;
		case 'd': o->duration = optarg; break;
		case 'o': o->results = optarg; break;
		case 'M': o->module = optarg; break;
		case 'r':
			if (sf_cli_count("selfcheck", "replays", optarg, 0, 1000, &o->replays))
				return SF_EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return sf_cli_getopt_error("selfcheck", c, argv, lo);
		}
	}
	if (optind != argc)
		return sf_cli_usage_error("selfcheck", "unexpected argument '%s'", argv[optind]);
	return 0;
}

int sf_cmd_selfcheck(int argc, char **argv)
{
	const struct sf_backend_ops *be;
	struct row rows[NMODES];
	char top[PATH_MAX], stamp[32], why[200];
	struct opts o;
	time_t now = time(NULL);
	bool loaded;
	int rc = parse(argc, argv, &o);

	if (rc)
		return rc < 0 ? SF_EXIT_CLEAN : rc;
	be = sf_backend_choose(o.backend);
	if (!be)
		return sf_cli_usage_error("selfcheck", "no backend '%s' (svafuzz probe)", o.backend);
	if (be->probe(why, sizeof(why))) {
		printf("selfcheck: skipped: backend %s unavailable: %s\n", be->name, why);
		return SF_EXIT_UNAVAILABLE;
	}
	if (!be->plant_sees) {
		printf("selfcheck: skipped: %s's device follows no kernel notifier: no loss mode "
		       "applies\n", be->name);
		return SF_EXIT_UNAVAILABLE;
	}
	if (load_plant(o.module, &loaded))
		return SF_EXIT_UNAVAILABLE;
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	if (snprintf(top, sizeof(top), "%s/selfcheck-%s-%s", o.results, be->name, stamp) >=
	    (int)sizeof(top))
		return sf_cli_usage_error("selfcheck", "--results: path too long");
	if ((mkdir(o.results, 0755) && errno != EEXIST) || mkdir(top, 0755)) {
		fprintf(stderr, "svafuzz selfcheck: cannot make %s: %s\n", top, strerror(errno));
		return SF_EXIT_USAGE;
	}
	memset(rows, 0, sizeof(rows));
	for (unsigned i = 0; i < NMODES; i++) {
		rows[i].mode = sf_plant_mode_name(i);
		rows[i].sees = sf_plant_mode_sees(i);
		check_mode(&o, be, &rows[i], top);
	}
	rc = report(rows, top, be->name);
	if (loaded && syscall(SYS_delete_module, "svaplant", O_NONBLOCK))
		fprintf(stderr, "svafuzz selfcheck: cannot unload svaplant: %s\n", strerror(errno));
	return rc;
}
