#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

// Words are short; 256 UTF-16 units on the stack cover almost every call and
// larger inputs fall back to the heap.
enum { STACK_UNITS = 256 };

typedef struct {
    UChar stack[STACK_UNITS];
    UChar *units;
    int32_t length;
    int32_t capacity;
} u16buf;

static void u16buf_init(u16buf *b) {
    b->units = b->stack;
    b->length = 0;
    b->capacity = STACK_UNITS;
}

static int u16buf_reserve(u16buf *b, int32_t capacity) {
    if (capacity <= b->capacity) return 1;
    UChar *units = malloc(sizeof(UChar) * (size_t)capacity);
    if (!units) return 0;
    if (b->units != b->stack) free(b->units);
    b->units = units;
    b->capacity = capacity;
    return 1;
}

static void u16buf_free(u16buf *b) {
    if (b->units != b->stack) free(b->units);
}

// UTF-8 -> UTF-16 into `b`. Returns 0 on invalid input.
static int from_utf8(u16buf *b, const uint8_t *text, int32_t length) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strFromUTF8(b->units, b->capacity, &needed, (const char *)text, length, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        if (!u16buf_reserve(b, needed + 1)) return 0;
        status = U_ZERO_ERROR;
        u_strFromUTF8(b->units, b->capacity, &needed, (const char *)text, length, &status);
    }
    if (U_FAILURE(status)) return 0;
    b->length = needed;
    return 1;
}

// UTF-16 -> UTF-8 with the wrapper's return convention.
static int32_t to_utf8(const UChar *units, int32_t length, uint8_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strToUTF8((char *)out, capacity, &needed, units, length, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) {
        return status == U_BUFFER_OVERFLOW_ERROR ? -needed : needed;
    }
    if (U_FAILURE(status)) return INT32_MIN;
    return needed;
}

static UChar canonical_punctuation(UChar c) {
    switch (c) {
    case 0x2018: case 0x2019: case 0x02BC: case 0x2032: case 0xFF07:
        return 0x0027;  // ‘ ’ ʼ ′ ＇ -> '
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE63: case 0xFF0D:
        return 0x002D;  // hyphens, dashes, minus -> -
    default:
        return c;
    }
}

int32_t cicu_fold_key(const uint8_t *text, int32_t length, uint8_t *out, int32_t capacity) {
    u16buf source, normal, folded;
    u16buf_init(&source);
    u16buf_init(&normal);
    u16buf_init(&folded);
    int32_t result = INT32_MIN;
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status) || !from_utf8(&source, text, length)) goto done;

    // Fold first, then compose: folding can produce sequences NFC composes.
    status = U_ZERO_ERROR;
    int32_t n = u_strFoldCase(folded.units, folded.capacity, source.units, source.length,
                              U_FOLD_CASE_DEFAULT, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        if (!u16buf_reserve(&folded, n + 1)) goto done;
        status = U_ZERO_ERROR;
        n = u_strFoldCase(folded.units, folded.capacity, source.units, source.length,
                          U_FOLD_CASE_DEFAULT, &status);
    }
    if (U_FAILURE(status)) goto done;
    folded.length = n;

    status = U_ZERO_ERROR;
    n = unorm2_normalize(nfc, folded.units, folded.length, normal.units, normal.capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        if (!u16buf_reserve(&normal, n + 1)) goto done;
        status = U_ZERO_ERROR;
        n = unorm2_normalize(nfc, folded.units, folded.length, normal.units, normal.capacity, &status);
    }
    if (U_FAILURE(status)) goto done;
    // Default-ignorable code points (the soft hyphen of web pages, zero-width
    // joiners, variation selectors) are invisible: "pro\u00ADfound" reads, and
    // is keyed, as "profound". The rest is compacted in place.
    int32_t kept = 0;
    for (int32_t i = 0; i < n;) {
        int32_t start = i;
        UChar32 c;
        U16_NEXT(normal.units, i, n, c);
        if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
        while (start < i) normal.units[kept++] = canonical_punctuation(normal.units[start++]);
    }
    result = to_utf8(normal.units, kept, out, capacity);
done:
    u16buf_free(&source);
    u16buf_free(&normal);
    u16buf_free(&folded);
    return result;
}

int32_t cicu_word_segments(const uint8_t *text, int32_t length,
                           int32_t *ends, uint8_t *is_word, int32_t capacity) {
    u16buf source;
    u16buf_init(&source);
    int32_t *utf8_offset = NULL;
    UBreakIterator *it = NULL;
    int32_t count = INT32_MIN;
    if (!from_utf8(&source, text, length)) goto done;

    // utf8_offset[i] = byte offset of UTF-16 unit i (and of the end at i == length).
    utf8_offset = malloc(sizeof(int32_t) * (size_t)(source.length + 1));
    if (!utf8_offset) goto done;
    {
        int32_t byte = 0, unit = 0;
        while (byte < length) {
            uint8_t lead = text[byte];
            int32_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            int32_t units = bytes == 4 ? 2 : 1;
            for (int32_t k = 0; k < units; k++) utf8_offset[unit + k] = byte;
            unit += units;
            byte += bytes;
        }
        utf8_offset[unit] = length;
    }

    // Opening a word-break iterator rebuilds ICU's rule data each time (half
    // the run time on accented text), so each thread keeps one and resets it.
    static __thread UBreakIterator *cached = NULL;
    UErrorCode status = U_ZERO_ERROR;
    if (!cached) {
        cached = ubrk_open(UBRK_WORD, "", NULL, 0, &status);
        if (U_FAILURE(status)) { cached = NULL; goto done; }
    }
    ubrk_setText(cached, source.units, source.length, &status);
    if (U_FAILURE(status)) goto done;
    it = cached;
    count = 0;
    for (int32_t end = ubrk_next(it); end != UBRK_DONE; end = ubrk_next(it)) {
        if (count < capacity) {
            int32_t rule = ubrk_getRuleStatus(it);
            ends[count] = utf8_offset[end];
            is_word[count] = (rule >= UBRK_WORD_NUMBER) ? 1 : 0;
        }
        count++;
    }
    if (count > capacity) count = -count;
done:
    // `it` is the thread's cached iterator: kept open for the next call.
    free(utf8_offset);
    u16buf_free(&source);
    return count;
}

int32_t cicu_case_map(int32_t mode, const uint8_t *text, int32_t length,
                      uint8_t *out, int32_t capacity) {
    u16buf source, mapped;
    u16buf_init(&source);
    u16buf_init(&mapped);
    int32_t result = INT32_MIN;
    if (!from_utf8(&source, text, length)) goto done;

    if (mode == CICU_CASE_CAPITALIZE_FIRST) {
        // Title-case the first code point only; keep the rest exactly as written.
        int32_t i = 0;
        UChar32 first;
        if (source.length == 0) { result = 0; goto done; }
        U16_NEXT(source.units, i, source.length, first);
        UChar32 title = u_totitle(first);
        if (!u16buf_reserve(&mapped, source.length + 2)) goto done;
        int32_t j = 0;
        UBool error = 0;
        U16_APPEND(mapped.units, j, mapped.capacity, title, error);
        if (error) goto done;
        memcpy(mapped.units + j, source.units + i, sizeof(UChar) * (size_t)(source.length - i));
        result = to_utf8(mapped.units, j + source.length - i, out, capacity);
        goto done;
    }

    UErrorCode status = U_ZERO_ERROR;
    int32_t n;
#define CASE_CALL(buf) (mode == CICU_CASE_UPPER \
        ? u_strToUpper((buf).units, (buf).capacity, source.units, source.length, "", &status) \
        : u_strToLower((buf).units, (buf).capacity, source.units, source.length, "", &status))
    n = CASE_CALL(mapped);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        if (!u16buf_reserve(&mapped, n + 1)) goto done;
        status = U_ZERO_ERROR;
        n = CASE_CALL(mapped);
    }
#undef CASE_CALL
    if (U_FAILURE(status)) goto done;
    result = to_utf8(mapped.units, n, out, capacity);
done:
    u16buf_free(&source);
    u16buf_free(&mapped);
    return result;
}

uint32_t cicu_case_flags(const uint8_t *text, int32_t length) {
    uint32_t flags = 0;
    int32_t i = 0;
    int seen_letter = 0;
    while (i < length) {
        UChar32 c;
        U8_NEXT(text, i, length, c);
        if (c < 0) continue;
        if (u_isUUppercase(c) || u_istitle(c)) {
            flags |= CICU_HAS_UPPER;
            if (!seen_letter) flags |= CICU_FIRST_LETTER_UPPER;
            seen_letter = 1;
        } else if (u_isULowercase(c)) {
            flags |= CICU_HAS_LOWER;
            seen_letter = 1;
        } else if (u_isalpha(c)) {
            seen_letter = 1;
        }
    }
    return flags;
}

int32_t cicu_is_word_char(uint32_t code_point) {
    UChar32 c = (UChar32)code_point;
    return u_isalpha(c) || u_isdigit(c) || u_hasBinaryProperty(c, UCHAR_DIACRITIC)
        || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
}

int32_t cicu_convert(const char *to, const char *from, const uint8_t *text, int32_t length,
                     uint8_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *source = ucnv_open(from, &status);
    if (U_FAILURE(status)) return INT32_MIN + 1;
    UConverter *target = ucnv_open(to, &status);
    if (U_FAILURE(status)) { ucnv_close(source); return INT32_MIN + 1; }
    ucnv_setToUCallBack(source, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    ucnv_setFromUCallBack(target, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    int32_t result = INT32_MIN;
    if (U_SUCCESS(status)) {
        // Measure first (capacity 0 preflight is not supported by convertEx with
        // pivoting across calls), so convert into the caller's buffer and report
        // overflow by converting again into a scratch buffer to count.
        char *dst = (char *)out;
        const char *src = (const char *)text;
        UChar pivot[1024];
        UChar *pivotSource = pivot, *pivotTarget = pivot;
        ucnv_convertEx(target, source, &dst, (char *)out + capacity, &src, (const char *)text + length,
                       pivot, &pivotSource, &pivotTarget, pivot + 1024, 1, 1, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            // Count the full size with a growing scratch buffer.
            int32_t size = capacity > 0 ? capacity * 2 : length * 4 + 16;
            for (;;) {
                char *scratch = malloc((size_t)size);
                if (!scratch) break;
                ucnv_resetToUnicode(source);
                ucnv_resetFromUnicode(target);
                status = U_ZERO_ERROR;
                dst = scratch;
                src = (const char *)text;
                pivotSource = pivotTarget = pivot;
                ucnv_convertEx(target, source, &dst, scratch + size, &src, (const char *)text + length,
                               pivot, &pivotSource, &pivotTarget, pivot + 1024, 1, 1, &status);
                int32_t produced = (int32_t)(dst - scratch);
                free(scratch);
                if (status == U_BUFFER_OVERFLOW_ERROR) { size *= 2; continue; }
                if (U_SUCCESS(status)) result = -produced;
                break;
            }
        } else if (U_SUCCESS(status)) {
            result = (int32_t)(dst - (char *)out);
        }
    }
    ucnv_close(source);
    ucnv_close(target);
    return result;
}

void cicu_version(char *out, int32_t capacity) {
    UVersionInfo info;
    u_getVersion(info);
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(info, text);
    strncpy(out, text, (size_t)capacity - 1);
    out[capacity - 1] = 0;
}
