/*
 * The shapes of CPU-side mutations of a page range: "page+n" alone or
 * followed by one attribute (prot, backing and prot, advice, on|off,
 * NUMA node), and compact's empty shape. mremap, which moves its range,
 * is in seq_shape_mremap.c.
 */
#include <stdio.h>
#include "seq_shape.h"

#define FAIL SF_FAIL

/* the NUMA nodes a decoded migrate picks from: the few a test machine has */
#define DEC_NODES 4
/* prot values are the r, w, x bits: 8 sets */
#define PROT_SETS 8

static int parse_nothing(struct sf_args *a, struct sf_seq_op *op)
{
	(void)a, (void)op;
	return 0;
}

static void print_nothing(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	(void)b, (void)op;
}

static void decode_nothing(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	(void)r, (void)s, (void)o;
}

/* page+n and a name in arg0, one of names[0, count) */
static int parse_range_name(struct sf_args *a, struct sf_seq_op *op, const char *what,
			    sf_name_fn name, unsigned count)
{
	const struct sf_tok *t;

	if (sf_args_range(a, op) || sf_args_next(a, what, &t))
		return -1;
	a->col[SF_FLD_ARG0] = t->col;
	return sf_tok_name(a->l, t, what, name, 0, count, &op->arg0);
}

/* compact: no arguments */
static int check_none(const struct sf_seq *s, const struct sf_seq_op *op,
		      struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	return sf_check_unused(op, 0, 0, 0, fld, msg, n);
}

const struct sf_shape_ops sf_shape_none = {
	.range = SF_RANGE_NONE,
	.check = check_none,
	.parse = parse_nothing,
	.print = print_nothing,
	.decode = decode_nothing,
};

/* page+n */
static int check_range_only(const struct sf_seq *s, const struct sf_seq_op *op,
			    struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	return sf_check_unused(op, 1, 0, 0, fld, msg, n);
}

static void print_range(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u+%u", op->page, op->npages);
}

const struct sf_shape_ops sf_shape_range = {
	.range = SF_RANGE_FIRST,
	.check = check_range_only,
	.parse = sf_args_range,
	.print = print_range,
	.decode = sf_bytes_range,
	SF_SHAPE_PLAIN_RANGE,
};

/* page+n prot */
static int check_prot(const struct sf_seq *s, const struct sf_seq_op *op,
		      struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (sf_check_prot(op->arg0, SF_FLD_ARG0, fld, msg, n))
		return -1;
	return sf_check_unused(op, 1, 1, 0, fld, msg, n);
}

static int parse_prot(struct sf_args *a, struct sf_seq_op *op)
{
	return parse_range_name(a, op, "prot", sf_prot_at, PROT_SETS);
}

static void print_prot(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u+%u %s", op->page, op->npages, sf_prot_name(op->arg0));
}

static void decode_prot(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	sf_bytes_range(r, s, o);
	o->arg0 = sf_bytes_below(r, PROT_SETS);
}

const struct sf_shape_ops sf_shape_range_prot = {
	.range = SF_RANGE_FIRST,
	.check = check_prot,
	.parse = parse_prot,
	.print = print_prot,
	.decode = decode_prot,
	SF_SHAPE_PLAIN_RANGE,
};

/* page+n backing prot */
static int check_mmap(const struct sf_seq *s, const struct sf_seq_op *op,
		      struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (op->arg0 == SF_BK_NONE || op->arg0 >= SF_BK__COUNT)
		FAIL(SF_FLD_ARG0, "backing %u is not one a page can be mapped with", op->arg0);
	if (sf_check_prot(op->arg1, SF_FLD_ARG1, fld, msg, n))
		return -1;
	return sf_check_unused(op, 1, 1, 1, fld, msg, n);
}

static int parse_mmap(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	if (sf_args_range(a, op) || sf_args_next(a, "backing", &t))
		return -1;
	a->col[SF_FLD_ARG0] = t->col;
	if (sf_tok_name(a->l, t, "backing", sf_backing_at, SF_BK_NONE + 1, SF_BK__COUNT,
			&op->arg0) ||
	    sf_args_next(a, "prot", &t))
		return -1;
	a->col[SF_FLD_ARG1] = t->col;
	return sf_tok_name(a->l, t, "prot", sf_prot_at, 0, PROT_SETS, &op->arg1);
}

