/* AES-128 benchmark: key expansion and CBC-mode encryption of a generated buffer with a
 * T-table implementation; the S-box and tables are computed at start-up from GF(2^8) arithmetic
 * (no big literal tables). Checks the FIPS-197 test vector first. Size = KiB encrypted per round
 * (16 rounds, each chained on the previous ciphertext). Stresses byte extraction, table loads,
 * rotates and xors. */
#include "bench.h"

typedef struct {
    uint8_t sbox[256];
    uint32_t te[4][256];
    uint32_t rk[44];
} aes_t;

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;
    while (b) {
        if (b & 1)
            p ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}

static uint32_t rotl8(uint32_t x) { return (x << 8) | (x >> 24); }

static void aes_tables(aes_t *c)
{
    /* S-box: multiplicative inverse followed by the affine map. */
    for (int i = 0; i < 256; i++) {
        uint8_t inv = 0;
        if (i)
            for (int j = 1; j < 256; j++)
                if (gmul((uint8_t)i, (uint8_t)j) == 1) {
                    inv = (uint8_t)j;
                    break;
                }
        uint8_t s = inv, x = inv;
        for (int k = 0; k < 4; k++) {
            x = (uint8_t)((x << 1) | (x >> 7));
            s ^= x;
        }
        c->sbox[i] = s ^ 0x63;
    }
    for (int i = 0; i < 256; i++) {
        uint8_t s = c->sbox[i];
        uint32_t t = ((uint32_t)gmul(s, 2) << 24) | ((uint32_t)s << 16) | ((uint32_t)s << 8) | gmul(s, 3);
        for (int k = 0; k < 4; k++) {
            c->te[k][i] = t;
            t = (t >> 8) | (t << 24);
        }
    }
}

static void aes_key(aes_t *c, const uint8_t key[16])
{
    uint8_t rcon = 1;
    for (int i = 0; i < 4; i++)
        c->rk[i] = ((uint32_t)key[4 * i] << 24) | ((uint32_t)key[4 * i + 1] << 16) |
                   ((uint32_t)key[4 * i + 2] << 8) | key[4 * i + 3];
    for (int i = 4; i < 44; i++) {
        uint32_t t = c->rk[i - 1];
        if (i % 4 == 0) {
            t = rotl8(t);
            t = ((uint32_t)c->sbox[t >> 24] << 24) | ((uint32_t)c->sbox[(t >> 16) & 0xff] << 16) |
                ((uint32_t)c->sbox[(t >> 8) & 0xff] << 8) | c->sbox[t & 0xff];
            t ^= (uint32_t)rcon << 24;
            rcon = gmul(rcon, 2);
        }
        c->rk[i] = c->rk[i - 4] ^ t;
    }
}

static void aes_encrypt(const aes_t *c, const uint8_t in[16], uint8_t out[16])
{
    uint32_t s[4], t[4];
    for (int i = 0; i < 4; i++)
        s[i] = (((uint32_t)in[4 * i] << 24) | ((uint32_t)in[4 * i + 1] << 16) |
                ((uint32_t)in[4 * i + 2] << 8) | in[4 * i + 3]) ^ c->rk[i];
    for (int r = 1; r < 10; r++) {
        for (int i = 0; i < 4; i++)
            t[i] = c->te[0][s[i] >> 24] ^ c->te[1][(s[(i + 1) % 4] >> 16) & 0xff] ^
                   c->te[2][(s[(i + 2) % 4] >> 8) & 0xff] ^ c->te[3][s[(i + 3) % 4] & 0xff] ^
                   c->rk[4 * r + i];
        memcpy(s, t, sizeof s);
    }
    for (int i = 0; i < 4; i++) {
        uint32_t v = ((uint32_t)c->sbox[s[i] >> 24] << 24) |
                     ((uint32_t)c->sbox[(s[(i + 1) % 4] >> 16) & 0xff] << 16) |
                     ((uint32_t)c->sbox[(s[(i + 2) % 4] >> 8) & 0xff] << 8) |
                     c->sbox[s[(i + 3) % 4] & 0xff];
        v ^= c->rk[40 + i];
        out[4 * i] = (uint8_t)(v >> 24);
        out[4 * i + 1] = (uint8_t)(v >> 16);
        out[4 * i + 2] = (uint8_t)(v >> 8);
        out[4 * i + 3] = (uint8_t)v;
    }
}

int main(int argc, char **argv)
{
    long kib = bench_size(argc, argv, 4096);
    static aes_t c;
    aes_tables(&c);
    uint8_t key[16], pt[16], ct[16];
    static const uint8_t want[16] = {0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                     0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a};
    for (int i = 0; i < 16; i++) {
        key[i] = (uint8_t)i;
        pt[i] = (uint8_t)(i * 0x11);
    }
    aes_key(&c, key);
    aes_encrypt(&c, pt, ct);
    int ok = memcmp(ct, want, 16) == 0;

    size_t n = (size_t)kib * 1024;
    uint8_t *buf = xmalloc(n);
    rng_t g;
    rng_seed(&g, 7);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(rng_next(&g) >> 56);
    uint8_t iv[16] = {0};
    for (int round = 0; round < 16; round++) {
        memcpy(key, buf + (round * 16) % n, 16);
        aes_key(&c, key);
        for (size_t off = 0; off + 16 <= n; off += 16) {
            uint8_t x[16];
            for (int k = 0; k < 16; k++)
                x[k] = buf[off + k] ^ iv[k];
            aes_encrypt(&c, x, buf + off);
            memcpy(iv, buf + off, 16);
        }
    }
    uint64_t h = MIX_INIT;
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, buf + i, 8);
        h = mix64(h, w);
    }
    printf("aes kib=%ld fips197=%s iv=", kib, ok ? "ok" : "BAD");
    for (int k = 0; k < 16; k++)
        printf("%02x", iv[k]);
    printf(" hash=%016llx\n", (unsigned long long)h);
    return ok ? 0 : 1;
}
