# traps: exceptions and an M-mode trap handler.
#
# Concept: a trap. When an instruction cannot complete normally the hart stops
# it and, in one step, the hardware
#   1. writes the cause to mcause (bit 63 clear: an exception, not an interrupt),
#   2. writes the address of the trapping instruction to mepc,
#   3. writes extra information to mtval (the bad instruction, or 0),
#   4. saves the privilege and interrupt-enable bits in mstatus (MPP, MPIE),
#   5. jumps to the address in mtvec.
# The handler inspects these CSRs, does its work and executes mret, which jumps
# back to mepc. mepc still points AT the trapping instruction, so a handler that
# wants the program to go on must first step mepc past it.
#
# This program raises three exceptions on purpose: an environment call (ecall,
# the way software asks a more privileged level for a service), an illegal
# instruction (fadd.s: this hart has no floating point), and a breakpoint
# (ebreak, what debuggers plant). The handler prints each and resumes.
#
# Run:   ./vmlab run samples/traps/traps.elf
# Look:  ./vmlab run --trace trap samples/traps/traps.elf   (the three traps, with mepc and mtval)

    .equ FINISHER, 0x100000

    .text
    .globl _start
_start:
    la    t0, trap_handler
    csrw  mtvec, t0                 # direct mode (low bits 00): every trap enters trap_handler
    la    t0, trap_stack_top
    csrw  mscratch, t0              # the handler's own stack, see below

    la    a0, msg_intro
    call  puts

    la    a0, msg_ecall
    call  puts
    ecall                           # cause 11: environment call from M-mode

    la    a0, msg_illegal
    call  puts
    .word 0x00000053                # fadd.s ft0, ft0, ft0: cause 2, illegal instruction

    la    a0, msg_ebreak
    call  puts
    ebreak                          # cause 3: breakpoint

    la    a0, msg_done
    call  puts
    li    t0, FINISHER
    li    t1, 0x5555
    sw    t1, 0(t0)                 # pass: the run ends here
1:  j     1b

# The trap handler. It may run between any two instructions of the program, so it
# must leave every register as it found it. mscratch holds the top of a small stack
# reserved for the handler: swapping sp with mscratch gives the handler a stack
# without destroying any register (the program's sp waits in mscratch meanwhile).
    .balign 4                       # mtvec needs a 4-byte aligned address
trap_handler:
    csrrw sp, mscratch, sp          # sp = handler stack, mscratch = program's sp
    addi  sp, sp, -64
    sd    ra, 0(sp)
    sd    a0, 8(sp)
    sd    a1, 16(sp)
    sd    t0, 24(sp)
    sd    t1, 32(sp)
    sd    t2, 40(sp)
    sd    t3, 48(sp)
    sd    s0, 56(sp)

    la    a0, msg_trap              # "  trap: mcause=N (name) mepc=0x... mtval=0x..."
    call  puts
    csrr  a0, mcause
    call  putdec
    la    a0, msg_open
    call  puts
    csrr  a0, mcause                # the cause's name from a table of string addresses
    andi  a0, a0, 15
    slli  a0, a0, 3
    la    t0, cause_names
    add   t0, t0, a0
    ld    a0, 0(t0)
    call  puts
    la    a0, msg_mepc
    call  puts
    csrr  a0, mepc
    call  puthex
    la    a0, msg_mtval
    call  puts
    csrr  a0, mtval
    call  puthex

    # Step over the trapping instruction. Its length is in its own low bits:
    # 0b11 marks a 32-bit instruction, anything else a 16-bit compressed one.
    csrr  s0, mepc
    lhu   t0, 0(s0)
    andi  t0, t0, 3
    li    t1, 3
    li    a1, 2
    bne   t0, t1, 1f
    li    a1, 4
1:  add   s0, s0, a1
    csrw  mepc, s0
    la    a0, msg_resume
    call  puts
    mv    a0, s0
    call  puthex
    la    a0, msg_nl
    call  puts

    ld    ra, 0(sp)
    ld    a0, 8(sp)
    ld    a1, 16(sp)
    ld    t0, 24(sp)
    ld    t1, 32(sp)
    ld    t2, 40(sp)
    ld    t3, 48(sp)
    ld    s0, 56(sp)
    addi  sp, sp, 64
    csrrw sp, mscratch, sp          # give the program its sp back
    mret                            # pc = mepc, privilege = mstatus.MPP

    .include "../common/console.s"

    .section .rodata
msg_intro:   .asciz "traps: three exceptions, each taken by an M-mode handler that resumes the program\n"
msg_ecall:   .asciz "traps: executing ecall\n"
msg_illegal: .asciz "traps: executing fadd.s (this hart has no floating point)\n"
msg_ebreak:  .asciz "traps: executing ebreak\n"
msg_done:    .asciz "traps: back in the program after all three traps\n"
msg_trap:    .asciz "  trap: mcause="
msg_open:    .asciz " ("
msg_mepc:    .asciz ") mepc="
msg_mtval:   .asciz " mtval="
msg_resume:  .asciz "\n  handler: mret to "
msg_nl:      .asciz "\n"

cn0:  .asciz "instruction address misaligned"
cn1:  .asciz "instruction access fault"
cn2:  .asciz "illegal instruction"
cn3:  .asciz "breakpoint"
cn4:  .asciz "load address misaligned"
cn5:  .asciz "load access fault"
cn6:  .asciz "store/AMO address misaligned"
cn7:  .asciz "store/AMO access fault"
cn8:  .asciz "environment call from U-mode"
cn9:  .asciz "environment call from S-mode"
cn10: .asciz "reserved"
cn11: .asciz "environment call from M-mode"
cn12: .asciz "instruction page fault"
cn13: .asciz "load page fault"
cn14: .asciz "reserved"
cn15: .asciz "store/AMO page fault"

    .balign 8
cause_names:
    .dword cn0, cn1, cn2, cn3, cn4, cn5, cn6, cn7
    .dword cn8, cn9, cn10, cn11, cn12, cn13, cn14, cn15

    .bss
    .balign 16
trap_stack:
    .space 512
trap_stack_top:
