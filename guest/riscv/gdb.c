/*
 * RISC-V registers as gdb's remote protocol numbers them (its riscv target description):
 * 0-31 x0-x31, 32 pc, 33-64 f0-f31, 66 fflags, 67 frm, 68 fcsr (65 + the CSR number), and the
 * target description qelt sends (features org.gnu.gdb.riscv.cpu and .fpu). With a vector unit
 * (GuestPriv.vector) also the vector CSRs at 65 + their number (org.gnu.gdb.riscv.csr: vstart,
 * vxsat, vxrm, vcsr, vl, vtype, vlenb) and v0-v31 at 4161.. (65 + 4096: past every CSR number;
 * org.gnu.gdb.riscv.vector, vlenb bytes each, typed as a union of element vectors).
 * Invariants: values are little-endian, 8 bytes (fflags/frm/fcsr: 4); x0 reads 0 and ignores
 * writes; frm/fflags keep only their architectural bits, the vector CSRs theirs (vl, vtype and
 * vlenb are read-only).
 */
#include <stdio.h>
#include <string.h>
#include "guest-gdb.h"
#include "guest-cpu.h"
#include "vcpu.h"
#include "vector.h"
#include "decode.h"

#define GDB_CSR0 65                 /* gdb number of CSR 0 */
#define GDB_V0   (GDB_CSR0 + 4096)  /* v0 */
/* The vector CSRs gdb sees, in description order. */
static const struct { const char *name; int csr; } vcsrs[] = {
    { "vstart", 0x008 }, { "vxsat", 0x009 }, { "vxrm", 0x00a }, { "vcsr", 0x00f },
    { "vl", 0xc20 }, { "vtype", 0xc21 }, { "vlenb", 0xc22 },
};
#define N_VCSRS ((int)(sizeof vcsrs / sizeof vcsrs[0]))

static int vcsr_index(int n)
{
    for (int i = 0; i < N_VCSRS; i++)
        if (n == GDB_CSR0 + vcsrs[i].csr)
            return i;
    return -1;
}

static bool is_vreg(int n) { return n >= GDB_V0 && n < GDB_V0 + 32; }

