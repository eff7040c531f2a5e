/*
 * gdb remote stub (`-g port`, QEMU's option): waits for gdb on a TCP port before the guest's
 * first instruction, then serves the remote serial protocol whenever the guest is stopped:
 * registers (guest/riscv/gdb.c numbers them), memory, software/hardware breakpoints, continue
 * and single step, the XML target description; reports the guest's exit (W).
 *
 * How stops happen: with -g the runtime translates one instruction per block and never chains
 * (RuntimeOptions.single_step), and cpu_exec asks gdb_hook before every block; a yes returns
 * EXIT_DEBUG to cpu_loop, which calls gdb_stopped. Invariants: the guest state is precise at
 * every stop (a block boundary); memory goes through /proc/self/mem, so gdb can also write to
 * pages the guest (or qelt's code-page protection) has read-only, and any write drops all
 * translations. Ctrl-C (0x03) is polled every 4096 blocks while the guest runs (not while it
 * sleeps in a system call). Not supported yet: watchpoints, several threads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "process.h"
#include "guest-gdb.h"

#define MAX_BP 64
#define PKT_MAX 16384

typedef struct GdbState {
    Process *p;
    int fd;                  /* connection, -1 when none */
    int mem_fd;              /* /proc/self/mem */
    uint64_t bp[MAX_BP];
    int n_bp;
    int stepping;            /* resumed with 's' */
    int interrupted;         /* gdb sent Ctrl-C (0x03) while the guest ran */
    unsigned poll_count;
    int resumed;             /* the first block after a resume runs unconditionally */
    char pkt[PKT_MAX + 1];
} GdbState;

static GdbState gdb = { .fd = -1, .mem_fd = -1 };

