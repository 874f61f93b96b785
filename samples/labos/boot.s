# boot.s: machine mode. The first code to run, and the firmware under the kernel.
#
# The hart starts here in M-mode, with the MMU off and every trap going to M.
# M-mode sets the stage, then leaves for good, keeping only two small jobs:
#   - the machine timer: only M-mode can take the CLINT's timer interrupt, so
#     M passes it on to the kernel as a supervisor timer interrupt (sip.STIP);
#   - one SBI call, set_timer, with which the kernel asks for its next tick.
# This is the SBI protocol (what OpenSBI does for Linux), so the same kernel
# runs unchanged where a hypervisor, not this code, answers its SBI calls.

    .globl _start
_start:
    csrr  t0, mhartid               # only hart 0 boots; any other waits forever
    bnez  t0, park
    la    sp, kstack_top            # a stack for the boot messages

    la    t0, m_trap
    csrw  mtvec, t0
    la    t0, m_scratch             # m_trap's save area (see below)
    csrw  mscratch, t0

    # PMP entry 0: top-of-range from 0 up to 2^56, read/write/execute. With no
    # PMP entry at all, S- and U-mode could not touch any memory.
    li    t0, -1
    srli  t0, t0, 10
    csrw  pmpaddr0, t0
    li    t0, PMP_TOR | PMP_RWX
    csrw  pmpcfg0, t0

    # Delegation: these exceptions, and the supervisor interrupts, go straight
    # to S-mode (stvec) instead of M-mode: ecall from U (8), page faults (12,
    # 13, 15), illegal instruction (2), breakpoint (3), misaligned and access
    # faults (0, 1, 4-7). ecall from S (9) stays here: it is the SBI call.
    li    t0, 0xb1ff
    csrw  medeleg, t0
    li    t0, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw  mideleg, t0

    li    t0, 2
    csrw  mcounteren, t0            # S-mode may read the time CSR (bit TM)
    csrw  satp, zero                # S-mode starts with translation off

    li    t0, -1                    # no timer deadline until the kernel asks for one
    li    t1, CLINT_MTIMECMP
    sd    t0, 0(t1)
    li    t0, MIE_MTIE
    csrw  mie, t0                   # M takes the machine timer (in S/U, M interrupts are always on)

    la    a0, msg_boot
    csrr  a1, mhartid
    call  kprintf

    li    t0, MSTATUS_MPP           # mret goes to S-mode, at kmain
    csrc  mstatus, t0
    li    t0, MSTATUS_MPP_S
    csrs  mstatus, t0
    la    t0, kmain
    csrw  mepc, t0
    mret

park:
    wfi
    j     park

# The M-mode trap handler. mscratch points to m_scratch, three words where the
# registers this handler uses are kept: the interrupted code (the kernel or a
# user program) finds every register as it left it, except a0/a1 after an SBI
# call, which carry the result.
    .balign 4
m_trap:
    csrrw t6, mscratch, t6          # t6 = m_scratch; mscratch = interrupted t6
    sd    t0, 0(t6)
    sd    t1, 8(t6)
    sd    t2, 16(t6)
    csrr  t0, mcause
    bgez  t0, m_exception

    # An interrupt: the only one enabled for M is the machine timer (7). Pass
    # it to S: set sip.STIP, and mask MTI until the kernel sets a new deadline
    # (mtime stays >= mtimecmp, so MTI would otherwise come back at once).
    slli  t0, t0, 1
    srli  t0, t0, 1
    li    t1, 7
    bne   t0, t1, m_panic
    li    t0, MIE_MTIE
    csrc  mie, t0
    li    t0, MIP_STIP
    csrs  mip, t0
    j     m_return

m_exception:
    li    t1, 9                     # ecall from S-mode: an SBI call
    bne   t0, t1, m_panic
    li    t0, SBI_EXT_TIME          # TIME extension, function 0: set_timer(a0 = deadline)
    bne   a7, t0, 1f
    bnez  a6, 1f
    li    t0, CLINT_MTIMECMP
    sd    a0, 0(t0)                 # the new deadline (this also lowers MTIP)
    li    t0, MIP_STIP
    csrc  mip, t0                   # the kernel's timer interrupt has been served
    li    t0, MIE_MTIE
    csrs  mie, t0                   # and M waits for the next one
    li    a0, SBI_SUCCESS
    li    a1, 0
    j     2f
1:  li    a0, SBI_ERR_NOT_SUPPORTED
2:  csrr  t0, mepc                  # resume after the ecall
    addi  t0, t0, 4
    csrw  mepc, t0

m_return:
    ld    t0, 0(t6)
    ld    t1, 8(t6)
    ld    t2, 16(t6)
    csrrw t6, mscratch, t6          # t6 back; mscratch = m_scratch again
    mret

m_panic:                            # a trap M-mode does not expect: report, fail (code 3)
    la    sp, m_stack_top
    la    a0, msg_m_panic
    csrr  a1, mcause
    csrr  a2, mepc
    csrr  a3, mtval
    call  kprintf
    li    s0, 3
    POWEROFF s0

    .section .rodata
msg_boot:    .asciz "labos: M-mode boot on hart %d: PMP open to S/U, traps delegated to S, timer forwarded; mret to S-mode\n"
msg_m_panic: .asciz "labos: unexpected trap in M-mode: mcause %x, mepc %x, mtval %x\n"

    .bss
    .balign 16
m_scratch:
    .space 24
    .balign 16
m_stack:
    .space 1024
m_stack_top:

    .text
