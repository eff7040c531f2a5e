/*
 * The guest's main loop and process exit: run translated code with cpu_exec and turn what it
 * returns into system calls and synchronous signals, then deliver pending signals.
 *
 * Invariants: the ecall's pc is advanced past the instruction *before* do_syscall runs (as
 * QEMU's riscv cpu_loop does), so anything the syscall layer snapshots during the call (a clone
 * child's registers, a signal frame built by sigsuspend, ...) already resumes after the ecall;
 * a restart (-QELT_ERESTARTSYS) steps back onto it and -QELT_ESIGRETURN leaves the registers
 * that rt_sigreturn restored untouched. Signals are only delivered here, between cpu_exec calls,
 * where the guest state is precise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "process.h"
#include "signal.h"
#include "plugins/plugin.h"

__thread VCPU *current_vcpu;

void cpu_loop(VCPU *cpu)
{
    GuestState *g = &cpu->g;
    for (;;) {
        int reason = cpu_exec(cpu);
        switch (reason) {
        case EXIT_ECALL: {
            g->pc += 4;
            int64_t ret = do_syscall(cpu, (int64_t)g->x[17], (int64_t)g->x[10], (int64_t)g->x[11],
                                     (int64_t)g->x[12], (int64_t)g->x[13], (int64_t)g->x[14],
                                     (int64_t)g->x[15]);
            if (ret == -QELT_ERESTARTSYS) {
                g->pc -= 4;
            } else if (ret != -QELT_ESIGRETURN) {
                /* signal.c may restart an interrupted call: it records a0 (still the first
                 * argument) and the pc before we overwrite a0 with the error. */
                if (ret == -EINTR)
                    signal_note_syscall_eintr(cpu);
                g->x[10] = (uint64_t)ret;
            }
            break;
        }
        case EXIT_EBREAK:
            queue_guest_signal(cpu, SIGTRAP, TRAP_BRKPT, g->pc);
            break;
        case EXIT_ILLEGAL:
            if (vstate_first_use(cpu))
                break;   /* Linux's first-use trap turned V on: run the instruction again */
            queue_guest_signal(cpu, SIGILL, ILL_ILLOPC, g->pc);
            break;
        case EXIT_FETCH_FAULT: {
            int f = cpu->proc ? gm_page_flags(((Process *)cpu->proc)->gm, g->pc) : 0;
            queue_guest_signal(cpu, SIGSEGV, (f & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR, g->pc);
            break;
        }
        case EXIT_FAULT:
            queue_guest_signal(cpu, cpu->fault_signo, cpu->fault_code, cpu->fault_addr);
            break;
        case EXIT_FENCE_I:
            rt_flush_all(cpu->rt, cpu);
            break;
        case EXIT_DEBUG:
            gdb_stopped(cpu);
            break;
        case EXIT_HALT:
            /* This thread is done (the syscall layer ends threads with EXIT_HALT). */
            plugins_vcpu_exit(cpu);
            gdb_thread_exit(cpu);
            pthread_exit(NULL);
        case EXIT_INTERRUPT:
        case EXIT_NONE:
        default:
            break;
        }
        plugins_safe_point(cpu);
        process_pending_signals(cpu);
    }
}

void process_exit(Process *p, int status)
{
    gdb_exited(status);
    plugins_exit();
    vfork_child_send(p, false);
    if (p) {
        if ((p->opts && (p->opts->log_mask & LOG_STATS)) && p->rt)
            rt_print_stats(p->rt, current_vcpu, p->log ? p->log : stderr);
        if (p->log)
            fflush(p->log);
    }
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}
