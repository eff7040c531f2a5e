/*
 * The guest registers the plugin API exposes, named as in gdb's target description for the
 * guest (RISC-V: org.gnu.gdb.riscv.cpu x0-x31 and pc, org.gnu.gdb.riscv.fpu f0-f31 and the
 * fflags/frm/fcsr CSRs), read from and written to the vCPU's GuestState through the guest's
 * gdb register layer (guest/riscv/gdb.c), the one place that knows them.
 *
 * Invariants: values are read from env, which holds the guest registers whenever a callback
 * with R_REGS/RW_REGS flags (or a vCPU init callback) runs, the pc included (the lowering pass
 * stores it before such calls). x0 is never written; pc cannot be written from a callback (the
 * block being executed would continue anyway).
 */
#include <string.h>
#include "plugin-int.h"
#include "guest-gdb.h"

/* The API's register numbers are gdb's, without gdb's gaps (RISC-V: 65, the csr base). */
enum { N_REGS = 68, R_PC = 32, GAP = 65 };
static int gdbnum(int i) { return i < GAP ? i : i + 1; }

int plugin_n_regs(void) { return N_REGS; }
const char *plugin_reg_name(int i) { return i >= 0 && i < N_REGS ? guest_gdb_reg_name(gdbnum(i)) : NULL; }
const char *plugin_reg_feature(int i) { return guest_gdb_reg_feature(gdbnum(i)); }

int plugin_reg_read(VCPU *cpu, int i, uint8_t *out)
{
    if (i < 0 || i >= N_REGS)
        return -1;
    int n = guest_gdb_read_reg(cpu, gdbnum(i), out);
    return n ? n : -1;
}

int plugin_reg_write(VCPU *cpu, int i, const uint8_t *in, unsigned len)
{
    if (i <= 0 || i >= N_REGS || i == R_PC)
        return -1;
    uint8_t probe[8];
    int need = guest_gdb_read_reg(cpu, gdbnum(i), probe);
    if (need <= 0 || len < (unsigned)need)
        return -1;
    return guest_gdb_write_reg(cpu, gdbnum(i), in, need) == 0 ? need : -1;
}
