/*
 * The folders a farm command (export, merge) reads: each argument is a run
 * folder (it has run.json, or is a killed job's folder with findings/), or
 * a results parent (`run --results DIR`), which stands for every run
 * folder in it, oldest first ("latest" is a link to one of them).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* A run folder: run.json, or at least findings/ (a killed job's copy). */
static int is_run_dir(const char *dir)
{
	char p[PATH_MAX];

	/* a name too long to fit cannot be opened either */
	if ((size_t)snprintf(p, sizeof(p), "%s/run.json", dir) >= sizeof(p))
		return 0;
	if (!access(p, F_OK))
		return 1;
	if ((size_t)snprintf(p, sizeof(p), "%s/findings", dir) >= sizeof(p))
		return 0;
	return is_dir(p);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push(struct sf_cli_dirs *d, const char *path)
{
	char **v;

	if (d->n == d->cap) {
		v = realloc(d->v, (d->cap ? d->cap * 2 : 16) * sizeof(*v));
		if (!v)
			return -1;
		d->v = v;
		d->cap = d->cap ? d->cap * 2 : 16;
	}
	d->v[d->n] = strdup(path);
	return d->v[d->n++] ? 0 : -1;
}

/* A results parent's run folders, sorted by name (run ids start with the UTC time). */
static int expand_parent(struct sf_cli_dirs *d, const char *parent)
{
	DIR *dp = opendir(parent);
	struct dirent *e;
	size_t first = d->n;
	char p[PATH_MAX];

	if (!dp)
		return -1;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "latest"))
			continue;
		snprintf(p, sizeof(p), "%s/%s", parent, e->d_name);
		if (is_dir(p) && is_run_dir(p) && push(d, p)) {
			closedir(dp);
			return -1;
		}
	}
	closedir(dp);
	if (d->n > first)	/* d->v is still NULL when nothing was pushed (UBSan) */
		qsort(d->v + first, d->n - first, sizeof(*d->v), cmp_str);
	return (int)(d->n - first);
}

int sf_cli_results_dirs(const char *sub, char **args, int nargs, bool keep_other,
			struct sf_cli_dirs *d)
{
	memset(d, 0, sizeof(*d));
	for (int i = 0; i < nargs; i++) {
		int got;

		if (!is_dir(args[i])) {
			sf_cli_dirs_free(d);
			fprintf(stderr, "svafuzz %s: %s: %s\n", sub, args[i],
				access(args[i], F_OK) ? "no such folder" : "not a folder");
			return -1;
		}
		if (is_run_dir(args[i])) {
			if (push(d, args[i]))
				goto oom;
			continue;
		}
		got = expand_parent(d, args[i]);
		if (got < 0)
			goto oom;
		if (got == 0 && keep_other) {
			if (push(d, args[i]))
				goto oom;
		} else if (got == 0) {
			sf_cli_dirs_free(d);
			fprintf(stderr, "svafuzz %s: %s: neither a run folder (no run.json, no "
				"findings/) nor a results folder holding runs\n", sub, args[i]);
			return -1;
		}
	}
	return 0;
oom:
	sf_cli_dirs_free(d);
	fprintf(stderr, "svafuzz %s: out of memory\n", sub);
	return -1;
}

void sf_cli_dirs_free(struct sf_cli_dirs *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
	memset(d, 0, sizeof(*d));
}
