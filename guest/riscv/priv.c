/*
 * RISC-V privileged architecture, full-system mode: CSR access (table csr.def), traps and
 * interrupts with the spec's priorities and delegation, mret/sret, the Sstc timer bit, and
 * the vector unit's side of it (misa.V, mstatus.VS, the vector CSRs' values in GuestState).
 *
 * Flow: generated code calls the helpers of translate-sys.c, which call rv_csr_access /
 * rv_mret / rv_sret here; the hart loop (system/hart.c) calls rv_do_trap for exceptions and
 * for rv_pending_interrupt's choice. Invariants: prv is 0, 1 or 3; mip is only changed with
 * atomic operations (devices and timers set bits from other threads); mstatus.FS is part of
 * the translation flags (FP instructions are illegal when Off and mark it Dirty when they write
 * FP state), and so is whether mstatus.VS is Off (the same for vector instructions); changes
 * of MXR or satp flush the soft-TLB; PMP changes flush it too.
 */
#include <stddef.h>
#include <string.h>
#include <x86intrin.h>
#include "priv.h"
#include "cpu-ext.h"
#include "vector.h"
#include "translate.h"

enum { CF_END = 1, CF_COUNTER = 2, CF_SSTC = 4, CF_TVM = 8, CF_VS = 16, CF_ZKR = 32 };

typedef struct CsrDesc {
    const char *name;
    int num, count;        /* count > 1: a range starting at num */
    int field;             /* offset in GuestPriv, or -1 (computed) */
    uint64_t wmask;
    int flags;
} CsrDesc;

