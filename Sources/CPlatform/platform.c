#define _GNU_SOURCE
#include "platform.h"

#include <string.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/xattr.h>

int32_t platform_copy_xattrs(const char *source, int32_t target_fd) {
    ssize_t size = listxattr(source, NULL, 0);
    if (size < 0) return (errno == ENOTSUP || errno == ENOENT) ? 0 : errno;
    if (size == 0) return 0;
    char *names = malloc((size_t)size);
    if (!names) return ENOMEM;
    size = listxattr(source, names, (size_t)size);
    int32_t result = 0;
    for (ssize_t i = 0; size > 0 && i < size;) {
        const char *name = names + i;
        ssize_t length = getxattr(source, name, NULL, 0);
        if (length >= 0) {
            void *value = malloc(length > 0 ? (size_t)length : 1);
            if (value) {
                length = getxattr(source, name, value, (size_t)length);
                if (length >= 0 && fsetxattr(target_fd, name, value, (size_t)length, 0) != 0 && result == 0) result = errno;
                free(value);
            }
        }
        while (i < size && names[i]) i++;
        i++;
    }
    free(names);
    return result;
}

int32_t platform_contains(const uint8_t *bytes, int64_t count, const char *needle, int64_t needle_count) {
    if (count <= 0 || !bytes) return needle_count == 0;
    return memmem(bytes, (size_t)count, needle, (size_t)needle_count) != NULL;
}
