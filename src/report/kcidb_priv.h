/* Pieces of the KCIDB export shared between kcidb*.c (not an interface). */
#ifndef SF_KCIDB_PRIV_H
#define SF_KCIDB_PRIV_H
#include <json-c/json.h>
#include <stddef.h>
#include "kcidb.h"

/* Where one run folder's files are, as URLs. */
struct kc_refs {
	char dir[4096];		/* the folder, absolute */
	char base[4096];	/* URL of the folder, no trailing '/' */
};

/* 0, or -1 with err (the folder cannot be resolved). */
int kc_refs_init(struct kc_refs *r, const char *dir, const struct sf_kcidb_opts *o,
		 char *err, size_t n);
/* URL of rel (a path in the folder), or NULL if the file is not there. */
json_object *kc_url(const struct kc_refs *r, const char *rel);
/* {"name","url"} appended to list for each of rel/names[] that exists. */
void kc_add_files(json_object *list, const struct kc_refs *r, const char *rel,
		  const char *const *names);
#endif
