/*
 * x86-64 back end, fixed code and host specifics: the entry/exit trampolines, the shared
 * indirect-branch miss path, the bad-address path, jump patching, recovering pinned guest
 * registers from a signal context, and out_asm disassembly.
 *
 * The entry trampoline is the only way into generated code and the epilogue the only way out,
 * so the frame layout (six callee-saved pushes, FRAME_SIZE bytes of spill slots) and the pinned
 * registers are set up and torn down in exactly one place each.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#ifdef HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif

#include <inttypes.h>
#include "x86-backend.h"

static const int greg_index[16] = {
    [X_RAX] = REG_RAX, [X_RCX] = REG_RCX, [X_RDX] = REG_RDX, [X_RBX] = REG_RBX,
    [X_RSP] = REG_RSP, [X_RBP] = REG_RBP, [X_RSI] = REG_RSI, [X_RDI] = REG_RDI,
    [X_R8] = REG_R8, [X_R9] = REG_R9, [X_R10] = REG_R10, [X_R11] = REG_R11,
    [X_R12] = REG_R12, [X_R13] = REG_R13, [X_R14] = REG_R14, [X_R15] = REG_R15,
};

static void store_fixed(XBuf *b, struct Backend *h, int from, int to)
{
    for (int i = from; i < to; i++)
        if (h->fixed_temp[i] >= 0)
            x_store(b, 8, fixed_regs[i], xm(X_RBP, h->ir->temps[h->fixed_temp[i]].env_offset));
}

static void load_fixed(XBuf *b, struct Backend *h, int from, int to)
{
    for (int i = from; i < to; i++)
        if (h->fixed_temp[i] >= 0)
            x_load(b, 8, false, fixed_regs[i],
                   xm(X_RBP, h->ir->temps[h->fixed_temp[i]].env_offset));
}

static void align16(XBuf *b)
{
    while ((uintptr_t)b->p & 15)
        x_int3(b);
}

Backend *backend_new(IRContext *ir, uint8_t *code, size_t avail, size_t *used,
                     const BackendHooks *hooks, int options)
{
    struct Backend *h = calloc(1, sizeof(struct Backend));
    if (!h)
        return NULL;
    h->ir = ir;
    h->hooks = *hooks;
    h->log_mask = options;
    h->host_bits = x86_host_bits();
    const char *noinl = getenv("QELT_NO_CALLBACK_INLINE");
    h->inline_callbacks = !(noinl && noinl[0] == '1');
    const char *noloop = getenv("QELT_NO_LOOPREGS");
    h->no_loop_blocks = noloop && noloop[0] == '1';
    const char *nochk = getenv("QELT_NO_LOOPCHK");
    h->no_loop_chk = nochk && nochk[0] == '1';
    bool cf = options & BACKEND_CALL_FRIENDLY;
    h->ctr_reg = (options & BACKEND_COUNTER_REG) ? X_R11 : X_NOREG;
    h->n_alloc = cf ? N_ALLOC_MAX : N_ALLOC_PINNED;
    h->zero_base = (options & BACKEND_ZERO_BASE) && !(options & BACKEND_SOFTMMU);
    /* Pin the best-ranked globals. */
    for (int i = 0; i < N_FIXED; i++)
        h->fixed_temp[i] = -1;
    /* The counter register is fixed_regs' last (r11). */
    int n_pinned = cf ? N_FIXED_CALLEE : h->ctr_reg != X_NOREG ? N_FIXED - 1 : N_FIXED;
    for (int i = 0; i < n_pinned; i++) {
        if (fixed_regs[i] == X_R15 && !h->zero_base)
            continue;   /* the guest base */
        int best = -1;
        for (int t = 0; t < ir->nb_globals; t++) {
            bool taken = false;
            for (int j = 0; j < i; j++)
                taken |= h->fixed_temp[j] == t;
            if (!taken && (best < 0 || ir->temps[t].priority < ir->temps[best].priority))
                best = t;
        }
        h->fixed_temp[i] = best;
    }

    XBuf b = { code, code, code + avail };
    /* enter(vcpu = rdi, code = rsi) */
    h->enter_code = b.p;
    x_push(&b, X_RBX);
    x_push(&b, X_RBP);
    x_push(&b, X_R12);
    x_push(&b, X_R13);
    x_push(&b, X_R14);
    x_push(&b, X_R15);
    x_alu_ri(&b, XA_SUB, true, X_RSP, FRAME_SIZE);
    x_mov_rr(&b, true, X_RBP, X_RDI);
    if (!h->zero_base)
        x_load(&b, 8, false, X_R15, xm(X_RBP, (int32_t)offsetof(VCPU, guest_base)));
    load_fixed(&b, h, 0, N_FIXED);
    if (h->ctr_reg != X_NOREG)
        x_alu_rr(&b, XA_XOR, false, h->ctr_reg, h->ctr_reg);
    x_jmp_r(&b, X_RSI);

    /* epilogue: rax = exit value */
    align16(&b);
    h->epilogue = b.p;
    store_fixed(&b, h, 0, N_FIXED);
    x86_flush_ctr(&b, h->ctr_reg, X_RCX);   /* rax holds the exit value */
    x_alu_ri(&b, XA_ADD, true, X_RSP, FRAME_SIZE);
    x_pop(&b, X_R15);
    x_pop(&b, X_R14);
    x_pop(&b, X_R13);
    x_pop(&b, X_R12);
    x_pop(&b, X_RBP);
    x_pop(&b, X_RBX);
    x_ret(&b);

    /* Jump-cache miss: ask the runtime, stay in generated code when it has the block.
     * Only pinned registers are live here, and rdi holds the target pc. */
    align16(&b);
    h->lookup_miss = b.p;
    x_store(&b, 8, X_RDI, xm(X_RBP, (int32_t)GUEST_PC_OFFSET));   /* rdi = target pc */
    store_fixed(&b, h, N_FIXED_CALLEE, N_FIXED);
    x86_flush_ctr(&b, h->ctr_reg, X_RSI);
    x_mov_rr(&b, true, X_RDI, X_RBP);
    x_mov_ri(&b, X_RAX, (uint64_t)(uintptr_t)hooks->lookup_ptr);
    x_call_r(&b, X_RAX);
    if (h->ctr_reg != X_NOREG)
        x_alu_rr(&b, XA_XOR, false, h->ctr_reg, h->ctr_reg);
    load_fixed(&b, h, N_FIXED_CALLEE, N_FIXED);
    x_test_rr(&b, true, X_RAX, X_RAX);
    uint8_t *j = x_jcc8(&b, XC_E);
    x_jmp_r(&b, X_RAX);
    x_patch_rel8(j, b.p);
    x_mov_ri(&b, X_RAX, EXIT_NONE);
    x_jmp(&b, h->epilogue);

    /* Bad guest address: rsi = address, rdx = kind, env.pc set, unpinned globals in env. */
    align16(&b);
    h->bad_addr_common = b.p;
    store_fixed(&b, h, 0, N_FIXED);
    x86_flush_ctr(&b, h->ctr_reg, X_RCX);   /* rsi, rdx: arguments */
    x_mov_rr(&b, true, X_RDI, X_RBP);
    x_mov_ri(&b, X_RAX, (uint64_t)(uintptr_t)hooks->bad_address);
    x_call_r(&b, X_RAX);
    x_ud2(&b);

    /* Soft-TLB miss (full-system): called from a block's stub with the access in env's mmu_*
     * fields. Every host register but rsp/rbp goes to env.mmu_regs (the slow path may need
     * them to make guest state precise), the hook runs, its result goes to env.mmu_ret and
     * the registers come back. rsp is 8 mod 16 here (the call). */
    h->softmmu = (options & BACKEND_SOFTMMU) != 0;
    h->jc_keyed = h->softmmu || (options & BACKEND_JC_KEYED);
    if (h->softmmu) {
        align16(&b);
        h->mmu_thunk = b.p;
        int32_t regs = (int32_t)offsetof(VCPU, mmu_regs);
        for (int r = 0; r < 16; r++)
            if (r != X_RSP && r != X_RBP)
                x_store(&b, 8, (XReg)r, xm(X_RBP, regs + 8 * r));
        x_mov_rr(&b, true, X_RDI, X_RBP);
        x_load(&b, 8, false, X_RSI, xm(X_RSP, 0));
        x_alu_ri(&b, XA_SUB, true, X_RSP, 8);
        x_mov_ri(&b, X_RAX, (uint64_t)(uintptr_t)hooks->mmu_slow);
        x_call_r(&b, X_RAX);
        x_alu_ri(&b, XA_ADD, true, X_RSP, 8);
        x_store(&b, 8, X_RAX, xm(X_RBP, (int32_t)offsetof(VCPU, mmu_ret)));
        for (int r = 0; r < 16; r++)
            if (r != X_RSP && r != X_RBP)
                x_load(&b, 8, false, (XReg)r, xm(X_RBP, regs + 8 * r));
        x_ret(&b);
    }

    /* Constants the FP lowering compares results with (codegen-fp.c, rip-relative). */
    align16(&b);
    h->fp_consts = b.p;
    static const uint64_t fp_consts[FPC_COUNT] = {
        [FPC_SPECIAL_D] = 0xffe0000000000000ull,   /* x << 1 at least this: exponent all ones */
        [FPC_MIN2_D] = 2ull << 53,                  /* x << 1 for exponent 2 */
        [FPC_RANGE_D] = 0x7fdull << 53,             /* exponents 2 .. 0x7fe, shifted as above */
        [FPC_BOX_LO] = 0xffffffff00000000ull,       /* NaN-boxing a single (vorpd, 16 bytes) */
        [FPC_BOX_HI] = 0,
    };
    memcpy(b.p, fp_consts, sizeof fp_consts);
    b.p += sizeof fp_consts;
    align16(&b);
    h->vf_consts = b.p;                /* the vector FP checks' (codegen-vfp.c) */
    b.p += cg_vec_consts(b.p);
    *used = (size_t)(b.p - code);
    return (Backend *)h;
}

