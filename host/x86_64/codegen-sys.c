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
 * Access groups: loads and stores off one base value (ir_addr_bases: base + delta, the
 * deltas of the group within GROUP_SPAN bytes) between two barriers (a label, a call: helpers
 * may change the MMU state) share one probe. The group's first access probes the whole range
 * [base + lo, base + hi] (index from the low end, the high end's page compared with the read
 * and/or write tag: equal only when both ends lie in the page, which has no TLB_* flag) and
 * keeps the addend in VCPU.mmu_group[slot] (0 when the probe failed); each member then loads
 * the slot, tests it and accesses [addr + addend]; a zero sends it to its own probe (cold
 * code) and miss stub, so a group across pages or on MMIO stays exact, only slower. A group's
 * slot is written on every path before its other members read it: no label in between.
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

/* ---- access groups ---- */

#define GROUP_SPAN 1024   /* bytes a group's accesses may cover (larger ones cross pages often) */

typedef struct SysAccessPlan {
    int8_t slot;          /* VCPU.mmu_group index, -1: not in a group */
    bool head;            /* the group's first access: probes the range */
    bool rd, wr;          /* head: the group loads / stores */
    int8_t mmu;           /* head: the MMU index of every member */
    int32_t lo, hi;       /* head: the bytes [base + lo, base + hi] the group touches */
    int32_t last;         /* head: the op of the group's last member */
    int32_t n;            /* head: members */
    uint32_t epoch;       /* head: barriers before it */
} SysAccessPlan;

static bool group_barrier(int opc)
{
    switch (opc) {
    case IR_OP_set_label: case IR_OP_call: case IR_OP_vcall:
    case IR_OP_plugin_cb: case IR_OP_plugin_mem: case IR_OP_plugin_inline: case IR_OP_plugin_filter:
    case IR_OP_plugin_guard: case IR_OP_plugin_hmem:
        return true;
    default:
        return false;
    }
}

/* Groups of this block's gld/gst ops: be->splan (per op; after it, per op, the head of its
 * ir_addr_bases group since the last barrier, and the head of each member). */
void cg_sys_plan_groups(Backend *be)
{
    IRContext *ir = be->ir;
    int n = ir->nb_ops;
    be->splan = cg_grow(be->splan, &be->max_splan, sizeof(SysAccessPlan) + 2 * sizeof(int32_t), n + 1);
    SysAccessPlan *pl = be->splan;
    int32_t *headof = (int32_t *)(pl + n), *head = headof + n;
    for (int i = 0; i < n; i++) {
        pl[i] = (SysAccessPlan){ .slot = -1 };
        headof[i] = head[i] = -1;
    }
    const IRAddrBase *ab = be->addr_base;
    uint32_t epoch = 0;
    for (int i = 0; i < n; i++) {
        const IROp *op = &ir->ops[i];
        if (group_barrier(op->opc))
            epoch++;
        if ((op->opc != IR_OP_gld && op->opc != IR_OP_gst) || ab[i].group < 0)
            continue;
        int mo = (int)op->args[2];
        if (mo & MO_ALIGN)
            continue;
        int mmu = (mo & MO_MMU_MASK) >> MO_MMU_SHIFT;
        int64_t lo = ab[i].base == IR_NOTEMP ? 0 : ab[i].lo;
        int64_t hi = (ab[i].base == IR_NOTEMP ? 0 : ab[i].hi) + mo_bytes(mo) - 1;
        int32_t h = headof[ab[i].group];
        if (h < 0 || pl[h].epoch != epoch || pl[h].mmu != mmu) {
            h = headof[ab[i].group] = i;
            pl[h] = (SysAccessPlan){ .slot = -1, .mmu = (int8_t)mmu, .lo = (int32_t)lo,
                                     .hi = (int32_t)hi, .epoch = epoch };
        }
        int64_t nlo = lo < pl[h].lo ? lo : pl[h].lo, nhi = hi > pl[h].hi ? hi : pl[h].hi;
        if (nhi - nlo >= GROUP_SPAN)
            continue;   /* stays an ordinary access */
        pl[h].lo = (int32_t)nlo, pl[h].hi = (int32_t)nhi;
        pl[h].rd |= op->opc == IR_OP_gld;
        pl[h].wr |= op->opc == IR_OP_gst;
        pl[h].last = i;
        pl[h].n++;
        head[i] = h;
    }
    /* Slots: a head with two or more members takes a slot whose previous group has ended. */
    int32_t busy[QELT_MMU_GROUPS];
    for (int k = 0; k < QELT_MMU_GROUPS; k++)
        busy[k] = -1;
    for (int i = 0; i < n; i++) {
        int32_t h = head[i];
        if (h < 0)
            continue;
        if (h == i && pl[i].n >= 2) {
            for (int k = 0; k < QELT_MMU_GROUPS; k++)
                if (busy[k] < i) {
                    busy[k] = pl[i].last;
                    pl[i].slot = (int8_t)k;
                    pl[i].head = true;
                    break;
                }
        }
        if (h != i)
            pl[i].slot = pl[h].slot;
    }
}

