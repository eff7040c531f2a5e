/*
 * RISC-V front end: RV64I + M + A + Zicsr + Zifencei to qelt IR, and the block-forming loop.
 * F/D instructions are handed to rv_translate_fp (translate-fp.c).
 *
 * Block rules: a block ends at a branch, jump, ecall, ebreak, fence.i, an illegal instruction,
 * a write to fflags/frm/fcsr, after te->max_insns instructions (1 when single-stepping), or after the
 * first instruction that starts on the page following the block's first page, so a block
 * covers at most two pages. An instruction that faults at translation time (illegal encoding,
 * non-executable code) is always the first of its block: when one is met later, the block ends
 * before it with a chained jump to its pc, and the block that then starts with it raises the
 * exception with an exact pc.
 * Invariants: no allocation and no global state per instruction; x0 is never written; every
 * instruction's ops start with insn_start(pc); every block ends with an IRF_EXIT op.
 */
#include <stddef.h>
#include "translate.h"
#include "vector.h"
#include "cpu-ext.h"
#include "guest-cpu.h"
#include "guestmem.h"
#include "priv.h"
#include "vcpu.h"

#define RV_DEFAULT_MAX_INSNS 512

#define ENV_X(r)     ((int)(offsetof(GuestState, x) + (size_t)(r) * sizeof(uint64_t)))
#define ENV_FFLAGS   ((int)offsetof(GuestState, fflags))
#define ENV_FRM      ((int)offsetof(GuestState, frm))
#define ENV_LR_ADDR  ((int)offsetof(GuestState, lr_addr))
#define ENV_LR_VAL   ((int)offsetof(GuestState, lr_val))
#define ENV_G(f)     ((int)offsetof(GuestState, f))

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_CYCLE = 0xC00, CSR_TIME = 0xC01, CSR_INSTRET = 0xC02,
    CSR_SEED = 0x015,
    CSR_VSTART = 0x008, CSR_VXSAT = 0x009, CSR_VXRM = 0x00a, CSR_VCSR = 0x00f,
    CSR_VL = 0xC20, CSR_VTYPE = 0xC21, CSR_VLENB = 0xC22,
};

static const char *const gpr_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
};

/* Registers from most to least used in compiled code (static counts over typical binaries):
 * the back end keeps the first few in host registers across blocks. */
static const uint8_t gpr_by_heat[31] = {
    2, 15, 10, 14, 1, 11, 8, 13, 12, 9, 16, 17, 5, 6,       /* sp a5 a0 a4 ra a1 s0 a3 a2 s1 a6 a7 t0 t1 */
    18, 19, 20, 21, 22, 23, 24, 25, 26, 27,                 /* s2..s11 */
    7, 28, 29, 30, 31, 3, 4,                                /* t2 t3..t6 gp tp */
};

void guest_ir_init(IRContext *c)
{
    int prio[32] = { 0 };
    for (int i = 0; i < 31; i++)
        prio[gpr_by_heat[i]] = i;
    for (int r = 1; r < 32; r++)
        ir_global(c, ENV_X(r), gpr_names[r], prio[r]);
    rv_ir_init_fp(c);
}

int guest_tb_flags_used(const GuestTranslateEnv *te)
{
    uint64_t isa = te->isa_ext ? te->isa_ext : rv_isa_default();
    return (isa & RV_EXT_BIT(ZVE32X)) != 0;
}

/* User mode's flags: whether VS is on (user/vstate.c keeps the thread's sstatus.VS in
 * priv.mstatus) and the vector configuration. */
uint32_t guest_tb_flags(const struct VCPU *cpu, const GuestTranslateEnv *te)
{
    uint64_t isa = te->isa_ext ? te->isa_ext : rv_isa_default();
    return (rv_tb_flags(cpu) & (1u << 6)) | rv_vcfg_flags(cpu, isa);
}

void guest_cpu_reset(struct VCPU *cpu, const GuestTranslateEnv *te)
{
    cpu->g.vlenb = rv_cfg_vlenb(te ? te->cpu_cfg : 0);
    cpu->g.vtype = RV_VTYPE_VILL;
    cpu->g.vl = cpu->g.vstart = 0;
    /* both modes (the machine's rv_priv_set_isa sets it again after its reset) */
    uint64_t isa = te && te->isa_ext ? te->isa_ext : rv_isa_default();
    cpu->priv.vector = (isa & RV_EXT_BIT(ZVE32X)) != 0;
    cpu->g.fflags = 0;
    cpu->g.frm = 0;
    cpu->g.lr_addr = (uint64_t)-1;
    cpu->g.lr_val = 0;
}

/* ---- Register and instrumentation helpers ---- */

IRTemp rv_get_gpr(RVDisas *d, int r)
{
    return r ? d->gpr[r] : ir_const(d->ir, 0);
}

void rv_set_gpr(RVDisas *d, int r, IRTemp v)
{
    if (r)
        ir_mov(d->ir, d->gpr[r], v);
}

IRTemp rv_dest_gpr(RVDisas *d, int r)
{
    return r ? d->gpr[r] : ir_temp(d->ir);
}

IRTemp rv_gen_addr(RVDisas *d, int rs1, int64_t imm)
{
    IRContext *c = d->ir;
    if (!d->te->plugin_ctx) {
        if (rs1 == 0)
            return ir_const(c, imm);
        if (imm == 0)
            return d->gpr[rs1];
    }
    IRTemp t = ir_temp(c);
    if (rs1 == 0)
        ir_movi(c, t, imm);
    else if (imm == 0)
        ir_mov(c, t, d->gpr[rs1]);
    else
        ir_addi(c, t, d->gpr[rs1], imm);
    return t;
}

/* Turn ops [from, nb_ops) into nops: the instruction that emitted them will not run. */
static void drop_ops(IRContext *c, int from)
{
    for (int i = from; i < c->nb_ops; i++) {
        IROp *op = &c->ops[i];
        op->opc = IR_OP_nop;
        op->nb_out = op->nb_in = op->nb_const = 0;
    }
}

void rv_gen_illegal(RVDisas *d)
{
    if (d->insn_index == 0) {
        drop_ops(d->ir, d->body_mark);
        ir_exit_tb(d->ir, EXIT_ILLEGAL, d->pc);
        d->is_jmp = RV_DISAS_NORETURN;
    } else {
        drop_ops(d->ir, d->insn_mark);
        rv_goto_tb(d, 0, d->pc);
        d->is_jmp = RV_DISAS_EXCLUDED;
    }
}

