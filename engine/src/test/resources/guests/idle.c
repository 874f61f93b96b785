/* Waits for an interrupt that nothing can raise: no timer armed, interrupts off, no input. */
#include "guest.h"

int main(void) {
    puts_("waiting\n");
    csr_clear(mstatus, 1UL << 3);
    for (;;) __asm__ volatile("wfi");
}
