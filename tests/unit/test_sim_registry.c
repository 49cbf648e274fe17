/* The registry lists the sim with its eight knobs, and open() refuses what it does not know. */
#include "backend.h"
#include "ops.h"
#include "tap.h"

static const char *const knobs[] = {
	"no-upgrade-inval", "no-downgrade-inval", "range-end-off-by-one",
	"range-start-equals-end", "skip-multi-vma", "inval-before-pte-change",
	"stale-after-cow", "ioas-unmap-skips-domain",
};

static int opens(const struct sf_backend_ops *be, const char *knob, const char *arch)
{
	struct sf_dev_opts o = { .knob = knob, .arch = arch };
	struct sf_dev *d = NULL;
	char err[160] = "";
	int ret = be->open(&d, &o, err, sizeof(err));

	if (!ret)
		be->close(d);
	else
		CHECK(err[0] != '\0');	/* a refusal says why */
	return ret == 0;
}

int main(void)
{
	const struct sf_backend_ops *be = sf_backend_find("sim");
	char why[64];

	CHECK(be != NULL);
	if (!be)
		return tap_done();
	CHECK(be->flags & SF_BE_SIM);
	CHECK(be->sem == SF_SEM_MIRROR);
	CHECK(sf_backend_auto() != NULL);
	CHECK(sf_backend_find("no-such-backend") == NULL);
	CHECK_EQ(be->probe(why, sizeof(why)), 0);
	for (unsigned i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		CHECK(sf_backend_has_knob(be, knobs[i]));
		CHECK(opens(be, knobs[i], NULL));
	}
	CHECK(!sf_backend_has_knob(be, "no-such-knob"));
	CHECK(!opens(be, "no-such-knob", NULL));
	CHECK(opens(be, NULL, "vtd"));
	CHECK(opens(be, "", "smmuv3"));
	CHECK(!opens(be, NULL, "mips"));
	/* the sim is not KVM: no memslot ops */
	CHECK(!(be->ops_supported & (1ull << SF_OP_SLOT_ADD)));
	CHECK(!(be->ops_supported & (1ull << SF_OP_DIRTY_CHECK)));
	CHECK(be->ops_supported & (1ull << SF_OP_FORK));
	CHECK(be->ops_supported & (1ull << SF_OP_DEV_WRITE));
	return tap_done();
}