/* ---- Instrumentation hooks: placeholders only (the plugin layer, issue 4, gives them their
 * meaning and replaces them). ---- */

void rv_plugin_tb_start(RVDisas *d)
{
    if (!d->te->plugin_ctx)
        return;
    IROp *op = ir_emit(d->ir, IR_OP_plugin_cb, IR_I64);
    op->args[0] = RV_PLUGIN_CB_TB;
    op->args[1] = d->n_subs;
}

void rv_plugin_insn_start(RVDisas *d)
{
    if (!d->te->plugin_ctx)
        return;
    IROp *op = ir_emit(d->ir, IR_OP_plugin_cb, IR_I64);
    op->args[0] = RV_PLUGIN_CB_INSN;
    op->args[1] = d->insn_index;
}

void rv_plugin_mem(RVDisas *d, IRTemp addr, IRMemOp mo, bool is_store)
{
    if (!d->te->plugin_ctx)
        return;
    IROp *op = ir_emit(d->ir, IR_OP_plugin_mem, IR_I64);
    op->args[0] = addr;
    op->args[1] = (int64_t)mo | (is_store ? RV_PLUGIN_MEM_STORE : 0);
    op->args[2] = d->insn_index;
}

/* ---- Instruction groups ---- */

/* A direct jump is chainable, except in full-system mode to another page than the block's
 * first (its mapping may change while this block stays valid). */
static bool rv_chainable(const RVDisas *d, uint64_t target)
{
    return !d->te->sys || !((target ^ d->tb_pc) & ~(uint64_t)(GM_PAGE_SIZE - 1));
}

/* A direct jump; one that is not chainable looks its target up like an indirect jump. */
void rv_goto_tb(RVDisas *d, int slot, uint64_t target)
{
    if (!rv_chainable(d, target))
        ir_goto_ptr(d->ir, ir_const(d->ir, (int64_t)target), 0);
    else
        ir_goto_tb(d->ir, slot, target);
}

IRMemOp rv_mo(const RVDisas *d, IRMemOp mo)
{
    return (IRMemOp)(mo | d->mmu_mo);
}

static void rv_translate_insn(RVDisas *d, const RVInsn *in);
static int rv_fetch(const GuestTranslateEnv *te, uint64_t pc, RVInsn *insn);
static bool next_leaves_page(const GuestTranslateEnv *te, uint64_t first_page, uint64_t pc);

/* Integer instructions that only compute rd from registers and immediates (no access, no
 * exit, no trap): what a branch may skip as a select (rv_select). */
static bool rv_pure_insn(int op)
{
    switch (op) {
    case RV_OP_lui: case RV_OP_auipc: case RV_OP_addi: case RV_OP_slti: case RV_OP_sltiu:
    case RV_OP_xori: case RV_OP_ori: case RV_OP_andi: case RV_OP_slli: case RV_OP_srli:
    case RV_OP_srai: case RV_OP_add: case RV_OP_sub: case RV_OP_sll: case RV_OP_slt:
    case RV_OP_sltu: case RV_OP_xor: case RV_OP_srl: case RV_OP_sra: case RV_OP_or:
    case RV_OP_and: case RV_OP_addiw: case RV_OP_slliw: case RV_OP_srliw: case RV_OP_sraiw:
    case RV_OP_addw: case RV_OP_subw: case RV_OP_sllw: case RV_OP_srlw: case RV_OP_sraw:
        return true;
    default:
        return false;
    }
}

/* Superblocks: a conditional branch over up to RV_SELECT_MAX such instructions (GCC's
 * min/max and conditional-assignment idiom `bgeu a, b, 1f; mv rd, x; 1:`) becomes selects:
 * the instructions compute into temps (later ones reading earlier ones' results) and each
 * register they write becomes rd = (a cond b) ? rd : temp (a host cmov), so the block neither
 * leaves nor branches. Nothing in between can fault or exit, so no state other than the two
 * outcomes' is ever observable. Not under plugins (they see the instructions that run),
 * single-stepping, full-system or beyond the block's size limit (a one-instruction block runs
 * one instruction). True: done, the block goes on at the branch's target
 * (d->next_pc) with the skipped instructions counted in n_skipped. */
#define RV_SELECT_MAX 3
static bool rv_select(RVDisas *d, IRCond cond, IRTemp a, IRTemp b, uint64_t target)
{
    const GuestTranslateEnv *te = d->te;
    const uint64_t page = d->tb_pc & ~(GM_PAGE_SIZE - 1), br_pc = d->pc;
    RVInsn in[RV_SELECT_MAX];
    uint64_t pc = d->next_pc;
    int n = 0;
    if (!te->superblock || te->plugin_ctx || te->sys || te->single_step)
        return false;
    for (; pc < target && n < RV_SELECT_MAX; pc += in[n++].len)
        if (next_leaves_page(te, page, pc) || !rv_fetch(te, pc, &in[n]) || in[n].rd == 0 ||
            !rv_pure_insn(in[n].op) || !rv_insn_allowed(&in[n], d->isa))
            return false;
    if (pc != target || d->insn_index + 1 + n > d->max_insns)   /* the block's size limit */
        return false;
    IRContext *c = d->ir;
    const RVInsn *br = d->insn;
    IRTemp g[RV_SELECT_MAX], v[RV_SELECT_MAX];   /* the registers written, their temps */
    int nw = 0;
    for (int k = 0; k < n; k++) {
        int j = 0;
        while (j < nw && g[j] != d->gpr[in[k].rd] && v[j] != d->gpr[in[k].rd])
            j++;
        if (j == nw) {   /* the first write of this register: a temp from here on */
            g[nw] = d->gpr[in[k].rd], v[nw] = ir_temp(c);
            if (g[nw] == a || g[nw] == b) {   /* the compare reads its old value */
                IRTemp t = ir_temp(c);
                ir_mov(c, t, g[nw]);
                a = a == g[nw] ? t : a, b = b == g[nw] ? t : b;
            }
            ir_mov(c, v[nw], g[nw]);   /* the instruction may read it too */
            d->gpr[in[k].rd] = v[nw++];
        }
        pc = k ? pc + in[k - 1].len : d->next_pc;
        ir_insn_start(c, pc);
        d->insn = &in[k], d->pc = pc, d->next_pc = pc + in[k].len;
        rv_translate_insn(d, &in[k]);
    }
    for (int j = 0; j < nw; j++) {
        for (int r = 1; r < 32; r++)
            if (d->gpr[r] == v[j])
                d->gpr[r] = g[j];
        ir_movcond(c, IR_I64, cond, g[j], a, b, g[j], v[j]);
    }
    d->insn = br, d->pc = br_pc, d->next_pc = target;
    d->n_skipped += n;
    return true;
}

