/*
 * Driver of the integer vector tests (tests/vector/vint-*.c): each program lists its cases as
 * CASES(M, U, M0, U0) -- M(id, "asm") for an instruction with a masked form (run unmasked and
 * with ", v0.t"), U(id, "asm") for one without, M0/U0 like M/U but only with vstart = 0 -- and
 * calls VINT_MAIN(CASES). M0/U0 mark where qemu-riscv64 7.2 is no oracle for vstart != 0: it
 * decides "vstart = 0" when it translates a block, not when the instruction runs (reductions,
 * vcpop/vfirst/vmsbf/vmsif/vmsof/viota/vcompress must raise SIGILL; vmv<nr>r.v copies from
 * vstart), leaves vstart set after vmv.x.s, vmv.s.x and vslideup, and crashes in vmv1r.v with
 * vstart past the register. tests/unit/test-riscv-vint covers those cases. Operands by convention: vd v8,
 * vs2 v16, vs1 v24, mask v0, the scalar in %[s], a scalar result in %[r]; v4..v7 hold sparse
 * masks (about one bit in eight set) for the mask-population instructions.
 *
 * For every SEW, every LMUL that SEW allows (mf8..m8), vl = VLMAX, about 2/3 of it and 0, masked
 * and not, vstart 0 and 3, a rotating vxrm and scalar (edge values: 0, -1, 1, SEW-1, SEW+1, the
 * signed minimum and maximum, VLMAX +- a bit), a case runs once on a register image of random
 * elements with edge values (0, 1, -1, min, max, ...) in every fourth element. The whole
 * register file, the scalar result, vxsat, vstart afterwards and whether the instruction raised
 * SIGILL are hashed; one line per case and SEW is printed ("-v" prints one per run instead), so
 * the output is compared with the expected files and with qemu-riscv64 at each VLEN.
 * "--no-csr" runs without touching vxrm/vxsat/vstart (vstart-0, rnu runs only).
 */
#ifndef VINT_H
#define VINT_H

#include <setjmp.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vtest.h"

typedef uint64_t VIRun(uint64_t s);
typedef struct VICase {
    const char *text;
    VIRun *run[2];           /* unmasked, masked (NULL: no masked form) */
    bool no_vstart;          /* not run with vstart != 0: qemu-riscv64 7.2 gets it wrong
                                (see U0/M0 below) */
} VICase;

#define VI_R0 0x5a5a5a5a5a5a5a5aull
#define VI_DEF_U(id, text) \
    static uint64_t id##_u(uint64_t s) \
    { uint64_t r = VI_R0; __asm__ volatile(text : [r] "+r"(r) : [s] "r"(s) : "memory"); return r; }
#define VI_DEF_M(id, text) VI_DEF_U(id, text) \
    static uint64_t id##_m(uint64_t s) \
    { uint64_t r = VI_R0; __asm__ volatile(text ", v0.t" : [r] "+r"(r) : [s] "r"(s) : "memory"); \
      return r; }
#define VI_ROW_U(id, text) { text, { id##_u, NULL }, false },
#define VI_ROW_M(id, text) { text, { id##_u, id##_m }, false },
#define VI_DEF_U0(id, text) VI_DEF_U(id, text)
#define VI_ROW_U0(id, text) { text, { id##_u, NULL }, true },
#define VI_DEF_M0(id, text) VI_DEF_M(id, text)
#define VI_ROW_M0(id, text) { text, { id##_u, id##_m }, true },

static sigjmp_buf vi_jmp;
static volatile int vi_armed;   /* SIGILL is expected: the case's instruction runs */
static void vi_sigill(int sig)
{
    (void)sig;
    if (!vi_armed) {
        static const char msg[] = "vint: SIGILL outside the instruction under test\n";
        fwrite(msg, 1, sizeof msg - 1, stdout);
        fflush(stdout);
        _exit(3);
    }
    vi_armed = 0;
    siglongjmp(vi_jmp, 1);
}

/* "--no-csr": vxrm, vxsat and vstart are left alone (vxrm 0, vstart 0 throughout). */
static bool vi_use_csr = true;
static bool vi_verbose;   /* "-v" */

static uint8_t vi_image[4][32 * 128] __attribute__((aligned(64)));
static uint8_t vi_out[32 * 128] __attribute__((aligned(64)));

static void vi_put(uint8_t *p, unsigned esz, uint64_t v)
{
    memcpy(p, &v, esz);   /* little-endian host and guest */
}

/* The register image for SEW 8 << vsew. */
static void vi_make_image(unsigned vsew)
{
    unsigned vlenb = vt_vlenb(), esz = 1u << vsew, bits = 8 * esz;
    uint8_t *img = vi_image[vsew];
    vt_fill_mem(img, 32 * (size_t)vlenb, 1234 + vsew);
    uint64_t min = 1ull << (bits - 1);
    const uint64_t special[8] = { 0, 1, ~0ull, min, min - 1, min + 1, bits - 1, 2 };
    for (unsigned r = 1; r < 32; r++) {
        uint8_t *reg = img + (size_t)r * vlenb;
        if (r >= 4 && r < 8) {   /* sparse masks */
            uint8_t other[128], third[128];
            vt_fill_mem(other, vlenb, 77 + r);
            vt_fill_mem(third, vlenb, 99 + r);
            for (unsigned i = 0; i < vlenb; i++)
                reg[i] &= other[i] & third[i];
            continue;
        }
        for (unsigned i = 0; i < vlenb / esz; i += 4)
            vi_put(reg + i * esz, esz, special[(i / 4 + r) % 8]);
    }
}

