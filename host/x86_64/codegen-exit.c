/*
 * x86-64 back end, the ways out of a block: forward branches to labels (fixups), chainable
 * direct exits (`goto_tb`: a patchable `jmp rel32` whose target is first its own exit stub,
 * runtime/tb.c chains it), conditional exits fused with their compare, a loop block's back
 * edges, and indirect jumps (`goto_ptr`: the inline jump-cache probe, or a constant target
 * chained like goto_tb). Also the pass that finds which brconds can be exits themselves.
 *
 * Flow: codegen.c's gen_op calls these for br/brcond/exit_cond/goto_tb/goto_ptr; the exit
 * stubs collected here (Backend.dstubs, fixups) are emitted by backend_gen after the block's
 * code. Invariants: every exit first syncs the block's globals to env (cg_bb_sync) or, in a
 * loop block, leaves the loop's register assignment (cg_loop_exit); a chainable jump's rel32
 * sits inside one aligned quadword so that chaining patches it with one atomic store.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x86-backend.h"

static inline IRTempInfo *T(Backend *be, IRTemp t) { return &be->ir->temps[t]; }

void cg_add_fixup(Backend *be, uint32_t label, uint8_t *field)
{
    be->fixups = cg_grow(be->fixups, &be->max_fixups, sizeof(Fixup), be->n_fixups + 1);
    be->fixups[be->n_fixups++] = (Fixup){ label, field };
}

/* Record a direct jump's rel32 field (a chainable exit of slot to pc) for its stub. */
void cg_add_dstub(Backend *be, uint8_t *field, int slot, uint64_t pc)
{
    if (be->n_dstubs == IR_MAX_EXIT_SLOTS) {
        be->failed = true;
        return;
    }
    be->dstubs[be->n_dstubs].field = field;
    be->dstubs[be->n_dstubs].slot = slot & (IR_MAX_EXIT_SLOTS - 1);
    be->dstubs[be->n_dstubs].pc = pc;
    be->n_dstubs++;
}

/* Chainable conditional exit after a compare: a jcc whose rel32 (inside one aligned quadword)
 * is patched when chained; until then it goes to an out-of-line stub emitted after the block. */
void cg_emit_cond_exit(Backend *be, IRCond c, int slot, uint64_t pc, uint8_t *cmp_at)
{
    int pad = x_rel32_pad(be->b.p, 2);
    if (pad) {
        /* The padding goes before the compare (code from cmp_at on is position-independent
         * and records no offsets): no nop to run between compare and branch, which fuse. */
        size_t n = (size_t)(be->b.p - cmp_at);
        memmove(cmp_at + pad, cmp_at, n);
        XBuf nb = { .p = cmp_at, .start = be->b.start, .end = cmp_at + pad };
        x_nop(&nb, pad);
        be->b.p += pad;
        if (be->loop_mode && be->loop_top == cmp_at)
            be->loop_top += pad;   /* a loop's first op: its back edges skip the nop */
    }
    uint8_t *field = x_jcc(&be->b, cg_cond_map[c], NULL);
    cg_add_dstub(be, field, slot, pc);
}

/* The chainable jump of exit slot `slot` to pc, then its stub (where it goes until chained). */
void cg_emit_chain_jump(Backend *be, int slot, uint64_t pc, uintptr_t tb_tag,
                        BackendResult *res)
{
    slot &= IR_MAX_EXIT_SLOTS - 1;
    /* The rel32 field must lie in one aligned quadword so chaining patches it atomically. */
    int pad = x_rel32_pad(be->b.p, 1);
    if (pad)
        x_nop(&be->b, pad);
    uint8_t *field = x_jmp(&be->b, NULL);
    x_patch_rel32(field, be->b.p);
    res->jmp_field_off[slot] = (uint32_t)(field - be->b.start);
    res->jmp_stub_off[slot] = (uint32_t)(be->b.p - be->b.start);
    cg_emit_store_pc(be, pc);
    x_mov_ri(&be->b, X_RAX, (uint64_t)(tb_tag | (uintptr_t)slot));
    x_jmp(&be->b, be->epilogue);
}

/* A loop block's conditional back edge on condition c (compared just before): past it when c
 * fails, else cg_loop_exit's checked jump to the loop's top. */
void cg_loop_back_branch(Backend *be, IRCond c)
{
    uint8_t *j = x_jcc(&be->b, cg_cond_map[c] ^ 1, NULL);
    cg_loop_exit(be, be->loop_pc);
    x_patch_rel32(j, be->b.p);
}

