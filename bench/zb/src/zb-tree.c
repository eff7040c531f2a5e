/* bench/src/tree.c built with the set's rv64-cflags (bench/zb/programs.txt) */
#include "../../src/tree.c"
