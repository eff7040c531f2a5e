/* virtio-mmio over a fake guest RAM: the modern (version 2) and legacy (version 1) register
 * layouts, split-queue processing, the interrupt status and line, and virtio-blk requests on a
 * temporary raw image (write/read round trip, get id, read-only and snapshot=on disks), and
 * virtio-rng filling a buffer; virtio-net: config space, a frame waiting for a receive buffer,
 * and an ARP request transmitted to the user-mode network (libslirp) answered into a receive
 * buffer. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>
#include "hw-fake.h"

#define RAM   0x80000000ULL
#define DESC  (RAM + 0x1000)
#define AVAIL (RAM + 0x2000)
#define USED  (RAM + 0x3000)
#define HDR   (RAM + 0x4000)
#define DATA  (RAM + 0x5000)
#define STAT  (RAM + 0x6000)
#define QN    8

static Machine *m;
static int lines[16];

static void *ram(uint64_t pa) { return m->ram + (pa - RAM); }
static void put16(uint64_t pa, uint16_t v) { memcpy(ram(pa), &v, 2); }
static uint16_t get16(uint64_t pa) { uint16_t v; memcpy(&v, ram(pa), 2); return v; }
static uint32_t get32(uint64_t pa) { uint32_t v; memcpy(&v, ram(pa), 4); return v; }

static void desc(int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t *d = ram(DESC + 16ULL * i);
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
}

static void wr(VirtioMmio *v, uint64_t off, uint32_t val) { virtio_mmio_ops.write(v, off, val, 4); }
static uint32_t rd(VirtioMmio *v, uint64_t off) { return (uint32_t)virtio_mmio_ops.read(v, off, 4); }

static void setup_modern(VirtioMmio *v)
{
    wr(v, 0x70, 0);
    wr(v, 0x70, 1 | 2);
    wr(v, 0x24, 1);
    wr(v, 0x20, 1);                                  /* VERSION_1 */
    wr(v, 0x70, 1 | 2 | 8);
    wr(v, 0x30, 0);
    wr(v, 0x38, QN);
    wr(v, 0x80, (uint32_t)DESC);  wr(v, 0x84, (uint32_t)(DESC >> 32));
    wr(v, 0x90, (uint32_t)AVAIL); wr(v, 0x94, 0);
    wr(v, 0xa0, (uint32_t)USED);  wr(v, 0xa4, 0);
    wr(v, 0x44, 1);
    wr(v, 0x70, 1 | 2 | 8 | 4);
    memset(ram(AVAIL), 0, 0x2000);
}

/* Put a 3-descriptor block request (header, data, status) on the ring and notify. */
static uint8_t blk_request(VirtioMmio *v, uint32_t type, uint64_t sector, uint32_t len)
{
    uint32_t hdr[4] = { type, 0, (uint32_t)sector, (uint32_t)(sector >> 32) };
    memcpy(ram(HDR), hdr, 16);
    bool to_guest = type == 0 || type == 8;        /* IN, GET_ID */
    *(uint8_t *)ram(STAT) = 0xee;
    desc(0, HDR, 16, 1, 1);
    desc(1, DATA, len, 1 | (to_guest ? 2 : 0), 2);
    desc(2, STAT, 1, 2, 0);
    uint16_t idx = get16(AVAIL + 2);
    put16(AVAIL + 4 + 2 * (idx % QN), 0);
    put16(AVAIL + 2, (uint16_t)(idx + 1));
    wr(v, 0x50, 0);
    return *(uint8_t *)ram(STAT);
}

static char *temp_image(size_t size, uint8_t fill)
{
    static char path[64];
    strcpy(path, "/tmp/qelt-hw-virtio-XXXXXX");
    int fd = mkstemp(path);
    uint8_t *b = malloc(size);
    memset(b, fill, size);
    if (fd < 0 || write(fd, b, size) != (ssize_t)size)
        abort();
    close(fd);
    free(b);
    return path;
}

