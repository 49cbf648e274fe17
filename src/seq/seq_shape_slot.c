/*
 * The shapes of KVM memslot changes: "slot page+n flags" (slot-add),
 * "slot" (slot-del, dirty-check) and "slot flags" (slot-flags).
 */
#include <stdio.h>
#include "seq_shape.h"

/* memslot flags are the ro and log bits: 4 sets */
#define SLOT_FLAG_SETS 4

static int parse_slot_id(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	if (sf_args_next(a, "slot", &t))
		return -1;
	a->col[SF_FLD_ARG0] = t->col;
	return sf_tok_num(a->l, t, UINT32_MAX, "slot", &op->arg0);
}

static int parse_flags(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	if (sf_args_next(a, "slot flags", &t))
		return -1;
	a->col[SF_FLD_ARG1] = t->col;
	return sf_tok_name(a->l, t, "slot flags", sf_slot_flags_at, 0, SLOT_FLAG_SETS,
			   &op->arg1);
}

/* slot page+n flags */
static int check_add(const struct sf_seq *s, const struct sf_seq_op *op,
		     struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (sf_check_slot(op->arg0, fld, msg, n) || sf_check_slot_flags(op->arg1, fld, msg, n))
		return -1;
	return sf_check_unused(op, 1, 1, 1, fld, msg, n);
}

static int parse_add(struct sf_args *a, struct sf_seq_op *op)
{
	return parse_slot_id(a, op) || sf_args_range(a, op) || parse_flags(a, op) ? -1 : 0;
}

static void print_add(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u %u+%u %s", op->arg0, op->page, op->npages,
		     sf_slot_flags_name(op->arg1));
}

static void decode_add(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	o->arg0 = sf_bytes_below(r, SF_SEQ_MAX_SLOTS);
	sf_bytes_range(r, s, o);
	o->arg1 = sf_bytes_below(r, SLOT_FLAG_SETS);
}

const struct sf_shape_ops sf_shape_slot_add = {
	.range = SF_RANGE_LATER,
	.check = check_add,
	.parse = parse_add,
	.print = print_add,
	.decode = decode_add,
	SF_SHAPE_PLAIN_RANGE,
};

/* slot */
static int check_slot(const struct sf_seq *s, const struct sf_seq_op *op,
		      struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (sf_check_slot(op->arg0, fld, msg, n))
		return -1;
	return sf_check_unused(op, 0, 1, 0, fld, msg, n);
}

static void print_slot(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u", op->arg0);
}

static void decode_slot(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	(void)s;
	o->arg0 = sf_bytes_below(r, SF_SEQ_MAX_SLOTS);
}

const struct sf_shape_ops sf_shape_slot = {
	.range = SF_RANGE_NONE,
	.check = check_slot,
	.parse = parse_slot_id,
	.print = print_slot,
	.decode = decode_slot,
};

/* slot flags */
static int check_flags(const struct sf_seq *s, const struct sf_seq_op *op,
		       struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (sf_check_slot(op->arg0, fld, msg, n) || sf_check_slot_flags(op->arg1, fld, msg, n))
		return -1;
	return sf_check_unused(op, 0, 1, 1, fld, msg, n);
}

static int parse_slot_flags(struct sf_args *a, struct sf_seq_op *op)
{
	return parse_slot_id(a, op) || parse_flags(a, op) ? -1 : 0;
}

static void print_flags(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u %s", op->arg0, sf_slot_flags_name(op->arg1));
}

static void decode_flags(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	(void)s;
	o->arg0 = sf_bytes_below(r, SF_SEQ_MAX_SLOTS);
	o->arg1 = sf_bytes_below(r, SLOT_FLAG_SETS);
}

const struct sf_shape_ops sf_shape_slot_flags = {
	.range = SF_RANGE_NONE,
	.check = check_flags,
	.parse = parse_slot_flags,
	.print = print_flags,
	.decode = decode_flags,
};
