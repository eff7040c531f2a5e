/*
 * User-mode networking (-netdev user) over Debian's libslirp, the library QEMU uses for it: a
 * NAT'ed network 10.0.2.0/24 where 10.0.2.2 is the host (connections to it reach the host's
 * loopback), 10.0.2.3 the DNS forwarder and 10.0.2.15 the guest; hostfwd rules listen on host
 * ports and connect to the guest.
 *
 * Flow: the NIC hands each guest frame to user_net_send (io_lock held) -> slirp_input, which
 * may answer at once (ARP, ICMP) through send_packet -> the NIC's receive callback. Everything
 * slirp does outside a guest frame (socket traffic, new connections, its timers) happens on one
 * poll thread: with io_lock held it asks slirp for its descriptors (slirp_pollfds_fill), drops
 * the lock to poll(2) them plus a wake-up pipe, then takes io_lock again to let slirp read and
 * write them (slirp_pollfds_poll) and to fire due timers.
 * Invariants: slirp is only ever called with io_lock held (it is not thread-safe; io_lock also
 * guards the NIC the callbacks feed); the wake-up pipe is written whenever slirp may want a new
 * poll set (a frame sent, slirp's notify) so a new socket does not wait for the poll timeout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libslirp.h>
#include "hw/devices.h"

typedef struct UserNetTimer {
    SlirpTimerCb cb;
    void *opaque;
    int64_t deadline_ms;                 /* INT64_MAX: not armed */
    struct UserNetTimer *next;
} UserNetTimer;

#define POLL_MAX_MS 1000

/* ---- configuration (parsed by system/options.c) ---- */

static uint32_t in_net(uint32_t net, uint32_t mask, uint32_t host_part)
{
    return htonl((ntohl(net) & ntohl(mask)) | host_part);
}

static void set_addresses(UserNetConfig *c)
{
    c->host = in_net(c->net, c->mask, 2);
    c->dns = in_net(c->net, c->mask, 3);
    c->dhcp_start = in_net(c->net, c->mask, 15);
}

void user_net_config_default(UserNetConfig *c)
{
    memset(c, 0, sizeof *c);
    c->net = htonl(0x0a000200);
    c->mask = htonl(0xffffff00);
    set_addresses(c);
}

bool user_net_config_set_net(UserNetConfig *c, const char *val)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", val);
    char *slash = strchr(buf, '/');
    uint32_t mask = htonl(0xffffff00);
    if (slash) {
        *slash++ = 0;
        char *end;
        long bits = strtol(slash, &end, 10);
        struct in_addr m;
        if (!*end && end != slash && bits >= 0 && bits <= 32)
            mask = bits ? htonl(~0u << (32 - bits)) : 0;
        else if (inet_pton(AF_INET, slash, &m) == 1)
            mask = m.s_addr;
        else
            return false;
        uint32_t inv = ~ntohl(mask);
        if ((inv & (inv + 1)) || inv < 15)
            return false;                 /* not contiguous, or too small for .2/.3/.15 */
    }
    struct in_addr a;
    if (inet_pton(AF_INET, buf, &a) != 1)
        return false;
    c->net = a.s_addr & mask;
    c->mask = mask;
    set_addresses(c);
    return true;
}

/* "[ADDR]:PORT" into *addr (0 when empty) and *port. */
static bool parse_addr_port(char *s, uint32_t *addr, int *port)
{
    char *colon = strrchr(s, ':');
    if (!colon)
        return false;
    *colon = 0;
    struct in_addr a = { 0 };
    if (*s && inet_pton(AF_INET, s, &a) != 1)
        return false;
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || *end || p < 0 || p > 65535)
        return false;
    *addr = a.s_addr;
    *port = (int)p;
    return true;
}

bool user_net_config_add_fwd(UserNetConfig *c, const char *rule)
{
    char buf[128];
    if (c->n_fwd >= USER_NET_MAX_FWD || snprintf(buf, sizeof buf, "%s", rule) >= (int)sizeof buf)
        return false;
    UserNetFwd f = { 0 };
    char *colon = strchr(buf, ':');
    if (!colon)
        return false;
    *colon = 0;
    if (!strcmp(buf, "udp"))
        f.udp = true;
    else if (*buf && strcmp(buf, "tcp"))
        return false;
    char *host = colon + 1, *dash = strchr(host, '-');
    if (!dash)
        return false;
    *dash = 0;
    if (!parse_addr_port(host, &f.host_addr, &f.host_port) ||
        !parse_addr_port(dash + 1, &f.guest_addr, &f.guest_port) || f.guest_port == 0)
        return false;
    c->fwd[c->n_fwd++] = f;
    return true;
}

/* ---- slirp's callbacks ---- */

static void wake(UserNet *u)
{
    char b = 0;
    if (u->wake[1] >= 0 && write(u->wake[1], &b, 1) < 0 && errno != EAGAIN)
        hw_log(u->log, u->log && u->log->guest_errors, "user-net: wake-up pipe: %s\n",
               strerror(errno));
}

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    UserNet *u = opaque;
    if (u->receive)
        u->receive(u->dev, buf, len);
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    UserNet *u = opaque;
    hw_log(u->log, u->log && u->log->guest_errors, "user-net: %s\n", msg);
}

static int64_t cb_clock_ns(void *opaque)
{
    return machine_now_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    UserNet *u = opaque;
    UserNetTimer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    *t = (UserNetTimer){ cb, cb_opaque, INT64_MAX, u->timers };
    u->timers = t;
    return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
    UserNet *u = opaque;
    for (UserNetTimer **p = &u->timers; *p; p = &(*p)->next)
        if (*p == timer) {
            *p = (*p)->next;
            free(timer);
            return;
        }
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    if (timer)
        ((UserNetTimer *)timer)->deadline_ms = expire_ms;
    wake(opaque);
}

static void cb_register_fd(int fd, void *opaque)
{
}

static void cb_notify(void *opaque)
{
    wake(opaque);
}

static const SlirpCb user_net_cbs = {
    .send_packet = cb_send_packet, .guest_error = cb_guest_error, .clock_get_ns = cb_clock_ns,
    .timer_new = cb_timer_new, .timer_free = cb_timer_free, .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_fd, .unregister_poll_fd = cb_register_fd,
    .notify = cb_notify,
};

/* ---- the poll thread ---- */

static int add_poll(int fd, int events, void *opaque)
{
    UserNet *u = opaque;
    if (u->n_pfd == u->cap_pfd) {
        int cap = u->cap_pfd ? 2 * u->cap_pfd : 16;
        struct pollfd *p = realloc(u->pfd, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        u->pfd = p;
        u->cap_pfd = cap;
    }
    short ev = 0;
    ev |= (events & SLIRP_POLL_IN) ? POLLIN : 0;
    ev |= (events & SLIRP_POLL_OUT) ? POLLOUT : 0;
    ev |= (events & SLIRP_POLL_PRI) ? POLLPRI : 0;
    u->pfd[u->n_pfd] = (struct pollfd){ fd, ev, 0 };
    return u->n_pfd++;
}

static int get_revents(int idx, void *opaque)
{
    UserNet *u = opaque;
    if (idx < 0 || idx >= u->n_pfd)
        return 0;
    short r = u->pfd[idx].revents;
    return ((r & POLLIN) ? SLIRP_POLL_IN : 0) | ((r & POLLOUT) ? SLIRP_POLL_OUT : 0) |
           ((r & POLLPRI) ? SLIRP_POLL_PRI : 0) | ((r & POLLERR) ? SLIRP_POLL_ERR : 0) |
           ((r & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

/* Fire due timers; returns ms until the next one (at most POLL_MAX_MS). */
static int run_timers(UserNet *u)
{
    int64_t now = machine_now_ns() / 1000000, next = now + POLL_MAX_MS;
    for (bool again = true; again;) {
        again = false;
        for (UserNetTimer *t = u->timers; t; t = t->next) {
            if (t->deadline_ms <= now) {
                t->deadline_ms = INT64_MAX;
                t->cb(t->opaque);            /* may free or add timers: rescan */
                again = true;
                break;
            }
            if (t->deadline_ms < next)
                next = t->deadline_ms;
        }
    }
    return (int)(next - now);
}

static void *user_net_thread(void *arg)
{
    UserNet *u = arg;
    pthread_mutex_lock(&u->m->io_lock);
    while (!u->stop) {
        uint32_t timeout = (uint32_t)run_timers(u);
        u->n_pfd = 0;
        add_poll(u->wake[0], SLIRP_POLL_IN, u);
        slirp_pollfds_fill(u->slirp, &timeout, add_poll, u);
        pthread_mutex_unlock(&u->m->io_lock);
        int rc = poll(u->pfd, (nfds_t)u->n_pfd, (int)timeout);
        pthread_mutex_lock(&u->m->io_lock);
        if (u->stop)
            break;
        if (rc > 0 && (u->pfd[0].revents & POLLIN)) {
            char buf[64];
            while (read(u->wake[0], buf, sizeof buf) > 0)
                ;
        }
        slirp_pollfds_poll(u->slirp, rc < 0, get_revents, u);
    }
    pthread_mutex_unlock(&u->m->io_lock);
    return NULL;
}

/* ---- life cycle ---- */

bool user_net_open(UserNet *u, Machine *m, const UserNetConfig *c, const HwLog *log, char *err,
                   size_t errlen)
{
    memset(u, 0, sizeof *u);
    u->m = m;
    u->log = log;
    u->wake[0] = u->wake[1] = -1;
    SlirpConfig cfg = {
        .version = 1, .restricted = c->restricted, .in_enabled = true,
        .vnetwork = { c->net }, .vnetmask = { c->mask }, .vhost = { c->host },
        .vdhcp_start = { c->dhcp_start }, .vnameserver = { c->dns },
    };
    if (pipe2(u->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf(err, errlen, "-netdev user: pipe: %s", strerror(errno));
        return false;
    }
    u->slirp = slirp_new(&cfg, &user_net_cbs, u);
    if (!u->slirp) {
        snprintf(err, errlen, "-netdev user: could not start the user-mode network");
        user_net_close(u);
        return false;
    }
    for (int i = 0; i < c->n_fwd; i++) {
        const UserNetFwd *f = &c->fwd[i];
        struct in_addr h = { f->host_addr }, g = { f->guest_addr ? f->guest_addr : c->dhcp_start };
        if (slirp_add_hostfwd(u->slirp, f->udp, h, f->host_port, g, f->guest_port) < 0) {
            char a[INET_ADDRSTRLEN];
            snprintf(err, errlen, "-netdev user: could not set up host forwarding rule for %s "
                     "%s:%d (%s)", f->udp ? "udp" : "tcp", inet_ntop(AF_INET, &h, a, sizeof a),
                     f->host_port, errno ? strerror(errno) : "port in use?");
            user_net_close(u);
            return false;
        }
    }
    return true;
}

void user_net_attach(UserNet *u, void (*receive)(void *, const uint8_t *, size_t), void *dev)
{
    u->receive = receive;
    u->dev = dev;
}

bool user_net_start(UserNet *u)
{
    if (u->started)
        return true;
    u->stop = false;
    u->started = pthread_create(&u->thread, NULL, user_net_thread, u) == 0;
    return u->started;
}

void user_net_send(UserNet *u, const uint8_t *frame, size_t len)
{
    if (u->slirp && len <= INT32_MAX)
        slirp_input(u->slirp, frame, (int)len);
    wake(u);
}

void user_net_close(UserNet *u)
{
    if (u->started) {
        pthread_mutex_lock(&u->m->io_lock);
        u->stop = true;
        pthread_mutex_unlock(&u->m->io_lock);
        wake(u);
        pthread_join(u->thread, NULL);
        u->started = false;
    }
    if (u->slirp)
        slirp_cleanup(u->slirp);
    u->slirp = NULL;
    while (u->timers)
        cb_timer_free(u->timers, u);
    for (int i = 0; i < 2; i++)
        if (u->wake[i] >= 0)
            close(u->wake[i]);
    u->wake[0] = u->wake[1] = -1;
    free(u->pfd);
    u->pfd = NULL;
}
