/*
 * The svatest backend's probe tells the truth about /dev/svatest: usable
 * when the device opens, otherwise unavailable with a reason that names
 * the device (and how to get it when it is simply not there).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"
#include "tap.h"

int main(void)
{
	const struct sf_backend_ops *b = sf_backend_find("svatest");
	char why[256] = "";
	int fd, present, rc;

	CHECK(b != NULL);
	if (!b)
		return tap_done();
	CHECK(b->sem == SF_SEM_MIRROR);
	CHECK(sf_backend_has_knob(b, "ignore-upgrade-inval"));
	CHECK(!sf_backend_has_knob(b, "no-such-knob"));
	fd = open("/dev/svatest", O_RDWR);
	present = fd >= 0;
	if (fd >= 0)
		close(fd);
	rc = b->probe(why, sizeof(why));
	CHECK_EQ(rc == 0, present);
	if (!present) {
		CHECK(strstr(why, "/dev/svatest") != NULL);
		if (access("/dev/svatest", F_OK))
			CHECK(strstr(why, "kernel/svatest") != NULL);
	}
	return tap_done();
}
