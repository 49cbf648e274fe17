/*
 * mremap's shape: "page+n new_n [move dst [dontunmap]]". The only op that
 * names two ranges: its source page+n and its result arg1+arg0, which is
 * the source page itself unless it moves (arg2 SF_MREMAP_*).
 */
#include <stdio.h>
#include "seq_shape.h"

#define FAIL SF_FAIL

static int check(const struct sf_seq *s, const struct sf_seq_op *op, struct sf_seq_checker *ck,
		 SF_CHECK_ARGS)
{
	uint32_t fl = op->arg2;

	(void)ck;
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

/* "move DST [dontunmap]" after the new size */
static int parse_move(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	a->col[SF_FLD_ARG2] = a->l->t[a->next].col;
	a->next++;
	if (sf_args_next(a, "destination page after 'move'", &t))
		return -1;
	a->col[SF_FLD_ARG1] = t->col;
	if (sf_tok_num(a->l, t, UINT32_MAX, "destination page", &op->arg1))
		return -1;
	op->arg2 = SF_MREMAP_MOVE;
	if (sf_args_peek(a, "dontunmap")) {
		op->arg2 |= SF_MREMAP_DONTUNMAP;
		a->next++;
	}
	return 0;
}

static int parse(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	if (sf_args_range(a, op) || sf_args_next(a, "new size (pages)", &t))
		return -1;
	a->col[SF_FLD_ARG0] = t->col;
	if (sf_tok_num(a->l, t, UINT32_MAX, "new size", &op->arg0))
		return -1;
	op->arg1 = op->page;
	if (sf_args_peek(a, "move"))
		return parse_move(a, op);
	if (sf_args_peek(a, "dontunmap"))
		return sf_line_fail(a->l, a->l->t[a->next].col,
				    "mremap: dontunmap needs 'move DST' before it");
	return 0;
}

static void print(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u+%u %u", op->page, op->npages, op->arg0);
	if (op->arg2 & SF_MREMAP_MOVE)
		sf_sb_printf(b, " move %u", op->arg1);
	if (op->arg2 & SF_MREMAP_DONTUNMAP)
		sf_sb_printf(b, " dontunmap");
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* The mode first, so one byte picks in place, move, or move + dontunmap. */
static void decode(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	uint32_t mode = sf_bytes_below(r, 3);

	sf_bytes_range(r, s, o);
	if (mode == 0) {
		o->arg0 = 1 + sf_bytes_below(r, min_u32(SF_DEC_MAX_RANGE,
							s->arena_pages - o->page));
		o->arg1 = o->page;
		return;
	}
	o->arg2 = mode == 1 ? SF_MREMAP_MOVE : SF_MREMAP_MOVE | SF_MREMAP_DONTUNMAP;
	o->arg0 = 1 + sf_bytes_below(r, min_u32(SF_DEC_MAX_RANGE, s->arena_pages));
	o->arg1 = sf_bytes_below(r, s->arena_pages - o->arg0 + 1);
}

/* An mremap in place keeps its page as its destination. */
static void set_range(struct sf_seq_op *op, uint32_t page, uint32_t n)
{
	if (!(op->arg2 & SF_MREMAP_MOVE))
		op->arg1 = page;
	sf_range_set(op, page, n);
}

static void span(const struct sf_seq_op *op, uint32_t *lo, uint32_t *end)
{
	sf_range_span(op, lo, end);
	if (op->arg1 < *lo)
		*lo = op->arg1;
	if (op->arg1 + op->arg0 > *end)
		*end = op->arg1 + op->arg0;
}

static void shift(struct sf_seq_op *op, uint32_t d)
{
	op->page -= d;
	op->arg1 -= d;
}

/* The new size: to one page, else to half. */
static int shrink(const struct sf_seq_op *op, unsigned k, struct sf_seq_op *out)
{
	uint32_t n = op->arg0;

	if (n < 2 || k > 1)
		return 0;
	*out = *op;
	out->arg0 = k == 0 ? 1 : n - n / 2;
	return 1;
}

const struct sf_shape_ops sf_shape_range_mremap = {
	.range = SF_RANGE_FIRST,
	.check = check,
	.parse = parse,
	.print = print,
	.decode = decode,
	.set_range = set_range,
	.span = span,
	.shift = shift,
	.shrink = shrink,
};
