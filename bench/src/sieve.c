/* Prime sieve benchmark: a bit-packed sieve of Eratosthenes over odd numbers up to the size,
 * then counts primes, twin primes and a sum. Stresses shifts, masks, strided stores and a long
 * bit-scanning loop. Size = upper bound N. */
#include "bench.h"

int main(int argc, char **argv)
{
    uint64_t n = (uint64_t)bench_size(argc, argv, 100000000);
    uint64_t nodd = n / 2 + 1; /* bit i stands for 2i+1 */
    uint64_t words = nodd / 64 + 1;
    uint64_t *comp = xmalloc(words * 8);
    memset(comp, 0, words * 8);
    comp[0] |= 1; /* 1 is not prime */
    /* Crossing off from p*p for every odd p up to sqrt(n): composites below p*p have a smaller factor. */
    uint64_t lim = 1;
    while (lim * lim <= n)
        lim++;
    for (uint64_t p = 3; p <= lim; p += 2) {
        if (comp[(p / 2) / 64] >> ((p / 2) % 64) & 1)
            continue;
        for (uint64_t m = p * p; m <= n; m += 2 * p)
            comp[(m / 2) / 64] |= 1ull << ((m / 2) % 64);
    }
    uint64_t count = n >= 2, twins = 0, sum = n >= 2 ? 2 : 0, last = 0, hash = MIX_INIT;
    for (uint64_t i = 1; i < nodd; i++) {
        uint64_t v = 2 * i + 1;
        if (v > n)
            break;
        if (!(comp[i / 64] >> (i % 64) & 1)) {
            count++;
            sum += v;
            if (last && v - last == 2)
                twins++;
            last = v;
            if ((count & 0x3ff) == 0)
                hash = mix64(hash, v);
        }
    }
    printf("sieve n=%llu primes=%llu twins=%llu sum=%llu last=%llu hash=%016llx\n",
           (unsigned long long)n, (unsigned long long)count, (unsigned long long)twins,
           (unsigned long long)sum, (unsigned long long)last, (unsigned long long)hash);
    return 0;
}
