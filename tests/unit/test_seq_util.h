/* Helpers shared by the sequence tests (header only: each test is its own program). */
#ifndef TEST_SEQ_UTIL_H
#define TEST_SEQ_UTIL_H
#include <stdint.h>
#include <string.h>
#include "seq.h"

/* Field-by-field equality of two programs; returns the first differing op + 1, or -1 for a header difference, 0 if equal. */
static inline long seq_diff(const struct sf_seq *a, const struct sf_seq *b)
{
	if (a->version != b->version || a->arena_pages != b->arena_pages ||
	    a->nthreads != b->nthreads || a->seed != b->seed || a->nops != b->nops ||
	    strcmp(a->backend, b->backend) || strcmp(a->knob, b->knob) ||
	    strcmp(a->arch, b->arch) || strcmp(a->expect, b->expect))
		return -1;
	for (size_t i = 0; i < a->nops; i++) {
		const struct sf_seq_op *x = &a->ops[i], *y = &b->ops[i];

		if (x->op != y->op || x->thread != y->thread || x->page != y->page ||
		    x->npages != y->npages || x->arg0 != y->arg0 || x->arg1 != y->arg1 ||
		    x->arg2 != y->arg2)
			return (long)i + 1;
	}
	return 0;
}

/* FNV-1a 64 of a string: golden checksums of printed programs. */
static inline uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	return h;
}

static inline int parse_str(const char *text, struct sf_seq *out, struct sf_seq_err *err)
{
	return sf_seq_parse(text, strlen(text), out, err);
}
#endif
