/*
 * Unit tests of the full-system privileged architecture (guest/riscv/priv.c, mmu.c): CSR access
 * rules, interrupt priority and delegation, trap entry and return, the Sv39/Sv48 page walk
 * (superpages, A/D, SUM/MXR, U/S, canonical addresses) and PMP. A VCPU with fake machine hooks
 * (time, TLB flush counter, page tables in a local RAM array) stands in for a hart.
 */
#include <stdlib.h>
#include <string.h>
#include "priv.h"
#include "unit.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4u << 20)
static uint8_t *ram;
static int flushes;
static uint64_t now_time = 1000;

static uint64_t f_time(VCPU *cpu) { return now_time; }
static void f_flush(VCPU *cpu) { flushes++; }
static void f_flush_page(VCPU *cpu, uint64_t va) { flushes++; }
static void f_timer(VCPU *cpu) {}
static uint64_t *f_pte(VCPU *cpu, uint64_t pa)
{
    if (pa < RAM_BASE || pa + 8 > RAM_BASE + RAM_SIZE || (pa & 7))
        return NULL;
    return (uint64_t *)(ram + (pa - RAM_BASE));
}
static const RVPrivHooks hooks = { f_time, f_flush, f_flush, f_flush_page, f_timer, f_pte };

static VCPU *new_hart(int satp_max)
{
    VCPU *cpu = calloc(1, sizeof(VCPU));
    rv_priv_reset(cpu, 0, 0x1000, satp_max, true, &hooks, NULL);
    return cpu;
}

static int csr(VCPU *cpu, int num, int op, uint64_t v, uint64_t *old)
{
    uint64_t o = 0;
    int r = rv_csr_access(cpu, num, op, v, &o);
    if (old)
        *old = o;
    return r;
}