#define FIELD_NONE (-1)
#define FIELD_OF(f) ((int)offsetof(GuestPriv, f))
static const CsrDesc csr_table[] = {
#define CSR(name, num, field, wmask, flags) \
    { #name, num, 1, CSR_FIELD_SEL(field), wmask, flags },
#define CSR_RANGE(name, num, count, first, field, wmask, flags) \
    { #name, num, count, FIELD_NONE, wmask, flags },
#define CSR_FIELD_SEL(field) CSR_FIELD_SEL_##field
#include "csr-fields.h"
#include "csr.def"
#undef CSR
#undef CSR_RANGE
};

static const CsrDesc *csr_find(int csr)
{
    for (size_t i = 0; i < sizeof(csr_table) / sizeof(csr_table[0]); i++)
        if (csr >= csr_table[i].num && csr < csr_table[i].num + csr_table[i].count)
            return &csr_table[i];
    return NULL;
}

bool rv_csr_exists(int csr)
{
    return csr_find(csr) != NULL;
}

#define MISA_VALUE ((2ull << 62) | (1u << 0) | (1u << 2) | (1u << 3) | (1u << 5) | (1u << 8) | \
                    (1u << 12) | (1u << 18) | (1u << 20))   /* rv64 A C D F I M S U */

void rv_priv_reset(VCPU *cpu, uint64_t hartid, uint64_t pc, int satp_mode_max, bool sstc,
                   const RVPrivHooks *hooks, void *opaque)
{
    GuestPriv *p = &cpu->priv;
    memset(p, 0, sizeof(*p));
    p->prv = PRV_M;
    p->misa = MISA_VALUE;
    p->mstatus = (2ull << 32) | (2ull << 34);   /* UXL = SXL = 64 */
    p->mhartid = hartid;
    p->satp_mode_max = satp_mode_max ? satp_mode_max : 10;
    p->sstc = sstc;
    p->stimecmp = UINT64_MAX;
    p->pending_excp = -1;
    p->hooks = hooks;
    p->hooks_opaque = opaque;
    cpu->g.pc = pc;
}

int rv_data_mmu_idx(const VCPU *cpu)
{
    const GuestPriv *p = &cpu->priv;
    uint64_t prv = p->prv;
    if (prv == PRV_M && (p->mstatus & MSTATUS_MPRV))
        prv = (p->mstatus & MSTATUS_MPP) >> 11;
    if (prv == PRV_M)
        return RV_MMU_M;
    if (prv == PRV_U)
        return RV_MMU_U;
    return (p->mstatus & MSTATUS_SUM) ? RV_MMU_SUM : RV_MMU_S;
}

void rv_priv_set_isa(VCPU *cpu, uint64_t isa)
{
    GuestPriv *p = &cpu->priv;
    p->vector = (isa & RV_EXT_BIT(ZVE32X)) != 0;
    p->zkr = (isa & RV_EXT_BIT(ZKR)) != 0;
    p->misa = (p->misa & ~MISA_V) | ((isa & RV_EXT_BIT(V)) ? MISA_V : 0);
}

uint32_t rv_tb_flags(const VCPU *cpu)
{
    return (uint32_t)cpu->priv.prv | (uint32_t)rv_data_mmu_idx(cpu) << 2 |
           (uint32_t)((cpu->priv.mstatus & MSTATUS_FS) >> 13) << 4 |
           (uint32_t)((cpu->priv.mstatus & MSTATUS_VS) != 0) << 6;
}

/* ---- interrupts ---- */

uint64_t rv_set_mip(VCPU *cpu, uint64_t bits, int level)
{
    if (level)
        return __atomic_or_fetch(&cpu->priv.mip, bits, __ATOMIC_SEQ_CST);
    return __atomic_and_fetch(&cpu->priv.mip, ~bits, __ATOMIC_SEQ_CST);
}

void rv_update_stip(VCPU *cpu)
{
    GuestPriv *p = &cpu->priv;
    if (!p->sstc)
        return;
    bool due = p->hooks->time(cpu) >= p->stimecmp;
    rv_set_mip(cpu, MIP_STIP, due);
}

/* Highest-priority interrupt of a set: MEI, MSI, MTI, SEI, SSI, STI. */
static int irq_pick(uint64_t set)
{
    static const int order[] = { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI };
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (set & (1ull << order[i]))
            return order[i];
    return -1;
}

int rv_pending_interrupt(const VCPU *cpu)
{
    const GuestPriv *p = &cpu->priv;
    uint64_t pending = __atomic_load_n(&p->mip, __ATOMIC_ACQUIRE) & p->mie;
    if (!pending)
        return -1;
    bool m_on = p->prv < PRV_M || (p->mstatus & MSTATUS_MIE);
    bool s_on = p->prv < PRV_S || (p->prv == PRV_S && (p->mstatus & MSTATUS_SIE));
    uint64_t m_irqs = m_on ? pending & ~p->mideleg : 0;
    uint64_t s_irqs = s_on ? pending & p->mideleg : 0;
    /* Interrupts for M-mode go before those delegated to S-mode. */
    return m_irqs ? irq_pick(m_irqs) : irq_pick(s_irqs);
}

/* ---- traps ---- */

void rv_do_trap(VCPU *cpu, uint64_t cause, uint64_t tval)
{
    GuestPriv *p = &cpu->priv;
    bool irq = cause >> 63;
    unsigned code = (unsigned)(cause & 63);
    uint64_t deleg = irq ? p->mideleg : p->medeleg;
    uint64_t pc = cpu->g.pc;
    p->wfi = 0;
    if (p->prv <= PRV_S && ((deleg >> code) & 1)) {
        p->scause = cause;
        p->sepc = pc;
        p->stval = tval;
        uint64_t s = p->mstatus & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);
        if (p->prv == PRV_S)
            s |= MSTATUS_SPP;
        if (p->mstatus & MSTATUS_SIE)
            s |= MSTATUS_SPIE;
        p->mstatus = s;
        p->prv = PRV_S;
        uint64_t base = p->stvec & ~3ull;
        cpu->g.pc = ((p->stvec & 1) && irq) ? base + 4ull * code : base;
    } else {
        p->mcause = cause;
        p->mepc = pc;
        p->mtval = tval;
        uint64_t s = p->mstatus & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE);
        s |= p->prv << 11;
        if (p->mstatus & MSTATUS_MIE)
            s |= MSTATUS_MPIE;
        p->mstatus = s;
        p->prv = PRV_M;
        uint64_t base = p->mtvec & ~3ull;
        cpu->g.pc = ((p->mtvec & 1) && irq) ? base + 4ull * code : base;
    }
    cpu->g.lr_addr = UINT64_MAX;   /* a trap breaks any reservation */
}

