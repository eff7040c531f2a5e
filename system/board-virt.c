/*
 * QEMU 7.2's RISC-V `virt` board: the memory map (one table, the single source of every base,
 * size and interrupt number, also read by hw/fdt.c and system/boot.c) and the creation of its
 * devices from the options.
 *
 * Flow: virt_board_init creates the PLIC, ACLINT, UART, finisher, RTC and the eight virtio-mmio
 * slots, maps each window, opens the -drive images and -netdev backends and plugs each -device
 * into a slot (virt_board_start then starts the network's poll threads): as QEMU,
 * one without bus= takes the free slot with the highest address first (so the first device is
 * at 0x10008000), bus=virtio-mmio-bus.N takes slot N (0x10001000 + N * 0x1000).
 * Invariants: the map's windows do not overlap; a bad -drive/-device combination ends in
 * sys_fatal before anything runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "system/board.h"
#include "runtime.h"

const VirtMapEntry virt_map[VIRT_N] = {
    [VIRT_MROM]   = { "mrom",        0x1000,     0xf000,     0, 1 },
    [VIRT_TEST]   = { "test",        0x100000,   SIFIVE_TEST_SIZE, 0, 1 },
    [VIRT_RTC]    = { "rtc",         0x101000,   GOLDFISH_RTC_SIZE, 11, 1 },
    [VIRT_CLINT]  = { "clint",       0x2000000,  ACLINT_SIZE, 0, 1 },
    [VIRT_PLIC]   = { "plic",        0xc000000,  PLIC_SIZE,  0, 1 },
    [VIRT_UART0]  = { "serial",      0x10000000, UART_SIZE,  10, 1 },
    [VIRT_VIRTIO] = { "virtio_mmio", 0x10001000, VIRTIO_MMIO_SIZE, 1, VIRTIO_SLOTS },
    [VIRT_DRAM]   = { "memory",      0x80000000, 0,          0, 1 },
};

static void map(Machine *m, VirtWindow w, int k, const MMIOOps *ops, void *dev)
{
    const VirtMapEntry *e = &virt_map[w];
    if (!machine_add_mmio(m, e->name, e->base + (uint64_t)k * e->size, e->size, ops, dev))
        sys_fatal("internal error: MMIO window %s overlaps", e->name);
}

static IRQLine plic_line(VirtBoard *b, VirtWindow w, int k)
{
    return (IRQLine){ plic_set_irq, &b->plic, virt_map[w].irq + k };
}

static int serial_out_fd(const SysOptions *o)
{
    switch (o->serial) {
    case SERIAL_NULL:
        return -1;
    case SERIAL_FILE: {
        int fd = open(o->serial_path,
                      O_WRONLY | O_CREAT | O_CLOEXEC | (o->rebooted ? O_APPEND : O_TRUNC), 0666);
        if (fd < 0)
            sys_fatal("-serial file:%s: %s", o->serial_path, strerror(errno));
        return fd;
    }
    default:
        return STDOUT_FILENO;
    }
}

static DriveOpt *find_drive(const SysOptions *o, const char *id)
{
    for (int i = 0; i < o->n_drives; i++)
        if (o->drives[i].id && !strcmp(o->drives[i].id, id))
            return (DriveOpt *)&o->drives[i];
    return NULL;
}

/* The slot a device goes to: bus= or the highest free one. */
static int pick_slot(VirtBoard *b, const DeviceOpt *d)
{
    if (d->bus >= 0) {
        if (d->bus >= VIRTIO_SLOTS)
            sys_fatal("Bus 'virtio-mmio-bus.%d' not found", d->bus);
        if (b->virtio[d->bus].dops)
            sys_fatal("Bus 'virtio-mmio-bus.%d' is full", d->bus);
        return d->bus;
    }
    for (int s = VIRTIO_SLOTS - 1; s >= 0; s--)
        if (!b->virtio[s].dops)
            return s;
    sys_fatal("no free virtio-mmio slot for another device (the board has %d)", VIRTIO_SLOTS);
}

static void plug_blk(VirtBoard *b, const SysOptions *o, const DeviceOpt *d, int s)
{
    DriveOpt *dr = find_drive(o, d->drive);
    if (!dr)
        sys_fatal("-device virtio-blk-device: drive '%s' not found", d->drive);
    if (dr->used)
        sys_fatal("-device virtio-blk-device: drive '%s' is already in use", d->drive);
    dr->used = true;
    VirtioBlk *blk = &b->blk[b->n_blk++];
    char err[512];
    if (!virtio_blk_open(blk, dr->file, dr->readonly, dr->snapshot, d->serial, err, sizeof err))
        sys_fatal("%s", err);
    virtio_mmio_plug(&b->virtio[s], &virtio_blk_ops, blk);
}