void backend_free(Backend *be)
{
    struct Backend *h = (struct Backend *)be;
    if (!h)
        return;
    x86_inline_free(h);
    free(h->label_addr);
    free(h->fixups);
    free(h->stubs);
    free(h->map);
    free(h->sites);
    free(h->checked);
    free(h->addr_base);
    free(h->loop_acc);
    free(h->addr_scratch);
    free(h->direct_exit);
    free(h->skip);
    free(h->label_info);
    free(h->homes);
    free(h->mstubs);
    free(h->splan);
    free(h->cold);
    free(h->narrow_scratch);
    free(h);
}

Backend *backend_clone(const Backend *be, IRContext *ir)
{
    struct Backend *h = malloc(sizeof(*h));
    if (!h)
        return NULL;
    *h = *be;
    h->ir = ir;
    /* Per-block work arrays: the clone grows its own. */
    h->mstubs = NULL;
    h->n_mstubs = h->max_mstubs = 0;
    h->splan = NULL;
    h->max_splan = 0;
    h->label_addr = NULL;
    h->max_labels = 0;
    h->fixups = NULL;
    h->n_fixups = h->max_fixups = 0;
    h->stubs = NULL;
    h->n_stubs = h->max_stubs = 0;
    h->map = NULL;
    h->n_map = h->max_map = 0;
    h->sites = NULL;
    h->n_sites = h->max_sites = 0;
    h->checked = NULL;
    h->max_checked = 0;
    h->addr_base = NULL;
    h->max_addr_base = 0;
    h->addr_scratch = NULL;
    h->addr_cap = 0;
    h->direct_exit = NULL;
    h->skip = NULL;
    h->max_ops = 0;
    h->label_info = NULL;
    h->max_label_info = 0;
    h->homes = NULL;
    h->n_homes = h->max_homes = 0;
    h->cold = NULL;
    h->n_cold = h->max_cold = 0;
    h->narrow_scratch = NULL;
    h->narrow_cap = 0;
    return h;
}

