/*
 * The gdb remote serial protocol (runtime/gdbstub.h): packets over one TCP connection, registers
 * through the guest's guest-gdb.h, software and hardware breakpoints as a list of addresses
 * checked before each block (so nothing is written into guest memory), continue and single step,
 * Ctrl-C (gdb's one out-of-packet byte, polled every 4096 blocks), the XML target description.
 * Guest memory and "kill" come from the OS layer (GdbTarget).
 * Watchpoints (Z2 write, Z3 read, Z4 access; any length): before each instruction of a thread
 * (one per block, as for breakpoints), the guest names the accesses it is about to make
 * (guest_gdb_accesses: address and length from the registers, vector elements included); one
 * that overlaps a watchpoint of its kind stops the thread before that instruction, as RISC-V's
 * debug triggers do (gdb's riscv target expects that: it steps over the instruction itself,
 * with watchpoints removed, then compares values), reporting T05...watch:ADDR; (rwatch,
 * awatch) with the watchpoint's address. The instruction then runs unchecked (skip), so a
 * debugger that resumes without removing the watchpoint does not stop there again.
 *
 * Threads (gdb's all-stop model, as QEMU's stub implements it): every vCPU is a GdbThread with
 * an id and a run field the thread reads in its hook (gdb_stub_check): hold, continue, or step
 * one instruction. The thread that stops (breakpoint, its step, Ctrl-C) becomes the leader: it
 * sets every other thread to hold (and new threads start held), waits until each is out of
 * cpu_exec (a thread held by its hook, or in a system call, runs no guest instruction), reports
 * T05thread:ID; and serves gdb; the resume packet (c, s, vCont with per-thread actions) sets
 * each run field. A step runs the stepping thread alone, the others stay held (QEMU's default
 * sstep flags). Threads held in user mode wait on `resumed`; full-system harts, which take
 * turns on one thread under gdb, just end their turn while held.
 * Invariants: run fields change only under lock; a thread becomes the leader (take_lead) in the
 * critical section that saw its run field not held, so one leader at a time; only the leader
 * talks to gdb while the guest is stopped; breakpoints change only then. All state is in the GdbStub the OS layer holds.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
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
#define MAX_WP 32
#define PKT_MAX 16384

/* What a thread may do (GdbThread.run): stay stopped, continue, or run one instruction. */
enum { RUN_HOLD = 0, RUN_CONT = 'c', RUN_STEP = 's' };

struct GdbThread {
    VCPU *cpu;
    int id;                  /* gdb's thread id (> 0) */
    int run;                 /* RUN_*, atomic: the thread reads it in its hook */
    int skip;                /* its first block when it runs again goes unchecked (it reported
                                a stop at that pc, or it steps: the instruction runs first) */
    int event;               /* signal of the stop it saw (5 trap, 2 Ctrl-C), 0 when none */
    unsigned poll_count;     /* blocks since it last looked for Ctrl-C */
    char action;             /* the resume packet's action for it (serve's scratch) */
    int stop_watch;          /* its stop is at watchpoint stop_watch - 1 (0: none) */
};

/* A watchpoint: gdb's Z type (2 write, 3 read, 4 access), start and length. */
typedef struct GdbWatch {
    uint64_t addr, len;
    int type;
} GdbWatch;

