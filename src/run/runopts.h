/* What one `svafuzz run` is asked to do: CLI and config fill it, sf_run() obeys. */
#ifndef SF_RUNOPTS_H
#define SF_RUNOPTS_H
#include <stdbool.h>
#include <stdint.h>

/* Exit codes (stress-ng style, see README). */
enum sf_exit {
	SF_EXIT_CLEAN = 0,
	SF_EXIT_USAGE = 1,
	SF_EXIT_FINDINGS = 2,
	SF_EXIT_KERNEL = 3,
	SF_EXIT_UNAVAILABLE = 4,
	SF_EXIT_INTERNAL = 5,
	/* a finite run cut short, or one that judged too little to call clean */
	SF_EXIT_INCOMPLETE = 6,
};

struct sf_run_opts {
	char backend[32];	/* name or "auto" */
	char knob[48];		/* bug knob or "" */
	char plant[48];		/* svaplant loss mode armed for the run (selfcheck), or "" */
	char arch[16];		/* TLB model for sim/svatest or "" */
	uint64_t seed;		/* 0: from time, printed */
	bool seed_set;
	uint64_t duration_ns;	/* 0 = forever (until signal) */
	uint32_t threads;	/* mutator + accessor threads per program */
	uint32_t vcpus;		/* device queues */
	uint32_t arena_pages;
	uint32_t ops_per_program;
	uint32_t profile;	/* SF_GEN_* */
	uint64_t allowed_ops;	/* 0 = all the backend supports */
	char results[512];	/* results parent dir; run goes to results/<run-id>/ */
	bool quiet;
	bool lava;		/* print LAVA result lines */
	bool ktap;		/* print KTAP of the checks at the end (report/ktap.h) */
	bool klog;		/* watch /dev/kmsg */
	uint32_t max_findings;	/* stop after this many distinct findings (0 = no limit) */
	uint64_t max_disk;	/* bytes the run's results may hold (0 = no limit); disk.h */
};

void sf_run_opts_defaults(struct sf_run_opts *o);
/* Runs it; returns an enum sf_exit. */
int sf_run(const struct sf_run_opts *o);
#endif
