/* zb.S with Zba and Zbb turned off (-cpu rv64,zba=false,zbb=false, see lib/common.sh). */
#include "zb.S"
