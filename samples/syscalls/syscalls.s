# syscalls: a user-mode program calling a tiny S-mode supervisor.
#
# Concept: the system-call interface (the ABI between a program and its
# kernel). User mode (U) cannot touch devices or privileged state; to print
# or to stop, a program asks the kernel with ecall. ecall in U-mode is an
# exception (scause 8, "environment call from U-mode"); the hart switches to
# S-mode, saves the pc in sepc and enters the kernel at stvec. The kernel finds
# the request in registers, by convention (the RISC-V Linux convention here):
#     a7 = system call number, a0..a5 = arguments, a0 = result on return
#     64 write(fd, buf, len)   93 exit(code)   172 getpid()
#     anything else fails with -38 (ENOSYS, "no such system call")
# Before sret, the kernel moves sepc past the ecall: unlike a fault, an ecall
# must not run again.
#
# M-mode only prepares the stage: PMP, delegation of ecall-from-U (cause 8) to
# S-mode, and mret into the supervisor, which then drops to U-mode with sret.
# There is no paging here (satp = 0), so U-mode addresses are physical and
# only PMP limits them; kernels use page tables to protect themselves from
# their programs (samples/labos does).
#
# Run:   ./vmlab run samples/syscalls/syscalls.elf
# Look:  ./vmlab run --trace trap samples/syscalls/syscalls.elf   (each ecall: U->S, delegated)

    .equ FINISHER, 0x100000
    .equ SYS_WRITE,  64
    .equ SYS_EXIT,   93
    .equ SYS_GETPID, 172
    .equ ENOSYS, 38
    .equ EBADF, 9
    .equ SSTATUS_SPP, 1 << 8        # the privilege sret returns to: 0 = U, 1 = S

# Each data section starts on its own page, as vmlab's assembler lays them out,
# so the addresses printed are the same whichever assembler built the program.
    .section .rodata
    .balign 4096
    .data
    .balign 4096
    .bss
    .balign 4096

    .text
    .globl _start
_start:
    # ---- M-mode ----
    la    t0, m_trap
    csrw  mtvec, t0
    li    t0, -1                    # PMP: everything, R W X, for S and U
    srli  t0, t0, 10
    csrw  pmpaddr0, t0
    li    t0, 0x0f
    csrw  pmpcfg0, t0
    li    t0, 1 << 8
    csrw  medeleg, t0               # ecall from U-mode goes to S-mode
    li    t0, 3 << 11
    csrc  mstatus, t0
    li    t0, 1 << 11
    csrs  mstatus, t0               # MPP = S
    la    t0, supervisor
    csrw  mepc, t0
    mret

    # ---- S-mode: the supervisor ----
supervisor:
    la    t0, s_trap
    csrw  stvec, t0
    la    t0, kernel_stack_top
    csrw  sscratch, t0              # the kernel's stack, found again at each trap
    la    a0, msg_start
    call  puts
    la    t0, user_main
    csrw  sepc, t0                  # where sret goes...
    li    t0, SSTATUS_SPP
    csrc  sstatus, t0               # ...and at which privilege: U
    la    sp, user_stack_top
    sret

# Trap entry from U-mode. Everything the program had in registers must survive,
# except a0, which carries the result back.
    .balign 4
s_trap:
    csrrw sp, sscratch, sp          # sp = kernel stack; sscratch = user sp
    addi  sp, sp, -80
    sd    ra, 0(sp)
    sd    a1, 8(sp)
    sd    a2, 16(sp)
    sd    t0, 24(sp)
    sd    t1, 32(sp)
    sd    t2, 40(sp)
    sd    t3, 48(sp)
    sd    s0, 56(sp)
    sd    s1, 64(sp)
    sd    a7, 72(sp)

    csrr  t0, scause
    li    t1, 8
    bne   t0, t1, fail              # only system calls are expected

    mv    s0, a0                    # s0 = first argument, s1 = the result
    li    t0, SYS_WRITE
    beq   a7, t0, sys_write
    li    t0, SYS_GETPID
    beq   a7, t0, sys_getpid
    li    t0, SYS_EXIT
    beq   a7, t0, sys_exit
    li    s1, -ENOSYS               # unknown call: "  [S] syscall 999 -> -38 (ENOSYS)"
    la    a0, msg_unknown
    call  puts
    mv    a0, a7
    call  putdec
    la    a0, msg_enosys
    call  puts
    j     syscall_done

sys_write:                          # write(fd = a0, buf = a1, len = a2)
    li    s1, -EBADF
    li    t0, 1
    bne   s0, t0, 2f                # only fd 1, the console
    mv    s1, a2
    mv    t2, a1                    # copy the bytes to the UART
    add   t3, a1, a2
1:  bgeu  t2, t3, 2f
    lbu   a0, 0(t2)
    call  putc                      # (clobbers a0, t0, t1 only)
    addi  t2, t2, 1
    j     1b
