/*
 * vfork's shared memory (user/vfork.c): what a vfork child writes before it execs or ends is
 * the parent's, as on Linux. The host kernel running the native build is the oracle.
 *   spawn-missing    posix_spawn / posix_spawnp of a program that does not exist: ENOENT
 *                    (glibc's child stores the exec error in the parent's memory, then _exit)
 *   spawn-closefrom-missing  the same with a close-from-3 file action, as Python's subprocess
 *                    does (qelt's own descriptors must survive the child's close_range)
 *   spawn-ok         posix_spawn of /bin/true: 0, child status 0
 *   vfork-exit       the child sets a global, a heap byte, a byte on the parent's stack, then
 *                    _exit: the parent sees all three
 *   vfork-exec-fail  the child's execve fails; it stores errno in a global and _exits
 *   vfork-exec-ok    the child writes, then execs /bin/true: the writes made before the exec
 *   vfork-many       the child writes every 7th byte of 3 MiB: the parent's checksum
 *   vfork-fork       the child forks; the grandchild's writes stay its own
 *   vfork-signal     the child writes, then dies of SIGABRT: the write stays
 *   vfork-thread     another parent thread stores into the byte next to the child's while
 *                    the child runs: neither write is lost
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static volatile int g_var;
static volatile int g_errno;
static struct {
    volatile unsigned char child_byte;
    volatile unsigned char counter;   /* right next to it: the parent's thread counts here */
} g_pair;

static int status_of(pid_t pid)
{
    int st = 0;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int g_pipe[2];

/* Once the vfork child has written its byte, store into the byte next to it. */
static void *neighbour_thread(void *arg)
{
    char b;
    (void)arg;
    while (read(g_pipe[0], &b, 1) < 0 && errno == EINTR)
        ;
    g_pair.counter = 0x77;
    return NULL;
}

int main(void)
{
    pid_t pid;
    char *missing[] = { "/nonexistent/qelt-test-program", NULL };
    int r = posix_spawn(&pid, missing[0], NULL, NULL, missing, environ);
    printf("spawn-missing: %s\n", r == ENOENT ? "ENOENT" : r ? strerror(r) : "0 (error lost)");
    char *missing_p[] = { "qelt-no-such-program-on-path", NULL };
    r = posix_spawnp(&pid, missing_p[0], NULL, NULL, missing_p, environ);
    printf("spawnp-missing: %s\n", r == ENOENT ? "ENOENT" : r ? strerror(r) : "0 (error lost)");
    posix_spawn_file_actions_t fa;   /* as Python's subprocess: close every fd >= 3 first */
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    r = posix_spawn(&pid, missing[0], &fa, NULL, missing, environ);
    printf("spawn-closefrom-missing: %s\n", r == ENOENT ? "ENOENT" : r ? strerror(r) : "0 (error lost)");
    posix_spawn_file_actions_destroy(&fa);
    char *ok[] = { "/bin/true", NULL };
    r = posix_spawn(&pid, ok[0], NULL, NULL, ok, environ);
    printf("spawn-ok: %d, status %d\n", r, r ? -1 : status_of(pid));

    volatile char *heap = malloc(64);
    heap[10] = 'a';
    volatile char on_stack[32] = { 0 };
    pid = vfork();
    if (pid == 0) {
        g_var = 42;
        heap[10] = 'z';
        on_stack[5] = 'q';
        _exit(3);
    }
    printf("vfork-exit: status %d, var %d, heap %c, stack %c\n", status_of(pid), g_var, heap[10],
           on_stack[5]);

    pid = vfork();
    if (pid == 0) {
        execl("/nonexistent/qelt-test-program", "x", (char *)NULL);
        g_errno = errno;
        _exit(127);
    }
    printf("vfork-exec-fail: status %d, errno %s\n", status_of(pid),
           g_errno == ENOENT ? "ENOENT" : "wrong");

    g_var = 0;
    pid = vfork();
    if (pid == 0) {
        g_var = 7;
        execl("/bin/true", "true", (char *)NULL);
        _exit(126);
    }
    printf("vfork-exec-ok: status %d, var %d\n", status_of(pid), g_var);

    size_t big = 3u << 20;
    volatile unsigned char *buf = calloc(big, 1);
    pid = vfork();
    if (pid == 0) {
        for (size_t i = 0; i < big; i += 7)
            buf[i] = (unsigned char)(i * 31 + 1);
        _exit(0);
    }
    unsigned long sum = 0;
    for (size_t i = 0; i < big; i++)
        sum = sum * 33 + buf[i];
    printf("vfork-many: status %d, checksum %lx\n", status_of(pid), sum);

    g_var = 1;
    pid = vfork();
    if (pid == 0) {
        pid_t gc = fork();
        if (gc == 0) {
            g_var = 99;   /* the grandchild's own copy */
            _exit(0);
        }
        int st;
        waitpid(gc, &st, 0);
        g_var += 10;      /* shared with the parent */
        _exit(0);
    }
    printf("vfork-fork: status %d, var %d\n", status_of(pid), g_var);

    g_var = 0;
    pid = vfork();
    if (pid == 0) {
        g_var = 5;
        signal(SIGABRT, SIG_DFL);
        raise(SIGABRT);
        _exit(1);
    }
    printf("vfork-signal: status %d, var %d\n", status_of(pid), g_var);

    pthread_t t;
    if (pipe(g_pipe) != 0)
        return 1;
    pthread_create(&t, NULL, neighbour_thread, NULL);
    pid = vfork();
    if (pid == 0) {
        g_pair.child_byte = 0x5a;
        if (write(g_pipe[1], "x", 1) != 1)
            _exit(1);
        for (volatile int i = 0; i < 2000000; i++)   /* the thread stores meanwhile */
            ;
        _exit(0);
    }
    int st = status_of(pid);
    pthread_join(t, NULL);
    printf("vfork-thread: status %d, child byte %#x, neighbour %#x\n", st, g_pair.child_byte,
           g_pair.counter);
    return 0;
}
