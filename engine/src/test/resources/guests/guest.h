/* What the C test guests share: the virt board's devices and a few output helpers (guest.c). */
#ifndef GUEST_H
#define GUEST_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long i64;

#define UART_BASE   0x10000000UL
#define FINISHER    0x100000UL
#define CLINT_BASE  0x2000000UL
#define MTIMECMP    (*(volatile u64 *) (CLINT_BASE + 0x4000))
#define MTIME       (*(volatile u64 *) (CLINT_BASE + 0xBFF8))

/* x1..x31 at regs[1..31] (regs[2] is the interrupted sp), then mepc: the layout start.S saves. */
struct frame {
    u64 regs[32];
    u64 mepc;
    u64 pad;
};

#define csr_read(name) ({ u64 v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) __asm__ volatile("csrw " #name ", %0" : : "r"((u64) (v)))
#define csr_set(name, v) __asm__ volatile("csrs " #name ", %0" : : "r"((u64) (v)))
#define csr_clear(name, v) __asm__ volatile("csrc " #name ", %0" : : "r"((u64) (v)))

void putchar_(int c);
void puts_(const char *s);
void put_dec(u64 v);
void put_hex(u64 v);
void exit(int code) __attribute__((noreturn));
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);

#endif
