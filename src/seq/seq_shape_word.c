/*
 * The shapes of one number or one word: an access ("page.word"), a
 * barrier ("id") and a delay ("ns").
 */
#include <stdio.h>
#include "state.h"
#include "seq_shape.h"

#define FAIL SF_FAIL

/* a decoded delay: 2 bytes of 8 ns steps, up to about 0.5 ms, short against a run */
#define DEC_DELAY_BYTES 2
#define DEC_DELAY_STEP_NS 8

/* page.word */
static int check_access(const struct sf_seq *s, const struct sf_seq_op *op,
			struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)ck;
	if (op->npages != 1)
		FAIL(SF_FLD_RANGE, "an access covers 1 page, not %u", op->npages);
	if (op->page >= s->arena_pages)
		FAIL(SF_FLD_RANGE, "page %u is outside the arena (%u pages)", op->page,
		     s->arena_pages);
	if (op->arg0 >= SF_WORDS_PER_PAGE)
		FAIL(SF_FLD_ARG0, "word %u is not below %u", op->arg0, SF_WORDS_PER_PAGE);
	return sf_check_unused(op, 1, 1, 0, fld, msg, n);
}

static int parse_access(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	if (sf_args_next(a, "PAGE.WORD", &t))
		return -1;
	a->col[SF_FLD_RANGE] = t->col;
	a->col[SF_FLD_ARG0] = t->col;
	if (sf_tok_pair(a->l, t, '.', "access", &op->page, &op->arg0))
		return -1;
	op->npages = 1;
	return 0;
}

static void print_access(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u.%u", op->page, op->arg0);
}

static void decode_access(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	o->page = sf_bytes_below(r, s->arena_pages);
	o->npages = 1;
	o->arg0 = sf_bytes_below(r, SF_WORDS_PER_PAGE);
}

const struct sf_shape_ops sf_shape_access = {
	.range = SF_RANGE_NONE,
	.check = check_access,
	.parse = parse_access,
	.print = print_access,
	.decode = decode_access,
	.span = sf_range_span,
	.shift = sf_range_shift,
};

/* One number in arg0: what barrier and delay print. */
static void print_number(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u", op->arg0);
}

static int parse_number(struct sf_args *a, struct sf_seq_op *op, const char *what)
{
	const struct sf_tok *t;

	if (sf_args_next(a, what, &t))
		return -1;
	a->col[SF_FLD_ARG0] = t->col;
	return sf_tok_num(a->l, t, UINT32_MAX, a->verb, &op->arg0);
}

/* barrier id */
static int check_barrier(const struct sf_seq *s, const struct sf_seq_op *op,
			 struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s;
	if (sf_check_unused(op, 0, 1, 0, fld, msg, n))
		return -1;
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

static int parse_barrier(struct sf_args *a, struct sf_seq_op *op)
{
	return parse_number(a, op, "barrier id");
}

static void decode_barrier(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	(void)s;
	o->arg0 = sf_bytes_barrier(r, o->thread);
}

const struct sf_shape_ops sf_shape_barrier = {
	.range = SF_RANGE_NONE,
	.check = check_barrier,
	.parse = parse_barrier,
	.print = print_number,
	.decode = decode_barrier,
};

/* delay ns */
static int check_delay(const struct sf_seq *s, const struct sf_seq_op *op,
		       struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (sf_check_unused(op, 0, 1, 0, fld, msg, n))
		return -1;
	if (op->arg0 > SF_SEQ_MAX_DELAY)
		FAIL(SF_FLD_ARG0, "delay %u ns is more than %u", op->arg0, SF_SEQ_MAX_DELAY);
	return 0;
}

static int parse_delay(struct sf_args *a, struct sf_seq_op *op)
{
	return parse_number(a, op, "delay (ns)");
}

static void decode_delay(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	(void)s;
	o->arg0 = sf_bytes_take(r, DEC_DELAY_BYTES) * DEC_DELAY_STEP_NS;
}

const struct sf_shape_ops sf_shape_delay = {
	.range = SF_RANGE_NONE,
	.check = check_delay,
	.parse = parse_delay,
	.print = print_number,
	.decode = decode_delay,
};
