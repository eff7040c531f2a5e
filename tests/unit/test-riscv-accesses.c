/*
 * The memory accesses an instruction is about to make, as gdb's watchpoints see them
 * (guest/riscv/gdb.c guest_gdb_accesses, decode.c rv_insn_mem_access):
 *  - every op of the decoder table: load/store/read-modify-write and size derived here from
 *    the mnemonic alone (an independent oracle for the table-derived facts);
 *  - encoded instructions against a VCPU: scalar address x[rs1] + imm (compressed forms too),
 *    cbo.zero's aligned block, and vector unit-stride (masked: masked-off elements are not
 *    accessed), strided, indexed segment, whole-register and vlm accesses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "decode.h"
#include "guest-gdb.h"
#include "vcpu.h"

/* What the mnemonic says: kind (0 none, 1 load, 2 store, 3 rmw) and size. */
static int oracle(const char *n, unsigned *size)
{
    static const char *const vec_prefix[] = { "vl", "vs" };
    size_t len = strlen(n);
    char last = n[len - 1];
    *size = last == 'b' ? 1 : last == 'h' ? 2 : last == 'w' ? 4 : last == 'd' ? 8 :
            last == 'q' ? 16 : 0;
    if (!strncmp(n, "amo", 3))
        return 3;
    if (!strncmp(n, "lr.", 3))
        return 1;
    if (!strncmp(n, "sc.", 3))
        return 2;
    if (!strcmp(n, "cbo.zero")) {
        *size = 64;
        return 2;
    }
    if (n[0] == 'v') {
        for (int k = 0; k < 2; k++) {
            size_t pl = strlen(vec_prefix[k]);
            if (!strncmp(n, vec_prefix[k], pl) && strstr(n, ".v") && !strstr(n, ".vv") &&
                !strstr(n, ".vx") && !strstr(n, ".vi") && strncmp(n, "vsetvl", 6) &&
                strncmp(n, "vsetivl", 7) && strncmp(n, "vsll", 4) && strncmp(n, "vslide", 6) &&
                strncmp(n, "vssra", 5) && strncmp(n, "vssrl", 5) && strncmp(n, "vssub", 5) &&
                strncmp(n, "vsra", 4) && strncmp(n, "vsrl", 4) && strncmp(n, "vsub", 4) &&
                strncmp(n, "vsadd", 5) && strncmp(n, "vsext", 5) && strncmp(n, "vsmul", 5) &&
                strncmp(n, "vsm3", 4) && strncmp(n, "vsm4", 4) && strncmp(n, "vsha", 4) &&
                (n[2] == 'e' || n[2] == 's' || n[2] == 'u' || n[2] == 'o' || n[2] == 'm' ||
                 (n[2] >= '1' && n[2] <= '8'))) {
                /* EEW: the number after the last 'e' or 'ei' that a digit follows (vle16,
                 * vl2re32, vluxei8); vlm/vsm and vs<N>r (bytes) have none: 1. */
                const char *w = NULL;
                for (const char *q = n + 2; *q; q++)
                    if (*q == 'e' && q[1] == 'i' && q[2] >= '1' && q[2] <= '9')
                        w = q + 2;   /* indexed: the index EEW */
                    else if (*q == 'e' && q[1] >= '1' && q[1] <= '9')
                        w = q + 1;
                *size = w ? (unsigned)atoi(w) / 8 : 1;
                return k ? 2 : 1;
            }
        }
        return 0;
    }
    /* Scalar loads/stores: l{b,h,w,d}[u], s{b,h,w,d}, fl{h,w,d}, fs{h,w,d}. */
    const char *m = n[0] == 'f' ? n + 1 : n;
    bool fp = m != n;
    if ((m[0] == 'l' || m[0] == 's') && strchr("bhwd", m[1]) &&
        (m[2] == 0 || (!fp && m[0] == 'l' && m[2] == 'u' && m[3] == 0)) && (!fp || m[1] != 'b')) {
        *size = m[1] == 'b' ? 1 : m[1] == 'h' ? 2 : m[1] == 'w' ? 4 : 8;
        return m[0] == 'l' ? 1 : 2;
    }
    return 0;
}

typedef struct Acc {
    uint64_t addr[64], len[64];
    bool rd[64], wr[64];
    int n;
} Acc;

static void collect(void *opaque, uint64_t addr, uint64_t len, bool read, bool write)
{
    Acc *a = opaque;
    if (a->n < 64) {
        a->addr[a->n] = addr;
        a->len[a->n] = len;
        a->rd[a->n] = read;
        a->wr[a->n] = write;
    }
    a->n++;
}

static Acc run(VCPU *cpu, uint32_t word, int len)
{
    uint8_t code[4];
    memcpy(code, &word, 4);
    Acc a = { .n = 0 };
    guest_gdb_accesses(cpu, code, (size_t)len, collect, &a);
    return a;
}

