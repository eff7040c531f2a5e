/*
 * The goldfish real-time clock at 0x101000 (Android's RTC, as on QEMU's virt): nanoseconds since
 * the Unix epoch from the host's realtime clock, plus a guest-settable offset, and one alarm.
 *
 * Registers (32-bit): TIME_LOW 0x00 (reading it latches TIME_HIGH), TIME_HIGH 0x04, ALARM_LOW
 * 0x08 (writing it arms the alarm at ALARM_HIGH:ALARM_LOW), ALARM_HIGH 0x0c, IRQ_ENABLED 0x10,
 * CLEAR_ALARM 0x14, ALARM_STATUS 0x18, CLEAR_INTERRUPT 0x1c. Writing TIME_LOW sets the clock to
 * TIME_HIGH:TIME_LOW (as QEMU's model does). The interrupt line is high while an alarm has fired
 * with IRQ_ENABLED set and is not cleared.
 */
#include <string.h>
#include <time.h>
#include "hw/devices.h"

enum {
    RTC_TIME_LOW = 0x00, RTC_TIME_HIGH = 0x04, RTC_ALARM_LOW = 0x08, RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10, RTC_CLEAR_ALARM = 0x14, RTC_ALARM_STATUS = 0x18,
    RTC_CLEAR_INTERRUPT = 0x1c,
};

static int64_t host_realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t rtc_now(const GoldfishRtc *r)
{
    return (uint64_t)(host_realtime_ns() + r->offset_ns);
}

static void rtc_update_irq(GoldfishRtc *r)
{
    irq_set(&r->irq, r->irq_pending && r->irq_enabled);
}

static void rtc_alarm_fire(void *opaque)
{
    GoldfishRtc *r = opaque;
    uint64_t alarm = (uint64_t)r->alarm_high << 32 | r->alarm_low;
    if (!r->alarm_running)
        return;
    if (rtc_now(r) < alarm) {            /* re-armed meanwhile, or the clock was set back */
        machine_timer_mod(r->m, &r->alarm, machine_now_ns() + (int64_t)(alarm - rtc_now(r)));
        return;
    }
    r->alarm_running = 0;
    r->irq_pending = 1;
    rtc_update_irq(r);
}

void goldfish_rtc_init(GoldfishRtc *r, Machine *m, IRQLine irq)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->irq = irq;
    machine_timer_init(m, &r->alarm, rtc_alarm_fire, r);
}

static uint64_t rtc_read(void *dev, uint64_t off, unsigned size)
{
    GoldfishRtc *r = dev;
    switch (off) {
    case RTC_TIME_LOW: {
        uint64_t t = rtc_now(r);
        r->time_high_latch = (uint32_t)(t >> 32);
        return (uint32_t)t;
    }
    case RTC_TIME_HIGH: return r->time_high_latch;
    case RTC_ALARM_LOW: return r->alarm_low;
    case RTC_ALARM_HIGH: return r->alarm_high;
    case RTC_IRQ_ENABLED: return r->irq_enabled;
    case RTC_ALARM_STATUS: return r->alarm_running;
    }
    return 0;
}

static void rtc_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    GoldfishRtc *r = dev;
    uint32_t v = (uint32_t)val;
    switch (off) {
    case RTC_TIME_LOW: {
        uint64_t t = (uint64_t)r->time_high_latch << 32 | v;
        r->offset_ns = (int64_t)t - host_realtime_ns();
        break;
    }
    case RTC_TIME_HIGH:
        r->time_high_latch = v;
        break;
    case RTC_ALARM_LOW: {
        r->alarm_low = v;
        uint64_t alarm = (uint64_t)r->alarm_high << 32 | v, now = rtc_now(r);
        r->alarm_running = 1;
        machine_timer_mod(r->m, &r->alarm,
                          alarm <= now ? machine_now_ns() : machine_now_ns() + (int64_t)(alarm - now));
        break;
    }
    case RTC_ALARM_HIGH:
        r->alarm_high = v;
        break;
    case RTC_IRQ_ENABLED:
        r->irq_enabled = v & 1;
        rtc_update_irq(r);
        break;
    case RTC_CLEAR_ALARM:
        r->alarm_running = 0;
        machine_timer_mod(r->m, &r->alarm, INT64_MAX);
        break;
    case RTC_CLEAR_INTERRUPT:
        r->irq_pending = 0;
        rtc_update_irq(r);
        break;
    }
}

const MMIOOps goldfish_rtc_ops = { rtc_read, rtc_write };
