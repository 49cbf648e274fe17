/*
 * `svafuzz run`: generate programs from the seed, run each on the backend
 * with a fresh oracle, turn verdicts into findings, and keep the results
 * folder current until the duration is over or a signal arrives. The
 * monitor thread that bounds a program from outside is run_monitor.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "disk.h"
#include "engine.h"
#include "findings.h"
#include "klog.h"
#include "ktap.h"
#include "report.h"
#include "results.h"
#include "run.h"
#include "run_monitor.h"

/*
 * Verdicts kept in full per program, the rest only counted: one bug gives
 * a burst of verdicts on the same pages, and findings dedupe by family, so
 * a few per program find every family while bounding the copies made.
 */
#define PENDING_MAX 16
/* recent events kept for finding excerpts: 65,536, many times a default program (2000 ops) */
#define RING_LOG2 16
/* events.jsonl is rotated at 64 MiB, so one file stays easy to open and copy */
#define EVLOG_ROTATE (64ull << 20)
/* run.json, junit.xml and kmsg.txt rewritten every 10 s: a killed run loses at most that */
#define RUN_JSON_EVERY_NS (10ull * 1000000000ull)

static atomic_int stop_flag;	/* the signal that asked the run to stop, 0 if none */

static void on_signal(int sig)
{
	atomic_store(&stop_flag, sig);
}

struct run {
	const struct sf_run_opts *o;
	struct sf_run_state rs;
	struct sf_exec x;
	struct sf_evring *ring;
	struct sf_evlog *evlog;
	struct sf_timeline *tl;
	struct sf_disk *disk;		/* room for the results (disk.h) */
	struct sf_klog *klog;
	struct sf_pending *pend;
	unsigned npend;
	uint64_t prog_index;
	unsigned last_tick_s;
	uint64_t last_json;
	uint64_t prev_skipped[SF_OP__COUNT];
	uint64_t prev_failed[SF_OP__COUNT];
	struct sf_run_monitor mon;	/* ends the process if a program never returns */
	int plant_fd;			/* svaplant armed for this run, or -1 */
};

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* a second signal kills: the results written every 10 s keep most of it */
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* a closed terminal ends the run like SIGTERM, with its results */
	sigaction(SIGHUP, &sa, NULL);
	/* `svafuzz run | head` must not kill the run: a failed write is ignored */
	signal(SIGPIPE, SIG_IGN);
}

static void restore_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

static unsigned log2_bucket(uint64_t w)
{
	return w ? 64u - (unsigned)__builtin_clzll(w) : 0;
}

static void on_event(void *arg, const struct sf_event *ev)
{
	struct run *r = arg;
	struct sf_run_state *rs = &r->rs;

	if (ev->kind == SF_EV_MUTATION) {
		rs->mutations++;
		if (sf_op_class((enum sf_op)ev->op) == SF_CLS_SLOT)
			rs->slot_changes++;
	} else if (ev->kind == SF_EV_ACCESS) {
		rs->accesses++;
		if (sf_op_class((enum sf_op)ev->op) == SF_CLS_DEV_ACCESS)
			rs->width_hist[log2_bucket(ev->t1 - ev->t0)]++;
	}
	sf_evring_put(r->ring, ev);
	sf_evlog_event(r->evlog, ev, r->prog_index);
}

/* Verdicts arrive while the stream flows: snapshot the page's events now. */
static void on_verdict(void *arg, const struct sf_verdict *v)
{
	struct run *r = arg;
	struct sf_pending *p;

	if (r->npend == PENDING_MAX) {
		r->rs.findings->verdicts++;	/* counted, not kept */
		return;
	}
	p = &r->pend[r->npend++];
	p->v = *v;
	sf_pending_fill(p, r->ring);
}

/* Ops run: the program's, less those skipped and those of failed device batches. */
static void add_counts(struct run *r, const struct sf_seq *prog)
{
	for (size_t i = 0; i < prog->nops; i++)
		r->rs.counts[prog->ops[i].op]++;
	for (unsigned op = 0; op < SF_OP__COUNT; op++) {
		uint64_t d = r->x.skipped[op] - r->prev_skipped[op];
		uint64_t f = r->x.dev_failed[op] - r->prev_failed[op];

		r->rs.counts[op] -= d + f < r->rs.counts[op] ? d + f : r->rs.counts[op];
		r->prev_skipped[op] = r->x.skipped[op];
		r->prev_failed[op] = r->x.dev_failed[op];
		if (d)
			sf_rs_skip(&r->rs, sf_op_name((enum sf_op)op), r->x.skip_why[op]);
	}
}

