/*
 * Before a run starts: which backend, is it usable here, is the knob its
 * own, and are the sizes asked for sane on this machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "run.h"
#include "seq.h"

static void list_backends(FILE *f)
{
	fprintf(f, "backends:");
	for (unsigned i = 0; sf_backends[i]; i++)
		fprintf(f, " %s", sf_backends[i]->name);
	fputc('\n', f);
}

static void list_knobs(FILE *f, const struct sf_backend_ops *be)
{
	fprintf(f, "knobs of %s:", be->name);
	if (!be->knobs || !be->knobs[0])
		fprintf(f, " (none)");
	for (unsigned i = 0; be->knobs && be->knobs[i]; i++)
		fprintf(f, " %s", be->knobs[i]);
	fputc('\n', f);
}

int sf_run_pick_backend(const struct sf_run_opts *o, const struct sf_backend_ops **out,
			char *why, size_t n)
{
	const struct sf_backend_ops *be;

	be = sf_backend_choose(o->backend);
	if (!be) {
		fprintf(stderr, "svafuzz: unknown backend '%s'\n", o->backend);
		list_backends(stderr);
		return SF_EXIT_USAGE;
	}
	if (o->knob[0] && !sf_backend_has_knob(be, o->knob)) {
		fprintf(stderr, "svafuzz: backend %s has no knob '%s'\n", be->name, o->knob);
		list_knobs(stderr, be);
		return SF_EXIT_USAGE;
	}
	if (be->max_queues && (o->threads > be->max_queues || o->vcpus > be->max_queues)) {
		fprintf(stderr, "svafuzz: %s %u: backend %s runs at most %u device queues (vCPUs), "
			"one per thread\n", o->vcpus > be->max_queues ? "--vcpus" : "--threads",
			o->vcpus > be->max_queues ? o->vcpus : o->threads, be->name, be->max_queues);
		return SF_EXIT_USAGE;
	}
	*out = be;
	why[0] = 0;
	if (be->probe && be->probe(why, n)) {
		if (!why[0])
			snprintf(why, n, "probe failed");
		printf("skipped: backend %s unavailable: %s\n", be->name, why);
		fflush(stdout);
		return SF_EXIT_UNAVAILABLE;
	}
	*out = be;
	return SF_EXIT_CLEAN;
}

static long mem_available_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "MemAvailable:", 13)) {
			v = strtol(line + 13, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

int sf_run_check_sizes(uint32_t pages, uint32_t threads, uint32_t ops)
{
	long avail = mem_available_kb();
	unsigned long long need_kb = (unsigned long long)pages * (unsigned long long)sysconf(_SC_PAGESIZE) / 1024;

	if (pages == 0 || pages > SF_SEQ_MAX_PAGES) {
		fprintf(stderr, "svafuzz: arena of %u pages: must be 1..%u pages\n", pages, SF_SEQ_MAX_PAGES);
		return SF_EXIT_USAGE;
	}
	if (threads < 2 || threads > SF_SEQ_MAX_THREADS) {
		fprintf(stderr, "svafuzz: %u threads: must be 2..%u (some mutate, some access)\n",
			threads, SF_SEQ_MAX_THREADS);
		return SF_EXIT_USAGE;
	}
	if (ops == 0 || ops > SF_SEQ_MAX_OPS) {
		fprintf(stderr, "svafuzz: %u ops per program: must be 1..%u\n", ops, SF_SEQ_MAX_OPS);
		return SF_EXIT_USAGE;
	}
	/* the arena, its memfd and file copies, and the oracle's model: keep well inside */
	if (avail > 0 && need_kb * 3 > (unsigned long long)avail / 2) {
		fprintf(stderr, "svafuzz: arena of %u pages (%llu MiB, about %llu MiB with its backing "
			"copies) does not fit in half of MemAvailable (%ld MiB); use a smaller --arena\n",
			pages, need_kb / 1024, need_kb * 3 / 1024, avail / 1024);
		return SF_EXIT_USAGE;
	}
	return SF_EXIT_CLEAN;
}

uint64_t sf_run_seed_now(void)
{
	uint64_t x = sf_now_ns() ^ ((uint64_t)getpid() << 32);
	uint64_t s = sf_splitmix64(&x) & ((1ull << 53) - 1);	/* exact in JSON readers */

	return s ? s : 1;
}

uint64_t sf_run_prog_seed(uint64_t seed, uint64_t i)
{
	uint64_t x = seed ^ (i * 0xd1342543de82ef95ull);

	return sf_splitmix64(&x);
}
