/* The checks of a run from its run.json (see checks.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"
#include "run_json.h"
#include "verdict.h"

static struct sf_check *add(struct sf_checks *cs, const char *name, enum sf_check_result r,
			    const char *msg)
{
	struct sf_check *c = &cs->c[cs->n++];

	snprintf(c->name, sizeof(c->name), "%s", name);
	c->result = r;
	snprintf(c->msg, sizeof(c->msg), "%s", msg ? msg : "");
	c->t_first_s = -1;
	return c;
}

/* A verdict kind fails with its earliest finding's why. */
static void verdict_check(struct sf_checks *cs, json_object *findings, const char *kind)
{
	json_object *first = NULL;
	double t_first = 0;
	struct sf_check *c;

	for (size_t i = 0; findings && i < json_object_array_length(findings); i++) {
		json_object *f = json_object_array_get_idx(findings, i);
		json_object *t = sf_jget(f, "t_first_s");
		double ts = t ? json_object_get_double(t) : 0;

		if (strcmp(sf_jstr(f, "verdict"), kind))
			continue;
		if (!first || ts < t_first) {
			first = f;
			t_first = ts;
		}
	}
	if (!first) {
		add(cs, kind, SF_CHECK_PASS, NULL);
		return;
	}
	c = add(cs, kind, SF_CHECK_FAIL, sf_jstr(first, "why"));
	c->t_first_s = t_first;
}

static void klog_check(struct sf_checks *cs, json_object *run)
{
	json_object *v = sf_jget(run, "kernel_log_errors");
	char msg[80];

	if (!v) {
		add(cs, "kernel-log", SF_CHECK_SKIP, "kernel log not watched");
		return;
	}
	if (json_object_get_int64(v) == 0) {
		add(cs, "kernel-log", SF_CHECK_PASS, NULL);
		return;
	}
	snprintf(msg, sizeof(msg), "%lld kernel error lines in the log (kmsg.txt)",
		 (long long)json_object_get_int64(v));
	add(cs, "kernel-log", SF_CHECK_FAIL, msg);
}

/* As the run's junit.xml: a run still going (or killed) fails here. */
static void complete_check(struct sf_checks *cs, json_object *run)
{
	json_object *complete = sf_jget(run, "complete");
	json_object *dur = sf_jget(run, "duration_s");
	char msg[400];

	if (!*sf_jstr(run, "ended_by")) {
		snprintf(msg, sizeof(msg), "run still going at %.0f s, or killed then",
			 dur ? json_object_get_double(dur) : 0.0);
		add(cs, "run-complete", SF_CHECK_FAIL, msg);
		return;
	}
	snprintf(msg, sizeof(msg), "ended by %s: %s", sf_jstr(run, "ended_by"), sf_jstr(run, "end_reason"));
	add(cs, "run-complete", complete && json_object_get_boolean(complete) ? SF_CHECK_PASS :
		SF_CHECK_FAIL, msg);
}

int sf_checks_of_run(json_object *run, struct sf_checks *out)
{
	json_object *skipped = sf_jget(run, "skipped");
	size_t nskip = skipped ? json_object_array_length(skipped) : 0;
	const char *unavailable = sf_jstr(run, "unavailable");

	out->n = 0;
	out->c = calloc(SF_V__COUNT + 3 + nskip, sizeof(*out->c));
	if (!out->c)
		return -1;
	for (unsigned k = 0; k < SF_V__COUNT; k++)
		verdict_check(out, sf_jget(run, "findings"), sf_verdict_name((enum sf_verdict_kind)k));
	klog_check(out, run);
	add(out, "watchdog", *sf_jstr(run, "watchdog") ? SF_CHECK_FAIL : SF_CHECK_PASS,
	    sf_jstr(run, "watchdog"));
	complete_check(out, run);
	for (size_t i = 0; i < nskip; i++) {
		json_object *s = json_object_array_get_idx(skipped, i);
		char name[64];

		snprintf(name, sizeof(name), "op:%s", sf_jstr(s, "what"));
		add(out, name, SF_CHECK_SKIP, sf_jstr(s, "why"));
	}
	/* a backend that cannot run here checks nothing: every check is skipped */
	if (*unavailable) {
		for (size_t i = 0; i < out->n; i++) {
			out->c[i].result = SF_CHECK_SKIP;
			snprintf(out->c[i].msg, sizeof(out->c[i].msg), "%s", unavailable);
			out->c[i].t_first_s = -1;
		}
	}
	return 0;
}

void sf_checks_free(struct sf_checks *cs)
{
	free(cs->c);
	cs->c = NULL;
	cs->n = 0;
}

const char *sf_check_path_name(const char *name, char *buf, size_t n)
{
	size_t i = 0;

	for (; name[i] && i + 1 < n; i++)
		buf[i] = name[i] == ':' ? '-' : name[i];
	buf[i] = 0;
	return buf;
}
