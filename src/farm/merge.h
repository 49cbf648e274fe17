/*
 * `svafuzz merge`: many jobs' run folders into one, the farm's view.
 * Findings are deduplicated across jobs by signature (results/README.md):
 * counts add up, the first time is the earliest, and the smallest
 * reproducer (fewest ops) is the one kept. Counters are summed. A job's
 * folder that is partly damaged (killed, cut short in a copy) is merged as
 * far as it is valid, and what was left out is named.
 */
#ifndef SF_MERGE_H
#define SF_MERGE_H
#include <stddef.h>
#include <stdio.h>

struct sf_merge_result {
	size_t jobs;		/* folders given */
	size_t whole;		/* merged whole */
	size_t partial;		/* merged in part (problems named) */
	size_t unreadable;	/* nothing usable */
	size_t signatures;	/* distinct signatures (causes) after the merge */
	size_t families;	/* distinct findings */
};

/*
 * Merges dirs into out (created; refused if it exists and is not empty):
 * run.json, junit.xml, report.html and findings/. Each problem with an
 * input is written to diag as "svafuzz merge: DIR: ..." and kept in
 * run.json's "merged". 0 when out was written (check r for damage), -1
 * with err when nothing could be (no usable input, out not writable).
 */
int sf_merge(char *const *dirs, size_t n, const char *out, FILE *diag,
	     struct sf_merge_result *r, char *err, size_t errn);
#endif
