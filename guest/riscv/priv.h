/*
 * RISC-V privileged architecture (full-system mode): the hart's modes, CSRs, traps,
 * interrupts, address translation and PMP, as the machine (system/) and the front end's
 * helpers (translate-sys.c) use them. State lives in VCPU.priv (GuestPriv, guest-cpu.h).
 *
 * MMU indexes of data accesses (VCPU.tlb_fast[idx], the soft-TLB): RV_MMU_U, RV_MMU_S
 * (S without SUM), RV_MMU_SUM (S with SUM), RV_MMU_M (M-mode: no translation). The effective
 * privilege of loads and stores follows mstatus.MPRV/MPP; fetches use the current privilege.
 * Invariant: every change of state that alters a translation of an address (satp, MXR, SUM,
 * MPRV/MPP, PMP) flushes the soft-TLB through hooks->tlb_flush.
 */
#ifndef QELT_RISCV_PRIV_H
#define QELT_RISCV_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include "vcpu.h"

enum { PRV_U = 0, PRV_S = 1, PRV_M = 3 };
enum { RV_MMU_U = 0, RV_MMU_S = 1, RV_MMU_SUM = 2, RV_MMU_M = 3 };
enum { RV_ACC_READ = 0, RV_ACC_WRITE = 1, RV_ACC_FETCH = 2 };
#define RV_PROT_GLOBAL 0x10

/* Exception causes. */
enum {
    EXC_INSN_MISALIGNED = 0, EXC_INSN_ACCESS = 1, EXC_ILLEGAL = 2, EXC_BREAKPOINT = 3,
    EXC_LOAD_MISALIGNED = 4, EXC_LOAD_ACCESS = 5, EXC_STORE_MISALIGNED = 6,
    EXC_STORE_ACCESS = 7, EXC_ECALL_U = 8, EXC_ECALL_S = 9, EXC_ECALL_M = 11,
    EXC_INSN_PAGE = 12, EXC_LOAD_PAGE = 13, EXC_STORE_PAGE = 15,
};
/* Interrupt numbers (bits of mip/mie). */
enum { IRQ_SSI = 1, IRQ_MSI = 3, IRQ_STI = 5, IRQ_MTI = 7, IRQ_SEI = 9, IRQ_MEI = 11 };
#define MIP_SSIP (1ull << IRQ_SSI)
#define MIP_MSIP (1ull << IRQ_MSI)
#define MIP_STIP (1ull << IRQ_STI)
#define MIP_MTIP (1ull << IRQ_MTI)
#define MIP_SEIP (1ull << IRQ_SEI)
#define MIP_MEIP (1ull << IRQ_MEI)

/* mstatus fields. */
#define MSTATUS_SIE  (1ull << 1)
#define MSTATUS_MIE  (1ull << 3)
#define MSTATUS_SPIE (1ull << 5)
#define MSTATUS_UBE  (1ull << 6)
#define MSTATUS_MPIE (1ull << 7)
#define MSTATUS_SPP  (1ull << 8)
#define MSTATUS_VS   (3ull << 9)     /* V state: 0 Off, 1 Initial, 2 Clean, 3 Dirty */
#define MSTATUS_MPP  (3ull << 11)
#define MSTATUS_FS   (3ull << 13)
#define MSTATUS_XS   (3ull << 15)
#define MSTATUS_MPRV (1ull << 17)
#define MSTATUS_SUM  (1ull << 18)
#define MSTATUS_MXR  (1ull << 19)
#define MSTATUS_TVM  (1ull << 20)
#define MSTATUS_TW   (1ull << 21)
#define MSTATUS_TSR  (1ull << 22)
#define MSTATUS_UXL  (3ull << 32)
#define MSTATUS_SXL  (3ull << 34)
#define MSTATUS_SD   (1ull << 63)
#define MISA_V       (1ull << ('v' - 'a'))

#define MENVCFG_STCE (1ull << 63)