struct GdbStub {
    GdbTarget t;
    int listen_fd;           /* -1 once connected (or never listening) */
    int fd;                  /* connection, -1 when none */
    uint64_t bp[MAX_BP];
    int n_bp;
    GdbWatch wp[MAX_WP];
    int n_wp;
    int connected_now;       /* accepted, no stop reported yet (gdb asks with '?') */
    /* Threads, in creation order; the list, the run fields' changes, leader and default_run
     * are under lock. */
    pthread_mutex_t lock;
    pthread_cond_t resumed;  /* a run field changed (held threads wait for it) */
    GdbThread **thr;
    int n_thr, cap_thr;
    GdbThread *leader;       /* the thread serving gdb, NULL while the guest runs */
    GdbThread *gthr, *cthr;  /* Hg (registers, memory) and Hc (legacy c/s) selections, or NULL */
    int default_run;         /* what a thread created now does (RUN_HOLD while stopped) */
    int last_sig;            /* signal of the last stop ('?') */
    GdbWatch last_watch;     /* the watchpoint the last stop reports (type 0: none) */
    bool multiprocess;       /* gdb offered it: thread ids go as p1.ID (QEMU's one process) */
    int list_pos;            /* qsThreadInfo: where the thread list goes on */
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

/* ---- threads ---- */

/* The thread with gdb's id (lock held): "-1" and "0" (any) give NULL with *all set. */
static GdbThread *thread_by_id(GdbStub *g, const char *s, bool *all)
{
    const char *dot = *s == 'p' ? strchr(s, '.') : NULL;   /* pPID.TID */
    if (dot)
        s = dot + 1;
    *all = !strncmp(s, "-1", 2) || (*s == '0' && !isxdigit((unsigned char)s[1])) || !*s;
    if (*all)
        return NULL;
    long id = strtol(s, NULL, 16);
    for (int i = 0; i < g->n_thr; i++)
        if (g->thr[i]->id == id)
            return g->thr[i];
    return NULL;
}

/* The vCPU of a selection (Hg/Hc), the leader's when none: a VCPU outlives its thread. */
static VCPU *selected_cpu(GdbStub *g, GdbThread *const *sel)
{
    pthread_mutex_lock(&g->lock);
    VCPU *cpu = (*sel ? *sel : g->leader)->cpu;
    pthread_mutex_unlock(&g->lock);
    return cpu;
}

/* H[gc]ID: select a thread (or any/all). */
static void reply_select(GdbStub *g, const char *pk)
{
    bool all;
    pthread_mutex_lock(&g->lock);
    GdbThread *t = thread_by_id(g, pk + 2, &all);
    if (t || all)
        *(pk[1] == 'g' ? &g->gthr : &g->cthr) = t;
    pthread_mutex_unlock(&g->lock);
    putpkt(g, t || all ? "OK" : "E22");
}

/* qfThreadInfo (first) / qsThreadInfo (next): the ids, 256 per reply, then 'l'. */
static void reply_thread_list(GdbStub *g, bool first)
{
    char *out = g->out;
    size_t k = 0;
    if (first)
        g->list_pos = 0;
    pthread_mutex_lock(&g->lock);
    for (int n = 0; g->list_pos < g->n_thr && n < 256; n++, g->list_pos++)
        k += (size_t)sprintf(out + k, "%c%s%x", k ? ',' : 'm', g->multiprocess ? "p1." : "",
                             g->thr[g->list_pos]->id);
    pthread_mutex_unlock(&g->lock);
    putpkt(g, k ? out : "l");
}

/* QEMU's words: "CPU#N [running]", or "[halted ]" for a hart in wfi; hex-encoded. */
static void reply_extra_info(GdbStub *g, const char *arg)
{
    bool all;
    char text[64];
    pthread_mutex_lock(&g->lock);
    GdbThread *t = thread_by_id(g, arg, &all);
    if (t)
        snprintf(text, sizeof text, "CPU#%d [%s]", t->cpu->cpu_index,
                 t->cpu->priv.wfi ? "halted " : "running");
    pthread_mutex_unlock(&g->lock);
    if (!t) {
        putpkt(g, "E22");
        return;
    }
    hex_of(g->out, (const uint8_t *)text, strlen(text));
    putpkt(g, g->out);
}

/* T ID: is the thread alive? */
static void reply_alive(GdbStub *g, const char *arg)
{
    bool all;
    pthread_mutex_lock(&g->lock);
    GdbThread *t = thread_by_id(g, arg, &all);
    pthread_mutex_unlock(&g->lock);
    putpkt(g, t ? "OK" : "E22");
}

static void reply_stop(GdbStub *g)
{
    static const char *const kind[5] = { [2] = "watch", [3] = "rwatch", [4] = "awatch" };
    char b[96];
    int n = snprintf(b, sizeof b, "T%02xthread:%s%x;", g->last_sig,
                     g->multiprocess ? "p1." : "", g->leader->id);
    if (g->last_watch.type >= 2 && g->last_watch.type <= 4)
        snprintf(b + n, sizeof b - (size_t)n, "%s:%" PRIx64 ";", kind[g->last_watch.type],
                 g->last_watch.addr);
    putpkt(g, b);
}

/* Z2/Z3/Z4 and z2/z3/z4 (type 2..4): set or clear the watchpoint [a, a + len). */
static void set_watch(GdbStub *g, bool set, int type, uint64_t a, uint64_t len)
{
    for (int i = 0; i < g->n_wp; i++) {
        if (g->wp[i].addr == a && g->wp[i].len == len && g->wp[i].type == type) {
            if (!set)
                g->wp[i] = g->wp[--g->n_wp];
            putpkt(g, "OK");
            return;
        }
    }
    if (!set) {
        putpkt(g, "OK");
        return;
    }
    if (g->n_wp == MAX_WP || len == 0 || a + len < a) {
        putpkt(g, "E22");
        return;
    }
    g->wp[g->n_wp++] = (GdbWatch){ a, len, type };
    putpkt(g, "OK");
}

/* One access of the instruction a thread is about to run (GuestAccessFn): the first
 * watchpoint of its kind it overlaps marks the thread. */
typedef struct WatchScan {
    const GdbStub *g;
    int hit;   /* watchpoint index + 1, 0 = none */
} WatchScan;

static void watch_access(void *opaque, uint64_t addr, uint64_t len, bool read, bool write)
{
    WatchScan *s = opaque;
    for (int i = 0; i < s->g->n_wp && !s->hit; i++) {
        const GdbWatch *w = &s->g->wp[i];
        bool kind = w->type == 4 ? true : w->type == 2 ? write : read;
        if (kind && addr < w->addr + w->len && w->addr < addr + len)
            s->hit = i + 1;
    }
}

/* Before t's next instruction (at its pc): does it touch a watchpoint? */
static int watch_scan(GdbStub *g, GdbThread *t)
{
    uint8_t code[4];
    VCPU *cpu = t->cpu;
    size_t n = 4;
    if (!g->t.mem_rw(g->t.opaque, cpu, cpu->g.pc, code, 4, false)) {
        n = 2;   /* a 2-byte instruction at the end of a page before an unmapped one */
        if (!g->t.mem_rw(g->t.opaque, cpu, cpu->g.pc, code, 2, false))
            return 0;
    }
    WatchScan s = { g, 0 };
    guest_gdb_accesses(cpu, code, n, watch_access, &s);
    return s.hit;
}

/* vCont;ACTION[:ID]...: each thread takes the leftmost action naming it (or naming all); true
 * when it resumes some thread (c, C, s, S). Fills GdbThread.action (0: none). */
static bool parse_vcont(GdbStub *g, const char *a)
{
    bool resume = false;
    pthread_mutex_lock(&g->lock);
    for (int i = 0; i < g->n_thr; i++)
        g->thr[i]->action = 0;
    while (a && *a == ';') {
        char act = a[1];
        const char *colon = strchr(a + 1, ':'), *next = strchr(a + 1, ';');
        if (colon && next && colon > next)
            colon = NULL;
        if (act == 'C' || act == 'S')
            act = (char)(act - 'A' + 'a');   /* the signal is not delivered */
        if (act == 'c' || act == 's') {
            resume = true;
            bool all = !colon;
            GdbThread *t = colon ? thread_by_id(g, colon + 1, &all) : NULL;
            for (int i = 0; i < g->n_thr; i++)
                if ((all || g->thr[i] == t) && !g->thr[i]->action)
                    g->thr[i]->action = act;
        }
        a = next;
    }
    if (resume) {                    /* only threads that are gone: nothing would ever stop */
        resume = false;
        for (int i = 0; i < g->n_thr; i++)
            resume |= g->thr[i]->action != 0;
    }
    pthread_mutex_unlock(&g->lock);
    return resume;
}

/* Legacy c/s: continue every thread, or step the Hc thread (the leader when none). */
static void legacy_actions(GdbStub *g, bool step)
{
    pthread_mutex_lock(&g->lock);
    GdbThread *stepper = g->cthr ? g->cthr : g->leader;
    for (int i = 0; i < g->n_thr; i++)
        g->thr[i]->action = !step ? 'c' : g->thr[i] == stepper ? 's' : 0;
    pthread_mutex_unlock(&g->lock);
}

/* Serve gdb while the guest is stopped (g->leader set); returns when gdb resumes the guest,
 * with each thread's action set (or when gdb leaves: every action 'c'). */
static void serve(GdbStub *g)
{
    char *out = g->out;
    uint8_t *buf = g->bin;
    g->gthr = NULL;              /* gdb takes the thread a stop reply names as selected */
    for (;;) {
        int n = getpkt(g);
        if (n < 0) {
            legacy_actions(g, false);   /* gone: the guest runs on without a debugger */
            return;
        }
        char *pk = g->pkt;
        VCPU *cpu = selected_cpu(g, &g->gthr);
        switch (pk[0]) {
        case '?':
            reply_stop(g);
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
            char *end;
            uint64_t a = strtoull(pk + 3, &end, 16);
            if (type < 0 || type > 4 || pk[2] != ',') {
                putpkt(g, "");
                break;
            }
            if (type >= 2) {
                uint64_t len = *end == ',' ? strtoull(end + 1, NULL, 16) : 0;
                set_watch(g, pk[0] == 'Z', type, a, len);
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
                selected_cpu(g, &g->cthr)->g.pc = strtoull(a, NULL, 16);
            legacy_actions(g, pk[0] == 's' || pk[0] == 'S');
            return;
        }
        case 'k':
            kill_target(g);
            break;
        case 'D':
            putpkt(g, "OK");
            close(g->fd);
            g->fd = -1;
            legacy_actions(g, false);
            return;
        case 'H':
            reply_select(g, pk);
            break;
        case 'T':
            reply_alive(g, pk + 1);
            break;
        case 'q':
            if (!strncmp(pk, "qSupported", 10)) {
                g->multiprocess = strstr(pk, "multiprocess+") != NULL;
                putpkt(g, g->multiprocess ? "PacketSize=4000;qXfer:features:read+;vContSupported+;"
                                            "multiprocess+"
                                          : "PacketSize=4000;qXfer:features:read+;vContSupported+");
            } else if (!strncmp(pk, "qAttached", 9))
                putpkt(g, "1");
            else if (!strcmp(pk, "qC")) {
                snprintf(out, 32, "QC%s%x", g->multiprocess ? "p1." : "", g->leader->id);
                putpkt(g, out);
            } else if (!strcmp(pk, "qfThreadInfo") || !strcmp(pk, "qsThreadInfo"))
                reply_thread_list(g, pk[1] == 'f');
            else if (!strncmp(pk, "qThreadExtraInfo,", 17))
                reply_extra_info(g, pk + 17);
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
            } else if (!strcmp(pk, "vCont?")) {
                putpkt(g, "vCont;c;C;s;S");
                break;
            } else if (!strncmp(pk, "vCont;", 6)) {
                if (parse_vcont(g, pk + 5))
                    return;
                putpkt(g, "E22");
                break;
            }
            putpkt(g, "");
            break;
        default:
            putpkt(g, "");
            break;
        }
    }
}

