/* test_sha256.c - the digest behind document hashes and corpus versions,
 * against the standard test vectors, fed whole and in pieces. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/sha256_int.h"

static const struct {
    const char *in;
    const char *hex;
} rows[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
};

Test(sha256, standard_vectors)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[65];
        chr_sha256 s;
        chr_sha256_init(&s);
        chr_sha256_update(&s, rows[i].in, strlen(rows[i].in));
        chr_sha256_hex(&s, out);
        cr_expect_str_eq(out, rows[i].hex, "row %zu", i);
        /* the same bytes one at a time */
        chr_sha256_init(&s);
        for (size_t k = 0; rows[i].in[k]; k++)
            chr_sha256_update(&s, rows[i].in + k, 1);
        chr_sha256_hex(&s, out);
        cr_expect_str_eq(out, rows[i].hex, "row %zu, byte by byte", i);
    }
}

Test(sha256, million_a)
{
    static char block[1000];
    memset(block, 'a', sizeof block);
    chr_sha256 s;
    chr_sha256_init(&s);
    for (int i = 0; i < 1000; i++)
        chr_sha256_update(&s, block, sizeof block);
    char out[65];
    chr_sha256_hex(&s, out);
    cr_assert_str_eq(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* FNV-1a, 64 bits: the published test vectors (seed 0), and a seed that
 * changes the result. */
Test(sha256, fnv_vectors)
{
    static const struct { const char *in; uint64_t want; } fnv[] = {
        {"", 0xcbf29ce484222325ULL},
        {"a", 0xaf63dc4c8601ec8cULL},
        {"foobar", 0x85944171f73967e8ULL},
    };
    for (size_t i = 0; i < sizeof fnv / sizeof fnv[0]; i++)
        cr_expect_eq(chr_fnv64(fnv[i].in, strlen(fnv[i].in), 0), fnv[i].want, "row %zu", i);
    cr_assert_neq(chr_fnv64("abc", 3, 0), chr_fnv64("abc", 3, 1));
}

/* The digest of n bytes of buf, by the portable rounds or not. */
static void digest(const unsigned char *buf, size_t n, int portable, char out[65])
{
    chr_sha256_portable(portable);
    chr_sha256 s;
    chr_sha256_init(&s);
    /* in two pieces, so a partial block is carried between calls */
    chr_sha256_update(&s, buf, n / 3);
    chr_sha256_update(&s, buf + n / 3, n - n / 3);
    chr_sha256_hex(&s, out);
    chr_sha256_portable(0);
}

/* The SHA extensions (where the processor has them) and the portable
 * rounds agree on every length around the block and padding edges, and
 * the portable rounds give the standard vectors too. */
Test(sha256, both_rounds_agree)
{
    unsigned char buf[1100];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof buf; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        buf[i] = (unsigned char)x;
    }
    for (size_t n = 0; n <= sizeof buf; n += n < 200 ? 1 : 37) {
        char a[65], b[65];
        digest(buf, n, 1, a);
        digest(buf, n, 0, b);
        cr_expect_str_eq(a, b, "%zu bytes", n);
    }
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[65];
        digest((const unsigned char *)rows[i].in, strlen(rows[i].in), 1, out);
        cr_expect_str_eq(out, rows[i].hex, "row %zu, portable rounds", i);
    }
}
