/*
 * Internals shared by the sequence files (seq.c, seq_parse.c, seq_print.c,
 * seq_gen.c, seq_decode.c, minimize.c): the argument shape of every op
 * (what each shape does: seq_shape.h) and the one per-op checker that both
 * sf_seq_validate() and the parser use, so a program that parses always
 * validates and vice versa.
 */
#ifndef SF_SEQ_PRIV_H
#define SF_SEQ_PRIV_H
#include <stddef.h>
#include <stdint.h>
#include "seq.h"

/* Limits of arguments that seq.h leaves open (documented in docs/sequence.md). */
#define SF_SEQ_MAX_NODE 63u		/* migrate: NUMA node */
#define SF_SEQ_MAX_DELAY 1000000000u	/* delay: 1 s in ns */

/* What follows "THREAD VERB" on an op line. */
enum sf_shape {
	SF_SH_NONE,		/* compact */
	SF_SH_RANGE,		/* page+n */
	SF_SH_RANGE_PROT,	/* page+n prot */
	SF_SH_RANGE_MMAP,	/* page+n backing prot */
	SF_SH_RANGE_MREMAP,	/* page+n new_n [move dst [dontunmap]] */
	SF_SH_RANGE_ADVICE,	/* page+n advice */
	SF_SH_RANGE_ONOFF,	/* page+n on|off */
	SF_SH_RANGE_NODE,	/* page+n node */
	SF_SH_SLOT_ADD,		/* slot page+n flags */
	SF_SH_SLOT,		/* slot */
	SF_SH_SLOT_FLAGS,	/* slot flags */
	SF_SH_ACCESS,		/* page.word */
	SF_SH_BARRIER,		/* id (increasing along each thread) */
	SF_SH_DELAY,		/* ns */
	SF_SH__COUNT
};

enum sf_shape sf_seq_shape(unsigned op);

/* Which part of an op a check failed on; the parser turns it into a column. */
enum sf_seq_field {
	SF_FLD_VERB,
	SF_FLD_THREAD,
	SF_FLD_RANGE,
	SF_FLD_ARG0,
	SF_FLD_ARG1,
	SF_FLD_ARG2,
};

/* State carried across the ops of one program (barrier order per thread). */
struct sf_seq_checker {
	uint32_t last_barrier[SF_SEQ_MAX_THREADS];
	uint8_t seen_barrier[SF_SEQ_MAX_THREADS];
};

void sf_seq_checker_init(struct sf_seq_checker *ck);
/* 0 if the header fields are valid, else -1 with a message. */
int sf_seq_check_header(const struct sf_seq *s, char *msg, size_t n);
/* 0 if op is valid after the ops already checked, else -1, *fld and a message. */
int sf_seq_check_op(const struct sf_seq *s, const struct sf_seq_op *op,
		    struct sf_seq_checker *ck, enum sf_seq_field *fld, char *msg, size_t n);
/* A header word (backend, inject, arch, expect): printable, no space, no '#'. */
int sf_seq_word_ok(const char *w, size_t cap);
#endif
