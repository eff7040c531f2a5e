/*
 * qelt's extensions of the plugin API (include/qemu-plugin.h is the QEMU-compatible part).
 * A plugin that uses them runs under qelt only; one that must also load into QEMU can declare
 * them weak (`#pragma weak qelt_plugin_register_vcpu_mem_cb_filter`) and test their address.
 *
 * Filtered callbacks (the analysis-routine split of Pin's InsertIfCall/InsertThenCall, with a
 * fixed "if" that generated code runs inline): the callback is called only when the event's
 * address a misses the plugin's table,
 *     line = a >> shift;   call  unless  table[line & mask] == line
 * where a is the access's virtual address (memory) or the instruction's address (execution).
 * The test is a few host instructions, no call; the table is the plugin's own memory, read at
 * every event, so the plugin may change entries at any time (typically in the callback: "line is
 * now the one I need not hear about again"). The table is one for all vCPUs (a plugin that
 * simulates per-vCPU state needs per-vCPU filters, which this does not offer: register plain
 * callbacks then). Typical use: a cache simulator keeps, per set, the line it accessed last
 * (an access to it is a hit that changes nothing) and counts accesses with inline adds; a
 * first-touch tracker keeps the pages it has seen.
 * Rules: the table holds mask + 1 entries of uint64_t and lives as long as any translation may
 * use it (until the plugin is uninstalled); shift is at most 63; a callback that asks for
 * QEMU_PLUGIN_CB_RW_REGS is registered unfiltered (called on every event). A memory callback
 * sees the access's value through qemu_plugin_mem_get_value as usual. Order: a filtered
 * callback runs after the plain callbacks registered before it, but inline operations (adds
 * to counters) of its block may be applied later, at the end of the block or at the next plain
 * callback (they are merged per block: that is what makes counting every event inline cheap):
 * a filtered callback must not read counters that inline operations of the same events
 * update. At the end of every block and at exit they are exact.
 */
#ifndef QELT_PLUGIN_EXT_H
#define QELT_PLUGIN_EXT_H

#include "qemu-plugin.h"

QEMU_PLUGIN_API
void qelt_plugin_register_vcpu_insn_exec_cb_filter(struct qemu_plugin_insn *insn,
                                                   qemu_plugin_vcpu_udata_cb_t cb,
                                                   enum qemu_plugin_cb_flags flags,
                                                   void *userdata, const uint64_t *table,
                                                   unsigned shift, uint64_t mask);

QEMU_PLUGIN_API
void qelt_plugin_register_vcpu_mem_cb_filter(struct qemu_plugin_insn *insn,
                                             qemu_plugin_vcpu_mem_cb_t cb,
                                             enum qemu_plugin_cb_flags flags,
                                             enum qemu_plugin_mem_rw rw, void *userdata,
                                             const uint64_t *table, unsigned shift,
                                             uint64_t mask);

#endif
