/*
 * Reading one job's folder for the merge. run.json gives the counters and
 * every signature with its count; the finding folders give reproducers,
 * and, when run.json is missing or damaged (a job killed while copying,
 * an upload cut short), the signatures themselves, counted one per folder
 * (a floor: repeats past the folders are only in run.json). Whatever is
 * left out is named.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "merge_priv.h"
#include "run_json.h"

void mg_problem(struct mg_input *in, FILE *diag, const char *fmt, ...)
{
	char text[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (diag)
		fprintf(diag, "svafuzz merge: %s: %s\n", in->dir, text);
	if (in->nproblems < MG_MAX_PROBLEMS && (in->problems[in->nproblems] = strdup(text)))
		in->nproblems++;
	else
		in->more++;
}

/* What a finding folder says of itself (finding.json). */
struct folder_info {
	char sig[MG_SIG_LEN], verdict[32], access[32], why[1024];
	double t_first_s;
	long ops;
};

/* in->dir/rel as a finding folder: 0, or -1 after naming what is wrong. */
static int read_folder(struct mg_input *in, const char *rel, struct folder_info *fi, FILE *diag)
{
	char path[PATH_MAX + 64], err[700];
	json_object *f, *v;

	snprintf(path, sizeof(path), "%s/%s/repro.sva", in->dir, rel);
	if (access(path, R_OK)) {
		mg_problem(in, diag, "%s: no repro.sva (a folder the job did not finish)", rel);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s/finding.json", in->dir, rel);
	f = sf_json_load(path, err, sizeof(err));
	if (!f) {
		mg_problem(in, diag, "%s", err);
		return -1;
	}
	snprintf(fi->sig, sizeof(fi->sig), "%s", sf_jstr(f, "signature"));
	snprintf(fi->verdict, sizeof(fi->verdict), "%s", sf_jstr(f, "verdict"));
	snprintf(fi->access, sizeof(fi->access), "%s", sf_jstr(sf_jget(f, "access"), "op"));
	snprintf(fi->why, sizeof(fi->why), "%s", sf_jstr(f, "why"));
	v = sf_jget(f, "t_first_s");
	fi->t_first_s = v ? json_object_get_double(v) : 0;
	v = sf_jget(f, "program_ops");
	fi->ops = v && json_object_is_type(v, json_type_int) ? (long)json_object_get_int64(v) :
		  LONG_MAX;
	json_object_put(f);
	if (!fi->sig[0] || !fi->verdict[0]) {
		mg_problem(in, diag, "%s: finding.json has no signature or verdict", rel);
		return -1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in in->dir/findings, sorted; NULL-terminated (NULL if none). */
static char **finding_folders(const struct mg_input *in)
{
	char path[PATH_MAX + 16];
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, cap = 0;

	snprintf(path, sizeof(path), "%s/findings", in->dir);
	d = opendir(path);
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n + 2 > cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 32) * sizeof(*v));

			if (!nv)
				break;
			v = nv;
		}
		v[n] = strdup(e->d_name);
		if (v[n])
			n++;
	}
	closedir(d);
	if (!v)
		return NULL;
	v[n] = NULL;
	qsort(v, n, sizeof(*v), cmp_str);
	return v;
}

static void free_list(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static bool listed(char **sigs, size_t n, const char *sig)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(sigs[i], sig))
			return true;
	return false;
}

/*
 * Folders whose signature run.json does not list (all of them when
 * run.json is unreadable): a killed job writes folders after its last
 * run.json. Each counts once.
 */
static unsigned from_folders(struct mg_input *in, struct mg_causes *cs, char **sigs, size_t nsigs,
			     FILE *diag)
{
	char **names = finding_folders(in), rel[300], src[PATH_MAX + 300];
	unsigned used = 0;

	for (size_t i = 0; names && names[i]; i++) {
		struct folder_info fi;

		snprintf(rel, sizeof(rel), "findings/%s", names[i]);
		/* a cause's own folder was read with its run.json entry */
		if (listed(sigs, nsigs, rel) || read_folder(in, rel, &fi, diag) ||
		    listed(sigs, nsigs, fi.sig))
			continue;
		snprintf(src, sizeof(src), "%s/%s", in->dir, rel);
		if (!mg_note(cs, in, fi.sig, fi.verdict, fi.access, 1, true, fi.t_first_s, fi.why,
			     src, fi.ops))
			used++;
	}
	free_list(names);
	return used;
}

/* One cause listed in run.json, with its folder's reproducer if that is whole. */
static int note_listed(struct mg_input *in, struct mg_causes *cs, json_object *fam,
		       json_object *cause, FILE *diag)
{
	const char *sig = *sf_jstr(cause, "signature") ? sf_jstr(cause, "signature") : sf_jstr(fam, "signature");
	const char *dir = sf_jstr(cause, "dir");
	json_object *cnt = sf_jget(cause, "count"), *t = sf_jget(cause, "t_first_s");
	struct folder_info fi = { .ops = LONG_MAX };
	char src[PATH_MAX + 300] = "";

	if (!*sig) {
		mg_problem(in, diag, "run.json: a finding of %s has no signature: left out",
			   sf_jstr(fam, "verdict"));
		return -1;
	}
	snprintf(fi.why, sizeof(fi.why), "%s", sf_jstr(cause, "why"));
	if (*dir && !read_folder(in, dir, &fi, diag))
		snprintf(src, sizeof(src), "%s/%s", in->dir, dir);
	else if (*dir)
		mg_problem(in, diag, "%s: its signature %s is counted; its reproducer is not taken "
			   "from this job", dir, sig);
	return mg_note(cs, in, sig, sf_jstr(fam, "verdict"), sf_jstr(fam, "access"),
		       cnt ? (uint64_t)json_object_get_int64(cnt) : 1, false,
		       t ? json_object_get_double(t) : 0, fi.why, src, fi.ops);
}

/*
 * Every signature run.json lists; their names and their folders' into
 * *sigs, so that from_folders takes only what run.json lacks.
 */
static size_t from_run_json(struct mg_input *in, struct mg_causes *cs, char ***sigs, FILE *diag)
{
	json_object *fs = sf_jget(in->run, "findings");
	size_t n = 0, cap = 0;

	*sigs = NULL;
	for (size_t i = 0; fs && i < json_object_array_length(fs); i++) {
		json_object *fam = json_object_array_get_idx(fs, i), *causes = sf_jget(fam, "causes");
		size_t nc = causes && json_object_is_type(causes, json_type_array) ?
			    json_object_array_length(causes) : 0;

		for (size_t j = 0; j < (nc ? nc : 1); j++) {
			json_object *c = nc ? json_object_array_get_idx(causes, j) : fam;
			const char *sig = *sf_jstr(c, "signature") ? sf_jstr(c, "signature") :
					  sf_jstr(fam, "signature");

			if (note_listed(in, cs, fam, c, diag))
				continue;
			if (n + 2 > cap) {
				char **nv = realloc(*sigs, (cap = cap ? cap * 2 : 16) * sizeof(**sigs));

				if (!nv)
					continue;
				*sigs = nv;
			}
			(*sigs)[n] = strdup(sig);
			if ((*sigs)[n])
				n++;
			if (*sf_jstr(c, "dir") && n < cap && ((*sigs)[n] = strdup(sf_jstr(c, "dir"))))
				n++;
		}
	}
	return n;
}

void mg_read_input(struct mg_input *in, const char *dir, struct mg_causes *cs, FILE *diag)
{
	char err[800], **sigs = NULL;
	const char *leaf = strrchr(dir, '/');
	size_t nsigs = 0;
	unsigned extra;

	memset(in, 0, sizeof(*in));
	snprintf(in->dir, sizeof(in->dir), "%s", dir);
	snprintf(in->run_id, sizeof(in->run_id), "%s", leaf && leaf[1] ? leaf + 1 : dir);
	in->run = sf_run_json_load(dir, err, sizeof(err));
	if (in->run) {
		json_object *d = sf_jget(in->run, "duration_s");

		snprintf(in->run_id, sizeof(in->run_id), "%s", sf_jstr(in->run, "run_id"));
		if (!*sf_jstr(in->run, "ended_by"))
			mg_problem(in, diag, "killed or still running at %.0f s (its last run.json): "
				   "merged as far as that goes", d ? json_object_get_double(d) : 0.0);
		nsigs = from_run_json(in, cs, &sigs, diag);
	} else {
		char fdir[PATH_MAX + 16];

		snprintf(fdir, sizeof(fdir), "%s/findings", dir);
		mg_problem(in, diag, "%s: %s", err, access(fdir, F_OK) ? "nothing of this job merged" :
			   "counters left out; findings taken from its folders only");
	}
	extra = from_folders(in, cs, sigs, nsigs, diag);
	if (in->run && extra)
		mg_problem(in, diag, "%u finding folder%s newer than its run.json: counted once each",
			   extra, extra == 1 ? "" : "s");
	for (size_t i = 0; i < nsigs; i++)
		free(sigs[i]);
	free(sigs);
	if (!in->run && !extra)
		in->status = MG_UNREADABLE;
	else
		in->status = in->nproblems || in->more ? MG_PARTIAL : MG_WHOLE;
}

void mg_input_free(struct mg_input *in)
{
	for (unsigned i = 0; i < in->nproblems; i++)
		free(in->problems[i]);
	json_object_put(in->run);
	in->run = NULL;
}
