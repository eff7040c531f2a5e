/*
 * The devices of the virt board (the files of hw/): their state structs, how the board creates them and
 * the MMIO ops each exposes. The board (system/board-virt.c) owns one of each in VirtBoard and
 * maps them with machine_add_mmio; unit tests build them the same way over a fake Machine.
 *
 * Invariants: device state is only touched with Machine.io_lock held (MMIO calls arrive with it
 * held; timer callbacks too; the UART's input thread takes it). Interrupt outputs are IRQLines
 * (hw/hw.h) or, for the PLIC and the ACLINT, hart_set_mip on Machine.harts[].
 */
#ifndef QELT_HW_DEVICES_H
#define QELT_HW_DEVICES_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hw/hw.h"
#include "system/machine.h"

/* Interrupt numbers of a hart's mip (IRQ_*, MIP_*) come from the privileged architecture's
 * header; the device tree names them too. */
#include "priv.h"

/* Where -d guest_errors / unimp messages of devices go (NULL: nowhere). */
typedef struct HwLog {
    FILE *f;
    bool guest_errors, unimp;
} HwLog;
void hw_log(const HwLog *log, bool on, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- PLIC (hw/plic.c): sources 1..PLIC_NSRC-1, contexts 2*hart (M) and 2*hart+1 (S) ---- */
#define PLIC_NSRC  96
#define PLIC_WORDS (PLIC_NSRC / 32)
#define PLIC_MAX_CTX (2 * MACHINE_MAX_HARTS)
#define PLIC_SIZE  0x600000
typedef struct Plic {
    Machine *m;
    int n_ctx;
    uint32_t priority[PLIC_NSRC];
    uint32_t pending[PLIC_WORDS], level[PLIC_WORDS], claimed[PLIC_WORDS];
    uint32_t enable[PLIC_MAX_CTX][PLIC_WORDS];
    uint32_t threshold[PLIC_MAX_CTX];
    int8_t out[PLIC_MAX_CTX];            /* last level given to the hart, -1 = never */
} Plic;
extern const MMIOOps plic_ops;
void plic_init(Plic *p, Machine *m, int n_harts);
void plic_set_irq(void *plic, int src, int level);   /* IRQLine.set */

/* ---- ACLINT / CLINT (hw/aclint.c): msip, mtimecmp, mtime ---- */
#define ACLINT_SIZE 0x10000
typedef struct Aclint {
    Machine *m;
    int n_harts;
    uint32_t msip[MACHINE_MAX_HARTS];
    uint64_t mtimecmp[MACHINE_MAX_HARTS];
    MachineTimer timer[MACHINE_MAX_HARTS];
    struct AclintHart { struct Aclint *a; int hart; } th[MACHINE_MAX_HARTS];
} Aclint;
extern const MMIOOps aclint_ops;
void aclint_init(Aclint *a, Machine *m, int n_harts);

/* ---- ns16550a UART (hw/uart-16550.c) ---- */
#define UART_FIFO 16
#define UART_SIZE 0x100
typedef enum { SERIAL_NULL, SERIAL_STDIO, SERIAL_MON_STDIO, SERIAL_FILE } SerialKind;
typedef struct Uart {
    Machine *m;
    IRQLine irq;
    int out_fd;                          /* -1: output dropped */
    uint8_t rbr[UART_FIFO];
    int rx_head, rx_count;
    uint8_t ier, iir, lcr, mcr, lsr, msr, scr, fcr, dll, dlm;
    bool thr_ipending;
    /* input thread */
    SerialKind kind;
    int in_fd, stop_pipe[2];
    bool escape;                         /* mon:stdio: Ctrl-A seen */
    bool thread_started, stopping;
    pthread_t thread;
    pthread_cond_t space;                /* signalled when the receive FIFO has room */
} Uart;
extern const MMIOOps uart_ops;
void uart_init(Uart *u, Machine *m, IRQLine irq, int out_fd);
/* A byte from the outside world (the input thread, tests); false if the FIFO is full. */
bool uart_receive(Uart *u, uint8_t byte);
/* Start reading in_fd (raw mode if it is a terminal) for kind STDIO/MON_STDIO. */
void uart_start_input(Uart *u, SerialKind kind, int in_fd);
void uart_stop_input(Uart *u);
/* Put the terminal back as it was (also registered with atexit and the fatal signals). */
void uart_restore_terminal(void);

/* ---- SiFive test finisher (hw/sifive-test.c) ---- */
#define SIFIVE_TEST_SIZE 0x1000
enum { FINISHER_FAIL = 0x3333, FINISHER_PASS = 0x5555, FINISHER_RESET = 0x7777 };
typedef struct SifiveTest { Machine *m; const HwLog *log; } SifiveTest;
extern const MMIOOps sifive_test_ops;

/* ---- goldfish RTC (hw/goldfish-rtc.c) ---- */
#define GOLDFISH_RTC_SIZE 0x1000
typedef struct GoldfishRtc {
    Machine *m;
    IRQLine irq;
    int64_t offset_ns;                   /* guest time - host realtime */
    uint32_t time_high_latch, alarm_high, alarm_low, irq_enabled, alarm_running, irq_pending;
    MachineTimer alarm;
} GoldfishRtc;
extern const MMIOOps goldfish_rtc_ops;
void goldfish_rtc_init(GoldfishRtc *r, Machine *m, IRQLine irq);

/* ---- virtio-mmio transport (hw/virtio-mmio.c) and its devices ---- */
#define VIRTIO_MMIO_SIZE 0x1000
#define VIRTQ_MAX 4
#define VIRTQ_SIZE_MAX 1024
enum { VIRTIO_ID_NONE = 0, VIRTIO_ID_NET = 1, VIRTIO_ID_BLOCK = 2, VIRTIO_ID_RNG = 4 };
#define VIRTIO_F_VERSION_1 (1ULL << 32)

typedef struct VirtQueue {
    uint32_t num, ready;
    uint64_t desc, avail, used;          /* guest-physical ring addresses */
    uint32_t pfn, align;                 /* legacy layout */
    uint16_t last_avail;
} VirtQueue;

/* One request taken from a queue: its descriptor chain gathered into host pointers. */
#define VIRTQ_MAX_SEGS 64
typedef struct VirtioReq {
    uint16_t head;
    int n_out, n_in;                     /* device-readable segments first, then writable */
    struct { uint8_t *p; uint32_t len; } seg[VIRTQ_MAX_SEGS];
    uint64_t out_len, in_len;            /* bytes in each part */
} VirtioReq;
/* Copy between the request's device-readable bytes (out) / device-writable bytes (in), seen as
 * one stream each, and buf; returns the bytes copied. */
uint64_t virtio_req_read(const VirtioReq *r, uint64_t off, void *buf, uint64_t len);
uint64_t virtio_req_write(VirtioReq *r, uint64_t off, const void *buf, uint64_t len);
/* Host pointer and length of the contiguous piece of stream (in or out) at off; 0 at the end. */
uint32_t virtio_req_piece(const VirtioReq *r, bool in, uint64_t off, uint8_t **p);

struct VirtioMmio;
typedef struct VirtioDeviceOps {
    uint32_t device_id;
    int n_queues;
    uint32_t queue_max;                  /* QueueNumMax */
    uint64_t (*features)(void *dev);
    uint64_t (*config_read)(void *dev, uint64_t off, unsigned size);
    void (*config_write)(void *dev, uint64_t off, uint64_t val, unsigned size);
    /* Handle one request; return the number of bytes written into the device-writable part. */
    uint32_t (*handle)(void *dev, int queue, VirtioReq *req);
    void (*reset)(void *dev);
    /* Optional: the driver notified queue; the device takes requests itself (virtio_mmio_pop /
     * virtio_mmio_push) instead of the transport handing each to handle(). For devices whose
     * buffers wait for outside events (virtio-net's receive queue). */
    void (*notify)(void *dev, int queue);
} VirtioDeviceOps;

typedef struct VirtioMmio {
    Machine *m;
    IRQLine irq;
    const HwLog *log;
    bool legacy;
    const VirtioDeviceOps *dops;         /* NULL: empty slot (device id 0) */
    void *dev;
    uint32_t status, int_status, queue_sel, dev_feat_sel, drv_feat_sel, guest_page_size;
    uint64_t driver_features;
    VirtQueue vq[VIRTQ_MAX];
} VirtioMmio;
extern const MMIOOps virtio_mmio_ops;
void virtio_mmio_init(VirtioMmio *v, Machine *m, IRQLine irq, bool legacy, const HwLog *log);
void virtio_mmio_plug(VirtioMmio *v, const VirtioDeviceOps *dops, void *dev);
/* Process every available request of queue q (what a notify does without dops->notify). */
void virtio_mmio_process(VirtioMmio *v, int q);
/* Take the next available request of queue q into r: true, or false when there is none (or the
 * queue is not set up). Malformed chains are given back empty and skipped. */
bool virtio_mmio_pop(VirtioMmio *v, int q, VirtioReq *r);
/* Give a popped request back (on the used ring, `written` bytes) and raise the interrupt. */
void virtio_mmio_push(VirtioMmio *v, int q, const VirtioReq *r, uint32_t written);
/* The driver has set DRIVER_OK (status bit 2) and not reset since. */
bool virtio_mmio_driver_ok(const VirtioMmio *v);

typedef struct VirtioBlk {
    int fd;
    uint64_t size;                       /* bytes */
    bool readonly, snapshot;
    uint8_t **cow;                       /* snapshot=on: written sectors of 4 KiB chunks */
    uint64_t n_chunks;
    char serial[20];
} VirtioBlk;
extern const VirtioDeviceOps virtio_blk_ops;
/* Open the raw image (serial: what GET_ID answers, NULL = empty as QEMU); on failure returns
 * false with a message in err. */
bool virtio_blk_open(VirtioBlk *b, const char *path, bool readonly, bool snapshot,
                     const char *serial, char *err, size_t errlen);
void virtio_blk_close(VirtioBlk *b);

extern const VirtioDeviceOps virtio_rng_ops;

/* ---- user-mode networking (hw/user-net.c): a -netdev user backend over libslirp ---- */
#define USER_NET_MAX_FWD 8
typedef struct UserNetFwd {
    bool udp;
    uint32_t host_addr, guest_addr;      /* network byte order; guest 0 = the DHCP start */
    int host_port, guest_port;
} UserNetFwd;
typedef struct UserNetConfig {           /* addresses in network byte order */
    uint32_t net, mask, host, dns, dhcp_start;
    bool restricted;
    UserNetFwd fwd[USER_NET_MAX_FWD];
    int n_fwd;
} UserNetConfig;
/* QEMU's defaults: 10.0.2.0/24, host 10.0.2.2, DNS 10.0.2.3, guest (DHCP start) 10.0.2.15. */
void user_net_config_default(UserNetConfig *c);
/* net=ADDR[/MASK] moves host, dns and dhcp_start into the new network as QEMU does (.2 .3 .15);
 * false on a bad value. */
bool user_net_config_set_net(UserNetConfig *c, const char *val);
/* hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT; false on a bad rule. */
bool user_net_config_add_fwd(UserNetConfig *c, const char *rule);

struct Slirp;
struct UserNetTimer;
typedef struct UserNet {
    Machine *m;
    const HwLog *log;
    struct Slirp *slirp;
    /* frames for the guest go to receive(dev, ...), called with io_lock held */
    void (*receive)(void *dev, const uint8_t *frame, size_t len);
    void *dev;
    /* the poll thread (slirp's sockets and timers), io_lock held while it runs slirp */
    pthread_t thread;
    bool started, stop;
    int wake[2];                         /* pipe: tells the thread to poll again */
    struct pollfd *pfd;
    int n_pfd, cap_pfd;
    struct UserNetTimer *timers;
} UserNet;
/* Create the slirp instance and its host forwardings; false with a message in err. */
bool user_net_open(UserNet *u, Machine *m, const UserNetConfig *c, const HwLog *log, char *err,
                   size_t errlen);
void user_net_attach(UserNet *u, void (*receive)(void *, const uint8_t *, size_t), void *dev);
bool user_net_start(UserNet *u);         /* the poll thread */
/* A frame from the guest (io_lock held). */
void user_net_send(UserNet *u, const uint8_t *frame, size_t len);
void user_net_close(UserNet *u);         /* stops the thread, frees slirp */

/* ---- virtio-net (hw/virtio-net.c) ---- */
#define VIRTIO_NET_PENDING 64
#define VIRTIO_NET_FRAME_MAX 65550         /* the largest frame a transmit may carry */
typedef struct VirtioNet {
    VirtioMmio *vm;                      /* its slot: receive buffers, negotiated features */
    uint8_t mac[6];
    UserNet *peer;                       /* NULL: not connected (frames are dropped) */
    /* frames from the peer waiting for a receive buffer (oldest first), dropped beyond this */
    uint8_t *pend[VIRTIO_NET_PENDING];
    uint32_t pend_len[VIRTIO_NET_PENDING];
    int pend_head, pend_count;
    uint8_t tx_frame[VIRTIO_NET_FRAME_MAX];   /* a transmitted frame made contiguous */
} VirtioNet;
extern const VirtioDeviceOps virtio_net_ops;
/* Plug a virtio-net device into slot v, connected to peer (may be NULL). */
void virtio_net_init(VirtioNet *n, VirtioMmio *v, const uint8_t mac[6], UserNet *peer);
/* A frame for the guest (io_lock held): into a receive buffer, or queued until there is one. */
void virtio_net_receive(void *n, const uint8_t *frame, size_t len);
void virtio_net_free(VirtioNet *n);

#endif
