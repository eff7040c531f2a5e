/* -perfmap: /tmp/perf-<pid>.map for Linux perf (runtime/perfmap.c). */
#ifndef QELT_PERFMAP_H
#define QELT_PERFMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct PerfMap PerfMap;

/* The OS layer's name for a guest pc: the symbol containing it and pc's offset in it, or NULL. */
typedef const char *(*PerfMapSymbol)(void *opaque, uint64_t pc, uint64_t *offset);

/* NULL (after a warning on stderr) when the map cannot be created. */
PerfMap *perfmap_open(PerfMapSymbol symbol, void *opaque);
void perfmap_add_shared(PerfMap *m, const void *code, size_t size);
void perfmap_add_block(PerfMap *m, const void *code, size_t size, uint64_t pc);
/* In a forked child: continue in /tmp/perf-<child pid>.map. */
void perfmap_reopen_child(PerfMap *m);

#endif
