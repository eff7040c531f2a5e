/*
 * virtio-rng (virtio 1.2, section 5.4): one queue; each request's writable buffers are filled
 * with bytes from the host's getrandom(2). No config space, no features.
 */
#include <errno.h>
#include <sys/random.h>
#include "hw/devices.h"

static uint64_t rng_features(void *dev)
{
    return 0;
}

static uint32_t rng_handle(void *dev, int queue, VirtioReq *r)
{
    uint64_t done = 0;
    for (;;) {
        uint8_t *p;
        uint32_t n = virtio_req_piece(r, true, done, &p);
        if (!n)
            break;
        ssize_t got = getrandom(p, n, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        done += (uint64_t)got;
    }
    return (uint32_t)done;
}

const VirtioDeviceOps virtio_rng_ops = {
    .device_id = VIRTIO_ID_RNG, .n_queues = 1, .queue_max = 64,
    .features = rng_features, .handle = rng_handle,
};
