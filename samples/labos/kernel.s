# kernel.s: the S-mode kernel: start-up, processes, the scheduler, system calls.

# kmain: where M-mode's mret lands, in S-mode, translation off.
    .globl kmain
kmain:
    la    sp, kstack_top
    la    t0, kvec                  # until the first process runs, traps are kernel traps
    CSR_WRITE_STVEC t0
    call  kvm_init                  # the kernel's page table; paging on

    li    a0, 0                     # two processes, each from its program image
    la    a1, prog_ping
    la    a2, name_ping
    call  proc_create
    li    a0, 1
    la    a1, prog_pong
    la    a2, name_pong
    call  proc_create

    TIMER_IRQ_ENABLE t0             # sie.STIE: timer interrupts may reach S-mode
    call  timer_arm                 # the first tick
    la    a0, msg_timer
    li    a1, TICK_INTERVAL
    call  kprintf
    # Wait for that first tick with interrupts unmasked. It interrupts the
    # kernel itself, so it enters through kvec; until it has been taken, wfi
    # waits, and the loop goes round again.
    IRQ_ON
1:  CPU_IDLE
    la    t0, ticks
    ld    t0, 0(t0)
    beqz  t0, 1b
    IRQ_OFF
    la    a0, msg_start
    CSR_READ_TIME a1
    call  kprintf
    call  schedule                  # choose the first process and switch to its tree
    la    t0, current
    ld    a0, 0(t0)
    call  proc_addr
    j     return_to_user            # and enter it; the kernel runs again at its first trap

# proc_addr(a0 = slot) -> a0 = address of that process's PCB (clobbers t0).
proc_addr:
    slli  a0, a0, P_SHIFT
    la    t0, procs
    add   a0, a0, t0
    ret

# proc_create(a0 = slot, a1 = program image, a2 = name): a process is a page
# table (the kernel's mappings plus the program's pages), a trap frame that
# sret will load (pc and sp at the program's start), and a state.
proc_create:
    addi  sp, sp, -48
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    sd    s1, 16(sp)
    sd    s2, 24(sp)
    sd    s3, 32(sp)
    sd    s4, 40(sp)
    mv    s1, a1                    # s1 = the image: code page, then data page
    mv    s2, a2
    addi  s3, a0, 1                 # pid = slot + 1
    call  proc_addr
    mv    s0, a0                    # s0 = the PCB
    sd    s3, P_PID(s0)
    sd    s2, P_NAME(s0)

    call  alloc_page                # the root of its tree
    mv    s4, a0
    call  kvm_map                   # the kernel's half, U=0
    mv    a0, s4                    # its code: R-X, U
    li    a1, USER_TEXT
    mv    a2, s1
    li    a3, PTE_R | PTE_X | PTE_U
    call  map_page
    mv    a0, s4                    # its data: RW-, U
    li    a1, USER_DATA
    li    t0, PAGE_SIZE
    add   a2, s1, t0
    li    a3, PTE_R | PTE_W | PTE_U
    call  map_page
    call  alloc_page                # its stack: a fresh page, RW-, U
    mv    s3, a0
    mv    a0, s4
    li    a1, USER_STACK
    mv    a2, s3
    li    a3, PTE_R | PTE_W | PTE_U
    call  map_page

    mv    a0, s4
    call  make_satp
    sd    a0, P_SATP(s0)
    li    t0, USER_TEXT             # the first sret starts the program at its entry,
    sd    t0, TF_PC(s0)
    li    t0, USER_STACK_TOP        # with sp at the top of its stack
    sd    t0, TF_SP(s0)
    li    t0, P_RUNNABLE
    sd    t0, P_STATE(s0)

    la    a0, msg_created
    ld    a1, P_PID(s0)
    mv    a2, s2
    mv    a3, s4
    mv    a4, s1
    li    t0, PAGE_SIZE
    add   a5, s1, t0
    mv    a6, s3
    call  kprintf
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    ld    s1, 16(sp)
    ld    s2, 24(sp)
    ld    s3, 32(sp)
    ld    s4, 40(sp)
    addi  sp, sp, 48
    ret

# schedule(): round robin. Starting after the current process, take the first
# runnable one (possibly the current one again) and switch to its address space.
# The process table is the run queue; the timer interrupt reads `current` to
# charge its tick, so the whole choice runs with interrupts masked.
schedule:
    addi  sp, sp, -48
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    sd    s1, 16(sp)
    sd    s2, 24(sp)
    sd    s3, 32(sp)
    IRQ_SAVE s3                     # begin critical section
    la    t0, need_resched          # this is the switch that was asked for
    sd    zero, 0(t0)
    la    t0, current
    ld    s0, 0(t0)
    li    s1, 1                     # s1 = how far after the current one to look
