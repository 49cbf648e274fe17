/*
 * run.json: written atomically into DIR/<run-id>/ with DIR/latest pointing
 * at it, with the keys and values the schema promises (exit_code null
 * while running, counts by op name, decisive share, interval percentiles).
 */
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "findings.h"
#include "results.h"
#include "tap.h"

static struct json_object *load(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/run.json", dir);
	return json_object_from_file(path);
}

static long long geti(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : -12345;
}

int main(void)
{
	char parent[] = "/tmp/sf_rj_XXXXXX", link[PATH_MAX], target[256], err[256];
	struct sf_run_state rs;
	struct json_object *o, *v, *x;
	static const char *keys[] = {
		"schema", "run_id", "backend", "knob", "seed", "duration_s", "exit_code", "counts",
		"programs", "accesses_judged", "accesses_decisive", "decisive_share", "faults_seen",
		"interval_ns", "findings", "rss_kb", "skipped", "backend_stats", "oracle", "kernel",
		"machine", "started", "ended",
	};
	ssize_t n;

	CHECK(mkdtemp(parent) != NULL);
	sf_rs_init(&rs);
	rs.seed = 77;
	snprintf(rs.backend, sizeof(rs.backend), "sim");
	rs.findings = sf_findings_new();
	CHECK_EQ(sf_results_mkdir(&rs, parent, err, sizeof(err)), 0);
	CHECK(strstr(rs.run_id, "seed77") != NULL);
	snprintf(link, sizeof(link), "%s/latest", parent);
	n = readlink(link, target, sizeof(target) - 1);
	CHECK(n > 0);
	target[n > 0 ? n : 0] = 0;
	CHECK(!strcmp(target, rs.run_id));

	rs.counts[SF_OP_MPROTECT] = 5;
	rs.counts[SF_OP_DEV_WRITE] = 9;
	rs.judged = 200;
	rs.decisive = 50;
	for (int i = 0; i < 99; i++)
		rs.width_hist[4]++;	/* widths 8..15 ns */
	rs.width_hist[20]++;
	sf_rs_skip(&rs, "slot-add", "backend sim has no memslots");
	sf_rs_skip(&rs, "slot-add", "twice");
	CHECK_EQ(sf_results_write_run_json(&rs), 0);

	o = load(rs.dir);
	CHECK(o != NULL);
	for (unsigned i = 0; o && i < sizeof(keys) / sizeof(keys[0]); i++) {
		int has = json_object_object_get_ex(o, keys[i], NULL);

		if (!has)
			fprintf(stderr, "  missing key %s\n", keys[i]);
		CHECK(has);
	}
	CHECK(json_object_object_get_ex(o, "schema", &v) &&
	      !strcmp(json_object_get_string(v), "svafuzz-run/1"));
	CHECK(json_object_object_get_ex(o, "exit_code", &v) && v == NULL);	/* null */
	CHECK(json_object_object_get_ex(o, "counts", &x));
	CHECK_EQ(geti(x, "mprotect"), 5);
	CHECK_EQ(geti(x, "dev-write"), 9);
	CHECK_EQ(geti(x, "munmap"), 0);
	CHECK(json_object_object_get_ex(o, "decisive_share", &v) &&
	      json_object_get_double(v) > 0.249 && json_object_get_double(v) < 0.251);
	CHECK(json_object_object_get_ex(o, "interval_ns", &x));
	CHECK_EQ(geti(x, "median"), 15);
	CHECK(geti(x, "p99") >= 15 && geti(x, "p99") < (1 << 20));
	CHECK(json_object_object_get_ex(o, "skipped", &x) && json_object_array_length(x) == 1);
	json_object_put(o);

	/* the end: exit code set */
	rs.exit_code = 2;
	sf_utc_now(rs.ended, sizeof(rs.ended));
	CHECK_EQ(sf_results_write_run_json(&rs), 0);
	o = load(rs.dir);
	CHECK(o != NULL);
	CHECK_EQ(geti(o, "exit_code"), 2);
	CHECK(json_object_object_get_ex(o, "ended", &v) && v != NULL);
	json_object_put(o);

	/* a second run in the same second gets its own folder */
	{
		struct sf_run_state rs2 = rs;

		CHECK_EQ(sf_results_mkdir(&rs2, parent, err, sizeof(err)), 0);
		CHECK(strcmp(rs2.dir, rs.dir) != 0);
	}
	sf_findings_free(rs.findings);
	return tap_done();
}
