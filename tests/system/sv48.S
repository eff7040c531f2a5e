/* Sv48 paging: see lib/paging.inc. */
#define LEVELS 4
#define SATP_MODE SATP_SV48
#include "lib/paging.inc"