1:  add   a0, s0, s1                # (current = -1 at first: slot 0 comes first)
    li    t0, NPROC
    remu  a0, a0, t0
    mv    s2, a0                    # s2 = the candidate's slot
    call  proc_addr
    ld    t0, P_STATE(a0)
    li    t1, P_RUNNABLE
    beq   t0, t1, 2f
    addi  s1, s1, 1
    li    t0, NPROC
    ble   s1, t0, 1b
    j     all_done                  # nobody is runnable: every process has exited

2:  la    t0, current
    sd    s2, 0(t0)
    ld    a0, P_SATP(a0)
    la    t0, active_satp
    ld    t1, 0(t0)
    beq   a0, t1, 3f                # already in its address space
    sd    a0, 0(t0)
    CSR_WRITE_SATP a0               # its page table from now on...
    SFENCE_ALL                      # ...and no translation cached from the previous one
    la    t0, switches              # (with ASIDs in satp, the flush could be avoided)
    ld    t1, 0(t0)
    addi  t1, t1, 1
    sd    t1, 0(t0)
3:  IRQ_RESTORE s3                  # end critical section
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    ld    s1, 16(sp)
    ld    s2, 24(sp)
    ld    s3, 32(sp)
    addi  sp, sp, 48
    ret

# proc_exit(a0 = status): the current process is finished; it never runs again.
proc_exit:
    addi  sp, sp, -32
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    sd    s1, 16(sp)
    sd    s2, 24(sp)
    mv    s1, a0
    la    t0, current
    ld    a0, 0(t0)
    call  proc_addr
    mv    s0, a0
    IRQ_SAVE s2                     # begin critical section: the run queue changes
    li    t0, P_ZOMBIE
    sd    t0, P_STATE(s0)
    sd    s1, P_XSTATUS(s0)
    li    t0, 1
    la    t1, need_resched
    sd    t0, 0(t1)
    IRQ_RESTORE s2                  # end critical section
    la    a0, msg_exited
    ld    a1, P_PID(s0)
    ld    a2, P_NAME(s0)
    mv    a3, s1
    ld    a4, P_TICKS(s0)
    call  kprintf
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    ld    s1, 16(sp)
    ld    s2, 24(sp)
    addi  sp, sp, 32
    ret

# all_done: every process has exited. Back to the kernel's own page table,
# a summary, and power off: status 0 if every process exited with 0.
all_done:
    la    t0, kernel_satp
    ld    a0, 0(t0)
    CSR_WRITE_SATP a0
    SFENCE_ALL
    la    a0, msg_summary
    la    t0, ticks
    ld    a1, 0(t0)
    la    t0, switches
    ld    a2, 0(t0)
    la    t0, nsyscalls
    ld    a3, 0(t0)
    call  kprintf
    li    s0, 0                     # s0 = the first non-zero exit status
    li    s1, 0
1:  mv    a0, s1
    call  proc_addr
    bnez  s0, 2f
    ld    s0, P_XSTATUS(a0)
2:  addi  s1, s1, 1
    li    t0, NPROC
    blt   s1, t0, 1b
    la    a0, msg_poweroff
    mv    a1, s0
    call  kprintf
    POWEROFF s0

# ---- system calls ----
#
# The ABI (the RISC-V Linux convention): a7 = number, a0..a2 = arguments, the
# result in a0, negative for an error. The values are read from and written to
# the trap frame, where uvec saved the program's registers.
syscall:
    addi  sp, sp, -16
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    mv    s0, a0
    la    t0, nsyscalls
    ld    t1, 0(t0)
    addi  t1, t1, 1
    sd    t1, 0(t0)
    ld    a7, TF_A7(s0)
    ld    a0, TF_A0(s0)
    ld    a1, TF_A1(s0)
    ld    a2, TF_A2(s0)
    li    t0, SYS_WRITE
    beq   a7, t0, 1f
    li    t0, SYS_GETPID
    beq   a7, t0, 2f
    li    t0, SYS_YIELD
    beq   a7, t0, 3f
    li    t0, SYS_EXIT
    beq   a7, t0, 4f
    li    a0, -ENOSYS
    j     9f
1:  call  sys_write
    j     9f
