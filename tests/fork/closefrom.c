/* The guest closes every descriptor from 3 up, then writes: qelt's own descriptors (its -D
 * log) must survive (tests/fork/run.sh checks the log has this write), and the guest's close
 * of a descriptor it never opened is EBADF. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    long r = syscall(SYS_close_range, 3u, ~0u, 0u);
    int bad = close(900) < 0 && errno == EBADF;
    printf("close_range %ld, close(900) EBADF %d\n", r, bad);
    fflush(stdout);
    return 0;
}