static void test_blk(void)
{
    char *path = temp_image(64 * 1024, 0x11);
    VirtioBlk blk;
    char err[256];
    bool ok = virtio_blk_open(&blk, path, false, false, "disk0", err, sizeof err);
    UNIT_CHECK("virtio-blk opens raw image", ok, "%s", err);
    VirtioMmio v;
    virtio_mmio_init(&v, m, (IRQLine){ rec_set, lines, 3 }, false, NULL);
    UNIT_CHECK("virtio-mmio empty slot", rd(&v, 0) == 0x74726976 && rd(&v, 4) == 2 && rd(&v, 8) == 0,
               "regs");
    virtio_mmio_plug(&v, &virtio_blk_ops, &blk);
    UNIT_CHECK("virtio-mmio modern ids", rd(&v, 8) == 2 && rd(&v, 0xc) == 0x554d4551, "ids");
    wr(&v, 0x14, 1);
    UNIT_CHECK("virtio-mmio modern offers VERSION_1", rd(&v, 0x10) & 1, "features hi");
    UNIT_CHECK("virtio-blk capacity", virtio_mmio_ops.read(&v, 0x100, 8) == 128, "cap");
    setup_modern(&v);
    memset(ram(DATA), 0xab, 1024);
    uint8_t st = blk_request(&v, 1, 3, 1024);       /* write sectors 3-4 */
    UNIT_CHECK("virtio-blk write status", st == 0, "status %u", st);
    UNIT_CHECK("virtio used ring entry", get16(USED + 2) == 1 && get32(USED + 4) == 0 &&
               get32(USED + 8) == 1, "used idx %u id %u len %u", get16(USED + 2), get32(USED + 4),
               get32(USED + 8));
    UNIT_CHECK("virtio interrupt status and line", rd(&v, 0x60) == 1 && lines[3] == 1, "int");
    wr(&v, 0x64, 1);
    UNIT_CHECK("virtio interrupt ack", rd(&v, 0x60) == 0 && lines[3] == 0, "ack");
    uint8_t file[2048];
    int fd = open(path, O_RDONLY);
    ok = pread(fd, file, 2048, 1024) == 2048;
    close(fd);
    UNIT_CHECK("virtio-blk write reached the file", ok && file[512] == 0xab && file[1535] == 0xab &&
               file[511] == 0x11 && file[1536] == 0x11, "file");
    memset(ram(DATA), 0, 2048);
    st = blk_request(&v, 0, 2, 2048);               /* read sectors 2-5 */
    uint8_t *d = ram(DATA);
    UNIT_CHECK("virtio-blk read round trip", st == 0 && d[0] == 0x11 && d[512] == 0xab &&
               d[1535] == 0xab && d[1536] == 0x11 && get32(USED + 4 + 8 + 4) == 2049,
               "status %u d %x %x len %u", st, d[0], d[512], get32(USED + 16));
    st = blk_request(&v, 0, 127, 1024);
    UNIT_CHECK("virtio-blk read past the end fails", st == 1, "status %u", st);
    memset(ram(DATA), 0, 20);
    st = blk_request(&v, 8, 0, 20);
    UNIT_CHECK("virtio-blk get id", st == 0 && !memcmp(ram(DATA), "disk0", 6), "id");
    st = blk_request(&v, 4, 0, 0) ;
    UNIT_CHECK("virtio-blk flush", st == 0, "status %u", st);
    uint32_t range[4] = { 3, 0, 1, 0 };              /* sector 3, 1 sector, no unmap */
    memcpy(ram(DATA), range, 16);
    st = blk_request(&v, 13, 0, 16);                 /* WRITE_ZEROES */
    memset(ram(DATA), 0xee, 1024);
    st |= blk_request(&v, 0, 3, 1024);
    d = ram(DATA);
    UNIT_CHECK("virtio-blk write zeroes", st == 0 && d[0] == 0 && d[511] == 0 && d[512] == 0xab,
               "st %u d %x %x", st, d[0], d[512]);
    range[0] = 4, range[3] = 0;
    memcpy(ram(DATA), range, 16);
    st = blk_request(&v, 11, 0, 16);                 /* DISCARD */
    UNIT_CHECK("virtio-blk discard", st == 0, "status %u", st);
    range[0] = 200;
    memcpy(ram(DATA), range, 16);
    UNIT_CHECK("virtio-blk write zeroes past the end fails", blk_request(&v, 13, 0, 16) == 1, "st");
    wr(&v, 0x14, 0);
    UNIT_CHECK("virtio-blk offers discard and write zeroes", (rd(&v, 0x10) & (3u << 13)) == 3u << 13,
               "features");
    wr(&v, 0x70, 0);
    UNIT_CHECK("virtio-mmio reset", rd(&v, 0x70) == 0 && rd(&v, 0x44) == 0, "reset");
    virtio_blk_close(&blk);

    /* snapshot=on: the guest sees its writes, the file does not change */
    ok = virtio_blk_open(&blk, path, false, true, "s", err, sizeof err);
    virtio_mmio_plug(&v, &virtio_blk_ops, &blk);
    setup_modern(&v);
    memset(ram(DATA), 0xcd, 512);
    st = blk_request(&v, 1, 100, 512);
    memset(ram(DATA), 0, 1024);
    st |= blk_request(&v, 0, 99, 1024);
    d = ram(DATA);
    fd = open(path, O_RDONLY);
    ok &= pread(fd, file, 512, 100 * 512) == 512;
    close(fd);
    UNIT_CHECK("virtio-blk snapshot=on keeps writes in memory",
               ok && st == 0 && d[0] == 0x11 && d[512] == 0xcd && file[0] == 0x11, "snap");
    virtio_blk_close(&blk);

    /* readonly=on: writes fail, the feature bit says so */
    ok = virtio_blk_open(&blk, path, true, false, NULL, err, sizeof err);
    virtio_mmio_plug(&v, &virtio_blk_ops, &blk);
    setup_modern(&v);
    memset(ram(DATA), 0x55, 20);
    st = blk_request(&v, 8, 0, 20);
    uint8_t zero20[20] = { 0 };
    UNIT_CHECK("virtio-blk get id without serial= is empty (QEMU)",
               st == 0 && !memcmp(ram(DATA), zero20, 20), "id");
    wr(&v, 0x14, 0);
    st = blk_request(&v, 1, 0, 512);
    UNIT_CHECK("virtio-blk readonly=on", ok && st == 1 && (rd(&v, 0x10) & (1u << 5)), "st %u", st);
    virtio_blk_close(&blk);
    unlink(path);
}

