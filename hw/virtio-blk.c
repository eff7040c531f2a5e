/*
 * virtio-blk (virtio 1.2, section 5.2) over a raw image file: read, write, flush, get-id,
 * discard and write-zeroes requests (as QEMU 7.2 offers them); capacity and limits in the
 * config space. Discard punches a hole in the file (ignored where that fails: discard is a
 * hint); write-zeroes writes zeros (a hole with the unmap flag). readonly=on or a read-only file offers
 * VIRTIO_BLK_F_RO and fails writes; snapshot=on keeps every write in memory (4 KiB chunks
 * copied from the file on first write) so the file is never changed.
 *
 * A request is: a 16-byte header (type, reserved, sector) in the device-readable part, the data
 * (readable for writes, writable for reads), and a final status byte in the writable part. The
 * parts are streams (virtio_req_*), however the driver split them into descriptors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hw/devices.h"

enum { BLK_T_IN = 0, BLK_T_OUT = 1, BLK_T_FLUSH = 4, BLK_T_GET_ID = 8, BLK_T_DISCARD = 11,
       BLK_T_WRITE_ZEROES = 13 };
enum { BLK_S_OK = 0, BLK_S_IOERR = 1, BLK_S_UNSUPP = 2 };
enum { BLK_F_SEG_MAX = 2, BLK_F_RO = 5, BLK_F_BLK_SIZE = 6, BLK_F_FLUSH = 9, BLK_F_DISCARD = 13,
       BLK_F_WRITE_ZEROES = 14 };
#define BLK_MAX_RANGE_SECTORS (UINT32_MAX / 512)   /* max_discard/write_zeroes_sectors */
#define BLK_MAX_RANGES 1                           /* max_discard/write_zeroes_seg */
#define CHUNK 4096u
#define SECTOR 512u

bool virtio_blk_open(VirtioBlk *b, const char *path, bool readonly, bool snapshot,
                     const char *serial, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->fd = -1;
    int fd = (readonly || snapshot) ? -1 : open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0 && !readonly && !snapshot && errno != EACCES && errno != EROFS && errno != EPERM) {
        snprintf(err, errlen, "could not open disk image %s: %s", path, strerror(errno));
        return false;
    }
    if (fd < 0) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            snprintf(err, errlen, "could not open disk image %s: %s", path, strerror(errno));
            return false;
        }
        if (!snapshot)
            readonly = true;             /* a read-only file: the guest sees a read-only disk */
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        snprintf(err, errlen, "disk image %s is not a regular file", path);
        close(fd);
        return false;
    }
    b->fd = fd;
    b->size = (uint64_t)st.st_size;
    b->readonly = readonly;
    b->snapshot = snapshot;
    if (snapshot) {
        b->n_chunks = (b->size + CHUNK - 1) / CHUNK;
        b->cow = calloc(b->n_chunks ? b->n_chunks : 1, sizeof *b->cow);
        if (!b->cow) {
            snprintf(err, errlen, "out of memory for snapshot of %s", path);
            close(fd);
            return false;
        }
    }
    snprintf(b->serial, sizeof b->serial, "%s", serial ? serial : "");
    return true;
}

void virtio_blk_close(VirtioBlk *b)
{
    for (uint64_t i = 0; b->cow && i < b->n_chunks; i++)
        free(b->cow[i]);
    free(b->cow);
    b->cow = NULL;
    if (b->fd >= 0)
        close(b->fd);
    b->fd = -1;
}

static bool file_read(int fd, uint8_t *p, uint64_t len, uint64_t off)
{
    while (len) {
        ssize_t n = pread(fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0) {                    /* past the end of a file that shrank: zeros */
            memset(p, 0, len);
            return true;
        }
        p += n, len -= (uint64_t)n, off += (uint64_t)n;
    }
    return true;
}

static bool file_write(int fd, const uint8_t *p, uint64_t len, uint64_t off)
{
    while (len) {
        ssize_t n = pwrite(fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n, len -= (uint64_t)n, off += (uint64_t)n;
    }
    return true;
}

/* Image access with the snapshot's chunks in front of the file. */
static bool blk_access(VirtioBlk *b, uint8_t *p, uint64_t len, uint64_t off, bool write)
{
    if (!b->snapshot)
        return write ? file_write(b->fd, p, len, off) : file_read(b->fd, p, len, off);
    while (len) {
        uint64_t c = off / CHUNK, in = off % CHUNK, n = CHUNK - in < len ? CHUNK - in : len;
        if (write && !b->cow[c]) {
            if (!(b->cow[c] = malloc(CHUNK)) || !file_read(b->fd, b->cow[c], CHUNK, c * CHUNK))
                return false;
        }
        if (b->cow[c]) {
            if (write)
                memcpy(b->cow[c] + in, p, n);
            else
                memcpy(p, b->cow[c] + in, n);
        } else if (!file_read(b->fd, p, n, off)) {
            return false;
        }
        p += n, len -= n, off += n;
    }
    return true;
}

/* Move data between the image at off and the request's stream from stream_off. */
static bool blk_data(VirtioBlk *b, VirtioReq *r, bool to_guest, uint64_t stream_off,
                     uint64_t len, uint64_t off)
{
    while (len) {
        uint8_t *p;
        uint64_t n = virtio_req_piece(r, to_guest, stream_off, &p);
        if (!n)
            return false;
        n = n < len ? n : len;
        if (!blk_access(b, p, n, off, !to_guest))
            return false;
        stream_off += n, off += n, len -= n;
    }
    return true;
}

/* Discard or write zeros over [off, off+len): a hole in the file where it can be punched. */
static bool blk_zero(VirtioBlk *b, uint64_t off, uint64_t len, bool hole_ok, bool discard)
{
    if (!b->snapshot && hole_ok &&
        fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) == 0)
        return true;
    if (discard)
        return true;                     /* only a hint */
    static const uint8_t zeros[CHUNK];
    while (len) {
        uint64_t n = len < CHUNK ? len : CHUNK;
        if (!blk_access(b, (uint8_t *)zeros, n, off, true))
            return false;
        off += n, len -= n;
    }
    return true;
}

