/*
 * Guest <-> host signal numbers, and the system calls that hand signal numbers to the host
 * kernel or get them back from it (kill and friends, signalfd, wait statuses, SIGCHLD siginfo,
 * sigevent, exit signals).
 *
 * Why a map: the host's C library keeps its first real-time signals for itself (glibc: 32 =
 * SIGCANCEL, 33 = SIGSETXID, installed behind our back at the first pthread_create; musl also
 * 34), while the guest's C library uses guest 32 and 33 for the same purposes (set*id in a
 * threaded guest sends guest 33 to every thread). So host 32..34 never carry a guest signal
 * with their own number:
 *
 *   guest  1..31  <->  host  1..31      (standard signals: same numbers, same meaning)
 *   guest 32..61  <->  host 35..64      (real-time signals, shifted by 3)
 *   guest 62..64   ->  host 34          ("soft" signals, carried by one host signal)
 *
 * Soft signals (GSIG_SOFT): host 34 is always caught and never blocked in the host; the guest's
 * blocking of 62..64 is done by qelt alone (the handler records them, delivery respects the
 * guest mask). Guest 64 travels as a plain host 34, so it can go to process groups and arrives
 * from any sender; guest 62 and 63 travel as host 34 sent with rt_sigqueueinfo-style siginfo
 * (si_code SI_QUEUE) tagged at bytes 32..47 (a magic word and the guest number, then the
 * guest's si_code), which the kernel keeps intact for a negative si_code. Consequences: guest
 * 62/63 cannot be sent to a process group or to every process (EINVAL), and a process-directed
 * soft signal goes to whichever thread the host picks, even one that blocks it in the guest.
 *
 * signalfd: the mask is translated (soft signals left out: they stay ordinary signals); a read
 * first hands out what qelt itself holds pending in the mask (synchronous signals sent with
 * kill, which the host never blocks, so they reach qelt's handler), then the host's records
 * with their numbers translated. Only read(2) is translated, not readv.
 *
 * Death and wait statuses use the bijection "host 32 = guest 62, host 33 = guest 63, host 34 =
 * guest 64" on top of the table, so a guest killed by 62..64 dies of host 32..34 (the kernel
 * allows it) and a parent running under qelt sees the guest number again; a native parent sees
 * the host number (qelt dies of it). Host signals from native processes arrive as the table
 * says (host 40 is guest 37); host 32/33 never reach the guest (the host C library's).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "signal.h"
#include "syscall-defs.h"
#include "syscall-nr.h"

#define RT_SHIFT   3                     /* guest 32 is host 35 */
#define SOFT_FIRST 62                    /* guest 62..64: soft */
#define TAG_MAGIC  0x746c6571ULL         /* "qelt" */
#define G_SI_QUEUE (-1)
#define G_SI_TKILL (-6)

int sig_host_of(int g)
{
    if (g < 1 || g > GSIG_MAX)
        return -1;
    if (g < 32)
        return g;
    return g < SOFT_FIRST ? g + RT_SHIFT : SIG_HOST_CARRIER;
}

int sig_guest_of(int h)
{
    if (h < 1 || h > GSIG_MAX)
        return 0;
    if (h < 32)
        return h;
    if (h >= 32 + RT_SHIFT)
        return h - RT_SHIFT;
    return h - 32 + SOFT_FIRST;         /* 32, 33, 34: only in statuses, or an untagged 34 */
}

int sig_host_status_of(int g)
{
    return g >= SOFT_FIRST && g <= GSIG_MAX ? g - SOFT_FIRST + 32 : sig_host_of(g);
}

uint64_t sig_mask_g2h(uint64_t g)
{
    uint64_t h = 0;
    g &= ~GSIG_SOFT;
    for (int s = 1; s <= GSIG_MAX; s++)
        if (g & GSIG_BIT(s))
            h |= GSIG_BIT(sig_host_of(s));
    return h;
}

uint64_t sig_mask_h2g(uint64_t h)
{
    uint64_t g = 0;
    for (int s = 1; s <= GSIG_MAX; s++)
        if ((h & GSIG_BIT(s)) && s != 32 && s != 33 && s != SIG_HOST_CARRIER)
            g |= GSIG_BIT(sig_guest_of(s));
    return g;
}

