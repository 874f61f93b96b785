/*
 * The CLINT timer interrupt: mtimecmp is armed INTERVAL ticks ahead, three ticks are awaited
 * with wfi and three more in a busy loop. Each tick prints its deadline and how late the
 * handler saw mtime; the test checks the deadlines against the start time.
 */
#include "guest.h"

#define INTERVAL 5000
#define TICKS 6

static volatile u64 ticks;
static u64 deadline[TICKS], late[TICKS];

void handle_trap(struct frame *f) {
    (void) f;
    u64 cause = csr_read(mcause);
    if (cause != (1UL << 63 | 7)) {
        puts_("unexpected cause=");
        put_hex(cause);
        putchar_('\n');
        exit(99);
    }
    u64 now = MTIME, cmp = MTIMECMP;
    deadline[ticks] = cmp;
    late[ticks] = now - cmp;
    ticks++;
    if (ticks < TICKS) {
        MTIMECMP = cmp + INTERVAL;
    } else {
        MTIMECMP = ~0UL;                       /* disarm: the interrupt is level-triggered */
    }
}

int main(void) {
    u64 start = MTIME;
    MTIMECMP = start + INTERVAL;
    csr_set(mie, 1UL << 7);                    /* MTIE */
    csr_set(mstatus, 1UL << 3);                /* MIE */
    u64 wfis = 0;
    while (ticks < TICKS / 2) {
        __asm__ volatile("wfi");
        wfis++;
    }
    u64 spins = 0;
    while (ticks < TICKS) spins++;
    csr_clear(mstatus, 1UL << 3);
    puts_("start ");
    put_dec(start);
    putchar_('\n');
    for (int i = 0; i < TICKS; i++) {
        puts_("tick ");
        put_dec((u64) i + 1);
        putchar_(' ');
        put_dec(deadline[i]);
        putchar_(' ');
        put_dec(late[i]);
        putchar_('\n');
    }
    puts_("wfis ");
    put_dec(wfis);
    puts_(" spins ");
    put_dec(spins);
    puts_(" mip ");
    put_hex(csr_read(mip) & (1UL << 7));
    putchar_('\n');
    return 0;
}
