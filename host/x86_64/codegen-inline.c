/*
 * Plugin callbacks copied into generated code (as Pin inlines analysis routines): instead of
 * `call fn`, the block gets a relocated copy of fn's machine code, entered with a pushed return
 * address like a call, left with `lea rsp, [rsp+8]` where fn returns. A call plus its return
 * cost ~1 ns on the hosts measured, more than a counting callback's whole body
 * (docs/PERFORMANCE.md, "Callbacks").
 *
 * Flow: x86_inline_callee(be, fn) looks fn up in the back end's plan cache; a plan is made once
 * per callee by decoding (capstone) every instruction reachable from fn through direct
 * branches and fall-through. Emission lays the plan out as chains (fall-through runs, the
 * entry's first, so its fast path runs straight), re-encodes branches as rel32 to the copies,
 * direct calls to their absolute targets, and RIP-relative operands with the displacement
 * adjusted to the new place. Anything not understood makes the plan "not inlinable" and the
 * caller emits the ordinary call.
 *
 * Invariants (what makes the copy behave as the call): the copy runs with the same arguments,
 * stack pointer and alignment as the called function would (a real return address, the
 * continuation, is pushed, so code that reads it, tail calls and calls out of the copy work
 * unchanged); it clobbers only what a call clobbers (the caller treats it as one: caller-saved
 * registers and flags dead, callee-saved ones restored by the function's own code; values the
 * block keeps in registers the copy does not name are saved around the copy's own calls in
 * frame slots addressed from rsp, at the depth known there, never through rbp, which the copy
 * may use). Decoding
 * never reads outside the executable segment of the loaded object that contains fn. Only
 * callbacks the plugin layer marks (IR_CALL_CALLBACK) are copied; QELT_NO_CALLBACK_INLINE=1
 * in the environment turns copying off (A/B measurements, tests).
 */
#define _GNU_SOURCE
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "x86-backend.h"

#ifdef HAVE_CAPSTONE
#include <capstone/capstone.h>

enum { K_PLAIN, K_RIPREL, K_JCC, K_JMP, K_CALL, K_RET, K_TAIL };
#define DEPTH_UNKNOWN INT32_MIN

typedef struct InlInsn {
    uint64_t addr;
    uint64_t target;     /* K_JCC, K_JMP, K_CALL */
    uint8_t len, kind, cc, disp_off;
    bool term;           /* an indirect jmp: control leaves, never falls through */
    bool icall;          /* an indirect call */
    int32_t sp_delta;    /* bytes the instruction pushes (DEPTH_UNKNOWN: other rsp writes) */
    int32_t depth;       /* stack depth below the return slot when it starts */
    uint16_t writes;     /* general registers it writes (1 << XReg) */
    uint8_t bytes[15];
} InlInsn;

#define INL_MAX_INSNS 48
#define INL_MAX_BYTES 64    /* emitted code, worst case (copies with slow paths inline cost more than
                               the call: QEMU 7.2 mem plugin on aes, 151 bytes: 0.30 -> 0.37 s) */
#define INL_MAX_HOT 40      /* bytes of the entry's fall-through path */

struct InlPlan {
    const void *fn;
    bool ok;
    bool calls;          /* calls out (or leaves by an indirect jump) on some path */
    bool jumps_out;      /* leaves by an indirect jump: every caller-saved register is lost */
    bool call_depth_unknown;   /* calls out where its stack depth is not known */
    uint32_t writes;     /* registers its own instructions write */
    int n;
    InlInsn insn[INL_MAX_INSNS];
};

/* The 64-bit register (XReg) a capstone register name belongs to, or -1. */
static int reg_family(csh cs, unsigned reg)
{
    static const char *const fam[16][4] = {
        { "rax", "eax", "ax", "al" }, { "rcx", "ecx", "cx", "cl" }, { "rdx", "edx", "dx", "dl" },
        { "rbx", "ebx", "bx", "bl" }, { "rsp", "esp", "sp", "spl" }, { "rbp", "ebp", "bp", "bpl" },
        { "rsi", "esi", "si", "sil" }, { "rdi", "edi", "di", "dil" }, { "r8", "r8d", "r8w", "r8b" },
        { "r9", "r9d", "r9w", "r9b" }, { "r10", "r10d", "r10w", "r10b" },
        { "r11", "r11d", "r11w", "r11b" }, { "r12", "r12d", "r12w", "r12b" },
        { "r13", "r13d", "r13w", "r13b" }, { "r14", "r14d", "r14w", "r14b" },
        { "r15", "r15d", "r15w", "r15b" },
    };
    const char *n = cs_reg_name(cs, reg);
    for (int r = 0; n && r < 16; r++)
        for (int k = 0; k < 4; k++)
            if (!strcmp(n, fam[r][k]) || (r < 4 && !strcmp(n, (const char[]){ fam[r][3][0], 'h', 0 })))
                return r;
    return -1;
}