/* DISCARD / WRITE_ZEROES: ranges {sector u64, num_sectors u32, flags u32 (bit 0: unmap)}. */
static uint8_t blk_ranges(VirtioBlk *b, VirtioReq *r, bool discard, uint64_t stream_off,
                          uint64_t len)
{
    if (b->readonly)
        return BLK_S_IOERR;
    if (len % 16 || len / 16 > BLK_MAX_RANGES)
        return BLK_S_UNSUPP;
    for (uint64_t k = 0; k < len / 16; k++) {
        struct { uint64_t sector; uint32_t n, flags; } seg;
        virtio_req_read(r, stream_off + 16 * k, &seg, 16);
        if (seg.flags & ~1u)
            return BLK_S_UNSUPP;
        if (seg.n > BLK_MAX_RANGE_SECTORS || seg.sector > b->size / SECTOR ||
            seg.n > b->size / SECTOR - seg.sector)
            return BLK_S_IOERR;
        if (!blk_zero(b, seg.sector * SECTOR, (uint64_t)seg.n * SECTOR, discard || (seg.flags & 1),
                      discard))
            return BLK_S_IOERR;
    }
    return BLK_S_OK;
}

static uint32_t blk_handle(void *dev, int queue, VirtioReq *r)
{
    VirtioBlk *b = dev;
    struct { uint32_t type, reserved; uint64_t sector; } h;
    if (r->in_len < 1 || virtio_req_read(r, 0, &h, sizeof h) != sizeof h)
        return 0;
    uint64_t in_data = r->in_len - 1, out_data = r->out_len - sizeof h;
    uint8_t status = BLK_S_OK;
    uint32_t written = 0;
    uint64_t off = h.sector * SECTOR;
    switch (h.type) {
    case BLK_T_IN:
        if (h.sector > b->size / SECTOR || in_data > b->size - off || in_data % SECTOR ||
            !blk_data(b, r, true, 0, in_data, off))
            status = BLK_S_IOERR;
        else
            written = (uint32_t)in_data;
        break;
    case BLK_T_OUT:
        if (b->readonly || h.sector > b->size / SECTOR || out_data > b->size - off ||
            !blk_data(b, r, false, sizeof h, out_data, off))
            status = BLK_S_IOERR;
        break;
    case BLK_T_FLUSH:
        if (!b->snapshot && !b->readonly && fdatasync(b->fd) != 0)
            status = BLK_S_IOERR;
        break;
    case BLK_T_DISCARD:
    case BLK_T_WRITE_ZEROES:
        status = blk_ranges(b, r, h.type == BLK_T_DISCARD, sizeof h, out_data);
        break;
    case BLK_T_GET_ID: {
        char id[20] = { 0 };
        memcpy(id, b->serial, strnlen(b->serial, sizeof id));
        written = (uint32_t)virtio_req_write(r, 0, id, in_data < 20 ? in_data : 20);
        break;
    }
    default:
        status = BLK_S_UNSUPP;
    }
    virtio_req_write(r, in_data, &status, 1);
    return written + 1;
}

static uint64_t blk_features(void *dev)
{
    VirtioBlk *b = dev;
    return (1ULL << BLK_F_SEG_MAX) | (1ULL << BLK_F_BLK_SIZE) | (1ULL << BLK_F_FLUSH) |
           (b->readonly ? 1ULL << BLK_F_RO : (1ULL << BLK_F_DISCARD) | (1ULL << BLK_F_WRITE_ZEROES));
}

static uint64_t blk_config_read(void *dev, uint64_t off, unsigned size)
{
    VirtioBlk *b = dev;
    uint8_t cfg[60] = { 0 };
    uint64_t capacity = b->size / SECTOR;
    uint32_t seg_max = VIRTQ_MAX_SEGS - 2, blk_size = SECTOR, one = 1;
    uint32_t range_max = BLK_MAX_RANGE_SECTORS, ranges = BLK_MAX_RANGES;
    memcpy(cfg + 0, &capacity, 8);       /* capacity, then size_max (0) */
    memcpy(cfg + 12, &seg_max, 4);
    memcpy(cfg + 20, &blk_size, 4);      /* after geometry (0) */
    memcpy(cfg + 36, &range_max, 4);     /* max_discard_sectors */
    memcpy(cfg + 40, &ranges, 4);        /* max_discard_seg */
    memcpy(cfg + 44, &one, 4);           /* discard_sector_alignment */
    memcpy(cfg + 48, &range_max, 4);     /* max_write_zeroes_sectors */
    memcpy(cfg + 52, &ranges, 4);        /* max_write_zeroes_seg */
    cfg[56] = 1;                         /* write_zeroes_may_unmap */
    uint64_t v = 0;
    if (off + size <= sizeof cfg)
        memcpy(&v, cfg + off, size);
    return v;
}

const VirtioDeviceOps virtio_blk_ops = {
    .device_id = VIRTIO_ID_BLOCK, .n_queues = 1, .queue_max = 256,
    .features = blk_features, .config_read = blk_config_read, .handle = blk_handle,
};
