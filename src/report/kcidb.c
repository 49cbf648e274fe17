/* KCIDB v5.3 JSON of run folders (see kcidb.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "checks.h"
#include "kcidb_priv.h"
#include "run_json.h"

/* One folder being exported. */
struct kc_run {
	json_object *run;
	const struct sf_kcidb_opts *o;
	struct kc_refs refs;
	char build_id[256];
	char backend[64];	/* as a path component */
};

/* KCIDB's log_excerpt holds at most 16384 characters. */
#define KC_EXCERPT_MAX 16384

static void add_str(json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

/* One component of a KCIDB path ([a-zA-Z0-9_-]+): others become '_'. */
static const char *path_part(const char *s, char *buf, size_t n)
{
	size_t i = 0;

	if (!strcmp(s, "-") || !*s)	/* a verdict that names no cause (DIRTY_MISS) */
		s = "none";
	for (; s[i] && i + 1 < n; i++)
		buf[i] = (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_') ? s[i] : '_';
	buf[i] = 0;
	return buf;
}

int sf_kcidb_check_opts(const struct sf_kcidb_opts *o, char *err, size_t n)
{
	const char *colon = o->build_id ? strchr(o->build_id, ':') : NULL;

	if (!*o->origin || strspn(o->origin, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
	    strlen(o->origin)) {
		snprintf(err, n, "origin '%s': KCIDB wants lower-case letters, digits and '_' only",
			 o->origin);
		return -1;
	}
	if (o->build_id && (!colon || colon == o->build_id ||
			    strspn(o->build_id, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
			    (size_t)(colon - o->build_id))) {
		snprintf(err, n, "build id '%s': KCIDB wants ORIGIN:ID (ORIGIN of [a-z0-9_])",
			 o->build_id);
		return -1;
	}
	return 0;
}

/* The kernel as the tested build, with its checkout, once per id. */
static void add_build(json_object *root, struct kc_run *k)
{
	json_object *builds = sf_jget(root, "builds"), *checkouts = sf_jget(root, "checkouts");
	json_object *m = sf_jget(k->run, "machine"), *b, *c, *misc;
	const char *kernel = *sf_jstr(k->run, "kernel") ? sf_jstr(k->run, "kernel") : "unknown";
	const char *arch = *sf_jstr(m, "arch") ? sf_jstr(m, "arch") : "unknown";
	char release[128], checkout_id[200];

	if (k->o->build_id) {
		snprintf(k->build_id, sizeof(k->build_id), "%s", k->o->build_id);
		return;
	}
	snprintf(release, sizeof(release), "%.*s", (int)strcspn(kernel, " "), kernel);
	snprintf(checkout_id, sizeof(checkout_id), "%s:%s", k->o->origin, release);
	snprintf(k->build_id, sizeof(k->build_id), "%s:%s-%s", k->o->origin, release, arch);
	for (size_t i = 0; i < json_object_array_length(builds); i++)
		if (!strcmp(sf_jstr(json_object_array_get_idx(builds, i), "id"), k->build_id))
			return;
	b = json_object_new_object();
	add_str(b, "id", k->build_id);
	add_str(b, "origin", k->o->origin);
	add_str(b, "checkout_id", checkout_id);
	add_str(b, "architecture", arch);
	add_str(b, "comment", kernel);
	misc = json_object_new_object();
	add_str(misc, "uname", kernel);
	json_object_object_add(b, "misc", misc);
	json_object_array_add(builds, b);
	for (size_t i = 0; i < json_object_array_length(checkouts); i++)
		if (!strcmp(sf_jstr(json_object_array_get_idx(checkouts, i), "id"), checkout_id))
			return;
	c = json_object_new_object();
	add_str(c, "id", checkout_id);
	add_str(c, "origin", k->o->origin);
	add_str(c, "comment", kernel);
	json_object_array_add(checkouts, c);
}

/* The machine the run ran on. */
static json_object *environment(const struct kc_run *k)
{
	json_object *m = sf_jget(k->run, "machine"), *env = json_object_new_object();
	json_object *misc = json_object_new_object();
	char comment[400];

	snprintf(comment, sizeof(comment), "%s, %d CPUs, kernel %s",
		 *sf_jstr(m, "arch") ? sf_jstr(m, "arch") : "unknown arch",
		 sf_jget(m, "cpus") ? json_object_get_int(sf_jget(m, "cpus")) : 0,
		 *sf_jstr(k->run, "kernel") ? sf_jstr(k->run, "kernel") : "unknown");
	add_str(env, "comment", comment);
	if (m)
		json_object_object_add(misc, "machine", json_object_get(m));
	if (*sf_jstr(k->run, "kernel"))
		add_str(misc, "kernel", sf_jstr(k->run, "kernel"));
	json_object_object_add(env, "misc", misc);
	return env;
}

/* What every test of the folder shares: id, build, origin, time, machine, run. */
static json_object *new_test(const struct kc_run *k, const char *path, const char *status)
{
	json_object *t = json_object_new_object(), *misc = json_object_new_object(), *v;
	char id[600];

	snprintf(id, sizeof(id), "%s:%s%s%s.%s", k->o->origin, k->o->id_prefix ? k->o->id_prefix : "",
		 k->o->id_prefix ? "." : "", sf_jstr(k->run, "run_id"), path);
	add_str(t, "id", id);
	add_str(t, "build_id", k->build_id);
	add_str(t, "origin", k->o->origin);
	add_str(t, "path", path);
	add_str(t, "status", status);
	if (*sf_jstr(k->run, "started"))
		add_str(t, "start_time", sf_jstr(k->run, "started"));
	if ((v = sf_jget(k->run, "duration_s"))) {
		char secs[32];

		/* milliseconds are what a run measures; %.17g noise helps no reader */
		snprintf(secs, sizeof(secs), "%.3f", json_object_get_double(v));
		json_object_object_add(t, "duration", json_object_new_double_s(json_object_get_double(v), secs));
	}
	json_object_object_add(t, "environment", environment(k));
	add_str(misc, "run_id", sf_jstr(k->run, "run_id"));
	add_str(misc, "backend", sf_jstr(k->run, "backend"));
	if (*sf_jstr(k->run, "knob"))
		add_str(misc, "knob", sf_jstr(k->run, "knob"));
	if ((v = sf_jget(k->run, "seed")))
		json_object_object_add(misc, "seed", json_object_get(v));
	json_object_object_add(t, "misc", misc);
	return t;
}

static void set_excerpt(json_object *t, const char *msg)
{
	char buf[KC_EXCERPT_MAX + 1];

	if (!*msg)
		return;
	snprintf(buf, sizeof(buf), "%s", msg);
	add_str(t, "log_excerpt", buf);
}

static const char *status_of(enum sf_check_result r)
{
	return r == SF_CHECK_PASS ? "PASS" : r == SF_CHECK_FAIL ? "FAIL" : "SKIP";
}

/* svafuzz.BACKEND.CHECK, one per check of the run. */
static void check_tests(json_object *tests, const struct kc_run *k, const struct sf_checks *cs)
{
	static const char *const files[] = { "run.json", "junit.xml", "report.html",
					     "timeline.jsonl", "kmsg.txt", NULL };

	for (size_t i = 0; i < cs->n; i++) {
		const struct sf_check *c = &cs->c[i];
		char name[64], path[200];
		json_object *t, *out = json_object_new_array(), *log;

		snprintf(path, sizeof(path), "svafuzz.%s.%s", k->backend,
			 path_part(sf_check_path_name(c->name, name, sizeof(name)), name, sizeof(name)));
		t = new_test(k, path, status_of(c->result));
		/* the kernel's own log for kernel-log, the headline figures for the rest */
		log = !strcmp(c->name, "kernel-log") ? kc_url(&k->refs, "kmsg.txt") : NULL;
		if (!log)
			log = kc_url(&k->refs, "run.json");
		if (log)
			json_object_object_add(t, "log_url", log);
		set_excerpt(t, c->msg);
		kc_add_files(out, &k->refs, NULL, files + 1);
		json_object_object_add(t, "output_files", out);
		json_object_array_add(tests, t);
	}
}

/* One finding signature "VERDICT/access/CAUSE/backend": its test. */
static void cause_test(json_object *tests, const struct kc_run *k, json_object *cause,
		       json_object *family)
{
	static const char *const files[] = { "repro.sva", "events.jsonl", "kmsg.txt", "replay.sh",
					     NULL };
	const char *sig = *sf_jstr(cause, "signature") ? sf_jstr(cause, "signature") :
			  sf_jstr(family, "signature");
	char parts[4][96] = { "", "", "", "" }, p[3][96], path[400];
	const char *s = sig, *dir = sf_jstr(cause, "dir");
	json_object *t, *misc, *num, *v, *out;

	for (unsigned i = 0; i < 4 && *s; i++) {
		size_t l = strcspn(s, "/");

		snprintf(parts[i], sizeof(parts[i]), "%.*s", (int)l, s);
		s += l + (s[l] == '/');
	}
	if (!*parts[0])		/* no signature (an old run.json): the verdict and access */
		snprintf(parts[0], sizeof(parts[0]), "%s", sf_jstr(family, "verdict"));
	if (!*parts[1])
		snprintf(parts[1], sizeof(parts[1]), "%s", sf_jstr(family, "access"));
	if (!*parts[3])		/* "VERDICT/access/backend", a family: no cause named */
		snprintf(parts[2], sizeof(parts[2]), "none");
	snprintf(path, sizeof(path), "svafuzz.%s.%s.%s.%s", k->backend,
		 path_part(parts[0], p[0], sizeof(p[0])), path_part(parts[1], p[1], sizeof(p[1])),
		 path_part(parts[2], p[2], sizeof(p[2])));
	t = new_test(k, path, "FAIL");
	if (*dir && (v = kc_url(&k->refs, dir))) {
		char rel[200];

		json_object_put(v);
		snprintf(rel, sizeof(rel), "%s/finding.json", dir);
		if ((v = kc_url(&k->refs, rel)))
			json_object_object_add(t, "log_url", v);
		out = json_object_new_array();
		kc_add_files(out, &k->refs, dir, files);
		json_object_object_add(t, "output_files", out);
	}
	set_excerpt(t, sf_jstr(cause, "why"));
	if ((v = sf_jget(cause, "count"))) {
		num = json_object_new_object();
		json_object_object_add(num, "value", json_object_new_int64(json_object_get_int64(v)));
		add_str(num, "unit", "verdicts");
		json_object_object_add(t, "number", num);
	}
	json_object_object_get_ex(t, "misc", &misc);
	add_str(misc, "signature", sig);
	add_str(misc, "family", sf_jstr(family, "signature"));
	if ((v = sf_jget(cause, "t_first_s")))
		json_object_object_add(misc, "t_first_s", json_object_get(v));
	if (*dir)
		add_str(misc, "dir", dir);
	json_object_array_add(tests, t);
}

/* One test per finding signature: each cause of each distinct finding. */
static void finding_tests(json_object *tests, const struct kc_run *k)
{
	json_object *findings = sf_jget(k->run, "findings");

	for (size_t i = 0; findings && i < json_object_array_length(findings); i++) {
		json_object *f = json_object_array_get_idx(findings, i);
		json_object *causes = sf_jget(f, "causes");

		if (!causes || !json_object_is_type(causes, json_type_array) ||
		    !json_object_array_length(causes)) {
			cause_test(tests, k, f, f);
			continue;
		}
		for (size_t j = 0; j < json_object_array_length(causes); j++)
			cause_test(tests, k, json_object_array_get_idx(causes, j), f);
	}
}

static int add_run(json_object *root, const char *dir, const struct sf_kcidb_opts *o,
		   char *err, size_t n)
{
	struct kc_run k = { .o = o };
	struct sf_checks cs;

	k.run = sf_run_json_load(dir, err, n);
	if (!k.run)
		return -1;
	if (kc_refs_init(&k.refs, dir, o, err, n)) {
		json_object_put(k.run);
		return -1;
	}
	if (sf_checks_of_run(k.run, &cs)) {
		snprintf(err, n, "%s: out of memory", dir);
		json_object_put(k.run);
		return -1;
	}
	path_part(sf_jstr(k.run, "backend"), k.backend, sizeof(k.backend));
	add_build(root, &k);
	check_tests(sf_jget(root, "tests"), &k, &cs);
	finding_tests(sf_jget(root, "tests"), &k);
	sf_checks_free(&cs);
	json_object_put(k.run);
	return 0;
}

json_object *sf_kcidb_of_runs(char *const *dirs, size_t n, const struct sf_kcidb_opts *o,
			      char *err, size_t errn)
{
	json_object *root = json_object_new_object(), *ver = json_object_new_object();

	json_object_object_add(ver, "major", json_object_new_int(SF_KCIDB_MAJOR));
	json_object_object_add(ver, "minor", json_object_new_int(SF_KCIDB_MINOR));
	json_object_object_add(root, "version", ver);
	json_object_object_add(root, "checkouts", json_object_new_array());
	json_object_object_add(root, "builds", json_object_new_array());
	json_object_object_add(root, "tests", json_object_new_array());
	for (size_t i = 0; i < n; i++) {
		if (add_run(root, dirs[i], o, err, errn)) {
			json_object_put(root);
			return NULL;
		}
	}
	if (o->build_id) {	/* the build is someone else's: we send tests only */
		json_object_object_del(root, "checkouts");
		json_object_object_del(root, "builds");
	}
	return root;
}
