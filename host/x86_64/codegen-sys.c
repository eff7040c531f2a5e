/*
 * x86-64 back end, full-system mode (BACKEND_SOFTMMU): guest memory accesses through the
 * soft-TLB, the one place where the two modes' code differs (codegen.c lowers everything else
 * and calls cg_gen_sys_access for gld/gst/gatomic/gcmpxchg, cg_emit_mmu_stubs after the block).
 * Fast path: index the TLB of the access's MMU index with the page number, compare the page
 * address (plus the alignment bits of an access that must be aligned, or of its last byte, so
 * page-crossing accesses miss) with the entry's tag for the access kind, add the entry's
 * addend and access host memory. Any TLB_* flag bit in the tag (MMIO, code page, invalid)
 * fails the compare. A miss jumps to an out-of-line stub that stores the access's operands in
 * env and calls the shared thunk, which saves every host register, calls the runtime's slow
 * path and restores them; the stub then puts the result where the fast path would and jumps
 * back. Invariant: every register the stub reads is allocated before the probe, so both paths
 * leave the same allocation state.
 */
#include <stddef.h>

#include "guestmem.h"
#include "x86-backend.h"

static inline IRTempInfo *T(Backend *be, IRTemp t) { return &be->ir->temps[t]; }
static inline bool is_fixed(Backend *be, IRTemp t) { return T(be, t)->fixed_reg >= 0; }
static inline bool fits_i32(int64_t v) { return v == (int32_t)v; }

static int32_t tlb_fast_off(int mo, bool table)
{
    int idx = (mo & MO_MMU_MASK) >> MO_MMU_SHIFT;
    return (int32_t)(offsetof(VCPU, tlb_fast) + (size_t)idx * sizeof(TLBFast) +
                     (table ? offsetof(TLBFast, table) : offsetof(TLBFast, mask)));
}

/* Probe for an access at ra; on a hit t1 = the entry's addend, so [ra + t1] is the host
 * address (sys_mem). Returns the miss branch. */
static uint8_t *emit_tlb_probe(Backend *be, XReg ra, XReg t1, XReg t2, int mo, bool write)
{
    XBuf *b = &be->b;
    int size = mo_bytes(mo);
    int32_t tag = write ? (int32_t)offsetof(TLBEntry, addr_write) : (int32_t)offsetof(TLBEntry, addr_read);
    x_mov_rr(b, true, t1, ra);
    x_shift_ri(b, XS_SHR, true, t1, GM_PAGE_BITS - TLB_ENTRY_BITS);
    x_alu_rm(b, XA_AND, true, t1, xm(X_RBP, tlb_fast_off(mo, false)));
    x_alu_rm(b, XA_ADD, true, t1, xm(X_RBP, tlb_fast_off(mo, true)));
    if ((mo & MO_ALIGN) && size > 1) {
        x_mov_rr(b, true, t2, ra);
        x_alu_ri(b, XA_AND, true, t2, (int32_t)(-(int32_t)GM_PAGE_SIZE | (size - 1)));
    } else {
        if (size > 1)
            x_lea(b, true, t2, xm(ra, size - 1));
        else
            x_mov_rr(b, true, t2, ra);
        x_alu_ri(b, XA_AND, true, t2, -(int32_t)GM_PAGE_SIZE);
    }
    x_alu_rm(b, XA_CMP, true, t2, xm(t1, tag));
    uint8_t *j = x_jcc(b, XC_NE, NULL);
    x_load(b, 8, false, t1, xm(t1, (int32_t)offsetof(TLBEntry, addend)));
    return j;
}

static XMem sys_mem(XReg ra, XReg t1) { return xmi(ra, t1, 1, 0); }

static void add_mstub(Backend *be, uint8_t *j, XReg addr, XReg val, XReg val2, XReg dst,
                      uint32_t oi, int site)
{
    be->mstubs = cg_grow(be->mstubs, &be->max_mstubs, sizeof(MmuStub), be->n_mstubs + 1);
    be->mstubs[be->n_mstubs++] = (MmuStub){ j, be->b.p, addr, val, val2, dst, false, 0, oi,
                                            be->sites[site].host_start };
}

