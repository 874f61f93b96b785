/* Tiny startup for the bench guest (QEMU virt / vmlab memory map).
 * Entered in M-mode at 0x80000000 with a0 = hartid (ignored).
 * bench-bare:  runs bench_main() in M-mode, satp = 0.
 * bench-sv39:  (built with -DUSE_SV39) builds an identity-mapped Sv39 page
 *              table in C (setup_sv39), sets PMP to allow everything,
 *              mcounteren to allow rdinstret/rdcycle from S-mode, and
 *              enters S-mode via mret with satp set; bench_main() runs there.
 * Any trap lands in trap_entry (M-mode), which reports and exits 0x3333-style.
 */
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    csrr  t0, mhartid
1:  bnez  t0, 1b                 /* park any secondary harts */
    la    t0, trap_entry
    csrw  mtvec, t0
    csrw  mie, zero
    csrw  satp, zero
    la    sp, _stack_top
    /* clear .bss */
    la    t0, _bss_start
    la    t1, _bss_end
2:  bgeu  t0, t1, 3f
    sd    zero, 0(t0)
    addi  t0, t0, 8
    j     2b
3:
    /* PMP: one NAPOT region covering everything, RWX. Needed for S-mode
     * accesses; also done for the M-mode build (harmless) because QEMU 7.2
     * runs M-mode code ~10x slower when no PMP entry is configured. */
    li    t0, -1
    csrw  pmpaddr0, t0
    li    t0, 0x1f                /* NAPOT | X | W | R */
    csrw  pmpcfg0, t0
#ifdef USE_SV39
    li    t0, 7
    csrw  mcounteren, t0          /* CY, TM, IR readable from S-mode */
    call  setup_sv39              /* returns satp value in a0 */
    csrw  satp, a0
    sfence.vma
    li    t0, (3 << 11)
    csrc  mstatus, t0             /* MPP = 0 */
    li    t0, (1 << 11)
    csrs  mstatus, t0             /* MPP = S */
    la    t0, s_entry
    csrw  mepc, t0
    mret
s_entry:
#endif
    call  bench_main
    /* bench_main calls finish(); if it ever returns, fail */
    li    a0, 1
    call  finish
4:  j     4b

    .align 2
    .globl trap_entry
trap_entry:
    la    sp, _stack_top
    csrr  a0, mcause
    csrr  a1, mepc
    csrr  a2, mtval
    call  report_trap
5:  j     5b