static void test_csr_rules(void)
{
    VCPU *cpu = new_hart(10);
    uint64_t v;
    UNIT_CHECK("sys-priv/csr-m-reads-mhartid", csr(cpu, 0xf14, 0, 0, &v) == 0 && v == 0, "r");
    UNIT_CHECK("sys-priv/csr-readonly-write", csr(cpu, 0xf14, 1, 5, NULL) < 0, "write to mhartid allowed");
    UNIT_CHECK("sys-priv/csr-readonly-set-x0", csr(cpu, 0xf11, 0, 0, NULL) == 0, "csrr of mvendorid trapped");
    UNIT_CHECK("sys-priv/csr-unknown", csr(cpu, 0x7c0, 0, 0, NULL) < 0, "unknown CSR accepted");
    UNIT_CHECK("sys-priv/csr-odd-pmpcfg", csr(cpu, 0x3a1, 0, 0, NULL) < 0, "pmpcfg1 exists on RV64");
    cpu->priv.prv = PRV_S;
    UNIT_CHECK("sys-priv/csr-s-no-mstatus", csr(cpu, 0x300, 0, 0, NULL) < 0, "S read mstatus");
    UNIT_CHECK("sys-priv/csr-s-sstatus", csr(cpu, 0x100, 0, 0, NULL) == 0, "S cannot read sstatus");
    UNIT_CHECK("sys-priv/csr-s-time-gated", csr(cpu, 0xc01, 0, 0, NULL) < 0, "time without mcounteren");
    cpu->priv.mcounteren = 2;
    UNIT_CHECK("sys-priv/csr-s-time", csr(cpu, 0xc01, 0, 0, &v) == 0 && v == now_time, "time %lx", (unsigned long)v);
    UNIT_CHECK("sys-priv/csr-s-stimecmp-needs-stce", csr(cpu, 0x14d, 0, 0, NULL) < 0, "no STCE");
    cpu->priv.menvcfg = MENVCFG_STCE;
    UNIT_CHECK("sys-priv/csr-s-stimecmp", csr(cpu, 0x14d, 1, 500, NULL) == 0 &&
               (cpu->priv.mip & MIP_STIP), "stimecmp in the past must raise STIP");
    csr(cpu, 0x14d, 1, 5000, NULL);
    UNIT_CHECK("sys-priv/csr-stimecmp-future", !(cpu->priv.mip & MIP_STIP), "STIP stays");
    cpu->priv.prv = PRV_U;
    UNIT_CHECK("sys-priv/csr-u-time-needs-scounteren", csr(cpu, 0xc01, 0, 0, NULL) < 0, "U time");
    cpu->priv.scounteren = 2;
    UNIT_CHECK("sys-priv/csr-u-time", csr(cpu, 0xc01, 0, 0, NULL) == 0, "U time denied");
    UNIT_CHECK("sys-priv/csr-u-no-sstatus", csr(cpu, 0x100, 0, 0, NULL) < 0, "U read sstatus");
    cpu->priv.prv = PRV_S;
    cpu->priv.mstatus |= MSTATUS_TVM;
    UNIT_CHECK("sys-priv/csr-tvm", csr(cpu, 0x180, 0, 0, NULL) < 0, "satp with TVM");
    cpu->priv.mstatus &= ~MSTATUS_TVM;
    /* satp: unsupported modes leave it unchanged. */
    csr(cpu, 0x180, 1, 9ull << 60, NULL);
    csr(cpu, 0x180, 1, 11ull << 60, NULL);
    UNIT_CHECK("sys-priv/satp-bad-mode", cpu->priv.satp >> 60 == 9, "satp %lx", (unsigned long)cpu->priv.satp);
    VCPU *c39 = new_hart(8);
    csr(c39, 0x180, 1, 9ull << 60, NULL);
    UNIT_CHECK("sys-priv/satp-above-max", c39->priv.satp == 0, "sv48 on an sv39 hart");
    /* sstatus is a window on mstatus. */
    cpu->priv.prv = PRV_M;
    csr(cpu, 0x300, 1, MSTATUS_MIE | MSTATUS_SIE | (2ull << 11), NULL);
    csr(cpu, 0x100, 0, 0, &v);
    UNIT_CHECK("sys-priv/sstatus-mask", (v & MSTATUS_SIE) && !(v & MSTATUS_MIE), "sstatus %lx", (unsigned long)v);
    UNIT_CHECK("sys-priv/mpp-reserved", (cpu->priv.mstatus & MSTATUS_MPP) == 0, "MPP=2 stored");
    /* sie/sip only show delegated bits. */
    csr(cpu, 0x303, 1, MIP_STIP | MIP_SSIP, NULL);
    csr(cpu, 0x304, 1, 0xaaa, NULL);
    csr(cpu, 0x104, 0, 0, &v);
    UNIT_CHECK("sys-priv/sie-view", v == (MIP_STIP | MIP_SSIP), "sie %lx", (unsigned long)v);
    flushes = 0;
    csr(cpu, 0x300, 2, MSTATUS_MXR, NULL);
    UNIT_CHECK("sys-priv/mxr-flushes", flushes == 1, "flushes %d", flushes);
    free(cpu);
    free(c39);
}

