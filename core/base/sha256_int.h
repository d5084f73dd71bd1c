/* sha256_int.h - SHA-256 (FIPS 180-4), core-only. */
#ifndef CHRONICLE_SHA256_INT_H
#define CHRONICLE_SHA256_INT_H

#include <stddef.h>
#include <stdint.h>

typedef struct chr_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t used;
} chr_sha256;

void chr_sha256_init(chr_sha256 *s);
void chr_sha256_update(chr_sha256 *s, const void *data, size_t len);
/* Writes 64 hex digits and a NUL. */
void chr_sha256_hex(chr_sha256 *s, char out[65]);
/* Tests: on, the portable rounds even where the processor has the SHA
 * extensions; off, whichever is fastest (the default). */
void chr_sha256_portable(int on);
/* FNV-1a 64-bit, for ids and hash tables. */
uint64_t chr_fnv64(const void *data, size_t len, uint64_t seed);

#endif