static const char hexd[] = "0123456789abcdef";

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void put_bytes(const char *s, size_t n)
{
    while (n && gdb.fd >= 0) {
        ssize_t w = write(gdb.fd, s, n);
        if (w <= 0) {
            if (w < 0 && errno == EINTR)
                continue;
            close(gdb.fd);
            gdb.fd = -1;
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

static void putpkt_n(const char *data, size_t n)
{
    static char buf[2 * PKT_MAX + 8];
    unsigned sum = 0;
    size_t k = 0;
    buf[k++] = '$';
    for (size_t i = 0; i < n && k < sizeof buf - 4; i++) {
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
    put_bytes(buf, k);
}

static void putpkt(const char *s) { putpkt_n(s, strlen(s)); }

static int getc_gdb(void)
{
    unsigned char c;
    for (;;) {
        if (gdb.fd < 0)
            return -1;
        ssize_t r = read(gdb.fd, &c, 1);
        if (r == 1)
            return c;
        if (r < 0 && errno == EINTR)
            continue;
        close(gdb.fd);
        gdb.fd = -1;
        return -1;
    }
}

/* Next packet's payload into gdb.pkt (acknowledged); -1 when gdb went away. */
static int getpkt(void)
{
    for (;;) {
        int c;
        do {
            c = getc_gdb();
            if (c < 0)
                return -1;
        } while (c != '$');
        size_t n = 0;
        unsigned sum = 0;
        while ((c = getc_gdb()) >= 0 && c != '#') {
            sum += (unsigned)c;
            if (n < PKT_MAX)
                gdb.pkt[n++] = (char)c;
        }
        int h = getc_gdb(), l = getc_gdb();
        if (c < 0 || h < 0 || l < 0)
            return -1;
        gdb.pkt[n] = 0;
        if (hexval(h) * 16 + hexval(l) == (int)(sum & 0xff)) {
            put_bytes("+", 1);
            return (int)n;
        }
        put_bytes("-", 1);
    }
}

/* Guest memory through /proc/self/mem: len bytes at addr, only inside mapped guest pages. */
static bool mem_ok(uint64_t addr, uint64_t len)
{
    GuestMem *gm = gdb.p->gm;
    if (len == 0)
        return true;
    if (addr >= GM_TASK_SIZE || len > GM_TASK_SIZE - addr)
        return false;
    for (uint64_t a = addr & ~(uint64_t)(GM_PAGE_SIZE - 1); a < addr + len; a += GM_PAGE_SIZE)
        if (!(gm_page_flags(gm, a) & PAGE_VALID))
            return false;
    return true;
}

static bool mem_rw(uint64_t addr, void *buf, uint64_t len, bool write)
{
    if (!mem_ok(addr, len) || gdb.mem_fd < 0)
        return false;
    off_t off = (off_t)(uintptr_t)g2h(gdb.p->gm, addr);
    ssize_t r = write ? pwrite(gdb.mem_fd, buf, len, off) : pread(gdb.mem_fd, buf, len, off);
    return r == (ssize_t)len;
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
static void reply_hex(char *out, const uint8_t *b, size_t n, bool ok, const char *err)
{
    if (!ok) {
        putpkt(err);
        return;
    }
    hex_of(out, b, n);
    putpkt(out);
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

static bool is_bp(uint64_t pc)
{
    for (int i = 0; i < gdb.n_bp; i++)
        if (gdb.bp[i] == pc)
            return true;
    return false;
}

static int gdb_hook(VCPU *cpu)
{
    if (gdb.fd < 0)
        return 0;
    if (gdb.resumed) {
        gdb.resumed = 0;
        return 0;
    }
    if (++gdb.poll_count >= 4096) {   /* Ctrl-C: gdb's one out-of-packet byte */
        gdb.poll_count = 0;
        char ch;
        if (recv(gdb.fd, &ch, 1, MSG_DONTWAIT) == 1 && ch == 0x03) {
            gdb.interrupted = 1;
            return 1;
        }
    }
    return gdb.stepping || is_bp(cpu->g.pc);
}

static void reply_xfer(const char *args)
{
    /* qXfer:features:read:target.xml:OFF,LEN */
    static char xml[16384];
    size_t n = guest_gdb_target_xml(xml, sizeof xml);
    if (n >= sizeof xml)
        n = sizeof xml - 1;
    const char *a = strstr(args, "target.xml:");
    if (!a) {
        putpkt("E00");
        return;
    }
    unsigned long off = strtoul(a + 11, (char **)&a, 16), len = 0;
    if (*a == ',')
        len = strtoul(a + 1, NULL, 16);
    static char out[PKT_MAX];
    if (off >= n) {
        putpkt("l");
        return;
    }
    if (len > sizeof out - 2)
        len = sizeof out - 2;
    size_t k = n - off < len ? n - off : len;
    out[0] = off + k < n ? 'm' : 'l';
    memcpy(out + 1, xml + off, k);
    putpkt_n(out, k + 1);
}

/* gdb's kill: the process ends as if by SIGKILL (status 137 for the shell, no W reply). */
static void kill_guest(void)
{
    close(gdb.fd);
    gdb.fd = -1;
    process_exit(gdb.p, 128 + 9);
}

/* Serve gdb while the guest is stopped; returns when gdb resumes it (or leaves). */
static void serve(VCPU *cpu)
{
    static char out[2 * PKT_MAX + 1];
    uint8_t buf[PKT_MAX / 2];
    for (;;) {
        int n = getpkt();
        if (n < 0)
            return;   /* gone: the guest runs on without a debugger */
        char *pk = gdb.pkt;
        switch (pk[0]) {
        case '?':
            putpkt("S05");
            break;
        case 'g': {
            size_t k = 0;
            for (int r = 0; r < guest_gdb_g_regs(); r++) {
                int len = guest_gdb_read_reg(cpu, r, buf);
                hex_of(out + k, buf, (size_t)len);
                k += 2 * (size_t)len;
            }
            putpkt(out);
            break;
        }
        case 'G': {
            const char *h = pk + 1;
            for (int r = 0; r < guest_gdb_g_regs() && strlen(h) >= 16; r++, h += 16)
                if (bytes_of(buf, h, 8) == 0)
                    guest_gdb_write_reg(cpu, r, buf, 8);
            putpkt("OK");
            break;
        }
        case 'p': {
            int len = guest_gdb_read_reg(cpu, (int)strtol(pk + 1, NULL, 16), buf);
            reply_hex(out, buf, (size_t)len, len > 0, "E01");
            break;
        }
        case 'P': {
            char *eq = strchr(pk, '=');
            int r = (int)strtol(pk + 1, NULL, 16);
            size_t len = eq ? strlen(eq + 1) / 2 : 0;
            putpkt(eq && len <= 8 && bytes_of(buf, eq + 1, len) == 0 &&
                   guest_gdb_write_reg(cpu, r, buf, (int)len) == 0 ? "OK" : "E01");
            break;
        }
        case 'm': {
            char *c;
            uint64_t a = strtoull(pk + 1, &c, 16), len = *c == ',' ? strtoull(c + 1, NULL, 16) : 0;
            if (len > sizeof buf)
                len = sizeof buf;
            reply_hex(out, buf, (size_t)len, len && mem_rw(a, buf, len, false), "E14");
            break;
        }
        case 'M': {
            char *c, *colon = strchr(pk, ':');
            uint64_t a = strtoull(pk + 1, &c, 16), len = *c == ',' ? strtoull(c + 1, NULL, 16) : 0;
            if (colon && len <= sizeof buf && strlen(colon + 1) >= 2 * len &&
                bytes_of(buf, colon + 1, len) == 0 && mem_rw(a, buf, len, true)) {
                rt_flush_all(gdb.p->rt, cpu);   /* it may have been code */
                putpkt("OK");
            } else {
                putpkt("E14");
            }
            break;
        }
        case 'Z': case 'z': {
            int type = pk[1] - '0';
            uint64_t a = strtoull(pk + 3, NULL, 16);
            if ((type != 0 && type != 1) || pk[2] != ',') {
                putpkt("");   /* watchpoints: not supported */
                break;
            }
            if (pk[0] == 'Z') {
                if (!is_bp(a) && gdb.n_bp < MAX_BP)
                    gdb.bp[gdb.n_bp++] = a;
                putpkt(is_bp(a) ? "OK" : "E22");
            } else {
                for (int i = 0; i < gdb.n_bp; i++)
                    if (gdb.bp[i] == a)
                        gdb.bp[i--] = gdb.bp[--gdb.n_bp];
                putpkt("OK");
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
            gdb.stepping = pk[0] == 's' || pk[0] == 'S';
            gdb.resumed = 1;
            return;
        }
        case 'k':
            kill_guest();
            break;
        case 'D':
            putpkt("OK");
            close(gdb.fd);
            gdb.fd = -1;
            return;
        case 'H': case 'T':
            putpkt("OK");
            break;
        case 'q':
            if (!strncmp(pk, "qSupported", 10))
                putpkt("PacketSize=4000;qXfer:features:read+");
            else if (!strcmp(pk, "qAttached"))
                putpkt("1");
            else if (!strcmp(pk, "qC"))
                putpkt("QC1");
            else if (!strcmp(pk, "qfThreadInfo"))
                putpkt("m1");
            else if (!strcmp(pk, "qsThreadInfo"))
                putpkt("l");
            else if (!strncmp(pk, "qXfer:features:read:", 20))
                reply_xfer(pk + 20);
            else if (!strncmp(pk, "qSymbol", 7))
                putpkt("OK");
            else
                putpkt("");
            break;
        case 'v':
            if (!strncmp(pk, "vKill", 5)) {
                putpkt("OK");
                kill_guest();
            }
            putpkt("");
            break;
        default:
            putpkt("");
            break;
        }
    }
}

void gdb_start(Process *p, VCPU *cpu, int port)
{
    gdb.p = p;
    gdb.mem_fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ls < 0)
        qelt_fatal("-g: socket: %s", strerror(errno));
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_ANY) };
    if (bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, 1) < 0)
        qelt_fatal("-g: cannot listen on port %d: %s", port, strerror(errno));
    int fd;
    do
        fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    close(ls);
    if (fd < 0)
        qelt_fatal("-g: accept: %s", strerror(errno));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    gdb.fd = fd;
    cpu->debug_hook = gdb_hook;
    serve(cpu);   /* gdb looks around before the first instruction */
}

void gdb_stopped(VCPU *cpu)
{
    if (gdb.fd < 0)
        return;
    putpkt(gdb.interrupted ? "S02" : "S05");   /* SIGINT for Ctrl-C, else SIGTRAP */
    gdb.interrupted = 0;
    serve(cpu);
}

/* A forked child: gdb follows the parent (QEMU's rule), so the child lets go of the
 * connection without a word and runs free of breakpoints. */
void gdb_fork_child(VCPU *cpu)
{
    if (gdb.fd >= 0)
        close(gdb.fd);
    gdb.fd = -1;
    gdb.n_bp = 0;
    gdb.stepping = 0;
    cpu->debug_hook = NULL;
}

void gdb_exited(int status)
{
    if (gdb.fd < 0)
        return;
    char b[16];
    snprintf(b, sizeof b, "W%02x", status & 0xff);
    putpkt(b);
    close(gdb.fd);
    gdb.fd = -1;
}
