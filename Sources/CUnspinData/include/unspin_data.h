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

/// The context model's n-gram tables (see ContextModel.swift): u32 slots,
/// 0 = empty, else a 24-bit fingerprint << 8 | an 8-bit code, linear probing
/// from `slot`. Returns the code of the first slot that holds `fingerprint`
/// (never 0), or 0 at the first empty slot: the same answer as probing one slot
/// at a time, four slots a step where SSE2 is there (at 80% load a missing
/// n-gram probes ~13 slots).
static inline uint32_t unspin_probe(const uint32_t *table, uint64_t slots, uint64_t slot, uint32_t fingerprint) {
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi32((int)fingerprint);
    const __m128i zero = _mm_setzero_si128();
#endif
    for (;;) {
#if defined(__SSE2__)
        if (slot + 4 <= slots) {
            __m128i v = _mm_loadu_si128((const __m128i *)(table + slot));
            __m128i hit = _mm_or_si128(_mm_cmpeq_epi32(_mm_srli_epi32(v, 8), wanted), _mm_cmpeq_epi32(v, zero));
            int mask = _mm_movemask_ps(_mm_castsi128_ps(hit));
            if (mask) return table[slot + (uint64_t)__builtin_ctz((unsigned)mask)] & 0xFF;
            slot += 4;
            if (slot == slots) slot = 0;
            continue;
        }
#endif
        uint32_t entry = table[slot];
        if (entry == 0) return 0;
        if ((entry >> 8) == fingerprint) return entry & 0xFF;
        slot += 1;
        if (slot == slots) slot = 0;
    }
}

/// Asks for the cache line at `address` ahead of a read (the context model's
/// hash tables: a lookup is a cache miss, and several can be in flight).
static inline void unspin_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
