# trap.s: entering and leaving the kernel.
#
# What the hardware does at a trap to S-mode (an exception delegated by
# medeleg, or an S-level interrupt), all in one step:
#   scause <- the cause (bit 63 set for an interrupt)
#   sepc   <- the pc of the interrupted or faulting instruction
#   stval  <- the faulting address, or 0
#   sstatus.SPP  <- the privilege it came from (0 = U, 1 = S)
#   sstatus.SPIE <- sstatus.SIE, then SIE <- 0 (interrupts masked)
#   pc     <- stvec;   privilege <- S
# Nothing else is saved: every register still holds the interrupted code's
# value, and the kernel must save them before using any.
#
# The kernel keeps two entry points and switches stvec between them:
#   uvec  while a user program runs: save all its registers in its trap frame;
#   kvec  while the kernel itself runs (a timer interrupt during a system call).

# ---- traps from U-mode ----
#
# sscratch holds the address of the current process's trap frame. Swapping it
# with t6 gives the entry a pointer to store through, without losing t6.
    .balign 4                       # stvec's low two bits are its mode (0 = direct)
uvec:
    CSR_SWAP_SSCRATCH t6            # t6 = &frame, sscratch = the program's t6
    sd    x1,  1*8(t6)
    sd    x2,  2*8(t6)
    sd    x3,  3*8(t6)
    sd    x4,  4*8(t6)
    sd    x5,  5*8(t6)
    sd    x6,  6*8(t6)
    sd    x7,  7*8(t6)
    sd    x8,  8*8(t6)
    sd    x9,  9*8(t6)
    sd    x10, 10*8(t6)
    sd    x11, 11*8(t6)
    sd    x12, 12*8(t6)
    sd    x13, 13*8(t6)
    sd    x14, 14*8(t6)
    sd    x15, 15*8(t6)
    sd    x16, 16*8(t6)
    sd    x17, 17*8(t6)
    sd    x18, 18*8(t6)
    sd    x19, 19*8(t6)
    sd    x20, 20*8(t6)
    sd    x21, 21*8(t6)
    sd    x22, 22*8(t6)
    sd    x23, 23*8(t6)
    sd    x24, 24*8(t6)
    sd    x25, 25*8(t6)
    sd    x26, 26*8(t6)
    sd    x27, 27*8(t6)
    sd    x28, 28*8(t6)
    sd    x29, 29*8(t6)
    sd    x30, 30*8(t6)
    CSR_READ_SSCRATCH t0            # the program's t6 (x31)
    sd    t0, 31*8(t6)
    CSR_READ_SEPC t0                # and its pc
    sd    t0, TF_PC(t6)

    la    sp, kstack_top            # the kernel's stack
    la    t0, kvec                  # traps from now on are kernel traps
    CSR_WRITE_STVEC t0
    mv    a0, t6
    call  usertrap                  # returns a0 = the frame to resume (maybe another process's)

# return_to_user(a0 = trap frame): load a process's registers and sret to it.
return_to_user:
    IRQ_OFF                         # from here to sret nothing may interrupt: stvec
    la    t0, uvec                  # is about to point at the user entry again
    CSR_WRITE_STVEC t0
    CSR_WRITE_SSCRATCH a0           # the next user trap saves into this frame
    ld    t0, TF_PC(a0)
    CSR_WRITE_SEPC t0               # sret jumps to sepc...
    PREPARE_SRET_TO_USER t0         # ...in U-mode, with interrupts enabled there
    mv    t6, a0
    ld    x1,  1*8(t6)
    ld    x2,  2*8(t6)
    ld    x3,  3*8(t6)
    ld    x4,  4*8(t6)
    ld    x5,  5*8(t6)
    ld    x6,  6*8(t6)
    ld    x7,  7*8(t6)
    ld    x8,  8*8(t6)
    ld    x9,  9*8(t6)
    ld    x10, 10*8(t6)
    ld    x11, 11*8(t6)
    ld    x12, 12*8(t6)
    ld    x13, 13*8(t6)
    ld    x14, 14*8(t6)
    ld    x15, 15*8(t6)
    ld    x16, 16*8(t6)
    ld    x17, 17*8(t6)
    ld    x18, 18*8(t6)
    ld    x19, 19*8(t6)
    ld    x20, 20*8(t6)
    ld    x21, 21*8(t6)
    ld    x22, 22*8(t6)
    ld    x23, 23*8(t6)
    ld    x24, 24*8(t6)
    ld    x25, 25*8(t6)
    ld    x26, 26*8(t6)
    ld    x27, 27*8(t6)
    ld    x28, 28*8(t6)
    ld    x29, 29*8(t6)
    ld    x30, 30*8(t6)
    ld    x31, 31*8(t6)             # t6 last: it was the pointer
    TRAP_RETURN

# usertrap(a0 = trap frame) -> a0 = the trap frame to resume.
usertrap:
    addi  sp, sp, -32
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    sd    s1, 16(sp)
    mv    s0, a0
    CSR_READ_SCAUSE s1
    bgez  s1, 1f
    slli  t0, s1, 1                 # an interrupt: the cause without bit 63
    srli  t0, t0, 1
    li    t1, IRQ_S_TIMER
    bne   t0, t1, unexpected_trap
    call  timer_interrupt
    j     3f