bool backend_counter_enable(Backend *be)
{
    struct Backend *h = (struct Backend *)be;
    if (h->ctr_reg == X_NOREG || (!h->ctr_live && h->ctr_unsynced))
        return false;
    h->ctr_live = true;
    return true;
}

void backend_code_flushed(Backend *be)
{
    ((struct Backend *)be)->ctr_unsynced = false;
}

uintptr_t backend_enter(Backend *be, VCPU *cpu, const void *code)
{
    struct Backend *h = (struct Backend *)be;
    uintptr_t (*enter)(VCPU *, const void *) = (uintptr_t (*)(VCPU *, const void *))h->enter_code;
    return enter(cpu, code);
}

void backend_patch_jump(uint8_t *field, const void *target)
{
    x_patch_rel32(field, target);
}

void backend_restore_regs(Backend *be, VCPU *cpu, const uint64_t *regs, const FaultSite *sites,
                          uint32_t n_sites, const RegHome *homes, uint32_t off)
{
    struct Backend *h = (struct Backend *)be;
    /* A pinned register that the site names holds another global there (a loop block's
     * assignment, codegen-loop.c): the pinned global's env copy is the current one. */
    uint32_t named = 0;
    const FaultSite *site = NULL;
    const RegHome *computed = NULL;
    for (uint32_t i = 0; i < n_sites; i++) {
        if (off >= sites[i].host_start && off < sites[i].host_end) {
            for (uint32_t k = 0; k < sites[i].n; k++) {
                const RegHome *rh = &homes[sites[i].first + k];
                if (cg_is_defer_home(rh->reg)) {
                    computed = rh;   /* after every register: from the restored env */
                    continue;
                }
                uint64_t v = regs[rh->reg];
                memcpy((uint8_t *)cpu + rh->env_offset, &v, 8);
                named |= 1u << rh->reg;
            }
            site = &sites[i];
            break;
        }
    }
    for (int i = 0; i < N_FIXED; i++) {
        int t = h->fixed_temp[i];
        if (t < 0 || (named & (1u << fixed_regs[i])))
            continue;
        uint64_t v = regs[fixed_regs[i]];
        memcpy((uint8_t *)cpu + h->ir->temps[t].env_offset, &v, 8);
    }
    for (uint32_t k = 0; computed && k < site->n; k++) {   /* deferred values (codegen-defer.c) */
        const RegHome *rh = &homes[site->first + k];
        if (!cg_is_defer_home(rh->reg))
            continue;
        uint64_t v;
        memcpy(&v, (uint8_t *)cpu + h->ir->temps[(uint32_t)rh->reg & 0xffff].env_offset, 8);
        v = cg_defer_eval((uint32_t)rh->reg, v);
        memcpy((uint8_t *)cpu + rh->env_offset, &v, 8);
    }
    if (h->ctr_reg != X_NOREG)   /* the runtime leaves by siglongjmp: the register is lost */
        *cpu->ctr_ptr += regs[h->ctr_reg];
}