static void test_interrupts(void)
{
    VCPU *cpu = new_hart(10);
    GuestPriv *p = &cpu->priv;
    p->mie = 0xaaa;
    p->mip = MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP;
    UNIT_CHECK("sys-irq/m-disabled", rv_pending_interrupt(cpu) < 0, "taken with MIE=0 in M");
    p->mstatus |= MSTATUS_MIE;
    static const int order[] = { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI };
    bool ok = true;
    for (int i = 0; i < 6; i++) {
        int irq = rv_pending_interrupt(cpu);
        ok &= irq == order[i];
        p->mip &= ~(1ull << irq);
    }
    UNIT_CHECK("sys-irq/priority", ok, "order differs from MEI MSI MTI SEI SSI STI");
    /* Delegated interrupts: never taken in M; in S only with SIE; always in U. */
    p->mideleg = MIP_STIP;
    p->mip = MIP_STIP;
    UNIT_CHECK("sys-irq/deleg-not-in-m", rv_pending_interrupt(cpu) < 0, "delegated STI taken in M");
    p->prv = PRV_S;
    p->mstatus = 0;
    UNIT_CHECK("sys-irq/deleg-s-sie0", rv_pending_interrupt(cpu) < 0, "taken with SIE=0");
    p->mstatus = MSTATUS_SIE;
    UNIT_CHECK("sys-irq/deleg-s-sie1", rv_pending_interrupt(cpu) == IRQ_STI, "not taken");
    p->prv = PRV_U;
    p->mstatus = 0;
    UNIT_CHECK("sys-irq/deleg-u", rv_pending_interrupt(cpu) == IRQ_STI, "not taken in U");
    /* A machine interrupt is taken in S whatever MIE says, and before a delegated one. */
    p->prv = PRV_S;
    p->mip = MIP_STIP | MIP_MTIP;
    p->mstatus = MSTATUS_SIE;
    UNIT_CHECK("sys-irq/m-before-s", rv_pending_interrupt(cpu) == IRQ_MTI, "got %d", rv_pending_interrupt(cpu));
    /* Trap entry with delegation and vectoring. */
    rv_do_trap(cpu, (1ull << 63) | IRQ_MTI, 0);
    UNIT_CHECK("sys-irq/to-m", p->prv == PRV_M && p->mcause == ((1ull << 63) | IRQ_MTI) &&
               ((p->mstatus & MSTATUS_MPP) >> 11) == PRV_S, "mcause %lx", (unsigned long)p->mcause);
    free(cpu);
}

static void test_traps(void)
{
    VCPU *cpu = new_hart(10);
    GuestPriv *p = &cpu->priv;
    p->medeleg = 1u << EXC_ECALL_U;
    p->mideleg = MIP_SSIP;
    p->stvec = 0x80001001;   /* vectored */
    p->mtvec = 0x80002000;
    p->prv = PRV_U;
    p->mstatus = MSTATUS_SIE;
    cpu->g.pc = 0x1234;
    rv_do_trap(cpu, EXC_ECALL_U, 0);
    UNIT_CHECK("sys-trap/deleg-ecall", p->prv == PRV_S && p->sepc == 0x1234 && p->scause == 8 &&
               cpu->g.pc == 0x80001000 && !(p->mstatus & MSTATUS_SPP) &&
               (p->mstatus & MSTATUS_SPIE) && !(p->mstatus & MSTATUS_SIE), "pc %lx", (unsigned long)cpu->g.pc);
    UNIT_CHECK("sys-trap/sret", rv_sret(cpu) == 0 && p->prv == PRV_U && cpu->g.pc == 0x1234 &&
               (p->mstatus & MSTATUS_SIE), "sret");
    rv_do_trap(cpu, (1ull << 63) | IRQ_SSI, 0);
    UNIT_CHECK("sys-trap/vectored", cpu->g.pc == 0x80001000 + 4 * IRQ_SSI, "pc %lx", (unsigned long)cpu->g.pc);
    p->prv = PRV_S;
    rv_do_trap(cpu, EXC_ILLEGAL, 0x73);
    UNIT_CHECK("sys-trap/not-delegated", p->prv == PRV_M && p->mtval == 0x73 && cpu->g.pc == 0x80002000 &&
               ((p->mstatus & MSTATUS_MPP) >> 11) == PRV_S, "prv %d", (int)p->prv);
    p->mstatus |= MSTATUS_MPRV;
    p->mepc = 0x5000;
    UNIT_CHECK("sys-trap/mret", rv_mret(cpu) == 0 && p->prv == PRV_S && cpu->g.pc == 0x5000 &&
               !(p->mstatus & MSTATUS_MPRV) && (p->mstatus & MSTATUS_MPP) == 0, "mret");
    UNIT_CHECK("sys-trap/mret-from-s", rv_mret(cpu) < 0, "mret allowed in S");
    p->mstatus |= MSTATUS_TSR;
    UNIT_CHECK("sys-trap/sret-tsr", rv_sret(cpu) < 0, "sret allowed with TSR");
    free(cpu);
}

