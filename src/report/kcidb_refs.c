/*
 * The files of a run folder as KCIDB resources: URLs, never contents, so
 * a farm publishes the folder once and every test points into it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kcidb_priv.h"

/* A path in a URL: characters RFC 3986 leaves as they are, the rest %XX. */
static void url_path(char *out, size_t n, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t j = 0;

	for (const unsigned char *p = (const unsigned char *)path; *p && j + 4 < n; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			out[j++] = (char)*p;
		} else {
			out[j++] = '%';
			out[j++] = hex[*p >> 4];
			out[j++] = hex[*p & 15];
		}
	}
	out[j] = 0;
}

int kc_refs_init(struct kc_refs *r, const char *dir, const struct sf_kcidb_opts *o,
		 char *err, size_t n)
{
	char real[PATH_MAX], enc[sizeof(r->base)];
	const char *leaf;
	size_t bl;

	if (!realpath(dir, real)) {
		snprintf(err, n, "%s: cannot resolve the folder's path", dir);
		return -1;
	}
	snprintf(r->dir, sizeof(r->dir), "%s", real);
	if (!o->url_base) {
		url_path(enc, sizeof(enc), real);
		if (snprintf(r->base, sizeof(r->base), "file://%s", enc) >= (int)sizeof(r->base))
			goto too_long;
		return 0;
	}
	/* published: URL_BASE/<the folder's name> (a results/latest link gives the run id) */
	leaf = strrchr(real, '/');
	url_path(enc, sizeof(enc), leaf && leaf[1] ? leaf + 1 : real);
	bl = strlen(o->url_base);
	while (bl && o->url_base[bl - 1] == '/')
		bl--;
	if (snprintf(r->base, sizeof(r->base), "%.*s/%s", (int)bl, o->url_base, enc) >=
	    (int)sizeof(r->base))
		goto too_long;
	return 0;
too_long:
	snprintf(err, n, "%s: the folder's URL is too long", dir);
	return -1;
}

json_object *kc_url(const struct kc_refs *r, const char *rel)
{
	char path[PATH_MAX + 64], enc[PATH_MAX], url[sizeof(r->base) + PATH_MAX];

	/* a path or URL that does not fit names no file: never a truncated one */
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", r->dir, rel) >= sizeof(path) ||
	    access(path, R_OK))
		return NULL;
	url_path(enc, sizeof(enc), rel);
	if ((size_t)snprintf(url, sizeof(url), "%s/%s", r->base, enc) >= sizeof(url))
		return NULL;
	return json_object_new_string(url);
}

void kc_add_files(json_object *list, const struct kc_refs *r, const char *rel,
		  const char *const *names)
{
	for (; *names; names++) {
		char path[PATH_MAX];
		json_object *url, *res;

		snprintf(path, sizeof(path), "%s%s%s", rel ? rel : "", rel ? "/" : "", *names);
		url = kc_url(r, path);
		if (!url)
			continue;
		res = json_object_new_object();
		json_object_object_add(res, "name", json_object_new_string(*names));
		json_object_object_add(res, "url", url);
		json_object_array_add(list, res);
	}
}
