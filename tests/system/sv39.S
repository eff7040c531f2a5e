/* Sv39 paging: see lib/paging.inc. */
#define LEVELS 3
#define SATP_MODE SATP_SV39
#include "lib/paging.inc"