/* The executable segment of a loaded object containing addr. */
typedef struct SegFind { uintptr_t addr, lo, hi; } SegFind;

static int seg_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    SegFind *s = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (s->addr >= lo && s->addr < hi) {
            s->lo = lo;
            s->hi = hi;
            return 1;
        }
    }
    return 0;
}

static int find_insn(const struct InlPlan *p, uint64_t addr)
{
    for (int i = 0; i < p->n; i++)
        if (p->insn[i].addr == addr)
            return i;
    return -1;
}

/* Decode one instruction at addr into d; false if it cannot be copied. */
static bool classify(csh cs, uint64_t addr, uintptr_t hi, InlInsn *d)
{
    cs_insn *ci;
    size_t avail = hi - addr < 15 ? (size_t)(hi - addr) : 15;
    if (cs_disasm(cs, (const uint8_t *)(uintptr_t)addr, avail, addr, 1, &ci) != 1)
        return false;
    bool ok = true;
    const cs_x86 *x = &ci->detail->x86;
    memset(d, 0, sizeof *d);
    d->addr = addr;
    d->len = (uint8_t)ci->size;
    memcpy(d->bytes, ci->bytes, ci->size);
    bool rel = false, jump = false, call = false, ret = false;
    for (int g = 0; g < ci->detail->groups_count; g++) {
        switch (ci->detail->groups[g]) {
        case X86_GRP_BRANCH_RELATIVE: rel = true; break;
        case X86_GRP_JUMP: jump = true; break;
        case X86_GRP_CALL: call = true; break;
        case X86_GRP_RET: ret = true; break;
        case X86_GRP_INT: case X86_GRP_IRET: ok = false; break;
        default: break;
        }
    }
    switch (ci->id) {
    case X86_INS_LOOP: case X86_INS_LOOPE: case X86_INS_LOOPNE: case X86_INS_JCXZ:
    case X86_INS_JECXZ: case X86_INS_JRCXZ: case X86_INS_XBEGIN: case X86_INS_LJMP:
    case X86_INS_LCALL: case X86_INS_RETF: case X86_INS_RETFQ:
        ok = false;
        break;
    default:
        break;
    }
    if (!ok) {
    } else if (ret) {
        ok = ci->id == X86_INS_RET && x->op_count == 0;
        d->kind = K_RET;
    } else if (rel && x->op_count == 1 && x->operands[0].type == X86_OP_IMM) {
        d->target = (uint64_t)x->operands[0].imm;
        if (call) {
            d->kind = K_CALL;
        } else if (ci->id == X86_INS_JMP) {
            d->kind = K_JMP;
        } else {   /* jcc: 7x rel8 or 0F 8x rel32 */
            d->kind = K_JCC;
            if (x->opcode[0] == 0x0f && (x->opcode[1] & 0xf0) == 0x80)
                d->cc = x->opcode[1] & 15;
            else if ((x->opcode[0] & 0xf0) == 0x70)
                d->cc = x->opcode[0] & 15;
            else
                ok = false;
        }
    } else {
        for (int k = 0; k < x->op_count; k++)
            if (x->operands[k].type == X86_OP_MEM && x->operands[k].mem.base == X86_REG_RIP) {
                if (!x->encoding.disp_offset || x->encoding.disp_size != 4)
                    ok = false;
                d->kind = K_RIPREL;
                d->disp_off = x->encoding.disp_offset;
            }
        if (jump)   /* indirect jmp (a PLT stub's): leaves the copy */
            d->term = true;
        d->icall = call;
        if (rel)    /* a relative form we do not know */
            ok = false;
    }
    cs_regs rr, rw;
    uint8_t nr = 0, nwr = 0;
    d->writes = 0;
    if (cs_regs_access(cs, ci, rr, &nr, rw, &nwr) == CS_ERR_OK) {
        for (int k = 0; k < nwr; k++) {
            int f = reg_family(cs, rw[k]);
            if (f >= 0)
                d->writes |= (uint16_t)(1u << f);
        }
    } else {
        d->writes = 0xffff;
    }
    d->sp_delta = 0;
    bool rsp_dst = x->op_count >= 1 && x->operands[0].type == X86_OP_REG &&
                   x->operands[0].reg == X86_REG_RSP;
    if (ci->id == X86_INS_PUSH)
        d->sp_delta = 8;
    else if (ci->id == X86_INS_POP)
        d->sp_delta = rsp_dst ? DEPTH_UNKNOWN : -8;
    else if (rsp_dst && (ci->id == X86_INS_SUB || ci->id == X86_INS_ADD) && x->op_count == 2 &&
             x->operands[1].type == X86_OP_IMM)
        d->sp_delta = (int32_t)(ci->id == X86_INS_SUB ? x->operands[1].imm : -x->operands[1].imm);
    else if (rsp_dst && ci->id == X86_INS_LEA && x->operands[1].mem.base == X86_REG_RSP &&
             x->operands[1].mem.index == X86_REG_INVALID)
        d->sp_delta = (int32_t)-x->operands[1].mem.disp;
    else if (rsp_dst || ci->id == X86_INS_LEAVE || ci->id == X86_INS_PUSHFQ || ci->id == X86_INS_POPFQ)
        d->sp_delta = DEPTH_UNKNOWN;
    cs_free(ci, 1);
    return ok;
}

