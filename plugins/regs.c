/*
 * The guest registers the plugin API exposes, named as in gdb's target description for the
 * guest (RISC-V: org.gnu.gdb.riscv.cpu x0-x31 and pc, org.gnu.gdb.riscv.fpu f0-f31 and the
 * fflags/frm/fcsr CSRs; with a vector unit then the vector CSRs and v0-v31), read from and
 * written to the vCPU's GuestState through the guest's gdb register layer (guest/riscv/gdb.c),
 * the one place that knows them.
 *
 * Invariants: values are read from env, which holds the guest registers whenever a callback
 * with R_REGS/RW_REGS flags (or a vCPU init callback) runs, the pc included (the lowering pass
 * stores it before such calls). x0 is never written; pc cannot be written from a callback (the
 * block being executed would continue anyway).
 */
#include <string.h>
#include "plugin-int.h"
#include "guest-gdb.h"

/* The API's register numbers are gdb's, without gdb's gaps (RISC-V: 65, the csr base), the
 * fixed set (N_FIXED) first, then the vCPU's extra ones in guest_gdb_extra_reg's order. */
enum { N_FIXED = 68, R_PC = 32, GAP = 65 };
static int gdbnum(const VCPU *cpu, int i)
{
    return i < 0 ? -1 : i < GAP ? i : i < N_FIXED ? i + 1 : guest_gdb_extra_reg(cpu, i - N_FIXED);
}

int plugin_n_regs(const VCPU *cpu)
{
    int n = N_FIXED;
    while (guest_gdb_extra_reg(cpu, n - N_FIXED) >= 0)
        n++;
    return n;
}
const char *plugin_reg_name(const VCPU *cpu, int i)
{
    return i >= 0 && i < plugin_n_regs(cpu) ? guest_gdb_reg_name(gdbnum(cpu, i)) : NULL;
}
const char *plugin_reg_feature(const VCPU *cpu, int i)
{
    return guest_gdb_reg_feature(gdbnum(cpu, i));
}

int plugin_reg_read(VCPU *cpu, int i, uint8_t *out)
{
    int n = gdbnum(cpu, i) >= 0 ? guest_gdb_read_reg(cpu, gdbnum(cpu, i), out) : 0;
    return n ? n : -1;
}

int plugin_reg_write(VCPU *cpu, int i, const uint8_t *in, unsigned len)
{
    if (i <= 0 || i == R_PC || gdbnum(cpu, i) < 0)
        return -1;
    uint8_t probe[PLUGIN_REG_MAX];
    int need = guest_gdb_read_reg(cpu, gdbnum(cpu, i), probe);
    if (need <= 0 || len < (unsigned)need)
        return -1;
    return guest_gdb_write_reg(cpu, gdbnum(cpu, i), in, need) == 0 ? need : -1;
}
