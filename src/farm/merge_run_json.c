/*
 * The farm's run.json: the jobs' counters summed, their findings by
 * signature (merge_causes.c), and "merged" naming every input and what
 * was wrong with it. Same schema as a run's ("svafuzz-run/1"), so
 * report, export and junit read it as they read a run.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "merge_priv.h"
#include "run_json.h"

/* o's key as a string, NULL when it is not one: "none of the jobs has it" */
static const char *str_or_null(json_object *o, const char *key)
{
	json_object *v = sf_jget(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* Counters of src added into dst: numbers summed, objects recursively, others kept first. */
static void add_counters(json_object *dst, json_object *src)
{
	json_object_object_foreach(src, k, v) {
		json_object *d = NULL;

		if (!json_object_object_get_ex(dst, k, &d)) {
			json_object_object_add(dst, k, json_object_get(v));
			continue;
		}
		/* a shared value would be summed into both: give dst its own */
		if (json_object_is_type(d, json_type_int) && json_object_is_type(v, json_type_int))
			json_object_object_add(dst, k, json_object_new_int64(json_object_get_int64(d) +
									json_object_get_int64(v)));
		else if ((json_object_is_type(d, json_type_double) ||
			  json_object_is_type(d, json_type_int)) &&
			 (json_object_is_type(v, json_type_double) ||
			  json_object_is_type(v, json_type_int)))
			json_object_object_add(dst, k, json_object_new_double(json_object_get_double(d) +
									 json_object_get_double(v)));
		else if (json_object_is_type(d, json_type_object) &&
			 json_object_is_type(v, json_type_object)) {
			json_object *copy = NULL;

			json_object_deep_copy(d, &copy, NULL);
			add_counters(copy, v);
			json_object_object_add(dst, k, copy);
		}
	}
}

/* Sum of a counter object key over the readable jobs, as a fresh object. */
static json_object *summed(const struct mg_input *ins, size_t n, const char *key)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < n; i++) {
		json_object *v = sf_jget(ins[i].run, key);

		if (v && json_object_is_type(v, json_type_object))
			add_counters(o, v);
	}
	return o;
}

static int64_t sum_int(const struct mg_input *ins, size_t n, const char *key)
{
	int64_t s = 0;

	for (size_t i = 0; i < n; i++)
		if (sf_jget(ins[i].run, key))
			s += json_object_get_int64(sf_jget(ins[i].run, key));
	return s;
}

static double sum_num(const struct mg_input *ins, size_t n, const char *key)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		if (sf_jget(ins[i].run, key))
			s += json_object_get_double(sf_jget(ins[i].run, key));
	return s;
}

/* The jobs' common value of a string key, "mixed" if they differ, NULL if none has it. */
static json_object *common_str(const struct mg_input *ins, size_t n, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; i < n; i++) {
		const char *s = str_or_null(ins[i].run, key);

		if (!s)
			continue;
		if (v && strcmp(v, s))
			return json_object_new_string("mixed");
		v = s;
	}
	return v ? json_object_new_string(v) : NULL;
}

/* The largest of obj.sub over the jobs (peaks: rss, widths, oracle memory). */
static int64_t max_of(const struct mg_input *ins, size_t n, const char *obj, const char *sub)
{
	int64_t m = 0;

	for (size_t i = 0; i < n; i++) {
		json_object *v = sf_jget(obj ? sf_jget(ins[i].run, obj) : ins[i].run, sub);

		if (v && json_object_get_int64(v) > m)
			m = json_object_get_int64(v);
	}
	return m;
}

/* A job's exit code, worst first: hang/internal, kernel error, findings, incomplete, ... */
static int rank(int code)
{
	static const int order[] = { 0, 1, 4, 6, 2, 3, 5 };

	for (int i = 0; i < 7; i++)
		if (order[i] == code)
			return i;
	return 0;
}

static int exit_code(const struct mg_input *ins, size_t n, const struct mg_causes *cs)
{
	int worst = 0;

	for (size_t i = 0; i < n; i++) {
		json_object *v = sf_jget(ins[i].run, "exit_code");
		int code = v ? json_object_get_int(v) : ins[i].run ? 6 : 0;	/* killed: incomplete */

		if (rank(code) > rank(worst))
			worst = code;
	}
	if (cs->n && rank(worst) < rank(2))	/* findings only a job's folders held */
		worst = 2;
	return worst;
}