static void test_legacy_rng(void)
{
    VirtioMmio v;
    virtio_mmio_init(&v, m, (IRQLine){ rec_set, lines, 4 }, true, NULL);
    virtio_mmio_plug(&v, &virtio_rng_ops, NULL);
    UNIT_CHECK("virtio-mmio legacy version 1, rng id 4", rd(&v, 4) == 1 && rd(&v, 8) == 4, "ids");
    wr(&v, 0x14, 1);
    UNIT_CHECK("virtio-mmio legacy hides VERSION_1", rd(&v, 0x10) == 0, "features");
    memset(m->ram, 0, 0x10000);
    wr(&v, 0x28, 4096);                              /* GuestPageSize */
    wr(&v, 0x30, 0);
    wr(&v, 0x38, QN);
    wr(&v, 0x3c, 4096);
    wr(&v, 0x40, (uint32_t)(DESC / 4096));           /* rings from DESC */
    uint64_t avail = DESC + 16 * QN, used = (avail + 6 + 2 * QN + 4095) & ~4095ULL;
    desc(0, DATA, 32, 2, 0);
    put16(avail + 4, 0);
    put16(avail + 2, 1);
    wr(&v, 0x50, 0);
    uint8_t zero[32] = { 0 };
    UNIT_CHECK("virtio-rng legacy ring layout and fill", get16(used + 2) == 1 &&
               get32(used + 8) == 32 && memcmp(ram(DATA), zero, 32) && lines[4] == 1,
               "used idx %u len %u", get16(used + 2), get32(used + 8));
    UNIT_CHECK("virtio-mmio legacy QueuePFN reads back", rd(&v, 0x40) == DESC / 4096, "pfn");
    /* A descriptor pointing outside RAM: returned empty, no crash. */
    desc(0, 0x1000, 32, 2, 0);
    put16(avail + 4 + 2, 0);
    put16(avail + 2, 2);
    wr(&v, 0x50, 0);
    UNIT_CHECK("virtio bad descriptor returned with length 0", get16(used + 2) == 2 &&
               get32(used + 4 + 8 + 4) == 0, "used %u", get16(used + 2));
    desc(0, DATA, 16, 3, 0);                         /* a loop: 0 -> 0 */
    put16(avail + 4 + 4, 0);
    put16(avail + 2, 3);
    wr(&v, 0x50, 0);
    UNIT_CHECK("virtio descriptor loop refused", get16(used + 2) == 3, "used %u", get16(used + 2));
}

