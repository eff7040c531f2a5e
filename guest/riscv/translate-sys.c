/*
 * RISC-V front end, full-system instructions: CSR access beyond the FP CSRs, mret, sret, wfi,
 * sfence.vma; and the run-time helpers they call.
 *
 * rv_vs_access (vector state legality and the VS Dirty mark, both modes) lives here too.
 *
 * Flow: each instruction stores its pc in env, then calls a helper (guest globals synced, so
 * the helper can raise an exception precisely: it records it in VCPU.priv and leaves through
 * cpu_loop_exit(EXIT_EXCEPTION)). Instructions that change the privilege, the address space
 * or the pc (mret, sret, sfence.vma, writes to CF_END CSRs) end the block with an unchained
 * exit, so the next block is looked up under the new translation flags.
 * Invariant: a helper that may have made an interrupt takeable asks the vCPU to leave
 * generated code (exit_request), where the hart loop takes it.
 */
#include <stddef.h>
#include "translate.h"
#include "priv.h"
#include "runtime.h"
#include "vcpu.h"

static void __attribute__((noreturn)) raise_excp(VCPU *cpu, int cause, uint64_t tval)
{
    cpu->priv.pending_excp = cause;
    cpu->priv.pending_tval = tval;
    cpu_loop_exit(cpu, EXIT_EXCEPTION);
}

static void kick_if_interrupt(VCPU *cpu)
{
    if (rv_pending_interrupt(cpu) >= 0)
        cpu_exit_request(cpu);
}

/* arg: csr in bits 0-11, op (0 read only, 1 write, 2 set, 3 clear: the instruction's form
 * decides, not the value: csrrs with rs1 != x0 is a write attempt) in 12-13, the instruction's
 * bits in 32-63 (tval of an illegal-instruction exception). */
static uint64_t helper_csr(VCPU *cpu, uint64_t arg, uint64_t src)
{
    uint64_t old;
    int csr = (int)(arg & 0xfff), op = (int)((arg >> 12) & 3);
    if (rv_csr_access(cpu, csr, op, src, &old) < 0)
        raise_excp(cpu, EXC_ILLEGAL, arg >> 32);
    if (op)
        kick_if_interrupt(cpu);
    return old;
}

#define ENV_MSTATUS ((int)offsetof(VCPU, priv.mstatus))

/* mstatus |= bits (a status field set to Dirty). */
static void gen_mstatus_set(RVDisas *d, uint64_t bits)
{
    IRContext *c = d->ir;
    IRTemp t = ir_temp(c);
    ir_ld_env(c, t, ENV_MSTATUS, MO_Q);
    ir_opi(c, IR_OP_or, IR_I64, t, t, (int64_t)bits);
    ir_st_env(c, t, ENV_MSTATUS, MO_Q);
}

bool rv_fp_access(RVDisas *d, bool writes_fp)
{
    int fs = (int)RV_TBF_FS(d->te->tb_flags);
    if (fs == 0)
        return false;
    if (writes_fp && fs != 3 && !d->fs_dirty) {
        gen_mstatus_set(d, MSTATUS_FS);
        d->fs_dirty = true;
    }
    return true;
}

/* User mode: the thread's VS is Off (Linux's state before its first vector instruction, or V
 * turned off by prctl): the instruction at pc traps, as on hardware; the OS layer decides. */
/* User mode: the thread's VS is Off (Linux's state before its first vector instruction, or V
 * turned off by prctl): the instruction at pc traps, as on hardware; the OS layer decides. */
static void __attribute__((noreturn)) helper_vs_off(VCPU *cpu, uint64_t pc)
{
    cpu->g.pc = pc;
    cpu_loop_exit(cpu, EXIT_ILLEGAL);
}

void rv_gen_vs_off(RVDisas *d)
{
    IRTemp a[1] = { ir_const(d->ir, (int64_t)d->pc) };
    ir_call(d->ir, (void *)helper_vs_off, IR_CALL_ENV | IR_CALL_NO_WG, IR_NOTEMP, 1, a);
}

