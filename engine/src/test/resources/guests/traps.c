/*
 * M-mode trap handling: an ecall the handler services, two illegal instructions (32- and
 * 16-bit), an ebreak, a load from an address where nothing is mapped, and finally a drop to
 * U-mode (through PMP, which must allow U-mode to fetch) whose ecall ends the run. Each trap
 * is reported as "<what> cause=<mcause> tval=<mtval hex> len=<bytes skipped>".
 */
#include "guest.h"

static volatile u64 last_cause, last_tval, last_len, traps;
static u64 user_stack[128] __attribute__((aligned(16)));

static void report(const char *what) {
    puts_(what);
    puts_(" cause=");
    put_dec(last_cause);
    puts_(" tval=");
    put_hex(last_tval);
    puts_(" len=");
    put_dec(last_len);
    putchar_('\n');
}

/* Length of the instruction at pc: 16-bit parcels whose low bits are not 11 are compressed. */
static u64 insn_length(u64 pc) {
    return (*(volatile unsigned short *) pc & 3) == 3 ? 4 : 2;
}

void handle_trap(struct frame *f) {
    u64 cause = csr_read(mcause);
    traps++;
    last_cause = cause;
    last_tval = csr_read(mtval);
    last_len = insn_length(f->mepc);
    switch (cause) {
    case 11:                                   /* ecall from M: a7 = 1 asks for 2 * a0 + 1 */
        if (f->regs[17] == 1) f->regs[10] = f->regs[10] * 2 + 1;
        break;
    case 2:                                    /* illegal instruction, */
    case 3:                                    /* breakpoint */
    case 5:                                    /* and load access fault: skip the instruction */
        break;
    case 8: {                                  /* ecall from U: the end of the program */
        u64 mpp = (csr_read(mstatus) >> 11) & 3;
        report("user-ecall");
        puts_("user a7=");
        put_dec(f->regs[17]);
        puts_(" a0=");
        put_dec(f->regs[10]);
        puts_(" mpp=");
        put_dec(mpp);
        puts_(" traps=");
        put_dec(traps);
        putchar_('\n');
        exit(0);
    }
    default:
        report("unexpected");
        exit(99);
    }
    f->mepc += last_len;
}

static void user_main(void) {
    register u64 a0 __asm__("a0") = 7;
    register u64 a7 __asm__("a7") = 93;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7));
    for (;;) {
    }
}

int main(void) {
    register u64 a0 __asm__("a0") = 20;
    register u64 a7 __asm__("a7") = 1;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    u64 result = a0;
    report("ecall");
    puts_("ecall result=");
    put_dec(result);
    putchar_('\n');

    __asm__ volatile(".4byte 0xc0001073" ::: "memory");   /* csrrw zero, cycle, zero: cycle is read-only */
    report("illegal32");
    __asm__ volatile(".2byte 0x0000" ::: "memory");       /* c.unimp: the all-zero parcel */
    report("illegal16");
    __asm__ volatile("ebreak" ::: "memory");
    report("ebreak");
    volatile u64 *nowhere = (volatile u64 *) 0x40000000UL;
    u64 v = *nowhere;
    (void) v;
    report("load-fault");

    /* PMP entry 0: NAPOT over the whole address space, RWX; then mret to U-mode. */
    csr_write(pmpaddr0, ~0UL >> 10);
    csr_write(pmpcfg0, 0x1f);
    csr_clear(mstatus, 3UL << 11);
    csr_write(mepc, (u64) user_main);
    __asm__ volatile("mv sp, %0\n\tmret" : : "r"(&user_stack[128]) : "memory");
    return 98;                                             /* not reached */
}
