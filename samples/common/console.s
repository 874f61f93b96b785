# console.s: printing through the 16550 UART, shared by the samples.
#
# Include it at the end of a sample (after the sample's own code, so that the
# sample's _start stays at 0x80000000):    .include "../common/console.s"
#
# Every routine is a leaf: it needs no stack and clobbers only a0, a1 and
# t0-t3, so a trap handler that saved those may call it.
#
#   putc    a0 = a character
#   puts    a0 = address of a NUL-terminated string
#   puthex  a0 = a value, printed as 0x... without leading zeros
#   putdec  a0 = an unsigned value, printed in decimal

    .equ CONSOLE_UART, 0x10000000   # 16550: transmit register at +0, line status at +5
    .equ CH_0, 0x30                 # '0'
    .equ CH_A, 0x61                 # 'a'
    .equ CH_X, 0x78                 # 'x'

# Sends the byte in \reg (any register but t0 and t1): wait until the line
# status register says the transmitter is empty (bit 5), then store the byte.
    .macro CONSOLE_PUTC reg
        li    t0, CONSOLE_UART
99:     lbu   t1, 5(t0)
        andi  t1, t1, 0x20
        beqz  t1, 99b
        sb    \reg, 0(t0)
    .endm

    .text
putc:
    CONSOLE_PUTC a0
    ret

puts:
    mv    t2, a0
1:  lbu   t3, 0(t2)
    beqz  t3, 2f
    CONSOLE_PUTC t3
    addi  t2, t2, 1
    j     1b
2:  ret

puthex:
    mv    t2, a0
    li    a0, CH_0
    CONSOLE_PUTC a0
    li    a0, CH_X
    CONSOLE_PUTC a0
    li    t3, 60                    # bit position of the highest hex digit
1:  beqz  t3, 2f                    # skip leading zero digits (keep the last one)
    srl   a0, t2, t3
    andi  a0, a0, 15
    bnez  a0, 2f
    addi  t3, t3, -4
    j     1b
2:  srl   a0, t2, t3                # print digits from position t3 down to 0
    andi  a0, a0, 15
    li    a1, 10
    bltu  a0, a1, 3f
    addi  a0, a0, CH_A - CH_0 - 10  # 10..15 -> 'a'..'f'
3:  addi  a0, a0, CH_0
    CONSOLE_PUTC a0
    addi  t3, t3, -4
    bgez  t3, 2b
    ret

putdec:
    mv    t2, a0
    li    a1, 10
    li    t3, 1                     # t3 = the largest power of ten <= the value
1:  divu  a0, t2, t3
    bltu  a0, a1, 2f
    mul   t3, t3, a1
    j     1b
2:  divu  a0, t2, t3                # leading digit
    remu  t2, t2, t3                # the rest
    addi  a0, a0, CH_0
    CONSOLE_PUTC a0
    divu  t3, t3, a1
    bnez  t3, 2b
    ret
