/*
 * The worker table (src/workers/wk.h WK_WORKERS, workers.c) checked entry
 * by entry, as test_backend_table.c checks the backends: every CPU-side
 * mutation op of SF_OP_LIST has exactly one worker, named as the op, with
 * supported() and exec(); no other op has one (memslot changes are the
 * backend's, accesses the engine's).
 */
#include <string.h>
#include "ops.h"
#include "worker.h"
#include "tap.h"

int main(void)
{
	unsigned per_op[SF_OP__COUNT] = { 0 };

	for (const struct sf_worker *w = sf_workers; w->name; w++) {
		CHECK((unsigned)w->op < SF_OP__COUNT);
		if ((unsigned)w->op >= SF_OP__COUNT)
			continue;
		per_op[w->op]++;
		CHECK(!strcmp(w->name, sf_op_name(w->op)));
		CHECK(w->supported && w->exec);
		CHECK(sf_worker_for(w->op) == w);
	}
	for (unsigned op = 0; op < SF_OP__COUNT; op++) {
		if (per_op[op] != (sf_op_class(op) == SF_CLS_MUTATION))
			fprintf(stderr, "  %s: %u workers\n", sf_op_name(op), per_op[op]);
		CHECK_EQ(per_op[op], sf_op_class(op) == SF_CLS_MUTATION);
	}
	return tap_done();
}