/* Page tables: root at RAM_BASE, then tables as needed. */
#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_U 16
#define PTE_A 64
#define PTE_D 128
static uint64_t *pte_at(uint64_t pa) { return (uint64_t *)(ram + (pa - RAM_BASE)); }
static uint64_t mkpte(uint64_t pa, unsigned flags) { return (pa >> 12) << 10 | flags; }

static void test_walk(void)
{
    memset(ram, 0, RAM_SIZE);
    VCPU *cpu = new_hart(10);
    GuestPriv *p = &cpu->priv;
    uint64_t root = RAM_BASE, l1 = RAM_BASE + 0x1000, l0 = RAM_BASE + 0x2000;
    /* va 0x0000_0000_4000_0000 .. : l1 table; 0x40000000 -> 4K pages; 0x40200000 2M superpage */
    pte_at(root)[1] = mkpte(l1, PTE_V);
    pte_at(l1)[0] = mkpte(l0, PTE_V);
    pte_at(l0)[0] = mkpte(RAM_BASE + 0x100000, PTE_V | PTE_R | PTE_W | PTE_U);        /* user RW, A/D clear */
    pte_at(l0)[1] = mkpte(RAM_BASE + 0x101000, PTE_V | PTE_X | PTE_A);               /* S exec-only */
    pte_at(l1)[1] = mkpte(RAM_BASE + 0x200000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D); /* 2M */
    pte_at(l1)[2] = mkpte(RAM_BASE + 0x201000, PTE_V | PTE_R | PTE_A);              /* misaligned 2M */
    /* 1G superpage at va 0xffffffffc0000000 (index 511) -> RAM_BASE */
    pte_at(root)[511] = mkpte(RAM_BASE, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    p->satp = (8ull << 60) | (root >> 12);
    p->prv = PRV_S;
    uint64_t pa;
    int prot;
    int r = rv_translate(cpu, 0x40000123, RV_ACC_READ, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/u-page-from-s", r == EXC_LOAD_PAGE, "r=%d", r);
    r = rv_translate(cpu, 0x40000123, RV_ACC_READ, RV_MMU_SUM, &pa, &prot);
    UNIT_CHECK("sys-walk/sum", r == 0 && pa == RAM_BASE + 0x100123 && !(prot & 2), "r=%d pa=%lx prot=%d", r, (unsigned long)pa, prot);
    UNIT_CHECK("sys-walk/a-set", (pte_at(l0)[0] & PTE_A) && !(pte_at(l0)[0] & PTE_D), "pte %lx", (unsigned long)pte_at(l0)[0]);
    r = rv_translate(cpu, 0x40000ff8, RV_ACC_WRITE, RV_MMU_U, &pa, &prot);
    UNIT_CHECK("sys-walk/d-set", r == 0 && (pte_at(l0)[0] & PTE_D) && (prot & 2), "r=%d", r);
    r = rv_translate(cpu, 0x40000000, RV_ACC_FETCH, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/s-exec-u-page", r == EXC_INSN_PAGE, "r=%d", r);
    r = rv_translate(cpu, 0x40001000, RV_ACC_READ, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/exec-only-read", r == EXC_LOAD_PAGE, "r=%d", r);
    p->mstatus |= MSTATUS_MXR;
    r = rv_translate(cpu, 0x40001000, RV_ACC_READ, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/mxr", r == 0, "r=%d", r);
    p->mstatus &= ~MSTATUS_MXR;
    r = rv_translate(cpu, 0x40001000, RV_ACC_FETCH, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/s-exec", r == 0 && pa == RAM_BASE + 0x101000, "r=%d", r);
    r = rv_translate(cpu, 0x40212345, RV_ACC_WRITE, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/2m-superpage", r == 0 && pa == RAM_BASE + 0x212345 && (prot >> 8) == 1, "r=%d pa=%lx", r, (unsigned long)pa);
    r = rv_translate(cpu, 0x40400000, RV_ACC_READ, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/misaligned-superpage", r == EXC_LOAD_PAGE, "r=%d", r);
    r = rv_translate(cpu, 0xffffffffc0001234ull, RV_ACC_READ, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/1g-superpage", r == 0 && pa == RAM_BASE + 0x1234 && (prot >> 8) == 2, "r=%d pa=%lx", r, (unsigned long)pa);
    r = rv_translate(cpu, 0x0000008000000000ull, RV_ACC_READ, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/non-canonical", r == EXC_LOAD_PAGE, "r=%d", r);
    r = rv_translate(cpu, 0x40000000, RV_ACC_WRITE, RV_MMU_U, &pa, &prot);
    p->prv = PRV_M;
    r = rv_translate(cpu, 0x40000000, RV_ACC_READ, RV_MMU_M, &pa, &prot);
    UNIT_CHECK("sys-walk/m-bare", r == 0 && pa == 0x40000000, "r=%d", r);
    /* Sv48: one more level above the same tables. */
    uint64_t root48 = RAM_BASE + 0x3000;
    pte_at(root48)[0] = mkpte(root, PTE_V);
    p->satp = (9ull << 60) | (root48 >> 12);
    p->prv = PRV_S;
    r = rv_translate(cpu, 0x40212345, RV_ACC_READ, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/sv48", r == 0 && pa == RAM_BASE + 0x212345, "r=%d pa=%lx", r, (unsigned long)pa);
    /* A PTE outside RAM is an access fault. */
    pte_at(root48)[1] = mkpte(0x1000, PTE_V);
    r = rv_translate(cpu, 0x8000000000ull, RV_ACC_WRITE, RV_MMU_S, &pa, &prot);
    UNIT_CHECK("sys-walk/pte-not-ram", r == EXC_STORE_ACCESS, "r=%d", r);
    free(cpu);
}

static void test_pmp(void)
{
    VCPU *cpu = new_hart(10);
    GuestPriv *p = &cpu->priv;
    UNIT_CHECK("sys-pmp/none-configured", rv_pmp_ok(cpu, RAM_BASE, 8, RV_ACC_WRITE, PRV_U), "denied");
    /* entry 0: NAPOT 0x80000000 + 256 KiB, no rights; entry 1: TOR up to 0x90000000 R only. */
    p->pmpaddr[0] = (RAM_BASE >> 2) | ((256u << 10) / 8 - 1);
    p->pmpaddr[1] = 0x90000000ull >> 2;
    p->pmpcfg[0] = (3u << 3) | ((uint64_t)((1u << 3) | 1) << 8);
    rv_pmp_update(cpu);
    UNIT_CHECK("sys-pmp/napot-deny-s", !rv_pmp_ok(cpu, RAM_BASE + 0x100, 8, RV_ACC_READ, PRV_S), "allowed");
    UNIT_CHECK("sys-pmp/m-unlocked", rv_pmp_ok(cpu, RAM_BASE + 0x100, 8, RV_ACC_WRITE, PRV_M), "denied");
    UNIT_CHECK("sys-pmp/tor-read", rv_pmp_ok(cpu, RAM_BASE + 0x40000, 8, RV_ACC_READ, PRV_S), "denied");
    UNIT_CHECK("sys-pmp/tor-write", !rv_pmp_ok(cpu, RAM_BASE + 0x40000, 8, RV_ACC_WRITE, PRV_S), "allowed");
    UNIT_CHECK("sys-pmp/no-match-s", !rv_pmp_ok(cpu, 0x10000000, 4, RV_ACC_READ, PRV_S), "allowed");
    UNIT_CHECK("sys-pmp/partial", !rv_pmp_ok(cpu, RAM_BASE + 0x3fffc, 8, RV_ACC_READ, PRV_M), "allowed");
    p->pmpcfg[0] |= 0x80;   /* lock entry 0: M is bound too */
    rv_pmp_update(cpu);
    UNIT_CHECK("sys-pmp/locked-m", !rv_pmp_ok(cpu, RAM_BASE, 4, RV_ACC_READ, PRV_M), "allowed");
    free(cpu);
}

int main(void)
{
    ram = calloc(1, RAM_SIZE);
    test_csr_rules();
    test_interrupts();
    test_traps();
    test_walk();
    test_pmp();
    free(ram);
    return unit_status();
}
