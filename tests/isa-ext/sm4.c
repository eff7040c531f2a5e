/* Zksed (sm4ed, sm4ks): every byte select on edge operands and on 2,000 pseudo-random
 * (rs1, rs2) pairs (a fixed xorshift seed), printing results and a hash of them; also one SM4
 * block of GB/T 32907's example (key = plaintext = 0123456789abcdeffedcba9876543210 gives
 * 681edf34d206965e86b3e94f536e4246) built from the two instructions. The instructions work on
 * words in little-endian byte order (as RISC-V loads the byte string; their linear maps are
 * GB/T 32907's L and L' conjugated by a byte swap), so FK, CK and the data are byte-swapped.
 * Compared with expected/sm4.out and with qemu-riscv64 7.2 (-cpu rv64,zksed=true). With argument
 * "one" it runs a single sm4ed (the SIGILL check). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define OP(name, bs) static uint64_t name##_##bs(uint64_t a, uint64_t b) { uint64_t r; \
    __asm__ volatile(#name " %0, %1, %2, " #bs : "=r"(r) : "r"(a), "r"(b)); return r; }
OP(sm4ed, 0) OP(sm4ed, 1) OP(sm4ed, 2) OP(sm4ed, 3) OP(sm4ks, 0) OP(sm4ks, 1) OP(sm4ks, 2) OP(sm4ks, 3)
typedef uint64_t (*Fn)(uint64_t, uint64_t);
static const Fn ed[4] = { sm4ed_0, sm4ed_1, sm4ed_2, sm4ed_3 }, ks[4] = { sm4ks_0, sm4ks_1, sm4ks_2, sm4ks_3 };

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

/* T (or T' for the key schedule) of one word: the four byte steps accumulate into x. */
static uint32_t tword(uint32_t x, uint32_t in, const Fn *f)
{
    uint64_t r = x;
    for (int bs = 0; bs < 4; bs++)
        r = f[bs](r, in);
    return (uint32_t)r;
}

static uint32_t le32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "one") == 0)
        return (int)(sm4ed_0(0, 0) == 1);
    const uint64_t edge[] = { 0, ~0ull, 0x8000000000000000ull, 0x7fffffffull, 0x80000000ull,
                              0x0123456789abcdefull, 0xffffffff00000000ull };
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 7; j++)
            for (int bs = 0; bs < 4; bs++)
                printf("%d %d %d: ed %016llx ks %016llx\n", i, j, bs,
                       (unsigned long long)ed[bs](edge[i], edge[j]), (unsigned long long)ks[bs](edge[i], edge[j]));
    uint64_t hash_ed = 0, hash_ks = 0;
    for (int n = 0; n < 2000; n++) {
        uint64_t a = next(), b = next();
        int bs = n & 3;
        uint64_t re = ed[bs](a, b), rk = ks[bs](a, b);
        if (n < 40)
            printf("rand %016llx %016llx %d: ed %016llx ks %016llx\n", (unsigned long long)a,
                   (unsigned long long)b, bs, (unsigned long long)re, (unsigned long long)rk);
        hash_ed = (hash_ed ^ re) * 0x100000001b3ull;
        hash_ks = (hash_ks ^ rk) * 0x100000001b3ull;
    }
    printf("rand hash: ed %016llx ks %016llx\n", (unsigned long long)hash_ed, (unsigned long long)hash_ks);

    /* one SM4 block */
    static const uint8_t key[16] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                     0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };
    static const uint32_t fk[4] = { 0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc };
    uint32_t k[36], x[36], rk[32];
    for (int i = 0; i < 4; i++)
        k[i] = le32(key + 4 * i) ^ __builtin_bswap32(fk[i]);
    for (int i = 0; i < 32; i++) {
        uint32_t ck = 0;
        for (int j = 0; j < 4; j++)
            ck |= (uint32_t)(uint8_t)((4 * i + j) * 7) << (8 * j);
        k[i + 4] = rk[i] = tword(k[i], k[i + 1] ^ k[i + 2] ^ k[i + 3] ^ ck, ks);
    }
    for (int i = 0; i < 4; i++)
        x[i] = le32(key + 4 * i);
    for (int i = 0; i < 32; i++)
        x[i + 4] = tword(x[i], x[i + 1] ^ x[i + 2] ^ x[i + 3] ^ rk[i], ed);
    printf("sm4 block: %08x%08x%08x%08x\n", __builtin_bswap32(x[35]), __builtin_bswap32(x[34]),
           __builtin_bswap32(x[33]), __builtin_bswap32(x[32]));
    return 0;
}
