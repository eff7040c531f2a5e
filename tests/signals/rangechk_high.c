/* rangechk.c with bases at and above 2^38 (see its header comment). */
#define RANGECHK_HIGH 1
#include "rangechk.c"
