/*
 * The guest registers the plugin API exposes, named as in gdb's target description for the
 * guest (RISC-V: org.gnu.gdb.riscv.cpu x0-x31 and pc, org.gnu.gdb.riscv.fpu f0-f31 and the
 * fflags/frm/fcsr CSRs), read from and written to the vCPU's GuestState.
 *
 * Invariants: values are read from env, which holds the guest registers whenever a callback
 * with R_REGS/RW_REGS flags (or a vCPU init callback) runs, the pc included (the lowering pass
 * stores it before such calls). x0 is never written; pc cannot be written from a callback (the
 * block being executed would continue anyway).
 */
#include <string.h>
#include "plugin-int.h"
#include "guest-cpu.h"

static const char *const names[] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3",
    "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
    "t3", "t4", "t5", "t6", "pc",
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11", "fflags", "frm", "fcsr",
};
#define N_REGS ((int)(sizeof(names) / sizeof(names[0])))
enum { R_PC = 32, R_F0 = 33, R_FFLAGS = 65, R_FRM = 66, R_FCSR = 67 };

int plugin_n_regs(void) { return N_REGS; }
const char *plugin_reg_name(int i) { return i >= 0 && i < N_REGS ? names[i] : NULL; }
const char *plugin_reg_feature(int i)
{
    return i <= R_PC ? "org.gnu.gdb.riscv.cpu" : "org.gnu.gdb.riscv.fpu";
}

int plugin_reg_read(VCPU *cpu, int i, uint8_t *out)
{
    GuestState *g = &cpu->g;
    uint64_t v;
    uint32_t w;
    if (i < 0 || i >= N_REGS)
        return -1;
    if (i < 32) {
        v = g->x[i];
    } else if (i == R_PC) {
        v = g->pc;
    } else if (i < R_FFLAGS) {
        v = g->f[i - R_F0];
    } else {
        w = i == R_FFLAGS ? g->fflags : i == R_FRM ? g->frm : (g->frm << 5) | g->fflags;
        memcpy(out, &w, 4);
        return 4;
    }
    memcpy(out, &v, 8);
    return 8;
}

int plugin_reg_write(VCPU *cpu, int i, const uint8_t *in, unsigned len)
{
    GuestState *g = &cpu->g;
    uint64_t v = 0;
    if (i <= 0 || i >= N_REGS || i == R_PC)
        return -1;
    unsigned need = i >= R_FFLAGS ? 4 : 8;
    if (len < need)
        return -1;
    memcpy(&v, in, need);
    if (i < 32)
        g->x[i] = v;
    else if (i < R_FFLAGS)
        g->f[i - R_F0] = v;
    else if (i == R_FFLAGS)
        g->fflags = (uint32_t)v & 0x1f;
    else if (i == R_FRM)
        g->frm = (uint32_t)v & 7;
    else {
        g->fflags = (uint32_t)v & 0x1f;
        g->frm = ((uint32_t)v >> 5) & 7;
    }
    return (int)need;
}
