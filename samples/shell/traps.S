# traps: a guest that takes traps on purpose, for the shell's "break trap", "step" and "stats".
# M-mode installs a trap handler, opens PMP and drops to U-mode. U-mode prints "hi" by making
# system calls (ecall, a0 = the character), which the M-mode handler answers by writing the
# character to the UART. Then U-mode writes mstatus, which it may not: an illegal-instruction
# exception, after which the handler reports success through the test finisher.
#
# Build (with a RISC-V toolchain):
#   riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -nostdlib \
#       -Wl,-N -Wl,-Ttext=0x80000000 -o traps.elf traps.S

    .equ UART_THR, 0x10000000
    .equ FINISHER, 0x100000       # 0x5555 = pass, (code << 16) | 0x3333 = fail

    .text
    .globl _start
_start:
    la    t0, trap_handler
    csrw  mtvec, t0
    li    t0, -1                  # PMP entry 0: all of memory, RWX, so U-mode may run
    csrw  pmpaddr0, t0
    li    t0, 0x1f
    csrw  pmpcfg0, t0
    la    t0, user
    csrw  mepc, t0
    li    t0, 3 << 11
    csrc  mstatus, t0             # MPP = U: mret enters U-mode
    mret

user:
    li    a0, 'h'
    ecall                         # "system call": print a0
    li    a0, 'i'
    ecall
    li    a0, '\n'
    ecall
    csrw  mstatus, zero           # not allowed in U-mode: illegal instruction
1:  j     1b

    .align 2
trap_handler:
    csrr  t0, mcause
    li    t1, 8                   # environment call from U-mode
    bne   t0, t1, not_ecall
    li    t1, UART_THR
    sb    a0, 0(t1)
    csrr  t0, mepc                # return after the ecall
    addi  t0, t0, 4
    csrw  mepc, t0
    mret
not_ecall:
    li    t1, 2                   # illegal instruction: the end of the test
    li    t2, 0x5555
    beq   t0, t1, finish
    li    t2, 0x13333             # anything else: fail with code 1
finish:
    li    t0, FINISHER
    sw    t2, 0(t0)
2:  j     2b
