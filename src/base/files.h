/* Writing whole files so that a reader never sees half of one. */
#ifndef SF_FILES_H
#define SF_FILES_H
#include <stddef.h>

/* All of data to fd, across short writes and EINTR. 0 or -1 (errno). */
int sf_write_all(int fd, const char *data, size_t len);
/* tmp + fsync + rename. 0 or -1 (errno). */
int sf_write_atomic(const char *path, const char *data, size_t len);
/* The same without fsync: readers never see half a file, a crash may lose it. */
int sf_write_replace(const char *path, const char *data, size_t len);
#endif
