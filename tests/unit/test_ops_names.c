/* The op table: every name maps back to its value, names are distinct, classes are right. */
#include <string.h>
#include "ops.h"
#include "tap.h"

static const char *const expected_ops[] = {
	"mprotect", "munmap", "mmap", "mremap", "madvise", "punch", "fork", "uffd-wp",
	"migrate", "mlock", "munlock", "compact", "slot-add", "slot-del", "slot-flags",
	"dirty-check", "dev-read", "dev-write", "cpu-read", "cpu-write", "barrier", "delay",
	"migrate-to-dev", "migrate-to-sys", "exclusive",
	"ioas-map", "ioas-unmap", "ioas-copy",
};

int main(void)
{
	CHECK_EQ(sizeof(expected_ops) / sizeof(expected_ops[0]), SF_OP__COUNT);
	for (unsigned i = 0; i < SF_OP__COUNT; i++) {
		CHECK(!strcmp(sf_op_name(i), expected_ops[i]));
		CHECK_EQ(sf_op_from_name(expected_ops[i]), i);
	}
	CHECK_EQ(sf_op_from_name("mprotect "), -1);
	CHECK_EQ(sf_op_from_name("nosuch"), -1);
	CHECK_EQ(sf_op_class(SF_OP_HMM_TO_DEV), SF_CLS_SLOT);	/* backend-side, run by hmm */
	CHECK_EQ(sf_op_class(SF_OP_HMM_EXCL), SF_CLS_SLOT);
	CHECK_EQ(sf_op_from_name(NULL), -1);
	CHECK(!strcmp(sf_op_name(SF_OP__COUNT), "?"));

	CHECK_EQ(sf_op_class(SF_OP_MPROTECT), SF_CLS_MUTATION);
	CHECK_EQ(sf_op_class(SF_OP_COMPACT), SF_CLS_MUTATION);
	CHECK_EQ(sf_op_class(SF_OP_SLOT_ADD), SF_CLS_SLOT);
	CHECK_EQ(sf_op_class(SF_OP_DIRTY_CHECK), SF_CLS_SLOT);
	CHECK_EQ(sf_op_class(SF_OP_DEV_READ), SF_CLS_DEV_ACCESS);
	CHECK_EQ(sf_op_class(SF_OP_DEV_WRITE), SF_CLS_DEV_ACCESS);
	CHECK_EQ(sf_op_class(SF_OP_CPU_READ), SF_CLS_CPU_ACCESS);
	CHECK_EQ(sf_op_class(SF_OP_CPU_WRITE), SF_CLS_CPU_ACCESS);
	CHECK_EQ(sf_op_class(SF_OP_BARRIER), SF_CLS_CONTROL);
	CHECK_EQ(sf_op_class(SF_OP_DELAY), SF_CLS_CONTROL);

	const char *bk[] = { "none", "anon-private", "anon-shared", "memfd-shared", "file-shared" };

	for (unsigned i = 0; i < SF_BK__COUNT; i++) {
		CHECK(!strcmp(sf_backing_name(i), bk[i]));
		CHECK_EQ(sf_backing_from_name(bk[i]), i);
	}
	CHECK_EQ(sf_backing_from_name("anon"), -1);

	const char *adv[] = { "dontneed", "free", "cold", "pageout", "willneed", "hugepage",
			      "nohugepage", "collapse", "mergeable", "remove" };

	for (unsigned i = 0; i < SF_ADV__COUNT; i++) {
		CHECK(!strcmp(sf_advice_name(i), adv[i]));
		CHECK_EQ(sf_advice_from_name(adv[i]), i);
	}
	CHECK_EQ(sf_advice_from_name("DONTNEED"), -1);

	/* prot letters come in the order r, w, x */
	CHECK(!strcmp(sf_prot_name(0), "none"));
	CHECK(!strcmp(sf_prot_name(SF_PROT_R), "r"));
	CHECK(!strcmp(sf_prot_name(SF_PROT_R | SF_PROT_W), "rw"));
	CHECK(!strcmp(sf_prot_name(SF_PROT_W | SF_PROT_X), "wx"));
	CHECK(!strcmp(sf_prot_name(7), "rwx"));
	CHECK(!strcmp(sf_prot_name(8), "?"));
	for (unsigned p = 0; p < 8; p++)
		CHECK_EQ(sf_prot_from_name(sf_prot_name(p)), p);
	CHECK_EQ(sf_prot_from_name("wr"), -1);
	CHECK_EQ(sf_prot_from_name(""), -1);

	CHECK(!strcmp(sf_slot_flags_name(0), "rw"));
	CHECK(!strcmp(sf_slot_flags_name(SF_SLOT_RO | SF_SLOT_LOG), "ro,log"));
	for (unsigned f = 0; f < 4; f++)
		CHECK_EQ(sf_slot_flags_from_name(sf_slot_flags_name(f)), f);
	CHECK_EQ(sf_slot_flags_from_name("log,ro"), -1);
	return tap_done();
}