static const char *const xnames[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6" };
static const char *const fnames[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11" };

int guest_gdb_g_regs(void) { return 33; }

int guest_gdb_extra_reg(const VCPU *cpu, int k)
{
    if (!cpu || !cpu->priv.vector || k < 0 || k >= N_VCSRS + 32)
        return -1;
    return k < N_VCSRS ? GDB_CSR0 + vcsrs[k].csr : GDB_V0 + (k - N_VCSRS);
}

const char *guest_gdb_reg_name(int n)
{
    static const char *const csr[3] = { "fflags", "frm", "fcsr" };
    static const char *const vnames[32] = {
        "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13",
        "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25",
        "v26", "v27", "v28", "v29", "v30", "v31" };
    int vc = vcsr_index(n);
    return n >= 0 && n < 32 ? xnames[n] : n == 32 ? "pc" : n >= 33 && n < 65 ? fnames[n - 33]
         : n >= 66 && n <= 68 ? csr[n - 66] : vc >= 0 ? vcsrs[vc].name
         : is_vreg(n) ? vnames[n - GDB_V0] : NULL;
}

const char *guest_gdb_reg_feature(int n)
{
    return n <= 32 ? "org.gnu.gdb.riscv.cpu" : n <= 68 ? "org.gnu.gdb.riscv.fpu"
         : is_vreg(n) ? "org.gnu.gdb.riscv.vector" : "org.gnu.gdb.riscv.csr";
}

int guest_gdb_read_reg(VCPU *cpu, int n, uint8_t *buf)
{
    GuestState *g = &cpu->g;
    uint64_t v;
    uint32_t w;
    if (n >= 0 && n < 32) {
        v = n ? g->x[n] : 0;
    } else if (n == 32) {
        v = g->pc;
    } else if (n >= 33 && n < 65) {
        v = g->f[n - 33];
    } else if (n >= 66 && n <= 68) {
        w = n == 66 ? g->fflags : n == 67 ? g->frm : (g->frm << 5) | g->fflags;
        memcpy(buf, &w, 4);
        return 4;
    } else if (!cpu->priv.vector) {
        return 0;
    } else if (is_vreg(n)) {
        memcpy(buf, g->vreg + (size_t)(n - GDB_V0) * g->vlenb, g->vlenb);
        return (int)g->vlenb;
    } else {
        switch (vcsr_index(n) < 0 ? -1 : vcsrs[vcsr_index(n)].csr) {
        case 0x008: v = g->vstart; break;
        case 0x009: v = g->vxsat; break;
        case 0x00a: v = g->vxrm; break;
        case 0x00f: v = (uint64_t)g->vxrm << 1 | g->vxsat; break;
        case 0xc20: v = g->vl; break;
        case 0xc21: v = g->vtype; break;
        case 0xc22: v = g->vlenb; break;
        default: return 0;
        }
    }
    memcpy(buf, &v, 8);
    return 8;
}

int guest_gdb_write_reg(VCPU *cpu, int n, const uint8_t *buf, int len)
{
    GuestState *g = &cpu->g;
    uint64_t v = 0;
    if (is_vreg(n) && cpu->priv.vector && len == (int)g->vlenb) {
        memcpy(g->vreg + (size_t)(n - GDB_V0) * g->vlenb, buf, g->vlenb);
        return 0;
    }
    if (len != 8 && len != 4)
        return -1;
    memcpy(&v, buf, (size_t)len);
    if (n >= 0 && n < 32) {
        if (n)
            g->x[n] = v;
    } else if (n == 32) {
        g->pc = v;
    } else if (n >= 33 && n < 65) {
        g->f[n - 33] = v;
    } else if (n == 66) {
        g->fflags = (uint32_t)v & 0x1f;
    } else if (n == 67) {
        g->frm = (uint32_t)v & 7;
    } else if (n == 68) {
        g->fflags = (uint32_t)v & 0x1f;
        g->frm = ((uint32_t)v >> 5) & 7;
    } else if (cpu->priv.vector && n == GDB_CSR0 + 0x008) {
        g->vstart = v & rv_vstart_mask(g->vlenb);
    } else if (cpu->priv.vector && (n == GDB_CSR0 + 0x009 || n == GDB_CSR0 + 0x00f)) {
        g->vxsat = (uint32_t)v & 1;
        if (n == GDB_CSR0 + 0x00f)
            g->vxrm = (uint32_t)(v >> 1) & 3;
    } else if (cpu->priv.vector && n == GDB_CSR0 + 0x00a) {
        g->vxrm = (uint32_t)v & 3;
    } else {
        return -1;
    }
    return 0;
}

size_t guest_gdb_target_xml(const VCPU *cpu, char *out, size_t size)
{
    size_t n = 0;
#define PUT(...) do { int k_ = snprintf(out + n, n < size ? size - n : 0, __VA_ARGS__); \
                      if (k_ > 0) n += (size_t)k_; } while (0)
    PUT("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
        "<architecture>riscv:rv64</architecture>\n<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (int i = 0; i < 32; i++)
        PUT("<reg name=\"%s\" bitsize=\"64\" type=\"%s\" regnum=\"%d\"/>\n", xnames[i],
            i == 1 ? "code_ptr" : (i == 2 || i == 8) ? "data_ptr" : "int", i);
    PUT("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n</feature>\n"
        "<feature name=\"org.gnu.gdb.riscv.fpu\">\n");
    for (int i = 0; i < 32; i++)
        PUT("<reg name=\"%s\" bitsize=\"64\" type=\"ieee_double\" regnum=\"%d\"/>\n", fnames[i],
            33 + i);
    PUT("<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>\n"
        "<reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"67\"/>\n"
        "<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>\n</feature>\n");
    if (cpu && cpu->priv.vector) {
        unsigned vlenb = cpu->g.vlenb;
        PUT("<feature name=\"org.gnu.gdb.riscv.csr\">\n");
        for (int i = 0; i < N_VCSRS; i++)
            PUT("<reg name=\"%s\" bitsize=\"64\" type=\"int\" regnum=\"%d\"/>\n",
                vcsrs[i].name, GDB_CSR0 + vcsrs[i].csr);
        PUT("</feature>\n<feature name=\"org.gnu.gdb.riscv.vector\">\n"
            "<vector id=\"bytes\" type=\"uint8\" count=\"%u\"/>\n"
            "<vector id=\"shorts\" type=\"uint16\" count=\"%u\"/>\n"
            "<vector id=\"words\" type=\"uint32\" count=\"%u\"/>\n"
            "<vector id=\"longs\" type=\"uint64\" count=\"%u\"/>\n"
            "<vector id=\"quads\" type=\"uint128\" count=\"%u\"/>\n"
            "<union id=\"riscv_vector\"><field name=\"b\" type=\"bytes\"/>"
            "<field name=\"s\" type=\"shorts\"/><field name=\"w\" type=\"words\"/>"
            "<field name=\"l\" type=\"longs\"/><field name=\"q\" type=\"quads\"/></union>\n",
            vlenb, vlenb / 2, vlenb / 4, vlenb / 8, vlenb / 16);
        for (int i = 0; i < 32; i++)
            PUT("<reg name=\"v%d\" bitsize=\"%u\" type=\"riscv_vector\" regnum=\"%d\"/>\n", i,
                8 * vlenb, GDB_V0 + i);
        PUT("</feature>\n");
    }
    PUT("</target>\n");
#undef PUT
    return n;
}

/* ---- memory accesses of one instruction (watchpoints) ---- */

/* Element i (eew bytes, unsigned) of the register group starting at vector register r. */
static uint64_t velem(const GuestState *g, unsigned r, uint64_t i, unsigned eew)
{
    uint64_t off = (uint64_t)r * g->vlenb + i * eew, v = 0;
    if (off + eew <= sizeof g->vreg)
        memcpy(&v, g->vreg + off, eew);
    return v;
}

static void vector_accesses(const VCPU *cpu, const RVInsn *in, RVMemAccess a,
                            GuestAccessFn fn, void *opaque)
{
    const GuestState *g = &cpu->g;
    bool rd = a.kind != RV_MEM_STORE, wr = a.kind != RV_MEM_LOAD;
    uint64_t base = g->x[in->rs1];
    if (!cpu->priv.vector)
        return;
    if (a.shape == RV_MEMS_V_WHOLE) {   /* nf registers of bytes, from vstart (elements) */
        uint64_t total = (uint64_t)in->nf * g->vlenb, from = g->vstart * a.size;
        if (from < total)
            fn(opaque, base + from, total - from, rd, wr);
        return;
    }
    if (g->vtype >> 63)   /* vill: the instruction is illegal, nothing is accessed */
        return;
    if (a.shape == RV_MEMS_V_MASK) {    /* ceil(vl / 8) bytes, unmasked */
        uint64_t n = (g->vl + 7) / 8;
        if (g->vstart < n)
            fn(opaque, base + g->vstart, n - g->vstart, rd, wr);
        return;
    }
    unsigned sew = 1u << ((g->vtype >> 3) & 7);   /* bytes */
    unsigned esz = a.shape == RV_MEMS_V_INDEXED ? sew : a.size;   /* data element bytes */
    int64_t stride = (int64_t)g->x[in->rs2];
    for (uint64_t i = g->vstart; i < g->vl; i++) {
        if (!in->vm && !((g->vreg[i / 8] >> (i % 8)) & 1))
            continue;   /* masked off: not accessed */
        uint64_t ea = a.shape == RV_MEMS_V_UNIT ? base + i * in->nf * esz :
                      a.shape == RV_MEMS_V_STRIDED ? base + (uint64_t)((int64_t)i * stride) :
                      base + velem(g, in->rs2, i, a.size);
        for (unsigned f = 0; f < in->nf; f++)
            fn(opaque, ea + (uint64_t)f * esz, esz, rd, wr);
    }
}

int guest_gdb_accesses(const VCPU *cpu, const uint8_t *code, size_t avail, GuestAccessFn fn,
                       void *opaque)
{
    RVInsn in;
    if (!rv_decode(&in, code, avail) || in.op == RV_OP_illegal)
        return 0;
    RVMemAccess a = rv_insn_mem_access(&in);
    if (a.kind == RV_MEM_NONE)
        return 0;
    bool rd = a.kind != RV_MEM_STORE, wr = a.kind != RV_MEM_LOAD;
    if (a.shape == RV_MEMS_SCALAR)
        fn(opaque, cpu->g.x[in.rs1] + (uint64_t)in.imm, a.size, rd, wr);
    else if (a.shape == RV_MEMS_BLOCK)
        fn(opaque, cpu->g.x[in.rs1] & ~(uint64_t)(a.size - 1), a.size, rd, wr);
    else
        vector_accesses(cpu, &in, a, fn, opaque);
    return 1;
}
