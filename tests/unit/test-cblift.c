/* test-cblift.c -- the callback summarizer (host/x86_64/cblift.c) on hand-written x86-64 byte
 * sequences: QEMU 7.2's insn and mem plugin callbacks (their bytes as gcc -O2 built them) must
 * give the expected guards and effects; shapes that must keep the real call (a guard on the
 * counter the function adds to, a call on the fast path, a store through a loaded pointer,
 * a callee-saved register clobbered, a 32-bit add, memory outside the object's data, a lock
 * prefix) must be rejected.
 * The "object" is one buffer: code at its original offsets, data at 0x3de0..0x4200.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cb-summary.h"
#include "x86-backend.h"
#include "unit.h"

static uint8_t obj[0x5000];
#define A(off) ((uint64_t)(uintptr_t)(obj + (off)))

static int hexput(uint32_t off, const char *hex)
{
    int n = 0;
    for (; hex[0] && hex[1]; hex += 2)
        obj[off + n++] = (uint8_t)strtoul((char[]){ hex[0], hex[1], 0 }, NULL, 16);
    return n;
}

/* rel32 at off (instruction ends at end) to reach target (offsets in obj). */
static void rip(uint32_t off, uint32_t end, uint32_t target)
{
    int32_t d = (int32_t)target - (int32_t)end;
    memcpy(obj + off, &d, 4);
}

static bool sum(uint32_t entry, CbSig sig, CbSummary *s)
{
    memset(s, 0, sizeof *s);
    return cblift_code(A(entry), A(0x1000), A(0x2000), A(0x3de0), A(0x4200), sig, s);
}

static const CbSig EXEC = { 2, 1u << 1 }, MEM = { 4, (1u << 1) | (1u << 3) };