static const SysAccessPlan *group_of(const Backend *be)
{
    const SysAccessPlan *p = &be->splan[be->cur_op];
    return p->slot >= 0 ? p : NULL;
}

static int32_t group_off(int k) { return (int32_t)(offsetof(VCPU, mmu_group) + (size_t)k * 8); }

/* Cold: a failed range probe leaves 0 (members probe one by one). */
typedef struct RangeMiss { uint8_t *j[2]; uint8_t *resume; XReg t1; } RangeMiss;
static void range_miss_cold(Backend *be, const void *data)
{
    const RangeMiss *m = data;
    for (int k = 0; k < 2; k++)
        if (m->j[k])
            x_patch_rel32(m->j[k], be->b.p);
    x_alu_rr(&be->b, XA_XOR, false, m->t1, m->t1);
    x_jmp(&be->b, m->resume);
}

/* Cold: a member without the group's addend probes for itself; its miss stub is the
 * access's (mstub index). */
typedef struct MemberProbe { uint8_t *jz, *acc; XReg ra, t1, t2; int mo; bool write; int mstub; } MemberProbe;
static void member_probe_cold(Backend *be, const void *data)
{
    const MemberProbe *m = data;
    x_patch_rel32(m->jz, be->b.p);
    be->mstubs[m->mstub].jfield = emit_tlb_probe(be, m->ra, m->t1, m->t2, m->mo, m->write);
    x_jmp(&be->b, m->acc);
}

/* A group member's addend into t1 (the head probes the range first); its own probe is cold
 * code. Returns NULL: the miss branch is set when the cold code is emitted (the access's
 * stub, added next, is be->mstubs[be->n_mstubs]). */
static uint8_t *emit_group_addend(Backend *be, const SysAccessPlan *gp, XReg ra, XReg t1,
                                  XReg t2, int mo, bool write)
{
    XBuf *b = &be->b;
    if (gp->head) {
        const IRAddrBase *ab = &be->addr_base[be->cur_op];
        /* The range from this access's address when its delta is exact, else from the base. */
        XReg x = ra;
        int64_t d = ab->base == IR_NOTEMP ? 0 : ab->lo;
        if (ab->base != IR_NOTEMP && ab->lo != ab->hi) {
            x = cg_temp_load(be, ab->base, (1u << ra) | (1u << t1) | (1u << t2));
            d = 0;
        }
        x_lea(b, true, t1, xm(x, (int32_t)(gp->lo - d)));
        x_shift_ri(b, XS_SHR, true, t1, GM_PAGE_BITS - TLB_ENTRY_BITS);
        x_alu_rm(b, XA_AND, true, t1, xm(X_RBP, tlb_fast_off(mo, false)));
        x_alu_rm(b, XA_ADD, true, t1, xm(X_RBP, tlb_fast_off(mo, true)));
        x_lea(b, true, t2, xm(x, (int32_t)(gp->hi - d)));
        x_alu_ri(b, XA_AND, true, t2, -(int32_t)GM_PAGE_SIZE);
        RangeMiss m = { { NULL, NULL }, NULL, t1 };
        if (gp->rd) {
            x_alu_rm(b, XA_CMP, true, t2, xm(t1, (int32_t)offsetof(TLBEntry, addr_read)));
            m.j[0] = x_jcc(b, XC_NE, NULL);
        }
        if (gp->wr) {
            x_alu_rm(b, XA_CMP, true, t2, xm(t1, (int32_t)offsetof(TLBEntry, addr_write)));
            m.j[1] = x_jcc(b, XC_NE, NULL);
        }
        x_load(b, 8, false, t1, xm(t1, (int32_t)offsetof(TLBEntry, addend)));
        m.resume = b->p;
        cg_defer_cold(be, range_miss_cold, &m, sizeof m);
        x_store(b, 8, t1, xm(X_RBP, group_off(gp->slot)));
    } else {
        x_load(b, 8, false, t1, xm(X_RBP, group_off(gp->slot)));
    }
    x_test_rr(b, true, t1, t1);
    MemberProbe p = { x_jcc(b, XC_E, NULL), NULL, ra, t1, t2, mo, write, be->n_mstubs };
    p.acc = b->p;
    cg_defer_cold(be, member_probe_cold, &p, sizeof p);
    return NULL;
}

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
    const SysAccessPlan *gp = group_of(be);
    uint8_t *j = gp ? emit_group_addend(be, gp, ra, t1, t2, mo, false)
                    : emit_tlb_probe(be, ra, t1, t2, mo, false);
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
    const SysAccessPlan *gp = group_of(be);
    uint8_t *j = gp ? emit_group_addend(be, gp, ra, t1, t2, mo, true)
                    : emit_tlb_probe(be, ra, t1, t2, mo, true);
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