/* All-stop (lock held): every thread but the leader is told to hold, and new ones start held. */
static void stop_all(GdbStub *g, GdbThread *leader)
{
    g->leader = leader;
    g->default_run = RUN_HOLD;
    for (int i = 0; i < g->n_thr; i++) {
        GdbThread *t = g->thr[i];
        __atomic_store_n(&t->run, RUN_HOLD, __ATOMIC_SEQ_CST);
        if (t != leader && g->t.kick)
            g->t.kick(g->t.opaque, t->cpu);
    }
}

/* Wait until every other thread is out of cpu_exec (lock not held): once seen out after
 * stop_all, a thread runs no guest instruction before it is resumed (its hook holds it first).
 * A thread blocked in a system call counts as stopped. */
static void wait_others(GdbStub *g, GdbThread *leader)
{
    for (;;) {
        bool busy = false;
        pthread_mutex_lock(&g->lock);
        for (int i = 0; i < g->n_thr && !busy; i++)
            busy = g->thr[i] != leader && __atomic_load_n(&g->thr[i]->cpu->online, __ATOMIC_SEQ_CST);
        pthread_mutex_unlock(&g->lock);
        if (!busy)
            return;
        usleep(200);
    }
}

/* Resume after serve (lock held): each thread as its action says. A step runs only the
 * stepping thread and holds every other (QEMU's rule: its default sstep flags). */