static bool ends_path(const InlInsn *d)
{
    return d->kind == K_RET || d->kind == K_JMP || d->kind == K_TAIL || d->term;
}

static void make_plan(struct InlPlan *p)
{
    p->ok = false;
    p->n = 0;
    SegFind s = { (uintptr_t)p->fn, 0, 0 };
    if (!dl_iterate_phdr(seg_cb, &s))
        return;
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
        return;
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    /* Work items: an address and the stack depth there (bytes below the return slot). */
    struct { uint64_t a; int32_t depth; } work[INL_MAX_INSNS * 2];
    int nw = 0;
    work[nw].a = (uint64_t)(uintptr_t)p->fn;
    work[nw++].depth = 0;
    bool ok = true;
    while (nw && ok) {
        uint64_t a = work[--nw].a;
        int32_t depth = work[nw].depth;
        for (int k; ok; a += p->insn[k].len) {
            if ((k = find_insn(p, a)) >= 0) {   /* joined: the same depth or none known */
                if (p->insn[k].depth != depth)
                    p->insn[k].depth = DEPTH_UNKNOWN;
                break;
            }
            if (a < s.lo || a >= s.hi || p->n == INL_MAX_INSNS) {
                ok = false;
                break;
            }
            InlInsn *d = &p->insn[p->n];
            if (!classify(cs, a, s.hi, d)) {
                ok = false;
                break;
            }
            k = p->n++;
            d->depth = depth;
            /* A jump at the entry's depth is a tail call (or a jump to code that returns
             * from there): the copy calls its target, whose return ends the copy. */
            if (d->kind == K_JMP && depth == 0)
                d->kind = K_TAIL;
            if (d->kind == K_JCC || d->kind == K_JMP) {
                if (nw == (int)(sizeof work / sizeof work[0])) {
                    ok = false;
                    break;
                }
                work[nw].a = d->target;
                work[nw++].depth = depth;
            }
            if (ends_path(d))
                break;
            depth = depth == DEPTH_UNKNOWN || d->sp_delta == DEPTH_UNKNOWN ? DEPTH_UNKNOWN
                                                                         : depth + d->sp_delta;
        }
    }
    cs_close(&cs);
    p->writes = 0;
    p->calls = p->jumps_out = p->call_depth_unknown = false;
    for (int i = 0; i < p->n; i++) {
        const InlInsn *d = &p->insn[i];
        p->writes |= d->writes;
        p->calls |= d->kind == K_CALL || d->kind == K_TAIL || d->icall || d->term;
        p->call_depth_unknown |= (d->kind == K_CALL || d->icall) && d->depth == DEPTH_UNKNOWN;
        p->jumps_out |= d->term;
        if ((d->kind == K_CALL || d->icall) && (d->writes & ~((1u << X_RSP) | (1u << X_RAX))))
            p->writes |= 0xffff;   /* a call that names other registers: not understood */
    }
    /* A return must pop the slot the copy pushed (a return elsewhere would go to an address
     * the function computed, not to the continuation). */
    for (int i = 0; i < p->n; i++)
        if (p->insn[i].kind == K_RET && p->insn[i].depth != 0)
            ok = false;
    /* Worst-case size of the copy: branches become rel32 forms, returns lea + jmp, each
     * chain may end in a jmp; bigger callees stay calls. */
    int est = 8;
    for (int i = 0; i < p->n; i++)
        est += p->insn[i].len + (p->insn[i].kind == K_RET || p->insn[i].kind == K_TAIL ? 15 : 0) +
               (p->insn[i].kind == K_JCC || p->insn[i].kind == K_JMP ? 6 : 0) + 5 * ends_path(&p->insn[i]);
    /* The fall-through path from the entry (a counting callback's whole work) must be short:
     * QEMU 7.2's insn plugin (65 bytes there: four pushes and pops) ran slower copied. */
    int hot = 0;
    for (int i = 0; ok && i >= 0 && i < p->n; i = find_insn(p, p->insn[i].addr + p->insn[i].len)) {
        hot += p->insn[i].len;
        if (ends_path(&p->insn[i]))
            break;
    }
    p->ok = ok && p->n > 0 && est <= INL_MAX_BYTES && hot <= INL_MAX_HOT;
}

