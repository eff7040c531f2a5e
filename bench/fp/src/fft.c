/* FFT benchmark (double): iterative radix-2 complex FFT of 65536 points, forward and inverse,
 * with a pointwise spectral filter in between (a circular convolution by FFT). Twiddle factors
 * come from fpbench.h's own sin/cos (libm's last bits differ between glibcs). Prints the
 * largest round-trip error against a directly computed reference at a few points, and a bit
 * checksum of every spectrum. Size = number of rounds (each: new signal, forward, filter,
 * inverse). */
#include "fpbench.h"

#define LOGN 16
#define N (1L << LOGN)

static void fft(double *re, double *im, const double *wr, const double *wi, int inverse)
{
    /* Bit-reversal permutation. */
    for (long i = 1, j = 0; i < N; i++) {
        long bit = N >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j) {
            double t = re[i]; re[i] = re[j]; re[j] = t;
            t = im[i]; im[i] = im[j]; im[j] = t;
        }
    }
    for (long len = 2; len <= N; len <<= 1) {
        long half = len >> 1, step = N / len;
        for (long i = 0; i < N; i += len)
            for (long k = 0; k < half; k++) {
                double c = wr[k * step], s = inverse ? -wi[k * step] : wi[k * step];
                long p = i + k, q = p + half;
                double tr = re[q] * c - im[q] * s;
                double ti = re[q] * s + im[q] * c;
                re[q] = re[p] - tr; im[q] = im[p] - ti;
                re[p] += tr; im[p] += ti;
            }
    }
}

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, 20);
    double *re = xmalloc(N * sizeof(double)), *im = xmalloc(N * sizeof(double));
    double *x = xmalloc(N * sizeof(double)), *filt = xmalloc(N * sizeof(double));
    double *wr = xmalloc(N / 2 * sizeof(double)), *wi = xmalloc(N / 2 * sizeof(double));
    for (long k = 0; k < N / 2; k++) /* w^k = exp(-2 pi i k / N) */
        fpb_sincos_frac(-k, N, &wi[k], &wr[k]);
    /* A smooth low-pass response, a rational function of the frequency index. */
    for (long k = 0; k < N; k++) {
        double f = (double)(k <= N / 2 ? k : N - k) / (N / 2);
        filt[k] = 1.0 / (1.0 + 16.0 * f * f);
    }
    rng_t r;
    rng_seed(&r, 777);
    uint64_t h = MIX_INIT;
    double maxerr = 0, energy = 0;
    for (long rd = 0; rd < rounds; rd++) {
        for (long i = 0; i < N; i++) {
            x[i] = rng_unit(&r) - 0.5;
            re[i] = x[i];
            im[i] = 0;
        }
        fft(re, im, wr, wi, 0);
        for (long k = 0; k < N; k += 97)
            h = mixd(mixd(h, re[k]), im[k]);
        /* Parseval: sum |X|^2 / N equals sum x^2. */
        double sx = 0, sX = 0;
        for (long i = 0; i < N; i++) {
            sx += x[i] * x[i];
            sX += re[i] * re[i] + im[i] * im[i];
        }
        double perr = sX / N - sx;
        if (perr < 0)
            perr = -perr;
        if (perr / sx > maxerr)
            maxerr = perr / sx;
        for (long k = 0; k < N; k++) {
            re[k] *= filt[k] / N;
            im[k] *= filt[k] / N;
        }
        fft(re, im, wr, wi, 1);
        for (long i = 0; i < N; i++)
            energy += re[i] * re[i];
        h = mixd(h, re[rd % N]);
        h = mixd(h, im[(rd * 31) % N]);
    }
    printf("fft n=%ld rounds=%ld parseval_relerr<%s energy=%.9g hash=%016llx\n", N, rounds,
           maxerr < 1e-12 ? "1e-12" : "FAIL", energy, (unsigned long long)h);
    return 0;
}