1:  li    t0, EXC_ECALL_U
    bne   s1, t0, 2f
    ld    t0, TF_PC(s0)             # a system call. Resume after the ecall, not at it:
    addi  t0, t0, 4                 # sepc points at the ecall itself
    sd    t0, TF_PC(s0)
    IRQ_ON                          # serving the call may take long: let ticks in
    mv    a0, s0
    call  syscall
    IRQ_OFF
    j     3f
2:  la    t0, current               # any other exception is the program's fault: kill it
    ld    a0, 0(t0)
    call  proc_addr
    ld    a1, P_PID(a0)
    ld    a2, P_NAME(a0)
    mv    a3, s1
    ld    a4, TF_PC(s0)
    CSR_READ_STVAL a5
    la    a0, msg_killed
    call  kprintf
    li    a0, -1
    call  proc_exit
3:  la    t0, need_resched          # time for someone else (tick, yield, exit)?
    ld    t1, 0(t0)
    beqz  t1, 4f
    call  schedule
4:  la    t0, current               # resume the current process (maybe a new one)
    ld    a0, 0(t0)
    call  proc_addr                 # its trap frame is at the start of its PCB
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    ld    s1, 16(sp)
    addi  sp, sp, 32
    ret

# ---- traps from S-mode ----
#
# Only interrupts are expected here (the kernel unmasks them while it serves a
# system call). kvec saves the registers the calling convention lets a called
# function clobber; the kernel code it interrupted saves the rest itself.
# sepc and sstatus.SPP now describe the interrupted kernel code, which is why
# uvec copied the user's pc into the trap frame before unmasking.
    .balign 4
kvec:
    addi  sp, sp, -128
    sd    ra, 0(sp)
    sd    t0, 8(sp)
    sd    t1, 16(sp)
    sd    t2, 24(sp)
    sd    t3, 32(sp)
    sd    t4, 40(sp)
    sd    t5, 48(sp)
    sd    t6, 56(sp)
    sd    a0, 64(sp)
    sd    a1, 72(sp)
    sd    a2, 80(sp)
    sd    a3, 88(sp)
    sd    a4, 96(sp)
    sd    a5, 104(sp)
    sd    a6, 112(sp)
    sd    a7, 120(sp)
    CSR_READ_SCAUSE t0
    bgez  t0, unexpected_trap       # an exception inside the kernel is a bug
    slli  t0, t0, 1
    srli  t0, t0, 1
    li    t1, IRQ_S_TIMER
    bne   t0, t1, unexpected_trap
    call  timer_interrupt           # note the tick; switch later, on the way out
    ld    ra, 0(sp)
    ld    t0, 8(sp)
    ld    t1, 16(sp)
    ld    t2, 24(sp)
    ld    t3, 32(sp)
    ld    t4, 40(sp)
    ld    t5, 48(sp)
    ld    t6, 56(sp)
    ld    a0, 64(sp)
    ld    a1, 72(sp)
    ld    a2, 80(sp)
    ld    a3, 88(sp)
    ld    a4, 96(sp)
    ld    a5, 104(sp)
    ld    a6, 112(sp)
    ld    a7, 120(sp)
    addi  sp, sp, 128
    TRAP_RETURN                     # back into the kernel (SPP = S), SIE restored

# timer_interrupt(): count the tick, charge it to the running process, ask for
# a switch, and ask the firmware for the next tick. Runs with interrupts masked.
timer_interrupt:
    addi  sp, sp, -16
    sd    ra, 0(sp)
    la    t0, ticks
    ld    t1, 0(t0)
    addi  t1, t1, 1
    sd    t1, 0(t0)
    la    t0, current               # no process yet (-1): nobody to charge
    ld    a0, 0(t0)
    bltz  a0, 1f
    call  proc_addr
    ld    t1, P_TICKS(a0)
    addi  t1, t1, 1
    sd    t1, P_TICKS(a0)
1:
    li    t1, 1
    la    t0, need_resched
    sd    t1, 0(t0)
    call  timer_arm
    ld    ra, 0(sp)
    addi  sp, sp, 16
    ret

# timer_arm(): SBI set_timer(now + TICK_INTERVAL). The firmware writes mtimecmp
# and clears the pending supervisor timer interrupt.
timer_arm:
    CSR_READ_TIME a0
    li    t0, TICK_INTERVAL
    add   a0, a0, t0
    li    a7, SBI_EXT_TIME
    li    a6, SBI_TIME_SET_TIMER
    SBI_CALL
    ret

unexpected_trap:
    la    a0, msg_unexpected
    j     panic

# panic(a0 = message): report with the trap CSRs and power off with failure (2).
panic:
    IRQ_OFF
    mv    a1, a0
    la    a0, msg_panic
    CSR_READ_SCAUSE a2
    CSR_READ_SEPC a3
    CSR_READ_STVAL a4
    la    sp, kstack_top
    call  kprintf
    li    s0, 2
    POWEROFF s0

    .section .rodata
msg_killed:     .asciz "labos: pid %d (%s) killed: exception %d at pc %x, stval %x\n"
msg_unexpected: .asciz "unexpected trap"
msg_panic:      .asciz "labos: panic: %s (scause %x, sepc %x, stval %x)\n"

    .text
