/*
 * The virt board (QEMU 7.2's RISC-V `virt`) as the rest of system/ sees it: the memory map (one
 * table, system/board-virt.c, also read by the device tree in hw/fdt.c), the board's devices,
 * the command-line options that shape it, and the device side's helpers beyond the contract of
 * system/machine.h (MMIO registration, locks, the timer thread).
 *
 * Invariants: the map lists each window once with its PLIC source (0 = none); the board struct
 * owns every device of one Machine (Machine.board points at it).
 */
#ifndef QELT_SYSTEM_BOARD_H
#define QELT_SYSTEM_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hw/devices.h"
#include "system/machine.h"

/* ---- the memory map ---- */
typedef enum {
    VIRT_MROM, VIRT_TEST, VIRT_RTC, VIRT_CLINT, VIRT_PLIC, VIRT_UART0, VIRT_VIRTIO, VIRT_DRAM,
    VIRT_N
} VirtWindow;
typedef struct VirtMapEntry {
    const char *name;
    uint64_t base, size;
    int irq;                 /* first PLIC source, 0 = none */
    int count;               /* windows of `size` one after another (virtio: 8) */
} VirtMapEntry;
extern const VirtMapEntry virt_map[VIRT_N];
#define VIRTIO_SLOTS 8

/* ---- options (system/options.c) ---- */
#define SYS_MAX_DRIVES 8
typedef struct DriveOpt {
    const char *file, *id;
    bool readonly, snapshot, if_virtio, used;
} DriveOpt;
typedef struct DeviceOpt {
    enum { DEV_VIRTIO_BLK, DEV_VIRTIO_RNG, DEV_VIRTIO_NET } kind;
    const char *drive;       /* virtio-blk: the -drive id */
    const char *serial;      /* virtio-blk: serial= (GET_ID), NULL = none */
    int bus;                 /* virtio-mmio-bus.N, -1 = next free from the top */
    const char *netdev;      /* virtio-net: the -netdev id, NULL = not connected */
    uint8_t mac[6];
    bool has_mac;            /* virtio-net: mac= given (else QEMU's 52:54:00:12:34:56 + n) */
} DeviceOpt;
#define SYS_MAX_NETDEVS 4
typedef struct NetdevOpt {   /* -netdev user,id=X,... (the only kind) */
    const char *id;
    UserNetConfig cfg;
    bool used;
} NetdevOpt;
typedef struct SysOptions {
    const char *dumpdtb;
    const char *cpu;         /* "rv64" or "max" */
    uint64_t isa_ext;        /* -cpu's extensions (guest/riscv/cpu-ext.h mask) */
    uint32_t cpu_cfg;        /* -cpu's other properties (vlen=: cpu-ext.h), 0 = defaults */
    uint64_t ram_size;
    int smp;
    bool thread_single;        /* -accel tcg,thread=single: harts take turns on one thread */
    const char *bios;        /* "default", "none" or a file */
    const char *kernel, *initrd, *append, *dtb;
    SerialKind serial;
    const char *serial_path;
    DriveOpt drives[SYS_MAX_DRIVES];
    int n_drives;
    DeviceOpt devices[VIRTIO_SLOTS];
    int n_devices;
    NetdevOpt netdevs[SYS_MAX_NETDEVS];
    int n_netdevs;
    bool virtio_legacy;      /* default true, as QEMU 7.2 */
    bool no_reboot, gdb_wait;
    bool perfmap;             /* -perfmap */
    bool rebooted;           /* this process is a reboot's re-exec: files append, not truncate */
    int gdb_port;            /* 0 = no gdb stub */
    int log_mask;
    const char *log_file;
    const char **plugins;
    int n_plugins;
} SysOptions;
void sys_parse_options(SysOptions *o, int argc, char **argv);
void sys_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
#define SYS_REBOOT_ENV "QELT_SYSTEM_REBOOTED"   /* set across a reboot's re-exec */
#define SYS_DEFAULT_BIOS "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"

/* ---- the board ---- */
typedef struct VirtBoard {
    HwLog log;
    Plic plic;
    Aclint aclint;
    Uart uart;
    SifiveTest test;
    GoldfishRtc rtc;
    VirtioMmio virtio[VIRTIO_SLOTS];
    VirtioBlk blk[VIRTIO_SLOTS];
    int n_blk;
    VirtioNet net[VIRTIO_SLOTS];
    UserNet user_net[SYS_MAX_NETDEVS];
    int n_net, n_user_net;
} VirtBoard;
/* Create the devices and map them; on a bad -drive/-device combination: sys_fatal. */
void virt_board_init(VirtBoard *b, Machine *m, const SysOptions *o, FILE *log);
/* Start the devices' own threads (the user-mode network's poll thread); errors: sys_fatal. */
void virt_board_start(VirtBoard *b);
void virt_board_free(VirtBoard *b);

/* ---- device tree (hw/fdt.c) ---- */
typedef struct FdtParams {
    int n_harts;
    const char *mmu_type;
    const char *bootargs;                /* NULL: no bootargs property */
    uint64_t initrd_start, initrd_end;   /* end == 0: no initrd */
    uint64_t isa_ext;                    /* riscv,isa*: guest/riscv/cpu-ext.h mask */
} FdtParams;
/* The virt board's device tree; malloc'd, *size its total size. NULL on a libfdt error. */
void *virt_fdt_build(const Machine *m, const VirtBoard *b, const FdtParams *p, size_t *size);

/* ---- boot (system/boot.c) ---- */
#define MACHINE_EXIT_RESET (-1)  /* Machine.exit_status of a reset request */
typedef struct BootInfo {
    uint64_t entry;          /* where the reset ROM jumps (firmware or -bios none kernel) */
    uint64_t kernel_entry;   /* next_addr of fw_dynamic_info */
    uint64_t fdt_addr;
    uint64_t initrd_start, initrd_end;
} BootInfo;
/* Load firmware, kernel and initrd into RAM, fill *bi; errors: sys_fatal. */
void boot_load_images(Machine *m, const SysOptions *o, BootInfo *bi);
/* -dtb FILE with /chosen brought up to date (bootargs, initrd) as QEMU does; malloc'd. */
void *boot_load_dtb(const SysOptions *o, const BootInfo *bi, size_t *size);
/* Place the device tree and write the reset ROM; errors: sys_fatal. */
void boot_finish(Machine *m, BootInfo *bi, const void *fdt, size_t size);
/* The reset ROM's words for the given addresses (tests compare them with QEMU's). */
size_t boot_rom_words(uint32_t *w, size_t max, uint64_t start, uint64_t fdt, uint64_t kernel,
                      int boot_hart);

/* ---- gdb stub (system/gdb.c): listen (and with wait, as -S, serve before the first
 * instruction); tell gdb how the run ended ---- */
void sys_gdb_start(Machine *m, int port, bool wait);
void sys_gdb_exited(Machine *m, int status);

/* ---- device side helpers (system/memory.c, system/timer.c) ---- */
bool machine_add_mmio(Machine *m, const char *name, uint64_t base, uint64_t size,
                      const MMIOOps *ops, void *dev);
void machine_sync_init(Machine *m);      /* locks, condition, mtime = 0 now */
bool machine_timers_start(Machine *m);
void machine_timers_stop(Machine *m);
void machine_set_mtime(Machine *m, uint64_t mtime);
int64_t machine_mtime_to_ns(const Machine *m, uint64_t mtime);   /* INT64_MAX if too far */

#endif
