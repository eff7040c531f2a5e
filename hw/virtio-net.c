/*
 * virtio-net (virtio 1.2, section 5.1) on a virtio-mmio slot: queue 0 receives, queue 1
 * transmits; no control queue, no offloads. Features: MAC (the address in the config space) and
 * STATUS (link up). Every buffer starts with the virtio-net header: 10 bytes for a legacy
 * driver, 12 (num_buffers added) once VERSION_1 is negotiated; it is all zeros here (no checksum
 * or segmentation offload is offered), num_buffers = 1.
 *
 * Flow: transmit: the driver notifies queue 1 -> each request's device-readable stream minus the
 * header is one Ethernet frame -> the peer (user_net_send, which may answer at once through
 * virtio_net_receive). Receive: the peer calls virtio_net_receive (io_lock held, from a hart's
 * notify or the peer's poll thread) -> the frame goes into the next receive buffer, or waits in
 * a small queue until the driver posts buffers (a notify on queue 0 drains it).
 * Invariants: frames are delivered in order; a full wait queue drops new frames (as a real NIC
 * would); a frame larger than the buffer is cut (logged under -d guest_errors).
 */
#include <stdlib.h>
#include <string.h>
#include "hw/devices.h"

enum { NET_Q_RX = 0, NET_Q_TX = 1 };
enum { NET_F_MAC = 5, NET_F_STATUS = 16 };
#define NET_S_LINK_UP 1

static size_t net_hdr_len(const VirtioNet *n)
{
    return (n->vm->driver_features & VIRTIO_F_VERSION_1) ? 12 : 10;
}

void virtio_net_init(VirtioNet *n, VirtioMmio *v, const uint8_t mac[6], UserNet *peer)
{
    memset(n, 0, sizeof *n);
    n->vm = v;
    memcpy(n->mac, mac, 6);
    n->peer = peer;
    virtio_mmio_plug(v, &virtio_net_ops, n);
}

static void net_drop_pending(VirtioNet *n)
{
    while (n->pend_count) {
        free(n->pend[n->pend_head]);
        n->pend_head = (n->pend_head + 1) % VIRTIO_NET_PENDING;
        n->pend_count--;
    }
    n->pend_head = 0;
}

void virtio_net_free(VirtioNet *n)
{
    net_drop_pending(n);
}

/* Into the next receive buffer; false when there is none. */
static bool net_deliver(VirtioNet *n, const uint8_t *frame, size_t len)
{
    VirtioReq r;
    if (!virtio_mmio_driver_ok(n->vm) || !virtio_mmio_pop(n->vm, NET_Q_RX, &r))
        return false;
    uint8_t hdr[12] = { 0 };
    size_t hl = net_hdr_len(n);
    hdr[10] = 1;                          /* num_buffers (only in the 12-byte header) */
    uint64_t w = virtio_req_write(&r, 0, hdr, hl);
    uint64_t f = w == hl ? virtio_req_write(&r, hl, frame, len) : 0;
    if (f < len)
        hw_log(n->vm->log, n->vm->log && n->vm->log->guest_errors,
               "virtio-net: receive buffer of %llu bytes too small for a %zu-byte frame\n",
               (unsigned long long)r.in_len, len);
    virtio_mmio_push(n->vm, NET_Q_RX, &r, (uint32_t)(w + f));
    return true;
}

static void net_flush_pending(VirtioNet *n)
{
    while (n->pend_count) {
        int i = n->pend_head;
        if (!net_deliver(n, n->pend[i], n->pend_len[i]))
            return;
        free(n->pend[i]);
        n->pend_head = (i + 1) % VIRTIO_NET_PENDING;
        n->pend_count--;
    }
}

void virtio_net_receive(void *dev, const uint8_t *frame, size_t len)
{
    VirtioNet *n = dev;
    net_flush_pending(n);
    if (!n->pend_count && net_deliver(n, frame, len))
        return;
    if (n->pend_count == VIRTIO_NET_PENDING)
        return;                           /* no room: dropped, as a NIC with a full ring does */
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return;
    memcpy(copy, frame, len);
    int i = (n->pend_head + n->pend_count) % VIRTIO_NET_PENDING;
    n->pend[i] = copy;
    n->pend_len[i] = (uint32_t)len;
    n->pend_count++;
}

static void net_transmit(VirtioNet *n)
{
    uint8_t *frame = n->tx_frame;
    VirtioReq r;
    size_t hl = net_hdr_len(n);
    while (virtio_mmio_pop(n->vm, NET_Q_TX, &r)) {
        if (r.out_len > hl) {
            uint64_t len = r.out_len - hl < sizeof n->tx_frame ? r.out_len - hl : sizeof n->tx_frame;
            virtio_req_read(&r, hl, frame, len);
            if (n->peer)
                user_net_send(n->peer, frame, len);
        }
        virtio_mmio_push(n->vm, NET_Q_TX, &r, 0);
    }
}

static void net_notify(void *dev, int queue)
{
    VirtioNet *n = dev;
    if (queue == NET_Q_RX)
        net_flush_pending(n);
    else if (queue == NET_Q_TX)
        net_transmit(n);
}

static uint64_t net_features(void *dev)
{
    return (1ULL << NET_F_MAC) | (1ULL << NET_F_STATUS);
}

static uint64_t net_config_read(void *dev, uint64_t off, unsigned size)
{
    VirtioNet *n = dev;
    uint8_t cfg[8];
    memcpy(cfg, n->mac, 6);
    cfg[6] = NET_S_LINK_UP;               /* status, little-endian u16 */
    cfg[7] = 0;
    uint64_t v = 0;
    if (off + size <= sizeof cfg)
        memcpy(&v, cfg + off, size);
    return v;
}

/* A legacy driver may write the MAC address into the config space. */
static void net_config_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    VirtioNet *n = dev;
    if (off + size <= 6)
        memcpy(n->mac + off, &val, size);
}

static void net_reset(void *dev)
{
    net_drop_pending(dev);
}

static uint32_t net_handle(void *dev, int queue, VirtioReq *r)
{
    return 0;                             /* unused: notify takes the requests */
}

const VirtioDeviceOps virtio_net_ops = {
    .device_id = VIRTIO_ID_NET, .n_queues = 2, .queue_max = 256,
    .features = net_features, .config_read = net_config_read, .config_write = net_config_write,
    .handle = net_handle, .reset = net_reset, .notify = net_notify,
};