static void gen_branch(RVDisas *d, const RVInsn *in, IRCond cond)
{
    IRContext *c = d->ir;
    uint64_t target = d->pc + (uint64_t)in->imm;
    if (in->rs1 == in->rs2) {
        /* Comparing a register with itself: the outcome is known now. */
        if (cond == IR_EQ || cond == IR_GE || cond == IR_GEU)
            rv_goto_tb(d, 0, target);
        else
            rv_goto_tb(d, 1, d->next_pc);
    } else {
        IRTemp a = rv_get_gpr(d, in->rs1), b = rv_get_gpr(d, in->rs2);
        if (in->rs1 == 0) {   /* keep the constant second: cmp reg, imm on the host */
            IRTemp t = a;
            a = b;
            b = t;
            cond = ir_cond_swap(cond);
        }
        if (rv_select(d, cond, a, b, target))
            return;
        if (d->te->superblock && d->n_cond_exits < IR_MAX_EXIT_SLOTS - 2 &&
            rv_chainable(d, target)) {
            /* Superblock: leave if taken, keep translating the fall-through path (guest
             * registers stay cached in host registers across the branch). Plugins see the
             * fall-through path as a new block (sub_pending), as QEMU would make it. */
            ir_exit_cond(c, cond, a, b, 2 + d->n_cond_exits, target);
            d->n_cond_exits++;
            d->sub_pending = true;
            return;
        }
        IRLabel taken = ir_label(c);
        ir_brcond(c, IR_I64, cond, a, b, taken);
        rv_goto_tb(d, 1, d->next_pc);
        ir_set_label(c, taken);
        rv_goto_tb(d, 0, target);
    }
    d->is_jmp = RV_DISAS_NORETURN;
}

static void gen_load(RVDisas *d, const RVInsn *in, IRMemOp mo)
{
    IRTemp addr = rv_gen_addr(d, in->rs1, in->imm);
    ir_gld(d->ir, rv_dest_gpr(d, in->rd), addr, rv_mo(d, mo));
    rv_plugin_mem(d, addr, mo, false);
}

static void gen_store(RVDisas *d, const RVInsn *in, IRMemOp mo)
{
    IRTemp addr = rv_gen_addr(d, in->rs1, in->imm);
    ir_gst(d->ir, rv_get_gpr(d, in->rs2), addr, rv_mo(d, mo));
    rv_plugin_mem(d, addr, mo, true);
}

/* rd = rs1 op rs2 at 64 bits (callers skip rd == x0: such ops are hints). */
static void gen_rr(RVDisas *d, const RVInsn *in, IROpcode opc)
{
    ir_op2(d->ir, opc, IR_I64, d->gpr[in->rd], rv_get_gpr(d, in->rs1), rv_get_gpr(d, in->rs2));
}

static void gen_ri(RVDisas *d, const RVInsn *in, IROpcode opc, int64_t imm)
{
    ir_opi(d->ir, opc, IR_I64, d->gpr[in->rd], rv_get_gpr(d, in->rs1), imm);
}

/* W forms: the 32-bit op then sign extension of its zero-extended result. */
static void gen_rr_w(RVDisas *d, const RVInsn *in, IROpcode opc)
{
    IRContext *c = d->ir;
    IRTemp t = ir_temp(c);
    ir_op2(c, opc, IR_I32, t, rv_get_gpr(d, in->rs1), rv_get_gpr(d, in->rs2));
    ir_ext32s(c, d->gpr[in->rd], t);
}

static void gen_ri_w(RVDisas *d, const RVInsn *in, IROpcode opc, int64_t imm)
{
    IRContext *c = d->ir;
    IRTemp t = ir_temp(c);
    ir_opi(c, opc, IR_I32, t, rv_get_gpr(d, in->rs1), imm);
    ir_ext32s(c, d->gpr[in->rd], t);
}

/* divw/divuw/remw/remuw: the IR's 32-bit division (the host's 32-bit div, faster than the
 * 64-bit one; the IR already gives RISC-V's results for x/0 and INT_MIN/-1, zero-extended),
 * then the sign extension of the W forms. */
static void gen_div_w(RVDisas *d, const RVInsn *in, IROpcode opc)
{
    IRContext *c = d->ir;
    IRTemp t = ir_temp(c);
    ir_op2(c, opc, IR_I32, t, rv_get_gpr(d, in->rs1), rv_get_gpr(d, in->rs2));
    ir_ext32s(c, d->gpr[in->rd], t);
}

static void gen_amo(RVDisas *d, const RVInsn *in, IRAtomicOp aop, bool is_d)
{
    IRMemOp mo = (is_d ? MO_Q : MO_SL) | MO_ALIGN;
    IRTemp addr = rv_gen_addr(d, in->rs1, 0);
    ir_gatomic(d->ir, rv_dest_gpr(d, in->rd), addr, rv_get_gpr(d, in->rs2), rv_mo(d, mo), aop);
    rv_plugin_mem(d, addr, mo, true);
}

static void gen_lr(RVDisas *d, const RVInsn *in, bool is_d)
{
    IRContext *c = d->ir;
    IRMemOp mo = (is_d ? MO_Q : MO_SL) | MO_ALIGN;
    IRTemp addr = rv_gen_addr(d, in->rs1, 0);
    IRTemp v = ir_temp(c);
    ir_gld(c, v, addr, rv_mo(d, mo));
    rv_plugin_mem(d, addr, mo, false);
    ir_st_env(c, addr, ENV_LR_ADDR, MO_Q);
    ir_st_env(c, v, ENV_LR_VAL, MO_Q);
    rv_set_gpr(d, in->rd, v);
}

/* sc: fails (rd = 1) without a reservation on this address; otherwise a compare-and-swap
 * against the value the lr saw decides. The reservation is gone afterwards either way. */