/* ------------------------------------------------------------------ what arrives */

/* The SIGCHLD fields that hold a signal number (si_status of CLD_KILLED/CLD_DUMPED). */
void sig_chld_info_h2g(GuestSiginfo *gi)
{
    if (gi->si_signo != SIGCHLD || (gi->si_code != CLD_KILLED && gi->si_code != CLD_DUMPED &&
                                    gi->si_code != CLD_STOPPED && gi->si_code != CLD_TRAPPED))
        return;
    uint32_t st = (uint32_t)gi->u[1];
    gi->u[1] = (gi->u[1] & ~0xffffffffULL) | (uint32_t)sig_guest_of((int)st);
}

void sig_waitid_info_h2g(void *info)
{
    GuestSiginfo gi;
    memcpy(&gi, info, sizeof gi);
    sig_chld_info_h2g(&gi);
    memcpy(info, &gi, sizeof gi);
}

int sig_from_host(int hsig, GuestSiginfo *gi)
{
    int g = sig_guest_of(hsig);
    if (hsig == SIG_HOST_CARRIER && gi->si_code == G_SI_QUEUE &&
        (gi->u[2] & 0xffffffffULL) == TAG_MAGIC) {
        int t = (int)(gi->u[2] >> 32);
        if (t >= SOFT_FIRST && t <= GSIG_MAX) {
            g = t;
            gi->si_code = (int32_t)(uint32_t)gi->u[3];
            gi->u[2] = gi->u[3] = 0;
        }
    }
    gi->si_signo = g;
    sig_chld_info_h2g(gi);
    return g;
}

int sig_wait_status_h2g(int status)
{
    int low = status & 0x7f, g;
    if (low == 0x7f) {                 /* stopped: signal in bits 8..15 (0xffff: continued) */
        g = sig_guest_of((status >> 8) & 0xff);
        return g ? (status & ~0xff00) | (g << 8) : status;
    }
    g = sig_guest_of(low);             /* killed: signal in bits 0..6 */
    return low && g ? (status & ~0x7f) | g : status;
}

/* ------------------------------------------------------------------ what leaves */

/* Send soft signal g as a tagged host carrier. kind: TARGET_NR_kill (pid), tgkill (pid,
 * tid), pidfd_send_signal (pidfd, flags); gi: the guest's siginfo or NULL (kill/tgkill). */
static int64_t send_tagged(int64_t kind, int pid, int tid, unsigned flags, int g,
                           const GuestSiginfo *gi)
{
    GuestSiginfo w;
    if (gi) {
        w = *gi;
        /* The kernel's rule for hand-made siginfo sent to someone else. */
        if ((w.si_code >= 0 || w.si_code == G_SI_TKILL) && kind != TARGET_NR_pidfd_send_signal &&
            pid != getpid())
            return -EPERM;
    } else {
        memset(&w, 0, sizeof w);
        w.si_code = kind == TARGET_NR_tgkill ? G_SI_TKILL : 0;    /* SI_TKILL / SI_USER */
        w.u[0] = (uint32_t)getpid() | ((uint64_t)getuid() << 32);
    }
    uint32_t code = (uint32_t)w.si_code;
    w.si_signo = SIG_HOST_CARRIER;
    w.si_errno = 0;
    w.si_code = G_SI_QUEUE;
    w.u[2] = TAG_MAGIC | ((uint64_t)g << 32);
    w.u[3] = code;
    long r;
    if (kind == TARGET_NR_tgkill)
        r = syscall(SYS_rt_tgsigqueueinfo, pid, tid, SIG_HOST_CARRIER, &w);
    else if (kind == TARGET_NR_pidfd_send_signal)
        r = syscall(SYS_pidfd_send_signal, pid, SIG_HOST_CARRIER, &w, flags);
    else
        r = syscall(SYS_rt_sigqueueinfo, pid, SIG_HOST_CARRIER, &w);
    return r < 0 ? -errno : 0;
}