static void print_mmap(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u+%u %s %s", op->page, op->npages, sf_backing_name(op->arg0),
		     sf_prot_name(op->arg1));
}

static void decode_mmap(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	sf_bytes_range(r, s, o);
	o->arg0 = 1 + sf_bytes_below(r, SF_BK__COUNT - 1);	/* never SF_BK_NONE */
	o->arg1 = sf_bytes_below(r, PROT_SETS);
}

const struct sf_shape_ops sf_shape_range_mmap = {
	.range = SF_RANGE_FIRST,
	.check = check_mmap,
	.parse = parse_mmap,
	.print = print_mmap,
	.decode = decode_mmap,
	SF_SHAPE_PLAIN_RANGE,
};

/* page+n advice */
static int check_advice(const struct sf_seq *s, const struct sf_seq_op *op,
			struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (op->arg0 >= SF_ADV__COUNT)
		FAIL(SF_FLD_ARG0, "advice %u is unknown", op->arg0);
	return sf_check_unused(op, 1, 1, 0, fld, msg, n);
}

static int parse_advice(struct sf_args *a, struct sf_seq_op *op)
{
	return parse_range_name(a, op, "advice", sf_advice_at, SF_ADV__COUNT);
}

static void print_advice(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u+%u %s", op->page, op->npages, sf_advice_name(op->arg0));
}

static void decode_advice(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	sf_bytes_range(r, s, o);
	o->arg0 = sf_bytes_below(r, SF_ADV__COUNT);
}

const struct sf_shape_ops sf_shape_range_advice = {
	.range = SF_RANGE_FIRST,
	.check = check_advice,
	.parse = parse_advice,
	.print = print_advice,
	.decode = decode_advice,
	SF_SHAPE_PLAIN_RANGE,
};

/* page+n on|off */
static int check_onoff(const struct sf_seq *s, const struct sf_seq_op *op,
		       struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (op->arg0 > 1)
		FAIL(SF_FLD_ARG0, "%u is not on (1) or off (0)", op->arg0);
	return sf_check_unused(op, 1, 1, 0, fld, msg, n);
}

static int parse_onoff(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	if (sf_args_range(a, op) || sf_args_next(a, "on or off", &t))
		return -1;
	if (sf_tok_is(t, "on"))
		op->arg0 = 1;
	else if (!sf_tok_is(t, "off"))
		return sf_line_fail(a->l, t->col, "%s: " TOKF " is not on or off", a->verb,
				    TOKA(t));
	return 0;
}

static void print_onoff(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u+%u %s", op->page, op->npages, op->arg0 ? "on" : "off");
}

static void decode_onoff(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	sf_bytes_range(r, s, o);
	o->arg0 = sf_bytes_below(r, 2);
}

const struct sf_shape_ops sf_shape_range_onoff = {
	.range = SF_RANGE_FIRST,
	.check = check_onoff,
	.parse = parse_onoff,
	.print = print_onoff,
	.decode = decode_onoff,
	SF_SHAPE_PLAIN_RANGE,
};

/* page+n node */
static int check_node(const struct sf_seq *s, const struct sf_seq_op *op,
		      struct sf_seq_checker *ck, SF_CHECK_ARGS)
{
	(void)s, (void)ck;
	if (op->arg0 > SF_SEQ_MAX_NODE)
		FAIL(SF_FLD_ARG0, "node %u is more than %u", op->arg0, SF_SEQ_MAX_NODE);
	return sf_check_unused(op, 1, 1, 0, fld, msg, n);
}

static int parse_node(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	if (sf_args_range(a, op) || sf_args_next(a, "NUMA node", &t))
		return -1;
	a->col[SF_FLD_ARG0] = t->col;
	return sf_tok_num(a->l, t, UINT32_MAX, "node", &op->arg0);
}

static void print_node(struct sf_sbuf *b, const struct sf_seq_op *op)
{
	sf_sb_printf(b, " %u+%u %u", op->page, op->npages, op->arg0);
}

static void decode_node(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	sf_bytes_range(r, s, o);
	o->arg0 = sf_bytes_below(r, DEC_NODES);
}

const struct sf_shape_ops sf_shape_range_node = {
	.range = SF_RANGE_FIRST,
	.check = check_node,
	.parse = parse_node,
	.print = print_node,
	.decode = decode_node,
	SF_SHAPE_PLAIN_RANGE,
};
