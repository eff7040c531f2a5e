/* Tiny unit-test helpers shared by tests/unit/test-*.c: each check prints PASS/FAIL lines
 * in the protocol of tests/run-all.sh. A test program returns unit_status() from main. */
#ifndef QELT_UNIT_H
#define QELT_UNIT_H
#include <stdio.h>
static int unit_failures;
#define UNIT_PASS(name) printf("PASS %s\n", (name))
#define UNIT_FAIL(name, ...) do { printf("FAIL %s: ", (name)); printf(__VA_ARGS__); \
                                  printf("\n"); unit_failures++; } while (0)
#define UNIT_CHECK(name, cond, ...) do { if (cond) UNIT_PASS(name); \
                                         else UNIT_FAIL(name, __VA_ARGS__); } while (0)
static inline int unit_status(void) { return unit_failures ? 1 : 0; }
#endif
