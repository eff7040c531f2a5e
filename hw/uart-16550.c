/*
 * The ns16550a UART of the virt board: register model (RBR/THR, IER, IIR/FCR, LCR, MCR, LSR,
 * MSR, SCR, DLL/DLM under LCR.DLAB) with a 16-byte receive FIFO, and its two ends in the host:
 * output written straight to a file descriptor (the -serial backend), input read from the
 * terminal by a thread.
 *
 * Interrupts (IIR, highest first): received data (0x4, or 0xc "timeout" while the FIFO holds
 * fewer bytes than its trigger level: both fire at once here), THR empty (0x2; cleared by
 * reading IIR while it is the reported cause or by writing THR, set again when the byte has
 * gone, which is at once). The line to the PLIC is high while IIR reports a cause.
 * Terminal: while input runs from a terminal it is in raw mode; uart_restore_terminal puts it
 * back and runs from atexit and from the handlers of the terminating signals (INT, TERM, HUP,
 * QUIT, ABRT, and PIPE: output into a closed pipe ends the run as it does without a terminal),
 * so every exit path restores it. With -serial mon:stdio, Ctrl-A is an escape: x quits, h helps, Ctrl-A sends
 * one Ctrl-A. The saved terminal state is the one process-wide fact this file keeps outside a
 * struct: a signal handler has nothing else to reach it through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "hw/devices.h"

enum { RBR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
enum { LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40 };
enum { IER_RDI = 0x01, IER_THRI = 0x02 };
enum { IIR_NONE = 0x01, IIR_THRI = 0x02, IIR_RDI = 0x04, IIR_TIMEOUT = 0x0c, IIR_FIFO = 0xc0 };
enum { FCR_ENABLE = 0x01, FCR_CLEAR_RX = 0x02, FCR_CLEAR_TX = 0x04 };
enum { LCR_DLAB = 0x80, MCR_LOOP = 0x10 };
enum { MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80 };
#define CTRL_A 0x01

static const uint8_t fcr_trigger[4] = { 1, 4, 8, 14 };

static void uart_update(Uart *u)
{
    uint8_t iir = IIR_NONE;
    if ((u->ier & IER_RDI) && u->rx_count) {
        int trig = (u->fcr & FCR_ENABLE) ? fcr_trigger[u->fcr >> 6] : 1;
        iir = u->rx_count >= trig ? IIR_RDI : IIR_TIMEOUT;
    } else if ((u->ier & IER_THRI) && u->thr_ipending) {
        iir = IIR_THRI;
    }
    u->iir = iir | ((u->fcr & FCR_ENABLE) ? IIR_FIFO : 0);
    irq_set(&u->irq, !(iir & IIR_NONE));
}

void uart_init(Uart *u, Machine *m, IRQLine irq, int out_fd)
{
    memset(u, 0, sizeof *u);
    u->m = m;
    u->irq = irq;
    u->out_fd = out_fd;
    u->in_fd = -1;
    u->stop_pipe[0] = u->stop_pipe[1] = -1;
    u->lsr = LSR_THRE | LSR_TEMT;
    u->msr = MSR_DCD | MSR_DSR | MSR_CTS;
    u->iir = IIR_NONE;
    u->dll = 12;                          /* 9600 baud at 1.8432 MHz, as QEMU resets it */
    pthread_cond_init(&u->space, NULL);
}

static int fifo_cap(const Uart *u)
{
    return (u->fcr & FCR_ENABLE) ? UART_FIFO : 1;
}

bool uart_receive(Uart *u, uint8_t byte)
{
    if (u->rx_count >= fifo_cap(u)) {
        u->lsr |= LSR_OE;
        return false;
    }
    u->rbr[(u->rx_head + u->rx_count++) % UART_FIFO] = byte;
    u->lsr |= LSR_DR;
    uart_update(u);
    return true;
}

static void write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w, n -= (size_t)w;
    }
}

static void uart_transmit(Uart *u, uint8_t byte)
{
    if (u->mcr & MCR_LOOP) {
        uart_receive(u, byte);
    } else if (u->out_fd >= 0) {
        write_all(u->out_fd, &byte, 1);
    }
    u->thr_ipending = true;             /* the byte has gone: THR empty again */
    u->lsr |= LSR_THRE | LSR_TEMT;
}

static uint64_t uart_read(void *dev, uint64_t off, unsigned size)
{
    Uart *u = dev;
    switch (off) {
    case RBR: {
        if (u->lcr & LCR_DLAB)
            return u->dll;
        uint8_t v = 0;
        if (u->rx_count) {
            v = u->rbr[u->rx_head];
            u->rx_head = (u->rx_head + 1) % UART_FIFO;
            if (!--u->rx_count)
                u->lsr &= ~LSR_DR;
            pthread_cond_signal(&u->space);
        }
        uart_update(u);
        return v;
    }
    case IER:
        return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
    case IIR: {
        uint8_t v = u->iir;
        if ((v & 0x0f) == IIR_THRI) {
            u->thr_ipending = false;
            uart_update(u);
        }
        return v;
    }
    case LCR: return u->lcr;
    case MCR: return u->mcr;
    case LSR: {
        uint8_t v = u->lsr;
        u->lsr &= ~LSR_OE;
        return v;
    }
    case MSR:
        if (u->mcr & MCR_LOOP)           /* modem outputs looped back to the inputs */
            return (uint8_t)(((u->mcr & 0x02) << 3) | ((u->mcr & 0x01) << 5) |
                             ((u->mcr & 0x04) << 4) | ((u->mcr & 0x08) << 4));
        return u->msr;
    case SCR: return u->scr;
    }
    return 0;
}

