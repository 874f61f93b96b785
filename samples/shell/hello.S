# hello: the smallest complete guest for the virt board.
# Runs in M-mode from 0x80000000, prints a line through the 16550 UART,
# then reports success through the SiFive test finisher, which ends the run.
#
# Build (with a RISC-V toolchain):
#   riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -nostdlib \
#       -Wl,-N -Wl,-Ttext=0x80000000 -o hello.elf hello.S

    .equ UART_THR, 0x10000000     # transmit holding register
    .equ UART_LSR, 0x10000005     # line status; bit 5 = THR empty
    .equ FINISHER, 0x100000       # write 0x5555 = pass, (code << 16) | 0x3333 = fail

    .text
    .globl _start
_start:
    la    s0, message
    li    s1, UART_THR
    li    s2, UART_LSR
next:
    lbu   a0, 0(s0)               # next character; 0 ends the string
    beqz  a0, done
wait:
    lbu   t0, 0(s2)               # wait until the UART can take a byte
    andi  t0, t0, 0x20
    beqz  t0, wait
    sb    a0, 0(s1)
    addi  s0, s0, 1
    j     next
done:
    li    t0, FINISHER
    li    t1, 0x5555
    sw    t1, 0(t0)               # the machine powers off here
1:  j     1b

    .section .rodata
message:
    .asciz "Hello from a RISC-V guest on vmlab!\n"