static void gen_sc(RVDisas *d, const RVInsn *in, bool is_d)
{
    IRContext *c = d->ir;
    IRMemOp mo = (is_d ? MO_Q : MO_SL) | MO_ALIGN;
    /* The globals stay valid across the label (rd is written last); normal temps would not. */
    IRTemp addr = rv_get_gpr(d, in->rs1);
    IRTemp res = ir_local(c);
    IRTemp resv = ir_temp(c);
    IRLabel done = ir_label(c);

    ir_movi(c, res, 1);
    ir_ld_env(c, resv, ENV_LR_ADDR, MO_Q);
    ir_brcond(c, IR_I64, IR_NE, addr, resv, done);
    IRTemp expect = ir_temp(c), old = ir_temp(c);
    ir_ld_env(c, expect, ENV_LR_VAL, MO_Q);
    ir_gcmpxchg(c, old, addr, expect, rv_get_gpr(d, in->rs2), rv_mo(d, mo));
    rv_plugin_mem(d, addr, mo, true);
    ir_setcond(c, IR_I64, IR_NE, res, old, expect);
    ir_set_label(c, done);
    ir_st_env(c, ir_const(c, -1), ENV_LR_ADDR, MO_Q);
    rv_set_gpr(d, in->rd, res);
}

static void gen_fence(RVDisas *d, const RVInsn *in)
{
    /* x86 (TSO) only reorders a store with a later load: only pred W + succ R needs mfence.
     * Bits of pred and succ: I O R W (W = bit 0, R = bit 1). fence.tso (fm = 1000) asks for
     * exactly TSO, which the host already gives. */
    int pred = (int)(in->imm >> 4) & 0xf, succ = (int)in->imm & 0xf;
    if ((pred & 1) && (succ & 2) && (in->raw >> 28) != 8)
        ir_mb(d->ir, IR_MB_ALL);
    if (in->raw == RV_PAUSE_INSN && d->te->pause_yields)   /* Zihintpause: pause */
        ir_call(d->ir, (void *)helper_pause, IR_CALL_NO_RWG | IR_CALL_ENV, IR_NOTEMP, 0, NULL);
}

static void csr_read(RVDisas *d, int csr, IRTemp dst)
{
    IRContext *c = d->ir;
    switch (csr) {
    case CSR_FFLAGS:
        ir_ld_env(c, dst, ENV_FFLAGS, MO_UL);
        break;
    case CSR_FRM:
        ir_ld_env(c, dst, ENV_FRM, MO_UL);
        break;
    case CSR_FCSR: {
        IRTemp f = ir_temp(c), r = ir_temp(c);
        ir_ld_env(c, f, ENV_FFLAGS, MO_UL);
        ir_ld_env(c, r, ENV_FRM, MO_UL);
        ir_opi(c, IR_OP_shl, IR_I64, r, r, 5);
        ir_or(c, dst, r, f);
        break;
    }
    case CSR_VSTART: ir_ld_env(c, dst, ENV_G(vstart), MO_Q); break;
    case CSR_VXSAT:  ir_ld_env(c, dst, ENV_G(vxsat), MO_UL); break;
    case CSR_VXRM:   ir_ld_env(c, dst, ENV_G(vxrm), MO_UL); break;
    case CSR_VL:     ir_ld_env(c, dst, ENV_G(vl), MO_Q); break;
    case CSR_VTYPE:  ir_ld_env(c, dst, ENV_G(vtype), MO_Q); break;
    case CSR_VLENB:  ir_ld_env(c, dst, ENV_G(vlenb), MO_UL); break;
    case CSR_VCSR: {
        IRTemp r = ir_temp(c), s = ir_temp(c);
        ir_ld_env(c, r, ENV_G(vxrm), MO_UL);
        ir_ld_env(c, s, ENV_G(vxsat), MO_UL);
        ir_opi(c, IR_OP_shl, IR_I64, r, r, 1);
        ir_or(c, dst, r, s);
        break;
    }
    case CSR_SEED:
        ir_call(c, (void *)helper_seed, IR_CALL_NO_RWG, dst, 0, NULL);
        break;
    case CSR_CYCLE:
        ir_call(c, (void *)helper_rdcycle, IR_CALL_NO_RWG, dst, 0, NULL);
        break;
    case CSR_TIME:
        ir_call(c, (void *)helper_rdtime, IR_CALL_NO_RWG, dst, 0, NULL);
        break;
    case CSR_INSTRET:
        ir_call(c, (void *)helper_rdinstret, IR_CALL_NO_RWG, dst, 0, NULL);
        break;
    }
}

/* Only the FP and vector CSRs are writable from user mode (seed takes writes and ignores
 * them); values are masked to their valid bits (vxrm too, which QEMU 7.2 keeps whole). */
static void csr_write(RVDisas *d, int csr, IRTemp v)
{
    IRContext *c = d->ir;
    IRTemp t = ir_temp(c);
    switch (csr) {
    case CSR_FFLAGS:
        ir_opi(c, IR_OP_and, IR_I64, t, v, 0x1f);
        ir_st_env(c, t, ENV_FFLAGS, MO_UL);
        break;
    case CSR_FRM:
        ir_opi(c, IR_OP_and, IR_I64, t, v, 7);
        ir_st_env(c, t, ENV_FRM, MO_UL);
        break;
    case CSR_FCSR: {
        IRTemp r = ir_temp(c);
        ir_opi(c, IR_OP_and, IR_I64, t, v, 0x1f);
        ir_st_env(c, t, ENV_FFLAGS, MO_UL);
        ir_opi(c, IR_OP_shr, IR_I64, r, v, 5);
        ir_opi(c, IR_OP_and, IR_I64, r, r, 7);
        ir_st_env(c, r, ENV_FRM, MO_UL);
        break;
    }
    case CSR_VSTART: {   /* lg2(VLEN) bits: vector.h rv_vstart_mask */
        IRTemp m = ir_temp(c);
        ir_ld_env(c, m, ENV_G(vlenb), MO_UL);
        ir_opi(c, IR_OP_shl, IR_I64, m, m, 3);
        ir_addi(c, m, m, -1);
        ir_and(c, t, v, m);
        ir_st_env(c, t, ENV_G(vstart), MO_Q);
        break;
    }
    case CSR_VXSAT:
        ir_opi(c, IR_OP_and, IR_I64, t, v, 1);
        ir_st_env(c, t, ENV_G(vxsat), MO_UL);
        break;
    case CSR_VXRM:
        ir_opi(c, IR_OP_and, IR_I64, t, v, 3);
        ir_st_env(c, t, ENV_G(vxrm), MO_UL);
        break;
    case CSR_VCSR: {
        IRTemp r = ir_temp(c);
        ir_opi(c, IR_OP_and, IR_I64, t, v, 1);
        ir_st_env(c, t, ENV_G(vxsat), MO_UL);
        ir_opi(c, IR_OP_shr, IR_I64, r, v, 1);
        ir_opi(c, IR_OP_and, IR_I64, r, r, 3);
        ir_st_env(c, r, ENV_G(vxrm), MO_UL);
        break;
    }
    }
}