static void resume(GdbStub *g)
{
    bool step = false;
    for (int i = 0; i < g->n_thr; i++)
        step |= g->thr[i]->action == RUN_STEP;
    bool everyone = !step;
    for (int i = 0; i < g->n_thr; i++)
        everyone &= g->thr[i]->action == RUN_CONT;
    for (int i = 0; i < g->n_thr; i++) {
        GdbThread *t = g->thr[i];
        int run = step && t->action != RUN_STEP ? RUN_HOLD : t->action;
        if (run == RUN_STEP)
            t->skip = 1;
        __atomic_store_n(&t->run, run, __ATOMIC_SEQ_CST);
    }
    g->default_run = everyone || g->fd < 0 ? RUN_CONT : RUN_HOLD;
    g->leader = NULL;
    pthread_cond_broadcast(&g->resumed);
}

/* Becoming the leader (lock held): in the same critical section as the check that no other
 * thread leads (two threads stopping at once must not both serve gdb). */
static void take_lead(GdbStub *g, GdbThread *t)
{
    stop_all(g, t);
    t->skip = 1;                 /* it stopped before this pc's block: that block runs first */
}

/* The leader (take_lead done) reports (unless report is false) and serves gdb until it
 * resumes the guest. */
static void lead(GdbStub *g, GdbThread *t, bool report)
{
    wait_others(g, t);
    if (report)
        reply_stop(g);
    serve(g);
    pthread_mutex_lock(&g->lock);
    resume(g);
    pthread_mutex_unlock(&g->lock);
}

GdbThread *gdb_stub_add_thread(GdbStub *g, VCPU *cpu, int id)
{
    GdbThread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cpu = cpu;
    t->id = id;
    pthread_mutex_lock(&g->lock);
    if (g->n_thr == g->cap_thr) {
        int cap = g->cap_thr ? 2 * g->cap_thr : 8;
        GdbThread **n = realloc(g->thr, (size_t)cap * sizeof *n);
        if (!n) {
            pthread_mutex_unlock(&g->lock);
            free(t);
            return NULL;
        }
        g->thr = n;
        g->cap_thr = cap;
    }
    g->thr[g->n_thr++] = t;
    t->run = g->default_run;
    pthread_mutex_unlock(&g->lock);
    return t;
}

void gdb_stub_remove_thread(GdbStub *g, GdbThread *t)
{
    if (!g || !t)
        return;
    pthread_mutex_lock(&g->lock);
    for (int i = 0; i < g->n_thr; i++)
        if (g->thr[i] == t) {
            memmove(&g->thr[i], &g->thr[i + 1], (size_t)(g->n_thr - i - 1) * sizeof *g->thr);
            g->n_thr--;
            break;
        }
    if (g->gthr == t)
        g->gthr = NULL;
    if (g->cthr == t)
        g->cthr = NULL;
    pthread_mutex_unlock(&g->lock);
    free(t);
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
    g->default_run = RUN_CONT;
    g->last_sig = 5;             /* '?' before any stop: SIGTRAP, as QEMU */
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->resumed, NULL);
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

