/*
 * Integer work a compiler turns into RV64IMAC code: a prime sieve, CRC-32, sorting, 64-bit
 * multiply/divide, and atomics. Prints one line per result; CGuestTest computes the same
 * values in Java.
 */
#include "guest.h"

#define SIEVE_N 20000
#define SORT_N 1000

static u8 composite[SIEVE_N + 1];
static u32 data[SORT_N];
static volatile u32 counter;

static void sieve(void) {
    u64 count = 0, sum = 0, last = 0;
    for (u64 i = 2; i <= SIEVE_N; i++) {
        if (composite[i]) continue;
        count++;
        sum += i;
        last = i;
        for (u64 j = i * i; j <= SIEVE_N; j += i) composite[j] = 1;
    }
    puts_("primes ");
    put_dec(count);
    putchar_(' ');
    put_dec(last);
    putchar_(' ');
    put_dec(sum);
    putchar_('\n');
}

static u32 crc32(const u8 *p, u64 n) {
    u32 crc = 0xFFFFFFFFu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}

static void crc(void) {
    static const char text[] = "The quick brown fox jumps over the lazy dog";
    puts_("crc32 ");
    put_hex(crc32((const u8 *) text, sizeof text - 1));
    putchar_('\n');
}

/* Quicksort on an array filled by a 32-bit LCG (Numerical Recipes constants). */
static void quicksort(u32 *a, i64 lo, i64 hi) {
    while (lo < hi) {
        u32 pivot = a[lo + (hi - lo) / 2];
        i64 i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                u32 t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        }
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

static void sort(void) {
    u32 x = 12345;
    for (int i = 0; i < SORT_N; i++) {
        x = x * 1664525u + 1013904223u;
        data[i] = x >> 8;
    }
    quicksort(data, 0, SORT_N - 1);
    int ordered = 1;
    u64 weighted = 0;
    for (int i = 0; i < SORT_N; i++) {
        if (i > 0 && data[i - 1] > data[i]) ordered = 0;
        weighted += (u64) data[i] * (u64) (i + 1);
    }
    puts_("sort ");
    put_dec((u64) ordered);
    putchar_(' ');
    put_dec(data[0]);
    putchar_(' ');
    put_dec(data[SORT_N / 2]);
    putchar_(' ');
    put_dec(data[SORT_N - 1]);
    putchar_(' ');
    put_dec(weighted);
    putchar_('\n');
}

/* 20! fits in 64 bits; then a chain of divisions and remainders, signed and unsigned. */
static void arithmetic(void) {
    volatile u64 n = 20;
    u64 f = 1;
    for (u64 i = 2; i <= n; i++) f *= i;
    volatile i64 s = -1234567890123L;
    volatile i64 d = 97;
    volatile u64 big = 0xFEDCBA9876543210UL;
    volatile u64 m = 1000000007UL;
    u64 hi = (u64) (((unsigned __int128) big * big) >> 64);   /* mulhu */
    puts_("arith ");
    put_dec(f);
    putchar_(' ');
    put_dec((u64) (s / d));
    putchar_(' ');
    put_dec((u64) (s % d));
    putchar_(' ');
    put_dec(big % m);
    putchar_(' ');
    put_hex(hi);
    putchar_('\n');
}

static void atomics(void) {
    for (int i = 0; i < 100; i++) __atomic_fetch_add(&counter, 3, __ATOMIC_SEQ_CST);
    u32 expected = 300;
    int swapped = __atomic_compare_exchange_n(&counter, &expected, 7, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    u32 old = __atomic_exchange_n(&counter, 11, __ATOMIC_SEQ_CST);
    puts_("atomic ");
    put_dec((u64) swapped);
    putchar_(' ');
    put_dec(old);
    putchar_(' ');
    put_dec(counter);
    putchar_('\n');
}

int main(void) {
    sieve();
    crc();
    sort();
    arithmetic();
    atomics();
    puts_("done\n");
    return 0;
}