void cg_emit_mmu_stubs(Backend *be)
{
    XBuf *b = &be->b;
    for (int i = 0; i < be->n_mstubs; i++) {
        const MmuStub *s = &be->mstubs[i];
        x_patch_rel32(s->jfield, b->p);
        x_store(b, 8, s->addr, xm(X_RBP, (int32_t)offsetof(VCPU, mmu_addr)));
        if (s->val_imm)
            x_store_imm(b, 8, xm(X_RBP, (int32_t)offsetof(VCPU, mmu_val)), s->val_c);
        else if (s->val != X_NOREG)
            x_store(b, 8, s->val, xm(X_RBP, (int32_t)offsetof(VCPU, mmu_val)));
        if (s->val2 != X_NOREG)
            x_store(b, 8, s->val2, xm(X_RBP, (int32_t)offsetof(VCPU, mmu_val2)));
        x_store_imm(b, 4, xm(X_RBP, (int32_t)offsetof(VCPU, mmu_oi)), (int32_t)s->oi);
        x_store_imm(b, 4, xm(X_RBP, (int32_t)offsetof(VCPU, mmu_site)), (int32_t)s->site);
        x_call(b, be->mmu_thunk);
        if (s->dst != X_NOREG)
            x_load(b, 8, false, s->dst, xm(X_RBP, (int32_t)offsetof(VCPU, mmu_ret)));
        x_jmp(b, s->resume);
    }
}

static void gen_gld_sys(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    int mo = (int)op->args[2];
    XReg ra = cg_temp_load(be, a, 0);
    XReg t1 = cg_alloc_scratch(be, 0), t2 = cg_alloc_scratch(be, 0);
    XReg rd = is_fixed(be, d) ? (XReg)T(be, d)->fixed_reg : t1;
    int site = cg_fault_site(be);
    uint8_t *j = emit_tlb_probe(be, ra, t1, t2, mo, false);
    x_load(&be->b, mo_bytes(mo), (mo & MO_SIGN) != 0, rd, sys_mem(ra, t1));
    cg_close_site(be, site);
    add_mstub(be, j, ra, X_NOREG, X_NOREG, rd, MMU_OI(mo & 0xff, MMU_K_LOAD, 0), site);
    if (rd == t1)
        be->reg_owner[t1] = OWNER_NONE;
    cg_temp_set_reg(be, d, rd);
}

static void gen_gst_sys(Backend *be, const IROp *op)
{
    IRTemp v = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    int mo = (int)op->args[2];
    bool vimm = ir_is_const(be->ir, v) && fits_i32(T(be, v)->val);
    XReg ra = cg_temp_load(be, a, 0);
    XReg rv = vimm ? X_NOREG : cg_temp_load(be, v, 0);
    XReg t1 = cg_alloc_scratch(be, 0), t2 = cg_alloc_scratch(be, 0);
    int site = cg_fault_site(be);
    uint8_t *j = emit_tlb_probe(be, ra, t1, t2, mo, true);
    if (vimm)
        x_store_imm(&be->b, mo_bytes(mo), sys_mem(ra, t1), (int32_t)T(be, v)->val);
    else
        x_store(&be->b, mo_bytes(mo), rv, sys_mem(ra, t1));
    cg_close_site(be, site);
    add_mstub(be, j, ra, rv, X_NOREG, X_NOREG, MMU_OI(mo & 0xff, MMU_K_STORE, 0), site);
    if (vimm) {
        be->mstubs[be->n_mstubs - 1].val_imm = true;
        be->mstubs[be->n_mstubs - 1].val_c = (int32_t)T(be, v)->val;
    }
}