/* virtio-net: its -netdev user backend opened here (host forwardings bound now, so a port in
 * use is an error before the guest runs); QEMU's MAC 52:54:00:12:34:56 counts up per NIC. */
static void plug_net(VirtBoard *b, SysOptions *o, const DeviceOpt *d, int s)
{
    UserNet *peer = NULL;
    if (d->netdev) {
        NetdevOpt *nd = NULL;
        for (int i = 0; i < o->n_netdevs; i++)
            if (!strcmp(o->netdevs[i].id, d->netdev))
                nd = &o->netdevs[i];
        if (!nd)
            sys_fatal("-device virtio-net-device: netdev '%s' not found", d->netdev);
        if (nd->used)
            sys_fatal("-device virtio-net-device: netdev '%s' is already in use", d->netdev);
        nd->used = true;
        peer = &b->user_net[b->n_user_net];
        char err[512];
        if (!user_net_open(peer, b->virtio[s].m, &nd->cfg, &b->log, err, sizeof err))
            sys_fatal("%s", err);
        b->n_user_net++;
    }
    uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, (uint8_t)(0x56 + b->n_net) };
    VirtioNet *n = &b->net[b->n_net++];
    virtio_net_init(n, &b->virtio[s], d->has_mac ? d->mac : mac, peer);
    if (peer)
        user_net_attach(peer, virtio_net_receive, n);
}

static void plug_devices(VirtBoard *b, SysOptions *o)
{
    for (int i = 0; i < o->n_devices; i++) {
        const DeviceOpt *d = &o->devices[i];
        int s = pick_slot(b, d);
        switch (d->kind) {
        case DEV_VIRTIO_RNG: virtio_mmio_plug(&b->virtio[s], &virtio_rng_ops, NULL); break;
        case DEV_VIRTIO_BLK: plug_blk(b, o, d, s); break;
        case DEV_VIRTIO_NET: plug_net(b, o, d, s); break;
        }
    }
}

void virt_board_init(VirtBoard *b, Machine *m, const SysOptions *o, FILE *log)
{
    memset(b, 0, sizeof *b);
    m->board = b;
    b->log = (HwLog){ log, (o->log_mask & LOG_GUEST_ERRORS) != 0, (o->log_mask & LOG_UNIMP) != 0 };
    plic_init(&b->plic, m, o->smp);
    aclint_init(&b->aclint, m, o->smp);
    uart_init(&b->uart, m, plic_line(b, VIRT_UART0, 0), serial_out_fd(o));
    b->test = (SifiveTest){ m, &b->log };
    goldfish_rtc_init(&b->rtc, m, plic_line(b, VIRT_RTC, 0));
    for (int s = 0; s < VIRTIO_SLOTS; s++)
        virtio_mmio_init(&b->virtio[s], m, plic_line(b, VIRT_VIRTIO, s), o->virtio_legacy, &b->log);
    plug_devices(b, (SysOptions *)o);

    map(m, VIRT_TEST, 0, &sifive_test_ops, &b->test);
    map(m, VIRT_RTC, 0, &goldfish_rtc_ops, &b->rtc);
    map(m, VIRT_CLINT, 0, &aclint_ops, &b->aclint);
    map(m, VIRT_PLIC, 0, &plic_ops, &b->plic);
    map(m, VIRT_UART0, 0, &uart_ops, &b->uart);
    for (int s = 0; s < VIRTIO_SLOTS; s++)
        map(m, VIRT_VIRTIO, s, &virtio_mmio_ops, &b->virtio[s]);
}

void virt_board_start(VirtBoard *b)
{
    for (int i = 0; i < b->n_user_net; i++)
        if (!user_net_start(&b->user_net[i]))
            sys_fatal("could not start the user-mode network's thread");
}

void virt_board_free(VirtBoard *b)
{
    for (int i = 0; i < b->n_user_net; i++)
        user_net_close(&b->user_net[i]);
    for (int i = 0; i < b->n_net; i++)
        virtio_net_free(&b->net[i]);
    for (int i = 0; i < b->n_blk; i++)
        virtio_blk_close(&b->blk[i]);
    if (b->uart.out_fd > STDERR_FILENO)
        close(b->uart.out_fd);
}