static void gen_csr(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    int op = in->op;
    bool uimm = op == RV_OP_csrrwi || op == RV_OP_csrrsi || op == RV_OP_csrrci;
    bool is_w = op == RV_OP_csrrw || op == RV_OP_csrrwi;
    bool is_s = op == RV_OP_csrrs || op == RV_OP_csrrsi;
    /* csrrs/csrrc with x0 or uimm 0 do not write (so reading a read-only CSR that way is legal);
     * csrrw with rd = x0 does not read. */
    bool writes = is_w || (uimm ? in->imm != 0 : in->rs1 != 0);
    bool writable, known;

    switch (in->csr) {
    case CSR_FFLAGS: case CSR_FRM: case CSR_FCSR:
        known = writable = true;
        break;
    case CSR_CYCLE: case CSR_TIME: case CSR_INSTRET:
        known = true;
        writable = false;
        break;
    case CSR_SEED:
        /* Zkr: only the write forms access it (the written value is ignored); a read-only
         * access (csrrs/csrrc with x0, csrrsi/csrrci with 0) is illegal. Linux runs user
         * code with mseccfg.USEED set (OpenSBI sets it when the hart has Zkr). */
        known = (d->isa & RV_EXT_BIT(ZKR)) != 0 && writes;
        writable = true;
        break;
    case CSR_VSTART: case CSR_VXSAT: case CSR_VXRM: case CSR_VCSR:
    case CSR_VL: case CSR_VTYPE: case CSR_VLENB:
        /* With a vector unit only; vl, vtype and vlenb are read-only (number bits 11:10). */
        known = (d->isa & RV_EXT_BIT(ZVE32X)) != 0;
        writable = (in->csr >> 10) != 3;
        if (known && !(writes && !writable) && !rv_vs_access(d, writes)) {
            rv_gen_vs_off(d);   /* VS is Off: Linux's first-use trap (user mode only here) */
            return;
        }
        break;
    default:
        known = writable = false;
        break;
    }
    if (!known || (writes && !writable)) {
        rv_gen_illegal(d);
        return;
    }

    /* The source is read before rd is written: rd may be rs1. */
    IRTemp src = uimm ? ir_const(c, in->imm) : rv_get_gpr(d, in->rs1);
    IRTemp old = IR_NOTEMP;
    if (in->rd != 0 || (writes && !is_w)) {
        old = ir_temp(c);
        csr_read(d, in->csr, old);
    }
    if (writes) {
        IRTemp nv = src;
        if (!is_w) {
            nv = ir_temp(c);
            if (is_s) {
                ir_or(c, nv, old, src);
            } else if (uimm) {
                ir_opi(c, IR_OP_and, IR_I64, nv, old, ~in->imm);
            } else {
                IRTemp inv = ir_temp(c);
                ir_not(c, inv, src);
                ir_and(c, nv, old, inv);
            }
        }
        csr_write(d, in->csr, nv);
        /* A new rounding mode or fflags value ends the block, so no translation ever needs
         * to assume one within a block (the host-FPU fast path specialises on frm = RNE and
         * NX already raised after a guard, translate-fp.c). */
        d->is_jmp = RV_DISAS_STOP;
    }
    if (old != IR_NOTEMP)
        rv_set_gpr(d, in->rd, old);
    if (writes && in->csr == CSR_VSTART && !d->te->sys)
        rv_vexit_lookup(d);   /* vstart is part of the block flags */
}

#define RV_MAX_FOLLOWS 8
static bool rv_follow_jal(RVDisas *d, uint64_t target);

