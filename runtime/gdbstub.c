/*
 * The gdb remote serial protocol (runtime/gdbstub.h): packets over one TCP connection, registers
 * through the guest's guest-gdb.h, software and hardware breakpoints as a list of addresses
 * checked before each block (so nothing is written into guest memory), continue and single step,
 * Ctrl-C (gdb's one out-of-packet byte, polled every 4096 blocks), the XML target description.
 * Guest memory and "kill" come from the OS layer (GdbTarget). Not supported yet: watchpoints,
 * several threads (gdb sees one: the vCPU that stopped).
 * All state is in the GdbStub the OS layer holds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "gdbstub.h"
#include "guest-gdb.h"
#include "vcpu.h"

#define MAX_BP 64
#define PKT_MAX 16384

struct GdbStub {
    GdbTarget t;
    int listen_fd;           /* -1 once connected (or never listening) */
    int fd;                  /* connection, -1 when none */
    uint64_t bp[MAX_BP];
    int n_bp;
    int stepping;            /* resumed with 's' */
    int interrupted;         /* gdb sent Ctrl-C (0x03) while the guest ran */
    int connected_now;       /* accepted, no stop reported yet (gdb asks with '?') */
    unsigned poll_count;
    int resumed;             /* the first block after a resume runs unconditionally */
    char pkt[PKT_MAX + 1];
    char txbuf[2 * PKT_MAX + 8];
    char out[2 * PKT_MAX + 1];
    uint8_t bin[PKT_MAX / 2];
    char xml[16384];
    char xfer[PKT_MAX];
};

