/*
 * The virtio-mmio transport (virtio 1.2, section 4.2) in both register layouts QEMU 7.2 offers:
 * legacy (version 1, QEMU's default: GuestPageSize, QueueAlign, QueuePFN) and modern (version 2
 * with -global virtio-mmio.force-legacy=false: QueueReady and 64-bit ring addresses), with split
 * virtqueues. A slot without a device reads as device id 0.
 *
 * Flow: the driver writes QueueNotify -> virtio_mmio_process walks the available ring, gathers
 * each descriptor chain into host pointers (machine_phys_ptr; device-readable descriptors first,
 * then device-writable ones), hands it to the device's handle(), puts it on the used ring and
 * raises the "used buffer" interrupt (InterruptStatus bit 0, line to the PLIC while any status
 * bit is set; InterruptACK clears). Requests are handled synchronously, inside the notify.
 * A device with its own notify op (virtio-net) takes requests itself with virtio_mmio_pop and
 * gives them back with virtio_mmio_push, possibly later and from another thread (io_lock held).
 * Invariants: a chain that is malformed (a loop, a bad address, too many segments) is returned
 * with length 0 and logged under -d guest_errors; guest RAM is reached only through
 * machine_phys_ptr. Neither EVENT_IDX nor indirect descriptors are offered.
 */
#include <stddef.h>
#include <string.h>
#include "hw/devices.h"

enum {
    VM_MAGIC = 0x000, VM_VERSION = 0x004, VM_DEVICE_ID = 0x008, VM_VENDOR_ID = 0x00c,
    VM_DEV_FEATURES = 0x010, VM_DEV_FEATURES_SEL = 0x014, VM_DRV_FEATURES = 0x020,
    VM_DRV_FEATURES_SEL = 0x024, VM_GUEST_PAGE_SIZE = 0x028, VM_QUEUE_SEL = 0x030,
    VM_QUEUE_NUM_MAX = 0x034, VM_QUEUE_NUM = 0x038, VM_QUEUE_ALIGN = 0x03c, VM_QUEUE_PFN = 0x040,
    VM_QUEUE_READY = 0x044, VM_QUEUE_NOTIFY = 0x050, VM_INT_STATUS = 0x060, VM_INT_ACK = 0x064,
    VM_STATUS = 0x070, VM_QUEUE_DESC_LO = 0x080, VM_QUEUE_DESC_HI = 0x084,
    VM_QUEUE_AVAIL_LO = 0x090, VM_QUEUE_AVAIL_HI = 0x094, VM_QUEUE_USED_LO = 0x0a0,
    VM_QUEUE_USED_HI = 0x0a4, VM_CONFIG_GEN = 0x0fc, VM_CONFIG = 0x100,
};
#define VIRTIO_MAGIC  0x74726976
#define VIRTIO_VENDOR 0x554d4551         /* "QEMU" */
enum { VRING_DESC_F_NEXT = 1, VRING_DESC_F_WRITE = 2 };

void virtio_mmio_init(VirtioMmio *v, Machine *m, IRQLine irq, bool legacy, const HwLog *log)
{
    memset(v, 0, sizeof *v);
    v->m = m;
    v->irq = irq;
    v->legacy = legacy;
    v->log = log;
    v->guest_page_size = 4096;
}

void virtio_mmio_plug(VirtioMmio *v, const VirtioDeviceOps *dops, void *dev)
{
    v->dops = dops;
    v->dev = dev;
}

static void vm_reset(VirtioMmio *v)
{
    v->status = v->int_status = v->queue_sel = v->dev_feat_sel = v->drv_feat_sel = 0;
    v->driver_features = 0;
    memset(v->vq, 0, sizeof v->vq);
    irq_set(&v->irq, 0);
    if (v->dops && v->dops->reset)
        v->dops->reset(v->dev);
}

static uint64_t vm_features(const VirtioMmio *v)
{
    return v->dops->features(v->dev) | (v->legacy ? 0 : VIRTIO_F_VERSION_1);
}

/* Legacy: the rings follow each other from QueuePFN * GuestPageSize. */
static void vm_legacy_layout(VirtioMmio *v, VirtQueue *q)
{
    uint64_t align = q->align ? q->align : 4096;
    q->desc = (uint64_t)q->pfn * v->guest_page_size;
    q->avail = q->desc + 16ULL * q->num;
    q->used = (q->avail + 6 + 2ULL * q->num + align - 1) & ~(align - 1);
}

static bool vm_queue_live(const VirtioMmio *v, const VirtQueue *q)
{
    return q->num && (v->legacy ? q->pfn != 0 : q->ready != 0);
}

static bool ring_rw(VirtioMmio *v, uint64_t pa, void *buf, unsigned len, bool write)
{
    uint8_t *p = machine_phys_ptr(v->m, pa, len, write);
    if (!p)
        return false;
    if (write)
        memcpy(p, buf, len);
    else
        memcpy(buf, p, len);
    return true;
}

/* Gather the chain starting at head; false if malformed. */
static bool vm_gather(VirtioMmio *v, VirtQueue *q, uint16_t head, VirtioReq *r)
{
    memset(r, 0, offsetof(VirtioReq, seg));
    r->out_len = r->in_len = 0;
    r->head = head;
    uint16_t i = head;
    for (unsigned steps = 0; ; steps++) {
        struct { uint64_t addr; uint32_t len; uint16_t flags, next; } d;
        if (i >= q->num || steps >= q->num || r->n_out + r->n_in >= VIRTQ_MAX_SEGS ||
            !ring_rw(v, q->desc + 16ULL * i, &d, 16, false))
            return false;
        bool w = d.flags & VRING_DESC_F_WRITE;
        if (!w && r->n_in)               /* readable after writable */
            return false;
        uint8_t *p = d.len ? machine_phys_ptr(v->m, d.addr, d.len, w) : NULL;
        if (d.len && !p)
            return false;
        int k = r->n_out + r->n_in;
        r->seg[k].p = p;
        r->seg[k].len = d.len;
        if (w) {
            r->n_in++;
            r->in_len += d.len;
        } else {
            r->n_out++;
            r->out_len += d.len;
        }
        if (!(d.flags & VRING_DESC_F_NEXT))
            return true;
        i = d.next;
    }
}

uint32_t virtio_req_piece(const VirtioReq *r, bool in, uint64_t off, uint8_t **p)
{
    int first = in ? r->n_out : 0, n = in ? r->n_in : r->n_out;
    for (int k = first; k < first + n; k++) {
        if (off < r->seg[k].len) {
            *p = r->seg[k].p + off;
            return r->seg[k].len - (uint32_t)off;
        }
        off -= r->seg[k].len;
    }
    *p = NULL;
    return 0;
}

static uint64_t req_copy(const VirtioReq *r, bool in, uint64_t off, uint8_t *buf, uint64_t len,
                         bool to_req)
{
    uint64_t done = 0;
    while (done < len) {
        uint8_t *p;
        uint64_t n = virtio_req_piece(r, in, off + done, &p);
        if (!n)
            break;
        n = n < len - done ? n : len - done;
        if (to_req)
            memcpy(p, buf + done, n);
        else
            memcpy(buf + done, p, n);
        done += n;
    }
    return done;
}

uint64_t virtio_req_read(const VirtioReq *r, uint64_t off, void *buf, uint64_t len)
{
    return req_copy(r, false, off, buf, len, false);
}

uint64_t virtio_req_write(VirtioReq *r, uint64_t off, const void *buf, uint64_t len)
{
    return req_copy(r, true, off, (uint8_t *)buf, len, true);
}

static VirtQueue *vm_live_queue(VirtioMmio *v, int qi)
{
    if (!v->dops || qi < 0 || qi >= v->dops->n_queues || !vm_queue_live(v, &v->vq[qi]))
        return NULL;
    return &v->vq[qi];
}

static void vm_bad_rings(VirtioMmio *v, int qi)
{
    hw_log(v->log, v->log && v->log->guest_errors,
           "virtio-mmio: queue %d: rings outside RAM\n", qi);
}

/* Put head on the used ring with `written` bytes and raise the used-buffer interrupt. */
static void vm_used(VirtioMmio *v, int qi, VirtQueue *q, uint16_t head, uint32_t written)
{
    uint16_t used_idx;
    uint32_t elem[2] = { head, written };
    if (!ring_rw(v, q->used + 2, &used_idx, 2, false) ||
        !ring_rw(v, q->used + 4 + 8ULL * (used_idx % q->num), elem, 8, true)) {
        vm_bad_rings(v, qi);
        return;
    }
    used_idx++;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    if (!ring_rw(v, q->used + 2, &used_idx, 2, true)) {
        vm_bad_rings(v, qi);
        return;
    }
    v->int_status |= 1;
    irq_set(&v->irq, 1);
}

bool virtio_mmio_pop(VirtioMmio *v, int qi, VirtioReq *r)
{
    VirtQueue *q = vm_live_queue(v, qi);
    if (!q)
        return false;
    for (;;) {
        uint16_t avail_idx, head;
        if (!ring_rw(v, q->avail + 2, &avail_idx, 2, false)) {
            vm_bad_rings(v, qi);
            return false;
        }
        if (q->last_avail == avail_idx)
            return false;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (!ring_rw(v, q->avail + 4 + 2ULL * (q->last_avail % q->num), &head, 2, false)) {
            vm_bad_rings(v, qi);
            return false;
        }
        q->last_avail++;
        if (vm_gather(v, q, head, r))
            return true;
        hw_log(v->log, v->log && v->log->guest_errors,
               "virtio-mmio: queue %d: bad descriptor chain at head %u\n", qi, head);
        vm_used(v, qi, q, head, 0);
    }
}

void virtio_mmio_push(VirtioMmio *v, int qi, const VirtioReq *r, uint32_t written)
{
    VirtQueue *q = vm_live_queue(v, qi);
    if (q)
        vm_used(v, qi, q, r->head, written);
}

bool virtio_mmio_driver_ok(const VirtioMmio *v)
{
    return (v->status & 4) != 0;
}

