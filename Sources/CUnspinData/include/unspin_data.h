#ifndef UNSPIN_DATA_H
#define UNSPIN_DATA_H
#include <stdint.h>

/// One built-in dictionary file, embedded at build time.
typedef struct {
    const char *file_name;
    const uint8_t *bytes;
    int64_t length;
} unspin_builtin_dictionary;

/// Number of built-in dictionaries.
int32_t unspin_builtin_dictionary_count(void);
/// The built-in dictionary at `index` (0 ..< count).
unspin_builtin_dictionary unspin_builtin_dictionary_at(int32_t index);

/// Bytes embedded at build time.
typedef struct {
    const uint8_t *bytes;
    int64_t length;
} unspin_builtin_data;

/// The context model, dictionaries/english.model.
unspin_builtin_data unspin_builtin_model(void);

/// The compiled snapshot of the built-in dictionaries (see BuiltinSnapshot.swift).
unspin_builtin_data unspin_builtin_snapshot(void);

#endif