static struct InlPlan *get_plan(Backend *be, const void *fn)
{
    for (int i = 0; i < be->n_inl; i++)
        if (be->inl[i]->fn == fn)
            return be->inl[i];
    if (be->n_inl == BE_MAX_INLINE_PLANS)
        return NULL;
    struct InlPlan *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->fn = fn;
    make_plan(p);
    be->inl[be->n_inl++] = p;
    return p;
}

static bool rel32_fits(int64_t v) { return v == (int32_t)v; }

#define CALLER_SAVED ((1u << X_RAX) | (1u << X_RCX) | (1u << X_RDX) | (1u << X_RSI) | \
                      (1u << X_RDI) | (1u << X_R8) | (1u << X_R9) | (1u << X_R10) | (1u << X_R11))

bool x86_inline_clobbers(Backend *be, const void *fn, uint32_t *clobber)
{
    if (!be->inline_callbacks)
        return false;
    struct InlPlan *p = get_plan(be, fn);
    if (!p || !p->ok)
        return false;
    /* Its own writes, rax (the continuation), and what calls out return in (rax, rdx). */
    uint32_t c = (p->writes & CALLER_SAVED) | (1u << X_RAX);
    if (p->calls)
        c |= 1u << X_RDX;
    if (p->jumps_out || p->call_depth_unknown)   /* nothing can be kept across it */
        c |= CALLER_SAVED;
    *clobber = c;
    return true;
}

void x86_save_regs(Backend *be, uint32_t keep, bool restore, int32_t sp_off)
{
    int slot = FRAME_SAVE_BASE;
    for (int r = 0; r < 16; r++) {
        if (!(keep & (1u << r)))
            continue;
        XMem m = xm(X_RSP, sp_off + 8 * slot++);
        if (restore)
            x_load(&be->b, 8, false, (XReg)r, m);
        else
            x_store(&be->b, 8, (XReg)r, m);
    }
}

