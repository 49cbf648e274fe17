/*
 * KCIDB JSON (KernelCI's common report database, I/O schema v5.3, as
 * published in kernelci/kcidb-io; a copy is tests/data/kcidb.schema.v5.3.json)
 * of run folders: one test per check at svafuzz.BACKEND.CHECK and one per
 * finding signature at svafuzz.BACKEND.VERDICT.ACCESS.CAUSE, the kernel as
 * the tested build (and its checkout), the machine as the test
 * environment, and the folders' files as URLs, never inlined.
 */
#ifndef SF_KCIDB_H
#define SF_KCIDB_H
#include <json-c/json.h>
#include <stddef.h>

#define SF_KCIDB_MAJOR 5
#define SF_KCIDB_MINOR 3

struct sf_kcidb_opts {
	const char *origin;	/* the CI system's name: [a-z0-9_]+ ("svafuzz") */
	const char *build_id;	/* an existing KCIDB build ("maestro:..."), or NULL: one
				 * is made from the kernel and arch, with its checkout */
	const char *url_base;	/* where the folders are published (URL/<folder>/file),
				 * or NULL: file:// URLs of their absolute paths */
	const char *id_prefix;	/* put before the run id in test ids (a LAVA job id), or NULL */
};

/* origin, build id and id prefix are usable: 0, or -1 with the reason in err. */
int sf_kcidb_check_opts(const struct sf_kcidb_opts *o, char *err, size_t n);

/* The KCIDB object of the folders; NULL with err naming the bad folder and why. */
json_object *sf_kcidb_of_runs(char *const *dirs, size_t n, const struct sf_kcidb_opts *o,
			      char *err, size_t errn);
#endif