static void add_common(json_object *run, const struct mg_input *ins, size_t n)
{
	json_object *v, *m = json_object_new_object(), *rss = json_object_new_object(),
		    *iv = json_object_new_object(), *orc = summed(ins, n, "oracle");
	int64_t judged = sum_int(ins, n, "accesses_judged"), decisive = sum_int(ins, n, "accesses_decisive");

	json_object_object_add(run, "backend", (v = common_str(ins, n, "backend")) ? v :
			       json_object_new_string("unknown"));
	json_object_object_add(run, "knob", common_str(ins, n, "knob"));
	json_object_object_add(run, "arch", common_str(ins, n, "arch"));
	json_object_object_add(run, "seed", NULL);	/* many seeds: each input names its own */
	json_object_object_add(run, "duration_s", json_object_new_double(sum_num(ins, n, "duration_s")));
	json_object_object_add(run, "duration_asked_s",
			       json_object_new_double(sum_num(ins, n, "duration_asked_s")));
	json_object_object_add(run, "counts", summed(ins, n, "counts"));
	json_object_object_add(run, "op_time_ms", summed(ins, n, "op_time_ms"));
	json_object_object_add(run, "programs", json_object_new_int64(sum_int(ins, n, "programs")));
	json_object_object_add(run, "accesses_judged", json_object_new_int64(judged));
	json_object_object_add(run, "accesses_decisive", json_object_new_int64(decisive));
	json_object_object_add(run, "decisive_share",
			       json_object_new_double(judged ? (double)decisive / (double)judged : 0));
	json_object_object_add(run, "faults_seen", json_object_new_int64(sum_int(ins, n, "faults_seen")));
	/* widths cannot be merged exactly from two figures: the worst job's */
	json_object_object_add(iv, "median", json_object_new_int64(max_of(ins, n, "interval_ns", "median")));
	json_object_object_add(iv, "p99", json_object_new_int64(max_of(ins, n, "interval_ns", "p99")));
	json_object_object_add(run, "interval_ns", iv);
	json_object_object_add(run, "verdicts", json_object_new_int64(sum_int(ins, n, "verdicts")));
	json_object_object_add(rss, "start", json_object_new_int64(max_of(ins, n, "rss_kb", "start")));
	json_object_object_add(rss, "end", json_object_new_int64(max_of(ins, n, "rss_kb", "end")));
	json_object_object_add(rss, "max", json_object_new_int64(max_of(ins, n, "rss_kb", "max")));
	json_object_object_add(run, "rss_kb", rss);
	json_object_object_add(run, "backend_stats", summed(ins, n, "backend_stats"));
	json_object_object_add(run, "device", summed(ins, n, "device"));
	json_object_object_add(orc, "mem_peak", json_object_new_int64(max_of(ins, n, "oracle", "mem_peak")));
	json_object_object_add(run, "oracle", orc);
	json_object_object_add(run, "kernel", common_str(ins, n, "kernel"));
	for (size_t i = 0; i < n; i++) {	/* the machine: common arch, most CPUs */
		json_object *jm = sf_jget(ins[i].run, "machine");
		const char *a = str_or_null(jm, "arch");
		json_object *cur = sf_jget(m, "arch");

		if (a && !cur)
			json_object_object_add(m, "arch", json_object_new_string(a));
		else if (a && strcmp(json_object_get_string(cur), a))
			json_object_object_add(m, "arch", json_object_new_string("mixed"));
	}
	json_object_object_add(m, "cpus", json_object_new_int64(max_of(ins, n, "machine", "cpus")));
	json_object_object_add(run, "machine", m);
}

/* Ops some job could not run, once each (the first job's reason). */
static json_object *skipped_union(const struct mg_input *ins, size_t n)
{
	json_object *out = json_object_new_array();

	for (size_t i = 0; i < n; i++) {
		json_object *sk = sf_jget(ins[i].run, "skipped");

		for (size_t j = 0; sk && j < json_object_array_length(sk); j++) {
			json_object *s = json_object_array_get_idx(sk, j);
			const char *what = str_or_null(s, "what");
			bool seen = false;

			for (size_t k = 0; what && k < json_object_array_length(out); k++)
				seen |= !strcmp(str_or_null(json_object_array_get_idx(out, k), "what"), what);
			if (what && !seen)
				json_object_array_add(out, json_object_get(s));
		}
	}
	return out;
}