/* virtio-net queues: queue q's descriptor table, rings and buffers in their own 64 KiB. */
#define NQ(q)        (RAM + 0x10000 + 0x10000ULL * (q))
#define NQ_AVAIL(q)  (NQ(q) + 0x1000)
#define NQ_USED(q)   (NQ(q) + 0x2000)
#define NQ_BUF(q, i) (NQ(q) + 0x4000 + 0x1000ULL * (i))

static void net_post(VirtioMmio *v, int q, int i, uint32_t len, bool writable)
{
    uint64_t addr = NQ_BUF(q, i);
    uint16_t flags = writable ? 2 : 0;
    uint8_t *d = ram(NQ(q) + 16ULL * i);
    memset(d, 0, 16);
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    uint16_t idx = get16(NQ_AVAIL(q) + 2);
    put16(NQ_AVAIL(q) + 4 + 2 * (idx % QN), (uint16_t)i);
    put16(NQ_AVAIL(q) + 2, (uint16_t)(idx + 1));
    wr(v, 0x50, (uint32_t)q);
}

static void net_setup(VirtioMmio *v)
{
    memset(ram(NQ(0)), 0, 0x20000);
    wr(v, 0x70, 0);
    wr(v, 0x70, 1 | 2);
    wr(v, 0x24, 1);
    wr(v, 0x20, 1);                                  /* VERSION_1 */
    wr(v, 0x24, 0);
    wr(v, 0x20, 1u << 5);                            /* MAC */
    wr(v, 0x70, 1 | 2 | 8);
    for (int q = 0; q < 2; q++) {
        wr(v, 0x30, (uint32_t)q);
        wr(v, 0x38, QN);
        wr(v, 0x80, (uint32_t)NQ(q));       wr(v, 0x84, 0);
        wr(v, 0x90, (uint32_t)NQ_AVAIL(q)); wr(v, 0x94, 0);
        wr(v, 0xa0, (uint32_t)NQ_USED(q));  wr(v, 0xa4, 0);
        wr(v, 0x44, 1);
    }
    wr(v, 0x70, 1 | 2 | 8 | 4);
}

static void test_net(void)
{
    static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    static VirtioNet n;
    UserNet u;
    UserNetConfig cfg;
    char err[256];
    user_net_config_default(&cfg);
    bool ok = user_net_open(&u, m, &cfg, NULL, err, sizeof err);
    UNIT_CHECK("user-net opens (libslirp)", ok, "%s", err);
    VirtioMmio v;
    virtio_mmio_init(&v, m, (IRQLine){ rec_set, lines, 5 }, false, NULL);
    virtio_net_init(&n, &v, mac, ok ? &u : NULL);
    if (ok)
        user_net_attach(&u, virtio_net_receive, &n);
    wr(&v, 0x14, 0);
    UNIT_CHECK("virtio-net id 1, offers MAC and STATUS",
               rd(&v, 8) == 1 && (rd(&v, 0x10) & ((1u << 5) | (1u << 16))) == ((1u << 5) | (1u << 16)),
               "id %u features %#x", rd(&v, 8), rd(&v, 0x10));
    uint8_t cfgb[8];
    for (int i = 0; i < 8; i++)
        cfgb[i] = (uint8_t)virtio_mmio_ops.read(&v, 0x100 + i, 1);
    UNIT_CHECK("virtio-net config: mac and link up", !memcmp(cfgb, mac, 6) && cfgb[6] == 1,
               "status %u", cfgb[6]);
    net_setup(&v);

    /* A frame before any receive buffer waits; posting a buffer delivers it (12-byte header). */
    uint8_t frame[60];
    for (int i = 0; i < 60; i++)
        frame[i] = (uint8_t)(i * 7);
    pthread_mutex_lock(&m->io_lock);
    virtio_net_receive(&n, frame, sizeof frame);
    pthread_mutex_unlock(&m->io_lock);
    UNIT_CHECK("virtio-net frame waits without a receive buffer", get16(NQ_USED(0) + 2) == 0,
               "used %u", get16(NQ_USED(0) + 2));
    net_post(&v, 0, 0, 2048, true);
    uint8_t *b = ram(NQ_BUF(0, 0));
    UNIT_CHECK("virtio-net posted buffer gets the waiting frame",
               get16(NQ_USED(0) + 2) == 1 && get32(NQ_USED(0) + 8) == 72 && b[10] == 1 &&
               !memcmp(b + 12, frame, 60) && lines[5] == 1,
               "used %u len %u", get16(NQ_USED(0) + 2), get32(NQ_USED(0) + 8));
    if (!ok)
        return;

    /* ARP who-has 10.0.2.2 tell 10.0.2.15, transmitted: slirp answers at once. */
    net_post(&v, 0, 1, 2048, true);
    uint8_t *t = ram(NQ_BUF(1, 0));
    static const uint8_t arp[42] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x08, 0x06,
        0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
        0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 10, 0, 2, 15,
        0, 0, 0, 0, 0, 0, 10, 0, 2, 2,
    };
    memset(t, 0, 12);
    memcpy(t + 12, arp, sizeof arp);
    pthread_mutex_lock(&m->io_lock);
    net_post(&v, 1, 0, 12 + sizeof arp, false);
    pthread_mutex_unlock(&m->io_lock);
    uint8_t *r = ram(NQ_BUF(0, 1)) + 12;
    UNIT_CHECK("virtio-net transmit consumed", get16(NQ_USED(1) + 2) == 1, "tx used %u",
               get16(NQ_USED(1) + 2));
    UNIT_CHECK("user-net answers ARP for 10.0.2.2 into the receive queue",
               get16(NQ_USED(0) + 2) == 2 && r[12] == 0x08 && r[13] == 0x06 && r[21] == 2 &&
               r[28] == 10 && r[29] == 0 && r[30] == 2 && r[31] == 2 && !memcmp(r, mac, 6),
               "used %u ethertype %02x%02x op %u", get16(NQ_USED(0) + 2), r[12], r[13], r[21]);
    user_net_close(&u);
    virtio_net_free(&n);
}

