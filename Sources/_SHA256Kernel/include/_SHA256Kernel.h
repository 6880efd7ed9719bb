#ifndef SEXTANT_SHA256_KERNEL_H
#define SEXTANT_SHA256_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Whether this CPU has the x86 SHA extensions (SHA-NI) that `sextant_sha256_blocks` uses.
int sextant_sha256_has_sha_ni(void);

/// The 64 SHA-256 round constants K0..K63 (FIPS 180-4, section 4.2.2): the one table of both compressions.
const uint32_t *sextant_sha256_round_constants(void);

/// Compresses `blocks` 64-byte blocks at `data` into the SHA-256 state `h` (FIPS 180-4, section
/// 6.2.2) with the x86 SHA extensions. Call only when `sextant_sha256_has_sha_ni()` is 1; the
/// portable compression is SHA256Hasher's (SHA256.swift), which tests compare with this one.
void sextant_sha256_blocks(uint32_t h[8], const uint8_t *data, size_t blocks);

#ifdef __cplusplus
}
#endif

#endif
