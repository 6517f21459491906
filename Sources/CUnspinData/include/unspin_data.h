#ifndef UNSPIN_DATA_H
#define UNSPIN_DATA_H
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/// The word pairs general English writes most often, dictionaries/general-bigrams.bin
/// (see GeneralEnglish.swift).
unspin_builtin_data unspin_builtin_general_bigrams(void);

/// The context model's n-gram tables (see ContextModel.swift and
/// dictionaries/MODEL.md): buckets of 16 u32 entries, one 64-byte cache line
/// each; an entry is 0 (empty) or a 24-bit fingerprint << 8 | an 8-bit code.
/// A bucket fills from its first entry and passes entries on to the next
/// bucket only when full, so a lookup walks buckets from the key's home
/// `bucket` until one holds `fingerprint` (returns its code, never 0) or has an
/// empty entry (returns 0). At the tables' load nearly every lookup, found or
/// not, reads one line. SSE2 compares four entries at a time. A table with no
/// empty entry (a damaged file) reads as 0 after one pass, not an endless loop.
static inline uint32_t unspin_probe(const uint32_t *table, uint64_t buckets, uint64_t bucket, uint32_t fingerprint) {
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi32((int)fingerprint);
    const __m128i zero = _mm_setzero_si128();
#endif
    for (uint64_t walked = 0; walked < buckets; walked++) {
        const uint32_t *line = table + bucket * 16;
#if defined(__SSE2__)
        unsigned hits = 0, empty = 0;
        for (int k = 0; k < 4; k++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(line + 4 * k));
            hits |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_srli_epi32(v, 8), wanted))) << (4 * k);
            empty |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, zero))) << (4 * k);
        }
        // An empty entry is 0, whose fingerprint (0) is never wanted: `hits` holds only entries.
        if (hits) return line[__builtin_ctz(hits)] & 0xFF;
        if (empty) return 0;
#else
        for (int k = 0; k < 16; k++) {
            uint32_t entry = line[k];
            if (entry == 0) return 0;
            if ((entry >> 8) == fingerprint) return entry & 0xFF;
        }
#endif
        bucket += 1;
        if (bucket == buckets) bucket = 0;
    }
    return 0;
}

/// Asks for the cache line at `address` ahead of a read (the context model's
/// hash tables: a lookup is a cache miss, and several can be in flight).
static inline void unspin_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
