/*
 * The riscv64 signal frame, byte for byte as the Linux kernel builds it
 * (arch/riscv/kernel/signal.c), and rt_sigreturn, which reads it back.
 *
 * struct rt_sigframe { struct siginfo info; struct ucontext uc; }:
 *   info                        0   128 bytes
 *   uc.uc_flags               128   u64 (0)
 *   uc.uc_link                136   u64 (0)
 *   uc.uc_stack               144   ss_sp u64, ss_flags i32 + pad, ss_size u64
 *   uc.uc_sigmask             168   u64, then padding up to 128 bytes of sigset space
 *   uc.uc_mcontext            304   (16-byte aligned) struct sigcontext:
 *     sc_regs                 304   pc, x1..x31 (u64 each, x-register order, pc in slot 0)
 *     sc_fpregs               560   f[32] u64, fcsr u32, then the rest of the 528-byte
 *                                   __riscv_q_ext_state; its last 12 bytes are
 *                                   __riscv_extra_ext_header's reserved word (1076, zero)
 *                                   and the first context header (1080: magic u32, size u32)
 *   total                    1088
 * Extension contexts follow the header at 1080, each a header then its body, the next one
 * `size` bytes further, up to an END header (magic 0, size 0). With vector state in use
 * (Linux's riscv_v_vstate_query: the thread's VS is not Off) the first one is the vector
 * context (user/vstate.c): RISCV_V_MAGIC, size 56 + 32 * vlenb, __riscv_v_ext_state at 1088,
 * the registers at 1136 (datap, 16-byte aligned); END follows, and the frame is rounded up to
 * 16 bytes (1664 bytes with VLEN 128). Without, the END header sits at 1080.
 * The frame sits 16-byte aligned below sp (no red zone on riscv), or at the top of the
 * alternate stack for SA_ONSTACK handlers; a handler returns through ra to the loader's
 * trampoline (`li a7, 139; ecall`). Offsets were checked against the riscv64 glibc and kernel
 * headers (ucontext_t: mcontext at 176, __fpregs at 256, size 960).
 */
#include <errno.h>
#include <string.h>
#include "signal.h"
#include "syscall-defs.h"
#include "vector.h"

#define FRAME_SIZE   1088          /* without extension contexts */
#define FRAME_MAX    (FRAME_SIZE + 8 + 48 + 32 * RV_VLENB_MAX + 16)
#define UC_OFF       128
#define UC_STACK     (UC_OFF + 16)
#define UC_SIGMASK   (UC_OFF + 40)
#define MC_OFF       (UC_OFF + 176)
#define MC_FP        (MC_OFF + 256)
#define MC_FCSR      (MC_FP + 256)
#define MC_RESERVED  (MC_FP + 516)
#define MC_EXT_HDR   (MC_FP + 520)

_Static_assert(MC_FP + 528 == FRAME_SIZE, "rt_sigframe layout");
_Static_assert(sizeof(GuestSiginfo) == 128, "siginfo size");

static void put64(uint8_t *b, size_t off, uint64_t v) { memcpy(b + off, &v, 8); }
static void put32(uint8_t *b, size_t off, uint32_t v) { memcpy(b + off, &v, 4); }
static uint64_t get64(const uint8_t *b, size_t off) { uint64_t v; memcpy(&v, b + off, 8); return v; }
static uint32_t get32(const uint8_t *b, size_t off) { uint32_t v; memcpy(&v, b + off, 4); return v; }

static size_t frame_size_with(size_t ext)
{
    return ext ? (FRAME_SIZE + ext + 8 + 15) & ~(size_t)15 : FRAME_SIZE;
}

size_t sig_frame_size(const VCPU *cpu)
{
    return frame_size_with(vstate_in_frame(cpu) ? vstate_sigctx_size(cpu) : 0);
}

size_t sig_frame_size_max(const VCPU *cpu)
{
    return frame_size_with(vstate_has_vector(cpu->proc) ? vstate_sigctx_size(cpu) : 0);
}

static bool frame_writable(Process *p, uint64_t frame, size_t size)
{
    if (frame >= GM_TASK_SIZE || size > GM_TASK_SIZE - frame)
        return false;
    uint64_t start = frame & ~(GM_PAGE_SIZE - 1);
    uint64_t end = (frame + size + GM_PAGE_SIZE - 1) & ~(GM_PAGE_SIZE - 1);
    return gm_access_ok(p->gm, start, end - start, PAGE_WRITE);
}

