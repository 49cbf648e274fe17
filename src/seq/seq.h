/*
 * The sequence language: a program of operations over threads. Generated
 * from a seed, decoded from fuzzer bytes, parsed from text and printed as
 * text. A finding is saved as a sequence (repro.sva). Format: docs/sequence.md.
 *
 *   svafuzz-sequence 1
 *   arena 64
 *   threads 2
 *   seed 12345
 *   backend sim                (optional: backend, inject, arch, expect)
 *   0 mprotect 3+2 r
 *   1 dev-write 3.0
 *   ...
 *
 * Each op line is "THREAD VERB ARGS"; a thread runs its ops in file order.
 */
#ifndef SF_SEQ_H
#define SF_SEQ_H
#include <stddef.h>
#include <stdint.h>
#include "ops.h"

#define SF_SEQ_VERSION 1
#define SF_SEQ_MAX_THREADS 64
#define SF_SEQ_MAX_PAGES (1u << 20)
#define SF_SEQ_MAX_OPS (1u << 22)
#define SF_SEQ_MAX_SLOTS 32

struct sf_seq_op {
	uint16_t op;		/* enum sf_op */
	uint16_t thread;
	uint32_t page;		/* first page (accesses: the page) */
	uint32_t npages;	/* range length (accesses: 1) */
	uint32_t arg0;		/* see below */
	uint32_t arg1;
	uint32_t arg2;
};
/*
 * Arguments by op:
 *   mprotect   arg0 prot            mmap      arg0 backing, arg1 prot
 *   mremap     arg0 new npages, arg1 dst page (== page unless MOVE), arg2 SF_MREMAP_*
 *   madvise    arg0 advice          uffd-wp   arg0 1 on / 0 off
 *   migrate    arg0 node            slot-add  arg0 slot, arg1 SF_SLOT_* (page, npages)
 *   slot-del / dirty-check arg0 slot          slot-flags arg0 slot, arg1 SF_SLOT_*
 *   accesses   arg0 word (< SF_WORDS_PER_PAGE)
 *   barrier    arg0 id              delay     arg0 ns
 */

struct sf_seq {
	uint32_t version;
	uint32_t arena_pages;
	uint32_t nthreads;
	uint64_t seed;		/* scheduler seed (sim) / value salt */
	/* optional header lines: what a reproducer replays on, and what it found */
	char backend[32];	/* "backend sim" */
	char knob[48];		/* "inject no-upgrade-inval" */
	char arch[16];		/* "arch smmuv3" */
	char expect[24];	/* "expect STALE_WRITE" (a verdict name) */
	struct sf_seq_op *ops;
	size_t nops, cap;
};

struct sf_seq_err {
	unsigned line, col;	/* 1-based */
	char msg[160];
};

void sf_seq_init(struct sf_seq *s);
void sf_seq_free(struct sf_seq *s);
int sf_seq_push(struct sf_seq *s, const struct sf_seq_op *op);	/* -1 on ENOMEM or limit */
/* The header lines a saved program replays with; NULL leaves a line empty. */
void sf_seq_set_header(struct sf_seq *s, const char *backend, const char *knob, const char *arch,
		       const char *expect);
/* Range and argument checks; 0 if valid, else -1 and err->msg (line = op index + 1). */
int sf_seq_validate(const struct sf_seq *s, struct sf_seq_err *err);

/* 0 on success; -1 with err set (line, column, what is wrong). */
int sf_seq_parse(const char *text, size_t len, struct sf_seq *out, struct sf_seq_err *err);
int sf_seq_load(const char *path, struct sf_seq *out, struct sf_seq_err *err);
/* (sf_seq_load: an I/O error has line 0 and msg "PATH: <errno text>"; a parse error as above.) */
/* Canonical text, malloc'd: print(parse(x)) == x for canonical x. */
char *sf_seq_print(const struct sf_seq *s);
int sf_seq_save(const struct sf_seq *s, const char *path);

/* Which op kinds the generator may use, and how many. */
struct sf_gen_params {
	uint32_t arena_pages;
	uint32_t nthreads;	/* >= 2: some mutate, some access */
	uint32_t nops;		/* total ops */
	uint64_t allowed_ops;	/* bitmask of 1ull << SF_OP_*; 0 = all the backend supports */
	uint32_t profile;	/* SF_GEN_* */
};
#define SF_GEN_MIX 0		/* the general fuzzing mix */
#define SF_GEN_COW_UPGRADE 1	/* aims at fork + read + upgrade (the seed bug) */

/* The same program on every machine for the same seed and params. */
void sf_seq_generate(struct sf_seq *out, uint64_t seed, const struct sf_gen_params *p);
/* Every byte string decodes to a valid program (sf_seq_validate passes). */
void sf_seq_decode(struct sf_seq *out, const uint8_t *data, size_t len, const struct sf_gen_params *p);

/* Value a write op stores: unique per (program seed, op index), never 0. */
uint64_t sf_seq_value(const struct sf_seq *s, size_t op_index);
#endif