int rv_mret(VCPU *cpu)
{
    GuestPriv *p = &cpu->priv;
    if (p->prv != PRV_M)
        return -1;
    uint64_t s = p->mstatus;
    uint64_t mpp = (s & MSTATUS_MPP) >> 11;
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    s &= ~MSTATUS_MPP;
    if (mpp != PRV_M)
        s &= ~MSTATUS_MPRV;
    p->mstatus = s;
    p->prv = mpp;
    cpu->g.pc = p->mepc;
    return 0;
}

int rv_sret(VCPU *cpu)
{
    GuestPriv *p = &cpu->priv;
    if (p->prv < PRV_S || (p->prv == PRV_S && (p->mstatus & MSTATUS_TSR)))
        return -1;
    uint64_t s = p->mstatus;
    uint64_t spp = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
    s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
    s |= MSTATUS_SPIE;
    s &= ~MSTATUS_SPP;
    s &= ~MSTATUS_MPRV;
    p->mstatus = s;
    p->prv = spp;
    cpu->g.pc = p->sepc;
    return 0;
}

/* ---- CSRs ---- */

#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | MSTATUS_VS | \
                      MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UXL | \
                      MSTATUS_SD)
#define MSTATUS_WMASK (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | \
                       MSTATUS_MPP | MSTATUS_VS | MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM | \
                       MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)

static uint64_t mstatus_read(const GuestPriv *p)
{
    uint64_t s = p->mstatus;
    if ((s & MSTATUS_FS) == MSTATUS_FS || (s & MSTATUS_VS) == MSTATUS_VS)
        s |= MSTATUS_SD;
    return s;
}