static void gen_gatomic_sys(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], v = (IRTemp)op->args[2];
    int mo = (int)op->args[3];
    IRAtomicOp aop = (IRAtomicOp)op->args[4];
    int size = mo_bytes(mo);
    bool w64 = size == 8;
    XBuf *buf = &be->b;
    uint32_t oi = MMU_OI(mo & 0xff, MMU_K_ATOMIC, aop);
    if (aop == IR_AXCHG || aop == IR_AADD) {
        XReg ra = cg_temp_load(be, a, 0);
        XReg rv = cg_temp_load(be, v, 0);
        XReg t = cg_alloc_scratch(be, 0);
        x_mov_rr(buf, true, t, rv);
        XReg t1 = cg_alloc_scratch(be, 0), t2 = cg_alloc_scratch(be, 0);
        int site = cg_fault_site(be);
        uint8_t *j = emit_tlb_probe(be, ra, t1, t2, mo, true);
        if (aop == IR_AXCHG)
            x_xchg_mr(buf, size, sys_mem(ra, t1), t);
        else
            x_lock_xadd(buf, size, sys_mem(ra, t1), t);
        cg_close_site(be, site);
        add_mstub(be, j, ra, rv, X_NOREG, t, oi, site);
        cg_extend_result(be, t, mo);
        cg_temp_set_reg(be, d, t);
        return;
    }
    cg_take_reg(be, X_RAX, IR_NOTEMP);
    uint32_t avoid = 1u << X_RAX;
    XReg ra = cg_temp_load(be, a, avoid);
    XReg rv = cg_temp_load(be, v, avoid);
    XReg t = cg_alloc_scratch(be, avoid), t1 = cg_alloc_scratch(be, avoid);
    int site = cg_fault_site(be);
    uint8_t *j = emit_tlb_probe(be, ra, t1, X_RAX, mo, true);
    x_load(buf, size, false, X_RAX, sys_mem(ra, t1));
    uint8_t *loop = buf->p;
    x_mov_rr(buf, true, t, X_RAX);
    cg_atomic_update(buf, aop, w64, t, rv);
    x_lock_cmpxchg(buf, size, sys_mem(ra, t1), t);
    uint8_t *jl = x_jcc8(buf, XC_NE);
    x_patch_rel8(jl, loop);
    cg_close_site(be, site);
    add_mstub(be, j, ra, rv, X_NOREG, X_RAX, oi, site);
    cg_extend_result(be, X_RAX, mo);
    cg_set_result(be, d, X_RAX);
}

static void gen_gcmpxchg_sys(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    IRTemp e = (IRTemp)op->args[2], n = (IRTemp)op->args[3];
    int mo = (int)op->args[4];
    int size = mo_bytes(mo);
    cg_take_reg(be, X_RAX, IR_NOTEMP);
    uint32_t avoid = 1u << X_RAX;
    XReg ra = cg_temp_load(be, a, avoid);
    XReg re = cg_temp_load(be, e, avoid);
    XReg rn = cg_temp_load(be, n, avoid);
    XReg t1 = cg_alloc_scratch(be, avoid);
    int site = cg_fault_site(be);
    uint8_t *j = emit_tlb_probe(be, ra, t1, X_RAX, mo, true);
    x_mov_rr(&be->b, true, X_RAX, re);
    x_lock_cmpxchg(&be->b, size, sys_mem(ra, t1), rn);
    cg_close_site(be, site);
    add_mstub(be, j, ra, re, rn, X_RAX, MMU_OI(mo & 0xff, MMU_K_CMPXCHG, 0), site);
    if (size == 4)
        x_mov_rr(&be->b, false, X_RAX, X_RAX);
    cg_extend_result(be, X_RAX, mo);
    cg_set_result(be, d, X_RAX);
}

void cg_gen_sys_access(Backend *be, const IROp *op)
{
    switch (op->opc) {
    case IR_OP_gld: gen_gld_sys(be, op); break;
    case IR_OP_gst: gen_gst_sys(be, op); break;
    case IR_OP_gatomic: gen_gatomic_sys(be, op); break;
    case IR_OP_gcmpxchg: gen_gcmpxchg_sys(be, op); break;
    default: break;
    }
}
