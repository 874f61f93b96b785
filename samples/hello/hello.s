# hello: the smallest complete guest for the virt board.
#
# Concept: bare-metal I/O. There is no operating system and no firmware: the
# hart starts in M-mode at _start (0x80000000) and talks to the hardware by
# loading and storing at device addresses (memory-mapped I/O).
#
#   - the 16550 UART's transmit register is at 0x1000_0000; its line status
#     register, five bytes further, has bit 5 set when it can take a byte;
#   - the SiFive test finisher at 0x10_0000 ends the run: 0x5555 = pass.
#
# Run:   ./vmlab run samples/hello/hello.elf
# Look:  ./vmlab run --trace mmio samples/hello/hello.elf   (one UART store per character)

    .equ UART,      0x10000000      # transmit holding register (THR)
    .equ UART_LSR,  5               # line status register, as an offset from UART
    .equ LSR_THRE,  0x20            # bit 5: THR empty, ready for the next byte
    .equ FINISHER,  0x100000        # write 0x5555 = pass, (code << 16) | 0x3333 = fail

    .text
    .globl _start
_start:
    la    s0, message               # s0 walks along the string
    li    s1, UART                  # s1 = the UART's base address
next:
    lbu   a0, 0(s0)                 # next character; 0 ends the string
    beqz  a0, done
wait:
    lbu   t0, UART_LSR(s1)          # poll until the UART can take a byte
    andi  t0, t0, LSR_THRE
    beqz  t0, wait
    sb    a0, 0(s1)                 # the store is the output
    addi  s0, s0, 1
    j     next
done:
    li    t0, FINISHER
    li    t1, 0x5555
    sw    t1, 0(t0)                 # the machine powers off here
1:  j     1b                        # (never reached)

    .section .rodata
message:
    .asciz "Hello from a RISC-V guest on vmlab!\n"