/* The first job's watchdog report, with the job named; NULL if none hung. */
static json_object *watchdog(const struct mg_input *ins, size_t n)
{
	char buf[600];

	for (size_t i = 0; i < n; i++) {
		const char *w = str_or_null(ins[i].run, "watchdog");

		if (w && *w) {
			snprintf(buf, sizeof(buf), "%s: %s", ins[i].run_id, w);
			return json_object_new_string(buf);
		}
	}
	return NULL;
}

/* Kernel error lines over the jobs that watched the log; NULL if none did. */
static json_object *klog_errors(const struct mg_input *ins, size_t n)
{
	bool any = false;
	int64_t s = 0;

	for (size_t i = 0; i < n; i++) {
		json_object *v = sf_jget(ins[i].run, "kernel_log_errors");

		if (v) {
			any = true;
			s += json_object_get_int64(v);
		}
	}
	return any ? json_object_new_int64(s) : NULL;
}

/* Earliest "started" (want_max false) or latest "ended"; ISO 8601 UTC sorts as text. */
static json_object *time_bound(const struct mg_input *ins, size_t n, const char *key, bool want_max)
{
	const char *best = NULL;

	for (size_t i = 0; i < n; i++) {
		const char *t = str_or_null(ins[i].run, key);

		if (t && *t && (!best || (strcmp(t, best) > 0) == want_max))
			best = t;
	}
	return best ? json_object_new_string(best) : NULL;
}

static int cmp_first(const void *a, const void *b)
{
	const struct mg_cause *x = *(const struct mg_cause *const *)a;
	const struct mg_cause *y = *(const struct mg_cause *const *)b;

	if (x->t_first_s != y->t_first_s)
		return x->t_first_s < y->t_first_s ? -1 : 1;
	return strcmp(x->sig, y->sig);
}

static json_object *cause_json(const struct mg_cause *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "signature", json_object_new_string(c->sig));
	json_object_object_add(o, "count", json_object_new_int64((int64_t)c->count));
	if (c->count_is_floor)	/* some job gave only its folders: at least this many */
		json_object_object_add(o, "count_is_floor", json_object_new_boolean(1));
	json_object_object_add(o, "t_first_s", json_object_new_double(c->t_first_s));
	json_object_object_add(o, "first_job", json_object_new_string(c->first_job));
	json_object_object_add(o, "jobs", json_object_new_int((int)c->jobs));
	json_object_object_add(o, "dir", c->out_dir[0] ? json_object_new_string(c->out_dir) : NULL);
	json_object_object_add(o, "why", json_object_new_string(c->why));
	if (c->src[0]) {
		json_object *from = json_object_new_object();

		json_object_object_add(from, "job", json_object_new_string(c->src_job));
		json_object_object_add(from, "dir", json_object_new_string(c->src));
		if (c->src_ops != LONG_MAX)
			json_object_object_add(from, "program_ops", json_object_new_int64(c->src_ops));
		json_object_object_add(o, "reproducer_from", from);
	}
	return o;
}

/* Distinct findings (families), first seen first, each with its causes. */
static json_object *findings_json(const struct mg_causes *cs)
{
	json_object *out = json_object_new_array();
	const struct mg_cause **v = calloc(cs->n ? cs->n : 1, sizeof(*v));
	bool *done = calloc(cs->n ? cs->n : 1, sizeof(*done));

	if (!v || !done)
		goto out;
	for (size_t i = 0; i < cs->n; i++)
		v[i] = &cs->c[i];
	qsort(v, cs->n, sizeof(*v), cmp_first);
	for (size_t i = 0; i < cs->n; i++) {
		json_object *fam, *causes;
		const struct mg_cause *shown = NULL;
		uint64_t count = 0;
		unsigned jobs = 0;

		if (done[i])
			continue;
		fam = json_object_new_object();
		causes = json_object_new_array();
		for (size_t j = i; j < cs->n; j++) {
			if (done[j] || strcmp(v[j]->family, v[i]->family))
				continue;
			done[j] = true;
			count += v[j]->count;
			jobs = v[j]->jobs > jobs ? v[j]->jobs : jobs;
			if (!shown && v[j]->out_dir[0])
				shown = v[j];
			json_object_array_add(causes, cause_json(v[j]));
		}
		if (!shown)
			shown = v[i];
		json_object_object_add(fam, "verdict", json_object_new_string(v[i]->verdict));
		json_object_object_add(fam, "t_first_s", json_object_new_double(v[i]->t_first_s));
		json_object_object_add(fam, "dir", shown->out_dir[0] ?
				       json_object_new_string(shown->out_dir) : NULL);
		json_object_object_add(fam, "why", json_object_new_string(shown->why));
		json_object_object_add(fam, "access", json_object_new_string(v[i]->access));
		json_object_object_add(fam, "signature", json_object_new_string(v[i]->family));
		json_object_object_add(fam, "count", json_object_new_int64((int64_t)count));
		json_object_object_add(fam, "causes", causes);
		json_object_array_add(out, fam);
	}
out:
	free(v);
	free(done);
	return out;
}

