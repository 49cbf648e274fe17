/* Durations and sizes: what job files and options accept, and what they refuse. */
#include <string.h>
#include "config.h"
#include "tap.h"

#define S 1000000000ull

static uint64_t dur(const char *s)
{
	uint64_t ns = 12345;

	return sf_parse_duration(s, &ns) ? UINT64_MAX : ns;
}

static long long pages(const char *s, size_t ps)
{
	uint32_t p = 777;

	return sf_parse_size_pages(s, ps, &p) ? -1 : (long long)p;
}

int main(void)
{
	CHECK_EQ(dur("0"), 0);
	CHECK_EQ(dur("30"), 30 * S);		/* bare number: seconds */
	CHECK_EQ(dur("30s"), 30 * S);
	CHECK_EQ(dur("1500ms"), 1500000000ull);
	CHECK_EQ(dur("250us"), 250000ull);
	CHECK_EQ(dur("7ns"), 7ull);
	CHECK_EQ(dur("10m"), 600 * S);
	CHECK_EQ(dur("8h"), 8 * 3600 * S);
	CHECK_EQ(dur("1h30m"), 5400 * S);
	CHECK_EQ(dur("2d"), 2 * 86400 * S);
	CHECK_EQ(dur("1m30s500ms"), 90 * S + 500000000ull);
	CHECK_EQ(dur(""), UINT64_MAX);
	CHECK_EQ(dur("s"), UINT64_MAX);
	CHECK_EQ(dur("10x"), UINT64_MAX);
	CHECK_EQ(dur("-5s"), UINT64_MAX);
	CHECK_EQ(dur("1.5h"), UINT64_MAX);
	CHECK_EQ(dur("10 s"), UINT64_MAX);
	CHECK_EQ(dur("10sec"), UINT64_MAX);
	CHECK_EQ(dur("999999999999h"), UINT64_MAX);	/* overflows 64-bit ns */
	CHECK_EQ(dur("99999999999999999999"), UINT64_MAX);

	CHECK_EQ(pages("4096", 4096), 1);
	CHECK_EQ(pages("64", 4096), 1);		/* bytes, rounded up to whole pages */
	CHECK_EQ(pages("4097", 4096), 2);
	CHECK_EQ(pages("256K", 4096), 64);
	CHECK_EQ(pages("256k", 4096), 64);
	CHECK_EQ(pages("256KiB", 4096), 64);
	CHECK_EQ(pages("1M", 4096), 256);
	CHECK_EQ(pages("1MB", 16384), 64);
	CHECK_EQ(pages("1G", 4096), 262144);
	CHECK_EQ(pages("64p", 4096), 64);
	CHECK_EQ(pages("64pages", 65536), 64);
	CHECK_EQ(pages("0", 4096), -1);
	CHECK_EQ(pages("0p", 4096), -1);
	CHECK_EQ(pages("", 4096), -1);
	CHECK_EQ(pages("K", 4096), -1);
	CHECK_EQ(pages("12Q", 4096), -1);
	CHECK_EQ(pages("1T", 4096), -1);
	CHECK_EQ(pages("5G", 4096), -1);		/* beyond SF_SEQ_MAX_PAGES */
	CHECK_EQ(pages("1Mx", 4096), -1);
	CHECK_EQ(pages("-4K", 4096), -1);
	CHECK_EQ(pages("4K", 0), -1);
	return tap_done();
}
