# user.s: the two user programs.
#
# Each program image is two pages: code, then data. The kernel maps the code
# page at va 0x10000 (R-X, U) and the data page at 0x11000 (RW-, U) in the
# program's own page table, and gives it a stack page at 0x12000. Code and data
# stay one page apart as here, so pc-relative addresses (lla) computed where
# the program was assembled remain right at the addresses where it runs.
#
# The programs know nothing of the hardware: they compute, and they make
# system calls (a7 = number, a0.. = arguments, ecall; the result in a0).
#
#   ping  prints a line, then computes for a while, four times. It never gives
#         up the CPU: the timer interrupt takes it away (preemption).
#   pong  prints a line and yields the CPU, four times (cooperation); then
#         checks that the kernel refuses to write() from a kernel address.

# u_puts: write(1, a0, strlen(a0)). Each image carries its own copy (a
# program can only run code in its own pages); only numeric labels inside.
    .macro USER_PUTS
        mv    a1, a0
        mv    t0, a0
1:      lbu   a2, 0(t0)
        beqz  a2, 2f
        addi  t0, t0, 1
        j     1b
2:      sub   a2, t0, a1
        li    a0, 1
        li    a7, SYS_WRITE
        ecall
        ret
    .endm

    .balign 4096
user_images:

# ---- ping ----
prog_ping:                          # va 0x10000, the entry point
    li    a7, SYS_GETPID
    ecall
    addi  a0, a0, CH_0              # its digit into the greeting (data is writable)
    lla   t0, ping_pid
    sb    a0, 0(t0)
    lla   a0, ping_hello
    call  ping_puts
    li    s0, 1                     # s0 = round
1:  addi  t0, s0, CH_0
    lla   t1, ping_round_n
    sb    t0, 0(t1)
    lla   a0, ping_round
    call  ping_puts
    li    t0, PING_SPIN             # compute: about 2 * PING_SPIN instructions
2:  addi  t0, t0, -1
    bnez  t0, 2b
    addi  s0, s0, 1
    li    t0, 4
    ble   s0, t0, 1b
    lla   a0, ping_bye
    call  ping_puts
    li    a0, 0                     # exit(0)
    li    a7, SYS_EXIT
    ecall
3:  j     3b                        # (exit does not return)
ping_puts:
    USER_PUTS

    .balign 4096                    # va 0x11000
ping_hello:   .ascii "ping: hello, I am pid "
ping_pid:     .asciz "?; I compute and never yield\n"
ping_round:   .ascii "ping: round "
ping_round_n: .asciz "?\n"
ping_bye:     .asciz "ping: done\n"

# ---- pong ----
    .balign 4096
prog_pong:                          # va 0x10000 in its own page table
    li    a7, SYS_GETPID
    ecall
    addi  a0, a0, CH_0
    lla   t0, pong_pid
    sb    a0, 0(t0)
    lla   a0, pong_hello
    call  pong_puts
    li    s0, 1
1:  addi  t0, s0, CH_0
    lla   t1, pong_round_n
    sb    t0, 0(t1)
    lla   a0, pong_round
    call  pong_puts
    li    a7, SYS_YIELD             # sched_yield(): let the other process run
    ecall
    addi  s0, s0, 1
    li    t0, 4
    ble   s0, t0, 1b
    li    a0, 1                     # write(1, 0x80000000, 16): the kernel's first bytes
    li    a1, 1
    slli  a1, a1, 31
    li    a2, 16
    li    a7, SYS_WRITE
    ecall
    mv    t1, a0
    li    t0, -EFAULT
    lla   a0, pong_bad
    bne   t1, t0, 2f
    lla   a0, pong_efault
2:  call  pong_puts
    li    a0, 0                     # exit(0)
    li    a7, SYS_EXIT
    ecall
3:  j     3b
pong_puts:
    USER_PUTS

    .balign 4096
pong_hello:   .ascii "pong: hello, I am pid "
pong_pid:     .asciz "?; I yield after every line\n"
pong_round:   .ascii "pong: round "
pong_round_n: .asciz "?, yielding\n"
pong_efault:  .asciz "pong: write() from a kernel address was refused (EFAULT)\n"
pong_bad:     .asciz "pong: write() from a kernel address was NOT refused\n"

    .balign 4096
user_images_end:
