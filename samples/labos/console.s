# console.s: the kernel's console driver: a polled 16550 UART.
#
#   kputc   a0 = a character             (clobbers a0, t0, t1)
#   kputs   a0 = a NUL-terminated string (clobbers a0, t0-t3)
#   kputhex a0 = a value, as 0x...        (clobbers a0, a3, t0-t3)
#   kputdec a0 = a signed value           (clobbers a0, a3, t0-t3)
#   kprintf a0 = format, a1..a7 = values; %d (signed decimal), %x (hex),
#           %s (string) and %% are understood. Follows the calling convention.
#
# The UART is reached at its physical address: before paging is on, and after,
# because every page table the kernel builds maps the UART's page there.

    .equ CH_0,       0x30           # '0'
    .equ CH_MINUS,   0x2d           # '-'
    .equ CH_PERCENT, 0x25           # '%'
    .equ CH_a,       0x61           # 'a'
    .equ CH_d,       0x64           # 'd'
    .equ CH_s,       0x73           # 's'
    .equ CH_x,       0x78           # 'x'

kputc:
    li    t0, UART
1:  lbu   t1, UART_LSR(t0)          # wait for "transmitter empty"
    andi  t1, t1, UART_LSR_THRE
    beqz  t1, 1b
    sb    a0, 0(t0)
    ret

kputs:
    mv    t2, a0
    mv    t3, ra                    # kputc is a leaf: ra can wait in t3
1:  lbu   a0, 0(t2)
    beqz  a0, 2f
    jal   kputc
    addi  t2, t2, 1
    j     1b
2:  jr    t3

kputhex:
    mv    t2, a0
    mv    a3, ra
    li    a0, CH_0
    jal   kputc
    li    a0, CH_x
    jal   kputc
    li    t3, 60                    # bit position of the highest hex digit
1:  beqz  t3, 2f                    # skip leading zeros (keep the last digit)
    srl   a0, t2, t3
    andi  a0, a0, 15
    bnez  a0, 2f
    addi  t3, t3, -4
    j     1b
2:  srl   a0, t2, t3
    andi  a0, a0, 15
    addi  a0, a0, CH_0
    li    t0, CH_0 + 10
    bltu  a0, t0, 3f
    addi  a0, a0, CH_a - CH_0 - 10
3:  jal   kputc
    addi  t3, t3, -4
    bgez  t3, 2b
    jr    a3

kputdec:
    mv    t2, a0
    mv    a3, ra
    bgez  t2, 1f
    li    a0, CH_MINUS
    jal   kputc
    neg   t2, t2
1:  li    t3, 1                     # t3 = the largest power of ten <= the value
2:  divu  a0, t2, t3
    li    t0, 10
    bltu  a0, t0, 3f
    mul   t3, t3, t0
    j     2b
3:  divu  a0, t2, t3                # the leading digit, then the rest
    remu  t2, t2, t3
    addi  a0, a0, CH_0
    jal   kputc
    li    t0, 10
    divu  t3, t3, t0
    bnez  t3, 3b
    jr    a3

kprintf:
    addi  sp, sp, -96
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    sd    s1, 16(sp)
    sd    a1, 32(sp)                # the values, in order, for %d %x %s to take
    sd    a2, 40(sp)
    sd    a3, 48(sp)
    sd    a4, 56(sp)
    sd    a5, 64(sp)
    sd    a6, 72(sp)
    sd    a7, 80(sp)
    mv    s0, a0                    # s0 = position in the format
    addi  s1, sp, 32                # s1 = the next value
1:  lbu   a0, 0(s0)
    beqz  a0, 9f
    addi  s0, s0, 1
    li    t0, CH_PERCENT
    beq   a0, t0, 2f
    jal   kputc                     # an ordinary character
    j     1b
2:  lbu   a0, 0(s0)                 # a conversion: look at the letter after '%'
    addi  s0, s0, 1
    li    t0, CH_d
    beq   a0, t0, 3f
    li    t0, CH_x
    beq   a0, t0, 4f
    li    t0, CH_s
    beq   a0, t0, 5f
    jal   kputc                     # "%%" (or an unknown letter) prints itself
    j     1b
3:  ld    a0, 0(s1)
    addi  s1, s1, 8
    jal   kputdec
    j     1b
4:  ld    a0, 0(s1)
    addi  s1, s1, 8
    jal   kputhex
    j     1b
5:  ld    a0, 0(s1)
    addi  s1, s1, 8
    jal   kputs
    j     1b
9:  ld    ra, 0(sp)
    ld    s0, 8(sp)
    ld    s1, 16(sp)
    addi  sp, sp, 96
    ret
