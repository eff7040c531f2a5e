/*
 * The virt board's device tree, generated with libfdt's sequential-write API: the nodes and
 * properties of QEMU 7.2's own (`-M virt,dumpdtb=`), in its order, for what this machine has.
 * Left out on purpose, because the machine has no such device: pmu, fw-cfg, flash,
 * platform-bus, pci. Added, for kernels newer than QEMU 7.2: riscv,isa-base and
 * riscv,isa-extensions next to riscv,isa.
 *
 * Flow: root properties, /chosen, poweroff/reboot syscon, /memory, /cpus (each hart with its
 * interrupt controller, then cpu-map), /soc (rtc, serial, test, virtio slots from the highest
 * address down as QEMU lists them, plic, clint). Bases, sizes and interrupt numbers come from
 * virt_map (system/board-virt.c). Phandles are numbered as QEMU does: cpu and intc of each hart,
 * then the PLIC, then the finisher.
 * Invariants: every libfdt call is checked; a failure returns NULL (a too-small buffer is
 * retried larger).
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "system/board.h"
#include "cpu-ext.h"

/* Each hart's extensions: the -cpu ones (guest/riscv/cpu-ext.h, in Linux's order) and the
 * supervisor-level Sstc, as riscv,isa-extensions lists them; riscv,isa is the same list as one
 * string ("rv64" + the single letters + "_" + each longer name). */
#define MAX_ISA_EXT 64
static int isa_extensions(uint64_t isa, const char **out)
{
    int n = 0;
    const char *name;
    while (n < MAX_ISA_EXT - 1 && (name = rv_isa_ext_name(isa, n)))
        out[n++] = name;
    out[n++] = "sstc";
    return n;
}

static void isa_string(uint64_t isa, char *out, size_t size)
{
    size_t n = rv_isa_string(isa, out, size);
    if (n < size)
        snprintf(out + n, size - n, "_sstc");
}

#define TRY(call) do { if ((call) < 0) return -1; } while (0)

static int prop_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
    fdt32_t be[64];
    for (int i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(v[i]);
    return fdt_property(fdt, name, be, n * (int)sizeof be[0]);
}

static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
    uint32_t r[4] = { (uint32_t)(base >> 32), (uint32_t)base, (uint32_t)(size >> 32),
                      (uint32_t)size };
    return prop_cells(fdt, "reg", r, 4);
}

/* "a\0b\0" from a list */
static int prop_strings(void *fdt, const char *name, const char *const *s, int n)
{
    char buf[512];
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(s[i]) + 1;
        if (len + l > sizeof buf)
            return -1;
        memcpy(buf + len, s[i], l);
        len += l;
    }
    return fdt_property(fdt, name, buf, (int)len);
}

static int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
    char n[64];
    snprintf(n, sizeof n, "%s@%llx", name, (unsigned long long)addr);
    return fdt_begin_node(fdt, n);
}

/* A device node under /soc with interrupts from the PLIC. */
static int soc_irq_device(void *fdt, VirtWindow w, int k, const char *compat, uint32_t plic)
{
    const VirtMapEntry *e = &virt_map[w];
    uint64_t base = e->base + (uint64_t)k * e->size;
    TRY(begin_node_at(fdt, e->name, base));
    TRY(fdt_property_u32(fdt, "interrupts", (uint32_t)(e->irq + k)));
    TRY(fdt_property_u32(fdt, "interrupt-parent", plic));
    if (w == VIRT_UART0)
        TRY(fdt_property_u32(fdt, "clock-frequency", 3686400));
    TRY(prop_reg(fdt, base, e->size));
    TRY(fdt_property_string(fdt, "compatible", compat));
    return fdt_end_node(fdt);
}

static int syscon_node(void *fdt, const char *name, uint32_t value, uint32_t regmap)
{
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_u32(fdt, "value", value));
    TRY(fdt_property_u32(fdt, "offset", 0));
    TRY(fdt_property_u32(fdt, "regmap", regmap));
    char compat[32];
    snprintf(compat, sizeof compat, "syscon-%s", name);
    TRY(fdt_property_string(fdt, "compatible", compat));
    return fdt_end_node(fdt);
}