/* What the machine provides to the privileged architecture (system/hart.c fills it). */
typedef struct RVPrivHooks {
    uint64_t (*time)(VCPU *cpu);                      /* mtime, for the time CSR and Sstc */
    void (*tlb_flush)(VCPU *cpu);                     /* drop every soft-TLB entry */
    /* satp changed its ASID or root but not its mode: drop every translation that is not
     * global (G), as a TLB without ASID tags must. */
    void (*tlb_flush_nonglobal)(VCPU *cpu);
    void (*tlb_flush_page)(VCPU *cpu, uint64_t va);   /* entries of one virtual page */
    void (*timer_changed)(VCPU *cpu);                 /* stimecmp/STCE changed: re-arm */
    /* Host pointer to the aligned 8 bytes of RAM at pa (page-table entries), or NULL. */
    uint64_t *(*pte_ptr)(VCPU *cpu, uint64_t pa);
} RVPrivHooks;

/* Reset to M-mode at pc with mhartid. */
void rv_priv_reset(VCPU *cpu, uint64_t hartid, uint64_t pc, int satp_mode_max, bool sstc,
                   const RVPrivHooks *hooks, void *opaque);
/* After reset: the extensions (cpu-ext.h mask) decide misa.V and whether a vector unit,
 * mstatus.VS and the vector CSRs exist. */
void rv_priv_set_isa(VCPU *cpu, uint64_t isa);
/* The TB flags the current state translates code for (translate.h: RV_TBF_*). */
uint32_t rv_tb_flags(const VCPU *cpu);

/* ---- CSRs (csr.def is the table) ---- */
/* Access csr from the current privilege: op 0 read, 1 write, 2 set bits, 3 clear bits (the
 * instruction's form decides: csrrs/csrrc with rs1 = x0 is op 0). Returns 0 and the old value in *old, or -1 when
 * the access is illegal. Writes flush/notify as the CSR requires. */
int rv_csr_access(VCPU *cpu, int csr, int op, uint64_t src, uint64_t *old);
/* Whether csr exists (for tests). */
bool rv_csr_exists(int csr);
/* A write to csr may change how code translates or enable an interrupt: end the block. */
bool rv_csr_ends_block(int csr);

/* ---- traps ---- */
/* Take a trap now: cause (interrupt bit 63 for interrupts), tval; pc must be the interrupted
 * or faulting instruction. Sets the new privilege, pc and CSRs per delegation. */
void rv_do_trap(VCPU *cpu, uint64_t cause, uint64_t tval);
/* The interrupt to take now (spec priority and delegation), or -1. */
int rv_pending_interrupt(const VCPU *cpu);
/* Any interrupt pending and enabled in mie (wakes WFI, whatever mstatus says). */
static inline bool rv_wfi_wakeup(const VCPU *cpu)
{
    return (__atomic_load_n(&cpu->priv.mip, __ATOMIC_ACQUIRE) & cpu->priv.mie) != 0;
}
/* mret / sret: 0, or -1 when illegal here. */
int rv_mret(VCPU *cpu);
int rv_sret(VCPU *cpu);
/* Atomically change mip bits (any thread). Returns the new mip. */
uint64_t rv_set_mip(VCPU *cpu, uint64_t bits, int level);
/* Sstc: STIP = time >= stimecmp (as QEMU 7.2: on writes of stimecmp and when its timer fires). */
void rv_update_stip(VCPU *cpu);

/* ---- address translation ---- */
/* MMU index for data accesses now. */
int rv_data_mmu_idx(const VCPU *cpu);
/* Translate va for an access of kind acc (RV_ACC_*) under MMU index idx (RV_ACC_FETCH uses the
 * current privilege). On success: 0, *pa, *prot (bits 1 read, 2 write, 4 exec, the access
 * rights of the whole page for the soft-TLB; RV_PROT_GLOBAL: a global mapping (G on some level
 * of the walk); bits 8+: the level of the leaf, 0 for a 4 KiB page, so the mapping covers
 * 4 KiB << 9 * level). On failure: the exception cause. */
int rv_translate(VCPU *cpu, uint64_t va, int acc, int idx, uint64_t *pa, int *prot);
/* Recompute the derived PMP ranges after pmpcfg/pmpaddr changed. */
void rv_pmp_update(VCPU *cpu);
/* PMP: may prv access [pa, pa+size) for acc? */
bool rv_pmp_ok(const VCPU *cpu, uint64_t pa, uint64_t size, int acc, int prv);
/* The cause of a fault of kind acc: page fault or access fault. */
int rv_fault_cause(int acc, bool page_fault);

#endif
