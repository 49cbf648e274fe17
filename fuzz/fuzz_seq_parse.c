/*
 * libFuzzer target: bytes -> sf_seq_parse. Whatever parses must also
 * validate, print, parse back to the same program field by field, and
 * print identically again (the round-trip property reproducers rely on).
 * Any violation aborts with the two texts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const struct sf_seq_err *err, const char *a, const char *b)
{
	fprintf(stderr, "fuzz_seq_parse: %s\n", what);
	if (err)
		fprintf(stderr, "  line %u, column %u: %s\n", err->line, err->col, err->msg);
	if (a)
		fprintf(stderr, "--- first print:\n%s", a);
	if (b)
		fprintf(stderr, "--- second print:\n%s", b);
	abort();
}

static int same_program(const struct sf_seq *x, const struct sf_seq *y)
{
	return x->version == y->version && x->arena_pages == y->arena_pages &&
	       x->nthreads == y->nthreads && x->seed == y->seed &&
	       !strcmp(x->backend, y->backend) && !strcmp(x->knob, y->knob) &&
	       !strcmp(x->arch, y->arch) && !strcmp(x->expect, y->expect) &&
	       x->nops == y->nops &&
	       (!x->nops || !memcmp(x->ops, y->ops, x->nops * sizeof(*x->ops)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_seq first, again;
	struct sf_seq_err err;
	char *t1, *t2;

	if (sf_seq_parse((const char *)data, size, &first, &err))
		return 0;
	if (sf_seq_validate(&first, &err))
		die("a parsed program does not validate", &err, NULL, NULL);
	t1 = sf_seq_print(&first);
	if (!t1)
		die("print failed", NULL, NULL, NULL);
	if (sf_seq_parse(t1, strlen(t1), &again, &err))
		die("the printed program does not parse", &err, t1, NULL);
	if (!same_program(&first, &again))
		die("parse(print(p)) differs from p", NULL, t1, NULL);
	t2 = sf_seq_print(&again);
	if (!t2 || strcmp(t1, t2))
		die("print(parse(print(p))) differs from print(p)", NULL, t1, t2);
	free(t1);
	free(t2);
	sf_seq_free(&first);
	sf_seq_free(&again);
	return 0;
}
