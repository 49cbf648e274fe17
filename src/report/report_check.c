/*
 * run.json checked before report.html is drawn from it: a value of the
 * wrong type or out of range (a duration of -5 s, a seed "abc", another
 * schema) is an error naming its key, never a figure drawn from a guess
 * ("213503982334601d07h", seed 0).
 */
#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "report_priv.h"

#define SCHEMA "svafuzz-run/1"
#define MAX_SECONDS 1e9		/* 31 years: more is not a run's length */

enum rule_kind {
	R_STR,		/* a string */
	R_UINT,		/* an integer >= 0 */
	R_NUM,		/* a number in [lo, hi] */
	R_INT,		/* an integer in [lo, hi] */
	R_OBJ,		/* an object (its keys are checked apart) */
	R_ARR,		/* an array (its items are checked apart) */
};

struct rule {
	const char *key;
	enum rule_kind kind;
	bool required, nullable;
	double lo, hi;
};

static const struct rule top_rules[] = {
	{ "schema", R_STR, true, false, 0, 0 },
	{ "run_id", R_STR, true, false, 0, 0 },
	{ "backend", R_STR, true, false, 0, 0 },
	{ "knob", R_STR, false, true, 0, 0 },
	{ "arch", R_STR, false, true, 0, 0 },
	{ "duration_s", R_NUM, true, false, 0, MAX_SECONDS },
	{ "duration_asked_s", R_NUM, false, false, 0, MAX_SECONDS },
	{ "exit_code", R_INT, false, true, 0, 6 },
	{ "programs", R_UINT, false, false, 0, 0 },
	{ "accesses_judged", R_UINT, false, false, 0, 0 },
	{ "accesses_decisive", R_UINT, false, false, 0, 0 },
	{ "decisive_share", R_NUM, false, false, 0, 1 },
	{ "faults_seen", R_UINT, false, false, 0, 0 },
	{ "verdicts", R_UINT, false, false, 0, 0 },
	{ "kernel_log_errors", R_UINT, false, true, 0, 0 },
	{ "watchdog", R_STR, false, true, 0, 0 },
	{ "kernel", R_STR, false, true, 0, 0 },
	{ "started", R_STR, false, false, 0, 0 },
	{ "ended", R_STR, false, true, 0, 0 },
	{ "interval_ns", R_OBJ, false, false, 0, 0 },
	{ "rss_kb", R_OBJ, false, false, 0, 0 },
	{ "machine", R_OBJ, false, false, 0, 0 },
	{ "counts", R_OBJ, false, false, 0, 0 },
	{ "oracle", R_OBJ, false, false, 0, 0 },
	{ "findings", R_ARR, false, false, 0, 0 },
	{ "skipped", R_ARR, false, false, 0, 0 },
	{ NULL, R_STR, false, false, 0, 0 },
};

static const struct rule interval_rules[] = {
	{ "median", R_UINT, false, false, 0, 0 },
	{ "p99", R_UINT, false, false, 0, 0 },
	{ NULL, R_STR, false, false, 0, 0 },
};

/* -1: /proc could not say */
static const struct rule rss_rules[] = {
	{ "start", R_INT, false, false, -1, 1e15 },
	{ "end", R_INT, false, false, -1, 1e15 },
	{ "max", R_INT, false, false, -1, 1e15 },
	{ NULL, R_STR, false, false, 0, 0 },
};

static const struct rule machine_rules[] = {
	{ "arch", R_STR, false, false, 0, 0 },
	{ "cpus", R_UINT, false, false, 0, 0 },
	{ NULL, R_STR, false, false, 0, 0 },
};

static const struct rule finding_rules[] = {
	{ "verdict", R_STR, true, false, 0, 0 },
	{ "t_first_s", R_NUM, false, false, 0, MAX_SECONDS },
	{ "dir", R_STR, false, true, 0, 0 },
	{ "why", R_STR, false, false, 0, 0 },
	{ "access", R_STR, false, false, 0, 0 },
	{ "count", R_UINT, false, false, 0, 0 },
	{ "signature", R_STR, false, false, 0, 0 },
	{ "causes", R_ARR, false, false, 0, 0 },
	{ NULL, R_STR, false, false, 0, 0 },
};

/* a finding's causes, one per signature: what export and merge count by */
static const struct rule cause_rules[] = {
	{ "signature", R_STR, true, false, 0, 0 },
	{ "count", R_UINT, false, false, 0, 0 },
	{ "t_first_s", R_NUM, false, false, 0, MAX_SECONDS },
	{ "dir", R_STR, false, true, 0, 0 },
	{ "why", R_STR, false, false, 0, 0 },
	{ NULL, R_STR, false, false, 0, 0 },
};

static const struct rule skipped_rules[] = {
	{ "what", R_STR, false, false, 0, 0 },
	{ "why", R_STR, false, false, 0, 0 },
	{ NULL, R_STR, false, false, 0, 0 },
};