static void rv_translate_insn(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    int rd = in->rd;
    int64_t imm = in->imm;

    if (!rv_insn_allowed(in, d->isa)) {   /* its extension is off (-cpu) */
        rv_gen_illegal(d);
        return;
    }
    switch (in->op) {
    case RV_OP_illegal:
        rv_gen_illegal(d);
        return;

    /* Upper immediates and jumps. */
    case RV_OP_lui:
        if (rd)
            ir_movi(c, d->gpr[rd], imm);
        return;
    case RV_OP_auipc:
        if (rd)
            ir_movi(c, d->gpr[rd], (int64_t)(d->pc + (uint64_t)imm));
        return;
    case RV_OP_jal:
        rv_set_gpr(d, rd, ir_const(c, (int64_t)d->next_pc));
        if (rv_follow_jal(d, d->pc + (uint64_t)imm)) {   /* translation goes on there */
            d->next_pc = d->pc + (uint64_t)imm;
            return;
        }
        rv_goto_tb(d, 0, d->pc + (uint64_t)imm);
        d->is_jmp = RV_DISAS_NORETURN;
        return;
    case RV_OP_jalr: {
        /* The target is computed before rd is written: rd may be rs1. goto_ptr clears its
         * bit 0 (the jump-cache probe compares it as it is: ir-ops.def). */
        IRTemp t = ir_temp(c);
        if (imm)
            ir_addi(c, t, rv_get_gpr(d, in->rs1), imm);
        else
            ir_mov(c, t, rv_get_gpr(d, in->rs1));
        rv_set_gpr(d, rd, ir_const(c, (int64_t)d->next_pc));
        ir_goto_ptr(c, t, 1);
        d->is_jmp = RV_DISAS_NORETURN;
        return;
    }

    case RV_OP_beq:  gen_branch(d, in, IR_EQ);  return;
    case RV_OP_bne:  gen_branch(d, in, IR_NE);  return;
    case RV_OP_blt:  gen_branch(d, in, IR_LT);  return;
    case RV_OP_bge:  gen_branch(d, in, IR_GE);  return;
    case RV_OP_bltu: gen_branch(d, in, IR_LTU); return;
    case RV_OP_bgeu: gen_branch(d, in, IR_GEU); return;

    case RV_OP_lb:  gen_load(d, in, MO_SB); return;
    case RV_OP_lh:  gen_load(d, in, MO_SW); return;
    case RV_OP_lw:  gen_load(d, in, MO_SL); return;
    case RV_OP_ld:  gen_load(d, in, MO_Q);  return;
    case RV_OP_lbu: gen_load(d, in, MO_UB); return;
    case RV_OP_lhu: gen_load(d, in, MO_UW); return;
    case RV_OP_lwu: gen_load(d, in, MO_UL); return;
    case RV_OP_sb:  gen_store(d, in, MO_8);  return;
    case RV_OP_sh:  gen_store(d, in, MO_16); return;
    case RV_OP_sw:  gen_store(d, in, MO_32); return;
    case RV_OP_sd:  gen_store(d, in, MO_64); return;

    case RV_OP_fence:   gen_fence(d, in); return;
    case RV_OP_fence_i:
        /* Full-system mode invalidates translations on every store to a code page already. */
        ir_exit_tb(c, d->te->sys ? EXIT_NONE : EXIT_FENCE_I, d->next_pc);
        d->is_jmp = RV_DISAS_NORETURN;
        return;
    case RV_OP_ecall:
        ir_exit_tb(c, EXIT_ECALL, d->pc);
        d->is_jmp = RV_DISAS_NORETURN;
        return;
    case RV_OP_ebreak:
        ir_exit_tb(c, EXIT_EBREAK, d->pc);
        d->is_jmp = RV_DISAS_NORETURN;
        return;

    case RV_OP_csrrw: case RV_OP_csrrs: case RV_OP_csrrc:
    case RV_OP_csrrwi: case RV_OP_csrrsi: case RV_OP_csrrci:
        if (d->te->sys && in->csr > CSR_FCSR) {
            rv_gen_csr_sys(d, in);
        } else if (d->te->sys && in->csr >= CSR_FFLAGS &&
                   !rv_fp_access(d, (in->op == RV_OP_csrrw || in->op == RV_OP_csrrwi) ||
                                    in->rs1 != 0)) {
            rv_gen_illegal(d);
        } else {
            gen_csr(d, in);
        }
        return;
    case RV_OP_mret: case RV_OP_sret: case RV_OP_wfi: case RV_OP_sfence_vma:
        if (d->te->sys)
            rv_gen_priv_insn(d, in);
        else
            rv_gen_illegal(d);
        return;

    /* A: the result register gets the old memory value even when rd is rs1 or rs2. */
    case RV_OP_lr_w: gen_lr(d, in, false); return;
    case RV_OP_lr_d: gen_lr(d, in, true);  return;
    case RV_OP_sc_w: gen_sc(d, in, false); return;
    case RV_OP_sc_d: gen_sc(d, in, true);  return;
    case RV_OP_amoswap_w: gen_amo(d, in, IR_AXCHG, false); return;
    case RV_OP_amoadd_w:  gen_amo(d, in, IR_AADD, false);  return;
    case RV_OP_amoxor_w:  gen_amo(d, in, IR_AXOR, false);  return;
    case RV_OP_amoand_w:  gen_amo(d, in, IR_AAND, false);  return;
    case RV_OP_amoor_w:   gen_amo(d, in, IR_AOR, false);   return;
    case RV_OP_amomin_w:  gen_amo(d, in, IR_ASMIN, false); return;
    case RV_OP_amomax_w:  gen_amo(d, in, IR_ASMAX, false); return;
    case RV_OP_amominu_w: gen_amo(d, in, IR_AUMIN, false); return;
    case RV_OP_amomaxu_w: gen_amo(d, in, IR_AUMAX, false); return;
    case RV_OP_amoswap_d: gen_amo(d, in, IR_AXCHG, true);  return;
    case RV_OP_amoadd_d:  gen_amo(d, in, IR_AADD, true);   return;
    case RV_OP_amoxor_d:  gen_amo(d, in, IR_AXOR, true);   return;
    case RV_OP_amoand_d:  gen_amo(d, in, IR_AAND, true);   return;
    case RV_OP_amoor_d:   gen_amo(d, in, IR_AOR, true);    return;
    case RV_OP_amomin_d:  gen_amo(d, in, IR_ASMIN, true);  return;
    case RV_OP_amomax_d:  gen_amo(d, in, IR_ASMAX, true);  return;
    case RV_OP_amominu_d: gen_amo(d, in, IR_AUMIN, true);  return;
    case RV_OP_amomaxu_d: gen_amo(d, in, IR_AUMAX, true);  return;

    default:
        break;
    }

    /* Register-writing ALU ops: with rd = x0 they are hints, i.e. no-ops. */
    switch (in->op) {
    case RV_OP_addi: case RV_OP_slti: case RV_OP_sltiu: case RV_OP_xori: case RV_OP_ori:
    case RV_OP_andi: case RV_OP_slli: case RV_OP_srli: case RV_OP_srai:
    case RV_OP_add: case RV_OP_sub: case RV_OP_sll: case RV_OP_slt: case RV_OP_sltu:
    case RV_OP_xor: case RV_OP_srl: case RV_OP_sra: case RV_OP_or: case RV_OP_and:
    case RV_OP_addiw: case RV_OP_slliw: case RV_OP_srliw: case RV_OP_sraiw:
    case RV_OP_addw: case RV_OP_subw: case RV_OP_sllw: case RV_OP_srlw: case RV_OP_sraw:
    case RV_OP_mul: case RV_OP_mulh: case RV_OP_mulhsu: case RV_OP_mulhu:
    case RV_OP_div: case RV_OP_divu: case RV_OP_rem: case RV_OP_remu:
    case RV_OP_mulw: case RV_OP_divw: case RV_OP_divuw: case RV_OP_remw: case RV_OP_remuw:
        if (rd == 0)
            return;
        break;
    default:
        if (rv_translate_ext(d, in) || rv_translate_vector(d, in))
            return;
        if (d->te->sys && rv_op_is_fp(in->op)) {
            int o = in->op;
            bool writes = !(o == RV_OP_fsw || o == RV_OP_fsd || o == RV_OP_fmv_x_w ||
                            o == RV_OP_fmv_x_d || o == RV_OP_fclass_s || o == RV_OP_fclass_d ||
                            o == RV_OP_fsh || o == RV_OP_fmv_x_h || o == RV_OP_fclass_h);
            if (!rv_fp_access(d, writes)) {
                rv_gen_illegal(d);
                return;
            }
        }
        if (!rv_translate_fp(d, in) && !rv_translate_zfh(d, in))
            rv_gen_illegal(d);
        return;
    }

    IRTemp dst = d->gpr[rd];
    switch (in->op) {
    case RV_OP_addi:
        if (in->rs1 == 0)
            ir_movi(c, dst, imm);
        else if (imm == 0)
            ir_mov(c, dst, d->gpr[in->rs1]);
        else
            gen_ri(d, in, IR_OP_add, imm);
        return;
    case RV_OP_slti:
        ir_setcond(c, IR_I64, IR_LT, dst, rv_get_gpr(d, in->rs1), ir_const(c, imm));
        return;
    case RV_OP_sltiu:   /* seqz is sltiu rd, rs, 1 */
        if (imm == 1)
            ir_setcond(c, IR_I64, IR_EQ, dst, rv_get_gpr(d, in->rs1), ir_const(c, 0));
        else
            ir_setcond(c, IR_I64, IR_LTU, dst, rv_get_gpr(d, in->rs1), ir_const(c, imm));
        return;
    case RV_OP_xori:
        if (imm == -1)
            ir_not(c, dst, rv_get_gpr(d, in->rs1));
        else
            gen_ri(d, in, IR_OP_xor, imm);
        return;
    case RV_OP_ori:  gen_ri(d, in, IR_OP_or, imm);  return;
    case RV_OP_andi: gen_ri(d, in, IR_OP_and, imm); return;
    case RV_OP_slli: gen_ri(d, in, IR_OP_shl, imm & 63); return;
    case RV_OP_srli: gen_ri(d, in, IR_OP_shr, imm & 63); return;
    case RV_OP_srai: gen_ri(d, in, IR_OP_sar, imm & 63); return;

    case RV_OP_add: gen_rr(d, in, IR_OP_add); return;
    case RV_OP_sub:
        if (in->rs1 == 0)
            ir_neg(c, dst, rv_get_gpr(d, in->rs2));
        else
            gen_rr(d, in, IR_OP_sub);
        return;
    case RV_OP_sll: gen_rr(d, in, IR_OP_shl); return;   /* IR counts modulo 64 like RV */
    case RV_OP_srl: gen_rr(d, in, IR_OP_shr); return;
    case RV_OP_sra: gen_rr(d, in, IR_OP_sar); return;
    case RV_OP_slt:
        ir_setcond(c, IR_I64, IR_LT, dst, rv_get_gpr(d, in->rs1), rv_get_gpr(d, in->rs2));
        return;
    case RV_OP_sltu:   /* snez is sltu rd, x0, rs */
        if (in->rs1 == 0)
            ir_setcond(c, IR_I64, IR_NE, dst, rv_get_gpr(d, in->rs2), ir_const(c, 0));
        else
            ir_setcond(c, IR_I64, IR_LTU, dst, rv_get_gpr(d, in->rs1), rv_get_gpr(d, in->rs2));
        return;
    case RV_OP_xor: gen_rr(d, in, IR_OP_xor); return;
    case RV_OP_or:  gen_rr(d, in, IR_OP_or);  return;
    case RV_OP_and: gen_rr(d, in, IR_OP_and); return;

    case RV_OP_addiw:
        if (in->rs1 == 0)
            ir_movi(c, dst, imm);   /* a 12-bit immediate is already sign-extended */
        else if (imm == 0)
            ir_ext32s(c, dst, d->gpr[in->rs1]);   /* sext.w */
        else
            gen_ri_w(d, in, IR_OP_add, imm);
        return;
    case RV_OP_slliw: gen_ri_w(d, in, IR_OP_shl, imm & 31); return;
    case RV_OP_srliw:
        if ((imm & 31) == 0)
            ir_ext32s(c, dst, rv_get_gpr(d, in->rs1));
        else   /* bit 31 of the result is 0: the zero-extended 32-bit result is final */
            ir_opi(c, IR_OP_shr, IR_I32, dst, rv_get_gpr(d, in->rs1), imm & 31);
        return;
    case RV_OP_sraiw: gen_ri_w(d, in, IR_OP_sar, imm & 31); return;
    case RV_OP_addw: gen_rr_w(d, in, IR_OP_add); return;
    case RV_OP_subw: gen_rr_w(d, in, IR_OP_sub); return;
    /* The 32-bit IR shifts read the low 32 bits of the source and count modulo 32. */
    case RV_OP_sllw: gen_rr_w(d, in, IR_OP_shl); return;
    case RV_OP_srlw: gen_rr_w(d, in, IR_OP_shr); return;
    case RV_OP_sraw: gen_rr_w(d, in, IR_OP_sar); return;

    case RV_OP_mul:    gen_rr(d, in, IR_OP_mul);    return;
    case RV_OP_mulh:   gen_rr(d, in, IR_OP_mulsh);  return;
    case RV_OP_mulhsu: gen_rr(d, in, IR_OP_mulsuh); return;
    case RV_OP_mulhu:  gen_rr(d, in, IR_OP_muluh);  return;
    case RV_OP_div:    gen_rr(d, in, IR_OP_div);    return;
    case RV_OP_divu:   gen_rr(d, in, IR_OP_divu);   return;
    case RV_OP_rem:    gen_rr(d, in, IR_OP_rem);    return;
    case RV_OP_remu:   gen_rr(d, in, IR_OP_remu);   return;
    case RV_OP_mulw:   gen_rr_w(d, in, IR_OP_mul);  return;
    case RV_OP_divw:   gen_div_w(d, in, IR_OP_div);   return;
    case RV_OP_divuw:  gen_div_w(d, in, IR_OP_divu);  return;
    case RV_OP_remw:   gen_div_w(d, in, IR_OP_rem);   return;
    case RV_OP_remuw:  gen_div_w(d, in, IR_OP_remu);  return;
    default:
        return;
    }
}

