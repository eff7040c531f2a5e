/*
 * RISC-V address translation for full-system mode: the Sv39/Sv48/Sv57 page walk (superpages,
 * A/D bits set by the walker as QEMU 7.2 does) and PMP (16 entries, OFF/TOR/NA4/NAPOT).
 *
 * Flow: the soft-MMU (system/softmmu.c) calls rv_translate on a TLB miss; it returns the
 * physical address and the rights of the whole page so the TLB can cache them; PMP is
 * checked by the caller per page. Invariants: page-table entries are read and updated
 * through hooks->pte_ptr (host pointers into RAM; a PTE outside RAM is an access fault); A/D
 * updates are atomic compare-and-swap so a concurrent hart's update is not lost; write
 * permission is only reported for a page whose D bit is set, so the first store to a clean
 * page comes back here to set it.
 */
#include "priv.h"

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PTE_PPN_SHIFT 10
#define PTE_RESERVED (~0ull << 54)   /* N, PBMT and reserved bits: not implemented */

int rv_fault_cause(int acc, bool page_fault)
{
    if (acc == RV_ACC_FETCH)
        return page_fault ? EXC_INSN_PAGE : EXC_INSN_ACCESS;
    if (acc == RV_ACC_WRITE)
        return page_fault ? EXC_STORE_PAGE : EXC_STORE_ACCESS;
    return page_fault ? EXC_LOAD_PAGE : EXC_LOAD_ACCESS;
}

/* ---- PMP ---- */

static unsigned pmp_cfg(const GuestPriv *p, int i)
{
    return (unsigned)(p->pmpcfg[i / 8] >> (8 * (i % 8))) & 0xff;
}

/* Byte range [lo, hi) of entry i; false when the entry is off. */
static bool pmp_range(const GuestPriv *p, int i, uint64_t *lo, uint64_t *hi)
{
    unsigned a = (pmp_cfg(p, i) >> 3) & 3;
    uint64_t addr = p->pmpaddr[i];
    switch (a) {
    case 1:   /* TOR */
        *lo = i ? p->pmpaddr[i - 1] << 2 : 0;
        *hi = addr << 2;
        return *lo < *hi;
    case 2:   /* NA4 */
        *lo = addr << 2;
        *hi = *lo + 4;
        return true;
    case 3: { /* NAPOT: trailing ones give the size */
        int ones = __builtin_ctzll(~addr);
        if (ones >= 54) {
            *lo = 0;
            *hi = UINT64_MAX;
        } else {
            uint64_t size = 8ull << ones;
            *lo = (addr << 2) & ~(size - 1);
            *hi = *lo + size;
        }
        return true;
    }
    default:
        return false;
    }
}

void rv_pmp_update(VCPU *cpu)
{
    GuestPriv *p = &cpu->priv;
    p->pmp_n = 0;
    for (int i = 0; i < 16; i++) {
        if (!pmp_range(p, i, &p->pmp_lo[i], &p->pmp_hi[i]))
            p->pmp_lo[i] = p->pmp_hi[i] = 0;
        else
            p->pmp_n = i + 1;
    }
}

bool rv_pmp_ok(const VCPU *cpu, uint64_t pa, uint64_t size, int acc, int prv)
{
    const GuestPriv *p = &cpu->priv;
    uint64_t last = pa + size - 1;
    for (int i = 0; i < p->pmp_n; i++) {
        uint64_t lo = p->pmp_lo[i], hi = p->pmp_hi[i];
        if (lo == hi)
            continue;
        bool starts = pa >= lo && pa < hi, ends = last >= lo && last < hi;
        if (!starts && !ends && !(pa < lo && last >= hi))
            continue;
        if (!starts || !ends)
            return false;   /* partially matched */
        unsigned cfg = pmp_cfg(p, i);
        if (prv == PRV_M && !(cfg & 0x80))
            return true;
        unsigned need = acc == RV_ACC_READ ? 1 : acc == RV_ACC_WRITE ? 2 : 4;
        return (cfg & need) != 0;
    }
    return prv == PRV_M || p->pmp_n == 0;
}