int sig_setup_frame(VCPU *cpu, SigThread *ts, int sig, const GuestSigaction *ka,
                    const GuestSiginfo *info, uint64_t saved_mask)
{
    Process *p = cpu->proc;
    GuestState *g = &cpu->g;
    uint64_t sp = g->x[2];
    size_t size = sig_frame_size(cpu);

    /* Overflowing the alternate stack would scribble below it: the kernel refuses. */
    if (sig_on_altstack(ts, sp) && !sig_on_altstack(ts, sp - size))
        return -1;
    if ((ka->flags & G_SA_ONSTACK) && sig_altstack_flags(ts, sp) == 0)
        sp = ts->ss_sp + ts->ss_size;
    uint64_t frame = (sp - size) & ~15ULL;
    if (frame > sp || !frame_writable(p, frame, size))
        return -1;

    uint8_t b[FRAME_MAX];
    memset(b, 0, size);
    memcpy(b, info, sizeof *info);
    put64(b, UC_STACK, ts->ss_sp);
    put32(b, UC_STACK + 8, ts->ss_flags);
    put64(b, UC_STACK + 16, ts->ss_size);
    put64(b, UC_SIGMASK, saved_mask);
    put64(b, MC_OFF, g->pc);
    for (int i = 1; i < 32; i++)
        put64(b, MC_OFF + 8 * (size_t)i, g->x[i]);
    for (int i = 0; i < 32; i++)
        put64(b, MC_FP + 8 * (size_t)i, g->f[i]);
    put32(b, MC_FCSR, ((g->frm & 7) << 5) | (g->fflags & 0x1f));
    if (size > FRAME_SIZE)   /* END stays zero after it */
        vstate_save(cpu, b + MC_EXT_HDR, frame + MC_EXT_HDR);

    rt_prepare_guest_write(p->rt, frame, size);
    memcpy(g2h(p->gm, frame), b, size);

    if (ts->ss_flags & G_SS_AUTODISARM) {
        ts->ss_sp = 0;
        ts->ss_size = 0;
        ts->ss_flags = G_SS_DISABLE;
    }
    g->x[10] = (uint64_t)sig;
    g->x[11] = frame;
    g->x[12] = frame + UC_OFF;
    g->x[1] = p->image.sigreturn_tramp;
    g->x[2] = frame;
    g->pc = ka->handler;
    g->lr_addr = UINT64_MAX;     /* a trap breaks any LR/SC sequence */
    return 0;
}

/* Linux's restore_sigcontext after the FP state: the reserved word must be zero, then each
 * context header from 1080 on up to END; anything else is a bad frame. */
static int restore_ext_contexts(VCPU *cpu, uint64_t frame, const uint8_t *b)
{
    if (get32(b, MC_RESERVED))
        return -EINVAL;
    uint64_t at = frame + MC_EXT_HDR;
    for (;;) {
        uint32_t hdr[2];
        if (copy_from_guest(cpu->proc, hdr, at, sizeof hdr) < 0)
            return -EFAULT;
        if (hdr[0] == 0)
            return hdr[1] == 0 ? 0 : -EINVAL;
        if (hdr[0] != RISCV_V_MAGIC)
            return -EINVAL;
        int r = vstate_restore(cpu, at, hdr[1]);
        if (r < 0)
            return r;
        at += hdr[1];
    }
}

int64_t do_rt_sigreturn(VCPU *cpu)
{
    SigThread *ts = cpu->os_thread;
    GuestState *g = &cpu->g;
    uint8_t b[FRAME_SIZE];
    uint64_t frame = g->x[2];
    if (!ts)
        return -ENOSYS;
    if (copy_from_guest(cpu->proc, b, frame, FRAME_SIZE) < 0) {
        sig_force_segv(cpu, ts);
        return -QELT_ESIGRETURN;
    }
    sig_set_blocked(ts, get64(b, UC_SIGMASK));
    g->pc = get64(b, MC_OFF);
    for (int i = 1; i < 32; i++)
        g->x[i] = get64(b, MC_OFF + 8 * (size_t)i);
    for (int i = 0; i < 32; i++)
        g->f[i] = get64(b, MC_FP + 8 * (size_t)i);
    uint32_t fcsr = get32(b, MC_FCSR);
    g->fflags = fcsr & 0x1f;
    g->frm = (fcsr >> 5) & 7;
    g->lr_addr = UINT64_MAX;
    if (restore_ext_contexts(cpu, frame, b) < 0) {
        sig_force_segv(cpu, ts);
        return -QELT_ESIGRETURN;
    }
    /* The kernel's restore_altstack: checked against the restored sp, errors ignored. */
    sig_altstack_set(ts, g->x[2], get64(b, UC_STACK), get32(b, UC_STACK + 8),
                     get64(b, UC_STACK + 16));
    ts->just_sigreturned = 1;
    return -QELT_ESIGRETURN;
}
