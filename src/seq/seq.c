/*
 * Sequence programs in memory: growth, the range and argument checks that
 * define a valid program, and the values write ops store.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "state.h"
#include "rng.h"
#include "seq.h"
#include "seq_priv.h"

#define OP_SHAPE(e, nm, cl, shape) [SF_OP_##e] = SF_SH_##shape,
static const uint8_t shapes[SF_OP__COUNT] = {
	SF_OP_LIST(OP_SHAPE)
};
#undef OP_SHAPE

enum sf_shape sf_seq_shape(unsigned op)
{
	return op < SF_OP__COUNT ? (enum sf_shape)shapes[op] : SF_SH_NONE;
}

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

/* The failing field and its message, or 0 when fine: keeps each check one line. */
#define FAIL(f, ...) do { *fld = (f); snprintf(msg, n, __VA_ARGS__); return -1; } while (0)

static int check_range(const struct sf_seq *s, uint32_t page, uint32_t npages,
		       enum sf_seq_field f, enum sf_seq_field *fld, char *msg, size_t n)
{
	if (npages < 1)
		FAIL(f, "range %u+%u is empty", page, npages);
	if ((uint64_t)page + npages > s->arena_pages)
		FAIL(f, "pages %u+%u reach past the arena (%u pages)", page, npages,
		     s->arena_pages);
	return 0;
}

static int check_unused(const struct sf_seq_op *op, int range, int a0, int a1,
			enum sf_seq_field *fld, char *msg, size_t n)
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

static int check_mremap(const struct sf_seq *s, const struct sf_seq_op *op,
			enum sf_seq_field *fld, char *msg, size_t n)
{
	uint32_t fl = op->arg2;

	if (fl != 0 && fl != SF_MREMAP_MOVE && fl != (SF_MREMAP_MOVE | SF_MREMAP_DONTUNMAP))
		FAIL(SF_FLD_ARG2, "mremap flags %u are not none, move or move+dontunmap", fl);
	if (!(fl & SF_MREMAP_MOVE) && op->arg1 != op->page)
		FAIL(SF_FLD_ARG1, "mremap without move must keep its page (%u, not %u)",
		     op->page, op->arg1);
	if (op->arg0 < 1)
		FAIL(SF_FLD_ARG0, "mremap new size 0 is empty");
	if ((uint64_t)op->arg1 + op->arg0 > s->arena_pages)
		FAIL((fl & SF_MREMAP_MOVE) ? SF_FLD_ARG1 : SF_FLD_ARG0,
		     "mremap result %u+%u reaches past the arena (%u pages)",
		     op->arg1, op->arg0, s->arena_pages);
	return 0;
}

static int check_slot(uint32_t slot, enum sf_seq_field *fld, char *msg, size_t n)
{
	if (slot >= SF_SEQ_MAX_SLOTS)
		FAIL(SF_FLD_ARG0, "slot %u is not below %u", slot, SF_SEQ_MAX_SLOTS);
	return 0;
}

static int check_slot_flags(uint32_t flags, enum sf_seq_field *fld, char *msg, size_t n)
{
	if (flags > (SF_SLOT_RO | SF_SLOT_LOG))
		FAIL(SF_FLD_ARG1, "slot flags %u are not rw, ro, log or ro,log", flags);
	return 0;
}

static int check_number(const struct sf_seq_op *op, struct sf_seq_checker *ck,
			enum sf_seq_field *fld, char *msg, size_t n)
{
	if (op->op == SF_OP_DELAY) {
		if (op->arg0 > SF_SEQ_MAX_DELAY)
			FAIL(SF_FLD_ARG0, "delay %u ns is more than %u", op->arg0, SF_SEQ_MAX_DELAY);
		return 0;
	}
	/*
	 * Barrier ids must increase along each thread: then no set of
	 * threads can wait for each other in a cycle, so a replay of any
	 * valid program cannot deadlock on its barriers.
	 */
	if (ck->seen_barrier[op->thread] && op->arg0 <= ck->last_barrier[op->thread])
		FAIL(SF_FLD_ARG0, "barrier %u of thread %u does not follow its barrier %u "
		     "(a thread's barrier ids must increase)", op->arg0, op->thread,
		     ck->last_barrier[op->thread]);
	ck->seen_barrier[op->thread] = 1;
	ck->last_barrier[op->thread] = op->arg0;
	return 0;
}

