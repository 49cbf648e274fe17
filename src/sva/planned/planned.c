/*
 * Backends of DESIGN.md §5 that svafuzz does not drive yet. They are in
 * the registry so that `svafuzz probe` lists every backend with the reason
 * it cannot run here (stress-ng's "unimplemented because"), and so that
 * `--backend NAME` says why instead of "unknown backend". They have no
 * open(): auto never picks them, and a run exits 4 (unavailable).
 */
#include <stdio.h>
#include <unistd.h>
#include "backend.h"

/* "not built yet (issue ...); the device node here; what a real one needs" */
static int planned(char *why, size_t n, const char *issue, const char *path, const char *needs)
{
	snprintf(why, n, "not built yet%s%s%s; %s %s here%s%s", issue ? " (issue " : "",
		 issue ? issue : "", issue ? ")" : "", path, access(path, F_OK) ? "absent" : "present",
		 needs[0] ? ": " : "", needs);
	return -1;
}

static int idxd_probe(char *why, size_t n)
{
	return planned(why, n, NULL, "/dev/dsa", "needs Intel DSA/IAA hardware");
}

static int uacce_probe(char *why, size_t n)
{
	return planned(why, n, NULL, "/sys/class/uacce", "needs HiSilicon (Kunpeng) accelerators");
}

#define PLANNED(id, semantics, text) \
	const struct sf_backend_ops sf_backend_##id = { \
		.name = #id, .desc = text, .sem = semantics, .flags = SF_BE_PLANNED, \
		.knobs = (const char *const[]){ NULL }, .probe = id##_probe, \
	}

PLANNED(idxd, SF_SEM_MIRROR, "Intel DSA/IAA shared work queues, descriptors with user VAs");
PLANNED(uacce, SF_SEM_MIRROR, "HiSilicon accelerators through uacce (arm64)");
