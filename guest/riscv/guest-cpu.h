/*
 * RISC-V guest architectural state, as generated code sees it (the start of the VCPU struct).
 *
 * Every target binary is built with exactly one guest's folder on the include path, so the
 * runtime includes "guest-cpu.h" and gets this guest's GuestState without any #ifdef.
 * Invariants: x[0] is always 0 (the front end never writes it); single-precision values in f[]
 * are NaN-boxed (upper 32 bits all ones); fflags holds the accrued exception bits (5 bits),
 * frm the dynamic rounding mode (3 bits).
 */
#ifndef QELT_GUEST_CPU_H
#define QELT_GUEST_CPU_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_NAME        "riscv64"
#define GUEST_ELF_MACHINE 243      /* EM_RISCV */
#define GUEST_PAGE_SIZE   4096
#define GUEST_INSN_ALIGN  2        /* with C: instructions start on 2-byte boundaries */
#define GUEST_MAX_INSN    4
/* What a riscv64 Linux kernel reports about the emulated hart's MMU (/proc/cpuinfo's mmu line):
 * a 256 GiB address space is Sv39's. The isa line and AT_HWCAP come from the -cpu extensions
 * (guest/riscv/cpu-ext.h). */
#define GUEST_LINUX_MMU   "sv39"

typedef struct GuestState {
    uint64_t x[32];
    uint64_t f[32];
    uint64_t pc;
    uint32_t fflags;
    uint32_t frm;
    uint64_t lr_addr;     /* LR/SC reservation address, or -1 when none */
    uint64_t lr_val;      /* value loaded by the LR (compared by the SC's cmpxchg) */
    uint64_t tp_unused;   /* keep 16-byte alignment of what follows */
    /* V (RVV 1.0, guest/riscv/vector.h): the CSRs, then the register file. vN occupies the
     * vlenb bytes at vreg + N * vlenb, so a register group is contiguous; element i of width
     * SEW/8 bytes sits at byte i * SEW/8 of the group, little-endian (mask bit i: byte i/8,
     * bit i%8). vlenb is fixed per CPU (-cpu vlen=); vxrm and vxsat are the fields of vcsr. */
    uint64_t vl, vtype, vstart;
    uint32_t vxrm, vxsat;
    uint32_t vlenb, vpad;
    uint8_t vreg[32 * 128] __attribute__((aligned(32)));
} GuestState;

/* Privileged state of a hart (full-system mode only; user mode leaves it zero but for
 * mstatus.VS, which models Linux's per-thread sstatus.VS: user/vstate.c, and vector). Lives in the
 * VCPU after the runtime's fields (runtime/vcpu.h), so user mode's env offsets do not move.
 * mip is changed by other threads (devices, timers) with atomic or/and only. */
#define GUEST_NB_MMU_MODES 4      /* data-access MMU indexes: see guest/riscv/priv.h */
typedef struct GuestPriv {
    uint64_t prv;                 /* 0 = U, 1 = S, 3 = M */
    uint64_t mstatus, misa, medeleg, mideleg, mie, mip;
    uint64_t mtvec, mscratch, mepc, mcause, mtval, mcounteren, menvcfg, mcountinhibit;
    uint64_t stvec, sscratch, sepc, scause, stval, scounteren, senvcfg, satp, stimecmp;
    uint64_t pmpcfg[2], pmpaddr[16];   /* pmpcfg0 and pmpcfg2 (RV64): 8 bits per entry */
    uint64_t pmp_lo[16], pmp_hi[16];   /* derived: byte range of each entry ([0,0) = off) */
    int32_t pmp_n;                /* derived: entries up to the last active one */
    uint64_t mhartid;
    uint64_t mcycle_off, minstret_off; /* counter = host count + offset (written values) */
    int32_t satp_mode_max;        /* 8, 9 or 10 */
    int32_t sstc;                 /* Sstc implemented */
    int32_t vector;               /* a vector unit (Zve32x or more): mstatus.VS and the vector
                                     CSRs exist (priv.c rv_priv_set_isa; user mode too, for gdb:
                                     guest_cpu_reset) */
    int32_t zkr;                  /* Zkr: the seed CSR and mseccfg exist */
    uint64_t mseccfg;             /* USEED (bit 8) and SSEED (bit 9): seed below M-mode */
    int32_t wfi;                  /* 1 while the hart waits for an interrupt */
    int32_t pending_excp;         /* exception to take at the next dispatch (-1 = none) */
    uint64_t pending_tval;
    uint32_t bins;                /* bits of the instruction that raised illegal-instruction */
    const struct RVPrivHooks *hooks;   /* the machine's services (time, TLB, timers) */
    void *hooks_opaque;
} GuestPriv;

#define GUEST_PC_OFFSET   offsetof(GuestState, pc)
#define GUEST_SP(g)       ((g)->x[2])
#define GUEST_RET(g)      ((g)->x[10])

#endif