static void mstatus_write(VCPU *cpu, uint64_t v, uint64_t mask)
{
    GuestPriv *p = &cpu->priv;
    uint64_t old = p->mstatus;
    uint64_t s = (old & ~mask) | (v & mask);
    if ((s & MSTATUS_MPP) == (2ull << 11))   /* reserved: keep the old mode */
        s = (s & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
    if (!p->vector)                          /* no vector unit: VS is read-only zero */
        s &= ~MSTATUS_VS;
    p->mstatus = s & ~MSTATUS_SD;
    if ((old ^ s) & MSTATUS_MXR)
        p->hooks->tlb_flush(cpu);
}

static uint64_t counter_value(VCPU *cpu, int which)
{
    GuestPriv *p = &cpu->priv;
    switch (which) {
    case 0: return __rdtsc() + p->mcycle_off;
    case 1: return p->hooks->time(cpu);
    case 2: return __rdtsc() + p->minstret_off;
    default: return 0;
    }
}

/* PMP: entries of pmpcfg register r (0 or 2) are 8*r/2 .. +7; a locked entry keeps its byte,
 * and a locked TOR entry also locks the address register below it. */
static bool pmp_locked(const GuestPriv *p, int i)
{
    return (p->pmpcfg[i / 8] >> (8 * (i % 8))) & 0x80;
}

static void pmpcfg_write(VCPU *cpu, int reg, uint64_t v)
{
    GuestPriv *p = &cpu->priv;
    uint64_t cur = p->pmpcfg[reg];
    for (int k = 0; k < 8; k++) {
        if (pmp_locked(p, reg * 8 + k))
            continue;
        uint64_t b = (v >> (8 * k)) & 0x9f;
        if ((b & 3) == 2)                    /* W without R is reserved */
            b &= ~2ull;
        cur = (cur & ~(0xffull << (8 * k))) | (b << (8 * k));
    }
    p->pmpcfg[reg] = cur;
    rv_pmp_update(cpu);
    p->hooks->tlb_flush(cpu);
}

static void pmpaddr_write(VCPU *cpu, int i, uint64_t v)
{
    GuestPriv *p = &cpu->priv;
    if (pmp_locked(p, i))
        return;
    if (i + 1 < 16 && pmp_locked(p, i + 1) && ((p->pmpcfg[(i + 1) / 8] >> (8 * ((i + 1) % 8) + 3)) & 3) == 1)
        return;
    p->pmpaddr[i] = v & ((1ull << 54) - 1);
    rv_pmp_update(cpu);
    p->hooks->tlb_flush(cpu);
}

static bool satp_mode_ok(const GuestPriv *p, uint64_t mode)
{
    return mode == 0 || (mode >= 8 && mode <= (uint64_t)p->satp_mode_max);
}

static uint64_t csr_read_special(VCPU *cpu, int csr)
{
    GuestPriv *p = &cpu->priv;
    switch (csr) {
    case 0xc00: case 0xb00: return counter_value(cpu, 0);
    case 0xc01: return counter_value(cpu, 1);
    case 0x015: return helper_seed();
    case 0xc02: case 0xb02: return counter_value(cpu, 2);
    case 0x100: return mstatus_read(p) & SSTATUS_MASK;
    case 0x300: return mstatus_read(p);
    case 0x104: return p->mie & p->mideleg;
    case 0x144: return __atomic_load_n(&p->mip, __ATOMIC_ACQUIRE) & p->mideleg;
    case 0x344: return __atomic_load_n(&p->mip, __ATOMIC_ACQUIRE);
    case 0x105: return p->stvec;
    case 0x305: return p->mtvec;
    case 0x14d: return p->stimecmp;
    case 0x180: return p->satp;
    case 0x30a: return p->menvcfg;
    case 0x3a0: return p->pmpcfg[0];
    case 0x3a2: return p->pmpcfg[1];
    case 0x008: return cpu->g.vstart;
    case 0x009: return cpu->g.vxsat;
    case 0x00a: return cpu->g.vxrm;
    case 0x00f: return (uint64_t)cpu->g.vxrm << 1 | cpu->g.vxsat;
    case 0xc20: return cpu->g.vl;
    case 0xc21: return cpu->g.vtype;
    case 0xc22: return cpu->g.vlenb;
    default:
        if (csr >= 0x3b0 && csr < 0x3c0)
            return p->pmpaddr[csr - 0x3b0];
        return 0;   /* ids, hpm counters and events */
    }
}

/* old: the value the instruction read. mip/sip change only the bits the instruction changed
 * (set = in v and not in old, clear = the reverse), atomically: devices, timers and other harts
 * set and clear mip bits concurrently, and a write of the whole read-modified value would undo
 * an interrupt raised between the read and the write (a lost UART or virtio interrupt). */
static void csr_write_special(VCPU *cpu, int csr, uint64_t v, uint64_t old)
{
    GuestPriv *p = &cpu->priv;
    switch (csr) {
    case 0xb00: p->mcycle_off = v - __rdtsc(); break;
    case 0xb02: p->minstret_off = v - __rdtsc(); break;
    case 0x100: mstatus_write(cpu, v, SSTATUS_MASK & MSTATUS_WMASK); break;
    case 0x300: mstatus_write(cpu, v, MSTATUS_WMASK); break;
    case 0x104: p->mie = (p->mie & ~p->mideleg) | (v & p->mideleg & 0x222); break;
    case 0x144:   /* S-mode may change SSIP only */
    case 0x344: {
        uint64_t wm = csr == 0x144 ? MIP_SSIP & p->mideleg : MIP_SSIP | MIP_SEIP | MIP_STIP;
        if (csr == 0x344 && p->sstc && (p->menvcfg & MENVCFG_STCE))
            wm &= ~MIP_STIP;   /* Sstc drives STIP */
        uint64_t changed = (v ^ old) & wm;
        if (changed & v)
            rv_set_mip(cpu, changed & v, 1);
        if (changed & ~v)
            rv_set_mip(cpu, changed & ~v, 0);
        break;
    }
    case 0x105: if ((v & 3) < 2) p->stvec = v; break;
    case 0x305: if ((v & 3) < 2) p->mtvec = v; break;
    case 0x14d:
        p->stimecmp = v;
        rv_update_stip(cpu);
        p->hooks->timer_changed(cpu);
        break;
    case 0x180:
        if (!satp_mode_ok(p, v >> 60))
            break;   /* an unsupported mode leaves satp as it is */
        if ((p->satp ^ v) >> 60) {
            p->satp = v;   /* another mode: nothing cached holds */
            p->hooks->tlb_flush(cpu);
        } else {
            p->satp = v;   /* MODE, 16-bit ASID, PPN: untagged TLB, so drop non-global entries */
            p->hooks->tlb_flush_nonglobal(cpu);
        }
        break;
    case 0x30a: {
        uint64_t m = 1 | (p->sstc ? MENVCFG_STCE : 0);
        p->menvcfg = (p->menvcfg & ~m) | (v & m);
        break;
    }
    case 0x3a0: pmpcfg_write(cpu, 0, v); break;
    case 0x3a2: pmpcfg_write(cpu, 1, v); break;
    case 0x008: cpu->g.vstart = v & rv_vstart_mask(cpu->g.vlenb); break;
    case 0x009: cpu->g.vxsat = (uint32_t)v & 1; break;
    case 0x00a: cpu->g.vxrm = (uint32_t)v & 3; break;
    case 0x00f:
        cpu->g.vxsat = (uint32_t)v & 1;
        cpu->g.vxrm = (uint32_t)(v >> 1) & 3;
        break;
    default:
        if (csr >= 0x3b0 && csr < 0x3c0)
            pmpaddr_write(cpu, csr - 0x3b0, v);
        break;   /* hpm counters and events: read-only zero here */
    }
}

int rv_csr_access(VCPU *cpu, int csr, int op, uint64_t src, uint64_t *old)
{
    GuestPriv *p = &cpu->priv;
    const CsrDesc *d = csr_find(csr);
    if (!d)
        return -1;
    int prv = (int)p->prv;
    bool write = op != 0;
    if (((csr >> 8) & 3) > prv)
        return -1;
    if (write && (csr >> 10) == 3)
        return -1;
    if ((d->flags & CF_TVM) && prv == PRV_S && (p->mstatus & MSTATUS_TVM))
        return -1;
    if (d->flags & CF_SSTC) {
        if (!p->sstc)
            return -1;
        if (prv < PRV_M && (!(p->menvcfg & MENVCFG_STCE) || !(p->mcounteren & 2)))
            return -1;
    }
    if (d->flags & CF_ZKR) {
        if (!p->zkr)
            return -1;
        if (csr == 0x015 && (!write || (prv == PRV_S && !(p->mseccfg & (1u << 9))) ||
                             (prv == PRV_U && !(p->mseccfg & (1u << 8)))))
            return -1;
    }
    if (d->flags & CF_VS) {   /* vector CSRs: need a vector unit and mstatus.VS on */
        if (!p->vector || !(p->mstatus & MSTATUS_VS))
            return -1;
        if (write)
            p->mstatus |= MSTATUS_VS;   /* Dirty */
    }
    if (d->flags & CF_COUNTER) {
        uint64_t bit = 1ull << (csr & 31);
        if (prv < PRV_M && !(p->mcounteren & bit))
            return -1;
        if (prv < PRV_S && !(p->scounteren & bit))
            return -1;
    }
    uint64_t *field = d->field >= 0 ? (uint64_t *)((uint8_t *)p + d->field) : NULL;
    uint64_t v = field ? *field : csr_read_special(cpu, csr);
    *old = v;
    if (!write)
        return 0;
    uint64_t nv = op == 1 ? src : op == 2 ? v | src : v & ~src;
    if (field)
        *field = (*field & ~d->wmask) | (nv & d->wmask);
    else
        csr_write_special(cpu, csr, nv, v);
    return 0;
}

bool rv_csr_ends_block(int csr)
{
    const CsrDesc *d = csr_find(csr);
    return d && (d->flags & CF_END);
}
