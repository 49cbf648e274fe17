/* `svafuzz merge`: read every job, then write the farm's folder (merge.h). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "checks.h"
#include "files.h"
#include "merge_priv.h"
#include "report.h"

/* out made, or an existing empty folder: a merge never mixes with other files. */
static int prepare_out(const char *out, char *err, size_t n)
{
	DIR *d;
	struct dirent *e;

	if (!mkdir(out, 0755))
		return 0;
	if (errno != EEXIST) {
		snprintf(err, n, "cannot make %s: %s", out, strerror(errno));
		return -1;
	}
	d = opendir(out);
	if (!d) {
		snprintf(err, n, "%s: %s", out, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			closedir(d);
			snprintf(err, n, "%s exists and is not empty: give a new folder", out);
			return -1;
		}
	closedir(d);
	return 0;
}

static int write_json(const char *out, json_object *run, char *err, size_t n)
{
	char path[PATH_MAX];
	const char *text = json_object_to_json_string_ext(run, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE);

	snprintf(path, sizeof(path), "%s/run.json", out);
	if (sf_write_atomic(path, text, strlen(text))) {
		snprintf(err, n, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* junit.xml from the merged run.json's checks, as a run writes its own. */
static int write_junit(const char *out, json_object *run, char *err, size_t n)
{
	char path[PATH_MAX], *text = NULL;
	size_t len = 0;
	struct sf_checks cs;
	json_object *d = NULL, *b = NULL, *s = NULL;
	FILE *f;
	int rc;

	if (sf_checks_of_run(run, &cs) || !(f = open_memstream(&text, &len))) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	json_object_object_get_ex(run, "duration_s", &d);
	json_object_object_get_ex(run, "backend", &b);
	json_object_object_get_ex(run, "started", &s);
	sf_checks_junit(f, &cs, json_object_get_string(b), s ? json_object_get_string(s) : "",
			d ? json_object_get_double(d) : 0);
	fclose(f);
	sf_checks_free(&cs);
	snprintf(path, sizeof(path), "%s/junit.xml", out);
	rc = sf_write_atomic(path, text, len);
	if (rc)
		snprintf(err, n, "cannot write %s: %s", path, strerror(errno));
	free(text);
	return rc;
}

static void tally(const struct mg_input *ins, size_t n, const struct mg_causes *cs,
		  json_object *run, struct sf_merge_result *r)
{
	json_object *fs = NULL;

	memset(r, 0, sizeof(*r));
	r->jobs = n;
	for (size_t i = 0; i < n; i++) {
		r->whole += ins[i].status == MG_WHOLE;
		r->partial += ins[i].status == MG_PARTIAL;
		r->unreadable += ins[i].status == MG_UNREADABLE;
	}
	r->signatures = cs->n;
	if (run && json_object_object_get_ex(run, "findings", &fs))
		r->families = json_object_array_length(fs);
}

int sf_merge(char *const *dirs, size_t n, const char *out, FILE *diag,
	     struct sf_merge_result *r, char *err, size_t errn)
{
	struct mg_input *ins = calloc(n ? n : 1, sizeof(*ins));
	struct mg_causes cs = { 0 };
	json_object *run = NULL;
	int rc = -1;

	if (!ins) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		mg_read_input(&ins[i], dirs[i], &cs, diag);
	tally(ins, n, &cs, NULL, r);
	if (r->unreadable == n) {
		snprintf(err, errn, "no input could be read (each named above): nothing to merge");
		goto out;
	}
	if (prepare_out(out, err, errn))
		goto out;
	if (mg_copy_findings(&cs, out, diag)) {
		snprintf(err, errn, "cannot copy the findings into %s/findings", out);
		goto out;
	}
	run = mg_run_json(ins, n, &cs);
	if (write_json(out, run, err, errn) || write_junit(out, run, err, errn))
		goto out;
	/* the page is for reading: its failure is said, the merge stands */
	if (sf_report_write(out, err, errn))
		fprintf(diag, "svafuzz merge: report: %s\n", err);
	tally(ins, n, &cs, run, r);
	rc = 0;
out:
	json_object_put(run);
	for (size_t i = 0; i < n; i++)
		mg_input_free(&ins[i]);
	free(ins);
	free(cs.c);
	return rc;
}
