/* Big-number benchmark: digits of pi by Machin's formula, pi = 16 atan(1/5) - 4 atan(1/239),
 * in multi-limb fixed point (base 10^9 limbs, 64-bit intermediates). Size = decimal digits.
 * Stresses 64-bit division by small divisors, multiply-add with carries and long loops over
 * limb arrays. Checks the known leading digits; prints the last digits and a digit checksum. */
#include "bench.h"

#define BASE 1000000000u

/* x /= d in place, starting at limb first (earlier limbs known zero); returns the new first
 * nonzero limb index so shrinking terms get cheaper. */
static size_t div_small(uint32_t *x, size_t first, size_t n, uint64_t d)
{
    uint64_t rem = 0;
    for (size_t i = first; i < n; i++) {
        uint64_t cur = rem * BASE + x[i];
        x[i] = (uint32_t)(cur / d);
        rem = cur % d;
    }
    while (first < n && x[first] == 0)
        first++;
    return first;
}

/* acc += sign * t / d, where t is not modified; limbs before first are zero in t. */
static void addsub_div(uint32_t *acc, const uint32_t *t, size_t first, size_t n, uint64_t d, int sign)
{
    uint64_t rem = 0;
    /* Quotient digits come most significant first, but carries go the other way: compute the
     * quotient into a scratch-free form by doing the division first, then a backwards pass. */
    static uint32_t *q;
    static size_t qcap;
    if (qcap < n) {
        free(q);
        q = xmalloc(n * sizeof *q);
        qcap = n;
    }
    for (size_t i = first; i < n; i++) {
        uint64_t cur = rem * BASE + t[i];
        q[i] = (uint32_t)(cur / d);
        rem = cur % d;
    }
    if (sign > 0) {
        uint32_t carry = 0;
        for (size_t i = n; i-- > first;) {
            uint32_t v = acc[i] + q[i] + carry;
            carry = v >= BASE;
            acc[i] = carry ? v - BASE : v;
        }
        for (size_t i = first; carry && i-- > 0;) {
            uint32_t v = acc[i] + 1;
            carry = v >= BASE;
            acc[i] = carry ? v - BASE : v;
        }
    } else {
        uint32_t borrow = 0;
        for (size_t i = n; i-- > first;) {
            int64_t v = (int64_t)acc[i] - q[i] - borrow;
            borrow = v < 0;
            acc[i] = (uint32_t)(borrow ? v + BASE : v);
        }
        for (size_t i = first; borrow && i-- > 0;) {
            int64_t v = (int64_t)acc[i] - 1;
            borrow = v < 0;
            acc[i] = (uint32_t)(borrow ? v + BASE : v);
        }
    }
}

/* acc += sign * mult * atan(1/k) */
static void atan_inv(uint32_t *acc, size_t n, uint32_t k, uint32_t mult, int sign, uint32_t *t)
{
    memset(t, 0, n * sizeof *t);
    t[0] = mult;
    size_t first = div_small(t, 0, n, k);
    uint64_t k2 = (uint64_t)k * k;
    for (uint64_t i = 0; first < n; i++) {
        addsub_div(acc, t, first, n, 2 * i + 1, (i & 1) ? -sign : sign);
        first = div_small(t, first, n, k2);
    }
}

int main(int argc, char **argv)
{
    long digits = bench_size(argc, argv, 20000);
    size_t n = (size_t)digits / 9 + 3; /* limb 0 = integer part, 2 guard limbs */
    uint32_t *pi = xmalloc(n * sizeof *pi), *t = xmalloc(n * sizeof *t);
    memset(pi, 0, n * sizeof *pi);
    atan_inv(pi, n, 5, 16, 1, t);
    atan_inv(pi, n, 239, 4, -1, t);
    /* Render: "3." then 9 digits per limb, cut to the requested count. */
    char *s = xmalloc((size_t)n * 9 + 16);
    size_t len = (size_t)sprintf(s, "%u.", pi[0]);
    for (size_t i = 1; i < n; i++)
        len += (size_t)sprintf(s + len, "%09u", pi[i]);
    size_t total = 2 + (size_t)digits;
    if (len > total)
        s[total] = 0;
    uint64_t h = MIX_INIT, dsum = 0;
    for (size_t i = 2; i < total; i++) {
        dsum += (uint64_t)(s[i] - '0');
        h = mix64(h, (uint64_t)s[i]);
    }
    int ok = strncmp(s, "3.14159265358979323846264338327950288", 37) == 0;
    printf("bignum pi digits=%ld head=%s %.22s last=%s sum=%llu hash=%016llx\n", digits, ok ? "ok" : "BAD",
           s, s + total - 20, (unsigned long long)dsum, (unsigned long long)h);
    return ok ? 0 : 1;
}