/* interrupts-extended = <intc[h] a intc[h] b> for every hart */
static int prop_hart_irqs(void *fdt, int n_harts, uint32_t intc0, int a, int b)
{
    uint32_t v[4 * MACHINE_MAX_HARTS];
    for (int h = 0; h < n_harts; h++) {
        uint32_t intc = intc0 + 2 * (uint32_t)h;
        v[4 * h] = intc, v[4 * h + 1] = (uint32_t)a, v[4 * h + 2] = intc, v[4 * h + 3] = (uint32_t)b;
    }
    return prop_cells(fdt, "interrupts-extended", v, 4 * n_harts);
}

static int build(void *fdt, int bufsize, const Machine *m, const FdtParams *p)
{
    const uint32_t cpu0 = 1, intc0 = 2;          /* cpu h: 1 + 2h, its intc: 2 + 2h */
    const uint32_t plic = 1 + 2 * (uint32_t)p->n_harts, test = plic + 1;
    char isa[512];
    const char *isa_ext[MAX_ISA_EXT];
    uint64_t isa_mask = p->isa_ext ? p->isa_ext : rv_isa_default();
    int n_isa_ext = isa_extensions(isa_mask, isa_ext);
    isa_string(isa_mask, isa, sizeof isa);
    TRY(fdt_create(fdt, bufsize));
    TRY(fdt_finish_reservemap(fdt));
    TRY(fdt_begin_node(fdt, ""));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "riscv-virtio"));
    TRY(fdt_property_string(fdt, "model", "riscv-virtio,qemu"));

    TRY(fdt_begin_node(fdt, "chosen"));
    if (p->initrd_end) {
        TRY(fdt_property_u32(fdt, "linux,initrd-end", (uint32_t)p->initrd_end));
        TRY(fdt_property_u32(fdt, "linux,initrd-start", (uint32_t)p->initrd_start));
    }
    uint8_t seed[32] = { 0 };
    if (getrandom(seed, sizeof seed, GRND_NONBLOCK) == (ssize_t)sizeof seed)
        TRY(fdt_property(fdt, "rng-seed", seed, sizeof seed));
    if (p->bootargs)
        TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
    char stdout_path[64];
    snprintf(stdout_path, sizeof stdout_path, "/soc/%s@%llx", virt_map[VIRT_UART0].name,
             (unsigned long long)virt_map[VIRT_UART0].base);
    TRY(fdt_property_string(fdt, "stdout-path", stdout_path));
    TRY(fdt_end_node(fdt));

    TRY(syscon_node(fdt, "poweroff", FINISHER_PASS, test));
    TRY(syscon_node(fdt, "reboot", FINISHER_RESET, test));

    TRY(begin_node_at(fdt, virt_map[VIRT_DRAM].name, m->ram_base));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(prop_reg(fdt, m->ram_base, m->ram_size));
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "cpus"));
    TRY(fdt_property_u32(fdt, "#address-cells", 1));
    TRY(fdt_property_u32(fdt, "#size-cells", 0));
    TRY(fdt_property_u32(fdt, "timebase-frequency", (uint32_t)MACHINE_TIMEBASE_HZ));
    for (int h = 0; h < p->n_harts; h++) {
        TRY(begin_node_at(fdt, "cpu", (uint64_t)h));
        TRY(fdt_property_u32(fdt, "phandle", cpu0 + 2 * (uint32_t)h));
        TRY(fdt_property_string(fdt, "device_type", "cpu"));
        TRY(fdt_property_u32(fdt, "reg", (uint32_t)h));
        TRY(fdt_property_string(fdt, "status", "okay"));
        TRY(fdt_property_string(fdt, "compatible", "riscv"));
        TRY(fdt_property_string(fdt, "riscv,isa", isa));
        TRY(fdt_property_string(fdt, "riscv,isa-base", "rv64i"));
        TRY(prop_strings(fdt, "riscv,isa-extensions", isa_ext, n_isa_ext));
        TRY(fdt_property_string(fdt, "mmu-type", p->mmu_type));
        TRY(fdt_begin_node(fdt, "interrupt-controller"));
        TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
        TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
        TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
        TRY(fdt_property_u32(fdt, "phandle", intc0 + 2 * (uint32_t)h));
        TRY(fdt_end_node(fdt));
        TRY(fdt_end_node(fdt));
    }
    TRY(fdt_begin_node(fdt, "cpu-map"));
    TRY(fdt_begin_node(fdt, "cluster0"));
    for (int h = 0; h < p->n_harts; h++) {
        char core[16];
        snprintf(core, sizeof core, "core%d", h);
        TRY(fdt_begin_node(fdt, core));
        TRY(fdt_property_u32(fdt, "cpu", cpu0 + 2 * (uint32_t)h));
        TRY(fdt_end_node(fdt));
    }
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));                      /* cpus */

    TRY(fdt_begin_node(fdt, "soc"));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
    TRY(fdt_property(fdt, "ranges", NULL, 0));
    TRY(soc_irq_device(fdt, VIRT_RTC, 0, "google,goldfish-rtc", plic));
    TRY(soc_irq_device(fdt, VIRT_UART0, 0, "ns16550a", plic));

    TRY(begin_node_at(fdt, virt_map[VIRT_TEST].name, virt_map[VIRT_TEST].base));
    TRY(fdt_property_u32(fdt, "phandle", test));
    TRY(prop_reg(fdt, virt_map[VIRT_TEST].base, virt_map[VIRT_TEST].size));
    static const char *const test_compat[] = { "sifive,test1", "sifive,test0", "syscon" };
    TRY(prop_strings(fdt, "compatible", test_compat, 3));
    TRY(fdt_end_node(fdt));

    for (int k = virt_map[VIRT_VIRTIO].count - 1; k >= 0; k--)
        TRY(soc_irq_device(fdt, VIRT_VIRTIO, k, "virtio,mmio", plic));

    TRY(begin_node_at(fdt, virt_map[VIRT_PLIC].name, virt_map[VIRT_PLIC].base));
    TRY(fdt_property_u32(fdt, "phandle", plic));
    TRY(fdt_property_u32(fdt, "riscv,ndev", PLIC_NSRC));
    TRY(prop_reg(fdt, virt_map[VIRT_PLIC].base, virt_map[VIRT_PLIC].size));
    TRY(prop_hart_irqs(fdt, p->n_harts, intc0, IRQ_MEI, IRQ_SEI));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };
    TRY(prop_strings(fdt, "compatible", plic_compat, 2));
    TRY(fdt_property_u32(fdt, "#address-cells", 0));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    TRY(fdt_end_node(fdt));

    TRY(begin_node_at(fdt, virt_map[VIRT_CLINT].name, virt_map[VIRT_CLINT].base));
    TRY(prop_hart_irqs(fdt, p->n_harts, intc0, IRQ_MSI, IRQ_MTI));
    TRY(prop_reg(fdt, virt_map[VIRT_CLINT].base, virt_map[VIRT_CLINT].size));
    static const char *const clint_compat[] = { "sifive,clint0", "riscv,clint0" };
    TRY(prop_strings(fdt, "compatible", clint_compat, 2));
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));                      /* soc */

    TRY(fdt_end_node(fdt));                      /* root */
    return fdt_finish(fdt);
}

void *virt_fdt_build(const Machine *m, const VirtBoard *b, const FdtParams *p, size_t *size)
{
    if (p->n_harts < 1 || p->n_harts > MACHINE_MAX_HARTS)
        return NULL;
    for (int bufsize = 16384; bufsize <= (1 << 20); bufsize *= 2) {
        void *fdt = malloc((size_t)bufsize);
        if (!fdt)
            return NULL;
        if (build(fdt, bufsize, m, p) == 0 && fdt_pack(fdt) == 0) {
            *size = fdt_totalsize(fdt);
            return fdt;
        }
        free(fdt);
    }
    return NULL;
}
