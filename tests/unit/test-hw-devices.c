/* Register models of the virt board's devices over a fake machine: PLIC claim/complete/threshold,
 * UART LSR/IIR/THRE and receive interrupts, ACLINT msip/mtimecmp -> MSIP/MTIP, the finisher's
 * codes, MMIO lookup and physical copies, the reset ROM's words against QEMU 7.2's. */
#include <time.h>
#include <unistd.h>
#include "hw-fake.h"

#define MEIP MIP_MEIP
#define SEIP MIP_SEIP

static void test_plic(void)
{
    Machine *m = fake_machine(1 << 20);
    Plic p;
    plic_init(&p, m, FAKE_HARTS);
    const MMIOOps *o = &plic_ops;
    mmio_wr(o, &p, 4 * 10, 1, 4);                    /* priority[10] = 1 */
    mmio_wr(o, &p, 4 * 1, 3, 4);                     /* priority[1] = 3 */
    mmio_wr(o, &p, 0x2000 + 0x80 * 1, 1u << 10 | 1u << 1, 4);   /* ctx 1 (hart 0 S) */
    plic_set_irq(&p, 10, 1);
    UNIT_CHECK("plic pending bit", mmio_rd(o, &p, 0x1000, 4) == 1u << 10, "pending %llx",
               (unsigned long long)mmio_rd(o, &p, 0x1000, 4));
    UNIT_CHECK("plic raises SEIP of hart 0", fake_mip[0] == SEIP, "mip %llx",
               (unsigned long long)fake_mip[0]);
    UNIT_CHECK("plic M context not enabled", !(fake_mip[0] & MEIP) && !fake_mip[1], "mip");
    plic_set_irq(&p, 1, 1);
    uint64_t c1 = mmio_rd(o, &p, 0x200000 + 0x1000 + 4, 4);
    uint64_t c2 = mmio_rd(o, &p, 0x200000 + 0x1000 + 4, 4);
    UNIT_CHECK("plic claim by priority", c1 == 1 && c2 == 10, "claims %llu %llu",
               (unsigned long long)c1, (unsigned long long)c2);
    UNIT_CHECK("plic claimed sources leave SEIP low", !(fake_mip[0] & SEIP), "mip %llx",
               (unsigned long long)fake_mip[0]);
    UNIT_CHECK("plic nothing left to claim", mmio_rd(o, &p, 0x201004, 4) == 0, "claim");
    plic_set_irq(&p, 1, 0);                          /* source 1 dropped its line */
    mmio_wr(o, &p, 0x201004, 10, 4);                 /* complete 10: line still high */
    UNIT_CHECK("plic level source pending again after complete", fake_mip[0] & SEIP, "mip");
    mmio_wr(o, &p, 0x201004, 1, 4);
    UNIT_CHECK("plic completed low source stays idle", !(mmio_rd(o, &p, 0x1000, 4) & 2), "pend");
    mmio_wr(o, &p, 0x201000, 1, 4);                  /* threshold 1 >= priority 1 */
    UNIT_CHECK("plic threshold masks", !(fake_mip[0] & SEIP) && mmio_rd(o, &p, 0x201004, 4) == 0,
               "mip %llx", (unsigned long long)fake_mip[0]);
    mmio_wr(o, &p, 0x201000, 0, 4);
    UNIT_CHECK("plic threshold lowered", fake_mip[0] & SEIP, "mip");
    plic_set_irq(&p, 10, 0);
    UNIT_CHECK("plic line low leaves the request pending (spec, QEMU 7.2)", fake_mip[0] & SEIP &&
               mmio_rd(o, &p, 0x1000, 4) == 1u << 10, "mip");
    UNIT_CHECK("plic claim of a dropped line", mmio_rd(o, &p, 0x201004, 4) == 10, "claim");
    mmio_wr(o, &p, 0x201004, 10, 4);
    UNIT_CHECK("plic complete of a low line: idle", !(fake_mip[0] & SEIP) &&
               mmio_rd(o, &p, 0x1000, 4) == 0, "mip");
    mmio_wr(o, &p, 0x2000 + 0x80 * 2, 1u << 10, 4);  /* ctx 2 = hart 1 M */
    plic_set_irq(&p, 10, 1);
    UNIT_CHECK("plic context 2 is hart 1 M", fake_mip[1] == MEIP, "mip1 %llx",
               (unsigned long long)fake_mip[1]);
    UNIT_CHECK("plic priority masked to 3 bits",
               (mmio_wr(o, &p, 4 * 5, 0xff, 4), mmio_rd(o, &p, 4 * 5, 4) == 7), "prio");
    fake_machine_free(m);
}

