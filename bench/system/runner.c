/*
 * /init of the in-guest benchmark initramfs (bench/system/in-guest.sh): runs each line of
 * /bench.txt ("NAME ARG..." : /bin/NAME with those arguments, stdout to /dev/null), times it
 * with CLOCK_MONOTONIC (the machine's mtime), prints "BENCH NAME SECONDS STATUS" on the
 * console and powers the machine off at the end.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "guest-init.h"

int main(void)
{
    guest_console();
    FILE *f = fopen("/bench.txt", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        char *argv[16];
        int argc = 0;
        for (char *t = strtok(line, " \n"); t && argc < 15; t = strtok(NULL, " \n"))
            argv[argc++] = t;
        if (!argc)
            continue;
        argv[argc] = NULL;
        char path[128];
        snprintf(path, sizeof path, "/bin/%s", argv[0]);
        double t0 = guest_now();
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0)
                dup2(null, 1);
            execv(path, argv);
            _exit(127);
        }
        int st = 0;
        waitpid(pid, &st, 0);
        printf("BENCH %s %.3f %d\n", argv[0], guest_now() - t0, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    printf("BENCH done\n");
    reboot(RB_POWER_OFF);
    return 0;
}