static void add_stats(struct sf_run_state *rs, const struct sf_oracle_stats *st)
{
	rs->programs++;
	rs->judged += st->accesses_judged;
	rs->decisive += st->accesses_decisive;
	rs->faults += st->faults_seen;
	rs->rejected += st->rejected;
	rs->widened += st->widened;
	rs->stale_in_flight += st->stale_in_flight;
	rs->value_checked += st->value_checked;
	rs->dirty_checked += st->dirty_checked;
	if (st->mem_peak > rs->mem_peak)
		rs->mem_peak = st->mem_peak;
}

static void process_pending(struct run *r, const struct sf_seq *prog)
{
	struct sf_finding_ctx ctx = {
		.run_dir = r->rs.dir,
		.backend = r->rs.backend,
		.knob = r->rs.knob,
		.arch = r->rs.arch,
		.prog = prog,
		.prog_index = r->prog_index,
		.t_s = sf_rs_elapsed(&r->rs),
		.klog = r->klog,
		.disk = r->disk,
		.sim = r->rs.sim,
		.quiet = r->o->quiet,
		.sem = r->x.be->sem,
		.initial_flags = r->x.be->initial_flags,
	};

	for (unsigned i = 0; i < r->npend; i++) {
		/* --max-findings N means N: later verdicts of this program are counted only */
		if (r->o->max_findings && r->rs.findings->nfam >= r->o->max_findings) {
			r->rs.findings->verdicts += r->npend - i;
			break;
		}
		sf_findings_add(r->rs.findings, &r->pend[i], &ctx);
	}
	r->npend = 0;
}

static void refresh_be_stats(struct run *r)
{
	struct sf_dev_totals dt;

	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		r->rs.op_ns[op] = atomic_load(&r->x.op_ns[op]);
	sf_exec_dev_totals(&r->x, &dt);
	r->rs.dev_batches_ok = dt.batches_ok;
	r->rs.dev_errors = dt.errors;
	r->rs.dev_accesses = dt.accesses;
	if (atomic_load(&r->x.dev_err_state) == SF_DEV_ERR_READY)
		snprintf(r->rs.dev_first_error, sizeof(r->rs.dev_first_error), "%s",
			 r->x.dev_err_first);
	if (r->x.dev && r->x.be->stats) {
		r->x.be->stats(r->x.dev, &r->rs.be_stats);
		r->rs.have_be_stats = true;
	}
	if (r->klog)
		r->rs.klog_errors = sf_klog_errors(r->klog);
}

/* kmsg.txt as seen so far, replaced atomically: a SIGKILL leaves the last copy. */
static void write_kmsg(struct run *r)
{
	char path[800];
	size_t len;
	char *text;

	if (!r->klog || !r->rs.dir[0])
		return;
	text = sf_klog_text(r->klog, &len);
	if (!text)
		return;
	snprintf(path, sizeof(path), "%s/kmsg.txt", r->rs.dir);
	if (sf_write_atomic(path, text, len))
		fprintf(stderr, "svafuzz: cannot write %s: %s\n", path, strerror(errno));
	free(text);
}

/*
 * run.json, junit.xml and kmsg.txt as they stand: every 10 s and at the
 * end, so a SIGKILL or a dead machine leaves results at most 10 s old.
 * While the run goes, junit.xml says so (a failed "run-complete" case):
 * a farm never reads a killed run as a pass.
 */
static void save_results(struct run *r)
{
	sf_results_write_run_json(&r->rs);
	if (!r->rs.dir[0])
		return;
	if (sf_results_write_junit(&r->rs))
		fprintf(stderr, "svafuzz: cannot write junit.xml: %s\n", strerror(errno));
	write_kmsg(r);
}

/*
 * Timeline, progress, periodic results: between programs, and from the
 * engine's pump thread during a long program of a real backend (then the
 * backend's counters are left alone: its threads are using the device).
 */
static void tick_common(struct run *r, bool between)
{
	unsigned t_s = (unsigned)sf_rs_elapsed(&r->rs);
	uint64_t now = sf_now_ns();

	if (t_s > r->last_tick_s) {
		sf_timeline_tick(r->tl, &r->rs, t_s);
		r->last_tick_s = t_s;
	}
	r->rs.disk_used = sf_disk_used(r->disk);
	sf_progress_tick(&r->rs, r->o->quiet, false);
	if (now - r->last_json >= RUN_JSON_EVERY_NS) {
		if (between)
			refresh_be_stats(r);
		save_results(r);
		r->last_json = now;
	}
}

static void tick(struct run *r)
{
	tick_common(r, true);
}

static void on_tick(void *arg)
{
	tick_common(arg, false);
}

/* Why the run should end now, or SF_END_RUNNING to go on. */
static enum sf_end stop_cause(const struct run *r)
{
	const struct sf_run_opts *o = r->o;

	if (atomic_load(&stop_flag))
		return SF_END_SIGNAL;
	if (o->duration_ns && sf_now_ns() - r->rs.t_start >= o->duration_ns)
		return SF_END_DURATION;
	if (o->max_findings && r->rs.findings->nfam >= o->max_findings)
		return SF_END_MAX_FINDINGS;
	return SF_END_RUNNING;
}

/* The first cause to end the run is the one recorded. */
static void set_end(struct run *r, enum sf_end by, const char *reason)
{
	if (r->rs.ended_by)
		return;
	r->rs.ended_by = by;
	/* the precision bounds it for gcc's truncation check: longer reasons are cut */
	snprintf(r->rs.end_reason, sizeof(r->rs.end_reason), "%.*s",
		 (int)sizeof(r->rs.end_reason) - 1, reason);
}

static void end_by_cause(struct run *r, enum sf_end cause)
{
	char why[120];
	int sig = atomic_load(&stop_flag);

	if (cause == SF_END_SIGNAL)
		snprintf(why, sizeof(why), "SIG%s", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
	else if (cause == SF_END_DURATION)
		snprintf(why, sizeof(why), "--duration %.3f s reached",
			 (double)r->o->duration_ns / 1e9);
	else
		snprintf(why, sizeof(why), "--max-findings %u reached", r->o->max_findings);
	set_end(r, cause, why);
}

/* The program running when the device stopped answering, for a replay. */
static void save_last_program(struct run *r, const struct sf_seq *prog)
{
	struct sf_seq p = *prog;	/* shares ops: only the header changes */
	char path[800];

	if (!r->rs.dir[0])
		return;
	sf_seq_set_header(&p, r->rs.backend, r->rs.knob, r->rs.arch, NULL);
	snprintf(path, sizeof(path), "%s/last-program.sva", r->rs.dir);
	if (sf_seq_save(&p, path))
		fprintf(stderr, "svafuzz: cannot write %s: %s\n", path, strerror(errno));
}

/* What an engine return code other than 0 means for the run: an SF_EXIT_*. */
static int program_failed(struct run *r, const struct sf_seq *prog, int rc)
{
	char why[480];

	if (rc == SF_PROG_HANG) {
		snprintf(r->rs.hang, sizeof(r->rs.hang), "%s", r->x.hang);
		snprintf(why, sizeof(why), "watchdog: %s", r->x.hang);
		set_end(r, SF_END_ERROR, why);
		return SF_EXIT_INTERNAL;
	}
	if (rc == SF_PROG_LOST) {
		/* the engine's liveness rule: the device stopped answering */
		snprintf(why, sizeof(why), "device stopped answering: %s", r->x.lost);
		fprintf(stderr, "svafuzz: %s (program %llu kept as last-program.sva)\n", why,
			(unsigned long long)r->prog_index);
		save_last_program(r, prog);
		set_end(r, SF_END_DEVICE_LOST, why);
		return SF_EXIT_INTERNAL;
	}
	snprintf(why, sizeof(why), "internal error running program %llu",
		 (unsigned long long)r->prog_index);
	fprintf(stderr, "svafuzz: %s\n", why);
	set_end(r, SF_END_ERROR, why);
	return SF_EXIT_INTERNAL;
}

/* The ops asked for that cannot run here go to "skipped" with why. */
static void note_unrunnable(struct run *r, uint64_t wanted)
{
	char why[128];

	for (unsigned op = 0; op < SF_OP__COUNT; op++) {
		if (wanted && !(wanted & (1ull << op)))
			continue;
		if (sf_exec_op_unsupported(&r->x, (enum sf_op)op, why, sizeof(why)))
			sf_rs_skip(&r->rs, sf_op_name((enum sf_op)op), why);
	}
}

/*
 * A full disk, or --max-disk spent, ends the run as an error (exit 5)
 * before findings could be lost: the reserve still holds this program's
 * findings, run.json and junit.xml.
 */
static bool disk_ends_run(struct run *r)
{
	char why[sizeof(r->rs.end_reason)];

	if (!sf_disk_exhausted(r->disk, why, sizeof(why)))
		return false;
	set_end(r, SF_END_ERROR, why);
	return true;
}

static int run_programs(struct run *r)
{
	const struct sf_run_opts *o = r->o;
	struct sf_gen_params gp = {
		.arena_pages = o->arena_pages,
		.nthreads = o->threads,
		.nops = o->ops_per_program,
		.allowed_ops = sf_exec_runnable(&r->x, o->allowed_ops),
		.profile = o->profile,
	};
	struct sf_prog_hooks hooks = { on_event, on_verdict, r, on_tick };
	enum sf_end cause;

	while (!(cause = stop_cause(r))) {
		struct sf_oracle_stats st;
		struct sf_seq prog;
		int rc;

		if (disk_ends_run(r))
			return SF_EXIT_INTERNAL;
		sf_seq_init(&prog);
		sf_seq_generate(&prog, sf_run_prog_seed(r->rs.seed, r->prog_index), &gp);
		sf_evring_reset(r->ring);
		sf_evlog_program(r->evlog);
		r->npend = 0;
		memset(&st, 0, sizeof(st));
		sf_monitor_program(&r->mon, sf_now_ns());
		rc = sf_exec_program(&r->x, &prog, &hooks, &st);
		sf_monitor_program(&r->mon, 0);
		add_stats(&r->rs, &st);
		add_counts(r, &prog);
		process_pending(r, &prog);
		if (rc)
			rc = program_failed(r, &prog, rc);
		sf_seq_free(&prog);
		r->prog_index++;
		if (rc)
			return rc;
		tick(r);
	}
	end_by_cause(r, cause);
	return SF_EXIT_CLEAN;
}

static int open_outputs(struct run *r)
{
	char err[256] = "";

	r->rs.findings = sf_findings_new();
	r->ring = sf_evring_new(RING_LOG2);
	r->pend = malloc(sizeof(*r->pend) * PENDING_MAX);
	if (!r->rs.findings || !r->ring || !r->pend) {
		fprintf(stderr, "svafuzz: out of memory\n");
		return -1;
	}
	if (r->o->results[0]) {
		if (sf_results_mkdir(&r->rs, r->o->results, err, sizeof(err))) {
			fprintf(stderr, "svafuzz: %s\n", err);
			return -1;
		}
		r->disk = sf_disk_open(r->rs.dir, r->o->max_disk);
		r->tl = sf_timeline_open(r->rs.dir);
		r->evlog = sf_evlog_open(r->rs.dir, EVLOG_ROTATE);
		sf_timeline_set_disk(r->tl, r->disk);
		sf_evlog_set_disk(r->evlog, r->disk);
	}
	return 0;
}

static void start_klog(struct run *r)
{
	char why[256] = "";

	/* the sim never touches the kernel: its lines would be someone else's */
	if (!r->o->klog || r->rs.sim)
		return;
	r->klog = sf_klog_start(r->rs.run_id[0] ? r->rs.run_id : "svafuzz", why, sizeof(why));
	r->rs.klog_on = r->klog != NULL;
	/* a warning, even when quiet: a farm must know its kernel-log check is off */
	if (!r->klog)
		fprintf(stderr, "svafuzz: warning: kernel log not watched: %s\n", why);
}

/*
 * Complete: the run went as long as asked (an unbounded one until its
 * signal) and judged enough to mean something. Says why not, once.
 */
static bool run_complete(struct run *r, int rc)
{
	struct sf_run_state *rs = &r->rs;
	size_t at = strlen(rs->end_reason);
	char msg[120];

	if (rc != SF_EXIT_CLEAN)
		return false;
	if (rs->ended_by == SF_END_MAX_FINDINGS ||
	    (rs->ended_by == SF_END_SIGNAL && r->o->duration_ns))
		return false;
	if (rs->judged >= SF_MIN_JUDGED)
		return true;
	snprintf(msg, sizeof(msg), "judged %llu accesses, fewer than %u: not enough to call it clean",
		 (unsigned long long)rs->judged, SF_MIN_JUDGED);
	fprintf(stderr, "svafuzz: %s\n", msg);
	snprintf(rs->end_reason + at, sizeof(rs->end_reason) - at, "; %s", msg);
	return false;
}

/* Errors first, then the kernel log, findings, and a run cut short (README). */
static int final_exit(struct run *r, int rc)
{
	r->rs.complete = run_complete(r, rc);
	if (rc != SF_EXIT_CLEAN)
		return rc;
	if (r->rs.klog_errors)
		return SF_EXIT_KERNEL;
	if (r->rs.findings->n)
		return SF_EXIT_FINDINGS;
	return r->rs.complete ? SF_EXIT_CLEAN : SF_EXIT_INCOMPLETE;
}

static void finish(struct run *r, int rc)
{
	refresh_be_stats(r);
	if (r->klog) {
		sf_klog_stop(r->klog, r->rs.run_id);
		r->rs.klog_errors = sf_klog_errors(r->klog);
	}
	if (!r->rs.ended_by)
		set_end(r, SF_END_ERROR, r->rs.hang[0] ? r->rs.hang : "the run could not start");
	sf_plant_stop(r->plant_fd, &r->rs);
	r->plant_fd = -1;
	r->rs.exit_code = sf_plant_exit(&r->rs, final_exit(r, rc));
	r->rs.rss_end = sf_proc_status_kb("VmRSS:");
	r->rs.rss_max = sf_proc_status_kb("VmHWM:");
	sf_utc_now(r->rs.ended, sizeof(r->rs.ended));
	sf_timeline_tick(r->tl, &r->rs, (unsigned)sf_rs_elapsed(&r->rs) + 1);
	/* closed before the report reads it */
	sf_timeline_close(r->tl);
	r->tl = NULL;
	sf_progress_tick(&r->rs, r->o->quiet, true);
	save_results(r);
	if (r->rs.dir[0]) {
		char err[256];

		if (sf_report_write(r->rs.dir, err, sizeof(err)))
			fprintf(stderr, "svafuzz: report: %s\n", err);
	}
	if (r->o->lava)
		sf_results_print_lava(&r->rs, stdout);
	sf_progress_summary(&r->rs, stdout);
	if (r->o->ktap && r->rs.dir[0])	/* last on stdout: parsers start at its version line */
		sf_ktap_write(stdout, (char *[]){ r->rs.dir }, 1, stderr);
}

static void cleanup(struct run *r)
{
	sf_exec_close(&r->x);
	if (r->klog)
		sf_klog_free(r->klog);
	sf_timeline_close(r->tl);
	sf_evlog_close(r->evlog);
	sf_disk_close(r->disk);
	sf_evring_free(r->ring);
	sf_findings_free(r->rs.findings);
	free(r->pend);
}

/*
 * Last resort when the main thread is stuck inside a program (a backend
 * that never returns): record why, write what we have and leave. The
 * figures are read while the stuck thread may still change them; a torn
 * counter is better than no results.
 */
static void emergency_exit(struct run *r, const char *why)
{
	char reason[240];

	snprintf(r->rs.hang, sizeof(r->rs.hang), "%s", why);
	fprintf(stderr, "svafuzz: watchdog: %s\n", why);
	snprintf(reason, sizeof(reason), "watchdog: %s", why);
	set_end(r, SF_END_ERROR, reason);
	r->rs.exit_code = SF_EXIT_INTERNAL;
	r->rs.rss_end = sf_proc_status_kb("VmRSS:");
	/* the plant's counts; _exit closes its fd, which restores delivery */
	if (r->plant_fd >= 0)
		sf_plant_read(r->plant_fd, &r->rs.plant);
	sf_utc_now(r->rs.ended, sizeof(r->rs.ended));
	save_results(r);
	sf_progress_summary(&r->rs, stdout);
	if (r->o->ktap && r->rs.dir[0])	/* a hang is what a farm most needs told */
		sf_ktap_write(stdout, (char *[]){ r->rs.dir }, 1, stderr);
	fflush(NULL);
	_exit(SF_EXIT_INTERNAL);
}

static void on_overrun(void *arg, const char *why)
{
	emergency_exit(arg, why);
}

static void start_monitor(struct run *r)
{
	r->mon.prog_index = &r->prog_index;
	r->mon.progress = &r->x.progress;
	r->mon.stop_flag = &stop_flag;
	r->mon.duration_ns = r->o->duration_ns;
	r->mon.overrun = on_overrun;
	r->mon.arg = r;
	sf_monitor_start(&r->mon);
}

/* A farm still gets run.json and a junit.xml of skipped checks. */
static void write_unavailable(const struct sf_run_opts *o, const struct sf_backend_ops *be,
			      const char *why)
{
	struct sf_run_state *rs = calloc(1, sizeof(*rs));
	char err[256];

	if (!rs)
		return;
	sf_rs_init(rs);
	rs->seed = o->seed;
	rs->exit_code = SF_EXIT_UNAVAILABLE;
	snprintf(rs->backend, sizeof(rs->backend), "%s", be->name);
	snprintf(rs->knob, sizeof(rs->knob), "%s", o->knob);
	snprintf(rs->unavailable, sizeof(rs->unavailable), "%s", why);
	if (sf_results_mkdir(rs, o->results, err, sizeof(err)) == 0) {
		sf_utc_now(rs->ended, sizeof(rs->ended));
		rs->rss_end = sf_proc_status_kb("VmRSS:");
		sf_results_write_run_json(rs);
		sf_results_write_junit(rs);
		if (o->lava)
			sf_results_print_lava(rs, stdout);
		printf("results: %s\n", rs->dir);
		if (o->ktap)
			sf_ktap_write(stdout, (char *[]){ rs->dir }, 1, stderr);
	}
	free(rs);
}

int sf_run(const struct sf_run_opts *o)
{
	const struct sf_backend_ops *be = NULL;
	struct run *r;
	char err[256] = "";
	int rc;

	rc = sf_run_check_sizes(o->arena_pages, o->threads, o->ops_per_program);
	if (rc)
		return rc;
	rc = sf_run_pick_backend(o, &be, err, sizeof(err));
	if (rc == SF_EXIT_UNAVAILABLE && o->results[0])
		write_unavailable(o, be, err);
	if (rc)
		return rc;
	r = calloc(1, sizeof(*r));
	if (!r)
		return SF_EXIT_INTERNAL;
	r->o = o;
	r->plant_fd = -1;
	sf_rs_init(&r->rs);
	r->last_json = r->rs.t_start;
	r->rs.seed = o->seed_set && o->seed ? o->seed : sf_run_seed_now();
	r->rs.duration_ns = o->duration_ns;
	r->rs.sim = be->flags & SF_BE_SIM;
	snprintf(r->rs.backend, sizeof(r->rs.backend), "%s", be->name);
	snprintf(r->rs.knob, sizeof(r->rs.knob), "%s", o->knob);
	snprintf(r->rs.arch, sizeof(r->rs.arch), "%s", o->arch);
	atomic_store(&stop_flag, 0);
	r->x.stop = &stop_flag;
	/* a long program on a real backend is cut at the end of the run */
	r->x.deadline_ns = o->duration_ns ? r->rs.t_start + o->duration_ns : 0;
	printf("svafuzz: backend %s%s%s, seed %llu\n", be->name, o->knob[0] ? ", inject " : "",
	       o->knob, (unsigned long long)r->rs.seed);
	fflush(stdout);
	if (open_outputs(r)) {
		cleanup(r);
		free(r);
		return SF_EXIT_USAGE;
	}
	if (sf_exec_open(&r->x, be, o->knob, o->arch,
			 o->threads > o->vcpus ? o->threads : o->vcpus, o->arena_pages, err, sizeof(err))) {
		fprintf(stderr, "svafuzz: cannot open backend %s: %s\n", be->name, err);
		snprintf(r->rs.hang, sizeof(r->rs.hang), "backend open failed: %.160s", err);
		finish(r, SF_EXIT_INTERNAL);
		cleanup(r);
		free(r);
		return SF_EXIT_INTERNAL;
	}
	note_unrunnable(r, o->allowed_ops);
	if (o->plant[0] && (r->plant_fd = sf_plant_start(o->plant, &r->rs, err, sizeof(err))) < 0) {
		fprintf(stderr, "svafuzz: cannot arm svaplant: %s\n", err);
		snprintf(r->rs.unavailable, sizeof(r->rs.unavailable), "svaplant: %.180s", err);
		finish(r, SF_EXIT_UNAVAILABLE);
		cleanup(r);
		free(r);
		return SF_EXIT_UNAVAILABLE;
	}
	install_signals();
	start_klog(r);
	sf_results_write_run_json(&r->rs);
	start_monitor(r);
	rc = run_programs(r);
	sf_monitor_stop(&r->mon);
	finish(r, rc);
	rc = r->rs.exit_code;
	cleanup(r);
	free(r);
	restore_signals();
	return rc;
}
