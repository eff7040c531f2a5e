/* vtest: vlen=128,256
 * Register-group legality of the integer vector instructions (vector.h's rules through
 * vector-int.def's shapes): every vd/vs2 pair (then every vd/vs1 pair) of v0..v15, masked and
 * not, under e16 at LMUL 1/2, 1, 2, 4 and e32 at LMUL 8 -- alignment, the overlaps allowed
 * between widening/narrowing/mask destinations and their sources, the groups vrgather, slides,
 * viota, vcompress, vmsbf may not overlap, v0 under a mask, EMUL limits. The instructions are
 * generated into an executable buffer (one slot each: the instruction, then ret); the output is
 * a hash and a count of the legal combinations per instruction, vtype, vm and sweep ("-v": the
 * bitmap), compared with qemu-riscv64 7.2. */
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "vtest.h"

typedef struct Op {
    const char *name;
    uint32_t match, mask;   /* insns-v.def's */
} Op;

static const Op ops[] = {
    { "vadd.vv", 0x00000057, 0xfc00707f },      { "vwadd.vv", 0xc4002057, 0xfc00707f },
    { "vwadd.wv", 0xd4002057, 0xfc00707f },     { "vwmacc.vv", 0xf4002057, 0xfc00707f },
    { "vnsrl.wv", 0xb0000057, 0xfc00707f },     { "vnclip.wv", 0xbc000057, 0xfc00707f },
    { "vzext.vf2", 0x48032057, 0xfc0ff07f },    { "vadc.vvm", 0x40000057, 0xfe00707f },
    { "vmadc.vvm", 0x44000057, 0xfe00707f },    { "vmadc.vv", 0x46000057, 0xfe00707f },
    { "vmerge.vvm", 0x5c000057, 0xfe00707f },   { "vmseq.vv", 0x60000057, 0xfc00707f },
    { "vredsum.vs", 0x00002057, 0xfc00707f },   { "vwredsum.vs", 0xc4000057, 0xfc00707f },
    { "vmand.mm", 0x66002057, 0xfe00707f },     { "vmsbf.m", 0x5000a057, 0xfc0ff07f },
    { "viota.m", 0x50082057, 0xfc0ff07f },      { "vid.v", 0x5008a057, 0xfdfff07f },
    { "vslideup.vx", 0x38004057, 0xfc00707f },  { "vslidedown.vx", 0x3c004057, 0xfc00707f },
    { "vslide1up.vx", 0x38006057, 0xfc00707f }, { "vrgather.vv", 0x30000057, 0xfc00707f },
    { "vrgatherei16.vv", 0x38000057, 0xfc00707f }, { "vcompress.vm", 0x5e002057, 0xfe00707f },
};
#define NOPS (sizeof ops / sizeof ops[0])
#define VM (1u << 25)
#define FIELD_VS1 (31u << 15)
#define FIELD_VS2 (31u << 20)

static sigjmp_buf jb;
static void on_ill(int sig) { (void)sig; siglongjmp(jb, 1); }

static uint32_t *code;   /* slot k: code[2k] = the instruction, code[2k + 1] = ret */

static unsigned slot(unsigned op, unsigned sweep, unsigned vm, unsigned a, unsigned b)
{
    return (((op * 2 + sweep) * 2 + vm) * 16 + a) * 16 + b;
}

static bool legal(unsigned k)
{
    volatile bool ok = false;
    if (sigsetjmp(jb, 1) == 0) {
        ((void (*)(void))(void *)(code + 2 * k))();
        ok = true;
    }
    return ok;
}

int main(int argc, char **argv)
{
    bool verbose = argc > 1 && !strcmp(argv[1], "-v");
    unsigned nslots = slot(NOPS, 0, 0, 0, 0);
    code = mmap(NULL, nslots * 8, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    if (code == MAP_FAILED)
        return 1;
    /* sweep 0: vd = a, vs2 = b, vs1 = v24 (x0 for .vx); sweep 1: vd = a, vs1 = b, vs2 = v24 */
    for (unsigned op = 0; op < NOPS; op++)
        for (unsigned sw = 0; sw < 2; sw++)
            for (unsigned vm = 0; vm < 2; vm++)
                for (unsigned a = 0; a < 16; a++)
                    for (unsigned b = 0; b < 16; b++) {
                        uint32_t w = ops[op].match & ~VM, m = ops[op].mask;
                        bool vx = (w & 0x7000) == 0x4000 || (w & 0x7000) == 0x6000;
                        w |= (m & VM) ? (ops[op].match & VM) : vm ? VM : 0;
                        w |= a << 7;
                        unsigned vs1 = sw ? b : vx ? 0 : 24, vs2 = sw ? 24 : b;
                        if (!(m & FIELD_VS1))
                            w |= vs1 << 15;
                        if (!(m & FIELD_VS2))
                            w |= vs2 << 20;
                        unsigned k = slot(op, sw, vm, a, b);
                        code[2 * k] = w;
                        code[2 * k + 1] = 0x00008067;   /* ret */
                    }
    __builtin___clear_cache((char *)code, (char *)(code + 2 * nslots));
    signal(SIGILL, on_ill);
    vt_init();
    static const uint64_t vtypes[] = { 0x0f, 0x08, 0x09, 0x0a, 0x13 };   /* e16 mf2..m4, e32 m8 */
    for (unsigned op = 0; op < NOPS; op++)
        for (unsigned t = 0; t < 5; t++)
            for (unsigned sw = 0; sw < 2; sw++)
                for (unsigned vm = 0; vm < 2; vm++) {
                    uint64_t h = 0xcbf29ce484222325ull, bits[4] = { 0 };
                    unsigned n = 0;
                    for (unsigned a = 0; a < 16; a++)
                        for (unsigned b = 0; b < 16; b++) {
                            uint64_t vl;
                            __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(~0ull), "r"(vtypes[t]));
                            bool ok = legal(slot(op, sw, vm, a, b));
                            n += ok;
                            bits[(a * 16 + b) / 64] |= (uint64_t)ok << ((a * 16 + b) % 64);
                            h = (h ^ ok) * 0x100000001b3ull;
                        }
                    printf("%-16s vtype %02llx %s vm%u: %3u legal %016llx", ops[op].name,
                           (unsigned long long)vtypes[t], sw ? "vd/vs1" : "vd/vs2", vm, n,
                           (unsigned long long)h);
                    if (verbose)
                        printf(" %016llx%016llx%016llx%016llx", (unsigned long long)bits[3],
                               (unsigned long long)bits[2], (unsigned long long)bits[1],
                               (unsigned long long)bits[0]);
                    printf("\n");
                }
    return 0;
}
