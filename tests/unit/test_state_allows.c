/* sf_pstate_allows: the outcome rules of every state kind. */
#include <string.h>
#include "tap.h"
#include "state.h"
#include "ops.h"

#define OK SF_ALLOW(SF_OK)
#define FA SF_ALLOW(SF_FAULT)

static unsigned al(unsigned backing, unsigned prot, unsigned flags, bool w, enum sf_semantics sem)
{
	struct sf_pstate s = { .backing = (uint8_t)backing, .prot = (uint8_t)prot,
			       .flags = (uint8_t)flags, .obj = 1 };
	return sf_pstate_allows(&s, w, sem);
}

int main(void)
{
	const unsigned A = SF_BK_ANON_PRIVATE, M = SF_SEM_MIRROR;
	char buf[96];
	struct sf_pstate s = { .backing = SF_BK_MEMFD_SHARED, .prot = SF_PROT_R,
			       .flags = SF_PS_COW | SF_PS_UFFD_WP, .obj = 12 };

	CHECK_EQ(al(SF_BK_NONE, 3, 0, false, M), FA);
	CHECK_EQ(al(SF_BK_NONE, 3, 0, true, M), FA);
	CHECK_EQ(al(A, 3, SF_PS_UNKNOWN, true, M), OK | FA);
	CHECK_EQ(al(SF_BK_NONE, 0, SF_PS_UNKNOWN, false, M), OK | FA);
	CHECK_EQ(al(A, SF_PROT_R, 0, false, M), OK);
	CHECK_EQ(al(A, SF_PROT_R, 0, true, M), FA);
	CHECK_EQ(al(A, 0, 0, false, M), FA);
	CHECK_EQ(al(A, SF_PROT_W, 0, false, M), OK | FA);
	CHECK_EQ(al(A, SF_PROT_X, 0, false, M), OK | FA);
	CHECK_EQ(al(A, SF_PROT_X, 0, true, M), FA);
	CHECK_EQ(al(A, 3, 0, true, M), OK);
	CHECK_EQ(al(A, 3, SF_PS_UFFD_WP, true, M), OK | FA);
	CHECK_EQ(al(A, 3, SF_PS_UFFD_WP, false, M), OK);
	CHECK_EQ(al(A, 3, SF_PS_NO_SLOT, false, M), FA);
	CHECK_EQ(al(A, 3, SF_PS_SLOT_RO, true, M), FA);
	CHECK_EQ(al(A, 3, SF_PS_SLOT_RO, false, M), OK);
	CHECK_EQ(al(A, 3, SF_PS_SLOT_UNKNOWN, false, M), OK | FA);
	CHECK_EQ(al(A, 3, SF_PS_COW, true, M), OK);	/* COW is broken by the fault handler */
	CHECK_EQ(al(SF_BK_NONE, 0, 0, true, SF_SEM_PINNED), OK);
	CHECK_EQ(al(A, 0, 0, false, SF_SEM_PINNED), OK);
	/* vfio's IOVA gate in front of pinned pages: unmapped IOVAs and read-only maps refuse */
	CHECK_EQ(al(SF_BK_NONE, 0, SF_PS_NO_SLOT, false, SF_SEM_PINNED), FA);
	CHECK_EQ(al(A, 3, SF_PS_NO_SLOT, true, SF_SEM_PINNED), FA);
	CHECK_EQ(al(A, 0, SF_PS_SLOT_RO, true, SF_SEM_PINNED), FA);
	CHECK_EQ(al(SF_BK_NONE, 0, SF_PS_SLOT_RO, false, SF_SEM_PINNED), OK);
	CHECK_EQ(al(A, 3, SF_PS_SLOT_UNKNOWN, true, SF_SEM_PINNED), OK | FA);
	/*
	 * hmm_range_fault refuses a VMA without read right whole (W-only,
	 * X-only); an exclusive entry taken on a W-only page reads
	 */
	CHECK_EQ(al(A, SF_PROT_W, 0, true, SF_SEM_HMM), FA);
	CHECK_EQ(al(A, SF_PROT_W | SF_PROT_X, 0, true, SF_SEM_HMM), FA);
	CHECK_EQ(al(A, SF_PROT_W, 0, false, SF_SEM_HMM), OK | FA);
	CHECK_EQ(al(A, SF_PROT_X, 0, false, SF_SEM_HMM), FA);
	CHECK_EQ(al(A, 3, 0, true, SF_SEM_HMM), OK);
	CHECK_EQ(al(A, SF_PROT_R, 0, false, SF_SEM_HMM), OK);
	CHECK_EQ(al(A, 3, SF_PS_UFFD_WP, true, SF_SEM_HMM), OK | FA);

	sf_pstate_str(&s, buf, sizeof(buf));
	CHECK(strcmp(buf, "memfd-shared r obj=12 uffd-wp cow") == 0);
	s.obj = SF_OBJ_UNKNOWN;
	CHECK(strstr(sf_pstate_str(&s, buf, sizeof(buf)), "obj=?") != NULL);
	CHECK(strlen(sf_pstate_str(&s, buf, 8)) == 7);	/* truncates safely */
	s.backing = SF_BK_NONE;
	CHECK(strcmp(sf_pstate_str(&s, buf, sizeof(buf)), "none uffd-wp cow") == 0);
	return tap_done();
}