static void test_uart(void)
{
    Machine *m = fake_machine(1 << 20);
    int lines[1] = { 0 };
    int pfd[2];
    if (pipe(pfd) != 0)
        return;
    Uart u;
    uart_init(&u, m, (IRQLine){ rec_set, lines, 0 }, pfd[1]);
    const MMIOOps *o = &uart_ops;
    UNIT_CHECK("uart LSR at reset", mmio_rd(o, &u, 5, 1) == 0x60, "lsr %llx",
               (unsigned long long)mmio_rd(o, &u, 5, 1));
    UNIT_CHECK("uart IIR no interrupt", mmio_rd(o, &u, 2, 1) == 0x01 && !lines[0], "iir");
    mmio_wr(o, &u, 1, 0x02, 1);                      /* IER: THR empty */
    UNIT_CHECK("uart THRE interrupt on enable", lines[0] && mmio_rd(o, &u, 2, 1) == 0x02, "line");
    UNIT_CHECK("uart reading IIR clears THRE", !lines[0] && mmio_rd(o, &u, 2, 1) == 0x01, "line");
    mmio_wr(o, &u, 0, 'Q', 1);
    char c = 0;
    UNIT_CHECK("uart THR to backend", read(pfd[0], &c, 1) == 1 && c == 'Q', "got %c", c);
    UNIT_CHECK("uart THRE again after send", lines[0] && (mmio_rd(o, &u, 5, 1) & 0x60) == 0x60,
               "line");
    mmio_wr(o, &u, 1, 0x01, 1);                      /* IER: receive only */
    UNIT_CHECK("uart no interrupt without data", !lines[0], "line");
    uart_receive(&u, 'a');
    UNIT_CHECK("uart receive interrupt", lines[0] && mmio_rd(o, &u, 2, 1) == 0x04 &&
               (mmio_rd(o, &u, 5, 1) & 1), "iir");
    UNIT_CHECK("uart RBR", mmio_rd(o, &u, 0, 1) == 'a' && !(mmio_rd(o, &u, 5, 1) & 1) &&
               !lines[0], "rbr");
    UNIT_CHECK("uart one-byte holding register without FIFO",
               uart_receive(&u, '1') && !uart_receive(&u, '2') && (mmio_rd(o, &u, 5, 1) & 2), "oe");
    mmio_rd(o, &u, 0, 1);
    mmio_wr(o, &u, 2, 0xc1, 1);                      /* FIFO on, trigger 14 */
    for (int i = 0; i < 3; i++)
        uart_receive(&u, (uint8_t)('x' + i));
    UNIT_CHECK("uart FIFO below trigger: timeout cause", mmio_rd(o, &u, 2, 1) == 0xcc, "iir %llx",
               (unsigned long long)mmio_rd(o, &u, 2, 1));
    char got[4] = { 0 };
    for (int i = 0; i < 3; i++)
        got[i] = (char)mmio_rd(o, &u, 0, 1);
    UNIT_CHECK("uart FIFO order", !strcmp(got, "xyz"), "got %s", got);
    mmio_wr(o, &u, 3, 0x80, 1);                      /* DLAB */
    mmio_wr(o, &u, 0, 3, 1);
    mmio_wr(o, &u, 1, 0, 1);
    UNIT_CHECK("uart divisor latch", mmio_rd(o, &u, 0, 1) == 3 && mmio_rd(o, &u, 1, 1) == 0, "dll");
    mmio_wr(o, &u, 3, 0x03, 1);
    UNIT_CHECK("uart IER kept under DLAB", mmio_rd(o, &u, 1, 1) == 0x01, "ier");
    mmio_wr(o, &u, 4, 0x10, 1);                      /* loopback */
    mmio_wr(o, &u, 0, 'L', 1);
    UNIT_CHECK("uart loopback", mmio_rd(o, &u, 0, 1) == 'L', "loop");
    close(pfd[0]);
    close(pfd[1]);
    fake_machine_free(m);
}