static uint64_t vi_vsetvl(uint64_t avl, uint64_t vtype)
{
    uint64_t vl;
    __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(avl), "r"(vtype));
    return vl;
}

static uint64_t vi_hash(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ull;
    return h ^ (h >> 29);
}

/* One run; returns its hash. */
static uint64_t vi_run_one(VIRun *fn, unsigned vsew, uint64_t vtype, uint64_t vl, uint64_t vstart,
                           unsigned vxrm, uint64_t s)
{
    volatile uint64_t r = 0, ill = 0;
    uint64_t sat = 0, vs_after = 0;
    vt_load_regs(vi_image[vsew]);
    vi_vsetvl(vl, vtype);
    if (sigsetjmp(vi_jmp, 1)) {
        ill = 1;
    } else {
        if (vi_use_csr)
            __asm__ volatile("csrw vxrm, %0\n\tcsrwi vxsat, 0\n\tcsrw vstart, %1"
                             : : "r"((uint64_t)vxrm), "r"(vstart));
        vi_armed = 1;
        r = fn(s);
        vi_armed = 0;
    }
    if (vi_use_csr)
        __asm__ volatile("csrr %0, vxsat\n\tcsrr %1, vstart\n\tcsrwi vstart, 0"
                         : "=r"(sat), "=r"(vs_after));
    vt_save_regs(vi_out);
    uint64_t h = 0xcbf29ce484222325ull;
    const uint64_t *w = (const uint64_t *)vi_out;
    for (size_t i = 0; i < 32 * (size_t)vt_vlenb() / 8; i++)
        h = vi_hash(h, w[i]);
    h = vi_hash(h, ill ? 0x111 : r);
    h = vi_hash(h, sat | vs_after << 8 | ill << 16);
    if (vi_verbose)
        printf(" [ill %d sat %d vstart %d r %llx]", (int)ill, (int)sat, (int)vs_after,
               (unsigned long long)r);
    return h;
}

static int vint_main(int argc, char **argv, const VICase *cases, size_t n)
{
    static const unsigned lmuls[] = { 5, 6, 7, 0, 1, 2, 3 };
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        verbose |= !strcmp(argv[i], "-v");
        vi_verbose = verbose;
        if (!strcmp(argv[i], "--no-csr"))
            vi_use_csr = false;
    }
    if (verbose)
        setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = vi_sigill;
    sigaction(SIGILL, &sa, NULL);
    vt_init();
    for (unsigned vsew = 0; vsew < 4; vsew++)
        vi_make_image(vsew);
    for (size_t c = 0; c < n; c++) {
        printf("%s:", cases[c].text);
        for (unsigned vsew = 0; vsew < 4; vsew++) {
            uint64_t h = 0;
            unsigned k = 0, bits = 8u << vsew;
            for (unsigned li = 0; li < 7; li++) {
                uint64_t vtype = vsew << 3 | lmuls[li] | (li & 1 ? 0xc0 : 0);
                uint64_t vlmax = vi_vsetvl(~0ull, vtype);
                if (vlmax == 0)
                    continue;   /* SEW > LMUL * ELEN: vill */
                const uint64_t vls[3] = { vlmax, vlmax * 2 / 3 + 1, 0 };
                for (unsigned v = 0; v < 3; v++)
                    for (unsigned m = 0; m < 2; m++)
                        for (unsigned st = 0; st < 2; st++, k++) {
                            uint64_t vl = vls[v] > vlmax ? vlmax : vls[v], vstart = st ? 3 : 0;
                            if (!cases[c].run[m] || (vl == 0 && (m || st)) ||
                                (st && (vl < 4 || cases[c].no_vstart || !vi_use_csr)))
                                continue;
                            uint64_t min = 1ull << (bits - 1);
                            const uint64_t sc[11] = { 0x9e3779b97f4a7c15ull * (k + 1), 0, ~0ull,
                                                      1, bits - 1, bits + 1, min, min - 1,
                                                      vlmax - 1, vlmax + 2, 3 };
                            if (verbose)
                                printf("\n  e%u lmul%u vl%llu m%u vstart%llu:", bits, lmuls[li],
                                       (unsigned long long)vl, m, (unsigned long long)vstart);
                            uint64_t one = vi_run_one(cases[c].run[m], vsew, vtype, vl, vstart,
                                                      k % 4, sc[k % 11]);
                            if (verbose)
                                printf(" %016llx", (unsigned long long)one);
                            h = vi_hash(h, one);
                        }
            }
            printf(" e%u=%08llx", bits, (unsigned long long)(h & 0xffffffff));
        }
        printf("\n");
    }
    return 0;
}

#define VINT_MAIN(CASES) \
    CASES(VI_DEF_M, VI_DEF_U, VI_DEF_M0, VI_DEF_U0) \
    static const VICase vint_cases[] = { CASES(VI_ROW_M, VI_ROW_U, VI_ROW_M0, VI_ROW_U0) }; \
    int main(int argc, char **argv) \
    { return vint_main(argc, argv, vint_cases, sizeof vint_cases / sizeof vint_cases[0]); }

#endif