bool rv_vs_access(RVDisas *d, bool writes_vstate)
{
    if (!RV_TBF_VS(d->te->tb_flags))
        return false;
    if (!d->te->sys)
        return true;   /* user mode tracks no Dirty state */
    if (writes_vstate && !d->vs_done) {
        /* The flags only say "not Off": Dirty is set whatever it was (once per block). */
        gen_mstatus_set(d, MSTATUS_VS);
        d->vs_done = true;
    }
    return true;
}

/* arg: the instruction's bits; which: 0 mret, 1 sret, 2 wfi, 3 sfence.vma (va, with rs1 != 0
 * flagged in bit 31 of which's upper half). */
static void helper_priv(VCPU *cpu, uint64_t arg, uint64_t va)
{
    uint32_t raw = (uint32_t)arg;
    int which = (int)((arg >> 32) & 3);
    GuestPriv *p = &cpu->priv;
    switch (which) {
    case 0:
    case 1:
        if ((which == 0 ? rv_mret(cpu) : rv_sret(cpu)) < 0)
            raise_excp(cpu, EXC_ILLEGAL, raw);
        cpu->g.lr_addr = UINT64_MAX;
        kick_if_interrupt(cpu);
        cpu_loop_exit_restart(cpu);
    case 2:
        if (p->prv == PRV_U || (p->prv == PRV_S && (p->mstatus & MSTATUS_TW)))
            raise_excp(cpu, EXC_ILLEGAL, raw);
        cpu->g.pc += 4;
        p->wfi = 1;
        cpu_loop_exit(cpu, EXIT_HALT);
    default:
        if (p->prv == PRV_U || (p->prv == PRV_S && (p->mstatus & MSTATUS_TVM)))
            raise_excp(cpu, EXC_ILLEGAL, raw);
        if ((arg >> 34) & 1)
            p->hooks->tlb_flush_page(cpu, va);
        else
            p->hooks->tlb_flush(cpu);
        return;
    }
}

static void store_pc(RVDisas *d)
{
    ir_st_env(d->ir, ir_const(d->ir, (int64_t)d->pc), (int)offsetof(GuestState, pc), MO_Q);
}

void rv_gen_csr_sys(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    int op = in->op;
    bool uimm = op == RV_OP_csrrwi || op == RV_OP_csrrsi || op == RV_OP_csrrci;
    int kind = (op == RV_OP_csrrw || op == RV_OP_csrrwi) ? 1 :
               (op == RV_OP_csrrs || op == RV_OP_csrrsi) ? 2 : 3;
    IRTemp src = uimm ? ir_const(c, in->imm) : rv_get_gpr(d, in->rs1);
    bool writes = kind == 1 || (uimm ? in->imm != 0 : in->rs1 != 0);
    if (!writes)
        kind = 0;
    store_pc(d);
    IRTemp args[2] = { ir_const(c, (int64_t)((uint64_t)in->csr | (uint64_t)kind << 12 |
                                             (uint64_t)in->raw << 32)), src };
    IRTemp old = ir_temp(c);
    ir_call(c, (void *)helper_csr, IR_CALL_ENV | IR_CALL_NO_WG, old, 2, args);
    rv_set_gpr(d, in->rd, old);
    if (writes && rv_csr_ends_block(in->csr)) {
        ir_exit_tb(c, EXIT_NONE, d->next_pc);
        d->is_jmp = RV_DISAS_NORETURN;
    }
}

void rv_gen_priv_insn(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    uint64_t which = in->op == RV_OP_mret ? 0 : in->op == RV_OP_sret ? 1 :
                     in->op == RV_OP_wfi ? 2 : 3;
    uint64_t page = which == 3 && in->rs1 != 0;
    store_pc(d);
    IRTemp args[2] = { ir_const(c, (int64_t)((uint64_t)in->raw | which << 32 | page << 34)),
                       which == 3 ? rv_get_gpr(d, in->rs1) : ir_const(c, 0) };
    ir_call(c, (void *)helper_priv, IR_CALL_ENV | IR_CALL_NO_WG, IR_NOTEMP, 2, args);
    /* mret/sret/wfi never come back here; sfence.vma continues in a fresh block. */
    ir_exit_tb(c, EXIT_NONE, d->next_pc);
    d->is_jmp = RV_DISAS_NORETURN;
}