static void test_aclint(void)
{
    Machine *m = fake_machine(1 << 20);
    Aclint a;
    aclint_init(&a, m, FAKE_HARTS);
    const MMIOOps *o = &aclint_ops;
    const uint64_t MTIP = MIP_MTIP, MSIP = MIP_MSIP;
    mmio_wr(o, &a, 4, 1, 4);
    UNIT_CHECK("aclint msip raises MSIP of hart 1", fake_mip[1] == MSIP && mmio_rd(o, &a, 4, 4) == 1,
               "mip1 %llx", (unsigned long long)fake_mip[1]);
    mmio_wr(o, &a, 4, 0, 4);
    UNIT_CHECK("aclint msip cleared", fake_mip[1] == 0, "mip1");
    mmio_wr(o, &a, 0x4000, 0, 8);
    UNIT_CHECK("aclint mtimecmp 0: MTIP", fake_mip[0] == MTIP, "mip0 %llx",
               (unsigned long long)fake_mip[0]);
    mmio_wr(o, &a, 0x4000, 0xffffffff, 4);
    mmio_wr(o, &a, 0x4004, 0xffffffff, 4);
    UNIT_CHECK("aclint mtimecmp max (32-bit halves): no MTIP",
               fake_mip[0] == 0 && mmio_rd(o, &a, 0x4000, 8) == UINT64_MAX, "mip0");
    uint64_t t1 = mmio_rd(o, &a, 0xbff8, 8);
    mmio_wr(o, &a, 0xbff8, 1000000000ULL, 8);
    uint64_t t2 = mmio_rd(o, &a, 0xbff8, 8);
    UNIT_CHECK("aclint mtime write", t2 >= 1000000000ULL,
               "mtime %llu (was %llu)", (unsigned long long)t2, (unsigned long long)t1);
    machine_timers_start(m);
    pthread_mutex_lock(&m->io_lock);
    mmio_wr(o, &a, 0x4008, mmio_rd(o, &a, 0xbff8, 8) + 20000, 8);   /* hart 1, 2 ms ahead */
    pthread_mutex_unlock(&m->io_lock);
    /* The timer fires on its own; wait for it (no bound on how late a noisy host may be). */
    for (int i = 0; i < 20000 && !(__atomic_load_n(&fake_mip[1], __ATOMIC_SEQ_CST) & MTIP); i++)
        usleep(1000);
    UNIT_CHECK("aclint timer fires MTIP at mtimecmp", fake_mip[1] & MTIP, "mip1 %llx",
               (unsigned long long)fake_mip[1]);
    machine_timers_stop(m);
    fake_machine_free(m);
}

