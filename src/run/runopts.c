/* Defaults of one run, before the config file and the command line. */
#include <string.h>
#include "disk.h"
#include "runopts.h"
#include "seq.h"

void sf_run_opts_defaults(struct sf_run_opts *o)
{
	memset(o, 0, sizeof(*o));
	strcpy(o->backend, "auto");
	o->duration_ns = 60ull * 1000000000ull;
	o->threads = 4;
	o->vcpus = 2;
	o->arena_pages = 64;
	o->ops_per_program = 2000;
	o->max_disk = SF_DISK_DEFAULT_MAX;
	o->profile = SF_GEN_MIX;
	strcpy(o->results, "results");
	o->klog = true;
}
