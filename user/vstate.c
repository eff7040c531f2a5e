/*
 * Linux's per-thread vector state for the guest (arch/riscv/kernel/vector.c and signal.c in
 * Linux 6.12): the first-use trap, PR_RISCV_V_SET_CONTROL / PR_RISCV_V_GET_CONTROL, the
 * control's passage through execve, and the vector context of the signal frame.
 *
 * State: a thread's sstatus.VS is VCPU.priv.mstatus's VS field (Off until the thread's first
 * vector instruction; the front end checks it once per block, rv_vs_access, and leaves with
 * EXIT_ILLEGAL while it is Off); its vstate_ctrl is SigThread.vstate_ctrl. A new thread starts
 * with VS Off and its parent's control, a forked child with VS Off (Linux turns V off in a
 * child: its vector registers here stay the parent's, which the ABI leaves undefined); execve
 * starts VS Off with the control riscv_v_vstate_ctrl_init derives from the old one.
 * Differences from Linux, kept for agreement with qemu-riscv64 7.2 (the differential
 * reference): the first-use trap leaves the vector registers, vl and vtype as they were
 * (Linux zeroes them, which gives vtype 0 rather than the reset state's vill), and system
 * calls do not discard the vector state.
 * Invariant: without a vector unit (no Zve32x) nothing here changes any state: the prctls fail
 * with EINVAL, frames carry no vector context.
 */
#include <errno.h>
#include <string.h>
#include "signal.h"
#include "syscall-defs.h"
#include "priv.h"
#include "vector.h"
#include "translate.h"

#define VCTRL_DEFAULT   0
#define VCTRL_OFF       1
#define VCTRL_ON        2
#define VCTRL_CUR(c)    ((c) & 3u)
#define VCTRL_NEXT(c)   (((c) >> 2) & 3u)
#define VCTRL_INHERIT   0x10u
#define VCTRL_MASK      0x1fu
#define MSTATUS_VS_INITIAL (1ull << 9)

bool vstate_has_vector(const Process *p)
{
    return (proc_isa(p) & RV_EXT_BIT(ZVE32X)) != 0;
}

bool vstate_on(const VCPU *cpu)
{
    return (cpu->priv.mstatus & MSTATUS_VS) != 0;
}

uint32_t vstate_ctrl_after_exec(uint32_t old)
{
    uint32_t next = VCTRL_NEXT(old);
    uint32_t cur = next ? next : VCTRL_ON;   /* CONFIG_RISCV_ISA_V_DEFAULT_ENABLE */
    bool inherit = (old & VCTRL_INHERIT) != 0;
    if (!inherit)
        next = VCTRL_DEFAULT;
    return cur | next << 2 | (inherit ? VCTRL_INHERIT : 0);
}

bool vstate_ctrl_passes_exec(uint32_t ctrl)
{
    return (ctrl & (VCTRL_INHERIT | 0xcu)) != 0;
}

/* Linux's insn_is_vector: OP-V, vector loads/stores (LOAD-FP/STORE-FP with a vector width),
 * and the CSR instructions on vector CSRs. */
static bool insn_is_vector(uint32_t insn)
{
    if ((insn & 3) != 3)
        return false;
    uint32_t opcode = insn & 0x7f, csr = insn >> 20;
    if (rv_insn_is_vmem(insn))
        return true;
    switch (opcode) {
    case 0x57:
        return true;
    case 0x73:
        return (csr >= 0x008 && csr <= 0x00f) || (csr >= 0xc20 && csr <= 0xc22);
    }
    return false;
}

bool vstate_first_use(VCPU *cpu)
{
    SigThread *ts = cpu->os_thread;
    uint32_t insn;
    if (!vstate_has_vector(cpu->proc) || !ts || VCTRL_CUR(ts->vstate_ctrl) != VCTRL_ON ||
        vstate_on(cpu))
        return false;
    if (copy_from_guest(cpu->proc, &insn, cpu->g.pc, 4) < 0 || !insn_is_vector(insn))
        return false;
    cpu->priv.mstatus |= MSTATUS_VS_INITIAL;
    return true;
}

void vstate_fork_child(VCPU *cpu)
{
    cpu->priv.mstatus &= ~MSTATUS_VS;
}

