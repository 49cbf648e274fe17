/*
 * Sequence programs in memory: growth, the range and argument checks that
 * define a valid program, and the values write ops store.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rng.h"
#include "seq.h"
#include "seq_shape.h"

void sf_seq_init(struct sf_seq *s)
{
	memset(s, 0, sizeof(*s));
	s->version = SF_SEQ_VERSION;
}

void sf_seq_free(struct sf_seq *s)
{
	free(s->ops);
	s->ops = NULL;
	s->nops = s->cap = 0;
}

void sf_seq_set_header(struct sf_seq *s, const char *backend, const char *knob, const char *arch,
		       const char *expect)
{
	snprintf(s->backend, sizeof(s->backend), "%s", backend ? backend : "");
	snprintf(s->knob, sizeof(s->knob), "%s", knob ? knob : "");
	snprintf(s->arch, sizeof(s->arch), "%s", arch ? arch : "");
	snprintf(s->expect, sizeof(s->expect), "%s", expect ? expect : "");
}

int sf_seq_push(struct sf_seq *s, const struct sf_seq_op *op)
{
	if (s->nops >= SF_SEQ_MAX_OPS) {
		errno = E2BIG;
		return -1;
	}
	if (s->nops == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct sf_seq_op *ops = realloc(s->ops, cap * sizeof(*ops));

		if (!ops)
			return -1;
		s->ops = ops;
		s->cap = cap;
	}
	s->ops[s->nops++] = *op;
	return 0;
}

int sf_seq_word_ok(const char *w, size_t cap)
{
	size_t len = strnlen(w, cap);

	if (len == cap)
		return 0;	/* not terminated inside its field */
	for (size_t i = 0; i < len; i++)
		if (w[i] <= ' ' || w[i] > '~' || w[i] == '#')
			return 0;
	return 1;
}

int sf_seq_check_header(const struct sf_seq *s, char *msg, size_t n)
{
	if (s->version != SF_SEQ_VERSION)
		snprintf(msg, n, "version %u is not supported (this build reads %u)",
			 s->version, SF_SEQ_VERSION);
	else if (s->arena_pages < 1 || s->arena_pages > SF_SEQ_MAX_PAGES)
		snprintf(msg, n, "arena %u is not in 1..%u pages", s->arena_pages,
			 SF_SEQ_MAX_PAGES);
	else if (s->nthreads < 1 || s->nthreads > SF_SEQ_MAX_THREADS)
		snprintf(msg, n, "threads %u is not in 1..%u", s->nthreads,
			 SF_SEQ_MAX_THREADS);
	else if (!sf_seq_word_ok(s->backend, sizeof(s->backend)))
		snprintf(msg, n, "backend is not one printable word");
	else if (!sf_seq_word_ok(s->knob, sizeof(s->knob)))
		snprintf(msg, n, "inject is not one printable word");
	else if (!sf_seq_word_ok(s->arch, sizeof(s->arch)))
		snprintf(msg, n, "arch is not one printable word");
	else if (!sf_seq_word_ok(s->expect, sizeof(s->expect)))
		snprintf(msg, n, "expect is not one printable word");
	else if (s->nops > SF_SEQ_MAX_OPS)
		snprintf(msg, n, "%zu ops is more than the limit %u", s->nops, SF_SEQ_MAX_OPS);
	else
		return 0;
	return -1;
}

#define FAIL SF_FAIL

static int check_range(const struct sf_seq *s, uint32_t page, uint32_t npages,
		       enum sf_seq_field f, SF_CHECK_ARGS)
{
	if (npages < 1)
		FAIL(f, "range %u+%u is empty", page, npages);
	if ((uint64_t)page + npages > s->arena_pages)
		FAIL(f, "pages %u+%u reach past the arena (%u pages)", page, npages,
		     s->arena_pages);
	return 0;
}

int sf_check_unused(const struct sf_seq_op *op, int range, int a0, int a1, SF_CHECK_ARGS)
{
	if (!range && (op->page || op->npages))
		FAIL(SF_FLD_RANGE, "%s takes no page range (page %u, npages %u)",
		     sf_op_name(op->op), op->page, op->npages);
	if (!a0 && op->arg0)
		FAIL(SF_FLD_ARG0, "%s: unused arg0 is %u, must be 0", sf_op_name(op->op), op->arg0);
	if (!a1 && op->arg1)
		FAIL(SF_FLD_ARG1, "%s: unused arg1 is %u, must be 0", sf_op_name(op->op), op->arg1);
	if (op->arg2)
		FAIL(SF_FLD_ARG2, "%s: unused arg2 is %u, must be 0", sf_op_name(op->op), op->arg2);
	return 0;
}

int sf_check_slot(uint32_t slot, SF_CHECK_ARGS)
{
	if (slot >= SF_SEQ_MAX_SLOTS)
		FAIL(SF_FLD_ARG0, "slot %u is not below %u", slot, SF_SEQ_MAX_SLOTS);
	return 0;
}

int sf_check_slot_flags(uint32_t flags, SF_CHECK_ARGS)
{
	if (flags > (SF_SLOT_RO | SF_SLOT_LOG))
		FAIL(SF_FLD_ARG1, "slot flags %u are not rw, ro, log or ro,log", flags);
	return 0;
}

int sf_check_prot(uint32_t prot, enum sf_seq_field f, SF_CHECK_ARGS)
{
	if (prot > (SF_PROT_R | SF_PROT_W | SF_PROT_X))
		FAIL(f, "prot %u is not a set of r, w, x", prot);
	return 0;
}

void sf_seq_checker_init(struct sf_seq_checker *ck)
{
	memset(ck, 0, sizeof(*ck));
}

/* What every op has (its verb, its thread, its range), then its shape's own checks. */
int sf_seq_check_op(const struct sf_seq *s, const struct sf_seq_op *op,
		    struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	if (op->op >= SF_OP__COUNT)
		FAIL(SF_FLD_VERB, "unknown op %u", op->op);
	if (op->thread >= s->nthreads)
		FAIL(SF_FLD_THREAD, "thread %u is not below threads %u", op->thread, s->nthreads);

	const struct sf_shape_ops *sh = sf_shape_of(op->op);

	if (sh->range != SF_RANGE_NONE &&
	    check_range(s, op->page, op->npages, SF_FLD_RANGE, fld, msg, n))
		return -1;
	return sh->check(s, op, ck, fld, msg, n);
}

int sf_seq_validate(const struct sf_seq *s, struct sf_seq_err *err)
{
	struct sf_seq_checker ck;
	enum sf_seq_field fld;

	memset(err, 0, sizeof(*err));
	if (sf_seq_check_header(s, err->msg, sizeof(err->msg)))
		return -1;
	sf_seq_checker_init(&ck);
	for (size_t i = 0; i < s->nops; i++) {
		if (sf_seq_check_op(s, &s->ops[i], &ck, &fld, err->msg, sizeof(err->msg))) {
			err->line = (unsigned)(i + 1);
			return -1;
		}
	}
	return 0;
}

/*
 * A write's value is, from the top bit down: 1 (so never 0), 31 bits of a
 * hash of the program seed, then the 32-bit op index. Within a program
 * every op index gives a different value, and a value seen in memory names
 * the op that wrote it; across programs the seed tag tells them apart.
 */
uint64_t sf_seq_value(const struct sf_seq *s, size_t op_index)
{
	uint64_t x = s->seed;
	uint64_t tag = sf_splitmix64(&x) & 0x7fffffffull;

	return (1ull << 63) | (tag << 32) | (uint32_t)op_index;
}
