#ifndef CICU_H
#define CICU_H
// A narrow wrapper over ICU4C. Only <stdint.h> types cross this header, so Swift
// never sees ICU's version-suffixed symbols or its UChar/UErrorCode types (which
// would clash with the ICU copy inside Foundation). All text is UTF-8.
#include <stdint.h>

/// Matching key of a word: NFC-normalised, case-folded, with apostrophe variants
/// mapped to U+0027, hyphen/dash variants to U+002D, and default-ignorable code
/// points (soft hyphen, zero-width joiners, variation selectors) left out. Writes at most `capacity`
/// bytes to `out`. Returns the key length, the negated length needed when
/// `capacity` is too small, or INT32_MIN when the input is not valid UTF-8.
int32_t cicu_fold_key(const uint8_t *text, int32_t length, uint8_t *out, int32_t capacity);

/// Splits `text` at ICU word boundaries (UBRK_WORD, root locale). For segment i,
/// writes its end byte offset to `ends[i]` and 1 to `is_word[i]` when ICU classes
/// it as a word (letters, numbers, kana, ideographs), else 0. Returns the number
/// of segments, the negated number needed when `capacity` is too small, or
/// INT32_MIN when the input is not valid UTF-8 or ICU fails.
int32_t cicu_word_segments(const uint8_t *text, int32_t length,
                           int32_t *ends, uint8_t *is_word, int32_t capacity);

enum {
    CICU_CASE_LOWER = 0,
    CICU_CASE_UPPER = 1,
    /// Upper-case (title-case) the first letter, leave the rest as written.
    CICU_CASE_CAPITALIZE_FIRST = 2,
};

/// Case-maps `text` (full Unicode case mapping, root locale). Same return
/// convention as `cicu_fold_key`.
int32_t cicu_case_map(int32_t mode, const uint8_t *text, int32_t length,
                      uint8_t *out, int32_t capacity);

enum {
    CICU_FIRST_LETTER_UPPER = 1,
    CICU_HAS_UPPER = 2,
    CICU_HAS_LOWER = 4,
};

/// Case facts about the letters of `text`: a bitwise OR of the CICU_* flags above.
uint32_t cicu_case_flags(const uint8_t *text, int32_t length);

/// Whether the code point is alphabetic or a decimal digit (ICU properties).
int32_t cicu_is_word_char(uint32_t code_point);

/// Converts `length` bytes from charset `from` to charset `to` (ICU converter
/// names: "UTF-8", "UTF-16LE", "ISO-8859-1", "windows-1252", …) and stops at
/// the first byte sequence that is invalid in `from` or unmappable in `to`
/// rather than substituting, so a round trip never silently changes text.
/// Returns the output length, the negated length needed when `capacity` is too
/// small, INT32_MIN for invalid or unmappable input, or INT32_MIN + 1 when a
/// converter name is unknown.
int32_t cicu_convert(const char *to, const char *from, const uint8_t *text, int32_t length,
                     uint8_t *out, int32_t capacity);

/// ICU's version, e.g. "72.1", written NUL-terminated into `out` (>= 16 bytes).
void cicu_version(char *out, int32_t capacity);

#endif