/* ---- page walk ---- */

int rv_translate(VCPU *cpu, uint64_t va, int acc, int idx, uint64_t *pa, int *prot)
{
    GuestPriv *p = &cpu->priv;
    int prv;
    bool sum = false;
    if (acc == RV_ACC_FETCH) {
        prv = (int)p->prv;
    } else {
        prv = idx == RV_MMU_M ? PRV_M : idx == RV_MMU_U ? PRV_U : PRV_S;
        sum = idx == RV_MMU_SUM;
    }
    uint64_t mode = p->satp >> 60;
    if (prv == PRV_M || mode == 0) {
        *pa = va;
        *prot = 7;
        return 0;
    }
    int levels = (int)mode - 5;              /* sv39: 3, sv48: 4, sv57: 5 */
    int va_bits = 12 + 9 * levels;
    /* The address must be the sign extension of its low va_bits bits. */
    if ((uint64_t)((int64_t)(va << (64 - va_bits)) >> (64 - va_bits)) != va)
        return rv_fault_cause(acc, true);
    bool mxr = (p->mstatus & MSTATUS_MXR) != 0;
    uint64_t base = (p->satp & ((1ull << 44) - 1)) << 12;
    bool global = false;
    for (int lvl = levels - 1; lvl >= 0; lvl--) {
        int shift = 12 + 9 * lvl;
        uint64_t pte_addr = base + ((va >> shift) & 511) * 8;
        if (!rv_pmp_ok(cpu, pte_addr, 8, RV_ACC_READ, PRV_S))
            return rv_fault_cause(acc, false);
        uint64_t *ptr = p->hooks->pte_ptr(cpu, pte_addr);
        if (!ptr)
            return rv_fault_cause(acc, false);
        uint64_t pte = __atomic_load_n(ptr, __ATOMIC_ACQUIRE);
        if (!(pte & PTE_V) || ((pte & PTE_W) && !(pte & PTE_R)) || (pte & PTE_RESERVED))
            return rv_fault_cause(acc, true);
        uint64_t ppn = (pte >> PTE_PPN_SHIFT) & ((1ull << 44) - 1);
        global |= (pte & PTE_G) != 0;
        if (!(pte & (PTE_R | PTE_X))) {      /* pointer to the next level */
            if (lvl == 0 || (pte & (PTE_A | PTE_D | PTE_U)))
                return rv_fault_cause(acc, true);
            base = ppn << 12;
            continue;
        }
        /* Leaf: privilege, permission, superpage alignment. */
        if (pte & PTE_U) {
            if (prv == PRV_S && (acc == RV_ACC_FETCH || !sum))
                return rv_fault_cause(acc, true);
        } else if (prv == PRV_U) {
            return rv_fault_cause(acc, true);
        }
        bool r = (pte & PTE_R) || (mxr && (pte & PTE_X));
        bool ok = acc == RV_ACC_READ ? r : acc == RV_ACC_WRITE ? (pte & PTE_W) != 0 :
                  (pte & PTE_X) != 0;
        if (!ok)
            return rv_fault_cause(acc, true);
        uint64_t lo_mask = (1ull << (shift - 12)) - 1;
        if (ppn & lo_mask)
            return rv_fault_cause(acc, true);   /* misaligned superpage */
        uint64_t want = PTE_A | (acc == RV_ACC_WRITE ? PTE_D : 0);
        if ((pte & want) != want) {
            uint64_t npte = pte | want;
            if (!__atomic_compare_exchange_n(ptr, &pte, npte, false, __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST))
                return rv_translate(cpu, va, acc, idx, pa, prot);   /* changed: walk again */
            pte = npte;
        }
        *pa = ((ppn | ((va >> 12) & lo_mask)) << 12) | (va & 0xfff);
        *prot = (r ? 1 : 0) | (((pte & PTE_W) && (pte & PTE_D)) ? 2 : 0) | ((pte & PTE_X) ? 4 : 0) |
                (global ? RV_PROT_GLOBAL : 0) | (lvl << 8);
        return 0;
    }
    return rv_fault_cause(acc, true);
}