2:  la    t0, current               # getpid()
    ld    a0, 0(t0)
    call  proc_addr
    ld    a0, P_PID(a0)
    j     9f
3:  li    t0, 1                     # sched_yield(): switch on the way out
    la    t1, need_resched
    sd    t0, 0(t1)
    li    a0, 0
    j     9f
4:  call  proc_exit                 # exit(status)
9:  sd    a0, TF_A0(s0)             # the result, in the program's a0
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    addi  sp, sp, 16
    ret

# sys_write(a0 = fd, a1 = buf, a2 = len) -> bytes written, -EBADF or -EFAULT.
# buf is a user virtual address: the kernel checks that the whole buffer lies
# in user space, then copies it in pieces into kbuf and prints each piece.
sys_write:
    addi  sp, sp, -48
    sd    ra, 0(sp)
    sd    s0, 8(sp)
    sd    s1, 16(sp)
    sd    s2, 24(sp)
    sd    s3, 32(sp)
    li    t0, 1                     # fd 1, the console, is the only file
    li    a3, -EBADF
    bne   a0, t0, 9f
    li    a3, -EFAULT               # [buf, buf + len) must lie in [USER_BASE, USER_END):
    li    t0, USER_BASE             # a pointer into the kernel would otherwise let a
    bltu  a1, t0, 9f                # program make the kernel print kernel memory
    li    t0, USER_END
    bgtu  a1, t0, 9f
    sub   t0, t0, a1
    bgtu  a2, t0, 9f
    mv    s0, a1                    # s0 = next user byte
    mv    s1, a2                    # s1 = bytes left
    mv    s2, a2                    # s2 = the length asked for
1:  beqz  s1, 8f
    mv    s3, s1                    # s3 = this piece: at most KBUF_SIZE bytes
    li    t0, KBUF_SIZE
    bleu  s3, t0, 2f
    mv    s3, t0
2:  # copy_from_user. The program's pages have U=1, and S-mode may not touch a
    # U=1 page unless sstatus.SUM is set: a kernel following a user pointer by
    # mistake faults instead of reading whatever the program pointed it at. So
    # SUM is on only around the copy, after the pointer was checked.
    la    t0, kbuf
    mv    t1, s0
    add   t3, s0, s3
    SUM_ON t4
3:  lbu   t5, 0(t1)
    sb    t5, 0(t0)
    addi  t0, t0, 1
    addi  t1, t1, 1
    bltu  t1, t3, 3b
    SUM_OFF t4
    la    t2, kbuf                  # print the piece (kputc spares t2, t3)
    add   t3, t2, s3
4:  lbu   a0, 0(t2)
    call  kputc
    addi  t2, t2, 1
    bltu  t2, t3, 4b
    add   s0, s0, s3
    sub   s1, s1, s3
    j     1b
8:  mv    a3, s2                    # everything written
9:  mv    a0, a3
    ld    ra, 0(sp)
    ld    s0, 8(sp)
    ld    s1, 16(sp)
    ld    s2, 24(sp)
    ld    s3, 32(sp)
    addi  sp, sp, 48
    ret

    .section .rodata
name_ping:    .asciz "ping"
name_pong:    .asciz "pong"
msg_created:  .asciz "labos: pid %d (%s): page table %x; va 0x10000 code -> pa %x, 0x11000 data -> %x, 0x12000 stack -> %x\n"
msg_timer:    .asciz "labos: timer armed: an interrupt every %d mtime ticks; waiting for the first\n"
msg_start:    .asciz "labos: first tick taken in S-mode, mtime now %d; round-robin scheduling starts\n"
msg_exited:   .asciz "labos: pid %d (%s) exited with status %d after %d timer ticks on the CPU\n"
msg_summary:  .asciz "labos: all processes have exited: %d timer interrupts, %d address-space switches, %d system calls\n"
msg_poweroff: .asciz "labos: powering off with status %d\n"

    .data
    .balign 8
current:      .dword -1             # the running process's slot; -1 before the first
need_resched: .dword 0              # set by ticks, yield and exit: switch before returning to user
ticks:        .dword 0              # timer interrupts taken
switches:     .dword 0              # address-space switches
nsyscalls:    .dword 0              # system calls served

    .bss
    .balign 16
procs:        .space NPROC * P_SIZE # the process table (PCBs), each starting with its trap frame
kbuf:         .space KBUF_SIZE      # write()'s bounce buffer
    .balign 16
kstack:       .space 4096           # the kernel stack (one: the kernel never blocks inside a call)
kstack_top:

    .text