/* A loop block's conditional exit (cold code): the pinned convention back, then the exit. */
typedef struct LoopExit { uint8_t *field; int slot; uint64_t pc; uintptr_t tb_tag; BackendResult *res; } LoopExit;
static void loop_exit_cold(Backend *be, const void *data)
{
    const LoopExit *e = data;
    x_patch_rel32(e->field, be->b.p);
    cg_loop_exit(be, e->pc);
    cg_emit_chain_jump(be, e->slot, e->pc, e->tb_tag, e->res);
}

void cg_loop_side_exit(Backend *be, IRCond c, int slot, uint64_t pc, uintptr_t tb_tag,
                       BackendResult *res)
{
    LoopExit e = { x_jcc(&be->b, cg_cond_map[c], NULL), slot, pc, tb_tag, res };
    cg_defer_cold(be, loop_exit_cold, &e, sizeof e);
}

void cg_gen_goto_tb(Backend *be, const IROp *op, uintptr_t tb_tag, BackendResult *res)
{
    cg_bb_sync(be);
    if (cg_loop_exit(be, (uint64_t)op->args[1]))
        return;   /* a loop block's back edge */
    cg_emit_chain_jump(be, (int)op->args[0], (uint64_t)op->args[1], tb_tag, res);
}

/* A jump-cache miss: the target pc (r with the bits clear cleared) to rdi, then the stub. */
typedef struct PtrMiss { uint8_t *field; XReg r; int64_t clear; } PtrMiss;
static void goto_ptr_miss_cold(Backend *be, const void *data)
{
    const PtrMiss *m = data;
    x_patch_rel32(m->field, be->b.p);
    if (m->r != X_RDI)
        x_mov_rr(&be->b, true, X_RDI, m->r);
    if (m->clear)
        x_alu_ri(&be->b, XA_AND, true, X_RDI, (int32_t)~m->clear);
    x_jmp(&be->b, be->lookup_miss);
}

/* A goto_ptr whose target the optimizer made a constant (a return from a call the front end
 * followed into, an auipc+jalr pair): user mode chains it like goto_tb through slot 0 when
 * nothing else in the block uses that slot. */
bool cg_goto_ptr_as_tb(Backend *be, const IROp *op, uintptr_t tb_tag, BackendResult *res)
{
    IRTemp t = (IRTemp)op->args[0];
    if (be->softmmu || !ir_is_const(be->ir, t) || (be->log_mask & BACKEND_NO_INLINE_LOOKUP))
        return false;
    for (int i = 0; i < be->ir->nb_ops; i++) {
        const IROp *o = &be->ir->ops[i];
        if ((o->opc == IR_OP_goto_tb && (o->args[0] & (IR_MAX_EXIT_SLOTS - 1)) == 0) ||
            (o->opc == IR_OP_exit_cond && (o->args[3] & (IR_MAX_EXIT_SLOTS - 1)) == 0))
            return false;
    }
    cg_bb_sync(be);
    if (!cg_loop_exit(be, (uint64_t)T(be, t)->val & ~(uint64_t)op->args[1]))
        cg_emit_chain_jump(be, 0, (uint64_t)T(be, t)->val & ~(uint64_t)op->args[1], tb_tag, res);
    return true;
}