static void test_user_net_config(void)
{
    UserNetConfig c;
    user_net_config_default(&c);
    UNIT_CHECK("user-net default 10.0.2.0/24, .2 .3 .15",
               c.net == htonl(0x0a000200) && c.mask == htonl(0xffffff00) &&
               c.host == htonl(0x0a000202) && c.dns == htonl(0x0a000203) &&
               c.dhcp_start == htonl(0x0a00020f), "net %08x", ntohl(c.net));
    bool ok = user_net_config_set_net(&c, "192.168.76.0/255.255.252.0");
    UNIT_CHECK("user-net net=ADDR/MASK moves host, dns, dhcpstart", ok &&
               c.host == htonl(0xc0a84c02) && c.dhcp_start == htonl(0xc0a84c0f), "host %08x",
               ntohl(c.host));
    UNIT_CHECK("user-net net= refuses bad masks", !user_net_config_set_net(&c, "10.0.0.0/255.0.255.0") &&
               !user_net_config_set_net(&c, "10.0.0.0/30") && !user_net_config_set_net(&c, "10.0.0/8"),
               "accepted");
    ok = user_net_config_add_fwd(&c, "tcp:127.0.0.1:2222-:22") &&
         user_net_config_add_fwd(&c, "udp::5353-10.0.2.20:53") && user_net_config_add_fwd(&c, "::8080-:80");
    UNIT_CHECK("user-net hostfwd rules", ok && c.n_fwd == 3 && !c.fwd[0].udp &&
               c.fwd[0].host_addr == htonl(0x7f000001) && c.fwd[0].host_port == 2222 &&
               c.fwd[0].guest_addr == 0 && c.fwd[0].guest_port == 22 && c.fwd[1].udp &&
               c.fwd[1].guest_addr == htonl(0x0a000214) && c.fwd[2].host_port == 8080, "n %d", c.n_fwd);
    UNIT_CHECK("user-net hostfwd refuses bad rules", !user_net_config_add_fwd(&c, "tcp::22") &&
               !user_net_config_add_fwd(&c, "icmp::1-:1") && !user_net_config_add_fwd(&c, "tcp::1-:0") &&
               !user_net_config_add_fwd(&c, "tcp:x:1-:2"), "accepted");
}

int main(void)
{
    m = fake_machine(1 << 20);
    test_blk();
    test_legacy_rng();
    test_net();
    test_user_net_config();
    fake_machine_free(m);
    return unit_status();
}