2:  la    a0, msg_write             # "  [S] write(1, 0x..., 33) = 33"
    call  puts
    mv    a0, s0
    call  putdec
    la    a0, msg_comma
    call  puts
    ld    a0, 8(sp)
    call  puthex
    la    a0, msg_comma
    call  puts
    ld    a0, 16(sp)
    call  putdec
    la    a0, msg_equals
    call  puts
    mv    a0, s1
    call  putdec
    la    a0, msg_nl
    call  puts
    j     syscall_done

sys_getpid:                         # getpid(): there is only one process, number 1
    li    s1, 1
    la    a0, msg_getpid
    call  puts
    j     syscall_done

sys_exit:                           # exit(code): report and power off
    la    a0, msg_exit
    call  puts
    mv    a0, s0
    call  putdec
    la    a0, msg_exit2
    call  puts
    li    t0, FINISHER
    li    t1, 0x5555
    beqz  s0, 1f
    slli  t1, s0, 16                # a non-zero code fails the run with that code
    li    t2, 0x3333
    or    t1, t1, t2
1:  sw    t1, 0(t0)
2:  j     2b

syscall_done:
    csrr  t0, sepc                  # resume after the ecall (4 bytes)
    addi  t0, t0, 4
    csrw  sepc, t0
    mv    a0, s1                    # the result
    ld    ra, 0(sp)
    ld    a1, 8(sp)
    ld    a2, 16(sp)
    ld    t0, 24(sp)
    ld    t1, 32(sp)
    ld    t2, 40(sp)
    ld    t3, 48(sp)
    ld    s0, 56(sp)
    ld    s1, 64(sp)
    ld    a7, 72(sp)
    addi  sp, sp, 80
    csrrw sp, sscratch, sp          # user sp back; sscratch = kernel stack again
    sret                            # to U-mode (sstatus.SPP was 0), at sepc

fail:
    la    a0, msg_fail
    call  puts
    li    t0, FINISHER
    li    t1, (1 << 16) | 0x3333
    sw    t1, 0(t0)
1:  j     1b

    .balign 4
m_trap:
    j     fail

# ---- U-mode: the program. It knows nothing of devices: it only makes calls. ----
# (Its strings come first, so that their lengths are constants where li uses them.)
    .section .rodata
u_hello:     .ascii "user: hello from U-mode, through write()\n"
u_hello_end:
    .equ U_HELLO_LEN, u_hello_end - u_hello
u_enosys:    .ascii "user: syscall 999 failed with -ENOSYS, as it should\n"
u_enosys_end:
    .equ U_ENOSYS_LEN, u_enosys_end - u_enosys
u_bad:       .ascii "user: syscall 999 returned something unexpected\n"
u_bad_end:
    .equ U_BAD_LEN, u_bad_end - u_bad

    .data
u_pid:       .ascii "user: getpid() says I am process "
u_pid_digit: .ascii "?\n"
u_pid_end:
    .equ U_PID_LEN, u_pid_end - u_pid

    .text
user_main:
    li    a7, SYS_WRITE             # write(1, hello, hello_len)
    li    a0, 1
    la    a1, u_hello
    li    a2, U_HELLO_LEN
    ecall

    li    a7, SYS_GETPID            # getpid() -> a0
    ecall
    addi  a0, a0, 0x30              # one decimal digit ('0' + pid) into the message
    la    t0, u_pid_digit
    sb    a0, 0(t0)
    li    a7, SYS_WRITE
    li    a0, 1
    la    a1, u_pid
    li    a2, U_PID_LEN
    ecall

    li    a7, 999                   # a call the kernel does not have
    ecall
    li    t0, -ENOSYS
    la    a1, u_bad
    li    a2, U_BAD_LEN
    bne   a0, t0, 1f
    la    a1, u_enosys
    li    a2, U_ENOSYS_LEN
1:  li    a7, SYS_WRITE
    li    a0, 1
    ecall

    li    a7, SYS_EXIT              # exit(0): never returns
    li    a0, 0
    ecall
2:  j     2b

    .include "../common/console.s"

    .section .rodata
msg_start:   .asciz "supervisor: dropping to the user program in U-mode (sret)\n"
msg_write:   .asciz "  [S] write("
msg_comma:   .asciz ", "
msg_equals:  .asciz ") = "
msg_getpid:  .asciz "  [S] getpid() = 1\n"
msg_unknown: .asciz "  [S] syscall "
msg_enosys:  .asciz " unknown = -38 (ENOSYS)\n"
msg_exit:    .asciz "  [S] exit("
msg_exit2:   .asciz "): the program is done, powering off\n"
msg_fail:    .asciz "supervisor: unexpected trap\n"
msg_nl:      .asciz "\n"

    .bss
    .balign 16
user_stack:
    .space 1024
user_stack_top:
kernel_stack:
    .space 1024
kernel_stack_top:
