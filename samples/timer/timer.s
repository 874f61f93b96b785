# timer: timer interrupts from the CLINT, taken in M-mode.
#
# Concept: an interrupt. Unlike an exception it is not caused by the instruction
# being executed: a device raises it, and the hart takes it between two
# instructions, when it is pending (mip) AND enabled (mie, and mstatus.MIE for
# M-mode). Then the hardware does what it does for any trap (mcause, mepc,
# mstatus, jump to mtvec), with bit 63 of mcause set to say "interrupt".
#
# The CLINT holds the timer: mtime counts up at 10 MHz; the machine-timer
# interrupt (mcause 7) is pending for as long as mtime >= mtimecmp. The handler
# must therefore move mtimecmp forward, or the same interrupt would be taken
# again right after mret. The program itself sleeps in wfi between ticks.
#
# In vmlab, time is deterministic: mtime advances one tick per 10 instructions
# (a 100 MHz hart), and a wfi with a timer armed skips straight to the
# deadline. So the mtime values printed below are the same on every run.
#
# Run:   ./vmlab run samples/timer/timer.elf
# Look:  ./vmlab run --trace irq samples/timer/timer.elf   (each interrupt, with the pc it interrupted)

    .equ FINISHER, 0x100000
    .equ MTIMECMP, 0x2004000        # CLINT: hart 0's compare register
    .equ MTIME,    0x200bff8        # CLINT: the time counter
    .equ INTERVAL, 100000           # ticks of 10 MHz: an interrupt every 10 ms
    .equ NTICKS,   5                # stop after this many interrupts
    .equ MIE_MTIE, 1 << 7           # mie: machine-timer interrupt enable
    .equ MSTATUS_MIE, 1 << 3        # mstatus: global interrupt enable in M-mode

    .text
    .globl _start
_start:
    la    t0, timer_handler
    csrw  mtvec, t0
    la    t0, trap_stack_top
    csrw  mscratch, t0

    la    a0, msg_intro
    call  puts

    li    t0, MTIME                 # the first deadline: now + INTERVAL
    ld    t1, 0(t0)
    li    t2, INTERVAL
    add   t1, t1, t2
    li    t0, MTIMECMP
    sd    t1, 0(t0)
    li    t0, MIE_MTIE
    csrs  mie, t0                   # enable the timer interrupt...
    csrsi mstatus, MSTATUS_MIE      # ...and interrupts in M-mode at all

    la    s0, ticks
wait:
    wfi                             # sleep until an interrupt is pending
    ld    t0, 0(s0)
    li    t1, NTICKS
    bltu  t0, t1, wait

    la    a0, msg_done
    call  puts
    li    t0, FINISHER
    li    t1, 0x5555
    sw    t1, 0(t0)
1:  j     1b

# The interrupt handler: count the tick, report it, set the next deadline.
    .balign 4
timer_handler:
    csrrw sp, mscratch, sp          # a private stack (see samples/traps)
    addi  sp, sp, -64
    sd    ra, 0(sp)
    sd    a0, 8(sp)
    sd    a1, 16(sp)
    sd    t0, 24(sp)
    sd    t1, 32(sp)
    sd    t2, 40(sp)
    sd    t3, 48(sp)
    sd    s1, 56(sp)

    li    t0, MTIME
    ld    s1, 0(t0)                 # s1 = mtime when the handler started

    la    t0, ticks                 # ticks += 1
    ld    t1, 0(t0)
    addi  t1, t1, 1
    sd    t1, 0(t0)

    la    a0, msg_tick              # "tick N: mcause=0x... mtime=T (deadline D)"
    call  puts
    la    t0, ticks
    ld    a0, 0(t0)
    call  putdec
    la    a0, msg_mcause
    call  puts
    csrr  a0, mcause
    call  puthex
    la    a0, msg_mtime
    call  puts
    mv    a0, s1
    call  putdec
    la    a0, msg_deadline
    call  puts
    li    t0, MTIMECMP
    ld    a0, 0(t0)
    call  putdec
    la    a0, msg_close
    call  puts

    li    t0, MTIMECMP              # next deadline: one INTERVAL after this one, so
    ld    t1, 0(t0)                 # the period stays exact whatever the handler's delay;
    li    t2, INTERVAL              # writing mtimecmp > mtime also clears the pending bit
    add   t1, t1, t2
    sd    t1, 0(t0)

    la    t0, ticks                 # after the last tick, disable the interrupt
    ld    t1, 0(t0)
    li    t2, NTICKS
    bltu  t1, t2, 1f
    li    t0, MIE_MTIE
    csrc  mie, t0
1:
    ld    ra, 0(sp)
    ld    a0, 8(sp)
    ld    a1, 16(sp)
    ld    t0, 24(sp)
    ld    t1, 32(sp)
    ld    t2, 40(sp)
    ld    t3, 48(sp)
    ld    s1, 56(sp)
    addi  sp, sp, 64
    csrrw sp, mscratch, sp
    mret                            # back to the instruction after the wfi

    .include "../common/console.s"

    .section .rodata
msg_intro:    .asciz "timer: mtime counts at 10 MHz; an interrupt every 100000 ticks (10 ms), 5 times\n"
msg_tick:     .asciz "tick "
msg_mcause:   .asciz ": mcause="
msg_mtime:    .asciz " mtime="
msg_deadline: .asciz " (deadline "
msg_close:    .asciz ")\n"
msg_done:     .asciz "timer: 5 ticks taken, timer interrupt disabled, done\n"

    .bss
    .balign 8
ticks:
    .space 8
    .balign 16
trap_stack:
    .space 512
trap_stack_top:
