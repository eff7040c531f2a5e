/*
 * Socket system calls of the guest.
 *
 * Both ABIs are LP64 little-endian with the asm-generic socket constants (SOCK_*, SOL_SOCKET,
 * SO_*, MSG_*), so sockaddrs, option values, struct msghdr/mmsghdr/cmsghdr and SCM_RIGHTS
 * payloads have one layout. What changes is that the structures hold guest pointers
 * (msg_name, msg_iov, msg_control, iov_base, sock_fprog.filter): those are rebuilt with host
 * pointers before the call, and the lengths the kernel updates are copied back afterwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "process.h"
#include "syscall-defs.h"
#include "syscall-nr.h"

#define RET(v) do { *ret = (v); return true; } while (0)
#define BUF(i, addr, len, wr) do { if ((r = sys_buf(c, (addr), (len), (wr), &h##i)) < 0) RET(r); } while (0)

/* Guest struct msghdr (56 bytes, same field offsets as the host's). */
typedef struct GuestMsghdr {
    uint64_t name;
    uint32_t namelen, pad0;
    uint64_t iov;
    uint64_t iovlen;
    uint64_t control;
    uint64_t controllen;
    int32_t flags, pad1;
} GuestMsghdr;

/* Host msghdr for guest msghdr at gaddr; recv: the kernel fills the buffers. *iov to free. */
static int msghdr_in(SysCtx *c, uint64_t gaddr, bool recv, struct msghdr *h, GuestMsghdr *g)
{
    void *p;
    int r;
    memset(h, 0, sizeof(*h));
    if (copy_from_guest(c->p, g, gaddr, sizeof(*g)) < 0)
        return -EFAULT;
    if ((r = sys_buf(c, g->name, g->namelen, recv, &p)) < 0)
        return r;
    h->msg_name = p;
    h->msg_namelen = g->namelen;
    if ((r = sys_buf(c, g->control, g->controllen, recv, &p)) < 0)
        return r;
    h->msg_control = p;
    h->msg_controllen = g->controllen;
    h->msg_flags = g->flags;
    if (g->iovlen > QELT_IOV_MAX)
        return -EMSGSIZE;
    struct iovec *v;
    if ((r = iov_from_guest(c, g->iov, (int64_t)g->iovlen, recv, &v)) < 0)
        return r;
    h->msg_iov = v;
    h->msg_iovlen = g->iovlen;
    return 0;
}

/* After recvmsg: the lengths and flags the kernel updated go back to the guest. */
static int msghdr_out(SysCtx *c, uint64_t gaddr, const struct msghdr *h, GuestMsghdr *g)
{
    g->namelen = h->msg_namelen;
    g->controllen = h->msg_controllen;
    g->flags = h->msg_flags;
    return copy_to_guest(c->p, gaddr, g, sizeof(*g));
}

static int64_t sys_msg(SysCtx *c, bool recv)
{
    struct msghdr h;
    GuestMsghdr g;
    int r = msghdr_in(c, c->a[1], recv, &h, &g);
    if (r < 0) {
        free(h.msg_iov);
        return r;
    }
    long hr = recv ? recvmsg((int)c->a[0], &h, (int)c->a[2]) : sendmsg((int)c->a[0], &h, (int)c->a[2]);
    int64_t res = sys_ret(hr);
    if (recv && res >= 0 && msghdr_out(c, c->a[1], &h, &g) < 0)
        res = -EFAULT;
    free(h.msg_iov);
    return res;
}

static int64_t sys_mmsg(SysCtx *c, bool recv)
{
    int64_t *a = c->a;
    unsigned vlen = (unsigned)a[2];
    if (vlen > QELT_IOV_MAX)
        vlen = QELT_IOV_MAX;   /* the kernel caps vlen at UIO_MAXIOV too */
    if (vlen == 0)
        return 0;
    struct mmsghdr *hv = calloc(vlen, sizeof(*hv));
    GuestMsghdr *gv = calloc(vlen, sizeof(*gv));
    void *tmo = NULL;
    int64_t res = 0;
    unsigned built = 0;
    if (!hv || !gv) {
        res = -ENOMEM;
        goto out;
    }
    if (recv && (res = sys_buf(c, a[4], 16, true, &tmo)) < 0)
        goto out;
    /* Guest struct mmsghdr: msghdr then unsigned msg_len, 64 bytes. */
    for (; built < vlen; built++) {
        if ((res = msghdr_in(c, a[1] + 64ull * built, recv, &hv[built].msg_hdr, &gv[built])) < 0) {
            free(hv[built].msg_hdr.msg_iov);
            goto out;
        }
    }
    res = sys_ret(recv ? syscall(SYS_recvmmsg, (int)a[0], hv, vlen, (int)a[3], tmo)
                       : syscall(SYS_sendmmsg, (int)a[0], hv, vlen, (int)a[3]));
    for (int64_t i = 0; i < res; i++) {
        uint32_t len = hv[i].msg_len;
        if ((recv && msghdr_out(c, a[1] + 64ull * (uint64_t)i, &hv[i].msg_hdr, &gv[i]) < 0) ||
            copy_to_guest(c->p, a[1] + 64ull * (uint64_t)i + 56, &len, 4) < 0) {
            res = -EFAULT;
            break;
        }
    }
out:
    for (unsigned i = 0; hv && i < built; i++)
        free(hv[i].msg_hdr.msg_iov);
    free(hv);
    free(gv);
    return res;
}

/* accept4/getsockname/getpeername/recvfrom: an address buffer sized by a socklen_t in/out. */
static int sockaddr_out(SysCtx *c, uint64_t gaddr, uint64_t glen, void **haddr, socklen_t **hlen)
{
    void *p;
    int r;
    *haddr = NULL;
    *hlen = NULL;
    if (!glen)
        return 0;
    int32_t len;
    if (copy_from_guest(c->p, &len, glen, 4) < 0)
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    if ((r = sys_buf(c, glen, 4, true, &p)) < 0)
        return r;
    *hlen = p;
    if ((r = sys_buf(c, gaddr, (uint64_t)len, true, &p)) < 0)
        return r;
    *haddr = p;
    return 0;
}

static int64_t sys_setsockopt(SysCtx *c)
{
    int64_t *a = c->a;
    int level = (int)a[1], name = (int)a[2];
    void *h;
    int r;
    if (level == SOL_SOCKET && (name == SO_ATTACH_FILTER || name == SO_ATTACH_REUSEPORT_CBPF)) {
        /* struct sock_fprog { u16 len; struct sock_filter *filter; } holds a guest pointer. */
        struct { uint16_t len, pad[3]; uint64_t filter; } g;
        struct { unsigned short len; void *filter; } hp;
        if ((uint64_t)a[4] < sizeof(g))
            return -EINVAL;
        if (copy_from_guest(c->p, &g, a[3], sizeof(g)) < 0)
            return -EFAULT;
        if ((r = sys_buf(c, g.filter, (uint64_t)g.len * 8, false, &h)) < 0)
            return r;
        hp.len = g.len;
        hp.filter = h;
        return sys_ret(setsockopt((int)a[0], level, name, &hp, sizeof(hp)));
    }
    if ((r = sys_buf(c, a[3], (uint32_t)a[4], false, &h)) < 0)
        return r;
    return sys_ret(setsockopt((int)a[0], level, name, h, (socklen_t)a[4]));
}

bool syscall_net(SysCtx *c, int64_t *ret)
{
    int64_t *a = c->a;
    void *h1, *h3;
    socklen_t *hl;
    int r;
    switch (c->nr) {
    case TARGET_NR_socket:     RET(sys_ret(socket((int)a[0], (int)a[1], (int)a[2])));
    case TARGET_NR_socketpair:
        BUF(3, a[3], 8, true);
        RET(sys_ret(socketpair((int)a[0], (int)a[1], (int)a[2], h3)));
    case TARGET_NR_bind:
        BUF(1, a[1], (uint32_t)a[2], false);
        RET(sys_ret(bind((int)a[0], h1, (socklen_t)a[2])));
    case TARGET_NR_connect:
        BUF(1, a[1], (uint32_t)a[2], false);
        RET(sys_ret(connect((int)a[0], h1, (socklen_t)a[2])));
    case TARGET_NR_listen:     RET(sys_ret(listen((int)a[0], (int)a[1])));
    case TARGET_NR_shutdown:   RET(sys_ret(shutdown((int)a[0], (int)a[1])));
    case TARGET_NR_accept:
    case TARGET_NR_accept4:
        if ((r = sockaddr_out(c, a[1], a[2], &h1, &hl)) < 0)
            RET(r);
        RET(sys_ret(accept4((int)a[0], h1, hl, c->nr == TARGET_NR_accept4 ? (int)a[3] : 0)));
    case TARGET_NR_getsockname:
    case TARGET_NR_getpeername:
        if ((r = sockaddr_out(c, a[1], a[2], &h1, &hl)) < 0)
            RET(r);
        if (!hl)
            RET(-EFAULT);
        RET(sys_ret(c->nr == TARGET_NR_getsockname ? getsockname((int)a[0], h1, hl)
                                                   : getpeername((int)a[0], h1, hl)));
    case TARGET_NR_sendto:
        BUF(1, a[1], a[2], false);
        BUF(3, a[4], (uint32_t)a[5], false);
        RET(sys_ret(sendto((int)a[0], h1, a[2], (int)a[3], h3, (socklen_t)a[5])));
    case TARGET_NR_recvfrom: {
        void *ha;
        BUF(1, a[1], a[2], true);
        if ((r = sockaddr_out(c, a[4], a[5], &ha, &hl)) < 0)
            RET(r);
        RET(sys_ret(recvfrom((int)a[0], h1, a[2], (int)a[3], ha, hl)));
    }
    case TARGET_NR_setsockopt: RET(sys_setsockopt(c));
    case TARGET_NR_getsockopt: {
        int32_t len;
        if (copy_from_guest(c->p, &len, a[4], 4) < 0)
            RET(-EFAULT);
        if (len < 0)
            RET(-EINVAL);
        BUF(1, a[3], (uint64_t)len, true);
        BUF(3, a[4], 4, true);
        RET(sys_ret(getsockopt((int)a[0], (int)a[1], (int)a[2], h1, h3)));
    }
    case TARGET_NR_sendmsg:  RET(sys_msg(c, false));
    case TARGET_NR_recvmsg:  RET(sys_msg(c, true));
    case TARGET_NR_sendmmsg: RET(sys_mmsg(c, false));
    case TARGET_NR_recvmmsg: RET(sys_mmsg(c, true));
    default:
        return false;
    }
}
