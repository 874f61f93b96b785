# priv.s: every privileged operation the labos kernel performs, as a macro.
#
# The S-mode kernel never writes a privileged instruction or a supervisor CSR
# access directly: it uses these macros. On real hardware (and under vmlab's
# `isa` and `full` modes) each is the plain instruction shown. A variant of the
# kernel changes what they expand to in this one file, for example:
#   - a para-virtualized build replaces them with hypercalls (SBI-style ecalls
#     to the hypervisor): "set satp", "flush the TLB", "return from trap"...;
#   - a `legacy` build replaces IRQ_SAVE/IRQ_RESTORE with the POPF/PUSHF-like
#     sensitive-but-unprivileged instructions of vmlab's legacy profile.
# Such variants are selected by conditional assembly (.ifdef PARA ... .endif)
# around the definitions below; this file defines the classic (native) build.
#
# The M-mode boot code (boot.s) is firmware, not kernel, and is left as is:
# under a hypervisor that plays the firmware's part it is not run at all.

    .equ SSTATUS_SIE,  1 << 1       # S-mode interrupt enable
    .equ SSTATUS_SPIE, 1 << 5       # SIE before the trap; sret copies it back to SIE
    .equ SSTATUS_SPP,  1 << 8       # privilege before the trap (0 = U, 1 = S); sret returns there
    .equ SSTATUS_SUM,  1 << 18      # S-mode may access U=1 pages (Supervisor User Memory)
    .equ SIE_STIE,     1 << 5       # sie: supervisor timer interrupt enable

# ---- address translation ----

    .macro CSR_WRITE_SATP reg       # switch address space: satp = MODE | ASID | root PPN
        csrw  satp, \reg
    .endm

    .macro SFENCE_ALL               # forget every cached translation (all VAs, all ASIDs)
        sfence.vma zero, zero
    .endm

    .macro SFENCE_PAGE reg          # forget cached translations of one virtual page
        sfence.vma \reg, zero
    .endm

    .macro PTE_WRITE val, addr      # store one page-table entry
        sd    \val, 0(\addr)
    .endm

# ---- traps ----

    .macro CSR_WRITE_STVEC reg      # where the hart jumps on a trap to S-mode
        csrw  stvec, \reg
    .endm

    .macro CSR_WRITE_SSCRATCH reg   # a word the trap entry can swap with a register
        csrw  sscratch, \reg
    .endm

    .macro CSR_READ_SSCRATCH reg
        csrr  \reg, sscratch
    .endm

    .macro CSR_SWAP_SSCRATCH reg    # reg <-> sscratch, in one instruction
        csrrw \reg, sscratch, \reg
    .endm

    .macro CSR_READ_SCAUSE reg
        csrr  \reg, scause
    .endm

    .macro CSR_READ_STVAL reg
        csrr  \reg, stval
    .endm

    .macro CSR_READ_SEPC reg
        csrr  \reg, sepc
    .endm

    .macro CSR_WRITE_SEPC reg
        csrw  sepc, \reg
    .endm

    .macro PREPARE_SRET_TO_USER tmp # make the next sret enter U-mode with interrupts on
        li    \tmp, SSTATUS_SPP
        csrc  sstatus, \tmp
        li    \tmp, SSTATUS_SPIE
        csrs  sstatus, \tmp
    .endm

    .macro TRAP_RETURN              # sret: pc = sepc, privilege = SPP, SIE = SPIE
        sret
    .endm

# ---- interrupts ----

    .macro IRQ_OFF                  # mask interrupts in S-mode
        csrci sstatus, SSTATUS_SIE
    .endm

    .macro IRQ_ON                   # unmask interrupts in S-mode
        csrsi sstatus, SSTATUS_SIE
    .endm

    .macro IRQ_SAVE reg             # reg = old sstatus (its SIE bit matters); then mask
        csrrci \reg, sstatus, SSTATUS_SIE
    .endm

    .macro IRQ_RESTORE reg          # unmask again if IRQ_SAVE found interrupts on (clobbers reg)
        andi  \reg, \reg, SSTATUS_SIE
        csrs  sstatus, \reg
    .endm

    .macro CPU_IDLE                 # wfi: wait until an interrupt is pending
        wfi
    .endm

    .macro TIMER_IRQ_ENABLE tmp     # accept supervisor timer interrupts (sie.STIE)
        li    \tmp, SIE_STIE
        csrs  sie, \tmp
    .endm

    .macro CSR_READ_TIME reg        # the current time (mtime, through the time CSR)
        csrr  \reg, time
    .endm

# ---- user memory ----

    .macro SUM_ON tmp               # let the kernel touch user pages...
        li    \tmp, SSTATUS_SUM
        csrs  sstatus, \tmp
    .endm

    .macro SUM_OFF tmp              # ...and no longer
        li    \tmp, SSTATUS_SUM
        csrc  sstatus, \tmp
    .endm

# ---- calls to the firmware (SBI) and the machine ----

    .macro SBI_CALL                 # a7 = extension, a6 = function, a0.. = arguments
        ecall
    .endm

    .macro POWEROFF code            # the test finisher: 0x5555 = pass, (code << 16) | 0x3333 = fail
        li    t0, 0x5555
        beqz  \code, 98f
        slli  t0, \code, 16
        li    t1, 0x3333
        or    t0, t0, t1
98:     li    t1, FINISHER
        sw    t0, 0(t1)
99:     j     99b
    .endm