int main(void)
{
    /* Table-derived kind/size against the mnemonic, for every base op. */
    int bad = 0, mem_ops = 0;
    for (int op = 1; op < RV_NB_OPS; op++) {
        const char *n = rv_op_name(op);
        if (!strncmp(n, "c.", 2))
            continue;   /* compressed ids only name cop; their base op is checked */
        RVInsn in = { .op = (uint16_t)op, .nf = 1, .vm = 1 };
        RVMemAccess a = rv_insn_mem_access(&in);
        unsigned want_size, size = a.size;
        int want = oracle(n, &want_size);
        if (a.kind != want || (want && (size != want_size || !want_size))) {
            if (bad++ < 8)
                printf("  %s: kind %d size %u, the mnemonic says kind %d size %u\n", n, a.kind,
                       size, want, want_size);
        }
        mem_ops += want != 0;
    }
    UNIT_CHECK("accesses:table", bad == 0 && mem_ops > 60, "%d ops disagree (%d memory ops)",
               bad, mem_ops);

    VCPU *cpu = calloc(1, sizeof(VCPU));
    cpu->g.x[10] = 0x10000;   /* a0 */
    cpu->g.x[2] = 0x20000;    /* sp */
    Acc a = run(cpu, 0xff850583u /* lb a1,-8(a0) */, 4);
    UNIT_CHECK("accesses:lb", a.n == 1 && a.addr[0] == 0x10000 - 8 && a.len[0] == 1 &&
               a.rd[0] && !a.wr[0], "n %d addr %#llx len %llu", a.n,
               (unsigned long long)a.addr[0], (unsigned long long)a.len[0]);
    a = run(cpu, 0xe42a /* c.sdsp a0,8(sp) */, 2);
    UNIT_CHECK("accesses:c.sdsp", a.n == 1 && a.addr[0] == 0x20008 && a.len[0] == 8 &&
               !a.rd[0] && a.wr[0], "n %d addr %#llx", a.n, (unsigned long long)a.addr[0]);
    a = run(cpu, 0x00b5202fu /* amoadd.w zero,a1,(a0) */, 4);
    UNIT_CHECK("accesses:amoadd.w", a.n == 1 && a.addr[0] == 0x10000 && a.len[0] == 4 &&
               a.rd[0] && a.wr[0], "n %d", a.n);
    cpu->g.x[10] = 0x10075;
    a = run(cpu, 0x0045200fu /* cbo.zero (a0) */, 4);
    UNIT_CHECK("accesses:cbo.zero", a.n == 1 && a.addr[0] == 0x10040 && a.len[0] == 64 &&
               a.wr[0], "n %d addr %#llx", a.n, (unsigned long long)a.addr[0]);
    a = run(cpu, 0x00000013u /* addi zero,zero,0 */, 4);
    UNIT_CHECK("accesses:none", a.n == 0, "n %d", a.n);

    /* Vectors: VLEN 128, e8, vl 16; v0 = mask 0b0101... (even elements active). */
    cpu->priv.vector = true;
    cpu->g.vlenb = 16;
    cpu->g.vtype = 0;   /* e8, m1 */
    cpu->g.vl = 16;
    cpu->g.x[10] = 0x30000;
    memset(cpu->g.vreg, 0x55, 2);   /* v0 bits for elements 0-15 */
    a = run(cpu, 0x00050427u /* vse8.v v8,(a0),v0.t */, 4);
    bool even = a.n == 8;
    for (int i = 0; i < a.n && i < 64; i++)
        even &= a.addr[i] == 0x30000 + 2 * (uint64_t)i && a.len[i] == 1 && a.wr[i];
    UNIT_CHECK("accesses:vse8-masked", even, "n %d first %#llx", a.n,
               (unsigned long long)a.addr[0]);
    cpu->g.x[11] = (uint64_t)-4;   /* a1: stride -4 */
    cpu->g.vl = 3;
    a = run(cpu, 0x0ab56407u /* vlse8.v v8,(a0),a1 */, 4);
    UNIT_CHECK("accesses:vlse8-negative-stride", a.n == 3 && a.addr[2] == 0x30000 - 8 &&
               a.rd[2] && !a.wr[2], "n %d", a.n);
    /* vluxseg2ei16.v v8,(a0),v4: index EEW 16, data SEW 8, two fields per element. */
    cpu->g.vl = 2;
    uint16_t idx[2] = { 0x100, 0x7 };
    memcpy(cpu->g.vreg + 4 * 16, idx, sizeof idx);
    a = run(cpu, 0x26455407u, 4);
    UNIT_CHECK("accesses:vluxseg2ei16", a.n == 4 && a.addr[0] == 0x30100 && a.addr[1] == 0x30101 &&
               a.addr[2] == 0x30007 && a.addr[3] == 0x30008 && a.len[3] == 1,
               "n %d: %#llx %#llx %#llx %#llx", a.n, (unsigned long long)a.addr[0],
               (unsigned long long)a.addr[1], (unsigned long long)a.addr[2],
               (unsigned long long)a.addr[3]);
    a = run(cpu, 0x62850427u /* vs4r.v v8,(a0) */, 4);
    UNIT_CHECK("accesses:vs4r", a.n == 1 && a.addr[0] == 0x30000 && a.len[0] == 64 && a.wr[0],
               "n %d len %llu", a.n, (unsigned long long)a.len[0]);
    cpu->g.vl = 13;
    a = run(cpu, 0x02b50407u /* vlm.v v8,(a0) */, 4);
    UNIT_CHECK("accesses:vlm", a.n == 1 && a.len[0] == 2 && a.rd[0], "n %d len %llu", a.n,
               (unsigned long long)a.len[0]);
    cpu->g.vtype = 1ull << 63;   /* vill: illegal, no access */
    a = run(cpu, 0x02050407u /* vle8.v v8,(a0) */, 4);
    UNIT_CHECK("accesses:vill", a.n == 0, "n %d", a.n);
    free(cpu);
    return unit_status();
}