static const char hexd[] = "0123456789abcdef";

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void put_bytes(GdbStub *g, const char *s, size_t n)
{
    while (n && g->fd >= 0) {
        ssize_t w = write(g->fd, s, n);
        if (w <= 0) {
            if (w < 0 && errno == EINTR)
                continue;
            close(g->fd);
            g->fd = -1;
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

static void putpkt_n(GdbStub *g, const char *data, size_t n)
{
    char *buf = g->txbuf;
    unsigned sum = 0;
    size_t k = 0;
    buf[k++] = '$';
    for (size_t i = 0; i < n && k < sizeof g->txbuf - 4; i++) {
        char c = data[i];
        if (c == '$' || c == '#' || c == '}' || c == '*') {   /* escape */
            buf[k++] = '}';
            sum += '}';
            c ^= 0x20;
        }
        buf[k++] = c;
        sum += (unsigned char)c;
    }
    buf[k++] = '#';
    buf[k++] = hexd[(sum >> 4) & 15];
    buf[k++] = hexd[sum & 15];
    put_bytes(g, buf, k);
}

static void putpkt(GdbStub *g, const char *s) { putpkt_n(g, s, strlen(s)); }

static int getc_gdb(GdbStub *g)
{
    unsigned char c;
    for (;;) {
        if (g->fd < 0)
            return -1;
        ssize_t r = read(g->fd, &c, 1);
        if (r == 1)
            return c;
        if (r < 0 && errno == EINTR)
            continue;
        close(g->fd);
        g->fd = -1;
        return -1;
    }
}

/* Next packet's payload into g->pkt (acknowledged); -1 when gdb went away. */
static int getpkt(GdbStub *g)
{
    for (;;) {
        int c;
        do {
            c = getc_gdb(g);
            if (c < 0)
                return -1;
        } while (c != '$');
        size_t n = 0;
        unsigned sum = 0;
        while ((c = getc_gdb(g)) >= 0 && c != '#') {
            sum += (unsigned)c;
            if (n < PKT_MAX)
                g->pkt[n++] = (char)c;
        }
        int h = getc_gdb(g), l = getc_gdb(g);
        if (c < 0 || h < 0 || l < 0)
            return -1;
        g->pkt[n] = 0;
        if (hexval(h) * 16 + hexval(l) == (int)(sum & 0xff)) {
            put_bytes(g, "+", 1);
            return (int)n;
        }
        put_bytes(g, "-", 1);
    }
}

static void hex_of(char *out, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hexd[b[i] >> 4];
        out[2 * i + 1] = hexd[b[i] & 15];
    }
    out[2 * n] = 0;
}

/* Reply with n bytes in hex (out: scratch of 2n+1), or with err when !ok. */
static void reply_hex(GdbStub *g, char *out, const uint8_t *b, size_t n, bool ok, const char *err)
{
    if (!ok) {
        putpkt(g, err);
        return;
    }
    hex_of(out, b, n);
    putpkt(g, out);
}

static int bytes_of(uint8_t *out, const char *hex, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int h = hexval(hex[2 * i]), l = h < 0 ? -1 : hexval(hex[2 * i + 1]);
        if (l < 0)
            return -1;
        out[i] = (uint8_t)(h * 16 + l);
    }
    return 0;
}

static bool is_bp(const GdbStub *g, uint64_t pc)
{
    for (int i = 0; i < g->n_bp; i++)
        if (g->bp[i] == pc)
            return true;
    return false;
}

static void reply_xfer(GdbStub *g, VCPU *cpu, const char *args)
{
    /* qXfer:features:read:target.xml:OFF,LEN */
    char *xml = g->xml;
    size_t n = guest_gdb_target_xml(cpu, xml, sizeof g->xml);
    if (n >= sizeof g->xml)
        n = sizeof g->xml - 1;
    const char *a = strstr(args, "target.xml:");
    if (!a) {
        putpkt(g, "E00");
        return;
    }
    unsigned long off = strtoul(a + 11, (char **)&a, 16), len = 0;
    if (*a == ',')
        len = strtoul(a + 1, NULL, 16);
    char *out = g->xfer;
    if (off >= n) {
        putpkt(g, "l");
        return;
    }
    if (len > sizeof g->xfer - 2)
        len = sizeof g->xfer - 2;
    size_t k = n - off < len ? n - off : len;
    out[0] = off + k < n ? 'm' : 'l';
    memcpy(out + 1, xml + off, k);
    putpkt_n(g, out, k + 1);
}

/* gdb's kill: the OS layer ends the run; the connection is gone either way. */
static void kill_target(GdbStub *g)
{
    close(g->fd);
    g->fd = -1;
    g->t.kill(g->t.opaque);
}

/* Serve gdb while the guest is stopped; returns when gdb resumes it (or leaves). */
static void serve(GdbStub *g, VCPU *cpu)
{
    char *out = g->out;
    uint8_t *buf = g->bin;
    for (;;) {
        int n = getpkt(g);
        if (n < 0)
            return;   /* gone: the guest runs on without a debugger */
        char *pk = g->pkt;
        switch (pk[0]) {
        case '?':
            putpkt(g, "S05");
            break;
        case 'g': {
            size_t k = 0;
            for (int r = 0; r < guest_gdb_g_regs(); r++) {
                int len = guest_gdb_read_reg(cpu, r, buf);
                hex_of(out + k, buf, (size_t)len);
                k += 2 * (size_t)len;
            }
            putpkt(g, out);
            break;
        }
        case 'G': {
            const char *h = pk + 1;
            for (int r = 0; r < guest_gdb_g_regs() && strlen(h) >= 16; r++, h += 16)
                if (bytes_of(buf, h, 8) == 0)
                    guest_gdb_write_reg(cpu, r, buf, 8);
            putpkt(g, "OK");
            break;
        }
        case 'p': {
            int len = guest_gdb_read_reg(cpu, (int)strtol(pk + 1, NULL, 16), buf);
            reply_hex(g, out, buf, (size_t)len, len > 0, "E01");
            break;
        }
        case 'P': {
            char *eq = strchr(pk, '=');
            int r = (int)strtol(pk + 1, NULL, 16);
            size_t len = eq ? strlen(eq + 1) / 2 : 0;
            putpkt(g, eq && len <= 128 && bytes_of(buf, eq + 1, len) == 0 &&
                   guest_gdb_write_reg(cpu, r, buf, (int)len) == 0 ? "OK" : "E01");
            break;
        }
        case 'm': {
            char *c;
            uint64_t a = strtoull(pk + 1, &c, 16), len = *c == ',' ? strtoull(c + 1, NULL, 16) : 0;
            if (len > sizeof g->bin)
                len = sizeof g->bin;
            reply_hex(g, out, buf, (size_t)len, len && g->t.mem_rw(g->t.opaque, cpu, a, buf, len, false), "E14");
            break;
        }
        case 'M': {
            char *c, *colon = strchr(pk, ':');
            uint64_t a = strtoull(pk + 1, &c, 16), len = *c == ',' ? strtoull(c + 1, NULL, 16) : 0;
            if (colon && len <= sizeof g->bin && strlen(colon + 1) >= 2 * len &&
                bytes_of(buf, colon + 1, len) == 0 &&
                g->t.mem_rw(g->t.opaque, cpu, a, buf, len, true)) {
                putpkt(g, "OK");
            } else {
                putpkt(g, "E14");
            }
            break;
        }
        case 'Z': case 'z': {
            int type = pk[1] - '0';
            uint64_t a = strtoull(pk + 3, NULL, 16);
            if ((type != 0 && type != 1) || pk[2] != ',') {
                putpkt(g, "");   /* watchpoints: not supported */
                break;
            }
            if (pk[0] == 'Z') {
                if (!is_bp(g, a) && g->n_bp < MAX_BP)
                    g->bp[g->n_bp++] = a;
                putpkt(g, is_bp(g, a) ? "OK" : "E22");
            } else {
                for (int i = 0; i < g->n_bp; i++)
                    if (g->bp[i] == a)
                        g->bp[i--] = g->bp[--g->n_bp];
                putpkt(g, "OK");
            }
            break;
        }
        case 'c': case 's': case 'C': case 'S': {
            /* c[addr], s[addr], C sig[;addr], S sig[;addr]: the signal is not delivered. */
            char *a = pk[0] == 'c' || pk[0] == 's' ? pk + 1 : strchr(pk, ';');
            if (a && pk[0] != 'c' && pk[0] != 's')
                a++;
            if (a && *a)
                cpu->g.pc = strtoull(a, NULL, 16);
            g->stepping = pk[0] == 's' || pk[0] == 'S';
            g->resumed = 1;
            return;
        }
        case 'k':
            kill_target(g);
            break;
        case 'D':
            putpkt(g, "OK");
            close(g->fd);
            g->fd = -1;
            return;
        case 'H': case 'T':
            putpkt(g, "OK");
            break;
        case 'q':
            if (!strncmp(pk, "qSupported", 10))
                putpkt(g, "PacketSize=4000;qXfer:features:read+");
            else if (!strcmp(pk, "qAttached"))
                putpkt(g, "1");
            else if (!strcmp(pk, "qC"))
                putpkt(g, "QC1");
            else if (!strcmp(pk, "qfThreadInfo"))
                putpkt(g, "m1");
            else if (!strcmp(pk, "qsThreadInfo"))
                putpkt(g, "l");
            else if (!strncmp(pk, "qXfer:features:read:", 20))
                reply_xfer(g, cpu, pk + 20);
            else if (!strncmp(pk, "qSymbol", 7))
                putpkt(g, "OK");
            else
                putpkt(g, "");
            break;
        case 'v':
            if (!strncmp(pk, "vKill", 5)) {
                putpkt(g, "OK");
                kill_target(g);
            }
            putpkt(g, "");
            break;
        default:
            putpkt(g, "");
            break;
        }
    }
}



GdbStub *gdb_stub_listen(int port, const GdbTarget *t, char *err, size_t errlen)
{
    GdbStub *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    g->t = *t;
    g->fd = -1;
    g->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_ANY) };
    if (g->listen_fd < 0 ||
        setsockopt(g->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(g->listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(g->listen_fd, 1) < 0) {
        snprintf(err, errlen, "cannot listen on TCP port %d: %s", port, strerror(errno));
        if (g->listen_fd >= 0)
            close(g->listen_fd);
        free(g);
        return NULL;
    }
    return g;
}

bool gdb_stub_accept(GdbStub *g)
{
    int fd;
    do
        fd = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return false;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    close(g->listen_fd);
    g->listen_fd = -1;
    g->fd = fd;
    g->connected_now = 1;
    return true;
}

bool gdb_stub_connected(const GdbStub *g)
{
    return g && g->fd >= 0;
}

bool gdb_stub_should_stop(GdbStub *g, VCPU *cpu)
{
    if (g->fd < 0)
        return false;
    if (g->resumed) {
        g->resumed = 0;
        return false;
    }
    if (++g->poll_count >= 4096) {   /* Ctrl-C: gdb's one out-of-packet byte */
        g->poll_count = 0;
        char ch;
        if (recv(g->fd, &ch, 1, MSG_DONTWAIT) == 1 && ch == 0x03) {
            g->interrupted = 1;
            return true;
        }
    }
    return g->stepping || is_bp(g, cpu->g.pc);
}

void gdb_stub_serve(GdbStub *g, VCPU *cpu)
{
    g->connected_now = 0;
    serve(g, cpu);
}

void gdb_stub_stopped(GdbStub *g, VCPU *cpu, bool inline_resume)
{
    if (g->fd < 0)
        return;
    if (g->connected_now)
        g->connected_now = 0;              /* gdb asks '?' itself on connecting */
    else
        putpkt(g, g->interrupted ? "S02" : "S05");   /* SIGINT for Ctrl-C, else SIGTRAP */
    g->interrupted = 0;
    serve(g, cpu);
    if (inline_resume)
        g->resumed = 0;
}

void gdb_stub_drop(GdbStub *g)
{
    if (!g)
        return;
    if (g->fd >= 0)
        close(g->fd);
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    g->fd = g->listen_fd = -1;
    g->n_bp = 0;
    g->stepping = 0;
    g->interrupted = 0;
}

void gdb_stub_exited(GdbStub *g, int status)
{
    if (!g || g->fd < 0)
        return;
    char b[16];
    snprintf(b, sizeof b, "W%02x", status & 0xff);
    putpkt(g, b);
    close(g->fd);
    g->fd = -1;
}
