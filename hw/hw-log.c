/*
 * Device messages under -d guest_errors / unimp: one formatted line to the log file when that
 * category is on. Devices call hw_log(log, log->guest_errors, ...) and never print otherwise.
 */
#include <stdarg.h>
#include "hw/devices.h"

void hw_log(const HwLog *log, bool on, const char *fmt, ...)
{
    if (!log || !on || !log->f)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log->f, fmt, ap);
    va_end(ap);
}