bool x86_inline_callee(Backend *be, const void *fn, uint32_t keep)
{
    if (!be->inline_callbacks)
        return false;
    struct InlPlan *p = get_plan(be, fn);
    if (!p || !p->ok)
        return false;
    XBuf *b = &be->b;
    int calls = 0;   /* each call out may get keep's saves and restores around it */
    for (int i = 0; i < p->n; i++)
        calls += p->insn[i].kind == K_CALL || p->insn[i].kind == K_TAIL || p->insn[i].icall;
    if (b->p + INL_MAX_BYTES + 64 + calls * 2 * 8 * FRAME_SAVE_SLOTS > b->end)
        return false;
    uint8_t *start = b->p;
    uint8_t *newpos[INL_MAX_INSNS];
    struct { uint8_t *field; int to; } fix[INL_MAX_INSNS * 2];
    int nfix = 0;
    bool done[INL_MAX_INSNS] = { false };
    uint8_t *ret_fields[INL_MAX_INSNS];   /* jmp continuation after each return */
    int nret = 0;

    /* lea rax, [rip + continuation]; push rax */
    x_lea(b, true, X_RAX, xrip(0));
    uint8_t *lea_field = b->p - 4;
    x_push(b, X_RAX);

    int chains[INL_MAX_INSNS * 2], nc = 0;
    chains[nc++] = 0;   /* the entry (first decoded) */
    for (int c = 0; c < nc; c++) {
        int i = chains[c];
        while (i >= 0 && !done[i]) {
            InlInsn *d = &p->insn[i];
            done[i] = true;
            newpos[i] = b->p;
            int t = (d->kind == K_JCC || d->kind == K_JMP) ? find_insn(p, d->target) : -1;
            if (t >= 0 && !done[t])
                chains[nc++] = t;
            switch (d->kind) {
            case K_JCC:
                fix[nfix].field = x_jcc(b, (XCond)d->cc, NULL);
                fix[nfix++].to = t;
                break;
            case K_JMP:
                fix[nfix].field = x_jmp(b, NULL);
                fix[nfix++].to = t;
                break;
            case K_CALL: case K_TAIL: {
                /* A tail call: lea rsp, [rsp+8]; call target; jmp continuation. Registers
                 * the block keeps live are saved around every call out. */
                int32_t off = d->kind == K_TAIL ? 0 : d->depth + 8;   /* rsp below the block's */
                if (d->kind == K_TAIL)
                    x_lea(b, true, X_RSP, xm(X_RSP, 8));
                x86_save_regs(be, keep, false, off);
                int64_t r = (int64_t)d->target - (int64_t)(uintptr_t)(b->p + 5);
                if (!rel32_fits(r))
                    goto fail;
                x_call(b, (const void *)(uintptr_t)d->target);
                x86_save_regs(be, keep, true, off);
                if (d->kind == K_TAIL)
                    ret_fields[nret++] = x_jmp(b, NULL);
                break;
            }
            case K_RET:
                x_lea(b, true, X_RSP, xm(X_RSP, 8));
                ret_fields[nret++] = x_jmp(b, NULL);
                break;
            case K_RIPREL: {
                if (d->icall)
                    x86_save_regs(be, keep, false, d->depth + 8);
                memcpy(b->p, d->bytes, d->len);
                int32_t disp;
                memcpy(&disp, d->bytes + d->disp_off, 4);
                int64_t abs = (int64_t)(d->addr + d->len) + disp;
                int64_t nd = abs - (int64_t)(uintptr_t)(b->p + d->len);
                if (!rel32_fits(nd))
                    goto fail;
                int32_t n32 = (int32_t)nd;
                memcpy(b->p + d->disp_off, &n32, 4);
                b->p += d->len;
                if (d->icall)
                    x86_save_regs(be, keep, true, d->depth + 8);
                break;
            }
            default:
                if (d->icall)
                    x86_save_regs(be, keep, false, d->depth + 8);
                memcpy(b->p, d->bytes, d->len);
                b->p += d->len;
                if (d->icall)
                    x86_save_regs(be, keep, true, d->depth + 8);
                break;
            }
            if (ends_path(d))
                break;
            int nx = find_insn(p, d->addr + d->len);
            if (nx >= 0 && done[nx]) {   /* falls into code already laid out */
                fix[nfix].field = x_jmp(b, NULL);
                fix[nfix++].to = nx;
                break;
            }
            i = nx;
        }
    }
    for (int k = 0; k < nfix; k++) {
        if (fix[k].to < 0)
            goto fail;
        x_patch_rel32(fix[k].field, newpos[fix[k].to]);
    }
    /* A return that is the last thing laid out falls through into the continuation. */
    if (nret && ret_fields[nret - 1] + 4 == b->p) {
        b->p -= 5;
        nret--;
    }
    for (int k = 0; k < nret; k++)
        x_patch_rel32(ret_fields[k], b->p);
    x_patch_rel32(lea_field, b->p);
    return true;
fail:
    b->p = start;
    p->ok = false;
    return false;
}

void x86_inline_free(Backend *be)
{
    for (int i = 0; i < be->n_inl; i++)
        free(be->inl[i]);
    be->n_inl = 0;
}

#else   /* no disassembler: callbacks are called */

bool x86_inline_clobbers(Backend *be, const void *fn, uint32_t *clobber) { return false; }
bool x86_inline_callee(Backend *be, const void *fn, uint32_t keep) { return false; }
void x86_save_regs(Backend *be, uint32_t keep, bool restore, int32_t sp_off) { }
void x86_inline_free(Backend *be) { }

#endif