int64_t vstate_prctl(VCPU *cpu, int option, uint64_t arg)
{
    SigThread *ts = cpu->os_thread;
    if (!vstate_has_vector(cpu->proc) || !ts)
        return -EINVAL;
    if (option == PR_RISCV_V_GET_CONTROL)
        return ts->vstate_ctrl & VCTRL_MASK;
    if (arg & ~(uint64_t)VCTRL_MASK)
        return -EINVAL;
    uint32_t cur = VCTRL_CUR(arg), next = VCTRL_NEXT(arg);
    switch (cur) {
    case VCTRL_OFF:
        if (VCTRL_CUR(ts->vstate_ctrl) != VCTRL_OFF)
            return -EPERM;   /* V cannot be taken back from a thread that may use it */
        break;
    case VCTRL_ON:
        break;
    case VCTRL_DEFAULT:
        cur = VCTRL_CUR(ts->vstate_ctrl);
        break;
    default:
        return -EINVAL;
    }
    if (next > VCTRL_ON)
        return -EINVAL;
    ts->vstate_ctrl = cur | next << 2 | ((arg & VCTRL_INHERIT) ? VCTRL_INHERIT : 0);
    return 0;
}

/* ---- the signal frame's vector context ---- */

/* struct __riscv_ctx_hdr + struct __sc_riscv_v_state (vstart, vl, vtype, vcsr, vlenb, datap:
 * 48 bytes, 16-aligned) + the 32 registers: Linux's riscv_v_sc_size. */
size_t vstate_sigctx_size(const VCPU *cpu)
{
    return 8 + 48 + 32 * (size_t)cpu->g.vlenb;
}

bool vstate_in_frame(const VCPU *cpu)
{
    return vstate_has_vector(cpu->proc) && vstate_on(cpu);
}

static void put64(uint8_t *b, size_t off, uint64_t v) { memcpy(b + off, &v, 8); }
static uint64_t get64(const uint8_t *b, size_t off)
{
    uint64_t v;
    memcpy(&v, b + off, 8);
    return v;
}

void vstate_save(const VCPU *cpu, uint8_t *ctx, uint64_t ctx_addr)
{
    const GuestState *g = &cpu->g;
    uint32_t size = (uint32_t)vstate_sigctx_size(cpu);
    uint32_t magic = RISCV_V_MAGIC;
    memcpy(ctx, &magic, 4);
    memcpy(ctx + 4, &size, 4);
    put64(ctx, 8, g->vstart);
    put64(ctx, 16, g->vl);
    put64(ctx, 24, g->vtype);
    put64(ctx, 32, (uint64_t)g->vxrm << 1 | g->vxsat);
    put64(ctx, 40, g->vlenb);
    put64(ctx, 48, ctx_addr + 56);   /* datap: the registers right after the state */
    memcpy(ctx + 56, g->vreg, 32 * (size_t)g->vlenb);
}

int vstate_restore(VCPU *cpu, uint64_t ctx_addr, uint32_t size)
{
    GuestState *g = &cpu->g;
    uint8_t st[48];
    if (!vstate_in_frame(cpu) || size != vstate_sigctx_size(cpu))
        return -EINVAL;
    if (copy_from_guest(cpu->proc, st, ctx_addr + 8, sizeof st) < 0 ||
        copy_from_guest(cpu->proc, g->vreg, get64(st, 40), 32 * (size_t)g->vlenb) < 0)
        return -EFAULT;
    /* The kernel's restore: vsetvl x0, vl, vtype; csrw vstart; csrw vcsr (vlenb is ignored). */
    uint64_t vl = get64(st, 8), vtype = get64(st, 16), vcsr = get64(st, 24);
    unsigned elen = proc_isa(cpu->proc) & RV_EXT_BIT(ZVE64X) ? 64 : 32;
    if (rv_vtype_valid(vtype, elen)) {
        uint32_t vlmax = rv_vlmax(g->vlenb, vtype);
        g->vtype = vtype;
        g->vl = vl < vlmax ? vl : vlmax;
    } else {
        g->vtype = RV_VTYPE_VILL;
        g->vl = 0;
    }
    g->vstart = get64(st, 0) & rv_vstart_mask(g->vlenb);
    g->vxsat = (uint32_t)vcsr & 1;
    g->vxrm = (uint32_t)(vcsr >> 1) & 3;
    return 0;
}