static const char *status_name(enum mg_status s)
{
	return s == MG_WHOLE ? "whole" : s == MG_PARTIAL ? "partial" : "unreadable";
}

static json_object *input_json(const struct mg_input *in)
{
	static const char *const keys[] = { "backend", "knob", "seed", "kernel", "machine",
					    "exit_code", "complete", "duration_s", "started", NULL };
	json_object *o = json_object_new_object(), *pr = json_object_new_array();

	json_object_object_add(o, "dir", json_object_new_string(in->dir));
	json_object_object_add(o, "run_id", json_object_new_string(in->run_id));
	json_object_object_add(o, "status", json_object_new_string(status_name(in->status)));
	for (unsigned i = 0; i < in->nproblems; i++)
		json_object_array_add(pr, json_object_new_string(in->problems[i]));
	json_object_object_add(o, "problems", pr);
	if (in->more)
		json_object_object_add(o, "problems_not_kept", json_object_new_int((int)in->more));
	for (const char *const *k = keys; in->run && *k; k++) {
		json_object *v = NULL;

		if (json_object_object_get_ex(in->run, *k, &v))
			json_object_object_add(o, *k, json_object_get(v));
	}
	return o;
}

/* ended_by "merge"; complete only when every job was whole and complete. */
static void add_end(json_object *run, const struct mg_input *ins, size_t n)
{
	size_t whole = 0, partial = 0, bad = 0, incomplete = 0;
	char reason[256];

	for (size_t i = 0; i < n; i++) {
		json_object *c = sf_jget(ins[i].run, "complete");

		whole += ins[i].status == MG_WHOLE;
		partial += ins[i].status == MG_PARTIAL;
		bad += ins[i].status == MG_UNREADABLE;
		incomplete += !c || !json_object_get_boolean(c);
	}
	snprintf(reason, sizeof(reason), "merged %zu job%s: %zu whole, %zu partial, %zu unreadable; "
		 "%zu incomplete (merged.inputs says which and why)", n, n == 1 ? "" : "s", whole,
		 partial, bad, incomplete);
	json_object_object_add(run, "ended_by", json_object_new_string("merge"));
	json_object_object_add(run, "end_reason", json_object_new_string(reason));
	json_object_object_add(run, "complete", json_object_new_boolean(whole == n && !incomplete));
}

json_object *mg_run_json(const struct mg_input *ins, size_t n, const struct mg_causes *cs)
{
	json_object *run = json_object_new_object(), *merged = json_object_new_object();
	json_object *inputs = json_object_new_array();
	char id[80], now[32];
	time_t t = time(NULL);

	strftime(now, sizeof(now), "%Y%m%dT%H%M%SZ", gmtime(&t));
	snprintf(id, sizeof(id), "%s-merge%zu", now, n);
	json_object_object_add(run, "schema", json_object_new_string("svafuzz-run/1"));
	json_object_object_add(run, "run_id", json_object_new_string(id));
	add_common(run, ins, n);
	json_object_object_add(run, "exit_code", json_object_new_int(exit_code(ins, n, cs)));
	add_end(run, ins, n);
	json_object_object_add(run, "findings", findings_json(cs));
	json_object_object_add(run, "skipped", skipped_union(ins, n));
	json_object_object_add(run, "watchdog", watchdog(ins, n));
	json_object_object_add(run, "kernel_log_errors", klog_errors(ins, n));
	json_object_object_add(run, "started", time_bound(ins, n, "started", false));
	json_object_object_add(run, "ended", time_bound(ins, n, "ended", true));
	for (size_t i = 0; i < n; i++)
		json_object_array_add(inputs, input_json(&ins[i]));
	json_object_object_add(merged, "jobs", json_object_new_int((int)n));
	json_object_object_add(merged, "inputs", inputs);
	json_object_object_add(run, "merged", merged);
	return run;
}
