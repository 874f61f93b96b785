/*
 * Entry and trap entry for the C test guests. _start runs in M-mode with a0 = hartid and
 * a1 = the device tree: it sets up the stack and mtvec, clears .bss, calls main and passes
 * its result to exit(). trap_entry saves x1..x31 and mepc in a struct frame on the stack,
 * calls handle_trap(frame), and restores them (with whatever the handler changed) before mret.
 */
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la      sp, __stack_top
    la      t0, trap_entry
    csrw    mtvec, t0
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  call    main
    call    exit
3:  j       3b

    .text
    .align  2
    .globl  trap_entry
trap_entry:
    addi    sp, sp, -272
    .irp    n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    sd      x\n, (\n * 8)(sp)
    .endr
    addi    t0, sp, 272
    sd      t0, 16(sp)          /* the interrupted sp, as x2 */
    csrr    t0, mepc
    sd      t0, 256(sp)
    mv      a0, sp
    call    handle_trap
    ld      t0, 256(sp)
    csrw    mepc, t0
    .irp    n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    ld      x\n, (\n * 8)(sp)
    .endr
    addi    sp, sp, 272
    mret

    /* A program that installs no handler of its own gets this one: report failure 0xdead. */
    .weak   handle_trap
handle_trap:
    li      t0, 0x100000
    li      t1, 0xdead3333
    sw      t1, 0(t0)
4:  j       4b
