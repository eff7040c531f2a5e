/*
 * The one way qelt (either binary) refuses to go on: a single "qelt: ..." line on stderr and
 * exit status 1, after flushing what the guest already printed to stdout. exit() runs the
 * atexit handlers (the machine restores the terminal there). The OS layers' and the plugin
 * layer's fatal functions are thin wrappers of qelt_vfatal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "runtime.h"

void qelt_vfatal(const char *fmt, va_list ap)
{
    fflush(stdout);
    fputs("qelt: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    exit(1);
}
