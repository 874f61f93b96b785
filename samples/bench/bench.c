/* CPU-bound bare-metal benchmark guest for RV64 (QEMU virt memory map).
 * Fixed amount of work: ITERS rounds of { CRC32 over a 1 KiB buffer,
 * insertion sort of 64 pseudo-random 32-bit values, 12x12 int matrix multiply,
 * a divide/remainder mix }. Prints the checksum, instret and cycle deltas in
 * decimal to the ns16550a UART at 0x10000000 (THR, byte writes), then exits
 * through the SiFive test finisher at 0x100000 (0x5555 = pass).
 */
#include <stdint.h>

#ifndef ITERS
#define ITERS 100000
#endif

#define UART_THR   ((volatile uint8_t *)0x10000000UL)
#define UART_LSR   ((volatile uint8_t *)0x10000005UL)
#define FINISHER   ((volatile uint32_t *)0x100000UL)

static void putc_(char c)
{
    while ((*UART_LSR & 0x20) == 0)   /* THR empty */
        ;
    *UART_THR = (uint8_t)c;
}
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void putdec(uint64_t v)
{
    char buf[24]; int n = 0;
    do { buf[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) putc_(buf[--n]);
}
static void puthex(uint64_t v)
{
    puts_("0x");
    for (int i = 60; i >= 0; i -= 4) putc_("0123456789abcdef"[(v >> i) & 15]);
}

void finish(int code)
{
    *FINISHER = code == 0 ? 0x5555u : (((uint32_t)code << 16) | 0x3333u);
    for (;;) ;
}

void report_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
    puts_("\nTRAP mcause="); puthex(cause);
    puts_(" mepc="); puthex(epc);
    puts_(" mtval="); puthex(tval);
    puts_("\n");
    finish(2);
}

static inline uint64_t rd_instret(void)
{
    uint64_t v;
#ifdef USE_SV39
    __asm__ volatile ("rdinstret %0" : "=r"(v));     /* S-mode: needs mcounteren.IR */
#else
    __asm__ volatile ("csrr %0, minstret" : "=r"(v));
#endif
    return v;
}
static inline uint64_t rd_cycle(void)
{
    uint64_t v;
#ifdef USE_SV39
    __asm__ volatile ("rdcycle %0" : "=r"(v));
#else
    __asm__ volatile ("csrr %0, mcycle" : "=r"(v));
#endif
    return v;
}

/* ---------------- work kernels ---------------- */

static uint8_t  buf[1024];
static uint32_t arr[64];
static int32_t  ma[12][12], mb[12][12], mc[12][12];

static uint32_t lcg_state = 12345;
static uint32_t lcg(void) { lcg_state = lcg_state * 1103515245u + 12345u; return lcg_state; }

static uint32_t crc32(const uint8_t *p, unsigned n, uint32_t crc)
{
    crc = ~crc;
    for (unsigned i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static void isort(uint32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        uint32_t v = a[i]; int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static int64_t matmul(void)
{
    int64_t s = 0;
    for (int i = 0; i < 12; i++)
        for (int j = 0; j < 12; j++) {
            int32_t acc = 0;
            for (int k = 0; k < 12; k++) acc += ma[i][k] * mb[k][j];
            mc[i][j] = acc;
            s += acc;
        }
    return s;
}

static uint64_t divmix(uint64_t x)
{
    uint64_t s = 0;
    for (int i = 1; i <= 64; i++) {
        uint64_t d = (uint64_t)i * 2654435761u + 1;
        s += x / d + x % (uint64_t)(i + 7);
        s ^= (uint64_t)((int64_t)(x ^ s) / -(int64_t)i);
        s += (uint32_t)x / (uint32_t)(i | 1);
        x = x * 6364136223846793005ull + 1442695040888963407ull;
    }
    return s;
}

void bench_main(void)
{
    puts_("bench: start ITERS=");
    putdec(ITERS);
#ifdef USE_SV39
    puts_(" mode=S sv39\n");
#else
    puts_(" mode=M bare\n");
#endif
    for (int i = 0; i < 1024; i++) buf[i] = (uint8_t)lcg();
    for (int i = 0; i < 12; i++)
        for (int j = 0; j < 12; j++) { ma[i][j] = (int32_t)(lcg() % 201) - 100; mb[i][j] = (int32_t)(lcg() % 201) - 100; }

    uint64_t i0 = rd_instret(), c0 = rd_cycle();
    uint64_t check = 0;
    uint32_t crc = 0;
    for (unsigned it = 0; it < ITERS; it++) {
        crc = crc32(buf, sizeof buf, crc);
        buf[it & 1023] ^= (uint8_t)crc;
        for (int i = 0; i < 64; i++) arr[i] = lcg() ^ crc;
        isort(arr, 64);
        check += arr[0] ^ arr[63] ^ arr[it & 63];
        ma[it % 12][(it / 12) % 12] += (int32_t)(crc & 7) - 3;
        check += (uint64_t)matmul();
        check = check * 31 + divmix(check ^ crc);
    }
    uint64_t i1 = rd_instret(), c1 = rd_cycle();

    puts_("bench: crc="); puthex(crc);
    puts_(" checksum="); puthex(check);
    puts_("\nbench: instret="); putdec(i1 - i0);
    puts_(" cycles="); putdec(c1 - c0);
    puts_("\nbench: done\n");
    finish(0);
}

#ifdef USE_SV39
/* Identity-mapped Sv39 page table:
 *   RAM 0x80000000..0x801FFFFF : 512 x 4 KiB leaf PTEs (one level-0 table)
 *   UART 0x10000000           : one 2 MiB megapage (level-1 leaf)
 *   finisher 0x100000         : one 2 MiB megapage (level-1 leaf, 0x0..0x1FFFFF)
 * A and D are preset so no A/D updates are needed.
 */
#define PTE_V 1ul
#define PTE_R 2ul
#define PTE_W 4ul
#define PTE_X 8ul
#define PTE_A 0x40ul
#define PTE_D 0x80ul
#define PTE(pa, fl) ((((uint64_t)(pa)) >> 12) << 10 | (fl))

static uint64_t pt_root[512] __attribute__((aligned(4096)));
static uint64_t pt_l1_lo[512] __attribute__((aligned(4096)));   /* VA 0x00000000-0x3FFFFFFF */
static uint64_t pt_l1_ram[512] __attribute__((aligned(4096)));  /* VA 0x80000000-0xBFFFFFFF */
static uint64_t pt_l0_ram[512] __attribute__((aligned(4096)));  /* VA 0x80000000-0x801FFFFF */

extern char _end[];

uint64_t setup_sv39(void)
{
    /* the whole image incl. stack must fit in the 2 MiB mapped with 4 KiB pages */
    if ((uint64_t)_end > 0x80200000ul) { puts_("bench: image too big for map\n"); finish(3); }
    for (int i = 0; i < 512; i++)
        pt_l0_ram[i] = PTE(0x80000000ul + (uint64_t)i * 4096, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    pt_l1_ram[0] = PTE(pt_l0_ram, PTE_V);
    pt_l1_lo[0]   = PTE(0x0ul,        PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);  /* finisher */
    pt_l1_lo[128] = PTE(0x10000000ul, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);  /* UART */
    pt_root[0] = PTE(pt_l1_lo, PTE_V);
    pt_root[2] = PTE(pt_l1_ram, PTE_V);
    return (8ul << 60) | ((uint64_t)pt_root >> 12);
}
#endif