void sf_seq_checker_init(struct sf_seq_checker *ck)
{
	memset(ck, 0, sizeof(*ck));
}

int sf_seq_check_op(const struct sf_seq *s, const struct sf_seq_op *op,
		    struct sf_seq_checker *ck, enum sf_seq_field *fld, char *msg, size_t n)
{
	if (op->op >= SF_OP__COUNT)
		FAIL(SF_FLD_VERB, "unknown op %u", op->op);
	if (op->thread >= s->nthreads)
		FAIL(SF_FLD_THREAD, "thread %u is not below threads %u", op->thread, s->nthreads);

	enum sf_shape sh = sf_seq_shape(op->op);

	if ((sf_shape_leads_with_range(sh) || sh == SF_SH_SLOT_ADD) &&
	    check_range(s, op->page, op->npages, SF_FLD_RANGE, fld, msg, n))
		return -1;
	switch (sh) {
	case SF_SH_NONE:
		return check_unused(op, 0, 0, 0, fld, msg, n);
	case SF_SH_RANGE:
		return check_unused(op, 1, 0, 0, fld, msg, n);
	case SF_SH_RANGE_PROT:
		if (op->arg0 > (SF_PROT_R | SF_PROT_W | SF_PROT_X))
			FAIL(SF_FLD_ARG0, "prot %u is not a set of r, w, x", op->arg0);
		return check_unused(op, 1, 1, 0, fld, msg, n);
	case SF_SH_RANGE_MMAP:
		if (op->arg0 == SF_BK_NONE || op->arg0 >= SF_BK__COUNT)
			FAIL(SF_FLD_ARG0, "backing %u is not one a page can be mapped with", op->arg0);
		if (op->arg1 > (SF_PROT_R | SF_PROT_W | SF_PROT_X))
			FAIL(SF_FLD_ARG1, "prot %u is not a set of r, w, x", op->arg1);
		return check_unused(op, 1, 1, 1, fld, msg, n);
	case SF_SH_RANGE_MREMAP:
		return check_mremap(s, op, fld, msg, n);
	case SF_SH_RANGE_ADVICE:
		if (op->arg0 >= SF_ADV__COUNT)
			FAIL(SF_FLD_ARG0, "advice %u is unknown", op->arg0);
		return check_unused(op, 1, 1, 0, fld, msg, n);
	case SF_SH_RANGE_ONOFF:
		if (op->arg0 > 1)
			FAIL(SF_FLD_ARG0, "%u is not on (1) or off (0)", op->arg0);
		return check_unused(op, 1, 1, 0, fld, msg, n);
	case SF_SH_RANGE_NODE:
		if (op->arg0 > SF_SEQ_MAX_NODE)
			FAIL(SF_FLD_ARG0, "node %u is more than %u", op->arg0, SF_SEQ_MAX_NODE);
		return check_unused(op, 1, 1, 0, fld, msg, n);
	case SF_SH_SLOT_ADD:
		if (check_slot(op->arg0, fld, msg, n) || check_slot_flags(op->arg1, fld, msg, n))
			return -1;
		return check_unused(op, 1, 1, 1, fld, msg, n);
	case SF_SH_SLOT:
		if (check_slot(op->arg0, fld, msg, n))
			return -1;
		return check_unused(op, 0, 1, 0, fld, msg, n);
	case SF_SH_SLOT_FLAGS:
		if (check_slot(op->arg0, fld, msg, n) || check_slot_flags(op->arg1, fld, msg, n))
			return -1;
		return check_unused(op, 0, 1, 1, fld, msg, n);
	case SF_SH_ACCESS:
		if (op->npages != 1)
			FAIL(SF_FLD_RANGE, "an access covers 1 page, not %u", op->npages);
		if (op->page >= s->arena_pages)
			FAIL(SF_FLD_RANGE, "page %u is outside the arena (%u pages)", op->page,
			     s->arena_pages);
		if (op->arg0 >= SF_WORDS_PER_PAGE)
			FAIL(SF_FLD_ARG0, "word %u is not below %u", op->arg0, SF_WORDS_PER_PAGE);
		return check_unused(op, 1, 1, 0, fld, msg, n);
	case SF_SH_NUMBER:
		if (check_unused(op, 0, 1, 0, fld, msg, n))
			return -1;
		return check_number(op, ck, fld, msg, n);
	}
	FAIL(SF_FLD_VERB, "op %u has no known shape", op->op);
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