/* Decode the instruction at pc if its bytes are executable: returns its length, or 0 when
 * the page of its first byte, or of its last bytes when it crosses a page, is not. */
const uint8_t *guest_code_ptr(const GuestTranslateEnv *te, uint64_t pc)
{
    if (te->code_page) {
        const uint8_t *p = te->code_page(te->code_opaque, pc & ~(GM_PAGE_SIZE - 1));
        return p ? p + (pc & (GM_PAGE_SIZE - 1)) : NULL;
    }
    const int need = PAGE_EXEC | PAGE_VALID;
    if ((gm_page_flags(te->gm, pc) & need) != need)
        return NULL;
    return g2h(te->gm, pc);
}

static int rv_fetch(const GuestTranslateEnv *te, uint64_t pc, RVInsn *insn)
{
    const uint8_t *code = guest_code_ptr(te, pc);
    if (!code)
        return 0;
    uint64_t left = GM_PAGE_SIZE - (pc & (GM_PAGE_SIZE - 1));
    size_t avail = left < GUEST_MAX_INSN ? (size_t)left : GUEST_MAX_INSN;
    if (avail < GUEST_MAX_INSN && (code[0] & 3) == 3) {
        /* The instruction continues on the next page (which may map anywhere). */
        const uint8_t *next = guest_code_ptr(te, pc + left);
        if (!next)
            return 0;
        uint8_t buf[GUEST_MAX_INSN];
        for (size_t i = 0; i < GUEST_MAX_INSN; i++)
            buf[i] = i < left ? code[i] : next[i - left];
        return rv_decode(insn, buf, GUEST_MAX_INSN);
    }
    return rv_decode(insn, code, avail);
}

