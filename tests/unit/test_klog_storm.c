/* IOMMU page-fault lines: one is normal, more than the limit in a second is a storm. */
#include "klog.h"
#include "tap.h"

int main(void)
{
	struct sf_klog_storm s = { 0 };
	uint64_t t = 5000000000ull;	/* 5 s after boot */
	int storms = 0;

	CHECK(sf_klog_is_iommu_fault("AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0000 address=0x1000 flags=0x0020]"));
	CHECK(sf_klog_is_iommu_fault("iommu ivhd0: AMD-Vi: Event logged [IO_PAGE_FAULT device=00:14.0]"));
	CHECK(sf_klog_is_iommu_fault("idxd 0000:6a:01.0: iommu: page fault at 0x7f00 pasid 3"));
	CHECK(!sf_klog_is_iommu_fault("iommu: Default domain type: Translated"));
	CHECK(!sf_klog_is_iommu_fault("svafuzz: run x io_page_fault"));
	/* a fault line alone is not a kernel error */
	CHECK(!sf_klog_is_error("AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0000 address=0x1000 flags=0x0020]"));

	/* exactly the limit within one second: no storm */
	for (unsigned i = 0; i < 10; i++)
		storms += sf_klog_storm_feed(&s, t + i * 1000, 10);
	CHECK_EQ(storms, 0);
	/* one more in the same second: a storm, reported once */
	storms += sf_klog_storm_feed(&s, t + 500000000ull, 10);
	CHECK_EQ(storms, 1);
	for (unsigned i = 0; i < 50; i++)
		storms += sf_klog_storm_feed(&s, t + 600000000ull + i, 10);
	CHECK_EQ(storms, 1);
	/* the next second starts a new window */
	for (unsigned i = 0; i < 11; i++)
		storms += sf_klog_storm_feed(&s, t + 2000000000ull + i, 10);
	CHECK_EQ(storms, 2);
	/* spread out below the rate: never a storm */
	s = (struct sf_klog_storm){ 0 };
	storms = 0;
	for (unsigned i = 0; i < 1000; i++)
		storms += sf_klog_storm_feed(&s, t + i * 200000000ull, 10);
	CHECK_EQ(storms, 0);
	return tap_done();
}