static const char *kind_words(const struct rule *r)
{
	switch (r->kind) {
	case R_STR: return "a string";
	case R_UINT: return "an integer >= 0";
	case R_NUM: return "a number";
	case R_INT: return "an integer";
	case R_OBJ: return "an object";
	case R_ARR: return "an array";
	}
	return "?";
}

static bool type_ok(const struct rule *r, json_object *v)
{
	switch (r->kind) {
	case R_STR: return json_object_is_type(v, json_type_string);
	case R_UINT: return json_object_is_type(v, json_type_int) && json_object_get_int64(v) >= 0;
	case R_NUM: return json_object_is_type(v, json_type_int) ||
			   (json_object_is_type(v, json_type_double) &&
			    isfinite(json_object_get_double(v)));
	case R_INT: return json_object_is_type(v, json_type_int);
	case R_OBJ: return json_object_is_type(v, json_type_object);
	case R_ARR: return json_object_is_type(v, json_type_array);
	}
	return false;
}

static int check_value(const struct rule *r, const char *name, json_object *v, char *err, size_t n)
{
	if (!v || json_object_is_type(v, json_type_null)) {
		if (v ? r->nullable : !r->required)
			return 0;
		snprintf(err, n, "key \"%s\" is %s: it must be %s", name, v ? "null" : "missing",
			 kind_words(r));
		return -1;
	}
	if (!type_ok(r, v))
		snprintf(err, n, "key \"%s\" is %s: it must be %s", name,
			 json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN), kind_words(r));
	else if ((r->kind == R_NUM || r->kind == R_INT) &&
		 (json_object_get_double(v) < r->lo || json_object_get_double(v) > r->hi))
		snprintf(err, n, "key \"%s\" is %s: out of range (%g to %g)", name,
			 json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN), r->lo, r->hi);
	else
		return 0;
	return -1;
}

static int check_object(json_object *o, const struct rule *rules, const char *prefix,
			char *err, size_t n)
{
	char name[96];

	for (const struct rule *r = rules; r->key; r++) {
		json_object *v = NULL;

		json_object_object_get_ex(o, r->key, &v);
		snprintf(name, sizeof(name), "%s%s", prefix, r->key);
		if (check_value(r, name, v, err, n))
			return -1;
	}
	return 0;
}

/* Every value of an object (op counts, oracle counters) is an integer >= 0. */
static int check_counters(json_object *o, const char *key, char *err, size_t n)
{
	static const struct rule counter = { "", R_UINT, true, false, 0, 0 };
	char name[96];

	if (!o)
		return 0;
	json_object_object_foreach(o, k, v) {
		snprintf(name, sizeof(name), "%s.%s", key, k);
		if (check_value(&counter, name, v, err, n))
			return -1;
	}
	return 0;
}

static int check_items(json_object *a, const char *key, const struct rule *rules, char *err,
		       size_t n)
{
	static const struct rule item = { "", R_OBJ, true, false, 0, 0 };
	char name[96];

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *x = json_object_array_get_idx(a, i);

		snprintf(name, sizeof(name), "%s[%zu]", key, i);
		if (check_value(&item, name, x, err, n))
			return -1;
		snprintf(name, sizeof(name), "%s[%zu].", key, i);
		if (check_object(x, rules, name, err, n))
			return -1;
	}
	return 0;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

int rp_check_run(json_object *run, char *err, size_t n)
{
	/* a merge of many jobs has many seeds (merged.inputs names them): its own is null */
	static const struct rule seed = { "seed", R_UINT, true, false, 0, 0 };
	static const struct rule merged_seed = { "seed", R_UINT, false, true, 0, 0 };

	if (check_object(run, top_rules, "", err, n) ||
	    check_value(get(run, "merged") ? &merged_seed : &seed, "seed", get(run, "seed"), err, n))
		return -1;
	if (strcmp(json_object_get_string(get(run, "schema")), SCHEMA)) {
		snprintf(err, n, "key \"schema\" is \"%s\": this svafuzz reads \"%s\" only",
			 json_object_get_string(get(run, "schema")), SCHEMA);
		return -1;
	}
	if (check_object(get(run, "interval_ns"), interval_rules, "interval_ns.", err, n) ||
	    check_object(get(run, "rss_kb"), rss_rules, "rss_kb.", err, n) ||
	    check_object(get(run, "machine"), machine_rules, "machine.", err, n) ||
	    check_counters(get(run, "counts"), "counts", err, n) ||
	    check_counters(get(run, "oracle"), "oracle", err, n) ||
	    check_items(get(run, "findings"), "findings", finding_rules, err, n) ||
	    check_items(get(run, "skipped"), "skipped", skipped_rules, err, n))
		return -1;
	for (size_t i = 0; get(run, "findings") && i < json_object_array_length(get(run, "findings")); i++) {
		char key[48];

		snprintf(key, sizeof(key), "findings[%zu].causes", i);
		if (check_items(get(json_object_array_get_idx(get(run, "findings"), i), "causes"), key,
				cause_rules, err, n))
			return -1;
	}
	return 0;
}