/* QEMU's block-size rule, kept so plugins see the same blocks: only a block's first
 * instruction may reach beyond the block's first page; a block ends before an instruction that
 * starts on another page or would cross into one. */
static bool next_leaves_page(const GuestTranslateEnv *te, uint64_t first_page, uint64_t pc)
{
    if ((pc & ~(GM_PAGE_SIZE - 1)) != first_page)
        return true;
    if ((pc & (GM_PAGE_SIZE - 1)) <= GM_PAGE_SIZE - 4)
        return false;
    /* Its first parcel is on this page (readable: the previous instruction was fetched from
     * it); a 4-byte instruction would end on the next. */
    const uint8_t *code = guest_code_ptr(te, pc);
    return !code || (code[0] & 3) == 3;
}

/* Superblocks also go on through a jal to a later pc of the block's first page (no jump, no
 * block entry, guest registers stay in host registers): pcs only grow, so the block still
 * covers [pc, pc + size) of at most two pages, some instructions skipped. Not under plugins
 * (their blocks are QEMU's). */
static bool rv_follow_jal(RVDisas *d, uint64_t target)
{
    const GuestTranslateEnv *te = d->te;
    uint64_t page = d->tb_pc & ~(GM_PAGE_SIZE - 1);
    if (!te->superblock || te->plugin_ctx || te->sys || te->single_step || target <= d->pc ||
        d->n_follows >= RV_MAX_FOLLOWS || next_leaves_page(te, page, target))
        return false;
    d->n_follows++;
    return true;
}

void guest_translate(IRContext *c, const GuestTranslateEnv *te, uint64_t pc, GuestTBInfo *info)
{
    RVDisas d = { .ir = c, .te = te, .pc = pc, .tb_pc = pc, .is_jmp = RV_DISAS_NEXT,
                  .frm_check_op = -1, .fp_guard_op = -1,
                  .isa = te->isa_ext ? te->isa_ext : rv_isa_default(),
                  .vlenb = rv_cfg_vlenb(te->cpu_cfg),
                  .mmu_mo = te->sys ? (int)RV_TBF_MMU(te->tb_flags) << MO_MMU_SHIFT : 0 };
    const uint64_t page_mask = ~(GM_PAGE_SIZE - 1);
    const uint64_t first_page = pc & page_mask;
    int max_insns = te->single_step ? 1 : te->max_insns > 0 ? te->max_insns : RV_DEFAULT_MAX_INSNS;
    int n = 0;
    d.max_insns = max_insns;

    ir_reset(c, pc);
    rv_vinit(&d);
    /* The globals' temp ids, found by their homes (the context may hold other globals too). */
    for (int t = 0; t < c->nb_globals; t++) {
        int off = c->temps[t].env_offset - ENV_X(0);
        if (c->temps[t].kind == IRT_GLOBAL && off >= 8 && off < 256 && (off & 7) == 0)
            d.gpr[off >> 3] = (IRTemp)t;
    }

    for (;;) {
        RVInsn insn;
        if (!rv_fetch(te, d.pc, &insn)) {
            if (n == 0)
                ir_exit_tb(c, EXIT_FETCH_FAULT, d.pc);
            else
                rv_goto_tb(&d, 0, d.pc);
            break;
        }
        d.insn = &insn;
        d.insn_index = n;
        d.next_pc = d.pc + insn.len;
        if (insn.op == RV_OP_illegal && n > 0) {
            rv_goto_tb(&d, 0, d.pc);
            break;
        }
        if (n == 0 || d.sub_pending) {
            if (n > 0) {
                d.sub_mark = c->nb_ops;
                d.sub_n = n;
                d.sub_pc = d.pc;
            }
            rv_plugin_tb_start(&d);
            d.n_subs++;
            d.sub_pending = false;
        }
        d.insn_mark = c->nb_ops;
        ir_insn_start(c, d.pc);
        rv_plugin_insn_start(&d);
        d.body_mark = c->nb_ops;

        rv_translate_insn(&d, &insn);
        if (d.is_jmp == RV_DISAS_EXCLUDED)
            break;
        n += 1 + d.n_skipped;
        d.n_skipped = 0;
        d.pc = d.next_pc;
        if (d.is_jmp == RV_DISAS_NORETURN)
            break;
        if (d.is_jmp == RV_DISAS_STOP || n >= max_insns || next_leaves_page(te, first_page, d.pc)) {
            if (d.is_jmp != RV_DISAS_STOP && n >= max_insns && te->plugin_ctx && d.n_subs > 1) {
                /* The size limit cut a later segment short, which QEMU would not: leave it
                 * out, so that it starts a block of its own. */
                drop_ops(c, d.sub_mark);
                n = d.sub_n;
                d.pc = d.sub_pc;
            }
            rv_goto_tb(&d, 0, d.pc);
            break;
        }
    }
    info->pc = pc;
    info->size = (uint32_t)(d.pc - pc);
    info->n_insns = (uint32_t)n;
}