void cg_gen_goto_ptr(Backend *be, const IROp *op)
{
    IRTemp t = (IRTemp)op->args[0];
    int64_t clear = op->args[1];
    cg_bb_sync(be);
    XReg r = cg_temp_load(be, t, 1u << X_RAX);
    if (be->loop_mode)   /* the pinned registers get their own globals back */
        r = cg_loop_leave_ptr(be, r);
    bool probe_r = !be->softmmu && !(be->log_mask & BACKEND_NO_INLINE_LOOKUP);
    if (!probe_r) {   /* probe (full-system) or store the target as it is */
        if (r != X_RDI)
            x_mov_rr(&be->b, true, X_RDI, r);
        r = X_RDI;
        if (clear)   /* past bb_sync nothing reads rdi's old value any more */
            x_alu_ri(&be->b, XA_AND, true, X_RDI, (int32_t)~clear);
        clear = 0;
    }
    if (be->log_mask & BACKEND_NO_INLINE_LOOKUP) {
        x_store(&be->b, 8, X_RDI, xm(X_RBP, (int32_t)GUEST_PC_OFFSET));
        x_mov_ri(&be->b, X_RAX, EXIT_NONE);
        x_jmp(&be->b, be->epilogue);
        return;
    }
    /* Inline probe of the vCPU's jump cache: index = (pc >> 2) & mask, entries 16 bytes. On a
     * hit env.pc is not needed (blocks know their pc); the miss stub stores it from rdi (user
     * mode probes the pc where it is, bit 0 not yet cleared: the index ignores it and an odd
     * value matches no entry, not even an empty one (vcpu_jc_empty); the miss path moves it to
     * rdi and clears the bit). */
    int32_t jc = (int32_t)offsetof(VCPU, jc);
    /* ((pc >> 2) & mask) << 4 == (pc << 2) & (mask << 4): lea eax, [r*4]; and eax, m. */
    x_lea(&be->b, false, X_RAX, xmi(X_NOREG, r, 4, 0));
    x_alu_ri(&be->b, XA_AND, false, X_RAX, (int32_t)((QELT_JC_SIZE - 1) << 4));
    if (be->jc_keyed) {   /* entries are keyed by pc ^ jc_key (runtime/vcpu.h) */
        XReg k = r == X_RCX ? X_RDX : X_RCX;   /* r stays the pc for the miss path */
        x_mov_rr(&be->b, true, k, r);
        x_alu_rm(&be->b, XA_XOR, true, k, xm(X_RBP, (int32_t)offsetof(VCPU, jc_key)));
        x_alu_rm(&be->b, XA_CMP, true, k, xmi(X_RBP, X_RAX, 1, jc));
    } else {
        x_alu_rm(&be->b, XA_CMP, true, r, xmi(X_RBP, X_RAX, 1, jc));
    }
    if (r == X_RDI && !clear) {
        x_jcc(&be->b, XC_NE, be->lookup_miss);
    } else {
        PtrMiss m = { x_jcc(&be->b, XC_NE, NULL), r, clear };
        cg_defer_cold(be, goto_ptr_miss_cold, &m, sizeof m);
    }
    x_jmp_m(&be->b, xmi(X_RBP, X_RAX, 1, jc + 8));
}

/* Find each brcond whose target label is used by nothing else and is directly followed by a
 * goto_tb: the branch becomes the exit (one jump less on the taken path once chained).
 * Returns how many 32-bit extensions the block has (ir_narrow's work). */
int cg_find_direct_exits(Backend *be, IRContext *ir)
{
    int n = ir->nb_ops;
    be->direct_exit = cg_grow(be->direct_exit, &be->max_ops, sizeof(int), n + 1);
    int m = be->max_ops;
    be->skip = realloc(be->skip, (size_t)m);
    if (!be->skip) {
        fprintf(stderr, "qelt: out of memory\n");
        exit(1);
    }
    memset(be->skip, 0, (size_t)n);
    be->n_dstubs = 0;
    for (int i = 0; i < n; i++)
        be->direct_exit[i] = -1;
    /* One pass for the labels' reference counts and positions, one for the branches. */
    int nl = ir->nb_labels;
    be->label_info = cg_grow(be->label_info, &be->max_label_info, 2 * sizeof(int), nl + 1);
    int (*li)[2] = (int (*)[2])be->label_info;   /* [refs, position] */
    for (int l = 0; l < nl; l++)
        li[l][0] = 0, li[l][1] = -1;
    int n_ext = 0;
    for (int j = 0; j < n; j++) {
        const IROp *o = &ir->ops[j];
        n_ext += o->opc == IR_OP_ext32s || o->opc == IR_OP_ext32u;
        if (o->opc == IR_OP_brcond)
            li[o->args[3]][0]++;
        else if (o->opc == IR_OP_br)
            li[o->args[0]][0]++;
        else if (o->opc == IR_OP_set_label)
            li[o->args[0]][1] = j;
    }
    int used_slots = 0;
    for (int i = 0; i < n; i++) {
        const IROp *op = &ir->ops[i];
        if (op->opc != IR_OP_brcond)
            continue;
        int at = li[op->args[3]][1];
        if (li[op->args[3]][0] != 1 || at < i)
            continue;
        int k = at + 1;
        while (k < n && ir->ops[k].opc == IR_OP_nop)
            k++;
        if (k >= n || ir->ops[k].opc != IR_OP_goto_tb)
            continue;
        bool back = be->loop_mode && cg_is_self_exit(&ir->ops[k], be->loop_pc);
        if (be->loop_mode && be->n_loop && !back)
            continue;   /* a loop block's exits swap registers back: only back edges fuse */
        int slot = (int)ir->ops[k].args[0] & (IR_MAX_EXIT_SLOTS - 1);
        if ((used_slots & (1 << slot)) && !back)
            continue;
        used_slots |= 1 << slot;
        be->direct_exit[i] = k;
        be->skip[at] = be->skip[k] = 1;
    }
    return n_ext;
}
