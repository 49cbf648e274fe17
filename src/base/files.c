/* Whole-file writes: short writes retried, a reader never sees half a file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
#include "files.h"

int sf_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

static int write_replace(const char *path, const char *data, size_t len, bool durable)
{
	char tmp[PATH_MAX];
	int fd, err = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (sf_write_all(fd, data, len))
		err = errno;
	if (!err && durable && fsync(fd))
		err = errno;
	/* some file systems (NFS, quotas) report a full disk only at close */
	if (close(fd) && !err)
		err = errno;
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		/* a full disk must not keep the half-written temporary either */
		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}

int sf_write_atomic(const char *path, const char *data, size_t len)
{
	return write_replace(path, data, len, true);
}

int sf_write_replace(const char *path, const char *data, size_t len)
{
	return write_replace(path, data, len, false);
}
