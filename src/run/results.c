/*
 * The run's figures (struct sf_run_state) and run.json, written so that
 * a reader never sees a half file and a SIGKILL loses at most one period.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "findings.h"
#include "results.h"

void sf_rs_init(struct sf_run_state *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->exit_code = -1;
	rs->t_start = sf_now_ns();
	sf_utc_now(rs->started, sizeof(rs->started));
	rs->rss_start = sf_proc_status_kb("VmRSS:");
}

const char *sf_end_name(enum sf_end e)
{
	static const char *const names[] = {
		[SF_END_DURATION] = "duration",
		[SF_END_SIGNAL] = "signal",
		[SF_END_MAX_FINDINGS] = "max-findings",
		[SF_END_ERROR] = "error",
		[SF_END_DEVICE_LOST] = "device-lost",
	};

	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : NULL;
}

void sf_rs_skip(struct sf_run_state *rs, const char *what, const char *why)
{
	for (unsigned i = 0; i < rs->nskipped; i++)
		if (!strcmp(rs->skipped[i].what, what))
			return;
	if (rs->nskipped == SF_MAX_SKIPPED)
		return;
	snprintf(rs->skipped[rs->nskipped].what, sizeof(rs->skipped[0].what), "%s", what);
	snprintf(rs->skipped[rs->nskipped].why, sizeof(rs->skipped[0].why), "%s", why);
	rs->nskipped++;
}

double sf_rs_elapsed(const struct sf_run_state *rs)
{
	return (double)(sf_now_ns() - rs->t_start) / 1e9;
}

/* Bucket k holds widths in [2^(k-1), 2^k); report the bucket's top. */
uint64_t sf_rs_width_pct(const struct sf_run_state *rs, double pct)
{
	uint64_t total = 0, acc = 0;

	for (unsigned k = 0; k < 65; k++)
		total += rs->width_hist[k];
	if (!total)
		return 0;
	for (unsigned k = 0; k < 65; k++) {
		acc += rs->width_hist[k];
		if ((double)acc * 100.0 >= pct * (double)total)
			return k == 0 ? 0 : (k >= 64 ? UINT64_MAX : (1ull << k) - 1);
	}
	return UINT64_MAX;
}

double sf_rs_decisive_share(const struct sf_run_state *rs)
{
	return rs->judged ? (double)rs->decisive / (double)rs->judged : 0.0;
}

void sf_utc_now(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

long sf_proc_status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t kl = strlen(key);

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl)) {
			v = strtol(line + kl, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

int sf_results_mkdir(struct sf_run_state *rs, const char *parent, char *err, size_t n)
{
	char stamp[32], link_tmp[PATH_MAX], link_path[PATH_MAX];
	time_t t = time(NULL);
	struct tm tm;

	if (mkdir(parent, 0755) && errno != EEXIST) {
		snprintf(err, n, "cannot create results dir %s: %s", parent, strerror(errno));
		return -1;
	}
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (unsigned i = 0;; i++) {
		if (i)
			snprintf(rs->run_id, sizeof(rs->run_id), "%s-seed%llu-%u", stamp,
				 (unsigned long long)rs->seed, i);
		else
			snprintf(rs->run_id, sizeof(rs->run_id), "%s-seed%llu", stamp,
				 (unsigned long long)rs->seed);
		snprintf(rs->dir, sizeof(rs->dir), "%s/%s", parent, rs->run_id);
		if (!mkdir(rs->dir, 0755))
			break;
		if (errno != EEXIST || i > 1000) {
			snprintf(err, n, "cannot create %s: %s", rs->dir, strerror(errno));
			rs->dir[0] = 0;
			return -1;
		}
	}
	/* latest -> run-id, replaced atomically by rename over it */
	snprintf(link_tmp, sizeof(link_tmp), "%s/.latest.%d", parent, (int)getpid());
	snprintf(link_path, sizeof(link_path), "%s/latest", parent);
	unlink(link_tmp);
	if (symlink(rs->run_id, link_tmp) || rename(link_tmp, link_path)) {
		fprintf(stderr, "svafuzz: cannot update %s: %s\n", link_path, strerror(errno));
		unlink(link_tmp);
	}
	return 0;
}

static struct json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static struct json_object *counts_json(const struct sf_run_state *rs)
{
	struct json_object *o = json_object_new_object();

	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		json_object_object_add(o, sf_op_name((enum sf_op)op),
				       json_object_new_uint64(rs->counts[op]));
	return o;
}

static struct json_object *op_time_json(const struct sf_run_state *rs)
{
	struct json_object *o = json_object_new_object();

	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		if (rs->op_ns[op])
			json_object_object_add(o, sf_op_name((enum sf_op)op),
					       json_object_new_double((double)rs->op_ns[op] / 1e6));
	return o;
}

/* One cause of a distinct finding: its signature, count, first folder and why. */
static struct json_object *cause_json(const struct sf_finding *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "signature", jstr(f->sig));
	json_object_object_add(o, "count", json_object_new_uint64(f->count));
	json_object_object_add(o, "t_first_s", json_object_new_double(f->t_first_s));
	json_object_object_add(o, "dir", f->dir[0] ? jstr(f->dir) : NULL);
	json_object_object_add(o, "why", jstr(f->why));
	return o;
}

/*
 * One entry per distinct finding (family), in order of first sight; its
 * dir and why are its first cause's, its count all its causes' verdicts.
 */
static struct json_object *findings_json(const struct sf_run_state *rs)
{
	struct json_object *a = json_object_new_array();
	const struct sf_findings *fs = rs->findings;

	for (unsigned fam = 1; fs && fam <= fs->nfam; fam++) {
		const struct sf_finding *first = NULL;
		struct json_object *o = json_object_new_object(), *causes = json_object_new_array();
		uint64_t count = 0;

		for (size_t i = 0; i < fs->n; i++) {
			const struct sf_finding *f = &fs->f[i];

			if (f->family != fam)
				continue;
			if (!first)
				first = f;
			count += f->count;
			json_object_array_add(causes, cause_json(f));
		}
		if (!first) {	/* cannot happen: every family has its first cause */
			json_object_put(o);
			json_object_put(causes);
			continue;
		}
		json_object_object_add(o, "verdict", jstr(sf_verdict_name(first->kind)));
		json_object_object_add(o, "t_first_s", json_object_new_double(first->t_first_s));
		json_object_object_add(o, "dir", first->dir[0] ? jstr(first->dir) : NULL);
		json_object_object_add(o, "why", jstr(first->why));
		json_object_object_add(o, "access", jstr(sf_op_name((enum sf_op)first->access_op)));
		json_object_object_add(o, "signature", jstr(first->fam));
		json_object_object_add(o, "count", json_object_new_uint64(count));
		json_object_object_add(o, "causes", causes);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *be_stats_json(const struct sf_run_state *rs)
{
	struct json_object *o = json_object_new_object();
	const struct sf_be_stats *s = &rs->be_stats;

	if (!rs->have_be_stats)
		return o;
	json_object_object_add(o, rs->sim ? "sim_steps" : "steps", json_object_new_uint64(s->steps));
	json_object_object_add(o, "invalidations", json_object_new_uint64(s->invalidations));
	json_object_object_add(o, "iotlb_hits", json_object_new_uint64(s->iotlb_hits));
	json_object_object_add(o, "iotlb_misses", json_object_new_uint64(s->iotlb_misses));
	json_object_object_add(o, "fault_retries", json_object_new_uint64(s->fault_retries));
	if (s->emulated_batches || s->emulation_unknown) {
		/* kvm: accesses of these batches were judged with the torn-read rule */
		json_object_object_add(o, "emulated_batches", s->emulation_unknown ? NULL :
				       json_object_new_uint64(s->emulated_batches));
	}
	if (s->inval_required || s->inval_log_lost) {
		/* svatest: each permission loss on a bound page must be invalidated in time */
		struct json_object *c = json_object_new_object();

		json_object_object_add(c, "required", json_object_new_uint64(s->inval_required));
		json_object_object_add(c, "covered", json_object_new_uint64(s->inval_covered));
		json_object_object_add(c, "log_lost", json_object_new_uint64(s->inval_log_lost));
		if (s->stale_checked)
			json_object_object_add(c, "stale_hits", json_object_new_uint64(s->stale_hits));
		json_object_object_add(o, "inval_coverage", c);
	}
	for (unsigned i = 0; i < s->nextra && i < SF_BE_EXTRA_MAX; i++)
		json_object_object_add(o, s->extra[i].name, json_object_new_uint64(s->extra[i].value));
	return o;
}

static struct json_object *machine_json(void)
{
	struct json_object *o = json_object_new_object();
	struct utsname u;

	if (uname(&u) == 0)
		json_object_object_add(o, "arch", jstr(u.machine));
	json_object_object_add(o, "cpus", json_object_new_int((int)sysconf(_SC_NPROCESSORS_ONLN)));
	return o;
}

static struct json_object *kernel_json(void)
{
	struct utsname u;
	char buf[sizeof(u.release) + sizeof(u.version) + 2];

	if (uname(&u))
		return NULL;
	snprintf(buf, sizeof(buf), "%s %s", u.release, u.version);
	return jstr(buf);
}

/* svaplant's counts (docs/selfcheck.md); null when the run was not planted */
static struct json_object *plant_json(const struct sf_plant_stats *p)
{
	struct json_object *o;

	if (!p->mode[0])
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "mode", jstr(p->mode));
	json_object_object_add(o, "calls", json_object_new_uint64(p->calls));
	json_object_object_add(o, "lost", json_object_new_uint64(p->lost));
	json_object_object_add(o, "other_mm", json_object_new_uint64(p->other_mm));
	json_object_object_add(o, "table_full", json_object_new_uint64(p->table_full));
	return o;
}

static struct json_object *run_json(const struct sf_run_state *rs)
{
	struct json_object *o = json_object_new_object(), *x;
	long rss = sf_proc_status_kb("VmRSS:");

	json_object_object_add(o, "schema", jstr("svafuzz-run/1"));
	json_object_object_add(o, "run_id", jstr(rs->run_id));
	json_object_object_add(o, "backend", jstr(rs->backend));
	json_object_object_add(o, "knob", rs->knob[0] ? jstr(rs->knob) : NULL);
	json_object_object_add(o, "arch", rs->arch[0] ? jstr(rs->arch) : NULL);
	json_object_object_add(o, "plant", plant_json(&rs->plant));
	json_object_object_add(o, "seed", json_object_new_uint64(rs->seed));
	json_object_object_add(o, "duration_s", json_object_new_double(sf_rs_elapsed(rs)));
	json_object_object_add(o, "duration_asked_s",
			       json_object_new_double((double)rs->duration_ns / 1e9));
	json_object_object_add(o, "exit_code",
			       rs->exit_code < 0 ? NULL : json_object_new_int(rs->exit_code));
	json_object_object_add(o, "counts", counts_json(rs));
	json_object_object_add(o, "op_time_ms", op_time_json(rs));
	json_object_object_add(o, "programs", json_object_new_uint64(rs->programs));
	json_object_object_add(o, "accesses_judged", json_object_new_uint64(rs->judged));
	json_object_object_add(o, "accesses_decisive", json_object_new_uint64(rs->decisive));
	json_object_object_add(o, "decisive_share", json_object_new_double(sf_rs_decisive_share(rs)));
	json_object_object_add(o, "faults_seen", json_object_new_uint64(rs->faults));
	x = json_object_new_object();
	json_object_object_add(x, "median", json_object_new_uint64(sf_rs_width_pct(rs, 50)));
	json_object_object_add(x, "p99", json_object_new_uint64(sf_rs_width_pct(rs, 99)));
	json_object_object_add(o, "interval_ns", x);
	json_object_object_add(o, "findings", findings_json(rs));
	json_object_object_add(o, "verdicts",
			       json_object_new_uint64(rs->findings ? rs->findings->verdicts : 0));
	x = json_object_new_object();
	json_object_object_add(x, "start", json_object_new_int64(rs->rss_start));
	json_object_object_add(x, "end", json_object_new_int64(rs->exit_code < 0 ? rss : rs->rss_end));
	json_object_object_add(x, "max", json_object_new_int64(sf_proc_status_kb("VmHWM:")));
	json_object_object_add(o, "rss_kb", x);
	x = json_object_new_array();
	for (unsigned i = 0; i < rs->nskipped; i++) {
		struct json_object *s = json_object_new_object();

		json_object_object_add(s, "what", jstr(rs->skipped[i].what));
		json_object_object_add(s, "why", jstr(rs->skipped[i].why));
		json_object_array_add(x, s);
	}
	json_object_object_add(o, "skipped", x);
	json_object_object_add(o, "backend_stats", be_stats_json(rs));
	if (!rs->sim) {
		x = json_object_new_object();
		json_object_object_add(x, "batches_ok", json_object_new_uint64(rs->dev_batches_ok));
		json_object_object_add(x, "errors", json_object_new_uint64(rs->dev_errors));
		json_object_object_add(x, "accesses", json_object_new_uint64(rs->dev_accesses));
		json_object_object_add(x, "first_error", rs->dev_first_error[0] ?
				       jstr(rs->dev_first_error) : NULL);
		json_object_object_add(o, "device", x);
	}
	x = json_object_new_object();
	json_object_object_add(x, "rejected", json_object_new_uint64(rs->rejected));
	json_object_object_add(x, "widened", json_object_new_uint64(rs->widened));
	json_object_object_add(x, "stale_in_flight", json_object_new_uint64(rs->stale_in_flight));
	json_object_object_add(x, "value_checked", json_object_new_uint64(rs->value_checked));
	json_object_object_add(x, "dirty_pages_checked", json_object_new_uint64(rs->dirty_checked));
	json_object_object_add(x, "mem_peak", json_object_new_uint64(rs->mem_peak));
	json_object_object_add(o, "oracle", x);
	json_object_object_add(o, "watchdog", rs->hang[0] ? jstr(rs->hang) : NULL);
	json_object_object_add(o, "ended_by", rs->ended_by ? jstr(sf_end_name(rs->ended_by)) : NULL);
	json_object_object_add(o, "end_reason", rs->ended_by ? jstr(rs->end_reason) : NULL);
	json_object_object_add(o, "complete",
			       rs->ended_by ? json_object_new_boolean(rs->complete) : NULL);
	if (rs->unavailable[0])
		json_object_object_add(o, "unavailable", jstr(rs->unavailable));
	json_object_object_add(o, "kernel_log_errors",
			       rs->klog_on ? json_object_new_int((int)rs->klog_errors) : NULL);
	json_object_object_add(o, "kernel", kernel_json());
	json_object_object_add(o, "machine", machine_json());
	json_object_object_add(o, "started", jstr(rs->started));
	json_object_object_add(o, "ended", rs->ended[0] ? jstr(rs->ended) : NULL);
	return o;
}

int sf_results_write_run_json(const struct sf_run_state *rs)
{
	struct json_object *o;
	char path[PATH_MAX];
	const char *s;
	int rc;

	if (!rs->dir[0])
		return 0;
	o = run_json(rs);
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	snprintf(path, sizeof(path), "%s/run.json", rs->dir);
	rc = sf_write_atomic(path, s, strlen(s));
	if (rc)
		fprintf(stderr, "svafuzz: cannot write %s: %s\n", path, strerror(errno));
	json_object_put(o);
	return rc;
}