static void test_finisher(void)
{
    struct { uint32_t val; unsigned size; bool no_reboot; int shutdown, status; const char *name; } cases[] = {
        { 0x5555, 4, false, 1, 0, "finisher pass exits 0" },
        { 0x3333 | 3u << 16, 4, false, 1, 3, "finisher fail exits with code" },
        { 0x7777, 4, false, 1, MACHINE_EXIT_RESET, "finisher reset reboots" },
        { 0x7777, 4, true, 1, 0, "finisher reset with -no-reboot exits 0" },
        { 0x7777, 2, true, 1, 0, "finisher 16-bit store (OpenSBI's reset)" },
        { 0x5555, 2, false, 1, 0, "finisher 16-bit store (OpenSBI's poweroff)" },
        { 0x1234, 4, false, 0, 0, "finisher ignores other values" },
        { 0x5555, 1, false, 0, 0, "finisher ignores byte stores" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Machine *m = fake_machine(4096);
        m->no_reboot = cases[i].no_reboot;
        SifiveTest t = { m, NULL };
        mmio_wr(&sifive_test_ops, &t, 0, cases[i].val, cases[i].size);
        UNIT_CHECK(cases[i].name, m->shutdown == cases[i].shutdown &&
                   (!m->shutdown || m->exit_status == cases[i].status),
                   "shutdown %d status %d", m->shutdown, m->exit_status);
        fake_machine_free(m);
    }
}

static uint64_t dummy_read(void *dev, uint64_t off, unsigned size) { return off | (uint64_t)size << 56; }
static void dummy_write(void *dev, uint64_t off, uint64_t val, unsigned size) { *(uint64_t *)dev += val; }

static void test_memory(void)
{
    Machine *m = fake_machine(1 << 20);
    static const MMIOOps dummy = { dummy_read, dummy_write };
    uint64_t sum = 0;
    bool ok = true;
    for (int i = 7; i >= 0; i--)
        ok &= machine_add_mmio(m, "d", 0x10000000 + 0x1000 * (uint64_t)i, 0x1000, &dummy, &sum);
    UNIT_CHECK("mmio regions added", ok && m->n_mmio == 8, "n %d", m->n_mmio);
    UNIT_CHECK("mmio overlap refused", !machine_add_mmio(m, "x", 0x10000800, 0x1000, &dummy, &sum),
               "overlap");
    const MMIORegion *r = machine_find_mmio(m, 0x10005abc);
    UNIT_CHECK("mmio binary search", r && r->base == 0x10005000, "region");
    UNIT_CHECK("mmio miss", !machine_find_mmio(m, 0x10008000) && !machine_find_mmio(m, 0xfff),
               "miss");
    uint8_t buf[16];
    ok = machine_phys_rw(m, 0x10001000 + 2, buf, 8, false);   /* pieces 2, 4, 2 */
    uint16_t first;
    memcpy(&first, buf, 2);
    UNIT_CHECK("mmio copy in aligned pieces", ok && first == 2, "first %u", first);
    memset(buf, 0x5a, sizeof buf);
    ok = machine_phys_rw(m, 0x80000000 + (1 << 20) - 8, buf, 8, true);
    UNIT_CHECK("ram copy", ok && m->ram[(1 << 20) - 1] == 0x5a, "ram");
    UNIT_CHECK("copy into unassigned fails",
               !machine_phys_rw(m, 0x80000000 + (1 << 20) - 8, buf, 16, true), "unassigned");
    UNIT_CHECK("phys_ptr only inside RAM",
               machine_phys_ptr(m, 0x80000000, 16, true) == m->ram &&
               !machine_phys_ptr(m, 0x80000000 + (1 << 20) - 8, 16, false), "ptr");
    fake_machine_free(m);
}

static int64_t realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void test_rtc(void)
{
    Machine *m = fake_machine(4096);
    int lines[1] = { 0 };
    GoldfishRtc r;
    goldfish_rtc_init(&r, m, (IRQLine){ rec_set, lines, 0 });
    const MMIOOps *o = &goldfish_rtc_ops;
    int64_t before = realtime_ns();
    uint64_t lo = mmio_rd(o, &r, 0x00, 4), hi = mmio_rd(o, &r, 0x04, 4);
    int64_t after = realtime_ns(), t = (int64_t)(hi << 32 | lo);
    UNIT_CHECK("rtc time is the host's realtime", t >= before && t <= after, "t %lld in [%lld, %lld]",
               (long long)t, (long long)before, (long long)after);
    uint64_t set = 1000000000ULL * 86400 * 365;      /* 1971 */
    mmio_wr(o, &r, 0x04, set >> 32, 4);
    mmio_wr(o, &r, 0x00, (uint32_t)set, 4);
    lo = mmio_rd(o, &r, 0x00, 4);
    hi = mmio_rd(o, &r, 0x04, 4);
    t = (int64_t)(hi << 32 | lo);
    /* it has run on from the set value for no longer than since `before` */
    UNIT_CHECK("rtc set time", t >= (int64_t)set && t - (int64_t)set <= realtime_ns() - before,
               "t %lld", (long long)t);
    machine_timers_start(m);
    pthread_mutex_lock(&m->io_lock);
    mmio_wr(o, &r, 0x10, 1, 4);                      /* IRQ_ENABLED */
    mmio_wr(o, &r, 0x0c, (uint32_t)(hi + 0), 4);     /* alarm = now (already due) */
    mmio_wr(o, &r, 0x08, (uint32_t)lo, 4);
    pthread_mutex_unlock(&m->io_lock);
    for (int i = 0; i < 20000 && !__atomic_load_n(&lines[0], __ATOMIC_SEQ_CST); i++)
        usleep(1000);
    UNIT_CHECK("rtc alarm raises its line", lines[0] == 1 && mmio_rd(o, &r, 0x18, 4) == 0, "line");
    mmio_wr(o, &r, 0x1c, 1, 4);
    UNIT_CHECK("rtc clear interrupt", lines[0] == 0, "line");
    machine_timers_stop(m);
    fake_machine_free(m);
}

static void test_rom(void)
{
    /* xp /20wx 0x1000 under qemu-system-riscv64 7.2 -M virt -kernel Image (-m 128M) */
    static const uint32_t qemu[] = {
        0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067,
        0x80000000, 0x00000000, 0x87e00000, 0x00000000, 0x4942534f, 0x00000000,
        0x00000002, 0x00000000, 0x80200000, 0x00000000, 0x00000001, 0x00000000,
        0x00000000, 0x00000000, 0x00000000, 0x00000000,
    };
    uint32_t w[32];
    size_t n = boot_rom_words(w, 32, 0x80000000, 0x87e00000, 0x80200000, 0);
    UNIT_CHECK("reset ROM words as QEMU 7.2", n == sizeof qemu / 4 && !memcmp(w, qemu, sizeof qemu),
               "n %zu", n);
}

/* Whatever a guest writes where: random accesses to every device (sizes 1-8, offsets across and
 * past each window, random values, notifies with random rings in RAM) must not crash qelt. */
static void test_random_accesses(void)
{
    Machine *m = fake_machine(1 << 20);
    VirtBoard *b = calloc(1, sizeof *b);
    SysOptions o;
    memset(&o, 0, sizeof o);
    o.smp = FAKE_HARTS;
    o.serial = SERIAL_NULL;
    o.virtio_legacy = true;
    o.devices[o.n_devices++] = (DeviceOpt){ .kind = DEV_VIRTIO_RNG, .bus = -1 };
    o.devices[o.n_devices++] = (DeviceOpt){ .kind = DEV_VIRTIO_RNG, .bus = 0 };
    virt_board_init(b, m, &o, NULL);
    b->virtio[3].legacy = false;
    virtio_mmio_plug(&b->virtio[3], &virtio_rng_ops, NULL);
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    int notified = 0;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (i % 1000 == 0) {                         /* live queues over garbage rings */
            for (int s = 0; s < VIRTIO_SLOTS; s++) {
                VirtioMmio *v = &b->virtio[s];
                virtio_mmio_ops.write(v, 0x30, 0, 4);
                virtio_mmio_ops.write(v, 0x38, 8u << (x % 3), 4);
                virtio_mmio_ops.write(v, 0x40, 0x80000 + (uint32_t)(x >> 50) % 200, 4);
                virtio_mmio_ops.write(v, 0x80, 0x80000000u + (uint32_t)(x >> 44) % (1 << 20), 4);
                virtio_mmio_ops.write(v, 0x90, 0x80000000u + (uint32_t)(x >> 24) % (1 << 20), 4);
                virtio_mmio_ops.write(v, 0xa0, 0x80000000u + (uint32_t)(x >> 4) % (1 << 20), 4);
                virtio_mmio_ops.write(v, 0x44, 1, 4);
                virtio_mmio_ops.write(v, 0x50, 0, 4);
                notified++;
            }
        }
        const MMIORegion *r = &m->mmio[x % (uint64_t)m->n_mmio];
        unsigned size = 1u << ((x >> 8) & 3);
        uint64_t off = (x >> 16) % (r->size + 64);
        if (off >= r->size)
            off = r->size - size;
        uint64_t val = x >> 20;
        if ((x >> 60) & 1)
            val = (x >> 24) % 64;                    /* small values hit more registers */
        if (i % 97 == 0)
            memset(m->ram + ((x >> 30) % (1 << 20)), (int)(x >> 40), 64);   /* ring garbage */
        if ((x >> 62) & 1)
            r->ops->read(r->dev, off, size);
        else if (r->ops != &sifive_test_ops)
            r->ops->write(r->dev, off, val, size);
    }
    UNIT_CHECK("random accesses to every device (200000) do not crash", notified > 0, "none");
    virt_board_free(b);
    free(b);
    fake_machine_free(m);
}

int main(void)
{
    test_plic();
    test_uart();
    test_aclint();
    test_finisher();
    test_memory();
    test_rtc();
    test_rom();
    test_random_accesses();
    return unit_status();
}
