/* bench/src/dhry.c built with the set's rv64-cflags (bench/zb/programs.txt) */
#include "../../src/dhry.c"