int gdb_stub_check(GdbStub *g, GdbThread *t)
{
    if (g->fd < 0 || !t)
        return GDB_RUN;
    int run = __atomic_load_n(&t->run, __ATOMIC_SEQ_CST);
    if (run == RUN_HOLD)
        return GDB_HOLD;
    if (t->skip) {
        t->skip = 0;
        return GDB_RUN;
    }
    if (++t->poll_count >= 4096) {   /* Ctrl-C: gdb's one out-of-packet byte */
        t->poll_count = 0;
        char ch;
        if (recv(g->fd, &ch, 1, MSG_DONTWAIT) == 1 && ch == 0x03) {
            t->event = 2;
            return GDB_STOP;
        }
    }
    if (run == RUN_STEP || is_bp(g, t->cpu->g.pc)) {
        t->event = 5;
        return GDB_STOP;
    }
    if (g->n_wp && (t->stop_watch = watch_scan(g, t)) != 0) {
        t->event = 5;
        return GDB_STOP;
    }
    return GDB_RUN;
}

bool gdb_stub_held(GdbStub *g, GdbThread *t)
{
    return g && t && g->fd >= 0 && __atomic_load_n(&t->run, __ATOMIC_SEQ_CST) == RUN_HOLD;
}

void gdb_stub_serve(GdbStub *g, GdbThread *t)
{
    g->connected_now = 0;
    pthread_mutex_lock(&g->lock);
    take_lead(g, t);
    pthread_mutex_unlock(&g->lock);
    lead(g, t, false);
}

void gdb_stub_stopped(GdbStub *g, GdbThread *t, bool inline_resume)
{
    if (g->fd < 0 || !t)
        return;
    pthread_mutex_lock(&g->lock);
    if (__atomic_load_n(&t->run, __ATOMIC_SEQ_CST) == RUN_HOLD) {
        /* Held (another thread stops the world, or steps): wait until resumed. Its own event,
         * if any, is seen again then (a breakpoint at its pc). */
        t->event = 0;
        while (g->fd >= 0 && __atomic_load_n(&t->run, __ATOMIC_SEQ_CST) == RUN_HOLD)
                pthread_cond_wait(&g->resumed, &g->lock);
        pthread_mutex_unlock(&g->lock);
        return;
    }
    take_lead(g, t);   /* under the lock that saw it running: other stoppers now hold */
    pthread_mutex_unlock(&g->lock);
    g->last_sig = t->event ? t->event : 5;
    t->event = 0;
    g->last_watch = (GdbWatch){ 0, 0, 0 };
    if (t->stop_watch && t->stop_watch <= g->n_wp)
        g->last_watch = g->wp[t->stop_watch - 1];
    t->stop_watch = 0;
    bool report = !g->connected_now;     /* gdb asks '?' itself on connecting */
    g->connected_now = 0;
    lead(g, t, report);
    if (inline_resume && !gdb_stub_held(g, t))
        t->skip = 0;             /* the caller runs the block at pc right away */
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
    g->n_wp = 0;
    pthread_mutex_init(&g->lock, NULL);   /* a forked child: another thread may have held it */
    pthread_cond_init(&g->resumed, NULL);
    g->leader = NULL;
    g->default_run = RUN_CONT;
    for (int i = 0; i < g->n_thr; i++)
        g->thr[i]->run = RUN_CONT;
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