static void uart_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    Uart *u = dev;
    uint8_t v = (uint8_t)val;
    switch (off) {
    case RBR:
        if (u->lcr & LCR_DLAB) {
            u->dll = v;
            return;
        }
        u->thr_ipending = false;
        uart_transmit(u, v);
        break;
    case IER:
        if (u->lcr & LCR_DLAB) {
            u->dlm = v;
            return;
        }
        /* Enabling the THR-empty interrupt while THR is empty raises it. */
        if ((v & IER_THRI) && !(u->ier & IER_THRI) && (u->lsr & LSR_THRE))
            u->thr_ipending = true;
        u->ier = v & 0x0f;
        break;
    case IIR:                            /* FCR */
        if ((v ^ u->fcr) & FCR_ENABLE || (v & FCR_CLEAR_RX)) {
            u->rx_count = u->rx_head = 0;
            u->lsr &= ~LSR_DR;
            pthread_cond_signal(&u->space);
        }
        u->fcr = v & 0xc9;
        break;
    case LCR: u->lcr = v; return;
    case MCR: u->mcr = v & 0x1f; return;
    case SCR: u->scr = v; return;
    default: return;
    }
    uart_update(u);
}

const MMIOOps uart_ops = { uart_read, uart_write };

/* ---- the terminal ---- */

static struct termios saved_tio;
static volatile sig_atomic_t tio_saved;

void uart_restore_terminal(void)
{
    if (tio_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
        tio_saved = 0;
    }
}

static void fatal_signal(int sig)
{
    uart_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void terminal_raw(bool keep_signals)
{
    struct termios t;
    if (tio_saved || tcgetattr(STDIN_FILENO, &t) != 0)
        return;
    saved_tio = t;
    tio_saved = 1;
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGPIPE };
    static bool handlers;
    if (!handlers) {
        handlers = true;
        atexit(uart_restore_terminal);
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
            signal(sigs[i], fatal_signal);
    }
    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_oflag |= OPOST;                  /* keep \n -> \r\n on output, as QEMU's stdio does */
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN | (keep_signals ? 0 : ISIG));
    t.c_cflag &= ~(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

static const char mon_help[] =
    "\r\nC-a h    print this help\r\n"
    "C-a x    exit emulator\r\n"
    "C-a c    switch between console and monitor (no monitor in qelt)\r\n"
    "C-a C-a  sends C-a\r\n";

/* mon:stdio escapes; returns true when the byte is for the guest. */
static bool mon_escape(Uart *u, uint8_t c)
{
    if (!u->escape) {
        if (c == CTRL_A) {
            u->escape = true;
            return false;
        }
        return true;
    }
    u->escape = false;
    switch (c) {
    case CTRL_A:
        return true;
    case 'x':
        write_all(STDERR_FILENO, (const uint8_t *)"qelt: terminated\r\n", 18);
        machine_request_shutdown(u->m, 0);
        return false;
    case 'h':
    case '?':
        write_all(STDERR_FILENO, (const uint8_t *)mon_help, sizeof mon_help - 1);
        return false;
    case 'c':
        write_all(STDERR_FILENO, (const uint8_t *)"\r\nqelt: no monitor\r\n", 20);
        return false;
    }
    return false;
}

static void *uart_input_thread(void *arg)
{
    Uart *u = arg;
    for (;;) {
        struct pollfd pf[2] = { { u->in_fd, POLLIN, 0 }, { u->stop_pipe[0], POLLIN, 0 } };
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (pf[1].revents)
            break;
        uint8_t buf[64];
        ssize_t n = read(u->in_fd, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            break;                       /* end of input: the guest just sees no more */
        pthread_mutex_lock(&u->m->io_lock);
        for (ssize_t i = 0; i < n && !u->m->shutdown; i++) {
            if (u->kind == SERIAL_MON_STDIO && !mon_escape(u, buf[i]))
                continue;
            while (!uart_receive(u, buf[i]) && !u->m->shutdown && !u->stopping) {
                u->lsr &= ~LSR_OE;       /* we wait for room instead of losing the byte */
                pthread_cond_wait(&u->space, &u->m->io_lock);
            }
        }
        pthread_mutex_unlock(&u->m->io_lock);
    }
    return NULL;
}

void uart_start_input(Uart *u, SerialKind kind, int in_fd)
{
    if (kind != SERIAL_STDIO && kind != SERIAL_MON_STDIO)
        return;
    u->kind = kind;
    u->in_fd = in_fd;
    if (pipe(u->stop_pipe) != 0)
        return;
    if (in_fd == STDIN_FILENO && isatty(in_fd))
        terminal_raw(kind == SERIAL_STDIO);
    u->thread_started = pthread_create(&u->thread, NULL, uart_input_thread, u) == 0;
}

void uart_stop_input(Uart *u)
{
    if (u->thread_started) {
        pthread_mutex_lock(&u->m->io_lock);
        u->stopping = true;
        write_all(u->stop_pipe[1], (const uint8_t *)"x", 1);
        pthread_cond_broadcast(&u->space);
        pthread_mutex_unlock(&u->m->io_lock);
        pthread_join(u->thread, NULL);
        u->thread_started = false;
    }
    for (int i = 0; i < 2; i++)
        if (u->stop_pipe[i] >= 0) {
            close(u->stop_pipe[i]);
            u->stop_pipe[i] = -1;
        }
    uart_restore_terminal();
}