void backend_restore_state(Backend *be, VCPU *cpu, void *uctx, const FaultSite *sites,
                           uint32_t n_sites, const RegHome *homes, uint32_t off)
{
    struct Backend *h = (struct Backend *)be;
    ucontext_t *uc = uctx;
    uint64_t regs[32];   /* GPRs, then the low 64 bits of xmm0-15 (XMM_REG) */
    for (int r = 0; r < 16; r++)
        regs[r] = (uint64_t)uc->uc_mcontext.gregs[greg_index[r]];
    for (int i = 0; i < 16; i++) {
        uint64_t v = 0;
        if (uc->uc_mcontext.fpregs)
            memcpy(&v, &uc->uc_mcontext.fpregs->_xmm[i], 8);
        regs[XMM_REG(i)] = v;
    }
    if (h->ctr_reg != X_NOREG)
        regs[h->ctr_reg] = 0;   /* added below, once */
    backend_restore_regs(be, cpu, regs, sites, n_sites, homes, off);
    if (h->ctr_reg != X_NOREG) {   /* the runtime leaves by siglongjmp: the register is lost */
        *cpu->ctr_ptr += (uint64_t)uc->uc_mcontext.gregs[greg_index[h->ctr_reg]];
        uc->uc_mcontext.gregs[greg_index[h->ctr_reg]] = 0;
    }
}

uintptr_t backend_fault_pc(void *uctx)
{
    return (uintptr_t)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP];
}

int backend_fault_is_write(void *uctx)
{
    /* Page-fault error code bit 1: the access was a write. */
    return (((ucontext_t *)uctx)->uc_mcontext.gregs[REG_ERR] & 2) != 0;
}

void backend_disas(FILE *f, const uint8_t *code, size_t size)
{
#ifdef HAVE_CAPSTONE
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) == CS_ERR_OK) {
        cs_insn *insn;
        size_t n = cs_disasm(cs, code, size, (uint64_t)(uintptr_t)code, 0, &insn);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "  0x%012" PRIx64 ":  %-8s %s\n", insn[i].address, insn[i].mnemonic,
                    insn[i].op_str);
        if (n)
            cs_free(insn, n);
        cs_close(&cs);
        return;
    }
#endif
    for (size_t i = 0; i < size; i += 16) {
        fprintf(f, "  %p: ", (const void *)(code + i));
        for (size_t k = i; k < size && k < i + 16; k++)
            fprintf(f, " %02x", code[k]);
        fputc('\n', f);
    }
}
