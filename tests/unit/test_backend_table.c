/*
 * The backend registry checked entry by entry, as fio's check_engine_ops
 * does: every entry has what its kind needs (a device backend submit and
 * complete, a whole-program one run, a memslot one mutate, every runnable
 * one open/bind/unbind/stats/close), names are unique, knob lists end,
 * the planned ones (DESIGN.md §5, not built yet) cannot be opened and say
 * why, svaplant loss modes are known bits, and the registry holds every backend DESIGN.md names.
 */
#include <stdbool.h>
#include <string.h>
#include "ops.h"
#include "backend.h"
#include "tap.h"

static const char *const design_backends[] = {
	"sim", "kvm", "svatest", "hmm", "iommufd", "vfio", "idxd", "uacce", "uring", NULL,
};

static void check_runnable(const struct sf_backend_ops *b)
{
	CHECK(b->open && b->bind && b->unbind && b->stats && b->close);
	if (b->flags & SF_BE_SIM)
		CHECK(b->run != NULL);
	else
		CHECK(b->submit && b->complete);
	if (b->flags & SF_BE_SLOTS)
		CHECK(b->mutate != NULL);
	/* every runnable backend runs device accesses */
	CHECK(b->ops_supported & (1ull << SF_OP_DEV_READ));
	CHECK(b->ops_supported & (1ull << SF_OP_DEV_WRITE));
}

static void check_planned(const struct sf_backend_ops *b)
{
	char why[256] = "";

	CHECK(!b->open && !b->run && !b->submit);
	CHECK(b->probe && b->probe(why, sizeof(why)) != 0);
	CHECK(strstr(why, "not built yet") != NULL);
	CHECK(sf_backend_choose(b->name) == b);
	CHECK(sf_backend_auto() != b);
}

int main(void)
{
	unsigned n = 0;

	for (unsigned i = 0; sf_backends[i]; i++, n++) {
		const struct sf_backend_ops *b = sf_backends[i];
		unsigned k = 0;

		CHECK(b->name && b->name[0] && b->desc && b->desc[0] && b->probe);
		for (unsigned j = 0; j < i; j++)
			CHECK(strcmp(sf_backends[j]->name, b->name) != 0);
		CHECK(b->knobs != NULL);
		while (b->knobs && b->knobs[k] && k < 64)
			k++;
		CHECK(k < 64);
		/* svaplant modes: known bits only; the sim follows no notifier */
		CHECK((b->plant_sees & ~(SF_PLANT_SEES_SECONDARY_TLB | SF_PLANT_SEES_RANGE)) == 0);
		if (b->flags & SF_BE_SIM)
			CHECK_EQ(b->plant_sees, 0);
		if (b->flags & SF_BE_PLANNED)
			check_planned(b);
		else
			check_runnable(b);
		CHECK(sf_backend_find(b->name) == b);
	}
	CHECK(n >= 8);
	for (unsigned i = 0; design_backends[i]; i++)
		CHECK(sf_backend_find(design_backends[i]) != NULL);
	CHECK(sf_backend_choose("auto") == sf_backend_auto());
	CHECK(sf_backend_choose("") == sf_backend_auto());
	CHECK(sf_backend_choose("nonesuch") == NULL);
	/*
	 * the op list's masks: every op is in exactly one; the backend-side
	 * ops (class SLOT) are memslot ops, hmm's or the IOAS ones
	 */
	for (unsigned op = 0; op < SF_OP__COUNT; op++) {
		bool mm = SF_OPS_MM & SF_OPB(op), slot = SF_OPS_SLOTS & SF_OPB(op);
		bool hmm = SF_OPS_HMM & SF_OPB(op), ioas = SF_OPS_IOAS & SF_OPB(op);

		CHECK_EQ(mm + slot + hmm + ioas, 1);
		CHECK((slot || hmm || ioas) == (sf_op_class((enum sf_op)op) == SF_CLS_SLOT));
	}
	CHECK(!(sf_backend_find("kvm")->ops_supported & SF_OPS_HMM));
	CHECK((sf_backend_find("hmm")->ops_supported & SF_OPS_HMM) == SF_OPS_HMM);
	CHECK(!(sf_backend_find("hmm")->ops_supported & SF_OPS_SLOTS));
	return tap_done();
}