void virtio_mmio_process(VirtioMmio *v, int qi)
{
    VirtioReq req;
    while (virtio_mmio_pop(v, qi, &req))
        virtio_mmio_push(v, qi, &req, v->dops->handle(v->dev, qi, &req));
}

static uint64_t virtio_mmio_read(void *dev, uint64_t off, unsigned size)
{
    VirtioMmio *v = dev;
    if (off >= VM_CONFIG)
        return v->dops && v->dops->config_read ? v->dops->config_read(v->dev, off - VM_CONFIG, size)
                                               : 0;
    if (size != 4)
        return 0;
    switch (off) {
    case VM_MAGIC: return VIRTIO_MAGIC;
    case VM_VERSION: return v->legacy ? 1 : 2;
    case VM_DEVICE_ID: return v->dops ? v->dops->device_id : 0;
    case VM_VENDOR_ID: return VIRTIO_VENDOR;
    }
    if (!v->dops)
        return 0;
    VirtQueue *q = &v->vq[v->queue_sel < VIRTQ_MAX ? v->queue_sel : 0];
    bool qok = (int)v->queue_sel < v->dops->n_queues;
    switch (off) {
    case VM_DEV_FEATURES:
        return v->dev_feat_sel < 2 ? (uint32_t)(vm_features(v) >> (32 * v->dev_feat_sel)) : 0;
    case VM_QUEUE_NUM_MAX: return qok ? v->dops->queue_max : 0;
    case VM_QUEUE_PFN: return v->legacy && qok ? q->pfn : 0;
    case VM_QUEUE_READY: return !v->legacy && qok ? q->ready : 0;
    case VM_INT_STATUS: return v->int_status;
    case VM_STATUS: return v->status;
    case VM_CONFIG_GEN: return 0;
    }
    return 0;
}

static void set_half(uint64_t *r, bool hi, uint64_t val)
{
    *r = hi ? (*r & 0xffffffffULL) | (val << 32) : (*r & ~0xffffffffULL) | (uint32_t)val;
}

static void virtio_mmio_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    VirtioMmio *v = dev;
    if (!v->dops)
        return;
    if (off >= VM_CONFIG) {
        if (v->dops->config_write)
            v->dops->config_write(v->dev, off - VM_CONFIG, val, size);
        return;
    }
    if (size != 4)
        return;
    bool qok = v->queue_sel < VIRTQ_MAX && (int)v->queue_sel < v->dops->n_queues;
    VirtQueue *q = &v->vq[qok ? v->queue_sel : 0];
    uint32_t x = (uint32_t)val;
    switch (off) {
    case VM_DEV_FEATURES_SEL: v->dev_feat_sel = x; break;
    case VM_DRV_FEATURES:
        if (v->drv_feat_sel < 2)
            set_half(&v->driver_features, v->drv_feat_sel == 1, x);
        break;
    case VM_DRV_FEATURES_SEL: v->drv_feat_sel = x; break;
    case VM_GUEST_PAGE_SIZE: v->guest_page_size = x; break;
    case VM_QUEUE_SEL: v->queue_sel = x; break;
    case VM_QUEUE_NUM:
        if (qok && x && x <= v->dops->queue_max && !(x & (x - 1))) {
            q->num = x;
            if (v->legacy && q->pfn)
                vm_legacy_layout(v, q);
        }
        break;
    case VM_QUEUE_ALIGN:
        if (qok && v->legacy && x && !(x & (x - 1)))
            q->align = x;
        break;
    case VM_QUEUE_PFN:
        if (qok && v->legacy) {
            q->pfn = x;
            q->last_avail = 0;
            if (x)
                vm_legacy_layout(v, q);
        }
        break;
    case VM_QUEUE_READY:
        if (qok && !v->legacy) {
            q->ready = x & 1;
            if (!q->ready)
                q->last_avail = 0;
        }
        break;
    case VM_QUEUE_NOTIFY:
        if (v->dops->notify)
            v->dops->notify(v->dev, (int)x);
        else
            virtio_mmio_process(v, (int)x);
        break;
    case VM_INT_ACK:
        v->int_status &= ~x;
        irq_set(&v->irq, v->int_status != 0);
        break;
    case VM_STATUS:
        if (x == 0)
            vm_reset(v);
        else
            v->status = x;
        break;
    case VM_QUEUE_DESC_LO: case VM_QUEUE_DESC_HI:
        if (qok && !v->legacy)
            set_half(&q->desc, off == VM_QUEUE_DESC_HI, x);
        break;
    case VM_QUEUE_AVAIL_LO: case VM_QUEUE_AVAIL_HI:
        if (qok && !v->legacy)
            set_half(&q->avail, off == VM_QUEUE_AVAIL_HI, x);
        break;
    case VM_QUEUE_USED_LO: case VM_QUEUE_USED_HI:
        if (qok && !v->legacy)
            set_half(&q->used, off == VM_QUEUE_USED_HI, x);
        break;
    default:
        hw_log(v->log, v->log && v->log->guest_errors,
               "virtio-mmio: write 0x%x to read-only or unknown register 0x%llx\n", x,
               (unsigned long long)off);
    }
}

const MMIOOps virtio_mmio_ops = { virtio_mmio_read, virtio_mmio_write };