static int64_t ret_of(long r)
{
    return r < 0 ? -errno : r;
}

int64_t do_signal_send(VCPU *cpu, int64_t nr, const int64_t *a)
{
    Process *p = cpu->proc;
    int g;
    switch (nr) {
    case TARGET_NR_tgkill: case TARGET_NR_rt_tgsigqueueinfo: g = (int)a[2]; break;
    default: g = (int)a[1]; break;
    }
    if (g < 0 || g > GSIG_MAX)
        return -EINVAL;
    int h = g ? sig_host_of(g) : 0;
    bool tagged = g >= SOFT_FIRST && g != GSIG_MAX;
    GuestSiginfo gi;
    uint64_t info_addr = nr == TARGET_NR_rt_tgsigqueueinfo ? (uint64_t)a[3] :
                         nr == TARGET_NR_rt_sigqueueinfo || nr == TARGET_NR_pidfd_send_signal ?
                         (uint64_t)a[2] : 0;
    if (info_addr && copy_from_guest(p, &gi, info_addr, sizeof gi) < 0)
        return -EFAULT;
    const GuestSiginfo *gip = info_addr ? &gi : NULL;

    switch (nr) {
    case TARGET_NR_kill:
        if (tagged)
            return a[0] > 0 ? send_tagged(nr, (int)a[0], 0, 0, g, NULL) : -EINVAL;
        return ret_of(kill((pid_t)a[0], h));
    case TARGET_NR_tkill:
        if (tagged)
            return send_tagged(TARGET_NR_tgkill, getpid(), (int)a[0], 0, g, NULL);
        return ret_of(syscall(SYS_tkill, (int)a[0], h));
    case TARGET_NR_tgkill:
        if (tagged)
            return send_tagged(nr, (int)a[0], (int)a[1], 0, g, NULL);
        return ret_of(syscall(SYS_tgkill, (int)a[0], (int)a[1], h));
    case TARGET_NR_rt_sigqueueinfo:
        if (tagged)
            return send_tagged(TARGET_NR_kill, (int)a[0], 0, 0, g, gip);
        return ret_of(syscall(SYS_rt_sigqueueinfo, (int)a[0], h, &gi));
    case TARGET_NR_rt_tgsigqueueinfo:
        if (tagged)
            return send_tagged(TARGET_NR_tgkill, (int)a[0], (int)a[1], 0, g, gip);
        return ret_of(syscall(SYS_rt_tgsigqueueinfo, (int)a[0], (int)a[1], h, &gi));
    case TARGET_NR_pidfd_send_signal:
        if (tagged)
            return send_tagged(nr, (int)a[0], 0, (unsigned)a[3], g, gip);
        return ret_of(syscall(SYS_pidfd_send_signal, (int)a[0], h, gip ? &gi : NULL,
                              (unsigned)a[3]));
    default:
        return -ENOSYS;
    }
}

int sig_number_g2h(int g)
{
    if (g == 0)
        return 0;
    if (g >= SOFT_FIRST && g != GSIG_MAX)
        return -1;                       /* a tag cannot ride on a kernel-generated signal */
    return sig_host_of(g);
}

/* struct sigevent: sigev_value (8), sigev_signo (int), sigev_notify (int), ... */
int sig_sigevent_in(Process *p, uint64_t addr, void *sev, void **host)
{
    int32_t signo, notify;
    *host = NULL;
    if (!addr)
        return 0;
    if (copy_from_guest(p, sev, addr, 64) < 0)
        return -EFAULT;
    *host = sev;
    memcpy(&signo, (char *)sev + 8, 4);
    memcpy(&notify, (char *)sev + 12, 4);
    if (notify != SIGEV_SIGNAL && notify != SIGEV_THREAD_ID)
        return 0;
    int h = sig_number_g2h(signo);
    if (h < 0)
        return -EINVAL;
    memcpy((char *)sev + 8, &h, 4);
    return 0;
}

/* ------------------------------------------------------------------ signalfd */

