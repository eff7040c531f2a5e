/* Dhrystone-like mix (own code, not Dhrystone): the kind of "systems" integer work compilers and
 * translators see everywhere: small struct copies, pointer chasing through records, short string
 * copies and compares, switch statements, calls through function pointers, 2-D array updates,
 * integer multiply/divide/modulo and data-dependent branches. Size = thousands of iterations. */
#include "bench.h"

typedef enum { RED, GREEN, BLUE, GRAY, NCOLORS } color_t;

typedef struct rec {
    struct rec *next;
    color_t color;
    uint32_t ival;
    uint8_t name[31]; /* unsigned: char signedness differs between riscv64 and x86-64 */
    uint32_t hist[8];
} rec_t;

typedef struct {
    rec_t pool[64];
    uint32_t grid[48][48];
    uint8_t s1[31], s2[31];
    uint64_t sum;
} state_t;

static const char *const words[8] = {"DHRYSTONE PROGRAM, SOME STRING", "DHRYSTONE PROGRAM, 1'ST STRING",
                                     "DHRYSTONE PROGRAM, 2'ND STRING", "ANOTHER RECORD NAME, PADDED..",
                                     "short", "mid length text", "x", "the last of the eight strings"};

/* All arithmetic is unsigned: signed overflow is undefined, and INT_MIN / -1 traps on x86-64
 * but not on RISC-V, so signed code could print different results on the two machines. */
__attribute__((noinline)) static color_t next_color(color_t c, uint32_t v)
{
    switch (c) {
    case RED: return v & 1 ? GREEN : BLUE;
    case GREEN: return v > 100 ? GRAY : RED;
    case BLUE: return (color_t)((v >> 2) % NCOLORS);
    default: return RED;
    }
}

__attribute__((noinline)) static uint32_t f_add(uint32_t a, uint32_t b) { return a + b; }
__attribute__((noinline)) static uint32_t f_mix(uint32_t a, uint32_t b) { return a * 31 - (b ^ 0x55); }
__attribute__((noinline)) static uint32_t f_div(uint32_t a, uint32_t b) { return b ? a / (b | 1) : a; }
__attribute__((noinline)) static uint32_t f_mod(uint32_t a, uint32_t b) { return a % ((b & 0xff) | 1); }
static uint32_t (*const ops[4])(uint32_t, uint32_t) = {f_add, f_mix, f_div, f_mod};

__attribute__((noinline)) static int str_cmp(const uint8_t *a, const uint8_t *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (int)*a - (int)*b;
}

__attribute__((noinline)) static void str_copy(uint8_t *d, const char *s)
{
    size_t i = 0;
    for (; s[i] && i < 30; i++)
        d[i] = (uint8_t)s[i];
    d[i] = 0;
}

__attribute__((noinline)) static void proc_record(state_t *st, rec_t *r, uint32_t i)
{
    rec_t tmp = *r->next; /* struct copy */
    tmp.ival = ops[i & 3](r->ival, i);
    tmp.color = next_color(r->color, tmp.ival);
    tmp.hist[tmp.color] += 1;
    tmp.hist[4 + (i & 3)] ^= tmp.ival;
    *r = tmp;
    r->next = &st->pool[(tmp.ival * 7 + i) % 64];
}

int main(int argc, char **argv)
{
    long iters = bench_size(argc, argv, 20000) * 1000;
    static state_t st;
    for (int i = 0; i < 64; i++) {
        st.pool[i].next = &st.pool[(i * 13 + 5) % 64];
        st.pool[i].color = (color_t)(i % NCOLORS);
        st.pool[i].ival = i * 3;
        str_copy(st.pool[i].name, words[i % 8]);
    }
    rec_t *cur = &st.pool[0];
    uint32_t acc = 1;
    for (long i = 0; i < iters; i++) {
        uint32_t k = (uint32_t)i;
        proc_record(&st, cur, k);
        cur = cur->next;
        str_copy(st.s1, words[k & 7]);
        str_copy(st.s2, words[(k >> 3) & 7]);
        int c = str_cmp(st.s1, st.s2);
        if (c < 0)
            acc += st.s1[k % 5];
        else if (c > 0)
            acc -= st.s2[k % 3];
        else
            acc ^= k;
        uint32_t r = k % 48, q = (k / 48) % 48;
        st.grid[r][q] += acc & 0xff;
        st.grid[q][r] -= cur->ival & 0x3f;
        acc = acc * 1103515245 + 12345 + st.grid[r][(q + 1) % 48];
        st.sum += acc % 1000;
    }
    uint64_t h = MIX_INIT;
    for (int i = 0; i < 64; i++) {
        h = mix64(h, st.pool[i].ival);
        for (int k = 0; k < 8; k++)
            h = mix64(h, st.pool[i].hist[k]);
    }
    for (int i = 0; i < 48; i++)
        for (int k = 0; k < 48; k++)
            h = mix64(h, st.grid[i][k]);
    printf("dhry iters=%ld acc=%u sum=%llu hash=%016llx\n", iters, acc, (unsigned long long)st.sum,
           (unsigned long long)h);
    return 0;
}
