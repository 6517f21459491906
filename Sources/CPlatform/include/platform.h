#ifndef UNSPIN_PLATFORM_H
#define UNSPIN_PLATFORM_H
// System calls Swift's Glibc module does not export (<sys/xattr.h>).
#include <stdint.h>

/// Copies every extended attribute of the file at `source` (POSIX ACLs and
/// security labels live there too) to the open file `target_fd`. Returns 0 on
/// success or when the file system has none, else the errno of the first failure.
int32_t platform_copy_xattrs(const char *source, int32_t target_fd);

/// Whether `needle` occurs in `bytes` (glibc's memmem, which Glibc does not
/// export without _GNU_SOURCE).
int32_t platform_contains(const uint8_t *bytes, int64_t count, const char *needle, int64_t needle_count);

#endif