int64_t do_signalfd4(VCPU *cpu, int fd, uint64_t mask, uint64_t size, int flags)
{
    SignalState *s = cpu->proc ? ((Process *)cpu->proc)->sig : NULL;
    uint64_t g;
    if (size != 8)
        return -EINVAL;
    if (copy_from_guest(cpu->proc, &g, mask, 8) < 0)
        return -EFAULT;
    /* Soft signals cannot be read from a host signalfd: they stay ordinary signals. */
    uint64_t h = sig_mask_g2h(g & ~GSIG_KILLSTOP);
    long r = syscall(SYS_signalfd4, fd, &h, 8, flags);
    if (r >= 0 && s)
        __atomic_store_n(&s->signalfd_used, 1, __ATOMIC_RELEASE);
    return ret_of(r);
}

/* The host signal mask of signalfd fd, or false when fd is no signalfd. */
static bool signalfd_mask(int fd, uint64_t *hmask)
{
    char path[48], line[128];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    ssize_t l = readlink(path, line, sizeof line - 1);
    if (l < 0)
        return false;
    line[l] = 0;
    if (strcmp(line, "anon_inode:[signalfd]") != 0)
        return false;
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    bool found = false;
    unsigned long long m;
    while (!found && fgets(line, sizeof line, f))
        if (sscanf(line, "sigmask: %llx", &m) == 1)
            found = true;
    fclose(f);
    *hmask = found ? m : 0;
    return found;
}

/* struct signalfd_siginfo (128 bytes): signo 0, errno 4, code 8, pid 12, uid 16, fd 20,
 * tid 24, band 28, overrun 32, trapno 36, status 40, int 44, ptr 48, utime 56, stime 64,
 * addr 72. From a siginfo of the kill/sigqueue kind (the only ones qelt holds pending). */
static void put_signalfd_info(uint8_t *rec, const GuestSiginfo *gi)
{
    uint32_t w[3] = { (uint32_t)gi->si_signo, (uint32_t)gi->si_errno, (uint32_t)gi->si_code };
    memset(rec, 0, 128);
    memcpy(rec, w, sizeof w);
    memcpy(rec + 12, &gi->u[0], 8);                /* pid, uid */
    memcpy(rec + 44, &gi->u[1], 4);                /* sival_int */
    memcpy(rec + 48, &gi->u[1], 8);                /* sival_ptr */
}

bool sig_signalfd_read(VCPU *cpu, int fd, void *buf, uint64_t len, int64_t *ret)
{
    SignalState *s = cpu->proc ? ((Process *)cpu->proc)->sig : NULL;
    uint64_t hmask;
    if (!s || !__atomic_load_n(&s->signalfd_used, __ATOMIC_ACQUIRE) || !signalfd_mask(fd, &hmask))
        return false;
    /* What qelt holds pending never reaches the host's signalfd: hand it out first. */
    uint64_t want = sig_mask_h2g(hmask);
    int64_t n = 0;
    GuestSiginfo gi;
    while (len - (uint64_t)n >= 128 && sig_take_pending(cpu, want, &gi)) {
        put_signalfd_info((uint8_t *)buf + n, &gi);
        n += 128;
    }
    if (n) {
        *ret = n;
        return true;
    }
    n = read(fd, buf, len);
    if (n < 0) {
        *ret = -errno;
        return true;
    }
    for (int64_t off = 0; off + 128 <= n; off += 128) {
        uint8_t *rec = (uint8_t *)buf + off;
        uint32_t signo, status;
        int32_t code;
        memcpy(&signo, rec, 4);
        memcpy(&code, rec + 8, 4);
        bool chld_sig = signo == SIGCHLD && (code == CLD_KILLED || code == CLD_DUMPED ||
                                            code == CLD_STOPPED || code == CLD_TRAPPED);
        signo = (uint32_t)sig_guest_of((int)signo);
        memcpy(rec, &signo, 4);
        if (chld_sig) {
            memcpy(&status, rec + 40, 4);
            status = (uint32_t)sig_guest_of((int)status);
            memcpy(rec + 40, &status, 4);
        }
    }
    *ret = n;
    return true;
}