int main(void)
{
    CbSummary s;
    /* QEMU 7.2 tests/plugin/insn.c vcpu_insn_exec_before (counts at 0x4140, 16-byte entries) */
    hexput(0x1470, "415541544189f45589fd5383e507488d1dbb2c00004889e848c1e0044883ec084c392403742248"
                   "c1e504488d3c2b48834708014c89274883c4085b5d415c415dc30f1f80000000004c89e6488d3d"
                   "3e0b000031c0e837fcffff4989c54889c7e8bcfcffff4c89efe874fbffffebb86690");
    bool ok = sum(0x1470, EXEC, &s);
    UNIT_CHECK("cblift:q72-insn", ok && s.n_guards == 1 && s.n_effects == 2 &&
               s.g[0].a.base == A(0x4140) && s.g[0].a.mask == 7 && s.g[0].a.shift == 4 &&
               s.g[0].size == 8 && !s.g[0].eq && !s.g[0].is_arg && s.g[0].v.arg == 1 &&
               s.g[0].v.bits == 32 && s.e[0].kind == CB_ADD && s.e[0].a.base == A(0x4148) &&
               s.e[0].a.mask == 7 && s.e[0].a.shift == 4 && s.e[0].v.k == 1 &&
               s.e[1].kind == CB_STORE && s.e[1].a.base == A(0x4140) && s.e[1].size == 8 &&
               s.e[1].v.arg == 1 && s.e[1].v.bits == 32,
               "ok %d guards %d effects %d", ok, s.n_guards, s.n_effects);

    /* QEMU 7.2 tests/plugin/mem.c vcpu_mem: if (do_haddr) slow; cb_mem_count++ */
    hexput(0x12e0, "803dc12d000000750f488305c72d000001c3660f1f44000089f74883ec084889d6e82afeffff"
                   "4889c7e802feffff84c0750e4883059e2d0000014883c408c390488305882d0000014883c408c3");
    ok = sum(0x12e0, MEM, &s);
    UNIT_CHECK("cblift:q72-mem", ok && s.n_guards == 1 && s.n_effects == 1 &&
               s.g[0].a.base == A(0x40a8) && !s.g[0].a.mask && s.g[0].size == 1 && s.g[0].eq &&
               s.g[0].v.arg < 0 && s.g[0].v.k == 0 && s.e[0].kind == CB_ADD &&
               s.e[0].a.base == A(0x40b8) && s.e[0].v.k == 1,
               "ok %d guards %d effects %d", ok, s.n_guards, s.n_effects);

    /* endbr64; addq $1, ctr(%rip); ret -> one add */
    hexput(0x1800, "f30f1efa48830500000000" "01c3");
    rip(0x1807, 0x180c, 0x4000);
    ok = sum(0x1800, EXEC, &s);
    UNIT_CHECK("cblift:plain-add", ok && !s.n_guards && s.n_effects == 1 && s.e[0].v.k == 1 &&
               s.e[0].a.base == A(0x4000), "ok %d", ok);

    /* mov eax, edi; and eax, 7; lea rdx, [rip+ctr]; add qword [rdx+rax*8], 3; ret */
    hexput(0x1840, "89f883e007488d1500000000488304c203c3");
    rip(0x1848, 0x184c, 0x4000);
    ok = sum(0x1840, EXEC, &s);
    UNIT_CHECK("cblift:per-cpu-add", ok && s.n_effects == 1 && s.e[0].a.base == A(0x4000) &&
               s.e[0].a.mask == 7 && s.e[0].a.shift == 3 && s.e[0].v.k == 3, "ok %d", ok);

    /* cmp rsi, 5 is on an argument: decided per event (is_arg guard); of the two paths
     * (udata == 5: one add; else nothing) the one doing less is the fast path */
    hexput(0x1880, "4883fe057508488305000000000" "1c3" "c3");
    rip(0x1889, 0x188e, 0x4008);
    ok = sum(0x1880, EXEC, &s);
    UNIT_CHECK("cblift:arg-guard", ok && s.n_guards == 1 && s.g[0].is_arg && s.g[0].arg_l == 1 &&
               !s.g[0].eq && s.g[0].v.k == 5 && s.n_effects == 0, "ok %d n_guards %d", ok, s.n_guards);

    /* add [rip+ctr], rsi; ret: a counter plus the udata argument (e.g. a block's size) */
    hexput(0x18c0, "48013500000000c3");
    rip(0x18c3, 0x18c7, 0x4030);
    ok = sum(0x18c0, EXEC, &s);
    UNIT_CHECK("cblift:add-udata", ok && s.n_effects == 1 && s.e[0].kind == CB_ADD &&
               s.e[0].v.arg == 1 && s.e[0].v.bits == 64 && s.e[0].a.base == A(0x4030), "ok %d", ok);

    /* Rejected shapes. */
    /* if (n != 0) return; n++ (cmpq $0, n(%rip); jne ret; addq $1, n(%rip); ret): reads what
     * it adds to */
    hexput(0x1900, "48833d0000000000" "7508" "48830500000000" "01" "c3");
    rip(0x1903, 0x1908, 0x4010);
    rip(0x190d, 0x1912, 0x4010);
    UNIT_CHECK("cblift:reject-guard-on-counter", !sum(0x1900, EXEC, &s), "lifted");
    /* call on the fast path */
    hexput(0x1940, "e8bbf6ffffc3");
    UNIT_CHECK("cblift:reject-call", !sum(0x1940, EXEC, &s), "lifted");
    /* mov rax, [rip+p]; mov qword [rax], 1; ret: store through a loaded pointer */
    hexput(0x1980, "488b0500000000" "48c70001000000" "c3");
    rip(0x1983, 0x1987, 0x4018);
    UNIT_CHECK("cblift:reject-pointer-store", !sum(0x1980, EXEC, &s), "lifted");
    /* mov ebx, 1; ret: callee-saved register clobbered */
    hexput(0x19c0, "bb01000000c3");
    UNIT_CHECK("cblift:reject-clobber", !sum(0x19c0, EXEC, &s), "lifted");
    /* addl $1, ctr(%rip); ret: not a 64-bit add */
    hexput(0x1a00, "830500000000" "01c3");
    rip(0x1a02, 0x1a07, 0x4020);
    UNIT_CHECK("cblift:reject-add32", !sum(0x1a00, EXEC, &s), "lifted");
    /* addq $1, x(%rip) with x outside the object's data */
    hexput(0x1a40, "48830500000000" "01c3");
    rip(0x1a43, 0x1a48, 0x4800);
    UNIT_CHECK("cblift:reject-outside", !sum(0x1a40, EXEC, &s), "lifted");
    /* lock addq $1, ctr(%rip); ret */
    hexput(0x1a80, "f048830500000000" "01c3");
    rip(0x1a84, 0x1a89, 0x4000);
    UNIT_CHECK("cblift:reject-lock", !sum(0x1a80, EXEC, &s), "lifted");
    /* a memory callback adding its vaddr (rdx, a run-time value) */
    hexput(0x1ac0, "48011500000000c3");
    rip(0x1ac3, 0x1ac7, 0x4000);
    UNIT_CHECK("cblift:reject-vaddr", !sum(0x1ac0, MEM, &s), "lifted");
    return unit_status();
}
