// The files in the top-level dictionaries/ folder, embedded with C23 #embed so the
// binary needs no resource bundle: `swift run`, `.build/release/unspin` and a copy
// installed anywhere all carry the same data. Paths are relative to this file.
#include "unspin_data.h"

// The target is compiled in SwiftPM's default C dialect; clang takes #embed in
// it as an extension, which is what this file relies on.
#pragma clang diagnostic ignored "-Wc23-extensions"

static const uint8_t news_spinner[] = {
#embed "../../dictionaries/news-spinner.dict"
};

static const uint8_t tortured_phrases[] = {
#embed "../../dictionaries/tortured-phrases.dict"
};

static const unspin_builtin_dictionary builtins[] = {
    { "news-spinner.dict", news_spinner, sizeof news_spinner },
    { "tortured-phrases.dict", tortured_phrases, sizeof tortured_phrases },
};

// The context model (scripts/build_context_model.py), read in place: 64-byte
// aligned, so that each bucket of its n-gram tables (whose sections start on
// 64-byte boundaries in the file) is one cache line.
static const uint8_t english_model[] __attribute__((aligned(64))) = {
#embed "../../dictionaries/english.model"
};

unspin_builtin_data unspin_builtin_model(void) {
    return (unspin_builtin_data){ english_model, (int64_t)sizeof english_model };
}

int32_t unspin_builtin_dictionary_count(void) {
    return (int32_t)(sizeof builtins / sizeof builtins[0]);
}

unspin_builtin_dictionary unspin_builtin_dictionary_at(int32_t index) {
    return builtins[index];
}

// The word pairs general English writes most often (scripts/build_general_bigrams.py):
// sorted 64-bit hashes after a 16-byte header, read in place.
static const uint8_t general_bigrams[] __attribute__((aligned(8))) = {
#embed "../../dictionaries/general-bigrams.bin"
};

unspin_builtin_data unspin_builtin_general_bigrams(void) {
    return (unspin_builtin_data){ general_bigrams, (int64_t)sizeof general_bigrams };
}

// The built-in dictionaries compiled (UnspinKit's BuiltinSnapshot), made by
// scripts/build_snapshot.sh. Used only when it matches the files above.
static const uint8_t builtin_snapshot[] __attribute__((aligned(16))) = {
#embed "builtins.snapshot"
};

unspin_builtin_data unspin_builtin_snapshot(void) {
    return (unspin_builtin_data){ builtin_snapshot, (int64_t)sizeof builtin_snapshot };
}
